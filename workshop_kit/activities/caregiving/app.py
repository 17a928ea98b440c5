"""Caregiver load app: how much unpaid care the community gives, and "what if…" sliders.

The facilitator's page for the caregiver-load activity. It needs no live session: everything
comes from the community profile and the published figures in ``data/reference/``. Moving a
slider recomputes the estimate (a few milliseconds) and redraws both charts, the sentences and
the list of assumptions, so the room sees at once what a different wage or an older town
would mean.

The "people in this room" part is kept apart (:func:`room_panel`, :meth:`CaregiverLoadApp.
show_room`): it takes the answers of a live session as a DataFrame and applies the profile's
small-cell rule, so it can be wired to any live refresh without touching the rest.

A profile the kit cannot use shows its problems, translated and naming each field, instead of
a traceback.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.caregiving.answers import CARE_TASKS, MAX_HOURS_PER_WEEK
from workshop_kit.core.answers import InvalidAnswer
from workshop_kit.core.context import PROFILE_VARIABLE, PageContext, facilitator_page_context
from workshop_kit.core.registry import (
    FormContext,
    LiveResults,
    ResultsContext,
)
from workshop_kit.core.style import PAGE_CSS
from workshop_kit.core.widgets import ChartPanel, MessageArea, escape, guarded, synthetic_banner
from workshop_kit.i18n import Translator, normalise_language
from workshop_kit.profile import ProfileError, load_profile

if TYPE_CHECKING:
    # numpy, pandas and matplotlib load only when a page computes or draws: the participant
    # kernel imports this module for the form alone and must stay light.
    import pandas as pd

    from workshop_kit.activities.caregiving.model import CaregivingEstimate
    from workshop_kit.activities.caregiving.model_inputs import CommunityInputs, Scenario


def _charts() -> ModuleType:
    from workshop_kit.activities.caregiving import charts

    return charts


def _sentences() -> ModuleType:
    from workshop_kit.activities.caregiving import sentences

    return sentences


def _model() -> ModuleType:
    from workshop_kit.activities.caregiving import model

    return model


def _reference() -> ModuleType:
    from workshop_kit.activities.caregiving import reference_files

    return reference_files


CAREGIVING_CSS = """
<style>
.wk-caregiving { max-width: 1000px; margin: 0 auto; font-size: 16px; }
.wk-caregiving-sentence p { font-size: 22px; font-weight: 600; line-height: 1.35; }
.wk-caregiving-details p { font-size: 16px; margin: 4px 0; }
.wk-caregiving-controls { border-left: 4px solid #0072B2; padding: 4px 12px; margin: 8px 0; }
.wk-caregiving-assumptions li { margin-bottom: 4px; }
.wk-caregiving-error li { color: #b00020; font-weight: 600; }
</style>
"""

SLIDER_LAYOUT = {"width": "560px"}
#: Where the "years ahead" slider goes when the growth slider is moved first.
DEFAULT_YEARS_AHEAD = 10
SLIDER_STYLE = {"description_width": "260px"}


class CaregiverLoadApp(widgets.VBox):
    """The whole page: sentences, sliders, method switch, charts and assumptions.

    Widgets a browser test needs carry stable CSS classes: ``wk-caregiving-sentence``,
    ``wk-slider-<name>`` (``rate``, ``hours``, ``wage``, ``growth``, ``years``,
    ``palliative``), ``wk-caregiving-method``, ``wk-caregiving-reset``,
    ``wk-caregiving-assumptions``.
    """

    def __init__(self, context: PageContext, inputs: CommunityInputs) -> None:
        self.context = context
        self.profile = context.profile
        self.inputs = inputs
        self.t = t = context.t
        self.country = self.profile.country
        self.model = _model()
        from workshop_kit.activities.caregiving.model_value import METHODS as methods

        self.messages = MessageArea()
        self._holding = False
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

        self.sliders = self._build_sliders()
        self.method = widgets.ToggleButtons(
            options=[(t(f"caregiving.method.{m}"), m) for m in methods],
            value="replacement",
            description=t("caregiving.method.label"),
            tooltips=[t(f"caregiving.method.{m}_help") for m in methods],
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.method.add_class("wk-caregiving-method")
        self.method_help = widgets.HTML()
        self.reset = widgets.Button(
            description=t("caregiving.reset"), icon="undo", layout=widgets.Layout(width="auto")
        )
        self.reset.add_class("wk-caregiving-reset")

        self.caregivers_chart = ChartPanel()
        self.caregivers_chart.add_class("wk-caregiving-chart-caregivers")
        self.palliative_chart = ChartPanel()
        self.palliative_chart.add_class("wk-caregiving-chart-palliative")
        self.assumptions = widgets.HTML()
        self.assumptions.add_class("wk-caregiving-assumptions")
        self.room = widgets.VBox()
        self.room.add_class("wk-caregiving-room")

        for slider in self.sliders.values():
            slider.observe(guarded(self._slider_moved, self.messages, t), names="value")
        self.method.observe(guarded(self._method_changed, self.messages, t), names="value")
        self.reset.on_click(guarded(self._reset_clicked, self.messages, t))

        controls = widgets.VBox(
            [
                widgets.HTML(f"<h3>{escape(t('caregiving.controls_title'))}</h3>"),
                self.method,
                self.method_help,
                *self.sliders.values(),
                self.reset,
            ]
        )
        controls.add_class("wk-caregiving-controls")
        super().__init__(
            [
                widgets.HTML(PAGE_CSS + CAREGIVING_CSS),
                widgets.HTML(synthetic_banner(self.profile, t)),
                title,
                intro,
                self.sentence,
                self.future,
                self.details,
                self.value,
                self.messages,
                controls,
                self.caregivers_chart,
                self.palliative_chart,
                self.assumptions,
                self.room,
            ]
        )
        self.add_class("wk-caregiving")
        self.estimate: CaregivingEstimate = self.model.estimate(inputs)
        self.recompute()

    # -- sliders ---------------------------------------------------------------------------

    def _published_values(self, method: str = "replacement") -> dict[str, float]:
        """What each slider shows for the published figures (and returns to on reset)."""
        return {
            "rate": 100,
            "hours": round(self.inputs.published_hours.central, 1),
            "wage": round(self.inputs.wages[method].central, 2),
            "growth": 0.0,
            "years": 0,
            "palliative": round(self.inputs.palliative_share.central * 100),
        }

    def _build_sliders(self) -> dict[str, widgets.Widget]:
        t = self.t
        published = self._published_values()
        common: dict[str, Any] = {
            "continuous_update": False,
            "style": SLIDER_STYLE,
            "layout": widgets.Layout(**SLIDER_LAYOUT),
        }
        wage_max = max(80.0, published["wage"] * 3)
        sliders: dict[str, widgets.Widget] = {
            "rate": widgets.IntSlider(value=published["rate"], min=50, max=150, step=5, **common),
            "hours": widgets.FloatSlider(
                value=published["hours"], min=1, max=60, step=0.1, readout_format=".1f", **common
            ),
            "wage": widgets.FloatSlider(
                value=published["wage"],
                min=1,
                max=wage_max,
                step=0.01,
                readout_format=".2f",
                **common,
            ),
            "growth": widgets.FloatSlider(
                value=0.0, min=-2, max=3, step=0.1, readout_format="+.1f", **common
            ),
            "years": widgets.IntSlider(value=0, min=0, max=20, step=1, **common),
            "palliative": widgets.IntSlider(
                value=published["palliative"], min=40, max=100, step=1, **common
            ),
        }
        for name, slider in sliders.items():
            slider.description = t(f"caregiving.slider.{name}")
            slider.add_class(f"wk-slider-{name}")
        return sliders

    def scenario(self) -> Scenario:
        """The scenario the sliders show; a slider left at its published value means
        "published" (so its assumption is not listed as a scenario)."""
        method = self.method.value
        published = self._published_values(method)
        values = {name: slider.value for name, slider in self.sliders.items()}
        from workshop_kit.activities.caregiving.model_inputs import Scenario

        return Scenario(
            rate_multiplier=values["rate"] / 100,
            hours_per_week=None if values["hours"] == published["hours"] else values["hours"],
            wage=None if values["wage"] == published["wage"] else values["wage"],
            method=method,
            growth_percent_per_year=values["growth"],
            years=int(values["years"]),
            palliative_share=(
                None
                if values["palliative"] == published["palliative"]
                else values["palliative"] / 100
            ),
        )

    def set_sliders(self, values: dict[str, float]) -> None:
        """Move several sliders with one recompute (reset, method change)."""
        self._holding = True
        try:
            for name, value in values.items():
                self.sliders[name].value = value
        finally:
            self._holding = False
        self.recompute()

    def _slider_moved(self, change: dict[str, Any]) -> None:
        if self._holding:
            return
        growth, years = self.sliders["growth"], self.sliders["years"]
        if change["owner"] is growth and change["new"] and years.value == 0:
            # a growth rate means nothing over 0 years: look 10 years ahead rather than
            # leave a slider that visibly does nothing
            self.set_sliders({"years": DEFAULT_YEARS_AHEAD})
            return
        self.recompute()

    def _method_changed(self, change: dict[str, Any]) -> None:
        # each method has its own published wage: the wage slider follows the method
        self.set_sliders({"wage": self._published_values(change["new"])["wage"]})

    def _reset_clicked(self, _button: widgets.Button) -> None:
        self.set_sliders(self._published_values(self.method.value))
        self.messages.show(self.t("caregiving.reset_done"), "info")

    # -- drawing -----------------------------------------------------------------------------

    def recompute(self) -> CaregivingEstimate:
        """Recompute the estimate for the sliders and redraw everything that shows it."""
        t = self.t
        charts, sentences = _charts(), _sentences()
        result = self.model.estimate(self.inputs, self.scenario())
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
        self.value.value = f"<p>{escape(sentences.value_sentence(result, t, self.country))}</p>"
        self.method_help.value = (
            f"<p><small>{escape(t(f'caregiving.method.{result.method}_help'))}</small></p>"
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
            palliative_text = sentences.palliative_sentence(result, t)
            if result.deaths is not None:
                palliative_text += " " + sentences.rosenwax_sentence(result, t)
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

    # -- the people in the room ------------------------------------------------------------

    def show_room(self, answers: pd.DataFrame) -> None:
        """Show what the people in the room said beside the community estimate.

        ``answers`` is ``Store.answers(code, "caregiving")``; call again when it changes.
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


def room_panel(
    answers: pd.DataFrame, community: CaregivingEstimate, t: Translator, min_cell_size: int
) -> ChartPanel:
    """ "The people in this room give N hours a week" beside the community's weekly hours,
    and what they do, with every group smaller than ``min_cell_size`` hidden."""
    charts, sentences = _charts(), _sentences()
    from workshop_kit.activities.caregiving.model_room import room_summary

    summary = room_summary(answers, CARE_TASKS, min_cell_size)
    panel = ChartPanel(t("caregiving.room.title"))
    panel.add_class("wk-caregiving-room-panel")
    text = sentences.room_sentence(summary, community, t)
    if any(count is None for count in summary.tasks.values()):
        text += " " + t("caregiving.room.tasks_hidden", min=str(min_cell_size))
    panel.show(charts.room_tasks_figure(summary, t), text)  # shared bar chart: tight layout
    return panel


# -- building the page ---------------------------------------------------------------------------


def problems_widget(problems: list[str], t: Translator) -> widgets.Widget:
    """What a page shows instead of a traceback when the profile or the data cannot be used."""
    items = "".join(f"<li>{escape(problem)}</li>" for problem in problems)
    box = widgets.HTML(
        f'<div role="alert"><p><strong>{escape(t("caregiving.cannot_start"))}</strong></p>'
        f"<ul>{items}</ul></div>"
    )
    box.add_class("wk-caregiving-error")
    return box


def caregiver_load_app(context: PageContext | None = None) -> widgets.Widget:
    """The caregiver-load page for ``context`` (default: this page's request and profile)."""
    if context is None:
        try:
            context = facilitator_page_context()
        except ProfileError as error:
            language, problems = _translated_profile_problems(error)
            return problems_widget(problems, Translator(language))
    reference = _reference()
    try:
        inputs = reference.load_community_inputs(context.profile, context.language)
    except (ProfileError, reference.ReferenceDataError) as error:
        return problems_widget(error.problems, context.t)
    return CaregiverLoadApp(context, inputs)


def _translated_profile_problems(error: ProfileError) -> tuple[str, list[str]]:
    """``page_context`` reads the profile before it knows the page's language: read it again
    in the language the page asked for, so the problems are said in that language."""
    from workshop_kit.auth import query_parameters
    from workshop_kit.paths import sample_profile_path

    query = query_parameters(os.environ.get("QUERY_STRING", ""))
    language = normalise_language(query.get("lang"))
    try:
        load_profile(os.environ.get(PROFILE_VARIABLE) or sample_profile_path(), language)
    except ProfileError as translated:
        return language, translated.problems
    return language, error.problems


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(caregiver_load_app())


# -- live: participants give their own hours and tasks ------------------------------------------


def caregiving_form(context: FormContext) -> widgets.Widget:
    """The participant's form: weekly hours and tasks, both optional, anonymous."""
    t = context.t
    question = widgets.HTML(f"<h3>{escape(t('caregiving.form.question'))}</h3>")
    # text, not a number box: an empty box must mean "not given", never 0 hours
    hours = widgets.Text(
        value="",
        placeholder="0–168",
        description=t("caregiving.form.hours"),
        style={"description_width": "initial"},
    )
    hours.add_class("wk-caregiving-hours")
    tasks = {
        task: widgets.Checkbox(value=False, description=t(f"caregiving.task.{task}"), indent=False)
        for task in CARE_TASKS
    }
    for task, box in tasks.items():
        box.add_class(f"wk-caregiving-task-{task}")
    send = widgets.Button(description=t("participant.submit"), button_style="primary")
    send.add_class("wk-submit")
    messages = MessageArea()

    def on_send(_button: widgets.Button) -> None:
        ticked = [task for task, box in tasks.items() if box.value]
        payload: dict[str, Any] = {"tasks": ticked}
        typed = hours.value.strip().replace(",", ".")
        if typed:
            try:
                number = float(typed)
            except ValueError:
                number = -1.0
            if not 0 <= number <= MAX_HOURS_PER_WEEK:
                messages.show(t("caregiving.form.hours_invalid"), "warning")
                return
            payload["hours_per_week"] = number
        elif not ticked:
            messages.show(t("caregiving.form.required"), "warning")
            return
        send.disabled = True
        try:
            stored = context.send("caregiving", payload)
        except InvalidAnswer:
            messages.show(t("caregiving.form.required"), "error")
            return
        finally:
            send.disabled = False
        key = "participant.saved" if stored else "participant.already_saved"
        messages.show(t(key) + " " + t("participant.change_answer"), "ok")

    send.on_click(guarded(on_send, messages, t))
    task_box = widgets.VBox(
        [widgets.HTML(f"<p>{escape(t('caregiving.form.tasks'))}</p>"), *tasks.values()]
    )
    return widgets.VBox([question, hours, task_box, send, messages])


class CaregivingResults(LiveResults):
    """The hub's live view: the room's hours and tasks beside the community estimate."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.problems: list[str] = []
        self.community: CaregivingEstimate | None = None
        reference = _reference()
        try:
            inputs = reference.load_community_inputs(context.profile, context.t.language)
            self.community = _model().estimate(inputs)
        except (ProfileError, reference.ReferenceDataError) as error:
            self.problems = error.problems
        super().__init__([])
        self.refresh()

    def refresh(self) -> None:
        if self.community is None:
            self.children = [problems_widget(self.problems, self.context.t)]
            return
        # the projector shows released answers: the room's total moves only when a whole
        # block of min_cell_size people has answered (workshop_kit.core.disclosure)
        self.children = [
            room_panel(
                self.context.released("caregiving"),
                self.community,
                self.context.t,
                self.context.profile.min_cell_size,
            )
        ]
