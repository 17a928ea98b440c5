"""What the care is worth: the hours valued at a wage, by one of two methods.

    value = hours × hourly wage

- **replacement cost** (AARP, Carers UK, Hollander, Fast): what paying someone to do the
  hours would cost (a home support worker's wage);
- **opportunity cost**: the pay caregivers give up (their own wage).

The method decides the wage, and every value says which it used, because the two differ by
half again. Kept apart from the hours (:mod:`~workshop_kit.activities.caregiving.model_hours`)
so the CLI's one-line check (:func:`simple_caregiving`) and the reference readers need
neither the inputs nor the estimate. Pure: no files, widgets or database.
"""

from __future__ import annotations

from typing import Literal

from workshop_kit.activities.caregiving.model_hours import FTE_HOURS_PER_YEAR, WEEKS_PER_YEAR
from workshop_kit.activities.caregiving.ranges import Range

Method = Literal["replacement", "opportunity"]
METHODS: tuple[Method, ...] = ("replacement", "opportunity")


def care_value(hours: Range, wage: Range) -> Range:
    """Money value of the hours at an hourly wage (replacement or opportunity cost)."""
    return hours.times(wage)


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
