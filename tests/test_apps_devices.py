"""Shared phones and tablets, driven in-process: "someone else will use this phone" makes the
next person a new participant with their own consent, and the facilitator can ask every
phone at once (only with the session's key)."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from app_helpers import (
    FACILITATOR,
    answer_welcome,
    click,
    context,
    find,
    joined_participant,
    text_of,
)

from workshop_kit.apps.hub import HubApp
from workshop_kit.apps.participant import ParticipantApp
from workshop_kit.core.store import NotAuthorised, Store, _engine, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request) -> Store:
    if request.param == "sqlite":
        return request.getfixturevalue("store")
    return open_store(request.getfixturevalue("postgres_url"))


@pytest.fixture
def session(store: Store):
    return store.create_session("Evening", "en", FACILITATOR.key_hash)


def browser_remembers(app: ParticipantApp) -> None:
    """What the browser does when the page loads: report the id it remembered."""
    assert app.memory is not None
    app.memory.loaded_value = app.memory.value
    app.memory.loaded = True


def test_two_people_on_one_phone_are_two_participants_with_their_own_answers(
    store, profile, session
):
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    app = joined_participant(store, profile, session.code)
    first = app.participant_id
    assert not find(app, widgets.Button, "wk-handover")  # nothing saved yet: not offered
    answer_welcome(app, "caregiver")

    click(app, "wk-handover")  # offered once the answer is saved; asks before acting
    assert "Will someone else use this phone now?" in text_of(app)
    click(app, "wk-handover-yes")
    assert app.participant_id is None
    # the browser forgets the person's id and keeps only the page's
    assert app.memory is not None and app.memory.value == f"device:{app.device_id}"
    assert first not in app.memory.value
    assert "This phone starts afresh for a new person" in text_of(app)
    assert "Before you start" in text_of(app)
    assert not find(app, widgets.RadioButtons, "wk-welcome-group")  # nothing of theirs shows
    assert store.state(session.code).participants == 1  # not a participant before consent

    click(app, "wk-consent")
    second = app.participant_id
    assert second and second != first
    assert app.memory.value == second
    group = find(app, widgets.RadioButtons, "wk-welcome-group")[0]
    assert group.value is None  # a fresh form, not the previous person's choice
    answer_welcome(app, "bereaved")

    assert store.state(session.code).participants == 2
    answers = store.answers(session.code, "welcome")
    by_person = dict(zip(answers["participant_id"], answers["group"], strict=True))
    assert by_person == {first: "caregiver", second: "bereaved"}
    # one page: both answers carry its device id (disclosure counts the page once)
    assert set(answers["device_id"]) == {app.device_id}


def test_a_reload_after_the_hand_over_keeps_the_second_person(store, profile, session):
    app = joined_participant(store, profile, session.code)
    click(app, "wk-handover")  # the waiting screen offers it from the start
    click(app, "wk-handover-yes")
    click(app, "wk-consent")
    second = app.participant_id

    reloaded = ParticipantApp(
        context(profile, {"code": session.code}, facilitator=None), store, poll=False
    )
    reloaded.memory.value = app.memory.value  # the same browser storage
    browser_remembers(reloaded)
    assert reloaded.participant_id == second  # no consent asked, the same person
    assert store.state(session.code).participants == 2


def test_a_reload_before_the_next_person_agrees_asks_for_consent(store, profile, session):
    app = joined_participant(store, profile, session.code)
    click(app, "wk-handover")
    click(app, "wk-handover-yes")
    reloaded = ParticipantApp(
        context(profile, {"code": session.code}, facilitator=None), store, poll=False
    )
    reloaded.memory.value = app.memory.value  # the person forgotten, the page kept
    browser_remembers(reloaded)
    assert reloaded.participant_id is None
    assert find(reloaded, widgets.Button, "wk-consent")
    assert store.state(session.code).participants == 1
    click(reloaded, "wk-consent")  # the next person joins on the same page
    assert reloaded.device_id == app.device_id
    assert store.people_on_page(session.code, app.device_id) == 2


def test_the_waiting_and_screen_pages_offer_it_and_no_keeps_the_same_person(
    store, profile, session
):
    app = joined_participant(store, profile, session.code)
    assert find(app, widgets.Button, "wk-handover")  # waiting screen
    store.set_current_activity(session.code, "needs", FACILITATOR.key_hash)
    app.session_changed(app.session_view())
    assert not find(app, widgets.Button, "wk-handover")  # a form: offered once saved
    store.set_current_activity(session.code, "screen", FACILITATOR.key_hash)
    app.session_changed(app.session_view())
    person = app.participant_id
    click(app, "wk-handover")
    click(app, "wk-handover-no")
    assert app.participant_id == person
    assert find(app, widgets.Button, "wk-handover")  # still there for later
    assert not find(app, widgets.Button, "wk-handover-yes")
    assert store.state(session.code).participants == 1


def test_the_facilitator_asks_every_phone_and_each_person_decides(store, profile, session):
    phones = [joined_participant(store, profile, session.code) for _ in range(2)]
    for phone in phones:
        store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
        phone.session_changed(phone.session_view())
    hub = HubApp(context(profile), store, FACILITATOR, poll=False)
    panel = hub.open_session(session.code)
    click(panel, "wk-ask-handover")
    assert "Every phone now asks whether someone else will use it" in text_of(panel)

    for phone in phones:
        phone.session_changed(phone.session_view())  # what each phone's poll does
        assert "The facilitator asks: will someone else use this phone now?" in text_of(phone)
        assert phone.body.children[0] is phone.handover  # first thing on the screen
        assert phone.participant_id is not None  # asked, not signed out
    kept, handed = phones
    click(kept, "wk-handover-no")
    click(handed, "wk-handover-yes")
    click(handed, "wk-consent")
    assert store.state(session.code).participants == 3

    # The question is asked once per request: later polls and the new person are not asked.
    for phone in phones:
        phone.session_changed(phone.session_view())
        assert not find(phone, widgets.Button, "wk-handover-yes")
    late = joined_participant(store, profile, session.code)
    late.session_changed(late.session_view())
    assert not find(late, widgets.Button, "wk-handover-yes")


def test_asking_every_phone_needs_the_facilitator_key(store, profile, session):
    before = store.session(session.code).handover_request
    with pytest.raises(NotAuthorised):
        store.ask_for_handover(session.code, "e" * 64)
    with pytest.raises(NotAuthorised):
        store.ask_for_handover(session.code, "")
    assert store.session(session.code).handover_request == before == 0

    # Another facilitator's hub cannot ask this session's phones either: the store refuses.
    intruder = HubApp(context(profile), store, type(FACILITATOR)(key_hash="e" * 64), poll=False)
    panel = intruder.open_session(session.code)
    click(panel, "wk-ask-handover")
    assert "This page is for the workshop facilitator" in text_of(panel)
    assert store.session(session.code).handover_request == 0

    request = store.ask_for_handover(session.code, FACILITATOR.key_hash)
    assert store.session(session.code).handover_request == request > 0


def test_the_participant_page_has_no_way_to_ask_every_phone(store, profile, session):
    """A participant kernel holds no facilitator key: its page has no such control, and its
    hand-over starts a new participant on that phone only, without touching the session."""
    app = joined_participant(store, profile, session.code)
    assert not find(app, widgets.Button, "wk-ask-handover")
    assert not hasattr(app, "ask_for_handover")
    click(app, "wk-handover")
    click(app, "wk-handover-yes")
    assert store.session(session.code).handover_request == 0


def test_a_closed_session_offers_no_hand_over(store, profile, session):
    app = joined_participant(store, profile, session.code)
    store.close_session(session.code, FACILITATOR.key_hash)
    app.session_changed(app.session_view())
    assert "This workshop has ended" in text_of(app)
    assert not find(app, widgets.Button, "wk-handover")


def test_french_phones_ask_in_french(store, profile):
    french = store.create_session("Soirée", "fr", FACILITATOR.key_hash)
    app = joined_participant(store, profile, french.code)
    click(app, "wk-handover")
    assert "Quelqu&#x27;un d&#x27;autre va-t-il utiliser ce téléphone" in text_of(app)


def test_an_answer_kept_during_a_lock_is_stored_for_the_person_who_gave_it(
    tmp_path, profile, monkeypatch
):
    """A real lock: the first person's kept answer goes on being retried under their id after
    the phone passed to someone else; nothing lost, nothing given to the next person."""
    import sqlite3

    from workshop_kit.core.store import database as store_database

    monkeypatch.setattr(store_database, "SQLITE_BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "locked.sqlite"
    store = open_store(f"sqlite:///{path}")
    session = store.create_session("Evening", "en", FACILITATOR.key_hash)
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    app = joined_participant(store, profile, session.code)
    first, first_sender = app.participant_id, app.sender
    first_sender.retry_delays = ()  # retried below, by hand, instead of by a timer
    answer_welcome(app, "bereaved")
    click(app, "wk-handover")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        find(app, widgets.RadioButtons, "wk-welcome-group")[0].value = "caregiver"
        click(app, "wk-submit")  # they change their mind while the store is locked
        assert "Not saved yet" in text_of(app)
        assert first_sender.pending == 1
        click(app, "wk-handover-yes")  # touches no table: works while the store is locked
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    click(app, "wk-consent")
    assert app.participant_id != first
    first_sender.retry_pending()  # what its own timer does
    answers = store.answers(session.code, "welcome")
    assert answers[["participant_id", "group"]].values.tolist() == [[first, "caregiver"]]
    store.engine.dispose()
    _engine.cache_clear()


def test_hand_over_requests_are_kept_per_session_by_the_store(any_store: Store):
    """SQLite and PostgreSQL alike: each request is newer than the last, and belongs to its
    own session (another session's phones are not asked)."""
    mine = any_store.create_session("Mine", "en", FACILITATOR.key_hash)
    other = any_store.create_session("Other", "en", FACILITATOR.key_hash)
    first = any_store.ask_for_handover(mine.code, FACILITATOR.key_hash)
    second = any_store.ask_for_handover(mine.code, FACILITATOR.key_hash)
    assert 0 < first < second == any_store.session(mine.code).handover_request
    assert any_store.session(other.code).handover_request == 0
    listed = {s.code: s.handover_request for s in any_store.sessions_for(FACILITATOR.key_hash)}
    assert listed == {mine.code: second, other.code: 0}


def test_a_store_from_before_hand_overs_gains_the_table_and_keeps_its_sessions(tmp_path):
    import sqlite3

    path = tmp_path / "before.sqlite"
    url = f"sqlite:///{path}"
    old = open_store(url)
    session = old.create_session("Before", "en", FACILITATOR.key_hash)
    old.engine.dispose()
    _engine.cache_clear()
    with sqlite3.connect(path) as connection:  # as a kit without hand-overs left it
        connection.execute("DROP TABLE handover_requests")
    reopened = open_store(url)
    assert reopened.session(session.code).handover_request == 0
    assert reopened.ask_for_handover(session.code, FACILITATOR.key_hash) > 0
    reopened.engine.dispose()
    _engine.cache_clear()
