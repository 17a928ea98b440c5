"""The projector view driven in-process: it follows the hub, says only what the room may see,
and speaks the session's language; the hub (the facilitator's console) shows one join code."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest
from app_helpers import FACILITATOR, context, find, text_of

from workshop_kit.apps.hub import HubApp
from workshop_kit.apps.projector import ProjectorView, chosen_session
from workshop_kit.core.registry import LiveResults, activities
from workshop_kit.i18n import load_catalog


def projector(store, profile, session, language="en") -> ProjectorView:
    return ProjectorView(context(profile, language=language), store, session, poll=False)


def test_the_projector_follows_the_activity_the_hub_chooses(store, profile):
    session = store.create_session("Evening", "en", FACILITATOR.key_hash)
    view = projector(store, profile, session)
    assert session.code in text_of(view.join)
    assert find(view, LiveResults) == []  # nothing chosen yet: the join panel alone

    for activity in activities().values():
        store.set_current_activity(session.code, activity.id, FACILITATOR.key_hash)
        view.live.follow(store.state(session.code))
        assert activity.title_key and view.live.activity_id == activity.id
        shown = find(view.live, LiveResults)
        assert len(shown) == (activity.results is not None)
        assert re.search(re.escape(view.context.t(activity.title_key)), text_of(view.live))


def test_the_projector_has_no_control_no_other_session_and_no_notes(store, profile):
    other = store.create_session("Yesterday", "en", FACILITATOR.key_hash)
    session = store.create_session("Evening", "en", FACILITATOR.key_hash)
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    view = projector(store, profile, session)
    assert find(view, widgets.Button) == [] and find(view, widgets.Dropdown) == []
    assert other.code not in text_of(view) and "Yesterday" not in text_of(view)
    assert "notes" not in text_of(view).lower()


def english_fragments() -> dict[str, list[str]]:
    """Each English text's fixed words (between placeholders) that the French text lacks."""
    english, french = load_catalog("en"), load_catalog("fr")
    fragments = {}
    for key, text in english.items():
        texts = text.values() if isinstance(text, dict) else [text]
        parts = [p.strip() for t in texts for p in re.split(r"\{[^}]*\}", str(t))]
        french_text = str(french.get(key, ""))
        parts = [p for p in parts if len(p) >= 12 and p not in french_text]
        if parts:
            fragments[key] = parts
    return fragments


def test_a_french_session_is_projected_with_no_english_catalog_text(store, profile):
    session = store.create_session("Soirée", "fr", FACILITATOR.key_hash)
    view = projector(store, profile, session, language="en")  # the facilitator's page: English
    fragments = english_fragments()
    for activity in activities():
        store.set_current_activity(session.code, activity, FACILITATOR.key_hash)
        view.live.follow(store.state(session.code))
        page = text_of(view)
        found = {k: p for k, parts in fragments.items() for p in parts if p in page}
        assert found == {}, activity
    assert view.context.language == "fr"


def test_the_projector_shows_the_session_asked_for_and_only_this_facilitators(store, profile):
    older = store.create_session("Older", "en", FACILITATOR.key_hash)
    newer = store.create_session("Newer", "en", FACILITATOR.key_hash)
    someone_else = store.create_session("Theirs", "en", "0" * 64)
    assert chosen_session(store, FACILITATOR.key_hash, older.code.lower()).code == older.code
    assert chosen_session(store, FACILITATOR.key_hash, "").code == newer.code
    assert chosen_session(store, FACILITATOR.key_hash, someone_else.code) is None


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_console_shows_only_the_open_sessions_join_code(store, profile, language):
    first = store.create_session("First", language, FACILITATOR.key_hash)
    second = store.create_session("Second", language, FACILITATOR.key_hash)
    hub = HubApp(context(profile, language=language), store, FACILITATOR, poll=False)
    assert first.code not in text_of(hub) and second.code not in text_of(hub)
    assert len(find(hub, widgets.Button, "wk-open-session")) == 2  # both can be reopened
    hub.open_session(first.code)
    page = text_of(hub)
    assert first.code in page and second.code not in page
    assert f"projector.ipynb?code={first.code}" in page
    assert ("Français" if language == "fr" else "English") in text_of(hub.panel)
