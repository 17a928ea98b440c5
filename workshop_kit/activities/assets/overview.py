"""What every asset view computes: the inventory after the facilitator's merges, likely
duplicates, the needs × assets gap matrix, and which of their counts may be shown.

Only records the facilitator gave (:func:`~workshop_kit.core.answers.facilitator_records`) are
replayed as merges: an ``asset_merges`` answer that reached the store any other way can never
hide an asset (see :mod:`workshop_kit.activities.assets`).

The hub and the facilitator page compute the same overview from different answers: the hub
from what may be projected (:func:`.shown.live_assets`), the page from every answer. Either
way the counts go through :mod:`.shown` (disclosure control) before a chart or a file shows
them.

Only facilitator pages import this module (the participant kernel imports the form alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from workshop_kit.activities.assets.answers import category_labels
from workshop_kit.activities.assets.duplicates import DuplicateGroup, find_duplicates
from workshop_kit.activities.assets.gaps import GapMatrix, gap_matrix, gap_summary
from workshop_kit.activities.assets.inventory import inventory_summary, map_summary
from workshop_kit.activities.assets.model import (
    MergePlan,
    apply_merges,
    asset_table,
    merge_records,
    plan_merges,
)
from workshop_kit.activities.assets.shown import (
    ShownCounts,
    contributions,
    people_by_asset,
    protect_gap,
    shown_counts,
    shown_points,
)
from workshop_kit.core.activity import provided
from workshop_kit.core.answers import facilitator_records
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

if TYPE_CHECKING:
    from types import ModuleType


def _charts() -> ModuleType:
    """The charts module, imported on first use (matplotlib is only needed to draw)."""
    from workshop_kit.activities.assets import charts

    return charts


def unmet_scores(needs: pd.DataFrame | None, profile: Profile) -> pd.Series | None:
    """Unmet-need scores of a needs assessment run in the same session, or ``None``.

    They come through the declared ``need_scores`` interface (:mod:`workshop_kit.core.activity`),
    which leaves out needs rated by fewer than ``min_cell_size`` people; those, like needs
    nobody rated, get no score (the gap matrix gives them the median weight).
    """
    if needs is None or needs.empty:
        return None
    need_scores = provided("need_scores")
    if need_scores is None:  # no needs activity installed
        return None
    scores = need_scores(needs, profile).dropna()
    return scores if len(scores) else None


@dataclass
class AssetOverview:
    """Everything the asset views show, computed once per change of the answers."""

    inventory: pd.DataFrame  # merged: one row per distinct asset
    plan: MergePlan
    duplicates: list[DuplicateGroup]
    #: The gap matrix, its cells too few to show marked (:attr:`GapMatrix.hidden`).
    gap: GapMatrix
    #: Counts by category, area and need as they may be shown (``None``: too few to show).
    shown: ShownCounts
    #: The located assets of the areas whose count is shown (the map's points).
    points: pd.DataFrame
    #: Who is behind each asset (:func:`.shown.contributions`), for tables of counts.
    contributions: pd.DataFrame
    names_by_id: dict[str, str]  # every answer's asset id → the name it gave
    merge_records: int  # facilitator decisions so far (part of each new decision's key)
    category_names: dict[str, str]
    area_names: dict[str, str]
    need_names: dict[str, str]

    @property
    def total(self) -> int:
        return len(self.inventory)

    @property
    def mentions(self) -> int:
        return int(self.inventory["mentions"].sum()) if self.total else 0


def compute_overview(
    assets: pd.DataFrame,
    merges: pd.DataFrame,
    needs: pd.DataFrame | None,
    profile: Profile,
    language: str,
) -> AssetOverview:
    """Inventory after merges, likely duplicates and the gap matrix (weighted when a needs
    assessment ran in the same session), with the counts that may be shown.

    ``assets`` keeps its ``participant_id`` and ``source`` columns: they say who is behind
    each count (:mod:`.shown`).
    """
    table = asset_table(assets)
    decisions = merge_records(facilitator_records(merges))
    plan = plan_merges(decisions)
    inventory = apply_merges(table, plan)
    need_names = profile.need_labels(language)
    area_names = profile.area_labels(language)
    categories = category_labels(profile, language)
    k = profile.min_cell_size
    given = contributions(inventory, people_by_asset(assets))
    gap = gap_matrix(inventory, list(need_names), list(area_names), unmet_scores(needs, profile))
    shown = shown_counts(inventory, given, list(categories), list(area_names), gap, k)
    return AssetOverview(
        inventory=inventory,
        plan=plan,
        duplicates=find_duplicates(inventory, plan),
        gap=protect_gap(gap, given, k),
        shown=shown,
        points=shown_points(inventory, shown),
        contributions=given,
        names_by_id=dict(zip(table["asset_id"], table["name"], strict=True)),
        merge_records=len(decisions),
        category_names=categories,
        area_names=area_names,
        need_names=need_names,
    )


@dataclass(frozen=True)
class ChartSentences:
    """The sentence said under each chart (and read by screen readers in its place)."""

    categories: str
    map: str
    gaps: str


def chart_sentences(overview: AssetOverview, t: Translator) -> ChartSentences:
    """The three charts' sentences, from the shown counts only (a hidden count is never
    named). The hub and the report both say these, so the paper says what the room heard."""
    shown = overview.shown
    return ChartSentences(
        categories=inventory_summary(
            overview.inventory,
            t,
            overview.category_names,
            overview.area_names,
            categories=shown.categories,
            areas=shown.areas,
            min_cell_size=shown.min_cell_size,
        ),
        map=map_summary(
            overview.total,
            t,
            overview.area_names,
            categories=shown.categories,
            areas=shown.areas,
            located=len(overview.points),
            min_cell_size=shown.min_cell_size,
        ),
        gaps=gap_summary(overview.gap, t, overview.need_names, overview.area_names),
    )


def shown_state(context: Any) -> AssetOverview:
    """The asset map's shown state for a view context (:mod:`workshop_kit.core.shown`): the
    overview of the released assets (:func:`~.shown.released_assets`), the facilitator's
    merges and the released needs ratings."""
    from workshop_kit.activities.assets.shown import released_assets

    return compute_overview(
        released_assets(context),
        context.latest("asset_merges"),
        context.released("needs"),
        context.profile,
        context.t.language,
    )
