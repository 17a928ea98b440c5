"""The CareMap's pure model: the network, reading it, and its edits.

No widgets, files or database (the import contract checks it), and no pandas or numpy either:
the phone form uses the edits, and a participant kernel must stay light.

**Edits** (:func:`start_map`, :func:`add_person`, :func:`remove_person`, :func:`with_shared`)
return a new map or raise :class:`~.problems.CareMapRefused` with :class:`~.problems.Problem` s;
the form turns each problem into a sentence in the caregiver's language
(``caremap.problem.<code>``). A problem of severity ``question`` (someone of the same name is
already on the map) is asked, not refused: the form asks "is this the same person?" and calls
:func:`add_person` again with the answer.

The rest of the model, one concern a module (all pure as well):

- :mod:`.problems`: what is wrong with an edit or a file, as data;
- :mod:`.sentences`: the map in words, and the sentences read under the group charts;
- :mod:`.compare`: what changed between two maps of the same caregiver;
- :mod:`.group`: the group summary of the shared maps, **with disclosure control**.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workshop_kit.activities.caremap.answers import (
    MAX_LABEL,
    MAX_PEOPLE,
    ME,
    THEM,
    CareMapAnswer,
    CarePerson,
    CareTie,
)
from workshop_kit.activities.caremap.problems import (
    NOTICE,
    QUESTION,
    CareMapRefused,
    Problem,
)
from workshop_kit.i18n import Translator

#: A map is the caregiver's answer: one object for the phone, the store and the file.
CareMap = CareMapAnswer

#: What each relationship is drawn as: people, services (paid and professional), groups
#: (community and faith), pets.
NODE_KIND = {
    "family": "person",
    "friend": "person",
    "neighbour": "person",
    "other": "person",
    "paid_service": "service",
    "health_professional": "service",
    "community_group": "group",
    "faith_group": "group",
    "pet": "pet",
}
NODE_KINDS = ("person", "service", "group", "pet")

#: Where someone is drawn when the caregiver did not say how close they are: by how often
#: they help.
DEFAULT_CLOSENESS = {
    "daily": "close",
    "weekly": "middle",
    "monthly": "distant",
    "occasionally": "distant",
}
#: How the drawing tells frequencies apart: solid daily, dashed weekly, dotted less often.
LINE_STYLE = {"daily": "solid", "weekly": "dashed", "monthly": "dotted", "occasionally": "dotted"}

#: Roughly how many times a month help given this often happens: the weight of each tie in
#: the group's "who gives the help" shares. Rough on purpose; the docs say so.
FREQUENCY_WEIGHT = {"daily": 30.0, "weekly": 4.0, "monthly": 1.0, "occasionally": 0.5}


# -- names -------------------------------------------------------------------------------------


def normalise_name(label: str) -> str:
    """How two labels are compared: case, accents and spaces ignored (``Élise`` = ``elise``)."""
    decomposed = unicodedata.normalize("NFKD", str(label))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def self_names(t: Translator) -> frozenset[str]:
    """The words that mean the caregiver themselves (``me``, ``myself``, ``moi`` …), in the
    language of the form and in English."""
    words = f"{t('caremap.self_names')},{Translator('en')('caremap.self_names')}"
    return frozenset(normalise_name(word) for word in words.split(",") if word.strip())


def short_label(label: str, limit: int = 18) -> str:
    """A label shortened for the drawing (the form and the text list keep it whole)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# -- reading a map -----------------------------------------------------------------------------


def person(care_map: CareMap, person_id: str) -> CarePerson | None:
    if person_id == THEM:
        return care_map.cared_for
    return next((p for p in care_map.people if p.id == person_id), None)


def label_of(care_map: CareMap, person_id: str, you: str) -> str:
    """The label of ``person_id``; ``you`` for the caregiver."""
    if person_id == ME:
        return you
    found = person(care_map, person_id)
    return found.label if found is not None else person_id


def tie(care_map: CareMap, giver: str, receiver: str) -> CareTie | None:
    return next((x for x in care_map.ties if x.giver == giver and x.receiver == receiver), None)


def helpers(care_map: CareMap, receiver: str) -> list[CareTie]:
    """The ties of those who help ``receiver`` (``them`` or ``me``), caregiver first."""
    return [x for x in care_map.ties if x.receiver == receiver]


def kind_of(care_map: CareMap, person_id: str) -> str:
    """``person``, ``service``, ``group`` or ``pet`` (the caregiver is a person)."""
    found = person(care_map, person_id)
    return NODE_KIND[found.relationship] if found is not None else "person"


def closeness_of(care_map: CareMap, person_id: str) -> str:
    """How close someone is: as the caregiver said, else by how often they help most."""
    found = person(care_map, person_id)
    if found is not None and found.closeness:
        return found.closeness
    ties = [x for x in care_map.ties if x.giver == person_id]
    if not ties:
        return "distant"
    most_often = max(ties, key=lambda x: FREQUENCY_WEIGHT[x.frequency])
    return DEFAULT_CLOSENESS[most_often.frequency]


def same_name(care_map: CareMap | None, label: str) -> list[str]:
    """Ids of the people (the person cared for included) whose label matches ``label``."""
    if care_map is None:
        return []
    wanted = normalise_name(label)
    return [
        p.id for p in (care_map.cared_for, *care_map.people) if normalise_name(p.label) == wanted
    ]


def map_problems(care_map: CareMap) -> list[Problem]:
    """What to tell a caregiver about a whole map (one just loaded, for example): two people
    with the same name, and a map with nobody besides the two in the middle."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for p in (care_map.cared_for, *care_map.people):
        key = normalise_name(p.label)
        if key in seen:
            problems.append(
                Problem("two_with_same_name", NOTICE, (("name", p.label),), person=p.id)
            )
        seen.setdefault(key, p.id)
    if not care_map.people and not helpers(care_map, ME):
        problems.append(Problem("nobody_else", NOTICE, (("name", care_map.cared_for.label),)))
    return problems


# -- edits -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPerson:
    """What the form holds for one person before it is added."""

    label: str
    relationship: str | None
    receiver: str  # ME or THEM
    help: tuple[str, ...]
    frequency: str | None
    closeness: str | None = None


def _label_problems(label: str, relationship: str | None) -> list[Problem]:
    problems = []
    if not label.strip():
        problems.append(Problem("label_required"))
    elif len(label.strip()) > MAX_LABEL:
        problems.append(Problem("label_too_long", values=(("limit", str(MAX_LABEL)),)))
    elif any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in label.strip()):
        problems.append(Problem("label_control"))
    if relationship is None:
        problems.append(Problem("relationship_required"))
    return problems


def _help_problems(kinds: Sequence[str], frequency: str | None) -> list[Problem]:
    problems = []
    if not kinds:
        problems.append(Problem("help_required"))
    if frequency is None:
        problems.append(Problem("frequency_required"))
    return problems


def start_map(
    label: str, relationship: str | None, kinds: Sequence[str], frequency: str | None
) -> CareMap:
    """A new map: the person cared for, and the help the caregiver gives them."""
    problems = _label_problems(label, relationship) + _help_problems(kinds, frequency)
    if problems:
        raise CareMapRefused(problems)
    return CareMap(
        cared_for=CarePerson(id=THEM, label=label, relationship=relationship),  # type: ignore[arg-type]
        ties=(CareTie(giver=ME, receiver=THEM, help=tuple(kinds), frequency=frequency),),  # type: ignore[arg-type]
    )


def with_cared_for(
    care_map: CareMap,
    label: str,
    relationship: str | None,
    kinds: Sequence[str],
    frequency: str | None,
) -> CareMap:
    """The map with step 1 answered again (the person cared for, the caregiver's own help)."""
    fresh = start_map(label, relationship, kinds, frequency)
    ties = [x for x in care_map.ties if (x.giver, x.receiver) != (ME, THEM)]
    return _replace(care_map, update={"cared_for": fresh.cared_for, "ties": (*fresh.ties, *ties)})


def check_person(care_map: CareMap, new: NewPerson, self_words: frozenset[str]) -> list[Problem]:
    """Problems with adding ``new`` to the map, without the same-name question."""
    problems = _label_problems(new.label, new.relationship)
    problems += _help_problems(new.help, new.frequency)
    if new.label.strip() and normalise_name(new.label) in self_words:
        problems.insert(0, Problem("you_are_in_the_middle"))
    return problems


def add_person(
    care_map: CareMap,
    new: NewPerson,
    self_words: frozenset[str] = frozenset(),
    same_as: str | None = None,
    distinct: bool = False,
) -> CareMap:
    """The map with ``new`` added as helping ``new.receiver``.

    Someone with the same name already on the map is a question (``same_name``): call again
    with ``same_as=<their id>`` (the same person: a new tie from them, or their help to this
    receiver replaced) or ``distinct=True`` (someone else who happens to share the name).
    The same person as the receiver is a loop, refused (``loop``).
    """
    problems = check_person(care_map, new, self_words)
    if problems:
        raise CareMapRefused(problems)
    if same_as is None and not distinct:
        matches = same_name(care_map, new.label)
        if matches:
            question = Problem("same_name", QUESTION, (("name", new.label.strip()),), matches[0])
            raise CareMapRefused([question])
    if same_as is None:
        if len(care_map.people) >= MAX_PEOPLE:
            raise CareMapRefused([Problem("too_many", values=(("limit", str(MAX_PEOPLE)),))])
        giver = next_person_id(care_map)
        added = CarePerson(
            id=giver,
            label=new.label,
            relationship=new.relationship,  # type: ignore[arg-type]
            closeness=new.closeness,  # type: ignore[arg-type]
        )
        people = (*care_map.people, added)
    else:
        existing = person(care_map, same_as)
        if existing is None:
            raise CareMapRefused([Problem("unknown_person")])
        if same_as == new.receiver:
            raise CareMapRefused([Problem("loop", values=(("name", existing.label),))])
        giver = same_as
        people = tuple(
            p.model_copy(update={"closeness": new.closeness})
            if p.id == same_as and new.closeness
            else p
            for p in care_map.people
        )
    fresh = CareTie(
        giver=giver,
        receiver=new.receiver,  # type: ignore[arg-type]
        help=tuple(new.help),  # type: ignore[arg-type]
        frequency=new.frequency,  # type: ignore[arg-type]
    )
    # the same person's help to the same receiver, given again, replaces what was said
    ties = tuple(x for x in care_map.ties if (x.giver, x.receiver) != (giver, new.receiver))
    return _replace(care_map, update={"people": people, "ties": (*ties, fresh)})


def _replace(care_map: CareMap, update: Mapping[str, Any]) -> CareMap:
    """``care_map`` with ``update`` applied, validated again as an answer (a copy alone would
    skip the checks that keep loops and unknown people out)."""
    return CareMap.model_validate({**care_map.model_dump(), **_dumped(update)})


def _dumped(update: Mapping[str, Any]) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        return value.model_dump() if hasattr(value, "model_dump") else value

    return {key: plain(value) for key, value in update.items()}


def next_person_id(care_map: CareMap) -> str:
    numbers = [int(p.id[1:]) for p in care_map.people]
    return f"p{max(numbers, default=0) + 1}"


def remove_person(care_map: CareMap, person_id: str) -> CareMap:
    """The map without ``person_id`` and the help they gave (the person cared for stays)."""
    if person_id in (ME, THEM):
        raise CareMapRefused([Problem("cannot_remove_centre")])
    return _replace(
        care_map,
        update={
            "people": tuple(p for p in care_map.people if p.id != person_id),
            "ties": tuple(x for x in care_map.ties if x.giver != person_id),
        },
    )


def remove_tie(care_map: CareMap, giver: str, receiver: str) -> CareMap:
    """The map without ``giver``'s help to ``receiver``; a person who then helps nobody goes too."""
    ties = tuple(x for x in care_map.ties if (x.giver, x.receiver) != (giver, receiver))
    still_helping = {x.giver for x in ties}
    people = tuple(p for p in care_map.people if p.id in still_helping)
    return _replace(care_map, update={"people": people, "ties": ties})


def with_shared(care_map: CareMap, shared: bool) -> CareMap:
    return _replace(care_map, update={"shared": bool(shared)})


def payload(care_map: CareMap) -> dict[str, Any]:
    """What the phone sends to the store (the answer's JSON form)."""
    return care_map.model_dump(mode="json")
