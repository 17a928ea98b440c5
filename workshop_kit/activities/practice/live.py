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
        """Redraw when what may be shown changed: the released figures, who answered, the
        stories written or approved."""
        t = self.context.t
        shown = self.context.shown("practice")
        value, told = shown.value, shown.stories
        fingerprint = (
            value.people,
            tuple(value.shown["score"]),
            tuple(value.shown["status"]),
            tuple(told.written),
            tuple(told.approved),
        )
        if fingerprint == self._seen:
            return
        self._seen = fingerprint
        self.panel.show(value.chart(t), value.sentence)
        self.stories.value = stories_html(told.approved, told.waiting, t, STORIES_SHOWN)


def build_live(context: ResultsContext) -> PracticeResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return PracticeResults(context)
