"""What a question set file may say: its title, timing and questions, checked by pydantic.

Pure: no files, widgets or database (the import contract checks it). :mod:`.sets` reads the
files and turns a refusal into problems with their line and field.

Five kinds of question, those a live-polling tool offers:

- ``scale``: a number from 1 to 5 (``scale: 5``) or from 0 to 10 (``scale: 10``);
- ``choice``: one of the options;
- ``choices``: several of the options (at most ``max`` when given);
- ``ranking``: every option, in the person's order;
- ``text``: a short written answer, shown only once the facilitator approves it;
- ``prompt``: words for a table to talk about, with nothing to answer (conversation prompts).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

KINDS = ("scale", "choice", "choices", "ranking", "text", "prompt")
#: Ids of a set, a question and an option: lower case, digits, ``_`` and ``-``.
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"
#: The longest written answer a question may allow.
MAX_TEXT = 500
MAX_OPTIONS = 12

Id = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, Field(min_length=1, max_length=400)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Wording(_Strict):
    """The same words in English and in French (both required: the kit speaks both)."""

    en: Text
    fr: Text

    def get(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


class Option(_Strict):
    id: Id
    en: Text
    fr: Text

    def label(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


class Question(_Strict):
    id: Id
    kind: Literal["scale", "choice", "choices", "ranking", "text", "prompt"]
    text: Wording
    #: An optional line under the question (what a scale's ends mean, for example).
    help: Wording | None = None
    #: ``scale`` only: 5 (1 to 5) or 10 (0 to 10).
    scale: Literal[5, 10] | None = None
    #: ``scale`` only: what the lowest and highest number mean.
    low: Wording | None = None
    high: Wording | None = None
    #: ``choice``, ``choices`` and ``ranking``.
    options: list[Option] | None = None
    #: ``choices``: at most this many; ``text``: at most this many characters.
    max: Annotated[int, Field(ge=1, le=MAX_TEXT)] | None = None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Question:
        listed = self.kind in ("choice", "choices", "ranking")
        if listed and not self.options:
            raise PydanticCustomError("options_needed", "options needed")
        if not listed and self.options is not None:
            raise PydanticCustomError("options_not_allowed", "no options for this kind")
        if self.options is not None:
            if not 2 <= len(self.options) <= MAX_OPTIONS:
                raise PydanticCustomError("options_count", "2 to 12 options")
            ids = [option.id for option in self.options]
            if len(set(ids)) != len(ids):
                raise PydanticCustomError("options_repeated", "option ids repeat")
        if self.kind == "scale" and self.scale is None:
            raise PydanticCustomError("scale_needed", "scale: 5 or 10")
        if self.kind != "scale" and (self.scale, self.low, self.high) != (None, None, None):
            raise PydanticCustomError("scale_not_allowed", "scale fields on another kind")
        if self.max is not None and self.kind not in ("choices", "text"):
            raise PydanticCustomError("max_not_allowed", "max on another kind")
        return self

    @property
    def lowest(self) -> int:
        return 0 if self.scale == 10 else 1

    @property
    def highest(self) -> int:
        return 10 if self.scale == 10 else 5

    @property
    def option_ids(self) -> list[str]:
        return [option.id for option in self.options or []]

    @property
    def longest_text(self) -> int:
        return self.max or MAX_TEXT


class QuestionSet(_Strict):
    """One question set file (its ``id`` is the file's name)."""

    title: Wording
    #: Said on the phone before the questions (optional).
    intro: Wording | None = None
    #: Its length in a workshop plan: ``15`` or ``[10, 20]`` (shortest, longest).
    minutes: Annotated[int, Field(ge=1, le=240)] | tuple[int, int] = 15
    #: Where the hub lists it among the activities (the warm-up is 10, needs 20 …).
    order: Annotated[int, Field(ge=0, le=1000)] = 80
    questions: Annotated[list[Question], Field(min_length=1, max_length=30)]

    @model_validator(mode="after")
    def _distinct_questions(self) -> QuestionSet:
        ids = [question.id for question in self.questions]
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("questions_repeated", "question ids repeat")
        if isinstance(self.minutes, tuple) and not 1 <= self.minutes[0] <= self.minutes[1]:
            raise PydanticCustomError("minutes_order", "shortest first")
        return self

    @property
    def minutes_span(self) -> tuple[int, int]:
        return self.minutes if isinstance(self.minutes, tuple) else (self.minutes, self.minutes)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)
