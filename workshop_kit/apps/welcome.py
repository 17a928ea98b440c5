"""Warm-up activity: "what brings you here today" (group, optional area), counted live."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop_kit.answers import InvalidAnswer
from workshop_kit.apps.activities import (
    Activity,
    FormContext,
    LiveResults,
    ResultsContext,
    register,
)
from workshop_kit.profile import GROUPS
from workshop_kit.widgets import ChartPanel, MessageArea, guarded


def welcome_form(context: FormContext) -> widgets.Widget:
    t = context.t
    question = widgets.HTML(f"<h3>{t('participant.welcome.question')}</h3>")
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
            messages.show(t("participant.welcome.group_required"), "warning")
            return
        send.disabled = True
        try:
            stored = context.send("welcome", {"group": group.value, "area": area.value or None})
        except InvalidAnswer:
            messages.show(t("validation.unknown_choice", value=""), "error")
            return
        finally:
            send.disabled = False
        key = "participant.saved" if stored else "participant.already_saved"
        messages.show(t(key) + " " + t("participant.change_answer"), "ok")

    send.on_click(guarded(on_send, messages, t))
    return widgets.VBox([question, group, area, send, messages])


class WelcomeResults(LiveResults):
    """Bar chart of how many people came as each group, with a sentence under it."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.panel = ChartPanel(context.t("hub.welcome_chart_title"))
        self.panel.add_class("wk-welcome-results")
        super().__init__([self.panel])
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the released answers: groups move only in whole blocks of
        ``min_cell_size`` people, and a group smaller than that is never shown."""
        from workshop_kit.charts.counts import count_bars
        from workshop_kit.disclosure import contributors
        from workshop_kit.models.welcome import shown_group_counts

        t = self.context.t
        k = self.context.profile.min_cell_size
        total = contributors(self.context.answers("welcome"))
        if total == 0:
            self.panel.show(None, t("hub.welcome_summary_empty"))
            return
        released = self.context.released("welcome")
        if contributors(released) == 0:
            shown: dict[str, int | None] = dict.fromkeys(GROUPS)
        else:
            shown = shown_group_counts(released, k)
        labels = [t(f"groups.{g}") for g in shown]
        figure = count_bars(labels, list(shown.values()), too_few=t("app.too_few"))
        self.panel.show(figure, welcome_summary(shown, total, k, t))


def welcome_summary(shown: dict[str, int | None], total: int, k: int, t: Any) -> str:
    """The sentence under the chart: how many answered, and the largest group shown."""
    visible = {g: n for g, n in shown.items() if n}
    if not visible:
        return t("hub.welcome_summary_waiting", count=total, min=k)
    top = max(visible, key=lambda g: visible[g])
    text = t("hub.welcome_summary", count=total, group=t(f"groups.{top}"), group_count=visible[top])
    if any(n is None for n in shown.values()):
        text += " " + t("hub.welcome_summary_hidden", min=k)
    return text


register(Activity("welcome", "activities.welcome", welcome_form, WelcomeResults))
