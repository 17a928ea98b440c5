"""The warm-up on the projector: how many people came as each group, with a sentence under it."""

from __future__ import annotations

from workshop_kit.core.registry import LiveResults, ResultsContext
from workshop_kit.core.widgets import ChartPanel
from workshop_kit.profile import GROUPS


class WelcomeResults(LiveResults):
    """Bar chart of how many people came as each group, with a sentence under it."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.panel = ChartPanel(context.t("welcome.chart_title"))
        self.panel.add_class("wk-welcome-results")
        super().__init__([self.panel])
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the released answers: groups move only in whole blocks of
        ``min_cell_size`` people, and a group smaller than that is never shown."""
        from workshop_kit.activities.welcome.model import shown_group_counts, summary_sentence
        from workshop_kit.core.count_chart import count_bars
        from workshop_kit.core.disclosure import contributors

        t = self.context.t
        k = self.context.profile.min_cell_size
        total = contributors(self.context.answers("welcome"))
        if total == 0:
            self.panel.show(None, t("welcome.summary_empty"))
            return
        released = self.context.released("welcome")
        if contributors(released) == 0:
            shown: dict[str, int | None] = dict.fromkeys(GROUPS)
        else:
            shown = shown_group_counts(released, k)
        labels = [t(f"groups.{g}") for g in shown]
        figure = count_bars(labels, list(shown.values()), too_few=t("app.too_few"))
        self.panel.show(figure, summary_sentence(shown, total, k, t))


def build_live(context: ResultsContext) -> WelcomeResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return WelcomeResults(context)
