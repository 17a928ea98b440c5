"""Facilitator notes: read from notebooks/notes/, shown to the facilitator only, closed by default.

The projected view (the hub, an activity's page) holds no word of the notes until the
facilitator opens them; a participant's phone never loads them; markdown cannot inject markup.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import pytest
from app_helpers import FACILITATOR, context, find, joined_participant, text_of
from notes_helpers import phrases, shown_anywhere

from workshop_kit.activities.needs.page import NeedsPageView
from workshop_kit.apps.hub import HubApp
from workshop_kit.core.notes import (
    HUB_NOTES,
    NotesError,
    load_notes,
    notes_html,
    notes_path,
    notes_stem_for,
    notes_stems,
    parse_notes,
)
from workshop_kit.core.notes_panel import NotesPanel
from workshop_kit.core.page import FacilitatorPage, facilitator_page
from workshop_kit.i18n import Translator, available_languages

ROOT = Path(__file__).resolve().parent.parent


def widget_state(root: widgets.Widget) -> str:
    """Every text in the state of the widgets under ``root``: values, descriptions, tooltips,
    options, placeholders (what Voilà sends the browser, but for images)."""
    texts = []
    for widget in find(root, widgets.Widget):
        for key in widget.keys:
            value = getattr(widget, key, None)
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, list | tuple) and not any(
                isinstance(v, widgets.Widget) for v in value
            ):
                texts.append(json.dumps(value, ensure_ascii=False, default=str))
    return "\n".join(texts)


# -- the files --------------------------------------------------------------------------------


def test_every_notes_file_has_the_lesson_sections_and_a_timed_script():
    assert HUB_NOTES in notes_stems()
    for stem in notes_stems():
        for language in available_languages():
            notes = load_notes(stem, language)
            assert notes is not None and notes.language == language
            assert [s.id for s in notes.sections][:4] == ["goals", "time", "prepare", "script"]
            assert notes.steps, f"{stem}.{language}: the script has no timed step"


def test_an_activity_finds_its_notes_through_its_declared_page():
    assert notes_stem_for("workshop_kit.activities.needs.page") == "01_needs_assessment"
    assert notes_stem_for("workshop_kit.activities.caregiving.page") == "03_caregiver_load"
    assert notes_stem_for("workshop_kit.activities.welcome.live") is None  # no page
    assert notes_stem_for("workshop_kit.apps.hub") is None


def test_an_address_cannot_name_a_file_outside_the_notes():
    for stem in ("../../etc/passwd", "00_start_here.en", "", "a/b", "x" * 65):
        assert notes_path(stem, "en") is None
    assert notes_path("00_start_here", "xx") is None
    assert notes_path("00_start_here", "en") is not None


SAMPLE = """---
closing_steps: 1
---
# A page

## Goal and questions
Why <script>alert(1)</script> and <details open>raw</details>.
[a link](https://example.org/x) [a trap](javascript:alert(1)) ![a picture](https://example.org/p.png)

## Time
15–20 minutes.

## What to prepare
- a laptop
- *two* phones

## Script
### Before people arrive
Untimed.
### 5 min · Explain
Say it.
### 10–15 min: Answer
Answer it.

## Key points
- one

## Challenge
Why?
### Answer
Because.

## What comes next
The end.
"""


def test_a_notes_file_is_read_into_sections_and_timed_steps():
    notes = parse_notes(SAMPLE, "sample", "en")
    assert notes.title == "A page"
    assert [s.id for s in notes.sections] == [
        "goals",
        "time",
        "prepare",
        "script",
        "key_points",
        "challenge",
        "next",
    ]
    script = notes.section("script")
    assert [(p.title, p.low, p.high) for p in script.parts] == [
        ("Before people arrive", None, None),
        ("Explain", 5, 5),
        ("Answer", 10, 15),
    ]
    assert notes.minutes == (15, 20)
    assert notes.settings == {"closing_steps": 1}


def test_markup_in_notes_is_shown_as_text_links_open_a_new_tab_and_nothing_loads():
    html = notes_html(parse_notes(SAMPLE, "sample", "en"), Translator("en"))
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<details open>" not in html
    assert "<img" not in html  # images are off: a hall has no internet, and no tracking
    assert 'href="https://example.org/x" target="_blank" rel="noopener noreferrer"' in html
    assert "javascript:" not in html.replace("[a trap](javascript:alert(1))", "")
    assert '<details class="wk-notes-answer"><summary>Answer</summary>' in html
    assert '<span class="wk-notes-time">10–15 min</span>' in html
    french = notes_html(parse_notes(SAMPLE, "sample", "en"), Translator("fr"))
    assert '<span class="wk-notes-time">10 à 15 min</span>' in french


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("## Key points", "## Takeaways"), "unknown section 'Takeaways'"),
        (("## What comes next\nThe end.", ""), "missing sections: ## What comes next"),
        (("closing_steps: 1", "closing_steps: 9"), "closing_steps is more than"),
        (("closing_steps: 1", "colour: blue"), "unknown setting 'colour'"),
        (("### 5 min · Explain", "### 9–5 min · Explain"), "N ≤ M"),
        (("# A page\n", "Hello\n# A page\n"), "text before the # title"),
    ],
)
def test_a_malformed_notes_file_says_what_to_fix(change, problem):
    with pytest.raises(NotesError) as error:
        parse_notes(SAMPLE.replace(*change), "sample", "en")
    assert any(problem in line for line in error.value.problems), error.value.problems


def test_sections_out_of_order_are_refused():
    text = SAMPLE.replace("## Time\n15–20 minutes.\n", "").replace(
        "## Key points", "## Time\n15 minutes.\n\n## Key points"
    )
    with pytest.raises(NotesError, match="not in the expected order"):
        parse_notes(text, "sample", "en")


def test_french_headings_are_the_french_catalogs():
    french = (
        SAMPLE.replace("Goal and questions", "Objectifs et questions")
        .replace("## Time", "## Durée")
        .replace("What to prepare", "À préparer")
        .replace("## Script", "## Déroulement")
        .replace("Key points", "Points clés")
        .replace("## Challenge", "## Défi")
        .replace("What comes next", "Et ensuite")
    )
    assert [s.id for s in parse_notes(french, "x", "fr").sections] == [
        s.id for s in parse_notes(SAMPLE, "x", "en").sections
    ]
    with pytest.raises(NotesError):
        parse_notes(SAMPLE, "x", "fr")  # English headings in a French file


def test_notes_missing_in_one_language_fall_back_to_english(tmp_path, monkeypatch):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "05_new.en.md").write_text(SAMPLE, encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_KIT_NOTEBOOKS", str(tmp_path))
    assert notes_stems() == ["05_new"]
    notes = load_notes("05_new", "fr")
    assert notes is not None and notes.language == "en"
    assert load_notes("06_none", "fr") is None


# -- on the facilitator's pages: closed, and empty until opened -----------------------------------


def needs_page(store, profile, language="en", query=None) -> FacilitatorPage:
    return FacilitatorPage(
        context(profile, query, language=language),
        store,
        "needs.title",
        NeedsPageView,
        without_session="needs.page.no_session",
        poll=False,
    )


def test_an_activity_page_holds_no_note_until_the_facilitator_opens_them(store, profile):
    page = needs_page(store, profile)
    panel = page.notes
    assert isinstance(panel, NotesPanel) and panel in page.children
    assert not panel.is_open and panel.toggle.description == "Facilitator notes"
    assert shown_anywhere(widget_state(page), "01_needs_assessment", "en") == []

    panel.set_open()
    text = text_of(page)
    assert shown_anywhere(text, "01_needs_assessment", "en") == phrases("01_needs_assessment", "en")
    assert "Reading together" in text and "15–20 min" in text
    assert panel.toggle.description == "Hide the facilitator notes"

    panel.set_open(False)
    assert shown_anywhere(widget_state(page), "01_needs_assessment", "en") == []


def test_notes_follow_the_language_of_the_page_and_of_its_session(store, profile):
    english = store.create_session("Evening", "en", FACILITATOR.key_hash)
    page = needs_page(store, profile, language="fr")
    assert page.notes.toggle.description == "Notes d'animation"
    page.notes.set_open()
    assert shown_anywhere(text_of(page), "01_needs_assessment", "fr")
    page.chooser.value = english.code
    assert page.notes.language == "en"
    assert shown_anywhere(text_of(page), "01_needs_assessment", "en")


def test_the_second_screen_link_is_offered_only_on_a_served_page(store, profile):
    assert needs_page(store, profile).notes.link.value == ""  # JupyterLab, tests: no server
    served = context(profile, language="fr")
    served.voila = True
    page = FacilitatorPage(served, store, "needs.title", NeedsPageView, poll=False)
    link = page.notes.link.value
    assert 'href="http://127.0.0.1:8866/wk/notes/01_needs_assessment?lang=fr"' in link
    assert 'target="_blank"' in link and "Ouvrir les notes sur un autre écran" in link


def test_the_hub_has_the_workshop_notes_closed_and_in_the_sessions_language(store, profile):
    hub = HubApp(context(profile), store, FACILITATOR, poll=False)
    assert isinstance(hub.notes, NotesPanel) and hub.notes.stem == HUB_NOTES
    assert shown_anywhere(widget_state(hub), HUB_NOTES, "en") == []
    hub.notes.set_open()
    assert shown_anywhere(text_of(hub), HUB_NOTES, "en")
    french = store.create_session("Soirée", "fr", FACILITATOR.key_hash)
    hub.open_session(french.code)
    assert hub.notes.language == "fr"
    assert shown_anywhere(text_of(hub), HUB_NOTES, "fr")


def test_the_asset_page_has_its_notes_closed(store, profile):
    from test_assets_app import frame_for

    page = frame_for(store, profile, None)  # the asset page is on the frame: notes come with it
    panels = find(page, NotesPanel)
    assert len(panels) == 1 and panels[0].stem == "02_asset_mapping" and not panels[0].is_open
    assert shown_anywhere(widget_state(page), "02_asset_mapping", "en") == []


def test_a_participant_link_on_a_facilitator_page_gets_no_notes(monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv("WORKSHOP_KIT_FACILITATOR_KEY_HASH", "0" * 64)
    monkeypatch.setenv("QUERY_STRING", "code=ABCDEF&key=wrong")
    page = facilitator_page("needs.title", NeedsPageView, poll=False)
    assert not find(page, NotesPanel)
    assert "This page is for the workshop facilitator" in text_of(page)


def test_a_broken_notes_file_is_reported_on_the_page_not_raised(tmp_path, monkeypatch):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "01_needs_assessment.en.md").write_text("# Title\n\n## Nope\n")
    monkeypatch.setenv("WORKSHOP_KIT_NOTEBOOKS", str(tmp_path))
    panel = NotesPanel("01_needs_assessment", "en")
    panel.set_open()
    assert "The facilitator notes cannot be shown" in panel.messages.value
    assert panel.body.value == ""


# -- participants never load them ---------------------------------------------------------------


def test_a_participants_phone_holds_no_note(store, profile):
    session = store.create_session("Evening", "en", FACILITATOR.key_hash)
    app = joined_participant(store, profile, session.code)
    state = widget_state(app)
    for stem in notes_stems():
        for language in available_languages():
            assert shown_anywhere(state, stem, language) == []
    assert not find(app, NotesPanel)


def test_the_participant_app_never_imports_the_notes():
    code = (
        "import sys\n"
        "from workshop_kit.apps import participant\n"
        "from workshop_kit.core.registry import find_activity\n"
        "for activity in ('welcome', 'needs', 'assets', 'caregiving'):\n"
        "    find_activity(activity)\n"
        "print(sorted(m for m in sys.modules if 'notes' in m or m.startswith('markdown_it')))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert finished.stdout.strip() == "[]"
