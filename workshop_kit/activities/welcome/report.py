"""The warm-up's section of the workshop report: its shown state, as the room saw it last."""

from __future__ import annotations

from workshop_kit.core.disclosure import contributors
from workshop_kit.core.exports import png_bytes
from workshop_kit.core.report import ReportContext, ReportFigure, ReportSection


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
    return ReportSection("welcome", title, sentences=[shown.sentence], figures=[figure])
