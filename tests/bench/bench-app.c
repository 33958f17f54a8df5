/* bench-app.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The application on a 20,000-DE agency from the demo generator:
 *
 *   app_cold_start_first_frame_20000  exec of the real `relais` binary to
 *       the first frame painted with the portfolio's rows (the app prints
 *       it under RELAIS_BENCH_FIRST_FRAME), median of 5 runs after one
 *       unmeasured run that warms the page cache;
 *   app_cold_start_complete_frame_20000  to the first frame painted with
 *       the rows' alerts too: the list shows its rows first, then computes
 *       the alerts from the interviews and contacts (three times as many
 *       documents) and the alerts column fills in;
 *   app_rss_20000  the app's VmRSS at that complete frame;
 *   app_de_list_load_20000  a RelaisDeList's whole load, in this process;
 *       _store_only: json_extract() of the list's fields from every body,
 *       _store_table_only: the same fields from the store's list table
 *       (relais_store_select_de_list(), what the list reads);
 *   app_search_as_you_type_median / _p95  in this process, on a real
 *       RelaisPortfolioView: typing the search one more character at a
 *       time, to the filtered model and the cells of the rows on screen
 *       being updated (relais-lazy-rows.h);
 *   app_search_to_painted_frame_median / _p95  the same keystrokes to the
 *       next frame painted (layout and drawing of the rows included);
 *   app_search_all_rows_updated_median / _p95  to the moment the rows GTK
 *       keeps realized off screen showed their new DE too (idle time);
 *   app_agenda_first_read_20000  a RelaisAgendaView shown with no
 *       counsellor set (every interview and DE of the agency, as for an
 *       ELD member), to its interviews and interviews due all on screen;
 *   app_agenda_longest_stall_20000  the longest time the main loop did not
 *       answer meanwhile (a 5 ms heartbeat's lateness): how long the
 *       window froze.
 *
 * It needs an X display: without one it runs itself again under xvfb-run.
 * The app draws with the cairo renderer, as the GUI tests do: under Xvfb
 * GL is software rendering, which measures Mesa, not Relais
 * (BENCH_GSK_RENDERER=gl to see it anyway).
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "gui-test-utils.h"
#include "relais-agenda-view.h"
#include "relais-context.h"
#include "relais-de-item.h"
#include "relais-de-list.h"
#include "relais-demo.h"
#include "relais-portfolio-view.h"
#include "relais-de-search-model.h"
#include "relais-malloc.h"
#include "relais-store-query.h"
#include "relais-store.h"

#define N_DE 20000
#define N_START_RUNS 5
#define N_RSS_RUNS 3
#define N_SEARCH_NAMES 20

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* The same quiet, home-less environment as tests/gui/meson.build. */
static void
set_app_environment (const char *dir)
{
  static const char *const xdg[] = { "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME" };
  const char *renderer = g_getenv ("BENCH_GSK_RENDERER");

  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GSK_RENDERER", renderer != NULL ? renderer : "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", RELAIS_BUILD_ROOT "/data", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_setenv ("RELAIS_LOCALEDIR", RELAIS_BUILD_ROOT "/po", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *path = g_build_filename (dir, xdg[i], NULL);

      g_mkdir_with_parents (path, 0700);
      g_setenv (xdg[i], path, TRUE);
    }
}

/* Starts the app on @store_path and reads its "first-frame <µs>" and
 * "complete-frame <µs>" lines. Returns the milliseconds from the exec to
 * the first frame, and in @complete_ms to the complete one; with @rss_kb,
 * the app waits at the complete frame, its VmRSS is read, then it is
 * terminated. */
static double
run_app (const char *store_path, double *complete_ms, guint64 *rss_kb)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GSubprocess) app = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  gint64 first_frame = 0;
  gint64 complete_frame = 0;
  gint64 begin;

  g_subprocess_launcher_setenv (launcher, "RELAIS_BENCH_FIRST_FRAME", rss_kb ? "wait" : "1", TRUE);
  begin = g_get_monotonic_time ();
  app = g_subprocess_launcher_spawn (launcher, &error, RELAIS_APP_BINARY, "--store", store_path,
                                     NULL);
  if (app == NULL)
    g_error ("relais: %s", error->message);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (app));
  while (complete_frame == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);

      if (line == NULL)
        break;
      if (g_str_has_prefix (line, "first-frame "))
        first_frame = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
      else if (g_str_has_prefix (line, "complete-frame "))
        complete_frame = g_ascii_strtoll (line + strlen ("complete-frame "), NULL, 10);
    }
  if (first_frame == 0 || complete_frame == 0)
    g_error ("relais exited without a first and a complete frame%s%s", error ? ": " : "",
             error ? error->message : "");

  if (rss_kb != NULL)
    {
      g_autofree char *status_path =
          g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (app));
      g_autofree char *status = NULL;
      const char *vmrss;

      if (!g_file_get_contents (status_path, &status, NULL, &error))
        g_error ("%s", error->message);
      if ((vmrss = strstr (status, "\nVmRSS:")) == NULL)
        g_error ("no VmRSS in %s", status_path);
      *rss_kb = g_ascii_strtoull (vmrss + strlen ("\nVmRSS:"), NULL, 10);
      g_subprocess_send_signal (app, SIGTERM);
    }

  if (!g_subprocess_wait (app, NULL, &error))
    g_error ("relais: %s", error->message);
  if (complete_ms != NULL)
    *complete_ms = (complete_frame - begin) / 1000.0;
  return (first_frame - begin) / 1000.0;
}

static void
bench_cold_start (const char *store_path)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) completes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));

  run_app (store_path, NULL, NULL);
  for (guint i = 0; i < N_START_RUNS; i++)
    {
      double complete = 0;
      double ms = run_app (store_path, &complete, NULL);

      g_array_append_val (times, ms);
      g_array_append_val (completes, complete);
    }
  for (guint i = 0; i < N_RSS_RUNS; i++)
    {
      guint64 kb = 0;
      double mb;

      run_app (store_path, NULL, &kb);
      mb = kb / 1024.0;
      g_array_append_val (rss, mb);
    }

  printf ("bench: app_cold_start_first_frame_20000 %.1f ms\n", median (times));
  printf ("bench: app_cold_start_first_frame_20000_min %.1f ms\n",
          g_array_index (times, double, 0));
  printf ("bench: app_cold_start_first_frame_20000_max %.1f ms\n",
          g_array_index (times, double, times->len - 1));
  printf ("bench: app_cold_start_complete_frame_20000 %.1f ms\n", median (completes));
  printf ("bench: app_rss_20000 %.1f MB\n", median (rss));
  fflush (stdout);
}

/* Where the cold start goes: RelaisDeList's load (a thread asking the
 * store for the DE's list fields, then the interviews' and contacts' for
 * the alerts), and the store's DE query alone with a callback that keeps
 * nothing. */
static gboolean
count_de_cb (const char *id, const char *const *values, gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
  return TRUE;
}

static void
load_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!relais_de_list_load_finish (RELAIS_DE_LIST (object), result, &error))
    g_error ("load: %s", error->message);
  *(gint64 *) user_data = g_get_monotonic_time ();
}

static void
bench_load (const char *store_path)
{
  g_autoptr (GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) feeds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) tables = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (RelaisContext) context = relais_context_new (store_path, NULL);

  for (guint i = 0; i < N_START_RUNS; i++)
    {
      g_autoptr (RelaisDeList) list = relais_de_list_new (context);
      g_autoptr (GError) error = NULL;
      gint64 begin = g_get_monotonic_time ();
      gint64 end = 0;
      guint n = 0;
      double ms;

      relais_de_list_load_async (list, NULL, load_done_cb, &end);
      while (end == 0)
        g_main_context_iteration (NULL, TRUE);
      ms = (end - begin) / 1000.0;
      g_array_append_val (loads, ms);
      if (g_list_model_get_n_items (G_LIST_MODEL (list)) != N_DE)
        g_error ("the list loaded %u DE", g_list_model_get_n_items (G_LIST_MODEL (list)));

      begin = g_get_monotonic_time ();
      if (!relais_store_select_fields (relais_context_get_store (context), "de",
                                       relais_de_item_fields, NULL, NULL, count_de_cb, &n, &error))
        g_error ("select: %s", error->message);
      ms = (g_get_monotonic_time () - begin) / 1000.0;
      g_array_append_val (feeds, ms);
      if (n != N_DE)
        g_error ("the store gave %u DE", n);

      n = 0;
      begin = g_get_monotonic_time ();
      if (!relais_store_select_de_list (relais_context_get_store (context), count_de_cb, &n,
                                        &error))
        g_error ("select: %s", error->message);
      ms = (g_get_monotonic_time () - begin) / 1000.0;
      g_array_append_val (tables, ms);
      if (n != N_DE)
        g_error ("the store's list gave %u DE", n);
    }
  printf ("bench: app_de_list_load_20000 %.1f ms\n", median (loads));
  printf ("bench: app_de_list_load_store_only_20000 %.1f ms\n", median (feeds));
  printf ("bench: app_de_list_store_table_only_20000 %.1f ms\n", median (tables));
  fflush (stdout);
}

/* Search as you type, in process */

typedef struct
{
  gboolean changed;
  gint64 end;
  gint64 painted; /* the first frame painted after the change */
} SearchProbe;

static void
after_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  SearchProbe *probe = user_data;

  if (probe->changed && probe->painted == 0)
    probe->painted = g_get_monotonic_time ();
}

/* Connected after the view's own handler: the filter is not incremental,
 * so the filtered model and the cells are up to date when the view's
 * handler returns. */
static void
search_changed_after_cb (GtkSearchEntry *entry, gpointer user_data)
{
  SearchProbe *probe = user_data;

  probe->end = g_get_monotonic_time ();
  probe->changed = TRUE;
}

/* Types @text at the end of the entry, as a keystroke does (setting the
 * whole text would first clear it: a search of its own), or clears the
 * entry when @text is "". Returns the milliseconds until the model is
 * filtered. */
static double
type_text (GtkSearchEntry *entry,
           SearchProbe *probe,
           const char *text,
           double *frame_ms,
           RelaisPortfolioView *view,
           double *settled_ms)
{
  int position = (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  gint64 begin;

  probe->changed = FALSE;
  probe->painted = 0;
  begin = g_get_monotonic_time ();
  if (*text == '\0')
    gtk_editable_delete_text (GTK_EDITABLE (entry), 0, -1);
  else
    gtk_editable_insert_text (GTK_EDITABLE (entry), text, -1, &position);
  while (!probe->changed)
    g_main_context_iteration (NULL, TRUE);
  /* The entry's new text alone asks for a frame: one always comes. */
  while (frame_ms != NULL && probe->painted == 0)
    g_main_context_iteration (NULL, TRUE);
  if (frame_ms != NULL)
    *frame_ms = (probe->painted - begin) / 1000.0;
  /* Rows off screen catch up in idle time (relais-lazy-rows.h). */
  while (settled_ms != NULL && relais_portfolio_view_get_n_rows_pending (view) > 0)
    g_main_context_iteration (NULL, TRUE);
  if (settled_ms != NULL)
    *settled_ms = (g_get_monotonic_time () - begin) / 1000.0;
  return (probe->end - begin) / 1000.0;
}

/* The same search without widgets: the view's RelaisDeSearchModel over
 * the list, narrowed one letter at a time. The difference to
 * app_search_as_you_type is what the rows cost. */
static double
bare_search (RelaisDeSearchModel *model, const char *text)
{
  gint64 begin = g_get_monotonic_time ();

  relais_de_search_model_set_query (model, text);
  g_list_model_get_n_items (G_LIST_MODEL (model));
  return (g_get_monotonic_time () - begin) / 1000.0;
}

static void
bench_search (const char *store_path)
{
  g_autoptr (RelaisContext) context = relais_context_new (store_path, NULL);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) store_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) frame_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) settled_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  RelaisPortfolioView *view;
  GtkSearchEntry *entry;
  GListModel *model;
  GtkWidget *window;
  SearchProbe probe = { 0 };
  guint n_items;

  view = RELAIS_PORTFOLIO_VIEW (relais_portfolio_view_new (context));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  while (relais_de_list_get_loading (relais_portfolio_view_get_de_list (view)))
    g_main_context_iteration (NULL, TRUE);
  spin ();

  model = relais_portfolio_view_get_model (view);
  n_items = g_list_model_get_n_items (model);
  if (n_items != N_DE)
    g_error ("the portfolio lists %u DE, not %d", n_items, N_DE);

  /* Last names spread over the sorted list, as a counsellor types them. */
  for (guint i = 0; i < N_SEARCH_NAMES; i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i * (n_items / N_SEARCH_NAMES));

      g_ptr_array_add (names, g_utf8_strdown (relais_de_item_get_nom (item), -1));
    }

  entry = GTK_SEARCH_ENTRY (find_widget (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY));
  /* The delay is there for the person typing; the bench times the work. */
  gtk_search_entry_set_search_delay (entry, 0);
  g_signal_connect_after (entry, "search-changed", G_CALLBACK (search_changed_after_cb), &probe);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb),
                    &probe);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      for (const char *c = name; *c != '\0'; c = g_utf8_next_char (c))
        {
          g_autofree char *prefix = g_strndup (name, g_utf8_next_char (c) - name);
          g_autofree char *one = g_strndup (c, g_utf8_next_char (c) - c);
          g_autoptr (GPtrArray) ids = NULL;
          g_autoptr (GError) error = NULL;
          double frame_ms = 0, settled_ms = 0;
          double ms = type_text (entry, &probe, one, &frame_ms, view, &settled_ms);
          gint64 begin;

          g_array_append_val (times, ms);
          g_array_append_val (frame_times, frame_ms);
          g_array_append_val (settled_times, settled_ms);
          if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), prefix) != 0)
            g_error ("the entry holds “%s”, not “%s”", gtk_editable_get_text (GTK_EDITABLE (entry)),
                     prefix);

          /* Where the time goes: the store's full-text search alone. */
          begin = g_get_monotonic_time ();
          if (!relais_store_search_de (relais_context_get_store (context), prefix, 0, &ids, &error))
            g_error ("search: %s", error->message);
          ms = (g_get_monotonic_time () - begin) / 1000.0;
          g_array_append_val (store_times, ms);
          /* Let the column view lay out and paint, as between keystrokes. */
          spin ();
        }
      if (g_list_model_get_n_items (model) == 0)
        g_error ("no DE found for “%s”", name);
      type_text (entry, &probe, "", NULL, view, NULL);
      spin ();
      if (g_list_model_get_n_items (model) != N_DE)
        g_error ("clearing the search left %u DE", g_list_model_get_n_items (model));
    }

  {
    g_autoptr (RelaisDeSearchModel) bare_model =
        relais_de_search_model_new (G_LIST_MODEL (relais_portfolio_view_get_de_list (view)));
    g_autoptr (GArray) bare_times = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < names->len; i++)
      {
        const char *name = g_ptr_array_index (names, i);

        for (const char *c = name; *c != '\0'; c = g_utf8_next_char (c))
          {
            g_autofree char *prefix = g_strndup (name, g_utf8_next_char (c) - name);
            double ms = bare_search (bare_model, prefix);

            g_array_append_val (bare_times, ms);
          }
        /* The next name starts from every DE, as clearing the entry does. */
        relais_de_search_model_set_query (bare_model, NULL);
      }
    printf ("bench: app_search_model_only_median %.2f ms\n", median (bare_times));
    printf ("bench: app_search_model_only_p95 %.2f ms\n",
            g_array_index (bare_times, double, bare_times->len * 95 / 100));
  }

  g_array_sort (times, compare_doubles);
  printf ("bench: app_search_as_you_type_median %.2f ms\n", median (times));
  printf ("bench: app_search_as_you_type_p95 %.2f ms\n",
          g_array_index (times, double, times->len * 95 / 100));
  printf ("bench: app_search_as_you_type_keystrokes %u count\n", times->len);
  g_array_sort (frame_times, compare_doubles);
  printf ("bench: app_search_to_painted_frame_median %.2f ms\n", median (frame_times));
  printf ("bench: app_search_to_painted_frame_p95 %.2f ms\n",
          g_array_index (frame_times, double, frame_times->len * 95 / 100));
  g_array_sort (settled_times, compare_doubles);
  printf ("bench: app_search_all_rows_updated_median %.2f ms\n", median (settled_times));
  printf ("bench: app_search_all_rows_updated_p95 %.2f ms\n",
          g_array_index (settled_times, double, settled_times->len * 95 / 100));
  g_array_sort (store_times, compare_doubles);
  printf ("bench: app_search_store_fts_only_median %.2f ms\n", median (store_times));
  printf ("bench: app_search_store_fts_only_p95 %.2f ms\n",
          g_array_index (store_times, double, store_times->len * 95 / 100));
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

typedef struct
{
  gint64 last;
  gint64 longest;
  gint64 longest_at; /* when it began */
} Heartbeat;

/* A beat every 5 ms, at the highest priority: any lateness is the main
 * loop busy with something else. */
static gboolean
heartbeat_cb (gpointer user_data)
{
  Heartbeat *beat = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - beat->last - 5000 > beat->longest)
    {
      beat->longest = now - beat->last - 5000;
      beat->longest_at = beat->last;
    }
  beat->last = now;
  return G_SOURCE_CONTINUE;
}

static void
bench_agenda (const char *store_path)
{
  g_autoptr (RelaisContext) context = relais_context_new (store_path, NULL);
  Heartbeat beat = { 0 };
  RelaisAgendaView *view;
  GtkWidget *window;
  GtkListBox *due;
  gint64 start;
  guint beat_id;

  /* The app has drawn text (the portfolio) before the agenda opens: the
   * fonts' first loading is not the agenda's. */
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Agenda — entretiens à venir"));
  gtk_window_present (GTK_WINDOW (window));
  for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
  spin ();

  start = beat.last = g_get_monotonic_time ();
  beat_id = g_timeout_add_full (G_PRIORITY_HIGH, 5, heartbeat_cb, &beat, NULL);
  view = RELAIS_AGENDA_VIEW (relais_agenda_view_new (context));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  due = relais_agenda_view_get_due_list (view);
  /* Loaded, the interviews due computed, and all their rows made. */
  while (relais_agenda_view_get_list (view) == NULL ||
         relais_store_list_get_loading (RELAIS_STORE_LIST (relais_agenda_view_get_list (view))) ||
         relais_agenda_view_get_busy (view) ||
         gtk_widget_get_first_child (GTK_WIDGET (due)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  printf ("bench: app_agenda_first_read_20000 %.1f ms\n", (g_get_monotonic_time () - start) / 1e3);
  /* For `perf record -k CLOCK_MONOTONIC` and `perf report --time A,B`. */
  fprintf (stderr, "bench-app: agenda from %.6f to %.6f\n", start / 1e6,
           g_get_monotonic_time () / 1e6);
  spin ();
  g_source_remove (beat_id);
  printf ("bench: app_agenda_longest_stall_20000 %.1f ms\n", beat.longest / 1e3);
  fprintf (stderr, "bench-app: the longest stall began %.1f ms after the agenda was made\n",
           (beat.longest_at - start) / 1e3);
  fflush (stdout);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;

  /* The parts measured in this process (search, agenda) allocate as the
   * app does: GLib 2.74's slices were 9 % of the agenda's samples here. */
  relais_malloc_setup (argv);

  /* No display: the same program again under a private Xvfb. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("BENCH_APP_UNDER_XVFB") == NULL)
    {
      g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
      char *args[] = { xvfb_run, "-a", "-s", "-screen 0 1280x800x24", argv[0], argv[1], NULL };

      if (xvfb_run == NULL)
        g_error ("bench-app needs an X display or xvfb-run");
      g_setenv ("BENCH_APP_UNDER_XVFB", "1", TRUE);
      execv (xvfb_run, args);
      g_error ("xvfb-run: %s", g_strerror (errno));
    }

  setlocale (LC_ALL, "");
  dir = g_dir_make_tmp ("bench-app-XXXXXX", &error);
  g_assert_no_error (error);
  set_app_environment (dir);
  store_path = g_build_filename (dir, "agence.db", NULL);
  fill_demo_store (store_path, N_DE);

  /* `bench-app search`, `bench-app start` or `bench-app agenda` runs one
   * part only. */
  if (argc < 2 || g_strcmp0 (argv[1], "start") == 0)
    bench_cold_start (store_path);
  if (argc < 2 || g_strcmp0 (argv[1], "search") == 0)
    {
      gtk_init ();
      bench_load (store_path);
      bench_search (store_path);
    }
  if (argc < 2 || g_strcmp0 (argv[1], "agenda") == 0)
    {
      gtk_init ();
      bench_agenda (store_path);
    }

  remove_dir (dir);
  return 0;
}
