"""Needs by group and by area, with small cells suppressed: who is least served.

Pure, like :mod:`.model` (whose cleaned ratings and cell statistics it uses): no widgets,
files or database.

Each cell (need × category) gets its count and score. Cells with fewer answers than
``min_cell_size`` are suppressed, and so many more as needed (complementary suppression) that
the suppressed cells of a need together hold either no answers or at least
``min_cell_size``: the need's total is shown in the ranking, so subtracting the shown cells
from it must never isolate a small group. Answers without a group or area form their own
column ("not said", :data:`~.model.NOT_GIVEN`), treated like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workshop_kit.activities.needs.model import NOT_GIVEN, cell_stats, ordered_needs, ratings
from workshop_kit.core.disclosure import protect_cells


@dataclass(frozen=True)
class Breakdown:
    """Need × category tables (``by`` is ``"group"`` or ``"area"``).

    ``counts`` holds every cell's number of answers (never show it as such: use
    :meth:`shown_counts`); ``scores``, ``importance`` and ``gap`` hold the cell values with
    ``NaN`` where the cell is suppressed or empty; ``suppressed`` marks the cells to show as
    "too few to show"; ``primary`` the subset suppressed for being small themselves (the rest
    are hidden to protect them).
    """

    by: str
    min_cell_size: int
    counts: pd.DataFrame
    scores: pd.DataFrame
    importance: pd.DataFrame
    gap: pd.DataFrame
    suppressed: pd.DataFrame
    primary: pd.DataFrame

    @property
    def needs(self) -> list[str]:
        return list(self.counts.index)

    @property
    def categories(self) -> list[str]:
        return list(self.counts.columns)

    def shown_counts(self) -> pd.DataFrame:
        """Counts as they may be shown: ``<NA>`` where suppressed."""
        return self.counts.astype("Int64").mask(self.suppressed)

    def table(self) -> pd.DataFrame:
        """Long table for export: one row per cell, nothing suppressed leaks into it.

        ``status`` is ``shown``, ``too_few`` or ``no_answers``.
        """
        shown = self.shown_counts()
        rows = []
        for need in self.needs:
            for category in self.categories:
                hidden = bool(self.suppressed.at[need, category])
                count = int(self.counts.at[need, category])
                status = "too_few" if hidden else ("no_answers" if count == 0 else "shown")
                rows.append(
                    {
                        "need": need,
                        self.by: category,
                        "n": shown.at[need, category],
                        "importance_mean": self.importance.at[need, category],
                        "gap_mean": self.gap.at[need, category],
                        "score": self.scores.at[need, category],
                        "status": status,
                    }
                )
        return pd.DataFrame(rows)


def breakdown(
    answers: pd.DataFrame,
    by: str,
    min_cell_size: int,
    needs: Sequence[str] = (),
    categories: Sequence[str] = (),
) -> Breakdown:
    """Scores of each need within each group (``by="group"``) or area (``by="area"``).

    ``categories`` fixes the columns and their order (the profile's areas, the kit's groups);
    categories found in the answers but not listed, and :data:`NOT_GIVEN`, are appended when
    they occur. Suppression: see the module docstring and :func:`protect_row`.
    """
    if by not in {"group", "area"}:
        raise ValueError(f"breakdown by {by!r}: use 'group' or 'area'")
    if min_cell_size < 1:
        raise ValueError("min_cell_size must be at least 1")
    rated = ratings(answers)
    order = ordered_needs(rated["need"], needs)
    rated = rated[rated["need"].isin(order)]
    found = set(rated[by].unique())
    columns = list(categories)
    columns += sorted(found - set(columns) - {NOT_GIVEN})
    if NOT_GIVEN in found and NOT_GIVEN not in columns:
        columns.append(NOT_GIVEN)

    stats = cell_stats(rated, ["need", by], spread=False)

    def grid(column: str, fill: float) -> pd.DataFrame:
        if stats.empty:
            return pd.DataFrame(fill, index=order, columns=columns, dtype="float64")
        table = stats[column].astype("float64").unstack(by)
        return table.reindex(index=order, columns=columns).fillna(fill)

    counts = grid("n", 0).astype("int64")
    suppressed = pd.DataFrame(False, index=order, columns=columns)
    primary = (counts > 0) & (counts < min_cell_size)
    for need in order:
        hidden = protect_row(counts.loc[need].tolist(), min_cell_size)
        for position in hidden:
            suppressed.iat[order.index(need), position] = True
    empty = counts == 0
    visible = ~suppressed & ~empty
    counts.index.name = suppressed.index.name = primary.index.name = "need"
    return Breakdown(
        by=by,
        min_cell_size=min_cell_size,
        counts=counts,
        scores=grid("score", np.nan).where(visible),
        importance=grid("importance_mean", np.nan).where(visible),
        gap=grid("gap_mean", np.nan).where(visible),
        suppressed=suppressed,
        primary=primary,
    )


def protect_row(counts: Sequence[int], min_cell_size: int) -> set[int]:
    """Positions of the cells of one row to suppress: see
    :func:`workshop_kit.core.disclosure.protect_cells` (the rule lives there, for every
    activity)."""
    return protect_cells(counts, min_cell_size)
