"""The Community of Practice in-process: the phone form, the projected view and the
facilitator's page (this gathering, the year, the planner, the register), with a real store."""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime

import ipywidgets as widgets
import pandas as pd
import pytest
from app_helpers import FACILITATOR, context, find, text_of

from workshop_kit.activities.practice.answers import CYCLES
from workshop_kit.activities.practice.form import PracticeForm, build_form
from workshop_kit.activities.practice.live import PracticeResults, build_live
from workshop_kit.activities.practice.page import PracticeView
from workshop_kit.auth import Facilitator
from workshop_kit.core.activity import discover
from workshop_kit.core.answers import FACILITATOR_ID, InvalidAnswer, TextReviewAnswer
from workshop_kit.core.disclosure import text_key
from workshop_kit.core.page import FacilitatorPage
from workshop_kit.core.registry import FormContext, ResultsContext, find_activity
from workshop_kit.core.release import show_results
from workshop_kit.core.sending import AnswerSender
from workshop_kit.i18n import Translator


@pytest.fixture
def session(store):
    return store.create_session("Spring gathering", "en", FACILITATOR.key_hash)


@pytest.fixture(autouse=True)
def own_workshop_data(tmp_path, monkeypatch):
    """Each test keeps its register and exports in a folder of its own."""
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path / "home"))


def one(root: widgets.Widget, kind: type, css: str) -> widgets.Widget:
    matches = find(root, kind, css)
    assert len(matches) == 1, css
    return matches[0]


def plain(widget: widgets.Widget) -> str:
    """What a widget says, as a person reads it: no tags, no entities."""
    markup = widget.value if isinstance(widget, widgets.HTML) else text_of(widget)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


class Recorder:
    def __init__(self) -> None:
        self.payloads: list[dict] = []

    def __call__(self, payload: dict) -> bool:
        from workshop_kit.core.answers import validate_answer

        validate_answer("practice", payload)
        self.payloads.append(payload)
        return True


def answer_round(store, profile, code, people, levels=None, story=None):
    """``people`` phones rate every cycle (``levels[cycle]``, default "a lot")."""
    forms = []
    for index in range(people):
        sender = AnswerSender(store, code, store.join(code), profile)
        form = PracticeForm(Translator("en"), lambda p, s=sender: s.send("practice", p))
        for cycle in CYCLES:
            form.levels[cycle].value = (levels or {}).get(cycle, "a_lot")
        if story is not None:
            form.story.value = story(index)
            form.send_story.click()
        forms.append(form)
    return forms


def press(store, code):
    """The facilitator's "Show results" (docs/privacy.md)."""
    return show_results(store, code, "practice", FACILITATOR.key_hash, 5)


def results_context(store, profile, code, language="en") -> ResultsContext:
    return ResultsContext.of_session(store, code, profile, Translator(language))


def approve(store, code, text, decision="approve"):
    answer = TextReviewAnswer(text_key=text_key(text), decision=decision)
    key = f"review-{text_key(text)}-{decision}"
    store.add_facilitator_answers(code, FACILITATOR.key_hash, [(FACILITATOR_ID, answer, key)])


# -- the phone form -------------------------------------------------------------------------------


def test_each_tap_saves_its_cycle_and_a_changed_tap_is_sent_again():
    submit = Recorder()
    form = PracticeForm(Translator("en"), submit)
    assert len(find(form, widgets.VBox, "wk-practice-cycle")) == 5
    box = one(form, widgets.VBox, "wk-practice-applied")
    level = one(box, widgets.ToggleButtons, "wk-practice-level")
    assert [label for label, _ in level.options] == ["Not yet", "A little", "A lot"]
    level.value = "a_little"
    # applied value is asked at the start of the next gathering, looking back (issue 20)
    assert submit.payloads == [{"cycle": "applied", "level": "a_little", "looking_back": True}]
    assert "Saved" in plain(box)
    level.value = "not_yet"
    assert submit.payloads[-1] == {"cycle": "applied", "level": "not_yet", "looking_back": True}


def test_a_story_too_long_is_refused_kindly_and_kept_in_the_box():
    submit = Recorder()
    form = PracticeForm(Translator("fr"), submit)
    story = one(form, widgets.Textarea, "wk-practice-story")
    send = one(form, widgets.Button, "wk-submit")
    send.click()
    assert submit.payloads == [] and "écrire votre récit" in html.unescape(form.messages.value)
    story.value = "é" * 601
    send.click()
    assert submit.payloads == []
    assert "601 caractères" in html.unescape(form.messages.value)
    assert story.value == "é" * 601  # nothing typed is lost
    story.value = "  Grâce à la rencontre, nous avons ouvert un café des aidants.  "
    send.click()
    assert submit.payloads == [
        {"story": "Grâce à la rencontre, nous avons ouvert un café des aidants."}
    ]
    assert "Récit enregistré" in html.unescape(form.messages.value)


def test_a_refused_or_failing_send_shows_a_message_not_a_traceback():
    def refuse(payload):
        raise InvalidAnswer("practice", [])

    form = PracticeForm(Translator("en"), refuse)
    form.levels["immediate"].value = "a_lot"
    assert "is not one of the choices" in form.messages.value
    assert "Saved" not in plain(one(form, widgets.VBox, "wk-practice-immediate"))

    def broken(payload):
        raise RuntimeError("secret detail")

    form = PracticeForm(Translator("en"), broken)
    form.story.value = "A story"
    form.send_story.click()
    assert "Something went wrong" in form.messages.value
    assert "secret detail" not in form.messages.value


def test_a_double_send_stores_once(store, profile, session):
    sender = AnswerSender(store, session.code, store.join(session.code), profile)
    form = PracticeForm(Translator("en"), lambda p: sender.send("practice", p))
    form.story.value = "Met the school nurse"
    form.send_story.click()
    form.send_story.click()
    assert "Already saved" in form.messages.value
    assert len(store.answers(session.code, "practice", latest_only=False)) == 1


def test_the_phone_form_imports_nothing_heavy():
    probe = (
        "import json, sys\n"
        "from workshop_kit.core.registry import FormContext, find_activity\n"
        "from workshop_kit.i18n import Translator\n"
        "from workshop_kit.paths import sample_profile_path\n"
        "from workshop_kit.profile import load_profile\n"
        "context = FormContext(load_profile(sample_profile_path()), Translator('en'),"
        " lambda *a: True, 'C')\n"
        "find_activity('practice').form(context)\n"
        "heavy = {'pandas', 'matplotlib', 'numpy', 'icalendar', 'openpyxl'}\n"
        "print(json.dumps(sorted(heavy & {m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=dict(os.environ),
    )
    assert json.loads(done.stdout) == []


def test_the_activity_is_declared_and_found_by_convention(store, profile, session):
    declared = discover()["practice"]
    assert declared.order == 70 and declared.page == "06_community_of_practice.ipynb"
    assert (declared.form, declared.live) == ("form:build_form", "live:build_live")
    assert declared.report == "report:report_section" and callable(declared.load(declared.report))
    assert declared.load(declared.form) is build_form
    assert declared.load(declared.live) is build_live
    form_context = FormContext(profile, Translator("en"), lambda *a: True, session.code)
    assert isinstance(find_activity("practice").form(form_context), PracticeForm)
    live = find_activity("practice").results(results_context(store, profile, session.code))
    assert isinstance(live, PracticeResults)


# -- the projector --------------------------------------------------------------------------------


def test_the_projector_waits_for_five_people_then_moves_in_blocks(store, profile, session):
    code = session.code
    answer_round(store, profile, code, 4, {"applied": "not_yet"})
    view = PracticeResults(results_context(store, profile, code))
    assert view.panel.image.layout.display == "none"  # nothing shown from 4 people
    assert "Values are shown once 5 people" in view.panel.summary.value
    answer_round(store, profile, code, 1, {"applied": "not_yet"})
    press(store, code)
    view.refresh()
    assert bytes(view.panel.image.value).startswith(b"\x89PNG")
    summary = html.unescape(view.panel.summary.value)
    assert "5 people answered. The most value: Immediate value (2.0" in summary
    assert "The least so far: Applied value (0.0)." in summary
    before = view.panel.image.value
    answer_round(store, profile, code, 1, {"applied": "a_lot"})  # a sixth person
    view.refresh()
    assert view.panel.image.value == before  # one person cannot be seen arriving
    assert "6 people answered" in view.panel.summary.value
    assert "(0.0)" in html.unescape(view.panel.summary.value)


def test_stories_reach_the_projector_only_once_approved_and_escaped(store, profile, session):
    code = session.code
    answer_round(store, profile, code, 5, story=lambda i: f"Story <b>{i}</b>")
    view = PracticeResults(results_context(store, profile, code))
    assert "Story" not in view.stories.value
    assert "5 stories are waiting" in view.stories.value
    # a participant's own "approval" is ignored: only the facilitator's records count
    sneaky = TextReviewAnswer(text_key=text_key("Story <b>1</b>"), decision="approve")
    store.add_answer(code, store.join(code), sneaky, "sneaky-1")
    approve(store, code, "Story <b>3</b>")
    view.refresh()
    assert "Story &lt;b&gt;3&lt;/b&gt;" in view.stories.value
    assert "<b>3</b>" not in view.stories.value
    assert "Story &lt;b&gt;1" not in view.stories.value
    assert "4 stories are waiting" in view.stories.value


def test_the_projector_speaks_french(store, profile):
    session = store.create_session("Rencontre", "fr", FACILITATOR.key_hash)
    answer_round(store, profile, session.code, 5)
    press(store, session.code)
    view = PracticeResults(results_context(store, profile, session.code, "fr"))
    summary = plain(view.panel.summary)
    assert summary.startswith("5 personnes ont répondu. Le plus de valeur : Valeur immédiate (2,0")


# -- the facilitator's page -----------------------------------------------------------------------


def page_for(store, profile, session=None, language="en") -> PracticeView:
    return PracticeView(context(profile, language=language), store, session)


def test_the_page_opens_on_a_session_and_also_works_without_one(store, profile, session):
    page = FacilitatorPage(
        context(profile, {"code": session.code}),
        store,
        "practice.title",
        PracticeView,
        without_session="practice.page.no_session",
        poll=False,
    )
    view = page.view
    assert isinstance(view, PracticeView) and view.gathering is not None
    assert view.tabs.titles == ("This gathering", "The year", "Plan the year", "Members")
    page.open_session("")
    assert page.view.gathering is None
    assert page.view.tabs.titles == ("The year", "Plan the year", "Members")
    assert "No session is marked as a gathering yet" in page.view.year.empty.value


def test_marking_a_session_as_a_gathering_is_a_facilitator_record(store, profile, session):
    view = page_for(store, profile, store.session(session.code))
    gathering = view.gathering
    gathering.community.value = "   "
    gathering.save_mark.click()
    assert "Please give the Community of Practice a name" in gathering.messages.value
    assert store.answers(session.code, "practice_gathering").empty
    gathering.community.value = "Riverbend CoP"
    gathering.number.value = 2
    gathering.year.value = 2027
    gathering.theme.value = "needs"
    gathering.save_mark.click()
    assert "gathering 2 of Riverbend CoP in 2027" in gathering.mark_status.value
    stored = store.answers(session.code, "practice_gathering")
    assert stored["participant_id"].tolist() == [FACILITATOR_ID]
    assert stored["source"].tolist() == ["facilitator"]
    # the year view follows at once
    assert view.year.chosen() == ("Riverbend CoP", 2027)


def test_another_facilitator_cannot_record_in_this_session(store, profile, session):
    stranger = context(profile, facilitator=Facilitator(key_hash="0" * 64))
    view = PracticeView(stranger, store, store.session(session.code))
    view.gathering.save_mark.click()
    assert "This page is for the workshop facilitator" in view.gathering.messages.value
    assert store.answers(session.code, "practice_gathering").empty


def test_attendance_from_the_register_feeds_the_multiagency_view(store, profile, session):
    view = page_for(store, profile, store.session(session.code))
    register = view.register
    for name, sector in [("Riverbend Hospice", "health_social_care"), ("St Mary's", "faith")]:
        register.name.value = name
        register.sector.value = sector
        register.add.click()
    assert "St Mary's added to the register" in html.unescape(register.messages.value)
    boxes = find(view.gathering, widgets.Checkbox, "wk-practice-attending")
    assert len(boxes) == 2
    next(b for b in boxes if b.description.startswith("Riverbend")).value = True
    view.gathering.save_attendance.click()
    assert "1 organisation took part" in view.gathering.messages.value
    view.gathering.save_mark.click()
    sectors = view.year.data.sectors
    assert int(sectors.to_numpy().sum()) == 1
    assert sectors.iloc[:, 0]["health_social_care"] == 1
    assert "1 of the 12 kinds of member took part" in view.year.sectors.summary.value
    # removing the organisation from the register keeps it in this gathering's record
    register.remove_choice.value = "Riverbend Hospice"
    register.remove.click()
    names = [b.description for b in find(view.gathering, widgets.Checkbox, "wk-practice-attending")]
    assert any(n.startswith("Riverbend Hospice") for n in names)
    # and the register is kept on this computer for the next visit
    assert page_for(store, profile).register.register.names() == ["St Mary's"]


def test_the_year_matrix_collects_the_gatherings_of_one_community(store, profile):
    codes = []
    for number, people, level in [(1, 6, "a_little"), (2, 3, "a_lot"), (3, 5, "a_lot")]:
        session = store.create_session(f"Gathering {number}", "en", FACILITATOR.key_hash)
        answer_round(store, profile, session.code, people, dict.fromkeys(CYCLES, level))
        press(store, session.code)  # refused for the 3 people of the second gathering
        view = page_for(store, profile, store.session(session.code))
        view.gathering.community.value = "Riverbend CoP"
        view.gathering.year.value = 2027
        view.gathering.number.value = number
        view.gathering.save_mark.click()
        codes.append(session.code)
    other = store.create_session("Another CoP", "en", FACILITATOR.key_hash)
    page_for(store, profile, store.session(other.code)).gathering.save_mark.click()
    store.close_session(codes[0], FACILITATOR.key_hash)  # closed: all six answers count

    view = page_for(store, profile)
    year = view.year
    assert len(year.choice.options) == 2
    year.choose("Riverbend CoP", 2027)
    matrix = year.data.matrix
    assert len(matrix.gatherings) == 3
    first, second, third = matrix.gatherings
    assert matrix.counts.at["immediate", first] == 6 and matrix.scores.at["immediate", first] == 1.0
    assert matrix.scores.at["immediate", second] is None  # 3 people: too few
    # reframing value rated at gathering 3 looks back at gathering 2 (issue 20); nobody has
    # looked back at gathering 3 yet
    assert matrix.scores.at["reframing", second] == 2.0
    assert matrix.counts.at["reframing", second] == 5
    assert matrix.scores.at["reframing", third] is None
    assert matrix.status.at["reframing", third] == "no_answers"
    summary = plain(year.matrix.summary)
    assert summary.startswith("3 gatherings.")
    assert "5 cells rated by fewer than 5 people are not shown" in summary
    assert "from 1.0 (Gathering 1" in summary and "to 2.0 (Gathering 3" in summary
    assert bytes(year.matrix.image.value).startswith(b"\x89PNG")


def test_approved_stories_are_listed_and_exported_formula_safe(store, profile, session):
    code = session.code
    texts = ['=HYPERLINK("http://evil")', "The school <now> hosts a grief café"]
    answer_round(store, profile, code, 5, story=lambda i: texts[i % 2] + ("" if i < 2 else f" {i}"))
    press(store, code)
    view = page_for(store, profile, store.session(code))
    gathering = view.gathering
    gathering.save_mark.click()
    rows = find(gathering, widgets.HBox, "wk-moderation-row")
    assert len(rows) == 5
    assert "5 stories are waiting" in gathering.stories.value
    for text in texts:
        gathering.decide(text_key(text), "approve")
    assert "The school &lt;now&gt; hosts a grief café" in gathering.stories.value
    assert "3 stories are waiting" in gathering.stories.value
    files = {f.name: f.data for f in gathering.export_files()}
    stories_csv = files[f"practice-{code}-stories.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in stories_csv and "\n=HYPERLINK" not in stories_csv
    assert stories_csv.count("\n") == 3  # header and the two approved stories only
    value = pd.read_csv(io.BytesIO(files[f"practice-{code}-value.csv"]), encoding="utf-8-sig")
    assert set(value["status"]) == {"shown"}
    assert files[f"practice-{code}-value.png"].startswith(b"\x89PNG")
    one(gathering, widgets.Button, "wk-practice-session-export").click()
    links = gathering.downloads.value
    assert links.count("<a download=") == 3
    found = re.search(
        rf'download="practice-{code}-stories.csv" href="data:text/csv;base64,([^"]+)"', links
    )
    assert base64.b64decode(found.group(1)) == files[f"practice-{code}-stories.csv"]

    year = view.year
    assert "grief café" in year.stories.value and "Gathering 1" in year.stories.value
    year_files = {f.name: f.data for f in year.export_files()}
    matrix_csv = year_files[f"practice-{store.session(code).created_at.year}-value-matrix.csv"]
    table = pd.read_csv(io.BytesIO(matrix_csv), encoding="utf-8-sig")
    hidden = table[table["status"] == "too_few"]
    assert hidden["n"].isna().all() and hidden["score"].isna().all()
    year_stories = next(v for k, v in year_files.items() if k.endswith("stories.csv"))
    assert "'=HYPERLINK" in year_stories.decode("utf-8-sig")


def test_the_planner_refuses_impossible_years_and_keeps_what_was_typed(store, profile):
    planner = page_for(store, profile, language="fr").planner
    planner.year.value = 2027
    planner.holidays.value = "2027-04-01..2027-06-30 travaux\nmardi prochain"
    planner.go.click()
    message = html.unescape(planner.messages.value)
    assert "Rien n'a été planifié" in message and "« mardi prochain »" in message
    assert planner.holidays.value.endswith("mardi prochain")
    assert planner.export.disabled and planner.plan is None
    planner.holidays.value = "2027-04-01..2027-06-30 travaux"
    planner.go.click()
    message = html.unescape(planner.messages.value)
    assert "La rencontre 2 ne peut pas être planifiée" in message
    assert "1 avril 2027" in message and "30 juin 2027" in message
    assert planner.plan is None
    planner.holidays.value = ""
    planner.zone.value = "Lune/Mer"
    planner.go.click()
    assert "n'est pas un nom de fuseau horaire" in html.unescape(planner.messages.value)


def test_the_planner_plans_rotates_and_exports_three_files(store, profile):
    view = page_for(store, profile)
    register = view.register
    for name in ["Hospice", "School", "Council"]:
        register.name.value = name
        register.add.click()
    planner = view.planner
    assert "among 3 organisations" in planner.rotation.value
    planner.year.value = 2027
    planner.weekday.value = 2  # Wednesday
    planner.part.value = "afternoon"
    planner.go.click()
    assert "Planned: four gatherings in 2027." in planner.messages.value
    plan = planner.plan
    assert all(g.day.weekday() == 2 and g.start.hour == 13 for g in plan.gatherings)
    assert sorted({g.host for g in plan.gatherings}) == ["Council", "Hospice", "School"]
    one(planner, widgets.Button, "wk-practice-plan-export").click()
    links = planner.downloads.value
    for name in (
        "community-of-practice-2027.ics",
        "-agenda.html",
        "community-of-practice-2027.csv",
    ):
        assert name in links
    assert "Saved on this computer in" in links


def test_a_register_file_is_checked_before_it_replaces_the_register(store, profile):
    view = page_for(store, profile)
    register = view.register
    bad = b"organisation,sector\n<script>x</script>,libraries\n"
    register.upload.set_trait(
        "value",
        (
            {
                "name": "bad.csv",
                "type": "text/csv",
                "size": len(bad),
                "last_modified": datetime.now(UTC),
                "content": memoryview(bad),
            },
        ),
    )
    assert "&lt;script&gt;" not in register.report.value or "<script>" not in register.report.value
    assert "libraries" in register.report.value
    assert one(register, widgets.Button, "wk-practice-register-use").disabled
    good = b"organisation,sector,roles\nHospice,faith,facilitator\nSchool,education,\n"
    register.load("good.csv", good)
    use = one(register, widgets.Button, "wk-practice-register-use")
    assert not use.disabled
    use.click()
    assert "The register now has 2 organisations." in register.messages.value
    assert "Hospice" in register.table.value
    assert "among 2 organisations, facilitators among 1" in view.planner.rotation.value
    huge = {
        "name": "big.csv",
        "type": "text/csv",
        "size": 5_000_000,
        "last_modified": datetime.now(UTC),
        "content": memoryview(b""),
    }
    register.upload.set_trait("value", (huge,))
    assert "too large" in register.messages.value
    assert register.register.names() == ["Hospice", "School"]  # unchanged


def test_a_participant_link_gets_the_refusal_and_no_page(monkeypatch):
    from workshop_kit.activities.practice.page import practice_page

    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv("WORKSHOP_KIT_FACILITATOR_KEY_HASH", "0" * 64)
    monkeypatch.setenv("QUERY_STRING", "code=ABCDEF&key=wrong")
    page = practice_page(poll=False)
    assert "This page is for the workshop facilitator" in page.value


def test_the_year_reads_the_store_again_on_request(store, profile, session):
    view = page_for(store, profile)  # opened before the gathering was marked elsewhere
    assert view.year.chosen() is None
    page_for(store, profile, store.session(session.code)).gathering.save_mark.click()
    one(view.year, widgets.Button, "wk-practice-year-refresh").click()
    assert view.year.chosen() == ("Riverbend Community of Practice", session.created_at.year)
