"""Deaths, palliative-care need and bereavement: three multiplications, kept honest.

Why a module of its own: the CLI's ``estimate palliative --deaths D`` needs exactly these
numbers without a community profile, and the community estimate needs them with one.

- Need: a share of all deaths would benefit from palliative care. Murtagh et al. (2014) give
  the low and high shares, Etkind et al. (2017) the central 75% ("simple variant").
- Bereavement: each death leaves about nine close kin bereaved (Verdery et al. 2020).
- Rosenwax et al. (2005): 0.28%–0.50% of a whole population could benefit from palliative care
  in a year, a cross-check that needs no death count.

The shares themselves live in ``data/reference/`` with their sources; nothing here is a
published figure.
"""

from __future__ import annotations

import numpy as np

from workshop_kit.activities.caregiving.ranges import Interval, Range


def needing_palliative_care(deaths: float, share_of_deaths: Range) -> Range:
    """Deaths of people who would benefit from palliative care: deaths × share (0–1)."""
    _check_count("deaths", deaths)
    _check_share(share_of_deaths.low, share_of_deaths.high)
    return share_of_deaths.scale(deaths)


def bereaved(deaths: float, kin_per_death: Range) -> Range:
    """Close kin bereaved in a year: every death, not only those needing palliative care."""
    _check_count("deaths", deaths)
    if kin_per_death.low < 0:
        raise ValueError("kin per death must be 0 or more")
    return kin_per_death.scale(deaths)


def rosenwax_range(population: float, share_of_population: Interval) -> Interval:
    """People who could benefit from palliative care in a year: population × share (0–1)."""
    _check_count("population", population)
    _check_share(share_of_population.low, share_of_population.high)
    return share_of_population.scale(population)


def deaths_from_rates(population: np.ndarray, deaths_per_person: np.ndarray) -> float:
    """Expected deaths from age-specific death rates: Σ population × rate (rate per person)."""
    population = np.asarray(population, dtype=float)
    deaths_per_person = np.asarray(deaths_per_person, dtype=float)
    if population.shape != deaths_per_person.shape:
        raise ValueError("one death rate per age band is needed")
    if (population < 0).any() or (deaths_per_person < 0).any():
        raise ValueError("population and death rates must be 0 or more")
    return float(np.dot(population, deaths_per_person))


def _check_count(name: str, value: float) -> None:
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a number, 0 or more (got {value})")


def _check_share(low: float, high: float) -> None:
    if low < 0 or high > 1:
        raise ValueError(f"shares are fractions between 0 and 1 (got {low}–{high})")
