"""Asset inventory files: the directory (CSV), the network workbook (XLSX) and imports.

Why these formats:

- the **directory** is what a community keeps after the workshop: one row per asset with
  readable labels. Its header is the import template's, and the import accepts labels as well
  as ids, so an exported directory can be corrected in a spreadsheet and imported again;
- the **network workbook** follows the spreadsheet layout that network-mapping tools import
  (sheet ``Elements``: Label, Type, Description, Tags; sheet ``Connections``: From, To, Type),
  so an asset map can continue there. Elements are the assets, the needs and the areas;
  connections say which asset *helps with* which need and is *located in* which area. Such
  tools match connections to elements by label, so every label is made unique.

**Import** (:func:`check_assets_file`) follows the rules of the needs import: the file is read
by :func:`workshop_kit.core.tables.read_table` (any encoding, delimiter, CSV or XLSX), every
problem is reported with its rows and columns in the reader's language, and nothing is stored
unless the file has no error (:meth:`AssetImport.store_rows`). Categories, areas and needs may
be written as ids or as their names in English or French, in any case, with or without
accents. A location that is not a number, is only half there or lies outside the community
is a warning: the asset is kept without its point. A name containing markup is kept as typed
(pages escape it). Importing the same file again stores nothing twice.

Cells are written as text. In the CSV, text that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is neutralised; in the XLSX
every value is stored as a string cell, which spreadsheets never evaluate.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from workshop_kit.activities.assets.answers import (
    DEFAULT_CATEGORIES,
    MAX_DETAIL,
    MAX_NAME,
    AssetAnswer,
    category_ids,
    category_labels,
    one_line,
)
from workshop_kit.core.answers import Answer
from workshop_kit.core.exports import FORMULA_STARTS, safe_csv
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
TEMPLATE_COLUMNS = (
    "name",
    "category",
    "area",
    "needs",
    "contact",
    "opening_hours",
    "latitude",
    "longitude",
)
#: Several needs in one cell are separated by this (a semicolon also reads well in French).
NEEDS_SEPARATOR = "; "
ELEMENT_COLUMNS = ("Label", "Type", "Description", "Tags")
CONNECTION_COLUMNS = ("From", "To", "Type")


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def directory_table(inventory: pd.DataFrame, profile: Profile, language: str) -> pd.DataFrame:
    """The merged inventory as the directory: template columns with labels, plus mentions."""
    categories = category_labels(profile, language)
    areas = profile.area_labels(language)
    needs = profile.need_labels(language)
    rows = []
    for asset in inventory.to_dict("records"):
        rows.append(
            {
                "name": _text(asset["name"]),
                "category": categories.get(asset["category"], _text(asset["category"])),
                "area": areas.get(asset["area"], _text(asset["area"])),
                "needs": NEEDS_SEPARATOR.join(needs.get(n, n) for n in asset["needs"]),
                "contact": _text(asset["contact"]),
                "opening_hours": _text(asset["opening_hours"]),
                "latitude": _coordinate(asset["latitude"]),
                "longitude": _coordinate(asset["longitude"]),
                "mentions": int(asset.get("mentions", 1) or 1),
            }
        )
    return pd.DataFrame(rows, columns=[*TEMPLATE_COLUMNS, "mentions"])


def _coordinate(value: Any) -> float:
    """A coordinate rounded to 6 decimals (about 10 cm), kept a number so CSV writes it as one."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    return round(float(value), 6)


def directory_csv(inventory: pd.DataFrame, profile: Profile, language: str) -> bytes:
    """The directory as formula-safe CSV (UTF-8 with BOM, see :mod:`workshop_kit.core.exports`)."""
    return safe_csv(directory_table(inventory, profile, language), index=False)


# -- network workbook --------------------------------------------------------------------------


class _Labels:
    """Hand out labels unique regardless of case (network tools join connections by label)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str, *qualifiers: str) -> str:
        candidates = [
            wanted,
            *(f"{wanted} ({q})" for q in qualifiers if q and q.casefold() != wanted.casefold()),
        ]
        for candidate in candidates:
            if candidate.casefold() not in self.taken:
                self.taken.add(candidate.casefold())
                return candidate
        number = 2
        while f"{candidates[-1]} #{number}".casefold() in self.taken:
            number += 1
        label = f"{candidates[-1]} #{number}"
        self.taken.add(label.casefold())
        return label


def network_tables(
    inventory: pd.DataFrame, profile: Profile, language: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``Elements`` and ``Connections`` tables of the network workbook."""
    t = Translator(language)
    categories = category_labels(profile, language)
    area_names = profile.area_labels(language)
    need_names = profile.need_labels(language)
    labels = _Labels()
    kinds = {
        "asset": t("assets.network.asset"),
        "need": t("assets.network.need"),
        "area": t("assets.network.area"),
    }
    need_label = {n: labels.claim(name, kinds["need"]) for n, name in need_names.items()}
    area_label = {a: labels.claim(name, kinds["area"]) for a, name in area_names.items()}

    elements: list[dict[str, str]] = []
    connections: list[dict[str, str]] = []
    helping = {n: 0 for n in need_names}
    located = {a: 0 for a in area_names}
    asset_elements = []
    for asset in inventory.to_dict("records"):
        area = str(asset["area"])
        area_name = area_names.get(area, area)
        category = categories.get(asset["category"], str(asset["category"]))
        label = labels.claim(_text(asset["name"]).strip() or "?", area_name, kinds["asset"])
        parts = [t("assets.network.category", category=category)]
        if not _blank(asset["contact"]):
            parts.append(t("assets.network.contact", contact=asset["contact"]))
        if not _blank(asset["opening_hours"]):
            parts.append(t("assets.network.opening_hours", hours=asset["opening_hours"]))
        mentions = int(asset.get("mentions", 1) or 1)
        if mentions > 1:
            parts.append(t("assets.network.mentions", count=mentions))
        asset_elements.append(
            {
                "Label": label,
                "Type": kinds["asset"],
                "Description": " ".join(parts),
                "Tags": "|".join([category, area_name]),
            }
        )
        for need in asset["needs"]:
            if need in need_label:
                helping[need] += 1
                connections.append(
                    {"From": label, "To": need_label[need], "Type": t("assets.network.helps")}
                )
        if area in area_label:
            located[area] += 1
            connections.append(
                {"From": label, "To": area_label[area], "Type": t("assets.network.located")}
            )
    for need, label in need_label.items():
        elements.append(
            {
                "Label": label,
                "Type": kinds["need"],
                "Description": t("assets.network.need_description", count=helping[need]),
                "Tags": t("assets.network.no_asset") if helping[need] == 0 else "",
            }
        )
    for area, label in area_label.items():
        elements.append(
            {
                "Label": label,
                "Type": kinds["area"],
                "Description": t("assets.network.area_description", count=located[area]),
                "Tags": "",
            }
        )
    return (
        pd.DataFrame([*asset_elements, *elements], columns=list(ELEMENT_COLUMNS)),
        pd.DataFrame(connections, columns=list(CONNECTION_COLUMNS)),
    )


def _blank(value: Any) -> bool:
    return _text(value).strip() == ""


def network_workbook(inventory: pd.DataFrame, profile: Profile, language: str) -> bytes:
    """The network workbook as XLSX bytes (sheets ``Elements`` and ``Connections``)."""
    elements, connections = network_tables(inventory, profile, language)
    return _workbook({"Elements": elements, "Connections": connections})


def _workbook(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Write-only workbook: rows stream out, so a town-sized inventory stays fast."""
    workbook = Workbook(write_only=True)
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title)
        for letter, width in zip("ABCD", (40, 14, 60, 30), strict=False):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
        sheet.append(_text_cells(sheet, frame.columns, bold=True))
        for row in frame.itertuples(index=False):
            sheet.append(_text_cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cells(sheet: Any, values: Iterable[Any], bold: bool = False) -> list[Any]:
    """String cells: ``=…`` stays text, never becomes a formula."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub(" ", _text(value)))
        cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells


# -- import ------------------------------------------------------------------------------------

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
