"""What any checked import file holds: validated answers and the problems found on the way.

The needs survey (:mod:`workshop_kit.activities.needs.importer`) and the asset inventory
(:mod:`workshop_kit.activities.assets.importer`) read different columns but hand their result to
the same
places: a report of problems, ``Store.add_answers``, and the models (as a table shaped like
``Store.answers``). :class:`ImportResult` is that shared result.

They also take the same steps, so there is one pipeline (:class:`ImportSteps`): read the
table, find the columns, validate the rows, say when nothing is left. Each activity supplies
the two steps that differ, column finding and row validation, as hooks, and builds them from
the helpers below (:class:`Findings` gathers row problems into one message per column).
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

import pandas as pd

from workshop_kit.core.answers import Answer
from workshop_kit.core.tables import (
    DEFAULT_MAX_BYTES,
    Problem,
    Severity,
    TableError,
    describe_names,
    describe_rows,
    file_name,
    normal,
    read_table,
)
from workshop_kit.i18n import Translator


@dataclass(frozen=True)
class ImportedRow:
    """One validated answer read from one row of a file."""

    row: int
    participant_id: str
    answer: Answer

    def idempotency_key(self, session_code: str) -> str:
        """Stable across re-imports of the same answer (so a second import stores nothing),
        distinct across sessions (so one file can be imported into two sessions)."""
        parts = [
            session_code,
            self.participant_id,
            self.answer.item(),
            self.answer.model_dump_json(),
        ]
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
        return f"import-{self.answer.activity}-{digest[:48]}"


@dataclass
class ImportResult:
    """Validated answers and problems of one file.

    ``answers`` is filled even when there are errors (so a check can say how much is fine),
    but :meth:`store_rows` refuses to hand them out unless :attr:`ok`.
    """

    #: The answer schema of the rows (its fields become the columns of :meth:`frame`).
    answer_type: ClassVar[type[Answer]]

    filename: str
    answers: list[ImportedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    table_info: dict[str, Any] = field(default_factory=dict)
    #: Which column of the file holds what, as the activity's column finding decided.
    columns: Any = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.answers)

    def store_rows(self, session_code: str) -> list[tuple[str, Answer, str]]:
        """``(participant_id, answer, idempotency_key)`` rows for ``Store.add_answers``."""
        if not self.ok:
            raise ValueError("this file has problems; it must not be stored")
        return [(a.participant_id, a.answer, a.idempotency_key(session_code)) for a in self.answers]

    def frame(self) -> pd.DataFrame:
        """The answers in the shape of ``Store.answers(code, activity)``, for the models to
        read without a live session."""
        records = [
            {
                "participant_id": a.participant_id,
                "item": a.answer.item(),
                "source": "import",
                "row": a.row,
                **a.answer.model_dump(),
            }
            for a in self.answers
        ]
        columns = ["participant_id", "item", "source", "row", *self.answer_type.model_fields]
        return pd.DataFrame(records, columns=columns)


# -- the pipeline -------------------------------------------------------------------------------

ResultT = TypeVar("ResultT", bound=ImportResult)
ColumnsT = TypeVar("ColumnsT")


class ImportSteps(ABC, Generic[ResultT, ColumnsT]):
    """One import pipeline; each activity supplies its steps as hooks.

    :meth:`check` reads the file (:func:`~workshop_kit.core.tables.read_table`), asks the
    activity which header holds what (:meth:`find_columns`), stops when that makes the rows
    unreadable (:meth:`columns_unusable`), lets the activity validate the rows
    (:meth:`validate_rows`) and says so when nothing is left to import. It never raises for a
    bad file: every reason is a :class:`~workshop_kit.core.tables.Problem` in the result.
    """

    #: Prefix of the activity's message keys (``"needs.import"``).
    messages: ClassVar[str]

    @abstractmethod
    def new_result(self, filename: str) -> ResultT:
        """An empty result for the file called ``filename`` (already without folders)."""

    def before_reading(self, t: Translator) -> list[Problem]:
        """Problems that make reading the file pointless (none by default)."""
        return []

    @abstractmethod
    def find_columns(
        self, headers: list[str], filename: str, t: Translator
    ) -> tuple[ColumnsT, list[Problem]]:
        """Which header holds what, and the problems with the headers."""

    def columns_unusable(self, problems: Sequence[Problem]) -> bool:
        """Whether the column problems leave no row worth reading (by default: any error)."""
        return any(p.is_error for p in problems)

    @abstractmethod
    def validate_rows(
        self, table: pd.DataFrame, columns: ColumnsT, result: ResultT, t: Translator
    ) -> None:
        """Turn the rows into ``result.answers`` and add the problems found in them."""

    def check(
        self,
        data: bytes,
        filename: str,
        *,
        sheet: str | None = None,
        language: str = "en",
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> ResultT:
        t = Translator(language)
        result = self.new_result(file_name(filename))
        early = self.before_reading(t)
        if early:
            result.problems.extend(early)
            return result
        try:
            table = read_table(data, filename, sheet=sheet, max_bytes=max_bytes, language=language)
        except TableError as error:
            result.problems.extend(error.problems)
            return result
        result.table_info = dict(table.attrs)
        columns, problems = self.find_columns(list(table.columns), result.filename, t)
        result.columns = columns
        result.problems.extend(problems)
        if self.columns_unusable(problems):
            return result
        self.validate_rows(table, columns, result, t)
        if not result.answers and not result.errors:
            message = t(f"{self.messages}.nothing_to_import", name=result.filename)
            result.problems.append(Problem("nothing_to_import", message))
        return result


# -- helpers for the steps ----------------------------------------------------------------------


def rows_of(table: pd.DataFrame) -> Iterator[tuple[int, tuple[str, ...], int | None]]:
    """``(row number, cells as text, the earlier row it repeats or None)`` for each row.

    Cells are read by position (``list(table.columns).index(header)``): a 100,000-row file
    is walked in well under a second.
    """
    first_seen: dict[tuple[str, ...], int] = {}
    for row_label, *cells in table.itertuples(index=True, name=None):
        row = int(row_label)
        whole = tuple(str(cell) for cell in cells)
        first = first_seen.setdefault(whole, row)
        yield row, whole, (first if first != row else None)


def participant_id(key: str | bytes) -> str:
    """A synthetic, stable id: nothing of the respondent can be read back from it."""
    raw = key.encode("utf-8") if isinstance(key, str) else key
    return "import-" + hashlib.sha256(raw).hexdigest()[:24]


def all_texts(text: Any) -> list[str]:
    """Every language's text of a profile label (``{"en": …, "fr": …}`` or one string)."""
    return list(text.values()) if isinstance(text, Mapping) else [str(text)]


def choice_index(
    ids: Iterable[str],
    labels: Mapping[str, Iterable[str]],
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Everything people may write for a choice (normalised) → its id: the ids, then the
    labels (also without a trailing `` (…)``), then ``extra`` (a column map's own words)."""
    index: dict[str, str] = {}
    for choice in ids:
        index[normal(choice)] = choice
    for choice, texts in labels.items():
        for text in texts:
            index.setdefault(normal(text), choice)
            index.setdefault(normal(text.split(" (")[0]), choice)
    for written, choice in (extra or {}).items():
        index[normal(written)] = choice
    return index


class Findings:
    """Rows with the same kind of problem in the same column, gathered into one message."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], list[int]] = {}
        self.values: dict[tuple[str, str], list[str]] = {}
        #: Rows with any finding, and rows with a finding that leaves the row out.
        self.any_rows: set[int] = set()
        self.bad_rows: set[int] = set()

    def add(self, code: str, column: str, row: int, value: str = "", error: bool = True) -> None:
        self.rows.setdefault((code, column), []).append(row)
        self.any_rows.add(row)
        if error:
            self.bad_rows.add(row)
        seen = self.values.setdefault((code, column), [])
        if value and value not in seen:
            seen.append(value)

    def problems(
        self,
        t: Translator,
        messages: str,
        *,
        warnings: Collection[str] = (),
        expected: Mapping[str, str] | None = None,
        row_values: Collection[str] = (),
        **details: Any,
    ) -> list[Problem]:
        """One problem per code and column, message ``<messages>.<code>``: severity
        ``warning`` for the codes in ``warnings``; ``values`` lists what was written (row
        numbers for the codes in ``row_values``); ``expected`` gives a code what it wanted."""
        problems = []
        for (code, column), rows in self.rows.items():
            values = self.values[(code, column)]
            shown = (
                describe_rows([int(v) for v in values], t)
                if code in row_values
                else describe_names(values[:6], t)
            )
            message = t(
                f"{messages}.{code}",
                column=t("io.quoted", name=column),
                rows=describe_rows(rows, t),
                count=len(rows),
                values=shown,
                expected=(expected or {}).get(code, ""),
                **details,
            )
            problems.append(
                Problem(
                    code,
                    message,
                    rows=tuple(rows),
                    columns=(column,),
                    severity="warning" if code in warnings else "error",
                )
            )
        return problems


def rows_problem(
    code: str,
    rows: Sequence[int],
    t: Translator,
    messages: str,
    severity: Severity = "error",
    **details: Any,
) -> Problem:
    """A problem about whole rows (not one column): message ``<messages>.<code>``."""
    message = t(f"{messages}.{code}", rows=describe_rows(rows, t), count=len(rows), **details)
    return Problem(code, message, rows=tuple(rows), severity=severity)
