"""``workshop-kit check FILE`` and ``workshop-kit import FILE --session CODE``.

A trainer prepares a workshop on a laptop, often without the web app running: ``check``
says, in their language, whether a survey export can be used and what is wrong with it if
not (exit 1, one line per problem, never a traceback); ``import`` stores a good file's
answers in a session, so they are analysed with the answers given live. ``import`` checks
first and stores nothing unless the whole file is fine, so a bad file never leaves half its
rows behind, and importing the same file again stores nothing twice.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workshop_kit.activities.needs.column_map import ColumnMap, load_column_map
from workshop_kit.activities.needs.importer import NeedsImport, check_needs_file, summary_line
from workshop_kit.cli import CommandError
from workshop_kit.cli.common import (
    add_db_option,
    add_profile_option,
    facilitator_key_hash,
    profile_option,
)
from workshop_kit.core.tables import DEFAULT_MAX_BYTES, Problem, TableError, too_large_problem
from workshop_kit.i18n import Translator, available_languages
from workshop_kit.paths import workshop_data_dir

EXIT_BAD_FILE = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "check",
        help="check a community folder, or a needs survey file (CSV or XLSX), and list its "
        "problems",
        description="Given a folder (data/communities/NAME): check its profile, area shapes, "
        "workshop plan and sample files, listing every problem with its file, line and field. "
        "Given a file: check a needs-assessment survey export (CSV or XLSX from KoboToolbox, "
        "Google Forms or a spreadsheet) against the community profile. Exits 1 and lists the "
        "problems when something cannot be used as it is.",
    )
    check.add_argument("file", type=Path, help="the community folder or the survey file")
    _add_common(check)
    check.set_defaults(handler=run_check)

    imports = subparsers.add_parser(
        "import",
        help="import a needs survey file into a workshop session",
        description="Check a needs-assessment survey file and, if it has no problem, store "
        "its answers in a session. Answers already imported are not stored twice.",
    )
    imports.add_argument("file", type=Path, help="the survey file")
    imports.add_argument("--session", required=True, metavar="CODE", help="the join code")
    add_db_option(imports)
    _add_common(imports)
    imports.set_defaults(handler=run_import)


def _add_common(parser: argparse.ArgumentParser) -> None:
    add_profile_option(parser)
    parser.add_argument(
        "--column-map",
        type=Path,
        metavar="MAP.yaml",
        help="YAML file naming the columns of a differently shaped survey",
    )
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read in a workbook")
    parser.add_argument(
        "--lang", metavar="CODE", help="language of the messages (default: the profile's)"
    )


def _prepare(arguments: argparse.Namespace) -> tuple[NeedsImport, Translator]:
    """Load the profile and column map, read and check the file (no storing)."""
    profile = profile_option(arguments.profile, arguments.lang)
    t = Translator(arguments.lang or profile.language)
    path: Path = arguments.file
    column_map = ColumnMap()
    if arguments.column_map is not None:
        if not arguments.column_map.is_file():
            message = t("needs.import.file_not_found", path=str(arguments.column_map))
            raise CommandError(message)
        try:
            column_map = load_column_map(arguments.column_map, t.language)
        except TableError as error:  # an unusable map is a bad input: list why, exit 1
            return NeedsImport(filename=path.name, problems=error.problems), t
    try:
        size = path.stat().st_size
        if size > DEFAULT_MAX_BYTES:
            problem = too_large_problem(path.name, size, DEFAULT_MAX_BYTES, t)
            return NeedsImport(filename=path.name, problems=[problem]), t
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(t("needs.import.file_not_found", path=str(path))) from None
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from None
    result = check_needs_file(
        data,
        path.name,
        profile,
        column_map=column_map,
        sheet=arguments.sheet,
        language=t.language,
    )
    return result, t


def _print_problems(problems: list[Problem], t: Translator) -> None:
    for problem in problems:
        kind = t(
            "needs.import.problem_error" if problem.is_error else "needs.import.problem_warning"
        )
        print(t("needs.import.problem_line", kind=kind, message=problem.message))


def run_check(arguments: argparse.Namespace) -> int:
    if arguments.file.is_dir():
        return run_folder_check(arguments)
    result, t = _prepare(arguments)
    if result.ok:
        print(summary_line(result, t))
    _print_problems(result.problems, t)
    return 0 if result.ok else EXIT_BAD_FILE


def run_import(arguments: argparse.Namespace) -> int:
    from workshop_kit.core.store import NotAuthorised, SessionNotFound, StoreUnavailable, open_store

    result, t = _prepare(arguments)
    if not result.ok:
        _print_problems(result.problems, t)
        print(t("needs.import.refused"))
        return EXIT_BAD_FILE
    print(summary_line(result, t))
    _print_problems(result.problems, t)
    try:
        store = open_store(arguments.db)
        session = store.session(arguments.session)
        rows = result.store_rows(session.code)
        stored = store.add_facilitator_answers(
            session.code, facilitator_key_hash(), rows, source="import"
        )
    except SessionNotFound:
        raise CommandError(t("needs.import.session_not_found", code=arguments.session)) from None
    except NotAuthorised:
        folder = workshop_data_dir()
        message = t("needs.import.not_authorised", code=arguments.session, folder=str(folder))
        raise CommandError(message) from None
    except StoreUnavailable as error:
        raise CommandError(t("needs.import.store_unavailable", detail=str(error))) from None
    print(t("needs.import.stored", count=stored, code=session.code))
    if len(rows) > stored:
        print(t("needs.import.already_there", count=len(rows) - stored))
    return 0


def run_folder_check(arguments: argparse.Namespace) -> int:
    """A community folder: every problem of every file, with file, line and field."""
    from workshop_kit.trainer.folder_check import check_folder

    language = arguments.lang or _folder_language(arguments.file)
    t = Translator(language)
    result = check_folder(arguments.file, language)
    for problem in result.problems:
        print(problem.text(t))
    if result.ok:
        print(t("trainer.check.ok", folder=str(arguments.file), files=", ".join(result.checked)))
        return 0
    print(t("trainer.check.count", count=len(result.problems)))
    return EXIT_BAD_FILE


def _folder_language(folder: Path) -> str:
    """The profile's language, if it says one (the messages follow the trainer's community)."""
    import yaml

    try:
        raw = yaml.safe_load((folder / "profile.yaml").read_text(encoding="utf-8-sig"))
        language = str(raw.get("language", "en"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        return "en"
    return language if language in available_languages() else "en"
