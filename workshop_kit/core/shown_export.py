"""The shown state as tables: what the projector and the report showed, per activity, as CSV
files (one per table) and one XLSX workbook (a sheet per table).

Why from the report: the report is built, section by section, from each activity's shown
state (the released answers through the activity's own disclosure control, see
:mod:`workshop_kit.core.report`). Exporting its tables, lists and sentences, and the figures
behind its charts (:attr:`~workshop_kit.core.report.ReportSection.data`), means the files
cannot say more, or other, than the room saw: no row per person, no text the facilitator did
not approve, no figure from fewer than ``min_cell_size`` people ("too few to show" instead).
These are the *default* exports; a person-level table leaves the kit only on explicit request
(:mod:`workshop_kit.core.row_export`), or in the facilitator's full backup (the session
bundle, :mod:`workshop_kit.core.bundle`).

Every text cell is formula-safe (:func:`workshop_kit.core.exports.safe_csv`).
"""

from __future__ import annotations

import io
import re
import unicodedata

import pandas as pd

from workshop_kit.core.exports import ExportFile, safe_csv, safe_frame
from workshop_kit.core.report import Report, ReportList, ReportSection
from workshop_kit.i18n import Translator

#: File name of the workbook holding every shown table.
WORKBOOK = "shown-results.xlsx"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def slug(text: str) -> str:
    """``"Ranking of needs"`` → ``ranking-of-needs``: a file name in any language (accents
    dropped, anything but letters and digits a dash)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-") or "table"


def list_table(listed: ReportList, entry: str, detail: str) -> pd.DataFrame:
    """A report list as rows: one per entry and detail under it (an entry without details is
    one row with an empty detail)."""
    rows = [
        {entry: item.text, detail: text}
        for item in listed.items
        for text in (item.details or ("",))
    ]
    return pd.DataFrame(rows, columns=[entry, detail])


def sentences_table(section: ReportSection, heading: str, text: str) -> pd.DataFrame:
    """The sentences of a section and those read under its charts, in the report's order."""
    said = [(section.title, sentence) for sentence in section.sentences]
    said += [(figure.title, figure.caption) for figure in section.figures]
    said += [(listed.title, listed.note) for listed in section.lists]
    rows, seen = [], set()
    for about, sentence in said:
        if sentence and sentence not in seen:  # a sentence said twice is one row
            seen.add(sentence)
            rows.append({heading: about, text: sentence})
    return pd.DataFrame(rows, columns=[heading, text])


def shown_tables(report: Report) -> dict[str, pd.DataFrame]:
    """Every table of the shown state, by a name that says which activity and what: the
    sentences, the report's tables and lists, and the figures behind its charts. The columns
    of the tables made here are named in the report's language."""
    t = Translator(report.language)
    labels = {key: t(f"export.columns.{key}") for key in ("heading", "text", "entry", "detail")}
    tables: dict[str, pd.DataFrame] = {}

    def add(activity: str, title: str, frame: pd.DataFrame) -> None:
        name = f"{activity}-{slug(title)}"
        number = 2
        while name in tables:
            name = f"{activity}-{slug(title)}-{number}"
            number += 1
        tables[name] = frame.reset_index(drop=True) if _plain_index(frame) else frame

    for section in report.sections:
        summary = sentences_table(section, labels["heading"], labels["text"])
        add(section.activity, "summary", summary)
        for table in (*section.tables, *section.data):
            add(section.activity, table.title, table.frame)
        for listed in section.lists:
            entries = list_table(listed, labels["entry"], labels["detail"])
            add(section.activity, listed.title, entries)
    return tables


def _plain_index(frame: pd.DataFrame) -> bool:
    return isinstance(frame.index, pd.RangeIndex)


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists (several needs an asset helps with …) as text a spreadsheet cell can hold."""
    return frame.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v)


def table_files(tables: dict[str, pd.DataFrame], prefix: str, workbook: str) -> list[ExportFile]:
    """One formula-safe CSV per table (``<prefix>-<name>.csv``) and one XLSX workbook with a
    sheet per table (sheet names are at most 31 characters, made unique)."""
    if not tables:
        return []
    files = [
        ExportFile(f"{prefix}-{name}.csv", CSV, safe_csv(_cells(table)))
        for name, table in tables.items()
    ]
    buffer = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        for name, table in tables.items():
            sheet = name[:31]
            number = 2
            while sheet in used:
                suffix = f"-{number}"
                sheet = name[: 31 - len(suffix)] + suffix
                number += 1
            used.add(sheet)
            frame = safe_frame(_cells(table))
            frame.to_excel(book, sheet_name=sheet, index=not _plain_index(frame))
    files.append(ExportFile(workbook, XLSX, buffer.getvalue()))
    return files


def shown_files(report: Report) -> list[ExportFile]:
    """The shown state of every activity in the report, as files (see the module docstring)."""
    return table_files(shown_tables(report), "shown", WORKBOOK)
