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
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

import pandas as pd

from workshop_kit.i18n import Translator

#: Uploads larger than this are refused before any parsing (a needs survey of a thousand
#: people is about 100 kB; 10 MB leaves room for big inventories and stops accidents such as
#: a video picked by mistake from reaching the parser).
DEFAULT_MAX_BYTES = 10_000_000

#: An XLSX file is a zip archive; refuse one that unpacks to more than this many times the
#: size limit (a "zip bomb" would otherwise exhaust the server's memory). The sizes a zip
#: declares are a hard bound: Python's ``zipfile`` never inflates a part past its declared
#: size (a part that lies about it fails its checksum and is reported as damaged).
MAX_UNPACK_FACTOR = 20

#: Most parts (files) inside a workbook archive: real workbooks have a few dozen; a zip of
#: hundreds of thousands of empty parts costs memory before any of them is read.
MAX_ARCHIVE_PARTS = 1_000

#: Delimiters tried on text files, in order of preference when two read equally well.
DELIMITERS = (",", ";", "\t", "|")

#: Most cells read from one file: a 10 MB workbook can unpack to far more text than a
#: laptop wants in memory; no survey or inventory comes near this. Cells are counted while
#: the file streams, padding included (a workbook row holds every cell up to its last one),
#: so the limit stops the reading before memory grows, not after.
MAX_CELLS = 2_000_000

#: Most rows (blank ones included: their numbers count) and columns of one table. A
#: thousand-person survey has a thousand rows and a few hundred columns at most; Excel's own
#: limits (1,048,576 rows, 16,384 columns) are what a hostile file declares to be padded to.
MAX_ROWS = 100_000
MAX_COLUMNS = 2_000

#: XML elements a workbook may hold per allowed cell (a cell, its value, an inline string and
#: rich-text runs), so that parts that are not cells cannot make the reader work forever.
_ELEMENTS_PER_CELL = 6

#: How many rows a message names before saying "and N more".
SHOWN_ROWS = 8

_SNIFF_CHARS = 65_536
_SNIFF_RECORDS = 60

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


# -- helpers shared with the activity readers -------------------------------------------------


def file_name(filename: str) -> str:
    """The name of a file without its folders (browsers and ``Path`` give either ``/`` or
    ``\\``): how every message and result names the file."""
    return filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


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


# -- the reader ---------------------------------------------------------------------------------


@dataclass
class _Raw:
    """Rows as lists of text, before the header is chosen."""

    records: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)
    attrs: dict[str, Any] = field(default_factory=dict)


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
        raw = _read_workbook(data, name, sheet, max_bytes, t)
    else:
        kind = _binary_kind(data)
        if kind is not None:
            raise TableError([Problem(kind, t(f"io.{kind}", name=name))])
        text, encoding = _decode(data)
        if text is None:
            raise TableError([Problem("binary", t("io.binary", name=name))])
        raw = _read_text(text, name, min_columns, t)
        raw.attrs["encoding"] = encoding
    raw.attrs["filename"] = name
    return _to_frame(raw, name, min_columns, t)


def _binary_kind(data: bytes) -> str | None:
    """``old_excel`` for a .xls file, ``binary`` for anything else that is not text."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .xls (or .doc)
        return "old_excel"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # "Unicode text" from Excel: UTF-16 with a byte-order mark
    head = data[:_SNIFF_CHARS]
    if b"\x00" in head:
        return "binary"
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\x1a")
    return "binary" if controls > max(2, len(head) // 100) else None


def _decode(data: bytes) -> tuple[str | None, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; ``None`` if neither.

    UTF-8 is tried first because bytes that decode as UTF-8 are almost never meant as
    Windows-1252, while the reverse is common (every byte string "decodes" in cp1252 except
    five undefined bytes, which is how a binary file is still caught).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, ""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None, ""


def _read_text(text: str, name: str, min_columns: int, t: Translator) -> _Raw:
    delimiter = _sniff_delimiter(text, min_columns)
    if delimiter is None:
        raise TableError([Problem("not_a_table", t("io.not_a_table", name=name))])
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records = _counted(
            ((number, [cell.strip() for cell in cells]) for number, cells in enumerate(reader, 1)),
            name,
            t,
        )
    except csv.Error:
        raise TableError([Problem("not_a_table", t("io.not_a_table", name=name))]) from None
    return _Raw(records, {"format": "csv", "delimiter": delimiter, "sheet": None})


def _counted(
    rows: Iterable[tuple[int, list[str]]], name: str, t: Translator
) -> list[tuple[int, list[str]]]:
    """Collect rows while counting rows, columns and cells; refuse at the first limit passed.

    Why while streaming: counting after the table is in memory (as this reader once did)
    lets a small file with a huge declared size take the kernel down before the count runs.
    """
    records: list[tuple[int, list[str]]] = []
    cells = 0
    for number, values in rows:
        if number > MAX_ROWS:
            raise _limit_error("rows", name, t)
        if len(values) > MAX_COLUMNS:
            raise _limit_error("columns", name, t)
        cells += len(values)
        if cells > MAX_CELLS:
            raise _limit_error("cells", name, t)
        records.append((number, values))
    return records


def _limit_error(what: str, name: str, t: Translator) -> TableError:
    """The refusal of a table past one of the size limits (code ``too_large``)."""
    limit = {"rows": MAX_ROWS, "columns": MAX_COLUMNS, "cells": MAX_CELLS}[what]
    message = t(f"io.too_many_{what}", name=name, limit=t.number(limit))
    return TableError([Problem("too_large", message)])


def _sniff_delimiter(text: str, min_columns: int) -> str | None:
    """The delimiter that splits the first rows into the most consistent columns.

    ``csv.Sniffer`` is easily fooled by commas inside French decimals or free text; instead
    each candidate reads the first rows and is scored by how many rows have the header's
    width (extra empty cells allowed), then by that width.
    """
    sample = text[:_SNIFF_CHARS]
    truncated = len(text) > len(sample)
    best: tuple[float, int] | None = None
    chosen = None
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            records = [r for r in itertools.islice(reader, _SNIFF_RECORDS) if _filled(r)]
        except csv.Error:
            continue
        if truncated and len(records) > 1:
            records = records[:-1]
        if not records:
            continue
        width = len(records[0])
        if width < max(min_columns, 2):
            continue
        fitting = sum(1 for r in records if len(r) == width or not _filled(r[width:]))
        score = (fitting / len(records), width)
        if best is None or score > best:
            best, chosen = score, delimiter
    if chosen is None and min_columns <= 1 and sample.strip():
        return ","  # one column is allowed: any delimiter reads it the same
    return chosen


def _filled(cells: Sequence[Any]) -> bool:
    return any(str(cell).strip() for cell in cells)


def _read_workbook(
    data: bytes, name: str, sheet: str | None, max_bytes: int, t: Translator
) -> _Raw:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError([Problem("binary", t("io.binary", name=name))]) from None
    if "mimetype" in entries and entries["mimetype"].file_size < 200:
        mimetype = archive.read("mimetype").decode("ascii", "replace")
        if "opendocument.spreadsheet" in mimetype:
            problem = Problem("unsupported_spreadsheet", t("io.unsupported_spreadsheet", name=name))
            raise TableError([problem])
    if "xl/workbook.xml" not in entries:
        raise TableError([Problem("binary", t("io.binary", name=name))])
    unpacked = sum(info.file_size for info in entries.values())
    if unpacked > max_bytes * MAX_UNPACK_FACTOR or len(entries) > MAX_ARCHIVE_PARTS:
        message = t(
            "io.too_large_unpacked",
            name=name,
            limit=describe_size(max_bytes * MAX_UNPACK_FACTOR, t),
        )
        raise TableError([Problem("too_large", message)])
    _scan_parts(archive, name, t)

    import openpyxl  # imported here: only uploads of workbooks pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged files; all mean "unreadable"
        problem = Problem("unreadable_spreadsheet", t("io.unreadable_spreadsheet", name=name))
        raise TableError([problem]) from None
    try:
        names = list(workbook.sheetnames)
        if sheet is not None:
            if sheet not in names:
                message = t(
                    "io.unknown_sheet",
                    name=name,
                    sheet=sheet,
                    sheets=describe_names(names, t),
                )
                raise TableError([Problem("unknown_sheet", message, choices=tuple(names))])
            chosen = sheet
        else:
            filled = [n for n in names if _sheet_has_cells(workbook[n])]
            if len(filled) > 1:
                message = t("io.several_sheets", name=name, sheets=describe_names(filled, t))
                raise TableError([Problem("several_sheets", message, choices=tuple(filled))])
            if not names:
                raise KeyError("no worksheet")
            chosen = filled[0] if filled else names[0]
        records = _counted(
            (
                (number, [_cell_text(value) for value in values])
                for number, values in _rows(workbook[chosen])
            ),
            name,
            t,
        )
    except TableError:
        raise
    except Exception:  # a part of the archive is missing or malformed
        problem = Problem("unreadable_spreadsheet", t("io.unreadable_spreadsheet", name=name))
        raise TableError([problem]) from None
    finally:
        workbook.close()
    return _Raw(records, {"format": "xlsx", "delimiter": None, "sheet": chosen, "encoding": None})


def _rows(worksheet: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    """``(row number, values)`` of a read-only worksheet, its declared size ignored.

    openpyxl pads every row to the ``<dimension>`` the sheet declares and yields every row up
    to it: ``A1:XFD1048576`` turns one cell into seventeen billion. With the dimensions reset,
    a row is as wide as its last cell and only rows up to the last one written are yielded;
    :func:`_counted` and :func:`_scan_parts` bound what remains.
    """
    worksheet.reset_dimensions()
    return enumerate(worksheet.iter_rows(values_only=True), 1)


def _sheet_has_cells(worksheet: Any) -> bool:
    """Whether a sheet holds anything, reading no further than its first filled row (the
    rows before it are counted: a sheet blank for a million rows is refused, not walked)."""
    for number, values in _rows(worksheet):
        if number > MAX_ROWS or len(values) > MAX_COLUMNS:
            return True  # reading it would be refused; it is not "empty"
        if _filled(values):
            return True
    return False


class _PastLimit(Exception):
    """Raised inside the XML scan as soon as a part passes a limit (``rows``, ``columns``,
    ``cells``) or declares entities (``hostile``)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _scan_parts(archive: zipfile.ZipFile, name: str, t: Translator) -> None:
    """Walk every XML part of a workbook with constant memory before openpyxl reads it.

    Why: openpyxl builds each worksheet row in full before handing it over, and reads the
    shared strings whole, so a row of millions of cells or millions of tiny strings would
    fill memory inside openpyxl, out of reach of any count made on what it yields. This scan
    streams each part through expat in small chunks, follows openpyxl's own numbering of rows
    and columns (an ``r`` attribute when present, else one more than the previous), and stops
    at the first limit passed. Parts that are not XML (images, macros) are skipped: openpyxl
    fails on them too if it tries to read them as XML, after no more than this scan saw.
    """
    from xml.parsers import expat

    budget = {"elements": MAX_CELLS * _ELEMENTS_PER_CELL}
    try:
        for info in archive.infolist():
            if info.is_dir():
                continue
            scan = _PartScan(budget)
            parser = expat.ParserCreate()
            parser.StartElementHandler = scan.start
            parser.EndElementHandler = scan.end
            parser.StartDoctypeDeclHandler = _refuse_declarations
            parser.EntityDeclHandler = _refuse_declarations
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(65_536):
                        parser.Parse(chunk, False)
                    parser.Parse(b"", True)
            except expat.ExpatError:
                continue  # not XML, or XML that openpyxl will refuse just as early
    except _PastLimit as past:
        if past.what == "hostile":
            problem = Problem("unreadable_spreadsheet", t("io.unreadable_spreadsheet", name=name))
            raise TableError([problem]) from None
        raise _limit_error(past.what, name, t) from None
    except Exception:  # a part that lies about its size, is truncated, encrypted, or uses an
        # unknown compression (BadZipFile, zlib.error, EOFError, NotImplementedError …)
        problem = Problem("unreadable_spreadsheet", t("io.unreadable_spreadsheet", name=name))
        raise TableError([problem]) from None


def _refuse_declarations(*_args: Any) -> None:
    """No workbook needs a DOCTYPE or entities; they are how XML bombs multiply text."""
    raise _PastLimit("hostile")


class _PartScan:
    """Counters for one XML part: rows and cells of a worksheet, strings of a string table."""

    def __init__(self, budget: dict[str, int]) -> None:
        self.budget = budget
        self.row = 0  # current row number, as openpyxl numbers it
        self.column = 0  # current column number within the row
        self.width = 0  # widest column of the current row (openpyxl pads up to its last cell)
        self.in_row = 0  # cell elements in the current row
        self.cells = 0  # padded cells so far: what openpyxl would hand over
        self.strings = 0  # shared strings so far

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.budget["elements"] -= 1
        if self.budget["elements"] < 0:
            raise _PastLimit("cells")
        local = tag.rpartition(":")[2]
        if local == "c":
            self.in_row += 1
            self.column = _column_number(attributes.get("r"), self.column)
            self.width = max(self.width, self.column)
            if self.width > MAX_COLUMNS or self.in_row > MAX_COLUMNS:
                raise _PastLimit("columns")
        elif local == "row":
            self.row = _row_number(attributes.get("r"), self.row)
            self.column = self.width = self.in_row = 0
            if self.row > MAX_ROWS:
                raise _PastLimit("rows")
        elif local == "si":
            self.strings += 1
            if self.strings > MAX_CELLS:
                raise _PastLimit("cells")

    def end(self, tag: str) -> None:
        if tag.rpartition(":")[2] == "row":
            self.cells += max(self.width, self.in_row)
            if self.cells > MAX_CELLS:
                raise _PastLimit("cells")


def _column_number(reference: str | None, previous: int) -> int:
    """The column of a cell reference (``XFD1048576`` → 16384), else the one after
    ``previous``; absurd references count as past any limit."""
    if not reference:
        return previous + 1
    letters = ""
    for character in reference:
        if not ("A" <= character <= "Z" or "a" <= character <= "z"):
            break
        letters += character.upper()
        if len(letters) > 3:
            return MAX_COLUMNS + 1
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number or previous + 1


def _row_number(reference: str | None, previous: int) -> int:
    """A row's ``r`` attribute as openpyxl reads it (``7``, ``7.0``), else ``previous + 1``."""
    if not reference:
        return previous + 1
    try:
        return int(reference)
    except ValueError:
        pass
    try:
        return int(float(reference))
    except (ValueError, OverflowError):
        return previous + 1


def _cell_text(value: Any) -> str:
    """A workbook cell as the text a person sees: ``4`` not ``4.0``, dates without midnight."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _to_frame(raw: _Raw, name: str, min_columns: int, t: Translator) -> pd.DataFrame:
    records = [(number, cells) for number, cells in raw.records if _filled(cells)]
    if not records:
        raise TableError([Problem("empty", t("io.empty", name=name))])
    header = records[0][1]
    body = records[1:]
    problems: list[Problem] = []

    if raw.attrs.get("format") == "csv":
        # More cells than the header has names: usually a value holding the delimiter
        # without quotes ("Smith, John" in a comma file). Guessing would shift columns.
        ragged = [number for number, cells in body if _filled(cells[len(header) :])]
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


def normal(text: str) -> str:
    """Compare names, headers and labels the way people mean them: no case, accents or
    punctuation. Shared by every importer's column and label matching."""
    plain = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
