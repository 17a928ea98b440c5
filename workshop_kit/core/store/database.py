"""Reaching the database: one engine per URL, SQLite's settings and file modes, driver errors.

Why apart: how a connection is made (WAL, ``synchronous=FULL``, the busy timeout, an
owner-only file) is a promise about durability and privacy that holds for every query, and
:class:`Database` is what every part of the :class:`~workshop_kit.core.store.Store` builds on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from workshop_kit.core.store.errors import StoreUnavailable
from workshop_kit.core.store.schema import prepare_schema, stored_version

SQLITE_BUSY_TIMEOUT_MS = 15_000


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file, absolute so that a kernel started elsewhere finds the same."""
    return f"sqlite:///{path.resolve()}"


@cache
def _engine(url: str) -> Engine:
    """The one engine of ``url`` in this process (cached: every page shares one pool).

    SQLite: the file made private first, the busy timeout, and the settings of
    :func:`_configure_sqlite` on every connection. Other databases: ``pool_pre_ping``, so a
    connection the server dropped between polls is replaced instead of failing a page.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _private_sqlite_file(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _private_sqlite_file(path: Path) -> None:
    """Create the database file 0600 (its folder 0700 if this creates it) before SQLite does.

    Why: SQLite creates a new file with the umask's permissions, usually readable by every
    account on the machine, and gives its ``-wal`` and ``-shm`` files the database file's
    permissions; creating the file first, owner-only, makes all three private. An existing
    file made readable by others is tightened.
    """
    from workshop_kit.paths import private_dir

    if not path.parent.exists():
        private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(descriptor)
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:  # read-only media or not ours: SQLite reports what matters when it opens
        pass


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL so that pages read while phones write; ``synchronous=FULL`` so that an answer the
    phone was told is saved survives a power cut (with ``NORMAL`` in WAL mode the last
    commits before a crash can roll back). FULL syncs the log on every commit: measured at
    about 2 to 8 ms per answer on the development VM, against 0.4 to 0.7 ms with NORMAL, far
    below what a room of phones sends.

    ``secure_delete`` overwrites deleted rows with zeros: after the facilitator deletes a
    session's answers, grief and health answers must not linger in the file's free pages
    (see :meth:`~workshop_kit.core.store.answers.Answers.delete_answers`)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class Database:
    """A database with the kit's tables, up to date. Cheap to create; engines are shared per
    URL, so every page of a kernel shares one connection pool."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        with self._guard():
            prepare_schema(self.engine, self.url)

    @property
    def schema_version(self) -> int:
        return stored_version(self.engine)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn driver errors about reaching the database into :class:`StoreUnavailable`."""
        try:
            yield
        except OperationalError as error:
            raise StoreUnavailable(str(error.orig) if error.orig else str(error)) from error
