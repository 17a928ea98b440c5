"""The caregiver-load section of the workshop report: the community estimate with its ranges,
every assumption and the source of every reference figure, and the people in the room.

The estimate is the one the facilitator's page opens with (the published figures and the
community profile, :func:`~.model.estimate` with the default scenario), said with the page's
own sentences and drawn with its own charts. The "What if…" sliders are a live exploration
and are not stored with the session, so the report says it shows the published estimate.

The room's panel is built from the *released* caregiving answers, through the same
:func:`~.model_room.room_summary` and :func:`~.sentences.room_text` as the hub: the room's
hours appear only from ``min_cell_size`` people on, rounded down, and tasks ticked by too
few people are left out.

The section appears when the session has caregiving answers: that is the only trace an
activity leaves in a session (which screen was projected when is not recorded).
"""

from __future__ import annotations

import pandas as pd

from workshop_kit.activities.caregiving import charts, sentences
from workshop_kit.activities.caregiving.answers import CARE_TASKS
from workshop_kit.activities.caregiving.model import CaregivingEstimate, estimate
from workshop_kit.activities.caregiving.model_room import room_summary
from workshop_kit.activities.caregiving.reference_files import (
    ReferenceDataError,
    load_community_inputs,
    load_reference,
)
from workshop_kit.activities.caregiving.sources import reference_sources
from workshop_kit.core.disclosure import contributors
from workshop_kit.core.exports import png_bytes
from workshop_kit.core.report import ReportContext, ReportFigure, ReportSection, ReportTable
from workshop_kit.i18n import Translator
from workshop_kit.profile import ProfileError


def report_section(context: ReportContext) -> ReportSection | None:
    """``None`` when nobody answered the caregiving questions in this session."""
    t = context.t
    profile = context.profile
    if contributors(context.history("caregiving")) == 0:
        return None
    title = t("caregiving.title", name=profile.name)
    section = ReportSection(activity="caregiving", title=title)
    try:
        inputs = load_community_inputs(profile, t.language)
        reference = load_reference(language=t.language)
    except (ProfileError, ReferenceDataError) as error:
        # the page shows the same problems; the room's answers need the estimate beside them
        section.sentences.append(t("caregiving.report.no_estimate"))
        section.sentences.extend(error.problems)
        return section
    result = estimate(inputs)
    add_estimate(section, result, t, profile.country)
    section.sources.extend(reference_sources(reference, inputs, result, profile, t))
    add_room(section, context, result)
    return section


def add_estimate(
    section: ReportSection, result: CaregivingEstimate, t: Translator, country: str | None
) -> None:
    """The page's sentences, both charts with their sentences, and the assumptions."""
    section.sentences.extend(
        [
            t("caregiving.intro"),
            sentences.main_sentence(result, t),
            sentences.range_sentence(result, t),
            sentences.fte_sentence(result, t),
            sentences.value_sentence(result, t, country),
            sentences.seed_sentence(result, t, country),
            t("caregiving.report.published"),
        ]
    )
    caregivers_text = sentences.biggest_band_sentence(result, t)
    section.figures.append(
        ReportFigure(
            t("caregiving.chart.caregivers_title"),
            png_bytes(charts.caregivers_figure(result, t)),
            caregivers_text,
            caregivers_text,
        )
    )
    palliative_text = sentences.palliative_text(result, t)
    figure = charts.palliative_figure(result, t)
    if figure is None:  # deaths unknown: the sentence says why there is no chart
        section.sentences.append(palliative_text)
    else:
        section.figures.append(
            ReportFigure(
                t("caregiving.chart.palliative_title"),
                png_bytes(figure),
                palliative_text,
                palliative_text,
            )
        )
    section.assumptions.extend(sentences.assumption_texts(result, t, country))


def add_room(section: ReportSection, context: ReportContext, result: CaregivingEstimate) -> None:
    """The room's own hours and tasks, as the hub projected them last."""
    t = context.t
    k = context.profile.min_cell_size
    released = context.released("caregiving")
    title = t("caregiving.room.title")
    if contributors(released) == 0:
        # fewer than min_cell_size people answered: the projector never showed a figure
        section.sentences.append(f"{title}: {t('caregiving.room.too_few', min=str(k))}")
        return
    summary = room_summary(released, CARE_TASKS, k)
    text = sentences.room_text(summary, result, t)
    too_few = t("app.too_few")
    figures = {
        t("caregiving.report.hours"): summary.hours_per_week,
        **{t(f"caregiving.task.{task}"): count for task, count in summary.tasks.items()},
    }
    rows = [[name, too_few if value is None else int(value)] for name, value in figures.items()]
    columns = [t("caregiving.report.figure"), t("caregiving.report.value")]
    section.data.append(ReportTable(title, pd.DataFrame(rows, columns=columns)))
    figure = charts.room_tasks_figure(summary, t)
    if figure is None:
        section.sentences.append(f"{title}: {text}")
    else:
        section.figures.append(ReportFigure(title, png_bytes(figure), text, text))
