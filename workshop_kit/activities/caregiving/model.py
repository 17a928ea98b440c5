"""Caregiver load: how much unpaid care a community gives, and what it is worth.

The method is the replacement-cost method used by AARP, Carers UK, Hollander and Fast:

    caregivers  = Σ over age bands (population × share who give unpaid care)
    hours       = caregivers × average hours a week × weeks a year
    full-time   = hours ÷ hours of one full-time job (FTE_HOURS_PER_YEAR)
    value       = hours × hourly wage (a paid substitute's wage, or the caregiver's own)

plus deaths, palliative-care need and bereavement (see
:mod:`workshop_kit.activities.caregiving.palliative`).

Everything here is pure: arrays and dataclasses in, dataclasses out; no files, widgets or
database, so the same code serves the notebook, the CLI, the tests and the benchmark.
Reading ``data/reference/`` and the profile's overrides lives in
:mod:`workshop_kit.activities.caregiving.reference`.

Results keep the assumptions they rest on as :class:`Assumption` records (a catalog key and
raw values), so the words can be said in the room's language without the model knowing it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from workshop_kit.activities.caregiving.palliative import (
    bereaved,
    needing_palliative_care,
    rosenwax_range,
)
from workshop_kit.activities.caregiving.ranges import Interval, Range
from workshop_kit.core.disclosure import shown_count, shown_total

#: A full-time job: 37.5 hours a week, 52 weeks a year. Said in every output that shows FTEs.
FTE_HOURS_PER_WEEK = 37.5
FTE_WEEKS_PER_YEAR = 52
FTE_HOURS_PER_YEAR = FTE_HOURS_PER_WEEK * FTE_WEEKS_PER_YEAR  # 1,950 hours

#: Care is assumed to go on all year, as in AARP's Valuing the Invaluable.
WEEKS_PER_YEAR = 52

#: Open-ended age bands ("85+", "65+") are taken to end here when weighting by years of age.
OPEN_BAND_END = 100

Method = Literal["replacement", "opportunity"]
METHODS: tuple[Method, ...] = ("replacement", "opportunity")

#: Nobody gives more hours than a week has.
MAX_HOURS_PER_WEEK = 168.0


@dataclass(frozen=True)
class Assumption:
    """One assumption in words: a catalog key (``caregiving.assumption.<key>``) and its values.

    Value names end in a kind so the presenter knows how to say them: ``_share`` (a fraction,
    said as a percentage), ``_hours``, ``_count``, ``_wage`` (money), ``_factor``; anything
    else is shown as is.
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


# -- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class HoursDistribution:
    """Share of caregivers in each weekly-hours band, with representative hours for each.

    ``hours`` has three rows (low, central, high) and one column per band.
    """

    bands: tuple[str, ...]
    shares: np.ndarray
    hours: np.ndarray

    def __post_init__(self) -> None:
        shares = np.asarray(self.shares, dtype=float)
        hours = np.asarray(self.hours, dtype=float)
        if shares.shape != (len(self.bands),) or hours.shape != (3, len(self.bands)):
            raise ValueError("one share and three hour values per hours band are needed")
        if (shares < 0).any() or not math.isclose(shares.sum(), 1.0, abs_tol=0.005):
            raise ValueError(f"hours shares must be 0 or more and add up to 1 (got {shares})")
        if (hours < 0).any() or (np.diff(hours, axis=0) < 0).any():
            raise ValueError("hours must be 0 or more, with low ≤ central ≤ high")
        object.__setattr__(self, "shares", shares / shares.sum())
        object.__setattr__(self, "hours", hours)

    def mean(self) -> Range:
        """Average weekly hours per caregiver (low, central, high)."""
        low, central, high = self.hours @ self.shares
        return Range(float(low), float(central), float(high))


@dataclass(frozen=True, eq=False)
class CommunityInputs:
    """Everything the community estimate needs, already checked and aligned on the profile's
    age bands (rates are fractions, one row each for low/central/high)."""

    name: str
    bands: tuple[str, ...]
    population: np.ndarray
    rates: np.ndarray
    hours: HoursDistribution
    wages: Mapping[str, Range]
    wage_years: Mapping[str, int]
    wage_currencies: Mapping[str, str]
    currency: str
    palliative_share: Range
    rosenwax_share: Interval
    kin_per_death: Range
    deaths: float | None = None
    deaths_source: Literal["profile", "death_rates", "missing"] = "missing"
    weeks_per_year: float = WEEKS_PER_YEAR
    rate_uncertainty: float = 0.15
    hours_mean_override: float | None = None
    overridden: frozenset[str] = frozenset()
    local_rate_bands: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        population = np.asarray(self.population, dtype=float)
        rates = np.asarray(self.rates, dtype=float)
        n = len(self.bands)
        if population.shape != (n,) or rates.shape != (3, n):
            raise ValueError("one population and three rates per age band are needed")
        if not np.isfinite(population).all() or (population < 0).any():
            raise ValueError("population must be 0 or more in every age band")
        if (rates < 0).any() or (rates > 1).any() or (np.diff(rates, axis=0) < 0).any():
            raise ValueError("rates must be fractions with low ≤ central ≤ high")
        missing = [m for m in METHODS if m not in self.wages]
        if missing:
            raise ValueError(f"a wage is needed for {missing}")
        if any(w.low <= 0 for w in self.wages.values()):
            raise ValueError("wages must be more than 0")
        if not 0 < self.weeks_per_year <= WEEKS_PER_YEAR:
            raise ValueError("weeks per year must be more than 0 and at most 52")
        object.__setattr__(self, "population", population)
        object.__setattr__(self, "rates", rates)

    @property
    def published_hours(self) -> Range:
        """Average weekly hours before any scenario (the profile's figure if it sets one)."""
        mean = self.hours.mean()
        if self.hours_mean_override is None:
            return mean
        return mean.rescaled(self.hours_mean_override)


@dataclass(frozen=True)
class Scenario:
    """What the sliders change. ``None`` means "the published (or profile) value"."""

    rate_multiplier: float = 1.0
    hours_per_week: float | None = None
    wage: float | None = None
    method: Method = "replacement"
    growth_percent_per_year: float = 0.0
    years: int = 0
    palliative_share: float | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.rate_multiplier) and 0 <= self.rate_multiplier <= 10):
            raise ValueError("the caregiving-rate multiplier must be between 0 and 10")
        if self.hours_per_week is not None and not 0 < self.hours_per_week <= MAX_HOURS_PER_WEEK:
            raise ValueError("hours per week must be more than 0 and at most 168")
        if self.wage is not None and not (math.isfinite(self.wage) and self.wage > 0):
            raise ValueError("the hourly wage must be more than 0")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        if not -10 <= self.growth_percent_per_year <= 10:
            raise ValueError("population growth must be between -10% and +10% a year")
        if not 0 <= self.years <= 50:
            raise ValueError("years ahead must be between 0 and 50")
        if self.palliative_share is not None and not 0 <= self.palliative_share <= 1:
            raise ValueError("the palliative share must be between 0 and 1")

    @property
    def population_multiplier(self) -> float:
        return population_multiplier(self.growth_percent_per_year, self.years)


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


# -- building blocks ---------------------------------------------------------------------------


def band_bounds(label: str) -> tuple[int, int]:
    """``"15-24"`` → ``(15, 25)`` (half-open, in years); ``"85+"`` → ``(85, OPEN_BAND_END)``."""
    text = label.strip()
    if text.endswith("+"):
        low = int(text[:-1])
        return low, max(OPEN_BAND_END, low + 1)
    low_text, _, high_text = text.partition("-")
    low, high = int(low_text), int(high_text)
    if high < low:
        raise ValueError(label)
    return low, high + 1


def rates_for_bands(
    reference_bands: Sequence[str], reference_rates: np.ndarray, bands: Sequence[str]
) -> np.ndarray:
    """Rates for the profile's age bands from rates published for other bands.

    Each profile band takes the average of the published rates over its years of age
    (assuming ages are spread evenly inside a band); years no published band covers count
    as 0. ``reference_rates`` may be one row or several (low/central/high); so is the result.
    """
    reference_rates = np.atleast_2d(np.asarray(reference_rates, dtype=float))
    ref = np.array([band_bounds(b) for b in reference_bands], dtype=float)
    own = np.array([band_bounds(b) for b in bands], dtype=float)
    # overlap[i, j]: years of profile band i inside published band j
    overlap = np.clip(
        np.minimum(own[:, None, 1], ref[None, :, 1]) - np.maximum(own[:, None, 0], ref[None, :, 0]),
        0,
        None,
    )
    width = own[:, 1] - own[:, 0]
    weights = overlap / width[:, None]
    return reference_rates @ weights.T


def caregivers_by_band(population: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Caregivers per band: population × rate, for each row of rates (low/central/high)."""
    return np.asarray(rates, dtype=float) * np.asarray(population, dtype=float)[None, :]


def annual_hours(caregivers: Range, hours_per_week: Range, weeks_per_year: float) -> Range:
    """Hours of care in a year: caregivers × weekly hours × weeks."""
    return caregivers.times(hours_per_week).scale(weeks_per_year)


def full_time_equivalents(hours: Range, hours_per_fte: float = FTE_HOURS_PER_YEAR) -> Range:
    """How many full-time jobs those hours make (FTE_HOURS_PER_YEAR hours each)."""
    if hours_per_fte <= 0:
        raise ValueError("a full-time job must have more than 0 hours")
    return hours.scale(1 / hours_per_fte)


def care_value(hours: Range, wage: Range) -> Range:
    """Money value of the hours at an hourly wage (replacement or opportunity cost)."""
    return hours.times(wage)


def population_multiplier(growth_percent_per_year: float, years: int) -> float:
    """Compound change of the population: (1 + g)^years."""
    return float((1 + growth_percent_per_year / 100) ** years)


def simple_caregiving(
    caregivers: float | None = None,
    hours_per_week: float | None = None,
    hourly_value: float = 0.0,
    weeks_per_year: float = WEEKS_PER_YEAR,
    annual_hours_total: float | None = None,
    hours_per_fte: float = FTE_HOURS_PER_YEAR,
) -> dict[str, float | None]:
    """The CLI's one-line calculation, for checking the method against published figures.

    Either ``caregivers`` and ``hours_per_week`` or ``annual_hours_total``.
    """
    if annual_hours_total is None:
        if caregivers is None or hours_per_week is None:
            raise ValueError("give caregivers and hours per week, or annual hours")
        annual_hours_total = caregivers * hours_per_week * weeks_per_year
    return {
        "caregivers": caregivers,
        "annual_hours": annual_hours_total,
        "value": annual_hours_total * hourly_value,
        "fte": annual_hours_total / hours_per_fte,
    }


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
    items.append(
        Assumption(
            "hours",
            {
                "short_share": shares.get("under_10", 0.0),
                "medium_share": shares.get("10_19", 0.0),
                "long_share": shares.get("20_plus", 0.0),
                "low_hours": inputs.published_hours.low,
                "central_hours": inputs.published_hours.central,
                "high_hours": inputs.published_hours.high,
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


# -- the people in the room --------------------------------------------------------------------


#: The room's weekly hours are shown rounded down to a multiple of this many hours.
ROOM_HOURS_STEP = 10


@dataclass(frozen=True)
class RoomSummary:
    """What participants said about their own caregiving, with small groups hidden.

    ``hours_per_week`` is ``None`` when fewer than ``min_cell_size`` people gave hours, else
    their total rounded down to a multiple of :data:`ROOM_HOURS_STEP`; a task
    count is ``None`` when fewer than ``min_cell_size`` people ticked it (a count of 0 is
    shown: it identifies nobody).
    """

    answered: int
    hours_answers: int
    hours_per_week: float | None
    tasks: dict[str, int | None]
    min_cell_size: int

    @property
    def hours_suppressed(self) -> bool:
        return self.hours_per_week is None and self.hours_answers > 0


def room_summary(answers: pd.DataFrame, tasks: Sequence[str], min_cell_size: int) -> RoomSummary:
    """Sum the room's weekly hours and count tasks, applying the small-cell rule.

    ``answers`` is ``Store.answers(code, "caregiving")``: one row per participant (latest
    answer), columns ``hours_per_week`` and ``tasks`` (a list), either possibly missing.
    """
    if min_cell_size < 1:
        raise ValueError("min_cell_size must be 1 or more")
    if answers is None or answers.empty:
        return RoomSummary(0, 0, None, dict.fromkeys(tasks, 0), min_cell_size)
    if "hours_per_week" in answers:
        hours = pd.to_numeric(answers["hours_per_week"], errors="coerce")
    else:
        hours = pd.Series(np.nan, index=answers.index)
    hours = hours.where((hours >= 0) & (hours <= MAX_HOURS_PER_WEEK))
    if "tasks" in answers:
        ticked = answers["tasks"].map(lambda v: list(v) if isinstance(v, list | tuple) else [])
    else:
        ticked = pd.Series([[]] * len(answers), index=answers.index)
    exploded = ticked.explode().dropna()
    counts = exploded.value_counts().reindex(list(tasks), fill_value=0).astype(int)
    has_answer = hours.notna() | ticked.map(bool)
    hours_answers = int(hours.notna().sum())
    # through disclosure control: no total of fewer than min_cell_size people, and a total
    # rounded down to ROOM_HOURS_STEP so one person's hours cannot be read off it exactly
    total = shown_total(hours.dropna().tolist(), min_cell_size, ROOM_HOURS_STEP)
    shown = {task: shown_count(int(n), min_cell_size) for task, n in counts.items()}
    return RoomSummary(int(has_answer.sum()), hours_answers, total, shown, min_cell_size)
