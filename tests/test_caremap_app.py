"""The CareMap's widgets without a browser: the phone form step by step, its downloads and
files, the hub's view and the facilitator's page; private maps never reach either view."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime

import ipywidgets as widgets
import pytest
from app_helpers import FACILITATOR, context, find, joined_participant, text_of

from workshop_kit.activities.caremap.form import CareMapForm, build_form
from workshop_kit.activities.caremap.live import CareMapResults
from workshop_kit.activities.caremap.mapfile import dump_map, load_map
from workshop_kit.activities.caremap.model import (
    NewPerson,
    add_person,
    start_map,
    with_shared,
)
from workshop_kit.activities.caremap.page import CareMapView
from workshop_kit.apps.participant import ParticipantApp
from workshop_kit.core.answers import validate_answer
from workshop_kit.core.page import NO_SESSION, FacilitatorPage
from workshop_kit.core.registry import FormContext, ResultsContext, find_activity
from workshop_kit.core.release import show_results
from workshop_kit.i18n import Translator

EN = Translator("en")


class Phone:
    """A CareMap form on a phone, with what it sent."""

    def __init__(self, profile, language="en", send=None):
        self.sent: list[dict] = []

        def record(activity, payload):
            assert activity == "caremap"
            validate_answer(activity, payload, profile)  # what the store would check
            self.sent.append(payload)
            return True

        self.form = build_form(FormContext(profile, Translator(language), send or record, "C"))

    @classmethod
    def showing(cls, form) -> Phone:
        """The form a participant app shows (its answers go to the store)."""
        phone = cls.__new__(cls)
        phone.sent, phone.form = [], form
        return phone

    def one(self, kind, css):
        found = find(self.form, kind, css)
        assert len(found) == 1, (css, len(found))
        return found[0]

    def click(self, css):
        self.one(widgets.Button, css).click()

    def fill(self, label, relationship, kinds, frequency, lives=None):
        self.one(widgets.Text, "wk-caremap-label").value = label
        self.one(widgets.Dropdown, "wk-caremap-relationship").value = relationship
        for kind in kinds:
            self.one(widgets.Checkbox, f"wk-caremap-help-{kind}").value = True
        self.one(widgets.RadioButtons, "wk-caremap-frequency").value = frequency
        if lives:
            self.one(widgets.RadioButtons, "wk-caremap-lives").value = lives

    def start(self, label="Mum"):
        self.fill(label, "family", ["personal_care", "medical_tasks"], "daily")
        self.click("wk-caremap-next")

    def add(self, label, relationship="friend", kinds=("transport",), frequency="weekly"):
        self.fill(label, relationship, kinds, frequency)
        self.click("wk-caremap-add")

    @property
    def message(self) -> str:
        return re.sub(r"<[^>]+>", "", self.form.messages.value).replace("&#x27;", "'")


@pytest.fixture
def phone(profile) -> Phone:
    return Phone(profile)


def uploaded(name: str, data: bytes) -> dict:
    return {
        "name": name,
        "type": "application/json",
        "size": len(data),
        "content": memoryview(data),
        "last_modified": datetime.now(UTC),
    }


# -- the phone form ------------------------------------------------------------------------------


def test_the_registry_builds_the_form(profile):
    form = find_activity("caremap").form(FormContext(profile, EN, lambda *a: True, "C"))
    assert isinstance(form, CareMapForm)
    assert "Step 1 of 4" in text_of(form)
    assert "Who do you care for?" in text_of(form)


def test_three_questions_step_by_step_each_change_saved_at_once(phone):
    phone.start()
    assert phone.form.step == 2
    assert phone.sent[-1]["cared_for"][0]["label"] == "Mum"
    assert phone.sent[-1]["shared"] is False  # private by default
    assert "Who else cares for Mum?" in text_of(phone.form)
    phone.add("Sam")
    phone.add("Home care agency", "paid_service", ("personal_care",), "daily")
    assert "Home care agency is on your map. Saved. Your map is private" in phone.message
    assert len(phone.sent) == 3
    phone.click("wk-caremap-next")
    assert "Who cares for you?" in text_of(phone.form)
    phone.add("Rex", "pet", ("company",), "daily")
    phone.click("wk-caremap-next")
    assert phone.form.step == 4
    last = phone.sent[-1]
    assert [p["label"] for p in last["people"]] == ["Sam", "Home care agency", "Rex"]
    assert {(t["giver"], t["receiver"]) for t in last["ties"]} == {
        ("me", "them"),
        ("p1", "them"),
        ("p2", "them"),
        ("p3", "me"),
    }
    phone.click("wk-caremap-back")
    phone.click("wk-caremap-back")
    phone.click("wk-caremap-back")
    assert phone.one(widgets.Text, "wk-caremap-label").value == "Mum"  # step 1 shows the answers


def test_the_drawing_appears_with_the_first_person_and_says_the_map_in_words(phone):
    drawing = phone.one(widgets.Image, "wk-caremap-drawing")
    assert drawing.layout.display == "none"
    phone.start()
    first = bytes(drawing.value)
    assert first.startswith(b"\x89PNG") and drawing.layout.display == ""
    phone.add("Sam")
    assert bytes(drawing.value) != first
    words = phone.one(widgets.HTML, "wk-caremap-words").value
    assert "Sam → Mum: transport (weekly)." in words
    assert "you in the middle; Mum and everyone else around you" in words
    assert "Where they live was not said: Mum, Sam." in words


def test_an_empty_step_and_an_empty_map_are_said_not_sent(phone):
    phone.click("wk-caremap-next")
    assert phone.sent == []
    assert "Please give a name or a label" in phone.message
    assert "Please tick at least one kind of help" in phone.message
    phone.form.share.value = True  # not on screen yet: the
    assert phone.sent == []  # caregiver cannot reach it, but nothing is shared without a map
    assert "Your map is empty" in phone.message


def test_a_name_given_twice_asks_whether_it_is_the_same_person(phone):
    phone.start()
    phone.add("Sam")
    phone.click("wk-caremap-next")
    phone.add("sam", kinds=("emotional_support",))
    question = phone.one(widgets.VBox, "wk-caremap-question")
    assert question.layout.display == ""
    assert "sam is already on your map. Is this the same person?" in text_of(question)
    sent = len(phone.sent)
    phone.click("wk-caremap-same")
    assert len(phone.sent) == sent + 1
    assert len(phone.sent[-1]["people"]) == 1  # one Sam, helping both
    assert "Sam is on your map." in phone.message
    assert question.layout.display == "none"


def test_someone_else_with_the_same_name_gets_their_own_place(phone):
    phone.start()
    phone.add("Sam")
    phone.add("Sam", "family")
    phone.click("wk-caremap-different")
    assert [p["label"] for p in phone.sent[-1]["people"]] == ["Sam", "Sam"]


def test_the_person_cared_for_caring_for_themselves_is_refused_and_nothing_is_lost(phone):
    phone.start()
    phone.add("Mum")
    sent = len(phone.sent)
    phone.click("wk-caremap-same")
    assert len(phone.sent) == sent
    assert "Mum cannot be listed as caring for themselves" in phone.message
    # the question is still there, and the typed answers too
    assert phone.one(widgets.VBox, "wk-caremap-question").layout.display == ""
    assert phone.one(widgets.Text, "wk-caremap-label").value == "Mum"
    phone.click("wk-caremap-different")
    assert [p["label"] for p in phone.sent[-1]["people"]] == ["Mum"]


def test_the_caregiver_is_already_in_the_middle(profile):
    phone = Phone(profile, "fr")
    phone.start("Maman")
    phone.click("wk-caremap-next")
    phone.add("Moi", "family", ("company",), "daily")
    assert "Vous êtes déjà au centre de votre carte" in phone.message
    assert phone.sent[-1]["people"] == []


def test_removing_someone_saves_at_once(phone):
    phone.start()
    phone.add("Sam")
    phone.click("wk-caremap-remove")
    assert phone.sent[-1]["people"] == []
    assert "Sam is no longer on your map." in phone.message
    assert "Nobody yet." in text_of(phone.one(widgets.VBox, "wk-caremap-list"))


def test_sharing_is_a_choice_saved_at_once(phone):
    phone.start()
    for _ in range(2):
        phone.click("wk-caremap-next")
    share = phone.one(widgets.Checkbox, "wk-caremap-share")
    assert share.value is False
    share.value = True
    assert phone.sent[-1]["shared"] is True
    assert "counted, anonymously, in the group summary" in phone.message
    share.value = False
    assert phone.sent[-1]["shared"] is False


def links(html: str) -> dict[str, bytes]:
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)
    return {name: base64.b64decode(data) for name, data in found}


def test_downloads_are_a_picture_a_document_and_a_map_file(phone):
    phone.start()
    phone.add("Sam")
    for _ in range(2):
        phone.click("wk-caremap-next")
    phone.click("wk-caremap-download")
    files = links(phone.one(widgets.HTML, "wk-caremap-downloads").value)
    today = datetime.now().date().isoformat()
    assert set(files) == {f"caremap-{today}.{kind}" for kind in ("png", "pdf", "json")}
    assert files[f"caremap-{today}.png"].startswith(b"\x89PNG")
    assert files[f"caremap-{today}.pdf"].startswith(b"%PDF")
    opened = load_map(files[f"caremap-{today}.json"])
    assert opened.care_map == phone.form.care_map
    phone.click("wk-caremap-back")
    phone.add("Ana")  # the map changed: the old links would describe the old map
    assert "press Download again" in phone.form.downloads.value


def saved_file() -> bytes:
    care_map = start_map("Dad", "family", ["household"], "weekly")
    care_map = add_person(care_map, NewPerson("Lee", "neighbour", "me", ("company",), "monthly"))
    return dump_map(care_map, datetime(2026, 3, 12).date())


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"nodes": [], "edges": []}', "another program"),
        (json.dumps({**json.loads(saved_file()), "version": 7}).encode(), "newer version"),
        (b"not json at all", "cannot be read as JSON"),
    ],
)
def test_a_file_that_is_not_a_caremap_changes_nothing(phone, data, words):
    phone.start()
    before = phone.form.care_map
    sent = len(phone.sent)
    phone.click("wk-caremap-back")  # step 1 offers to open a saved map
    phone.one(widgets.FileUpload, "wk-caremap-open").value = (uploaded("x.json", data),)
    assert words in phone.message
    assert "Nothing was changed" in phone.message
    assert phone.form.care_map is before and len(phone.sent) == sent


def test_opening_a_saved_map_redraws_it(phone):
    phone.one(widgets.FileUpload, "wk-caremap-open").value = (uploaded("dad.json", saved_file()),)
    assert phone.form.care_map.cared_for[0].label == "Dad"
    assert phone.form.step == 4
    assert "Opened the map saved on 2026-03-12." in phone.message
    assert phone.sent[-1]["shared"] is False  # an opened map starts private
    assert bytes(phone.one(widgets.Image, "wk-caremap-drawing").value).startswith(b"\x89PNG")


def test_opening_a_file_over_a_map_asks_first(phone):
    phone.start()
    before = phone.form.care_map
    phone.click("wk-caremap-back")
    upload = phone.one(widgets.FileUpload, "wk-caremap-open")
    upload.value = (uploaded("dad.json", saved_file()),)
    replace = [
        b for b in find(phone.form, widgets.VBox, "wk-caremap-question") if b.layout.display == ""
    ]
    assert len(replace) == 1 and "replaces the map on your screen" in text_of(replace[0])
    phone.click("wk-caremap-keep")
    assert phone.form.care_map is before
    assert "unchanged" in phone.message
    upload.value = (uploaded("dad.json", saved_file()),)
    phone.click("wk-caremap-replace")
    assert phone.form.care_map.cared_for[0].label == "Dad"


def test_a_store_that_cannot_take_the_map_keeps_it_on_the_phone(profile):
    from workshop_kit.core.store import AnswerNotStored

    def refuse(activity, payload):
        raise AnswerNotStored("locked")

    phone = Phone(profile, send=refuse)
    phone.start()
    assert "Not saved yet" in phone.message
    assert phone.form.care_map.cared_for[0].label == "Mum"  # kept, and drawn
    phone.click("wk-caremap-next")


def test_the_french_form(profile):
    phone = Phone(profile, "fr")
    assert "De qui prenez-vous soin ?" in text_of(phone.form)
    phone.start("Papa")
    assert "Qui d'autre prend soin de Papa ?" in text_of(phone.form).replace("&#x27;", "'")
    assert "Enregistré. Votre carte est privée" in phone.message
    labels = [o[0] for o in phone.one(widgets.Dropdown, "wk-caremap-relationship").options]
    assert "Professionnel de santé" in labels


def test_the_form_escapes_what_people_type(phone):
    phone.start("<img src=x onerror=alert(1)>")
    assert "<img" not in text_of(phone.form).replace("&lt;img", "")


PROBE = """
import json, sys
from workshop_kit.apps import participant
from workshop_kit.core.registry import FormContext, find_activity
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile
HEAVY = ("pandas", "matplotlib", "numpy", "openpyxl", "rapidfuzz", "voila")
context = FormContext(load_profile(sample_profile_path()), Translator("en"), lambda *a: True, "C")
form = find_activity("caremap").form(context)
shown = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
form.cared_for.label.value = "Mum"
form.cared_for.relationship.value = "family"
form.cared_for.help["company"].value = True
form.cared_for.frequency.value = "daily"
form.next_step()
drawn = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
modules = sorted(m for m in sys.modules if m.startswith("workshop_kit.activities."))
print(json.dumps({"shown": shown, "drawn": drawn, "modules": modules}))
"""


def test_the_phone_form_loads_matplotlib_only_once_there_is_something_to_draw():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    seen = json.loads(done.stdout)
    assert seen["shown"] == []  # the form on screen: nothing heavy
    assert "matplotlib" in seen["drawn"] and "pandas" not in seen["drawn"]
    assert "workshop_kit.activities.caremap.live" not in seen["modules"]  # the hub's
    # no other activity's code; a question set's declaration is its file, read with the set's
    # model, file reader and answer schema (tests/test_participant_weight.py says the same)
    declarations = {f"workshop_kit.activities.questions.{m}" for m in ("answers", "model", "sets")}
    assert not [
        m
        for m in seen["modules"]
        if ".caremap." not in m and m.count(".") > 2 and m not in declarations
    ]


# -- the hub's view and the facilitator's page ----------------------------------------------------


@pytest.fixture
def session(store):
    return store.create_session("Evening", "en", FACILITATOR.key_hash)


def a_map(label="Mum", medical_alone=True):
    care_map = start_map(label, "family", ["personal_care", "medical_tasks"], "daily")
    care_map = add_person(care_map, NewPerson("Sam", "friend", "them", ("transport",), "weekly"))
    if not medical_alone:
        care_map = add_person(
            care_map, NewPerson("Nurse", "health_professional", "them", ("medical_tasks",), "daily")
        )
    return care_map


def press(store, code):
    """The facilitator's "Show results" (docs/privacy.md)."""
    return show_results(store, code, "caremap", FACILITATOR.key_hash, 5)


def save(store, code, care_map, participant=None):
    participant = participant or store.join(code)
    count = len(store.answers(code, "caremap", latest_only=False))
    assert store.add_answer(code, participant, care_map, f"{participant}-{count}")
    return participant


def hub(store, profile, code):
    return ResultsContext.of_session(store, code, profile, EN)


# -- the form comes back with the stored map --------------------------------------------------


def caremap_on(app) -> Phone:
    forms = find(app, CareMapForm)
    assert len(forms) == 1
    return Phone.showing(forms[0])


def stored_people(store, code) -> list[str]:
    latest = store.answers(code, "caremap")
    assert len(latest) == 1
    return [p["label"] for p in latest.iloc[0]["people"]]


def switch(store, app, activity) -> None:
    store.set_current_activity(app.code, activity, FACILITATOR.key_hash)
    app.session_changed(app.session_view())


def test_the_map_comes_back_when_the_facilitator_returns_to_the_activity(store, profile, session):
    store.set_current_activity(session.code, "caremap", FACILITATOR.key_hash)
    app = joined_participant(store, profile, session.code)
    phone = caremap_on(app)
    phone.start()
    phone.add("Sam")
    phone.add("Home care agency", "paid_service", ("personal_care",), "daily")
    phone.click("wk-caremap-next")
    phone.click("wk-caremap-next")
    phone.one(widgets.Checkbox, "wk-caremap-share").value = True
    assert stored_people(store, session.code) == ["Sam", "Home care agency"]

    switch(store, app, "welcome")
    assert not find(app, CareMapForm)
    switch(store, app, "caremap")
    phone = caremap_on(app)
    assert phone.form is not None and phone.form.care_map is not None
    assert [p.label for p in phone.form.care_map.people] == ["Sam", "Home care agency"]
    assert phone.form.step == 2
    assert "Sam" in text_of(phone.form) and "Home care agency" in text_of(phone.form)
    assert "Your map is back as you last saved it" in phone.message
    assert phone.form.share.value is True  # still shared
    assert phone.one(widgets.Image, "wk-caremap-drawing").value  # drawn again

    phone.add("Dr Ortiz", "health_professional", ("medical_tasks",), "monthly")
    assert "Saved. Your map is counted, anonymously" in phone.message
    assert stored_people(store, session.code) == ["Sam", "Home care agency", "Dr Ortiz"]
    assert store.answers(session.code, "caremap").iloc[0]["shared"]


def test_the_map_comes_back_after_a_reload(store, profile, session):
    store.set_current_activity(session.code, "caremap", FACILITATOR.key_hash)
    app = joined_participant(store, profile, session.code)
    phone = caremap_on(app)
    phone.start()
    phone.add("Sam")
    phone.add("Nadia", "neighbour", ("company",), "weekly")

    reloaded = ParticipantApp(
        context(profile, {"code": session.code}, facilitator=None), store, poll=False
    )
    assert reloaded.memory is not None and app.memory is not None
    reloaded.memory.value = app.memory.value  # the same browser storage
    reloaded.memory.loaded_value = reloaded.memory.value
    reloaded.memory.loaded = True
    assert reloaded.participant_id == app.participant_id
    phone = caremap_on(reloaded)
    assert [p.label for p in phone.form.care_map.people] == ["Sam", "Nadia"]
    phone.add("Rex", "pet", ("company",), "daily")
    assert stored_people(store, session.code) == ["Sam", "Nadia", "Rex"]


def test_a_stored_map_that_no_longer_fits_starts_empty_and_calm(profile):
    old = {"shared": False, "cared_for": {"id": "them", "label": "Mum"}, "ties": "nope"}
    sent = []
    context_ = FormContext(
        profile, EN, lambda a, p: sent.append(p) or True, "C", previous=lambda _a: old
    )
    phone = Phone.showing(build_form(context_))
    assert phone.form.care_map is None
    assert phone.form.step == 1
    assert "could not be opened again" in phone.message
    assert phone.form.messages.kind == "warning"
    assert sent == []  # nothing replaced until the caregiver saves a map of their own
    phone.start()
    assert sent[-1]["cared_for"][0]["label"] == "Mum"


def test_a_store_that_cannot_be_read_starts_the_form_with_a_message(profile):
    from workshop_kit.core.store import StoreUnavailable

    def unreadable(_activity):
        raise StoreUnavailable("locked")

    form = build_form(FormContext(profile, EN, lambda *a: True, "C", previous=unreadable))
    assert isinstance(form, CareMapForm) and form.care_map is None
    assert form.messages.kind == "error"


def test_the_hub_waits_for_enough_shared_maps_and_never_reads_private_ones(store, profile, session):
    for _ in range(8):  # eight private maps: never shown, never counted
        save(store, session.code, a_map(medical_alone=False))
    for _ in range(4):
        save(store, session.code, with_shared(a_map(), True))
    view = CareMapResults(hub(store, profile, session.code))
    assert "once 5 caregivers have shared theirs" in text_of(view)
    assert all(p.layout.display == "none" for p in view.charts.panels.values())
    save(store, session.code, with_shared(a_map(), True))
    press(store, session.code)
    view.refresh()
    said = text_of(view)
    assert "5 caregivers shared their CareMap with the group." in said
    # the private maps all have a nurse for medical tasks; the shared ones do not
    assert "only the main caregiver gives: personal care, medical tasks." in said
    assert "Services" not in said
    for panel in view.charts.panels.values():
        assert bytes(panel.image.value).startswith(b"\x89PNG")


def test_the_hub_moves_only_in_blocks_of_sharing_caregivers(store, profile, session):
    for _ in range(5):
        save(store, session.code, with_shared(a_map(), True))
    press(store, session.code)
    view = CareMapResults(hub(store, profile, session.code))
    before = text_of(view)
    assert "5 caregivers shared" in before
    save(store, session.code, with_shared(a_map(medical_alone=False), True))  # a sixth
    view.refresh()
    assert text_of(view) == before


def test_a_caregiver_who_makes_their_map_private_again_leaves_the_room(store, profile, session):
    people = [save(store, session.code, with_shared(a_map(), True)) for _ in range(5)]
    press(store, session.code)
    view = CareMapResults(hub(store, profile, session.code))
    assert "5 caregivers shared" in text_of(view)
    save(store, session.code, a_map(), participant=people[0])  # private again
    view.refresh()
    assert "once 5 caregivers have shared theirs" in text_of(view)


# -- the report ----------------------------------------------------------------------------------


def report_of(store, profile, code):
    from workshop_kit.activities.caremap.report import report_section
    from workshop_kit.core.report import ReportContext

    context = ReportContext(profile, EN, code, lambda a: store.answers(code, a, False), store)
    return report_section(context)


def test_the_report_leaves_the_caremap_out_when_nobody_shared(store, profile, session):
    assert report_of(store, profile, session.code) is None
    for _ in range(8):  # private maps contribute nothing, not even a section
        save(store, session.code, a_map())
    assert report_of(store, profile, session.code) is None


def test_the_report_with_too_few_shared_maps_shows_no_figure(store, profile, session):
    for _ in range(8):
        save(store, session.code, a_map(medical_alone=False))
    for _ in range(4):
        save(store, session.code, with_shared(a_map(), True))
    section = report_of(store, profile, session.code)
    assert section is not None and section.activity == "caremap"
    assert section.figures == [] and section.tables == []
    assert any("once 5 caregivers have shared theirs" in s for s in section.sentences)


def test_the_report_says_what_the_room_saw_from_shared_maps_only(store, profile, session):
    from workshop_kit.core.report import Report, report_html

    for _ in range(8):  # private maps with a nurse: never counted
        save(store, session.code, a_map(label="Grandpa", medical_alone=False))
    for _ in range(5):
        save(store, session.code, with_shared(a_map(), True))
    press(store, session.code)
    save(store, session.code, with_shared(a_map(medical_alone=False), True))  # not released yet
    section = report_of(store, profile, session.code)
    assert section is not None
    assert "5 caregivers shared their CareMap with the group." in section.sentences
    assert len(section.figures) == 3
    assert all(figure.png.startswith(b"\x89PNG") for figure in section.figures)
    captions = " ".join(figure.caption for figure in section.figures)
    assert "only the main caregiver gives: personal care, medical tasks." in captions
    view = CareMapResults(hub(store, profile, session.code))  # the room saw the same
    assert [p.summary.value for p in view.charts.panels.values()] == [
        f'<p aria-live="polite">{figure.caption}</p>' for figure in section.figures
    ]
    page = report_html(Report("Evening", "Town", datetime.now(UTC).date(), 14, "en", 5, [section]))
    words = re.sub(r"data:image/png;base64,[^\"]+", "", page)  # the pictures' bytes aside
    for name in ("Grandpa", "Mum", "Sam", "Nurse"):
        assert name not in words


def page_context(profile, code=None):
    return context(profile, {"code": code} if code else {})


def test_the_page_shows_the_session_and_exports_what_the_room_sees(store, profile, session):
    for _ in range(5):
        save(store, session.code, with_shared(a_map(), True))
    press(store, session.code)
    save(store, session.code, a_map("Secret name"))  # private
    page = FacilitatorPage(
        page_context(profile, session.code),
        store,
        "caremap.page.title",
        CareMapView,
        without_session="caremap.page.no_session",
        poll=False,
    )
    assert page.chooser.value == session.code
    view = page.view
    assert isinstance(view, CareMapView) and view.reads == ("caremap",)
    assert "5 caregivers shared their CareMap" in text_of(page)
    # named after, and crediting, the Atlas CareMap it is drawn after
    assert "CareMap (after the Atlas CareMap)" in text_of(page)
    assert "Seeing the Invisible" in text_of(page) and "CC BY-NC 4.0" in text_of(page)
    view.export()
    exported = links(find(page, widgets.HTML, "wk-caremap-export-links")[0].value)
    names = set(exported)
    assert f"caremap-{session.code}-summary.csv" in names
    assert {f"caremap-{session.code}-{n}.png" for n in ("share", "alone", "support")} <= names
    table = exported[f"caremap-{session.code}-summary.csv"].decode("utf-8-sig")
    assert "Personal care" in table and "Secret name" not in table
    assert "Secret name" not in text_of(page)


def test_the_page_with_too_few_maps_exports_nothing(store, profile, session):
    save(store, session.code, with_shared(a_map(), True))
    view = CareMapView(page_context(profile), store, session)
    view.export()
    assert "Nothing to export yet" in text_of(view)


def test_without_a_session_a_trainer_compares_two_saved_maps(store, profile):
    page = FacilitatorPage(
        page_context(profile),
        store,
        "caremap.page.title",
        CareMapView,
        without_session="caremap.page.no_session",
        poll=False,
    )
    assert page.chooser.value == NO_SESSION
    view = page.view
    assert view.charts is None
    earlier = a_map()
    later = add_person(earlier, NewPerson("Lee", "neighbour", "me", ("company",), "weekly"))
    later = add_person(
        later, NewPerson("Sam", "friend", "them", ("transport",), "daily"), same_as="p1"
    )
    compare = view.compare
    compare.uploads["earlier"].value = (
        uploaded("a.json", dump_map(earlier, datetime(2026, 1, 5).date())),
    )
    assert "Open two maps to compare them." in text_of(compare)
    compare.uploads["later"].value = (
        uploaded("b.json", dump_map(later, datetime(2026, 4, 2).date())),
    )
    for side in ("earlier", "later"):
        image = find(compare, widgets.Image)[0 if side == "earlier" else 1]
        assert bytes(image.value).startswith(b"\x89PNG")
    said = text_of(compare)
    assert "New: Lee → you: company (weekly)." in said
    assert "Sam → Mum: now daily (was weekly)." in said
    compare.uploads["later"].value = (uploaded("c.json", b'{"elements": []}'),)
    assert "another program" in text_of(compare)
    assert "Lee → you" in text_of(compare)  # what was open stays open


def test_a_participant_link_cannot_open_the_page(monkeypatch):
    from workshop_kit.activities.caremap import page as page_module
    from workshop_kit.core import page as frame

    monkeypatch.setattr(frame, "facilitator_page_context", lambda: page_context_for_participant())
    shown = page_module.caremap_page(poll=False)
    assert "This page is for the workshop facilitator" in shown.value


def page_context_for_participant():
    from workshop_kit.paths import sample_profile_path
    from workshop_kit.profile import load_profile

    return context(load_profile(sample_profile_path()), {"code": "ABC123"}, facilitator=None)


def test_a_map_drawn_while_the_store_was_unreadable_never_replaces_the_stored_one(profile):
    """The store could not show the stored map when the form opened; the person starts a new
    map. The first save reads the store again and brings the stored map back instead of
    replacing it with the smaller one."""
    from workshop_kit.activities.caremap.form import payload
    from workshop_kit.core.store import StoreUnavailable

    stored = payload(a_map())  # Mum, with Sam helping
    reads = iter([StoreUnavailable("locked"), stored])
    sent: list[dict] = []

    def previous(_activity):
        answer = next(reads)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def send(_activity, payload_):
        sent.append(payload_)
        return True

    form = build_form(FormContext(profile, EN, send, "C", previous=previous))
    phone = Phone.showing(form)
    phone.start("Dad")  # a new, smaller map: nothing sent, the stored one comes back
    assert sent == []
    assert "Your map as you saved it before is back" in phone.message
    assert form.care_map.cared_for[0].label == "Mum"
    phone.add("Ana")  # the next change is saved on top of the stored map
    assert [p["label"] for p in sent[-1]["people"]] == ["Sam", "Ana"]


# -- as the Atlas CareMap draws it: several people cared for, where people live ------------------


def test_several_people_cared_for_from_step_one(phone):
    phone.fill("Mum", "family", ["personal_care"], "daily", lives="with_me")
    phone.click("wk-caremap-another")
    assert phone.form.step == 1
    assert phone.one(widgets.Text, "wk-caremap-label").value == ""  # ready for the next one
    assert "You care for:" in text_of(phone.form) and "Mum" in text_of(phone.form)
    phone.fill("Dad", "family", ["transport"], "weekly", lives="far")
    phone.click("wk-caremap-next")
    assert phone.form.step == 2
    stored = phone.sent[-1]["cared_for"]
    assert [(p["label"], p["lives"]) for p in stored] == [("Mum", "with_me"), ("Dad", "far")]
    assert "Who else cares for Mum, Dad?" in text_of(phone.form)
    # with several people cared for, each helper says whom they help
    receiver = phone.one(widgets.Dropdown, "wk-caremap-receiver")
    assert receiver.layout.display == "" and receiver.options == (("Mum", "them"), ("Dad", "them2"))
    receiver.value = "them2"
    phone.fill("Priya", "coworker", ["transport"], "weekly", lives="nearby")
    phone.click("wk-caremap-add")
    assert phone.sent[-1]["ties"][-1] == {
        "giver": "p1",
        "receiver": "them2",
        "help": ["transport"],
        "frequency": "weekly",
    }
    assert phone.sent[-1]["people"][0]["relationship"] == "coworker"
    assert "Priya → Dad" in text_of(phone.form)


def test_someone_cared_for_is_taken_off_the_map_only_while_there_are_several(phone):
    phone.fill("Mum", "family", ["personal_care"], "daily")
    phone.click("wk-caremap-another")
    phone.fill("Dad", "family", ["transport"], "weekly")
    phone.click("wk-caremap-another")
    removes = find(phone.form.cared_for_list, widgets.Button, "wk-caremap-remove")
    assert sorted(b.tooltip for b in removes) == ["Remove Dad", "Remove Mum"]
    next(b for b in removes if b.tooltip == "Remove Mum").click()
    assert [p["label"] for p in phone.sent[-1]["cared_for"]] == ["Dad"]
    assert find(phone.form.cared_for_list, widgets.Button, "wk-caremap-remove") == []


def test_a_stored_map_of_the_earlier_shape_is_continued_not_replaced(profile):
    """A map stored before several people could be cared for (``cared_for`` one object,
    ``closeness``) is read, continued, and saved again with nothing lost."""
    old = {
        "shared": True,
        "cared_for": {"id": "them", "label": "Mum", "relationship": "family"},
        "people": [{"id": "p1", "label": "Sam", "relationship": "friend", "closeness": "close"}],
        "ties": [
            {"giver": "me", "receiver": "them", "help": ["company"], "frequency": "daily"},
            {"giver": "p1", "receiver": "them", "help": ["transport"], "frequency": "weekly"},
        ],
    }
    sent = []
    context_ = FormContext(
        profile, EN, lambda a, p: sent.append(p) or True, "C", previous=lambda _a: old
    )
    phone = Phone.showing(build_form(context_))
    assert phone.form.step == 2 and "back as you last saved it" in phone.message
    phone.add("Nadia")
    assert [p["label"] for p in sent[-1]["people"]] == ["Sam", "Nadia"]
    assert sent[-1]["people"][0]["closeness"] == "close"
    assert sent[-1]["shared"] is True
    assert [p["label"] for p in sent[-1]["cared_for"]] == ["Mum"]
