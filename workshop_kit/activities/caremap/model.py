"""The CareMap's pure model: the network, reading it, and its edits.

No widgets, files or database (the import contract checks it), and no pandas or numpy either:
the phone form uses the edits, and a participant kernel must stay light.

**Edits** (:func:`start_map`, :func:`add_cared_for`, :func:`add_person`, :func:`remove_person`,
:func:`with_shared`) return a new map or raise :class:`~.problems.CareMapRefused` with
:class:`~.problems.Problem` s; the form turns each problem into a sentence in the caregiver's
language (``caremap.problem.<code>``). A problem of severity ``question`` (someone of the same
name is already on the map) is asked, not refused: the form asks "is this the same person?"
and calls :func:`add_person` again with the answer.

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
    MAX_CARED_FOR,
    MAX_LABEL,
    MAX_PEOPLE,
    ME,
    THEM,
    CareMapAnswer,
    CarePerson,
    CareTie,
    cared_for_id,
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

#: Who each relationship is, for the group summary's "who gives the help": people, services
#: (paid and professional), groups (community and faith), pets.
NODE_KIND = {
    "family": "person",
    "friend": "person",
    "neighbour": "person",
    "coworker": "person",
    "other": "person",
    "paid_service": "service",
    "health_professional": "service",
    "community_group": "group",
    "faith_group": "group",
    "pet": "pet",
}
NODE_KINDS = ("person", "service", "group", "pet")

#: The symbol each relationship is drawn with, as the Atlas CareMap draws them: a person (a
#: stick figure) for family, friends, neighbours, coworkers and others; a circle for pets; and
#: for services and professionals the Atlas's square and triangle, which the kit assigns so:
#: a square for services and organisations (paid services, community and faith groups), a
#: triangle for professionals (health professionals).
SYMBOL = {
    "family": "person",
    "friend": "person",
    "neighbour": "person",
    "coworker": "person",
    "other": "person",
    "paid_service": "service",
    "community_group": "service",
    "faith_group": "service",
    "health_professional": "professional",
    "pet": "pet",
}
SYMBOLS = ("person", "service", "professional", "pet")

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


def everyone(care_map: CareMap) -> tuple[CarePerson, ...]:
    """The people cared for, then everyone else (the caregiver is not a :class:`CarePerson`)."""
    return (*care_map.cared_for, *care_map.people)


def person(care_map: CareMap, person_id: str) -> CarePerson | None:
    return next((p for p in everyone(care_map) if p.id == person_id), None)


def cared_for_ids(care_map: CareMap) -> list[str]:
    return [p.id for p in care_map.cared_for]


def is_cared_for(care_map: CareMap, person_id: str) -> bool:
    return person_id in cared_for_ids(care_map)


def cared_for_names(care_map: CareMap) -> str:
    """The names of the people cared for, as a sentence shows them (``Mum, Dad``)."""
    return ", ".join(p.label for p in care_map.cared_for)


def label_of(care_map: CareMap, person_id: str, you: str) -> str:
    """The label of ``person_id``; ``you`` for the caregiver."""
    if person_id == ME:
        return you
    found = person(care_map, person_id)
    return found.label if found is not None else person_id


def tie(care_map: CareMap, giver: str, receiver: str) -> CareTie | None:
    return next((x for x in care_map.ties if x.giver == giver and x.receiver == receiver), None)


def helpers(care_map: CareMap, receiver: str) -> list[CareTie]:
    """The ties of those who help ``receiver`` (``me`` or someone cared for), in order."""
    return [x for x in care_map.ties if x.receiver == receiver]


def help_to_cared_for(care_map: CareMap) -> list[CareTie]:
    """The ties of those who help any of the people cared for (the group summary's "help to
    the people cared for")."""
    centre = set(cared_for_ids(care_map))
    return [x for x in care_map.ties if x.receiver in centre]


def kind_of(care_map: CareMap, person_id: str) -> str:
    """``person``, ``service``, ``group`` or ``pet`` (the caregiver is a person)."""
    found = person(care_map, person_id)
    return NODE_KIND[found.relationship] if found is not None else "person"


def symbol_of(care_map: CareMap, person_id: str) -> str:
    """The Atlas symbol someone is drawn with (:data:`SYMBOL`; the caregiver is a person)."""
    found = person(care_map, person_id)
    return SYMBOL[found.relationship] if found is not None else "person"


def lives_of(care_map: CareMap, person_id: str) -> str | None:
    """Where someone lives (``with_me``, ``nearby``, ``far``), or ``None``: not said."""
    found = person(care_map, person_id)
    return found.lives if found is not None else None


def same_name(care_map: CareMap | None, label: str) -> list[str]:
    """Ids of the people (the person cared for included) whose label matches ``label``."""
    if care_map is None:
        return []
    wanted = normalise_name(label)
    return [p.id for p in everyone(care_map) if normalise_name(p.label) == wanted]


def map_problems(care_map: CareMap) -> list[Problem]:
    """What to tell a caregiver about a whole map (one just loaded, for example): two people
    with the same name, and a map with nobody besides the caregiver and those cared for."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for p in everyone(care_map):
        key = normalise_name(p.label)
        if key in seen:
            problems.append(
                Problem("two_with_same_name", NOTICE, (("name", p.label),), person=p.id)
            )
        seen.setdefault(key, p.id)
    if not care_map.people and not helpers(care_map, ME):
        problems.append(Problem("nobody_else", NOTICE, (("name", cared_for_names(care_map)),)))
    return problems


# -- edits -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPerson:
    """What the form holds for one person before it is added."""

    label: str
    relationship: str | None
    receiver: str  # ME or the id of someone cared for
    help: tuple[str, ...]
    frequency: str | None
    lives: str | None = None


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
    label: str,
    relationship: str | None,
    kinds: Sequence[str],
    frequency: str | None,
    lives: str | None = None,
) -> CareMap:
    """A new map: the first person cared for, and the help the caregiver gives them."""
    problems = _label_problems(label, relationship) + _help_problems(kinds, frequency)
    if problems:
        raise CareMapRefused(problems)
    first = CarePerson(id=THEM, label=label, relationship=relationship, lives=lives)  # type: ignore[arg-type]
    return CareMap(
        cared_for=(first,),
        ties=(CareTie(giver=ME, receiver=THEM, help=tuple(kinds), frequency=frequency),),  # type: ignore[arg-type]
    )


def with_cared_for(
    care_map: CareMap,
    label: str,
    relationship: str | None,
    kinds: Sequence[str],
    frequency: str | None,
    lives: str | None = None,
    person_id: str = THEM,
) -> CareMap:
    """The map with someone cared for (``person_id``) described again: who they are, where
    they live and the caregiver's own help to them. Everyone else stays."""
    existing = person(care_map, person_id)
    if existing is None or not is_cared_for(care_map, person_id):
        raise CareMapRefused([Problem("unknown_person")])
    fresh = start_map(label, relationship, kinds, frequency, lives)
    described = fresh.cared_for[0].model_copy(
        update={"id": person_id, "closeness": existing.closeness}
    )
    own = fresh.ties[0].model_copy(update={"receiver": person_id})
    cared_for = tuple(described if p.id == person_id else p for p in care_map.cared_for)
    ties = [x for x in care_map.ties if (x.giver, x.receiver) != (ME, person_id)]
    return _replace(care_map, update={"cared_for": cared_for, "ties": (own, *ties)})


def add_cared_for(
    care_map: CareMap,
    label: str,
    relationship: str | None,
    kinds: Sequence[str],
    frequency: str | None,
    lives: str | None = None,
    self_words: frozenset[str] = frozenset(),
) -> CareMap:
    """The map with one more person cared for (the Atlas maps several), and the caregiver's
    help to them. Someone already on the map under that name is refused (``already_on_map``):
    to care for someone who helps, remove them first and add them here."""
    fresh = start_map(label, relationship, kinds, frequency, lives)
    if normalise_name(label) in self_words:
        raise CareMapRefused([Problem("you_are_in_the_middle")])
    if same_name(care_map, label):
        raise CareMapRefused([Problem("already_on_map", values=(("name", label.strip()),))])
    taken = set(cared_for_ids(care_map))
    free = [cared_for_id(n) for n in range(1, MAX_CARED_FOR + 1) if cared_for_id(n) not in taken]
    if not free:
        limit = (("limit", str(MAX_CARED_FOR)),)
        raise CareMapRefused([Problem("too_many_cared_for", values=limit)])
    added = fresh.cared_for[0].model_copy(update={"id": free[0]})
    own = fresh.ties[0].model_copy(update={"receiver": free[0]})
    return _replace(
        care_map,
        update={"cared_for": (*care_map.cared_for, added), "ties": (*care_map.ties, own)},
    )


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
    if new.receiver != ME and not is_cared_for(care_map, new.receiver):
        raise CareMapRefused([Problem("unknown_person")])
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
            lives=new.lives,  # type: ignore[arg-type]
        )
        people = (*care_map.people, added)
        cared_for = care_map.cared_for
    else:
        existing = person(care_map, same_as)
        if existing is None:
            raise CareMapRefused([Problem("unknown_person")])
        if same_as == new.receiver:
            raise CareMapRefused([Problem("loop", values=(("name", existing.label),))])
        giver = same_as

        def told(p: CarePerson) -> CarePerson:
            """Where they live, if said now, replaces what was said before."""
            return p.model_copy(update={"lives": new.lives}) if p.id == same_as and new.lives else p

        people = tuple(told(p) for p in care_map.people)
        cared_for = tuple(told(p) for p in care_map.cared_for)
    fresh = CareTie(
        giver=giver,
        receiver=new.receiver,  # type: ignore[arg-type]
        help=tuple(new.help),  # type: ignore[arg-type]
        frequency=new.frequency,  # type: ignore[arg-type]
    )
    # the same person's help to the same receiver, given again, replaces what was said
    ties = tuple(x for x in care_map.ties if (x.giver, x.receiver) != (giver, new.receiver))
    return _replace(
        care_map, update={"cared_for": cared_for, "people": people, "ties": (*ties, fresh)}
    )


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
    """The map without ``person_id`` and the help they gave; someone cared for goes with the
    help they received (:func:`remove_cared_for`)."""
    if person_id == ME:
        raise CareMapRefused([Problem("cannot_remove_centre")])
    if is_cared_for(care_map, person_id):
        return remove_cared_for(care_map, person_id)
    return _replace(
        care_map,
        update={
            "people": tuple(p for p in care_map.people if p.id != person_id),
            "ties": tuple(x for x in care_map.ties if x.giver != person_id),
        },
    )


def remove_cared_for(care_map: CareMap, person_id: str) -> CareMap:
    """The map without someone cared for: the help they gave and received goes, and so does
    anyone who then helps nobody. The last person cared for stays (``cannot_remove_centre``)."""
    if not is_cared_for(care_map, person_id):
        raise CareMapRefused([Problem("unknown_person")])
    if len(care_map.cared_for) == 1:
        raise CareMapRefused([Problem("cannot_remove_centre")])
    ties = tuple(x for x in care_map.ties if person_id not in (x.giver, x.receiver))
    return _without_idle(care_map, tuple(p for p in care_map.cared_for if p.id != person_id), ties)


def _without_idle(
    care_map: CareMap, cared_for: tuple[CarePerson, ...], ties: tuple[CareTie, ...]
) -> CareMap:
    still_helping = {x.giver for x in ties}
    people = tuple(p for p in care_map.people if p.id in still_helping)
    return _replace(care_map, update={"cared_for": cared_for, "people": people, "ties": ties})


def remove_tie(care_map: CareMap, giver: str, receiver: str) -> CareMap:
    """The map without ``giver``'s help to ``receiver``; a person who then helps nobody goes too."""
    ties = tuple(x for x in care_map.ties if (x.giver, x.receiver) != (giver, receiver))
    return _without_idle(care_map, care_map.cared_for, ties)


def with_shared(care_map: CareMap, shared: bool) -> CareMap:
    return _replace(care_map, update={"shared": bool(shared)})


def payload(care_map: CareMap) -> dict[str, Any]:
    """What the phone sends to the store (the answer's JSON form)."""
    return care_map.model_dump(mode="json")
