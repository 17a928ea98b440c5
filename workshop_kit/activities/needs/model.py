"""Needs assessment scores: which needs are least met, ranked, as they may be shown.

Pure functions over a table of answers (the shape :meth:`Store.answers` returns for the
``needs`` activity and :meth:`NeedsImport.frame` builds from a survey file: one row per
answer with ``participant_id``, ``need``, ``importance``, ``met``, ``group``, ``area``,
``text``). No widgets, no files, no database: what the facilitator sees can be tested here.
The rest of the model reads the same table: breakdowns by group and area
(:mod:`.breakdowns`), themes of the written answers (:mod:`.themes`) and the sentences said
under each chart (:mod:`.sentences`).

Scores. Each participant rates each need twice on a 1–5 scale: how important it is (I) and
how well it is met today where they live (M). The gap ``G = I - M`` is the need in the Kansas
Community Tool Box sense (what should be minus what is), from -4 (well met, unimportant) to
+4. The **unmet-need score** of a need is ``mean(I) × mean(G)``: Borich's mean weighted
discrepancy score (Borich 1980, *A needs assessment model for conducting follow-up
studies*, Journal of Teacher Education 31(3):39–42), which weights the gap by how much the
room cares about the need, so a large gap on something nobody minds does not top the list.
Spread is shown as the middle half (interquartile range) of the individual weighted gaps
``G_i × mean(I)``, and as the standard deviation of the gap.

Ranking. Needs are ranked by score, computed from integer sums as an exact fraction so that
the order never depends on the order of the rows; equal scores share a rank. A need rated by
fewer than ``min_cell_size`` people keeps no figure at all (:func:`shown_scores`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import numpy as np
import pandas as pd

from workshop_kit.activities.needs.themes import free_texts
from workshop_kit.core.disclosure import NO_ANSWERS, SHOWN, TOO_FEW
from workshop_kit.profile import Profile

#: Category of answers that gave no group or no area.
NOT_GIVEN = "not_given"

#: Columns of the per-need score table, in order.
SCORE_COLUMNS = (
    "n",
    "importance_mean",
    "met_mean",
    "gap_mean",
    "score",
    "gap_sd",
    "score_q1",
    "score_q3",
    "share_unmet",
    "rank",
)


# -- ratings ----------------------------------------------------------------------------------


def ratings(answers: pd.DataFrame) -> pd.DataFrame:
    """The rating rows of ``answers``, cleaned: integer ``importance``, ``met`` and ``gap``,
    ``group`` and ``area`` with :data:`NOT_GIVEN` for blanks.

    Tolerates the columns a store returns before anyone answered (no payload columns).
    A table this function returned is returned as it is, so a page that computes several
    views cleans the answers once.
    """
    columns = ["participant_id", "need", "importance", "met", "gap", "group", "area"]
    if answers.attrs.get("needs_ratings"):
        return answers
    if answers.empty or not {"need", "importance", "met"} <= set(answers.columns):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    rows = answers[answers["need"].notna() & answers["importance"].notna()]
    rows = rows[rows["met"].notna()]
    out = pd.DataFrame(index=rows.index)
    if "participant_id" in rows:
        out["participant_id"] = rows["participant_id"].astype(str)
    else:  # one anonymous participant per row
        out["participant_id"] = rows.index.astype(str)
    out["need"] = rows["need"].astype(str)
    out["importance"] = rows["importance"].astype("int64")
    out["met"] = rows["met"].astype("int64")
    out["gap"] = out["importance"] - out["met"]
    for column in ("group", "area"):
        values = rows[column] if column in rows else pd.Series(None, index=rows.index)
        out[column] = values.where(values.notna() & (values != ""), NOT_GIVEN).astype(str)
    out.attrs["needs_ratings"] = True
    return out


def ordered_needs(found: Iterable[str], needs: Sequence[str]) -> list[str]:
    """The profile's needs in its order; without a list, the needs found, sorted."""
    return list(needs) if needs else sorted(set(found))


def need_scores(answers: pd.DataFrame, needs: Sequence[str] = ()) -> pd.DataFrame:
    """One row per need, ranked (largest unmet need first); columns :data:`SCORE_COLUMNS`.

    With ``needs`` (the profile's need ids) every listed need appears, answered or not, and
    answers about other needs are left out. Needs without answers come last, unranked.
    """
    rated = ratings(answers)
    order = ordered_needs(rated["need"], needs)
    rated = rated[rated["need"].isin(order)]
    stats = cell_stats(rated, ["need"]).reindex(order)
    stats["n"] = stats["n"].fillna(0).astype("int64")
    stats["rank"] = _rank(stats)
    position = pd.Series(range(len(order)), index=order)
    key = stats["rank"].astype("float64").fillna(np.inf)
    ordered = sorted(order, key=lambda need: (key[need], position[need]))
    result = stats.loc[ordered, list(SCORE_COLUMNS)]
    result.index.name = "need"
    return result


def shown_scores(
    scores: pd.DataFrame, min_cell_size: int, needs: Sequence[str] = ()
) -> pd.DataFrame:
    """The ranking as it may be shown or exported (:mod:`workshop_kit.core.disclosure`).

    A need rated by fewer than ``min_cell_size`` people keeps no ``n``, mean, score, spread
    or rank: its ``status`` is ``too_few``. Ranks are recounted among the shown needs only
    (a rank of 2 under a hidden first would say a hidden need scores higher), and hidden
    needs follow the shown ones in the profile's order (``needs``; else alphabetical), never
    in the order of their hidden scores. ``n`` becomes a nullable integer.
    """
    if min_cell_size < 1:
        raise ValueError("min_cell_size must be at least 1")
    n = scores["n"].astype("int64")
    status = pd.Series(SHOWN, index=scores.index)
    status[n == 0] = NO_ANSWERS
    status[(n > 0) & (n < min_cell_size)] = TOO_FEW
    out = scores.copy()
    out["n"] = n.astype("Int64").mask(status == TOO_FEW)
    values = [c for c in SCORE_COLUMNS if c not in ("n", "rank")]
    out[values] = out[values].astype("float64").where(status == SHOWN)
    shown = status == SHOWN
    old = scores["rank"].astype("float64")
    out["rank"] = pd.array(
        [
            (1 + int((old[shown] < old[need]).sum())) if shown[need] else None
            for need in scores.index
        ],
        dtype="Int64",
    )
    out["status"] = status
    position = {need: i for i, need in enumerate(needs or sorted(scores.index))}
    order = list(scores.index[shown]) + sorted(
        scores.index[~shown], key=lambda need: (status[need] != TOO_FEW, position.get(need, 0))
    )
    result = out.loc[order]
    result.index.name = scores.index.name
    result.attrs["min_cell_size"] = min_cell_size
    return result


def disclosed_need_scores(answers: pd.DataFrame, profile: Profile) -> pd.Series:
    """The ``need_scores`` interface other activities use (see :mod:`workshop_kit.core.activity`).

    The unmet-need score per need id, only for needs rated by at least the profile's
    ``min_cell_size`` people: another activity's chart weighted by a score from two people's
    ratings would let it be worked back from the weights.
    """
    needs = [need.id for need in profile.needs]
    shown = shown_scores(need_scores(answers, needs), profile.min_cell_size, needs)
    return shown.loc[shown["status"] == SHOWN, "score"].astype("float64")


def cell_stats(rated: pd.DataFrame, keys: list[str], spread: bool = True) -> pd.DataFrame:
    """Counts, means, spread and score per group of ``keys``, from exact integer sums.

    ``spread=False`` skips the quartiles (the breakdowns do not show them).
    """
    if rated.empty:
        empty = pd.DataFrame(columns=[*SCORE_COLUMNS, "sum_i", "sum_g"])
        if len(keys) > 1:
            empty.index = pd.MultiIndex.from_tuples([], names=keys)
        return empty
    work = rated.assign(gap2=rated["gap"] * rated["gap"], unmet=(rated["gap"] > 0).astype(int))
    grouped = work.groupby(keys, sort=False, observed=True)
    sums = grouped[["importance", "met", "gap", "gap2", "unmet"]].sum()
    n = grouped.size()
    stats = pd.DataFrame(index=sums.index)
    stats["n"] = n.astype("int64")
    stats["sum_i"] = sums["importance"].astype("int64")
    stats["sum_g"] = sums["gap"].astype("int64")
    stats["importance_mean"] = sums["importance"] / n
    stats["met_mean"] = sums["met"] / n
    stats["gap_mean"] = sums["gap"] / n
    stats["score"] = (sums["importance"] * sums["gap"]) / (n * n)
    numerator = n * sums["gap2"] - sums["gap"] * sums["gap"]
    stats["gap_sd"] = np.sqrt(numerator / (n * (n - 1)).where(n > 1))
    stats["share_unmet"] = sums["unmet"] / n
    if spread:
        quartiles = grouped["gap"].quantile([0.25, 0.75]).unstack()
        stats["score_q1"] = quartiles[0.25] * stats["importance_mean"]
        stats["score_q3"] = quartiles[0.75] * stats["importance_mean"]
    return stats


def _rank(stats: pd.DataFrame) -> pd.Series:
    """Rank 1 = largest unmet need; equal scores share the smaller rank; unanswered: NA.

    Scores are compared as exact fractions ``sum(I) × sum(G) / n²`` so that two needs with
    the same score tie whatever floating-point rounding the sums went through.
    """
    exact = {
        need: Fraction(int(row.sum_i) * int(row.sum_g), int(row.n) ** 2)
        for need, row in stats.iterrows()
        if row.n > 0
    }
    ranks = {
        need: 1 + sum(1 for other in exact.values() if other > value)
        for need, value in exact.items()
    }
    return pd.Series([ranks.get(need) for need in stats.index], index=stats.index, dtype="Int64")


def overview(answers: pd.DataFrame) -> dict[str, int]:
    """How many people rated, how many ratings and how many written answers there are."""
    rated = ratings(answers)
    texts = free_texts(answers)
    people = set(rated["participant_id"])
    if "participant_id" in answers and "text" in answers:
        written = answers[answers["text"].notna() & (answers["text"].astype(str) != "")]
        people |= set(written["participant_id"].astype(str))
    return {
        "people": len(people),
        "ratings": len(rated),
        "texts": len(texts),
        "raters": rated["participant_id"].nunique(),
    }
