"""What of a question set's released answers the anonymised answers may hold: every choice,
scale and ranking released, and a written answer only once the facilitator approved it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from workshop_kit.core.disclosure import APPROVE, text_key


def exported_answers(
    set_id: str, table: pd.DataFrame, decisions: Mapping[str, str]
) -> pd.DataFrame:
    if "text" not in table:
        return table
    written = table["text"].notna()
    approved = table["text"].map(
        lambda text: isinstance(text, str) and decisions.get(text_key(text)) == APPROVE
    )
    return table[~written | approved]
