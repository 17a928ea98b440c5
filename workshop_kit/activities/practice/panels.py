"""The parts of the facilitator's page that need no live session: the register of member
organisations, and the planner of the year's gatherings.

Both keep what the facilitator typed when something is refused (a bad holiday line, a register
file with errors): the message says what to fix, and nothing already there is replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.practice.answers import MAX_NAME, ROLES, SECTORS, TOPICS
from workshop_kit.activities.practice.planner import (
    AFTERNOON,
    MORNING,
    HolidayProblem,
    PlanError,
    PlanRequest,
    YearPlan,
    parse_holidays,
    plan_year,
)
from workshop_kit.activities.practice.register import (
    MAX_MEMBERS,
    Member,
    Register,
    RegisterCheck,
    check_register,
    save_register,
)
from workshop_kit.core.exports import ExportFile, safe_csv, save_exports
from workshop_kit.core.widgets import MessageArea, download_links, escape, guarded
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

#: Largest register file accepted by the upload box.
MAX_UPLOAD_BYTES = 1_000_000

#: Where the page's exports are saved when they belong to no session.
EXPORT_FOLDER = "practice"


def _wide(description: str, **kwargs: Any) -> dict[str, Any]:
    return {
        "description": description,
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="min(100%, 520px)"),
        **kwargs,
    }


def button(description: str, **kwargs: Any) -> widgets.Button:
    """A button as wide as its words (the default width cuts French labels short)."""
    kwargs.setdefault("layout", widgets.Layout(width="auto", min_width="120px"))
    return widgets.Button(description=description, **kwargs)


def sector_labels(t: Translator) -> dict[str, str]:
    return {sector: t(f"practice.sector.{sector}") for sector in SECTORS}


def register_table_html(register: Register, t: Translator) -> str:
    """The members as a table, grouped by sector in the guideline's order (escaped)."""
    if not len(register):
        return f"<p>{escape(t('practice.register.none'))}</p>"
    rows = []
    for sector in SECTORS:
        for member in register.members:
            if member.sector != sector:
                continue
            roles = ", ".join(t(f"practice.role.{role}") for role in member.roles)
            rows.append(
                f"<tr><td>{escape(member.name)}</td>"
                f"<td>{escape(t(f'practice.sector.{sector}'))}</td>"
                f"<td>{escape(roles)}</td></tr>"
            )
    head = "".join(
        f"<th>{escape(t(key))}</th>"
        for key in (
            "practice.register.col_organisation",
            "practice.register.col_sector",
            "practice.register.col_roles",
        )
    )
    summary = t("practice.register.count", count=len(register))
    return (
        f'<p class="wk-practice-register-count">{escape(summary)}</p>'
        f'<table class="wk-practice-register-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def problems_html(check: RegisterCheck) -> str:
    items = "".join(
        f'<li class="wk-problem-{escape(p.severity)}">{escape(p.message)}</li>'
        for p in check.problems
    )
    return f"<ul>{items}</ul>" if items else ""


class RegisterPanel(widgets.VBox):
    """The register: import a file, add, change or remove an organisation, export.

    ``changed(register)`` is called after every change (the register is then already saved
    on this computer). CSS classes for tests: ``wk-practice-register``,
    ``wk-practice-register-upload``, ``wk-practice-register-use``, ``wk-practice-member-name``,
    ``wk-practice-member-sector``, ``wk-practice-member-add``, ``wk-practice-member-remove``,
    ``wk-practice-register-export``, ``wk-practice-register-downloads``.
    """

    def __init__(
        self,
        t: Translator,
        register: Register,
        changed: Callable[[Register], None] | None = None,
        save: Callable[[Register], Any] | None = None,
    ) -> None:
        self.t = t
        self.register = register
        self.changed = changed
        self.save = save if save is not None else (lambda r: save_register(r, t))
        self.pending: RegisterCheck | None = None
        self.messages = MessageArea()
        self.table = widgets.HTML(register_table_html(register, t))
        self.table.add_class("wk-practice-register-list")
        self.upload = widgets.FileUpload(
            accept=".csv,.tsv,.txt,.xlsx", multiple=False, description=t("practice.register.upload")
        )
        self.upload.add_class("wk-practice-register-upload")
        self.upload.observe(guarded(self._uploaded, self.messages, t), names="value")
        self.report = widgets.HTML()
        self.report.add_class("wk-practice-register-report")
        self.use_file = button(
            description=t("practice.register.use_file"), button_style="primary", disabled=True
        )
        self.use_file.add_class("wk-practice-register-use")
        self.use_file.on_click(guarded(self._use_file, self.messages, t))

        self.name = widgets.Text(
            placeholder=t("practice.register.name_placeholder"),
            **_wide(t("practice.register.col_organisation")),
        )
        self.name.add_class("wk-practice-member-name")
        self.sector = widgets.Dropdown(
            options=[(label, sector) for sector, label in sector_labels(t).items()],
            value=SECTORS[0],
            **_wide(t("practice.register.col_sector")),
        )
        self.sector.add_class("wk-practice-member-sector")
        self.roles = {
            role: widgets.Checkbox(
                value=role == "member",
                description=t(f"practice.role.{role}"),
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 12px 0 0"),
            )
            for role in ROLES
        }
        self.add = button(description=t("practice.register.add"))
        self.add.add_class("wk-practice-member-add")
        self.add.on_click(guarded(self._add, self.messages, t))
        self.remove_choice = widgets.Dropdown(
            options=register.names(), value=None, **_wide(t("practice.register.remove_which"))
        )
        self.remove = button(description=t("practice.register.remove"))
        self.remove.add_class("wk-practice-member-remove")
        self.remove.on_click(guarded(self._remove, self.messages, t))
        self.export = button(description=t("practice.register.export"), icon="download")
        self.export.add_class("wk-practice-register-export")
        self.export.on_click(guarded(self._export, self.messages, t))
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-practice-register-downloads")
        super().__init__(
            [
                widgets.HTML(f"<p>{escape(t('practice.register.intro'))}</p>"),
                self.table,
                widgets.HTML(f"<h4>{escape(t('practice.register.import_title'))}</h4>"),
                widgets.HTML(f"<p><small>{escape(t('practice.register.import_help'))}</small></p>"),
                self.upload,
                self.report,
                self.use_file,
                widgets.HTML(f"<h4>{escape(t('practice.register.edit_title'))}</h4>"),
                self.name,
                self.sector,
                widgets.HBox(
                    list(self.roles.values()), layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.add,
                widgets.HBox([self.remove_choice, self.remove]),
                widgets.HTML(f"<h4>{escape(t('practice.register.export_title'))}</h4>"),
                self.export,
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-practice-register")

    # -- changes ----------------------------------------------------------------------------

    def set_register(self, register: Register, message: str | None = None) -> None:
        """Use ``register`` from now on: saved, redrawn, and passed on."""
        self.save(register)
        self.register = register
        self.table.value = register_table_html(register, self.t)
        self.remove_choice.options = register.names()
        self.remove_choice.value = None
        self.downloads.value = ""
        if message:
            self.messages.show(message, "ok")
        if self.changed is not None:
            self.changed(register)

    def load(self, name: str, data: bytes) -> RegisterCheck:
        """Check a file; it replaces the register only when the facilitator confirms."""
        t = self.t
        if len(data) > MAX_UPLOAD_BYTES:
            return self._too_large(name)
        check = check_register(data, name, t.language)
        self.pending = check if check.ok else None
        self.use_file.disabled = not check.ok
        summary = (
            t("practice.register.ready", count=len(check.register or ()), name=check.filename)
            if check.ok
            else t("practice.register.not_ready", name=check.filename)
        )
        self.report.value = f"<p>{escape(summary)}</p>{problems_html(check)}"
        self.messages.clear()
        return check

    def _too_large(self, name: str) -> RegisterCheck:
        self.pending = None
        self.use_file.disabled = True
        self.report.value = ""
        self.messages.show(self.t("practice.register.too_large"), "error")
        return RegisterCheck(name)

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change.get("new") or ()
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", ""))
        if int(upload.get("size", 0) or 0) > MAX_UPLOAD_BYTES:  # checked before decoding
            self._too_large(name)
            return
        self.load(name, bytes(upload["content"]))

    def _use_file(self, _button: Any) -> None:
        if self.pending is None or self.pending.register is None:
            return
        register = self.pending.register
        self.pending = None
        self.use_file.disabled = True
        self.set_register(register, self.t("practice.register.replaced", count=len(register)))

    def _add(self, _button: Any) -> None:
        t = self.t
        name = " ".join(self.name.value.split())
        if not name:
            self.messages.show(t("practice.register.name_required"), "warning")
            return
        if len(name) > MAX_NAME:
            self.messages.show(t("validation.text_too_long", limit=MAX_NAME), "warning")
            return
        roles = tuple(role for role, box in self.roles.items() if box.value) or ("member",)
        existed = self.register.find(name) is not None
        try:
            register = self.register.with_member(Member(name, self.sector.value, roles))
        except ValueError:
            self.messages.show(t("practice.register.too_many", limit=MAX_MEMBERS), "error")
            return
        key = "practice.register.updated" if existed else "practice.register.added"
        self.set_register(register, t(key, name=name))
        self.name.value = ""

    def _remove(self, _button: Any) -> None:
        name = self.remove_choice.value
        if not name:
            self.messages.show(self.t("practice.register.choose_remove"), "warning")
            return
        self.set_register(
            self.register.without(name), self.t("practice.register.removed", name=name)
        )

    def export_files(self) -> list[ExportFile]:
        return [ExportFile("practice-register.csv", "text/csv", self.register.csv(self.t))]

    def _export(self, _button: Any) -> None:
        files = self.export_files()
        folder = save_exports(files, EXPORT_FOLDER)
        self.downloads.value = download_links(files, self.t, folder)


# -- the planner ----------------------------------------------------------------------------------


def plan_frame(plan: YearPlan, community: str, t: Translator) -> Any:
    import pandas as pd

    rows = [
        {
            "community": community,
            "gathering": g.number,
            "date": g.day.isoformat(),
            "start": g.start.strftime("%H:%M"),
            "end": g.end.strftime("%H:%M"),
            "theme": t(f"practice.topic.{g.theme}"),
            "host": g.host or "",
            "facilitator": g.facilitator or "",
        }
        for g in plan.gatherings
    ]
    return pd.DataFrame(rows)


def plan_error_message(error: PlanError, t: Translator) -> str:
    from babel.dates import format_date

    values = {
        key: format_date(value, format="long", locale=t.language)
        if isinstance(value, dt.date)
        else value
        for key, value in error.values.items()
    }
    return t(f"practice.plan.error.{error.code}", **values)


def holiday_problem_message(problem: HolidayProblem, t: Translator) -> str:
    return t(f"practice.plan.holiday.{problem.code}", line=problem.line, text=problem.text)


class PlannerPanel(widgets.VBox):
    """Plan the year's four gatherings and export them (iCalendar, printable agenda, CSV).

    CSS classes for tests: ``wk-practice-planner``, ``wk-practice-plan-name``,
    ``wk-practice-plan-year``, ``wk-practice-plan-holidays``, ``wk-practice-plan-weekday``,
    ``wk-practice-plan-go``, ``wk-practice-plan-table``, ``wk-practice-plan-export``,
    ``wk-practice-plan-downloads``.
    """

    def __init__(
        self,
        profile: Profile,
        t: Translator,
        register: Register,
        today: dt.date | None = None,
    ) -> None:
        from babel.dates import get_day_names, get_month_names

        self.t = t
        self.register = register
        self.plan: YearPlan | None = None
        today = today or dt.date.today()
        self.messages = MessageArea()
        self.community = widgets.Text(
            value=t("practice.plan.default_name", name=profile.name)[:MAX_NAME],
            **_wide(t("practice.plan.name")),
        )
        self.community.add_class("wk-practice-plan-name")
        self.year = widgets.BoundedIntText(
            value=today.year, min=2000, max=2100, **_wide(t("practice.plan.year"))
        )
        self.year.add_class("wk-practice-plan-year")
        months = get_month_names("wide", locale=t.language)
        self.first_month = widgets.Dropdown(
            options=[(months[m].capitalize(), m) for m in range(1, 13)],
            value=1,
            **_wide(t("practice.plan.first_month")),
        )
        days = get_day_names("wide", locale=t.language)
        self.weekday = widgets.Dropdown(
            options=[(t("practice.plan.any_weekday"), -1)]
            + [(days[d].capitalize(), d) for d in range(5)],
            value=-1,
            **_wide(t("practice.plan.weekday")),
        )
        self.weekday.add_class("wk-practice-plan-weekday")
        self.part = widgets.Dropdown(
            options=[
                (t("practice.plan.morning"), "morning"),
                (t("practice.plan.afternoon"), "afternoon"),
            ],
            value="morning",
            **_wide(t("practice.plan.part")),
        )
        self.zone = widgets.Text(
            placeholder="Europe/Belfast", **_wide(t("practice.plan.time_zone"))
        )
        self.holidays = widgets.Textarea(
            placeholder=t("practice.plan.holidays_placeholder"),
            description=t("practice.plan.holidays"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 520px)", height="120px"),
        )
        self.holidays.add_class("wk-practice-plan-holidays")
        self.go = button(description=t("practice.plan.go"), button_style="primary")
        self.go.add_class("wk-practice-plan-go")
        self.go.on_click(guarded(self._plan, self.messages, t))
        self.table = widgets.HTML()
        self.table.add_class("wk-practice-plan-table")
        self.rotation = widgets.HTML()
        self.export = button(description=t("practice.plan.export"), icon="download", disabled=True)
        self.export.add_class("wk-practice-plan-export")
        self.export.on_click(guarded(self._export, self.messages, t))
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-practice-plan-downloads")
        super().__init__(
            [
                widgets.HTML(f"<p>{escape(t('practice.plan.intro'))}</p>"),
                self.community,
                self.year,
                self.first_month,
                self.weekday,
                self.part,
                self.zone,
                self.holidays,
                widgets.HTML(f"<p><small>{escape(t('practice.plan.holidays_help'))}</small></p>"),
                self.rotation,
                self.go,
                self.messages,
                self.table,
                self.export,
                self.downloads,
            ]
        )
        self.add_class("wk-practice-planner")
        self.set_register(register)

    def set_register(self, register: Register) -> None:
        self.register = register
        hosts, facilitators = register.hosts(), register.facilitators()
        if not hosts:
            text = self.t("practice.plan.no_members")
        else:
            text = self.t(
                "practice.plan.rotation",
                count=len(hosts),
                facilitators=len(facilitators or hosts),
            )
        self.rotation.value = f"<p><small>{escape(text)}</small></p>"

    def request(self) -> PlanRequest:
        """The request the form describes; :class:`PlanError` ``holidays`` when a holiday
        line cannot be read (the problems are then shown)."""
        days, problems = parse_holidays(self.holidays.value)
        if problems:
            raise _HolidayLines(problems)
        return PlanRequest(
            year=int(self.year.value),
            first_month=int(self.first_month.value),
            holidays=days,
            weekday=None if self.weekday.value < 0 else int(self.weekday.value),
            start=MORNING if self.part.value == "morning" else AFTERNOON,
            hosts=tuple(self.register.hosts()),
            facilitators=tuple(self.register.facilitators()),
            themes=TOPICS,
        )

    def make_plan(self) -> YearPlan | None:
        """Plan from the form; on a refusal show why and keep the previous plan off."""
        from workshop_kit.activities.practice.ical import time_zone

        t = self.t
        self.downloads.value = ""
        community = " ".join(self.community.value.split())
        if not community:
            self._refuse(t("practice.plan.name_required"))
            return None
        if len(community) > MAX_NAME:
            self._refuse(t("validation.text_too_long", limit=MAX_NAME))
            return None
        try:
            time_zone(self.zone.value)
            plan = plan_year(self.request())
        except _HolidayLines as lines:
            items = "; ".join(holiday_problem_message(p, t) for p in lines.problems)
            self._refuse(t("practice.plan.holidays_refused", problems=items))
            return None
        except PlanError as error:
            self._refuse(plan_error_message(error, t))
            return None
        self.plan = plan
        self.table.value = plan_table_html(plan, t)
        self.export.disabled = False
        text = t("practice.plan.done", year=str(plan.request.year))
        if plan.fallbacks:
            numbers = ", ".join(str(n) for n in plan.fallbacks)
            text += " " + t("practice.plan.fallback", numbers=numbers)
        self.messages.show(text, "ok")
        return plan

    def _refuse(self, text: str) -> None:
        self.plan = None
        self.table.value = ""
        self.export.disabled = True
        self.messages.show(text, "error")

    def _plan(self, _button: Any) -> None:
        self.make_plan()

    def export_files(self) -> list[ExportFile]:
        from workshop_kit.activities.practice.agenda import agenda_html
        from workshop_kit.activities.practice.ical import calendar_bytes

        if self.plan is None:
            return []
        t, plan = self.t, self.plan
        community = " ".join(self.community.value.split())
        stem = f"community-of-practice-{plan.request.year}"
        return [
            ExportFile(
                f"{stem}.ics",
                "text/calendar",
                calendar_bytes(plan, community, t, zone=self.zone.value or None),
            ),
            ExportFile(
                f"{stem}-agenda.html",
                "text/html",
                agenda_html(plan, community, t).encode("utf-8"),
            ),
            ExportFile(f"{stem}.csv", "text/csv", safe_csv(plan_frame(plan, community, t))),
        ]

    def _export(self, _button: Any) -> None:
        files = self.export_files()
        if not files:
            self.messages.show(self.t("practice.plan.plan_first"), "warning")
            return
        folder = save_exports(files, EXPORT_FOLDER)
        self.downloads.value = download_links(files, self.t, folder)


class _HolidayLines(Exception):
    def __init__(self, problems: list[HolidayProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} holiday lines")


def plan_table_html(plan: YearPlan, t: Translator) -> str:
    from workshop_kit.activities.practice.agenda import long_date, time_range

    to_agree = t("practice.plan.to_agree")
    head = "".join(
        f"<th>{escape(t(key))}</th>"
        for key in (
            "practice.agenda.col_number",
            "practice.agenda.col_date",
            "practice.agenda.col_time",
            "practice.agenda.col_theme",
            "practice.agenda.col_host",
            "practice.agenda.col_facilitator",
        )
    )
    rows = "".join(
        "<tr>"
        f"<td>{escape(t.number(g.number))}</td>"
        f"<td>{escape(long_date(g, t))}</td>"
        f"<td>{escape(time_range(g, t))}</td>"
        f"<td>{escape(t(f'practice.topic.{g.theme}'))}</td>"
        f"<td>{escape(g.host or to_agree)}</td>"
        f"<td>{escape(g.facilitator or to_agree)}</td>"
        "</tr>"
        for g in plan.gatherings
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
