/* relais-search-text.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The job seekers' search in memory, by the rules of the store's
 * full-text index (de_fts, relais_store_search_de()): every word typed
 * must start a word of the DE's text, ignoring case and accents. The app
 * matches the 20,000 DE it already holds on every keystroke in well under
 * a millisecond, where asking SQLite took 1 to 50 ms and rebuilt the
 * whole filter from a set of ids.
 *
 * Words are what FTS5's unicode61 tokenizer makes of a text: runs of
 * letters, digits and private-use characters; with remove_diacritics the
 * combining marks go, so "Hélène" folds to "helene". One difference: the
 * index reads "a/b" typed as the phrase "a b*", this code as "a* b*".
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include <string.h>

#include "relais-search-text.h"

static gboolean
is_token_char (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_LOWERCASE_LETTER || type == G_UNICODE_MODIFIER_LETTER ||
         type == G_UNICODE_OTHER_LETTER || type == G_UNICODE_TITLECASE_LETTER ||
         type == G_UNICODE_UPPERCASE_LETTER || type == G_UNICODE_DECIMAL_NUMBER ||
         type == G_UNICODE_LETTER_NUMBER || type == G_UNICODE_OTHER_NUMBER ||
         type == G_UNICODE_PRIVATE_USE;
}

/**
 * relais_search_text_fold:
 * @text: (nullable): a DE's text or what the user typed
 *
 * Returns: (transfer full): the words of @text, lower case and without
 *   accents, each preceded by one space (" helene dupont 1234567a"), ""
 *   when @text has none. A query folded the same way is a prefix of
 *   another one exactly when it matches a superset of what the other does.
 */
char *
relais_search_text_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean in_word = FALSE;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (decomposed) + 1);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* A diacritic stays inside its word, and leaves it. */
      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      if (!is_token_char (c))
        {
          in_word = FALSE;
          continue;
        }
      if (!in_word)
        g_string_append_c (out, ' ');
      in_word = TRUE;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

/**
 * relais_search_text_needles:
 * @folded_query: what relais_search_text_fold() made of the query
 *
 * Returns: (transfer full): one needle per word, " word", for
 *   relais_search_text_matches(); empty when the query has no word
 */
char **
relais_search_text_needles (const char *folded_query)
{
  GPtrArray *needles = g_ptr_array_new ();
  const char *p;

  g_return_val_if_fail (folded_query != NULL, NULL);

  for (p = folded_query; *p == ' ';)
    {
      const char *end = strchr (p + 1, ' ');

      if (end == NULL)
        end = p + strlen (p);
      g_ptr_array_add (needles, g_strndup (p, end - p));
      p = end;
    }
  g_ptr_array_add (needles, NULL);
  return (char **) g_ptr_array_free (needles, FALSE);
}

/* TRUE when every needle starts a word of @folded_text (both folded). */
gboolean
relais_search_text_matches (const char *folded_text, const char *const *needles)
{
  g_return_val_if_fail (needles != NULL, FALSE);

  if (folded_text == NULL)
    return needles[0] == NULL;
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (folded_text, needles[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Letters and digits have a bit of their own; other first bytes (accents
 * are folded away, so rare) share the rest. */
static guint
initial_bit (guchar c)
{
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  if (c >= '0' && c <= '9')
    return 26 + (c - '0');
  return 36 + c % 28;
}

static void
sketch_add_word (RelaisSearchSketch *sketch, const char *word)
{
  guchar first = (guchar) word[0];
  guchar second = first != '\0' ? (guchar) word[1] : '\0';

  if (first == '\0')
    return;
  sketch->initials |= G_GUINT64_CONSTANT (1) << initial_bit (first);
  if (second != '\0' && second != ' ')
    {
      guint pair = (initial_bit (first) * 37 + initial_bit (second)) % 128;

      sketch->pairs[pair / 64] |= G_GUINT64_CONSTANT (1) << (pair % 64);
    }
}

/**
 * relais_search_sketch_of_text:
 * @folded_text: (nullable): what relais_search_text_fold() made of a text
 *
 * Why: matching a search typed letter by letter against 20,000 DE spent
 * most of its time in strstr() over texts that could not match; the
 * sketch rules most of them out in a few instructions.
 */
void
relais_search_sketch_of_text (const char *folded_text, RelaisSearchSketch *sketch)
{
  g_return_if_fail (sketch != NULL);

  *sketch = (RelaisSearchSketch){ 0 };
  for (const char *p = folded_text; p != NULL && (p = strchr (p, ' ')) != NULL; p++)
    sketch_add_word (sketch, p + 1);
}

/* @needles: from relais_search_text_needles(), each " word". */
void
relais_search_sketch_of_needles (const char *const *needles, RelaisSearchSketch *sketch)
{
  g_return_if_fail (needles != NULL);
  g_return_if_fail (sketch != NULL);

  *sketch = (RelaisSearchSketch){ 0 };
  for (guint i = 0; needles[i] != NULL; i++)
    if (needles[i][0] == ' ')
      sketch_add_word (sketch, needles[i] + 1);
}

/* TRUE when a text whose sketch may match @needles matches them: every
 * needle is one letter or digit, which has a bit of its own. */
gboolean
relais_search_sketch_decides (const char *const *needles)
{
  g_return_val_if_fail (needles != NULL, FALSE);

  for (guint i = 0; needles[i] != NULL; i++)
    {
      guchar c = (guchar) needles[i][1];

      if (needles[i][0] != ' ' || !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ||
          needles[i][2] != '\0')
        return FALSE;
    }
  return TRUE;
}
