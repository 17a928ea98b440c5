"""The caregiver-load page in the kit's facilitator page frame, as a kernel opens it.

Without a session it shows the estimate from the profile alone; with one it also shows the
room's own answers, released in whole blocks of ``min_cell_size`` people exactly as the hub
does; a participant link is refused before anything else, even a broken profile's problems.
"""

from __future__ import annotations

import copy

import ipywidgets as widgets
import pytest
import yaml
from app_helpers import find, text_of

from workshop_kit.activities.caregiving.page import CaregiverLoadApp, caregiver_load_page
from workshop_kit.auth import KEY_HASH_VARIABLE, LOCAL_KEY_HASH, SIGN_IN_VARIABLE
from workshop_kit.core.answers import validate_answer
from workshop_kit.core.context import PROFILE_VARIABLE
from workshop_kit.core.page import NO_SESSION, FacilitatorPage
from workshop_kit.core.release import set_live, show_results
from workshop_kit.paths import sample_profile_path


@pytest.fixture
def open_page(monkeypatch, db_url):
    """Open the page as its kernel would, for the query string given.

    Outside Voilà the notebook runs for whoever runs it (the facilitator, with the local
    key); ``voila=True`` makes it a served page opened by a link without a signed-in key.
    """
    for name in ("SERVER_SOFTWARE", "VOILA_PREHEAT", KEY_HASH_VARIABLE, SIGN_IN_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKSHOP_KIT_DB", db_url)

    def open_(query: str = "", voila: bool = False) -> widgets.Widget:
        monkeypatch.setenv("QUERY_STRING", query)
        if voila:
            monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
        return caregiver_load_page(poll=False)

    return open_


@pytest.fixture
def session(store):
    return store.create_session("Evening", "en", LOCAL_KEY_HASH)


def answer(store, code: str, hours: float) -> None:
    participant = store.join(code)
    payload = validate_answer("caregiving", {"hours_per_week": hours, "tasks": []})
    assert store.add_answer(code, participant, payload, f"{participant}-1")


def room_text(page: FacilitatorPage) -> str:
    return " ".join(w.value for w in find(page, widgets.HTML) if "wk-summary" in w._dom_classes)


def broken_profile(tmp_path, monkeypatch) -> None:
    raw = yaml.safe_load(sample_profile_path().read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    raw["areas"][1]["population"]["65-74"] = -5
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv(PROFILE_VARIABLE, str(path))


def test_without_a_session_the_page_shows_the_profile_estimate_alone(open_page, session):
    page = open_page()
    assert isinstance(page, FacilitatorPage)
    assert page.chooser.value == NO_SESSION
    assert page.chooser.options[0][0] == "No live session (the community profile alone)"
    view = page.view
    assert isinstance(view, CaregiverLoadApp)
    assert view.room_answers is None and view.room.children == ()
    assert "About 4,200 people in Riverbend" in view.sentence.value
    # the frame's title and synthetic-data banner, said once
    assert "<h1>Caregiver load</h1>" in text_of(page)
    assert text_of(page).count("Riverbend is a synthetic community") == 1


def test_a_session_adds_the_rooms_answers_in_blocks_of_five(open_page, store, session):
    page = open_page(f"code={session.code}")
    assert page.chooser.value == session.code
    view = page.view
    assert isinstance(view, CaregiverLoadApp)
    assert "Evening" in text_of(page)
    assert "About 4,200 people in Riverbend" in view.sentence.value
    empty = room_text(page)
    assert "No answers yet" in empty
    # the facilitator shows results live: they come in whole blocks of five people
    set_live(store, session.code, "caregiving", True, LOCAL_KEY_HASH, 5)
    for hours in (10, 12, 7, 20):  # four people: not yet a block, so nothing moves
        answer(store, session.code, hours)
        view.refresh()  # what the frame's poller does when the answers change
        assert room_text(page) == empty
    answer(store, session.code, 3)
    view.refresh()
    first = room_text(page)
    assert "The 5 people in this room who gave their hours give about 50 hours" in first
    panel = view.room.children[0]
    for hours in (35, 1, 2, 4):  # four more: the screen must not move by one person's hours
        answer(store, session.code, hours)
        view.refresh()
        assert room_text(page) == first
        assert view.room.children[0] is panel  # nothing released: not even redrawn
    answer(store, session.code, 9)
    view.refresh()
    assert "The 10 people in this room who gave their hours give about 100 hours" in room_text(page)


def test_the_room_on_the_page_follows_the_sliders_but_not_one_answer(open_page, store, session):
    for hours in (10, 12, 7, 20, 3):
        answer(store, session.code, hours)
    show_results(store, session.code, "caregiving", LOCAL_KEY_HASH, 5)
    page = open_page(f"code={session.code}")
    view = page.view
    before = room_text(page)
    assert "The 5 people" in before
    view.sliders["rate"].value = 140  # the community figure beside the room's follows
    assert room_text(page) != before
    assert "The 5 people" in room_text(page)


def test_choosing_no_session_after_a_session_drops_the_room(open_page, store, session):
    for hours in (10, 12, 7, 20, 3):
        answer(store, session.code, hours)
    page = open_page(f"code={session.code}")
    assert page.view.room.children
    page.chooser.value = NO_SESSION
    assert page.view.room_answers is None and page.view.room.children == ()


def test_a_participant_link_is_refused_before_anything_else(open_page, tmp_path, monkeypatch):
    page = open_page(voila=True)
    assert 'class="wk-refusal"' in page.value
    broken_profile(tmp_path, monkeypatch)
    page = open_page("lang=fr", voila=True)
    assert 'class="wk-refusal"' in page.value  # not the profile's problems
    assert "animateur" in page.value  # in the language the link asked for
    assert "65-74" not in page.value


def test_a_broken_profile_is_listed_for_the_facilitator(open_page, tmp_path, monkeypatch):
    broken_profile(tmp_path, monkeypatch)
    page = open_page()
    assert "wk-problems" in page._dom_classes
    assert "This page cannot start" in page.value
    assert "<li>areas.1.population.65-74" in page.value
