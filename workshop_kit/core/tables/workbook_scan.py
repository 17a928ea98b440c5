"""The walk through a workbook's XML that bounds it before openpyxl builds anything.

Why a scan of its own: openpyxl builds each worksheet row in full before handing it over, and
reads the shared strings whole, so a row of millions of cells or millions of tiny strings
would fill memory inside openpyxl, out of reach of any count made on what it yields. This scan
streams each part through expat in small chunks, counts rows, padded cells and strings the
way openpyxl numbers them, and refuses DOCTYPEs and entities (how XML bombs multiply text).
"""

from __future__ import annotations

import zipfile
from typing import Any

from workshop_kit.core.tables import limits
from workshop_kit.core.tables.problems import Problem, TableError
from workshop_kit.i18n import Translator


class _PastLimit(Exception):
    """Raised inside the XML scan as soon as a part passes a limit (``rows``, ``columns``,
    ``cells``) or declares entities (``hostile``)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def scan_parts(archive: zipfile.ZipFile, name: str, t: Translator) -> None:
    """Walk every XML part of a workbook with constant memory before openpyxl reads it.

    Each part streams through expat in small chunks; rows and columns follow openpyxl's own
    numbering (an ``r`` attribute when present, else one more than the previous), and the
    walk stops at the first limit passed. Parts that are not XML (images, macros) are
    skipped: openpyxl fails on them too if it tries to read them as XML, after no more than
    this scan saw.
    """
    from xml.parsers import expat

    budget = {"elements": limits.MAX_CELLS * limits.ELEMENTS_PER_CELL}
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
        raise limits.limit_error(past.what, name, t) from None
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
            if self.width > limits.MAX_COLUMNS or self.in_row > limits.MAX_COLUMNS:
                raise _PastLimit("columns")
        elif local == "row":
            self.row = _row_number(attributes.get("r"), self.row)
            self.column = self.width = self.in_row = 0
            if self.row > limits.MAX_ROWS:
                raise _PastLimit("rows")
        elif local == "si":
            self.strings += 1
            if self.strings > limits.MAX_CELLS:
                raise _PastLimit("cells")

    def end(self, tag: str) -> None:
        if tag.rpartition(":")[2] == "row":
            self.cells += max(self.width, self.in_row)
            if self.cells > limits.MAX_CELLS:
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
            return limits.MAX_COLUMNS + 1
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
