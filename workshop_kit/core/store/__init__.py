"""Live-session storage: sessions, anonymous participants and append-only answers.

SQLAlchemy Core over any database URL. The default is a SQLite file under ``workshop-data/``
in WAL mode with a busy timeout, so several Voilà kernels (one per open page) can write at
once. PostgreSQL works by URL (``--db postgresql+psycopg://…``) for several servers.

Rules the tables enforce rather than trust callers with:

- answers are only ever inserted, never updated; "the latest counts" is a query;
- each answer carries an idempotency key with a unique constraint, so a double submit or a
  retry after a dropped connection stores the answer once;
- facilitator actions compare the caller's key hash with the one the session was created
  with, so a participant page cannot reach them even through a bug in a widget;
- opening an older file upgrades it in place after copying it aside; a file written by a
  newer kit is refused untouched.

This package is the store's public face: callers import from ``workshop_kit.core.store``
only. Inside, one module per concept, each building on the one below:

- :mod:`~workshop_kit.core.store.errors` and :mod:`~workshop_kit.core.store.values`: what
  callers catch and hold (join codes, participant ids, :class:`SessionInfo`);
- :mod:`~workshop_kit.core.store.schema`: the tables, their version and upgrades;
- :mod:`~workshop_kit.core.store.database`: engines, SQLite's settings, the file's mode;
- :mod:`~workshop_kit.core.store.sessions`: sessions, the facilitator's key check, joining;
- :mod:`~workshop_kit.core.store.answers`, :mod:`~workshop_kit.core.store.handover`,
  :mod:`~workshop_kit.core.store.changes` and :mod:`~workshop_kit.core.store.rehearsals`:
  answers, hand-over requests, what pages poll, practice sessions deleted whole.
- :mod:`~workshop_kit.core.store.releases`: the facilitator's releases of the answers.

Settings a test may change (``SCHEMA_VERSION``, ``MIGRATIONS``, ``SQLITE_BUSY_TIMEOUT_MS``,
the per-phone limits of :mod:`~workshop_kit.core.store.limits`)
are deliberately not re-exported here: they are patched in the module that reads them
(``schema``, ``database``, ``limits``), and patching them here fails instead of silently
doing nothing.
"""

from __future__ import annotations

import os
import threading

from sqlalchemy.exc import SQLAlchemyError

from workshop_kit.core.store.changes import Changes, SessionState
from workshop_kit.core.store.database import _engine, sqlite_url
from workshop_kit.core.store.errors import (
    AnswerNotStored,
    AnswerRateLimited,
    NotAuthorised,
    PageFull,
    SchemaTooNew,
    SessionClosed,
    SessionNotFound,
    StoreError,
    StoreUnavailable,
)
from workshop_kit.core.store.handover import HandoverRequests
from workshop_kit.core.store.rehearsals import Rehearsals
from workshop_kit.core.store.releases import ReleaseRecord, Releases
from workshop_kit.core.store.values import SessionInfo, normalise_code

__all__ = [
    "AnswerNotStored",
    "AnswerRateLimited",
    "NotAuthorised",
    "PageFull",
    "ReleaseRecord",
    "SchemaTooNew",
    "SessionClosed",
    "SessionInfo",
    "SessionNotFound",
    "SessionState",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "_engine",
    "normalise_code",
    "open_store",
    "sqlite_url",
]


class Store(Releases, HandoverRequests, Changes, Rehearsals):
    """One database of workshop sessions. Cheap to create; engines are shared per URL.

    Opening it creates or upgrades the tables (:mod:`~workshop_kit.core.store.schema`);
    sessions and joining come from :class:`~workshop_kit.core.store.sessions.Sessions`, the
    rest from one class per concept, all sharing one engine.
    """


_default_lock = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The store named by ``url``, ``WORKSHOP_KIT_DB``, or ``workshop-data/workshop.sqlite``."""
    from workshop_kit.paths import workshop_data_dir

    with _default_lock:
        url = (
            url
            or os.environ.get("WORKSHOP_KIT_DB")
            or sqlite_url(workshop_data_dir() / "workshop.sqlite")
        )
        try:
            return Store(url)
        except (SQLAlchemyError, OSError) as error:
            raise StoreUnavailable(str(error)) from error
