"""Files in and out of the facilitator page: the panel that imports an asset inventory, and
the directory CSV and network workbook it exports, as
:class:`~workshop_kit.core.exports.ExportFile` (the page saves and offers them with the
core's export helpers, as every activity page does).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from workshop_kit.activities.assets.overview import AssetOverview
from workshop_kit.core import import_panel
from workshop_kit.core.exports import ExportFile
from workshop_kit.profile import Profile

#: Media type of an Excel workbook.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

if TYPE_CHECKING:
    from workshop_kit.activities.assets.importer import AssetImport


class ImportPanel(import_panel.ImportPanel):
    """Upload an asset inventory, see its problems, import it when it has none."""

    CSS = "assets"
    KEYS: ClassVar[Mapping[str, str]] = {
        "title": "assets.view.import_title",
        "help": "assets.view.import_help",
        "upload": "assets.view.upload",
        "sheet": "assets.view.sheet",
        "import": "assets.view.import",
        "problem_error": "assets.view.problem_error",
        "problem_warning": "assets.view.problem_warning",
        "imported": "assets.view.imported",
        "already_there": "assets.view.already_there",
    }

    def check(self, data: bytes, name: str, sheet: str | None) -> AssetImport:
        from workshop_kit.activities.assets.importer import check_assets_file

        return check_assets_file(data, name, self.profile, sheet=sheet, language=self.t.language)

    def summary(self, result: AssetImport) -> str:  # type: ignore[override]
        from workshop_kit.activities.assets.importer import summary_line

        return summary_line(result, self.t)

    def refused(self, name: str, problems: list[Any]) -> AssetImport:
        from workshop_kit.activities.assets.importer import AssetImport

        return AssetImport(filename=name, problems=problems)


def export_file(
    overview: AssetOverview, label: str, profile: Profile, language: str, kind: str
) -> ExportFile | None:
    """The directory CSV (``kind="directory"``) or the network workbook of ``overview``, or
    ``None`` when there is nothing to export. ``label`` (the session code, or ``import``) goes
    into the file name.

    Assets are written in reading order (category, area, name), never in the order people
    answered: the file then says nothing of who added what when. The network workbook's
    counts per need and area follow the min-cell rule (``overview.shown``), as the charts do.
    """
    from workshop_kit.activities.assets.exporter import directory_csv, network_workbook
    from workshop_kit.activities.assets.inventory import inventory_listing

    if overview.total == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    label = "".join(ch for ch in label if ch.isalnum()) or "assets"
    listing = inventory_listing(
        overview.inventory, list(overview.category_names), list(overview.area_names)
    )
    if kind == "directory":
        data = directory_csv(listing, profile, language)
        return ExportFile(f"assets-directory-{label}-{stamp}.csv", "text/csv", data)
    data = network_workbook(listing, profile, language, overview.shown)
    return ExportFile(f"assets-network-{label}-{stamp}.xlsx", XLSX, data)
