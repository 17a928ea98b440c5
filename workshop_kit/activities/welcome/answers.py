"""The warm-up question: what brings you here today (group and optional area)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import ValidationInfo, field_validator

from workshop_kit.core.answers import Answer, answer_schema, check_area

Group = Literal[
    "caregiver", "bereaved", "living_with_illness", "professional", "neighbour", "other"
]


@answer_schema
class WelcomeAnswer(Answer):
    activity: ClassVar[str] = "welcome"

    group: Group
    area: str | None = None

    @field_validator("area")
    @classmethod
    def _known_area(cls, area: str | None, info: ValidationInfo) -> str | None:
        return check_area(area, info)
