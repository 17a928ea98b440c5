"""From rows of text, however they were read, to the table the activities use.

Why one step for every format: a CSV and a workbook differ in how their rows are read, not in
what makes a table usable. The header is the first filled row; blank rows are skipped but keep
their numbers; unnamed empty columns are dropped; cells past the header in a text file and
columns named twice are refused, because guessing would put answers under the wrong question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from workshop_kit.core.tables.problems import Problem, TableError, describe_names, describe_rows
from workshop_kit.i18n import Translator


@dataclass
class Raw:
    """Rows as lists of text, before the header is chosen."""

    records: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)
    attrs: dict[str, Any] = field(default_factory=dict)


def filled(cells: Sequence[Any]) -> bool:
    """Whether any of ``cells`` holds more than spaces."""
    return any(str(cell).strip() for cell in cells)


def to_frame(raw: Raw, name: str, min_columns: int, t: Translator) -> pd.DataFrame:
    """The table of ``raw``: text cells, named columns, indexed by spreadsheet row number."""
    records = [(number, cells) for number, cells in raw.records if filled(cells)]
    if not records:
        raise TableError([Problem("empty", t("io.empty", name=name))])
    header = records[0][1]
    body = records[1:]
    problems: list[Problem] = []

    if raw.attrs.get("format") == "csv":
        # More cells than the header has names: usually a value holding the delimiter
        # without quotes ("Smith, John" in a comma file). Guessing would shift columns.
        ragged = [number for number, cells in body if filled(cells[len(header) :])]
        if ragged:
            rows = describe_rows(ragged, t)
            message = t("io.ragged_rows", name=name, rows=rows, count=len(ragged))
            problems.append(Problem("ragged_rows", message, rows=tuple(ragged)))
        body = [(number, cells[: len(header)]) for number, cells in body]

    # Drop unnamed columns that hold nothing (trailing separators, phantom Excel columns).
    width = max([len(header), *(len(cells) for _, cells in body)])
    header = header + [""] * (width - len(header))
    keep = [
        i
        for i, title in enumerate(header)
        if title or any(i < len(cells) and cells[i] for _, cells in body)
    ]
    if len(keep) < min_columns:
        raise TableError([Problem("not_a_table", t("io.not_a_table", name=name))])
    columns = [header[i] or t("io.unnamed_column", number=i + 1) for i in keep]

    seen: dict[str, int] = {}
    for title in columns:
        seen[title.casefold()] = seen.get(title.casefold(), 0) + 1
    doubled = [c for c in dict.fromkeys(columns) if seen[c.casefold()] > 1]
    if doubled:
        message = t("io.duplicate_columns", name=name, columns=describe_names(doubled, t))
        problems.append(Problem("duplicate_columns", message, columns=tuple(doubled)))

    if problems:
        raise TableError(problems)
    if not body:
        raise TableError([Problem("no_rows", t("io.no_rows", name=name))])

    table = [[cells[i] if i < len(cells) else "" for i in keep] for _, cells in body]
    frame = pd.DataFrame(table, columns=columns, dtype=object)
    frame.index = pd.Index([number for number, _ in body], name="row")
    frame.attrs.update(raw.attrs)
    return frame
