"""The facilitator's page of the question sets (``notebooks/08_question_sets.ipynb``): each
set's results as the room sees them, and the written answers to approve or hide.

Why a page of its own: a written answer reaches the projector only once approved
(:mod:`workshop_kit.core.moderation`), and the projector must never show one that was not, so
the list to review lives here, on the facilitator's own screen, never in the projected view.
The list comes from every answer (a text written after the last release waits here too); the
results are the shown state, laid out as on the projector (:mod:`.live`).
"""

from __future__ import annotations

import hashlib
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from workshop_kit.activities.questions.live import QuestionsResults
from workshop_kit.activities.questions.sets import loaded_sets
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer
from workshop_kit.core.context import PageContext
from workshop_kit.core.moderation import ModerationList, Written
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import MessageArea, escape


def review_key(code: str, text_key: str, decision: str, earlier: int) -> str:
    """Idempotency key of one decision: a double click stores it once."""
    text = "\x1f".join([code, text_key, decision, str(earlier)])
    return "questions-review-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:48]


class QuestionSetsView(widgets.VBox):
    """Every question set of the session: its results and its written answers to review.

    CSS classes for tests: ``wk-questions-page``, the moderation list's
    (``wk-questions-moderation``) and ``wk-questions-results`` per set.
    """

    def __init__(self, context: PageContext, store: Store, session: SessionInfo) -> None:
        from workshop_kit.core.registry import ResultsContext

        self.store, self.code, self.t = store, session.code, context.t
        self.key_hash = context.facilitator.key_hash if context.facilitator else ""
        self.sets = loaded_sets()
        self.reads = (*(s.activity for s in self.sets.values()), "text_reviews")
        self.messages = MessageArea()
        self.moderation = ModerationList("questions", context.t, self.decide, self.messages)
        room = ResultsContext.of_session(store, session.code, context.profile, context.t)
        self.results = {s.activity: QuestionsResults(s.activity, room) for s in self.sets.values()}
        parts: list[widgets.Widget] = [self.moderation, self.messages]
        for loaded in self.sets.values():
            title = escape(loaded.questions.title.get(context.t.language))
            parts += [widgets.HTML(f"<h2>{title}</h2>"), self.results[loaded.activity]]
        super().__init__(parts)
        self.add_class("wk-questions-page")
        self.refresh()

    def _records(self, activity: str) -> pd.DataFrame:
        return self.store.answers(self.code, activity)

    def written(self) -> list[Written]:
        """Every written answer of every set, with its question (latest per person)."""
        found: list[Written] = []
        for loaded in self.sets.values():
            answers = self._records(loaded.activity)
            if answers.empty or "text" not in answers:
                continue
            for record in answers.dropna(subset=["text"]).to_dict("records"):
                question = loaded.questions.question(record["question"])
                about = question.text.get(self.t.language) if question is not None else ""
                found.append(Written(record["text"], about=about))
        return found

    def refresh(self) -> Any:
        from workshop_kit.core.answers import review_decisions

        decisions = review_decisions(self.store.answers(self.code, "text_reviews"))
        self.moderation.show(self.written(), decisions)
        for view in self.results.values():
            view.refresh()

    def decide(self, key: str, decision: str) -> bool:
        """Approve a written answer for the projector, or keep it off; stored once."""
        from workshop_kit.core.answers import review_decisions

        records = self.store.answers(self.code, "text_reviews", latest_only=False)
        if review_decisions(records).get(key) == decision:
            return False
        answer = TextReviewAnswer(text_key=key, decision=decision)
        row = (FACILITATOR_ID, answer, review_key(self.code, key, decision, len(records)))
        stored = self.store.add_facilitator_answers(self.code, self.key_hash, [row])
        self.refresh()
        return stored > 0


def question_sets_page(poll: bool = True) -> widgets.Widget:
    """The page: a refusal for participant links, else the session's question sets."""
    from workshop_kit.core.page import facilitator_page

    return facilitator_page("questions.page.title", QuestionSetsView, poll=poll)


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(question_sets_page())
