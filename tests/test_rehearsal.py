"""Rehearsals: simulated phones fill a practice session, which says so and then disappears.

A rehearsal of 20 simulated phones (sped up) fills every activity through the phones' own
answer path; once deleted, nothing of it is left in the store. A kept practice session says
"Practice" on the hub, the phone, the facilitator page and the report; the store never
deletes a real session as practice, and an older store gains the practice flag.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.app_helpers import FACILITATOR, context, joined_participant, text_of
from workshop_kit.apps.hub import HubApp, SessionPanel
from workshop_kit.auth import KEY_FILE_NAME, Facilitator, hash_key
from workshop_kit.cli import main
from workshop_kit.core import report as report_module
from workshop_kit.core.activity import discover
from workshop_kit.core.bundle import BundleError, read_bundle, session_bundle
from workshop_kit.core.report import build_report, report_html
from workshop_kit.core.store import NotAuthorised, _engine, open_store, sqlite_url
from workshop_kit.core.store import limits as store_limits
from workshop_kit.core.store.schema import (
    answers_table,
    handover_table,
    participants_table,
    sessions_table,
)
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile
from workshop_kit.trainer.rehearsal import Rehearsal, RehearsalSettings

KEY = FACILITATOR.key_hash


def rows(store) -> dict[str, int]:
    tables = (sessions_table, participants_table, answers_table, handover_table)
    with store.engine.connect() as connection:
        return {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar() for t in tables
        }


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    if request.param == "sqlite":
        return open_store(sqlite_url(tmp_path / "rehearsal.sqlite"))
    return open_store(request.getfixturevalue("postgres_url"))


@pytest.fixture
def memory_folder(tmp_path) -> Iterator[Path]:
    """A folder in RAM when the machine has one: 660 answers each synced to disk (about 9 ms
    apiece here) would make this test measure the disk, not the rehearsal."""
    if not Path("/dev/shm").is_dir():
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(dir="/dev/shm"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_twenty_simulated_phones_fill_every_activity_and_leave_nothing_behind(
    memory_folder, profile, monkeypatch
):
    # The rehearsal runs 400 times faster than a hall here, so each page's answers per second
    # are 400 times a person's: the store's per-page rate limit (which a human-speed rehearsal
    # never reaches) is scaled by the same factor.
    scaled = tuple((most * 400, span) for most, span in store_limits.ANSWER_LIMITS)
    monkeypatch.setattr(store_limits, "ANSWER_LIMITS", scaled)
    store = open_store(sqlite_url(memory_folder / "rehearsal.sqlite"))
    real = store.create_session("Real workshop", "en", KEY)
    before = rows(store)
    settings = RehearsalSettings(phones=20, speed=400, seed=21, max_activity_seconds=40_000)
    lines: list[str] = []
    result = Rehearsal(store, KEY, profile, settings, say=lines.append).run()
    assert result.errors == []
    assert result.activities == list(discover())  # every activity, in the hub's order
    assert result.participants == 20
    for activity in result.activities:
        assert result.answers[activity] > 0, activity
    assert result.answers["welcome"] == 20 and result.answers["charter"] >= 20
    assert "20 of 20 phones answered." in lines
    # deleted whole: the store is as it was, the real session untouched
    assert rows(store) == before
    assert [s.code for s in store.sessions_for(KEY)] == [real.code]


def test_a_kept_practice_session_says_practice_on_every_screen_and_in_the_report(
    tmp_path, memory_folder, monkeypatch, capsys
):
    """Kept, it follows the community's plan (two activities here), and every screen and
    the report title say Practice."""
    community = tmp_path / "town"
    shutil.copytree(sample_profile_path().parent, community)
    (community / "plan.yaml").write_text(
        "minutes: 120\nactivities: [needs, welcome]\n", encoding="utf-8"
    )
    profile = load_profile(community / "profile.yaml")
    url = sqlite_url(memory_folder / "kept.sqlite")
    home = tmp_path / "home"
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(home))
    monkeypatch.setenv("WORKSHOP_KIT_DB", url)
    arguments = ["--phones", "6", "--keep", "--speed", "2000", "--seed", "4"]
    assert main(["rehearse", *arguments, "--profile", str(community / "profile.yaml")]) == 0
    out = capsys.readouterr().out
    assert "kept (--keep)" in out
    assert out.index("Community needs assessment:") < out.index("What brings you here today:")
    store = open_store(url)
    facilitator = Facilitator(key_hash=hash_key((home / KEY_FILE_NAME).read_text().strip()))
    (session,) = store.sessions_for(facilitator.key_hash)
    assert session.rehearsal and session.title.startswith("Rehearsal ")
    hub = HubApp(context(profile), store, facilitator, poll=False)
    assert "Practice: Rehearsal" in text_of(hub)
    panel = SessionPanel(context(profile), store, facilitator, session)
    assert "Practice: Rehearsal" in text_of(panel)
    store.reopen_session(session.code, facilitator.key_hash)
    assert "Practice: Rehearsal" in text_of(joined_participant(store, profile, session.code))
    # the report's title (its sections are the activities' own, tested with them)
    monkeypatch.setattr(report_module, "report_sections", lambda _context: [])
    report = report_html(build_report(store, session.code, profile, "fr"))
    assert "<title>" in report and "Entraînement : Rehearsal" in report
    # never mixed: its bundle goes into no real session, a real one's into no practice
    real = store.create_session("Real", "en", facilitator.key_hash)
    practice_bundle = session_bundle(store, session.code)
    with pytest.raises(BundleError, match="never mix"):
        read_bundle(practice_bundle, real.code, profile, context(profile).t)
    assert read_bundle(practice_bundle, "XYZ234", profile, context(profile).t, into_practice=True)
    with pytest.raises(BundleError, match="never mix"):
        read_bundle(
            session_bundle(store, real.code), session.code, profile, context(profile).t, True
        )
    assert main(["session", "delete", session.code, "--yes"]) == 0  # whole, as practice
    assert "nothing of it is left" in capsys.readouterr().out
    assert [s.code for s in store.sessions_for(facilitator.key_hash)] == [real.code]


def test_a_real_session_is_never_deleted_as_practice(any_store):
    real = any_store.create_session("Real", "en", KEY)
    practice = any_store.create_session("Try", "en", KEY, rehearsal=True)
    with pytest.raises(NotAuthorised):
        any_store.delete_rehearsal(real.code, KEY)
    with pytest.raises(NotAuthorised):
        any_store.delete_rehearsal(practice.code, "b" * 64)  # not its facilitator
    assert not any_store.session(real.code).rehearsal and any_store.session(practice.code).rehearsal
    any_store.delete_rehearsal(practice.code, KEY)
    assert [s.code for s in any_store.sessions_for(KEY)] == [real.code]


def test_an_older_store_gains_the_practice_flag_and_its_sessions_stay_real(tmp_path):
    path = tmp_path / "schema1.sqlite"
    with sqlite3.connect(path) as connection:  # the sessions table as schema 1 made it
        connection.executescript(
            """
            CREATE TABLE kit_meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO kit_meta VALUES ('schema_version', '1');
            CREATE TABLE sessions (id INTEGER PRIMARY KEY, code VARCHAR(16) UNIQUE NOT NULL,
              title VARCHAR(200) NOT NULL, language VARCHAR(8) NOT NULL,
              current_activity VARCHAR(64) NOT NULL, status VARCHAR(16) NOT NULL,
              facilitator_key_hash VARCHAR(64) NOT NULL, profile_name VARCHAR(200) NOT NULL,
              created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
            INSERT INTO sessions VALUES (1, 'OLD234', 'Last year', 'en', 'waiting', 'open',
              'aaaa', '', '2025-05-01 10:00:00', '2025-05-01 10:00:00');
            """
        )
    store = open_store(sqlite_url(path))
    assert store.schema_version >= 2
    assert store.session("OLD234").rehearsal is False
    assert (tmp_path / "schema1.sqlite.schema1.bak").exists()
    store.engine.dispose()
    _engine.cache_clear()
