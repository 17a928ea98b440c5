"""The CareMap's pure model: the network, its edits, its problems (as data), comparing two
dates, and the group summary **with disclosure control**.

No widgets, files or database (the import contract checks it), and no pandas or numpy either:
the phone form uses the edits and problems, and a participant kernel must stay light. Tables of
answers are read through their own methods (``to_dict``, ``drop_duplicates`` …), so the group
functions work on the store's DataFrames without importing pandas here.

**Edits** (:func:`start_map`, :func:`add_person`, :func:`remove_person`, :func:`with_shared`)
return a new map or raise :class:`CareMapRefused` with :class:`Problem` s; the form turns each
problem into a sentence in the caregiver's language (``caremap.problem.<code>``). A problem of
severity ``question`` (someone of the same name is already on the map) is asked, not refused:
the form asks "is this the same person?" and calls :func:`add_person` again with the answer.

**The group summary** (:func:`group_summary`) reads only shared maps, as released in whole
blocks of ``min_cell_size`` maps (:func:`released_shared_maps`), and hides every figure built
from fewer than ``min_cell_size`` maps (rule 1 of :mod:`workshop_kit.core.disclosure`). Help is
weighed by how often it is given (:data:`FREQUENCY_WEIGHT`, a rough number of times a month),
so that daily personal care counts for more than an occasional lift.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workshop_kit.activities.caremap.answers import (
    HELP_KINDS,
    MAX_LABEL,
    MAX_PEOPLE,
    ME,
    THEM,
    CareMapAnswer,
    CarePerson,
    CareTie,
)
from workshop_kit.core.disclosure import protect_counts, released_answers
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    import pandas as pd

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

#: Who gives the help, in the group summary's order: the main caregiver, then everyone else
#: by the kind of node they are.
GIVERS = ("caregiver", "person", "service", "group", "pet")


# -- problems ----------------------------------------------------------------------------------

ERROR, QUESTION, NOTICE = "error", "question", "notice"


@dataclass(frozen=True)
class Problem:
    """Something wrong (``error``), to ask (``question``) or worth saying (``notice``)."""

    code: str
    severity: str = ERROR
    values: tuple[tuple[str, str], ...] = ()
    #: For a ``same_name`` question: the id of the person already on the map.
    person: str | None = None

    def message(self, t: Translator) -> str:
        return t(f"caremap.problem.{self.code}", **dict(self.values))


class CareMapRefused(ValueError):
    """An edit that would break the map; nothing was changed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(", ".join(problem.code for problem in self.problems))


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


# -- words -------------------------------------------------------------------------------------


def help_words(kinds: Iterable[str], t: Translator) -> str:
    return ", ".join(t(f"caremap.kind.{kind}") for kind in kinds)


def tie_sentence(care_map: CareMap, x: CareTie, t: Translator) -> str:
    """``Sam helps Mum: transport, company (weekly).`` for the text list beside the drawing."""
    you = t("caremap.you")
    return t(
        "caremap.tie_sentence",
        giver=label_of(care_map, x.giver, you),
        receiver=label_of(care_map, x.receiver, t("caremap.you_object")),
        help=help_words(x.help, t),
        frequency=t(f"caremap.often.{x.frequency}"),
    )


def map_sentences(care_map: CareMap, t: Translator) -> list[str]:
    """The map in words, one line a tie: the drawing's text for screen readers."""
    lines = [t("caremap.centre_sentence", name=care_map.cared_for.label)]
    lines += [tie_sentence(care_map, x, t) for x in care_map.ties]
    if not helpers(care_map, ME):
        lines.append(t("caremap.nobody_for_you"))
    return lines


# -- comparing two dates -----------------------------------------------------------------------


@dataclass(frozen=True)
class MapChange:
    """One difference between an earlier and a later map, said with :meth:`message`."""

    code: str  # added, removed, more_often, less_often, help_added, help_removed
    values: tuple[tuple[str, str], ...]

    def message(self, t: Translator) -> str:
        return t(f"caremap.compare.{self.code}", **dict(self.values))


def _ties_by_name(care_map: CareMap) -> dict[tuple[str, str], CareTie]:
    names = {ME: "\0me", THEM: "\0them"}
    for p in care_map.people:
        names[p.id] = normalise_name(p.label)
    return {(names[x.giver], names[x.receiver]): x for x in care_map.ties}


def compare_maps(earlier: CareMap, later: CareMap, t: Translator) -> list[MapChange]:
    """What changed between two maps of the same caregiver, person by person.

    People are matched by name (case and accents ignored); the two in the middle are matched
    by their place, so "Mum" renamed "Mother" is still the person cared for.
    """
    you, you_object = t("caremap.you"), t("caremap.you_object")
    before, after = _ties_by_name(earlier), _ties_by_name(later)

    def names(care_map: CareMap, x: CareTie) -> tuple[tuple[str, str], ...]:
        return (
            ("giver", label_of(care_map, x.giver, you)),
            ("receiver", label_of(care_map, x.receiver, you_object)),
        )

    changes: list[MapChange] = []
    for key, x in after.items():
        old = before.get(key)
        if old is None:
            values = (
                *names(later, x),
                ("help", help_words(x.help, t)),
                ("frequency", t(f"caremap.often.{x.frequency}")),
            )
            changes.append(MapChange("added", values))
            continue
        if old.frequency != x.frequency:
            code = (
                "more_often"
                if FREQUENCY_WEIGHT[x.frequency] > FREQUENCY_WEIGHT[old.frequency]
                else "less_often"
            )
            values = (
                *names(later, x),
                ("frequency", t(f"caremap.often.{x.frequency}")),
                ("before", t(f"caremap.often.{old.frequency}")),
            )
            changes.append(MapChange(code, values))
        gained = [k for k in x.help if k not in old.help]
        lost = [k for k in old.help if k not in x.help]
        if gained:
            changes.append(
                MapChange("help_added", (*names(later, x), ("help", help_words(gained, t))))
            )
        if lost:
            changes.append(
                MapChange("help_removed", (*names(later, x), ("help", help_words(lost, t))))
            )
    for key, x in before.items():
        if key not in after:
            changes.append(MapChange("removed", names(earlier, x)))
    return changes


# -- the group: shared maps only, released in blocks, small groups hidden -----------------------

MAP_FIELDS = ("shared", "cared_for", "people", "ties")


def maps_from_answers(answers: pd.DataFrame | None) -> list[CareMap]:
    """The maps in a table of CareMap answers (``Store.answers``), one per row, in order.

    A row that is not a valid map (it cannot be: the store takes only validated answers) is
    left out rather than stopping the room's view.
    """
    if answers is None or answers.empty:
        return []
    maps = []
    for record in answers.to_dict("records"):
        try:
            maps.append(CareMap.model_validate({k: record[k] for k in MAP_FIELDS if k in record}))
        except ValueError:
            continue
    return maps


def shared_log(log: pd.DataFrame | None) -> pd.DataFrame | None:
    """The rows of a CareMap answer log the group may ever see: the shared versions of the
    maps of people whose **latest** version is shared. Someone who shares and then makes their
    map private again is left out entirely, earlier shared versions included."""
    if log is None or log.empty or "shared" not in log:
        return None if log is None else log.iloc[0:0]
    frame = log.sort_values("answer_id") if "answer_id" in log else log
    shared = frame["shared"].eq(True)
    if "participant_id" not in frame:
        return frame[shared]
    latest = frame.drop_duplicates("participant_id", keep="last")
    sharing = set(latest.loc[latest["shared"].eq(True), "participant_id"])
    return frame[shared & frame["participant_id"].isin(sharing)]


def released_shared_maps(log: pd.DataFrame | None, min_cell_size: int) -> list[CareMap]:
    """The maps a group view may show: shared maps only, released in whole blocks of
    ``min_cell_size`` **sharing** people (rule 2 of :mod:`workshop_kit.core.disclosure`).

    Releasing first and keeping the shared maps afterwards would not do: a block of five
    people of whom one shares would move the room's figures by that one person's map.
    ``log`` is the answer log (``Store.answers(..., latest_only=False)``); a latest-only
    table works too.
    """
    shared = shared_log(log)
    if shared is None or shared.empty:
        return []
    return [m for m in maps_from_answers(released_answers(shared, min_cell_size)) if m.shared]


@dataclass(frozen=True)
class KindSummary:
    """One kind of help across the shared maps, as it may be shown (``None``: too few)."""

    kind: str
    #: Maps where someone gives this help to the person cared for.
    maps: int | None
    #: Share of this help (weighed by how often) given by each of :data:`GIVERS`.
    shares: dict[str, float] | None
    #: Caregivers who give this help with nobody else giving it.
    alone: int | None


@dataclass(frozen=True)
class GroupSummary:
    """What the room may see of the shared maps."""

    min_cell_size: int
    #: Shared maps summarised (``None``: fewer than ``min_cell_size``; nothing else shown then).
    maps: int | None
    kinds: tuple[KindSummary, ...] = ()
    #: Caregivers nobody cares for, and caregivers someone cares for.
    nobody_for_caregiver: int | None = None
    someone_for_caregiver: int | None = None
    #: Kinds of help given in at least ``min_cell_size`` maps and, in every one of them, by
    #: the main caregiver alone.
    only_caregiver: tuple[str, ...] = field(default=())

    @property
    def shown(self) -> bool:
        return self.maps is not None


def _giver_class(care_map: CareMap, giver: str) -> str:
    return "caregiver" if giver == ME else kind_of(care_map, giver)


def group_summary(maps: Sequence[CareMap], min_cell_size: int) -> GroupSummary:
    """How care is spread across ``maps`` (pass :func:`released_shared_maps`), as it may be
    shown: every figure is built from at least ``min_cell_size`` maps, and counts that split
    the maps into groups are protected together (:func:`~workshop_kit.core.disclosure.
    protect_counts`), so no shown count minus another isolates fewer than that.

    A private map given here by mistake is still left out.
    """
    maps = [m for m in maps if m.shared]
    total = len(maps)
    if total < min_cell_size:
        return GroupSummary(min_cell_size, None)
    kinds = []
    only_caregiver = []
    for kind in HELP_KINDS:
        alone = with_others = 0
        weights = dict.fromkeys(GIVERS, 0.0)
        for care_map in maps:
            givers = [x for x in helpers(care_map, THEM) if kind in x.help]
            if not givers:
                continue
            if all(x.giver == ME for x in givers):
                alone += 1
            else:
                with_others += 1
            for x in givers:
                weights[_giver_class(care_map, x.giver)] += FREQUENCY_WEIGHT[x.frequency]
        given = alone + with_others
        cells = protect_counts(
            {"alone": alone, "with_others": with_others, "not_given": total - given},
            min_cell_size,
        )
        # the maps giving this help are shown only where the maps not giving it are: with
        # the total shown, one is the other's complement
        shown_given = given if cells["not_given"] is not None else None
        shares = None
        if given >= min_cell_size:
            weight = sum(weights.values())
            shares = {giver: weights[giver] / weight for giver in GIVERS}
        kinds.append(KindSummary(kind, shown_given, shares, cells["alone"]))
        if given >= min_cell_size and with_others == 0 and cells["alone"] is not None:
            only_caregiver.append(kind)
    nobody = sum(1 for m in maps if not helpers(m, ME))
    support = protect_counts({"nobody": nobody, "someone": total - nobody}, min_cell_size)
    return GroupSummary(
        min_cell_size,
        total,
        tuple(kinds),
        support["nobody"],
        support["someone"],
        tuple(only_caregiver),
    )


# -- the sentences under the group charts --------------------------------------------------------


def overview_sentence(summary: GroupSummary, t: Translator) -> str:
    if summary.maps is None:
        return t("caremap.group.waiting", min=summary.min_cell_size)
    return t("caremap.group.overview", count=summary.maps)


def share_sentence(summary: GroupSummary, t: Translator) -> str:
    """Which help the main caregivers carry most of, and which is most shared."""
    if summary.maps is None:
        return t("caremap.group.waiting", min=summary.min_cell_size)
    shares = {k.kind: k.shares["caregiver"] for k in summary.kinds if k.shares is not None}
    if not shares:
        return t("caremap.group.share_none", min=summary.min_cell_size)
    # shares within half a point count as equal: the sentence names them all
    highest, lowest = max(shares.values()), min(shares.values())
    most = [kind for kind, share in shares.items() if share >= highest - 0.005]
    text = t("caremap.group.share_most", kinds=help_words(most, t), share=t.percent(highest))
    least = [kind for kind, share in shares.items() if share <= lowest + 0.005]
    if highest - lowest > 0.005:
        key = "caremap.group.share_least_none" if lowest < 0.005 else "caremap.group.share_least"
        text += " " + t(key, kinds=help_words(least, t), share=t.percent(lowest))
    if any(k.shares is None and k.maps != 0 for k in summary.kinds):  # 0: nobody gives it
        text += " " + t("caremap.group.share_hidden", min=summary.min_cell_size)
    return text


def alone_sentence(summary: GroupSummary, t: Translator) -> str:
    """Which help the main caregivers give with nobody else."""
    if summary.maps is None:
        return t("caremap.group.waiting", min=summary.min_cell_size)
    parts = []
    if summary.only_caregiver:
        parts.append(t("caremap.group.only_caregiver", kinds=help_words(summary.only_caregiver, t)))
    shown = [k for k in summary.kinds if k.alone]
    if shown:
        top = max(shown, key=lambda k: (k.alone, -HELP_KINDS.index(k.kind)))  # type: ignore[arg-type]
        parts.append(
            t("caremap.group.alone_most", count=top.alone, kind=t(f"caremap.kind.{top.kind}"))
        )
    elif not summary.only_caregiver:
        parts.append(t("caremap.group.alone_none"))
    if any(k.alone is None for k in summary.kinds):
        parts.append(t("caremap.group.alone_hidden", min=summary.min_cell_size))
    return " ".join(parts)


def support_sentence(summary: GroupSummary, t: Translator) -> str:
    """How many caregivers have nobody caring for them."""
    if summary.maps is None:
        return t("caremap.group.waiting", min=summary.min_cell_size)
    if summary.nobody_for_caregiver is None:
        return t("caremap.group.support_hidden", min=summary.min_cell_size)
    return t(
        "caremap.group.support",
        count=summary.nobody_for_caregiver,
        total=summary.maps,
    )


def summary_rows(summary: GroupSummary, t: Translator) -> list[dict[str, Any]]:
    """The group summary as table rows (the page's CSV): what the charts show, no more."""
    too_few = t("app.too_few")
    rows = []
    for k in summary.kinds:
        row: dict[str, Any] = {
            t("caremap.export.kind"): t(f"caremap.help.{k.kind}"),
            t("caremap.export.maps"): too_few if k.maps is None else k.maps,
            t("caremap.export.alone"): too_few if k.alone is None else k.alone,
        }
        for giver in GIVERS:
            column = t("caremap.export.share", giver=t(f"caremap.giver.{giver}"))
            row[column] = too_few if k.shares is None else round(100 * k.shares[giver], 1)
        rows.append(row)
    return rows
