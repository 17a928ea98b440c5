"""The needs-assessment form on a participant's phone.

Two 1–5 ratings per need (how important, how well met today), group and area (optional) and
one free text. :class:`NeedsForm` takes ``submit(payload) -> bool`` (the participant app's
sender), so it runs and is tested without a server or a store: each need saves as soon as
both of its ratings are chosen, a changed rating is sent again (the latest counts), and
changing one's group or area re-sends the ratings already given so the breakdowns follow.

Importing this module stays light (no pandas, numpy, matplotlib or openpyxl): forty phones'
kernels wait in a pool on one laptop and each pays for every module the form imports. The
charts and the model load only where the facilitator's views are drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from workshop_kit.activities.needs.answers import MAX_NEEDS_TEXT, SCALE_MAX, SCALE_MIN
from workshop_kit.core.answers import InvalidAnswer
from workshop_kit.core.widgets import MessageArea, escape, guarded, say_saved
from workshop_kit.i18n import Translator
from workshop_kit.profile import GROUPS, Profile

if TYPE_CHECKING:
    from workshop_kit.core.registry import FormContext


class NeedsForm(widgets.VBox):
    """Two 1–5 ratings per need, group and area (optional), and one free text."""

    def __init__(
        self, profile: Profile, t: Translator, submit: Callable[[dict[str, Any]], bool]
    ) -> None:
        self.profile = profile
        self.t = t
        self.submit = submit
        self.messages = MessageArea()
        scale = [(str(v), v) for v in range(SCALE_MIN, SCALE_MAX + 1)]
        self.group = widgets.Dropdown(
            options=[(t("participant.welcome.area_none"), "")]
            + [(t(f"groups.{g}"), g) for g in GROUPS],
            value="",
            description=t("participant.welcome.group"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.group.add_class("wk-needs-group")
        self.area = widgets.Dropdown(
            options=[(t("participant.welcome.area_none"), "")]
            + [(label, area) for area, label in profile.area_labels(t.language).items()],
            value="",
            description=t("participant.welcome.area"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.area.add_class("wk-needs-area")
        self.ratings: dict[str, tuple[widgets.ToggleButtons, widgets.ToggleButtons]] = {}
        self.status: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for need in profile.needs:
            importance = widgets.ToggleButtons(
                options=scale, value=None, style={"button_width": "38px"}
            )
            met = widgets.ToggleButtons(options=scale, value=None, style={"button_width": "38px"})
            importance.add_class("wk-needs-importance")
            met.add_class("wk-needs-met")
            status = widgets.HTML()
            self.ratings[need.id] = (importance, met)
            self.status[need.id] = status
            for toggle in (importance, met):
                toggle.observe(
                    guarded(lambda _change, n=need.id: self._rated(n), self.messages, t),
                    names="value",
                )
            box = widgets.VBox(
                [
                    widgets.HTML(f"<h4>{escape(need.text(t.language))}</h4>"),
                    widgets.HTML(f"<small>{escape(t('needs.scale.importance'))}</small>"),
                    importance,
                    widgets.HTML(f"<small>{escape(t('needs.scale.met'))}</small>"),
                    met,
                    status,
                ]
            )
            box.add_class("wk-needs-need")
            box.add_class(f"wk-need-{need.id}")
            rows.append(box)
        for chooser in (self.group, self.area):
            chooser.observe(guarded(self._about_me_changed, self.messages, t), names="value")
        self.text = widgets.Textarea(
            placeholder=t("needs.form.text_placeholder"),
            layout=widgets.Layout(width="100%", height="90px"),
        )
        self.text.add_class("wk-needs-text")
        self.send_text = widgets.Button(description=t("participant.submit"), button_style="primary")
        self.send_text.add_class("wk-submit")
        self.send_text.on_click(guarded(self._send_text, self.messages, t))
        super().__init__(
            [
                widgets.HTML(f"<h3>{escape(t('needs.title'))}</h3>"),
                widgets.HTML(f"<p>{escape(t('needs.form.intro'))}</p>"),
                self.group,
                self.area,
                *rows,
                widgets.HTML(f"<h4>{escape(t('needs.form.text_question'))}</h4>"),
                self.text,
                self.send_text,
                self.messages,
            ]
        )
        self.add_class("wk-needs-form")

    def _about(self) -> dict[str, str | None]:
        return {"group": self.group.value or None, "area": self.area.value or None}

    def _rated(self, need: str) -> None:
        importance, met = (toggle.value for toggle in self.ratings[need])
        if importance is None or met is None:
            return
        payload = {"need": need, "importance": importance, "met": met, **self._about()}
        self._submit_payload(payload, self.status[need])

    def _about_me_changed(self, _change: Any) -> None:
        for need in self.ratings:
            self._rated(need)

    def _submit_payload(
        self, payload: dict[str, Any], status: widgets.HTML | None = None
    ) -> bool | None:
        """Whether the answer was new (``False``: already stored); ``None`` if refused."""
        try:
            stored = self.submit(payload)
        except InvalidAnswer:
            self.messages.show(self.t("validation.unknown_choice", value=""), "error")
            return None
        if status is not None:
            status.value = f'<span class="wk-saved">✓ {escape(self.t("needs.form.saved"))}</span>'
        return stored

    def _send_text(self, _button: Any) -> None:
        text = self.text.value.strip()
        if not text:
            return
        if len(text) > MAX_NEEDS_TEXT:
            self.messages.show(self.t("validation.text_too_long", limit=MAX_NEEDS_TEXT), "warning")
            return
        self.send_text.disabled = True
        try:
            stored = self._submit_payload({"text": text, **self._about()})
        finally:
            self.send_text.disabled = False
        if stored is not None:  # a refusal keeps its own message
            say_saved(self.messages, self.t, stored)


def needs_form(context: FormContext) -> widgets.Widget:
    """The form for the participant app: answers go through the app's sender."""
    return NeedsForm(context.profile, context.t, lambda payload: context.send("needs", payload))
