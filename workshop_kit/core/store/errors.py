"""The store's errors: what a page tells a person, and whether retrying can help.

Why a hierarchy: pages catch :class:`StoreError` to show one calm message whatever went wrong,
while the phone's sender tells :class:`StoreUnavailable` (try again later, nothing was written)
from the refusals that retrying cannot change (a closed session, a wrong key).
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's errors."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or stayed locked; nothing was written."""


class AnswerNotStored(StoreUnavailable):
    """The database refused an answer or stayed locked, and its idempotency key is not stored.

    Not "already saved": only a repeated key means that. Nothing was written under the key,
    so retrying with the same key is safe and stores the answer once.
    """


class AnswerRateLimited(AnswerNotStored):
    """This page stored more answers than a person can give in the last few seconds
    (:mod:`~workshop_kit.core.store.limits`). Nothing was written under the key: the sender
    keeps the answer and stores it once the page has slowed down; the phone says "slow down".
    """


class PageFull(StoreError):
    """A hand-over on a page that already had the most people one page may have in a session
    (:data:`~workshop_kit.core.store.limits.MAX_PEOPLE_PER_PAGE`); nobody was added."""


class SchemaTooNew(StoreError):
    """The file was written by a newer version of the kit; it is left untouched."""


class NotAuthorised(StoreError):
    """A facilitator action without the key of the session's facilitator."""


class SessionNotFound(StoreError):
    """No session has that join code."""


class SessionClosed(StoreError):
    """The session no longer takes answers."""
