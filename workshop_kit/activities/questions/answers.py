"""What a phone may send to a question set: one question's answer at a time.

Each question is its own item (a newer answer to the same question replaces the older), so a
person can answer the questions in any order and change their mind. The payload names the
question and fills the one field of its kind::

    {"question": "confidence", "scale": 4}
    {"question": "first_call", "choice": "family"}
    {"question": "matters", "choices": ["home", "pain"]}
    {"question": "priorities", "ranking": ["c", "a", "b"]}
    {"question": "wish", "text": "More time to talk"}

One answer class per set (:func:`register_answer`), checked against that set's questions.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from workshop_kit.activities.questions.model import MAX_TEXT, QuestionSet
from workshop_kit.core.answers import Answer, file_schema

#: The answer field each kind fills.
FIELD_OF_KIND = {
    "scale": "scale",
    "choice": "choice",
    "choices": "choices",
    "ranking": "ranking",
    "text": "text",
}


class QuestionAnswer(Answer):
    """One answer to one question of a set (the set is the class's ``question_set``)."""

    activity: ClassVar[str] = ""
    question_set: ClassVar[QuestionSet]

    question: Annotated[str, Field(max_length=40)]
    scale: int | None = None
    choice: Annotated[str, Field(max_length=40)] | None = None
    choices: Annotated[list[str], Field(max_length=12)] | None = None
    ranking: Annotated[list[str], Field(max_length=12)] | None = None
    text: Annotated[str, Field(max_length=MAX_TEXT)] | None = None

    def item(self) -> str:
        return self.question

    @model_validator(mode="after")
    def _fits_the_question(self) -> QuestionAnswer:
        question = self.question_set.question(self.question)
        if question is None:
            raise ValueError(f"unknown question {self.question!r}")
        expected = FIELD_OF_KIND[question.kind]
        for name in FIELD_OF_KIND.values():
            given = getattr(self, name) is not None
            if given != (name == expected):
                raise ValueError(f"{question.kind} question {question.id!r} answered with {name}")
        options = question.option_ids
        if question.kind == "scale" and not question.lowest <= self.scale <= question.highest:
            raise ValueError("outside the scale")
        if question.kind == "choice" and self.choice not in options:
            raise ValueError("unknown option")
        if question.kind == "choices":
            chosen = self.choices or []
            if not chosen or len(set(chosen)) != len(chosen) or not set(chosen) <= set(options):
                raise ValueError("unknown or repeated options")
            if question.max is not None and len(chosen) > question.max:
                raise ValueError("too many options")
        if question.kind == "ranking" and sorted(self.ranking or []) != sorted(options):
            raise ValueError("a ranking orders every option once")
        if question.kind == "text":
            if not self.text:
                raise ValueError("empty text")
            if len(self.text) > question.longest_text:
                raise ValueError("text too long")
        return self


_made: dict[str, tuple[str, type[QuestionAnswer]]] = {}


def register_answer(activity: str, questions: QuestionSet) -> type[QuestionAnswer]:
    """The answer class of one set, registered for ``activity`` (the same class while the
    file is unchanged)."""
    fingerprint = questions.model_dump_json()
    kept = _made.get(activity)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    made = type(
        f"QuestionAnswer_{activity.replace('-', '_')}",
        (QuestionAnswer,),
        {"activity": activity, "question_set": questions, "__module__": __name__},
    )
    file_schema(made)
    _made[activity] = (fingerprint, made)
    return made
