"""The warm-up's phone form: which group brings you here (and, optionally, your area)."""

from __future__ import annotations

import ipywidgets as widgets

from workshop_kit.core.registry import FormContext
from workshop_kit.core.widgets import MessageArea, guarded
from workshop_kit.profile import GROUPS


def welcome_form(context: FormContext) -> widgets.Widget:
    t = context.t
    question = widgets.HTML(f"<h3>{t('welcome.question')}</h3>")
    group = widgets.RadioButtons(
        options=[(t(f"groups.{g}"), g) for g in GROUPS],
        value=None,
        description=t("participant.welcome.group"),
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto"),
    )
    group.add_class("wk-welcome-group")
    area = widgets.Dropdown(
        options=[(t("participant.welcome.area_none"), "")]
        + [(label, area_id) for area_id, label in context.profile.area_labels(t.language).items()],
        value="",
        description=t("participant.welcome.area"),
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto"),
    )
    area.add_class("wk-welcome-area")
    send = widgets.Button(description=t("participant.submit"), button_style="primary")
    send.add_class("wk-submit")
    messages = MessageArea()

    def on_send(_button: widgets.Button) -> None:
        if group.value is None:
            messages.show(t("welcome.group_required"), "warning")
            return
        payload = {"group": group.value, "area": area.value or None}
        context.submit("welcome", payload, send, messages, t("validation.unknown_choice", value=""))

    send.on_click(guarded(on_send, messages, t))
    return widgets.VBox([question, group, area, send, messages])
