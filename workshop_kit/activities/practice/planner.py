"""A year of Community of Practice gatherings: four half-days, one per quarter.

Pure: dates in, a plan out (no widgets, files, database or clock). The rules, which
``docs/community-of-practice.md`` explains to facilitators:

- **Dates.** The year (twelve months from ``first_month``) is cut into four quarters of three
  months; each quarter has one gathering, on a weekday (Monday to Friday) that is not a listed
  holiday, as near the middle of the quarter (the 15th of its second month) as the holidays
  allow, so the gatherings are spread over the year about three months apart. Ties go to the
  earlier day. With a preferred weekday (say Tuesday), the nearest such day is taken; a
  quarter where holidays leave no such day falls back to the nearest other weekday, and the
  plan says so. A quarter with no weekday left at all is an impossible request: the planner
  refuses it (:class:`PlanError`) rather than break a rule.
- **Themes.** The guideline's key topics (a shared vision; the needs of people affected by
  death, dying and bereavement; the resources available to people living with advanced
  illness and frailty), in the order given, then again from the start: with the three topics
  the fourth gathering comes back to the shared vision, to review the year.
- **Rotation.** Hosts rotate among the member organisations in alphabetical order, and each
  year picks up where the year before left off (gathering ``g`` of year ``y`` is number
  ``4 y + g`` in one endless rotation), so over the years every organisation hosts as often as
  the others: within a year no organisation hosts twice before every other has hosted once.
  Facilitators rotate the same way among the organisations that facilitate (or, if none is
  named, among the members), shifted so that an organisation facilitates the gathering it
  hosts only when nothing else is possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from workshop_kit.activities.practice.answers import GATHERINGS_PER_YEAR, TOPICS

#: The planner's range of years.
FIRST_YEAR, LAST_YEAR = 2000, 2100

#: A half-day: from one to five hours (the default is three and a half).
MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 60, 300, 210

#: The usual starts of a morning and an afternoon gathering.
MORNING, AFTERNOON = time(9, 30), time(13, 30)

#: Most lines read from a holiday list, and the longest range of one line (in days).
MAX_HOLIDAY_LINES = 500
MAX_RANGE_DAYS = 366

#: Day of the month each quarter aims for, in its second month.
TARGET_DAY = 15


class PlanError(ValueError):
    """A request the planner cannot satisfy, with a stable ``code`` (the catalog key is
    ``practice.plan.error.<code>``) and the values its message names."""

    def __init__(self, code: str, **values: Any) -> None:
        self.code = code
        self.values = values
        super().__init__(f"{code}: {values}")


@dataclass(frozen=True)
class PlanRequest:
    """What the facilitator asks for. ``weekday`` is 0 (Monday) to 4 (Friday), or ``None``
    for any weekday; ``hosts`` and ``facilitators`` are organisation names."""

    year: int
    first_month: int = 1
    holidays: frozenset[date] = frozenset()
    weekday: int | None = None
    start: time = MORNING
    minutes: int = DEFAULT_MINUTES
    hosts: tuple[str, ...] = ()
    facilitators: tuple[str, ...] = ()
    themes: tuple[str, ...] = TOPICS


@dataclass(frozen=True)
class Quarter:
    number: int
    first: date
    last: date

    @property
    def target(self) -> date:
        """The 15th of the quarter's second month."""
        middle = self.first + timedelta(days=40)
        return middle.replace(day=TARGET_DAY)


@dataclass(frozen=True)
class PlannedGathering:
    number: int
    day: date
    start: datetime
    end: datetime
    theme: str
    host: str | None
    facilitator: str | None
    quarter: Quarter
    #: Whether the day is the preferred weekday (always ``True`` without a preference).
    preferred: bool = True


@dataclass(frozen=True)
class YearPlan:
    request: PlanRequest
    gatherings: tuple[PlannedGathering, ...]
    quarters: tuple[Quarter, ...] = field(default=())

    @property
    def fallbacks(self) -> list[int]:
        """Gatherings that could not be on the preferred weekday (holidays took them all)."""
        return [g.number for g in self.gatherings if not g.preferred]


# -- the year -------------------------------------------------------------------------------------


def quarters(year: int, first_month: int = 1) -> tuple[Quarter, ...]:
    """The four three-month quarters of the year that starts on the 1st of ``first_month``."""
    found = []
    for index in range(GATHERINGS_PER_YEAR):
        months = first_month - 1 + 3 * index
        first = date(year + months // 12, months % 12 + 1, 1)
        months += 3
        last = date(year + months // 12, months % 12 + 1, 1) - timedelta(days=1)
        found.append(Quarter(index + 1, first, last))
    return tuple(found)


def is_free(day: date, holidays: Iterable[date] | frozenset[date]) -> bool:
    """A weekday (Monday to Friday) that is not a holiday."""
    return day.weekday() < 5 and day not in holidays


def choose_day(
    quarter: Quarter, holidays: frozenset[date], weekday: int | None
) -> tuple[date, bool]:
    """The free day nearest the quarter's target (the earlier on a tie), preferring
    ``weekday``; returns the day and whether it is on the preferred weekday."""
    days = [
        quarter.first + timedelta(days=offset)
        for offset in range((quarter.last - quarter.first).days + 1)
    ]
    free = [day for day in days if is_free(day, holidays)]
    if not free:
        raise PlanError(
            "quarter_full", number=quarter.number, first=quarter.first, last=quarter.last
        )
    preferred = [day for day in free if weekday is None or day.weekday() == weekday]
    pool = preferred or free
    target = quarter.target
    chosen = min(pool, key=lambda day: (abs((day - target).days), day))
    return chosen, bool(preferred)


def check_request(request: PlanRequest) -> None:
    """Raise :class:`PlanError` for a request that makes no sense (before any planning)."""
    if not FIRST_YEAR <= request.year <= LAST_YEAR:
        raise PlanError("year", first=str(FIRST_YEAR), last=str(LAST_YEAR))
    if not 1 <= request.first_month <= 12:
        raise PlanError("first_month")
    if request.weekday is not None and not 0 <= request.weekday <= 4:
        raise PlanError("weekday")
    if not MIN_MINUTES <= request.minutes <= MAX_MINUTES:
        raise PlanError("duration", low=MIN_MINUTES // 60, high=MAX_MINUTES // 60)
    start = datetime.combine(date(2000, 1, 3), request.start)
    if (start + timedelta(minutes=request.minutes)).date() != start.date():
        raise PlanError("ends_next_day")
    unknown = [theme for theme in request.themes if theme not in TOPICS]
    if unknown or not request.themes:
        raise PlanError("themes")


def plan_year(request: PlanRequest) -> YearPlan:
    """Four gatherings, one per quarter (see the module docstring for the rules)."""
    check_request(request)
    found = quarters(request.year, request.first_month)
    days = [choose_day(quarter, request.holidays, request.weekday) for quarter in found]
    hosts = rotation(request.hosts, request.year, GATHERINGS_PER_YEAR)
    facilitators = facilitator_rotation(request.facilitators or request.hosts, hosts, request.year)
    gatherings = []
    for index, (quarter, (day, preferred)) in enumerate(zip(found, days, strict=True)):
        start = datetime.combine(day, request.start)
        gatherings.append(
            PlannedGathering(
                number=index + 1,
                day=day,
                start=start,
                end=start + timedelta(minutes=request.minutes),
                theme=request.themes[index % len(request.themes)],
                host=hosts[index],
                facilitator=facilitators[index],
                quarter=quarter,
                preferred=preferred,
            )
        )
    return YearPlan(request, tuple(gatherings), found)


# -- rotation -------------------------------------------------------------------------------------


def rotation_order(names: Iterable[str]) -> list[str]:
    """Distinct names (case and surrounding spaces ignored, the first spelling kept), in
    alphabetical order: the order every rotation follows."""
    kept: dict[str, str] = {}
    for name in names:
        clean = " ".join(str(name).split())
        if clean and clean.casefold() not in kept:
            kept[clean.casefold()] = clean
    return [kept[key] for key in sorted(kept)]


def rotation(names: Iterable[str], year: int, count: int, shift: int = 0) -> list[str | None]:
    """Who takes each of the year's ``count`` turns: gathering ``g`` of ``year`` is turn
    ``count * year + g`` of one rotation through :func:`rotation_order` (``None`` when nobody
    is named)."""
    order = rotation_order(names)
    if not order:
        return [None] * count
    return [order[(count * year + index + shift) % len(order)] for index in range(count)]


def facilitator_rotation(
    names: Iterable[str], hosts: Sequence[str | None], year: int
) -> list[str | None]:
    """The facilitators' rotation, shifted (by the smallest amount) so that as few gatherings
    as possible are facilitated by their own host."""
    order = rotation_order(names)
    if not order:
        return [None] * len(hosts)
    best: list[str | None] = []
    fewest = len(hosts) + 1
    for shift in range(len(order)):
        turns = rotation(order, year, len(hosts), shift)
        clashes = sum(1 for turn, host in zip(turns, hosts, strict=True) if turn == host)
        if clashes < fewest:
            best, fewest = turns, clashes
    return best


# -- holidays -------------------------------------------------------------------------------------

_ISO = r"(\d{4}-\d{1,2}-\d{1,2})"
_LINE = re.compile(rf"^{_ISO}(?:\s*(?:\.\.|–|—|/|\bto\b|\bau\b|-)\s*{_ISO})?(?:\s+.*)?$", re.I)


@dataclass(frozen=True)
class HolidayProblem:
    """One line of a holiday list that could not be read: ``code`` is ``not_a_date``,
    ``reversed`` (the range ends before it starts), ``too_long`` (a range over a year) or
    ``too_many`` (too many lines)."""

    line: int
    code: str
    text: str


def parse_holidays(text: str) -> tuple[frozenset[date], list[HolidayProblem]]:
    """Holidays as typed by a facilitator: one date (``2027-12-25``) or range
    (``2027-07-01..2027-07-31``, also ``to``, ``au``, ``–``) per line or separated by commas
    or semicolons; words after a date are a label and ignored; ``#`` starts a comment.

    Returns the dates read and the problems; a problem never drops the other lines.
    """
    days: set[date] = set()
    problems: list[HolidayProblem] = []
    lines = str(text or "").splitlines()
    if len(lines) > MAX_HOLIDAY_LINES:
        problems.append(HolidayProblem(MAX_HOLIDAY_LINES + 1, "too_many", ""))
        lines = lines[:MAX_HOLIDAY_LINES]
    for number, line in enumerate(lines, start=1):
        for part in re.split(r"[,;]", line.split("#", 1)[0]):
            entry = part.strip()
            if not entry:
                continue
            match = _LINE.match(entry)
            try:
                if match is None:
                    raise ValueError(entry)
                first = date.fromisoformat(_padded(match.group(1)))
                last = date.fromisoformat(_padded(match.group(2))) if match.group(2) else first
            except ValueError:
                problems.append(HolidayProblem(number, "not_a_date", entry[:40]))
                continue
            if last < first:
                problems.append(HolidayProblem(number, "reversed", entry[:40]))
                continue
            if (last - first).days >= MAX_RANGE_DAYS:
                problems.append(HolidayProblem(number, "too_long", entry[:40]))
                continue
            days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return frozenset(days), problems


def _padded(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"
