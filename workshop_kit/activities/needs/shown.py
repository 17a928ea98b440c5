"""What the needs screens show, computed once: the figures, charts and sentences of one
table of answers and the facilitator's moderation decisions.

Why a module of its own: the projected view and the facilitator's page
(:class:`~workshop_kit.activities.needs.results.FacilitatorView`), their exports and the
workshop report (:mod:`.report`) must say the same thing. If each built its own ranking,
heat maps and themes, a later change to one (a new rule for hidden needs, another number of
quoted answers) would let the paper report say more, or other, than the projector did.
So :func:`shown_needs` is the one place that turns answers into what may be shown, and the
view and the report only lay it out. No widgets: the report is also written by the command
line (``workshop-kit export``), which loads none.

Which answers go in: a session's views all take :func:`shown_state`, the activity's shown
state (:mod:`workshop_kit.core.shown`), built from the *released* answers
(:func:`workshop_kit.core.release.released_answers_of`), so nothing here can reveal the few
people who answered since the last release. Files worked on without a session call
:func:`shown_needs` on their own rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from workshop_kit.activities.needs.breakdowns import Breakdown, breakdown
from workshop_kit.activities.needs.charts import heatmap_chart, ranking_chart
from workshop_kit.activities.needs.model import (
    NOT_GIVEN,
    need_scores,
    overview,
    ratings,
    shown_scores,
)
from workshop_kit.activities.needs.sentences import (
    breakdown_summary,
    ranking_summary,
    themes_summary,
)
from workshop_kit.activities.needs.themes import ThemeGrouping, free_texts, group_themes
from workshop_kit.core.disclosure import NO_ANSWERS, SHOWN, approved_texts
from workshop_kit.i18n import Translator
from workshop_kit.profile import GROUPS, Profile

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Answers quoted under each theme on the projector and in the report (the CSV export has
#: them all): a long list would fill the screen and bury the themes.
THEME_ANSWERS_SHOWN = 5


def short_label(text: str) -> str:
    """``Caregiver (I care for someone)`` → ``Caregiver``: fits a heat-map column."""
    return text.split(" (")[0]


def group_labels(t: Translator) -> dict[str, str]:
    """Heat-map column names of the groups, and of answers that gave none."""
    labels = {group: short_label(t(f"groups.{group}")) for group in GROUPS}
    labels[NOT_GIVEN] = t("needs.not_given")
    return labels


def area_labels(profile: Profile, t: Translator) -> dict[str, str]:
    """Heat-map column names of the profile's areas, and of answers that gave none."""
    labels = profile.area_labels(t.language)
    labels[NOT_GIVEN] = t("needs.not_given")
    return labels


@dataclass(frozen=True)
class ShownBreakdown:
    """One heat map as shown: the table (small cells suppressed), its chart and sentence."""

    result: Breakdown
    figure: Figure | None
    sentence: str


@dataclass(frozen=True, eq=False)
class ShownNeeds:
    """Everything a needs screen shows for one table of answers and decisions."""

    #: ``people``, ``ratings``, ``texts`` and ``raters`` (:func:`~.model.overview`).
    counts: dict[str, int]
    #: How many answered, said above the charts.
    overview: str
    #: The ranking as it may be shown (:func:`~.model.shown_scores`).
    scores: pd.DataFrame
    ranking_figure: Figure | None
    ranking_sentence: str
    by_group: ShownBreakdown
    by_area: ShownBreakdown
    #: Every written answer (only counted unless approved) and the approved ones' themes.
    texts: tuple[str, ...]
    themes: ThemeGrouping
    themes_sentence: str

    @property
    def waiting(self) -> int:
        """Written answers not approved: counted on screen, never quoted."""
        return len(self.texts) - self.themes.total

    def export_results(self) -> dict[str, Any]:
        """The mapping :func:`~.exports.export_files` builds the files from."""
        return {
            "scores": self.scores,
            "group": self.by_group.result,
            "area": self.by_area.result,
            "themes": self.themes,
            "figures": {
                "ranking": self.ranking_figure,
                "group": self.by_group.figure,
                "area": self.by_area.figure,
            },
        }


def shown_needs(
    answers: pd.DataFrame, decisions: Mapping[str, str], profile: Profile, t: Translator
) -> ShownNeeds:
    """The ranking, both heat maps and the themes of the approved written answers, with the
    sentence said under each, for ``answers`` (see the module docstring for which)."""
    needs = [need.id for need in profile.needs]
    labels = profile.need_labels(t.language)
    counts = overview(answers)
    rated = ratings(answers)  # cleaned once for the ranking and both breakdowns
    summary = t(
        "needs.view.overview",
        count=counts["people"],
        ratings=counts["ratings"],
        texts=counts["texts"],
    )
    # needs rated by fewer than min_cell_size people: no score, n or spread, anywhere
    scores = shown_scores(need_scores(rated, needs), profile.min_cell_size, needs)
    answered = bool((scores["status"] != NO_ANSWERS).any())
    shown_any = bool((scores["status"] == SHOWN).any())
    ranking_figure = ranking_chart(scores, labels, t) if shown_any else None
    order = list(scores.index)

    parts: dict[str, ShownBreakdown] = {}
    for key, categories, category_labels in (
        ("group", list(GROUPS), group_labels(t)),
        ("area", [a.id for a in profile.areas], area_labels(profile, t)),
    ):
        result = breakdown(rated, key, profile.min_cell_size, needs, categories)
        figure = (
            heatmap_chart(result, labels, category_labels, t, order=order) if answered else None
        )
        sentence = breakdown_summary(result, labels, category_labels, t)
        parts[key] = ShownBreakdown(result, figure, sentence)

    texts = free_texts(answers)
    # only approved answers are quoted or grouped into themes (a theme's word is a quote)
    grouping = group_themes(approved_texts(texts, decisions))
    return ShownNeeds(
        counts=counts,
        overview=summary,
        scores=scores,
        ranking_figure=ranking_figure,
        ranking_sentence=ranking_summary(scores, labels, t),
        by_group=parts["group"],
        by_area=parts["area"],
        texts=tuple(texts),
        themes=grouping,
        themes_sentence=themes_summary(grouping, t),
    )


def shown_state(context: Any) -> ShownNeeds:
    """The needs activity's shown state for a view context: the released answers and the
    latest moderation decision per written answer (see :mod:`workshop_kit.core.shown`)."""
    from workshop_kit.core.answers import review_decisions

    decisions = review_decisions(context.latest("text_reviews"))
    return shown_needs(context.released("needs"), decisions, context.profile, context.t)


def quoted_answers(answers: tuple[str, ...], t: Translator) -> tuple[tuple[str, ...], str]:
    """The first :data:`THEME_ANSWERS_SHOWN` answers of a theme, and "and N more" (or "")."""
    shown = answers[:THEME_ANSWERS_SHOWN]
    more = len(answers) - len(shown)
    return shown, (t("needs.view.more_answers", count=more) if more else "")
