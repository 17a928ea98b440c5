"""Low–central–high ranges: every estimate the kit shows carries one.

Published parameters are uncertain (survey error, definitions, a substitute wage nobody agrees
on), so a single number would claim more than we know. A :class:`Range` refuses to exist
unless ``low <= central <= high``, which turns an ordering mistake anywhere in a calculation
into an immediate error instead of a chart whose error bar points the wrong way.

Combining ranges multiplies bound by bound (all lows together, all highs together). For the
non-negative quantities used here that keeps the order (IEEE rounding is monotone) and gives a
deliberately wide "everything low / everything high" envelope; the docs say so in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Range:
    """A low ≤ central ≤ high triple of finite numbers."""

    low: float
    central: float
    high: float

    def __post_init__(self) -> None:
        values = (self.low, self.central, self.high)
        if not all(math.isfinite(v) for v in values):
            raise ValueError(f"range bounds must be finite numbers (got {values})")
        if not self.low <= self.central <= self.high:
            raise ValueError(f"range bounds out of order (got {values})")

    @classmethod
    def point(cls, value: float) -> Range:
        """A known value (a count from the profile): low = central = high."""
        return cls(value, value, value)

    def scale(self, factor: float) -> Range:
        """Every bound times a non-negative factor (a scenario multiplier)."""
        if factor < 0:
            raise ValueError(f"a scale factor must be 0 or more (got {factor})")
        return Range(self.low * factor, self.central * factor, self.high * factor)

    def times(self, other: Range) -> Range:
        """Bound-by-bound product of two non-negative ranges."""
        if self.low < 0 or other.low < 0:
            raise ValueError("bound-by-bound products need non-negative ranges")
        return Range(self.low * other.low, self.central * other.central, self.high * other.high)

    def rescaled(self, central: float) -> Range:
        """The same relative spread around a new central value (a slider moved the wage from
        22 to 25: the range 18–26 becomes 20.45–29.55). The new central value is kept exact."""
        if central < 0 or self.central <= 0:
            raise ValueError("rescaling needs a positive range and a new value of 0 or more")
        factor = central / self.central
        return Range(min(self.low * factor, central), central, max(self.high * factor, central))

    def with_central(self, central: float) -> Range:
        """Move the central value, widening the bounds if it falls outside them."""
        return Range(min(self.low, central), central, max(self.high, central))

    def as_dict(self) -> dict[str, float]:
        return {"low": self.low, "central": self.central, "high": self.high}


@dataclass(frozen=True, slots=True)
class Interval:
    """A low ≤ high pair, for published figures that come as a range with no central value
    (Rosenwax 2005 gives 0.28% to 0.50% of a population and no best guess between them)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError(f"interval bounds must be finite (got {self.low}, {self.high})")
        if self.low > self.high:
            raise ValueError(f"interval bounds out of order (got {self.low}, {self.high})")

    def scale(self, factor: float) -> Interval:
        if factor < 0:
            raise ValueError(f"a scale factor must be 0 or more (got {factor})")
        return Interval(self.low * factor, self.high * factor)

    def as_dict(self) -> dict[str, float]:
        return {"low": self.low, "high": self.high}
