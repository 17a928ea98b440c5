"""Reading the charter's commitments from ``data/reference/charter/``.

Two published lists of the Compassionate City Charter are in use, and they differ in more than
their last row, so each has its own file (:data:`VARIANT_FILES`): PHPCI's "13 social changes"
(``commitments.csv``, the default) and the Canadian "12 social changes" (``commitments-ca12.csv``,
the list Pallium Canada's communities use, as Carpenter Hospice publishes it for Burlington,
Ontario). The community profile chooses one (``charter_variant``). A commitment keeps its id in
both lists where it is the same commitment, so an answer means the same thing whichever list a
session used; ids never change once used.

The wording lives in files so that a trainer can correct it (the kit's paraphrases, each row
with its source and whether it was checked against the published list: see the folder's
README). Reading it is I/O, so it sits here and not in the pure :mod:`.model`, which takes the
commitments' ids and labels as plain data.

The file is read with the standard ``csv`` module, not pandas: the phone form needs the
wording, and a participant kernel must stay light. Every cell is checked and every problem
collected, each naming the file, line, commitment and column, in the reader's language; one
:class:`CommitmentsError` then carries them all. A file is read again when it changes on disk.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workshop_kit.activities.charter.answers import COMMITMENT_ID
from workshop_kit.i18n import Translator, available_languages
from workshop_kit.paths import data_dir
from workshop_kit.profile import CHARTER_VARIANTS, DEFAULT_CHARTER_VARIANT

FILE_NAME = "commitments.csv"
#: The file of each list the profile may choose (``charter_variant``).
VARIANT_FILES = {"phpci13": FILE_NAME, "ca12": "commitments-ca12.csv"}
assert tuple(VARIANT_FILES) == CHARTER_VARIANTS, "the profile and the files name the same lists"
#: Columns every file has, whatever the languages.
BASE_COLUMNS = ("id", "number", "status", "source")
#: What ``status`` may say: the published words; the kit's paraphrase checked against the
#: published list named in ``source``; or a row whose published text was not found.
WORDING_STATUSES = ("published", "checked", "to verify")
MAX_SHORT = 60
MAX_TEXT = 400
#: A file larger than this is not a commitments list (it is read whole on each phone).
MAX_FILE_BYTES = 200_000


@dataclass(frozen=True)
class Commitment:
    """One commitment of the charter, in every language the kit speaks."""

    id: str
    number: int
    short: dict[str, str]
    text: dict[str, str]
    status: str
    source: str

    def label(self, language: str) -> str:
        """The short label (charts, lists), in ``language`` or else English."""
        return self.short.get(language) or self.short.get("en") or self.id

    def wording(self, language: str) -> str:
        """The commitment as participants read it, in ``language`` or else English."""
        return self.text.get(language) or self.text.get("en") or self.id


@dataclass(frozen=True)
class Commitments:
    """The commitments of one file, in the charter's order."""

    items: tuple[Commitment, ...]

    def __iter__(self) -> Iterator[Commitment]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.items]

    def labels(self, language: str) -> dict[str, str]:
        return {c.id: c.label(language) for c in self.items}

    def get(self, commitment_id: str) -> Commitment | None:
        return next((c for c in self.items if c.id == commitment_id), None)

    @property
    def to_verify(self) -> bool:
        """Whether some row was not checked against a published list (its text not found)."""
        return any(c.status == "to verify" for c in self.items)


class CommitmentsError(ValueError):
    """The commitments file is missing or malformed; ``problems`` are readable messages."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def commitments_path(variant: str = DEFAULT_CHARTER_VARIANT) -> Path:
    """The shipped file of ``variant`` (``phpci13`` or ``ca12``)."""
    return data_dir() / "reference" / "charter" / VARIANT_FILES[variant]


def load_commitments(
    path: Path | None = None, language: str = "en", variant: str = DEFAULT_CHARTER_VARIANT
) -> Commitments:
    """The commitments in ``path`` (default: the shipped file of ``variant``, the list the
    community profile chose), checked.

    Raises :class:`CommitmentsError` with every problem, in ``language``. Cached until the
    file changes on disk.
    """
    path = Path(path) if path is not None else commitments_path(variant)
    t = Translator(language)
    try:
        stat = path.stat()
    except OSError:
        raise CommitmentsError([t("charter.file.missing", path=str(path))]) from None
    return _load(str(path), stat.st_mtime_ns, stat.st_size, t.language)


@cache
def _load(path: str, _mtime: int, size: int, language: str) -> Commitments:
    t = Translator(language)
    name = Path(path).name
    if size > MAX_FILE_BYTES:
        raise CommitmentsError([t("charter.file.too_large", file=name)])
    return read_commitments(Path(path).read_bytes(), name, language)


def read_commitments(
    data: bytes, name: str = FILE_NAME, language: str = "en", languages: Sequence[str] = ()
) -> Commitments:
    """Check and read the bytes of a commitments file; ``languages`` (default: every language
    the kit speaks) must each have their ``short_xx`` and ``text_xx`` columns."""
    t = Translator(language)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommitmentsError([t("charter.file.not_utf8", file=name)]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise CommitmentsError([t("charter.file.empty", file=name)])
    header = [cell.strip() for cell in rows[0]]
    wanted = list(languages) or available_languages()
    needed = [*BASE_COLUMNS, *(f"{kind}_{lang}" for lang in wanted for kind in ("short", "text"))]
    missing = [column for column in needed if column not in header]
    if missing:
        raise CommitmentsError(
            [t("charter.file.column_missing", file=name, column=column) for column in missing]
        )
    position = {column: header.index(column) for column in needed}
    problems: list[str] = []
    found: list[Commitment] = []
    ids: set[str] = set()
    numbers: set[int] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line at the end of a spreadsheet export
        cells = {column: (row[i].strip() if i < len(row) else "") for column, i in position.items()}
        commitment_id = cells["id"] or "?"

        def problem(column: str, text: str, line: int = line, commitment_id: str = commitment_id):
            problems.append(
                t(
                    "charter.file.problem",
                    file=name,
                    line=str(line),
                    id=commitment_id,
                    column=column,
                    problem=text,
                )
            )

        for column in needed:
            if not cells[column]:
                problem(column, t("charter.file.empty_cell"))
        if cells["id"]:
            if not re.fullmatch(COMMITMENT_ID, cells["id"]):
                problem("id", t("charter.file.bad_id", value=cells["id"]))
            elif cells["id"] in ids:
                problem("id", t("charter.file.repeated", value=cells["id"]))
            ids.add(cells["id"])
        number = 0
        if cells["number"]:
            if not cells["number"].isdigit() or int(cells["number"]) < 1:
                problem("number", t("charter.file.bad_number", value=cells["number"]))
            else:
                number = int(cells["number"])
                if number in numbers:
                    problem("number", t("charter.file.repeated", value=cells["number"]))
                numbers.add(number)
        if cells["status"] and cells["status"] not in WORDING_STATUSES:
            choices = ", ".join(WORDING_STATUSES)
            problem("status", t("charter.file.bad_status", value=cells["status"], choices=choices))
        for lang in wanted:
            for kind, limit in (("short", MAX_SHORT), ("text", MAX_TEXT)):
                if len(cells[f"{kind}_{lang}"]) > limit:
                    problem(f"{kind}_{lang}", t("charter.file.too_long", limit=limit))
        found.append(
            Commitment(
                id=cells["id"],
                number=number,
                short={lang: cells[f"short_{lang}"] for lang in wanted},
                text={lang: cells[f"text_{lang}"] for lang in wanted},
                status=cells["status"],
                source=cells["source"],
            )
        )
    if not found:
        problems.append(t("charter.file.no_rows", file=name))
    if problems:
        raise CommitmentsError(problems)
    found.sort(key=lambda c: c.number)
    return Commitments(tuple(found))
