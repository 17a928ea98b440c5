"""``workshop-kit guide --out DIR [--plan PLAN.yaml ...]``: the printable run of show.

Writes one HTML file per workshop plan and language (``run-of-show-2h.en.html`` …); by
default the two shipped plans, ``data/plans/two-hours.yaml`` and ``three-hours.yaml``
(:mod:`workshop_kit.core.plan`): the agenda with its times, which page to project when,
how participants join (with the QR code) and a materials checklist, all built from the
facilitator notes and the activity registry (:mod:`workshop_kit.core.guide`). A trainer
prints them before the day; nothing needs the server to be running.
"""

from __future__ import annotations

import argparse
from datetime import time
from pathlib import Path

from workshop_kit.cli import CommandError
from workshop_kit.i18n import Translator

DEFAULT_PORT = 8866


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "guide",
        help="write the printable run of show of workshop plans (every language)",
        description="Write the run of show of each workshop plan (default: the shipped 2-hour "
        "and 3-hour plans), in every language "
        "of the kit, as printable HTML: agenda with times, which page to project when, how "
        "participants join (with the QR code) and a materials checklist.",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write")
    parser.add_argument(
        "--url",
        metavar="URL",
        help="the address participants join at, as `workshop-kit serve --lan` prints it "
        f"(default: this computer's network address, port {DEFAULT_PORT})",
    )
    parser.add_argument("--code", metavar="CODE", help="a session's join code, if it exists")
    parser.add_argument(
        "--plan",
        nargs="+",
        type=Path,
        metavar="PLAN.yaml",
        help="workshop plans to print (default: data/plans/two-hours.yaml and three-hours.yaml)",
    )
    parser.add_argument(
        "--start", default="09:30", metavar="HH:MM", help="when the workshop starts (09:30)"
    )
    parser.set_defaults(handler=run_guide)


def _start(text: str) -> time:
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise CommandError(f"--start must be a time such as 18:30 (got {text!r})") from None


def run_guide(arguments: argparse.Namespace) -> int:
    from workshop_kit.core.guide import GuideError, join_link, write_guides
    from workshop_kit.core.notes import NotesError
    from workshop_kit.core.plan import PlanError

    if arguments.url:
        url = arguments.url
        if not url.startswith(("http://", "https://")):
            raise CommandError(f"--url must start with http:// or https:// (got {url!r})")
    else:
        from workshop_kit.cli.serve import lan_address

        url = f"http://{lan_address()}:{DEFAULT_PORT}/"
    code = "".join(ch for ch in (arguments.code or "").upper() if ch.isalnum())[:16] or None
    try:
        written = write_guides(arguments.out, url, code, _start(arguments.start), arguments.plan)
    except PlanError as error:
        lines = "\n  ".join(i.describe(Translator("en"), error.source) for i in error.issues)
        raise CommandError(f"the workshop plan {error.source} has problems:\n  {lines}") from None
    except (GuideError, NotesError) as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"cannot write to {arguments.out}: {error.strerror}") from None
    print(f"Run of show written to {arguments.out}:")
    for path in written:
        print(f"  {path.name}")
    link = join_link(url, code)
    print(f"The join QR code opens {link}: check it on the day against `workshop-kit serve --lan`.")
    return 0
