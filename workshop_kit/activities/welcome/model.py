"""Counts for the warm-up question."""

from __future__ import annotations

import pandas as pd

from workshop_kit.core.disclosure import protect_counts
from workshop_kit.profile import GROUPS


def group_counts(answers: pd.DataFrame) -> pd.Series:
    """How many participants chose each group (latest answer each), in the fixed group order.

    Groups nobody chose are kept with 0 so the chart does not reshuffle as answers arrive.
    Never show these as they are: :func:`shown_group_counts` applies the small-cell rule.
    """
    if answers.empty or "group" not in answers:
        return pd.Series(0, index=list(GROUPS), dtype="int64")
    counts = answers["group"].value_counts()
    return counts.reindex(list(GROUPS), fill_value=0).astype("int64")


def shown_group_counts(answers: pd.DataFrame, min_cell_size: int) -> dict[str, int | None]:
    """Group counts as they may be shown: ``None`` (too few to show) for a group of 1 to
    ``min_cell_size - 1`` people, and for as many more as needed so that the total minus the
    shown groups never isolates a small one
    (:func:`workshop_kit.core.disclosure.protect_counts`)."""
    return protect_counts(group_counts(answers).to_dict(), min_cell_size)
