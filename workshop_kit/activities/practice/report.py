"""The Community of Practice's section of the workshop report: what the projector showed last.

Built like the projected view (:mod:`.live`), through the same :func:`.shown.projected_value`
and :func:`.shown.shown_stories`: the value per cycle from the ratings released cycle by cycle
(a cycle rated by fewer than ``min_cell_size`` people keeps no figure here either: "too few
to show"), its chart and the sentence read under it, the figures as a table, and the stories
the facilitator approved, the others only counted. Then the multiagency view of this
gathering: the member organisations the facilitator recorded as present, by sector.

A report is about one session, so the year's value matrix (several gatherings, read from other
sessions) stays on the facilitator's page; this gathering is its column.
"""

from __future__ import annotations

import pandas as pd

from workshop_kit.activities.practice.charts import multiagency_chart
from workshop_kit.activities.practice.data import attendance_of, mark_of
from workshop_kit.activities.practice.model import multiagency, multiagency_sentence, sector_labels
from workshop_kit.activities.practice.shown import (
    ShownStories,
    ShownValue,
)
from workshop_kit.core.disclosure import SHOWN, TOO_FEW, contributors
from workshop_kit.core.exports import png_bytes
from workshop_kit.core.report import (
    ReportContext,
    ReportFigure,
    ReportItem,
    ReportList,
    ReportSection,
    ReportTable,
)
from workshop_kit.i18n import Translator


def report_section(context: ReportContext) -> ReportSection | None:
    """``None`` when nobody answered the Community of Practice's questions in this session."""
    t = context.t
    log = context.history("practice")
    if contributors(log) == 0:
        return None
    section = ReportSection(activity="practice", title=t("practice.title"))
    mark = mark_of(context.history("practice_gathering"))
    if mark is not None:
        section.sentences.append(
            t(
                "practice.gathering.marked",
                number=mark.number,
                community=mark.community,
                year=str(mark.year),
            )
        )

    shown = context.shown("practice")  # the state the projector laid out
    value = shown.value
    figure = value.chart(t)
    if figure is None:
        section.sentences.append(value.sentence)
    else:
        title = t("practice.chart.cycles_title")
        section.figures.append(
            ReportFigure(title, png_bytes(figure), value.sentence, value.sentence)
        )
    section.tables.append(ReportTable(t("practice.report.value_table"), value_table(value, t)))

    told = shown.stories
    if told.written:
        section.lists.append(stories_list(told, t))

    present = attendance_of(context.history("practice_attendance"))
    if not present:
        section.sentences.append(t("practice.report.no_attendance"))
        return section
    column = t("practice.report.gathering", number=mark.number) if mark else None
    table = multiagency({column or t("practice.report.this_gathering"): present})
    labels = sector_labels(t)
    sentence = multiagency_sentence(table, t, labels, summary="practice.report.multiagency")
    chart = multiagency_chart(table, labels, t)
    if chart is not None:
        title = t("practice.multiagency.title")
        section.figures.append(ReportFigure(title, png_bytes(chart), sentence, sentence))
    else:
        section.sentences.append(sentence)
    section.tables.append(
        ReportTable(t("practice.report.sectors_table"), sectors_table(table, labels, t))
    )
    return section


def value_table(value: ShownValue, t: Translator) -> pd.DataFrame:
    """The value per cycle as the report prints it, in the framework's order: the mean score
    (0 to 2, one decimal as on the chart) and how many rated it; "too few to show" in both
    for a cycle rated by fewer than ``min_cell_size`` people."""
    rows = []
    for cycle, row in value.shown.iterrows():
        status = row["status"]
        if status == SHOWN:
            figures = [t.number(float(row["score"]), 1), t.number(int(row["n"]))]
        elif status == TOO_FEW:
            figures = [t("app.too_few")] * 2
        else:
            figures = [t("practice.chart.no_answers"), t.number(0)]
        rows.append([value.labels.get(str(cycle), str(cycle)), *figures])
    columns = [t(f"practice.report.{key}") for key in ("cycle", "value", "raters")]
    return pd.DataFrame(rows, columns=columns)


def stories_list(told: ShownStories, t: Translator) -> ReportList:
    """The approved stories, quoted; the others counted, never quoted."""
    note = t("practice.report.not_quoted", count=told.waiting) if told.waiting else ""
    items = tuple(ReportItem(text) for text in told.approved)
    return ReportList(t("practice.stories.title"), items, note)


def sectors_table(table: pd.DataFrame, labels: dict[str, str], t: Translator) -> pd.DataFrame:
    """How many member organisations of each sector were present (organisations recorded by
    the facilitator, not people: no small-cell rule applies, see :mod:`.model`)."""
    counts = table.iloc[:, 0]
    rows = [[labels.get(str(s), str(s)), t.number(int(n))] for s, n in counts.items()]
    columns = [t("practice.report.sector"), t("practice.report.organisations")]
    return pd.DataFrame(rows, columns=columns)
