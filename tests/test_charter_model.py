"""The Charter's pure model: progress, typical status and disagreement computed by hand,
disclosure control (hypothesis: no figure from fewer than ``min_cell_size`` people), notes and
the action list."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_kit.activities.charter.answers import STATUSES
from workshop_kit.activities.charter.model import (
    DISCUSS_MIN,
    action_list,
    approved_notes,
    charter_table,
    discussion_sentence,
    leik_dispersion,
    notes,
    people_count,
    progress,
    ratings,
    summary_sentence,
    to_discuss,
    typical_status,
)
from workshop_kit.core.answers import FACILITATOR_ID, FACILITATOR_SOURCE
from workshop_kit.core.disclosure import text_key
from workshop_kit.i18n import Translator

IDS = ["schools", "workplaces", "trade_unions"]
LABELS = {"schools": "Schools", "workplaces": "Workplaces", "trade_unions": "Trade unions"}
EN, FR = Translator("en"), Translator("fr")


def answers(*ratings_by_commitment: tuple[str, list[str]]) -> pd.DataFrame:
    """One row per rating; person ``p<i>`` gives the i-th status of each list."""
    rows = []
    for commitment, statuses in ratings_by_commitment:
        for person, status in enumerate(statuses):
            rows.append(
                {"participant_id": f"p{person}", "commitment": commitment, "status": status}
            )
    frame = pd.DataFrame(rows)
    frame.insert(0, "answer_id", range(1, len(frame) + 1))
    return frame


# -- the measures, by hand -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([5, 0, 0, 0], 0.0),  # everyone agrees
        ([0, 0, 0, 7], 0.0),
        ([2, 0, 0, 2], 1.0),  # F = .5 .5 .5: 2/3 × 1.5
        ([1, 1, 1, 1], 2 / 3),  # F = .25 .5 .75: 2/3 × (.25 + .5 + .25)
        ([0, 2, 2, 0], 1 / 3),  # F = 0 .5 1: 2/3 × .5 (neighbours split)
        ([1, 2, 1, 1], 8 / 15),  # F = .2 .6 .8: 2/3 × (.2 + .4 + .2)
        ([1, 0, 0, 5], 1 / 3),  # F = 1/6 1/6 1/6: 2/3 × .5
    ],
)
def test_leik_dispersion_by_hand(counts, expected):
    assert leik_dispersion(counts) == pytest.approx(expected)


def test_leik_dispersion_of_no_one_is_none():
    assert leik_dispersion([0, 0, 0, 0]) is None


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([5, 0, 0, 0], 0.0),
        ([0, 0, 0, 5], 1.0),
        ([1, 2, 1, 1], 7 / 15),  # (0 + 2 + 2 + 3) / (5 × 3)
        ([0, 3, 3, 0], 0.5),
    ],
)
def test_progress_by_hand(counts, expected):
    assert progress(counts) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 2, 1, 1], "planned"),  # 5 ratings: the 3rd
        ([2, 0, 0, 2], "not_started"),  # even: the lower middle one
        ([0, 1, 1, 3], "in_place"),
        ([0, 0, 0, 0], None),
    ],
)
def test_typical_status_is_the_lower_median(counts, expected):
    assert typical_status(counts) == expected


def test_the_table_by_hand():
    frame = answers(
        ("schools", ["not_started", "planned", "planned", "under_way", "in_place"]),
        ("workplaces", ["in_place"] * 4 + ["not_applicable"] * 2),
        ("trade_unions", ["planned"] * 4),
    )
    table = charter_table(frame, IDS, 5)
    assert list(table.index) == IDS
    schools = table.loc["schools"]
    assert schools["status"] == "shown" and schools["raters"] == 5
    assert schools["progress"] == pytest.approx(7 / 15)
    assert schools["typical"] == "planned"
    assert schools["disagreement"] == pytest.approx(8 / 15)
    # 6 raters, but only 4 on the scale: the count is shown, the scale's figures are not
    workplaces = table.loc["workplaces"]
    assert workplaces["status"] == "shown" and workplaces["raters"] == 6
    assert pd.isna(workplaces["progress"]) and pd.isna(workplaces["disagreement"])
    assert workplaces["typical"] is None
    # 4 raters: nothing at all
    unions = table.loc["trade_unions"]
    assert unions["status"] == "too_few"
    assert unions[["raters", "progress", "disagreement"]].isna().all()
    # no count per status anywhere
    assert not set(STATUSES) & set(table.columns)


def test_the_latest_rating_counts_and_unknown_commitments_or_statuses_are_ignored():
    frame = answers(("schools", ["planned"] * 5))
    later = pd.DataFrame(
        [
            {
                "answer_id": 10,
                "participant_id": "p0",
                "commitment": "schools",
                "status": "in_place",
            },
            {"answer_id": 11, "participant_id": "p1", "commitment": "nope", "status": "planned"},
            {"answer_id": 12, "participant_id": "p2", "commitment": "schools", "status": "done"},
        ]
    )
    table = charter_table(pd.concat([frame, later]), IDS, 5)
    assert table.at["schools", "raters"] == 5
    assert table.at["schools", "progress"] == pytest.approx((4 * 1 + 3) / 15)
    assert people_count(pd.concat([frame, later]), IDS) == 5


def test_an_empty_table_says_no_answers():
    table = charter_table(pd.DataFrame(), IDS, 5)
    assert (table["status"] == "no_answers").all()
    assert (table["raters"] == 0).all()
    assert summary_sentence(table, LABELS, 0, 5, EN).startswith("No ratings yet")


def test_what_to_discuss_is_the_largest_disagreement_above_the_threshold():
    frame = answers(
        ("schools", ["not_started"] * 3 + ["in_place"] * 3),  # 1.0
        ("workplaces", ["planned"] * 3 + ["under_way"] * 3),  # 1/3: neighbours, not offered
        ("trade_unions", ["not_started", "planned", "under_way", "in_place", "planned"]),
    )
    table = charter_table(frame, IDS, 5)
    assert table.at["trade_unions", "disagreement"] == pytest.approx(8 / 15)
    assert table.at["workplaces", "disagreement"] < DISCUSS_MIN
    assert to_discuss(table) == ["schools", "trade_unions"]
    sentence = discussion_sentence(table, LABELS, EN)
    assert sentence.startswith("People disagree most about: Schools, Trade unions.")


def test_sentences_in_both_languages():
    frame = answers(
        ("schools", ["in_place"] * 5),
        ("workplaces", ["not_started"] * 4 + ["planned"]),
        ("trade_unions", ["planned"] * 2),
    )
    table = charter_table(frame, IDS, 5)
    english = summary_sentence(table, LABELS, 5, 5, EN)
    assert english == (
        "5 people rated the charter. Furthest along: Schools (100% of the way to “in place”). "
        "Least far along: Workplaces (7%). "
        "1 commitment rated by fewer than 5 people is not shown."
    )
    french = summary_sentence(table, LABELS, 5, 5, FR)
    assert french.startswith("5 personnes ont noté la charte. Le plus avancé : Schools")
    assert "n'est pas affiché" in french
    assert discussion_sentence(table, LABELS, EN).startswith("People broadly agree")
    waiting = summary_sentence(charter_table(frame.head(3), IDS, 5), LABELS, 3, 5, EN)
    assert waiting.startswith("3 people took part. A commitment is shown once 5 people")


# -- disclosure control ---------------------------------------------------------------------------

PEOPLE = st.integers(min_value=0, max_value=14)
RATING = st.tuples(st.sampled_from([*IDS, "unknown"]), st.sampled_from(STATUSES))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(PEOPLE, RATING), max_size=60), st.integers(2, 7))
def test_no_figure_is_shown_from_fewer_than_min_cell_size_people(events, k):
    frame = pd.DataFrame(
        [
            {"answer_id": i, "participant_id": f"p{p}", "commitment": c, "status": s}
            for i, (p, (c, s)) in enumerate(events, start=1)
        ],
        columns=["answer_id", "participant_id", "commitment", "status"],
    )
    table = charter_table(frame, IDS, k)
    latest = frame.sort_values("answer_id").drop_duplicates(
        ["participant_id", "commitment"], keep="last"
    )
    for commitment in IDS:
        mine = latest[latest["commitment"] == commitment]
        raters = len(mine)
        on_scale = int((mine["status"] != "not_applicable").sum())
        row = table.loc[commitment]
        if 0 < raters < k:
            assert row["status"] == "too_few"
            assert row[["raters", "progress", "disagreement"]].isna().all()
            assert row["typical"] is None
        else:
            assert row["raters"] == raters
        if on_scale < k:
            assert pd.isna(row["progress"]) and pd.isna(row["disagreement"])
        else:
            assert 0 <= row["progress"] <= 1 and 0 <= row["disagreement"] <= 1
    # the table holds only these figures: no count of a status, which could be a small group
    assert list(table.columns) == ["raters", "progress", "typical", "disagreement", "status"]
    shown_numbers = table["raters"].dropna()
    assert ((shown_numbers == 0) | (shown_numbers >= k)).all()
    sentence = summary_sentence(table, LABELS, people_count(frame, IDS), k, EN)
    for commitment in IDS:
        if table.at[commitment, "status"] != "shown":
            assert LABELS[commitment] not in sentence


# -- notes -----------------------------------------------------------------------------------------


def test_notes_are_distinct_and_only_approved_ones_are_shown():
    frame = answers(("schools", ["planned"] * 3))
    frame["evidence"] = ["A <b>policy</b>", "A  <b>policy</b> ", None]
    frame["next_step"] = [None, "Ask the head", "  "]
    written = notes(frame, IDS)
    assert list(written["text"]) == ["A <b>policy</b>", "Ask the head"]  # same words: one note
    assert list(written["kind"]) == ["evidence", "next_step"]
    assert approved_notes(written, {}).empty
    shown = approved_notes(written, {text_key("Ask the head"): "approve"})
    assert list(shown["text"]) == ["Ask the head"]


def test_ratings_of_a_table_without_ids_count_one_person_a_row():
    frame = pd.DataFrame({"commitment": ["schools"] * 6, "status": ["planned"] * 6})
    assert len(ratings(frame, IDS)) == 6
    assert charter_table(frame, IDS, 5).at["schools", "raters"] == 6


# -- the action list -----------------------------------------------------------------------------


def action(answer_id, action_id, text, removed=False, participant=FACILITATOR_ID, source=None):
    return {
        "answer_id": answer_id,
        "participant_id": participant,
        "source": source or FACILITATOR_SOURCE,
        "action_id": action_id,
        "commitment": "schools",
        "action": text,
        "who": None,
        "by_when": "2026-06-30",
        "removed": removed,
    }


def test_the_action_list_keeps_the_latest_and_the_first_order_and_drops_removed():
    records = pd.DataFrame(
        [
            action(1, "a" * 16, "Write to the head"),
            action(2, "b" * 16, "Ask the union"),
            action(3, "a" * 16, "Write to the head and the governors"),
            action(4, "c" * 16, "Meet the museum"),
            action(5, "c" * 16, "Meet the museum", removed=True),
            action(6, "d" * 16, "Sneaked in by a phone", participant="p1", source="live"),
        ]
    )
    current = action_list(records)
    assert list(current["action_id"]) == ["a" * 16, "b" * 16]
    assert list(current["action"]) == ["Write to the head and the governors", "Ask the union"]
    assert current.at[0, "who"] is None


def test_no_actions_gives_an_empty_list():
    assert action_list(pd.DataFrame()).empty
    assert action_list(None).empty
