"""How fast the caregiver-load page answers a slider move.

Issue 5 asks that the scenario recompute after a slider move feel instant: well under 100 ms
for the model and under 300 ms with the charts redrawn. This prints the median of at least
30 slider-driven recomputes for each, on the sample community:

    caregiving.model_recompute_median_ms: …   (the estimate for a new scenario)
    caregiving.recompute_with_redraw_median_ms: …   (estimate + both charts drawn to PNG +
                                                     every sentence and the assumptions)
    caregiving.app_slider_move_median_ms: …   (the same through the real widget: slider.value)

Run it with ``.venv/bin/python benchmarks/bench_caregiving.py [--runs N]`` or with the others
through ``make benchmark ARGS=caregiving``.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable

from workshop_kit.activities.caregiving import charts as charts
from workshop_kit.activities.caregiving import sentences as sentences
from workshop_kit.activities.caregiving.model import estimate
from workshop_kit.activities.caregiving.model_inputs import Scenario
from workshop_kit.activities.caregiving.reference_files import load_community_inputs
from workshop_kit.core.context import PageContext
from workshop_kit.core.exports import png_bytes
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile

RATES = (0.8, 0.9, 1.0, 1.1, 1.2, 1.3)  # what a facilitator dragging the rate slider produces


def median_ms(step: Callable[[int], object], runs: int, warmup: int = 3) -> float:
    for index in range(warmup):
        step(index)
    times = []
    for index in range(runs):
        start = time.perf_counter()
        step(index)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per figure (at least 30)")
    # benchmarks/run.py calls main() with its own command line in sys.argv: read ours only
    # when this file is run directly
    runs = max(30, parser.parse_args(argv or []).runs)

    profile = load_profile(sample_profile_path())
    inputs = load_community_inputs(profile)
    t = Translator("en")
    scenarios = [
        Scenario(rate_multiplier=rate, years=years, growth_percent_per_year=1.0)
        for rate, years in itertools.product(RATES, (0, 10))
    ]

    def model(index: int) -> object:
        return estimate(inputs, scenarios[index % len(scenarios)])

    def with_redraw(index: int) -> object:
        result = estimate(inputs, scenarios[index % len(scenarios)])
        png_bytes(charts.caregivers_figure(result, t), dpi=charts.CHART_DPI)
        figure = charts.palliative_figure(result, t)
        if figure is not None:
            png_bytes(figure, dpi=charts.CHART_DPI)
        sentences.main_sentence(result, t)
        sentences.value_sentence(result, t, profile.country)
        sentences.palliative_sentence(result, t)
        return sentences.assumption_texts(result, t, profile.country)

    from workshop_kit.activities.caregiving.page import CaregiverLoadApp

    app = CaregiverLoadApp(
        PageContext(profile=profile, query={}, facilitator=None, language="en"), inputs
    )
    positions = [int(rate * 100) for rate in RATES]

    def slider_move(index: int) -> object:
        app.sliders["rate"].value = positions[index % len(positions)]
        return app.sentence.value

    results = {
        "caregiving.model_recompute_median_ms": median_ms(model, runs),
        "caregiving.recompute_with_redraw_median_ms": median_ms(with_redraw, runs),
        "caregiving.app_slider_move_median_ms": median_ms(slider_move, runs),
    }
    for name, value in results.items():
        print(f"{name}: {value:.1f}")
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
