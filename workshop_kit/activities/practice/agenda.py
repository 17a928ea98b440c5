"""A year's plan as a printable agenda: one HTML file, the year on the first page, then one
page per gathering with its timetable.

Pure: plan in, text out. Every name a facilitator typed (the Community of Practice, the
organisations) is escaped, so it prints as typed and never runs. Dates and times are written
the way the language writes them (Babel): "Tuesday 9 February 2027" / « mardi 9 février 2027 ».

The timetable of a half-day follows the shape of a Community of Practice gathering (welcome,
an input on the theme, conversations, stories of value created, next steps, and the
value-creation questions on phones at the end), scaled to the gathering's length.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta

from babel.dates import format_date, format_time

from workshop_kit.activities.practice.planner import PlannedGathering, YearPlan
from workshop_kit.i18n import Translator

#: The steps of a half-day and their minutes in a gathering of 3 h 30 (scaled otherwise).
STEPS = (
    ("welcome", 20),
    ("input", 30),
    ("conversations", 60),
    ("break", 20),
    ("stories", 40),
    ("next_steps", 25),
    ("value_check", 15),
)

#: The columns of the year's table, on the page and in the agenda (catalog keys).
PLAN_COLUMNS = (
    "practice.agenda.col_number",
    "practice.agenda.col_date",
    "practice.agenda.col_time",
    "practice.agenda.col_theme",
    "practice.agenda.col_host",
    "practice.agenda.col_facilitator",
)

PRINT_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 48rem;
       margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 1.6rem; border-bottom: 2px solid #0072B2; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; }
th, td { border: 1px solid #bbb; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef4fa; }
.wk-agenda-meta { margin: 0.2rem 0; }
.wk-agenda-note { font-size: 0.9rem; color: #444; }
@page { size: A4; margin: 16mm; }
@media print {
  body { margin: 0; max-width: none; }
  .wk-agenda-gathering { break-before: page; page-break-before: always; }
  h2 { break-after: avoid; }
  table, tr { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def long_date(gathering: PlannedGathering, t: Translator) -> str:
    return format_date(gathering.day, format="full", locale=t.language)


def time_range(gathering: PlannedGathering, t: Translator) -> str:
    start = format_time(gathering.start.time(), format="short", locale=t.language)
    end = format_time(gathering.end.time(), format="short", locale=t.language)
    return t("practice.agenda.time_range", start=start, end=end)


def timetable(gathering: PlannedGathering) -> list[tuple[datetime, str, int]]:
    """``(start, step, minutes)`` of each step, scaled to the gathering's length (steps
    rounded down to 5 minutes, at least 5; the last step takes what is left)."""
    total = int((gathering.end - gathering.start).total_seconds() // 60)
    nominal = sum(minutes for _, minutes in STEPS)
    rows = []
    clock = gathering.start
    used = 0
    for index, (step, minutes) in enumerate(STEPS):
        if index == len(STEPS) - 1:
            length = total - used
        else:
            length = max(5, int(minutes * total / nominal) // 5 * 5)
        rows.append((clock, step, length))
        clock += timedelta(minutes=length)
        used += length
    return rows


def agenda_html(plan: YearPlan, community: str, t: Translator) -> str:
    """The printable agenda of ``plan`` (a whole HTML document)."""
    lang = _e(t.language)
    title = t("practice.agenda.title", community=community, year=str(plan.request.year))
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="wk-agenda-note">{_e(t("practice.agenda.intro"))}</p>',
        "<table><thead><tr>",
        *(f"<th>{_e(t(key))}</th>" for key in PLAN_COLUMNS),
        "</tr></thead><tbody>",
    ]
    to_agree = t("practice.plan.to_agree")
    for gathering in plan.gatherings:
        parts.append(
            "<tr>"
            f"<td>{_e(t.number(gathering.number))}</td>"
            f"<td>{_e(long_date(gathering, t))}</td>"
            f"<td>{_e(time_range(gathering, t))}</td>"
            f"<td>{_e(t(f'practice.topic.{gathering.theme}'))}</td>"
            f"<td>{_e(gathering.host or to_agree)}</td>"
            f"<td>{_e(gathering.facilitator or to_agree)}</td>"
            "</tr>"
        )
    parts.append("</tbody></table>")
    for gathering in plan.gatherings:
        heading = t(
            "practice.agenda.gathering",
            number=gathering.number,
            theme=t(f"practice.topic.{gathering.theme}"),
        )
        host = t("practice.plan.host_line", host=gathering.host or to_agree)
        facilitator = t(
            "practice.plan.facilitator_line", facilitator=gathering.facilitator or to_agree
        )
        parts += [
            '<section class="wk-agenda-gathering">',
            f"<h2>{_e(heading)}</h2>",
            f'<p class="wk-agenda-meta"><strong>{_e(long_date(gathering, t))}</strong>, '
            f"{_e(time_range(gathering, t))}</p>",
            f'<p class="wk-agenda-meta">{_e(host)}<br>{_e(facilitator)}</p>',
            f'<p class="wk-agenda-note">{_e(t(f"practice.topic_help.{gathering.theme}"))}</p>',
            "<table><thead><tr>"
            f"<th>{_e(t('practice.agenda.col_time'))}</th>"
            f"<th>{_e(t('practice.agenda.col_step'))}</th>"
            "</tr></thead><tbody>",
        ]
        for start, step, minutes in timetable(gathering):
            clock = format_time(start.time(), format="short", locale=t.language)
            parts.append(
                f"<tr><td>{_e(clock)}</td><td><strong>"
                f"{_e(t(f'practice.agenda.step.{step}'))}</strong> "
                f"({_e(t('practice.agenda.minutes', count=minutes))})<br>"
                f'<span class="wk-agenda-note">{_e(t(f"practice.agenda.step_help.{step}"))}'
                "</span></td></tr>"
            )
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "".join(parts)
