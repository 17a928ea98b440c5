"""Asset inventory import: a CSV or Excel file of assets, checked before anything is stored.

**Import** (:func:`check_assets_file`) follows the rules of the needs import: the file is read
by :func:`workshop_kit.core.tables.read_table` (any encoding, delimiter, CSV or XLSX), every
problem is reported with its rows and columns in the reader's language, and nothing is stored
unless the file has no error (:meth:`AssetImport.store_rows`). Categories, areas and needs may
be written as ids or as their names in English or French, in any case, with or without
accents. A location that is not a number, is only half there or lies outside the community
is a warning: the asset is kept without its point. A name containing markup is kept as typed
(pages escape it). Importing the same file again stores nothing twice: one file is one
importer (:func:`~workshop_kit.core.imports.participant_id`), and each row keeps its id.

The template's columns (:data:`TEMPLATE_COLUMNS`) are also the header of the directory the
page exports (:mod:`.exporter`), and the kit's own CSV protection (``'=…``) is undone on the
way in, so an exported directory re-imports as it was typed.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from workshop_kit.activities.assets.answers import (
    ASSET_FIELDS,
    DEFAULT_CATEGORIES,
    MAX_DETAIL,
    MAX_NAME,
    AssetAnswer,
    category_ids,
    one_line,
)
from workshop_kit.core.answers import Answer
from workshop_kit.core.exports import FORMULA_STARTS
from workshop_kit.core.imports import (
    Findings,
    ImportedRow,
    ImportResult,
    ImportSteps,
    all_texts,
    choice_index,
    participant_id,
    rows_of,
)
from workshop_kit.core.tables import DEFAULT_MAX_BYTES, Problem, describe_names, normal
from workshop_kit.i18n import Translator, texts_in_every_language
from workshop_kit.profile import Profile

#: The import template's columns, also the directory's header (so exports re-import).
TEMPLATE_COLUMNS = ASSET_FIELDS

#: Other headers people write for the template's columns (compared after :func:`normal`).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("nom", "asset", "asset_name", "ressource", "nom_de_la_ressource", "label"),
    "category": ("categorie", "category_id", "type"),
    "area": ("quartier", "zone", "secteur", "neighbourhood", "neighborhood", "area_id"),
    "needs": ("besoins", "need", "besoin", "helps_with", "aide_pour", "need_ids"),
    "contact": ("coordonnees", "phone", "telephone", "email", "courriel"),
    "opening_hours": ("hours", "horaires", "heures_d_ouverture", "opening_times"),
    "latitude": ("lat",),
    "longitude": ("lon", "lng", "long"),
}
REQUIRED_COLUMNS = ("name", "category", "area")
#: Columns of the kit's own directory export that an import reads past without a warning.
EXPORT_ONLY_COLUMNS = ("mentions",)

_NEED_SPLIT = re.compile(r"[;|\n]+")
_DEGREE = re.compile(r"[°º\s]")


@dataclass
class AssetImport(ImportResult):
    """What an inventory file holds: validated assets and the problems found on the way."""

    answer_type: ClassVar[type[Answer]] = AssetAnswer

    columns: dict[str, str] = field(default_factory=dict)  # template column → file column


def template_csv() -> bytes:
    """The header row of an asset inventory file (ids, the same in every language)."""
    return (",".join(TEMPLATE_COLUMNS) + "\r\n").encode("utf-8")


def check_assets_file(
    data: bytes,
    filename: str,
    profile: Profile,
    *,
    sheet: str | None = None,
    language: str = "en",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AssetImport:
    """Read and validate an asset inventory against the community profile.

    Never raises for a bad file: every reason is a :class:`~workshop_kit.core.tables.Problem`
    (with ``rows`` and ``columns``) in the result.
    """
    steps = _AssetSteps(profile, data)
    return steps.check(data, filename, sheet=sheet, language=language, max_bytes=max_bytes)


_MESSAGES = "assets.import"


@dataclass
class _AssetSteps(ImportSteps[AssetImport, dict[str, str]]):
    """The asset inventory's hooks in the import pipeline."""

    profile: Profile
    data: bytes
    messages: ClassVar[str] = _MESSAGES

    def new_result(self, filename: str) -> AssetImport:
        return AssetImport(filename=filename)

    def find_columns(
        self, headers: list[str], filename: str, t: Translator
    ) -> tuple[dict[str, str], list[Problem]]:
        return _find_columns(headers, filename, t)

    def validate_rows(
        self, table: pd.DataFrame, columns: dict[str, str], result: AssetImport, t: Translator
    ) -> None:
        # One file is one participant: re-importing it adds nothing.
        participant = participant_id(self.data)
        _validate_rows(table, columns, self.profile, participant, result, t)


def _find_columns(
    headers: list[str], filename: str, t: Translator
) -> tuple[dict[str, str], list[Problem]]:
    """Match the file's headers to the template's columns (ids, synonyms, EN/FR)."""
    wanted: dict[str, str] = {}
    for column in TEMPLATE_COLUMNS:
        wanted[normal(column)] = column
        for synonym in COLUMN_SYNONYMS.get(column, ()):
            wanted.setdefault(normal(synonym), column)
    found: dict[str, str] = {}
    ignored: list[str] = []
    for header in headers:
        column = wanted.get(normal(header))
        if column is not None and column not in found:
            found[column] = header
        elif normal(header) not in {normal(c) for c in EXPORT_ONLY_COLUMNS}:
            ignored.append(header)
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        message = t(
            "assets.import.missing_columns",
            name=filename,
            columns=describe_names(missing, t),
            found=describe_names(headers, t),
            expected=", ".join(TEMPLATE_COLUMNS),
        )
        problems.append(Problem("missing_columns", message, columns=tuple(missing)))
    if ignored:
        message = t("assets.import.ignored_columns", columns=describe_names(ignored, t))
        problems.append(
            Problem("ignored_columns", message, columns=tuple(ignored), severity="warning")
        )
    if not missing and "needs" not in found:
        message = t("assets.import.no_needs_column", name=filename)
        problems.append(Problem("no_needs_column", message, severity="warning"))
    return found, problems


def _category_index(profile: Profile) -> dict[str, str]:
    ids = category_ids(profile)
    labels: dict[str, list[str]] = {c: [] for c in ids}
    labels.update(texts_in_every_language("assets.category", DEFAULT_CATEGORIES))
    for choice in profile.asset_categories:
        labels[choice.id].extend(all_texts(choice.label))
    return choice_index(ids, labels)


def _parse_coordinate(text: str) -> float | None:
    """``47.53``, ``47,53`` or ``47.53°`` → 47.53; anything else → ``None``."""
    cleaned = _DEGREE.sub("", text).replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _unformula(text: str) -> str:
    """Undo the kit's own CSV protection (``'=…`` → ``=…``) so an export re-imports as typed."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


#: Row problems that keep the asset (the location is dropped); all others leave the row out.
_WARNINGS = frozenset({"bad_location", "half_location", "location_outside", "duplicate_rows"})


def _validate_rows(
    table: pd.DataFrame,
    columns: Mapping[str, str],
    profile: Profile,
    participant: str,
    result: AssetImport,
    t: Translator,
) -> None:
    categories = _category_index(profile)
    areas = choice_index(
        [a.id for a in profile.areas], {a.id: all_texts(a.name) for a in profile.areas}
    )
    needs = choice_index(
        [n.id for n in profile.needs], {n.id: all_texts(n.label) for n in profile.needs}
    )
    findings = Findings()
    position = {header: i for i, header in enumerate(table.columns)}

    def cell(cells: tuple[str, ...], column: str) -> str:
        header = columns.get(column)
        return _unformula(cells[position[header]].strip()) if header else ""

    for row, cells, copied in rows_of(table):
        if copied is not None:
            findings.add("duplicate_rows", columns["name"], row, str(copied), False)
            continue

        name = one_line(cell(cells, "name")) or ""
        if not name:
            findings.add("empty_name", columns["name"], row)
        elif len(name) > MAX_NAME:
            findings.add("too_long", columns["name"], row, name[:30] + "…")
        category = categories.get(normal(cell(cells, "category")))
        if category is None:
            findings.add("unknown_category", columns["category"], row, cell(cells, "category"))
        area = areas.get(normal(cell(cells, "area")))
        if area is None:
            findings.add("unknown_area", columns["area"], row, cell(cells, "area"))
        need_ids = _parse_needs(cell(cells, "needs"), needs)
        for unknown in need_ids.unknown:
            findings.add("unknown_need", columns["needs"], row, unknown)
        details = {}
        for column in ("contact", "opening_hours"):
            value = one_line(cell(cells, column)) or ""
            if len(value) > MAX_DETAIL:
                findings.add("too_long", columns[column], row, value[:30] + "…")
            details[column] = value or None

        latitude_text, longitude_text = cell(cells, "latitude"), cell(cells, "longitude")
        latitude = longitude = None
        if bool(latitude_text) != bool(longitude_text):
            given = "latitude" if latitude_text else "longitude"
            value = latitude_text or longitude_text
            findings.add("half_location", columns.get(given, given), row, value, False)
        elif latitude_text:
            latitude = _parse_coordinate(latitude_text)
            longitude = _parse_coordinate(longitude_text)
            if (
                latitude is None
                or longitude is None
                or not -90 <= latitude <= 90
                or not -180 <= longitude <= 180
            ):
                bad = latitude_text if latitude is None or abs(latitude) > 90 else longitude_text
                column = "latitude" if bad == latitude_text else "longitude"
                findings.add("bad_location", columns.get(column, column), row, bad, False)
                latitude = longitude = None

        if row in findings.bad_rows:
            continue
        payload = {
            "asset_id": hashlib.sha256(f"{participant}:{row}".encode()).hexdigest()[:16],
            "name": name,
            "category": category,
            "area": area,
            "needs": need_ids.known,
            **details,
            "latitude": latitude,
            "longitude": longitude,
        }
        try:
            answer = AssetAnswer.model_validate(payload, context={"profile": profile})
        except ValueError as error:  # pragma: no cover - every rule is checked above
            findings.add("invalid_row", columns["name"], row, str(error)[:60])
            continue
        if latitude is not None and answer.latitude is None:
            header = columns.get("latitude", "latitude")
            findings.add("location_outside", header, row, f"{latitude}, {longitude}", False)
        result.answers.append(ImportedRow(row, participant, answer))

    result.problems.extend(_row_problems(findings, profile, t))


@dataclass
class _Needs:
    known: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _parse_needs(text: str, index: Mapping[str, str]) -> _Needs:
    """Needs separated by ``;``, ``|`` or new lines; a comma separates too when every piece
    it gives is a need (need names themselves may contain commas)."""
    parsed = _Needs()
    for part in (p.strip() for p in _NEED_SPLIT.split(text)):
        if not part:
            continue
        need = index.get(normal(part))
        if need is not None:
            parsed.known.append(need)
            continue
        pieces = [index.get(normal(p)) for p in part.split(",") if p.strip()]
        if len(pieces) > 1 and all(pieces):
            parsed.known.extend(p for p in pieces if p)
        else:
            parsed.unknown.append(part)
    parsed.known = list(dict.fromkeys(parsed.known))
    return parsed


def _row_problems(findings: Findings, profile: Profile, t: Translator) -> list[Problem]:
    return findings.problems(
        t,
        _MESSAGES,
        warnings=_WARNINGS,
        expected={
            "unknown_category": ", ".join(category_ids(profile)),
            "unknown_area": ", ".join(a.id for a in profile.areas),
            "unknown_need": ", ".join(n.id for n in profile.needs),
        },
        row_values={"duplicate_rows"},
        name_limit=MAX_NAME,
        detail_limit=MAX_DETAIL,
    )


def summary_line(result: AssetImport, t: Translator) -> str:
    """``assets.csv: 31 assets ready to import (warnings: 0).``"""
    return t(
        "assets.import.summary",
        name=result.filename,
        count=len(result.answers),
        warnings=len(result.warnings),
    )
