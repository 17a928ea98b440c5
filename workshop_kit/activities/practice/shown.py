"""What one gathering shows, computed once: the value per cycle (figures, chart, sentence) and
the stories the facilitator approved.

Why a module of its own: the projected view (:mod:`.live`), the facilitator's *This gathering*
tab (:mod:`.gathering_panel`) and the workshop report (:mod:`.report`) must say the same
thing. Each only chooses which answers go in (the released ones on the projector and in the
report, all of a closed session on the page) and lays out what comes back. No widgets: the
report is also written by the command line (``workshop-kit export``), which loads none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from workshop_kit.activities.practice.model import (
    cycle_labels,
    cycle_scores,
    cycles_sentence,
    released_ratings,
    respondents,
    stories,
)
from workshop_kit.core.disclosure import SHOWN, approved_texts
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class ShownValue:
    """The value per cycle as it may be shown: :func:`~.model.cycle_scores` (hidden cells
    ``None``), how many people answered, the cycles' names and the sentence under the chart."""

    shown: pd.DataFrame
    people: int
    labels: dict[str, str]
    sentence: str

    @property
    def anything_shown(self) -> bool:
        """Whether at least one cycle has a figure to show."""
        return bool((self.shown["status"] == SHOWN).any())

    def chart(self, t: Translator) -> Figure | None:
        """The bar chart of the shown cycles, or ``None`` while no cycle can be shown. Drawn
        on request: a live view draws it only when the figures changed."""
        from workshop_kit.activities.practice.charts import cycle_chart

        return cycle_chart(self.shown, self.labels, t) if self.anything_shown else None


def shown_value(
    usable: pd.DataFrame | None, answered: pd.DataFrame | None, min_cell_size: int, t: Translator
) -> ShownValue:
    """The value of a gathering from the answers its figures may use (``usable``) and every
    answer (``answered``, latest each: a cycle rated but not released yet is "too few to
    show", and the sentence counts everyone who answered)."""
    shown = cycle_scores(usable, min_cell_size, answered=answered)
    labels = cycle_labels(t)
    people = respondents(answered)
    return ShownValue(
        shown, people, labels, cycles_sentence(shown, people, min_cell_size, t, labels)
    )


def projected_value(
    log: pd.DataFrame | None,
    answered: pd.DataFrame | None,
    min_cell_size: int,
    t: Translator,
    releases: Any = None,
) -> ShownValue:
    """The value as the projector shows it: figures from the answers ``log`` released cycle
    by cycle (:func:`~.model.released_ratings`), so a redraw never reveals one rating."""
    usable = released_ratings(log, min_cell_size, releases)
    return shown_value(usable, answered, min_cell_size, t)


@dataclass(frozen=True)
class ShownStories:
    """The value-creation stories written (latest per person) and those the facilitator
    approved, the only ones ever quoted."""

    written: list[str]
    approved: list[str]

    @property
    def waiting(self) -> int:
        """Stories written but not approved: counted, never quoted."""
        return len(self.written) - len(self.approved)


def shown_stories(answers: pd.DataFrame | None, decisions: Mapping[str, str]) -> ShownStories:
    """The stories of ``answers`` and those approved in ``decisions`` (text key → decision)."""
    written = stories(answers)
    return ShownStories(written, approved_texts(written, decisions))


@dataclass(frozen=True, eq=False)
class ShownPractice:
    """The Community of Practice as every view shows it: the value per cycle from the
    released ratings, and the stories (only approved ones quoted)."""

    value: ShownValue
    stories: ShownStories


def shown_state(context: Any) -> ShownPractice:
    """The activity's shown state for a view context (see :mod:`workshop_kit.core.shown`).

    The figures come from the ratings the facilitator released, cycle by cycle
    (:func:`~.model.released_ratings`); the stories are counted from every answer and quoted
    only once approved (they are texts, not figures).
    """
    from workshop_kit.core.answers import review_decisions

    latest = context.latest("practice")
    log = context.history("practice") if context.history is not None else latest
    k, t = context.profile.min_cell_size, context.t
    value = projected_value(log, latest, k, t, context.releases("practice"))
    told = shown_stories(latest, review_decisions(context.latest("text_reviews")))
    return ShownPractice(value, told)
