"""The participant's phone form: their own weekly caregiving hours and tasks, both optional,
anonymous.

Kept in a module of its own because a phone's kernel imports it and nothing else of the
activity: forty phones wait in a pool on one laptop, so this module imports no numpy, pandas
or matplotlib (``tests/test_participant_weight.py`` holds it to that). What a phone may send
is checked again by the answer schema (:mod:`~workshop_kit.activities.caregiving.answers`)
when it is stored.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.caregiving.answers import CARE_TASKS, MAX_HOURS_PER_WEEK
from workshop_kit.core.registry import FormContext
from workshop_kit.core.widgets import DECIMAL_INPUT, MessageArea, escape, guarded


def build_form(context: FormContext) -> widgets.Widget:
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
    hours.add_class(DECIMAL_INPUT)  # the number keyboard on a phone
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
        context.submit("caregiving", payload, send, messages, t("caregiving.form.required"))

    send.on_click(guarded(on_send, messages, t))
    task_box = widgets.VBox(
        [widgets.HTML(f"<p>{escape(t('caregiving.form.tasks'))}</p>"), *tasks.values()]
    )
    return widgets.VBox([question, hours, task_box, send, messages])
