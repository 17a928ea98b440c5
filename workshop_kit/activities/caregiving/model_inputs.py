"""What the community estimate takes: the community's figures and the scenario of the sliders.

Both are checked when they are made (a rate above 1, a negative population, a wage of 0 or
hours beyond a week raise ``ValueError``), so the estimate itself
(:func:`workshop_kit.activities.caregiving.model.estimate`) never meets an impossible value.
:class:`CommunityInputs` is built by :mod:`~workshop_kit.activities.caregiving.reference` from
the profile and ``data/reference/``; :class:`Scenario` by the page's sliders or the CLI.
Pure: no files, widgets or database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from workshop_kit.activities.caregiving.model_hours import (
    BASES,
    MAX_HOURS_PER_WEEK,
    READINGS,
    WEEKS_PER_YEAR,
    Basis,
    HoursDistribution,
    HoursFit,
    Reading,
    fitted_distribution,
)
from workshop_kit.activities.caregiving.model_value import METHODS, Method
from workshop_kit.activities.caregiving.palliative import AccessShare, NeedProjection
from workshop_kit.activities.caregiving.ranges import Interval, Range


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
    #: The published national total the open hours band is fitted to (Fast et al. 2023).
    hours_fit: HoursFit | None = None
    #: The national hours distribution the fit is made on (the profile may set its own shares).
    national_hours: HoursDistribution | None = None
    #: Share of the year's caregivers caring at any one time (AARP 2011: 42.1 / 61.6 million).
    point_in_time_share: float | None = None
    #: The profile's year: where "years ahead" starts on the palliative-care projection.
    year: int | None = None
    palliative_projection: NeedProjection | None = None
    palliative_access: tuple[AccessShare, ...] = ()

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

    def hours_for(self, reading: Reading = "paper") -> HoursDistribution:
        """The hours distribution with the open band fitted for ``reading`` (unchanged when no
        published total is known)."""
        if self.hours_fit is None:
            return self.hours
        national = self.national_hours or self.hours
        return fitted_distribution(self.hours, national, self.hours_fit, reading)

    def published_hours_for(self, reading: Reading = "paper") -> Range:
        """Average weekly hours before any scenario (the profile's figure if it sets one)."""
        mean = self.hours_for(reading).mean()
        if self.hours_mean_override is None:
            return mean
        return mean.rescaled(self.hours_mean_override)

    @property
    def published_hours(self) -> Range:
        """Average weekly hours of the default reading (the paper's 6.8 million)."""
        return self.published_hours_for("paper")

    def basis_share(self, basis: Basis) -> float:
        """Share of the year's caregivers counted as caring all year for ``basis``."""
        if basis == "point_in_time":
            if self.point_in_time_share is None:
                raise ValueError(
                    "the point-in-time basis needs AARP's counts (caregiver_basis.csv)"
                )
            return self.point_in_time_share
        return 1.0


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
    #: Over which caregivers the 5.7 billion hours are spread (see :data:`READINGS`).
    hours_reading: Reading = "paper"
    #: Everyone who cared in the year, or those caring at a point in time (see :data:`BASES`).
    basis: Basis = "year"

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
        if self.hours_reading not in READINGS:
            raise ValueError(f"the hours reading must be one of {READINGS}")
        if self.basis not in BASES:
            raise ValueError(f"the basis must be one of {BASES}")

    @property
    def population_multiplier(self) -> float:
        return population_multiplier(self.growth_percent_per_year, self.years)


def population_multiplier(growth_percent_per_year: float, years: int) -> float:
    """Compound change of the population: (1 + g)^years."""
    return float((1 + growth_percent_per_year / 100) ** years)
