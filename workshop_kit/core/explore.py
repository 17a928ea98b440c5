"""A session's shown state as tables, for a trainer exploring results in JupyterLab
(``notebooks/07_explore_results.ipynb``).

Why the shown state and nothing else: it is what the projector showed and the report holds,
already through the release rules and disclosure control (:mod:`workshop_kit.core.shown`).
A notebook that read the answer log instead could put on a trainer's slide a figure from
two people that the room never saw.

Each activity's state becomes one or more ``pandas`` DataFrames: its ``table()`` when it has
one (question sets), else every DataFrame it holds (the needs ranking: ``needs.scores``), else
its shown counts (the warm-up: ``welcome.counts``).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

import pandas as pd

from workshop_kit.core.activity import discover
from workshop_kit.core.report import ReportContext
from workshop_kit.core.shown import shown_state
from workshop_kit.core.store import Store
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile


def session_context(
    store: Store, code: str, profile: Profile, language: str | None = None
) -> ReportContext:
    """The view context the report of session ``code`` is built with."""
    t = Translator(language or store.session(code).language)
    return ReportContext(
        profile=profile,
        t=t,
        code=code,
        history=lambda activity: store.answers(code, activity, latest_only=False),
        store=store,
    )


def session_tables(
    store: Store, code: str, profile: Profile, language: str | None = None
) -> dict[str, pd.DataFrame]:
    """``{"needs.scores": DataFrame, "q-what-matters": DataFrame, …}``: every shown table of
    every activity that has answers in the session."""
    context = session_context(store, code, profile, language)
    answered = {activity for activity, _count, _last in store.activity_state(code, ())}
    tables: dict[str, pd.DataFrame] = {}
    for activity, info in discover().items():
        if info.shown is None or activity not in answered:
            continue
        tables.update(state_tables(activity, shown_state(context, activity)))
    return tables


def state_tables(activity: str, state: Any) -> dict[str, pd.DataFrame]:
    """One shown state's tables (see the module docstring)."""
    if callable(getattr(state, "table", None)):
        return {activity: state.table()}
    found: dict[str, pd.DataFrame] = {}
    if is_dataclass(state):
        for each in fields(state):
            value = getattr(state, each.name)
            if isinstance(value, pd.DataFrame):
                found[f"{activity}.{each.name}"] = value
            elif each.name == "counts" and isinstance(value, dict):
                found[f"{activity}.counts"] = pd.Series(
                    value, name="count", dtype="Int64"
                ).to_frame()
    return found
