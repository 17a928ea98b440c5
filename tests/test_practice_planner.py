"""The Community of Practice planner: four half-day gatherings a year, one per quarter, never on
a weekend or a listed holiday, with fair rotations; impossible requests refused."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workshop_kit.activities.practice.answers import TOPICS
from workshop_kit.activities.practice.planner import (
    PlanError,
    PlanRequest,
    facilitator_rotation,
    parse_holidays,
    plan_year,
    quarters,
    rotation,
    rotation_order,
)


def test_a_plain_year_is_four_gatherings_near_the_middle_of_each_quarter():
    plan = plan_year(PlanRequest(2027))
    # the 15th of February, May, August and November 2027, or the nearest weekday
    assert [g.day for g in plan.gatherings] == [
        date(2027, 2, 15),  # Monday
        date(2027, 5, 14),  # the 15th is a Saturday: Friday 14th (earlier on a tie)
        date(2027, 8, 16),  # the 15th is a Sunday: Monday 16th is nearer than Friday 13th
        date(2027, 11, 15),  # Monday
    ]
    assert [g.number for g in plan.gatherings] == [1, 2, 3, 4]
    first = plan.gatherings[0]
    assert first.start.time() == time(9, 30) and first.end.time() == time(13, 0)
    assert [g.theme for g in plan.gatherings] == [
        "shared_vision",
        "needs",
        "resources",
        "shared_vision",  # the year ends where it began: reviewing the shared vision
    ]
    assert plan.fallbacks == []


def test_a_preferred_weekday_and_holidays_move_the_day_within_its_quarter():
    holidays, problems = parse_holidays("2027-02-01..2027-02-28 February break")
    assert problems == []
    plan = plan_year(PlanRequest(2027, weekday=1, holidays=holidays))  # Tuesdays
    assert all(g.day.weekday() == 1 for g in plan.gatherings)
    first = plan.gatherings[0]
    assert first.day.month in (1, 3) and first.day not in holidays
    assert first.day == date(2027, 3, 2)  # 15 days after the 15th, against 19 days before


def test_a_year_may_start_in_september():
    plan = plan_year(PlanRequest(2027, first_month=9))
    assert [(g.quarter.first, g.quarter.last) for g in plan.gatherings] == [
        (date(2027, 9, 1), date(2027, 11, 30)),
        (date(2027, 12, 1), date(2028, 2, 29)),
        (date(2028, 3, 1), date(2028, 5, 31)),
        (date(2028, 6, 1), date(2028, 8, 31)),
    ]
    assert plan.gatherings[1].day == date(2028, 1, 14)  # the 15th is a Saturday


def test_when_holidays_take_every_preferred_day_another_weekday_is_used_and_said():
    # every Wednesday of the second quarter of 2027 is a holiday
    start = date(2027, 4, 7)
    wednesdays = frozenset(start + timedelta(weeks=n) for n in range(13))
    plan = plan_year(PlanRequest(2027, weekday=2, holidays=wednesdays))
    assert plan.fallbacks == [2]
    second = plan.gatherings[1]
    assert second.day.weekday() < 5 and second.day not in wednesdays
    assert not second.preferred


def test_a_quarter_with_no_weekday_left_is_refused_with_its_dates():
    holidays, _ = parse_holidays("2027-04-01..2027-06-30")
    with pytest.raises(PlanError) as refused:
        plan_year(PlanRequest(2027, holidays=holidays))
    assert refused.value.code == "quarter_full"
    assert refused.value.values == {
        "number": 2,
        "first": date(2027, 4, 1),
        "last": date(2027, 6, 30),
    }


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (PlanRequest(1999), "year"),
        (PlanRequest(2027, first_month=13), "first_month"),
        (PlanRequest(2027, weekday=5), "weekday"),
        (PlanRequest(2027, minutes=30), "duration"),
        (PlanRequest(2027, start=time(22, 0)), "ends_next_day"),
        (PlanRequest(2027, themes=("gardening",)), "themes"),
        (PlanRequest(2027, themes=()), "themes"),
    ],
)
def test_requests_that_make_no_sense_are_refused_with_a_code(request_, code):
    with pytest.raises(PlanError) as refused:
        plan_year(request_)
    assert refused.value.code == code


# -- rotation -------------------------------------------------------------------------------------


def test_hosts_rotate_alphabetically_and_each_year_continues_the_last():
    members = ["Riverbend Hospice", "st. mary's church", "Council", "council "]
    assert rotation_order(members) == ["Council", "Riverbend Hospice", "st. mary's church"]
    years = [rotation(members, year, 4) for year in (2027, 2028, 2029)]
    # one endless rotation: 2027 ends where 2028 starts
    chained = [name for year in years for name in year]
    order = rotation_order(members)
    start = order.index(chained[0])
    assert chained == [order[(start + i) % 3] for i in range(12)]


def test_facilitators_avoid_facilitating_the_gathering_they_host():
    members = ["A", "B", "C", "D", "E"]
    hosts = rotation(members, 2027, 4)
    facilitators = facilitator_rotation(members, hosts, 2027)
    assert all(f != h for f, h in zip(facilitators, hosts, strict=True))
    assert rotation([], 2027, 4) == [None] * 4
    assert facilitator_rotation([], hosts, 2027) == [None] * 4


names = st.lists(
    st.text(alphabet="ABCDEFGHIJ", min_size=1, max_size=3), min_size=1, max_size=9, unique=True
)


@settings(max_examples=200, deadline=None)
@given(
    year=st.integers(2000, 2099),
    first_month=st.integers(1, 12),
    weekday=st.one_of(st.none(), st.integers(0, 4)),
    holiday_offsets=st.lists(st.integers(0, 364), max_size=120),
    hosts=names,
    facilitators=st.one_of(st.just([]), names),
)
def test_any_plan_keeps_every_rule(
    year, first_month, weekday, holiday_offsets, hosts, facilitators
):
    start = date(year, first_month, 1)
    holidays = frozenset(start + timedelta(days=n) for n in holiday_offsets)
    request = PlanRequest(
        year,
        first_month=first_month,
        holidays=holidays,
        weekday=weekday,
        hosts=tuple(hosts),
        facilitators=tuple(facilitators),
    )
    try:
        plan = plan_year(request)
    except PlanError as refused:  # only when a quarter really has no weekday left
        assert refused.code == "quarter_full"
        quarter = quarters(year, first_month)[refused.values["number"] - 1]
        days = (quarter.first + timedelta(days=n) for n in range(95))
        free = [d for d in days if d <= quarter.last and d.weekday() < 5 and d not in holidays]
        assert free == []
        return
    days = [g.day for g in plan.gatherings]
    assert len(days) == 4
    assert all(day.weekday() < 5 for day in days)  # never a weekend
    assert not set(days) & holidays  # never a listed holiday
    assert days == sorted(days) and len(set(days)) == 4
    for gathering, quarter in zip(plan.gatherings, quarters(year, first_month), strict=True):
        assert quarter.first <= gathering.day <= quarter.last  # one per quarter
        assert gathering.theme in TOPICS
        if weekday is not None and gathering.preferred:
            assert gathering.day.weekday() == weekday
    # a fair rotation: no member hosts twice before every other has hosted once
    counts = Counter(g.host for g in plan.gatherings)
    order = rotation_order(hosts)
    per_member = [counts.get(name, 0) for name in order]
    assert max(per_member) - min(per_member) <= 1
    assert sum(per_member) == 4


@settings(max_examples=100, deadline=None)
@given(members=names, year=st.integers(2000, 2099))
def test_with_two_or_more_members_nobody_facilitates_the_gathering_they_host(members, year):
    assume(len(rotation_order(members)) >= 2)
    hosts = rotation(members, year, 4)
    facilitators = facilitator_rotation(members, hosts, year)
    assert all(f != h for f, h in zip(facilitators, hosts, strict=True))
    counts = Counter(facilitators)
    per_member = [counts.get(name, 0) for name in rotation_order(members)]
    assert max(per_member) - min(per_member) <= 1


# -- holidays -------------------------------------------------------------------------------------


def test_holiday_lines_are_read_as_dates_ranges_and_labels_and_problems_keep_the_rest():
    text = (
        "2027-12-25 Christmas Day\n"
        "2027-7-1..2027-07-03, 2027-08-02 au 2027-08-03; 2027-09-06 to 2027-09-06\n"
        "# a comment line\n"
        "\n"
        "next tuesday\n"
        "2027-02-30\n"
        "2027-12-31..2027-12-01\n"
        "2027-01-01..2028-06-01\n"
        "2027-10-11 – 2027-10-12 # Thanksgiving\n"
    )
    days, problems = parse_holidays(text)
    assert days == {
        date(2027, 12, 25),
        date(2027, 7, 1),
        date(2027, 7, 2),
        date(2027, 7, 3),
        date(2027, 8, 2),
        date(2027, 8, 3),
        date(2027, 9, 6),
        date(2027, 10, 11),
        date(2027, 10, 12),
    }
    assert [(p.line, p.code) for p in problems] == [
        (5, "not_a_date"),
        (6, "not_a_date"),
        (7, "reversed"),
        (8, "too_long"),
    ]
    assert problems[0].text == "next tuesday"


def test_a_huge_holiday_list_is_cut_and_said():
    days, problems = parse_holidays("2027-01-04\n" * 600)
    assert days == {date(2027, 1, 4)}
    assert [p.code for p in problems] == ["too_many"]
