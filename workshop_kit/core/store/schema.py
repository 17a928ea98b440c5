"""The store's tables, their version, and how a database is created or upgraded to it.

Why here and nowhere else: the layout on disk outlives any one version of the kit (a
facilitator reopens last year's file), so everything that decides it sits together: the
tables, :data:`SCHEMA_VERSION`, the :data:`MIGRATIONS` from one version to the next, the copy
aside (``<file>.schema<N>.bak``) before an upgrade, and the refusal of a file written by a
newer kit, which is left untouched.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url

from workshop_kit.core.store.errors import SchemaTooNew

SCHEMA_VERSION = 4

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
    # A practice session (`workshop-kit rehearse`): marked "Practice" on every screen and in
    # the report, never mixed with real ones, deleted whole at the end (schema 2).
    Column("rehearsal", Boolean, nullable=True, default=False),
)

participants_table = Table(
    "participants",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), index=True),
    Column("consented_at", DateTime(timezone=True), nullable=False),
    #: The page (phone) the participant joined on. A hand-over ("someone else will use this
    #: phone") gives the next person the page's device id, a fresh page gets a new one:
    #: disclosure counts everyone of one page as one person (docs/privacy.md, "Shared phones").
    Column("device_id", String(64), nullable=True, index=True),
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
    Column("idempotency_key", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    #: The participant's page (``participants.device_id``) when the answer was stored; empty
    #: for imported rows and facilitator records. Answers carry it themselves so that the
    #: per-phone limits and the disclosure count read one table.
    Column("device_id", String(64), nullable=True, index=True),
    #: A key is unique within its session (schema 3; before, across the whole store, so a key
    #: another session had used made an answer look "already saved" and it was dropped).
    UniqueConstraint("session_id", "idempotency_key", name="uq_answers_session_key"),
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

#: The facilitator's releases of an activity's answers ("Show results", moving the room on,
#: closing the session, "show results live" on or off), append-only. Each holds the newest
#: answer id of the activity when it was made (``watermark``): what a screen may show is
#: computed from these and the answer log (:mod:`workshop_kit.core.release`), never kept in a
#: kernel's memory, so every page and the report agree after any reload. A table of its own,
#: added the way an incomplete store gains one (``create_all``), so no schema step is needed
#: and an older kit ignores it.
releases_table = Table(
    "releases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), index=True),
    Column("activity", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("watermark", Integer, nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _add_rehearsal_flag(connection: Connection) -> None:
    """Version 4: ``sessions.rehearsal``, nullable (an older session is a real one).

    Idempotent (it looks before it adds), so its step number may change when other steps
    are added beside it without a store that already has the column failing to open.
    """
    inspector = inspect(connection)
    if "sessions" not in inspector.get_table_names():
        return  # an incomplete store: create_all makes the table with the column
    if "rehearsal" not in {column["name"] for column in inspector.get_columns("sessions")}:
        connection.exec_driver_sql("ALTER TABLE sessions ADD COLUMN rehearsal BOOLEAN")


#: ``MIGRATIONS[n]`` upgrades a version ``n - 1`` database to version ``n``. Migrations only
#: add (tables, nullable columns, indexes); they never drop or rewrite answers.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def _add_devices(connection: Connection) -> None:
    """Version 2: the page each participant joined on, and on each answer.

    Every participant of an older store joined on a page of their own (hand-overs made a new
    participant that nothing linked to the page), so each gets its own id as device id;
    answers stored before keep an empty device and count by participant, as they did. A table
    not there yet (a first start interrupted) is created whole afterwards.
    """
    existing = set(inspect(connection).get_table_names())
    for table in (participants_table, answers_table):
        if table.name not in existing:
            continue
        connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN device_id VARCHAR(64)"))
        for index in table.indexes:
            if list(index.columns.keys()) == ["device_id"]:
                index.create(connection)
    if participants_table.name in existing:
        connection.execute(update(participants_table).values(device_id=participants_table.c.id))


MIGRATIONS[2] = _add_devices


def _keys_per_session(connection: Connection) -> None:
    """Version 3: idempotency keys unique within their session, no longer across the store.

    Every answer and decision stays as it is, its key included. PostgreSQL swaps the
    constraint; SQLite cannot drop a column's ``UNIQUE``, so the table is rebuilt in the same
    transaction: a copy of every row into the new layout, then the copy takes the old name
    (nothing refers to the answers table; the file was copied aside before, see
    :func:`_backup`). The layout is written out here as it stands at version 3, so that a
    later version's columns never change what this step does.
    """
    if answers_table.name not in inspect(connection).get_table_names():
        return  # a first start interrupted: created whole afterwards
    if connection.dialect.name != "sqlite":
        _drop_unique_on_key(connection)
        per_session = ["session_id", "idempotency_key"]
        found = inspect(connection).get_unique_constraints(answers_table.name)
        if not any(constraint["column_names"] == per_session for constraint in found):
            connection.execute(
                text(
                    "ALTER TABLE answers ADD CONSTRAINT uq_answers_session_key "
                    "UNIQUE (session_id, idempotency_key)"
                )
            )
        return
    connection.execute(
        text(
            "CREATE TABLE answers_v3 ("
            "id INTEGER NOT NULL PRIMARY KEY, "
            "session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE, "
            "participant_id VARCHAR(64) NOT NULL, activity VARCHAR(64) NOT NULL, "
            "item VARCHAR(128) NOT NULL, payload TEXT NOT NULL, source VARCHAR(16) NOT NULL, "
            "idempotency_key VARCHAR(128) NOT NULL, created_at DATETIME NOT NULL, "
            "device_id VARCHAR(64), "
            "CONSTRAINT uq_answers_session_key UNIQUE (session_id, idempotency_key))"
        )
    )
    connection.execute(
        text(
            "INSERT INTO answers_v3 (id, session_id, participant_id, activity, item, payload, "
            "source, idempotency_key, created_at, device_id) "
            "SELECT id, session_id, participant_id, activity, item, payload, source, "
            "idempotency_key, created_at, device_id FROM answers"
        )
    )
    connection.execute(text("DROP TABLE answers"))
    connection.execute(text("ALTER TABLE answers_v3 RENAME TO answers"))
    connection.execute(text("CREATE INDEX ix_answers_session_id ON answers (session_id)"))
    connection.execute(text("CREATE INDEX ix_answers_device_id ON answers (device_id)"))


def _drop_unique_on_key(connection: Connection) -> None:
    """Drop whatever makes ``idempotency_key`` unique on its own (the constraint a column's
    ``unique=True`` made, or a unique index)."""
    found = inspect(connection)
    for constraint in found.get_unique_constraints(answers_table.name):
        if constraint["column_names"] == ["idempotency_key"] and constraint["name"]:
            connection.execute(text(f'ALTER TABLE answers DROP CONSTRAINT "{constraint["name"]}"'))
    for index in found.get_indexes(answers_table.name):
        if index["unique"] and index["column_names"] == ["idempotency_key"] and index["name"]:
            connection.execute(text(f'DROP INDEX IF EXISTS "{index["name"]}"'))


MIGRATIONS[3] = _keys_per_session
MIGRATIONS[4] = _add_rehearsal_flag


def prepare_schema(engine: Engine, url: str) -> None:
    """Create or upgrade the tables, writing only when there is something to write.

    Why read first: every page open (each phone scanning the join code) opens the store,
    and a write here, even of an unchanged version number, would make the whole room
    queue for the one write lock at the moment everyone joins. An up-to-date store is
    only read; the write path (first use, upgrade) takes the lock and checks again.
    """
    version, complete = _schema_on_disk(engine)
    if version is not None and version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this store was written by a newer workshop kit (schema {version}, this kit "
            f"knows {SCHEMA_VERSION}); it was left untouched: update the kit to open it"
        )
    if version == SCHEMA_VERSION and complete:
        return
    if version is not None and version < SCHEMA_VERSION:
        _backup(engine, url, version)
    with engine.begin() as connection:
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


def stored_version(engine: Engine) -> int:
    """The schema version recorded in the database (after :func:`prepare_schema`)."""
    with engine.connect() as connection:
        value = connection.execute(
            select(meta_table.c.value).where(meta_table.c.key == "schema_version")
        ).scalar_one()
    return int(value)


def _schema_on_disk(engine: Engine) -> tuple[int | None, bool]:
    """The stored schema version (``None`` for a new database) and whether every table
    exists, found by reading only."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if meta_table.name not in tables:
            return None, False
        value = connection.execute(
            select(meta_table.c.value).where(meta_table.c.key == "schema_version")
        ).scalar()
    complete = all(table.name in tables for table in metadata.sorted_tables)
    return (int(value) if value is not None else None), complete


def _backup(engine: Engine, url: str, version: int) -> None:
    """Copy a SQLite file aside before upgrading it (other databases: use their backups)."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return
    source = Path(parsed.database)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy2(source, source.with_name(f"{source.name}.schema{version}.bak"))
