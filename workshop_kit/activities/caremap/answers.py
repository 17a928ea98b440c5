"""What a phone may send for the CareMap: the caregiver's whole map, as one answer.

A map is small (a few dozen people at most), and the caregiver redraws it as they go: each save
sends the whole map, which replaces their earlier one (:meth:`Answer.item` is ``""``: one answer
per participant, the latest counts). The map is **private by default**: ``shared`` is ``False``
until the caregiver chooses to add it to the anonymous group summary, and the group views read
only maps whose latest version is shared (:func:`workshop_kit.activities.caremap.model.
released_shared_maps`).

The network, in the words of the three questions, drawn as the Atlas CareMap draws it:

- ``me`` is the caregiver (never named), in the middle of the drawing;
- ``cared_for``: the people the caregiver cares for, one or several (a map may hold up to
  :data:`MAX_CARED_FOR`), with ids ``them``, ``them2``, ``them3`` … (the first keeps the id
  ``them`` that maps of one person cared for always had);
- ``people``: everyone else on the map, each with an id ``p1``, ``p2`` …;
- ``ties``: who helps whom: a giver (anyone), a receiver (``me`` or someone cared for), the
  kinds of help and how often. ``me -> them`` is the caregiver's own help (question 1),
  ``pN -> them`` question 2, ``pN -> me`` (or ``them -> me``) question 3.

Everyone but the caregiver may say where they live (``lives``: with me, nearby, far away): the
drawing's distance from the middle, as in the Atlas CareMap. ``closeness`` is what maps saved
before this version said instead (how close someone felt); it is kept, so nothing saved is
lost, but no longer asked or drawn. A stored map of that earlier shape (one person cared for,
``cared_for`` a single object) is read as a map with one person cared for.

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
    "coworker",
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
#: Where someone lives, as the Atlas CareMap's space shows it: the nearer, the more central.
Lives = Literal["with_me", "nearby", "far"]
#: How close someone felt (maps saved before ``lives``): kept as it was, no longer drawn.
Closeness = Literal["close", "middle", "distant"]

#: The choices, in the order the form shows them.
RELATIONSHIPS: tuple[str, ...] = get_args(Relationship)
HELP_KINDS: tuple[str, ...] = get_args(HelpKind)
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
LIVES: tuple[str, ...] = get_args(Lives)
CLOSENESS: tuple[str, ...] = get_args(Closeness)

#: The caregiver, and the id of the first person cared for (the others: ``them2`` …).
ME, THEM = "me", "them"
#: People cared for on one map: the Atlas maps several; five stay readable on a phone.
MAX_CARED_FOR = 5
CARED_FOR_ID = rf"^them([2-{MAX_CARED_FOR}])?$"


def cared_for_id(number: int) -> str:
    """``them`` for the first person cared for, ``them2`` … for the others."""
    return THEM if number == 1 else f"{THEM}{number}"


def is_cared_for_id(person_id: str) -> bool:
    """Whether ``person_id`` is the id of someone cared for (``them``, ``them2`` …)."""
    return person_id in {cared_for_id(n) for n in range(1, MAX_CARED_FOR + 1)}


#: Longest label (a first name, a nickname, "Home care agency"); the drawing shortens long ones.
MAX_LABEL = 40
#: People and services besides the caregiver and the person cared for: a phone map stays
#: readable with 15 (tested); 30 leaves room for a large family without being a database.
MAX_PEOPLE = 30
#: Every person may help the caregiver and each person cared for; the caregiver and the people
#: cared for may help one another.
MAX_TIES = (MAX_PEOPLE + MAX_CARED_FOR + 1) * (MAX_CARED_FOR + 1)

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

    id: str = Field(pattern=rf"{PERSON_ID}|{CARED_FOR_ID}")
    label: Label
    relationship: Relationship
    #: Where they live: with the caregiver, nearby or far away (the drawing's distance from
    #: the middle). ``None``: not said.
    lives: Lives | None = None
    #: How close they felt, from maps saved before ``lives`` existed: kept, not drawn.
    closeness: Closeness | None = None


class CareTie(_Part):
    """``giver`` helps ``receiver`` (the caregiver or someone cared for)."""

    giver: str = Field(pattern=rf"{PERSON_ID}|{CARED_FOR_ID}|^{ME}$")
    receiver: str = Field(pattern=rf"{CARED_FOR_ID}|^{ME}$")
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
    cared_for: tuple[CarePerson, ...] = Field(min_length=1, max_length=MAX_CARED_FOR)
    people: tuple[CarePerson, ...] = Field(default=(), max_length=MAX_PEOPLE)
    ties: tuple[CareTie, ...] = Field(default=(), max_length=MAX_TIES)

    @model_validator(mode="before")
    @classmethod
    def _one_person_cared_for_as_before(cls, data: object) -> object:
        """A map stored before several people could be cared for has ``cared_for`` as one
        object: it is that map with one person cared for."""
        if isinstance(data, dict) and isinstance(data.get("cared_for"), dict):
            return {**data, "cared_for": [data["cared_for"]]}
        return data

    @model_validator(mode="after")
    def _a_network(self) -> CareMapAnswer:
        centre = [person.id for person in self.cared_for]
        if any(not is_cared_for_id(person_id) for person_id in centre):
            raise ValueError(f"people cared for have the ids {THEM!r}, {THEM + '2'!r} …")
        ids = [person.id for person in self.people]
        if len(set(ids)) != len(ids) or len(set(centre)) != len(centre):
            raise ValueError("two people have the same id")
        if set(centre) & set(ids):
            raise ValueError("someone cared for is listed among the people too")
        known = {ME, *centre, *ids}
        seen: set[tuple[str, str]] = set()
        for tie in self.ties:
            if tie.giver not in known:
                raise ValueError(f"a tie starts from unknown person {tie.giver!r}")
            if tie.receiver not in {ME, *centre}:
                raise ValueError(f"a tie goes to {tie.receiver!r}, who is not cared for")
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
