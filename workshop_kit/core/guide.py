"""The run of show of a workshop (``workshop-kit guide``): agenda, projector, joining, materials.

Why it is built from the facilitator notes: the notes already hold each page's script with a
timing beside every live part (``### 10–15 min · Add assets``, see :mod:`workshop_kit.core.
notes`). A printed agenda kept by hand would drift from them; built from them, it changes when
a trainer changes a timing, in every language at once. The hub's notes (``00_start_here``)
open and close the workshop (their ``closing_steps`` last timed steps close it); between them
come the activities of a workshop plan (:mod:`workshop_kit.core.plan`; the kit ships
``data/plans/two-hours.yaml`` and ``three-hours.yaml``), in its order and at its timings;
without a plan, the activities that have a facilitator page, in the hub's order, found by
:func:`~workshop_kit.core.activity.discover`: a new activity with notes appears there by itself.

How a length is filled, so that an agenda always adds up to it:

1. every step gets its shortest time;
2. activities are taken in order while their shortest script (or the plan's timing) still
   fits (the others, and those the plan does not run, are listed as "not in this agenda");
3. the plan's break (without a plan: a workshop of :data:`BREAK_FROM` minutes or more gets
   one), after the activity it names or the one that ends nearest the middle;
4. the time left is shared out, :data:`STEP` minutes at a time, among the steps with a range,
   up to their longest;
5. whatever is still left becomes "questions and open discussion" before the closing.

The page is one self-contained HTML file, as the report is: it prints on A4 and Letter, every
text is escaped, the join QR code is inline SVG, and nothing is loaded from elsewhere (a link
in a notes file is printed as text, with its address).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from babel.dates import format_time

from workshop_kit.core.activity import discover
from workshop_kit.core.notes import (
    HUB_NOTES,
    NOTES_CSS,
    Notes,
    Part,
    duration,
    list_items,
    load_notes,
    markdown_inline,
)
from workshop_kit.core.plan import WorkshopPlan, load_plan, shipped_plans
from workshop_kit.core.qr import qr_svg
from workshop_kit.i18n import Translator, available_languages

#: The workshop lengths the guide prints, in minutes.
LENGTHS = (120, 180)
#: A workshop this long or longer gets a break.
BREAK_FROM = 150
BREAK_MINUTES = 15
#: Spare time is shared out in steps of this many minutes.
STEP = 5
#: The general materials, catalog keys ``guide.materials.<item>``.
MATERIALS = ("laptop", "projector", "network", "phones", "printed", "rehearse")


class GuideError(ValueError):
    """The notes cannot make an agenda (no hub notes, or an opening longer than the workshop)."""


@dataclass(frozen=True)
class AgendaItem:
    """One row of the agenda."""

    title: str
    minutes: int
    #: What goes on the projector meanwhile.
    projector: str
    start: int = 0


@dataclass
class Block:
    """A part of the agenda: the opening, an activity, a break, the closing."""

    heading: str
    items: list[AgendaItem]
    intro: str = ""
    #: The activity id, for an activity's block.
    activity: str = ""


@dataclass
class RunOfShow:
    """Everything one printed guide says."""

    length: int
    language: str
    blocks: list[Block]
    #: (activity title, its page) of the activities that did not fit.
    left_out: list[tuple[str, str]] = field(default_factory=list)
    #: Activities chosen on the hub that have no page (the warm-up).
    without_page: list[str] = field(default_factory=list)
    #: (heading, markdown items) of the materials checklist.
    materials: list[tuple[str, list[str]]] = field(default_factory=list)
    #: The plan's own title, if it has one.
    title: str = ""

    @property
    def items(self) -> list[AgendaItem]:
        return [item for block in self.blocks for item in block.items]

    @property
    def total(self) -> int:
        return sum(item.minutes for item in self.items)


def _notes(stem: str, language: str) -> Notes:
    notes = load_notes(stem, language)
    if notes is None:
        raise GuideError(f"no facilitator notes for {stem} (notebooks/notes/{stem}.en.md)")
    return notes


def _share_out(parts: list[Part], minutes: list[int], spare: int) -> int:
    """Give spare minutes to the steps with a range, a few at a time; return what is left."""
    grew = True
    while spare > 0 and grew:
        grew = False
        for index, part in enumerate(parts):
            extra = min(STEP, spare, (part.high or 0) - minutes[index])
            if extra > 0:
                minutes[index] += extra
                spare -= extra
                grew = True
    return spare


def plan(length: int, language: str, workshop: WorkshopPlan | None = None) -> RunOfShow:
    """The agenda of a ``length``-minute workshop in ``language`` (see the module docstring).

    With a ``workshop`` plan, its activities in its order, at its timings, with its break;
    without one, every activity with notes in the registry's order while it fits.
    """
    t = Translator(language)
    hub = _notes(HUB_NOTES, language)
    closing_count = int(hub.settings.get("closing_steps", 0))
    opening = list(hub.steps[: len(hub.steps) - closing_count])
    closing = list(hub.steps[len(hub.steps) - closing_count :])
    registry = discover()
    planned = {entry.activity: entry.minutes for entry in workshop.activities} if workshop else {}
    order = [registry[a] for a in planned] if workshop else list(registry.values())
    found, without_page = [], []
    for info in order:
        notes = load_notes(Path(info.page).stem, language) if info.page else None
        if notes is not None and notes.steps:
            found.append((info, notes))
        elif info.page is None:
            without_page.append(t(info.title_key))
    if workshop is None:
        pause = BREAK_MINUTES if length >= BREAK_FROM else 0
    else:
        pause = workshop.break_minutes
    room = length - pause - sum(p.low or 0 for p in opening + closing)
    if room < 0:
        raise GuideError(f"the opening and closing alone take more than {length} minutes")
    chosen, left_out = [], []
    for info, notes in found:
        needed = planned.get(info.id) or notes.minutes[0]
        if needed <= room:
            chosen.append((info, notes))
            room -= needed
        else:
            left_out.append((t(info.title_key), info.page or ""))
    if workshop is not None:  # the activities the plan does not run, as "not in this agenda"
        left_out += [
            (t(info.title_key), info.page)
            for info in registry.values()
            if info.page and info.id not in planned
        ]
    minutes: dict[int, int] = {}
    flexible: list[Part] = list(opening)
    for info, notes in chosen:
        fixed = planned.get(info.id)
        steps = list(notes.steps)
        if fixed is None:
            flexible += steps
            continue
        share = [p.low or 0 for p in steps]
        _share_out(steps, share, fixed - sum(share))
        minutes.update(zip(map(id, steps), share, strict=True))
    flexible += closing
    share = [p.low or 0 for p in flexible]
    spare = _share_out(flexible, share, room)
    minutes.update(zip(map(id, flexible), share, strict=True))
    timing = minutes

    def items(steps: list[Part], projector: str) -> list[AgendaItem]:
        return [AgendaItem(p.title, timing[id(p)], projector) for p in steps]

    start_here = t("hub.title")
    blocks = [Block(t("guide.opening"), items(opening, start_here))]
    for info, notes in chosen:
        page = t("guide.page", title=notes.short_title, file=info.page)
        intro = t("guide.activity_intro", activity=t(info.title_key))
        blocks.append(Block(notes.title, items(list(notes.steps), page), intro, info.id))
    if pause:
        after = workshop.break_after if workshop else None
        _insert_break(blocks, length, AgendaItem(t("guide.break"), pause, "—"), after)
    if spare:
        blocks.append(Block("", [AgendaItem(t("guide.buffer"), spare, start_here)]))
    blocks.append(Block(t("guide.closing"), items(closing, start_here)))
    _number(blocks)
    materials = [("", [t(f"guide.materials.{item}") for item in MATERIALS])]
    for notes in [hub, *(notes for _, notes in chosen)]:
        prepare = notes.section("prepare")
        if prepare is not None:
            heading = t("guide.materials_for", page=notes.short_title)
            materials.append((heading, list_items(prepare.body) or [prepare.body]))
    title = workshop.title_in(language) if workshop else ""
    return RunOfShow(length, language, blocks, left_out, without_page, materials, title)


def _insert_break(
    blocks: list[Block], length: int, item: AgendaItem, after_activity: str | None = None
) -> None:
    """After ``after_activity``, or the activity that ends nearest the middle of the workshop."""
    for index, block in enumerate(blocks):
        if after_activity is not None and block.activity == after_activity:
            blocks.insert(index + 1, Block("", [item]))
            return
    ends, elapsed = [], 0
    for index, block in enumerate(blocks):
        elapsed += sum(i.minutes for i in block.items)
        if block.activity:
            ends.append((abs(elapsed - length / 2), index))
    after = min(ends)[1] if ends else 0
    blocks.insert(after + 1, Block("", [item]))


def _number(blocks: list[Block]) -> None:
    """Fill in each item's start, in minutes from the beginning."""
    elapsed = 0
    for block in blocks:
        for index, item in enumerate(block.items):
            block.items[index] = AgendaItem(item.title, item.minutes, item.projector, elapsed)
            elapsed += item.minutes


# -- the printed page -------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _clock(start: time, minutes: int, language: str) -> str:
    moment = datetime.combine(datetime(2000, 1, 1), start) + timedelta(minutes=minutes)
    return str(format_time(moment.time(), format="short", locale=language))


def join_link(url: str, code: str | None = None) -> str:
    """What the QR code opens: the server's join form, or a session's own join link."""
    base = url if url.endswith("/") else url + "/"
    return f"{base}join/{code}" if code else base


GUIDE_CSS = """
body { font: 15px/1.45 sans-serif; color: #222; max-width: 860px; margin: 2em auto;
  padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
.wk-block th { background: #eef2f8; padding-top: 8px; }
.wk-block span { font-weight: normal; display: block; }
td.wk-time, td.wk-length { white-space: nowrap; }
tfoot td { font-weight: 700; border-bottom: none; }
.wk-join { display: flex; gap: 24px; align-items: center; }
.wk-qr svg { width: 200px; height: auto; }
.wk-checklist { list-style: none; padding-left: 0; }
.wk-checklist li::before { content: "\\2610\\00a0"; font-size: 1.1em; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  tr, .wk-join, li { break-inside: avoid; }
}
"""


def guide_html(show: RunOfShow, link: str, code: str | None, start: time) -> str:
    """One printable guide (see the module docstring)."""
    t = Translator(show.language)
    language = show.language
    title = t("guide.title", hours=show.length // 60)
    out = [
        f'<!DOCTYPE html><html lang="{_e(language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{GUIDE_CSS}{NOTES_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1><p>{_e(t('guide.intro'))}</p>",
        "<p>"
        + _e(
            t(
                "guide.starts",
                time=_clock(start, 0, language),
                end=_clock(start, show.total, language),
            )
        )
        + "</p>",
        f'<h2>{_e(t("guide.agenda"))}</h2><table class="wk-agenda"><thead><tr>',
        *(
            f"<th>{_e(t(f'guide.column_{c}'))}</th>"
            for c in ("time", "length", "part", "projector")
        ),
        "</tr></thead><tbody>",
    ]
    shown = ""  # the projector column says only what changes
    for block in show.blocks:
        intro = f"<span>{_e(block.intro)}</span>" if block.intro else ""
        if block.heading:  # a break or spare time is one row, with no heading of its own
            out.append(f'<tr class="wk-block"><th colspan="4">{_e(block.heading)}{intro}</th></tr>')
        for item in block.items:
            out.append(
                f'<tr class="wk-item"><td class="wk-time">{_e(_clock(start, item.start, language))}'
                f'</td><td class="wk-length" data-minutes="{item.minutes}">'
                f"{_e(duration(item.minutes, item.minutes, t))}</td><td>{_e(item.title)}</td>"
                f"<td>{_e(item.projector if item.projector != shown else '')}</td></tr>"
            )
            shown = item.projector
    out.append(
        f'</tbody><tfoot><tr><td colspan="4">{_e(t("guide.total", count=show.total))}'
        "</td></tr></tfoot></table>"
    )
    if show.left_out:
        rows = "".join(f"<li>{_e(name)} ({_e(page)})</li>" for name, page in show.left_out)
        out.append(f"<p>{_e(t('guide.not_included'))}</p><ul>{rows}</ul>")
    if show.without_page:
        out.append(f"<p>{_e(t('guide.without_page', activities=', '.join(show.without_page)))}</p>")
    instructions = (
        t("hub.join_instructions", link=link, code=code)
        if code
        else t("guide.join_without_code", link=link)
    )
    out += [
        f'<h2>{_e(t("guide.join_title"))}</h2><div class="wk-join">',
        qr_svg(link, t("guide.qr_alt", link=link)),
        f"<div><p><strong>{_e(instructions)}</strong></p>",
        f"<p>{_e(t('guide.join_check', link=link))}</p></div></div>",
        f"<h2>{_e(t('guide.materials_title'))}</h2>",
    ]
    for heading, entries in show.materials:
        if heading:
            out.append(f"<h3>{_e(heading)}</h3>")
        rows = "".join(f"<li>{markdown_inline(entry, links='text')}</li>" for entry in entries)
        out.append(f'<ul class="wk-checklist">{rows}</ul>')
    out.append("</body></html>")
    return "".join(out)


def guide_name(length: int, language: str) -> str:
    hours = f"{length // 60}h" if length % 60 == 0 else f"{length}min"
    return f"run-of-show-{hours}.{language}.html"


def write_guides(
    folder: Path,
    url: str,
    code: str | None = None,
    start: time = time(9, 30),
    plans: list[Path] | None = None,
) -> list[Path]:
    """One guide per plan and language in ``folder``; returns the files written.

    ``plans``: workshop plan files (default: the shipped ones, ``data/plans/*.yaml``). A plan
    with a mistake raises :class:`~workshop_kit.core.plan.PlanError` before anything is written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    link = join_link(url, code)
    workshops = [load_plan(path) for path in (plans if plans is not None else shipped_plans())]
    written = []
    names: set[str] = set()
    for workshop in workshops:
        stem = guide_name(workshop.minutes, "x").rsplit(".", 2)[0]
        if stem in names:  # two plans of the same length: named after their files
            stem = f"run-of-show-{Path(workshop.source).stem}"
        names.add(stem)
        for language in available_languages():
            path = folder / f"{stem}.{language}.html"
            show = plan(workshop.minutes, language, workshop)
            path.write_text(guide_html(show, link, code, start), encoding="utf-8")
            written.append(path)
    return written
