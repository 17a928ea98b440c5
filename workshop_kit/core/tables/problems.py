"""Why a file cannot be used, said so that a program can match it and a person can act on it.

Every reader of a table (this package, the activities' importers, the import box) reports
through :class:`Problem` and :class:`TableError`, and names rows, columns and sizes with the
helpers below, so that the same situation reads the same way whatever file or activity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from workshop_kit.i18n import Translator

#: How many rows a message names before saying "and N more".
SHOWN_ROWS = 8

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be used as it is (``error``) or a note about it (``warning``).

    ``code`` is stable across languages and versions (tests and widgets match on it);
    ``message`` is already translated; ``rows`` are spreadsheet row numbers (header = 1);
    ``columns`` names the columns concerned; ``choices`` lists what the person may pick
    instead (sheet names), so an upload widget can offer them.
    """

    code: str
    message: str
    rows: tuple[int, ...] = ()
    columns: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return self.message


class TableError(ValueError):
    """The file cannot be read as a table; ``problems`` says why, in the reader's language."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.message for p in self.problems))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


def describe_rows(rows: Iterable[int], t: Translator) -> str:
    """``2, 5, 9`` or ``2, 5, 9, … and 12 more``: enough to find them, short enough to read."""
    ordered = sorted(set(rows))
    shown = ", ".join(t.number(r) for r in ordered[:SHOWN_ROWS])
    if len(ordered) > SHOWN_ROWS:
        return t("io.rows_and_more", rows=shown, count=len(ordered) - SHOWN_ROWS)
    return shown


def describe_names(names: Iterable[str], t: Translator) -> str:
    """Column or sheet names quoted the way the language quotes (“…” / « … »)."""
    return ", ".join(t("io.quoted", name=name) for name in names)


def describe_size(size: int, t: Translator) -> str:
    """A byte count as people say it: ``10 MB``, ``2.5 MB``, ``300 kB``."""
    if size < 1000:
        return t("io.size_bytes", count=size)
    if size >= 1_000_000:
        value, key = size / 1_000_000, "io.size_mb"
    else:
        value, key = size / 1000, "io.size_kb"
    digits = 0 if float(value).is_integer() or value >= 100 else 1
    return t(key, size=t.number(value, digits))


def too_large_problem(name: str, size: int, max_bytes: int, t: Translator) -> Problem:
    """The refusal of a file over the limit, stating both sizes (also used before reading a
    file from disk, so a huge file is never loaded just to be refused)."""
    message = t(
        "io.too_large",
        name=name,
        size=describe_size(size, t),
        limit=describe_size(max_bytes, t),
    )
    return Problem("too_large", message)
