"""The needs assessment's section of the workshop report: what the projector showed last.

Built from the shown state the projected view lays out (:func:`~.shown.shown_state`: the
*released* needs answers and the facilitator's moderation decisions). So the ranking, the
heat maps, their sentences and the themes are those of the room's screen: a need rated by
fewer than ``min_cell_size`` people keeps no score here either, and a written answer the
facilitator did not approve is counted, never quoted. The sliders and filters of a live
screen are not part of a session, so there is nothing else the report could show.
"""

from __future__ import annotations

import pandas as pd

from workshop_kit.activities.needs.shown import ShownNeeds, quoted_answers
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
from workshop_kit.profile import Profile


def report_section(context: ReportContext) -> ReportSection | None:
    """``None`` when nobody answered the needs assessment in this session."""
    t = context.t
    profile = context.profile
    if contributors(context.history("needs")) == 0:
        return None
    section = ReportSection(activity="needs", title=t("needs.title"))
    shown = context.shown("needs")
    if shown.counts["people"] == 0:
        # the projector never showed anything: fewer than min_cell_size people answered
        section.sentences.append(t("needs.report.too_few_people", min=profile.min_cell_size))
        return section
    section.sentences.append(shown.overview)
    for title, figure, sentence in (
        (t("needs.chart.ranking_title"), shown.ranking_figure, shown.ranking_sentence),
        (t("needs.chart.group_title"), shown.by_group.figure, shown.by_group.sentence),
        (t("needs.chart.area_title"), shown.by_area.figure, shown.by_area.sentence),
    ):
        if figure is None:
            section.sentences.append(sentence)
        else:
            section.figures.append(ReportFigure(title, png_bytes(figure), sentence, sentence))
    section.tables.append(
        ReportTable(t("needs.report.ranking_table"), ranking_table(shown, profile, t))
    )
    # the figures behind both heat maps, exported (the charts print them)
    for title, part in (
        (t("needs.chart.group_title"), shown.by_group),
        (t("needs.chart.area_title"), shown.by_area),
    ):
        section.data.append(ReportTable(title, part.result.table()))
    if shown.texts:
        section.lists.append(themes_list(shown, t))
    return section


def ranking_table(shown: ShownNeeds, profile: Profile, t: Translator) -> pd.DataFrame:
    """The ranking as the report prints it, every figure written in the room's language.

    Rows follow :func:`~.model.shown_scores`: shown needs by rank, then needs rated by too
    few people (no rank, no score, no count: "too few to show"), then needs nobody rated.
    """
    labels = profile.need_labels(t.language)
    scores = shown.scores
    rows = []
    for need, row in scores.iterrows():
        status = row["status"]
        if status == SHOWN:
            figures = [
                t.number(float(row["score"]), 1),
                t.number(float(row["importance_mean"]), 1),
                t.number(float(row["met_mean"]), 1),
                t.number(int(row["n"])),
            ]
            rank = t.number(int(row["rank"]))
        else:
            empty = t("app.too_few") if status == TOO_FEW else t("needs.report.no_answers")
            figures = [empty, "", "", ""]
            rank = ""
        rows.append([rank, labels.get(str(need), str(need)), *figures])
    columns = [
        t(f"needs.report.{key}")
        for key in ("rank", "need", "score", "importance", "met", "answers")
    ]
    return pd.DataFrame(rows, columns=columns)


def themes_list(shown: ShownNeeds, t: Translator) -> ReportList:
    """The themes of the approved answers as the projector lists them (words, count, the
    first quotes and "and N more"), and how many answers were not approved."""
    items = []
    for theme in shown.themes.themes:
        quoted, more = quoted_answers(theme.answers, t)
        text = f"{' · '.join(theme.words)} ({t.number(theme.count)})"
        items.append(ReportItem(text, (*quoted, *([more] if more else []))))
    if shown.themes.ungrouped:
        quoted, more = quoted_answers(shown.themes.ungrouped, t)
        items.append(ReportItem(t("needs.view.ungrouped"), (*quoted, *([more] if more else []))))
    if not shown.themes.total:  # "no written answers yet" would be untrue here
        note = t("needs.report.none_quoted", count=shown.waiting)
    elif shown.waiting:
        note = shown.themes_sentence + " " + t("needs.report.not_quoted", count=shown.waiting)
    else:
        note = shown.themes_sentence
    return ReportList(t("needs.chart.themes_title"), tuple(items), note)
