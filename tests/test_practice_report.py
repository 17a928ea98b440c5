"""The Community of Practice's section of the workshop report: the value per cycle as the
projector showed it (numbers equal the model's, released cycle by cycle, a cycle rated by too
few people "too few to show"), only the approved stories, and this gathering's multiagency
view; no section for a session without its answers."""

from __future__ import annotations

import html
import re

import pytest
from app_helpers import FACILITATOR

from workshop_kit.activities.practice.answers import (
    AttendanceAnswer,
    Attending,
    GatheringAnswer,
)
from workshop_kit.activities.practice.model import cycle_scores, released_ratings
from workshop_kit.activities.practice.report import report_section
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer, validate_answer
from workshop_kit.core.disclosure import SHOWN, TOO_FEW, text_key
from workshop_kit.core.release import session_releases, show_results
from workshop_kit.core.report import ReportContext, build_report, report_html
from workshop_kit.i18n import Translator

K = 5
#: Each person's ratings, in the order they answer. Five rate the first four cycles; only
#: three rate reframing (too few to show); a sixth rates immediate after the others, so the
#: released figures still come from the first five.
PEOPLE = [
    {"immediate": "a_lot", "potential": "a_little", "applied": "not_yet", "realised": "a_little"},
    {"immediate": "a_lot", "potential": "a_little", "applied": "a_little", "realised": "a_lot"},
    {"immediate": "a_little", "potential": "a_lot", "applied": "a_little", "realised": "a_little"},
    {"immediate": "a_lot", "potential": "a_little", "applied": "a_lot", "realised": "not_yet"},
    {"immediate": "not_yet", "potential": "a_lot", "applied": "a_lot", "realised": "a_little"},
    {"immediate": "not_yet"},
]
REFRAMING_RATERS = 3
APPROVED = "The school nurse I met now runs a <grief> café with us."
NOT_APPROVED = "Mrs Dalloway at 12 Elm Street told me about her husband."
HIDDEN = "Ask Dr Rivers, he knows everyone."


def record(store, code, answer, key):
    store.add_facilitator_answers(code, FACILITATOR.key_hash, [(FACILITATOR_ID, answer, key)])


def gathering_session(store, profile, language="en"):
    """A gathering with ratings, three stories (one approved, one hidden, one unreviewed), its
    mark and its attendance."""
    session = store.create_session("Spring gathering", language, FACILITATOR.key_hash)
    code = session.code
    stories = [APPROVED, NOT_APPROVED, HIDDEN]
    for person, ratings in enumerate(PEOPLE):
        participant = store.join(code)
        rated = dict(ratings)
        if person < REFRAMING_RATERS:
            rated["reframing"] = "a_lot"
        for cycle, level in rated.items():
            answer = validate_answer("practice", {"cycle": cycle, "level": level}, profile)
            store.add_answer(code, participant, answer, f"{code}-{person}-{cycle}")
        if person < len(stories):
            answer = validate_answer("practice", {"story": stories[person]}, profile)
            store.add_answer(code, participant, answer, f"{code}-{person}-story")
        if person == 4:  # the facilitator shows the results; the sixth person's rating waits
            show_results(store, code, "practice", FACILITATOR.key_hash, profile.min_cell_size)
    for text, decision in ((APPROVED, "approve"), (HIDDEN, "hide")):
        review = TextReviewAnswer(text_key=text_key(text), decision=decision)
        record(store, code, review, f"review-{decision}")
    mark = GatheringAnswer(community="Riverbend CoP", year=2027, number=2, theme="needs")
    record(store, code, mark, "mark")
    present = [
        Attending(name="Riverbend Hospice", sector="health_social_care"),
        Attending(name="St Mary's", sector="faith"),
        Attending(name="Library Friends", sector="community_voluntary"),
        Attending(name="Town council", sector="council"),
    ]
    record(store, code, AttendanceAnswer(organisations=present), "attendance")
    return session


def table_rows(page: str, title: str) -> list[list[str]]:
    """The rows of the table titled ``title`` in the practice section, as cell texts."""
    section = re.search(r'<section class="wk-report-practice">(.*?)</section>', page, re.S)[1]
    table = re.search(rf"<h3>{re.escape(title)}</h3>(<table.*?</table>)", section, re.S)[1]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr.*?</tr>", table, re.S)
    ]


@pytest.fixture
def built(store, profile):
    session = gathering_session(store, profile)
    report = build_report(store, session.code, profile)
    return store, session.code, report, report_html(report)


def test_the_value_is_the_models_released_cycle_by_cycle(built):
    store, code, report, page = built
    t = Translator("en")
    log = store.answers(code, "practice", latest_only=False)
    released = released_ratings(log, K, session_releases(store, code, "practice"))
    expected = cycle_scores(released, K, answered=store.answers(code, "practice"))
    rows = table_rows(page, "Value per cycle, in figures")
    assert rows[0] == ["Cycle", "Value (0 not yet, 2 a lot)", "People who rated it"]
    by_cycle = {row[0]: row[1:] for row in rows[1:]}
    for cycle, row in expected.iterrows():
        label = t(f"practice.cycle.{cycle}")
        if row["status"] == SHOWN:
            assert by_cycle[label] == [t.number(float(row["score"]), 1), str(int(row["n"]))]
        else:
            assert row["status"] == TOO_FEW and cycle == "reframing"
            assert by_cycle[label] == ["too few to show", "too few to show"]
    # the sixth person's rating is not released: immediate is the first five's (2+2+1+2+0)/5
    assert by_cycle["Immediate value"] == ["1.4", "5"]
    section = next(s for s in report.sections if s.activity == "practice")
    chart = section.figures[0]
    assert chart.png.startswith(b"\x89PNG")
    assert chart.caption.startswith("6 people answered. The most value: Immediate value (1.4")
    assert "1 cycle rated by fewer than 5 people is not shown." in chart.caption
    assert "This session is gathering 2 of Riverbend CoP in 2027." in section.sentences


def test_only_approved_stories_are_quoted(built):
    _store, _code, _report, page = built
    text = html.unescape(page)
    assert APPROVED in text
    assert "&lt;grief&gt;" in page and "<grief>" not in page  # typed text is escaped
    assert NOT_APPROVED not in text and "Dalloway" not in text
    assert HIDDEN not in text and "Rivers" not in text
    assert "2 stories were not approved by the facilitator" in text


def test_the_multiagency_view_of_this_gathering(built):
    _store, _code, report, page = built
    section = next(s for s in report.sections if s.activity == "practice")
    titles = [figure.title for figure in section.figures]
    assert titles == [
        "Value created, cycle by cycle",
        "Participation: member organisations by sector",
    ]
    caption = section.figures[1].caption
    assert caption.startswith("4 of the 12 kinds of member took part in this gathering.")
    assert "Not yet taking part: Primary and community care local commissioning groups, " in caption
    assert "Education" in caption.partition("Not yet taking part:")[2]
    rows = dict(table_rows(page, "Member organisations present, by sector")[1:])
    assert rows["Faith houses"] == "1" and rows["Education"] == "0"
    assert "Riverbend Hospice" not in page  # counted by sector, not named


def test_french_numbers_and_texts(store, profile):
    session = gathering_session(store, profile, language="fr")
    page = report_html(build_report(store, session.code, profile))
    rows = {row[0]: row[1:] for row in table_rows(page, "Valeur par cycle, en chiffres")[1:]}
    assert rows["Valeur immédiate"] == ["1,4", "5"]
    assert rows["Valeur de recadrage"][0] == Translator("fr")("app.too_few")


def test_no_section_without_practice_answers(store, profile):
    session = store.create_session("Warm-up only", "en", FACILITATOR.key_hash)
    participant = store.join(session.code)
    warm_up = validate_answer("welcome", {"group": "caregiver"}, profile)
    store.add_answer(session.code, participant, warm_up, "w-1")
    context = ReportContext(
        profile,
        Translator("en"),
        session.code,
        history=lambda activity: store.answers(session.code, activity, latest_only=False),
    )
    assert report_section(context) is None
    report = build_report(store, session.code, profile)
    assert "practice" not in [section.activity for section in report.sections]
