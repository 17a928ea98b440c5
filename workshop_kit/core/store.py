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
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from workshop_kit.core.answers import Answer

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = 1
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
JOIN_CODE_LENGTH = 6
SQLITE_BUSY_TIMEOUT_MS = 15_000

metadata = MetaData()

meta_table = Table(
    "kit_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sessions_table = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("language", String(8), nullable=False),
    Column("current_activity", String(64), nullable=False, default="waiting"),
    Column("status", String(16), nullable=False, default="open"),
    Column("facilitator_key_hash", String(64), nullable=False, index=True),
    Column("profile_name", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

participants_table = Table(
    "participants",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), index=True),
    Column("consented_at", DateTime(timezone=True), nullable=False),
)

answers_table = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), index=True),
    Column("participant_id", String(64), nullable=False),
    Column("activity", String(64), nullable=False),
    Column("item", String(128), nullable=False, default=""),
    Column("payload", Text, nullable=False),
    Column("source", String(16), nullable=False, default="live"),
    Column("idempotency_key", String(128), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

#: The facilitator's requests that every phone ask "will someone else use this phone now?"
#: (shared phones and tablets). Phones compare the newest request's id with the one they last
#: saw. A table of its own, not a column: an older file gains it the way an incomplete store
#: does (``create_all`` adds missing tables, no rewrite), and an older kit ignores it.
handover_table = Table(
    "handover_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), index=True),
    Column("requested_at", DateTime(timezone=True), nullable=False),
)

#: ``MIGRATIONS[n]`` upgrades a version ``n - 1`` database to version ``n``. Migrations only
#: add (tables, nullable columns, indexes); they never drop or rewrite answers.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


class StoreError(Exception):
    """Base of the store's errors."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or stayed locked; nothing was written."""


class AnswerNotStored(StoreUnavailable):
    """The database refused an answer or stayed locked, and its idempotency key is not stored.

    Not "already saved": only a repeated key means that. Nothing was written under the key,
    so retrying with the same key is safe and stores the answer once.
    """


class SchemaTooNew(StoreError):
    """The file was written by a newer version of the kit; it is left untouched."""


class NotAuthorised(StoreError):
    """A facilitator action without the key of the session's facilitator."""


class SessionNotFound(StoreError):
    """No session has that join code."""


class SessionClosed(StoreError):
    """The session no longer takes answers."""


@dataclass(frozen=True)
class SessionInfo:
    code: str
    title: str
    language: str
    current_activity: str
    status: str
    profile_name: str
    created_at: datetime
    #: Id of the facilitator's latest "new person on each phone?" request (0: none yet).
    handover_request: int = 0

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class SessionState:
    """What pollers compare to decide whether to redraw."""

    current_activity: str
    status: str
    participants: int
    answers: int
    last_answer_id: int


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_participant_id() -> str:
    return secrets.token_hex(16)


def is_participant_id(value: Any) -> bool:
    return (
        isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)
    )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


@cache
def _engine(url: str) -> Engine:
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
    below what a room of phones sends."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


class Store:
    """One database of workshop sessions. Cheap to create; engines are shared per URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        with self._guard():
            self._prepare_schema()

    # -- schema ----------------------------------------------------------------------

    def _prepare_schema(self) -> None:
        """Create or upgrade the tables, writing only when there is something to write.

        Why read first: every page open (each phone scanning the join code) opens the store,
        and a write here, even of an unchanged version number, would make the whole room
        queue for the one write lock at the moment everyone joins. An up-to-date store is
        only read; the write path (first use, upgrade) takes the lock and checks again.
        """
        version, complete = self._schema_on_disk()
        if version is not None and version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"this store was written by a newer workshop kit (schema {version}, this kit "
                f"knows {SCHEMA_VERSION}); it was left untouched: update the kit to open it"
            )
        if version == SCHEMA_VERSION and complete:
            return
        if version is not None and version < SCHEMA_VERSION:
            self._backup(version)
        with self.engine.begin() as connection:
            metadata.create_all(connection, tables=[meta_table])
            row = connection.execute(
                select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).first()
            version = int(row[0]) if row else None  # another page may have just done it
            for step in range((version or SCHEMA_VERSION) + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](connection)
            metadata.create_all(connection)
            if row is None:
                connection.execute(
                    insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION))
                )
            elif version != SCHEMA_VERSION:
                connection.execute(
                    update(meta_table)
                    .where(meta_table.c.key == "schema_version")
                    .values(value=str(SCHEMA_VERSION))
                )

    def _schema_on_disk(self) -> tuple[int | None, bool]:
        """The stored schema version (``None`` for a new database) and whether every table
        exists, found by reading only."""
        with self.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if meta_table.name not in tables:
                return None, False
            value = connection.execute(
                select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).scalar()
        complete = all(table.name in tables for table in metadata.sorted_tables)
        return (int(value) if value is not None else None), complete

    def _backup(self, version: int) -> None:
        """Copy a SQLite file aside before upgrading it (other databases: use their backups)."""
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return
        source = Path(url.database)
        with self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
        shutil.copy2(source, source.with_name(f"{source.name}.schema{version}.bak"))

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as connection:
            value = connection.execute(
                select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).scalar_one()
        return int(value)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn driver errors about reaching the database into :class:`StoreUnavailable`."""
        try:
            yield
        except OperationalError as error:
            raise StoreUnavailable(str(error.orig) if error.orig else str(error)) from error

    # -- sessions (facilitator) ----------------------------------------------------------

    def create_session(
        self, title: str, language: str, facilitator_key_hash: str, profile_name: str = ""
    ) -> SessionInfo:
        title = title.strip()[:200]
        now = utcnow()
        for _attempt in range(20):
            code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            try:
                with self._guard(), self.engine.begin() as connection:
                    connection.execute(
                        insert(sessions_table).values(
                            code=code,
                            title=title,
                            language=language,
                            current_activity="waiting",
                            status="open",
                            facilitator_key_hash=facilitator_key_hash,
                            profile_name=profile_name,
                            created_at=now,
                            updated_at=now,
                        )
                    )
            except IntegrityError:
                continue
            return self.session(code)
        raise StoreError("could not find a free join code")  # pragma: no cover

    def sessions_for(self, facilitator_key_hash: str) -> list[SessionInfo]:
        """The sessions created with this key, newest first."""
        query = (
            _sessions_query()
            .where(sessions_table.c.facilitator_key_hash == facilitator_key_hash)
            .order_by(sessions_table.c.created_at.desc(), sessions_table.c.id.desc())
        )
        with self._guard(), self.engine.connect() as connection:
            return [_session_info(row) for row in connection.execute(query).mappings()]

    def session(self, code: str) -> SessionInfo:
        code = normalise_code(code)
        query = _sessions_query().where(sessions_table.c.code == code)
        with self._guard(), self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            raise SessionNotFound(code)
        return _session_info(row)

    def set_current_activity(self, code: str, activity: str, facilitator_key_hash: str) -> None:
        self._facilitator_update(code, facilitator_key_hash, current_activity=activity)

    def close_session(self, code: str, facilitator_key_hash: str) -> None:
        self._facilitator_update(code, facilitator_key_hash, status="closed")

    def reopen_session(self, code: str, facilitator_key_hash: str) -> None:
        self._facilitator_update(code, facilitator_key_hash, status="open")

    def ask_for_handover(self, code: str, facilitator_key_hash: str) -> int:
        """Make every phone of the session ask "will someone else use this phone now?".

        For shared phones and tablets: nobody is signed out; each phone offers its person to
        hand over (a new anonymous participant, with their own consent) or to carry on.
        Facilitator only, like every action on a session. Returns the request's id, which
        :attr:`SessionInfo.handover_request` shows to the phones' polls.
        """
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        now = utcnow()
        with self._guard(), self.engine.begin() as connection:
            request = connection.execute(
                insert(handover_table).values(session_id=session_id, requested_at=now)
            ).inserted_primary_key[0]
            connection.execute(
                update(sessions_table)
                .where(sessions_table.c.id == session_id)
                .values(updated_at=now)
            )
        return int(request)

    def delete_answers(self, code: str, facilitator_key_hash: str) -> int:
        """Delete a session's answers and participants (the session itself stays listed)."""
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        with self._guard(), self.engine.begin() as connection:
            removed = connection.execute(
                delete(answers_table).where(answers_table.c.session_id == session_id)
            ).rowcount
            connection.execute(
                delete(participants_table).where(participants_table.c.session_id == session_id)
            )
            connection.execute(
                update(sessions_table)
                .where(sessions_table.c.id == session_id)
                .values(updated_at=utcnow())
            )
        return removed

    def hand_over_sessions(self, old_key_hash: str, new_key_hash: str) -> int:
        """Give every session of the old facilitator key to the new one (key rotation).

        Only someone holding the old key's hash can do it; answers are untouched. Returns how
        many sessions moved.
        """
        if not old_key_hash or not new_key_hash:
            raise NotAuthorised("a key rotation needs both keys")
        with self._guard(), self.engine.begin() as connection:
            return connection.execute(
                update(sessions_table)
                .where(sessions_table.c.facilitator_key_hash == old_key_hash)
                .values(facilitator_key_hash=new_key_hash, updated_at=utcnow())
            ).rowcount

    def _facilitator_update(self, code: str, facilitator_key_hash: str, **values: Any) -> None:
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        with self._guard(), self.engine.begin() as connection:
            connection.execute(
                update(sessions_table)
                .where(sessions_table.c.id == session_id)
                .values(updated_at=utcnow(), **values)
            )

    def _authorised_session_id(self, code: str, facilitator_key_hash: str) -> int:
        with self._guard(), self.engine.connect() as connection:
            row = connection.execute(
                select(sessions_table.c.id, sessions_table.c.facilitator_key_hash).where(
                    sessions_table.c.code == normalise_code(code)
                )
            ).first()
        if row is None:
            raise SessionNotFound(code)
        if not facilitator_key_hash or not secrets.compare_digest(row[1], facilitator_key_hash):
            raise NotAuthorised(code)
        return int(row[0])

    # -- participants ---------------------------------------------------------------------

    def join(self, code: str, participant_id: str | None = None) -> str:
        """Record a consenting participant; reuse ``participant_id`` if this device had one."""
        session = self.session(code)
        if not session.is_open:
            raise SessionClosed(code)
        session_id = self._session_id(session.code)
        with self._guard(), self.engine.begin() as connection:
            if is_participant_id(participant_id):
                known = connection.execute(
                    select(participants_table.c.session_id).where(
                        participants_table.c.id == participant_id
                    )
                ).first()
                if known is not None and known[0] == session_id:
                    return participant_id  # type: ignore[return-value]
            new_id = new_participant_id()
            connection.execute(
                insert(participants_table).values(
                    id=new_id, session_id=session_id, consented_at=utcnow()
                )
            )
            return new_id

    def _session_id(self, code: str) -> int:
        with self._guard(), self.engine.connect() as connection:
            value = connection.execute(
                select(sessions_table.c.id).where(sessions_table.c.code == normalise_code(code))
            ).scalar()
        if value is None:
            raise SessionNotFound(code)
        return int(value)

    # -- answers --------------------------------------------------------------------------

    def add_answer(
        self,
        code: str,
        participant_id: str,
        answer: Answer,
        idempotency_key: str,
        source: str = "live",
        retries: int = 3,
    ) -> bool:
        """Store one validated answer; ``False`` if this idempotency key was already stored.

        Safe to retry: a lost connection after the commit finds the key on the next try.
        Only the key tells "already saved": any other refusal (another constraint, a trigger,
        a lock that outlasts the retries) raises :class:`AnswerNotStored`, because telling a
        participant "already saved" while nothing was stored loses their answer silently.
        """
        session = self.session(code)
        if not session.is_open and source == "live":
            raise SessionClosed(code)
        values = {
            "session_id": self._session_id(session.code),
            "participant_id": participant_id,
            "activity": answer.activity,
            "item": answer.item(),
            "payload": answer.model_dump_json(),
            "source": source,
            "idempotency_key": idempotency_key,
            "created_at": utcnow(),
        }
        for attempt in range(retries + 1):
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(answers_table).values(**values))
                return True
            except IntegrityError as error:
                if self._has_answer_key(idempotency_key):
                    return False
                failure: SQLAlchemyError = error
            except OperationalError as error:
                failure = error
            if attempt == retries:
                reason = getattr(failure, "orig", None) or failure
                raise AnswerNotStored(str(reason)) from failure
            time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _has_answer_key(self, idempotency_key: str) -> bool:
        """Whether an answer with this idempotency key is stored (a repeat, not a failure)."""
        with self._guard(), self.engine.connect() as connection:
            found = connection.execute(
                select(answers_table.c.id).where(answers_table.c.idempotency_key == idempotency_key)
            ).first()
        return found is not None

    def add_answers(
        self, code: str, rows: list[tuple[str, Answer, str]], source: str = "import"
    ) -> int:
        """Store many answers in one transaction (imports); returns how many were new."""
        session_id = self._session_id(code)
        now = utcnow()
        stored = 0
        with self._guard(), self.engine.begin() as connection:
            existing = (
                set(
                    connection.execute(
                        select(answers_table.c.idempotency_key).where(
                            answers_table.c.idempotency_key.in_([key for _, _, key in rows])
                        )
                    ).scalars()
                )
                if len(rows) <= 5000
                else self._all_keys(connection, session_id)
            )
            fresh = []
            for participant_id, answer, key in rows:
                if key in existing:
                    continue
                existing.add(key)
                fresh.append(
                    {
                        "session_id": session_id,
                        "participant_id": participant_id,
                        "activity": answer.activity,
                        "item": answer.item(),
                        "payload": answer.model_dump_json(),
                        "source": source,
                        "idempotency_key": key,
                        "created_at": now,
                    }
                )
            if fresh:
                connection.execute(insert(answers_table), fresh)
                stored = len(fresh)
        return stored

    def add_facilitator_answers(
        self,
        code: str,
        facilitator_key_hash: str,
        rows: list[tuple[str, Answer, str]],
        source: str = "facilitator",
    ) -> int:
        """:meth:`add_answers`, but only for the session's own facilitator.

        For answers only the facilitator may give (merge decisions about duplicates, files
        imported into the session): the key hash is checked here, like every facilitator
        action, so no page can store them for a session it does not run. Works on a closed
        session too: tidying the inventory after the workshop is the point.
        """
        self._authorised_session_id(code, facilitator_key_hash)
        return self.add_answers(code, rows, source=source)

    @staticmethod
    def _all_keys(connection: Connection, session_id: int) -> set[str]:
        return set(
            connection.execute(
                select(answers_table.c.idempotency_key).where(
                    answers_table.c.session_id == session_id
                )
            ).scalars()
        )

    def answers(self, code: str, activity: str, latest_only: bool = True) -> pd.DataFrame:
        """Answers of one activity as a table: one column per payload field.

        With ``latest_only`` a participant's newer answer to the same item replaces the
        older one (participants may change their mind; the latest counts).
        """
        import pandas as pd  # imported here: the participant app never needs it

        session_id = self._session_id(code)
        query = select(
            answers_table.c.id,
            answers_table.c.participant_id,
            answers_table.c.item,
            answers_table.c.payload,
            answers_table.c.source,
            answers_table.c.created_at,
        ).where(answers_table.c.session_id == session_id, answers_table.c.activity == activity)
        if latest_only:
            newest = (
                select(func.max(answers_table.c.id))
                .where(
                    answers_table.c.session_id == session_id,
                    answers_table.c.activity == activity,
                )
                .group_by(answers_table.c.participant_id, answers_table.c.item)
            )
            query = query.where(answers_table.c.id.in_(newest))
        with self._guard(), self.engine.connect() as connection:
            rows = connection.execute(query.order_by(answers_table.c.id)).all()
        base = pd.DataFrame(
            [(r.id, r.participant_id, r.item, r.source, r.created_at) for r in rows],
            columns=["answer_id", "participant_id", "item", "source", "created_at"],
        )
        payloads = pd.DataFrame([json.loads(r.payload) for r in rows], index=base.index)
        return pd.concat([base, payloads], axis=1)

    def state(self, code: str) -> SessionState:
        """A cheap summary for live pages: poll it and redraw only when it changes."""
        session = self.session(code)
        session_id = self._session_id(code)
        with self._guard(), self.engine.connect() as connection:
            participants = connection.execute(
                select(func.count()).where(participants_table.c.session_id == session_id)
            ).scalar_one()
            answers, last_id = connection.execute(
                select(func.count(), func.coalesce(func.max(answers_table.c.id), 0)).where(
                    answers_table.c.session_id == session_id
                )
            ).one()
        return SessionState(
            current_activity=session.current_activity,
            status=session.status,
            participants=int(participants),
            answers=int(answers),
            last_answer_id=int(last_id),
        )

    def activity_state(self, code: str, activities: Sequence[str]) -> tuple[Any, ...]:
        """What a page showing ``activities`` compares to decide whether to redraw: the count
        and newest answer id of each (with no activities: of every answer in the session).

        The one change detector of the facilitator pages: a participant joining, or answering
        another activity, leaves it unchanged, so the page (and a download link the facilitator
        is about to click) stays as it is.
        """
        session_id = self._session_id(code)
        query = select(
            answers_table.c.activity,
            func.count(),
            func.coalesce(func.max(answers_table.c.id), 0),
        ).where(answers_table.c.session_id == session_id)
        if activities:
            query = query.where(answers_table.c.activity.in_(list(activities)))
        with self._guard(), self.engine.connect() as connection:
            rows = connection.execute(query.group_by(answers_table.c.activity)).all()
        return tuple(sorted((str(a), int(n), int(last)) for a, n, last in rows))


def normalise_code(code: str) -> str:
    """Join codes are read aloud and typed on phones: ignore case, spaces and dashes."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def _sessions_query() -> Select:
    """Sessions with the id of their latest hand-over request (0 when none), in one query:
    every phone polls :meth:`Store.session`."""
    latest_handover = (
        select(func.coalesce(func.max(handover_table.c.id), 0))
        .where(handover_table.c.session_id == sessions_table.c.id)
        .scalar_subquery()
    )
    return select(sessions_table, latest_handover.label("handover_request"))


def _session_info(row: Any) -> SessionInfo:
    return SessionInfo(
        code=row["code"],
        title=row["title"],
        language=row["language"],
        current_activity=row["current_activity"],
        status=row["status"],
        profile_name=row["profile_name"],
        created_at=row["created_at"],
        handover_request=int(row.get("handover_request") or 0),
    )


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
