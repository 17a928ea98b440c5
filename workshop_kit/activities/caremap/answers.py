"""What a phone may send for the CareMap: the caregiver's whole map, as one answer.

A map is small (a few dozen people at most), and the caregiver redraws it as they go: each save
sends the whole map, which replaces their earlier one (:meth:`Answer.item` is ``""``: one answer
per participant, the latest counts). The map is **private by default**: ``shared`` is ``False``
until the caregiver chooses to add it to the anonymous group summary, and the group views read
only maps whose latest version is shared (:func:`workshop_kit.activities.caremap.model.
released_shared_maps`).

The network, in the words of the three questions:

- ``me`` is the caregiver (never named) and ``them`` the person they care for (``cared_for``);
- ``people``: everyone else on the map, each with an id ``p1``, ``p2`` …;
- ``ties``: who helps whom: a giver (anyone), a receiver (``them`` or ``me``: the two people in
  the middle), the kinds of help and how often. ``me -> them`` is the caregiver's own help
  (question 1), ``pN -> them`` question 2, ``pN -> me`` (or ``them -> me``) question 3.

Labels are free text: a first name, a nickname, an initial or "Home care agency". They are
limited in length and may not hold control characters; they are escaped wherever shown, and the
drawing never reads them as markup or maths.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, ClassVar, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from workshop_kit.core.answers import Answer, answer_schema

Relationship = Literal[
    "family",
    "friend",
    "neighbour",
    "pet",
    "paid_service",
    "health_professional",
    "community_group",
    "faith_group",
    "other",
]
HelpKind = Literal[
    "personal_care",
    "household",
    "transport",
    "emotional_support",
    "medical_tasks",
    "money_paperwork",
    "coordination",
    "company",
]
Frequency = Literal["daily", "weekly", "monthly", "occasionally"]
Closeness = Literal["close", "middle", "distant"]

#: The choices, in the order the form shows them.
RELATIONSHIPS: tuple[str, ...] = get_args(Relationship)
HELP_KINDS: tuple[str, ...] = get_args(HelpKind)
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
CLOSENESS: tuple[str, ...] = get_args(Closeness)

#: The two people in the middle of every map.
ME, THEM = "me", "them"
CENTRE = (ME, THEM)

#: Longest label (a first name, a nickname, "Home care agency"); the drawing shortens long ones.
MAX_LABEL = 40
#: People and services besides the caregiver and the person cared for: a phone map stays
#: readable with 15 (tested); 30 leaves room for a large family without being a database.
MAX_PEOPLE = 30
#: Every person may help both people in the middle; the caregiver helps the person cared for,
#: who may help the caregiver too.
MAX_TIES = 2 * MAX_PEOPLE + 2

PERSON_ID = r"^p[1-9][0-9]{0,2}$"


def clean_label(label: str) -> str:
    """A label as stored: no control characters, one space between words."""
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in label):
        raise ValueError("a label may not contain control characters or line breaks")
    return " ".join(label.split())


Label = Annotated[str, Field(min_length=1, max_length=MAX_LABEL), AfterValidator(clean_label)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class CarePerson(_Part):
    """Someone on the map (a person, a service, a group or a pet)."""

    id: str = Field(pattern=rf"{PERSON_ID}|^{THEM}$")
    label: Label
    relationship: Relationship
    #: How close they are: nearer the middle of the drawing. ``None``: not said (the drawing
    #: then goes by how often they help).
    closeness: Closeness | None = None


class CareTie(_Part):
    """``giver`` helps ``receiver`` (one of the two people in the middle)."""

    giver: str = Field(pattern=rf"{PERSON_ID}|^({ME}|{THEM})$")
    receiver: Literal["me", "them"]
    help: tuple[HelpKind, ...] = Field(min_length=1, max_length=len(HELP_KINDS))
    frequency: Frequency

    @field_validator("help")
    @classmethod
    def _each_kind_once(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        """A double tap counts once; the order follows the form."""
        return tuple(kind for kind in HELP_KINDS if kind in set(kinds))


@answer_schema
class CareMapAnswer(Answer):
    """One caregiver's CareMap (the whole map; a new save replaces it)."""

    activity: ClassVar[str] = "caremap"

    #: Add this map to the anonymous group summary. Private (``False``) unless chosen.
    shared: bool = False
    cared_for: CarePerson
    people: tuple[CarePerson, ...] = Field(default=(), max_length=MAX_PEOPLE)
    ties: tuple[CareTie, ...] = Field(default=(), max_length=MAX_TIES)

    @model_validator(mode="after")
    def _a_network(self) -> CareMapAnswer:
        if self.cared_for.id != THEM:
            raise ValueError(f"the person cared for has the id {THEM!r}")
        ids = [person.id for person in self.people]
        if len(set(ids)) != len(ids):
            raise ValueError("two people have the same id")
        if THEM in ids:
            raise ValueError(f"{THEM!r} is the person cared for, not one of the people")
        known = {ME, THEM, *ids}
        seen: set[tuple[str, str]] = set()
        for tie in self.ties:
            if tie.giver not in known:
                raise ValueError(f"a tie starts from unknown person {tie.giver!r}")
            if tie.giver == tie.receiver:
                raise ValueError(f"{tie.giver!r} is listed as caring for themselves")
            if (tie.giver, tie.receiver) in seen:
                raise ValueError(f"{tie.giver!r} helps {tie.receiver!r} twice")
            seen.add((tie.giver, tie.receiver))
        helping = {tie.giver for tie in self.ties}
        idle = [person for person in ids if person not in helping]
        if idle:
            raise ValueError(f"people on the map must help someone: {idle}")
        return self
