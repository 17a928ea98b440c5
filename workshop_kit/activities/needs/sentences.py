"""Needs assessment in words: the sentence under each chart, said aloud in the room.

Every chart has a sentence, for the people at the back who cannot read it and for screen
readers (the charts' sentences are their text alternative). Pure text from the model's
tables: no widgets, files or database. Each sentence says only what the table may show:
needs rated by too few people are counted, never named (:func:`ranking_summary`), and a
suppressed cell is never described (:func:`breakdown_summary`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from workshop_kit.activities.needs.breakdowns import Breakdown
from workshop_kit.activities.needs.themes import ThemeGrouping
from workshop_kit.core.disclosure import SHOWN, TOO_FEW
from workshop_kit.i18n import Translator


def ranking_summary(scores: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> str:
    """One or two sentences under the ranking chart: how many answered, what tops the list.

    ``scores`` is :func:`~.model.shown_scores`' table (needs rated by too few people are only
    counted) or, outside any room, :func:`~.model.need_scores`' table.
    """
    if "status" in scores:
        answered = scores[scores["status"] == SHOWN]
        hidden = int((scores["status"] == TOO_FEW).sum())
    else:
        answered, hidden = scores[scores["n"] > 0], 0
    text = _ranking_top(answered, labels, t)
    if hidden and text is None:
        return t("needs.summary.ranking_none_shown", min=scores.attrs.get("min_cell_size", ""))
    if hidden:
        k = scores.attrs.get("min_cell_size", "")
        text += " " + t("needs.summary.ranking_hidden", count=hidden, min=k)
    return text or t("needs.summary.ranking_empty")


def _ranking_top(answered: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> str | None:
    if answered.empty:
        return None
    top = answered.iloc[0]
    if top["score"] <= 0:
        return t("needs.summary.ranking_all_met")
    first = t(
        "needs.summary.ranking_top",
        need=labels.get(answered.index[0], answered.index[0]),
        score=t.number(float(top["score"]), 1),
        count=int(top["n"]),
    )
    following = [
        labels.get(need, need) for need in answered.index[1:3] if answered.at[need, "score"] > 0
    ]
    if len(following) == 2:
        return (
            first
            + " "
            + t("needs.summary.ranking_next_two", first=following[0], second=following[1])
        )
    if len(following) == 1:
        return first + " " + t("needs.summary.ranking_next_one", first=following[0])
    return first


def breakdown_summary(
    result: Breakdown,
    need_labels: Mapping[str, str],
    category_labels: Mapping[str, str],
    t: Translator,
) -> str:
    """What the heat map shows in words: how many cells are hidden, and the largest shown
    unmet need in the category with the most answers."""
    total = int(result.counts.to_numpy().sum())
    if total == 0:
        return t("needs.summary.breakdown_empty")
    hidden = int(result.suppressed.to_numpy().sum())
    cells = int((result.counts > 0).to_numpy().sum())
    if hidden == cells:
        return t("needs.summary.breakdown_all_hidden", min=result.min_cell_size)
    parts = []
    if hidden:
        parts.append(
            t(
                "needs.summary.breakdown_hidden",
                count=hidden,
                cells=cells,
                min=result.min_cell_size,
            )
        )
    shown = result.scores
    sizes = result.shown_counts().fillna(0).sum(axis=0)
    sizes = sizes[[bool(shown[c].notna().any()) for c in shown.columns]]
    positions = {c: i for i, c in enumerate(sizes.index)}
    category = max(sizes.index, key=lambda c: (sizes[c], -positions[c]))
    column = shown[category].dropna()
    need = column.idxmax()
    parts.append(
        t(
            "needs.summary.breakdown_top",
            category=category_labels.get(category, category),
            need=need_labels.get(need, need),
            score=t.number(float(column[need]), 1),
        )
    )
    return " ".join(parts)


def themes_summary(grouping: ThemeGrouping, t: Translator) -> str:
    """The number of written answers and the words most of them share."""
    if grouping.total == 0:
        return t("needs.summary.themes_empty")
    if not grouping.themes:
        return t("needs.summary.themes_none", count=grouping.total)
    shown = ", ".join(
        t("needs.summary.theme_item", word=theme.words[0], count=theme.count)
        for theme in grouping.themes[:3]
    )
    return t("needs.summary.themes", count=grouping.total, words=shown)
