"""Caregiver load model: hand-computed cases, the reference data, the profile's overrides."""

from __future__ import annotations

import ast
import copy
import dataclasses
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from workshop_kit.activities.caregiving import reference as reference_model
from workshop_kit.activities.caregiving.model import estimate
from workshop_kit.activities.caregiving.model_hours import (
    FTE_HOURS_PER_YEAR,
    HoursDistribution,
    annual_hours,
    band_bounds,
    full_time_equivalents,
    rates_for_bands,
)
from workshop_kit.activities.caregiving.model_inputs import (
    CommunityInputs,
    Scenario,
    population_multiplier,
)
from workshop_kit.activities.caregiving.model_room import room_summary
from workshop_kit.activities.caregiving.model_value import care_value, simple_caregiving
from workshop_kit.activities.caregiving.palliative import (
    bereaved,
    deaths_from_rates,
    needing_palliative_care,
    rosenwax_range,
)
from workshop_kit.activities.caregiving.ranges import Interval, Range
from workshop_kit.activities.caregiving.reference import community_inputs
from workshop_kit.activities.caregiving.reference_files import (
    ReferenceDataError,
    load_community_inputs,
    load_reference,
    reference_dir,
)
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import ProfileError, profile_from_mapping

RAW = yaml.safe_load(sample_profile_path().read_text(encoding="utf-8"))


def tiny_inputs(**changes) -> CommunityInputs:
    """Two age bands, round numbers: every result below is computed by hand."""
    values = {
        "name": "Tiny",
        "bands": ("15-24", "45-54"),
        "population": np.array([1000.0, 2000.0]),
        # rates 10% and 25%, ±10%
        "rates": np.array([[0.09, 0.225], [0.10, 0.25], [0.11, 0.275]]),
        # half give 2/4/6 hours, half 10/20/30: mean 6/12/18
        "hours": HoursDistribution(
            ("under_10", "20_plus"), np.array([0.5, 0.5]), np.array([[2, 10], [4, 20], [6, 30]])
        ),
        "wages": {"replacement": Range(15, 20, 25), "opportunity": Range(25, 30, 35)},
        "wage_years": {"replacement": 2023, "opportunity": 2023},
        "wage_currencies": {"replacement": "CAD", "opportunity": "CAD"},
        "currency": "CAD",
        "palliative_share": Range(0.63, 0.75, 0.82),
        "rosenwax_share": Interval(0.0028, 0.005),
        "kin_per_death": Range(8, 9, 10),
        "deaths": 100.0,
        "deaths_source": "profile",
    }
    values.update(changes)
    return CommunityInputs(**values)


def profile_with(change, language: str = "en"):
    raw = copy.deepcopy(RAW)
    change(raw)
    return profile_from_mapping(raw, language=language)


def problems_for(change, language: str = "en") -> list[str]:
    profile = profile_with(change, language)
    with pytest.raises(ProfileError) as caught:
        load_community_inputs(profile, language=language)
    return caught.value.problems


# -- hand-computed cases -----------------------------------------------------------------------


def test_tiny_community_by_hand():
    result = estimate(tiny_inputs())
    # caregivers: 1000 × 10% + 2000 × 25% = 600 (low 540, high 660)
    assert result.caregivers == Range(540, 600, 660)
    assert result.hours_per_week == Range(6, 12, 18)
    # hours: 600 × 12 × 52 = 374,400; low 540 × 6 × 52; high 660 × 18 × 52
    assert result.annual_hours.central == pytest.approx(374_400)
    assert result.annual_hours.low == pytest.approx(168_480)
    assert result.annual_hours.high == pytest.approx(617_760)
    # 374,400 ÷ 1,950 = 192 full-time jobs; at $20 an hour: $7,488,000
    assert result.fte.central == pytest.approx(192)
    assert result.value.central == pytest.approx(7_488_000)
    assert result.value.low == pytest.approx(168_480 * 15)
    # 100 deaths: 63/75/82 need palliative care, 800/900/1000 bereaved
    assert result.needing_palliative_care == Range(63, 75, 82)
    assert result.bereaved == Range(800, 900, 1000)
    # Rosenwax: 3,000 people × 0.28%–0.50%
    assert result.rosenwax.low == pytest.approx(8.4)
    assert result.rosenwax.high == pytest.approx(15)
    assert result.by_band.loc["45-54", "caregivers"] == pytest.approx(500)


def test_full_time_job_is_1950_hours():
    assert FTE_HOURS_PER_YEAR == 1950 == 37.5 * 52
    assert full_time_equivalents(Range.point(3900)).central == 2


def test_opportunity_cost_uses_its_own_wage():
    result = estimate(tiny_inputs(), Scenario(method="opportunity"))
    assert result.method == "opportunity"
    assert result.value.central == pytest.approx(374_400 * 30)


def test_scenario_sliders_by_hand():
    result = estimate(
        tiny_inputs(),
        Scenario(rate_multiplier=2.0, hours_per_week=6, wage=40, palliative_share=0.9),
    )
    assert result.caregivers.central == pytest.approx(1200)
    # hours halved (6 of 12): the published range keeps its shape
    assert result.hours_per_week == Range(3, 6, 9)
    assert result.wage == Range(30, 40, 50)
    assert result.value.central == pytest.approx(1200 * 6 * 52 * 40)
    # 90% lies above Murtagh's high: the range widens to include it
    assert result.needing_palliative_care == Range(63, 90, 90)


def test_rates_never_exceed_100_percent():
    result = estimate(tiny_inputs(), Scenario(rate_multiplier=5.0))
    assert result.by_band["rate_high"].max() == 1.0
    # high rates: 11% × 5 = 55% and 27.5% × 5, capped at 100%
    assert result.caregivers.high == pytest.approx(1000 * 0.55 + 2000 * 1.0)


def test_population_growth_compounds():
    assert population_multiplier(2, 10) == pytest.approx(1.02**10)
    assert population_multiplier(0, 20) == 1
    result = estimate(tiny_inputs(), Scenario(growth_percent_per_year=2, years=10))
    assert result.population == pytest.approx(3000 * 1.02**10)
    assert result.caregivers.central == pytest.approx(600 * 1.02**10)
    assert result.deaths.central == pytest.approx(100 * 1.02**10)
    assert any(a.key == "growth" for a in result.assumptions)


def test_building_blocks():
    hours = annual_hours(Range(1, 2, 3), Range(10, 10, 10), 52)
    assert hours == Range(520, 1040, 1560)
    assert care_value(Range.point(100), Range(10, 20, 30)) == Range(1000, 2000, 3000)
    assert needing_palliative_care(200, Range(0.5, 0.75, 1.0)) == Range(100, 150, 200)
    assert bereaved(10, Range(8, 9, 10)) == Range(80, 90, 100)
    assert rosenwax_range(10_000, Interval(0.0028, 0.005)) == Interval(28, 50)
    assert deaths_from_rates(np.array([1000, 2000]), np.array([0.001, 0.01])) == 21


def test_simple_caregiving_both_ways():
    by_people = simple_caregiving(10, 5, 20.0)
    assert by_people == {"caregivers": 10, "annual_hours": 2600, "value": 52_000, "fte": 4 / 3}
    by_hours = simple_caregiving(annual_hours_total=1950, hourly_value=10)
    assert by_hours["fte"] == 1 and by_hours["caregivers"] is None
    with pytest.raises(ValueError):
        simple_caregiving(caregivers=10)


# -- age bands ----------------------------------------------------------------------------------


def test_band_bounds():
    assert band_bounds("15-24") == (15, 25)
    assert band_bounds("85+") == (85, 100)
    with pytest.raises(ValueError):
        band_bounds("24-15")


def test_rates_are_mapped_onto_other_bands_by_years_of_age():
    reference = ["0-14", "15-24", "25-34", "65+"]
    rates = np.array([0.0, 0.1, 0.2, 0.3])
    mapped = rates_for_bands(reference, rates, ["15-24", "20-29", "10-19", "85+", "35-44"])[0]
    # same band; half 15-24 half 25-34; half under 15 (0) half 15-24; inside 65+; uncovered
    assert mapped == pytest.approx([0.1, 0.15, 0.05, 0.3, 0.0])


def test_riverbend_caregivers_by_hand(profile):
    inputs = load_community_inputs(profile)
    result = estimate(inputs)
    by_hand = (
        2420 * 0.133
        + 2700 * 0.110
        + 3010 * 0.172
        + 3070 * 0.263
        + 3240 * 0.336
        + (2800 + 1680 + 640) * 0.235
    )
    assert result.caregivers.central == pytest.approx(by_hand)  # about 4,236
    # published hours: 64% × 4 + 15% × 14 + 21% × 55 = 16.21 hours a week
    assert result.hours_per_week.central == pytest.approx(16.21)
    assert result.hours_per_week.low == pytest.approx(0.64 * 2 + 0.15 * 10 + 0.21 * 30)
    assert result.hours_per_week.high == pytest.approx(0.64 * 6 + 0.15 * 19 + 0.21 * 80)
    assert result.annual_hours.central == pytest.approx(by_hand * 16.21 * 52)
    assert result.deaths == Range.point(185)
    assert result.needing_palliative_care.central == pytest.approx(138.75)
    assert result.population == profile.total_population


# -- results and ranges -------------------------------------------------------------------------


def test_ranges_refuse_disorder():
    with pytest.raises(ValueError):
        Range(2, 1, 3)
    with pytest.raises(ValueError):
        Range(0, math.nan, 1)
    with pytest.raises(ValueError):
        Interval(2, 1)
    assert Range(1, 2, 3).with_central(5) == Range(1, 5, 5)


def test_scenario_refuses_impossible_values():
    for bad in (
        {"hours_per_week": 200},
        {"hours_per_week": 0},
        {"wage": 0},
        {"method": "guess"},
        {"years": -1},
        {"palliative_share": 1.5},
        {"rate_multiplier": -1},
    ):
        with pytest.raises(ValueError):
            Scenario(**bad)


def test_inputs_refuse_bad_numbers():
    with pytest.raises(ValueError):
        tiny_inputs(population=np.array([-1.0, 2000.0]))
    with pytest.raises(ValueError):
        tiny_inputs(rates=np.array([[0.1, 0.2], [0.1, 1.2], [0.1, 1.3]]))
    with pytest.raises(ValueError):
        tiny_inputs(wages={"replacement": Range(0, 0, 0), "opportunity": Range(1, 1, 1)})


def test_estimate_as_dict_is_plain_json(profile):
    import json

    data = estimate(load_community_inputs(profile)).as_dict()
    text = json.dumps(data)
    assert data["fte_hours_per_year"] == 1950
    assert data["deaths"] == 185
    assert len(data["by_age_band"]) == len(profile.age_bands)
    assert '"rosenwax"' in text


def test_missing_deaths_leave_caregiving_and_say_why(profile):
    raw = copy.deepcopy(RAW)
    raw.pop("deaths_per_year")
    inputs = load_community_inputs(profile_from_mapping(raw))
    result = estimate(inputs)
    assert result.deaths is None and result.needing_palliative_care is None
    assert result.caregivers.central > 0
    assert "deaths_missing" in [a.key for a in result.assumptions]


def test_deaths_from_profile_death_rates():
    def change(raw):
        raw.pop("deaths_per_year")
        raw["parameters"] = {
            "death_rate_per_1000": dict.fromkeys(raw["age_bands"], 10),
        }

    inputs = load_community_inputs(profile_with(change))
    assert inputs.deaths_source == "death_rates"
    assert inputs.deaths == pytest.approx(22_940 * 0.01)


# -- reference data -----------------------------------------------------------------------------


def test_every_reference_row_has_a_source_and_a_status():
    for path in sorted(reference_dir().glob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert {"source", "status"} <= set(table.columns), path.name
        assert (table["source"].str.len() > 20).all(), path.name
        assert (
            table["status"]
            .isin(
                [
                    "published",
                    "to verify",
                    "assumption",
                    "published share; assumed hours",
                    "published share; fitted hours",
                ]
            )
            .all()
        ), path.name


def test_reference_values_match_the_published_figures():
    reference = load_reference()
    rates = dict(zip(reference.rate_bands, reference.rates, strict=True))
    assert rates["45-54"] == pytest.approx(0.263)
    assert rates["65+"] == pytest.approx(0.235)
    assert reference.hours.shares == pytest.approx([0.64, 0.15, 0.21])
    assert reference.palliative_share.as_dict() == pytest.approx(
        {"low": 0.63, "central": 0.75, "high": 0.82}
    )
    assert reference.rosenwax_share.low == pytest.approx(0.0028)
    assert reference.rosenwax_share.high == pytest.approx(0.005)
    assert reference.kin_per_death.central == 9
    assert reference.wage_currency == "CAD"


def test_a_broken_reference_file_is_named(tmp_path: Path):
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    rates = folder / "caregiving_rates.csv"
    rates.write_text(rates.read_text().replace("26.3", "lots"))
    wages = folder / "wages.csv"
    table = pd.read_csv(wages, dtype=str, keep_default_na=False)
    table.loc[0, "source"] = " "
    table.to_csv(wages, index=False)
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(folder)
    problems = caught.value.problems
    assert "caregiving_rates.csv, line 6, column rate_percent: must be a number (got lots)" in (
        problems
    )
    assert "wages.csv, line 2, column source: every row needs a source" in problems


def test_a_missing_reference_file_is_named(tmp_path: Path):
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    (folder / "bereavement.csv").unlink()
    with pytest.raises(ReferenceDataError, match=r"bereavement\.csv is missing"):
        load_reference(folder)


def test_the_model_uses_the_reference_it_is_given_and_reads_no_file():
    """``community_inputs`` is pure: the figures come from the ReferenceData passed in
    (read by workshop_kit.activities.caregiving.reference_files), and the module imports nothing
    that reads files."""
    profile = profile_from_mapping(copy.deepcopy(RAW))
    published = load_reference()
    doubled = dataclasses.replace(
        published, wages={m: r.rescaled(r.central * 2) for m, r in published.wages.items()}
    )
    base = community_inputs(profile, published)
    assert community_inputs(profile, doubled).wages["replacement"].central == pytest.approx(
        2 * base.wages["replacement"].central
    )
    assert estimate(base).as_dict() == estimate(load_community_inputs(profile)).as_dict()
    source = Path(reference_model.__file__).read_text(encoding="utf-8")
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [node])
    }
    assert not {"pathlib", "os", "workshop_kit.paths", "workshop_kit.io"} & imported
    assert "open(" not in source and "read_csv" not in source


# -- the profile's overrides --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        (
            {"caregiving_rate": {"45-54": 120}},
            "parameters.caregiving_rate.45-54: must be between 0 and 100% (got 120)",
        ),
        (
            {"caregiving_rate.45-54": "many"},
            "parameters.caregiving_rate.45-54: must be a number (got many)",
        ),
        (
            {"caregiving_rate": {"90-94": 20}},
            "parameters.caregiving_rate.90-94: is not one of the profile's age bands",
        ),
        ({"replacement_wage": 0}, "parameters.replacement_wage: must be more than 0 (got 0)"),
        (
            {"opportunity_wage": {"low": 30, "central": 20, "high": 40}},
            "parameters.opportunity_wage: low, central and high must be in that order",
        ),
        ({"hours_per_week": 200}, "parameters.hours_per_week: must be more than 0 and at most 168"),
        (
            {"hours_distribution": {"under_10": 50, "10_19": 10, "20_plus": 10}},
            "parameters.hours_distribution: the shares must add up to 100% (they add up to 70%)",
        ),
        ({"palliative_share": -5}, "parameters.palliative_share: must be between 0 and 100%"),
        ({"kin_per_death": -1}, "parameters.kin_per_death: must be 0 or more (got -1)"),
        ({"weeks_per_year": 60}, "parameters.weeks_per_year: must be more than 0 and at most 52"),
        ({"rosenwax_share": {"low": 1}}, "parameters.rosenwax_share: must give low and high"),
        (
            {"death_rate_per_1000": {"85+": 150}},
            "parameters.death_rate_per_1000: needs a value for every age band (missing 0-14",
        ),
        ({"caregving_rate": {}}, "parameters.caregving_rate: unknown parameter"),
    ],
)
def test_bad_parameters_name_the_field(parameters, expected):
    problems = problems_for(lambda raw: raw.update(parameters=parameters))
    assert any(p.startswith(expected) for p in problems), problems


def test_parameter_messages_are_translated():
    problems = problems_for(
        lambda raw: raw.update(parameters={"caregiving_rate": {"45-54": 120}}), language="fr"
    )
    assert problems == ["parameters.caregiving_rate.45-54: doit être entre 0 et 100 % (reçu : 120)"]


def test_every_bad_parameter_is_reported_at_once():
    problems = problems_for(
        lambda raw: raw.update(parameters={"replacement_wage": 0, "hours_per_week": "lots"})
    )
    assert len(problems) == 2


def test_local_parameters_replace_published_ones():
    def change(raw):
        raw["currency"] = "CAD"
        raw["parameters"] = {
            "caregiving_rate": {"45-54": "30%"},
            "replacement_wage": 25,
            "palliative_share": {"low": 60, "central": 70, "high": 80},
            "kin_per_death": 4.5,
            "hours_per_week": 12,
            "weeks_per_year": 50,
        }

    inputs = load_community_inputs(profile_with(change))
    band = inputs.bands.index("45-54")
    assert inputs.rates[1, band] == pytest.approx(0.30)
    assert inputs.rates[0, band] == pytest.approx(0.30 * 0.85)
    # a single wage keeps the published relative spread (18/22 and 26/22)
    assert inputs.wages["replacement"].central == 25
    assert inputs.wages["replacement"].low == pytest.approx(25 * 18 / 22)
    assert inputs.palliative_share.as_dict() == pytest.approx(
        {"low": 0.6, "central": 0.7, "high": 0.8}
    )
    assert inputs.kin_per_death == Range(4, 4.5, 5)
    assert inputs.weeks_per_year == 50
    result = estimate(inputs)
    assert result.hours_per_week.central == pytest.approx(12)
    keys = [a.key for a in result.assumptions]
    assert {"rates_local", "hours_local", "replacement_local", "palliative_local"} <= set(keys)


def test_wages_in_another_currency_are_flagged():
    inputs = load_community_inputs(profile_with(lambda raw: raw.update(currency="EUR")))
    result = estimate(inputs)
    assert result.currency == "CAD"
    assert "currency_mismatch" in [a.key for a in result.assumptions]
    local = load_community_inputs(
        profile_with(lambda raw: raw.update(currency="EUR", parameters={"replacement_wage": 21}))
    )
    assert estimate(local).currency == "EUR"


# -- the people in the room ---------------------------------------------------------------------

TASKS = ("transportation", "personal_care", "emotional_support")


def room(rows):
    return pd.DataFrame(rows, columns=["participant_id", "hours_per_week", "tasks"])


def test_room_totals_with_enough_people():
    answers = room(
        [
            ("a", 10, ["transportation"]),
            ("b", 5, ["transportation", "personal_care"]),
            ("c", None, ["transportation"]),
            ("d", 20, ["transportation"]),
            ("e", 1, ["transportation"]),
            ("f", 4, []),
        ]
    )
    summary = room_summary(answers, TASKS, min_cell_size=5)
    assert summary.answered == 6
    assert summary.hours_answers == 5
    assert summary.hours_per_week == 40
    # 5 ticked transport: shown; 1 ticked personal care: too few; nobody: 0 is shown
    assert summary.tasks == {"transportation": 5, "personal_care": None, "emotional_support": 0}


def test_room_hides_hours_of_too_few_people():
    summary = room_summary(room([("a", 10, []), ("b", 30, ["transportation"])]), TASKS, 5)
    assert summary.hours_per_week is None
    assert summary.hours_suppressed


def test_room_without_answers():
    empty = room_summary(pd.DataFrame(), TASKS, 5)
    assert empty.answered == 0 and empty.hours_per_week is None
    only_ids = room_summary(pd.DataFrame({"participant_id": ["a"]}), TASKS, 5)
    assert only_ids.answered == 0
