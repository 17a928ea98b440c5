"""What the warm-up shows, computed once from its released answers: the counts per group
(small groups hidden), the chart and the sentence under it.

The projected view (:mod:`.live`) and the report section (:mod:`.report`) only lay this out,
so the paper report says what the room saw. A new activity copies this shape: a frozen
dataclass of what may be shown, and ``shown_state(context)`` reading ``context.released``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workshop_kit.activities.welcome.model import shown_group_counts, summary_sentence
from workshop_kit.core.disclosure import contributors
from workshop_kit.profile import GROUPS

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True, eq=False)
class ShownWelcome:
    """The warm-up as every view shows it."""

    #: How many people the shown counts come from (0: nothing released yet).
    people: int
    #: Group -> count as it may be shown (``None``: too few to show), in the fixed order.
    counts: dict[str, int | None]
    #: The bar chart (``None`` while nothing is released) and the sentence under it.
    figure: Figure | None
    sentence: str


def shown_state(context: Any) -> ShownWelcome:
    """The warm-up's shown state for a view context (see :mod:`workshop_kit.core.shown`)."""
    from workshop_kit.core.count_chart import count_bars

    t, k = context.t, context.profile.min_cell_size
    released = context.released("welcome")
    people = contributors(released)
    if people == 0:
        return ShownWelcome(0, dict.fromkeys(GROUPS), None, "")
    counts = shown_group_counts(released, k)
    labels = [t(f"groups.{group}") for group in counts]
    figure = count_bars(labels, list(counts.values()), too_few=t("app.too_few"))
    return ShownWelcome(people, counts, figure, summary_sentence(counts, people, k, t))
