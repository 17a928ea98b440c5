"""A participant's own caregiving, given live in the room: weekly hours and tasks.

Both fields are optional, because a participant may want to say what they do without
counting hours (or the reverse), but an answer must say something: an empty answer would
count as a person in the room's total without adding anything.

The task list is fixed (it follows the kinds of help asked about in Statistics Canada's
General Social Survey on caregiving), so answers can be counted and translated; free text
would have to be read before it could be shown.
"""

from __future__ import annotations

from typing import ClassVar, Literal, get_args

from pydantic import Field, field_validator, model_validator

from workshop_kit.core.answers import Answer, answer_schema

#: Nobody gives more hours than a week has.
MAX_HOURS_PER_WEEK = 168

Task = Literal[
    "transportation",
    "meals_housework",
    "house_maintenance",
    "personal_care",
    "medical_care",
    "scheduling",
    "banking_paperwork",
    "emotional_support",
    "other",
]

#: The tasks a participant may tick, in the order the form shows them.
CARE_TASKS: tuple[str, ...] = get_args(Task)


@answer_schema
class CaregivingAnswer(Answer):
    activity: ClassVar[str] = "caregiving"

    hours_per_week: float | None = Field(
        default=None, ge=0, le=MAX_HOURS_PER_WEEK, allow_inf_nan=False
    )
    tasks: list[Task] = Field(default_factory=list, max_length=len(CARE_TASKS))

    @field_validator("tasks")
    @classmethod
    def _each_task_once(cls, tasks: list[str]) -> list[str]:
        """A double tick (a double tap on a phone) counts once; the order follows the form."""
        return [task for task in CARE_TASKS if task in set(tasks)]

    @model_validator(mode="after")
    def _says_something(self) -> CaregivingAnswer:
        if self.hours_per_week is None and not self.tasks:
            raise ValueError("give hours per week or at least one task")
        return self
