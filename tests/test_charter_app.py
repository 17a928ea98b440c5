"""The Charter in-process: the phone form, the projected view and the facilitator's page, with a
real store behind them (answers stored once, notes approved before the projector, the action
list saved and re-read after a reload, formula-safe exports)."""

from __future__ import annotations

import base64
import html
import io
import re
import subprocess
import sys

import ipywidgets as widgets
import pandas as pd
import pytest
from app_helpers import FACILITATOR, context, find, text_of

from workshop_kit.activities.charter import live as charter_live
from workshop_kit.activities.charter.commitments import load_commitments
from workshop_kit.activities.charter.form import CharterForm, build_form
from workshop_kit.activities.charter.live import CharterResults
from workshop_kit.activities.charter.model import notes
from workshop_kit.activities.charter.page import CharterSessionView
from workshop_kit.auth import Facilitator, hash_key
from workshop_kit.core.activity import discover
from workshop_kit.core.answers import InvalidAnswer, validate_answer
from workshop_kit.core.registry import FormContext, ResultsContext
from workshop_kit.core.release import show_results
from workshop_kit.core.sending import AnswerSender
from workshop_kit.i18n import Translator

EN = Translator("en")


def said(widget: widgets.Widget) -> str:
    """What a message or HTML widget says, as the reader sees it."""
    return html.unescape(widget.value)


def one(root: widgets.Widget, kind: type, css: str) -> widgets.Widget:
    found = find(root, kind, css)
    assert len(found) == 1, css
    return found[0]


class Recorder:
    """A ``submit`` that validates like the participant app's sender and remembers."""

    def __init__(self, profile) -> None:
        self.profile = profile
        self.payloads: list[dict] = []

    def __call__(self, payload: dict) -> bool:
        validate_answer("charter", payload, self.profile)
        self.payloads.append(payload)
        return True


@pytest.fixture
def commitments():
    return load_commitments()


@pytest.fixture
def session(store):
    return store.create_session("Charter evening", "en", FACILITATOR.key_hash)


def phone(store, profile, code, language="en") -> CharterForm:
    sender = AnswerSender(store, code, store.join(code), profile)
    return CharterForm(
        load_commitments(language=language),
        Translator(language),
        lambda payload: sender.send("charter", payload),
    )


def press_show_results(store, profile, code):
    """The facilitator's "Show results" (see docs/privacy.md)."""
    return show_results(store, code, "charter", FACILITATOR.key_hash, profile.min_cell_size)


def hub(store, profile, code) -> CharterResults:
    return CharterResults(ResultsContext.of_session(store, code, profile, EN))


# -- the phone form -------------------------------------------------------------------------------


def test_tapping_a_status_saves_it_at_once_and_the_latest_counts(profile, commitments):
    submit = Recorder(profile)
    form = CharterForm(commitments, EN, submit)
    assert "Commitment 1 of 13" in form.position.value
    assert "Schools" in form.wording.value
    form.buttons["planned"].click()
    assert submit.payloads == [
        {"commitment": "schools", "status": "planned", "evidence": None, "next_step": None}
    ]
    assert "Saved" in form.saved.value
    assert form.buttons["planned"].description == "✓ Planned"
    form.buttons["in_place"].click()
    assert submit.payloads[-1]["status"] == "in_place"
    assert form.buttons["planned"].description == "Planned"
    one(form, widgets.Button, "wk-charter-next").click()
    assert "Commitment 2 of 13" in form.position.value and "1 of 13 rated" in form.position.value
    assert form.saved.value == ""  # the second commitment is not rated yet
    one(form, widgets.Button, "wk-charter-previous").click()
    assert form.buttons["in_place"].button_style == "success"


def test_the_first_and_last_commitments_cannot_go_further(profile, commitments):
    form = CharterForm(commitments, EN, Recorder(profile))
    assert form.previous_button.disabled
    form.go(99)
    assert form.index == 12 and form.next_button.disabled
    assert "Commitment 13 of 13" in form.position.value


def test_a_note_needs_a_status_and_a_limit_and_is_kept_with_the_rating(profile, commitments):
    submit = Recorder(profile)
    form = CharterForm(commitments, Translator("fr"), submit)
    form.evidence.value = "Une politique"
    form.save_notes.click()
    assert submit.payloads == []
    assert "Choisissez d'abord" in said(form.messages)
    form.buttons["under_way"].click()
    form.evidence.value = "x" * 281
    form.save_notes.click()
    assert len(submit.payloads) == 1 and "280" in said(form.messages)
    form.evidence.value = "  Une politique <b>écrite</b> "
    form.next_step.value = "Demander au directeur"
    form.save_notes.click()
    assert submit.payloads[-1] == {
        "commitment": "schools",
        "status": "under_way",
        "evidence": "Une politique <b>écrite</b>",
        "next_step": "Demander au directeur",
    }
    assert "Enregistré" in said(form.messages)
    form.buttons["in_place"].click()  # a new status keeps the saved note
    assert submit.payloads[-1]["evidence"] == "Une politique <b>écrite</b>"


def test_an_empty_note_is_not_sent(profile, commitments):
    submit = Recorder(profile)
    form = CharterForm(commitments, EN, submit)
    form.buttons["planned"].click()
    form.save_notes.click()
    assert len(submit.payloads) == 1
    assert "Write evidence or a next step first" in said(form.messages)


def test_a_refused_or_failing_submit_shows_a_message_not_a_traceback(profile, commitments):
    def refuse(payload):
        raise InvalidAnswer("charter", [])

    form = CharterForm(commitments, EN, refuse)
    form.buttons["planned"].click()
    assert "is not one of the choices" in said(form.messages)
    assert form.saved.value == ""

    def broken(payload):
        raise RuntimeError("boom")

    form = CharterForm(commitments, EN, broken)
    form.buttons["planned"].click()
    assert "Something went wrong" in said(form.messages) and "boom" not in said(form.messages)


def test_a_double_tap_or_a_double_save_stores_once(store, profile, session):
    form = phone(store, profile, session.code)
    form.buttons["planned"].click()
    form.buttons["planned"].click()
    form.next_step.value = "Ask the head"
    form.save_notes.click()
    form.save_notes.click()
    assert "Already saved" in said(form.messages)
    log = store.answers(session.code, "charter", latest_only=False)
    assert len(log) == 2  # the rating, then the rating with its note
    assert store.answers(session.code, "charter").iloc[0]["next_step"] == "Ask the head"


def test_a_broken_commitments_file_gives_a_calm_message_on_the_phone(
    profile, tmp_path, monkeypatch
):
    folder = tmp_path / "reference" / "charter"
    folder.mkdir(parents=True)
    (folder / "commitments.csv").write_text("id,number,short_en\nschools,1,Schools\n")
    monkeypatch.setenv("WORKSHOP_KIT_DATA", str(tmp_path))
    form = build_form(FormContext(profile, EN, lambda *a: True, "CODE"))
    assert "cannot be shown just now" in form.value
    assert "text_fr" not in form.value  # the details are for the facilitator, not the phone


def test_the_form_stays_light():
    """Phones wait for the participant kernel: the form must not pull in the chart stack."""
    code = (
        "import sys, workshop_kit.activities.charter.form as f;"
        "f.load_commitments();"
        "print([m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


# -- the projector --------------------------------------------------------------------------------


def test_the_hub_shows_nothing_until_five_have_rated_then_moves_in_blocks(store, profile, session):
    forms = []
    for person in range(4):
        form = phone(store, profile, session.code)
        form.buttons[("planned", "in_place", "not_started", "planned")[person]].click()
        forms.append(form)
    results = hub(store, profile, session.code)
    view = results.view
    assert view.chart.image.layout.display == "none"
    assert "4 people took part. A commitment is shown once 5 people" in view.chart.summary.value
    assert "Schools" not in view.chart.summary.value

    fifth = phone(store, profile, session.code)
    fifth.buttons["under_way"].click()
    press_show_results(store, profile, session.code)
    results.refresh()
    assert bytes(view.chart.image.value).startswith(b"\x89PNG")
    summary = view.chart.summary.value
    assert "5 people rated the charter" in summary and "Schools (47%" in summary
    assert "People disagree most about: Schools" in view.discuss.value
    shown = view.results["table"].at["schools", "progress"]

    sixth = phone(store, profile, session.code)  # the 6th waits for the next block of 5
    sixth.buttons["in_place"].click()
    forms[0].buttons["not_started"].click()  # a change of mind waits too
    drawn = view.results
    results.refresh()
    assert view.results is drawn  # nothing new released: not even redrawn
    assert view.results["table"].at["schools", "progress"] == shown


def test_notes_reach_the_projector_only_once_approved_and_escaped(store, profile, session):
    for person in range(5):
        form = phone(store, profile, session.code)
        form.buttons["planned"].click()
        form.next_step.value = f"Ask the <b>head</b> {person}"
        form.save_notes.click()
    press_show_results(store, profile, session.code)  # every note, counted, none quoted
    results = hub(store, profile, session.code)
    shown = results.view.notes_html.value
    assert "Ask the" not in shown
    assert "5 more notes are shown on the facilitator page" in shown

    page = CharterSessionView(context(profile), store, session)
    rows = find(page.moderation, widgets.HBox, "wk-moderation-row")
    assert len(rows) == 5
    assert "&lt;b&gt;head&lt;/b&gt;" in text_of(page.moderation)
    assert "<b>head</b>" not in text_of(page.moderation)
    approve = next(
        one(row, widgets.Button, "wk-approve") for row in rows if "head&lt;/b&gt; 2" in text_of(row)
    )
    approve.click()
    approve.click()  # a double click: stored once
    reviews = store.answers(session.code, "text_reviews", latest_only=False)
    assert len(reviews) == 1
    results.refresh()
    shown = results.view.notes_html.value
    assert "Ask the &lt;b&gt;head&lt;/b&gt; 2" in shown and "<b>head</b>" not in shown
    assert "4 more notes" in shown


# -- the facilitator's page -----------------------------------------------------------------------


def add_action(editor, commitment, action, who="", when=None):
    editor.commitment.value = commitment
    editor.action.value = action
    editor.who.value = who
    editor.by_when.value = when
    one(editor, widgets.Button, "wk-charter-action-save").click()


def test_the_action_list_is_saved_and_read_again_after_a_reload(store, profile, session):
    import datetime

    page = CharterSessionView(context(profile), store, session)
    editor = page.editor
    assert "No action yet" in text_of(editor)
    add_action(editor, "schools", "Write to the head teachers", "Ana", datetime.date(2026, 6, 30))
    one(editor, widgets.Button, "wk-charter-action-save").click()  # a double click, empty form
    add_action(editor, "museums_galleries", "Ask the gallery about an exhibition")
    assert "Action saved" in said(editor.messages)
    assert len(store.answers(session.code, "charter_actions", latest_only=False)) == 2

    reloaded = CharterSessionView(context(profile), store, session)
    rows = find(reloaded.editor, widgets.HBox, "wk-charter-action")
    assert len(rows) == 2
    listed = text_of(reloaded.editor)
    assert "Schools · Write to the head teachers · Ana · 2026-06-30" in listed
    assert "Museums and galleries · Ask the gallery about an exhibition · —" in listed

    # edit the first one: same action, new "who"; saving it twice stores once
    first = next(r for r in rows if "head teachers" in text_of(r))
    one(first, widgets.Button, "wk-charter-action-edit").click()
    assert reloaded.editor.action.value == "Write to the head teachers"
    reloaded.editor.who.value = "Ana and Bo"
    saved = reloaded.editor.save()
    assert saved
    reloaded.editor.edit(
        next(r for r in reloaded.editor.actions.to_dict("records") if r["who"] == "Ana and Bo")
    )
    assert not reloaded.editor.save()
    assert "already saved" in said(reloaded.editor.messages)
    # remove the second; a second click removes nothing more
    second = next(
        r
        for r in find(reloaded.editor, widgets.HBox, "wk-charter-action")
        if "gallery" in text_of(r)
    )
    remove = one(second, widgets.Button, "wk-charter-action-remove")
    remove.click()
    remove.click()
    log = store.answers(session.code, "charter_actions", latest_only=False)
    assert len(log) == 4  # two added, one edit, one removal

    again = CharterSessionView(context(profile), store, session)
    assert len(again.editor.actions) == 1
    assert again.editor.actions.iloc[0]["who"] == "Ana and Bo"
    results = hub(store, profile, session.code)  # the projector lists it too
    assert "Ana and Bo" in results.view.actions_html.value
    assert "gallery" not in results.view.actions_html.value


def test_an_action_needs_words_and_a_short_who(store, profile, session):
    editor = CharterSessionView(context(profile), store, session).editor
    add_action(editor, "schools", "   ")
    assert "Please write the action" in said(editor.messages)
    add_action(editor, "schools", "x" * 201)
    assert "at most 200 characters" in said(editor.messages)
    add_action(editor, "schools", "Something", who="y" * 101)
    assert "under 100 characters" in said(editor.messages)
    assert store.answers(session.code, "charter_actions").empty


def test_another_facilitators_page_stores_no_action(store, profile, session):
    stranger = Facilitator(key_hash=hash_key("someone else"))
    page = CharterSessionView(context(profile, facilitator=stranger), store, session)
    add_action(page.editor, "schools", "Take over the list")
    assert "This page is for the workshop facilitator" in said(page.editor.messages)
    assert store.answers(session.code, "charter_actions").empty


def test_a_phone_cannot_add_an_action(store, profile, session):
    participant = store.join(session.code)
    answer = validate_answer(
        "charter_actions",
        {"action_id": "a" * 16, "commitment": "schools", "action": "Sneaky"},
        profile,
    )
    store.add_answer(session.code, participant, answer, "phone-1")
    page = CharterSessionView(context(profile), store, session)
    assert page.editor.actions.empty


def test_exports_are_formula_safe_and_offered_as_downloads(store, profile, session):
    for person in range(5):
        form = phone(store, profile, session.code)
        form.buttons[("planned", "in_place", "planned", "under_way", "in_place")[person]].click()
        form.next_step.value = '=HYPERLINK("http://evil")' if person == 0 else f"Step {person}"
        form.save_notes.click()
    press_show_results(store, profile, session.code)
    page = CharterSessionView(context(profile), store, session)
    add_action(page.editor, "schools", "@SUM(A1:A9)", who="-1+1")
    written = notes(store.answers(session.code, "charter")).to_dict("records")
    page.decide(next(r["key"] for r in written if r["text"].startswith("=HYPERLINK")), "approve")
    files = {file.name: file for file in page.export_files()}
    assert set(files) == {
        "charter-commitments.csv",
        "charter-notes.csv",
        "charter-actions.csv",
        "charter.png",
    }
    actions = files["charter-actions.csv"].data.decode("utf-8-sig")
    assert "'@SUM(A1:A9)" in actions and "'-1+1" in actions
    approved = pd.read_csv(io.BytesIO(files["charter-notes.csv"].data), encoding="utf-8-sig")
    assert list(approved["text"]) == ['\'=HYPERLINK("http://evil")']  # only the approved note
    table = pd.read_csv(io.BytesIO(files["charter-commitments.csv"].data), encoding="utf-8-sig")
    assert list(table.columns) == [
        "commitment",
        "label",
        "text",
        "raters",
        "progress_percent",
        "typical",
        "disagreement",
        "figures",
    ]
    schools = table[table["commitment"] == "schools"].iloc[0]
    assert schools["raters"] == 5 and schools["progress_percent"] == 67  # 10 / 15
    assert schools["typical"] == "Under way"
    others = table[table["commitment"] != "schools"]
    assert (others["figures"] == "no_answers").all() and others["progress_percent"].isna().all()
    assert files["charter.png"].data.startswith(b"\x89PNG")

    one(page, widgets.Button, "wk-charter-export").click()
    links = page.downloads.value
    assert links.count("<a download=") == 4
    encoded = re.search(
        r'download="charter-actions.csv" href="data:text/csv;base64,([^"]+)"', links
    )
    assert base64.b64decode(encoded.group(1)) == files["charter-actions.csv"].data
    assert "Saved on this computer in" in links


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_text_exists_in_both_languages(store, profile, language):
    session = store.create_session("Charte", language, FACILITATOR.key_hash)
    for _person in range(5):
        form = phone(store, profile, session.code, language)
        form.buttons["planned"].click()
        form.next_step.value = "Une étape"
        form.save_notes.click()
    page = CharterSessionView(context(profile, language=language), store, session)
    shown = " ".join(
        [text_of(page)]
        + [w.description for w in find(page, widgets.Button)]
        + [w.description for w in find(page, widgets.Text)]
    )
    assert not re.search(r"\b(charter|app|validation|participant)\.[a-z_]", shown)


def test_the_activity_is_registered():
    declared = discover()["charter"]
    assert declared.live == "live:build_live"  # found by convention
    assert declared.load(declared.live) is charter_live.build_live
    assert declared.load(declared.form) is build_form
    assert declared.page == "05_charter.ipynb"
    assert declared.order == 60


def test_the_page_refuses_a_participant_link(monkeypatch):
    from workshop_kit.activities.charter.page import charter_page

    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv("WORKSHOP_KIT_FACILITATOR_KEY_HASH", "0" * 64)
    monkeypatch.setenv("QUERY_STRING", "code=ABC")
    page = charter_page(poll=False)
    assert "This page is for the workshop facilitator" in page.value


def test_the_page_opens_the_session_from_its_link(store, profile, session):
    from workshop_kit.core.page import FacilitatorPage

    page = FacilitatorPage(
        context(profile, {"code": session.code}),
        store,
        "charter.title",
        CharterSessionView,
        poll=False,
    )
    assert isinstance(page.view, CharterSessionView)
    assert page.view.reads == ("charter", "charter_actions", "text_reviews")
    assert "Compassionate City Charter" in text_of(page)
