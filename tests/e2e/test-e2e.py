# SPDX-License-Identifier: EUPL-1.2
#
# Drives the real `relais` app against the real `relais-server` through the
# accessibility tree, as a counsellor at the keyboard (or a screen reader)
# would: log in through the connection dialog on an empty store, wait for
# the portfolio to arrive, find a job seeker by typing part of the name,
# open the file, change the modality, save; the change must reach the
# server. Then the server stops: the next change waits in the app (the
# header bar says so) and reaches the server once it is back.
# Run by test-e2e.sh inside Xvfb and a private D-Bus session. Prints TAP.
#
# Usage: test-e2e.py RELAIS-SERVER RELAIS [en|fr]

import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

SERVER, APP = sys.argv[1], sys.argv[2]
LANG = sys.argv[3] if len(sys.argv) > 3 else "en"

# The accessible names the test looks for, in the language of the run: the
# French run checks that po/fr.po reaches the accessibility tree.
NAMES = {
    "en": {
        "connect_title": "Connect to the Central Server",
        "url": "Server Address",
        "user": "User Name",
        "password": "Password",
        "connect": "Connect",
        "search": "Search job seekers",
        "table": "Job seekers",
        "page": "Job seeker's file",
        "modality": "Modality",
        "save": "Save",
        "guide": "Guided",
        "renforce": "Reinforced",
        "synced": r"Synced at \d\d:\d\d",
        "offline": "Offline",
        "to_send": r"Offline · (\d+) to send",
    },
    "fr": {
        "connect_title": "Connexion au serveur central",
        "url": "Adresse du serveur",
        "user": "Nom d’utilisateur",
        "password": "Mot de passe",
        "connect": "Se connecter",
        "search": "Rechercher un demandeur d'emploi",
        "table": "Demandeurs d'emploi",
        "page": "Dossier DE",
        "modality": "Modalité",
        "save": "Enregistrer",
        "guide": "Guidé",
        "renforce": "Renforcé",
        "synced": r"Synchronisé à \d\d:\d\d",
        "offline": "Hors ligne",
        "to_send": r"Hors ligne · (\d+) à envoyer",
    },
}[LANG]

KEY_RETURN = 0xFF0D
KEYCODE_CONTROL_L = 37  # the Xvfb keymap (evdev)
KEYCODE_ALT_L = 64

# TAP on fd 3 when test-e2e.sh gives it (stdout is shared with the bus).
try:
    tap = os.fdopen(3, "w", buffering=1)
except OSError:
    tap = sys.stdout
test_number = 0
children = []
started = time.monotonic()


def ok(description):
    global test_number
    test_number += 1
    print(f"ok {test_number} - {description} ({time.monotonic() - started:.1f} s)", file=tap)


def bail(message):
    print(f"not ok {test_number + 1} - {message}", file=tap)
    print(f"Bail out! {message}", file=tap)
    sys.exit(1)


def wait_for(what, predicate, timeout=20.0, step=0.1):
    """Polls @predicate until it returns something true, or bails out."""
    deadline = time.monotonic() + timeout
    context = GLib.MainContext.default()
    while True:
        # libatspi learns of new applications and of tree changes from
        # D-Bus signals, dispatched on the main context: without this a
        # cache filled too early would never see them.
        while context.iteration(False):
            pass
        try:
            value = predicate()
        except GLib.Error:  # a node went away while we looked at it
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            bail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(step)


# --- the server ------------------------------------------------------------


def make_demo(data_dir):
    out = subprocess.run(
        [SERVER, "demo", data_dir, "--de", "200", "--seed", "7"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    db = None
    users = {}
    for line in out.splitlines():
        words = line.split()
        if line.startswith("users of "):
            db = words[2]
        elif len(words) >= 3 and words[0] in ("conseiller-suivi", "administrateur"):
            users[words[0]] = (words[1], words[-1].strip("()"))
    if db is None or len(users) != 2:
        bail("could not read the output of relais-server demo")
    return db, users


def start_server(data_dir, log_path, port=0):
    proc = subprocess.Popen(
        [SERVER, "serve", "--data-dir", data_dir, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=open(log_path, "a"),
        text=True,
    )
    children.append(proc)
    line = proc.stdout.readline()
    if not line.startswith("listening on "):
        bail(f"relais-server did not start: {line!r}")
    return proc, line.split()[2]


def stop_server(proc):
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)


def modalite_on_server(doc_url, admin):
    try:
        return http_get(doc_url, "administrateur", admin).get("modalite")
    except (urllib.error.URLError, ConnectionError):
        return None


def http_get(url, user, password):
    request = urllib.request.Request(url)
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


# --- the accessibility tree ------------------------------------------------


def walk(node, max_depth, depth=0):
    """Depth-first, at most @max_depth levels below @node: every level is a
    D-Bus round trip per node, so a search stays under the widget it is
    about."""
    if node is None:
        return
    yield node
    if depth >= max_depth:
        return
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), max_depth, depth + 1)


def same_name(node, want):
    # GTK 4.8 joins the label and the labelled-by names ("Modality
    # Modality") and keeps a button's mnemonic ("_Save Save").
    name = (node.get_name() or "").replace("_", "")
    return name == want or name == f"{want} {want}"


def find(root, roles, want, max_depth=40):
    for node in walk(root, max_depth):
        if node.get_role_name() in roles and (want is None or same_name(node, want)):
            return node
    return None


def find_app(pid):
    desktop = Atspi.get_desktop(0)
    desktop.clear_cache()
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except GLib.Error:
            continue
    return None


def toplevel(app, roles, want):
    """The app's window or dialog named @want, if it is open."""
    for i in range(app.get_child_count()):
        node = app.get_child_at_index(i)
        if node is not None and node.get_role_name() in roles and same_name(node, want):
            return node
    return None


def dump(root, path):
    with open(path, "w") as out:
        for node in walk(root, 60):
            try:
                out.write(f"{node.get_role_name()!r} {node.get_name()!r}\n")
            except GLib.Error:
                pass


def click(node):
    for i in range(Atspi.Action.get_n_actions(node)):
        if Atspi.Action.get_action_name(node, i) in ("click", "activate"):
            return Atspi.Action.do_action(node, i)
    bail(f"{node.get_name()!r} has no click action")


def text_of(node):
    return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node))


def press(keysym):
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    time.sleep(0.05)


def chord(modifier_keycode, keysym):
    Atspi.generate_keyboard_event(modifier_keycode, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    Atspi.generate_keyboard_event(modifier_keycode, None, Atspi.KeySynthType.RELEASE)
    time.sleep(0.05)


def type_text(text):
    for c in text:
        press(ord(c))


# --- the scenario ----------------------------------------------------------


def main():
    base = tempfile.mkdtemp(prefix="relais-e2e-")
    try:
        scenario(base)
    finally:
        for proc in children:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if os.environ.get("RELAIS_E2E_KEEP") is None:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"# kept {base}", file=tap)


def pick_de(url, db, conseiller, admin):
    """A job seeker of the counsellor whose modality is suivi and whose
    name starts with five ASCII letters that no other name or first name of
    the portfolio starts with: typing them leaves one row."""
    rows = http_get(
        f"{url}{db}/_all_docs?include_docs=true&startkey=%22de:%22&endkey=%22de:%EF%BF%B0%22",
        "administrateur",
        admin,
    )["rows"]
    des = [r["doc"] for r in rows if r["doc"].get("referent") == conseiller]
    words = [w.casefold() for d in des for w in (d.get("nom", ""), d.get("prenom", ""))]
    for de in sorted(des, key=lambda d: d["_id"]):
        prefix = de.get("nom", "")[:5].casefold()
        if (
            de.get("modalite") == "suivi"
            # The core allows the "100 % web" channel with suivi only.
            and not de.get("web_100", False)
            and re.fullmatch(r"[a-z]{5}", prefix)
            and sum(w.startswith(prefix) for w in words) == 1
        ):
            return de, prefix
    bail("no job seeker with a unique ASCII name prefix in the demo")


def scenario(base):
    data_dir = os.path.join(base, "server")
    server_log = os.path.join(base, "server.log")
    db, users = make_demo(data_dir)
    password, conseiller = users["conseiller-suivi"]
    admin = users["administrateur"][0]
    server, url = start_server(data_dir, server_log)
    port = urllib.parse.urlsplit(url).port
    ok(f"relais-server serves {db} on {url}")

    de, prefix = pick_de(url, db, conseiller, admin)
    doc_url = f"{url}{db}/{urllib.parse.quote(de['_id'], safe='')}"
    ok(f"picked {de['prenom']} {de['nom']} ({de['_id']}), typed as “{prefix}”")

    # An empty store and no saved connection: the app asks for one.
    store = os.path.join(base, "store", "relais.db")
    env = dict(os.environ, GSETTINGS_BACKEND="memory")
    env.pop("RELAIS_PASSWORD", None)
    if LANG == "fr":
        env.update(LANGUAGE="fr", LC_ALL="fr_FR.UTF-8")
    else:
        env.update(LANGUAGE="en", LC_ALL="C.UTF-8")
    app_log = os.path.join(base, "app.log")
    app_proc = subprocess.Popen(
        [APP, "--store", store], env=env, stdout=open(app_log, "w"), stderr=subprocess.STDOUT
    )
    children.append(app_proc)
    try:
        app = wait_for("the app on the accessibility bus", lambda: find_app(app_proc.pid))
    except SystemExit:
        with open(app_log) as log:
            for line in log.read().splitlines()[-20:]:
                print(f"# app: {line}", file=tap)
        raise
    ok("the app shows on the accessibility bus")
    try:
        run_app(app, app_proc, server, url, port, db, data_dir, server_log, de, prefix,
                doc_url, password, admin)
    except SystemExit:
        dump(app, os.path.join(base, "tree.txt"))
        subprocess.run(["import", "-window", "root", os.path.join(base, "screen.png")],
                       capture_output=True)
        print(f"# tree, screenshot and logs in {base} (RELAIS_E2E_KEEP=1 keeps them)", file=tap)
        with open(app_log) as log:
            for line in log.read().splitlines()[-20:]:
                print(f"# app: {line}", file=tap)
        raise
    if os.environ.get("RELAIS_E2E_KEEP") is not None:
        subprocess.run(["import", "-window", "root", os.path.join(base, "screen-end.png")],
                       capture_output=True)
    app_proc.terminate()
    app_proc.wait(timeout=10)
    print(f"1..{test_number}", file=tap)


def log_in(app, url, db, password):
    dialog = wait_for(
        "the connection dialog", lambda: toplevel(app, ("dialog", "frame", "alert"), NAMES["connect_title"])
    )
    ok(f"the connection dialog “{NAMES['connect_title']}” is open")
    for name, value in (("url", url + db), ("user", "conseiller-suivi"), ("password", password)):
        entry = wait_for(f"the {name} entry", lambda: find(dialog, ("text", "entry", "password text"), NAMES[name]))
        Atspi.EditableText.set_text_contents(entry, value)
    click(wait_for("the Connect button", lambda: find(dialog, ("push button",), NAMES["connect"])))
    wait_for("the dialog to close", lambda: toplevel(app, ("dialog", "frame", "alert"), NAMES["connect_title"]) is None)
    ok("logged in as conseiller-suivi through the dialog")


def status_text(window):
    # The header bar's sync status: a menu button named by its label.
    for node in walk(window, 16):
        if node.get_role_name() == "push button":
            name = node.get_name() or ""
            if re.fullmatch(NAMES["synced"], name) or name.startswith(NAMES["offline"]):
                return name
    return None


def choose_modality(page, label):
    """Alt+M (the row's mnemonic) opens the combo row's list; the arrow
    keys move to the value and Enter picks it, as a person would."""
    combo = wait_for("the modality row", lambda: find(page, ("combo box",), NAMES["modality"]))
    chord(KEYCODE_ALT_L, ord("m"))

    def popover_list():
        for node in walk(combo, 8):
            if node.get_role_name() == "list" and node.get_child_count() > 1:
                return node
        return None

    def focused_index(choices):
        for i in range(choices.get_child_count()):
            if choices.get_child_at_index(i).get_state_set().contains(Atspi.StateType.FOCUSED):
                return i
        return None

    choices = wait_for("the modality choices", popover_list)
    target = None
    for i in range(choices.get_child_count()):
        if find(choices.get_child_at_index(i), ("label",), label, 3) is not None:
            target = i
    if target is None:
        bail(f"no modality “{label}” in the list")
    # The list takes the focus without an item having it: the first arrow
    # key gives it one. Bounded: never more presses than items, twice.
    for _ in range(2 * choices.get_child_count() + 1):
        current = focused_index(choices)
        if current == target:
            break
        press(0xFF52 if current is not None and current > target else 0xFF54)  # Up, Down
        time.sleep(0.05)
    else:
        bail(f"the arrow keys did not reach “{label}”")
    press(KEY_RETURN)

    def shown():
        for node in walk(combo, 6):
            if node.get_role_name() == "list" and node.get_child_count() == 1:
                return find(node, ("label",), label, 4) is not None
        return False

    wait_for(f"the row to show “{label}”", shown)


def run_app(app, app_proc, server, url, port, db, data_dir, server_log, de, prefix, doc_url,
            password, admin):
    log_in(app, url, db, password)
    window = wait_for("the main window", lambda: toplevel(app, ("frame",), "Relais"))
    table = wait_for("the job seekers table", lambda: find(window, ("tree table", "table"), NAMES["table"]))
    ok(f"the portfolio shows on the store the first pull created (table “{NAMES['table']}”)")

    # Ctrl+F goes to the search entry from anywhere; type as a person does.
    search = find(window, ("entry",), NAMES["search"])
    wait_for("the search entry to take the focus",
             lambda: chord(KEYCODE_CONTROL_L, ord("f")) or
             search.get_state_set().contains(Atspi.StateType.FOCUSED), timeout=10, step=0.3)
    type_text(prefix)
    wait_for("the typed text", lambda: text_of(search) == prefix)

    def one_row():
        rows = find(table, ("list",), None, 1)
        if rows is None or rows.get_child_count() != 1:
            return None
        return find(rows.get_child_at_index(0), ("label",), de["nom"], 2)

    # Bounded: the list under the table, one row, its cells.
    wait_for(f"{de['nom']} alone in the table", one_row, timeout=30)
    ok(f"typing “{prefix}” leaves {de['nom']} alone in the table")

    # Enter moves from the search to the results, Enter again opens the row.
    press(KEY_RETURN)
    press(KEY_RETURN)
    page = wait_for("the job seeker's file", lambda: find(window, ("panel", "grouping", "group"), NAMES["page"], 14))
    save = wait_for("the Save button", lambda: find(page, ("push button",), NAMES["save"]))
    ok(f"Enter, Enter opened “{NAMES['page']}” of {de['prenom']} {de['nom']}")

    # Online: the change reaches the server.
    choose_modality(page, NAMES["guide"])
    click(save)
    wait_for("the modality guide on the server",
             lambda: modalite_on_server(doc_url, admin) == "guide",
             timeout=20, step=0.2)
    ok(f"“{NAMES['guide']}” saved and pushed: modalite is guide on the server")
    wait_for("the header bar to say synced", lambda: re.fullmatch(NAMES["synced"], status_text(window) or ""))
    ok(f"the header bar says “{status_text(window)}”")

    # Offline: the server stops, the next change waits.
    stop_server(server)
    wait_for("the header bar to say offline", lambda: (status_text(window) or "").startswith(NAMES["offline"]),
             timeout=30)
    ok(f"server stopped: the header bar says “{status_text(window)}”")
    choose_modality(page, NAMES["renforce"])
    click(save)
    waiting = wait_for("the change waiting in the header bar",
                       lambda: re.fullmatch(NAMES["to_send"], status_text(window) or ""), timeout=10)
    ok(f"saved offline: the header bar says “{waiting.group(0)}”")

    # The server comes back on the same address: the change arrives alone.
    start_server(data_dir, server_log, port)
    ok("relais-server restarted on the same port")
    wait_for("the modality renforce on the server",
             lambda: modalite_on_server(doc_url, admin) == "renforce",
             timeout=40, step=0.3)
    ok("the queued change reached the server: modalite is renforce")
    wait_for("the header bar to say synced again",
             lambda: re.fullmatch(NAMES["synced"], status_text(window) or ""), timeout=20)
    ok(f"the header bar says “{status_text(window)}” again")
    if app_proc.poll() is not None:
        bail("the app exited")


if __name__ == "__main__":
    main()
