"""The CareMaps on the hub's projected screen: how care is spread across the maps people chose
to share, each chart with its sentence.

Only shared maps are read, released in whole blocks of ``min_cell_size`` sharing caregivers
(:func:`~workshop_kit.activities.caremap.group.released_shared_maps`), and every figure is
built from at least ``min_cell_size`` of them
(:func:`~workshop_kit.activities.caremap.group.group_summary`). A private map is never read
here, not even counted. Drawings and names never reach the room: only totals.

:class:`GroupCharts` is shared with the facilitator's page; the report
(:mod:`.report`) prints the same charts and sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets

from workshop_kit.activities.caremap.sentences import CHARTS
from workshop_kit.core.registry import LiveResults, ResultsContext
from workshop_kit.core.widgets import ChartPanel, escape
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from workshop_kit.activities.caremap.group import (
        GroupSummary,
    )


class GroupCharts(widgets.VBox):
    """The group summary: a sentence, then three charts with a sentence under each.

    CSS classes for tests: ``wk-caremap-overview``, ``wk-caremap-chart-share``,
    ``wk-caremap-chart-alone``, ``wk-caremap-chart-support``.
    """

    def __init__(self, t: Translator) -> None:
        self.t = t
        self.summary: GroupSummary | None = None
        self.overview = widgets.HTML()
        self.overview.add_class("wk-caremap-overview")
        self.panels = {name: ChartPanel(t(f"caremap.group.chart_{name}")) for name in CHARTS}
        for name, panel in self.panels.items():
            panel.add_class(f"wk-caremap-chart-{name}")
        super().__init__([self.overview, *self.panels.values()])
        self.add_class("wk-caremap-group")

    def figures(self, summary: GroupSummary) -> dict[str, Figure]:
        from workshop_kit.activities.caremap.charts import group_figures

        return group_figures(summary, self.t)

    def show(self, summary: GroupSummary) -> bool:
        """Show ``summary``; returns whether anything was redrawn (not when it is unchanged)."""
        from workshop_kit.activities.caremap.sentences import chart_sentences, overview_sentence

        if summary == self.summary:
            return False
        self.summary = summary
        t = self.t
        self.overview.value = f'<p aria-live="polite">{escape(overview_sentence(summary, t))}</p>'
        if not summary.shown:
            for panel in self.panels.values():
                panel.layout.display = "none"
            return True
        sentences = chart_sentences(summary, t)
        for name, figure in self.figures(summary).items():
            self.panels[name].layout.display = ""
            self.panels[name].show(figure, sentences[name])
        return True


class CareMapResults(LiveResults):
    """The hub's view of the CareMaps shared with the group."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.charts = GroupCharts(context.t)
        heading = widgets.HTML(f"<h3>{escape(context.t('caremap.group.live_title'))}</h3>")
        super().__init__([heading, self.charts])
        self.add_class("wk-caremap-results")
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the shared maps released so far (never from private ones)."""
        context = self.context
        # the log, not the latest answers: a caregiver's place in the release is their first
        # shared save, so a later change of theirs cannot move them into or out of a block
        log = (
            context.history("caremap")
            if context.history is not None
            else context.answers("caremap")
        )
        from workshop_kit.activities.caremap.group import summary_for

        k = context.profile.min_cell_size
        self.charts.show(summary_for(log, k, context.releases("caremap")))


def build_live(context: ResultsContext) -> CareMapResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return CareMapResults(context)
