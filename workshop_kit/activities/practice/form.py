"""The phone form of a gathering, in two moments: at the end of a gathering, immediate and
potential value (two taps) and an optional story; at the start of the next gathering, looking
back at the last one, applied, realised and reframing value (three taps), which can only show
after a gathering (Wenger, Trayner & de Laat 2011). The look-back ratings are sent with
``looking_back: true``, so the year's figures count them for the previous gathering.

Light on purpose (no pandas, numpy or matplotlib: the participant kernel imports this module
to show the form) and made for one thumb on a 360 px screen: one question at a time down
the page, three large answer buttons that fit across it, and each rating saved the moment it
is tapped (tapping another answer changes it: the latest counts). The story box says how
long a story may be and keeps the text when it is refused, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.practice.answers import (
    CYCLES,
    END_CYCLES,
    LEVELS,
    LOOKBACK_CYCLES,
    MAX_STORY,
)
from workshop_kit.core.answers import InvalidAnswer
from workshop_kit.core.registry import FormContext
from workshop_kit.core.widgets import MessageArea, escape, guarded, say_saved
from workshop_kit.i18n import Translator

#: Width of each answer button: three fit across a 360 px screen with the page's margins.
BUTTON_WIDTH = "96px"


class PracticeForm(widgets.VBox):
    """CSS classes for tests: ``wk-practice-form``, ``wk-practice-moment-end`` and
    ``wk-practice-moment-lookback`` (the two moments' headings), ``wk-practice-cycle`` and
    ``wk-practice-<cycle>`` (one box per cycle, with ``wk-practice-level`` buttons and a
    ``wk-saved`` mark once saved), ``wk-practice-story``, ``wk-submit``."""

    def __init__(self, t: Translator, submit: Callable[[dict[str, Any]], bool]) -> None:
        self.t = t
        self.submit = submit
        self.messages = MessageArea()
        self.levels: dict[str, widgets.ToggleButtons] = {}
        self.status: dict[str, widgets.HTML] = {}
        boxes: dict[str, widgets.Widget] = {}
        for number, cycle in enumerate(CYCLES, start=1):
            level = widgets.ToggleButtons(
                options=[(t(f"practice.level.{name}"), name) for name in LEVELS],
                value=None,
                description="",
                tooltips=[t(f"practice.level.{name}") for name in LEVELS],
                style={"button_width": BUTTON_WIDTH},
                layout=widgets.Layout(width="auto"),
            )
            level.add_class("wk-practice-level")
            status = widgets.HTML()
            level.observe(
                guarded(lambda _change, c=cycle: self._rated(c), self.messages, t), names="value"
            )
            self.levels[cycle] = level
            self.status[cycle] = status
            box = widgets.VBox(
                [
                    widgets.HTML(
                        f"<h4>{escape(t('practice.form.number', number=number))} "
                        f"{escape(t(f'practice.question.{cycle}'))}</h4>"
                        f"<small>{escape(t(f'practice.question_help.{cycle}'))}</small>"
                    ),
                    level,
                    status,
                ]
            )
            box.add_class("wk-practice-cycle")
            box.add_class(f"wk-practice-{cycle}")
            boxes[cycle] = box
        self.story = widgets.Textarea(
            placeholder=t("practice.form.story_placeholder"),
            layout=widgets.Layout(width="100%", height="110px"),
        )
        self.story.add_class("wk-practice-story")
        self.send_story = widgets.Button(
            description=t("participant.submit"), button_style="primary"
        )
        self.send_story.add_class("wk-submit")
        self.send_story.on_click(guarded(self._send_story, self.messages, t))
        super().__init__(
            [
                widgets.HTML(f"<h3>{escape(t('practice.form.title'))}</h3>"),
                widgets.HTML(f"<p>{escape(t('practice.form.intro'))}</p>"),
                _moment(t, "end"),
                *(boxes[cycle] for cycle in END_CYCLES),
                widgets.HTML(
                    f"<h4>{escape(t('practice.form.story_question'))}</h4>"
                    f"<small>{escape(t('practice.form.story_help', limit=MAX_STORY))}</small>"
                ),
                self.story,
                self.send_story,
                _moment(t, "lookback"),
                *(boxes[cycle] for cycle in LOOKBACK_CYCLES),
                self.messages,
            ],
            layout=widgets.Layout(width="100%", max_width="560px"),
        )
        self.add_class("wk-practice-form")

    def _rated(self, cycle: str) -> None:
        level = self.levels[cycle].value
        if level is None:
            return
        payload: dict[str, Any] = {"cycle": cycle, "level": level}
        if cycle in LOOKBACK_CYCLES:
            payload["looking_back"] = True
        if self._submit(payload) is not None:
            self.status[
                cycle
            ].value = f'<span class="wk-saved">✓ {escape(self.t("practice.form.saved"))}</span>'

    def _submit(self, payload: dict[str, Any]) -> bool | None:
        """Send ``payload``: ``True`` stored now, ``False`` already stored, ``None`` refused
        (with a message)."""
        try:
            return self.submit(payload)
        except InvalidAnswer:
            self.messages.show(self.t("validation.unknown_choice", value=""), "error")
            return None

    def _send_story(self, _button: Any) -> None:
        text = self.story.value.strip()
        if not text:
            self.messages.show(self.t("practice.form.story_empty"), "warning")
            return
        if len(text) > MAX_STORY:
            # kept in the box, so the person can shorten it rather than type it again
            self.messages.show(
                self.t("practice.form.story_too_long", limit=MAX_STORY, count=len(text)),
                "warning",
            )
            return
        self.send_story.disabled = True
        try:
            stored = self._submit({"story": text})
        finally:
            self.send_story.disabled = False
        if stored is not None:
            say_saved(self.messages, self.t, stored, saved="practice.form.story_saved")


def _moment(t: Translator, moment: str) -> widgets.HTML:
    """The heading of one moment: when to answer the questions under it."""
    heading = widgets.HTML(
        f"<h3>{escape(t(f'practice.form.moment_{moment}'))}</h3>"
        f"<p><small>{escape(t(f'practice.form.moment_{moment}_help'))}</small></p>"
    )
    heading.add_class(f"wk-practice-moment-{moment}")
    return heading


def build_form(context: FormContext) -> widgets.Widget:
    """The phone form (the participant app's entry point, see :mod:`workshop_kit.core.activity`):
    answers go through the app's sender."""
    return PracticeForm(context.t, lambda payload: context.send("practice", payload))
