"""A workshop plan: which activities a workshop runs, in which order, for how long.

Why a file: the 2- and 3-hour workshops used to be decided in code (the guide took the
activities in the registry's order while they fitted). A trainer who runs the Charter before
the needs assessment, or a 90-minute evening, now writes it down::

    # data/plans/two-hours.yaml
    title: {en: Two-hour workshop, fr: Atelier de deux heures}
    minutes: 120
    activities:
      - welcome                      # the warm-up, run from the hub
      - {activity: needs, minutes: 35}
      - {activity: assets, minutes: 35}
      - caregiving                   # no minutes: the notes' shortest, plus any time left
    break: {after: assets, minutes: 15}   # optional

``workshop-kit guide`` builds the run of show from it (:mod:`workshop_kit.core.guide`) and the
hub offers the plan's activities in its order (:func:`hub_order`; a community's own
``plan.yaml`` beside its profile). A plan with a mistake is refused with every problem, each
with its line and field, in the reader's language (:class:`PlanError`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workshop_kit.core.activity import discover
from workshop_kit.core.notes import HUB_NOTES, load_notes
from workshop_kit.i18n import Translator

#: The plan a community folder may hold, beside its profile.
PLAN_FILE = "plan.yaml"
#: Fields a plan and an activity entry may have.
PLAN_FIELDS = ("title", "minutes", "activities", "break")
ENTRY_FIELDS = ("activity", "minutes")
BREAK_FIELDS = ("after", "minutes")
#: Longest workshop a plan may describe (a full day).
MAX_MINUTES = 8 * 60


@dataclass(frozen=True)
class PlanIssue:
    """One problem: its translated message, its line (from 1) and its field path."""

    message: str
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line is not None else ""
        return f"{where}{self.field}: {self.message}" if self.field else where + self.message

    def describe(self, t: Translator, file: str) -> str:
        """``plan.yaml, line 5, activities.1.minutes: …`` in the reader's language (the same
        words as ``workshop-kit check``)."""
        values = {"file": file, "field": self.field, "message": self.message}
        if self.line is not None and self.field:
            text = t("trainer.check.problem", line=self.line, **values)
        elif self.field:
            text = t("trainer.check.problem_no_line", **values)
        else:
            text = t("trainer.check.problem_file", **values)
        return text


class PlanError(ValueError):
    """A plan that cannot be used; ``issues`` lists every problem."""

    def __init__(self, source: str, issues: Sequence[PlanIssue]) -> None:
        self.source = source
        self.issues = list(issues)
        super().__init__(f"{source}: " + "; ".join(str(i) for i in self.issues))


@dataclass(frozen=True)
class PlannedActivity:
    activity: str
    #: Its fixed length, or ``None``: the notes' shortest plus a share of any time left.
    minutes: int | None = None


@dataclass(frozen=True)
class WorkshopPlan:
    title: dict[str, str]
    minutes: int
    activities: tuple[PlannedActivity, ...]
    break_minutes: int = 0
    #: The activity the break follows (``None``: the one ending nearest the middle).
    break_after: str | None = None
    source: str = ""

    @property
    def order(self) -> list[str]:
        return [entry.activity for entry in self.activities]

    def title_in(self, language: str) -> str:
        return (
            self.title.get(language) or self.title.get("en") or next(iter(self.title.values()), "")
        )


def yaml_line(text: str, location: Sequence[Any]) -> int | None:
    """The line (from 1) of the field at ``location`` (``("areas", 2, "total")``) in YAML
    ``text``: the deepest part of the path that exists (a missing field: its parent's line)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if str(key.value) == str(part):
                    child = value if isinstance(value, yaml.CollectionNode) else key
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def plans_dir() -> Path:
    from workshop_kit.paths import data_dir

    return data_dir() / "plans"


def shipped_plans() -> list[Path]:
    """The plans the kit ships (``data/plans/*.yaml``), shortest first."""
    return sorted(plans_dir().glob("*.yaml"), key=lambda p: (_length_hint(p), p.name))


def _length_hint(path: Path) -> int:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return int(raw.get("minutes", 0))
    except (OSError, yaml.YAMLError, AttributeError, TypeError, ValueError):
        return 0


def notes_minutes(activity: str, language: str = "en") -> tuple[int, int] | None:
    """The shortest and longest script of an activity's notes, or ``None`` without notes."""
    info = discover().get(activity)
    if info is not None and info.minutes is not None:
        return info.minutes
    if info is None or info.page is None:
        return None
    notes = load_notes(Path(info.page).stem, language)
    return notes.minutes if notes is not None and notes.steps else None


def load_plan(path: str | Path, language: str = "en") -> WorkshopPlan:
    """Read and check a plan file; :class:`PlanError` with every problem otherwise."""
    t = Translator(language)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlanError(path.name, [PlanIssue(t("plan.error.not_found", path=str(path)))]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PlanError(path.name, [PlanIssue(str(error))]) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PlanError(path.name, [PlanIssue(t("plan.error.not_yaml"), line)]) from None
    return plan_from_mapping(raw, t, text=text, source=path.name)


def plan_from_mapping(raw: Any, t: Translator, *, text: str = "", source: str = "") -> WorkshopPlan:
    issues: list[PlanIssue] = []

    def problem(location: tuple[Any, ...], key: str, **values: Any) -> None:
        field = ".".join(str(p) for p in location)
        issues.append(PlanIssue(t(f"plan.error.{key}", **values), yaml_line(text, location), field))

    if not isinstance(raw, Mapping):
        raise PlanError(source, [PlanIssue(t("plan.error.not_mapping"), 1)])
    for key in raw:
        if key not in PLAN_FIELDS:
            problem((key,), "unknown_field", allowed=", ".join(PLAN_FIELDS))
    minutes = _whole(raw.get("minutes"), ("minutes",), 10, MAX_MINUTES, problem)
    title = raw.get("title", "")
    titles = {"en": title} if isinstance(title, str) else title
    if not isinstance(titles, Mapping) or not all(isinstance(v, str) for v in titles.values()):
        problem(("title",), "bad_title")
        titles = {}
    known = discover()
    entries: list[PlannedActivity] = []
    listed = raw.get("activities")
    if not isinstance(listed, list) or not listed:
        problem(("activities",), "no_activities")
        listed = []
    seen: set[str] = set()
    for index, item in enumerate(listed):
        where = ("activities", index)
        entry = {"activity": item} if isinstance(item, str) else item
        if not isinstance(entry, Mapping) or not isinstance(entry.get("activity"), str):
            problem(where, "bad_entry")
            continue
        for key in entry:
            if key not in ENTRY_FIELDS:
                problem((*where, key), "unknown_field", allowed=", ".join(ENTRY_FIELDS))
        activity = entry["activity"].strip()
        if activity not in known:
            problem(
                (*where, "activity") if not isinstance(item, str) else where,
                "unknown_activity",
                value=activity,
                known=", ".join(known),
            )
            continue
        if activity in seen:
            problem(where, "repeated", value=activity)
            continue
        seen.add(activity)
        fixed = None
        if "minutes" in entry:
            fixed = _whole(entry["minutes"], (*where, "minutes"), 1, MAX_MINUTES, problem)
            span = notes_minutes(activity, t.language)
            if fixed is not None and span is not None and not span[0] <= fixed <= span[1]:
                problem(
                    (*where, "minutes"),
                    "outside_notes",
                    value=fixed,
                    low=span[0],
                    high=span[1],
                    activity=activity,
                )
        entries.append(PlannedActivity(activity, fixed))
    break_minutes, break_after = 0, None
    pause = raw.get("break")
    if pause is not None:
        if not isinstance(pause, Mapping):
            problem(("break",), "bad_break")
        else:
            for key in pause:
                if key not in BREAK_FIELDS:
                    problem(("break", key), "unknown_field", allowed=", ".join(BREAK_FIELDS))
            break_minutes = _whole(pause.get("minutes"), ("break", "minutes"), 1, 120, problem) or 0
            break_after = pause.get("after")
            if break_after is not None and break_after not in seen:
                problem(
                    ("break", "after"), "break_after", value=break_after, listed=", ".join(seen)
                )
                break_after = None
    if minutes is not None and not issues:
        hub = load_notes(HUB_NOTES, t.language)  # the opening and closing, run from the hub
        needed = (hub.minutes[0] if hub is not None else 0) + break_minutes
        for entry in entries:
            span = notes_minutes(entry.activity, t.language) or (0, 0)
            needed += entry.minutes if entry.minutes is not None else span[0]
        if needed > minutes:
            problem(("minutes",), "too_short", value=minutes, needed=needed)
    if issues:
        raise PlanError(source, issues)
    return WorkshopPlan(
        {str(k): str(v) for k, v in titles.items()},
        int(minutes or 0),
        tuple(entries),
        break_minutes,
        break_after,
        source,
    )


def _whole(value: Any, location: tuple[Any, ...], low: int, high: int, problem) -> int | None:
    if value is None:
        problem(location, "missing")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problem(location, "not_whole", value=value)
        return None
    if not low <= value <= high:
        problem(location, "out_of_range", value=value, low=low, high=high)
        return None
    return value


def community_plan(profile: Any, language: str = "en") -> WorkshopPlan | None:
    """The plan in the profile's folder (``plan.yaml``), if there is one."""
    folder = getattr(profile, "source_dir", None)
    if folder is None or not (Path(folder) / PLAN_FILE).is_file():
        return None
    return load_plan(Path(folder) / PLAN_FILE, language)


def hub_order(activity_ids: Iterable[str], plan: WorkshopPlan | None) -> list[str]:
    """What the hub's switch offers, in order: the screens that are no activity ("waiting",
    "look at the shared screen") first as always, then the plan's activities in its order, or
    every activity in the registry's order when there is no plan."""
    available = list(activity_ids)
    if plan is None:
        return available
    activities = discover()
    screens = [entry for entry in available if entry not in activities]
    return screens + [activity for activity in plan.order if activity in available]


def switch_order(activity_ids: Iterable[str], profile: Any) -> list[str]:
    """What the hub's activity switch offers for this community: its ``plan.yaml``'s order.

    A plan with a mistake is refused by ``workshop-kit serve`` and ``check`` with its lines;
    a page never fails on it and offers every activity instead.
    """
    try:
        plan = community_plan(profile, getattr(profile, "language", "en"))
    except PlanError:
        plan = None
    return hub_order(activity_ids, plan)
