"""The store keeps every answer once, under concurrency, across reopening and upgrades."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from workshop_kit.core.answers import validate_answer
from workshop_kit.core.store import (
    AnswerNotStored,
    NotAuthorised,
    SchemaTooNew,
    SessionClosed,
    SessionNotFound,
    Store,
    _engine,
    normalise_code,
    open_store,
)
from workshop_kit.core.store import database as store_database
from workshop_kit.core.store import schema as store_schema

KEY = "a" * 64
OTHER_KEY = "b" * 64


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request) -> Store:
    """The same behaviour is required of the SQLite file and of a real PostgreSQL server."""
    if request.param == "sqlite":
        return request.getfixturevalue("store")
    return open_store(request.getfixturevalue("postgres_url"))


def welcome(group: str = "caregiver", area: str | None = None):
    return validate_answer("welcome", {"group": group, "area": area})


def test_a_new_file_uses_wal_and_records_its_schema_version(store: Store, db_url: str):
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        # FULL (2), not NORMAL (1): an answer acknowledged to a phone survives a power cut
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    assert store.schema_version == store_schema.SCHEMA_VERSION


def test_join_codes_are_short_unambiguous_and_typed_loosely(any_store: Store):
    session = any_store.create_session("Evening", "en", KEY)
    assert len(session.code) == 6
    assert not set(session.code) & set("01OIL")
    spaced = f" {session.code[:3].lower()}-{session.code[3:].lower()} "
    assert normalise_code(spaced) == session.code
    assert any_store.session(spaced).title == "Evening"


def test_double_submit_with_the_same_idempotency_key_stores_once(any_store: Store):
    session = any_store.create_session("S", "en", KEY)
    participant = any_store.join(session.code)
    assert any_store.add_answer(session.code, participant, welcome(), "key-1") is True
    assert any_store.add_answer(session.code, participant, welcome(), "key-1") is False
    assert len(any_store.answers(session.code, "welcome", latest_only=False)) == 1


def test_the_latest_answer_of_a_participant_counts(any_store: Store):
    session = any_store.create_session("S", "en", KEY)
    participant = any_store.join(session.code)
    any_store.add_answer(session.code, participant, welcome("caregiver"), "k1")
    any_store.add_answer(session.code, participant, welcome("bereaved"), "k2")
    latest = any_store.answers(session.code, "welcome")
    assert latest["group"].tolist() == ["bereaved"]
    assert len(any_store.answers(session.code, "welcome", latest_only=False)) == 2


def test_a_device_that_joined_before_keeps_its_anonymous_id(any_store: Store):
    session = any_store.create_session("S", "en", KEY)
    first = any_store.join(session.code)
    assert any_store.join(session.code, first) == first
    assert any_store.join(session.code, "not-an-id") != first
    other = any_store.create_session("T", "en", KEY)
    assert any_store.join(other.code, first) != first  # ids never cross sessions
    assert any_store.state(session.code).participants == 2


def test_facilitator_actions_need_the_sessions_key(any_store: Store):
    session = any_store.create_session("S", "en", KEY)
    participant = any_store.join(session.code)
    any_store.add_answer(session.code, participant, welcome(), "k1")
    for action in (
        lambda: any_store.set_current_activity(session.code, "welcome", OTHER_KEY),
        lambda: any_store.close_session(session.code, OTHER_KEY),
        lambda: any_store.delete_answers(session.code, OTHER_KEY),
        lambda: any_store.set_current_activity(session.code, "welcome", ""),
        lambda: any_store.reopen_session(session.code, OTHER_KEY),
        # imports and duplicate merges are facilitator answers: refused the same way
        lambda: any_store.add_facilitator_answers(
            session.code, OTHER_KEY, [(participant, welcome(), "import-1")]
        ),
        lambda: any_store.add_facilitator_answers(
            session.code, "", [(participant, welcome(), "merge-1")]
        ),
    ):
        with pytest.raises(NotAuthorised):
            action()
    assert any_store.session(session.code).current_activity == "waiting"
    assert any_store.state(session.code).answers == 1
    assert any_store.sessions_for(OTHER_KEY) == []
    assert [s.code for s in any_store.sessions_for(KEY)] == [session.code]


def test_closing_stops_answers_and_deleting_removes_them(any_store: Store):
    session = any_store.create_session("S", "en", KEY)
    participant = any_store.join(session.code)
    any_store.add_answer(session.code, participant, welcome(), "k1")
    any_store.close_session(session.code, KEY)
    with pytest.raises(SessionClosed):
        any_store.add_answer(session.code, participant, welcome("bereaved"), "k2")
    with pytest.raises(SessionClosed):
        any_store.join(session.code)
    assert any_store.delete_answers(session.code, KEY) == 1
    assert any_store.state(session.code).answers == 0
    assert any_store.session(session.code).status == "closed"


def need_rating(need: str = "respite", importance: int = 4, met: int = 2):
    return validate_answer("needs", {"need": need, "importance": importance, "met": met})


# -- what facilitator pages poll (Store.activity_state) ---------------------------------------


def test_activity_state_ignores_joins_and_other_activities(any_store: Store):
    """A page showing the needs answers must not redraw (and replace a download link the
    facilitator is about to click) when someone joins or answers another activity."""
    session = any_store.create_session("S", "en", KEY)
    code = session.code
    first = any_store.join(code)
    any_store.add_answer(code, first, need_rating(), "n1")
    shown = any_store.activity_state(code, ["needs"])
    assert shown != ()

    second = any_store.join(code)
    assert any_store.activity_state(code, ["needs"]) == shown
    any_store.add_answer(code, second, welcome(), "w1")
    any_store.add_answer(code, first, welcome("bereaved"), "w2")
    assert any_store.activity_state(code, ["needs"]) == shown
    assert any_store.add_answer(code, first, need_rating(), "n1") is False  # a double submit
    any_store.set_current_activity(code, "welcome", KEY)
    any_store.ask_for_handover(code, KEY)
    assert any_store.activity_state(code, ["needs"]) == shown

    other = any_store.create_session("T", "en", KEY)  # answers of another session
    any_store.add_answer(other.code, any_store.join(other.code), need_rating(), "t1")
    assert any_store.activity_state(code, ["needs"]) == shown


def test_activity_state_changes_when_a_shown_activity_gets_an_answer(any_store: Store):
    session = any_store.create_session("S", "en", KEY)
    code = session.code
    participant = any_store.join(code)
    empty = any_store.activity_state(code, ["needs", "welcome"])
    assert empty == ()

    any_store.add_answer(code, participant, need_rating(), "n1")
    rated = any_store.activity_state(code, ["needs", "welcome"])
    assert rated != empty
    any_store.add_answer(code, participant, need_rating(met=5), "n2")  # a change of mind
    changed = any_store.activity_state(code, ["needs", "welcome"])
    assert changed != rated
    any_store.add_answer(code, participant, welcome(), "w1")  # the other activity shown
    both = any_store.activity_state(code, ["needs", "welcome"])
    assert both != changed
    assert any_store.activity_state(code, ["welcome", "needs"]) == both  # order does not count

    assert any_store.delete_answers(code, KEY) == 3
    assert any_store.activity_state(code, ["needs", "welcome"]) == ()


def test_activity_state_of_no_activities_follows_every_answer_of_the_session(any_store: Store):
    session = any_store.create_session("S", "en", KEY)
    code = session.code
    participant = any_store.join(code)
    before = any_store.activity_state(code, ())
    any_store.join(code)
    assert any_store.activity_state(code, ()) == before
    any_store.add_answer(code, participant, welcome(), "w1")
    after_welcome = any_store.activity_state(code, ())
    assert after_welcome != before
    any_store.add_answer(code, participant, need_rating(), "n1")
    assert any_store.activity_state(code, ()) != after_welcome
    with pytest.raises(SessionNotFound):
        any_store.activity_state("ZZZZZZ", ["needs"])


def test_unknown_codes_are_reported(any_store: Store):
    with pytest.raises(SessionNotFound):
        any_store.session("ZZZZZZ")


def test_reopening_the_file_keeps_everything(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'kept.sqlite'}"
    first = open_store(url)
    session = first.create_session("Kept", "fr", KEY)
    participant = first.join(session.code)
    first.add_answer(session.code, participant, welcome("neighbour"), "k1")
    first.set_current_activity(session.code, "welcome", KEY)
    _engine.cache_clear()
    first.engine.dispose()
    again = open_store(url)
    assert again.session(session.code).language == "fr"
    assert again.session(session.code).current_activity == "welcome"
    assert again.answers(session.code, "welcome")["group"].tolist() == ["neighbour"]


def test_an_older_file_is_upgraded_in_place_without_losing_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "old.sqlite"
    url = f"sqlite:///{path}"
    old = open_store(url)
    session = old.create_session("Old", "en", KEY)
    participant = old.join(session.code)
    old.add_answer(session.code, participant, welcome("bereaved"), "k1")
    old.engine.dispose()
    _engine.cache_clear()

    def add_a_column(connection):
        connection.execute(text("ALTER TABLE participants ADD COLUMN device_kind VARCHAR(16)"))

    current = store_schema.SCHEMA_VERSION
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(store_schema.MIGRATIONS, current + 1, add_a_column)
    upgraded = open_store(url)
    assert upgraded.schema_version == current + 1
    assert upgraded.answers(session.code, "welcome")["group"].tolist() == ["bereaved"]
    backup = tmp_path / f"old.sqlite.schema{current}.bak"
    assert backup.exists()
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(participants)")]
    assert "device_kind" in columns
    upgraded.engine.dispose()
    _engine.cache_clear()


def test_a_file_from_a_newer_kit_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "new.sqlite"
    url = f"sqlite:///{path}"
    created = open_store(url)
    session = created.create_session("Future", "en", KEY)
    with created.engine.begin() as connection:
        connection.execute(text("UPDATE kit_meta SET value = '99' WHERE key = 'schema_version'"))
    created.engine.dispose()
    _engine.cache_clear()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer workshop kit"):
        Store(url)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT code FROM sessions").fetchone()[0] == session.code
    assert path.read_bytes() == before
    _engine.cache_clear()


def test_many_threads_write_at_once_and_nothing_is_lost(any_store: Store):
    session = any_store.create_session("Busy", "en", KEY)
    participants = [any_store.join(session.code) for _ in range(8)]
    errors: list[BaseException] = []

    def answer(index: int) -> None:
        try:
            for round_ in range(25):
                key = f"t{index}-{round_}"
                any_store.add_answer(session.code, participants[index], welcome(), key)
                any_store.add_answer(session.code, participants[index], welcome(), key)  # retry
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert any_store.state(session.code).answers == 8 * 25


def _write_from_process(url: str, code: str, worker: int, count: int) -> None:
    from workshop_kit.core.store import open_store as reopen

    local = reopen(url)
    participant = local.join(code)
    for index in range(count):
        local.add_answer(code, participant, welcome("professional"), f"p{worker}-{index}")


def test_several_processes_write_to_one_file_and_nothing_is_lost(store: Store, db_url: str):
    session = store.create_session("Processes", "en", KEY)
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_write_from_process, args=(db_url, session.code, w, 40))
        for w in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    state = store.state(session.code)
    assert state.answers == 4 * 40
    assert state.participants == 4


# -- failures are not "already saved" ---------------------------------------------------------


def test_only_a_repeated_key_counts_as_already_saved(store: Store, db_url: str):
    """Another constraint the database enforces (here a second unique index, added to the real
    file by another program) refuses the answer: the store must say it was not stored, never
    "already saved", and the answer must go in once the obstacle is gone."""
    session = store.create_session("S", "en", KEY)
    participant = store.join(session.code)
    assert store.add_answer(session.code, participant, welcome("caregiver"), "k1") is True
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE UNIQUE INDEX one_per_person ON answers (participant_id)")
    with pytest.raises(AnswerNotStored):
        store.add_answer(session.code, participant, welcome("bereaved"), "k2", retries=1)
    assert store.add_answer(session.code, participant, welcome("caregiver"), "k1") is False
    assert store.state(session.code).answers == 1
    with sqlite3.connect(path) as connection:
        connection.execute("DROP INDEX one_per_person")
    assert store.add_answer(session.code, participant, welcome("bereaved"), "k2") is True
    assert store.answers(session.code, "welcome")["group"].tolist() == ["bereaved"]


def test_an_answer_refused_by_a_trigger_is_not_already_saved(store: Store, db_url: str):
    session = store.create_session("S", "en", KEY)
    participant = store.join(session.code)
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        connection.execute(
            "CREATE TRIGGER no_more BEFORE INSERT ON answers "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with pytest.raises(AnswerNotStored, match="refused"):
        store.add_answer(session.code, participant, welcome(), "k1", retries=0)
    assert store.state(session.code).answers == 0


def test_a_lock_held_by_another_program_is_reported_and_the_retry_stores_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A real lock: a second connection holds ``BEGIN EXCLUSIVE`` (as a backup tool or a stuck
    writer would). The answer is reported not stored (an error the caller can retry); once the
    lock is released the same key stores it, once."""
    monkeypatch.setattr(store_database, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "locked.sqlite"
    locked = open_store(f"sqlite:///{path}")
    session = locked.create_session("S", "en", KEY)
    participant = locked.join(session.code)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(AnswerNotStored, match="locked"):
            locked.add_answer(session.code, participant, welcome(), "k1", retries=1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert locked.state(session.code).answers == 0
    assert locked.add_answer(session.code, participant, welcome(), "k1") is True
    assert locked.add_answer(session.code, participant, welcome(), "k1") is False
    assert locked.state(session.code).answers == 1
    locked.engine.dispose()
    _engine.cache_clear()


# -- opening writes nothing -------------------------------------------------------------------


def test_opening_an_up_to_date_store_writes_nothing(any_store: Store):
    """Every page open opens the store; when the room scans the join code, a write here would
    make every phone queue for the one write lock. Every statement a second open sends is
    recorded: none of them writes (SQLite and PostgreSQL alike)."""
    from sqlalchemy import event

    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    engine = _engine(any_store.url)
    event.listen(engine, "before_cursor_execute", record)
    try:
        Store(any_store.url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements, "the open was not observed"
    assert not {"INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP"} & set(statements)


def test_pages_open_while_another_program_holds_the_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A real lock held by another connection (``BEGIN EXCLUSIVE``): opening the store and
    reading a session still work, and the file does not change."""
    monkeypatch.setattr(store_database, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "busy.sqlite"
    url = f"sqlite:///{path}"
    created = open_store(url)
    session = created.create_session("Busy room", "en", KEY)
    created.engine.dispose()
    _engine.cache_clear()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    watcher = sqlite3.connect(path)
    version = watcher.execute("PRAGMA data_version").fetchone()[0]
    try:
        opened = open_store(url)  # raised StoreUnavailable ("database is locked") before
        assert opened.session(session.code).title == "Busy room"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == version
    watcher.close()
    opened.engine.dispose()
    _engine.cache_clear()


def test_a_new_or_incomplete_store_is_still_created(tmp_path: Path):
    path = tmp_path / "partial.sqlite"
    with sqlite3.connect(path) as connection:  # a file left by an interrupted first start
        connection.execute("CREATE TABLE kit_meta (key VARCHAR(64) PRIMARY KEY, value TEXT)")
        connection.execute("INSERT INTO kit_meta VALUES ('schema_version', '1')")
    repaired = open_store(f"sqlite:///{path}")
    session = repaired.create_session("S", "en", KEY)
    assert repaired.add_answer(session.code, repaired.join(session.code), welcome(), "k") is True
    repaired.engine.dispose()
    _engine.cache_clear()


def test_a_participant_gets_back_their_own_latest_answer_and_nobody_elses(any_store, profile):
    session = any_store.create_session("Own", "en", "f" * 64)
    me, other = any_store.join(session.code), any_store.join(session.code)
    assert any_store.own_answer(session.code, me, "welcome") is None
    for number, (person, group) in enumerate(
        [(me, "caregiver"), (other, "bereaved"), (me, "neighbour")]
    ):
        answer = validate_answer("welcome", {"group": group}, profile)
        any_store.add_answer(session.code, person, answer, f"own-{number}")
    assert any_store.own_answer(session.code, me, "welcome")["group"] == "neighbour"
    assert any_store.own_answer(session.code, other, "welcome")["group"] == "bereaved"
    assert any_store.own_answer(session.code, me, "needs") is None


# -- schema 2: the page each participant joined on ---------------------------------------------


def _as_schema_1(store: Store) -> None:
    """Make ``store`` what a kit of schema 1 left: no device ids anywhere (and keys unique
    across the store, :func:`_as_schema_2`)."""
    _as_schema_2(store)
    with store.engine.begin() as connection:
        for table in ("participants", "answers"):
            connection.execute(text(f"DROP INDEX ix_{table}_device_id"))
            connection.execute(text(f"ALTER TABLE {table} DROP COLUMN device_id"))
        connection.execute(text("UPDATE kit_meta SET value = '1' WHERE key = 'schema_version'"))


def test_a_schema_1_store_gains_devices_and_keeps_every_answer(any_store: Store):
    """SQLite and PostgreSQL alike: each participant of an older store gets a page of their
    own (they could not be linked before), their answers keep counting by participant, and a
    hand-over on such a page afterwards shares its device."""
    session = any_store.create_session("Before devices", "en", KEY)
    first, second = any_store.join(session.code), any_store.join(session.code)
    any_store.add_answer(session.code, first, welcome("caregiver"), "k1")
    any_store.add_answer(session.code, second, welcome("bereaved"), "k2")
    _as_schema_1(any_store)
    url = any_store.url
    any_store.engine.dispose()
    _engine.cache_clear()

    upgraded = open_store(url)
    assert upgraded.schema_version == store_schema.SCHEMA_VERSION >= 2
    answers = upgraded.answers(session.code, "welcome")
    assert answers["group"].tolist() == ["caregiver", "bereaved"]
    assert answers["device_id"].isna().all()  # counted by participant, as before
    assert upgraded.device_of(session.code, first) == first
    assert upgraded.device_of(session.code, second) == second
    handed = upgraded.join(session.code, None, first)
    assert upgraded.device_of(session.code, handed) == first
    upgraded.add_answer(session.code, handed, welcome("neighbour"), "k3")
    assert upgraded.answers(session.code, "welcome")["device_id"].tolist()[-1] == first
    upgraded.engine.dispose()
    _engine.cache_clear()


# -- schema 3: idempotency keys per session -----------------------------------------------------


def _as_schema_2(store: Store) -> None:
    """Make ``store`` what a kit of schema 2 left: idempotency keys unique across the store."""
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "sqlite":  # SQLite keeps the newer constraint too
            connection.execute(text("CREATE UNIQUE INDEX old_key ON answers (idempotency_key)"))
        else:
            connection.execute(text("ALTER TABLE answers DROP CONSTRAINT uq_answers_session_key"))
            connection.execute(
                text(
                    "ALTER TABLE answers ADD CONSTRAINT answers_idempotency_key_key "
                    "UNIQUE (idempotency_key)"
                )
            )
        connection.execute(text("UPDATE kit_meta SET value = '2' WHERE key = 'schema_version'"))


def test_keys_become_per_session_and_every_decision_is_kept(any_store: Store):
    """Issue 17, finding 7: an approval was silently not stored when another session had used
    the same idempotency key. After the upgrade (SQLite rebuilds the table, PostgreSQL swaps
    the constraint) the decisions stored before are all there, the same key stores a decision
    in another session, and a repeat within one session still stores once."""
    from workshop_kit.core.answers import FACILITATOR_ID, review_decisions

    decision = validate_answer("text_reviews", {"text_key": "a" * 32, "decision": "approve"})
    first = any_store.create_session("First", "en", KEY)
    second = any_store.create_session("Second", "en", KEY)
    old_key = f"text-review-{'a' * 32}-0"  # the key schema 2's needs page made, no session in it
    rows = [(FACILITATOR_ID, decision, old_key)]
    assert any_store.add_facilitator_answers(first.code, KEY, rows) == 1
    any_store.add_answer(first.code, any_store.join(first.code), welcome(), "w1")
    _as_schema_2(any_store)
    url = any_store.url
    any_store.engine.dispose()
    _engine.cache_clear()

    upgraded = open_store(url)
    assert upgraded.schema_version == store_schema.SCHEMA_VERSION >= 3
    assert review_decisions(upgraded.answers(first.code, "text_reviews")) == {"a" * 32: "approve"}
    assert len(upgraded.answers(first.code, "welcome")) == 1
    assert upgraded.add_facilitator_answers(second.code, KEY, rows) == 1
    assert review_decisions(upgraded.answers(second.code, "text_reviews")) == {"a" * 32: "approve"}
    assert upgraded.add_facilitator_answers(first.code, KEY, rows) == 0  # a repeat: once
    participant = upgraded.join(second.code)
    assert upgraded.add_answer(second.code, participant, welcome(), "w1") is True
    assert upgraded.add_answer(second.code, participant, welcome(), "w1") is False
    if upgraded.engine.dialect.name == "sqlite":
        with upgraded.engine.connect() as connection:
            indexes = {row[1] for row in connection.exec_driver_sql("PRAGMA index_list(answers)")}
        assert {"ix_answers_session_id", "ix_answers_device_id"} <= indexes
        assert "old_key" not in indexes
    upgraded.engine.dispose()
    _engine.cache_clear()
