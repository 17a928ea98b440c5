"""What is wrong with a CareMap edit or file, as data: the form and the page say each
:class:`Problem` in the reader's language (``caremap.problem.<code>``). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workshop_kit.i18n import Translator

ERROR, QUESTION, NOTICE = "error", "question", "notice"


@dataclass(frozen=True)
class Problem:
    """Something wrong (``error``), to ask (``question``) or worth saying (``notice``)."""

    code: str
    severity: str = ERROR
    values: tuple[tuple[str, str], ...] = ()
    #: For a ``same_name`` question: the id of the person already on the map.
    person: str | None = None

    def message(self, t: Translator) -> str:
        return t(f"caremap.problem.{self.code}", **dict(self.values))


class CareMapRefused(ValueError):
    """An edit that would break the map; nothing was changed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(", ".join(problem.code for problem in self.problems))
