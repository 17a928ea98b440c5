"""The Compassionate City Charter's section of the workshop report: what the projector showed
last, and the action list the room agreed.

Laid out from the Charter's one shown state (:func:`~.shown.shown_state`, through
``context.shown``), the same the hub's view draws. So the progress per commitment, the
sentence under the chart, the points of disagreement and the notes quoted are the room's: a
commitment rated by fewer than ``min_cell_size`` people keeps no figure here either, and
evidence or a next step the facilitator did not approve is counted, never quoted.
"""

from __future__ import annotations

import pandas as pd

from workshop_kit.activities.charter.commitments import CommitmentsError
from workshop_kit.activities.charter.shown import ShownCharter, discuss_item
from workshop_kit.core.disclosure import NO_ANSWERS, TOO_FEW, contributors
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
    """``None`` when nobody rated the charter in this session."""
    t = context.t
    if contributors(context.history("charter")) == 0:
        return None
    section = ReportSection(activity="charter", title=t("charter.title"))
    try:
        shown: ShownCharter = context.shown("charter")
    except CommitmentsError as error:
        section.sentences.extend(error.problems)
        return section
    labels = shown.labels
    if shown.figure is None:
        section.sentences.append(shown.sentence)
    else:
        title = t("charter.chart.title")
        section.figures.append(
            ReportFigure(title, png_bytes(shown.figure), shown.sentence, shown.sentence)
        )
    section.tables.append(
        ReportTable(t("charter.report.table"), commitments_table(shown, labels, t))
    )
    items = tuple(ReportItem(discuss_item(shown, commitment, t)) for commitment in shown.to_discuss)
    section.lists.append(ReportList(t("charter.discuss.title"), items, shown.discussion))
    section.lists.append(notes_list(shown, labels, t))
    if shown.actions is None or shown.actions.empty:
        section.sentences.append(f"{t('charter.actions.title')}: {t('charter.actions.empty')}")
    else:
        section.tables.append(
            ReportTable(t("charter.actions.title"), actions_table(shown.actions, labels, t))
        )
    return section


def commitments_table(shown: ShownCharter, labels: dict[str, str], t: Translator) -> pd.DataFrame:
    """Progress, typical answer and disagreement per commitment, as the chart shows them:
    "too few to show" for a commitment rated by fewer than ``min_cell_size`` people."""
    rows = []
    for commitment, row in shown.table.iterrows():
        if row["status"] == NO_ANSWERS:
            figures = [t("charter.report.no_answers"), "", "", ""]
        elif row["status"] == TOO_FEW:
            figures = [t("app.too_few"), "", "", ""]
        else:
            progress, disagreement = row["progress"], row["disagreement"]
            figures = [
                t.number(int(row["raters"])),
                t("app.too_few") if pd.isna(progress) else t.percent(round(float(progress), 2)),
                t(f"charter.status.{row['typical']}") if row["typical"] else "",
                "" if pd.isna(disagreement) else t.number(float(disagreement), 2),
            ]
        rows.append([labels.get(str(commitment), str(commitment)), *figures])
    columns = [
        t(f"charter.report.{key}")
        for key in ("commitment", "raters", "progress", "typical", "disagreement")
    ]
    return pd.DataFrame(rows, columns=columns)


def notes_list(shown: ShownCharter, labels: dict[str, str], t: Translator) -> ReportList:
    """The approved evidence and next steps (next steps first), the others only counted."""
    ordered = shown.notes
    if not ordered.empty:
        ordered = ordered.sort_values(
            "kind", key=lambda kinds: kinds.map({"next_step": 0, "evidence": 1}), kind="stable"
        )
    items = tuple(
        ReportItem(
            f"{labels.get(r['commitment'], r['commitment'])} "
            f"({t('charter.notes.kind_' + r['kind'])}): {r['text']}"
        )
        for r in ordered.to_dict("records")
    )
    waiting = shown.waiting_notes
    note = t("charter.notes.waiting", count=waiting) if waiting else ""
    if not items:
        note = f"{t('charter.notes.none')} {note}".strip()
    return ReportList(t("charter.notes.title"), items, note)


def actions_table(actions: pd.DataFrame, labels: dict[str, str], t: Translator) -> pd.DataFrame:
    """The action list the facilitator recorded: commitment, action, who, by when."""
    none = t("charter.actions.none_who")
    rows = [
        [
            labels.get(r["commitment"], r["commitment"]),
            r["action"],
            r["who"] or none,
            t.date(r["by_when"]) if r["by_when"] else none,
        ]
        for r in actions.to_dict("records")
    ]
    columns = [t(f"charter.actions.{key}") for key in ("commitment", "action", "who", "by_when")]
    return pd.DataFrame(rows, columns=columns)
