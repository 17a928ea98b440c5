"""The hub and participant apps driven in-process: clicks, messages, and what reaches the store."""

from __future__ import annotations

import re
import sqlite3

import ipywidgets as widgets
import pytest
from app_helpers import FACILITATOR, context, find, joined_participant, text_of

from workshop_kit.apps.hub import HubApp, hub_app
from workshop_kit.apps.participant import ParticipantApp
from workshop_kit.core.answers import validate_answer
from workshop_kit.core.bundle import BUNDLE_FILE
from workshop_kit.core.release import show_results
from workshop_kit.core.store import Store, _engine, open_store
from workshop_kit.core.store import database as store_database
from workshop_kit.core.widgets import LivePoll


@pytest.fixture
def session(store: Store):
    return store.create_session("Evening", "en", FACILITATOR.key_hash)


def test_participant_joins_answers_and_a_double_click_stores_once(store, profile, session):
    app = joined_participant(store, profile, session.code)
    assert store.state(session.code).participants == 1
    assert find(app, widgets.VBox, "wk-activity-waiting")
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    app.follow(store.session(session.code).current_activity)
    find(app, widgets.RadioButtons, "wk-welcome-group")[0].value = "bereaved"
    find(app, widgets.Dropdown, "wk-welcome-area")[0].value = "riverside"
    send = find(app, widgets.Button, "wk-submit")[0]
    send.click()
    assert "Saved" in text_of(app)
    send.click()
    assert "Already saved" in text_of(app)
    answers = store.answers(session.code, "welcome", latest_only=False)
    assert answers[["group", "area"]].values.tolist() == [["bereaved", "riverside"]]


def test_changing_back_to_an_earlier_answer_is_stored_so_the_latest_counts(store, profile, session):
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    app = joined_participant(store, profile, session.code)
    group = find(app, widgets.RadioButtons, "wk-welcome-group")[0]
    send = find(app, widgets.Button, "wk-submit")[0]
    for choice in ("caregiver", "other", "caregiver"):
        group.value = choice
        send.click()
    assert store.answers(session.code, "welcome")["group"].tolist() == ["caregiver"]
    assert len(store.answers(session.code, "welcome", latest_only=False)) == 3


def test_a_missing_choice_is_asked_for_not_sent(store, profile, session):
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    app = joined_participant(store, profile, session.code)
    find(app, widgets.Button, "wk-submit")[0].click()
    assert "Please choose one option" in text_of(app)
    assert store.state(session.code).answers == 0


def test_a_locked_store_gets_a_clear_message_keeps_the_answer_and_says_when_it_is_saved(
    tmp_path, profile, monkeypatch
):
    """A real lock held by another program, not a stub: the phone tells the truth throughout."""
    monkeypatch.setattr(store_database, "SQLITE_BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "locked.sqlite"
    store = open_store(f"sqlite:///{path}")
    session = store.create_session("Evening", "en", FACILITATOR.key_hash)
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    app = joined_participant(store, profile, session.code)
    app.sender.retry_delays = ()  # retried below, by hand, instead of by a timer
    group = find(app, widgets.RadioButtons, "wk-welcome-group")[0]
    send = find(app, widgets.Button, "wk-submit")[0]
    group.value = "caregiver"
    send.click()

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    group.value = "bereaved"
    send.click()
    assert "Not saved yet" in text_of(app)
    assert not send.disabled
    assert app.sender.pending == 1
    holder.execute("ROLLBACK")
    holder.close()

    assert store.answers(session.code, "welcome")["group"].tolist() == ["caregiver"]
    app.sender.retry_pending()  # what the sender's own timer does
    app.kept_answers(app.sender.pending)  # what the page's poll does
    assert "Not saved yet" not in text_of(app)
    assert "your answer is now stored" in text_of(app)
    assert store.answers(session.code, "welcome")["group"].tolist() == ["bereaved"]
    store.engine.dispose()
    _engine.cache_clear()


def test_a_wrong_code_is_explained_and_the_join_form_stays(store, profile):
    app = ParticipantApp(context(profile, {"code": "nope<b>"}, facilitator=None), store, False)
    assert "No open workshop has the code NOPEB" in text_of(app)
    assert find(app, widgets.Text, "wk-code-entry")


def test_a_closed_session_says_thank_you(store, profile, session):
    store.close_session(session.code, FACILITATOR.key_hash)
    app = ParticipantApp(context(profile, {"code": session.code}, facilitator=None), store, False)
    assert "This workshop has ended" in text_of(app)
    assert not find(app, widgets.Button, "wk-consent")


def test_a_french_session_speaks_french_unless_the_link_asks_otherwise(store, profile):
    french = store.create_session("Soirée", "fr", FACILITATOR.key_hash)
    app = ParticipantApp(context(profile, {"code": french.code}, facilitator=None), store, False)
    assert "Avant de commencer" in text_of(app)
    forced = ParticipantApp(
        context(profile, {"code": french.code, "lang": "en"}, facilitator=None), store, False
    )
    assert "Before you start" in text_of(forced)


def test_hub_creates_a_session_and_changes_what_participants_see(store, profile):
    hub = HubApp(context(profile), store, FACILITATOR, poll=False)
    find(hub, widgets.Button, "wk-create-session")[0].click()
    assert "Please give the session a title" in text_of(hub)
    find(hub, widgets.Text, "wk-session-title-input")[0].value = "Town hall"
    find(hub, widgets.Button, "wk-create-session")[0].click()
    code = store.sessions_for(FACILITATOR.key_hash)[0].code
    assert code in text_of(hub)
    assert "<svg" in text_of(hub)  # the QR code
    assert f"http://127.0.0.1:8866/join/{code}" in text_of(hub)
    find(hub, widgets.ToggleButtons, "wk-activity-choice")[0].value = "welcome"
    assert store.session(code).current_activity == "welcome"
    assert "No answers yet" in text_of(hub)


def test_hub_delete_needs_two_clicks(store, profile, session):
    participant = joined_participant(store, profile, session.code)
    assert participant.participant_id
    hub = HubApp(context(profile), store, FACILITATOR, poll=False)
    panel = hub.open_session(session.code)
    delete = find(panel, widgets.Button, "wk-delete-answers")[0]
    delete.click()
    assert store.state(session.code).participants == 1
    delete.click()
    assert store.state(session.code).participants == 0


def test_hub_exports_the_report_the_shown_results_and_the_full_backup(
    store, profile, session, tmp_path, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path / "home"))
    for group in ["caregiver"] * 5:
        participant = store.join(session.code)
        answer = validate_answer("welcome", {"group": group}, profile)
        store.add_answer(session.code, participant, answer, f"w-{participant}")
    show_results(store, session.code, "welcome", FACILITATOR.key_hash, 5)
    hub = HubApp(context(profile), store, FACILITATOR, poll=False)
    panel = hub.open_session(session.code)
    find(panel, widgets.Button, "wk-export-report")[0].click()
    links = find(panel, widgets.HTML, "wk-report-downloads")[0].value
    for name in (
        "report.html",
        "shown-welcome-what-brings-people-here-today.csv",
        "shown-results.xlsx",
        BUNDLE_FILE,
    ):
        assert f'download="{name}"' in links
    assert "rows-" not in links  # no row-level file unless asked for
    # the full backup says what it is beside its link
    assert re.search(
        re.escape(f'download="{BUNDLE_FILE}"') + r"[^<]*>[^<]*</a> <strong[^>]*>\(full backup",
        links,
    )
    folder = tmp_path / "home" / "exports" / session.code
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "What brings people here today" in report and "Caregiver" in report
    assert str(folder) in links
    find(panel, widgets.Button, "wk-export-rows")[0].click()  # the separate, explicit option
    links = find(panel, widgets.HTML, "wk-report-downloads")[0].value
    assert 'download="rows-welcome.csv"' in links and 'download="rows-answers.xlsx"' in links


def test_hub_lists_only_this_facilitators_sessions(store, profile, session):
    store.create_session("Someone else's", "en", "e" * 64)
    hub = HubApp(context(profile), store, FACILITATOR, poll=False)
    shown = text_of(hub)
    assert "Evening" in shown and session.code not in shown  # listed without its join code
    assert "Someone else" not in shown


def test_hub_page_without_the_key_is_refused(monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv("WORKSHOP_KIT_FACILITATOR_KEY_HASH", "0" * 64)
    monkeypatch.setenv("QUERY_STRING", "code=ABC")
    page = hub_app(poll=False)
    assert "This page is for the workshop facilitator" in page.value


def test_live_poll_redraws_only_when_something_changed():
    values = iter([1, 1, 2, 2, 2, 3])
    drawn = []
    poll = LivePoll(lambda: next(values), drawn.append)
    results = [poll.poll_once() for _ in range(6)]
    assert results == [True, False, True, False, False, True]
    assert drawn == [1, 2, 3]


def test_live_poll_spaces_heavy_redraws_but_never_drops_a_change():
    now = [0.0]
    values = iter([1, 2, 3, 3, 3, 3])
    drawn = []
    poll = LivePoll(lambda: next(values), drawn.append, min_redraw_seconds=4, clock=lambda: now[0])
    outcomes = []
    for _ in range(6):
        outcomes.append(poll.poll_once())
        now[0] += 2
    # t=0 draws 1; t=2 sees 2 too soon; t=4 draws 3 (the latest); nothing new after
    assert outcomes == [True, False, True, False, False, False]
    assert drawn == [1, 3]
