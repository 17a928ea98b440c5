"""The small values the store hands out and takes back: join codes, participant ids, sessions.

Why apart from the queries: pages, the participant app and the command line hold these values
(a code read aloud, an id kept on a phone, a :class:`SessionInfo` to show) without needing to
know how the tables store them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
JOIN_CODE_LENGTH = 6


@dataclass(frozen=True)
class SessionInfo:
    """A session as pages and phones see it: no row id and no key hash, so nothing a page
    holds or shows can be used for a facilitator action."""

    code: str
    title: str
    language: str
    current_activity: str
    status: str
    profile_name: str
    created_at: datetime
    #: Id of the facilitator's latest "new person on each phone?" request (0: none yet).
    handover_request: int = 0
    #: A practice session with simulated phones (``workshop-kit rehearse``).
    rehearsal: bool = False

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def shown_title(self, t: Any) -> str:
        """The title as every screen and the report show it: a practice session says so."""
        return t("rehearsal.title", title=self.title) if self.rehearsal else self.title


def utcnow() -> datetime:
    """Now, timezone-aware in UTC: one clock for every server sharing a store."""
    return datetime.now(UTC)


def new_join_code() -> str:
    """A random join code of :data:`JOIN_CODE_LENGTH` letters and digits nobody misreads."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_code(code: str) -> str:
    """Join codes are read aloud and typed on phones: ignore case, spaces and dashes."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def new_participant_id() -> str:
    """A random anonymous id (32 hex digits): nothing in it says who the person is."""
    return secrets.token_hex(16)


def is_participant_id(value: Any) -> bool:
    """Whether ``value`` has the shape of :func:`new_participant_id`'s ids: what a phone
    remembers is untrusted input and is only reused when it could be one."""
    return (
        isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)
    )
