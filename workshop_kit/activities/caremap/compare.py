"""Comparing two CareMaps of the same caregiver (two dates): who joined, who left, who helps
more or less often, which help was added or stopped. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from workshop_kit.activities.caremap.answers import ME, CareTie
from workshop_kit.activities.caremap.model import (
    FREQUENCY_WEIGHT,
    CareMap,
    label_of,
    normalise_name,
)
from workshop_kit.activities.caremap.sentences import help_words
from workshop_kit.i18n import Translator


@dataclass(frozen=True)
class MapChange:
    """One difference between an earlier and a later map, said with :meth:`message`."""

    code: str  # added, removed, more_often, less_often, help_added, help_removed
    values: tuple[tuple[str, str], ...]

    def message(self, t: Translator) -> str:
        return t(f"caremap.compare.{self.code}", **dict(self.values))


def _ties_by_name(care_map: CareMap) -> dict[tuple[str, str], CareTie]:
    names = {ME: "\0me", **{p.id: f"\0{p.id}" for p in care_map.cared_for}}
    for p in care_map.people:
        names[p.id] = normalise_name(p.label)
    return {(names[x.giver], names[x.receiver]): x for x in care_map.ties}


def compare_maps(earlier: CareMap, later: CareMap, t: Translator) -> list[MapChange]:
    """What changed between two maps of the same caregiver, person by person.

    People are matched by name (case and accents ignored); the caregiver and the people cared
    for are matched by their place (``them``, ``them2`` …), so "Mum" renamed "Mother" is still
    the person cared for.
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
