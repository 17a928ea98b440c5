"""``workshop-kit sign-in`` and ``workshop-kit key rotate``: the key, kept out of links.

- ``sign-in`` asks the running server for a new one-time sign-in link (for a second device,
  or when the printed one was used or lost). It proves itself with the key file in the data
  folder, so only someone at this laptop's account can ask. ``sign-in --notes`` lands on the
  facilitator notes instead of the hub: a tablet beside the laptop becomes the second screen.
- ``key rotate`` replaces the key: every sign-in and every link made with the old key stops
  working, and the store hands the old key's sessions to the new one, so no answer is lost.
  Restart ``workshop-kit serve`` afterwards.
"""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request

from workshop_kit.auth import KEY_FILE_NAME, hash_key, load_or_create_key, new_key, write_key
from workshop_kit.cli import CommandError
from workshop_kit.paths import workshop_data_dir

DEFAULT_PORT = 8866


def register(subparsers: argparse._SubParsersAction) -> None:
    sign_in = subparsers.add_parser(
        "sign-in",
        help="print a new one-time facilitator sign-in link (the server must be running)",
        description="Ask the running workshop server for a new one-time sign-in link.",
    )
    sign_in.add_argument("--port", type=int, default=DEFAULT_PORT, help="the server's port")
    sign_in.add_argument(
        "--notes",
        action="store_true",
        help="land on the facilitator notes (a second screen) instead of the hub",
    )
    sign_in.set_defaults(handler=print_sign_in_link)

    key = subparsers.add_parser("key", help="manage the facilitator key")
    actions = key.add_subparsers(dest="action", required=True, metavar="ACTION")
    rotate = actions.add_parser(
        "rotate",
        help="replace the facilitator key (old links and sign-ins stop working)",
        description="Replace the facilitator key. Sessions and answers are kept and belong to "
        "the new key. Restart `workshop-kit serve` afterwards.",
    )
    rotate.add_argument("--db", help="SQLAlchemy URL of the store (default: SQLite file)")
    rotate.set_defaults(handler=rotate_key)


def print_sign_in_link(arguments: argparse.Namespace) -> int:
    key = load_or_create_key(workshop_data_dir())
    request = urllib.request.Request(
        f"http://127.0.0.1:{arguments.port}/wk/api/sign-in-link",
        data=json.dumps(
            {"key": key, **({"next": "wk/notes/"} if arguments.notes else {})}
        ).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
            link = json.loads(reply.read())["link"]
    except urllib.error.HTTPError as error:
        if error.code == 403:
            raise CommandError(
                "the running server has another facilitator key (was it started from another "
                "folder, or was the key rotated without a restart?)"
            ) from None
        raise CommandError(f"the server refused: HTTP {error.code}") from None
    except OSError:
        raise CommandError(
            f"no workshop server answers on port {arguments.port}: start it with "
            "`workshop-kit serve` (it prints a sign-in link itself)"
        ) from None
    print(f"One-time facilitator sign-in link (keep it off the projector):\n  {link}")
    return 0


def rotate_key(arguments: argparse.Namespace) -> int:
    from workshop_kit.core.store import StoreError, open_store

    folder = workshop_data_dir()
    old_key = load_or_create_key(folder)
    fresh = new_key()
    try:
        # open_store finds the store `serve` uses: --db, WORKSHOP_KIT_DB, or the data folder's.
        store = open_store(arguments.db)
        moved = store.hand_over_sessions(hash_key(old_key), hash_key(fresh))
    except StoreError as error:
        raise CommandError(
            f"the store could not be updated, the key is unchanged: {error}"
        ) from None
    write_key(folder, fresh)
    print(
        f"New facilitator key written to {folder / KEY_FILE_NAME}; {moved} session(s) kept.\n"
        "Restart `workshop-kit serve`: old sign-in links and signed-in browsers stop working."
    )
    return 0
