"""Import a needs survey (one row per respondent) into needs-assessment answers.

Why: a trainer often runs the survey before the workshop (KoboToolbox, Google Forms, a
spreadsheet passed around a church hall) and wants those answers in the room alongside the
live ones. :func:`check_needs_file` finds the columns (:mod:`.survey_columns`, helped by a
column map: :mod:`.column_map`), checks every cell and turns each row into the same
:class:`~workshop_kit.activities.needs.answers.NeedsAnswer` objects a phone would send
(:mod:`.survey_rows`), so imported and live answers are analysed together. It never writes
anything: it returns answers and problems; the caller decides to store (only when there is
no error, so a file is never half imported).

Re-importing is safe: each respondent gets a synthetic id (``import-`` + a hash of their
Kobo/respondent id, or of the whole row when the file has none) and each answer an
idempotency key from that id, the session, the need and the answer itself. The same file
imported twice stores nothing the second time; a later export with more rows stores only the
new rows; a respondent corrected in KoboToolbox replaces their earlier answer ("the latest
counts").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from workshop_kit.activities.needs.answers import NeedsAnswer
from workshop_kit.activities.needs.column_map import ColumnMap
from workshop_kit.activities.needs.survey_columns import Columns, expected_columns, find_columns
from workshop_kit.activities.needs.survey_rows import MESSAGES, validate_rows
from workshop_kit.core.answers import Answer
from workshop_kit.core.imports import ImportResult, ImportSteps
from workshop_kit.core.tables import DEFAULT_MAX_BYTES, Problem
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile


@dataclass
class NeedsImport(ImportResult):
    """What a survey file holds: validated answers and the problems found on the way."""

    answer_type: ClassVar[type[Answer]] = NeedsAnswer

    respondents: int = 0
    columns: Columns | None = None


# -- the check ----------------------------------------------------------------------------------


def check_needs_file(
    data: bytes,
    filename: str,
    profile: Profile,
    *,
    column_map: ColumnMap | None = None,
    sheet: str | None = None,
    language: str = "en",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> NeedsImport:
    """Read and validate a survey file against the community profile. Never raises for a
    bad file: every reason is a :class:`Problem` in the result."""
    steps = _NeedsSteps(profile, column_map or ColumnMap())
    return steps.check(data, filename, sheet=sheet, language=language, max_bytes=max_bytes)


#: Column problems that leave no row worth reading (a missing rating column does not).
_STOPPING = frozenset({"wrong_columns", "map_column_missing", "column_map"})


@dataclass
class _NeedsSteps(ImportSteps[NeedsImport, Columns]):
    """The needs survey's hooks in the import pipeline."""

    profile: Profile
    column_map: ColumnMap
    messages: ClassVar[str] = MESSAGES

    def new_result(self, filename: str) -> NeedsImport:
        return NeedsImport(filename=filename)

    def before_reading(self, t: Translator) -> list[Problem]:
        if not self.profile.needs:
            return [Problem("no_needs", t("needs.import.no_needs"))]
        return []

    def find_columns(
        self, headers: list[str], filename: str, t: Translator
    ) -> tuple[Columns, list[Problem]]:
        return find_columns(headers, self.profile, self.column_map, filename, t)

    def columns_unusable(self, problems: Sequence[Problem]) -> bool:
        return any(p.code in _STOPPING for p in problems)

    def validate_rows(
        self, table: pd.DataFrame, columns: Columns, result: NeedsImport, t: Translator
    ) -> None:
        checked = validate_rows(table, columns, self.profile, self.column_map, t)
        result.answers.extend(checked.answers)
        result.respondents += checked.respondents
        result.problems.extend(checked.problems)


def template_csv(profile: Profile) -> bytes:
    """The header row of a survey file for ``profile`` (UTF-8, comma-separated).

    Column names are ids, the same in every language, so a French and an English
    spreadsheet import alike; ``data/templates/README.md`` explains each column.
    """
    return (",".join(expected_columns(profile)) + "\r\n").encode("utf-8")


#: Encodings as spreadsheet programs name them in their "Save as" dialogs.
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}


def summary_line(result: NeedsImport, t: Translator) -> str:
    """``survey.csv: 40 respondents and 480 answers ready to import (CSV, utf-8, commas).``"""
    info = result.table_info
    if info.get("format") == "xlsx":
        described = t("needs.import.format_xlsx", sheet=info.get("sheet") or "")
    else:
        delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(
            info.get("delimiter") or ",", "comma"
        )
        described = t(
            "needs.import.format_csv",
            encoding=ENCODING_NAMES.get(info.get("encoding") or "", info.get("encoding") or ""),
            delimiter=t(f"needs.import.delimiter.{delimiter}"),
        )
    return t(
        "needs.import.summary",
        name=result.filename,
        people=t("needs.import.people", count=result.respondents),
        answers=t("needs.import.answers", count=len(result.answers)),
        format=described,
    )
