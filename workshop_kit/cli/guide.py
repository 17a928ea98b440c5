"""``workshop-kit guide --out DIR``: the printable run of show of a 2-hour and a 3-hour workshop.

Writes one HTML file per length and language (``run-of-show-2h.en.html`` …): the agenda with
its times, which page to project when, how participants join (with the QR code) and a
materials checklist, all built from the facilitator notes and the activity registry
(:mod:`workshop_kit.core.guide`). A trainer prints them before the day; nothing needs the
server to be running.
"""

from __future__ import annotations

import argparse
from datetime import time
from pathlib import Path

from workshop_kit.cli import CommandError

DEFAULT_PORT = 8866


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "guide",
        help="write the printable run of show (2- and 3-hour workshops, every language)",
        description="Write the run of show of a 2-hour and a 3-hour workshop, in every language "
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

    if arguments.url:
        url = arguments.url
        if not url.startswith(("http://", "https://")):
            raise CommandError(f"--url must start with http:// or https:// (got {url!r})")
    else:
        from workshop_kit.cli.serve import lan_address

        url = f"http://{lan_address()}:{DEFAULT_PORT}/"
    code = "".join(ch for ch in (arguments.code or "").upper() if ch.isalnum())[:16] or None
    try:
        written = write_guides(arguments.out, url, code, _start(arguments.start))
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
