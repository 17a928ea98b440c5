"""The CareMap in words: one map as a list of sentences (the drawing's text for screen
readers), and the sentences read under the group charts, built from the shown figures only, so
a sentence never says what a chart hides. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from workshop_kit.activities.caremap.answers import HELP_KINDS, LIVES, ME, CareTie
from workshop_kit.activities.caremap.model import (
    CareMap,
    cared_for_names,
    everyone,
    helpers,
    label_of,
)
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    from workshop_kit.activities.caremap.group import GroupSummary

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
    """The map in words, one line a tie, then where people live (the drawing's rings): the
    drawing's text for screen readers."""
    lines = [t("caremap.centre_sentence", name=cared_for_names(care_map))]
    lines += [tie_sentence(care_map, x, t) for x in care_map.ties]
    if not helpers(care_map, ME):
        lines.append(t("caremap.nobody_for_you"))
    for where in (*LIVES, None):
        names = [p.label for p in everyone(care_map) if p.lives == where]
        if names:
            lines.append(t(f"caremap.lives_sentence.{where or 'not_said'}", names=", ".join(names)))
    return lines


# -- the sentences under the group charts --------------------------------------------------------


def overview_sentence(summary: GroupSummary, t: Translator) -> str:
    if summary.maps is None:
        return t("caremap.group.waiting", min=summary.min_cell_size)
    return t("caremap.group.overview", count=summary.maps)


def share_sentence(summary: GroupSummary, t: Translator) -> str:
    """Which help the main caregivers carry most of, and which is most shared."""
    if summary.maps is None:
        return t("caremap.group.waiting", min=summary.min_cell_size)
    shares = {
        k.kind: k.shares["caregiver"]
        for k in summary.kinds
        if k.shares is not None and k.shares["caregiver"] is not None
    }
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
    if any(  # 0 maps: nobody gives it; a share of None: too few maps behind it
        (k.shares is None and k.maps != 0) or (k.shares is not None and None in k.shares.values())
        for k in summary.kinds
    ):
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


#: The group charts, in the order the room sees them (and the report prints them).
CHARTS = ("share", "alone", "support")


def chart_sentences(summary: GroupSummary, t: Translator) -> dict[str, str]:
    """The sentence under each group chart, by chart name (:data:`CHARTS`)."""
    return {
        "share": share_sentence(summary, t),
        "alone": alone_sentence(summary, t),
        "support": support_sentence(summary, t),
    }
