"""The value-creation round on the projector: value per cycle, and the approved stories.

Figures come from the released answers, cycle by cycle (whole blocks of ``min_cell_size``
raters of each cycle: :func:`workshop_kit.activities.practice.model.released_ratings`, built
on :func:`workshop_kit.core.disclosure.released_answers`), so two redraws never differ by one
person's rating; a cycle rated by too few people says "too few to show". Stories are quoted
only once the facilitator approved them on the page; until then they are counted.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop_kit.core.registry import LiveResults, ResultsContext
from workshop_kit.core.widgets import ChartPanel, escape
from workshop_kit.i18n import Translator

#: Stories quoted on the projector at once (the page and the export have them all).
STORIES_SHOWN = 6


def cycle_labels(t: Translator) -> dict[str, str]:
    from workshop_kit.activities.practice.answers import CYCLES

    return {cycle: t(f"practice.cycle.{cycle}") for cycle in CYCLES}


def stories_html(approved: list[str], waiting: int, t: Translator, limit: int | None) -> str:
    """The approved stories as a list (escaped), and how many wait for approval."""
    parts = [f"<h3>{escape(t('practice.stories.title'))}</h3>"]
    if not approved and not waiting:
        parts.append(f"<p>{escape(t('practice.stories.none'))}</p>")
    shown = approved if limit is None else approved[:limit]
    if shown:
        items = "".join(f"<li>{escape(text)}</li>" for text in shown)
        parts.append(f'<ul class="wk-practice-story-list">{items}</ul>')
    if len(approved) > len(shown):
        parts.append(
            f"<p><em>{escape(t('practice.stories.more', count=len(approved) - len(shown)))}"
            "</em></p>"
        )
    if waiting:
        parts.append(
            f'<p class="wk-practice-waiting">'
            f"{escape(t('practice.stories.waiting', count=waiting))}</p>"
        )
    return "".join(parts)


class PracticeResults(LiveResults):
    """Bar chart of the value of each cycle, its sentence, and the approved stories."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        t = context.t
        self.panel = ChartPanel(t("practice.chart.cycles_title"))
        self.panel.add_class("wk-practice-results")
        self.stories = widgets.HTML()
        self.stories.add_class("wk-practice-stories")
        self._seen: Any = None
        super().__init__([self.panel, self.stories])
        self.refresh()

    def refresh(self) -> None:
        from workshop_kit.activities.practice.charts import cycle_chart
        from workshop_kit.activities.practice.model import (
            cycle_scores,
            cycles_sentence,
            released_ratings,
            respondents,
            stories,
        )
        from workshop_kit.core.answers import review_decisions
        from workshop_kit.core.disclosure import SHOWN, approved_texts

        t = self.context.t
        k = self.context.profile.min_cell_size
        answers = self.context.answers("practice")
        log = self.context.history("practice") if self.context.history else answers
        released = released_ratings(log, k)  # released cycle by cycle (see the model)
        decisions = review_decisions(self.context.answers("text_reviews"))
        people = respondents(answers)
        shown = cycle_scores(released, k, answered=answers)
        written = stories(answers)
        fingerprint = (
            people,
            tuple(shown["score"]),
            tuple(shown["status"]),
            tuple(written),
            tuple(sorted(decisions.items())),
        )
        if fingerprint == self._seen:
            return
        self._seen = fingerprint
        labels = cycle_labels(t)
        figure = cycle_chart(shown, labels, t) if (shown["status"] == SHOWN).any() else None
        self.panel.show(figure, cycles_sentence(shown, people, k, t, labels))
        approved = approved_texts(written, decisions)
        self.stories.value = stories_html(approved, len(written) - len(approved), t, STORIES_SHOWN)


def build_live(context: ResultsContext) -> PracticeResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return PracticeResults(context)
