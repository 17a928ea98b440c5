"""The assumptions behind one caregiver-load estimate, in the order a facilitator explains them.

Kept apart from :mod:`~workshop_kit.activities.caregiving.model` because the list grows with
every figure a practitioner checks (the fitted hours with both readings, the basis of the
count, the projection of need), while the estimate's arithmetic stays small. Each record is a
catalog key (``caregiving.assumption.<key>``) and raw values, so the words are said in the
room's language by :mod:`~workshop_kit.activities.caregiving.sentences` and the model knows
no language. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workshop_kit.activities.caregiving.model_hours import (
    FTE_HOURS_PER_WEEK,
    FTE_HOURS_PER_YEAR,
    FTE_WEEKS_PER_YEAR,
    READINGS,
)
from workshop_kit.activities.caregiving.ranges import Range

if TYPE_CHECKING:
    from workshop_kit.activities.caregiving.model_inputs import CommunityInputs, Scenario


@dataclass(frozen=True)
class Assumption:
    """One assumption in words: a catalog key (``caregiving.assumption.<key>``) and its values.

    Value names end in a kind so the presenter knows how to say them: ``_share`` (a fraction,
    said as a percentage), ``_hours``, ``_count``, ``_wage`` (money), ``_factor``; anything
    else is shown as is.
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


def assumptions(
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
    items.extend(_hours(inputs, scenario))
    if inputs.hours_mean_override is not None:
        items.append(Assumption("hours_local", {"central_hours": inputs.hours_mean_override}))
    if scenario.hours_per_week is not None:
        items.append(Assumption("hours_scenario", {"central_hours": weekly.central}))
    items.append(_basis(inputs, scenario))
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
                Assumption("palliative_scenario", {"central_share": scenario.palliative_share})
            )
        projection = inputs.palliative_projection
        if scenario.years and projection is not None and inputs.year is not None:
            target = inputs.year + scenario.years
            items.append(
                Assumption(
                    "palliative_projection",
                    {
                        "from_year": str(inputs.year),
                        "to_year": str(target),
                        "growth_factor": projection.factor(inputs.year, target),
                        "central_share": palliative_share.central,
                    },
                )
            )
        if inputs.palliative_access:
            items.append(_access(inputs))
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


def _hours(inputs: CommunityInputs, scenario: Scenario) -> list[Assumption]:
    """The hours: published shares, assumed hours for the two closed bands, the open band's
    hours fitted to Fast et al.'s total (with both readings said), never called a check."""
    reading = scenario.hours_reading
    distribution = inputs.hours_for(reading)
    shares = dict(zip(distribution.bands, distribution.shares, strict=True))
    band_hours = dict(zip(distribution.bands, distribution.hours[1], strict=True))
    mean = distribution.mean()
    # the shares are published (or the profile's); the hours within each band are assumed
    hours_key = "hours_shares_local" if "hours_distribution" in inputs.overridden else "hours"
    items = [
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
    ]
    fit = inputs.hours_fit
    if fit is not None:
        national = inputs.national_hours or inputs.hours
        values: dict[str, Any] = {"hours_total": fit.annual_hours}
        for name in READINGS:
            values[f"{name}_total"] = fit.caregivers[name]
            values[f"{name}_week_hours"] = fit.per_week(name)
            values[f"{name}_band_hours"] = fit.band_hours(national, name)
            values[f"{name}_mean_hours"] = inputs.hours_for(name).mean().central
        items.append(Assumption(f"hours_fit_{reading}", values))
    return items


def _basis(inputs: CommunityInputs, scenario: Scenario) -> Assumption:
    """Who is counted as caring all year, and the other choice, with the default said."""
    share = inputs.point_in_time_share
    values = {} if share is None else {"point_share": share}
    return Assumption(f"basis_{scenario.basis}", values)


def _access(inputs: CommunityInputs) -> Assumption:
    """CIHI's published shares of people who died who received palliative care."""
    ordered = sorted(inputs.palliative_access, key=lambda access: access.period)
    latest, earlier = ordered[-1], ordered[0]
    return Assumption(
        "access",
        {
            "period": latest.period,
            "access_share": latest.share,
            "earlier_period": earlier.period,
            "earlier_share": earlier.share,
        },
    )
