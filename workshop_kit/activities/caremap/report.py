"""The CareMap's section of the workshop report: what the room saw of the shared maps.

The same summary, charts and sentences as the hub's view (:mod:`.live`), from the same
function (:func:`~.group.summary_for`): shared maps only, released in whole blocks of
``min_cell_size`` sharing caregivers, every figure built from at least that many maps. A
private map contributes nothing, not even to a count. Below ``min_cell_size`` shared maps the
section says the summary was waiting, with no figure. No drawing and no name ever reaches the
report: only totals.
"""

from __future__ import annotations

import pandas as pd

from workshop_kit.activities.caremap.charts import group_figures
from workshop_kit.activities.caremap.group import shared_log, summary_for, summary_rows
from workshop_kit.activities.caremap.sentences import chart_sentences, overview_sentence
from workshop_kit.core.exports import png_bytes
from workshop_kit.core.report import ReportContext, ReportFigure, ReportSection, ReportTable


def report_section(context: ReportContext) -> ReportSection | None:
    """``None`` when no caregiver shared their map in this session."""
    t = context.t
    k = context.profile.min_cell_size
    log = context.history("caremap")
    shared = shared_log(log)
    if shared is None or shared.empty:
        return None
    summary = summary_for(log, k, context.releases("caremap"))
    section = ReportSection(
        activity="caremap",
        title=t("caremap.page.title"),
        sentences=[t("caremap.report.note", min=k), overview_sentence(summary, t)],
    )
    if not summary.shown:
        return section
    sentences = chart_sentences(summary, t)
    for name, figure in group_figures(summary, t).items():
        title = t(f"caremap.group.chart_{name}")
        section.figures.append(
            ReportFigure(title, png_bytes(figure), sentences[name], caption=sentences[name])
        )
    section.tables.append(
        ReportTable(t("caremap.report.table"), pd.DataFrame(summary_rows(summary, t)))
    )
    return section
