"""The people in the room beside the community: the hub's live view, and the panel it shares
with the facilitator's page.

:func:`room_panel` is the one place that turns participants' own hours and tasks into a
chart and a sentence; both screens that show them (the hub's :class:`CaregivingResults`, and
:class:`~workshop_kit.activities.caregiving.page.CaregiverLoadApp` with a live session) pass
it the *released* answers (:func:`workshop_kit.core.disclosure.released_answers`), so the
room's total moves only when a whole block of ``min_cell_size`` people has answered and never
by one person's hours.

Only the hub and the facilitator's page import this module (a phone imports
:mod:`~workshop_kit.activities.caregiving.form` alone), so it may load the model and charts.
"""

from __future__ import annotations

import pandas as pd

from workshop_kit.activities.caregiving import charts, sentences
from workshop_kit.activities.caregiving.answers import CARE_TASKS
from workshop_kit.activities.caregiving.model import CaregivingEstimate, estimate
from workshop_kit.activities.caregiving.model_room import room_summary
from workshop_kit.activities.caregiving.reference_files import (
    ReferenceDataError,
    load_community_inputs,
)
from workshop_kit.core.registry import LiveResults, ResultsContext
from workshop_kit.core.widgets import ChartPanel, ProblemList
from workshop_kit.i18n import Translator
from workshop_kit.profile import ProfileError


def room_panel(
    answers: pd.DataFrame, community: CaregivingEstimate, t: Translator, min_cell_size: int
) -> ChartPanel:
    """ "The people in this room give N hours a week" beside the community's weekly hours,
    and what they do, with every group smaller than ``min_cell_size`` hidden.

    ``answers`` should be the released answers (see the module docstring): the small-cell
    rule here hides small groups, the release hides the change one person makes.
    """
    summary = room_summary(answers, CARE_TASKS, min_cell_size)
    panel = ChartPanel(t("caregiving.room.title"))
    panel.add_class("wk-caregiving-room-panel")
    text = sentences.room_text(summary, community, t)
    panel.show(charts.room_tasks_figure(summary, t), text)  # shared bar chart: tight layout
    return panel


def caregiving_problems(problems: list[str], t: Translator) -> ProblemList:
    """What the caregiving screens show when the profile's parameters or ``data/reference/``
    cannot be used: each problem, naming the field or file to fix."""
    box = ProblemList(problems, t)
    box.add_class("wk-caregiving-error")
    return box


class CaregivingResults(LiveResults):
    """The hub's live view: the room's hours and tasks beside the community estimate."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.problems: list[str] = []
        self.community: CaregivingEstimate | None = None
        try:
            inputs = load_community_inputs(context.profile, context.t.language)
            self.community = estimate(inputs)
        except (ProfileError, ReferenceDataError) as error:
            self.problems = error.problems
        super().__init__([])
        self.refresh()

    def refresh(self) -> None:
        if self.community is None:
            self.children = [caregiving_problems(self.problems, self.context.t)]
            return
        # the projector shows released answers: the room's total moves only when a whole
        # block of min_cell_size people has answered (workshop_kit.core.disclosure)
        self.children = [
            room_panel(
                self.context.released("caregiving"),
                self.community,
                self.context.t,
                self.context.profile.min_cell_size,
            )
        ]


def build_live(context: ResultsContext) -> CaregivingResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return CaregivingResults(context)
