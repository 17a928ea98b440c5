"""The value-creation model: scores computed by hand, and no figure from fewer than
``min_cell_size`` people anywhere (value per cycle, value matrix, sentences)."""

from __future__ import annotations

import html
import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_kit.activities.practice.answers import CYCLES, LEVELS
from workshop_kit.activities.practice.model import (
    GatheringAnswers,
    cycle_scores,
    cycles_sentence,
    matrix_sentence,
    multiagency,
    multiagency_sentence,
    ratings,
    released_ratings,
    respondents,
    stories,
    value_matrix,
)
from workshop_kit.core.answers import InvalidAnswer, validate_answer
from workshop_kit.core.disclosure import released_answers
from workshop_kit.i18n import Translator

K = 5
EN = Translator("en")
CYCLE_LABELS = {c: EN(f"practice.cycle.{c}") for c in CYCLES}


def table(rows: list[tuple[str, str, str | None, str | None]]) -> pd.DataFrame:
    """``(person, item, level, story)`` rows as ``Store.answers`` returns them (ids in order)."""
    return pd.DataFrame(
        [
            {
                "answer_id": index + 1,
                "participant_id": person,
                "item": item,
                "cycle": None if item == "story" else item,
                "level": level,
                "story": story,
            }
            for index, (person, item, level, story) in enumerate(rows)
        ]
    )


def gathering() -> pd.DataFrame:
    rows = []
    # immediate: 3 × a lot, 2 × a little, 1 × not yet: (2+2+2+1+1+0) / 6 = 1.33, n = 6
    for person, level in zip(
        ["p1", "p2", "p3", "p4", "p5", "p6"],
        ["a_lot", "a_lot", "a_lot", "a_little", "a_little", "not_yet"],
        strict=True,
    ):
        rows.append((person, "immediate", level, None))
    rows.append(("p1", "immediate", "not_yet", None))  # p1 changes their mind: latest counts
    # immediate is now 2 × a lot, 2 × a little, 2 × not yet: (2+2+1+1+0+0) / 6 = 1.0
    # potential: 5 × a little = 1.0, n = 5 (exactly k: shown)
    rows += [(p, "potential", "a_little", None) for p in ["p1", "p2", "p3", "p4", "p5"]]
    # applied: 4 raters (k - 1): too few to show
    rows += [(p, "applied", "a_lot", None) for p in ["p1", "p2", "p3", "p4"]]
    # reframing: 1 rater
    rows.append(("p6", "reframing", "a_lot", None))
    # two stories and a changed one
    rows += [
        ("p1", "story", None, "First draft"),
        ("p2", "story", None, "The hospice and the school"),
        ("p1", "story", None, "We set up a carers' café"),
    ]
    return table(rows)


def test_scores_are_the_mean_of_0_1_2_per_cycle_from_k_people_or_hidden():
    shown = cycle_scores(gathering(), K)
    assert list(shown.index) == list(CYCLES)
    assert shown.loc["immediate"].to_dict() == {"n": 6, "score": 1.0, "status": "shown"}
    assert shown.loc["potential"].to_dict() == {"n": 5, "score": 1.0, "status": "shown"}
    assert shown.loc["applied"].to_dict() == {"n": None, "score": None, "status": "too_few"}
    assert shown.loc["realised"].to_dict() == {"n": 0, "score": None, "status": "no_answers"}
    assert shown.loc["reframing"].to_dict() == {"n": None, "score": None, "status": "too_few"}
    assert respondents(gathering()) == 6
    assert len(ratings(gathering())) == 6 + 5 + 4 + 1


def test_a_score_is_rounded_to_two_decimals():
    rows = [
        (f"p{i}", "immediate", level, None)
        for i, level in enumerate(["a_lot"] * 4 + ["a_little"] * 2)
    ]
    shown = cycle_scores(table(rows), K)
    assert shown.at["immediate", "score"] == pytest.approx(1.67)  # 10 / 6


def test_stories_are_the_latest_of_each_person_in_order():
    assert stories(gathering()) == ["The hospice and the school", "We set up a carers' café"]
    assert stories(pd.DataFrame()) == []


def test_the_sentence_names_only_shown_cycles_and_says_what_is_hidden():
    shown = cycle_scores(gathering(), K)
    text = cycles_sentence(shown, 6, K, EN, CYCLE_LABELS)
    assert text.startswith("6 people answered. The most value: Immediate value (1.0")
    assert "Applied value" not in text and "Reframing value" not in text
    assert "2 cycles rated by fewer than 5 people are not shown." in text
    french = cycles_sentence(shown, 6, K, Translator("fr"), {})
    assert "1,0" in french
    assert cycles_sentence(cycle_scores(None, K), 0, K, EN, CYCLE_LABELS).startswith("No answers")
    waiting = cycles_sentence(
        cycle_scores(table([("p", "immediate", "a_lot", None)]), K), 1, K, EN, {}
    )
    assert waiting.startswith("1 person answered. Values are shown once 5 people")


def test_the_value_matrix_sets_gatherings_side_by_side_with_every_cell_protected():
    second = table(
        [(f"q{i}", "applied", "a_lot" if i < 3 else "a_little", None) for i in range(7)]
        + [(f"q{i}", "immediate", "a_little", None) for i in range(3)]
    )
    matrix = value_matrix([GatheringAnswers("G1", gathering()), GatheringAnswers("G2", second)], K)
    assert matrix.gatherings == ["G1", "G2"]
    assert matrix.scores.at["immediate", "G1"] == 1.0
    assert matrix.scores.at["immediate", "G2"] is None  # 3 raters
    assert matrix.status.at["immediate", "G2"] == "too_few"
    assert matrix.scores.at["applied", "G1"] is None
    assert matrix.scores.at["applied", "G2"] == pytest.approx(1.43)  # (3 × 2 + 4 × 1) / 7
    assert matrix.counts.at["applied", "G2"] == 7
    exported = matrix.table()
    assert len(exported) == 2 * len(CYCLES)
    hidden = exported[exported["status"] == "too_few"]
    assert hidden["n"].isna().all() and hidden["score"].isna().all()
    sentence = matrix_sentence(matrix, EN, CYCLE_LABELS)
    # shown means: immediate 1.0 (G1), potential 1.0 (G1), applied 1.43 (G2)
    assert sentence.startswith("2 gatherings. On average, the most value was Applied value (1.4")
    assert "3 cells rated by fewer than 5 people are not shown." in sentence
    assert "The largest change" not in sentence  # no cycle is shown at two gatherings


def test_the_matrix_sentence_names_the_largest_change_between_shown_cells():
    def rated(level_counts):
        rows = []
        for level, count in level_counts.items():
            rows += [(f"{level}{i}", "applied", level, None) for i in range(count)]
        return table(rows)

    matrix = value_matrix(
        [
            GatheringAnswers("G1", rated({"not_yet": 4, "a_little": 1})),  # 0.2
            GatheringAnswers("G2", rated({"a_little": 2})),  # too few
            GatheringAnswers("G3", rated({"a_lot": 3, "a_little": 2})),  # 1.6
        ],
        K,
    )
    sentence = matrix_sentence(matrix, EN, CYCLE_LABELS)
    assert "The largest change: Applied value, from 0.2 (G1) to 1.6 (G3)." in sentence
    assert matrix_sentence(value_matrix([], K), EN, CYCLE_LABELS) == "No gatherings yet."


levels = st.sampled_from(LEVELS)
people = st.lists(
    st.fixed_dictionaries({cycle: st.one_of(st.none(), levels) for cycle in CYCLES}),
    max_size=14,
)


@settings(max_examples=200, deadline=None)
@given(gatherings=st.lists(people, min_size=1, max_size=4), k=st.integers(2, 8))
def test_no_shown_number_comes_from_fewer_than_min_cell_size_people(gatherings, k):
    columns = []
    truth = {}
    for number, persons in enumerate(gatherings, start=1):
        rows = [
            (f"g{number}p{i}", cycle, level, None)
            for i, person in enumerate(persons)
            for cycle, level in person.items()
            if level is not None
        ]
        frame = table(rows) if rows else pd.DataFrame()
        label = f"G{number}"
        columns.append(GatheringAnswers(label, frame))
        for cycle in CYCLES:
            given_levels = [p[cycle] for p in persons if p[cycle] is not None]
            truth[(cycle, label)] = given_levels
    matrix = value_matrix(columns, k)
    for (cycle, label), given_levels in truth.items():
        status = matrix.status.at[cycle, label]
        score = matrix.scores.at[cycle, label]
        count = matrix.counts.at[cycle, label]
        if len(given_levels) >= k:
            assert status == "shown"
            assert count == len(given_levels)
            expected = sum(LEVELS.index(level) for level in given_levels) / len(given_levels)
            assert math.isclose(score, round(expected, 2))
        else:
            assert score is None
            assert count in (None, 0)
            assert status == ("no_answers" if not given_levels else "too_few")
    # the sentence quotes only shown figures: every number in it is a shown score, a count of
    # gatherings, the scale's top or k
    sentence = matrix_sentence(matrix, EN, CYCLE_LABELS)
    allowed = {EN.number(s, 1) for s in matrix.scores.to_numpy().ravel() if s is not None}
    means = set()
    for cycle in CYCLES:
        values = [s for s in matrix.scores.loc[cycle] if s is not None]
        if values:
            means.add(EN.number(sum(values) / len(values), 1))
    numbers = set(re.findall(r"\d+\.\d", sentence))
    assert numbers <= allowed | means


def test_multiagency_counts_organisations_by_sector_once_each():
    attendance = {
        "G1": [
            {"name": "Riverbend Hospice", "sector": "health_social_care"},
            {"name": "riverbend hospice", "sector": "health_social_care"},  # the same one
            {"name": "St Mary's", "sector": "faith"},
            {"name": "Somewhere", "sector": "unknown"},  # ignored
        ],
        "G2": [{"name": "Carers' circle", "sector": "unpaid_carers"}],
    }
    counts = multiagency(attendance)
    assert list(counts.columns) == ["G1", "G2"]
    assert counts.at["health_social_care", "G1"] == 1
    assert counts.at["faith", "G1"] == 1
    assert counts.at["unpaid_carers", "G2"] == 1
    assert int(counts.to_numpy().sum()) == 3
    labels = {s: EN(f"practice.sector.{s}") for s in counts.index}
    sentence = html.unescape(multiagency_sentence(counts, EN, labels))
    assert sentence.startswith("Gatherings so far: 2. 3 of the 12 kinds of member took part.")
    assert (
        "Not yet taking part: Community and voluntary sector, Primary and community care local "
        "commissioning groups, Councils"
    ) in sentence
    assert multiagency_sentence(multiagency({}), EN, labels).startswith("No attendance")


def test_answers_accept_a_rating_or_a_story_and_refuse_the_rest():
    assert validate_answer("practice", {"cycle": "applied", "level": "a_lot"}).item() == "applied"
    assert validate_answer("practice", {"story": "  It helped  "}).story == "It helped"
    for bad in (
        {"cycle": "applied"},
        {"cycle": "applied", "level": "very"},
        {"cycle": "joy", "level": "a_lot"},
        {"story": "x" * 601},
        {"story": "   "},
        {"cycle": "applied", "level": "a_lot", "story": "both"},
        {"level": "a_lot"},
        {"cycle": "applied", "level": "a_lot", "name": "Ann"},
    ):
        with pytest.raises(InvalidAnswer):
            validate_answer("practice", bad)
    with pytest.raises(InvalidAnswer):
        validate_answer("practice_gathering", {"community": "X", "year": 2027, "number": 5})
    with pytest.raises(InvalidAnswer):
        validate_answer(
            "practice_attendance",
            {"organisations": [{"name": "A", "sector": "faith"}, {"name": "a", "sector": "faith"}]},
        )


def test_live_figures_are_released_cycle_by_cycle_in_blocks_of_k():
    # five people tap all five cycles one after the other; a sixth starts
    rows = [(f"p{i}", cycle, "a_lot", None) for i in range(5) for cycle in CYCLES]
    rows += [("p5", "immediate", "not_yet", None), ("p5", "potential", "not_yet", None)]
    log = table(rows)
    released = released_ratings(log, K)
    shown = cycle_scores(released, K, answered=log)
    # every cycle rated by five people is shown, from those five: the sixth person's taps
    # wait until four more people have rated the same cycle
    assert (shown["status"] == "shown").all()
    assert shown["n"].tolist() == [5] * 5 and shown["score"].tolist() == [2.0] * 5
    # whereas a release of the activity as a whole stops at the fifth person's first tap
    whole = cycle_scores(released_answers(log, K), K, answered=log)
    assert whole.at["potential", "status"] == "too_few"
    # a cycle somebody rated but that is not released yet says "too few", not "no answers"
    few = table([("p1", "applied", "a_lot", None)])
    assert cycle_scores(released_ratings(few, K), K, answered=few).at["applied", "status"] == (
        "too_few"
    )
    assert released_ratings(None, K) is None


events = st.lists(
    st.tuples(st.integers(0, 11), st.sampled_from(CYCLES[:3]), levels), min_size=1, max_size=60
)


def figure(shown: pd.DataFrame, cycle: str) -> tuple[int, float] | None:
    """What a cycle shows: its count and score, or nothing (hidden or no answers)."""
    if shown.at[cycle, "status"] != "shown":
        return None
    return shown.at[cycle, "n"], shown.at[cycle, "score"]


@settings(max_examples=60, deadline=None)
@given(taps=events, k=st.integers(2, 6))
def test_a_live_figure_never_moves_by_fewer_than_k_new_raters(taps, k):
    """Replaying the taps one by one (results shown live): a cycle's shown figure changes only
    once at least k people have rated that cycle since it last changed, and never shows
    fewer than k raters."""
    rows = [(f"p{person}", cycle, level, None) for person, cycle, level in taps]
    log = table(rows)
    previous = None
    changed = dict.fromkeys(CYCLES[:3], 0)
    for end in range(1, len(log) + 1):
        prefix = log.iloc[:end]
        shown = cycle_scores(released_ratings(prefix, k), k, answered=prefix)
        if previous is not None:
            for cycle in CYCLES[:3]:
                before, after = figure(previous, cycle), figure(shown, cycle)
                if before == after:
                    continue
                since = prefix.iloc[changed[cycle] :]
                raters = since[since["cycle"] == cycle]["participant_id"].nunique()
                assert raters >= k, (cycle, raters)
                assert after is None or after[0] >= k
                changed[cycle] = end
        previous = shown
