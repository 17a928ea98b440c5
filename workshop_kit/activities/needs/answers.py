"""The needs-assessment answer: one rating of one need, or the free text "what would help most".

Why one schema with two shapes: the store registers one answer model per activity and keeps
"the latest counts" per (participant, item). Making the item the need id (or ``"text"``)
means a participant who changes a rating sends that need again and only that need is
replaced, while :meth:`~workshop_kit.core.store.Store.answers` returns a table with the columns
``need``, ``importance``, ``met``, ``group``, ``area`` and ``text`` that the model reads
directly, for live answers and imported ones alike.

Each rating carries the participant's group and area (both optional) so that a breakdown is
a plain group-by over rows, with no join to another answer that may have changed since.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from workshop_kit.core.answers import MAX_TEXT, Answer, answer_schema, check_area, profile_from

#: The two rating scales run from 1 (not important / not met at all) to 5.
SCALE_MIN = 1
SCALE_MAX = 5

#: The item of the free-text answer; need ids cannot clash with it (they are profile ids).
TEXT_ITEM = "text"

#: Longest free-text answer kept (the same limit as other activities' texts).
MAX_NEEDS_TEXT = MAX_TEXT

Rating = Annotated[int, Field(ge=SCALE_MIN, le=SCALE_MAX, strict=False)]
Group = Literal[
    "caregiver", "bereaved", "living_with_illness", "professional", "neighbour", "other"
]


@answer_schema
class NeedsAnswer(Answer):
    """Either a rating (``need`` + ``importance`` + ``met``) or a ``text``, never both."""

    activity: ClassVar[str] = "needs"

    need: str | None = None
    importance: Rating | None = None
    met: Rating | None = None
    group: Group | None = None
    area: str | None = None
    text: Annotated[str, Field(max_length=MAX_NEEDS_TEXT)] | None = None

    def item(self) -> str:
        return self.need or TEXT_ITEM

    @property
    def is_rating(self) -> bool:
        return self.need is not None

    @field_validator("need")
    @classmethod
    def _known_need(cls, need: str | None, info: ValidationInfo) -> str | None:
        if need is None:
            return None
        if need == TEXT_ITEM:
            raise ValueError("reserved need id")
        profile = profile_from(info)
        if profile is not None and need not in {n.id for n in profile.needs}:
            raise ValueError(f"unknown need {need!r}")
        return need

    @field_validator("area")
    @classmethod
    def _known_area(cls, area: str | None, info: ValidationInfo) -> str | None:
        return check_area(area, info)

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, text: str | None) -> str | None:
        return text or None

    @model_validator(mode="after")
    def _one_shape(self) -> NeedsAnswer:
        if self.need is not None:
            if self.importance is None or self.met is None:
                raise ValueError("a rating needs both importance and met")
            if self.text is not None:
                raise ValueError("a rating carries no text")
        else:
            if self.text is None:
                raise ValueError("give a need with its ratings, or a text")
            if self.importance is not None or self.met is not None:
                raise ValueError("ratings need a need")
        return self
