"""The three charts (counts by kind, the map, the gap heat map) and the hub's live view.

:class:`AssetsResults` is what the hub projects: it only reads. :class:`AssetCharts` is also
drawn on the facilitator page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from workshop_kit.activities.assets.overview import (
    AssetOverview,
    _charts,
    _frame_version,
    compute_overview,
)
from workshop_kit.activities.assets.style import ASSETS_CSS
from workshop_kit.core.registry import LiveResults, ResultsContext
from workshop_kit.core.widgets import ChartPanel, escape
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

if TYPE_CHECKING:
    import pandas as pd

    from workshop_kit.geo import AreaShapes


def set_summary(panel: ChartPanel, text: str) -> None:
    """Change a chart's sentence without redrawing the chart (the same markup as
    :meth:`ChartPanel.show`)."""
    panel.summary.value = f'<p aria-live="polite">{escape(text)}</p>'


class AssetCharts(widgets.VBox):
    """Counts by kind, the map and the gap heat map, each with its sentence.

    A chart is redrawn only when what it shows changed: a new asset in a known kind changes
    the counts and the map but maybe not the gaps, and a redraw costs a few tenths of a second
    on a small laptop.
    """

    def __init__(self, profile: Profile, t: Translator) -> None:
        self.profile = profile
        self.t = t
        self.categories = ChartPanel()
        self.categories.add_class("wk-assets-chart-categories")
        self.map = ChartPanel()
        self.map.add_class("wk-assets-chart-map")
        self.gaps = ChartPanel()
        self.gaps.add_class("wk-assets-chart-gaps")
        self._drawn: dict[str, Any] = {}
        self.shapes: AreaShapes | None = None
        self.shapes_problem: str | None = None
        self._load_shapes()
        super().__init__([self.categories, self.map, self.gaps])
        self.add_class("wk-assets-charts")

    def _load_shapes(self) -> None:
        from workshop_kit.geo import GeoError, shapes_for_profile

        try:
            self.shapes = shapes_for_profile(self.profile, self.t.language)
        except GeoError as error:
            self.shapes_problem = self.t("assets.view.map_problem", problem=error.problems[0])
            return
        if self.shapes is None:
            self.shapes_problem = self.t("assets.view.map_unavailable")

    def show(self, overview: AssetOverview) -> None:
        from workshop_kit.activities.assets import gaps as gap_model
        from workshop_kit.activities.assets import inventory as model

        charts, t = _charts(), self.t
        inventory = overview.inventory
        by_category = model.counts_by_category(inventory, list(overview.category_names))
        by_area = model.counts_by_area(inventory, list(overview.area_names))
        inventory_text = model.inventory_summary(
            inventory, t, overview.category_names, overview.area_names
        )
        key = ("categories", tuple(by_category.items()))
        if self._drawn.get("categories") != key:
            self.categories.show(
                charts.category_counts(by_category, overview.category_names, t), inventory_text
            )
            self._drawn["categories"] = key
        else:
            set_summary(self.categories, inventory_text)

        located = model.located_assets(inventory)
        map_text = self._map_sentence(overview, by_area, len(located))
        if self.shapes is None:
            self.map.show(None, f"{self.shapes_problem} {map_text}".strip())
        else:
            points = tuple(
                zip(located["latitude"].round(6), located["longitude"].round(6), strict=True)
            )
            key = ("map", tuple(by_area.items()), points)
            if self._drawn.get("map") != key:
                figure = charts.asset_map(self.shapes, by_area, located, overview.area_names, t)
                self.map.show(figure, map_text)
                self._drawn["map"] = key
            else:
                set_summary(self.map, map_text)

        gap = overview.gap
        gap_text = gap_model.gap_summary(gap, t, overview.need_names, overview.area_names)
        weights = None if gap.weights is None else tuple(gap.weights.round(6).items())
        key = ("gaps", gap.counts.to_numpy().tobytes(), weights)
        if self._drawn.get("gaps") != key:
            figure = charts.gap_heatmap(gap, overview.need_names, overview.area_names, t)
            self.gaps.show(figure, gap_text)
            self._drawn["gaps"] = key
        else:
            set_summary(self.gaps, gap_text)

    def _map_sentence(self, overview: AssetOverview, by_area: pd.Series, located: int) -> str:
        if overview.total == 0:
            return self.t("assets.summary.inventory_empty")
        top = by_area.idxmax()
        return self.t(
            "assets.view.map_summary",
            count=overview.total,
            located=located,
            top_area=overview.area_names.get(top, top),
            top_count=int(by_area.max()),
        )


def totals_html(overview: AssetOverview, t: Translator) -> str:
    """'12 assets · 14 mentions · 1 likely duplicate to check'."""
    parts = [
        t("assets.view.totals", count=overview.total),
        t("assets.view.mentions", count=overview.mentions),
    ]
    if overview.duplicates:
        parts.append(t("assets.view.duplicates_count", count=len(overview.duplicates)))
    return f'<p aria-live="polite">{escape(" · ".join(parts))}</p>'


class AssetsResults(LiveResults):
    """The hub's live view: totals, counts by kind, map and gap heat map.

    The hub calls :meth:`refresh` whenever anything in the session changed (a participant
    joined, an answer to another activity): the answers are fingerprinted first, so nothing is
    recomputed or redrawn unless assets, merges or needs ratings changed.
    """

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.total = widgets.HTML()
        self.total.add_class("wk-assets-total")
        self.charts = AssetCharts(context.profile, context.t)
        self._version: Any = None
        hint = widgets.HTML(f"<p><small>{escape(context.t('assets.view.hub_hint'))}</small></p>")
        super().__init__([widgets.HTML(ASSETS_CSS), self.total, hint, self.charts])
        self.add_class("wk-assets-results")
        self.refresh()

    def refresh(self) -> None:
        assets = self.context.answers("assets")
        merges = self.context.answers("asset_merges")
        needs = self.context.answers("needs")
        version = (_frame_version(assets), _frame_version(merges), _frame_version(needs))
        if version == self._version:
            return
        overview = compute_overview(
            assets, merges, needs, self.context.profile, self.context.t.language
        )
        self.total.value = totals_html(overview, self.context.t)
        self.charts.show(overview)
        self._version = version
