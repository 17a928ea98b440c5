"""Needs-assessment figures for issue 3.

- ``needs.import_check_100k_answers_ms``: reading and validating a synthetic survey export of
  8,334 respondents × 12 needs (100,008 ratings, plus a written answer from every fourth
  respondent) with :func:`check_needs_file`, as ``workshop-kit check`` does.
- ``needs.store_import_100k_answers_ms``: storing those answers in a fresh SQLite store in one
  transaction (``workshop-kit import``).
- ``needs.analysis_100k_answers_ms``: the analysis the facilitator page runs on them: scores
  and ranking, the breakdowns by group and by area with suppression, and the free-text themes
  (median of several runs).
- ``needs.facilitator_redraw_40_participants_ms``: one full redraw of the facilitator view
  (model, three charts rendered to PNG, summaries) for 40 live participants who rated every
  need (:class:`workshop_kit.activities.needs.results.FacilitatorView`).

The data are random but seeded, so runs are comparable.
"""

from __future__ import annotations

import csv
import io
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from workshop_kit.activities.needs.breakdowns import breakdown
from workshop_kit.activities.needs.importer import check_needs_file
from workshop_kit.activities.needs.model import need_scores
from workshop_kit.activities.needs.survey_columns import expected_columns
from workshop_kit.activities.needs.themes import free_texts, group_themes
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import GROUPS, load_profile

RESPONDENTS = 8_334  # × 12 needs = 100,008 ratings
REPEATS = 5
TEXTS = [
    "Respite on weekends so I can rest",
    "A volunteer driver for appointments",
    "Someone to talk to after a death",
    "Clear information about services",
    "A grief group in the evenings",
    "Help with paperwork and bills",
    "Du répit la fin de semaine",
    "Un bénévole pour les rendez-vous",
    "Someone to walk the dog",
    "Meals delivered when caring is hard",
]


def survey_csv(profile, respondents: int, seed: int = 2026) -> bytes:
    rng = np.random.default_rng(seed)
    needs = [need.id for need in profile.needs]
    areas = [area.id for area in profile.areas]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(expected_columns(profile))
    importance = rng.integers(1, 6, size=(respondents, len(needs)))
    met = rng.integers(1, 6, size=(respondents, len(needs)))
    groups = rng.choice(list(GROUPS), size=respondents)
    where = rng.choice([*areas, ""], size=respondents)
    for person in range(respondents):
        ratings = [
            str(v) for pair in zip(importance[person], met[person], strict=True) for v in pair
        ]
        text = TEXTS[int(rng.integers(len(TEXTS)))] + f" ({person})" if person % 4 == 0 else ""
        writer.writerow([str(person + 1), groups[person], where[person], *ratings, text])
    return buffer.getvalue().encode("utf-8")


def analyse(answers: pd.DataFrame, profile) -> None:
    needs = [need.id for need in profile.needs]
    need_scores(answers, needs)
    breakdown(answers, "group", profile.min_cell_size, needs, GROUPS)
    breakdown(answers, "area", profile.min_cell_size, needs, [a.id for a in profile.areas])
    group_themes(free_texts(answers))


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    profile = load_profile(sample_profile_path())
    data = survey_csv(profile, RESPONDENTS)

    result = None

    def check() -> None:
        nonlocal result
        result = check_needs_file(data, "bench.csv", profile)

    print(f"needs.import_check_100k_answers_ms: {timed(check):.0f}", flush=True)
    assert result is not None and result.ok, result.problems
    ratings = sum(1 for a in result.answers if a.answer.is_rating)
    assert ratings == RESPONDENTS * len(profile.needs)

    from workshop_kit.auth import hash_key
    from workshop_kit.core.store import open_store

    folder = Path(tempfile.mkdtemp(prefix="bench-needs-"))
    store = open_store(f"sqlite:///{folder / 'bench.sqlite'}")
    code = store.create_session("Benchmark", "en", hash_key("bench")).code
    rows = result.store_rows(code)
    stored = 0

    def store_rows() -> None:
        nonlocal stored
        stored = store.add_answers(code, rows)

    print(f"needs.store_import_100k_answers_ms: {timed(store_rows):.0f}", flush=True)
    assert stored == len(rows)

    answers = store.answers(code, "needs")
    assert len(answers) == len(rows)
    runs = [timed(lambda: analyse(answers, profile)) for _ in range(REPEATS)]
    print(f"needs.analysis_100k_answers_ms: {statistics.median(runs):.0f}", flush=True)

    from workshop_kit.activities.needs.results import FacilitatorView

    live = survey_csv(profile, 40, seed=40)
    frame = check_needs_file(live, "live.csv", profile).frame()
    view = FacilitatorView(profile, Translator("en"))
    view.update(frame)  # first draw: fonts and caches warm up as on a real page
    redraws = [timed(lambda: view.update(frame, force=True)) for _ in range(REPEATS)]
    print(f"needs.facilitator_redraw_40_participants_ms: {statistics.median(redraws):.0f}")


if __name__ == "__main__":
    main()
