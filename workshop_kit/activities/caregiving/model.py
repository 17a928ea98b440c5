"""Caregiver load: the community estimate, assembled from its parts with its assumptions.

The method is the replacement-cost method used by AARP, Carers UK, Hollander and Fast, in
four modules, one concern each:

- :mod:`~workshop_kit.activities.caregiving.model_hours`: caregivers by age band, their hours
  and the full-time jobs those hours make;
- :mod:`~workshop_kit.activities.caregiving.model_value`: what the hours are worth
  (replacement or opportunity cost);
- :mod:`~workshop_kit.activities.caregiving.palliative`: deaths, palliative-care need and
  bereavement;
- :mod:`~workshop_kit.activities.caregiving.model_assumptions`: the assumptions an estimate
  rests on, as records the sentences say in the room's language;
- this module: :func:`estimate` puts them together for one :class:`~workshop_kit.activities.
  caregiving.model_inputs.CommunityInputs` and one :class:`~workshop_kit.activities.
  caregiving.model_inputs.Scenario`.

Everything here is pure: arrays and dataclasses in, dataclasses out; no files, widgets or
database, so the same code serves the notebook, the CLI, the tests and the benchmark.
Reading ``data/reference/`` and the profile's overrides lives in
:mod:`workshop_kit.activities.caregiving.reference`.

Results keep the assumptions they rest on as :class:`Assumption` records (a catalog key and
raw values), so the words can be said in the room's language without the model knowing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workshop_kit.activities.caregiving.model_assumptions import Assumption, assumptions
from workshop_kit.activities.caregiving.model_hours import (
    FTE_HOURS_PER_YEAR,
    READINGS,
    annual_hours,
    caregivers_by_band,
    full_time_equivalents,
)
from workshop_kit.activities.caregiving.model_inputs import CommunityInputs, Scenario
from workshop_kit.activities.caregiving.model_value import Method, care_value
from workshop_kit.activities.caregiving.palliative import (
    AccessShare,
    bereaved,
    latest_access,
    needing_palliative_care,
    projected_share,
    rosenwax_range,
)
from workshop_kit.activities.caregiving.ranges import Interval, Range

# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CaregivingEstimate:
    """One community, one year, one scenario: every figure with its range and assumptions."""

    name: str
    scenario: Scenario
    population: float
    population_multiplier: float
    by_band: pd.DataFrame
    caregivers: Range
    #: Caregivers counted as caring all year: all of them (basis "year") or those caring at a
    #: point in time (AARP's method).
    caregivers_at_a_time: Range
    hours_per_week: Range
    annual_hours: Range
    fte: Range
    fte_hours_per_year: float
    weeks_per_year: float
    method: Method
    wage: Range
    currency: str
    value: Range
    deaths: Range | None
    needing_palliative_care: Range | None
    bereaved: Range | None
    rosenwax: Interval
    assumptions: tuple[Assumption, ...]
    #: The share of deaths used (after the slider and the projection), as a fraction.
    palliative_share: Range | None = None
    #: Deaths × the latest published share who received palliative care (CIHI), beside need.
    received_palliative_care: Range | None = None
    access: AccessShare | None = None
    #: Every published access share (CIHI: 2016–17 and 2021–22), for the sentence.
    access_history: tuple[AccessShare, ...] = ()
    #: Both readings of Fast et al.'s total: caregivers, hours a week each, the band's fit.
    hours_fit: dict[str, dict[str, float]] | None = None
    #: Canada's unpaid care valued as this estimate values it (for Pallium's $25 billion).
    national_value: float | None = None
    #: The replacement wage ``national_value`` uses (the scenario's when it values that way).
    replacement_wage: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready numbers (the CLI's ``--profile`` output)."""
        return {
            "community": self.name,
            "population": self.population,
            "population_multiplier": self.population_multiplier,
            "method": self.method,
            "currency": self.currency,
            "hourly_value": self.wage.as_dict(),
            "weeks_per_year": self.weeks_per_year,
            "fte_hours_per_year": self.fte_hours_per_year,
            "basis": self.scenario.basis,
            "hours_reading": self.scenario.hours_reading,
            "caregivers": self.caregivers.as_dict(),
            "caregivers_at_a_time": self.caregivers_at_a_time.as_dict(),
            "hours_per_week": self.hours_per_week.as_dict(),
            "hours_fit": self.hours_fit,
            "annual_hours": self.annual_hours.as_dict(),
            "fte": self.fte.as_dict(),
            "value": self.value.as_dict(),
            "deaths": None if self.deaths is None else self.deaths.central,
            "palliative_share": _maybe(self.palliative_share),
            "needing_palliative_care": _maybe(self.needing_palliative_care),
            "received_palliative_care": _maybe(self.received_palliative_care),
            "palliative_access": (
                None
                if self.access is None
                else {"period": self.access.period, "share": self.access.share}
            ),
            "bereaved": _maybe(self.bereaved),
            "national_value": self.national_value,
            "rosenwax": self.rosenwax.as_dict(),
            "by_age_band": [
                {
                    "age_band": band,
                    "population": float(row.population),
                    "rate": {"low": row.rate_low, "central": row.rate, "high": row.rate_high},
                    "caregivers": {
                        "low": row.caregivers_low,
                        "central": row.caregivers,
                        "high": row.caregivers_high,
                    },
                }
                for band, row in self.by_band.iterrows()
            ],
        }


def _maybe(value: Range | None) -> dict[str, float] | None:
    return None if value is None else value.as_dict()


# -- the community estimate --------------------------------------------------------------------


def estimate(inputs: CommunityInputs, scenario: Scenario | None = None) -> CaregivingEstimate:
    """The whole community estimate for one scenario (default: the published values)."""
    scenario = scenario or Scenario()
    growth = scenario.population_multiplier
    population = inputs.population * growth
    rates = np.minimum(inputs.rates * scenario.rate_multiplier, 1.0)
    by_band_counts = caregivers_by_band(population, rates)
    low, central, high = by_band_counts.sum(axis=1)
    caregivers = Range(float(low), float(central), float(high))
    at_a_time = caregivers.scale(inputs.basis_share(scenario.basis))

    published_hours = inputs.published_hours_for(scenario.hours_reading)
    weekly = (
        published_hours
        if scenario.hours_per_week is None
        else published_hours.rescaled(scenario.hours_per_week)
    )
    hours = annual_hours(at_a_time, weekly, inputs.weeks_per_year)
    fte = full_time_equivalents(hours)

    published_wage = inputs.wages[scenario.method]
    wage = published_wage if scenario.wage is None else published_wage.rescaled(scenario.wage)
    value = care_value(hours, wage)

    total_population = float(population.sum())
    share = _palliative_share(inputs, scenario)
    access = latest_access(inputs.palliative_access)
    if inputs.deaths is None:
        deaths = need = grief = received = None
    else:
        deaths_count = inputs.deaths * growth
        deaths = Range.point(deaths_count)
        need = needing_palliative_care(deaths_count, share)
        grief = bereaved(deaths_count, inputs.kin_per_death)
        received = None if access is None else Range.point(deaths_count * access.share)

    by_band = pd.DataFrame(
        {
            "population": population,
            "rate_low": rates[0],
            "rate": rates[1],
            "rate_high": rates[2],
            "caregivers_low": by_band_counts[0],
            "caregivers": by_band_counts[1],
            "caregivers_high": by_band_counts[2],
        },
        index=pd.Index(inputs.bands, name="age_band"),
    )
    return CaregivingEstimate(
        name=inputs.name,
        scenario=scenario,
        population=total_population,
        population_multiplier=growth,
        by_band=by_band,
        caregivers=caregivers,
        caregivers_at_a_time=at_a_time,
        hours_per_week=weekly,
        annual_hours=hours,
        fte=fte,
        fte_hours_per_year=FTE_HOURS_PER_YEAR,
        weeks_per_year=inputs.weeks_per_year,
        method=scenario.method,
        wage=wage,
        currency=inputs.wage_currencies[scenario.method],
        value=value,
        deaths=deaths,
        needing_palliative_care=need,
        bereaved=grief,
        rosenwax=rosenwax_range(total_population, inputs.rosenwax_share),
        assumptions=tuple(assumptions(inputs, scenario, weekly, wage, share, growth)),
        palliative_share=share if inputs.deaths is not None else None,
        received_palliative_care=received,
        access=access,
        access_history=inputs.palliative_access,
        hours_fit=_hours_fit(inputs),
        national_value=_national_value(inputs, scenario, weekly, wage),
        replacement_wage=(
            wage if scenario.method == "replacement" else inputs.wages["replacement"]
        ).central,
    )


def _palliative_share(inputs: CommunityInputs, scenario: Scenario) -> Range:
    """Today's share (published, the profile's or the slider's), raised by Etkind et al.'s
    projection when the scenario looks years ahead."""
    share = inputs.palliative_share
    if scenario.palliative_share is not None:
        share = share.with_central(scenario.palliative_share)
    projection = inputs.palliative_projection
    if scenario.years and projection is not None and inputs.year is not None:
        share = projected_share(share, projection.factor(inputs.year, inputs.year + scenario.years))
    return share


def _hours_fit(inputs: CommunityInputs) -> dict[str, dict[str, float]] | None:
    """Both readings of the total the open band is fitted to, and what each implies."""
    fit = inputs.hours_fit
    if fit is None:
        return None
    national = inputs.national_hours or inputs.hours
    return {
        reading: {
            "caregivers": fit.caregivers[reading],
            "hours_per_week": fit.per_week(reading),
            "band_hours": fit.band_hours(national, reading),
            "kit_hours_per_week": inputs.hours_for(reading).mean().central,
        }
        for reading in READINGS
    }


def _national_value(
    inputs: CommunityInputs, scenario: Scenario, weekly: Range, wage: Range
) -> float | None:
    """Canada's unpaid care valued the way this estimate values it: the reading's national
    caregivers (at a point in time if so chosen) × the weekly hours × weeks × the replacement
    wage. Said beside Pallium Canada's $25 billion, which comes from a far narrower scope."""
    fit = inputs.hours_fit
    if fit is None:
        return None
    replacement = wage if scenario.method == "replacement" else inputs.wages["replacement"]
    caregivers = fit.caregivers[scenario.hours_reading] * inputs.basis_share(scenario.basis)
    return caregivers * weekly.central * inputs.weeks_per_year * replacement.central
