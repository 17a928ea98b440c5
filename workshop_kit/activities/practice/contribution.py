"""Multiagency contribution: what each member organisation brought to the gatherings.

Compassionate Communities NI's guideline (August 2022) names "multiagency contribution" as a
measure without defining it. Counting organisations present by sector (:func:`.model.
multiagency`) measures **participation**; contribution is what each agency *brought*: hosting
a gathering, facilitating it, referring people, taking part in joint actions, giving
resources. The facilitator records it per gathering (:class:`~.answers.ContributionAnswer`,
a facilitator answer in the gathering's session); the year shows each organisation's
contributions beside the participation by sector.

Organisations are recorded by the facilitator, not answers from people, so the small-cell
rule of the consent text does not apply; no personal data is kept (names of organisations).
Pure: records in, tables and sentences out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from workshop_kit.activities.practice.answers import CONTRIBUTIONS
from workshop_kit.core.answers import facilitator_records
from workshop_kit.i18n import Translator


def contribution_labels(t: Translator) -> dict[str, str]:
    """The kinds of contribution in ``t``'s language, in their order."""
    return {kind: t(f"practice.contribution.{kind}") for kind in CONTRIBUTIONS}


def contributions_of(records: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The contributions (``name``, ``sector``, ``kinds``) a session's latest
    ``practice_contribution`` record holds; empty if none was recorded by the facilitator."""
    records = facilitator_records(records)
    if records is None or records.empty or "contributions" not in records:
        return []
    latest = records.sort_values("answer_id").iloc[-1] if "answer_id" in records else None
    listed = latest["contributions"] if latest is not None else records["contributions"].iloc[-1]
    if not isinstance(listed, list):
        return []
    return [
        {
            "name": str(item["name"]),
            "sector": str(item["sector"]),
            "kinds": [kind for kind in CONTRIBUTIONS if kind in item.get("kinds", [])],
        }
        for item in listed
    ]


def contribution_table(per_gathering: Mapping[str, Iterable[Mapping[str, Any]]]) -> pd.DataFrame:
    """Organisations (rows, most contributions first, then by name) × kinds (columns): at how
    many gatherings each organisation brought each kind. ``per_gathering`` maps a gathering's
    label to its contributions."""
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for contributions in per_gathering.values():
        for item in contributions:
            name = str(item.get("name", "")).strip()
            if not name:
                continue
            key = name.casefold()
            names.setdefault(key, name)
            row = counts.setdefault(key, dict.fromkeys(CONTRIBUTIONS, 0))
            for kind in set(item.get("kinds", [])):
                if kind in row:
                    row[kind] += 1
    table = pd.DataFrame(
        [counts[key] for key in counts],
        index=pd.Index([names[key] for key in counts], name="organisation"),
        columns=list(CONTRIBUTIONS),
        dtype="int64",
    )
    if table.empty:
        return table
    order = sorted(table.index, key=lambda name: (-int(table.loc[name].sum()), name.casefold()))
    return table.loc[order]


def contribution_sentence(table: pd.DataFrame, gatherings: int, t: Translator) -> str:
    """How many organisations contributed, over how many gatherings, and how often each kind
    of contribution was brought."""
    if table.empty or int(table.to_numpy().sum()) == 0:
        return t("practice.contribution.summary_empty")
    labels = contribution_labels(t)
    kinds = ", ".join(
        t("practice.contribution.kind_count", kind=labels[kind], count=int(table[kind].sum()))
        for kind in CONTRIBUTIONS
        if int(table[kind].sum())
    )
    return t(
        "practice.contribution.summary",
        count=len(table.index),
        gatherings=gatherings,
        kinds=kinds,
    )
