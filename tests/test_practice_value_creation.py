"""The Community of Practice as its sources have it (issue 20): Compassionate Communities NI's
guideline (August 2022) and Wenger, Trayner & de Laat (2011).

- the twelve kinds of member, with the primary and community care local commissioning groups
  and health improvement;
- multiagency contribution recorded per organisation (hosting, facilitation, referrals, joint
  actions, resources), beside attendance by sector, which is participation;
- approved stories tagged with the cycles they pass through, set beside each cycle's
  indicator: the value-creation matrix;
- immediate and potential value asked at the end of a gathering, applied, realised and
  reframing value at the start of the next, looking back; ratings stored before still count
  where they were given.
"""

from __future__ import annotations

import pandas as pd
import pytest
from app_helpers import FACILITATOR, context, find

from workshop_kit.activities.practice.answers import (
    CONTRIBUTIONS,
    CYCLES,
    END_CYCLES,
    LOOKBACK_CYCLES,
    SECTORS,
    Attending,
    ContributionAnswer,
    PracticeAnswer,
)
from workshop_kit.activities.practice.contribution import (
    contribution_sentence,
    contribution_table,
    contributions_of,
)
from workshop_kit.activities.practice.form import PracticeForm
from workshop_kit.activities.practice.model import GatheringAnswers, value_matrix
from workshop_kit.activities.practice.page import PracticeView
from workshop_kit.activities.practice.register import check_register
from workshop_kit.activities.practice.value_charts import creation_matrix_chart
from workshop_kit.activities.practice.value_creation import (
    creation_sentence,
    ratings_about,
    value_creation_matrix,
)
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer
from workshop_kit.core.disclosure import text_key
from workshop_kit.core.sending import AnswerSender
from workshop_kit.i18n import Translator

EN, FR = Translator("en"), Translator("fr")


@pytest.fixture(autouse=True)
def own_workshop_data(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path / "home"))


# -- member kinds ------------------------------------------------------------------------------


def test_the_guidelines_twelve_kinds_of_member():
    """Compassionate Communities NI, Community of Practice guideline (August 2022): members
    include the primary and community care local commissioning groups and health
    improvement, beside the ten kinds the kit had; ids already stored keep their meaning."""
    assert len(SECTORS) == 12
    assert {"local_commissioning", "health_improvement"} <= set(SECTORS)
    assert EN("practice.sector.local_commissioning") == (
        "Primary and community care local commissioning groups"
    )
    assert EN("practice.sector.health_improvement") == "Health improvement"
    assert FR("practice.sector.health_improvement") == "Promotion de la santé"
    for old in ("community_voluntary", "health_social_care", "council", "bereavement"):
        assert old in SECTORS  # attendance and registers saved before still read
    text = (
        "organisation,sector\n"
        "Riverbend LCG,Primary and community care local commissioning groups\n"
        "Health Improvement Team,Promotion de la santé\n"
    )
    checked = check_register(text.encode(), "members.csv")
    assert checked.ok, [p.message for p in checked.problems]
    assert [m.sector for m in checked.register.members] == [
        "local_commissioning",
        "health_improvement",
    ]
    assert Attending(name="Riverbend LCG", sector="local_commissioning").sector


# -- multiagency contribution ------------------------------------------------------------------


def test_a_contribution_record_lists_kinds_per_organisation():
    """The guideline's 'multiagency contribution': what each agency brought (hosting,
    facilitation, referrals, joint actions, resources), not who attended."""
    answer = ContributionAnswer(
        contributions=[
            {"name": "Hospice", "sector": "health_social_care", "kinds": ["resources", "hosting"]},
            {"name": "LCG", "sector": "local_commissioning", "kinds": ["referrals"]},
        ]
    )
    assert answer.contributions[0].kinds == ["hosting", "resources"]  # in the record's order
    with pytest.raises(ValueError):
        ContributionAnswer(contributions=[{"name": "X", "sector": "faith", "kinds": []}])
    with pytest.raises(ValueError):
        ContributionAnswer(
            contributions=[
                {"name": "X", "sector": "faith", "kinds": ["hosting"]},
                {"name": "x", "sector": "faith", "kinds": ["resources"]},
            ]
        )
    table = contribution_table(
        {
            "G1": [{"name": "Hospice", "kinds": ["hosting", "resources"]}],
            "G2": [
                {"name": "hospice", "kinds": ["facilitation"]},
                {"name": "LCG", "kinds": ["referrals", "joint_actions"]},
            ],
        }
    )
    assert list(table.columns) == list(CONTRIBUTIONS)
    assert list(table.index) == ["Hospice", "LCG"]  # most contributions first
    assert table.loc["Hospice"].to_dict() == {
        "hosting": 1,
        "facilitation": 1,
        "referrals": 0,
        "joint_actions": 0,
        "resources": 1,
    }
    sentence = contribution_sentence(table, 2, EN)
    assert sentence == (
        "Over 2 gatherings, 2 organisations brought something: Hosting 1, Facilitation 1, "
        "Referrals 1, Joint actions 1, Resources 1."
    )
    assert contribution_sentence(contribution_table({}), 0, EN).startswith("No contribution")


# -- two moments -------------------------------------------------------------------------------


def test_the_form_asks_two_moments_and_flags_the_look_back():
    """Wenger, Trayner & de Laat 2011: applied, realised and reframing value show only after
    a gathering, so they are asked at the next one, looking back; immediate and potential at
    the end of the gathering."""
    sent: list[dict] = []
    form = PracticeForm(EN, lambda payload: sent.append(payload) or True)
    order = [
        "end" if "wk-practice-moment-end" in child._dom_classes else
        "lookback" if "wk-practice-moment-lookback" in child._dom_classes else
        next((c for c in CYCLES if f"wk-practice-{c}" in child._dom_classes), None)
        for child in form.children
    ]  # fmt: skip
    shown = [step for step in order if step is not None]
    assert shown == ["end", *END_CYCLES, "lookback", *LOOKBACK_CYCLES]
    for cycle in CYCLES:
        form.levels[cycle].value = "a_lot"
    flags = {payload["cycle"]: payload.get("looking_back", False) for payload in sent}
    assert flags == {cycle: cycle in LOOKBACK_CYCLES for cycle in CYCLES}
    for payload in sent:
        PracticeAnswer.model_validate(payload)
    with pytest.raises(ValueError):
        PracticeAnswer(cycle="immediate", level="a_lot", looking_back=True)
    # a rating stored before the split (no looking_back) still reads
    assert (
        PracticeAnswer.model_validate({"cycle": "applied", "level": "a_lot"}).looking_back is False
    )


def test_the_potential_value_hint_names_reputational_and_learning_capital():
    """Wenger, Trayner & de Laat 2011: potential value is knowledge capital: human, social,
    tangible, reputational and learning capital."""
    assert "reputation" in EN("practice.question_help.potential")
    assert "learning capital" in EN("practice.question_help.potential")
    assert "capital de réputation et d'apprentissage" in FR("practice.question_help.potential")


def _rows(person: str, cycles: dict[str, str], looking_back: bool | None) -> list[dict]:
    rows = []
    for cycle, level in cycles.items():
        row = {"participant_id": person, "cycle": cycle, "level": level}
        if looking_back is not None:
            row["looking_back"] = looking_back
        rows.append(row)
    return rows


def test_look_back_ratings_count_for_the_previous_gathering_and_old_ones_stay():
    """Stored data of earlier versions (no looking_back column) stays about the gathering it
    was given at; look-back ratings given at the next gathering count for the one before."""
    everything = dict.fromkeys(CYCLES, "a_little")
    old_first = pd.DataFrame([r for p in "abcde" for r in _rows(p, everything, None)])
    second = pd.DataFrame(
        [r for p in "fghij" for r in _rows(p, {"immediate": "a_lot"}, False)]
        + [r for p in "klmno" for r in _rows(p, {"applied": "a_lot"}, True)]
    )
    about_first = ratings_about(old_first, second)
    about_second = ratings_about(second, None)
    matrix = value_matrix(
        [GatheringAnswers("G1", about_first), GatheringAnswers("G2", about_second)], 5
    )
    # the old gathering keeps its own five applied ratings and gains the five look-backs
    assert matrix.counts.at["applied", "G1"] == 10
    assert matrix.scores.at["applied", "G1"] == pytest.approx(1.5)
    assert matrix.counts.at["immediate", "G1"] == 5  # old ratings stay where they were
    assert matrix.counts.at["immediate", "G2"] == 5
    assert matrix.status.at["applied", "G2"] == "no_answers"  # nobody looked back at G2 yet
    # a table whose looking_back holds gaps (rows from both versions) reads too
    mixed = pd.concat([old_first, second], ignore_index=True)
    assert len(ratings_about(mixed, None)) == len(old_first) + 5


# -- the value-creation matrix -----------------------------------------------------------------


def test_the_value_creation_matrix_links_stories_to_indicators():
    """Wenger, Trayner & de Laat 2011: the value-creation matrix links stories, tagged with
    the cycles they pass through, to the indicators of those cycles; it is not a table of
    mean ratings. The chart's dots are read from the drawing's data."""
    answers = pd.DataFrame(
        [r for p in "abcdef" for r in _rows(p, dict.fromkeys(CYCLES, "a_lot"), None)]
    )
    few = pd.DataFrame([r for p in "xy" for r in _rows(p, {"immediate": "not_yet"}, None)])
    indicators = value_matrix([GatheringAnswers("G1", answers), GatheringAnswers("G2", few)], 5)
    stories = [("G1", "We met the school and now run a grief café."), ("G1", "Untagged.")]
    tags = {text_key(stories[0][1]): ["immediate", "potential", "applied", "realised"]}
    matrix = value_creation_matrix(stories, tags, indicators)
    assert matrix.stories[0].cycles == ("immediate", "potential", "applied", "realised")
    assert matrix.stories[1].cycles == ()
    # indicators come from shown cells only: G2's two ratings are too few to count
    assert matrix.indicators["immediate"].score == 2.0
    assert matrix.indicators["immediate"].raters == 6
    table = matrix.table()
    assert table.loc[0, ["immediate", "reframing"]].tolist() == [1, 0]
    labels = {c: EN(f"practice.cycle.{c}") for c in CYCLES}
    sentence = creation_sentence(matrix, EN, labels)
    assert sentence.startswith("1 of 2 approved stories is tagged")
    assert "1 reaches realised or reframing value." in sentence
    assert "No story reaches yet: Reframing value." in sentence
    figure = creation_matrix_chart(matrix, labels, EN)
    (dots,) = figure.axes[0].collections
    assert sorted(x for x, _y in dots.get_offsets()) == [0, 1, 2, 3]
    ticks = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    assert ticks[-1] == "Indicator (rating, people)"
    assert creation_matrix_chart(value_creation_matrix([], {}, indicators), labels, EN) is None


# -- on the facilitator's page, with a real store ----------------------------------------------


def _approve(store, code, text):
    answer = TextReviewAnswer(text_key=text_key(text), decision="approve")
    key = f"review-{text_key(text)}"
    store.add_facilitator_answers(code, FACILITATOR.key_hash, [(FACILITATOR_ID, answer, key)])


def test_contributions_and_story_cycles_are_recorded_and_reach_the_year(store, profile):
    """Both records are facilitator answers of the gathering's session; the same payload
    sent from a phone counts for nothing."""
    session = store.create_session("Gathering 1", "en", FACILITATOR.key_hash)
    code = session.code
    story = "The council now lends its hall for a grief café."
    sender = AnswerSender(store, code, store.join(code), profile)
    sender.send("practice", {"story": story})
    sender.send(
        "practice_contribution",
        {"contributions": [{"name": "Intruder", "sector": "faith", "kinds": ["hosting"]}]},
    )
    _approve(store, code, story)
    view = PracticeView(context(profile), store, store.session(code))
    register = view.register
    for name, sector in [("Riverbend LCG", "local_commissioning"), ("Council", "council")]:
        register.name.value, register.sector.value = name, sector
        register.add.click()
    gathering = view.gathering
    gathering.community.value = "Riverbend CoP"
    gathering.save_mark.click()

    rows = gathering.contribution.rows
    assert {name for name, _sector, _boxes in rows.values()} >= {"Riverbend LCG", "Council"}
    rows["riverbend lcg"][2]["referrals"].value = True
    rows["council"][2]["hosting"].value = True
    rows["council"][2]["resources"].value = True
    gathering.contribution.save.click()
    stored = contributions_of(store.answers(code, "practice_contribution"))
    assert {item["name"]: item["kinds"] for item in stored} == {
        "Riverbend LCG": ["referrals"],
        "Council": ["hosting", "resources"],
    }

    (boxes,) = gathering.story_tags.rows.values()
    for cycle in ("immediate", "applied", "realised"):
        boxes[cycle].value = True
    gathering.story_tags.save.click()
    assert len(find(gathering, type(gathering.story_tags), "wk-practice-story-tags")) == 1

    year = view.year  # redrawn by each record the gathering stored
    year.choose("Riverbend CoP", session.created_at.year)
    data = year.data
    assert "Intruder" not in data.contributions.index
    assert data.contributions.loc["Council", "hosting"] == 1
    assert data.contributions.loc["Riverbend LCG", "referrals"] == 1
    assert data.creation.stories[0].cycles == ("immediate", "applied", "realised")
    assert "2 organisations brought something" in year.contribution.summary.value
    assert bytes(year.creation.image.value).startswith(b"\x89PNG")
    names = [file.name for file in year.export_files()]
    year_stem = f"practice-{session.created_at.year}"
    for part in ("value-creation-matrix.csv", "indicators.csv", "contribution.csv"):
        assert f"{year_stem}-{part}" in names
