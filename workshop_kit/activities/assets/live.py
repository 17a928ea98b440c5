"""The three charts (counts by kind, the map, the gap heat map) and the hub's live view.

:class:`AssetsResults` is what the hub projects: it only reads. :class:`AssetCharts` is also
drawn on the facilitator page. Both show counts as :mod:`.shown` lets them (disclosure
control): "too few to show" for any count built from fewer than ``min_cell_size`` people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from workshop_kit.activities.assets.overview import (
    AssetOverview,
    _charts,
    chart_sentences,
)
from workshop_kit.activities.assets.shown import imported, released_assets
from workshop_kit.activities.assets.style import ASSETS_CSS
from workshop_kit.core.disclosure import contributors
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
    on a small laptop. What it shows is the shown counts, never the hidden ones, so a change
    hidden from the screen redraws nothing either.
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

    def _draw(self, name: str, panel: ChartPanel, key: Any, figure: Any, text: str) -> None:
        """Draw ``figure()`` with ``text`` if ``key`` changed, else change the sentence only."""
        if self._drawn.get(name) != key:
            panel.show(figure(), text)
            self._drawn[name] = key
        else:
            set_summary(panel, text)

    def show(self, overview: AssetOverview) -> None:
        charts, t = _charts(), self.t
        shown = overview.shown
        said = chart_sentences(overview, t)
        self._draw(
            "categories",
            self.categories,
            tuple(shown.categories.items()),
            lambda: charts.category_counts(shown.categories, overview.category_names, t),
            said.categories,
        )

        points = overview.points
        if self.shapes is None:
            self.map.show(None, f"{self.shapes_problem} {said.map}".strip())
        else:
            shapes = self.shapes
            located = tuple(
                zip(points["latitude"].round(6), points["longitude"].round(6), strict=True)
            )
            self._draw(
                "map",
                self.map,
                (tuple(shown.areas.items()), located),
                lambda: charts.asset_map(shapes, shown.areas, points, overview.area_names, t),
                said.map,
            )

        gap = overview.gap
        hidden = None if gap.hidden is None else gap.hidden.to_numpy().tobytes()
        counts = gap.counts.where(~gap.hidden, -1) if gap.hidden is not None else gap.counts
        weights = None if gap.weights is None else tuple(gap.weights.round(6).items())
        self._draw(
            "gaps",
            self.gaps,
            (counts.to_numpy().tobytes(), hidden, weights),
            lambda: charts.gap_heatmap(gap, overview.need_names, overview.area_names, t),
            said.gaps,
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

    What it may project (see :mod:`.shown` and :mod:`workshop_kit.core.disclosure`):

    - participants' assets released in whole blocks of ``min_cell_size`` people, from the
      answer log, so two redraws never differ by one person's assets; imported rows at once
      (they are the facilitator's file, not anyone's answer);
    - the facilitator's merge decisions, all of them (they are the facilitator's, and only
      join assets already shown);
    - needs ratings released the same way (:meth:`ResultsContext.released`), so the gap
      weights do not move with one person's ratings either;
    - counts as :mod:`.shown` lets them: "too few to show" below ``min_cell_size`` people.

    The hub calls :meth:`refresh` on any change in the session; the charts redraw only when
    what they show changed (:class:`AssetCharts`).
    """

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.total = widgets.HTML()
        self.total.add_class("wk-assets-total")
        self.waiting = widgets.HTML()
        self.waiting.add_class("wk-assets-waiting")
        self.charts = AssetCharts(context.profile, context.t)
        #: What the screen shows now (the released answers' overview).
        self.overview: AssetOverview | None = None
        hint = widgets.HTML(f"<p><small>{escape(context.t('assets.view.hub_hint'))}</small></p>")
        super().__init__([widgets.HTML(ASSETS_CSS), self.total, self.waiting, hint, self.charts])
        self.add_class("wk-assets-results")
        self.refresh()

    def _log(self, activity: str) -> pd.DataFrame:
        """Every answer of ``activity`` (the log releases are computed from), or the latest
        ones when the hub gives no log."""
        if self.context.history is not None:
            return self.context.history(activity)
        return self.context.answers(activity)

    def refresh(self) -> None:
        context, t = self.context, self.context.t
        k = context.profile.min_cell_size
        log = self._log("assets")
        assets = released_assets(context)
        overview = context.shown("assets")  # built once per release (overview.shown_state)
        self.overview = overview
        self.total.value = totals_html(overview, t)
        people = 0 if log is None or log.empty else contributors(log[~imported(log)])
        shown = 0 if assets is None or assets.empty else contributors(assets[~imported(assets)])
        self.waiting.value = (
            f'<p aria-live="polite">{escape(t("assets.view.hub_waiting", count=people, min=k))}</p>'
            if people > shown
            else ""
        )
        self.charts.show(overview)


def build_live(context: ResultsContext) -> AssetsResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return AssetsResults(context)
