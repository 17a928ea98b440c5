"""What the Charter self-assessment stores: a participant's rating of one commitment, and the
facilitator's action list.

A rating is one answer per person and commitment (its ``item`` is the commitment's id): tapping
another status, or adding evidence or a next step, sends the commitment again and the latest
counts. The optional texts travel with the rating so that "the latest counts" covers them too.

Commitment ids are checked for their shape only: their list lives in a data file a trainer may
edit (:mod:`.commitments`), and this module reads no files. The model ignores ratings of an id
that is not in the file.

Actions (:class:`CharterActionAnswer`) are stored by the facilitator's page through
``Store.add_facilitator_answers``, which checks the facilitator key; only records under
:data:`~workshop_kit.core.answers.FACILITATOR_ID` with source ``facilitator`` count
(:func:`workshop_kit.core.answers.facilitator_records`), so a phone can never add or remove one.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator

from workshop_kit.core.answers import Answer, answer_schema

#: Where the town stands on a commitment, in the order of progress; "not applicable" last.
STATUSES = ("not_started", "planned", "under_way", "in_place", "not_applicable")
#: The statuses on the ordinal scale (scored 0 to 3); "not applicable" is not on it.
SCALE = {"not_started": 0, "planned": 1, "under_way": 2, "in_place": 3}
NOT_APPLICABLE = "not_applicable"

#: Evidence and next steps are short: a line or two on a phone.
MAX_CHARTER_TEXT = 280
#: An action in the facilitator's list, and who takes it on.
MAX_ACTION_TEXT = 200
MAX_WHO_TEXT = 100

#: The shape of a commitment id (``data/reference/charter/commitments.csv``).
COMMITMENT_ID = r"^[a-z][a-z0-9_]{0,39}$"
ACTION_ID = r"^[0-9a-f]{16}$"

Status = Literal["not_started", "planned", "under_way", "in_place", "not_applicable"]
CommitmentId = Annotated[str, Field(pattern=COMMITMENT_ID)]
CharterText = Annotated[str, Field(max_length=MAX_CHARTER_TEXT)]


def _blank_to_none(text: str | None) -> str | None:
    return text or None


@answer_schema
class CharterAnswer(Answer):
    """Where the town stands on one commitment, with optional evidence and next step."""

    activity: ClassVar[str] = "charter"

    commitment: CommitmentId
    status: Status
    evidence: CharterText | None = None
    next_step: CharterText | None = None

    def item(self) -> str:
        return self.commitment

    _texts = field_validator("evidence", "next_step")(_blank_to_none)


@answer_schema
class CharterActionAnswer(Answer):
    """One line of the facilitator's action list; the latest record per ``action_id`` counts,
    and ``removed`` takes the line off the list (the history stays in the store)."""

    activity: ClassVar[str] = "charter_actions"

    action_id: Annotated[str, Field(pattern=ACTION_ID)]
    commitment: CommitmentId
    action: Annotated[str, Field(min_length=1, max_length=MAX_ACTION_TEXT)]
    who: Annotated[str, Field(max_length=MAX_WHO_TEXT)] | None = None
    by_when: date | None = None
    removed: bool = False

    def item(self) -> str:
        return self.action_id

    _who = field_validator("who")(_blank_to_none)
