"""The workshop report: one self-contained HTML file the community takes home.

Every activity that ran adds its section through the hook it declares
(``ActivityInfo.report = "report:report_section"``): the same charts, tables and sentences
the room saw, the assumptions of every estimate and the source of every reference figure.
A section is built from the *released* answers (:func:`workshop_kit.core.release.
released_answers_of`), usually through the activity's shown state (:mod:`workshop_kit.core.
shown`), with the same disclosure control as on screen, so the report never says more than
the projector did.

Why one HTML file: it opens offline on any computer, prints on A4 and Letter alike (no fixed
page size, figures never split across pages), and can be attached to an email. Charts are
embedded as PNG ``data:`` images; there is no script, no web font and no link to another site.
Every text a participant or facilitator typed is escaped.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from workshop_kit.core.activity import discover
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

if TYPE_CHECKING:
    import pandas as pd

    from workshop_kit.core.store import Store


@dataclass(frozen=True)
class ReportFigure:
    """A chart as drawn on screen, with the text read in its place by screen readers."""

    title: str
    png: bytes
    alt: str
    #: The sentence said under the chart on screen, printed under it in the report so that a
    #: reader of the paper copy reads what the room heard (empty: the title alone).
    caption: str = ""


@dataclass(frozen=True)
class ReportTable:
    """A table already passed through disclosure control (hidden cells hold the "too few"
    text, never a number)."""

    title: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class ReportItem:
    """One entry of a :class:`ReportList`, with what is listed under it (a theme and the
    approved answers quoted under it, an organisation and where it is)."""

    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportList:
    """A titled list of entries, for what a screen shows as a list rather than a table
    (themes of approved written answers, an inventory by category)."""

    title: str
    items: tuple[ReportItem, ...]
    #: A sentence printed under the title (what the list sums up, what it leaves out).
    note: str = ""


@dataclass
class ReportSection:
    """What one activity adds to the report."""

    activity: str
    title: str
    sentences: list[str] = field(default_factory=list)
    figures: list[ReportFigure] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    lists: list[ReportList] = field(default_factory=list)
    #: The figures behind the charts, as tables the exports carry but the report does not
    #: print (the chart above says them): the same disclosure control as every table here.
    data: list[ReportTable] = field(default_factory=list)
    #: Each estimate's assumptions, in words ("11 hours a week per caregiver, assumed").
    assumptions: list[str] = field(default_factory=list)
    #: The source of each reference figure used (author, year, title, where published).
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReportContext:
    """What a section is built from: the session's answers, the profile, the language."""

    profile: Profile
    t: Translator
    code: str
    #: activity id -> every answer of the session (the log), oldest first.
    history: Callable[[str], pd.DataFrame]
    #: The session's store: sections then show what the facilitator released. Without it
    #: (a log with no session), whole blocks of ``min_cell_size`` people.
    store: Store | None = None

    def released(self, activity: str) -> pd.DataFrame:
        """The answers the projector could show last (:mod:`workshop_kit.core.release`)."""
        from workshop_kit.core.release import view_released

        return view_released(
            self.store,
            self.code,
            activity,
            self.profile.min_cell_size,
            lambda: self.history(activity),
        )

    def releases(self, activity: str) -> Any:
        """The facilitator's releases of ``activity``, for an activity that releases part of
        its log on its own (:func:`workshop_kit.core.release.view_releases`)."""
        from workshop_kit.core.release import view_releases

        return view_releases(self.store, self.code, activity)

    def shown(self, activity: str) -> Any:
        """The activity's shown state, the one the projector laid out
        (:func:`workshop_kit.core.shown.shown_state`)."""
        from workshop_kit.core.shown import shown_state

        return shown_state(self, activity)

    def latest(self, activity: str) -> pd.DataFrame:
        """The latest answer per person and item, as ``Store.answers`` gives it by default:
        for the facilitator's own records (merges, text reviews), which are decisions to
        replay as the screens do, not answers to release."""
        log = self.history(activity)
        if log is None or log.empty or not {"participant_id", "item"} <= set(log.columns):
            return log
        if "answer_id" in log:
            log = log.sort_values("answer_id", kind="stable")
        return log.drop_duplicates(["participant_id", "item"], keep="last").reset_index(drop=True)


@dataclass
class Report:
    """Everything the HTML file shows."""

    title: str
    community: str
    held_on: date
    participants: int
    language: str
    min_cell_size: int
    sections: list[ReportSection]


SectionBuilder = Callable[[ReportContext], "ReportSection | None"]


def report_sections(context: ReportContext) -> list[ReportSection]:
    """The section of every activity that ran (a builder returns ``None`` when it did not)."""
    sections = []
    for info in discover().values():
        if not info.report:
            continue
        builder: SectionBuilder = info.load(info.report)
        section = builder(context)
        if section is not None:
            sections.append(section)
    return sections


def report_context(store: Store, code: str, profile: Profile, t: Translator) -> ReportContext:
    """What every view of a finished session is built from (the report, and the exports made
    beside it): the one place that reads the session's answers for them."""
    return ReportContext(
        profile=profile,
        t=t,
        code=code,
        history=lambda activity: store.answers(code, activity, latest_only=False),
        store=store,
    )


def build_report(store: Store, code: str, profile: Profile, language: str | None = None) -> Report:
    """The report of session ``code``, in its language unless ``language`` says otherwise."""
    session = store.session(code)
    t = Translator(language or session.language)
    context = report_context(store, code, profile, t)
    return Report(
        title=session.shown_title(t),  # "Practice: …" for a rehearsal
        community=profile.display_name(t),
        held_on=session.created_at.date(),
        participants=store.state(code).participants,
        language=t.language,
        min_cell_size=profile.min_cell_size,
        sections=report_sections(context),
    )


# -- the HTML file ---------------------------------------------------------------------------------

REPORT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
       max-width: 900px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem;
     margin-top: 2.2rem; break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; break-after: avoid; }
.wk-report-meta { color: #444; }
figure { margin: 1rem 0; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: .95rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.wk-report-note { font-size: .9rem; color: #444; }
.wk-report-list > li { margin-bottom: .4rem; break-inside: avoid; }
@page { margin: 15mm; }
@media print { body { margin: 0; max-width: none; } h2 { margin-top: 1.2rem; } }
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _table_html(table: ReportTable, t: Translator) -> str:
    frame = table.frame.astype(object).where(table.frame.notna(), t("app.too_few"))
    body = frame.to_html(index=False, escape=True, border=0, na_rep=t("app.too_few"))
    return f"<h3>{_e(table.title)}</h3>{body}"


def _figure_html(figure: ReportFigure) -> str:
    encoded = base64.b64encode(figure.png).decode("ascii")
    caption = f"<strong>{_e(figure.title)}</strong>"
    if figure.caption:
        caption += f"<br>{_e(figure.caption)}"
    return (
        f'<figure><img src="data:image/png;base64,{encoded}" alt="{_e(figure.alt)}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _report_list_html(listed: ReportList) -> str:
    parts = [f"<h3>{_e(listed.title)}</h3>"]
    if listed.note:
        parts.append(f"<p>{_e(listed.note)}</p>")
    if listed.items:
        parts.append('<ul class="wk-report-list">')
        for item in listed.items:
            details = "".join(f"<li>{_e(detail)}</li>" for detail in item.details)
            parts.append(f"<li>{_e(item.text)}" + (f"<ul>{details}</ul>" if details else ""))
            parts.append("</li>")
        parts.append("</ul>")
    return "".join(parts)


def _list_html(heading: str, items: list[str]) -> str:
    if not items:
        return ""
    entries = "".join(f"<li>{_e(item)}</li>" for item in items)
    return f"<h3>{_e(heading)}</h3><ul>{entries}</ul>"


def report_html(report: Report) -> str:
    """The report as one self-contained HTML document (see the module docstring)."""
    t = Translator(report.language)
    parts = [
        f'<!DOCTYPE html><html lang="{_e(report.language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(t('report.title', title=report.title))}</title>",
        f"<style>{REPORT_CSS}</style></head><body>",
        f"<h1>{_e(report.title)}</h1>",
        '<p class="wk-report-meta">',
        _e(
            t(
                "report.meta",
                community=report.community,
                date=t.date(report.held_on),
                count=report.participants,
            )
        ),
        "</p>",
        f'<p class="wk-report-note">{_e(t("report.privacy", min=report.min_cell_size))}</p>',
    ]
    if not report.sections:
        parts.append(f"<p>{_e(t('report.empty'))}</p>")
    for section in report.sections:
        parts.append(f'<section class="wk-report-{_e(section.activity)}">')
        parts.append(f"<h2>{_e(section.title)}</h2>")
        parts.extend(f"<p>{_e(sentence)}</p>" for sentence in section.sentences)
        parts.extend(_figure_html(figure) for figure in section.figures)
        parts.extend(_table_html(table, t) for table in section.tables)
        parts.extend(_report_list_html(listed) for listed in section.lists)
        parts.append(_list_html(t("report.assumptions"), section.assumptions))
        parts.append(_list_html(t("report.sources"), section.sources))
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)
