"""Properties that must hold for any community and any scenario (hypothesis).

- more people never means fewer caregivers (or fewer hours, or a lower value);
- a higher wage never gives a lower value;
- every figure comes as low ≤ central ≤ high;
- rates mapped onto other age bands stay within the published rates.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_kit.activities.caregiving.model import estimate
from workshop_kit.activities.caregiving.model_hours import rates_for_bands
from workshop_kit.activities.caregiving.model_inputs import CommunityInputs, Scenario
from workshop_kit.activities.caregiving.model_value import METHODS
from workshop_kit.activities.caregiving.ranges import Range
from workshop_kit.activities.caregiving.reference_files import load_community_inputs
from workshop_kit.activities.caregiving.sentences import about, significant
from workshop_kit.i18n import Translator

BANDS = ("0-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+")


@pytest.fixture(scope="module")
def riverbend() -> CommunityInputs:
    from workshop_kit.paths import sample_profile_path
    from workshop_kit.profile import load_profile

    return load_community_inputs(load_profile(sample_profile_path()))


populations = st.lists(
    st.integers(min_value=0, max_value=2_000_000), min_size=len(BANDS), max_size=len(BANDS)
).map(lambda values: np.array(values, dtype=float))

scenarios = st.builds(
    Scenario,
    rate_multiplier=st.floats(0, 3),
    hours_per_week=st.none() | st.floats(0.5, 168),
    wage=st.none() | st.floats(0.01, 500),
    method=st.sampled_from(METHODS),
    growth_percent_per_year=st.floats(-3, 5),
    years=st.integers(0, 20),
    palliative_share=st.none() | st.floats(0, 1),
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def all_ranges(result) -> list[Range]:
    found = [
        result.caregivers,
        result.hours_per_week,
        result.annual_hours,
        result.fte,
        result.wage,
        result.value,
    ]
    found += [r for r in (result.deaths, result.needing_palliative_care, result.bereaved) if r]
    return found


@SETTINGS
@given(population=populations, extra=populations, scenario=scenarios)
def test_more_people_never_fewer_caregivers(riverbend, population, extra, scenario):
    smaller = estimate(replace(riverbend, population=population), scenario)
    larger = estimate(replace(riverbend, population=population + extra), scenario)
    for name in ("caregivers", "annual_hours", "fte", "value"):
        before, after = getattr(smaller, name), getattr(larger, name)
        assert after.low >= before.low
        assert after.central >= before.central
        assert after.high >= before.high
    assert (larger.by_band["caregivers"] >= smaller.by_band["caregivers"]).all()


@SETTINGS
@given(
    scenario=scenarios,
    wage=st.floats(0.01, 500),
    raise_by=st.floats(0, 500),
)
def test_a_higher_wage_never_lowers_the_value(riverbend, scenario, wage, raise_by):
    low_pay = estimate(riverbend, replace(scenario, wage=wage))
    high_pay = estimate(riverbend, replace(scenario, wage=wage + raise_by))
    assert high_pay.value.low >= low_pay.value.low
    assert high_pay.value.central >= low_pay.value.central
    assert high_pay.value.high >= low_pay.value.high


@SETTINGS
@given(population=populations, scenario=scenarios)
def test_every_figure_is_low_central_high(riverbend, population, scenario):
    result = estimate(replace(riverbend, population=population), scenario)
    for value in all_ranges(result):
        assert value.low <= value.central <= value.high
        assert value.low >= 0
    assert result.rosenwax.low <= result.rosenwax.high
    table = result.by_band
    assert (table["caregivers_low"] <= table["caregivers"]).all()
    assert (table["caregivers"] <= table["caregivers_high"]).all()
    assert (table["caregivers_high"] <= table["population"] + 1e-6).all()


@settings(max_examples=200, deadline=None)
@given(
    cuts=st.lists(st.integers(1, 99), min_size=1, max_size=8, unique=True).map(sorted),
    rates=st.lists(st.floats(0, 1), min_size=7, max_size=7),
)
def test_mapped_rates_stay_within_the_published_ones(cuts, rates):
    reference = ["0-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    edges = [0, *cuts]
    bands = [f"{a}-{b - 1}" for a, b in itertools.pairwise(edges)] + [f"{edges[-1]}+"]
    mapped = rates_for_bands(reference, np.array(rates), bands)[0]
    assert (mapped >= min(rates) - 1e-12).all()
    assert (mapped <= max(rates) + 1e-12).all()


@settings(max_examples=200, deadline=None)
@given(value=st.floats(100, 1e12))
def test_rounded_numbers_stay_close(value):
    assert abs(significant(value) - value) <= 0.05 * value
    text = about(Translator("en"), value)
    assert text  # "4,200", "2.4 million" …
    assert not text.startswith("0")
