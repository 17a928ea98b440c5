"""The needs results on the hub's projected screen, kept live while people answer.

The projector lays out the needs activity's shown state (:func:`~.shown.shown_state`, built
from the answers the facilitator released: :mod:`workshop_kit.core.release`), so two redraws
never differ by one person's ratings, and quotes only written answers the facilitator
approved on their page. It only reads.
"""

from __future__ import annotations

from workshop_kit.activities.needs.results import FacilitatorView
from workshop_kit.core.registry import LiveResults, ResultsContext


class NeedsResults(LiveResults):
    """The view in the hub: asks the store for the released answers on each refresh."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.view = FacilitatorView(context.profile, context.t, folder=context.code)
        super().__init__([self.view])
        self.refresh()

    def refresh(self) -> None:
        """Redraw if the shown state changed (a release, or a moderation decision)."""
        self.view.show_state(self.context.shown("needs"))


def build_live(context: ResultsContext) -> NeedsResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return NeedsResults(context)
