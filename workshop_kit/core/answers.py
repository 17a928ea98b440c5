"""What a participant may send, activity by activity.

Each activity declares its answer as a pydantic model in its ``answers`` module and
registers it with :func:`answer_schema`. The store accepts only validated answers, so nothing
a browser sends reaches the database unchecked. Validation that depends on the community
(an area must be one of the profile's areas) reads the profile from the validation context.

Every activity's ``answers`` module is imported automatically (:func:`workshop_kit.core.activity.
import_answers`): adding an activity never edits this file.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo

from workshop_kit.core.disclosure import text_decisions
from workshop_kit.profile import Profile

_SCHEMAS: dict[str, type[Answer]] = {}

MAX_TEXT = 1000

#: Largest answer stored, in bytes of JSON. The largest a form can build is a full CareMap
#: (30 people, 62 ties, every label 40 four-byte characters): about 19 KB. Each field has its
#: own limit already; this one holds for the whole answer, whatever a later schema allows,
#: so that no phone stores megabytes in one row.
MAX_PAYLOAD_BYTES = 64 * 1024


class Answer(BaseModel):
    """Base of every answer payload."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    activity: ClassVar[str]

    def item(self) -> str:
        """What a newer answer replaces: '' means one answer per participant and activity."""
        return ""


def answer_schema(cls: type[Answer]) -> type[Answer]:
    """Class decorator: register ``cls`` as the answer of ``cls.activity``."""
    if cls.activity in _SCHEMAS and _SCHEMAS[cls.activity] is not cls:
        raise ValueError(f"activity {cls.activity!r} already has an answer schema")
    _SCHEMAS[cls.activity] = cls
    return cls


def file_schema(cls: type[Answer]) -> type[Answer]:
    """Register ``cls`` as the answer of ``cls.activity``, replacing an earlier one: for an
    activity declared by a trainer's file (a question set), read again when it changed."""
    _SCHEMAS[cls.activity] = cls
    return cls


def schemas() -> dict[str, type[Answer]]:
    _import_all()
    return dict(_SCHEMAS)


def validate_answer(activity: str, payload: Any, profile: Profile | None = None) -> Answer:
    """Parse a payload for ``activity``; raise :class:`InvalidAnswer` if it does not fit."""
    schema = schemas().get(activity)
    if schema is None:
        raise InvalidAnswer(activity, [{"loc": ("activity",), "type": "unknown_activity"}])
    try:
        answer = schema.model_validate(payload, context={"profile": profile})
    except ValidationError as error:
        raise InvalidAnswer(activity, error.errors()) from None
    checked_payload(answer)
    return answer


def checked_payload(answer: Answer) -> str:
    """The answer as stored (JSON); :class:`InvalidAnswer` if it is larger than
    :data:`MAX_PAYLOAD_BYTES`. The store checks it again on every write."""
    payload = answer.model_dump_json()
    if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise InvalidAnswer(answer.activity, [{"loc": ("answer",), "type": "too_large"}])
    return payload


class InvalidAnswer(ValueError):
    def __init__(self, activity: str, errors: list[dict[str, Any]]) -> None:
        self.activity = activity
        self.errors = errors
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors)
        super().__init__(f"invalid answer for {activity}: {fields}")


def profile_from(info: ValidationInfo) -> Profile | None:
    return (info.context or {}).get("profile")


def check_area(area: str | None, info: ValidationInfo) -> str | None:
    """An area must be one of the profile's areas (or absent)."""
    if not area:
        return None
    profile = profile_from(info)
    if profile is not None and area not in {a.id for a in profile.areas}:
        raise ValueError(f"unknown area {area!r}")
    return area


def _import_all() -> None:
    """Register every activity's answers (each activity's ``answers`` module)."""
    from workshop_kit.core.activity import import_answers

    import_answers()


# -- the facilitator's own records ----------------------------------------------------------------

#: The participant id under which the facilitator's decisions (merges, text reviews) are stored;
#: ``Store.add_facilitator_answers`` checks the key and stores them with source ``facilitator``.
FACILITATOR_ID = "facilitator"
FACILITATOR_SOURCE = "facilitator"


def facilitator_records(records: Any) -> Any:
    """Only the rows of ``records`` (a ``Store.answers`` DataFrame) the facilitator recorded.

    A decision that reached the store any other way (a participant posting an
    ``asset_merges`` or ``text_reviews`` payload) is ignored, so it can never hide an asset or
    put a text on the projector.
    """
    if records is None or records.empty:
        return records
    if "participant_id" not in records or "source" not in records:
        return records.iloc[0:0]
    mine = (records["participant_id"] == FACILITATOR_ID) & (records["source"] == FACILITATOR_SOURCE)
    return records[mine]


@answer_schema
class TextReviewAnswer(Answer):
    """The facilitator's decision about one written answer: approve it for the projector, or
    hide it (see rule 3 of :mod:`workshop_kit.core.disclosure`). The latest per text counts."""

    activity: ClassVar[str] = "text_reviews"

    text_key: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    decision: Literal["approve", "hide"]

    def item(self) -> str:
        return self.text_key


def review_decisions(records: Any) -> dict[str, str]:
    """``{text key: decision}`` from ``Store.answers(code, "text_reviews")``, keeping only
    what the facilitator recorded."""
    records = facilitator_records(records)
    if records is None or records.empty or "text_key" not in records:
        return {}
    if "answer_id" in records:
        records = records.sort_values("answer_id")
    return text_decisions(records.to_dict("records"))
