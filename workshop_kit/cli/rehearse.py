"""``workshop-kit rehearse --phones 20 [--keep]``: a practice session with simulated phones.

The work is in :mod:`workshop_kit.trainer.rehearsal`. The session belongs to this data
folder's facilitator key (the one ``workshop-kit serve`` uses), so a facilitator signed in on
the hub sees it fill. Ctrl-C ends the rehearsal early and still deletes it (unless --keep).
"""

from __future__ import annotations

import argparse

from workshop_kit.cli import CommandError
from workshop_kit.cli.common import add_db_option, add_profile_option, profile_option

MAX_PHONES = 200


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rehearse",
        help="practise a workshop: simulated phones join and answer every activity",
        description="Run a practice session: simulated participants join over about a minute "
        "and answer every activity of the workshop plan at human speed, through the same path "
        "as a phone, while the activities are switched as on the hub. Open the session on the "
        "hub to watch. It is marked Practice everywhere and deleted at the end unless --keep.",
    )
    parser.add_argument("--phones", type=int, default=20, metavar="N", help="simulated phones")
    parser.add_argument(
        "--keep", action="store_true", help="keep the practice session (to practise the report)"
    )
    add_db_option(parser)
    add_profile_option(parser)
    parser.add_argument("--lang", metavar="CODE", help="the session's language (the profile's)")
    # For tests and measurements only: divide every wait by this, and fix the random draws.
    parser.add_argument("--speed", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run_rehearse)


def run_rehearse(arguments: argparse.Namespace) -> int:
    from workshop_kit.auth import hash_key, load_or_create_key
    from workshop_kit.core.store import StoreError, open_store
    from workshop_kit.i18n import Translator
    from workshop_kit.paths import workshop_data_dir
    from workshop_kit.trainer.rehearsal import Rehearsal, RehearsalSettings

    if not 1 <= arguments.phones <= MAX_PHONES:
        raise CommandError(f"--phones must be between 1 and {MAX_PHONES} (got {arguments.phones})")
    if not arguments.speed > 0:
        raise CommandError("--speed must be more than 0")
    profile = profile_option(arguments.profile, arguments.lang)
    language = arguments.lang or profile.language
    t = Translator(language)
    settings = RehearsalSettings(
        phones=arguments.phones, speed=arguments.speed, seed=arguments.seed, keep=arguments.keep
    )
    try:
        store = open_store(arguments.db)
        key_hash = hash_key(load_or_create_key(workshop_data_dir()))
        rehearsal = Rehearsal(
            store,
            key_hash,
            profile,
            settings,
            say=lambda line: print(line, flush=True),
            language=language,
        )
        result = rehearsal.run()
    except StoreError as error:
        raise CommandError(t("app.error_store") + f" ({error})") from None
    print(t("rehearsal.participants", count=result.participants))
    for activity, count in result.answers.items():
        title = t(rehearsal.hooks[activity].title_key)
        print("  " + t("rehearsal.summary", activity=title, count=count))
    if result.errors:
        print(t("rehearsal.errors"))
        for error in result.errors:
            print(f"  {error}")
    print(t("rehearsal.kept" if result.kept else "rehearsal.deleted", code=result.code))
    return 1 if result.errors else 0
