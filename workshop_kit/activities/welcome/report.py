"""The warm-up's section of the workshop report: its shown state, as the room saw it last."""

from __future__ import annotations

import pandas as pd

from workshop_kit.core.disclosure import contributors
from workshop_kit.core.exports import png_bytes
from workshop_kit.core.report import ReportContext, ReportFigure, ReportSection, ReportTable


def report_section(context: ReportContext) -> ReportSection | None:
    """``None`` when nobody answered the warm-up in this session."""
    t = context.t
    answered = contributors(context.history("welcome"))
    if answered == 0:
        return None
    title = t("welcome.chart_title")
    shown = context.shown("welcome")
    if not shown.people:
        k = context.profile.min_cell_size
        return ReportSection(
            "welcome", title, [t("welcome.summary_waiting", count=answered, min=k)]
        )
    figure = ReportFigure(title, png_bytes(shown.figure), shown.sentence)
    # the figures behind the chart, for the shown-state exports (core.shown_export)
    counts = pd.DataFrame(
        {
            t("welcome.report.group"): [t(f"groups.{group}") for group in shown.counts],
            t("welcome.report.people"): [
                t("app.too_few") if n is None else n for n in shown.counts.values()
            ],
        }
    )
    return ReportSection(
        "welcome",
        title,
        sentences=[shown.sentence],
        figures=[figure],
        data=[ReportTable(title, counts)],
    )
