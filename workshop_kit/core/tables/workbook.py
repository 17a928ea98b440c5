"""XLSX workbooks: checked as an archive, scanned, then streamed row by row through openpyxl.

Why in this order: a workbook is a zip archive that can unpack to far more than it weighs, and
openpyxl trusts what it declares. The archive's parts and sizes are checked first, every XML
part is then walked with constant memory (:mod:`~workshop_kit.core.tables.workbook_scan`), and
only then does openpyxl read the one sheet chosen, in read-only mode, counted as it streams.
Cells become the text a person sees in the spreadsheet (``4``, not ``4.0``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from typing import Any

from workshop_kit.core.tables import limits
from workshop_kit.core.tables.frame import Raw, filled
from workshop_kit.core.tables.problems import Problem, TableError, describe_names, describe_size
from workshop_kit.core.tables.workbook_scan import scan_parts
from workshop_kit.i18n import Translator


def read_workbook(data: bytes, name: str, sheet: str | None, max_bytes: int, t: Translator) -> Raw:
    """The rows of the workbook's one filled sheet, or of ``sheet`` when it has several."""
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
    if unpacked > max_bytes * limits.MAX_UNPACK_FACTOR or len(entries) > limits.MAX_ARCHIVE_PARTS:
        message = t(
            "io.too_large_unpacked",
            name=name,
            limit=describe_size(max_bytes * limits.MAX_UNPACK_FACTOR, t),
        )
        raise TableError([Problem("too_large", message)])
    scan_parts(archive, name, t)

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
            filled_sheets = [n for n in names if _sheet_has_cells(workbook[n])]
            if len(filled_sheets) > 1:
                message = t("io.several_sheets", name=name, sheets=describe_names(filled_sheets, t))
                raise TableError([Problem("several_sheets", message, choices=tuple(filled_sheets))])
            if not names:
                raise KeyError("no worksheet")
            chosen = filled_sheets[0] if filled_sheets else names[0]
        records = limits.counted(
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
    return Raw(records, {"format": "xlsx", "delimiter": None, "sheet": chosen, "encoding": None})


def _rows(worksheet: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    """``(row number, values)`` of a read-only worksheet, its declared size ignored.

    openpyxl pads every row to the ``<dimension>`` the sheet declares and yields every row up
    to it: ``A1:XFD1048576`` turns one cell into seventeen billion. With the dimensions reset,
    a row is as wide as its last cell and only rows up to the last one written are yielded;
    :func:`~workshop_kit.core.tables.limits.counted` and
    :func:`~workshop_kit.core.tables.workbook_scan.scan_parts` bound what remains.
    """
    worksheet.reset_dimensions()
    return enumerate(worksheet.iter_rows(values_only=True), 1)


def _sheet_has_cells(worksheet: Any) -> bool:
    """Whether a sheet holds anything, reading no further than its first filled row (the
    rows before it are counted: a sheet blank for a million rows is refused, not walked)."""
    for number, values in _rows(worksheet):
        if number > limits.MAX_ROWS or len(values) > limits.MAX_COLUMNS:
            return True  # reading it would be refused; it is not "empty"
        if filled(values):
            return True
    return False


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
