"""Question sets: a file becomes an activity with no code, and goes through the core's one
shown state, release rules and disclosure control like every activity.

A room of 7 phones answers a set of every kind through the phone's own path
(:class:`~workshop_kit.core.sending.AnswerSender`, and the phone form's own buttons); nothing
is shown before the facilitator's "Show results"; then the projector, the report and the
exports show the same figures, hide small groups, and never a written answer the facilitator
did not approve. A file with a mistake is refused with its file, line and field.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import openpyxl
import pytest
from question_set_helpers import EVERY_KIND, community_with_sets

from workshop_kit.activities.questions.sets import QuestionSetError, forget, read_question_set
from workshop_kit.auth import hash_key
from workshop_kit.cli import main
from workshop_kit.core.activity import discover
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer
from workshop_kit.core.bundle import BUNDLE_FILE
from workshop_kit.core.disclosure import text_key
from workshop_kit.core.registry import FormContext, ResultsContext, find_activity
from workshop_kit.core.release import show_results
from workshop_kit.core.report import ReportContext, build_report, report_html
from workshop_kit.core.sending import AnswerSender
from workshop_kit.core.session_export import session_export
from workshop_kit.core.shown import clear_cache
from workshop_kit.i18n import Translator
from workshop_kit.profile import PROFILE_VARIABLE

KEY = "k"
KEY_HASH = hash_key(KEY)
ACTIVITY = "q-every-kind"
SECRET = "Call Mary Jones on 07700 900123"
APPROVED = "More benches by the river"


@pytest.fixture
def served(tmp_path, monkeypatch):
    """The kit as it serves a community holding the every-kind set."""
    profile_path = community_with_sets(tmp_path / "town", {"every-kind": EVERY_KIND})
    monkeypatch.setenv(PROFILE_VARIABLE, str(profile_path))
    forget()
    clear_cache()
    yield profile_path
    forget()


def answers_of(phone: int) -> list[dict]:
    """Phone 0 to 6: 6 choose family and 1 doctor (a group of one, hidden); 5 choose home and
    2 do not (hidden both ways); phone 0 writes a name and number, phone 1 a wish."""
    payloads = [
        {"question": "calm", "scale": phone + 2},
        {"question": "first", "choice": "doctor" if phone == 6 else "family"},
        {"question": "matters", "choices": ["home", "pain"] if phone < 5 else ["pain"]},
        {"question": "order", "ranking": ["carers", "talk", "grief"]},
    ]
    if phone < 2:
        payloads.append({"question": "wish", "text": SECRET if phone == 0 else APPROVED})
    return payloads


def run_room(store, profile, key_hash=KEY_HASH, approve=True):
    session = store.create_session("Question night", "en", key_hash)
    for phone in range(7):
        sender = AnswerSender(store, session.code, store.join(session.code), profile)
        for payload in answers_of(phone):
            assert sender.send(ACTIVITY, payload)
    if approve:
        review = TextReviewAnswer(text_key=text_key(APPROVED), decision="approve")
        store.add_facilitator_answers(session.code, key_hash, [(FACILITATOR_ID, review, "r1")])
    return session


def test_a_question_set_file_becomes_an_activity_with_every_part(served):
    info = discover()[ACTIVITY]
    assert info.argument == "every-kind" and info.minutes == (10, 10)
    assert all((info.form, info.live, info.shown, info.report, info.rehearsal))
    assert Translator("fr")(info.title_key) == "Chaque sorte"
    assert "q-what-matters" in discover() and "q-conversation-prompts" in discover()


def test_a_room_answers_every_kind_and_sees_it_only_as_released(served, store, profile):
    session = run_room(store, profile)
    t = Translator("en")
    context = ResultsContext.of_session(store, session.code, profile, t)
    assert context.shown(ACTIVITY).people == 0  # answered, not yet shown
    live = find_activity(ACTIVITY).results(context)
    assert "7 people have answered" in live.status.value and not live.panels.children
    assert "Talk about it." in live.prompts.value  # prompts are for the shared screen

    show_results(store, session.code, ACTIVITY, hash_key(KEY), profile.min_cell_size)
    shown = context.shown(ACTIVITY)
    history = lambda a: store.answers(session.code, a, latest_only=False)  # noqa: E731
    paper = ReportContext(profile, t, session.code, history, store)
    assert paper.shown(ACTIVITY) is shown  # one state: the report lays out what was projected
    by_id = {q.id: q for q in shown.questions}
    assert shown.people == 7 and "talk_about" not in by_id  # a prompt has nothing to show
    assert by_id["calm"].mean == 5.0 and by_id["calm"].people == 7
    assert by_id["first"].counts == {"Family": None, "Doctor": None}  # 1 doctor: both hidden
    assert by_id["matters"].counts == {"Home": None, "No pain": 7}  # 5 chose, 2 did not
    assert [label for label, _ in by_id["order"].ranking] == ["Carers", "Talk", "Grief"]
    assert by_id["wish"].quotes == [APPROVED] and by_id["wish"].unquoted == 1

    live.refresh()
    leaves = [w for panel in live.panels.children for w in _leaves(panel)]
    projected = " ".join(w.value for w in leaves if isinstance(getattr(w, "value", None), str))
    assert APPROVED in projected and "Mary" not in projected

    report = build_report(store, session.code, profile)
    section = next(s for s in report.sections if s.activity == ACTIVITY)
    page = report_html(report)
    assert section.title == "Every kind" and APPROVED in page
    assert "Mary" not in page and "07700" not in page
    table = section.tables[0].frame
    doctor = table[(table["question"] == "first") & (table["option"] == "Doctor")]
    assert doctor["count"].tolist() == [t("app.too_few")]

    exported_files = session_export(store, session.code, profile, "en", rows=True).files
    files = [f for f in exported_files if f.name != BUNDLE_FILE]  # the full backup holds all
    assert f"rows-{ACTIVITY}.csv" in {f.name for f in files}
    for exported in files:
        content = exported.data
        if exported.name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(content))
            content = " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row)
            content = content.encode()
        assert b"Mary" not in content and b"07700" not in content, exported.name
    assert any(APPROVED.encode() in f.data for f in files if f.name.endswith(".csv"))


def _leaves(widget):
    children = getattr(widget, "children", None)
    if not children:
        yield widget
        return
    for child in children:
        yield from _leaves(child)


def test_a_phone_answers_through_the_form_it_is_shown(served, store, profile):
    session = store.create_session("Form", "fr", hash_key(KEY))
    sender = AnswerSender(store, session.code, store.join(session.code), profile)
    context = FormContext(profile, Translator("fr"), sender.send, session.code)
    form = find_activity(ACTIVITY).form(context)
    boxes = {c._dom_classes[-1]: c for c in form.children if "wk-question" in c._dom_classes}
    scale, send = boxes["wk-question-calm"].children[1], boxes["wk-question-calm"].children[2]
    scale.value = "8"
    send.click()
    ranking = boxes["wk-question-order"]
    for place, option in zip(ranking.children[2:5], ["grief", "talk", "carers"], strict=True):
        place.value = option
    ranking.children[5].click()
    empty = boxes["wk-question-wish"]
    empty.children[2].click()  # nothing written: nothing sent, the phone says so
    stored = store.answers(session.code, ACTIVITY).set_index("question")
    assert stored.loc["calm", "scale"] == 8
    assert stored.loc["order", "ranking"] == ["grief", "talk", "carers"]
    assert "wish" not in stored.index and "Merci de répondre" in empty.children[3].value


BROKEN = EVERY_KIND.replace("kind: choice\n", "kind: pick\n").replace("scale: 10", "scale: 7")


def test_a_file_with_mistakes_is_refused_with_file_line_and_field(tmp_path, capsys):
    profile_path = community_with_sets(tmp_path / "town", {"broken": BROKEN})
    lines = BROKEN.splitlines()
    with pytest.raises(QuestionSetError) as refused:
        read_question_set(profile_path.parent / "questions" / "broken.yaml", "fr")
    found = {(i.line, i.field) for i in refused.value.issues}
    assert (lines.index("    scale: 7") + 1, "questions.0.scale") in found
    assert (lines.index("    kind: pick") + 1, "questions.1.kind") in found
    assert any("n'est pas permis ici" in i.message for i in refused.value.issues)

    assert main(["check", str(profile_path.parent)]) == 1
    out = capsys.readouterr().out
    assert (
        f"questions/broken.yaml, line {lines.index('    kind: pick') + 1}, questions.1.kind" in out
    )
    assert main(["serve", "--print-only", "--profile", str(profile_path)]) == 2
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "questions.0.scale" in err and "Traceback" not in err


def test_a_plan_may_name_a_question_set(served):
    from workshop_kit.core.plan import plan_from_mapping

    raw = {"title": "Evening", "minutes": 120, "activities": ["welcome", ACTIVITY]}
    plan = plan_from_mapping(raw, Translator("en"))
    assert plan.order == ["welcome", ACTIVITY]


def test_the_facilitator_approves_written_answers_on_the_question_sets_page(served, store, profile):
    from app_helpers import FACILITATOR, context, find

    from workshop_kit.activities.questions.page import QuestionSetsView

    session = run_room(store, profile, FACILITATOR.key_hash, approve=False)
    view = QuestionSetsView(context(profile), store, store.session(session.code))
    rows = {row.children[0].value: row for row in find(view, widgets.HBox, "wk-moderation-row")}
    assert len(rows) == 2 and all("waiting" in label for label in rows)
    approve = next(row for label, row in rows.items() if APPROVED in label).children[1]
    approve.click()
    show_results(store, session.code, ACTIVITY, FACILITATOR.key_hash, profile.min_cell_size)
    room = ResultsContext.of_session(store, session.code, profile, Translator("en"))
    wish = next(q for q in room.shown(ACTIVITY).questions if q.id == "wish")
    assert wish.quotes == [APPROVED]  # approved on the page; the other stays unquoted
