"""Asset mapping: the inventory, likely duplicates, merges and the needs × assets gap matrix.

Pure functions on DataFrames (no widgets, files or database), so the facilitator page, the
report and the tests all compute the same thing.

The asset table has one row per asset with the columns of :data:`ASSET_COLUMNS`; build it from
the store's answers with :func:`asset_table`. ``needs`` holds a list of need ids; ``mentions``
counts how many answers a row stands for (1, more after merging); ``members`` the asset ids it
stands for.

Why merges are replayed rather than applied once: de-duplication is a facilitator's judgement
made live, and must never lose what a participant gave. Merge records are appended to the store
and :func:`apply_merges` replays them in order on the raw answers. It is idempotent (applying
the same records to an already merged table changes nothing), so pages can call it freely.

Duplicate detection (:func:`find_duplicates`) is deliberately conservative, because a false
"duplicate" costs the facilitator a click but a wrong merge hides an asset:

1. names are normalised (:func:`normalise_name`): Unicode NFKD with accents dropped, casefold,
   ligatures spelled out (œ → oe), apostrophes removed (``L'Église`` → ``leglise``), other
   punctuation turned into spaces, ``and``/``et``/``&`` dropped, a leading article
   (the/le/la/les) dropped, and the abbreviations ``st``/``ste``/``mt``/``ft`` spelled out
   (``Eglise St-Jean`` → ``eglise saint jean``);
2. names equal once spaces are removed too are duplicates whatever their length
   (``Café Chez Marie`` / ``cafe chez marie``, ``Saint-Jean`` / ``Saint Jean``);
3. otherwise a small typo is allowed, counted as an edit distance with transpositions (OSA,
   via rapidfuzz) on the space-free names: none below 6 characters, 1 edit from 6 to 11
   characters, 2 edits from 12 (see :func:`allowed_edits`). Below 6 characters one edit is
   often a different word (``Hall A`` / ``Hall B``, ``Choir`` / ``Chair``);
4. numbers must agree, and single letters other than ``a`` must agree, so ``Scout Group 1`` /
   ``Scout Group 2`` and ``Church A`` / ``Church B`` are never flagged;
5. only assets in the same area are compared, and pairs the facilitator marked as distinct are
   not flagged again.

The gap matrix counts, for each need and area, the *distinct* assets (after merges) helping with
that need; an asset id counted once per cell however many rows carry it. When a needs
assessment ran, each need's unmet-need score weighs the gap: priority = weight / (1 + count),
where weight is the score divided by the highest score, so an unmet need with no asset comes
first.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from babel.lists import format_list
from rapidfuzz import process
from rapidfuzz.distance import OSA

from workshop_kit.activities.assets.answers import category_labels as category_labels  # re-exported
from workshop_kit.i18n import Translator

ASSET_COLUMNS = (
    "asset_id",
    "name",
    "category",
    "area",
    "needs",
    "contact",
    "opening_hours",
    "latitude",
    "longitude",
    "mentions",
    "members",
)
OPTIONAL_TEXT = ("contact", "opening_hours")


# -- the asset table ---------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value if not _blank(v)]
    if _blank(value):
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
        out[column] = [None if _blank(v) else str(v) for v in values]
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
            if _blank(combined[column]):
                combined[column] = next((r[column] for r in ordered if not _blank(r[column])), None)
        if _blank(combined["latitude"]) or _blank(combined["longitude"]):
            located = next(
                (r for r in ordered if not _blank(r["latitude"]) and not _blank(r["longitude"])),
                None,
            )
            if located is not None:
                combined["latitude"] = located["latitude"]
                combined["longitude"] = located["longitude"]
        combined["mentions"] = int(sum(int(r["mentions"]) for r in ordered))
        combined["members"] = tuple(dict.fromkeys(m for r in ordered for m in r["members"]))
        combined_rows.append(combined)
    return pd.DataFrame(combined_rows, columns=frame.columns).reset_index(drop=True)


# -- likely duplicates -------------------------------------------------------------------------

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_NOT_WORD = re.compile(r"[\W_]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_CONNECTORS = frozenset({"and", "et"})
_LEADING_ARTICLES = frozenset({"the", "le", "la", "les"})
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=65_536)
def normalise_name(name: str) -> str:
    """The comparable form of an asset name (see the module docstring for the rules).

    Cached: a live page recomputes duplicates on every refresh, mostly for the same names.
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.casefold().translate(_LIGATURES))
    tokens = [
        _ABBREVIATIONS.get(token, token)
        for token in _NOT_WORD.sub(" ", text).split()
        if token not in _CONNECTORS
    ]
    if len(tokens) > 1 and tokens[0] in _LEADING_ARTICLES:
        tokens = tokens[1:]
    return " ".join(tokens)


def allowed_edits(length: int) -> int:
    """How many typing slips two names of this (space-free) length may differ by."""
    if length < 6:
        return 0
    if length < 12:
        return 1
    return 2


def _allowed_edits_array(lengths: np.ndarray) -> np.ndarray:
    """:func:`allowed_edits` over a whole matrix of lengths at once."""
    return np.where(lengths < 6, 0, np.where(lengths < 12, 1, 2))


def _guard_tokens(key: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """What must agree exactly: the numbers and the single letters (bar ``a``)."""
    letters = frozenset(t for t in key.split() if len(t) == 1 and t.isalpha() and t != "a")
    return tuple(_DIGITS.findall(key)), letters


@dataclass(frozen=True)
class DuplicateGroup:
    """Assets of one area whose names look like the same thing.

    ``asset_ids[0]`` is the suggested one to keep: mentioned most, then most complete, then
    the oldest. ``exact`` is true when the names differ only by case, accents or punctuation.
    """

    area: str
    asset_ids: tuple[str, ...]
    names: tuple[str, ...]
    exact: bool

    @property
    def keep(self) -> str:
        return self.asset_ids[0]

    @property
    def merged(self) -> tuple[str, ...]:
        return self.asset_ids[1:]


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _completeness(row: Mapping[str, Any]) -> int:
    filled = sum(not _blank(row[c]) for c in OPTIONAL_TEXT)
    located = not _blank(row["latitude"]) and not _blank(row["longitude"])
    return filled + int(located) + len(row["needs"])


def find_duplicates(
    inventory: pd.DataFrame, distinct: Iterable[frozenset[str]] | MergePlan = ()
) -> list[DuplicateGroup]:
    """Groups of likely duplicates in each area of an (already merged) asset table."""
    declared = distinct.distinct if isinstance(distinct, MergePlan) else frozenset(distinct)
    if inventory.empty:
        return []
    asset_ids = [str(a) for a in inventory["asset_id"]]
    keys = [normalise_name(str(n)) for n in inventory["name"]]
    compact = [k.replace(" ", "") for k in keys]
    by_area: dict[str, list[int]] = {}
    for position, area in enumerate(inventory["area"]):
        by_area.setdefault(str(area), []).append(position)

    union_find = _UnionFind(len(asset_ids))

    def join(i: int, j: int) -> None:
        if not declared or frozenset((asset_ids[i], asset_ids[j])) not in declared:
            union_find.union(i, j)

    for positions in by_area.values():
        by_key: dict[str, list[int]] = {}
        for p in positions:
            if compact[p]:
                by_key.setdefault(compact[p], []).append(p)
        for same in by_key.values():
            for a_index, a in enumerate(same):
                for b in same[a_index + 1 :]:
                    join(a, b)
        unique = list(by_key)
        if len(unique) < 2:
            continue
        distances = process.cdist(
            unique, unique, scorer=OSA.distance, score_cutoff=2, dtype=np.int32, workers=1
        )
        lengths = np.array([len(k) for k in unique])
        limit = _allowed_edits_array(np.minimum.outer(lengths, lengths))
        close = np.argwhere(np.triu((distances <= limit) & (distances > 0), k=1))
        guards = [_guard_tokens(keys[by_key[k][0]]) for k in unique]
        for i, j in close:
            if guards[i] != guards[j]:
                continue
            for a in by_key[unique[i]]:
                for b in by_key[unique[j]]:
                    join(a, b)

    members: dict[int, list[int]] = {}
    for position in range(len(asset_ids)):
        members.setdefault(union_find.find(position), []).append(position)
    grouped = [positions for positions in members.values() if len(positions) > 1]
    if not grouped:
        return []
    # Plain column lists: looking rows up one by one in the frame costs more than the search.
    columns = {
        c: inventory[c].tolist()
        for c in ("name", "area", "mentions", "needs", "latitude", "longitude", *OPTIONAL_TEXT)
    }

    def rank(p: int) -> tuple[int, int, int]:
        row = {c: values[p] for c, values in columns.items()}
        return (-int(row["mentions"]), -_completeness(row), p)

    groups = []
    for positions in grouped:
        ordered = sorted(positions, key=rank)
        groups.append(
            DuplicateGroup(
                area=str(columns["area"][positions[0]]),
                asset_ids=tuple(asset_ids[p] for p in ordered),
                names=tuple(str(columns["name"][p]) for p in ordered),
                exact=len({compact[p] for p in positions}) == 1,
            )
        )
    return groups


# -- inventory ---------------------------------------------------------------------------------


def _ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    seen = list(dict.fromkeys(str(v) for v in values if not _blank(v)))
    return list(order) + sorted(v for v in seen if v not in order)


def inventory_counts(
    inventory: pd.DataFrame, categories: Sequence[str], areas: Sequence[str]
) -> pd.DataFrame:
    """Distinct assets per category (rows) and area (columns), in the given orders.

    Categories or areas present in the data but not in the orders (a profile edited during a
    workshop) are appended rather than dropped, so no asset disappears from the counts.
    """
    rows = _ordered(inventory["category"] if not inventory.empty else [], categories)
    columns = _ordered(inventory["area"] if not inventory.empty else [], areas)
    if inventory.empty:
        return pd.DataFrame(0, index=pd.Index(rows), columns=pd.Index(columns), dtype=int)
    counts = inventory.groupby(["category", "area"])["asset_id"].nunique().unstack(fill_value=0)
    return counts.reindex(index=rows, columns=columns, fill_value=0).astype(int)


def inventory_listing(
    inventory: pd.DataFrame, categories: Sequence[str], areas: Sequence[str]
) -> pd.DataFrame:
    """The inventory sorted for reading: by category, then area, then name (accents ignored)."""
    if inventory.empty:
        return inventory.copy()
    category_rank = {c: i for i, c in enumerate(_ordered(inventory["category"], categories))}
    area_rank = {a: i for i, a in enumerate(_ordered(inventory["area"], areas))}
    keyed = inventory.assign(
        _c=inventory["category"].map(category_rank),
        _a=inventory["area"].map(area_rank),
        _n=[normalise_name(n) for n in inventory["name"]],
    )
    return (
        keyed.sort_values(["_c", "_a", "_n"], kind="stable")
        .drop(columns=["_c", "_a", "_n"])
        .reset_index(drop=True)
    )


def counts_by_area(inventory: pd.DataFrame, areas: Sequence[str]) -> pd.Series:
    """Distinct assets per area, every area of ``areas`` present (0 when none)."""
    if inventory.empty:
        return pd.Series(0, index=pd.Index(list(areas)), dtype=int)
    counts = inventory.groupby("area")["asset_id"].nunique()
    return counts.reindex(_ordered(inventory["area"], areas), fill_value=0).astype(int)


def counts_by_category(inventory: pd.DataFrame, categories: Sequence[str]) -> pd.Series:
    """Distinct assets per category, every category of ``categories`` present."""
    if inventory.empty:
        return pd.Series(0, index=pd.Index(list(categories)), dtype=int)
    counts = inventory.groupby("category")["asset_id"].nunique()
    return counts.reindex(_ordered(inventory["category"], categories), fill_value=0).astype(int)


def located_assets(inventory: pd.DataFrame) -> pd.DataFrame:
    """The assets that have a point (both coordinates)."""
    if inventory.empty:
        return inventory.copy()
    mask = inventory["latitude"].notna() & inventory["longitude"].notna()
    return inventory.loc[mask].reset_index(drop=True)


def inventory_summary(
    inventory: pd.DataFrame,
    t: Translator,
    category_names: Mapping[str, str],
    area_names: Mapping[str, str],
) -> str:
    """One sentence for the inventory chart: how many, which category and area lead and lag."""
    total = int(inventory["asset_id"].nunique()) if not inventory.empty else 0
    if total == 0:
        return t("assets.summary.inventory_empty")
    by_category = counts_by_category(inventory, list(category_names))
    by_area = counts_by_area(inventory, list(area_names))
    top_category = by_category.idxmax()
    low_area = by_area.idxmin()
    return t(
        "assets.summary.inventory",
        count=total,
        categories=int((by_category > 0).sum()),
        top_category=category_names.get(top_category, top_category),
        top_count=int(by_category.max()),
        low_area=area_names.get(low_area, low_area),
        low_count=int(by_area.min()),
    )


# -- gap matrix --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapMatrix:
    """Distinct assets per need (rows) and area (columns), and how pressing each gap is.

    ``weights`` (need → 0..1) is present when unmet-need scores were given; ``priority`` is
    weight / (1 + count) (weight 1 without scores). ``totals`` counts distinct assets per need
    across all areas. ``few``: a cell with this many assets or fewer is a gap.
    """

    counts: pd.DataFrame
    totals: pd.Series
    priority: pd.DataFrame
    weights: pd.Series | None = None
    scores: pd.Series | None = None
    few: int = 1

    @property
    def weighted(self) -> bool:
        return self.weights is not None

    def needs_without_assets(self) -> list[str]:
        """Needs that no asset helps with in any area."""
        return [need for need, total in self.totals.items() if total == 0]

    def gaps(self) -> pd.DataFrame:
        """Cells with ``few`` assets or fewer, most pressing first.

        Columns: need, area, count, priority. Ties keep the need order then the area order.
        """
        stacked = self.counts.stack()
        table = pd.DataFrame(
            {
                "need": stacked.index.get_level_values(0),
                "area": stacked.index.get_level_values(1),
                "count": stacked.to_numpy(),
                "priority": self.priority.stack().to_numpy(),
            }
        )
        table = table[table["count"] <= self.few]
        return table.sort_values("priority", ascending=False, kind="stable").reset_index(drop=True)


def _need_weights(scores: Mapping[str, float] | pd.Series, needs: Sequence[str]) -> pd.Series:
    """Scores as weights in 0..1 (score / highest score).

    A negative score (Borich: the need is better met than it is important) weighs 0: its gaps
    are not pressing. A need without a score gets the median weight, so a need the
    assessment did not ask about is neither hidden nor inflated. If no score is positive,
    every need weighs the same.
    """
    series = pd.to_numeric(pd.Series(scores, dtype=object), errors="coerce").astype(float)
    series = series.reindex(list(needs))
    series = series.where(np.isfinite(series)).clip(lower=0)
    top = series.max()
    if not np.isfinite(top) or top <= 0:
        return pd.Series(1.0, index=pd.Index(list(needs)))
    weights = series / top
    return weights.fillna(weights.median())


def gap_matrix(
    inventory: pd.DataFrame,
    needs: Sequence[str],
    areas: Sequence[str],
    unmet_scores: Mapping[str, float] | pd.Series | None = None,
    few: int = 1,
) -> GapMatrix:
    """Needs × areas counts of distinct assets, optionally weighted by unmet-need scores.

    Pass the merged inventory (:func:`apply_merges`): each asset id counts at most once per
    cell, and each merged group has one id. Needs or areas not in the profile's lists are
    left out (an asset keeps counting in the inventory).
    """
    need_index = pd.Index(list(needs), name="need")
    area_index = pd.Index(list(areas), name="area")
    counts = pd.DataFrame(0, index=need_index, columns=area_index, dtype=int)
    totals = pd.Series(0, index=need_index, dtype=int)
    if not inventory.empty:
        exploded = inventory[["asset_id", "area", "needs"]].explode("needs").dropna()
        exploded = exploded[exploded["needs"].isin(need_index)]
        if not exploded.empty:
            in_areas = exploded[exploded["area"].isin(area_index)]
            counts = (
                in_areas.groupby(["needs", "area"])["asset_id"]
                .nunique()
                .unstack(fill_value=0)
                .reindex(index=need_index, columns=area_index, fill_value=0)
                .astype(int)
            )
            counts.index.name, counts.columns.name = "need", "area"
            totals = (
                exploded.groupby("needs")["asset_id"]
                .nunique()
                .reindex(need_index, fill_value=0)
                .astype(int)
            )
    weights = scores = None
    if unmet_scores is not None and len(unmet_scores):
        scores = pd.to_numeric(pd.Series(unmet_scores, dtype=object), errors="coerce").reindex(
            need_index
        )
        weights = _need_weights(unmet_scores, needs)
    factor = weights if weights is not None else pd.Series(1.0, index=need_index)
    priority = (1.0 / (1.0 + counts)).mul(factor.to_numpy(), axis=0)
    return GapMatrix(counts, totals, priority, weights, scores, few)


def gap_summary(
    gap: GapMatrix,
    t: Translator,
    need_names: Mapping[str, str],
    area_names: Mapping[str, str],
    max_items: int = 3,
) -> str:
    """A plain-language paragraph: needs nothing meets, then the most pressing gaps by area."""
    if int(gap.totals.sum()) == 0:
        return t("assets.summary.no_assets")

    def names(items: Sequence[str], say_more: bool = True) -> str:
        shown = list(items[:max_items])
        if say_more and len(items) > max_items:
            shown.append(t("assets.summary.more", count=len(items) - max_items))
        return format_list(shown, locale=t.language)

    sentences = []
    nowhere = gap.needs_without_assets()
    if nowhere:
        sentences.append(
            t(
                "assets.summary.nowhere",
                count=len(nowhere),
                needs=names([need_names.get(n, n) for n in nowhere]),
            )
        )
    gaps = gap.gaps()
    gaps = gaps[~gaps["need"].isin(nowhere)]
    if not gaps.empty:
        cells = []
        for row in gaps.itertuples():
            need = need_names.get(row.need, row.need)
            area = area_names.get(row.area, row.area)
            if row.count == 0:
                cells.append(t("assets.summary.cell_none", need=need, area=area))
            else:
                cells.append(t("assets.summary.cell_few", need=need, area=area, count=row.count))
        key = "assets.summary.gaps_weighted" if gap.weighted else "assets.summary.gaps"
        sentences.append(t(key, cells=names(cells, say_more=False), count=len(cells)))
    if not sentences:
        sentences.append(t("assets.summary.no_gaps", count=gap.few + 1))
    return " ".join(sentences)
