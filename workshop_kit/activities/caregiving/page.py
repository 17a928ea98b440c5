"""The facilitator's caregiver-load page (notebook 03): how much unpaid care the community
gives, and "what if…" sliders.

The page is the kit's facilitator page frame (:func:`workshop_kit.core.page.facilitator_page`)
around one view, :class:`CaregiverLoadApp`. The frame refuses participant links, says what is
wrong with a profile it cannot read, shows the title and the synthetic-data banner and lets the
facilitator choose a session; the view does the rest.

It needs no live session: the estimate comes from the community profile and the published
figures in ``data/reference/``, so "no live session" is the page's first choice. Moving a
slider (:mod:`~workshop_kit.activities.caregiving.scenario_panel`) recomputes the estimate (a
few milliseconds) and redraws both charts, the sentences and the list of assumptions, so the
room sees at once what a different wage or an older town would mean.

With a session, the view also shows what the people in the room said of their own caregiving
(:func:`~workshop_kit.activities.caregiving.live.room_panel`), from the *released* answers
exactly as the hub does: the facilitator's page, often projected too, must not reveal one
person's hours any more than the hub may.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from workshop_kit.activities.caregiving import charts, sentences
from workshop_kit.activities.caregiving.live import caregiving_problems, room_panel
from workshop_kit.activities.caregiving.model import CaregivingEstimate, estimate
from workshop_kit.activities.caregiving.model_inputs import CommunityInputs
from workshop_kit.activities.caregiving.reference_files import (
    ReferenceDataError,
    load_community_inputs,
)
from workshop_kit.activities.caregiving.scenario_panel import ScenarioControls
from workshop_kit.core.context import PageContext
from workshop_kit.core.page import ActivityView, facilitator_page
from workshop_kit.core.release import released_answers_of
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import ChartPanel, MessageArea, escape
from workshop_kit.profile import ProfileError

CAREGIVING_CSS = """
<style>
.wk-caregiving { max-width: 1000px; margin: 0 auto; font-size: 16px; }
.wk-caregiving-sentence p { font-size: 22px; font-weight: 600; line-height: 1.35; }
.wk-caregiving-details p { font-size: 16px; margin: 4px 0; }
.wk-caregiving-controls { border-left: 4px solid #0072B2; padding: 4px 12px; margin: 8px 0; }
.wk-caregiving-assumptions li { margin-bottom: 4px; }
</style>
"""

#: Returns the room's answers as a screen may show them (see :func:`released_caregiving`).
RoomAnswers = Callable[[], pd.DataFrame]


class CaregiverLoadApp(widgets.VBox):
    """The estimate view: sentences, the "What if…" controls, charts, assumptions and, with a
    live session, the people in the room.

    ``sliders``, ``method`` and ``reset`` are the controls' own widgets (see
    :class:`~workshop_kit.activities.caregiving.scenario_panel.ScenarioControls` for their CSS
    classes). Other CSS classes for tests: ``wk-caregiving``, ``wk-caregiving-sentence``,
    ``wk-caregiving-assumptions``, ``wk-caregiving-room``.
    """

    #: The answers it shows: the frame redraws it when the session's caregiving answers change.
    reads = ("caregiving",)

    def __init__(
        self, context: PageContext, inputs: CommunityInputs, room: RoomAnswers | None = None
    ) -> None:
        """``room`` gives the session's released answers; ``None`` (no live session) leaves
        the room out."""
        self.context = context
        self.profile = context.profile
        self.inputs = inputs
        self.room_answers = room
        self.t = t = context.t
        self.country = self.profile.country
        self.messages = MessageArea()
        self._answers: pd.DataFrame | None = None
        self._drawn: dict[str, tuple[Any, ...]] = {}

        title = widgets.HTML(f"<h2>{escape(t('caregiving.title', name=self.profile.name))}</h2>")
        intro = widgets.HTML(f"<p>{escape(t('caregiving.intro'))}</p>")
        self.sentence = widgets.HTML()
        self.sentence.add_class("wk-caregiving-sentence")
        self.future = widgets.HTML()
        self.future.add_class("wk-caregiving-future")
        self.details = widgets.HTML()
        self.details.add_class("wk-caregiving-details")
        self.value = widgets.HTML()
        self.value.add_class("wk-caregiving-value")
        self.controls = ScenarioControls(inputs, t, self.messages, self.recompute)
        self.sliders = self.controls.sliders
        self.method = self.controls.method
        self.reset = self.controls.reset
        self.caregivers_chart = ChartPanel()
        self.caregivers_chart.add_class("wk-caregiving-chart-caregivers")
        self.palliative_chart = ChartPanel()
        self.palliative_chart.add_class("wk-caregiving-chart-palliative")
        self.assumptions = widgets.HTML()
        self.assumptions.add_class("wk-caregiving-assumptions")
        self.room = widgets.VBox()
        self.room.add_class("wk-caregiving-room")
        super().__init__(
            [
                widgets.HTML(CAREGIVING_CSS),
                title,
                intro,
                self.sentence,
                self.future,
                self.details,
                self.value,
                self.messages,
                self.controls,
                self.caregivers_chart,
                self.palliative_chart,
                self.assumptions,
                self.room,
            ]
        )
        self.add_class("wk-caregiving")
        self.estimate: CaregivingEstimate = estimate(inputs)
        self.recompute()
        self.refresh()

    def recompute(self) -> CaregivingEstimate:
        """Recompute the estimate for the controls and redraw everything that shows it."""
        t = self.t
        result = estimate(self.inputs, self.controls.scenario())
        self.estimate = result
        self.sentence.value = (
            f'<p aria-live="polite">{escape(sentences.main_sentence(result, t))}</p>'
        )
        future = sentences.future_sentence(result, t)
        self.future.value = f"<p><em>{escape(future)}</em></p>" if future else ""
        self.details.value = "".join(
            f"<p>{escape(text)}</p>"
            for text in (sentences.range_sentence(result, t), sentences.fte_sentence(result, t))
        )
        self.value.value = "".join(
            f"<p>{escape(text)}</p>"
            for text in (
                sentences.value_sentence(result, t, self.country),
                sentences.seed_sentence(result, t, self.country),
            )
            if text
        )
        # A chart is redrawn only when what it shows changed: the wage, hours and method
        # sliders change no chart, the rate slider only the first one.
        if self._drawn.get("caregivers") != (key := _caregivers_key(result)):
            self.caregivers_chart.show(
                charts.caregivers_figure(result, t),
                sentences.biggest_band_sentence(result, t),
                dpi=charts.CHART_DPI,
            )
            self._drawn["caregivers"] = key
        if self._drawn.get("palliative") != (key := _palliative_key(result)):
            palliative_text = sentences.palliative_text(result, t)
            self.palliative_chart.show(
                charts.palliative_figure(result, t), palliative_text, dpi=charts.CHART_DPI
            )
            self._drawn["palliative"] = key
        items = "".join(
            f"<li>{escape(text)}</li>"
            for text in sentences.assumption_texts(result, t, self.country)
        )
        self.assumptions.value = (
            f"<h3>{escape(t('caregiving.assumptions_title'))}</h3><ul>{items}</ul>"
            f"<p><small>{escape(t('caregiving.sources_note'))}</small></p>"
        )
        if self._answers is not None:
            self.show_room(self._answers)
        return result

    def refresh(self) -> None:
        """Read the room's answers again (the frame calls this when they changed).

        Most new answers do not complete a block of ``min_cell_size`` people, so the released
        answers stay the same: the panel (a chart) is then left as it is.
        """
        if self.room_answers is None:
            return
        released = self.room_answers()
        if self._answers is None or not released.equals(self._answers):
            self.show_room(released)

    def show_room(self, answers: pd.DataFrame) -> None:
        """Show what the people in the room said beside the community estimate.

        ``answers`` must already be released (:func:`released_caregiving`); the panel is
        redrawn with the community figure whenever the sliders move.
        """
        self._answers = answers
        self.room.children = [
            room_panel(answers, self.estimate, self.t, self.profile.min_cell_size)
        ]


def _caregivers_key(result: CaregivingEstimate) -> tuple[Any, ...]:
    """What the caregivers chart and its sentence show."""
    table = result.by_band[["caregivers_low", "caregivers", "caregivers_high"]]
    return (result.scenario.years, *table.to_numpy().ravel().tolist())


def _palliative_key(result: CaregivingEstimate) -> tuple[Any, ...]:
    """What the deaths / palliative need / bereavement chart and its sentence show."""
    ranges = (result.deaths, result.needing_palliative_care, result.bereaved)
    return (
        result.scenario.years,
        *(None if r is None else (r.low, r.central, r.high) for r in ranges),
        result.rosenwax.low,
        result.rosenwax.high,
    )


def released_caregiving(store: Store, code: str, min_cell_size: int) -> pd.DataFrame:
    """Session ``code``'s caregiving answers as a screen may show them: as the facilitator
    released them, the same as the hub's live view (:mod:`workshop_kit.core.release`)."""
    return released_answers_of(store, code, "caregiving", min_cell_size)


def caregiver_load_app(
    context: PageContext, store: Store | None = None, session: SessionInfo | None = None
) -> ActivityView:
    """The view for ``session`` (or for no session: the profile alone), as the page frame
    builds it; a list of problems if the profile's parameters or ``data/reference/`` cannot
    be used."""
    try:
        inputs = load_community_inputs(context.profile, context.language)
    except (ProfileError, ReferenceDataError) as error:
        return caregiving_problems(error.problems, context.t)
    room = None
    if store is not None and session is not None:
        room = partial(released_caregiving, store, session.code, context.profile.min_cell_size)
    return CaregiverLoadApp(context, inputs, room=room)


def caregiver_load_page(poll: bool = True) -> widgets.Widget:
    """The whole page for this request, in the kit's facilitator page frame."""
    return facilitator_page(
        "caregiving.page.title",
        caregiver_load_app,
        without_session="caregiving.page.no_session",
        poll=poll,
    )


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(caregiver_load_page())
