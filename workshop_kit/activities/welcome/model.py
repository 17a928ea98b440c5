"""The warm-up's pure model: counts per group, with small groups hidden, and the sentence
read under the chart. No widgets, files or database (the import contract checks it)."""

from __future__ import annotations

import pandas as pd

from workshop_kit.core.disclosure import people_of, protect_counts
from workshop_kit.i18n import Translator
from workshop_kit.profile import GROUPS


def group_counts(answers: pd.DataFrame) -> pd.Series:
    """How many people chose each group (latest answer each), in the fixed group order.

    People are counted the way disclosure counts them (:func:`~workshop_kit.core.disclosure.
    people_of`): everyone who answered from one page is one person, so that one phone handed
    over four times cannot fill a group of five on its own. Groups nobody chose are kept with
    0 so the chart does not reshuffle as answers arrive. Never show these as they are:
    :func:`shown_group_counts` applies the small-cell rule.
    """
    if answers.empty or "group" not in answers:
        return pd.Series(0, index=list(GROUPS), dtype="int64")
    if "participant_id" in answers:
        people = people_of(answers)
        counts = people.groupby(answers["group"]).nunique()
    else:  # a table read outside a session: one person a row
        counts = answers["group"].value_counts()
    return counts.reindex(list(GROUPS), fill_value=0).astype("int64")


def shown_group_counts(answers: pd.DataFrame, min_cell_size: int) -> dict[str, int | None]:
    """Group counts as they may be shown: ``None`` (too few to show) for a group of 1 to
    ``min_cell_size - 1`` people, and for as many more as needed so that the total minus the
    shown groups never isolates a small one
    (:func:`workshop_kit.core.disclosure.protect_counts`)."""
    return protect_counts(group_counts(answers).to_dict(), min_cell_size)


def summary_sentence(shown: dict[str, int | None], total: int, k: int, t: Translator) -> str:
    """The sentence under the chart: how many answered, and the largest group shown."""
    visible = {g: n for g, n in shown.items() if n}
    if not visible:
        return t("welcome.summary_all_hidden", count=total, min=k)
    top = max(visible, key=lambda g: visible[g])
    text = t("welcome.summary", count=total, group=t(f"groups.{top}"), group_count=visible[top])
    if any(n is None for n in shown.values()):
        text += " " + t("welcome.summary_hidden", min=k)
    return text
