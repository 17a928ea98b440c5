"""The needs results on the hub's projected screen, kept live while people answer.

The projector shows the released answers (whole blocks of ``min_cell_size`` people,
:mod:`workshop_kit.core.disclosure`), so two redraws never differ by one person's ratings,
and quotes only written answers the facilitator approved on their page. It only reads.
"""

from __future__ import annotations

from workshop_kit.activities.needs.data import shown_in_room
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
        """Redraw if the released answers or the moderation decisions changed."""
        answers, decisions = shown_in_room(self.context)
        self.view.update(answers, decisions=decisions)


def build_live(context: ResultsContext) -> NeedsResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return NeedsResults(context)
