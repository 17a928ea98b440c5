"""What an activity is, and how the kit finds them: one folder under ``workshop_kit/activities/``.

A folder ``workshop_kit/activities/<id>/`` is an activity when its ``__init__.py`` defines
``ACTIVITY = ActivityInfo(...)``. Nothing lists the activities by hand: the hub, the
participant app, answer validation and the import contract all find them here, so adding an
activity never edits the core (see ``docs/adding-an-activity.md``).

The declaration is plain data and imports nothing heavy, because the Voilà server and every
participant kernel read it. It names the modules that do the work as ``"module:attribute"``
inside the activity's folder, by convention; they are imported only when used, so a phone
showing the needs form never imports the asset map's code:

- ``answers`` (always imported): what a phone may send, as :func:`~workshop_kit.core.answers.
  answer_schema` classes;
- ``form:build_form``: builds the phone form from a :class:`~workshop_kit.core.registry.
  FormContext`;
- ``live:build_live`` (if ``live.py`` exists): the projected view, built from a
  :class:`~workshop_kit.core.registry.ResultsContext`;
- ``report:report_section`` (if ``report.py`` exists): the activity's section of the workshop
  report (:mod:`workshop_kit.core.report`);
- ``shown:shown_state`` (if ``shown.py`` exists): what the activity may show, built once from
  its released answers (:mod:`workshop_kit.core.shown`); the live view, the facilitator
  page and the report section lay it out;
- ``rehearsal:rehearsal_answers`` (if ``rehearsal.py`` exists): what one simulated participant
  plausibly sends, for a practice session (``workshop-kit rehearse``): a function of the
  profile, a ``random.Random``, the session's language and the participant's persona
  (``{"group": …, "area": …}``) returning the payloads, in the order a phone sends them;
- a folder may instead define ``ACTIVITIES``, a function returning several declarations
  (one per file a trainer wrote: the question sets, ``activities/questions/``); each names
  its ``argument`` (the file's id), which every builder above then receives first;
- ``provides`` (optional): functions other activities may call, by interface name (see
  :func:`provided`). It is the only way one activity uses another: an import of another
  activity's modules breaks the import contract in ``pyproject.toml``.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import warnings
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import Any

#: The package whose sub-packages are the activities.
ACTIVITIES_PACKAGE = "workshop_kit.activities"


@dataclass(frozen=True)
class ActivityInfo:
    """One activity's declaration (its folder's ``ACTIVITY``).

    Usually one line: ``ActivityInfo("welcome", "welcome.title", 10)``. The code is found by
    convention, as ``"module:attribute"`` inside the folder: the phone form is
    ``form:build_form``, the projected view ``live:build_live`` and the report section
    ``report:report_section``, each only if its module exists.
    """

    #: The id answers are stored under; also the folder's name.
    id: str
    #: Catalog key of the activity's name, as the hub lists it.
    title_key: str
    #: Where the hub lists it: smaller first (the warm-up is 10, needs 20 …).
    order: int
    #: The activity's own facilitator notebook in ``notebooks/`` (fuller view, imports,
    #: exports), if any.
    page: str | None = None
    #: Offer "someone else will use this phone" from the start (screens with nothing to
    #: answer); other activities offer it once the person's answer is saved.
    offers_handover: bool = False
    #: Interface name -> ``"module:attribute"``: what other activities may call (see
    #: :data:`INTERFACES`).
    provides: dict[str, str] = field(default_factory=dict)
    #: Builds the phone form from a :class:`~workshop_kit.core.registry.FormContext`.
    form: str = "form:build_form"
    #: Builds the projected live view from a :class:`~workshop_kit.core.registry.
    #: ResultsContext`; filled in by :func:`discover` when the folder has ``live.py``.
    live: str | None = None
    #: The activity's section of the workshop report: a function of a
    #: :class:`~workshop_kit.core.report.ReportContext` returning a ``ReportSection`` (or
    #: ``None`` when the activity did not run); filled in when the folder has ``report.py``.
    report: str | None = None
    #: What the activity may show, built once from its released answers: a function of a
    #: view context (:mod:`workshop_kit.core.shown`); filled in when the folder has
    #: ``shown.py``.
    shown: str | None = None
    #: What a simulated participant sends in a rehearsal; filled in when the folder has
    #: ``rehearsal.py``.
    rehearsal: str | None = None
    #: The activity's package; filled in by :func:`discover`.
    package: str = ""
    #: For one of a folder's several activities (``ACTIVITIES``): what its builders receive
    #: first (a question set's id), so one folder's code serves every file.
    argument: str | None = None
    #: Its shortest and longest length in minutes when it has no facilitator notes (a
    #: question set's ``minutes``), for workshop plans.
    minutes: tuple[int, int] | None = None

    def load(self, reference: str) -> Any:
        """Import ``"module:attribute"`` from this activity's folder (given its ``argument``
        first when it has one)."""
        module, _, attribute = reference.partition(":")
        found = getattr(importlib.import_module(f"{self.package}.{module}"), attribute)
        return partial(found, self.argument) if self.argument is not None else found


#: The optional parts found by convention: field -> ``"module:attribute"``.
CONVENTIONS = {
    "live": "live:build_live",
    "report": "report:report_section",
    "shown": "shown:shown_state",
    "rehearsal": "rehearsal:rehearsal_answers",
}


#: The declared cross-activity interfaces: what a provider promises, in one line each. A new
#: interface is added here, so a reviewer sees every way activities depend on each other.
INTERFACES = {
    "need_scores": (
        "need_scores(answers, profile) -> pandas.Series of the unmet-need score per need id, "
        "only for needs rated by at least profile.min_cell_size people (disclosure control)"
    ),
}


class ActivityError(LookupError):
    """An activity folder that does not declare itself properly, or a missing interface."""


@cache
def discover() -> dict[str, ActivityInfo]:
    """Every activity folder's declaration, by id, in the hub's order.

    Imports each ``workshop_kit/activities/<id>/__init__.py`` and nothing else.
    """
    package = importlib.import_module(ACTIVITIES_PACKAGE)
    found: list[ActivityInfo] = []
    for module in pkgutil.iter_modules(package.__path__):
        if not module.ispkg or module.name.startswith("_"):
            continue
        name = f"{ACTIVITIES_PACKAGE}.{module.name}"
        imported = importlib.import_module(name)
        family = getattr(imported, "ACTIVITIES", None)
        declared = getattr(imported, "ACTIVITY", None)
        if callable(family) and declared is None:
            found.extend(_declared(name, each, family=True) for each in family())
            continue
        if not isinstance(declared, ActivityInfo):
            raise ActivityError(f"{name} does not define ACTIVITY = ActivityInfo(...)")
        if declared.id != module.name:
            raise ActivityError(f"{name} declares id {declared.id!r}: it must be its folder name")
        found.append(_declared(name, declared))
    found.sort(key=lambda info: (info.order, info.id))
    activities = {info.id: info for info in found}
    if len(activities) != len(found):
        raise ActivityError("two activities declare the same id")
    for info in found:
        if not info.report and _has_module(info.package, info.form):
            warnings.warn(
                f"activity {info.id!r} has a form but no report section ({info.package}.report)",
                MissingReportWarning,
                stacklevel=2,
            )
    return activities


def _declared(name: str, declared: ActivityInfo, family: bool = False) -> ActivityInfo:
    """``declared`` with its package and the parts its folder has by convention."""
    if family and not isinstance(declared, ActivityInfo):
        raise ActivityError(f"{name}.ACTIVITIES() must return ActivityInfo declarations")
    unknown = set(declared.provides) - set(INTERFACES)
    if unknown:
        raise ActivityError(f"{name} provides undeclared interfaces {sorted(unknown)}")
    parts = {
        part: reference
        for part, reference in CONVENTIONS.items()
        if getattr(declared, part) is None
        and importlib.util.find_spec(f"{name}.{reference.partition(':')[0]}") is not None
    }
    return replace(declared, package=name, **parts)


class MissingReportWarning(UserWarning):
    """An activity people can answer whose answers the report would silently leave out."""


def without_report() -> list[str]:
    """The activities with a phone form but no report section (no ``report.py``).

    Every activity that ran must have its section in the workshop report (the report is the
    community's record of the workshop); a missing optional hook would otherwise go unnoticed
    until a facilitator found the section absent. :func:`discover` warns about each, and a
    test fails on any.
    """
    return [
        info.id
        for info in discover().values()
        if not info.report and _has_module(info.package, info.form)
    ]


def _has_module(package: str, reference: str) -> bool:
    """Whether ``"module:attribute"`` names a module that exists in ``package``."""
    return importlib.util.find_spec(f"{package}.{reference.partition(':')[0]}") is not None


def import_answers() -> None:
    """Import every activity's ``answers`` module, so each answer schema is registered."""
    for info in discover().values():
        importlib.import_module(f"{info.package}.answers")


def provided(interface: str) -> Any | None:
    """The function some activity provides for ``interface``, or ``None`` if none does.

    A caller must work without it (the asset map without a needs assessment, for example).
    """
    if interface not in INTERFACES:
        raise ActivityError(f"{interface!r} is not a declared interface")
    for info in discover().values():
        if interface in info.provides:
            return info.load(info.provides[interface])
    return None
