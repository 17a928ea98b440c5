"""Read a CSV, TSV or XLSX file that someone brings to a workshop into a table of text.

Why this exists: facilitators bring survey exports from KoboToolbox, Google Forms and
spreadsheets saved on French- or English-language computers. The same table arrives as
UTF-8 with or without a byte-order mark, as Windows-1252, with commas, semicolons (what a
French-locale spreadsheet writes, because the comma is the decimal separator) or tabs, or as
an XLSX workbook with one or several sheets. Pandas' readers guess some of this and fail on
the rest with messages no facilitator can act on. :func:`read_table` tries every supported
combination itself and, when it cannot read the file, raises :class:`TableError` with one
:class:`Problem` per reason, each with a stable ``code`` (for programs and tests) and a
``message`` in the reader's language (for people).

The result is deliberately plain so that every activity can reuse it (needs surveys, asset
inventories …):

- every cell is text (``""`` when empty), stripped of surrounding spaces; numbers from XLSX
  become their usual text (``4``, ``3.5``); callers parse and validate;
- the index holds the row numbers a spreadsheet shows (the header is row 1), so a message
  can say "rows 4 and 9" and the person finds them;
- blank rows are skipped (their numbers are kept by the others), unnamed empty columns
  (trailing separators, Excel's phantom columns) are dropped;
- ``DataFrame.attrs`` says what was detected: ``format``, ``encoding``, ``delimiter``,
  ``sheet``, ``filename``.

This package's public face is this module: import from ``workshop_kit.core.tables``. Inside,
one module per concern: :mod:`~workshop_kit.core.tables.problems` (what a refusal says),
:mod:`~workshop_kit.core.tables.names` (file names, loose header matching),
:mod:`~workshop_kit.core.tables.limits` (sizes, counted while the file streams; patch them
there), :mod:`~workshop_kit.core.tables.text` (decoding, delimiters),
:mod:`~workshop_kit.core.tables.workbook` and :mod:`~workshop_kit.core.tables.workbook_scan`
(XLSX), and :mod:`~workshop_kit.core.tables.frame` (rows to the table).
"""

from __future__ import annotations

import codecs

import pandas as pd

from workshop_kit.core.tables.frame import to_frame
from workshop_kit.core.tables.limits import DEFAULT_MAX_BYTES
from workshop_kit.core.tables.names import file_name, normal
from workshop_kit.core.tables.problems import (
    Problem,
    Severity,
    TableError,
    describe_names,
    describe_rows,
    describe_size,
    too_large_problem,
)
from workshop_kit.core.tables.text import binary_kind, decode, read_text
from workshop_kit.core.tables.workbook import read_workbook
from workshop_kit.i18n import Translator

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Problem",
    "Severity",
    "TableError",
    "describe_names",
    "describe_rows",
    "describe_size",
    "file_name",
    "normal",
    "read_table",
    "too_large_problem",
]


def read_table(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    language: str = "en",
    min_columns: int = 2,
) -> pd.DataFrame:
    """Read ``data`` (the bytes of ``filename``) as a table of text cells.

    ``sheet`` picks a sheet of a workbook that has several; ``min_columns`` is how many
    columns a text file must have to count as a table (a letter or a list of words has one).
    Raises :class:`TableError` when the file cannot be read.
    """
    t = Translator(language)
    name = file_name(filename) or "?"
    if len(data) > max_bytes:
        raise TableError([too_large_problem(name, len(data), max_bytes, t)])
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise TableError([Problem("empty", t("io.empty", name=name))])

    if data.startswith(b"PK\x03\x04"):
        raw = read_workbook(data, name, sheet, max_bytes, t)
    else:
        kind = binary_kind(data)
        if kind is not None:
            raise TableError([Problem(kind, t(f"io.{kind}", name=name))])
        text, encoding = decode(data)
        if text is None:
            raise TableError([Problem("binary", t("io.binary", name=name))])
        raw = read_text(text, name, min_columns, t)
        raw.attrs["encoding"] = encoding
    raw.attrs["filename"] = name
    return to_frame(raw, name, min_columns, t)
