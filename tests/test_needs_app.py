"""The needs app in-process: the participant form, the facilitator view and the import box,
with a real store behind them where it matters."""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import ipywidgets as widgets
import openpyxl
import pandas as pd
import pytest
from app_helpers import find

from workshop_kit.activities.needs import live as needs_live
from workshop_kit.activities.needs.form import NeedsForm
from workshop_kit.activities.needs.import_panel import ImportPanel
from workshop_kit.activities.needs.importer import check_needs_file
from workshop_kit.activities.needs.live import NeedsResults
from workshop_kit.activities.needs.results import FacilitatorView
from workshop_kit.auth import hash_key
from workshop_kit.core.activity import discover
from workshop_kit.core.answers import InvalidAnswer, validate_answer
from workshop_kit.core.disclosure import text_key
from workshop_kit.core.registry import ResultsContext
from workshop_kit.core.release import set_live, show_results
from workshop_kit.core.sending import AnswerSender
from workshop_kit.i18n import Translator

FIXTURES = Path(__file__).parent / "fixtures" / "needs"


def one(root: widgets.Widget, kind: type, css: str) -> widgets.Widget:
    matches = find(root, kind, css)
    assert len(matches) == 1, css
    return matches[0]


def need_box(form: NeedsForm, need: str) -> widgets.VBox:
    return one(form, widgets.VBox, f"wk-need-{need}")


def rate(form: NeedsForm, need: str, importance: int, met: int) -> None:
    box = need_box(form, need)
    one(box, widgets.ToggleButtons, "wk-needs-importance").value = importance
    one(box, widgets.ToggleButtons, "wk-needs-met").value = met


class Recorder:
    """A ``submit`` that validates like the participant app's sender and remembers."""

    def __init__(self, profile) -> None:
        self.profile = profile
        self.payloads: list[dict] = []

    def __call__(self, payload: dict) -> bool:
        validate_answer("needs", payload, self.profile)
        self.payloads.append(payload)
        return True


# -- participant form -----------------------------------------------------------------------------


def test_a_need_saves_once_both_ratings_are_chosen_and_again_when_changed(profile):
    submit = Recorder(profile)
    form = NeedsForm(profile, Translator("en"), submit)
    assert len(find(form, widgets.VBox, "wk-needs-need")) == len(profile.needs)
    box = need_box(form, "respite")
    one(box, widgets.ToggleButtons, "wk-needs-importance").value = 5
    assert submit.payloads == []  # one rating is not an answer yet
    one(box, widgets.ToggleButtons, "wk-needs-met").value = 2
    assert submit.payloads == [
        {"need": "respite", "importance": 5, "met": 2, "group": None, "area": None}
    ]
    assert "saved" in " ".join(w.value for w in find(box, widgets.HTML))
    one(box, widgets.ToggleButtons, "wk-needs-met").value = 4
    assert submit.payloads[-1]["met"] == 4


def test_choosing_a_group_or_area_resends_the_ratings_already_given(profile):
    submit = Recorder(profile)
    form = NeedsForm(profile, Translator("en"), submit)
    rate(form, "respite", 5, 1)
    rate(form, "transport", 3, 3)
    submit.payloads.clear()
    one(form, widgets.Dropdown, "wk-needs-group").value = "caregiver"
    one(form, widgets.Dropdown, "wk-needs-area").value = "riverside"
    latest = {p["need"]: p for p in submit.payloads}
    assert set(latest) == {"respite", "transport"}
    assert latest["respite"]["group"] == "caregiver"
    assert latest["respite"]["area"] == "riverside"


def test_free_text_is_sent_and_too_long_text_is_refused_kindly(profile):
    submit = Recorder(profile)
    form = NeedsForm(profile, Translator("fr"), submit)
    text = one(form, widgets.Textarea, "wk-needs-text")
    send = one(form, widgets.Button, "wk-submit")
    text.value = "x" * 1001
    send.click()
    assert submit.payloads == []
    assert "1" in form.messages.value and "000" in form.messages.value
    text.value = "  Du répit le samedi  "
    send.click()
    assert submit.payloads == [{"text": "Du répit le samedi", "group": None, "area": None}]
    assert "Enregistré" in form.messages.value


def test_a_refused_or_failing_submit_shows_a_message_not_a_traceback(profile):
    def refuse(payload):
        raise InvalidAnswer("needs", [])

    form = NeedsForm(profile, Translator("en"), refuse)
    rate(form, "respite", 5, 1)
    assert "is not one of the choices" in form.messages.value

    def broken(payload):
        raise RuntimeError("boom")

    form = NeedsForm(profile, Translator("en"), broken)
    rate(form, "respite", 5, 1)
    assert "Something went wrong" in form.messages.value
    assert "boom" not in form.messages.value


# -- from five phones to the projector ------------------------------------------------------------


def test_five_participants_answer_and_the_view_ranks_and_suppresses(store, profile):
    code = store.create_session("Needs", "en", hash_key("k")).code
    set_live(store, code, "needs", True, hash_key("k"), 5)  # "Show results live" from the start
    for person in range(5):
        sender = AnswerSender(store, code, store.join(code), profile)
        form = NeedsForm(profile, Translator("en"), lambda p, s=sender: s.send("needs", p))
        one(form, widgets.Dropdown, "wk-needs-group").value = (
            "caregiver" if person < 4 else "bereaved"
        )
        rate(form, "respite", 5, 1)
        rate(form, "transport", 4, 3)
        rate(form, "respite", 5, 2 if person == 0 else 1)  # one changes their mind
        one(form, widgets.Textarea, "wk-needs-text").value = f"Weekend respite <b>{person}</b>"
        one(form, widgets.Button, "wk-submit").click()

    answers = store.answers(code, "needs")
    assert len(answers) == 15  # 5 people × (2 needs + 1 text): the latest counts
    context = ResultsContext.of_session(store, code, profile, Translator("en"))
    results = NeedsResults(context)
    view = results.view
    # Live, the projector shows the answers as they stood when the 5th person arrived (whole
    # blocks of min_cell_size): the 5th person's later answers wait for the next block.
    assert "5 people have answered: 9 ratings and 4 written answers" in view.overview.value
    assert bytes(view.ranking.image.value).startswith(b"\x89PNG")
    assert "The largest unmet need is “Respite and breaks for caregivers”" in (
        view.ranking.summary.value
    )
    assert "1 need rated by fewer than 5 people is not shown" in view.ranking.summary.value
    scores = view.results["scores"]
    assert list(scores.index[:2]) == ["respite", "transport"]
    assert scores.at["transport", "status"] == "too_few"  # 4 raters: no score, no n
    assert pd.isna(scores.at["transport", "score"]) and pd.isna(scores.at["transport", "n"])
    by_group = view.results["group"]
    # 4 caregivers and 1 bereaved person: both cells hidden (the 1 alone could be subtracted)
    assert by_group.suppressed.at["respite", "caregiver"]
    assert by_group.suppressed.at["respite", "bereaved"]
    assert "No cell can be shown yet" in view.by_group.summary.value
    # written answers are not quoted on the projector until the facilitator approves them
    assert "Weekend respite" not in view.themes.value
    assert "4 more written answers are shown on the facilitator page" in view.themes.value
    assert view.update(
        context.released("needs"), decisions={text_key("Weekend respite <b>0</b>"): "approve"}
    )
    assert "Weekend respite &lt;b&gt;0&lt;/b&gt;" in view.themes.value  # escaped
    assert "<b>0</b>" not in view.themes.value
    assert "Weekend respite &lt;b&gt;1" not in view.themes.value
    assert not view.update(context.released("needs"))  # nothing changed: no redraw
    # "Show results" now would show one person's later answers on their own: refused, and
    # the facilitator is told why (4 more people must answer first)
    pressed = show_results(store, code, "needs", hash_key("k"), 5)
    assert (pressed.waiting_answers, pressed.waiting_people, pressed.people_needed) == (2, 1, 4)
    results.refresh()
    assert "5 people have answered: 9 ratings and 4 written answers" in view.overview.value


def test_view_in_french_with_no_answers(profile):
    view = FacilitatorView(profile, Translator("fr"))
    empty = pd.DataFrame(columns=["answer_id", "participant_id", "item", "source", "created_at"])
    assert view.update(empty)
    assert "Aucune note pour l'instant" in html.unescape(view.ranking.summary.value)
    assert view.ranking.image.layout.display == "none"
    assert "Aucune réponse écrite" in view.themes.value


def test_exports_are_formula_safe_and_hide_suppressed_cells(profile):
    frame = check_needs_file((FIXTURES / "good.csv").read_bytes(), "good.csv", profile).frame()
    frame.loc[frame["text"].notna(), "text"] = '=HYPERLINK("http://evil")'
    view = FacilitatorView(profile, Translator("en"))
    # only approved written answers are exported with the themes
    view.update(frame, decisions={text_key('=HYPERLINK("http://evil")'): "approve"})
    files = {file.name: file.data for file in view.export_files()}
    assert set(files) == {
        "needs-ranking.csv",
        "needs-by-group.csv",
        "needs-by-area.csv",
        "needs-themes.csv",
        "needs-ranking.png",
        "needs-group.png",
        "needs-area.png",
    }
    themes = files["needs-themes.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in themes and "\n=HYPERLINK" not in themes
    by_group = pd.read_csv(io.BytesIO(files["needs-by-group.csv"]), encoding="utf-8-sig")
    hidden = by_group[by_group["status"] == "too_few"]
    assert len(hidden) > 0 and hidden["n"].isna().all() and hidden["score"].isna().all()
    assert files["needs-ranking.png"].startswith(b"\x89PNG")

    one(view, widgets.Button, "wk-needs-export").click()
    links = view.downloads.value
    assert links.count("<a download=") == 7
    encoded = re.search(r'download="needs-ranking.csv" href="data:text/csv;base64,([^"]+)"', links)
    assert base64.b64decode(encoded.group(1)) == files["needs-ranking.csv"]


def test_the_activity_is_registered(profile):
    declared = discover()["needs"]
    assert declared.live == "live:build_live"  # found by convention
    assert declared.load(declared.live) is needs_live.build_live


# -- import panel ---------------------------------------------------------------------------------


def test_import_panel_checks_then_imports_a_good_file_once(store, profile):
    code = store.create_session("Import", "en", hash_key("k")).code
    panel = ImportPanel(
        profile, Translator("en"), lambda result: store.add_answers(code, result.store_rows(code))
    )
    data = (FIXTURES / "good.csv").read_bytes()
    panel._uploaded({"new": ({"name": "good.csv", "content": memoryview(data)},)})
    assert "12 respondents and 155 answers ready to import" in panel.report.value
    button = one(panel, widgets.Button, "wk-needs-import")
    assert not button.disabled
    button.click()
    assert "155 new answers imported." in panel.messages.value
    assert len(store.answers(code, "needs")) == 155
    panel.load("good.csv", data)
    button.click()
    assert "0 new answers imported. 155 answers were already there" in panel.messages.value


def test_import_panel_lists_problems_escaped_and_keeps_the_button_off(profile):
    stored = []
    panel = ImportPanel(profile, Translator("en"), stored.append)
    data = b"group,respite_importance,respite_met\n<script>x</script>,9,1\n"
    result = panel.load("bad<i>.csv", data)
    assert not result.ok
    assert "&lt;script&gt;" in panel.report.value and "<script>" not in panel.report.value
    assert "bad&lt;i&gt;.csv" in panel.report.value or "bad<i>" not in panel.report.value
    assert one(panel, widgets.Button, "wk-needs-import").disabled
    one(panel, widgets.Button, "wk-needs-import").click()
    assert stored == []


def test_import_panel_asks_for_a_sheet(profile):
    book = openpyxl.Workbook()
    book.active.title = "Answers"
    for line in (FIXTURES / "good.csv").read_text("utf-8").splitlines():
        book.active.append(line.split(","))
    book.create_sheet("Notes").append(["a", "b"])
    buffer = io.BytesIO()
    book.save(buffer)
    panel = ImportPanel(profile, Translator("en"), lambda result: 0)
    panel.load("survey.xlsx", buffer.getvalue())
    assert panel.sheet.layout.display == ""
    assert [value for _, value in panel.sheet.options] == ["", "Answers", "Notes"]
    panel.sheet.value = "Answers"
    assert panel.result is not None and panel.result.ok


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_view_text_exists_in_both_languages(profile, language):
    view = FacilitatorView(profile, Translator(language))
    frame = check_needs_file((FIXTURES / "good.csv").read_bytes(), "good.csv", profile).frame()
    view.update(frame)
    texts = " ".join(w.value for w in find(view, widgets.HTML))
    assert "needs." not in texts  # no untranslated key shown


def test_the_participant_side_stays_light():
    """Phones wait for the participant kernel: the form must not pull in the chart stack."""
    import subprocess
    import sys

    heavy = "('pandas', 'numpy', 'matplotlib', 'openpyxl')"
    code = (
        "import sys, workshop_kit.activities.needs.form;"
        f"print([m for m in {heavy} if m in sys.modules])"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_the_session_page_imports_only_for_the_sessions_facilitator(store, profile):
    """The page's import goes through the store's key check (as asset imports do): a page
    signed in with another key stores nothing and says the action is the facilitator's."""
    from workshop_kit.activities.needs.page import NeedsPageView
    from workshop_kit.auth import Facilitator
    from workshop_kit.core.context import PageContext

    session = store.create_session("Import", "en", hash_key("k"))
    data = (FIXTURES / "good.csv").read_bytes()
    for key, expected in (("someone else", 0), ("k", 155)):
        facilitator = Facilitator(key_hash=hash_key(key))
        context = PageContext(profile=profile, query={}, facilitator=facilitator, language="en")
        view = NeedsPageView(context, store, session)
        view.importer.load("good.csv", data)
        one(view.importer, widgets.Button, "wk-needs-import").click()
        assert len(store.answers(session.code, "needs")) == expected
        if expected == 0:
            assert "This page is for the workshop facilitator" in view.importer.messages.value
