"""The registry of live activities: what participants see and what the hub shows.

An activity module (``apps/welcome.py``, ``apps/needs.py`` …) calls :func:`register` with an
:class:`Activity`. The participant app shows the form of the activity the facilitator made
current; the hub lists every registered activity and shows its live results.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

#: Modules that register activities, in the order the hub lists them.
ACTIVITY_MODULES = (
    "workshop_kit.apps.welcome",
    "workshop_kit.apps.needs",
    "workshop_kit.apps.assets",
    "workshop_kit.apps.caregiving",
)


@dataclass
class FormContext:
    """What a participant form needs: where to send answers, in which language, for whom."""

    profile: Profile
    t: Translator
    send: Callable[[str, dict[str, Any]], bool]
    code: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ResultsContext:
    """What a live results view needs: read answers, translate, respect the profile."""

    profile: Profile
    t: Translator
    answers: Callable[[str], Any]  # activity id -> DataFrame of latest answers
    code: str
    #: activity id -> DataFrame of every answer (the log): live views release what they show
    #: from it in whole blocks of ``min_cell_size`` (:func:`workshop_kit.disclosure.
    #: released_answers`). Without it they release from the latest answers.
    history: Callable[[str], Any] | None = None

    def released(self, activity: str) -> Any:
        """The answers a projected view may show (see :mod:`workshop_kit.disclosure`)."""
        from workshop_kit.disclosure import released_answers

        log = self.history(activity) if self.history is not None else self.answers(activity)
        return released_answers(log, self.profile.min_cell_size)


class LiveResults(widgets.VBox):
    """Base of live result views: the hub calls :meth:`refresh` when answers change."""

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class Activity:
    id: str
    title_key: str
    form: Callable[[FormContext], widgets.Widget]
    results: Callable[[ResultsContext], LiveResults] | None = None
    #: The activity's own facilitator notebook (fuller view, imports, exports), if any.
    page: str | None = None
    #: Offer "someone else will use this phone" from the start (screens with nothing to
    #: answer); other activities offer it once the person's answer is saved.
    offers_handover: bool = False


_REGISTRY: dict[str, Activity] = {}


def register(activity: Activity) -> Activity:
    _REGISTRY[activity.id] = activity
    return activity


def activities() -> dict[str, Activity]:
    """Every registered activity, importing the activity modules on first use."""
    for module in ACTIVITY_MODULES:
        importlib.import_module(module)
    return dict(_REGISTRY)


def find_activity(activity_id: str) -> Activity:
    """One activity (the waiting screen for an unknown id), importing only its own module.

    A phone shows one form at a time: importing every activity's module would cost each
    participant kernel about 3 MB it never uses (40 phones: 120 MB).
    """
    module = f"workshop_kit.apps.{activity_id}"
    if activity_id not in _REGISTRY and module in ACTIVITY_MODULES:
        importlib.import_module(module)
    return _REGISTRY.get(activity_id, _REGISTRY["waiting"])


def _message_form(key: str) -> Callable[[FormContext], widgets.Widget]:
    def build(context: FormContext) -> widgets.Widget:
        text = widgets.HTML(f'<p class="wk-activity-message">{context.t(key)}</p>')
        return widgets.VBox([text], layout=widgets.Layout(padding="8px 0"))

    return build


WAITING = register(
    Activity(
        "waiting", "activities.waiting", _message_form("participant.waiting"), offers_handover=True
    )
)
SCREEN = register(
    Activity(
        "screen",
        "activities.screen",
        _message_form("participant.look_at_screen"),
        offers_handover=True,
    )
)
