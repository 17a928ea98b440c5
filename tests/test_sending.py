"""A participant's answer is never reported "already saved" unless it is, and never lost when
the store cannot take it yet: it is kept, the phone says "not saved yet, trying again", and it
is stored once the store answers. Exercised on a real SQLite file locked by another
connection, not on a stub."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from workshop_kit.core.sending import AnswerSender
from workshop_kit.core.store import AnswerNotStored, Store, _engine, open_store
from workshop_kit.core.store import database as store_database
from workshop_kit.core.widgets import MessageArea, guarded
from workshop_kit.i18n import Translator

KEY = "a" * 64


@pytest.fixture
def small_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, Path]]:
    """A store on a real file whose busy timeout is short, so a held lock fails fast."""
    monkeypatch.setattr(store_database, "SQLITE_BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "phones.sqlite"
    store = open_store(f"sqlite:///{path}")
    yield store, path
    store.engine.dispose()
    _engine.cache_clear()


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another program holds the write lock (``BEGIN EXCLUSIVE``) until the block ends."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def sender_for(store: Store, profile, **options) -> AnswerSender:
    session = store.create_session("S", "en", KEY)
    return AnswerSender(store, session.code, store.join(session.code), profile, **options)


def groups(store: Store, code: str, latest_only: bool = True) -> list[str]:
    return store.answers(code, "welcome", latest_only=latest_only)["group"].tolist()


def test_an_answer_sent_while_the_store_is_locked_is_kept_and_stored_once_later(
    small_store, profile
):
    store, path = small_store
    sender = sender_for(store, profile, retry_delays=())
    with locked(path), pytest.raises(AnswerNotStored):
        sender.send("welcome", {"group": "caregiver"})
    assert sender.pending == 1
    assert store.state(sender.code).answers == 0
    assert sender.retry_pending() == {("welcome", "")}
    assert sender.pending == 0
    assert sender.send("welcome", {"group": "caregiver"}) is False  # now truly already saved
    assert groups(store, sender.code, latest_only=False) == ["caregiver"]


def test_sending_again_after_a_failure_stores_the_kept_answer_and_says_saved(small_store, profile):
    """The person presses Send again once the lock is gone: told "saved", not "already
    saved", and the answer is stored once."""
    store, path = small_store
    sender = sender_for(store, profile, retry_delays=())
    with locked(path), pytest.raises(AnswerNotStored):
        sender.send("welcome", {"group": "bereaved"})
    assert sender.send("welcome", {"group": "bereaved"}) is True
    assert groups(store, sender.code, latest_only=False) == ["bereaved"]


def test_the_latest_answer_wins_even_when_an_older_one_was_kept(small_store, profile):
    store, path = small_store
    sender = sender_for(store, profile, retry_delays=())
    assert sender.send("welcome", {"group": "caregiver"}) is True
    with locked(path):
        with pytest.raises(AnswerNotStored):
            sender.send("welcome", {"group": "bereaved"})
        with pytest.raises(AnswerNotStored):  # back to the saved choice: it must still win
            sender.send("welcome", {"group": "caregiver"})
    sender.retry_pending()
    assert groups(store, sender.code) == ["caregiver"]


def test_kept_answers_are_sent_again_without_the_person_doing_anything(small_store, profile):
    store, path = small_store
    sender = sender_for(store, profile, retry_delays=(0.05,))
    with locked(path), pytest.raises(AnswerNotStored):
        sender.send("welcome", {"group": "neighbour"})
    for _ in range(400):  # bounded by attempts; the background retry is due after 50 ms
        if store.state(sender.code).answers:
            break
        time.sleep(0.05)
    assert groups(store, sender.code, latest_only=False) == ["neighbour"]
    assert sender.pending == 0


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "Not saved yet"), ("fr", "Pas encore enregistré")]
)
def test_the_phone_says_not_saved_yet_trying_again(small_store, profile, language, expected):
    store, path = small_store
    sender = sender_for(store, profile, retry_delays=())
    messages = MessageArea()
    send = guarded(
        lambda: sender.send("welcome", {"group": "caregiver"}), messages, Translator(language)
    )
    with locked(path):
        send()
    assert expected in messages.value
    assert "wk-message-warning" in messages.value
