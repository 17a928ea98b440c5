"""The year's plan as an iCalendar file (read back with ``icalendar``) and as a printable
agenda (escaped, dates in the reader's language)."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar

from workshop_kit.activities.practice.agenda import agenda_html, timetable
from workshop_kit.activities.practice.ical import calendar_bytes, event_uid
from workshop_kit.activities.practice.planner import PlanError, PlanRequest, plan_year
from workshop_kit.i18n import Translator

STAMP = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
HOSTS = ("Riverbend Hospice", "St Mary's <Church>", "Council & Co")


def plan(**kwargs):
    return plan_year(PlanRequest(2027, hosts=HOSTS, **kwargs))


def events(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, list(calendar.walk("VEVENT"))


def test_the_calendar_has_four_events_on_the_planned_dates_with_their_titles():
    year = plan()
    data = calendar_bytes(year, "Riverbend CoP", Translator("en"), stamp=STAMP)
    calendar, found = events(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Workshop Kit" in str(calendar["PRODID"])
    assert len(found) == 4
    for event, gathering in zip(found, year.gatherings, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == datetime.combine(gathering.day, time(9, 30))  # floating local time
        assert start.tzinfo is None and end - start == gathering.end - gathering.start
        assert event.decoded("DTSTAMP") == STAMP
        assert str(event["SUMMARY"]).startswith(f"Riverbend CoP: gathering {gathering.number}, ")
        assert str(event["LOCATION"]) == gathering.host
        assert f"Host: {gathering.host}" in str(event["DESCRIPTION"])
        assert str(event["UID"]) == event_uid("Riverbend CoP", year, gathering)
    assert str(found[0]["SUMMARY"]) == "Riverbend CoP: gathering 1, A shared vision"
    assert len({str(e["UID"]) for e in found}) == 4


def test_a_revised_plan_keeps_the_same_event_ids_so_calendars_update_not_double():
    first = calendar_bytes(plan(), "Riverbend CoP", Translator("en"), stamp=STAMP)
    holidays = frozenset({date(2027, 2, 15)})
    revised = calendar_bytes(plan(holidays=holidays), "Riverbend CoP", Translator("en"))
    assert [str(e["UID"]) for e in events(first)[1]] == [str(e["UID"]) for e in events(revised)[1]]
    assert events(revised)[1][0].decoded("DTSTART").date() == date(2027, 2, 16)


def test_a_time_zone_fixes_the_times_and_ships_its_definition():
    data = calendar_bytes(plan(), "CoP", Translator("en"), zone="Europe/Belfast", stamp=STAMP)
    calendar, found = events(data)
    assert len(list(calendar.walk("VTIMEZONE"))) == 1
    start = found[2].decoded("DTSTART")  # August: British Summer Time
    assert start.utcoffset().total_seconds() == 3600
    assert start.hour == 9 and start.minute == 30
    with pytest.raises(PlanError) as refused:
        calendar_bytes(plan(), "CoP", Translator("en"), zone="Mars/Olympus")
    assert refused.value.code == "time_zone"


def test_french_calendar_text_and_names_with_commas_and_semicolons_survive():
    data = calendar_bytes(plan(), "CdP de Riverbend; est, nord", Translator("fr"), stamp=STAMP)
    _, found = events(data)
    assert (
        str(found[0]["SUMMARY"]) == "CdP de Riverbend; est, nord : rencontre 1, Une vision commune"
    )
    assert str(found[1]["LOCATION"]) in HOSTS


def test_the_agenda_is_escaped_printable_and_in_the_readers_language():
    community = '<script>alert("x")</script> CoP'
    page = agenda_html(plan(), community, Translator("fr"))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "St Mary&#x27;s &lt;Church&gt;" in page and "Council &amp; Co" in page
    assert "@media print" in page and "break-before: page" in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "lundi 15 février 2027" in html.unescape(page)
    assert "9:30" in page or "09:30" in page
    assert page.count('class="wk-agenda-gathering"') == 4
    english = html.unescape(agenda_html(plan(), "CoP", Translator("en")))
    assert "Monday, February 15, 2027" in english
    assert "Value-creation questions" in english


def test_the_timetable_fills_the_half_day_exactly():
    for minutes in (60, 150, 210, 300):
        gathering = plan_year(PlanRequest(2027, minutes=minutes)).gatherings[0]
        steps = timetable(gathering)
        assert sum(length for _, _, length in steps) == minutes
        assert all(length >= 5 for _, _, length in steps)
        assert steps[0][0] == gathering.start
        assert steps[-1][1] == "value_check"
    default = timetable(plan().gatherings[0])
    assert [length for _, _, length in default] == [20, 30, 60, 20, 40, 25, 15]


def test_the_calendar_is_rfc_5545_text():
    data = calendar_bytes(plan(), "CoP", Translator("en"), stamp=STAMP)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded lines
    assert re.search(rb"DTSTART:20270215T093000\r\n", data)
