"""Asset mapping's model: the asset table, and the facilitator's merges replayed on it.

Pure functions on DataFrames (no widgets, files or database), so the facilitator page, the
hub, the exports and the tests all compute the same thing. The rest of the model lives beside
it, one concern a module: likely duplicates (:mod:`.duplicates`), counts and listings of the
inventory (:mod:`.inventory`), the needs × assets gap matrix (:mod:`.gaps`) and what of it may
be shown (:mod:`.shown`, disclosure control).

The asset table has one row per asset with the columns of :data:`ASSET_COLUMNS`; build it from
the store's answers with :func:`asset_table`. ``needs`` holds a list of need ids; ``mentions``
counts how many answers a row stands for (1, more after merging); ``members`` the asset ids it
stands for.

Why merges are replayed rather than applied once: de-duplication is a facilitator's judgement
made live, and must never lose what a participant gave. Merge records are appended to the store
and :func:`apply_merges` replays them in order on the raw answers. It is idempotent (applying
the same records to an already merged table changes nothing), so pages can call it freely.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workshop_kit.activities.assets.answers import ASSET_FIELDS

ASSET_COLUMNS = ("asset_id", *ASSET_FIELDS, "mentions", "members")
OPTIONAL_TEXT = ("contact", "opening_hours")


# -- the asset table ---------------------------------------------------------------------------


def blank(value: Any) -> bool:
    """``None``, NaN or only spaces: a field the participant left empty."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value if not blank(v)]
    if blank(value):
        return []
    return [str(value)]


def asset_table(answers: pd.DataFrame) -> pd.DataFrame:
    """The store's ``assets`` answers (or any table with the payload columns) as an asset table.

    Rows keep the store's order (oldest first); missing optional columns are added empty.
    """
    frame = answers.copy()
    if "answer_id" in frame.columns:
        frame = frame.sort_values("answer_id", kind="stable")
    if "asset_id" not in frame.columns:
        frame["asset_id"] = frame["item"] if "item" in frame.columns else pd.Series(dtype=object)
    out = pd.DataFrame(index=frame.index)
    for column in ("asset_id", "name", "category", "area"):
        out[column] = frame[column].astype(object) if column in frame.columns else None
    out["needs"] = (
        [_as_list(v) for v in frame["needs"]] if "needs" in frame.columns else [[]] * len(frame)
    )
    for column in OPTIONAL_TEXT:
        values = frame[column] if column in frame.columns else [None] * len(frame)
        out[column] = [None if blank(v) else str(v) for v in values]
    for column in ("latitude", "longitude"):
        source = frame[column] if column in frame.columns else pd.Series(np.nan, index=frame.index)
        out[column] = pd.to_numeric(source, errors="coerce").astype(float)
    out["mentions"] = (
        pd.to_numeric(frame["mentions"], errors="coerce").fillna(1).astype(int)
        if "mentions" in frame.columns
        else 1
    )
    out["members"] = (
        [tuple(_as_list(m)) or (a,) for m, a in zip(frame["members"], out["asset_id"], strict=True)]
        if "members" in frame.columns
        else [(a,) for a in out["asset_id"]]
    )
    return out.reset_index(drop=True)


# -- merges ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeRecord:
    """One facilitator decision, as stored in an ``asset_merges`` answer."""

    keep: str
    merged: tuple[str, ...]
    action: str = "merge"


def merge_records(answers: pd.DataFrame) -> list[MergeRecord]:
    """The store's ``asset_merges`` answers as records, oldest first (the replay order)."""
    if answers.empty or "keep" not in answers.columns:
        return []
    frame = answers.sort_values("answer_id", kind="stable") if "answer_id" in answers else answers
    actions = frame["action"] if "action" in frame.columns else ["merge"] * len(frame)
    return [
        MergeRecord(str(keep), tuple(_as_list(merged)), str(action or "merge"))
        for keep, merged, action in zip(frame["keep"], frame["merged"], actions, strict=True)
    ]


@dataclass(frozen=True)
class MergePlan:
    """The outcome of replaying merge records.

    ``keeper`` maps every asset id that belongs to a group of two or more to the group's kept
    id; ``distinct`` holds the pairs declared not to be duplicates.
    """

    keeper: dict[str, str] = field(default_factory=dict)
    distinct: frozenset[frozenset[str]] = frozenset()

    def group_of(self, asset_id: str) -> str:
        return self.keeper.get(asset_id, asset_id)


def plan_merges(records: Iterable[MergeRecord]) -> MergePlan:
    """Replay records in order into groups.

    A merge joins the whole groups of ``keep`` and of every merged id into one group kept by
    ``keep`` (the latest decision names the keeper, so no cycles can form). An unmerge takes
    the named ids out of their group (a group's keeper cannot be taken out of its own group;
    unmerge the others instead). Replaying the same records always gives the same plan.
    """
    group_members: dict[str, set[str]] = {}
    keeper: dict[str, str] = {}
    distinct: set[frozenset[str]] = set()
    for record in records:
        if record.action == "merge":
            union: set[str] = set()
            for asset_id in (record.keep, *record.merged):
                current = keeper.get(asset_id, asset_id)
                union |= group_members.pop(current, {current})
                union.add(asset_id)
            for asset_id in union:
                keeper[asset_id] = record.keep
            group_members[record.keep] = union
            distinct -= {frozenset((a, b)) for a in union for b in union if a != b}
        elif record.action == "unmerge":
            for asset_id in record.merged:
                current = keeper.get(asset_id)
                if current is None or current == asset_id:
                    continue
                group_members[current].discard(asset_id)
                del keeper[asset_id]
                if len(group_members[current]) == 1:
                    del group_members[current]
                    del keeper[current]
        elif record.action == "distinct":
            distinct |= {frozenset((record.keep, other)) for other in record.merged}
    return MergePlan(keeper, frozenset(distinct))


def apply_merges(
    assets: pd.DataFrame, merges: Iterable[MergeRecord] | MergePlan = ()
) -> pd.DataFrame:
    """One row per group: the kept asset's fields, the union of needs, blanks filled.

    The kept asset's own values always win; a blank contact, opening hours or location is
    filled from the other members in row order (a location only as a whole pair). ``mentions``
    adds up and ``members`` lists every asset id the row stands for. Rows keep the order in
    which their group first appears. Idempotent: applying the same merges to the result
    returns it unchanged. If the kept asset itself is absent (its answer was deleted), the
    group's first member stands in for it.
    """
    plan = merges if isinstance(merges, MergePlan) else plan_merges(merges)
    frame = assets if "members" in assets.columns else asset_table(assets)
    groups: dict[str, list[int]] = {}
    for position, asset_id in enumerate(frame["asset_id"]):
        groups.setdefault(plan.group_of(asset_id), []).append(position)
    if all(len(positions) == 1 for positions in groups.values()):
        return frame.reset_index(drop=True).copy()
    rows = frame.to_dict("records")
    combined_rows = []
    for key, positions in groups.items():
        members = [rows[p] for p in positions]
        if len(members) == 1:
            combined_rows.append(members[0])
            continue
        kept = next((r for r in members if r["asset_id"] == key), members[0])
        ordered = [kept, *(r for r in members if r is not kept)]
        combined = dict(kept)
        combined["needs"] = list(dict.fromkeys(n for r in ordered for n in r["needs"]))
        for column in OPTIONAL_TEXT:
            if blank(combined[column]):
                combined[column] = next((r[column] for r in ordered if not blank(r[column])), None)
        if blank(combined["latitude"]) or blank(combined["longitude"]):
            located = next(
                (r for r in ordered if not blank(r["latitude"]) and not blank(r["longitude"])),
                None,
            )
            if located is not None:
                combined["latitude"] = located["latitude"]
                combined["longitude"] = located["longitude"]
        combined["mentions"] = int(sum(int(r["mentions"]) for r in ordered))
        combined["members"] = tuple(dict.fromkeys(m for r in ordered for m in r["members"]))
        combined_rows.append(combined)
    return pd.DataFrame(combined_rows, columns=frame.columns).reset_index(drop=True)
