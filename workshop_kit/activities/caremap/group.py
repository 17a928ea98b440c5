"""The group summary of the CareMaps, **with disclosure control**. Pure.

It reads only shared maps, as released in whole blocks of ``min_cell_size`` maps
(:func:`released_shared_maps`), and hides every figure built from fewer than ``min_cell_size``
maps (rule 1 of :mod:`workshop_kit.core.disclosure`). Help is weighed by how often it is given
(:data:`~.model.FREQUENCY_WEIGHT`, a rough number of times a month), so that daily personal
care counts for more than an occasional lift.

No pandas import: tables of answers are read through their own methods (``to_dict``,
``drop_duplicates`` …), so these functions work on the store's DataFrames as they are.
The hub's view, the facilitator's page and the report all use :func:`summary_for`, so the
report never says more than the projector did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workshop_kit.activities.caremap.answers import HELP_KINDS, ME
from workshop_kit.activities.caremap.model import (
    FREQUENCY_WEIGHT,
    CareMap,
    help_to_cared_for,
    helpers,
    kind_of,
)
from workshop_kit.core.disclosure import protect_counts, release_from_log
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    import pandas as pd

#: by the kind of node they are.
GIVERS = ("caregiver", "person", "service", "group", "pet")

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


def released_shared_maps(
    log: pd.DataFrame | None, min_cell_size: int, releases: Any = None
) -> list[CareMap]:
    """The maps a group view may show: shared maps only, released in whole blocks of
    ``min_cell_size`` **sharing** people (rule 2 of :mod:`workshop_kit.core.disclosure`).

    Releasing first and keeping the shared maps afterwards would not do: a block of five
    people of whom one shares would move the room's figures by that one person's map.
    ``log`` is the answer log (``Store.answers(..., latest_only=False)``); a latest-only
    table works too. ``releases``: the session's (:func:`workshop_kit.core.release.
    session_releases`); ``None``: a log with no session, released in whole blocks.
    """
    shared = shared_log(log)
    if shared is None or shared.empty:
        return []
    return [
        m for m in maps_from_answers(release_from_log(shared, releases, min_cell_size)) if m.shared
    ]


@dataclass(frozen=True)
class KindSummary:
    """One kind of help across the shared maps, as it may be shown (``None``: too few)."""

    kind: str
    #: Maps where someone gives this help to the person cared for.
    maps: int | None
    #: Share of this help (weighed by how often) given by each of :data:`GIVERS`; a share
    #: from fewer than ``min_cell_size`` maps is ``None`` (see :func:`protect_shares`).
    shares: dict[str, float | None] | None
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
        #: giver class -> the maps (by position) where that kind of helper gives this help
        contributing: dict[str, set[int]] = {giver: set() for giver in GIVERS}
        for number, care_map in enumerate(maps):
            givers = [x for x in help_to_cared_for(care_map) if kind in x.help]
            if not givers:
                continue
            if all(x.giver == ME for x in givers):
                alone += 1
            else:
                with_others += 1
            for x in givers:
                giver = _giver_class(care_map, x.giver)
                weights[giver] += FREQUENCY_WEIGHT[x.frequency]
                contributing[giver].add(number)
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
            hidden = protect_shares(contributing, min_cell_size)
            shares = {
                giver: None if giver in hidden else weights[giver] / weight for giver in GIVERS
            }
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


def protect_shares(contributing: dict[str, set[int]], min_cell_size: int) -> set[str]:
    """The kinds of helper whose share of one kind of help is hidden.

    A share is built from the maps where that kind of helper gives the help: from 1 to
    ``min_cell_size - 1`` maps it is hidden (the share of transport given by community groups,
    from one map, would describe that one family). The shares add up to 100 %, so the hidden
    ones together are 100 % minus the shown ones: while the maps behind the hidden shares are
    fewer than ``min_cell_size`` together, the shown share from the fewest maps is hidden too
    (it alone has enough, so once is enough). Shares from no map are 0 and stay shown.
    """
    counts = {giver: len(maps) for giver, maps in contributing.items()}
    hidden = {giver for giver, count in counts.items() if 0 < count < min_cell_size}
    behind = set().union(*(contributing[giver] for giver in hidden)) if hidden else set()
    if hidden and len(behind) < min_cell_size:
        shown = [(count, giver) for giver, count in counts.items() if count and giver not in hidden]
        if shown:
            hidden.add(min(shown)[1])
    return hidden


def summary_for(log: pd.DataFrame | None, min_cell_size: int, releases: Any = None) -> GroupSummary:
    """The group summary of an answer log: shared maps, released in blocks, small cells hidden.

    Pass the log (``Store.answers(..., latest_only=False)``): a caregiver's place in the
    release is their first shared save, so a later change of theirs cannot move them into or
    out of a block.
    """
    return group_summary(released_shared_maps(log, min_cell_size, releases), min_cell_size)


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
            share = None if k.shares is None else k.shares[giver]
            row[column] = too_few if share is None else round(100 * share, 1)
        rows.append(row)
    return rows
