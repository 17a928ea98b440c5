"""What any checked import file holds: validated answers and the problems found on the way.

The needs survey (:mod:`workshop_kit.io.needs`) and the asset inventory
(:mod:`workshop_kit.io.assets`) read different columns but hand their result to the same
places: a report of problems, ``Store.add_answers``, and the models (as a table shaped like
``Store.answers``). This base class is that shared result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from workshop_kit.answers import Answer
from workshop_kit.io.tables import Problem


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
