"""``workshop-kit export``, ``workshop-kit session import`` and ``workshop-kit session delete``.

What a facilitator does after a workshop, without a browser: write the report, the results
the room was shown and the full backup to a folder, load another workshop's bundle into a
session (two workshops held in the same town, analysed together), and delete a session's
answers once the report is safe. Each is a facilitator action: the store checks the data folder's
facilitator key (the one ``workshop-kit serve`` uses), so a command run with someone else's
data folder cannot read into, add to or delete a session it does not run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop_kit.cli import CommandError
from workshop_kit.cli.common import (
    add_db_option,
    add_profile_option,
    facilitator_key_hash,
    profile_option,
)
from workshop_kit.i18n import Translator
from workshop_kit.paths import private_dir, workshop_data_dir, write_private

EXIT_BAD_FILE = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export",
        help="write a session's report and the results it showed to a folder",
        description="Write the workshop report (one HTML file), what the room was shown as "
        "tables (shown-*.csv and shown-results.xlsx) and the facilitator's full backup "
        "(session-bundle-FULL-BACKUP-keep-private.json: every answer, for `workshop-kit "
        "session import`; keep it private) to a folder.",
    )
    export.add_argument("--session", required=True, metavar="CODE", help="the join code")
    export.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write")
    export.add_argument(
        "--person-level-rows",
        dest="rows",
        action="store_true",
        help="also write one row per answer (rows-*.csv, rows-answers.xlsx), through "
        "disclosure control: unapproved texts withheld, small group x area combinations "
        "generalised or suppressed, no CareMap, no individual's gift",
    )
    _add_common(export)
    export.set_defaults(handler=run_export)

    session = subparsers.add_parser("session", help="import or delete a session's answers")
    actions = session.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser(
        "import",
        help="add the answers of a session bundle to a session",
        description="Add the answers of a session bundle (from `workshop-kit export`) to a "
        "session of this kit. Importing the same bundle twice adds nothing.",
    )
    load.add_argument("bundle", type=Path, help="the session bundle (full backup) file")
    load.add_argument("--into", required=True, metavar="CODE", help="the session to add to")
    _add_common(load)
    load.set_defaults(handler=run_import)
    remove = actions.add_parser(
        "delete",
        help="delete every answer of a session",
        description="Delete every answer of a session (export the report first). Asks to type "
        "the code again unless --yes is given.",
    )
    remove.add_argument("code", metavar="CODE", help="the session's join code")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _add_common(remove)
    remove.set_defaults(handler=run_delete)


def _add_common(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)
    add_profile_option(parser)
    parser.add_argument("--lang", metavar="CODE", help="language (default: the session's)")


def _open_session(arguments: argparse.Namespace, code: str, t: Translator):
    """The store and the session, refused unless this data folder's key started it."""
    from workshop_kit.core.store import NotAuthorised, SessionNotFound, StoreError, open_store

    key_hash = facilitator_key_hash()
    try:
        store = open_store(arguments.db)
        session = store.session(code)
        if session.code not in {s.code for s in store.sessions_for(key_hash)}:
            raise NotAuthorised(code)
    except SessionNotFound:
        raise CommandError(t("cli.session_not_found", code=code)) from None
    except NotAuthorised:
        folder = str(workshop_data_dir())
        raise CommandError(t("cli.not_authorised", code=code, folder=folder)) from None
    except StoreError as error:
        raise CommandError(t("app.error_store") + f" ({error})") from None
    return store, session, key_hash


def run_export(arguments: argparse.Namespace) -> int:
    from workshop_kit.core.bundle import BUNDLE_FILE
    from workshop_kit.core.session_export import row_notes, session_export

    t = Translator(arguments.lang or "en")
    store, session, _key_hash = _open_session(arguments, arguments.session, t)
    profile = profile_option(arguments.profile, arguments.lang)
    t = Translator(arguments.lang or session.language)
    exported = session_export(store, session.code, profile, t.language, rows=arguments.rows)
    folder = private_dir(arguments.out)
    for file in exported.files:
        write_private(folder / file.name, file.data)
    print(t("cli.exported", folder=str(folder)))
    for file in exported.files:
        backup = f"  ({t('export.full_backup')})" if file.name == BUNDLE_FILE else ""
        print(f"  {file.name}{backup}")
    for note in row_notes(exported.rows, t, profile.min_cell_size):
        print(note)
    return 0


def run_import(arguments: argparse.Namespace) -> int:
    from workshop_kit.core.bundle import BundleError, load_bundle, read_bundle

    t = Translator(arguments.lang or "en")
    store, session, key_hash = _open_session(arguments, arguments.into, t)
    t = Translator(arguments.lang or session.language)
    try:
        data = arguments.bundle.read_bytes()
    except OSError as error:
        raise CommandError(f"{arguments.bundle}: {error.strerror or error}") from None
    try:
        bundle = read_bundle(
            data,
            session.code,
            profile_option(arguments.profile, arguments.lang),
            t,
            into_practice=session.rehearsal,
        )
    except BundleError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_FILE
    stored = load_bundle(store, session.code, key_hash, bundle)
    print(t("cli.bundle_stored", count=stored, code=session.code))
    if bundle.count > stored:
        print(t("cli.bundle_already_there", count=bundle.count - stored))
    if bundle.decisions_left_out:
        print(t("cli.bundle_decisions_left_out", count=bundle.decisions_left_out))
    return 0


def run_delete(arguments: argparse.Namespace) -> int:
    t = Translator(arguments.lang or "en")
    store, session, key_hash = _open_session(arguments, arguments.code, t)
    t = Translator(arguments.lang or session.language)
    if not arguments.yes:
        print(t("cli.delete_confirm", code=session.code))
        typed = sys.stdin.readline().strip().upper()
        if typed != session.code:
            print(t("cli.delete_cancelled"))
            return 1
    if session.rehearsal:  # a practice session goes whole, as at the end of a rehearsal
        store.delete_rehearsal(session.code, key_hash)
        print(t("rehearsal.deleted", code=session.code))
        return 0
    removed = store.delete_answers(session.code, key_hash)
    print(t("cli.deleted", code=session.code, count=removed))
    return 0
