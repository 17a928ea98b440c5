"""What several commands share: the store and profile options, and the facilitator's key.

Commands that act on a session (``import``, ``export``, ``session import|delete``) are
facilitator actions: the store checks the key of every facilitator action, so a command run
with someone else's data folder cannot read into, add to or delete a session it does not run.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from workshop_kit.auth import KEY_FILE_NAME, hash_key
from workshop_kit.cli import CommandError
from workshop_kit.paths import sample_profile_path, workshop_data_dir
from workshop_kit.profile import PROFILE_VARIABLE, Profile, ProfileError, load_profile


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL", help="database URL (default: WORKSHOP_KIT_DB or workshop-data/)"
    )


def add_profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="PROFILE.yaml",
        help="community profile (default: WORKSHOP_KIT_PROFILE or the Riverbend sample)",
    )


def profile_option(path: Path | None, language: str | None) -> Profile:
    """The profile a command was given (or the one ``serve`` would use); its problems are
    reported as one clear message, never a traceback."""
    chosen = path or Path(os.environ.get(PROFILE_VARIABLE) or sample_profile_path())
    try:
        return load_profile(chosen, language)
    except ProfileError as error:
        raise CommandError("\n".join(error.problems)) from None


def facilitator_key_hash() -> str:
    """The hash of the data folder's facilitator key, the one ``workshop-kit serve`` uses.

    No key file means no key (nothing is created here: a new key would match no session).
    """
    try:
        key = (workshop_data_dir() / KEY_FILE_NAME).read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return hash_key(key) if key else ""
