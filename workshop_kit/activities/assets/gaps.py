"""The needs × assets gap matrix: which needs have few or no assets, in which area.

Pure functions (no widgets, files or database).

The matrix counts, for each need and area, the *distinct* assets (after merges) helping with
that need; an asset id counted once per cell however many rows carry it. When a needs
assessment ran, each need's unmet-need score weighs the gap: priority = weight / (1 + count),
where weight is the score divided by the highest score, so an unmet need with no asset comes
first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from babel.lists import format_list

from workshop_kit.i18n import Translator


@dataclass(frozen=True)
class GapMatrix:
    """Distinct assets per need (rows) and area (columns), and how pressing each gap is.

    ``weights`` (need → 0..1) is present when unmet-need scores were given; ``priority`` is
    weight / (1 + count) (weight 1 without scores). ``totals`` counts distinct assets per need
    across all areas. ``few``: a cell with this many assets or fewer is a gap.

    ``hidden`` (same shape as ``counts``), when set by :func:`.shown.protect_gap`, marks the
    cells built from fewer than ``min_cell_size`` people: their count and priority are never
    shown, in a chart or a sentence (:mod:`workshop_kit.core.disclosure`).
    """

    counts: pd.DataFrame
    totals: pd.Series
    priority: pd.DataFrame
    weights: pd.Series | None = None
    scores: pd.Series | None = None
    few: int = 1
    hidden: pd.DataFrame | None = None
    min_cell_size: int = 0

    @property
    def weighted(self) -> bool:
        return self.weights is not None

    def needs_without_assets(self) -> list[str]:
        """Needs that no asset helps with in any area."""
        return [need for need, total in self.totals.items() if total == 0]

    def hidden_cells(self) -> int:
        """How many cells are too few to show."""
        return 0 if self.hidden is None else int(self.hidden.to_numpy().sum())

    def gaps(self) -> pd.DataFrame:
        """Cells with ``few`` assets or fewer, most pressing first; hidden cells left out.

        Columns: need, area, count, priority. Ties keep the need order then the area order.
        """
        stacked = self.counts.stack()
        table = pd.DataFrame(
            {
                "need": stacked.index.get_level_values(0),
                "area": stacked.index.get_level_values(1),
                "count": stacked.to_numpy(),
                "priority": self.priority.stack().to_numpy(),
            }
        )
        keep = (table["count"] <= self.few).to_numpy()
        if self.hidden is not None:
            keep = keep & ~self.hidden.to_numpy(dtype=bool).ravel()
        table = table[keep]
        return table.sort_values("priority", ascending=False, kind="stable").reset_index(drop=True)


def _need_weights(scores: Mapping[str, float] | pd.Series, needs: Sequence[str]) -> pd.Series:
    """Scores as weights in 0..1 (score / highest score).

    A negative score (Borich: the need is better met than it is important) weighs 0: its gaps
    are not pressing. A need without a score gets the median weight, so a need the
    assessment did not ask about is neither hidden nor inflated. If no score is positive,
    every need weighs the same.
    """
    series = pd.to_numeric(pd.Series(scores, dtype=object), errors="coerce").astype(float)
    series = series.reindex(list(needs))
    series = series.where(np.isfinite(series)).clip(lower=0)
    top = series.max()
    if not np.isfinite(top) or top <= 0:
        return pd.Series(1.0, index=pd.Index(list(needs)))
    weights = series / top
    return weights.fillna(weights.median())


def gap_matrix(
    inventory: pd.DataFrame,
    needs: Sequence[str],
    areas: Sequence[str],
    unmet_scores: Mapping[str, float] | pd.Series | None = None,
    few: int = 1,
) -> GapMatrix:
    """Needs × areas counts of distinct assets, optionally weighted by unmet-need scores.

    Pass the merged inventory (:func:`apply_merges`): each asset id counts at most once per
    cell, and each merged group has one id. Needs or areas not in the profile's lists are
    left out (an asset keeps counting in the inventory).
    """
    need_index = pd.Index(list(needs), name="need")
    area_index = pd.Index(list(areas), name="area")
    counts = pd.DataFrame(0, index=need_index, columns=area_index, dtype=int)
    totals = pd.Series(0, index=need_index, dtype=int)
    if not inventory.empty:
        exploded = inventory[["asset_id", "area", "needs"]].explode("needs").dropna()
        exploded = exploded[exploded["needs"].isin(need_index)]
        if not exploded.empty:
            in_areas = exploded[exploded["area"].isin(area_index)]
            counts = (
                in_areas.groupby(["needs", "area"])["asset_id"]
                .nunique()
                .unstack(fill_value=0)
                .reindex(index=need_index, columns=area_index, fill_value=0)
                .astype(int)
            )
            counts.index.name, counts.columns.name = "need", "area"
            totals = (
                exploded.groupby("needs")["asset_id"]
                .nunique()
                .reindex(need_index, fill_value=0)
                .astype(int)
            )
    weights = scores = None
    if unmet_scores is not None and len(unmet_scores):
        scores = pd.to_numeric(pd.Series(unmet_scores, dtype=object), errors="coerce").reindex(
            need_index
        )
        weights = _need_weights(unmet_scores, needs)
    factor = weights if weights is not None else pd.Series(1.0, index=need_index)
    priority = (1.0 / (1.0 + counts)).mul(factor.to_numpy(), axis=0)
    return GapMatrix(counts, totals, priority, weights, scores, few)


def gap_summary(
    gap: GapMatrix,
    t: Translator,
    need_names: Mapping[str, str],
    area_names: Mapping[str, str],
    max_items: int = 3,
) -> str:
    """A plain-language paragraph: needs nothing meets, then the most pressing gaps by area,
    then how many cells are too few to show (never which count they hold)."""
    if int(gap.totals.sum()) == 0:
        return t("assets.summary.no_assets")

    def names(items: Sequence[str], say_more: bool = True) -> str:
        shown = list(items[:max_items])
        if say_more and len(items) > max_items:
            shown.append(t("assets.summary.more", count=len(items) - max_items))
        return format_list(shown, locale=t.language)

    sentences = []
    nowhere = gap.needs_without_assets()
    if nowhere:
        sentences.append(
            t(
                "assets.summary.nowhere",
                count=len(nowhere),
                needs=names([need_names.get(n, n) for n in nowhere]),
            )
        )
    gaps = gap.gaps()
    gaps = gaps[~gaps["need"].isin(nowhere)]
    if not gaps.empty:
        cells = []
        for row in gaps.itertuples():
            need = need_names.get(row.need, row.need)
            area = area_names.get(row.area, row.area)
            if row.count == 0:
                cells.append(t("assets.summary.cell_none", need=need, area=area))
            else:
                cells.append(t("assets.summary.cell_few", need=need, area=area, count=row.count))
        key = "assets.summary.gaps_weighted" if gap.weighted else "assets.summary.gaps"
        sentences.append(t(key, cells=names(cells, say_more=False), count=len(cells)))
    hidden = gap.hidden_cells()
    if not sentences and not hidden:
        sentences.append(t("assets.summary.no_gaps", count=gap.few + 1))
    if hidden:
        sentences.append(t("assets.summary.cells_hidden", count=hidden, min=gap.min_cell_size))
    return " ".join(sentences)
