"""Asset inventory files the facilitator takes home: the directory (CSV) and the network
workbook (XLSX).

Why these formats:

- the **directory** is what a community keeps after the workshop: one row per asset with
  readable labels. Its header is the import template's (:data:`~.importer.TEMPLATE_COLUMNS`),
  and the import accepts labels as well as ids, so an exported directory can be corrected in a
  spreadsheet and imported again;
- the **network workbook** follows the spreadsheet layout that network-mapping tools import
  (sheet ``Elements``: Label, Type, Description, Tags; sheet ``Connections``: From, To, Type),
  so an asset map can continue there. Elements are the assets, the needs and the areas;
  connections say which asset *helps with* which need and is *located in* which area. Such
  tools match connections to elements by label, so every label is made unique.

Cells are written as text. In the CSV, text that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is neutralised; in the XLSX
every value is stored as a string cell, which spreadsheets never evaluate.

No widgets: the command line and the pages write the same files.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from workshop_kit.activities.assets.answers import category_labels
from workshop_kit.activities.assets.importer import TEMPLATE_COLUMNS
from workshop_kit.activities.assets.shown import ShownCounts
from workshop_kit.core.exports import safe_csv
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

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
    inventory: pd.DataFrame, profile: Profile, language: str, shown: ShownCounts | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``Elements`` and ``Connections`` tables of the network workbook.

    Each need and area element says how many assets it connects to, unless ``shown`` (the
    counts the pages may show, :mod:`.shown`) hides that count: then it says it is too few to
    show, as the charts do. Pages always pass ``shown``; without it every count is written.
    """
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
    k = shown.min_cell_size if shown is not None else 0
    hidden_needs = {n for n, c in shown.needs.items() if c is None} if shown is not None else set()
    hidden_areas = {a for a, c in shown.areas.items() if c is None} if shown is not None else set()
    if shown is not None:
        # the counts the charts show (individuals' gifts included: the page leaves gifts out
        # of ``inventory``, never out of a count, so a file and the projector agree)
        helping = {n: shown.needs.get(n, c) for n, c in helping.items()}
        located = {a: shown.areas.get(a, c) for a, c in located.items()}
    for need, label in need_label.items():
        elements.append(
            {
                "Label": label,
                "Type": kinds["need"],
                "Description": (
                    t("assets.network.need_too_few", min=k)
                    if need in hidden_needs
                    else t("assets.network.need_description", count=helping[need])
                ),
                "Tags": t("assets.network.no_asset") if helping[need] == 0 else "",
            }
        )
    for area, label in area_label.items():
        elements.append(
            {
                "Label": label,
                "Type": kinds["area"],
                "Description": (
                    t("assets.network.area_too_few", min=k)
                    if area in hidden_areas
                    else t("assets.network.area_description", count=located[area])
                ),
                "Tags": "",
            }
        )
    return (
        pd.DataFrame([*asset_elements, *elements], columns=list(ELEMENT_COLUMNS)),
        pd.DataFrame(connections, columns=list(CONNECTION_COLUMNS)),
    )


def _blank(value: Any) -> bool:
    return _text(value).strip() == ""


def network_workbook(
    inventory: pd.DataFrame, profile: Profile, language: str, shown: ShownCounts | None = None
) -> bytes:
    """The network workbook as XLSX bytes (sheets ``Elements`` and ``Connections``); counts
    as :func:`network_tables` writes them."""
    elements, connections = network_tables(inventory, profile, language, shown)
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
