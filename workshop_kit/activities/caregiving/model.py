"""Caregiver load: the community estimate, assembled from its parts with its assumptions.

The method is the replacement-cost method used by AARP, Carers UK, Hollander and Fast, in
four modules, one concern each:

- :mod:`~workshop_kit.activities.caregiving.model_hours`: caregivers by age band, their hours
  and the full-time jobs those hours make;
- :mod:`~workshop_kit.activities.caregiving.model_value`: what the hours are worth
  (replacement or opportunity cost);
- :mod:`~workshop_kit.activities.caregiving.palliative`: deaths, palliative-care need and
  bereavement;
- this module: :func:`estimate` puts them together for one :class:`~workshop_kit.activities.
  caregiving.model_inputs.CommunityInputs` and one :class:`~workshop_kit.activities.
  caregiving.model_inputs.Scenario`, and lists the assumptions it rests on.

Everything here is pure: arrays and dataclasses in, dataclasses out; no files, widgets or
database, so the same code serves the notebook, the CLI, the tests and the benchmark.
Reading ``data/reference/`` and the profile's overrides lives in
:mod:`workshop_kit.activities.caregiving.reference`.

Results keep the assumptions they rest on as :class:`Assumption` records (a catalog key and
raw values), so the words can be said in the room's language without the model knowing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workshop_kit.activities.caregiving.model_hours import (
    FTE_HOURS_PER_WEEK,
    FTE_HOURS_PER_YEAR,
    FTE_WEEKS_PER_YEAR,
    annual_hours,
    caregivers_by_band,
    full_time_equivalents,
)
from workshop_kit.activities.caregiving.model_inputs import CommunityInputs, Scenario
from workshop_kit.activities.caregiving.model_value import Method, care_value
from workshop_kit.activities.caregiving.palliative import (
    bereaved,
    needing_palliative_care,
    rosenwax_range,
)
from workshop_kit.activities.caregiving.ranges import Interval, Range


@dataclass(frozen=True)
class Assumption:
    """One assumption in words: a catalog key (``caregiving.assumption.<key>``) and its values.

    Value names end in a kind so the presenter knows how to say them: ``_share`` (a fraction,
    said as a percentage), ``_hours``, ``_count``, ``_wage`` (money), ``_factor``; anything
    else is shown as is.
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


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
            "caregivers": self.caregivers.as_dict(),
            "hours_per_week": self.hours_per_week.as_dict(),
            "annual_hours": self.annual_hours.as_dict(),
            "fte": self.fte.as_dict(),
            "value": self.value.as_dict(),
            "deaths": None if self.deaths is None else self.deaths.central,
            "needing_palliative_care": _maybe(self.needing_palliative_care),
            "bereaved": _maybe(self.bereaved),
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

    published_hours = inputs.published_hours
    weekly = (
        published_hours
        if scenario.hours_per_week is None
        else published_hours.rescaled(scenario.hours_per_week)
    )
    hours = annual_hours(caregivers, weekly, inputs.weeks_per_year)
    fte = full_time_equivalents(hours)

    published_wage = inputs.wages[scenario.method]
    wage = published_wage if scenario.wage is None else published_wage.rescaled(scenario.wage)
    value = care_value(hours, wage)

    total_population = float(population.sum())
    share = inputs.palliative_share
    if scenario.palliative_share is not None:
        share = share.with_central(scenario.palliative_share)
    if inputs.deaths is None:
        deaths = need = grief = None
    else:
        deaths_count = inputs.deaths * growth
        deaths = Range.point(deaths_count)
        need = needing_palliative_care(deaths_count, share)
        grief = bereaved(deaths_count, inputs.kin_per_death)

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
        assumptions=tuple(_assumptions(inputs, scenario, weekly, wage, share, growth)),
    )


def _assumptions(
    inputs: CommunityInputs,
    scenario: Scenario,
    weekly: Range,
    wage: Range,
    palliative_share: Range,
    growth: float,
) -> list[Assumption]:
    """The assumptions behind one estimate, in the order a facilitator would explain them."""
    items = [Assumption("rates", {"uncertainty_share": inputs.rate_uncertainty})]
    if inputs.local_rate_bands:
        items.append(Assumption("rates_local", {"bands": ", ".join(inputs.local_rate_bands)}))
    if scenario.rate_multiplier != 1.0:
        items.append(Assumption("rate_scenario", {"multiplier_share": scenario.rate_multiplier}))
    shares = dict(zip(inputs.hours.bands, inputs.hours.shares, strict=True))
    band_hours = dict(zip(inputs.hours.bands, inputs.hours.hours[1], strict=True))
    mean = inputs.hours.mean()
    # the shares are published (or the profile's); the hours within each band are assumed
    hours_key = "hours_shares_local" if "hours_distribution" in inputs.overridden else "hours"
    items.append(
        Assumption(
            hours_key,
            {
                "short_share": shares.get("under_10", 0.0),
                "medium_share": shares.get("10_19", 0.0),
                "long_share": shares.get("20_plus", 0.0),
                "short_hours": float(band_hours.get("under_10", 0.0)),
                "medium_hours": float(band_hours.get("10_19", 0.0)),
                "long_hours": float(band_hours.get("20_plus", 0.0)),
                "low_hours": mean.low,
                "central_hours": mean.central,
                "high_hours": mean.high,
            },
        )
    )
    if inputs.hours_check is not None:
        check = inputs.hours_check
        items.append(
            Assumption(
                "hours_check",
                {
                    "hours_total": check.annual_hours,
                    "caregivers_total": check.caregivers,
                    "check_hours": check.per_week,
                },
            )
        )
    if inputs.hours_mean_override is not None:
        items.append(Assumption("hours_local", {"central_hours": inputs.hours_mean_override}))
    if scenario.hours_per_week is not None:
        items.append(Assumption("hours_scenario", {"central_hours": weekly.central}))
    items.append(Assumption("weeks", {"weeks": _plain(inputs.weeks_per_year)}))
    items.append(
        Assumption(
            "fte",
            {
                "fte_hours": FTE_HOURS_PER_YEAR,
                "week_hours": FTE_HOURS_PER_WEEK,
                "weeks": str(FTE_WEEKS_PER_YEAR),
            },
        )
    )
    published = inputs.wages[scenario.method]
    wage_currency = inputs.wage_currencies[scenario.method]
    local_wage = scenario.method in inputs.overridden
    wage_key = f"{scenario.method}_local" if local_wage else scenario.method
    items.append(
        Assumption(
            wage_key,
            {
                "low_wage": published.low,
                "central_wage": published.central,
                "high_wage": published.high,
                "year": str(inputs.wage_years.get(scenario.method, "")),
                "currency": wage_currency,
            },
        )
    )
    if scenario.wage is not None:
        items.append(
            Assumption("wage_scenario", {"central_wage": wage.central, "currency": wage_currency})
        )
    if wage_currency != inputs.currency:
        items.append(
            Assumption(
                "currency_mismatch",
                {"wage_currency": wage_currency, "profile_currency": inputs.currency},
            )
        )
    if inputs.deaths is None:
        items.append(Assumption("deaths_missing"))
    else:
        items.append(Assumption(f"deaths_{inputs.deaths_source}", {"deaths_count": inputs.deaths}))
        local_share = "palliative_share" in inputs.overridden
        palliative_key = "palliative_local" if local_share else "palliative"
        items.append(
            Assumption(
                palliative_key,
                {
                    "low_share": inputs.palliative_share.low,
                    "central_share": inputs.palliative_share.central,
                    "high_share": inputs.palliative_share.high,
                },
            )
        )
        if scenario.palliative_share is not None:
            items.append(
                Assumption("palliative_scenario", {"central_share": palliative_share.central})
            )
        kin = inputs.kin_per_death
        kin_key = "bereaved_local" if "kin_per_death" in inputs.overridden else "bereaved"
        kin_values = {"low_count": kin.low, "central_count": kin.central, "high_count": kin.high}
        items.append(Assumption(kin_key, kin_values))
    items.append(
        Assumption(
            "rosenwax",
            {"low_share": inputs.rosenwax_share.low, "high_share": inputs.rosenwax_share.high},
        )
    )
    if scenario.years and scenario.growth_percent_per_year:
        items.append(
            Assumption(
                "growth",
                {
                    "growth_share": scenario.growth_percent_per_year / 100,
                    "years": str(scenario.years),
                    "growth_factor": growth,
                },
            )
        )
    items.append(Assumption("bounds"))
    return items


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
