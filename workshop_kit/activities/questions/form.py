"""A question set on a phone: each question with its own "Send", in the set's order.

Each answer is sent on its own (the store keeps the latest per question), so a person can
skip a question, come back to one, or stop half way; a prompt is only read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.questions.model import Question
from workshop_kit.activities.questions.sets import question_set
from workshop_kit.core.registry import FormContext
from workshop_kit.core.widgets import MessageArea, escape, guarded

#: A function reading a question's widgets: the payload's value, or ``None`` (not answered).
Reader = Callable[[], Any]


def build_form(set_id: str, context: FormContext) -> widgets.Widget:
    t = context.t
    questions = question_set(set_id)
    parts: list[widgets.Widget] = [
        widgets.HTML(f"<h3>{escape(questions.title.get(t.language))}</h3>")
    ]
    if questions.intro is not None:
        parts.append(widgets.HTML(f"<p>{escape(questions.intro.get(t.language))}</p>"))
    for question in questions.questions:
        parts.append(_question_box(f"q-{set_id}", question, context))
    box = widgets.VBox(parts)
    box.add_class("wk-questions-form")
    return box


def _question_box(activity: str, question: Question, context: FormContext) -> widgets.Widget:
    t, language = context.t, context.t.language
    heading = f"<p><strong>{escape(question.text.get(language))}</strong></p>"
    if question.help is not None:
        heading += f"<p><small>{escape(question.help.get(language))}</small></p>"
    if question.kind == "prompt":
        box = widgets.VBox([widgets.HTML(heading)])
        box.add_class("wk-question-prompt")
        return box
    inputs, read = _inputs(question, t)
    send = widgets.Button(description=t("participant.submit"), button_style="primary")
    send.add_class("wk-submit")
    messages = MessageArea()

    def on_send(_button: widgets.Button) -> None:
        value = read()
        if value is None:
            messages.show(t("questions.form.unanswered"), "warning")
            return
        payload = {"question": question.id, question.kind: value}
        context.submit(activity, payload, send, messages, t("questions.form.refused"))

    send.on_click(guarded(on_send, messages, t))
    box = widgets.VBox([widgets.HTML(heading), *inputs, send, messages])
    box.add_class("wk-question")
    box.add_class(f"wk-question-{question.id}")
    return box


def _inputs(question: Question, t: Any) -> tuple[list[widgets.Widget], Reader]:
    language = t.language
    wide = widgets.Layout(width="auto")
    if question.kind == "scale":
        values = list(range(question.lowest, question.highest + 1))
        buttons = widgets.ToggleButtons(options=[str(v) for v in values], value=None)
        buttons.style.button_width = "2.6em"
        ends = " — ".join(
            escape(end.get(language)) for end in (question.low, question.high) if end is not None
        )
        extra = [widgets.HTML(f"<small>{ends}</small>")] if ends else []
        return [buttons, *extra], lambda: None if buttons.value is None else int(buttons.value)
    options = [(option.label(language), option.id) for option in question.options or []]
    if question.kind == "choice":
        radio = widgets.RadioButtons(options=options, value=None, layout=wide)
        return [radio], lambda: radio.value
    if question.kind == "choices":
        boxes = [widgets.Checkbox(description=label, indent=False) for label, _ in options]

        def chosen() -> list[str] | None:
            picked = [o for (_label, o), box in zip(options, boxes, strict=True) if box.value]
            return picked or None

        return list(boxes), chosen
    if question.kind == "ranking":
        places = [
            widgets.Dropdown(
                options=[("", ""), *options],
                value="",
                description=t("questions.form.place", place=place),
                layout=wide,
            )
            for place in range(1, len(options) + 1)
        ]

        def order() -> list[str] | None:
            picked = [place.value for place in places]
            return picked if all(picked) and len(set(picked)) == len(picked) else None

        return [widgets.HTML(f"<small>{escape(t('questions.form.rank'))}</small>"), *places], order
    area = widgets.Textarea(
        placeholder=t("questions.form.text_placeholder"),
        layout=widgets.Layout(width="100%", height="5em"),
    )
    area.add_class("wk-question-text")
    return [area], lambda: area.value.strip()[: question.longest_text] or None
