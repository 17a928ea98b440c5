"""A year's plan as an iCalendar file (RFC 5545), written by the ``icalendar`` package.

One ``VEVENT`` per gathering: its title (``SUMMARY``), start and end, the host as its place
(``LOCATION``) and a short description (theme, host, facilitator). Pure: plan in, bytes out.

Times are *floating* by default (RFC 5545, 3.3.5): 09:30 means 09:30 wherever the gathering
is held, which calendars show as local time. With a time zone (an IANA name such as
``Europe/Belfast``) they are fixed to that zone and the file carries its ``VTIMEZONE``.
Each event's ``UID`` is derived from the Community of Practice, the year and the gathering's
number, so importing a revised plan updates the events instead of doubling them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from workshop_kit.activities.practice.planner import PlanError, PlannedGathering, YearPlan
from workshop_kit.i18n import Translator

PRODUCT_ID = "-//Compassionate Communities Workshop Kit//Community of Practice//EN"
UID_DOMAIN = "workshop-kit.invalid"


def time_zone(name: str | None) -> ZoneInfo | None:
    """The zone called ``name`` (``None`` for floating times); :class:`PlanError`
    ``time_zone`` when no such zone exists."""
    if not name or not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise PlanError("time_zone", name=name.strip()[:60]) from error


def event_uid(community: str, plan: YearPlan, gathering: PlannedGathering) -> str:
    key = f"{community.casefold()}\x1f{plan.request.year}\x1f{plan.request.first_month}"
    digest = hashlib.sha256(f"{key}\x1f{gathering.number}".encode()).hexdigest()[:24]
    return f"cop-{digest}@{UID_DOMAIN}"


def summary(community: str, gathering: PlannedGathering, t: Translator) -> str:
    return t(
        "practice.ical.summary",
        community=community,
        number=gathering.number,
        theme=t(f"practice.topic.{gathering.theme}"),
    )


def description(gathering: PlannedGathering, t: Translator) -> str:
    lines = [
        t("practice.ical.half_day"),
        t("practice.plan.theme_line", theme=t(f"practice.topic.{gathering.theme}")),
        t("practice.plan.host_line", host=gathering.host or t("practice.plan.to_agree")),
        t(
            "practice.plan.facilitator_line",
            facilitator=gathering.facilitator or t("practice.plan.to_agree"),
        ),
        t("practice.ical.value_check"),
    ]
    return "\n".join(lines)


def calendar_bytes(
    plan: YearPlan,
    community: str,
    t: Translator,
    zone: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The plan as an ``.ics`` file. ``stamp`` is when it was made (``DTSTAMP``; now by
    default)."""
    tz = time_zone(zone)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t("practice.ical.calendar_name", community=community))
    for gathering in plan.gatherings:
        start, end = gathering.start, gathering.end
        if tz is not None:
            start, end = start.replace(tzinfo=tz), end.replace(tzinfo=tz)
        event = Event()
        event.add("uid", event_uid(community, plan, gathering))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", summary(community, gathering, t))
        event.add("description", description(gathering, t))
        if gathering.host:
            event.add("location", gathering.host)
        event.add("categories", [t("practice.ical.category")])
        calendar.add_component(event)
    if tz is not None:
        calendar.add_missing_timezones()
    return calendar.to_ical()
