"""The warm-up on the projector: how many people came as each group, with a sentence under it.

It lays out the warm-up's shown state (:mod:`.shown`); until the facilitator shows the
results it says only how many have answered.
"""

from __future__ import annotations

from workshop_kit.core.registry import LiveResults, ResultsContext
from workshop_kit.core.widgets import ChartPanel


class WelcomeResults(LiveResults):
    """Bar chart of how many people came as each group, with a sentence under it."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.panel = ChartPanel(context.t("welcome.chart_title"))
        self.panel.add_class("wk-welcome-results")
        super().__init__([self.panel])
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the shown state (it changes only when answers are released)."""
        from workshop_kit.core.disclosure import contributors

        t = self.context.t
        shown = self.context.shown("welcome")
        if shown.people:
            self.panel.show(shown.figure, shown.sentence)
            return
        answered = contributors(self.context.answers("welcome"))
        if answered == 0:
            self.panel.show(None, t("welcome.summary_empty"))
        else:
            k = self.context.profile.min_cell_size
            self.panel.show(None, t("welcome.summary_waiting", count=answered, min=k))


def build_live(context: ResultsContext) -> WelcomeResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return WelcomeResults(context)
