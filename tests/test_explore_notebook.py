"""The results explorer (``notebooks/07_explore_results.ipynb``) runs under nbval against two
sessions built here, and its tables are the shown state the report holds.

Two sessions of 6 phones rate the needs (the rehearsal's plausible answers, through the
phone's own path) and the facilitator shows the results; a third phone's answers in the
second session arrive after the release and must not appear.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_kit.activities.needs.rehearsal import rehearsal_answers
from workshop_kit.auth import hash_key
from workshop_kit.core.explore import session_tables
from workshop_kit.core.release import show_results
from workshop_kit.core.report import ReportContext
from workshop_kit.core.sending import AnswerSender
from workshop_kit.core.shown import clear_cache, shown_state
from workshop_kit.i18n import Translator

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "07_explore_results.ipynb"


def needs_session(store, profile, seed: int, late: int = 0) -> str:
    rng = random.Random(seed)
    session = store.create_session(f"Evening {seed}", "en", hash_key("k"))
    persona = {"group": "caregiver", "area": None}
    for phone in range(6 + late):
        if phone == 6:
            show_results(store, session.code, "needs", hash_key("k"), profile.min_cell_size)
        sender = AnswerSender(store, session.code, store.join(session.code), profile)
        for payload in rehearsal_answers(profile, rng, "en", persona):
            sender.send("needs", payload)
    if not late:
        show_results(store, session.code, "needs", hash_key("k"), profile.min_cell_size)
    return session.code


@pytest.mark.slow
def test_the_notebook_runs_under_nbval_on_two_sessions(store, profile, db_url, tmp_path):
    clear_cache()
    codes = [needs_session(store, profile, seed, late) for seed, late in ((1, 0), (2, 2))]
    scores = session_tables(store, codes[1], profile)["needs.scores"]
    t = Translator("en")
    history = lambda activity: store.answers(codes[1], activity, latest_only=False)  # noqa: E731
    context = ReportContext(profile, t, codes[1], history, store)
    assert scores.equals(shown_state(context, "needs").scores)  # what the report holds
    assert scores["n"].max() <= 6  # the 2 phones after the release are not in it

    env = {**os.environ, "WORKSHOP_KIT_DB": db_url, "WORKSHOP_KIT_SESSIONS": ",".join(codes)}
    env["MPLBACKEND"] = "Agg"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
            "--nbval-lax",
            "-q",
            str(NOTEBOOK),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
