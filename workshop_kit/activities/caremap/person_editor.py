"""The CareMap form's person editor: the fields that describe one person or service (label,
relationship, where they live, whom they help, kinds of help, how often), and the form's look
on a phone.

Made for one hand on a 360 px wide screen: labels above their fields, large full-width
checkboxes and buttons. Light to import: ipywidgets only.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.caremap.answers import (
    FREQUENCIES,
    HELP_KINDS,
    LIVES,
    MAX_LABEL,
    RELATIONSHIPS,
)
from workshop_kit.activities.caremap.model import NewPerson
from workshop_kit.core.widgets import escape

#: The form's look (the drawing panel adds its own, :data:`~.drawing_panel.DRAWING_CSS`).
FORM_CSS = """
<style>
.wk-caremap { width: 100%; max-width: 560px; font-size: 16px; }
.wk-caremap .widget-inline-hbox:not(.widget-checkbox) { flex-direction: column;
  align-items: stretch; height: auto; }
.wk-caremap .widget-inline-hbox > .widget-label { width: auto !important; max-width: none;
  text-align: left; white-space: normal; line-height: 1.3; margin: 6px 0 4px; }
.wk-caremap .widget-text, .wk-caremap .widget-dropdown, .wk-caremap .widget-radio,
.wk-caremap .widget-checkbox { width: 100%; }
.wk-caremap .widget-inline-hbox > select, .wk-caremap .widget-inline-hbox > input {
  flex: 0 0 auto; width: 100%; box-sizing: border-box; }
.wk-caremap input[type=text], .wk-caremap select { font-size: 16px; min-height: 44px; }
.wk-caremap .widget-checkbox .widget-label-basic,
.wk-caremap .widget-checkbox .widget-label-basic span { white-space: normal; overflow: visible;
  text-overflow: clip; line-height: 1.3; }
.wk-caremap .widget-checkbox, .wk-caremap .widget-radio-box label { min-height: 36px;
  font-size: 16px; align-items: center; }
.wk-caremap button { min-height: 48px; font-size: 16px; width: 100%; margin: 4px 0; }
.wk-caremap .wk-caremap-nav { gap: 8px; }
.wk-caremap .wk-caremap-nav button { flex: 1 1 0; }
.wk-caremap .wk-caremap-person { align-items: center; gap: 6px; }
.wk-caremap .wk-caremap-person button { width: auto; flex: 0 0 auto; }
.wk-caremap .wk-caremap-question { border-left: 4px solid #E69F00; padding: 2px 10px;
  margin: 6px 0; background: #fff8e6; }
</style>
"""


def _full_width(**kwargs: Any) -> dict[str, Any]:
    return {
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="100%"),
        **kwargs,
    }


class HelpFields:
    """Label, relationship, where they live, kinds of help, how often (and, for others, whom
    they help when several people are cared for: :meth:`set_receivers`)."""

    def __init__(self, t: Any, *, cared_for: bool) -> None:
        self.label = widgets.Text(
            description=t("caremap.field.label"),
            placeholder=t("caremap.field.label_placeholder"),
            **_full_width(),
        )
        self.label.add_class("wk-caremap-label")
        relationship_key = "relationship_cared_for" if cared_for else "relationship"
        self.relationship = widgets.Dropdown(
            options=[(t("caremap.field.choose"), None)]
            + [(t(f"caremap.relationship.{r}"), r) for r in RELATIONSHIPS],
            value=None,
            description=t(f"caremap.field.{relationship_key}"),
            **_full_width(),
        )
        self.relationship.add_class("wk-caremap-relationship")
        # where they live: the drawing's distance from the middle, as in the Atlas CareMap
        self.lives = widgets.RadioButtons(
            options=[(t(f"caremap.lives.{where}"), where) for where in LIVES],
            value=None,
            description=t("caremap.field.lives"),
            **_full_width(),
        )
        self.lives.add_class("wk-caremap-lives")
        #: Whom they help, shown only when several people are cared for.
        self.receiver = widgets.Dropdown(
            options=[],
            description=t("caremap.field.receiver"),
            **_full_width(),
        )
        self.receiver.add_class("wk-caremap-receiver")
        self.receiver.layout.display = "none"
        help_key = "help_you_give" if cared_for else "help_they_give"
        self.help_title = widgets.HTML(
            f"<p><strong>{escape(t(f'caremap.field.{help_key}'))}</strong></p>"
        )
        self.help = {
            kind: widgets.Checkbox(value=False, description=t(f"caremap.help.{kind}"), indent=False)
            for kind in HELP_KINDS
        }
        for kind, box in self.help.items():
            box.add_class(f"wk-caremap-help-{kind}")
        frequency_key = "frequency_you" if cared_for else "frequency"
        self.frequency = widgets.RadioButtons(
            options=[(t(f"caremap.frequency.{f}"), f) for f in FREQUENCIES],
            value=None,
            description=t(f"caremap.field.{frequency_key}"),
            **_full_width(),
        )
        self.frequency.add_class("wk-caremap-frequency")
        self.cared_for = cared_for

    def fields(self) -> list[widgets.Widget]:
        parts: list[widgets.Widget] = [self.label, self.relationship, self.lives]
        if not self.cared_for:
            parts.append(self.receiver)
        return [*parts, self.help_title, *self.help.values(), self.frequency]

    def set_receivers(self, choices: list[tuple[str, str]]) -> None:
        """Whom a person may help: ``(label, id)`` of each person cared for. The choice shows
        only when there is more than one; the first is chosen."""
        current = self.receiver.value
        self.receiver.options = choices
        ids = [person_id for _, person_id in choices]
        self.receiver.value = current if current in ids else (ids[0] if ids else None)
        self.receiver.layout.display = "" if len(choices) > 1 else "none"

    def is_empty(self) -> bool:
        """Nothing typed or chosen (step 1 may then move on without adding anyone)."""
        return not (
            self.label.value.strip()
            or self.relationship.value
            or self.kinds()
            or self.frequency.value
            or self.lives.value
        )

    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind, box in self.help.items() if box.value)

    def new_person(self, receiver: str) -> NewPerson:
        """The person described, helping ``receiver`` (or, where the choice is shown, the one
        chosen)."""
        if self.receiver.layout.display != "none" and self.receiver.value:
            receiver = self.receiver.value
        return NewPerson(
            label=self.label.value.strip()[: MAX_LABEL + 1],
            relationship=self.relationship.value,
            receiver=receiver,
            help=self.kinds(),
            frequency=self.frequency.value,
            lives=self.lives.value,
        )

    def clear(self) -> None:
        self.label.value = ""
        self.relationship.value = None
        self.lives.value = None
        for box in self.help.values():
            box.value = False
        self.frequency.value = None
