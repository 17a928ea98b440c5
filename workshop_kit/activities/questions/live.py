"""A question set on the projector: each question's chart, ranking or approved quotes, with
its sentence; until the facilitator shows the results, only how many have answered.

It lays out the set's shown state (:mod:`.shown`) and nothing else.
"""

from __future__ import annotations

import ipywidgets as widgets

from workshop_kit.activities.questions.shown import ShownQuestion
from workshop_kit.core.disclosure import contributors
from workshop_kit.core.registry import LiveResults, ResultsContext
from workshop_kit.core.widgets import ChartPanel, escape


class QuestionsResults(LiveResults):
    """One panel per question. CSS classes for tests: ``wk-questions-results``,
    ``wk-questions-waiting`` and ``wk-question-result`` per question."""

    def __init__(self, activity: str, context: ResultsContext) -> None:
        self.activity = activity
        self.context = context
        self.prompts = widgets.HTML()
        self.prompts.add_class("wk-questions-prompts")
        self.status = widgets.HTML()
        self.status.add_class("wk-questions-waiting")
        self.panels = widgets.VBox()
        super().__init__([self.prompts, self.status, self.panels])
        self.add_class("wk-questions-results")
        self.refresh()

    def refresh(self) -> None:
        t = self.context.t
        shown = self.context.shown(self.activity)
        listed = "".join(f"<li>{escape(prompt)}</li>" for prompt in shown.prompts)
        self.prompts.value = f"<ul>{listed}</ul>" if listed else ""
        if not shown.people:
            answered = contributors(self.context.answers(self.activity))
            k = self.context.profile.min_cell_size
            self.status.value = (
                f"<p>{escape(t('questions.live.waiting', count=answered, min=k))}</p>"
            )
            self.panels.children = []
            return
        self.status.value = f"<p>{escape(t('questions.live.answered', count=shown.people))}</p>"
        self.panels.children = [self._panel(question) for question in shown.questions]

    def _panel(self, question: ShownQuestion) -> widgets.Widget:
        panel = ChartPanel(question.text)
        panel.add_class("wk-question-result")
        panel.show(question.figure, question.sentence)
        extra = [f"<li>{escape(label)} ({mean})</li>" for label, mean in question.ranking]
        extra += [f"<li>« {escape(quote)} »</li>" for quote in question.quotes]
        if not extra:
            return panel
        listed = widgets.HTML("<ol>" + "".join(extra) + "</ol>")
        return widgets.VBox([panel, listed])


def build_live(set_id: str, context: ResultsContext) -> QuestionsResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return QuestionsResults(f"q-{set_id}", context)
