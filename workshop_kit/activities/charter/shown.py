"""What the Charter shows, computed once: the progress and disagreement per commitment (small
cells hidden), the chart and its sentence, the points to discuss, the approved notes and the
action list.

The projector (:class:`~.live.CharterView`), the facilitator's page and the report lay this
out; :func:`shown_state` builds it from the *released* ratings
(:func:`workshop_kit.core.release.released_answers_of`) and the facilitator's decisions. No
widgets: the report is also written by the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workshop_kit.activities.charter.commitments import Commitments, load_commitments
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


@dataclass(frozen=True, eq=False)
class ShownCharter:
    """The Charter as every view shows it."""

    commitments: Commitments
    labels: dict[str, str]
    #: One row per commitment (:func:`~.model.charter_table`): figures from fewer than
    #: ``min_cell_size`` raters are hidden.
    table: pd.DataFrame
    #: How many people the figures come from (while nothing is released: took part so far).
    people: int
    figure: Figure | None
    sentence: str
    #: The commitments the room disagrees on most, and the sentence about them.
    to_discuss: tuple[str, ...]
    discussion: str
    #: Approved evidence and next steps, and how many notes wait for approval.
    notes: pd.DataFrame
    waiting_notes: int
    #: The action list the facilitator keeps (``None``: not shown on this view).
    actions: pd.DataFrame | None


def discuss_item(shown: ShownCharter, commitment: str, t: Translator) -> str:
    """One point to discuss as the projector and the report word it: the commitment and how
    far apart the room's answers are."""
    disagreement = float(shown.table.at[commitment, "disagreement"])
    return t(
        "charter.discuss.item",
        commitment=shown.labels.get(commitment, commitment),
        value=t.number(disagreement, 2),
    )


def shown_charter(
    answers: pd.DataFrame | None,
    decisions: Mapping[str, str],
    actions: pd.DataFrame | None,
    commitments: Commitments,
    min_cell_size: int,
    t: Translator,
    people: int | None = None,
) -> ShownCharter:
    """What may be shown of ``answers`` (the released ratings); ``people`` is said while no
    commitment can be shown yet (default: those in ``answers``)."""
    from workshop_kit.activities.charter.charts import chart_figure  # matplotlib, when drawn
    from workshop_kit.activities.charter.model import (
        approved_notes,
        charter_table,
        discussion_sentence,
        notes,
        people_count,
        summary_sentence,
        to_discuss,
    )

    ids, labels = commitments.ids, commitments.labels(t.language)
    table = charter_table(answers, ids, min_cell_size)
    counted = people_count(answers, ids)
    shown_people = counted if counted else (people or 0)
    written = notes(answers, ids)
    approved = approved_notes(written, decisions)
    return ShownCharter(
        commitments=commitments,
        labels=labels,
        table=table,
        people=shown_people,
        figure=chart_figure(table, labels, t),
        sentence=summary_sentence(table, labels, shown_people, min_cell_size, t),
        to_discuss=tuple(to_discuss(table)),
        discussion=discussion_sentence(table, labels, t),
        notes=approved,
        waiting_notes=len(written) - len(approved),
        actions=actions,
    )


def shown_state(context: Any) -> ShownCharter:
    """The Charter's shown state for a view context (see :mod:`workshop_kit.core.shown`).
    Raises :class:`~.commitments.CommitmentsError` when the commitments file is unusable."""
    from workshop_kit.activities.charter.model import action_list
    from workshop_kit.core.answers import review_decisions
    from workshop_kit.core.disclosure import contributors

    released = context.released("charter")
    empty = released is None or released.empty
    return shown_charter(
        released,
        review_decisions(context.latest("text_reviews")),
        action_list(context.latest("charter_actions")),
        load_commitments(language=context.t.language, variant=context.profile.charter_variant),
        context.profile.min_cell_size,
        context.t,
        # while nothing is released, the sentence says how many took part so far
        people=contributors(context.latest("charter")) if empty else None,
    )
