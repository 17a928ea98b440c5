"""The warm-up's section of the workshop report: the chart and sentence the room saw last."""

from __future__ import annotations

import pandas as pd

from workshop_kit.activities.welcome.model import shown_group_counts, summary_sentence
from workshop_kit.core.count_chart import count_bars
from workshop_kit.core.disclosure import contributors
from workshop_kit.core.exports import png_bytes
from workshop_kit.core.report import ReportContext, ReportFigure, ReportSection, ReportTable
from workshop_kit.profile import GROUPS


def report_section(context: ReportContext) -> ReportSection | None:
    """``None`` when nobody answered the warm-up in this session."""
    t = context.t
    k = context.profile.min_cell_size
    total = contributors(context.history("welcome"))
    if total == 0:
        return None
    released = context.released("welcome")
    shown = shown_group_counts(released, k) if contributors(released) else dict.fromkeys(GROUPS)
    labels = [t(f"groups.{g}") for g in shown]
    sentence = summary_sentence(shown, total, k, t)
    figure = count_bars(labels, list(shown.values()), too_few=t("app.too_few"))
    counts = pd.DataFrame(
        {
            t("welcome.report.group"): labels,
            t("welcome.report.people"): [
                t("app.too_few") if n is None else n for n in shown.values()
            ],
        }
    )
    return ReportSection(
        activity="welcome",
        title=t("welcome.chart_title"),
        sentences=[sentence],
        figures=[ReportFigure(t("welcome.chart_title"), png_bytes(figure), sentence)],
        data=[ReportTable(t("welcome.chart_title"), counts)],
    )
