"""The *Plan the year* tab: four half-day gatherings planned from the form, exported as an
iCalendar file, a printable agenda and a CSV table.

What the facilitator typed is kept when something is refused (a holiday line that cannot be
read, a quarter with no free day): the message says what to fix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.practice.answers import MAX_NAME, TOPICS
from workshop_kit.activities.practice.controls import (
    button,
    name_refusal,
    offer,
    typed_name,
    wide,
)
from workshop_kit.activities.practice.exports import EXPORT_FOLDER, plan_files
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
from workshop_kit.activities.practice.register import Register
from workshop_kit.core.exports import ExportFile
from workshop_kit.core.widgets import MessageArea, escape, on_press
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile


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
            **wide(t("practice.plan.name")),
        )
        self.community.add_class("wk-practice-plan-name")
        self.year = widgets.BoundedIntText(
            value=today.year, min=2000, max=2100, **wide(t("practice.plan.year"))
        )
        self.year.add_class("wk-practice-plan-year")
        months = get_month_names("wide", locale=t.language)
        self.first_month = widgets.Dropdown(
            options=[(months[m].capitalize(), m) for m in range(1, 13)],
            value=1,
            **wide(t("practice.plan.first_month")),
        )
        days = get_day_names("wide", locale=t.language)
        self.weekday = widgets.Dropdown(
            options=[(t("practice.plan.any_weekday"), -1)]
            + [(days[d].capitalize(), d) for d in range(5)],
            value=-1,
            **wide(t("practice.plan.weekday")),
        )
        self.weekday.add_class("wk-practice-plan-weekday")
        self.part = widgets.Dropdown(
            options=[
                (t("practice.plan.morning"), "morning"),
                (t("practice.plan.afternoon"), "afternoon"),
            ],
            value="morning",
            **wide(t("practice.plan.part")),
        )
        self.zone = widgets.Text(placeholder="Europe/Belfast", **wide(t("practice.plan.time_zone")))
        self.holidays = widgets.Textarea(
            placeholder=t("practice.plan.holidays_placeholder"),
            description=t("practice.plan.holidays"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 520px)", height="120px"),
        )
        self.holidays.add_class("wk-practice-plan-holidays")
        self.go = button(description=t("practice.plan.go"), button_style="primary")
        self.go.add_class("wk-practice-plan-go")
        on_press(self.go, self._plan, self.messages, t)
        self.table = widgets.HTML()
        self.table.add_class("wk-practice-plan-table")
        self.rotation = widgets.HTML()
        self.export = button(description=t("practice.plan.export"), icon="download", disabled=True)
        self.export.add_class("wk-practice-plan-export")
        on_press(self.export, self._export, self.messages, t)
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
        refusal = name_refusal(typed_name(self.community.value), t, "practice.plan.name_required")
        if refusal:
            self._refuse(refusal)
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
        if self.plan is None:
            return []
        community = typed_name(self.community.value)
        return plan_files(self.plan, community, self.t, zone=self.zone.value or None)

    def _export(self, _button: Any) -> None:
        files = self.export_files()
        if not files:
            self.messages.show(self.t("practice.plan.plan_first"), "warning")
            return
        self.downloads.value = offer(files, EXPORT_FOLDER, self.t)


class _HolidayLines(Exception):
    def __init__(self, problems: list[HolidayProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} holiday lines")


def plan_table_html(plan: YearPlan, t: Translator) -> str:
    from workshop_kit.activities.practice.agenda import PLAN_COLUMNS, long_date, time_range

    to_agree = t("practice.plan.to_agree")
    head = "".join(f"<th>{escape(t(key))}</th>" for key in PLAN_COLUMNS)
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
