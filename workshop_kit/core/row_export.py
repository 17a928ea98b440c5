"""Person-level answers, exported only on explicit request, and then through disclosure control.

The default exports are the shown state (:mod:`workshop_kit.core.shown_export`). Some
facilitators need rows (to re-run an analysis elsewhere); these rows still leave the laptop,
so each table is made safe on its own before it is written:

- **who**: no device or participant id, no time, no answer id. Each activity's table has its
  own pseudonyms (``P001`` …, in order of first answer), so the rows of one
  person cannot be joined across tables (a bereaved person's area from the warm-up beside
  their 168 hours of care);
- **written answers** (:data:`APPROVED_ONLY`: free text, Charter evidence and next steps,
  stories, asset names): kept only if the facilitator approved them, as on the projector;
  otherwise the cell says "withheld" (the row stays, the words do not);
- **details** of an asset (:data:`NEVER_COLUMNS`: contact, opening hours, coordinates) and
  **structures** (a CareMap's people and ties, whose labels are names): never. An activity
  whose answers are structures is left out, and the note says so;
- **individuals' gifts** (asset category :data:`GIFT_CATEGORY`): never a row, only counted in
  the shown state;
- **group × area**: a row whose combination of group and area is shared by fewer than
  ``min_cell_size`` people is *generalised*: its area is withheld; if its group alone is
  still shared by fewer, its group is withheld too; if the people left with both withheld are
  still fewer, their rows are *suppressed*. The notes count each.

Rows come from the one core entry for released answers (:meth:`~workshop_kit.core.report.
ReportContext.released`), so they never hold an answer the room could not have seen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from workshop_kit.core.answers import FACILITATOR_ID, review_decisions
from workshop_kit.core.disclosure import APPROVE, people_of, text_key
from workshop_kit.core.exports import ExportFile
from workshop_kit.core.report import ReportContext
from workshop_kit.core.shown_export import table_files

#: Columns holding what someone wrote: exported only when the facilitator approved the text.
APPROVED_ONLY = ("text", "evidence", "next_step", "story", "name")
#: Columns that never leave as rows: the store's record, the page, an asset's details.
NEVER_COLUMNS = (
    "answer_id",
    "created_at",
    "source",
    "item",
    "device_id",
    "contact",
    "opening_hours",
    "latitude",
    "longitude",
    "asset_id",
)
#: The asset category of individuals' gifts and skills: a person, never a row.
GIFT_CATEGORY = "gifts"
#: The two columns whose combination may single someone out.
QUASI_IDENTIFIERS = ("group", "area")
#: The workbook of the person-level tables.
ROWS_WORKBOOK = "rows-answers.xlsx"


@dataclass
class RowExport:
    """The person-level tables, by activity, and what was withheld from them."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: activity -> number of rows generalised / suppressed / texts withheld.
    generalised: dict[str, int] = field(default_factory=dict)
    suppressed: dict[str, int] = field(default_factory=dict)
    withheld_texts: dict[str, int] = field(default_factory=dict)
    #: Activities left out, their answers being structures (a CareMap) or gifts only.
    left_out: list[str] = field(default_factory=list)


def _nested(value: object) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list | tuple) and any(isinstance(v, dict) for v in value)


def generalise(
    frame: pd.DataFrame, people: pd.Series, k: int, withheld: str
) -> tuple[pd.DataFrame, int, int]:
    """``frame`` with group × area cells shared by fewer than ``k`` people withheld (area
    first, then group), and the rows still that small dropped; with the numbers of rows
    generalised and suppressed (see the module docstring). ``people`` says who each row
    counts as (:func:`~workshop_kit.core.disclosure.people_of`)."""
    columns = [c for c in QUASI_IDENTIFIERS if c in frame]
    if not columns or frame.empty:
        return frame, 0, 0
    frame = frame.copy()
    for column in columns:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
    changed = pd.Series(False, index=frame.index)
    for column in reversed(columns):  # area first, then group
        key = frame[columns].apply(tuple, axis=1)
        small = people.groupby(key).transform("nunique") < k
        small &= frame[column] != withheld
        frame.loc[small, column] = withheld
        changed |= small
    key = frame[columns].apply(tuple, axis=1)
    small = people.groupby(key).transform("nunique") < k
    return frame[~small], int((changed & ~small).sum()), int(small.sum())


def row_export(context: ReportContext, activities: Iterable[str], withheld: str) -> RowExport:
    """The person-level tables of ``activities`` (those with participants' answers), each made
    safe on its own; ``withheld`` is what a withheld cell says."""
    k = context.profile.min_cell_size
    approved = {
        key
        for key, decision in review_decisions(context.history("text_reviews")).items()
        if decision == APPROVE
    }
    result = RowExport()
    for activity in activities:
        rows = context.released(activity)
        if rows is None or rows.empty or "participant_id" not in rows:
            continue
        rows = rows[rows["participant_id"] != FACILITATOR_ID]
        if rows.empty:
            continue
        if any(rows[c].map(_nested).any() for c in rows.columns):
            result.left_out.append(activity)
            continue
        if "category" in rows:
            rows = rows[rows["category"] != GIFT_CATEGORY]
            if rows.empty:
                result.left_out.append(activity)
                continue
        people = people_of(rows)
        table = rows.drop(columns=[c for c in NEVER_COLUMNS if c in rows])
        texts = 0
        for column in APPROVED_ONLY:
            if column not in table:
                continue
            written = table[column].map(lambda v: isinstance(v, str) and v.strip() != "")
            keep = table[column].map(lambda v: isinstance(v, str) and text_key(v) in approved)
            texts += int((written & ~keep).sum())
            table[column] = table[column].where(~written | keep, withheld)
        table, generalised, suppressed = generalise(table, people, k, withheld)
        names: dict[str, str] = {}
        for person in people[table.index]:
            names.setdefault(person, f"P{len(names) + 1:03d}")
        table.insert(0, "person", people[table.index].map(names))
        table = table.drop(columns=["participant_id"]).dropna(axis=1, how="all")
        for column in table.columns:  # ratings beside text rows: 4, not 4.0
            values = table[column]
            if values.dtype.kind == "f" and (values.dropna() % 1 == 0).all():
                table[column] = values.astype("Int64")
        result.tables[activity] = table.reset_index(drop=True)
        result.generalised[activity] = generalised
        result.suppressed[activity] = suppressed
        result.withheld_texts[activity] = texts
    return result


def row_files(export: RowExport) -> list[ExportFile]:
    """``rows-<activity>.csv`` per activity and ``rows-answers.xlsx`` (formula-safe)."""
    return table_files(export.tables, "rows", ROWS_WORKBOOK)
