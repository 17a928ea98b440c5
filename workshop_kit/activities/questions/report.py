"""A question set's section of the workshop report: its shown state as the room saw it last,
with the same figures as a table (the export's rows)."""

from __future__ import annotations

from workshop_kit.core.disclosure import TOO_FEW_KEY, contributors
from workshop_kit.core.exports import png_bytes
from workshop_kit.core.report import (
    ReportContext,
    ReportFigure,
    ReportItem,
    ReportList,
    ReportSection,
    ReportTable,
)


def report_section(set_id: str, context: ReportContext) -> ReportSection | None:
    """``None`` when nobody answered this set in the session."""
    t, activity = context.t, f"q-{set_id}"
    answered = contributors(context.history(activity))
    if answered == 0:
        return None
    shown = context.shown(activity)
    if not shown.people:
        k = context.profile.min_cell_size
        waiting = t("questions.live.waiting", count=answered, min=k)
        return ReportSection(activity, shown.title, [waiting])
    section = ReportSection(
        activity, shown.title, [t("questions.live.answered", count=shown.people)]
    )
    for question in shown.questions:
        section.sentences.append(f"{question.text} {question.sentence}")
        if question.figure is not None:
            png = png_bytes(question.figure)
            section.figures.append(ReportFigure(question.text, png, question.sentence))
        if question.ranking:
            items = tuple(ReportItem(f"{label} ({mean})") for label, mean in question.ranking)
            section.lists.append(ReportList(question.text, items, question.sentence))
        if question.quotes:
            items = tuple(ReportItem(quote) for quote in question.quotes)
            section.lists.append(ReportList(question.text, items, question.sentence))
    table = shown.table().fillna({"value": ""})
    table["count"] = (
        table["count"].astype(object).where(table["status"] != "too_few", t(TOO_FEW_KEY))
    )
    section.tables.append(ReportTable(t("questions.report.table", title=shown.title), table))
    return section
