"""What the Charter screens show, computed once: the table per commitment, the sentences, the
points of disagreement, the approved notes and the action list.

Why a module of its own: the projected view (:class:`~.live.CharterView`), the facilitator's
page and its exports, and the workshop report (:mod:`.report`) must say the same thing; each
only lays this out. No widgets and no chart here (the report draws the chart from
:attr:`ShownCharter.table`, the view too).

Which answers go in is the caller's: a live session passes the *released* answers, so nothing
here can reveal the few people who answered since the last release.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from workshop_kit.activities.charter.model import (
    approved_notes,
    charter_table,
    discussion_sentence,
    notes,
    people_count,
    summary_sentence,
    to_discuss,
)
from workshop_kit.i18n import Translator


@dataclass(frozen=True, eq=False)
class ShownCharter:
    """Everything a Charter screen shows for one table of ratings, decisions and actions."""

    #: One row per commitment (:func:`~.model.charter_table`): small cells already empty.
    table: pd.DataFrame
    #: The sentence under the chart.
    summary: str
    #: Where people disagree most, as a sentence, and one line per commitment to discuss.
    discussion: str
    discuss: tuple[str, ...]
    #: The evidence and next steps the facilitator approved; how many others are waiting.
    notes: pd.DataFrame
    waiting: int
    #: The facilitator's action list (:func:`~.model.action_list`), ``None`` when not shown.
    actions: pd.DataFrame | None


def shown_charter(
    answers: pd.DataFrame | None,
    decisions: Mapping[str, str],
    actions: pd.DataFrame | None,
    ids: list[str],
    labels: Mapping[str, str],
    min_cell_size: int,
    t: Translator,
    people: int | None = None,
) -> ShownCharter:
    """The Charter as it may be shown; ``people`` is how many took part, said while no
    commitment can be shown yet (default: those in ``answers``)."""
    table = charter_table(answers, ids, min_cell_size)
    counted = people_count(answers, ids)
    shown_people = counted if counted else (people or 0)
    discuss = tuple(
        t(
            "charter.discuss.item",
            commitment=labels[c],
            value=t.number(float(table.at[c, "disagreement"]), 2),
        )
        for c in to_discuss(table)
    )
    written = notes(answers, ids)
    approved = approved_notes(written, decisions)
    return ShownCharter(
        table=table,
        summary=summary_sentence(table, labels, shown_people, min_cell_size, t),
        discussion=discussion_sentence(table, labels, t),
        discuss=discuss,
        notes=approved,
        waiting=len(written) - len(approved),
        actions=actions,
    )
