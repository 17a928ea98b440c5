"""Counts for the warm-up question."""

from __future__ import annotations

import pandas as pd

from workshop_kit.profile import GROUPS


def group_counts(answers: pd.DataFrame) -> pd.Series:
    """How many participants chose each group (latest answer each), in the fixed group order.

    Groups nobody chose are kept with 0 so the chart does not reshuffle as answers arrive.
    """
    if answers.empty or "group" not in answers:
        return pd.Series(0, index=list(GROUPS), dtype="int64")
    counts = answers["group"].value_counts()
    return counts.reindex(list(GROUPS), fill_value=0).astype("int64")
