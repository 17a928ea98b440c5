"""What of the asset counts may be shown: disclosure control for asset mapping.

The rules are the core's (:mod:`workshop_kit.core.disclosure`); this module says who the people
behind each asset count are, and applies the rules to the counts the views and exports show.

**Who counts.** A participant is a person: an asset stands for everyone who gave one of the
answers merged into it. An imported row (source ``import``) is nobody in the room: it comes
from a file the facilitator holds (a published directory, last year's inventory). So:

- a count built only from imported rows is shown, as a 0 is: it describes no one;
- a count with any participant's asset in it is shown only when at least ``min_cell_size``
  participants contributed to it, whatever the number of imported rows beside them. Counting
  imported rows as people would let "4 imported + 1 participant" show 5, and anyone who saw
  the import would read the one person's asset off the difference.

**Live release** (:func:`live_assets`). The projector shows participants' assets released in
whole blocks of ``min_cell_size`` people (:func:`~workshop_kit.core.disclosure.released_answers`),
counted among participants only; imported rows at once, since an import is the facilitator's
action, not a person's answer, and blocks padded with a file would hold fewer people.

**Counts** (:func:`shown_counts`, :func:`protect_gap`).

- By category and by area: each a partition of the assets whose total is shown, so a hidden
  count is protected from "total minus the others" by
  :func:`~workshop_kit.core.disclosure.protect_cells`; and because one person may add assets of
  several categories (``protect_cells`` adds up people cell by cell), more cells are hidden
  until the hidden ones together come from at least ``min_cell_size`` distinct people.
- Needs × areas of the gap matrix, and assets per need in the network workbook: an asset helps
  several needs, so these are no partition and no total of them is shown; each cell alone
  follows the rule (:func:`~workshop_kit.core.disclosure.shown_count`).

Pure functions on DataFrames: no widgets, files or database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from workshop_kit.activities.assets.gaps import GapMatrix
from workshop_kit.activities.assets.inventory import (
    counts_by_area,
    counts_by_category,
    located_assets,
)
from workshop_kit.core.disclosure import contributors, protect_cells, release_from_log, shown_count

#: The ``source`` of rows that came from a file, not from a person in the room.
IMPORT_SOURCE = "import"

_CONTRIBUTION_COLUMNS = ["asset_id", "category", "area", "needs", "participant_id"]


def imported(answers: pd.DataFrame) -> pd.Series:
    """Which rows of an answers table came from an imported file."""
    if "source" not in answers:
        return pd.Series(False, index=answers.index)
    return answers["source"].eq(IMPORT_SOURCE)


def released_assets(context: Any) -> pd.DataFrame:
    """The assets a view of ``context`` may show (:func:`live_assets` under the session's
    releases): what the projector, the report and the exports all start from."""
    log = context.history("assets") if context.history is not None else context.answers("assets")
    return live_assets(log, context.profile.min_cell_size, context.releases("assets"))


def live_assets(
    log: pd.DataFrame, min_cell_size: int, releases: Iterable[Any] | None = None
) -> pd.DataFrame:
    """The assets a projected view may show: imported rows at once, participants' assets as
    released in whole blocks of ``min_cell_size`` participants (see the module docstring).

    ``log`` is the answer log (``Store.answers(code, "assets", latest_only=False)``); a
    latest-only table works too (see :func:`~workshop_kit.core.disclosure.released_answers`).
    """
    if log is None or log.empty:
        return log
    from_file = imported(log)
    files = log[from_file]
    if not files.empty and {"participant_id", "item"} <= set(files.columns):
        files = files.drop_duplicates(["participant_id", "item"], keep="last")
    people = release_from_log(log[~from_file], releases, min_cell_size)
    frame = pd.concat([files, people]) if not files.empty else people
    if "answer_id" in frame:
        frame = frame.sort_values("answer_id", kind="stable")
    return frame.reset_index(drop=True)


def people_by_asset(answers: pd.DataFrame) -> dict[str, str]:
    """Asset id → the participant who gave it. Imported rows are nobody and left out; a table
    without participant ids (a file read outside a session) counts one person a row, as
    :func:`~workshop_kit.core.disclosure.contributors` does."""
    if answers is None or answers.empty:
        return {}
    ids = answers["asset_id"] if "asset_id" in answers else answers.get("item")
    if ids is None:
        return {}
    people = (
        answers["participant_id"].astype(str)
        if "participant_id" in answers
        else pd.Series([f"row-{i}" for i in range(len(answers))], index=answers.index)
    )
    mask = ~imported(answers)
    return dict(zip(ids[mask].astype(str), people[mask], strict=True))


def contributions(inventory: pd.DataFrame, people: Mapping[str, str]) -> pd.DataFrame:
    """One row per asset of the (merged) inventory and participant behind it: the asset's
    ``asset_id``, ``category``, ``area`` and ``needs``, and the ``participant_id``."""
    rows = []
    if not inventory.empty:
        for asset_id, category, area, needs, members in zip(
            inventory["asset_id"],
            inventory["category"],
            inventory["area"],
            inventory["needs"],
            inventory["members"],
            strict=True,
        ):
            who = dict.fromkeys(people[m] for m in members if m in people)
            rows.extend((asset_id, category, area, needs, person) for person in who)
    return pd.DataFrame(rows, columns=_CONTRIBUTION_COLUMNS)


def _people_per(given: pd.DataFrame, key: str | list[str]) -> dict[Any, pd.DataFrame]:
    """The contributions of each value of ``key`` (string values, or tuples of them)."""
    if given.empty:
        return {}
    if isinstance(key, str):
        return {str(value): group for value, group in given.groupby(key, sort=False)}
    return {tuple(str(v) for v in value): group for value, group in given.groupby(key, sort=False)}


def _protect_line(
    groups: list[pd.DataFrame | None], min_cell_size: int, hidden: set[int] | None = None
) -> set[int]:
    """Positions to hide in one line of cells whose total is shown (each cell given by the
    contributions behind it).

    :func:`~workshop_kit.core.disclosure.protect_cells`, on top of cells already ``hidden``
    (by a crossing line of a table), then more until the hidden cells together come from at
    least ``min_cell_size`` distinct people (``protect_cells`` adds up people cell by cell, and
    one person may be behind several cells), and never one hidden cell alone: the total minus
    the shown cells would give it away, and in a table its value would then give away a small
    cell of its column.
    """
    people = [contributors(group) for group in groups]
    hidden = set(hidden or ()) | protect_cells(people, min_cell_size)
    while hidden:
        behind = [group for i in hidden if (group := groups[i]) is not None]
        enough_people = bool(behind) and contributors(pd.concat(behind)) >= min_cell_size
        if enough_people and len(hidden) > 1:
            break
        others = [(people[i], i) for i in range(len(people)) if people[i] > 0 and i not in hidden]
        if not others:
            break  # every participant's cell is hidden: their sum is the whole room's
        hidden.add(min(others)[1])
    return hidden


def protect_partition(
    counts: pd.Series, given: pd.DataFrame, key: str, min_cell_size: int
) -> dict[str, int | None]:
    """The counts of one partition of the assets (by ``key``: category or area), with the
    cells to hide as ``None`` (see the module docstring)."""
    keys = [str(value) for value in counts.index]
    groups = _people_per(given, key)
    hidden = _protect_line([groups.get(value) for value in keys], min_cell_size)
    return {value: None if i in hidden else int(counts.iloc[i]) for i, value in enumerate(keys)}


def protect_table(
    counts: pd.DataFrame, given: pd.DataFrame, shown: ShownCounts
) -> list[list[int | None]]:
    """Assets per category (rows) and area (columns), as they may be shown: ``None`` for a
    cell too few to show.

    The rows add up to the category counts and the columns to the area counts, both shown in
    the charts; so a row or column whose total is hidden hides its participants' cells, and
    each row and column is protected like a partition (:func:`_protect_line`: no line with one
    hidden cell alone) until nothing changes, so no shown total minus shown cells, in a row or
    then in a column, gives away a small cell.
    """
    k = shown.min_cell_size
    rows = [str(r) for r in counts.index]
    columns = [str(c) for c in counts.columns]
    groups = _people_per(given, ["category", "area"])
    cell = [[groups.get((r, c)) for c in columns] for r in rows]
    people = [[contributors(g) for g in line] for line in cell]
    hidden = {
        (i, j)
        for i, r in enumerate(rows)
        for j, c in enumerate(columns)
        if people[i][j] > 0
        and (shown.categories.get(r, 0) is None or shown.areas.get(c, 0) is None)
    }
    changed = True
    while changed:
        before = len(hidden)
        for i in range(len(rows)):
            line = _protect_line(cell[i], k, {j for (a, j) in hidden if a == i})
            hidden |= {(i, j) for j in line}
        for j in range(len(columns)):
            line = _protect_line(
                [cell[i][j] for i in range(len(rows))], k, {a for (a, b) in hidden if b == j}
            )
            hidden |= {(i, j) for i in line}
        changed = len(hidden) > before
    values = counts.to_numpy()
    return [
        [None if (i, j) in hidden else int(values[i, j]) for j in range(len(columns))]
        for i in range(len(rows))
    ]


def protect_gap(gap: GapMatrix, given: pd.DataFrame, min_cell_size: int) -> GapMatrix:
    """``gap`` with :attr:`~.gaps.GapMatrix.hidden` set: the cells whose assets come from 1 to
    ``min_cell_size - 1`` participants."""
    hidden = pd.DataFrame(False, index=gap.counts.index, columns=gap.counts.columns)
    by_need = given.explode("needs").dropna(subset=["needs"])
    for (need, area), group in by_need.groupby(["needs", "area"], sort=False):
        if need in hidden.index and area in hidden.columns:
            hidden.loc[need, area] = shown_count(contributors(group), min_cell_size) is None
    return replace(gap, hidden=hidden, min_cell_size=min_cell_size)


@dataclass(frozen=True)
class ShownCounts:
    """The counts the views and exports may show: ``None`` is "too few to show"."""

    categories: dict[str, int | None]
    areas: dict[str, int | None]
    #: Assets per need in any area (the network workbook's need elements).
    needs: dict[str, int | None]
    min_cell_size: int

    @property
    def hidden(self) -> bool:
        """Whether any count is hidden (the sentences then say why)."""
        return any(
            value is None
            for counts in (self.categories, self.areas, self.needs)
            for value in counts.values()
        )


def shown_counts(
    inventory: pd.DataFrame,
    given: pd.DataFrame,
    categories: list[str],
    areas: list[str],
    gap: GapMatrix,
    min_cell_size: int,
) -> ShownCounts:
    """Assets by category, by area and by need, as they may be shown.

    ``given`` is :func:`contributions` of ``inventory``; ``gap`` its gap matrix (for the
    assets per need in any area).
    """
    by_need = given.explode("needs").dropna(subset=["needs"])
    groups = _people_per(by_need, "needs")
    needs = {
        str(need): (
            None
            if shown_count(contributors(groups.get(str(need))), min_cell_size) is None
            else int(total)
        )
        for need, total in gap.totals.items()
    }
    return ShownCounts(
        categories=protect_partition(
            counts_by_category(inventory, categories), given, "category", min_cell_size
        ),
        areas=protect_partition(counts_by_area(inventory, areas), given, "area", min_cell_size),
        needs=needs,
        min_cell_size=min_cell_size,
    )


def shown_points(inventory: pd.DataFrame, shown: ShownCounts) -> pd.DataFrame:
    """The located assets of the areas whose count is shown: the points of a hidden area would
    let anyone count its assets."""
    located = located_assets(inventory)
    if located.empty:
        return located
    visible = {area for area, count in shown.areas.items() if count is not None}
    return located[located["area"].astype(str).isin(visible)].reset_index(drop=True)
