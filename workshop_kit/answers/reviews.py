"""The facilitator's decisions about written answers: approve one for the projector, or hide it.

Stored as answers (one record per decision, the latest per text counting) through
``Store.add_facilitator_answers``, which checks the facilitator's key, so a reload of the hub
keeps them. Only records from the facilitator (participant id ``facilitator``, source
``facilitator``) count: see :func:`facilitator_decisions`.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from workshop_kit.answers import Answer, answer_schema

FACILITATOR_ID = "facilitator"
FACILITATOR_SOURCE = "facilitator"


@answer_schema
class TextReviewAnswer(Answer):
    activity: ClassVar[str] = "text_reviews"

    text_key: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    decision: Literal["approve", "hide"]

    def item(self) -> str:
        return self.text_key


def facilitator_decisions(records: Any) -> dict[str, str]:
    """``{text key: decision}`` from ``Store.answers(code, "text_reviews")`` (a DataFrame),
    keeping only what the facilitator recorded."""
    from workshop_kit.disclosure import text_decisions

    if records is None or records.empty or "text_key" not in records:
        return {}
    if "participant_id" in records and "source" in records:
        mine = (records["participant_id"] == FACILITATOR_ID) & (
            records["source"] == FACILITATOR_SOURCE
        )
        records = records[mine]
    if "answer_id" in records:
        records = records.sort_values("answer_id")
    return text_decisions(records.to_dict("records"))
