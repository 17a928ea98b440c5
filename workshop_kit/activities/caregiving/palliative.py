"""Deaths, palliative-care need and bereavement: three multiplications, kept honest.

Why a module of its own: the CLI's ``estimate palliative --deaths D`` needs exactly these
numbers without a community profile, and the community estimate needs them with one.

- Need: a share of all deaths would benefit from palliative care. Murtagh et al. (2014) give
  the low and high shares, Etkind et al. (2017) the central 75% ("Projection method 1").
  Looking years ahead, the share rises in proportion to Etkind et al.'s method-2 projection
  (74.9% of deaths in 2014, 80.4% by 2030, 85.0% by 2040): :class:`NeedProjection`.
- Access: CIHI (2023) publishes the share of people who died who received palliative care
  (58% in 2021–22), shown beside the need so the room sees the gap (:class:`AccessShare`).
- Bereavement: each death leaves about nine close kin bereaved (Verdery et al. 2020): the
  people who lose a grandparent, parent, sibling, spouse or child, i.e. the deceased's
  grandchildren, children, siblings, spouse and parents (not the deceased's grandparents),
  wherever they live.
- Rosenwax et al. (2005): 0.28%–0.50% of a whole population could benefit from palliative care
  in a year, a cross-check that needs no death count.

The shares themselves live in ``data/reference/`` with their sources; nothing here is a
published figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class NeedProjection:
    """A published projection of the share of deaths needing palliative care, by year
    (Etkind et al. 2017, method 2: 74.9% in 2014, 80.4% in 2030, 85.0% in 2040).

    The kit's shares are today's; looking ``years`` ahead, they are multiplied by how much the
    projection rises over those years, so the rise is Etkind's while the level stays the
    kit's (or the profile's). Linear between the years given, flat outside them: the kit does
    not extend a published trend beyond where its authors took it.
    """

    years: tuple[int, ...]
    shares: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.years or len(self.years) != len(self.shares):
            raise ValueError("one share per projected year is needed")
        if list(self.years) != sorted(set(self.years)):
            raise ValueError("projected years must be distinct and in order")
        if not all(0 < s <= 1 for s in self.shares):
            raise ValueError("projected shares are fractions between 0 and 1")

    def share(self, year: float) -> float:
        return float(np.interp(year, self.years, self.shares))

    def factor(self, from_year: float, to_year: float) -> float:
        """How much the projected share rises from ``from_year`` to ``to_year``."""
        return self.share(to_year) / self.share(from_year)


def projected_share(today: Range, factor: float) -> Range:
    """Today's share of deaths times the projection's rise, never above 100%."""
    return Range(*(min(value * factor, 1.0) for value in (today.low, today.central, today.high)))


@dataclass(frozen=True)
class AccessShare:
    """A published share of people who died who received palliative care (CIHI 2023: 58% in
    2021–22), for one period (``"2021-22"``)."""

    period: str
    share: float

    def __post_init__(self) -> None:
        if not 0 <= self.share <= 1:
            raise ValueError("an access share is a fraction between 0 and 1")


def latest_access(shares: Sequence[AccessShare]) -> AccessShare | None:
    """The most recent period's share (periods sort as text: "2016-17" < "2021-22")."""
    return max(shares, key=lambda access: access.period) if shares else None
