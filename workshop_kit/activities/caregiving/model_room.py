"""The people in the room: what participants said of their own caregiving, summed for a
screen with the small-cell rule applied.

Kept apart from the community estimate because it reads answers (a table from the store or a
file), not the profile, and because both the hub's live view and the facilitator's page show
it: whatever they are given, the summary is what the disclosure rules let through. Pure: the
answers are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workshop_kit.activities.caregiving.model_hours import MAX_HOURS_PER_WEEK
from workshop_kit.core.disclosure import shown_count, shown_total

#: The room's weekly hours are shown rounded down to a multiple of this many hours.
ROOM_HOURS_STEP = 10


@dataclass(frozen=True)
class RoomSummary:
    """What participants said about their own caregiving, with small groups hidden.

    ``hours_per_week`` is ``None`` when fewer than ``min_cell_size`` people gave hours, else
    their total rounded down to a multiple of :data:`ROOM_HOURS_STEP`; a task
    count is ``None`` when fewer than ``min_cell_size`` people ticked it (a count of 0 is
    shown: it identifies nobody).
    """

    answered: int
    hours_answers: int
    hours_per_week: float | None
    tasks: dict[str, int | None]
    min_cell_size: int

    @property
    def hours_suppressed(self) -> bool:
        return self.hours_per_week is None and self.hours_answers > 0


def room_summary(answers: pd.DataFrame, tasks: Sequence[str], min_cell_size: int) -> RoomSummary:
    """Sum the room's weekly hours and count tasks, applying the small-cell rule.

    ``answers`` has one row per participant, columns ``hours_per_week`` and ``tasks`` (a
    list), either possibly missing. Live screens pass the *released* answers
    (:func:`workshop_kit.core.disclosure.released_answers`), so that on top of the rules
    applied here their figures move only in whole blocks of ``min_cell_size`` people.
    """
    if min_cell_size < 1:
        raise ValueError("min_cell_size must be 1 or more")
    if answers is None or answers.empty:
        return RoomSummary(0, 0, None, dict.fromkeys(tasks, 0), min_cell_size)
    if "hours_per_week" in answers:
        hours = pd.to_numeric(answers["hours_per_week"], errors="coerce")
    else:
        hours = pd.Series(np.nan, index=answers.index)
    hours = hours.where((hours >= 0) & (hours <= MAX_HOURS_PER_WEEK))
    if "tasks" in answers:
        ticked = answers["tasks"].map(lambda v: list(v) if isinstance(v, list | tuple) else [])
    else:
        ticked = pd.Series([[]] * len(answers), index=answers.index)
    exploded = ticked.explode().dropna()
    counts = exploded.value_counts().reindex(list(tasks), fill_value=0).astype(int)
    has_answer = hours.notna() | ticked.map(bool)
    hours_answers = int(hours.notna().sum())
    # through disclosure control: no total of fewer than min_cell_size people, and a total
    # rounded down to ROOM_HOURS_STEP so one person's hours cannot be read off it exactly
    total = shown_total(hours.dropna().tolist(), min_cell_size, ROOM_HOURS_STEP)
    shown = {task: shown_count(int(n), min_cell_size) for task, n in counts.items()}
    return RoomSummary(int(has_answer.sum()), hours_answers, total, shown, min_cell_size)
