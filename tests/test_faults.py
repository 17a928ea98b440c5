"""Faults on real processes: a database locked by another program, a server killed mid-session.

Nothing acknowledged is lost, and every phone tells the truth while it waits.
"""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest
from app_helpers import FACILITATOR, context, find, joined_participant, text_of
from browser_helpers import PAGE_READY_MS, send_group, warm_up_with_a_phone
from conftest import start_server, stop_server, wait_until
from playwright.sync_api import expect

from workshop_kit.core.store import _engine, open_store
from workshop_kit.core.store import database as store_database

PHONES = 10
LOCK_SECONDS = 10

HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


def answer_caregiver(phone) -> None:
    find(phone, widgets.RadioButtons, "wk-welcome-group")[0].value = "caregiver"
    find(phone, widgets.Button, "wk-submit")[0].click()


def test_ten_phones_answering_while_another_program_locks_the_database(
    tmp_path: Path, profile, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(store_database, "SQLITE_BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "hall.sqlite"
    store = open_store(f"sqlite:///{path}")
    session = store.create_session("Locked", "en", FACILITATOR.key_hash)
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    phones = [joined_participant(store, profile, session.code) for _ in range(PHONES)]
    for phone in phones:
        phone.sender.retry_delays = (1.0,)  # the sender's own timer, shortened for the test

    locker = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), str(LOCK_SECONDS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        # The phones answer at the same moment, each from its own thread (as their kernels
        # would): each send waits out the store's retries against the lock, then keeps the answer.
        with concurrent.futures.ThreadPoolExecutor(PHONES) as hall:
            list(hall.map(answer_caregiver, phones))
        # While the lock is held, every phone says the truth: kept, not saved yet.
        assert locker.poll() is None, "the lock ended before every phone had answered"
        for phone in phones:
            assert "Not saved yet" in text_of(phone)
            assert "Saved" not in text_of(phone).replace("Not saved yet", "")
        locker.wait(timeout=LOCK_SECONDS + 30)
    finally:
        locker.kill()

    # Once the lock goes, the senders retry on their own and each answer is stored once.
    wait_until(
        lambda: all(phone.sender.pending == 0 for phone in phones),
        timeout=60,
        message="kept answers were never stored",
    )
    for phone in phones:
        phone.kept_answers(phone.sender.pending)  # what each page's poll does
        assert "your answer is now stored" in text_of(phone)
    stored = store.answers(session.code, "welcome", latest_only=False)
    assert len(stored) == PHONES
    assert stored["participant_id"].nunique() == PHONES
    store.engine.dispose()
    _engine.cache_clear()


@pytest.mark.browser
@pytest.mark.server
def test_a_server_killed_mid_session_loses_no_answer_and_phones_rejoin_without_consent(
    tmp_path: Path, new_page
):
    data = tmp_path / "killed"
    server = start_server(data)
    try:
        hub, phone, code = warm_up_with_a_phone(new_page, server, "Power cut")
        send_group(phone, "Bereaved")
        phone.evaluate("() => { window.wkBeforeTheCut = true; }")

        os.killpg(server.process.pid, signal.SIGKILL)  # the server and all its kernels
        server.process.wait(timeout=30)
        expect(phone.locator(".wk-notice")).to_contain_text(
            "connection was lost", timeout=PAGE_READY_MS
        )

        server = start_server(data, port=int(server.base_url.rsplit(":", 1)[1]))
        # The phone reloads by itself, into the current activity, as the same participant.
        phone.wait_for_function("() => window.wkBeforeTheCut === undefined", timeout=PAGE_READY_MS)
        phone.wait_for_selector(".wk-welcome-group", timeout=PAGE_READY_MS)
        expect(phone.locator(".wk-consent")).to_have_count(0)
        # The facilitator is still signed in after the restart (the cookie's secret is kept).
        hub.goto(f"{server.base_url}/voila/render/00_start_here.ipynb")
        hub.wait_for_selector(".wk-create-session", timeout=PAGE_READY_MS)
        store = open_store(server.db_url)
        assert store.state(code).participants == 1
        assert store.answers(code, "welcome")["group"].tolist() == ["bereaved"]
    finally:
        stop_server(server)


# -- a full disk, a read-only disk: a real small filesystem -----------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs of its own (needs root, as in CI; skipped where mounting is not allowed)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        _engine.cache_clear()
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte; returns the filler file to delete later."""
    filler = disk / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler


def integrity(path: Path) -> str:
    import sqlite3

    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_full_disk_keeps_what_was_saved_and_the_facilitator_is_told(small_disk, profile):
    from workshop_kit.apps.hub import SessionPanel

    path = small_disk / "workshop.sqlite"
    store = open_store(f"sqlite:///{path}")
    session = store.create_session("Full disk", "en", FACILITATOR.key_hash)
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    first = joined_participant(store, profile, session.code)
    answer_caregiver(first)
    assert "Saved" in text_of(first)
    panel = SessionPanel(context(profile), store, FACILITATOR, store.session(session.code))

    second = joined_participant(store, profile, session.code)
    second.sender.retry_delays = ()  # retried below, by hand

    filler = fill(small_disk)
    answer_caregiver(second)
    assert "Not saved yet" in text_of(second)
    panel.activity_choice.value = "screen"  # a facilitator action while the disk is full
    assert "cannot be reached just now" in panel.messages.value
    assert store.session(session.code).current_activity == "welcome"

    filler.unlink()
    second.sender.retry_pending()
    assert second.sender.pending == 0
    assert integrity(path) == "ok"
    stored = store.answers(session.code, "welcome", latest_only=False)
    assert stored["participant_id"].nunique() == 2  # the first answer kept, the second stored
    store.set_current_activity(session.code, "screen", FACILITATOR.key_hash)  # works again
    store.engine.dispose()


def test_a_read_only_disk_keeps_what_was_saved_and_writes_resume_after(small_disk, profile):
    path = small_disk / "workshop.sqlite"
    store = open_store(f"sqlite:///{path}")
    session = store.create_session("Read-only", "en", FACILITATOR.key_hash)
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    phone = joined_participant(store, profile, session.code)
    phone.sender.retry_delays = ()
    answer_caregiver(phone)
    assert "Saved" in text_of(phone)

    store.engine.dispose()  # no file open for writing, or the disk cannot turn read-only
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        find(phone, widgets.RadioButtons, "wk-welcome-group")[0].value = "bereaved"
        find(phone, widgets.Button, "wk-submit")[0].click()
        assert "Not saved yet" in text_of(phone)
        assert phone.sender.pending == 1
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)

    phone.sender.retry_pending()
    assert phone.sender.pending == 0
    assert integrity(path) == "ok"
    groups = store.answers(session.code, "welcome", latest_only=False)["group"].tolist()
    assert groups == ["caregiver", "bereaved"]
    store.engine.dispose()
