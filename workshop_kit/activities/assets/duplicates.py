"""Likely duplicates among the assets of one area.

Pure functions (no widgets, files or database). Detection is deliberately conservative,
because a false "duplicate" costs the facilitator a click but a wrong merge hides an asset:

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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA

from workshop_kit.activities.assets.model import OPTIONAL_TEXT, MergePlan, blank

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
    filled = sum(not blank(row[c]) for c in OPTIONAL_TEXT)
    located = not blank(row["latitude"]) and not blank(row["longitude"])
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
