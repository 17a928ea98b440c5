"""``workshop-kit new-community NAME [--from-census FILE ...]``: a community folder in one command.

The work is in :mod:`workshop_kit.trainer.community`; this parses the options and prints what
was written, or every problem (exit 1), never a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workshop_kit.cli import CommandError
from workshop_kit.paths import data_dir

EXIT_BAD_FILE = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new-community",
        help="make a community folder (profile, needs, area shapes, README) from census tables",
        description="Make data/communities/NAME/: a profile with the population by age band of "
        "each area of the tables given (Statistics Canada's Census Profile 2021 CSV, or a CSV "
        "or XLSX with the columns area, age_band, count), the sample's needs list to edit, a "
        "placeholder grid of area shapes and a README naming every source and what is left "
        "to fill in.",
    )
    parser.add_argument("name", help='the community\'s name, e.g. "Lakeview"')
    parser.add_argument(
        "--from-census",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE",
        help="Census Profile 2021 CSV downloads, or CSV/XLSX tables (area, age_band, count)",
    )
    parser.add_argument(
        "--language", default="en", choices=("en", "fr"), help="the community's language (en)"
    )
    parser.add_argument(
        "--dest",
        type=Path,
        metavar="DIR",
        help="folder to make it in (default: the kit's data/communities/)",
    )
    parser.set_defaults(handler=run_new_community)


def run_new_community(arguments: argparse.Namespace) -> int:
    from workshop_kit.i18n import Translator
    from workshop_kit.trainer.community import CommunityError, new_community

    t = Translator(arguments.language)
    name = arguments.name.strip()
    if not name:
        raise CommandError("NAME must not be empty")
    destination = arguments.dest or data_dir() / "communities"
    try:
        made = new_community(name, arguments.from_census, destination, arguments.language)
    except CommunityError as error:
        for problem in error.problems:
            print(problem)
        return EXIT_BAD_FILE
    except OSError as error:
        raise CommandError(f"cannot write to {destination}: {error.strerror or error}") from None
    print(t("trainer.community.made", folder=str(made.folder)))
    for path in made.files:
        print(f"  {path.name}")
    print(t("trainer.community.summary", count=made.areas, population=made.population))
    print(t("trainer.community.next", folder=str(made.folder)))
    return 0
