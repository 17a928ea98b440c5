"""Every file a session exports, in one place: ``workshop-kit export`` and the hub's *Export*
button write the same files.

By default: the report (``report.html``), the shown state as tables
(:mod:`workshop_kit.core.shown_export`) and the facilitator's full backup (the session
bundle, :data:`~workshop_kit.core.bundle.BUNDLE_FILE`). Person-level rows only when asked
(``rows=True``), through disclosure control (:mod:`workshop_kit.core.row_export`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workshop_kit.core.bundle import BUNDLE_FILE, session_activities, session_bundle
from workshop_kit.core.exports import ExportFile
from workshop_kit.core.report import Report, build_report, report_context, report_html
from workshop_kit.core.row_export import RowExport, row_export, row_files
from workshop_kit.core.shown_export import shown_files
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

if TYPE_CHECKING:
    from workshop_kit.core.store import Store


@dataclass
class SessionExport:
    """The files, and what the person-level tables withheld (empty unless asked for)."""

    files: list[ExportFile]
    #: The report the files were made from (its tables are the shown-state files).
    report: Report
    rows: RowExport = field(default_factory=RowExport)

    @property
    def backup(self) -> ExportFile:
        return next(f for f in self.files if f.name == BUNDLE_FILE)


def session_export(
    store: Store, code: str, profile: Profile, language: str, rows: bool = False
) -> SessionExport:
    """The report, the shown state, the full backup and (``rows``) the person-level rows."""
    t = Translator(language)
    report = build_report(store, code, profile, language)
    files = [
        ExportFile("report.html", "text/html", report_html(report).encode("utf-8")),
        *shown_files(report),
    ]
    result = SessionExport(files, report)
    if rows:
        context = report_context(store, code, profile, t)
        withheld = t("export.withheld", min=profile.min_cell_size)
        result.rows = row_export(context, session_activities(store, code), withheld)
        files.extend(row_files(result.rows))
    files.append(
        ExportFile(
            BUNDLE_FILE, "application/json", session_bundle(store, code), t("export.full_backup")
        )
    )
    return result


def row_notes(rows: RowExport, t: Translator, min_cell_size: int) -> list[str]:
    """What the person-level tables withheld, one sentence per activity (said beside them)."""
    notes = []
    for activity in rows.tables:
        notes.append(
            t(
                "export.rows_note",
                activity=activity,
                generalised=rows.generalised.get(activity, 0),
                suppressed=rows.suppressed.get(activity, 0),
                texts=rows.withheld_texts.get(activity, 0),
                min=min_cell_size,
            )
        )
    notes.extend(t("export.rows_left_out", activity=activity) for activity in rows.left_out)
    return notes
