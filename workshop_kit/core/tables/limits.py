"""How much of a file the readers take, and the count that stops them at the first limit passed.

Why limits at all: an upload reaches a kernel that a whole room depends on, and a small file
can declare (or unpack to) a huge table. Every limit is checked while the file streams, so
the reading stops before memory grows, not after.

The readers look these names up at call time (``limits.MAX_CELLS``), never copy them, so a
test or a deployment changes a limit in this one module.
"""

from __future__ import annotations

from collections.abc import Iterable

from workshop_kit.core.tables.problems import Problem, TableError
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
ELEMENTS_PER_CELL = 6


def counted(
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
            raise limit_error("rows", name, t)
        if len(values) > MAX_COLUMNS:
            raise limit_error("columns", name, t)
        cells += len(values)
        if cells > MAX_CELLS:
            raise limit_error("cells", name, t)
        records.append((number, values))
    return records


def limit_error(what: str, name: str, t: Translator) -> TableError:
    """The refusal of a table past one of the size limits (code ``too_large``)."""
    limit = {"rows": MAX_ROWS, "columns": MAX_COLUMNS, "cells": MAX_CELLS}[what]
    message = t(f"io.too_many_{what}", name=name, limit=t.number(limit))
    return TableError([Problem("too_large", message)])
