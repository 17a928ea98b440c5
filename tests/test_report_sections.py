"""Each activity's section of the workshop report, on a sample session with answers in every
activity (:mod:`report_helpers`): the numbers are the model's, small groups stay hidden, and
free text the facilitator did not approve never reaches the paper.

The report is built once per language for the module (drawing its charts takes seconds);
each test reads it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from report_helpers import (
    APPROVED_TEXTS,
    CARE_HOURS,
    HIDDEN_TEXT,
    KEY,
    LISTED_ASSETS,
    SMALL_NEED,
    UNLISTED_ASSETS,
    UNREVIEWED_TEXTS,
    sample_session,
)

from workshop_kit.activities.assets.overview import chart_sentences
from workshop_kit.activities.caregiving import sentences
from workshop_kit.activities.caregiving.answers import CARE_TASKS
from workshop_kit.activities.caregiving.model import estimate
from workshop_kit.activities.caregiving.model_room import room_summary
from workshop_kit.activities.caregiving.reference_files import (
    load_community_inputs,
    load_reference,
)
from workshop_kit.activities.needs.model import need_scores, shown_scores
from workshop_kit.auth import hash_key
from workshop_kit.cli import main
from workshop_kit.core.answers import validate_answer
from workshop_kit.core.disclosure import SHOWN
from workshop_kit.core.release import released_answers_of
from workshop_kit.core.report import Report, ReportSection, build_report, report_html
from workshop_kit.core.store import Store, open_store
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import Profile, load_profile

K = 5
ROOM_TITLE = "The people in this room"


@dataclass
class Built:
    """A sample session, its report and the report's HTML."""

    store: Store
    profile: Profile
    code: str
    report: Report
    page: str

    def section(self, activity: str) -> ReportSection:
        return next(s for s in self.report.sections if s.activity == activity)

    def released(self, activity: str):
        return released_answers_of(self.store, self.code, activity, K)

    def table_rows(self, activity: str) -> list[list[str]]:
        """The rows of the first table of a section in the HTML, as cell texts."""
        pattern = rf'<section class="wk-report-{activity}">(.*?)</section>'
        section = re.search(pattern, self.page, re.S)[1]
        table = re.search(r"<table.*?</table>", section, re.S)[0]
        return [
            [
                html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
            ]
            for row in re.findall(r"<tr.*?</tr>", table, re.S)
        ]


def _build(folder: Path, language: str, title: str) -> Built:
    profile = load_profile(sample_profile_path())
    store = open_store(f"sqlite:///{folder / 'store.sqlite'}")
    sample = sample_session(store, profile, language=language, title=title)
    report = build_report(store, sample.code, profile)
    return Built(store, profile, sample.code, report, report_html(report))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("report"), "en", "Riverbend evening")


@pytest.fixture(scope="module")
def built_fr(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("report-fr"), "fr", "Soirée à Riverbend")


def test_each_activity_that_ran_has_its_section(built):
    page = built.page
    activities = [s.activity for s in built.report.sections]
    assert activities == ["welcome", "needs", "assets", "caregiving"]
    for section in built.report.sections:
        assert f"<h2>{html.escape(section.title)}</h2>" in page
        assert section.figures, section.activity
        for sentence in section.sentences:
            assert html.escape(sentence) in page
        for figure in section.figures:
            assert figure.png.startswith(b"\x89PNG")
            assert html.escape(figure.caption) in page
    figures = sum(len(s.figures) for s in built.report.sections)
    assert page.count('<img src="data:image/png;base64,') == figures
    # the warm-up and needs have no estimate; the caregiving section has both lists
    caregiving = built.section("caregiving")
    assert caregiving.assumptions and caregiving.sources
    assert page.count("<h3>Assumptions</h3>") == 1 and page.count("<h3>Sources</h3>") == 1


def test_the_ranking_is_the_models_for_the_released_answers(built):
    t = Translator("en")
    needs = [need.id for need in built.profile.needs]
    expected = shown_scores(need_scores(built.released("needs"), needs), K, needs)
    labels = built.profile.need_labels("en")
    table = built.table_rows("needs")[1:]
    rows = {row[1]: row for row in table}

    shown = expected[expected["status"] == SHOWN]
    assert len(shown) == 3
    for need, row in shown.iterrows():
        assert rows[labels[need]] == [
            t.number(int(row["rank"])),
            labels[need],
            t.number(float(row["score"]), 1),
            t.number(float(row["importance_mean"]), 1),
            t.number(float(row["met_mean"]), 1),
            t.number(int(row["n"])),
        ]
    # largest unmet need first, as on screen
    assert [row[1] for row in table[:3]] == [labels[need] for need in shown.index]
    # built from the released answers (two blocks of five people), not from all eleven
    assert (
        int(need_scores(built.store.answers(built.code, "needs"), needs).at["respite", "n"]) == 11
    )
    assert rows[labels["respite"]][5] == "10"


def test_a_need_rated_by_four_people_shows_too_few_and_no_score(built):
    label = built.profile.need_labels("en")[SMALL_NEED]
    row = next(r for r in built.table_rows("needs") if r[1] == label)
    assert "too few to show" in row
    assert not any(re.search(r"\d", cell) for cell in row if cell != label)
    ranking = built.section("needs").figures[0].caption
    assert label not in ranking
    assert "1 need rated by fewer than 5 people is not shown." in ranking


def test_free_text_the_facilitator_did_not_approve_is_not_in_the_report(built):
    for text in APPROVED_TEXTS:
        assert html.escape(text) in built.page
    for text in [HIDDEN_TEXT, *UNREVIEWED_TEXTS]:
        assert text not in built.page and html.escape(text) not in built.page
    for word in ("Dalloway", "Elm Street", "Dr Rivers", "Zanzibar", "quilting"):
        assert word not in built.page  # not even as a theme's word
    assert "3 more written answers were not approved by the facilitator" in built.page


def test_the_caregiving_estimate_is_the_models_with_every_assumption_and_source(built):
    t = Translator("en")
    page, country = built.page, built.profile.country
    result = estimate(load_community_inputs(built.profile, "en"))
    section = built.section("caregiving")

    assert sentences.main_sentence(result, t) in section.sentences
    assert sentences.about(t, result.caregivers.central, "people") in page  # "4,200 people"
    assert html.escape(sentences.range_sentence(result, t)) in page
    assert html.escape(sentences.value_sentence(result, t, country)) in page
    assert section.assumptions == sentences.assumption_texts(result, t, country)
    for assumption in section.assumptions:
        assert f"<li>{html.escape(assumption)}</li>" in page
    reference = load_reference(language="en")
    for table in ("caregiving_rates", "caregiving_hours", "palliative_need", "bereavement"):
        for source in reference.tables[table]["source"]:
            assert html.escape(" ".join(source.split())) in page, (table, source)
    wages = reference.tables["wages"]
    for method, source in zip(wages["method"], wages["source"], strict=True):
        # only the wages of the method the estimate uses (replacement cost by default)
        assert (html.escape(" ".join(source.split())) in page) == (method == result.method)
    assert "synthetic sample" in section.sources[-1]


def test_the_rooms_hours_are_released_and_rounded_and_small_tasks_hidden(built):
    t = Translator("en")
    released = built.released("caregiving")
    assert len(released) == 5
    summary = room_summary(released, CARE_TASKS, K)
    result = estimate(load_community_inputs(built.profile, "en"))
    room = next(f for f in built.section("caregiving").figures if f.title == ROOM_TITLE)
    assert room.caption == sentences.room_text(summary, result, t)
    assert summary.hours_per_week == 70 and sum(CARE_HOURS[:5]) == 77
    assert "about 70 hours of unpaid care a week" in room.caption
    assert "Tasks ticked by fewer than 5 people are not shown." in room.caption
    assert summary.tasks["transportation"] == 5 and summary.tasks["meals_housework"] is None


def test_the_asset_counts_and_sentences_are_the_hubs(built):
    t = Translator("en")
    from workshop_kit.core.registry import ResultsContext

    hub = ResultsContext.of_session(built.store, built.code, built.profile, t)
    overview = hub.shown("assets")  # what the hub's asset view lays out
    section = built.section("assets")
    said = chart_sentences(overview, t)
    assert [f.caption for f in section.figures] == [said.categories, said.map, said.gaps]
    names = overview.category_names
    rows = {row[0]: row for row in built.table_rows("assets")[1:]}
    for category, count in overview.shown.categories.items():
        assert rows[names[category]][-1] == ("too few to show" if count is None else str(count))
    assert overview.shown.categories["institutions"] == 10
    assert overview.shown.categories["nature"] == 5  # six people, two of them the merged park
    assert overview.shown.categories["associations"] is None  # four people
    assert overview.shown.categories["gifts"] is None  # one person
    assert rows["All categories"][-1] == "20" == str(overview.total)
    assert "2 cells come from fewer than 5 people and are not shown." in said.gaps


def test_only_public_places_and_organisations_of_shown_categories_are_named(built):
    inventory = built.section("assets").lists[0]
    assert [item.text for item in inventory.items] == ["Institutions (10)", "Natural places (5)"]
    assert sorted(name for item in inventory.items for name in item.details) == sorted(
        LISTED_ASSETS
    )
    for name in UNLISTED_ASSETS:  # a gift, associations from 4 people, an unreleased answer
        assert name not in built.page and html.escape(name) not in built.page


def test_an_activity_with_fewer_people_than_a_block_shows_no_figure(store, profile):
    session = store.create_session("Small", "en", hash_key(KEY))
    for number in range(3):
        person = store.join(session.code)
        for activity, payload in (
            ("needs", {"need": "respite", "importance": 5, "met": 1 + number}),
            ("needs", {"text": f"secret number {number}"}),
            ("caregiving", {"hours_per_week": 10 + number}),
        ):
            answer = validate_answer(activity, payload, profile)
            store.add_answer(session.code, person, answer, f"{activity}-{number}-{len(payload)}")
    report = build_report(store, session.code, profile)
    page = report_html(report)
    needs, caregiving = report.sections
    assert (needs.activity, caregiving.activity) == ("needs", "caregiving")
    assert needs.sentences == [
        "Fewer than 5 people answered the needs assessment, so none of its results can be shown."
    ]
    assert not needs.figures and not needs.tables and not needs.lists
    assert "secret number" not in page
    assert f"{ROOM_TITLE}: Fewer than 5 people gave their hours" in page
    assert all(figure.title != ROOM_TITLE for figure in caregiving.figures)


def test_the_french_report_speaks_french_and_writes_numbers_the_french_way(built_fr):
    t = Translator("fr")
    page = built_fr.page
    assert [s.title for s in built_fr.report.sections] == [
        "Ce qui amène les gens aujourd'hui",
        "Évaluation des besoins de la communauté",
        "Ressources de la communauté : Riverbend",
        "La charge des proches aidants : les soins non rémunérés à Riverbend",
    ]
    assert "<h3>Hypothèses</h3>" in page and "Besoins non comblés, par rang" in page
    result = estimate(load_community_inputs(built_fr.profile, "fr"))
    caregivers = sentences.about(t, result.caregivers.central)
    assert re.fullmatch(r"\d[\u202f\xa0]\d{3}", caregivers)  # « 4 200 »
    assert caregivers in page
    needs = [need.id for need in built_fr.profile.needs]
    scores = shown_scores(need_scores(built_fr.released("needs"), needs), K, needs)
    top = t.number(float(scores.iloc[0]["score"]), 1)
    assert "," in top and top in page  # « 13,5 »
    assert "trop peu pour être affiché" in page


def test_the_command_line_writes_the_same_report(built, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    home.mkdir()
    (home / "facilitator.key").write_text(KEY + "\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(home))
    out = tmp_path / "out"
    arguments = ["export", "--session", built.code, "--out", str(out), "--db", built.store.url]
    assert main(arguments) == 0, capsys.readouterr()
    written = (out / "report.html").read_text(encoding="utf-8")
    # the same sections and words; only the bytes of the charts' PNG may differ
    charts = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
    assert charts.sub("", written) == charts.sub("", built.page)
