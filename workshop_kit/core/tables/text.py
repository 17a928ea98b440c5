"""Text files (CSV, TSV, "Unicode text"): telling them from binaries, decoding, the delimiter.

Why by hand: the same table arrives as UTF-8 with or without a byte-order mark, as UTF-16 from
Excel, as Windows-1252, with commas, semicolons (what a French-locale spreadsheet writes,
because the comma is the decimal separator), tabs or bars. Pandas' readers guess some of this
and fail on the rest with messages no facilitator can act on; here every combination is tried
and a file that is none of them is refused with a code and a message.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools

from workshop_kit.core.tables.frame import Raw, filled
from workshop_kit.core.tables.limits import counted
from workshop_kit.core.tables.problems import Problem, TableError
from workshop_kit.i18n import Translator

#: Delimiters tried on text files, in order of preference when two read equally well.
DELIMITERS = (",", ";", "\t", "|")

_SNIFF_CHARS = 65_536
_SNIFF_RECORDS = 60


def binary_kind(data: bytes) -> str | None:
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


def decode(data: bytes) -> tuple[str | None, str]:
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


def read_text(text: str, name: str, min_columns: int, t: Translator) -> Raw:
    """The rows of a decoded text file, split by the delimiter that fits it best."""
    delimiter = sniff_delimiter(text, min_columns)
    if delimiter is None:
        raise TableError([Problem("not_a_table", t("io.not_a_table", name=name))])
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records = counted(
            ((number, [cell.strip() for cell in cells]) for number, cells in enumerate(reader, 1)),
            name,
            t,
        )
    except csv.Error:
        raise TableError([Problem("not_a_table", t("io.not_a_table", name=name))]) from None
    return Raw(records, {"format": "csv", "delimiter": delimiter, "sheet": None})


def sniff_delimiter(text: str, min_columns: int) -> str | None:
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
            records = [r for r in itertools.islice(reader, _SNIFF_RECORDS) if filled(r)]
        except csv.Error:
            continue
        if truncated and len(records) > 1:
            records = records[:-1]
        if not records:
            continue
        width = len(records[0])
        if width < max(min_columns, 2):
            continue
        fitting = sum(1 for r in records if len(r) == width or not filled(r[width:]))
        score = (fitting / len(records), width)
        if best is None or score > best:
            best, chosen = score, delimiter
    if chosen is None and min_columns <= 1 and sample.strip():
        return ","  # one column is allowed: any delimiter reads it the same
    return chosen
