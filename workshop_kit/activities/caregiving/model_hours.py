"""Caregivers and their hours: how many people in each age band give unpaid care, how many
hours that makes in a year and how many full-time jobs those hours are.

The first half of the replacement-cost method (see :mod:`workshop_kit.activities.caregiving.
model` for the whole estimate):

    caregivers  = Σ over age bands (population × share who give unpaid care)
    hours       = caregivers × average hours a week × weeks a year
    full-time   = hours ÷ hours of one full-time job (FTE_HOURS_PER_YEAR)

Kept apart because the reference readers (published rates for other age bands, the hours
distribution) and the CLI need these building blocks without the rest of the estimate. Pure:
arrays and :class:`~workshop_kit.activities.caregiving.ranges.Range` in and out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from workshop_kit.activities.caregiving.ranges import Range

#: A full-time job: 37.5 hours a week, 52 weeks a year. Said in every output that shows FTEs.
FTE_HOURS_PER_WEEK = 37.5
FTE_WEEKS_PER_YEAR = 52
FTE_HOURS_PER_YEAR = FTE_HOURS_PER_WEEK * FTE_WEEKS_PER_YEAR  # 1,950 hours

#: Care is assumed to go on all year, as in AARP's Valuing the Invaluable.
WEEKS_PER_YEAR = 52

#: Open-ended age bands ("85+", "65+") are taken to end here when weighting by years of age.
OPEN_BAND_END = 100


#: Nobody gives more hours than a week has.
MAX_HOURS_PER_WEEK = 168.0


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


#: How the published total is read: over the 6.8 million caregivers of Fast et al.'s paper
#: (the default), or over the 7.8 million their infographic pairs with the same hours.
Reading = Literal["paper", "infographic"]
READINGS: tuple[Reading, ...] = ("paper", "infographic")

#: Who is counted as caring: everyone who cared in the past 12 months, all year (the Canadian
#: surveys' definition, the default), or only those caring at a point in time (AARP's method).
Basis = Literal["year", "point_in_time"]
BASES: tuple[Basis, ...] = ("year", "point_in_time")

#: The open-ended hours band whose hours are fitted, and the band it is fitted through.
FITTED_BAND = "20_plus"


@dataclass(frozen=True)
class HoursFit:
    """The published national total the open "20 hours or more" band is fitted to: hours of
    care in a year (Fast et al. 2023: 5.7 billion, General Social Survey 2018) and the
    caregivers they are spread over, one count per reading (6.8 million in the paper, 7.8
    million in the authors' infographic).

    Statistics Canada publishes only the shares of the hours bands, so the open band's hours
    are chosen to reproduce this total: the total cannot then be a check of them, and the
    kit says "fitted", with both readings.
    """

    annual_hours: float
    caregivers: Mapping[str, float]

    def __post_init__(self) -> None:
        values = (self.annual_hours, *self.caregivers.values())
        if not all(math.isfinite(v) and v > 0 for v in values):
            raise ValueError(f"published hours and caregivers must be more than 0 (got {values})")
        missing = [r for r in READINGS if r not in self.caregivers]
        if missing:
            raise ValueError(f"a caregiver count is needed for {missing}")

    def per_week(self, reading: Reading = "paper") -> float:
        """Hours a week per caregiver: annual hours ÷ caregivers ÷ 52 weeks."""
        return self.annual_hours / self.caregivers[reading] / WEEKS_PER_YEAR

    def band_hours(self, distribution: HoursDistribution, reading: Reading = "paper") -> float:
        """The open band's average hours that make ``distribution``'s national average equal
        :meth:`per_week` (54.6 for the paper, 44.7 for the infographic), unrounded."""
        index = distribution.bands.index(FITTED_BAND)
        shares, central = distribution.shares, distribution.hours[1]
        others = float(shares @ central - shares[index] * central[index])
        return (self.per_week(reading) - others) / float(shares[index])


def fitted_distribution(
    distribution: HoursDistribution, national: HoursDistribution, fit: HoursFit, reading: Reading
) -> HoursDistribution:
    """``distribution`` with the open band's central hours fitted for ``reading`` on the
    ``national`` shares, rounded to a whole hour (55 or 45); low and high widen to keep it."""
    hours = distribution.hours.copy()
    index = distribution.bands.index(FITTED_BAND)
    fitted = float(round(fit.band_hours(national, reading)))
    hours[1, index] = fitted
    hours[0, index] = min(hours[0, index], fitted)
    hours[2, index] = max(hours[2, index], fitted)
    return HoursDistribution(distribution.bands, distribution.shares, hours)


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
