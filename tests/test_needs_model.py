"""Needs model: scores, ranking, suppressed breakdowns, themes and summaries.

The two properties the issue asks for are tested with hypothesis: the ranking does not
depend on the order of the rows, and suppression never reveals a cell of fewer than
``min_cell_size`` answers, not even by subtracting the shown cells from the shown total.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_kit.activities.needs.breakdowns import breakdown, protect_row
from workshop_kit.activities.needs.model import NOT_GIVEN, need_scores, overview
from workshop_kit.activities.needs.sentences import (
    breakdown_summary,
    ranking_summary,
    themes_summary,
)
from workshop_kit.activities.needs.themes import free_texts, group_themes, keywords
from workshop_kit.i18n import Translator
from workshop_kit.profile import GROUPS


def answers_frame(rows) -> pd.DataFrame:
    """Rows of (participant, need, importance, met[, group[, area]]) as the store returns."""
    records = []
    for row in rows:
        participant, need, importance, met, *rest = row
        records.append(
            {
                "participant_id": participant,
                "item": need,
                "need": need,
                "importance": importance,
                "met": met,
                "group": rest[0] if rest else None,
                "area": rest[1] if len(rest) > 1 else None,
                "text": None,
            }
        )
    return pd.DataFrame(records)


def texts_frame(texts) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "participant_id": f"p{i}",
                "item": "text",
                "need": None,
                "importance": None,
                "met": None,
                "group": None,
                "area": None,
                "text": text,
            }
            for i, text in enumerate(texts)
        ]
    )


# -- scores and ranking -------------------------------------------------------------------------


def test_scores_by_hand():
    # respite: I = 5, 4, 3 (mean 4); M = 1, 2, 3; G = 4, 2, 0 (mean 2) -> score 8
    frame = answers_frame([("a", "respite", 5, 1), ("b", "respite", 4, 2), ("c", "respite", 3, 3)])
    row = need_scores(frame).loc["respite"]
    assert row["n"] == 3
    assert row["importance_mean"] == 4
    assert row["met_mean"] == 2
    assert row["gap_mean"] == 2
    assert row["score"] == 8
    assert row["gap_sd"] == pytest.approx(2.0)
    assert row["share_unmet"] == pytest.approx(2 / 3)
    # quartiles of G (0, 2, 4) are 1 and 3, weighted by mean importance 4
    assert (row["score_q1"], row["score_q3"]) == (4, 12)
    assert row["rank"] == 1


def test_ranking_orders_by_score_ties_share_a_rank_and_unanswered_needs_come_last():
    frame = answers_frame(
        [
            ("a", "transport", 5, 1),  # score 20
            ("a", "respite", 4, 2),  # score 8
            ("a", "grief", 2, 0 + 1),  # I 2, G 1 -> 2
            ("a", "money", 4, 2),  # score 8, tie with respite
        ]
    )
    scores = need_scores(frame, ["respite", "grief", "money", "pets", "transport"])
    assert list(scores.index) == ["transport", "respite", "money", "grief", "pets"]
    assert scores["rank"].tolist()[:4] == [1, 2, 2, 4]
    assert pd.isna(scores.at["pets", "rank"])
    assert scores.at["pets", "n"] == 0
    assert math.isnan(scores.at["pets", "score"])


def test_answers_about_needs_outside_the_list_are_left_out():
    frame = answers_frame([("a", "respite", 4, 2), ("a", "retired-need", 5, 1)])
    assert list(need_scores(frame, ["respite"]).index) == ["respite"]


def test_no_answers_gives_every_need_unranked():
    empty = pd.DataFrame(columns=["answer_id", "participant_id", "item", "source", "created_at"])
    scores = need_scores(empty, ["respite", "transport"])
    assert scores["n"].tolist() == [0, 0]
    assert scores["rank"].isna().all()


def test_equal_scores_from_different_counts_tie():
    # x: three answers of (3, 2); y: one answer of (3, 2)
    frame = answers_frame([("a", "x", 3, 2), ("b", "x", 3, 2), ("c", "x", 3, 2), ("a", "y", 3, 2)])
    scores = need_scores(frame)
    assert scores.at["x", "score"] == scores.at["y", "score"] == 3
    assert scores["rank"].tolist() == [1, 1]
    assert list(scores.index) == ["x", "y"]  # ties keep the needs' own order


rating_rows = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2", "p3", "p4", "p5", "p6"]),
        st.sampled_from(["respite", "transport", "grief", "money", "pets"]),
        st.integers(1, 5),
        st.integers(1, 5),
        st.sampled_from([*GROUPS, None]),
    ),
    min_size=0,
    max_size=60,
)


@settings(max_examples=100, deadline=None)
@given(rows=rating_rows, data=st.data())
def test_ranking_is_invariant_to_row_order(rows, data):
    needs = ["respite", "transport", "grief", "money", "pets"]
    shuffled = data.draw(st.permutations(rows))
    before = need_scores(answers_frame(rows), needs)
    after = need_scores(answers_frame(shuffled), needs)
    pd.testing.assert_frame_equal(before, after, check_exact=True)


# -- breakdowns and suppression -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ([3, 8, 8], {0, 1}),  # one small cell: the smallest shown one goes too
        ([3, 3, 8], {0, 1}),  # two small cells that together reach 5: enough
        ([3, 1, 8, 6], {0, 1, 3}),  # 3 + 1 < 5: the smallest shown cell (6) goes too
        ([0, 8, 8], set()),  # an empty cell reveals nothing
        ([2, 0, 0], {0}),  # everyone who answered is in one small cell: the row total
        ([4, 1], {0, 1}),
        ([5, 5], set()),
    ],
)
def test_protect_row(counts, hidden):
    assert protect_row(counts, 5) == hidden


def test_breakdown_counts_scores_and_not_given_column():
    rows = [(f"p{i}", "respite", 5, 1, "caregiver", "old-town") for i in range(6)]
    rows += [(f"q{i}", "respite", 3, 3, "bereaved", None) for i in range(6)]
    rows += [("r0", "respite", 4, 4, None, None)]
    frame = answers_frame(rows)
    by_group = breakdown(frame, "group", 5, ["respite"], GROUPS)
    assert by_group.categories == [*GROUPS, NOT_GIVEN]
    assert by_group.counts.loc["respite"].tolist() == [6, 6, 0, 0, 0, 0, 1]
    # the "not said" cell (1) is small; the smallest shown cell is hidden with it
    assert by_group.suppressed.loc["respite"].tolist() == [
        True,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    assert by_group.scores.at["respite", "bereaved"] == 0
    assert np.isnan(by_group.scores.at["respite", "caregiver"])
    assert by_group.primary.at["respite", NOT_GIVEN]
    assert not by_group.primary.at["respite", "caregiver"]
    table = by_group.table()
    hidden = table[table["status"] == "too_few"]
    assert hidden["n"].isna().all() and hidden["score"].isna().all()
    assert set(table["status"]) == {"shown", "too_few", "no_answers"}

    by_area = breakdown(frame, "area", 5, ["respite"], ["old-town", "riverside"])
    assert by_area.categories == ["old-town", "riverside", NOT_GIVEN]
    assert by_area.counts.loc["respite"].tolist() == [6, 0, 7]
    assert not by_area.suppressed.to_numpy().any()


def test_breakdown_refuses_unknown_dimension():
    with pytest.raises(ValueError, match="group"):
        breakdown(answers_frame([]), "age", 5)


cell_counts = st.lists(st.lists(st.integers(0, 12), min_size=4, max_size=4), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(matrix=cell_counts, min_size=st.integers(2, 8), seed=st.integers(0, 10_000))
def test_suppression_never_reveals_a_small_cell_not_even_by_subtraction(matrix, min_size, seed):
    rng = np.random.default_rng(seed)
    needs = [f"need{i}" for i in range(len(matrix))]
    groups = ["caregiver", "bereaved", "professional", None]  # None: the "not said" column
    rows = []
    for need, counts in zip(needs, matrix, strict=True):
        for group, count in zip(groups, counts, strict=True):
            for person in range(count):
                rows.append(
                    (
                        f"{group}-{person}",
                        need,
                        int(rng.integers(1, 6)),
                        int(rng.integers(1, 6)),
                        group,
                    )
                )
    frame = answers_frame(rows)
    result = breakdown(frame, "group", min_size, needs, ["caregiver", "bereaved", "professional"])
    totals = need_scores(frame, needs)["n"]  # what the ranking shows for each need

    shown = result.shown_counts()
    for need in needs:
        row_shown = shown.loc[need].dropna()
        # every number shown is at least the minimum, or zero (a cell nobody is in)
        assert all(value == 0 or value >= min_size for value in row_shown)
        # total minus what is shown: the hidden cells together are 0, or at least the
        # minimum, or everyone who answered this need (which the ranking shows anyway)
        hidden_total = int(totals[need]) - int(row_shown.sum())
        assert hidden_total == 0 or hidden_total >= min_size or int(row_shown.sum()) == 0
        # hidden cells carry no value in any table
        for category in result.categories:
            if result.suppressed.at[need, category]:
                assert np.isnan(result.scores.at[need, category])
                assert np.isnan(result.importance.at[need, category])
                assert np.isnan(result.gap.at[need, category])
                assert result.counts.at[need, category] > 0


# -- themes -------------------------------------------------------------------------------------


def test_keywords_ignore_stop_words_accents_plurals_and_elisions():
    assert keywords("The respite on weekends, please!") == {
        "respite": "respite",
        "weekend": "weekends",
    }
    assert set(keywords("Du répit pour l’aidant et les aidants")) == {"repit", "aidant"}
    assert keywords("Help! More help, better help.") == {}


def test_themes_group_answers_by_shared_words():
    texts = [
        "Respite on weekends so I can rest",
        "A volunteer driver to take my mother to appointments",
        "Weekend respite for carers",
        "Du répit la fin de semaine",
        "Répit pour les proches aidants",
        "A driver for appointments",
        "Someone to talk to after my husband died",
    ]
    grouping = group_themes(texts)
    # all share-counts tie at 2, so themes come in alphabetical order of the compared word
    assert [theme.words for theme in grouping.themes] == [
        ("appointments", "driver"),
        ("répit",),
        ("respite", "weekend"),
    ]
    by_word = {theme.words[0]: set(theme.answers) for theme in grouping.themes}
    assert by_word["respite"] == {texts[0], texts[2]}
    assert by_word["répit"] == {texts[3], texts[4]}
    assert set(by_word["appointments"]) == {texts[1], texts[5]}
    assert grouping.ungrouped == (texts[6],)
    assert grouping.total == len(texts)


def test_a_word_everyone_used_is_the_theme_when_nothing_else_is_shared():
    texts = ["Weekend respite", "respite", "Respite please", "more respite", "respite!"]
    grouping = group_themes(texts)
    assert [theme.words[0] for theme in grouping.themes] == ["respite"]
    assert grouping.themes[0].count == 5


def test_a_word_in_most_answers_does_not_make_one_big_theme():
    texts = [
        f"community {word} group"
        for word in ["walking", "walking", "grief", "grief", "choir", "choir"]
    ]
    grouping = group_themes(texts)
    assert "community" not in {theme.words[0] for theme in grouping.themes}
    assert {theme.words[0] for theme in grouping.themes} == {"walking", "grief", "choir"}


@settings(max_examples=80, deadline=None)
@given(
    texts=st.lists(
        st.lists(
            st.sampled_from(["respite", "driver", "grief", "meals", "répit", "dog", "the"]),
            min_size=1,
            max_size=4,
        ).map(" ".join),
        max_size=15,
    ),
    data=st.data(),
)
def test_themes_do_not_depend_on_answer_order(texts, data):
    shuffled = data.draw(st.permutations(texts))

    def shape(grouping):
        return (
            [(theme.words, sorted(theme.answers)) for theme in grouping.themes],
            sorted(grouping.ungrouped),
        )

    assert shape(group_themes(texts)) == shape(group_themes(shuffled))


def test_free_texts_and_overview():
    frame = pd.concat(
        [
            answers_frame([("a", "respite", 4, 2), ("b", "respite", 3, 3)]),
            texts_frame(["Rides", "", None]),
        ],
        ignore_index=True,
    )
    assert free_texts(frame) == ["Rides"]
    assert overview(frame) == {"people": 3, "ratings": 2, "texts": 1, "raters": 2}


# -- summaries ----------------------------------------------------------------------------------


def test_ranking_summary_in_both_languages():
    frame = answers_frame(
        [
            ("a", "respite", 5, 1),
            ("b", "respite", 5, 2),
            ("a", "transport", 4, 2),
            ("a", "grief", 3, 2),
        ]
    )
    scores = need_scores(frame, ["respite", "transport", "grief"])
    labels = {"respite": "Respite", "transport": "Transport", "grief": "Grief"}
    english = ranking_summary(scores, labels, Translator("en"))
    assert english == (
        "The largest unmet need is “Respite” (score 17.5, 2 answers). "
        "It is followed by “Transport” and “Grief”."
    )
    french = ranking_summary(scores, labels, Translator("fr"))
    assert "« Respite » (score 17,5, 2 réponses)" in french
    empty = ranking_summary(need_scores(answers_frame([]), ["respite"]), labels, Translator("en"))
    assert empty.startswith("No ratings yet")
    met = need_scores(answers_frame([("a", "respite", 2, 5)]), ["respite"])
    assert "No need is rated as unmet" in ranking_summary(met, labels, Translator("en"))


def test_breakdown_summary_says_what_is_hidden_and_what_tops_the_largest_group():
    rows = [(f"p{i}", "respite", 5, 1, "caregiver") for i in range(7)]
    rows += [(f"p{i}", "transport", 4, 3, "caregiver") for i in range(7)]
    rows += [(f"q{i}", "respite", 3, 3, "bereaved") for i in range(2)]
    result = breakdown(answers_frame(rows), "group", 5, ["respite", "transport"], GROUPS)
    labels = {"respite": "Respite", "transport": "Transport"}
    groups = {"caregiver": "caregivers", "bereaved": "bereaved people"}
    text = breakdown_summary(result, labels, groups, Translator("en"))
    assert text == (
        "2 of 3 cells have too few answers to show (fewer than 5). "
        "Among caregivers, the largest unmet need is “Transport” (score 4.0)."
    )
    small = breakdown(answers_frame(rows[-2:]), "group", 5, ["respite"], GROUPS)
    assert "No cell can be shown yet" in breakdown_summary(small, labels, groups, Translator("en"))


def test_themes_summary():
    t = Translator("en")
    assert themes_summary(group_themes([]), t) == "No written answers yet."
    grouping = group_themes(["weekend respite", "respite please", "a driver"])
    assert themes_summary(grouping, t) == (
        "3 written answers. The words shared most: “respite” (2 answers)."
    )
