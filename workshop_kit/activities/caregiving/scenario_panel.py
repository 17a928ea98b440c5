"""The "What if…" box of the caregiver-load page: the method switch, how the hours are read and
who is counted, six sliders and reset.

It turns what the facilitator moves into a :class:`~workshop_kit.activities.caregiving.
model_inputs.Scenario` and says when to recompute; it draws nothing itself. Kept apart from the
page (:mod:`~workshop_kit.activities.caregiving.page`) because the rules of the controls are
a concept of their own: a slider left at its published value means "published" (so it is not
listed as a scenario), each method has its own published wage, a growth rate alone looks ten
years ahead, and several sliders moved at once (reset, method change) recompute once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.caregiving.model_hours import BASES, READINGS, Reading
from workshop_kit.activities.caregiving.model_inputs import CommunityInputs, Scenario
from workshop_kit.activities.caregiving.model_value import METHODS, Method
from workshop_kit.core.widgets import MessageArea, escape, guarded, on_press
from workshop_kit.i18n import Translator

SLIDER_LAYOUT = {"width": "560px"}
SLIDER_STYLE = {"description_width": "260px"}
#: Where the "years ahead" slider goes when the growth slider is moved first.
DEFAULT_YEARS_AHEAD = 10


class ScenarioControls(widgets.VBox):
    """The method switch, the sliders and the reset button; ``on_change`` runs once per change.

    CSS classes for tests: ``wk-caregiving-controls``, ``wk-slider-<name>`` (``rate``,
    ``hours``, ``wage``, ``growth``, ``years``, ``palliative``), ``wk-caregiving-method``,
    ``wk-caregiving-reading``, ``wk-caregiving-basis``, ``wk-caregiving-reset``.
    """

    def __init__(
        self,
        inputs: CommunityInputs,
        t: Translator,
        messages: MessageArea,
        on_change: Callable[[], object],
    ) -> None:
        """``messages`` is the page's message line: a failing recompute is said there."""
        self.inputs = inputs
        self.t = t
        self.messages = messages
        self.on_change = on_change
        self._holding = False
        # how the fitted hours are read and who is counted: assumptions the facilitator
        # chooses, each with its default first and a line saying what it means
        self.reading = self._choice("reading", READINGS)
        self.basis = self._choice("basis", BASES)
        self.sliders = self._build_sliders()
        self.method = widgets.ToggleButtons(
            options=[(t(f"caregiving.method.{m}"), m) for m in METHODS],
            value="replacement",
            description=t("caregiving.method.label"),
            tooltips=[t(f"caregiving.method.{m}_help") for m in METHODS],
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.method.add_class("wk-caregiving-method")
        self.method_help = widgets.HTML()
        self.reset = widgets.Button(
            description=t("caregiving.reset"), icon="undo", layout=widgets.Layout(width="auto")
        )
        self.reset.add_class("wk-caregiving-reset")

        for slider in self.sliders.values():
            slider.observe(guarded(self._slider_moved, messages, t), names="value")
        self.method.observe(guarded(self._method_changed, messages, t), names="value")
        self.reading.observe(guarded(self._reading_changed, messages, t), names="value")
        self.basis.observe(guarded(lambda _change: self.on_change(), messages, t), names="value")
        on_press(self.reset, self._reset_clicked, messages, t)
        super().__init__(
            [
                widgets.HTML(f"<h3>{escape(t('caregiving.controls_title'))}</h3>"),
                self.method,
                self.method_help,
                self.reading,
                widgets.HTML(f"<p><small>{escape(t('caregiving.reading.help'))}</small></p>"),
                self.basis,
                widgets.HTML(f"<p><small>{escape(t('caregiving.basis.help'))}</small></p>"),
                *self.sliders.values(),
                self.reset,
            ]
        )
        self.add_class("wk-caregiving-controls")
        self._say_method(self.method.value)

    def _choice(self, name: str, options: tuple[str, ...]) -> widgets.ToggleButtons:
        choice = widgets.ToggleButtons(
            options=[(self.t(f"caregiving.{name}.{option}"), option) for option in options],
            value=options[0],
            description=self.t(f"caregiving.{name}.label"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        choice.add_class(f"wk-caregiving-{name}")
        return choice

    def published_values(
        self, method: Method = "replacement", reading: Reading | None = None
    ) -> dict[str, float]:
        """What each slider shows for the published figures (and returns to on reset)."""
        reading = reading or self.reading.value
        return {
            "rate": 100,
            "hours": round(self.inputs.published_hours_for(reading).central, 1),
            "wage": round(self.inputs.wages[method].central, 2),
            "growth": 0.0,
            "years": 0,
            "palliative": round(self.inputs.palliative_share.central * 100),
        }

    def _build_sliders(self) -> dict[str, widgets.Widget]:
        published = self.published_values()
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
            slider.description = self.t(f"caregiving.slider.{name}")
            slider.add_class(f"wk-slider-{name}")
        return sliders

    def scenario(self) -> Scenario:
        """The scenario the controls show; a slider left at its published value means
        "published" (so its assumption is not listed as a scenario)."""
        method = self.method.value
        published = self.published_values(method)
        values = {name: slider.value for name, slider in self.sliders.items()}
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
            hours_reading=self.reading.value,
            basis=self.basis.value,
        )

    def set_sliders(self, values: dict[str, float]) -> None:
        """Move several sliders with one recompute (reset, method change)."""
        self._holding = True
        try:
            for name, value in values.items():
                self.sliders[name].value = value
        finally:
            self._holding = False
        self.on_change()

    def _say_method(self, method: str) -> None:
        self.method_help.value = (
            f"<p><small>{escape(self.t(f'caregiving.method.{method}_help'))}</small></p>"
        )

    def _slider_moved(self, change: dict[str, Any]) -> None:
        if self._holding:
            return
        growth, years = self.sliders["growth"], self.sliders["years"]
        if change["owner"] is growth and change["new"] and years.value == 0:
            # a growth rate means nothing over 0 years: look 10 years ahead rather than
            # leave a slider that visibly does nothing
            self.set_sliders({"years": DEFAULT_YEARS_AHEAD})
            return
        self.on_change()

    def _method_changed(self, change: dict[str, Any]) -> None:
        # each method has its own published wage: the wage slider follows the method
        self._say_method(change["new"])
        self.set_sliders({"wage": self.published_values(change["new"])["wage"]})

    def _reading_changed(self, change: dict[str, Any]) -> None:
        # each reading has its own fitted hours: the hours slider follows the reading
        self.set_sliders(
            {"hours": self.published_values(self.method.value, change["new"])["hours"]}
        )

    def _reset_clicked(self, _button: widgets.Button) -> None:
        self.set_sliders(self.published_values(self.method.value))
        self.messages.show(self.t("caregiving.reset_done"), "info")
