"""The files the Community of Practice page exports: a gathering, the year, the plan and the
register. Only what the page shows goes out (shown figures, approved stories); every CSV goes
through :func:`workshop_kit.core.exports.safe_csv`, which defuses spreadsheet formulas.

No widgets: the panels call these and offer the files (:func:`.controls.offer`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from workshop_kit.activities.practice.data import YearData
from workshop_kit.activities.practice.planner import YearPlan
from workshop_kit.activities.practice.register import Register
from workshop_kit.core.exports import ExportFile, png_bytes, safe_csv
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Where the page's exports are saved when they belong to no session.
EXPORT_FOLDER = "practice"


def gathering_files(
    code: str, shown: pd.DataFrame, approved: list[str], figure: Figure | None, t: Translator
) -> list[ExportFile]:
    """A gathering's shown figures (:func:`~.model.cycle_scores`), its approved stories and
    its chart: what the room saw, no more."""
    value = shown.copy()
    value.insert(0, "label", [t(f"practice.cycle.{c}") for c in value.index])
    files = [
        ExportFile(f"practice-{code}-value.csv", "text/csv", safe_csv(value)),
        ExportFile(
            f"practice-{code}-stories.csv",
            "text/csv",
            safe_csv(pd.DataFrame({"story": approved}, columns=["story"])),
        ),
    ]
    if figure is not None:
        files.append(ExportFile(f"practice-{code}-value.png", "image/png", png_bytes(figure)))
    return files


def year_files(
    data: YearData | None, figures: Mapping[str, Figure | None], t: Translator
) -> list[ExportFile]:
    """The year's value matrix, multiagency table and approved stories as CSV, and
    ``figures`` (file name part → chart) as PNG; nothing without a year."""
    if data is None or data.matrix is None or data.sectors is None:
        return []
    stem = f"practice-{data.year}"
    matrix = data.matrix.table()
    matrix.insert(0, "community", data.community)
    matrix.insert(3, "label", [t(f"practice.cycle.{c}") for c in matrix["cycle"]])
    sectors = data.sectors.copy()
    sectors.insert(0, "label", [t(f"practice.sector.{s}") for s in sectors.index])
    files = [
        ExportFile(f"{stem}-value-matrix.csv", "text/csv", safe_csv(matrix)),
        ExportFile(f"{stem}-multiagency.csv", "text/csv", safe_csv(sectors)),
        ExportFile(
            f"{stem}-stories.csv",
            "text/csv",
            safe_csv(pd.DataFrame(data.stories, columns=["gathering", "story"])),
        ),
    ]
    for name, figure in figures.items():
        if figure is not None:
            files.append(ExportFile(f"{stem}-{name}.png", "image/png", png_bytes(figure)))
    return files


def register_files(register: Register, t: Translator) -> list[ExportFile]:
    """The register of member organisations as a CSV file."""
    return [ExportFile("practice-register.csv", "text/csv", register.csv(t))]


def plan_frame(plan: YearPlan, community: str, t: Translator) -> pd.DataFrame:
    """The plan as a table: one row per gathering."""
    rows = [
        {
            "community": community,
            "gathering": g.number,
            "date": g.day.isoformat(),
            "start": g.start.strftime("%H:%M"),
            "end": g.end.strftime("%H:%M"),
            "theme": t(f"practice.topic.{g.theme}"),
            "host": g.host or "",
            "facilitator": g.facilitator or "",
        }
        for g in plan.gatherings
    ]
    return pd.DataFrame(rows)


def plan_files(
    plan: YearPlan, community: str, t: Translator, zone: str | None = None
) -> list[ExportFile]:
    """The plan as an iCalendar file, a printable agenda and a CSV table."""
    from workshop_kit.activities.practice.agenda import agenda_html
    from workshop_kit.activities.practice.ical import calendar_bytes

    stem = f"community-of-practice-{plan.request.year}"
    return [
        ExportFile(f"{stem}.ics", "text/calendar", calendar_bytes(plan, community, t, zone=zone)),
        ExportFile(
            f"{stem}-agenda.html", "text/html", agenda_html(plan, community, t).encode("utf-8")
        ),
        ExportFile(f"{stem}.csv", "text/csv", safe_csv(plan_frame(plan, community, t))),
    ]
