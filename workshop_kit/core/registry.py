"""The activities as the hub and the participant app use them: forms and live views.

Activities are found by :func:`workshop_kit.core.activity.discover` (one folder each, no list
kept by hand). This module adds what the pages need: the contexts a form and a live view are
built from, the base class of live views, and the two screens that are not activities (waiting
for the facilitator, look at the projector).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from workshop_kit.core.activity import ActivityInfo, discover
from workshop_kit.core.answers import InvalidAnswer
from workshop_kit.core.widgets import MessageArea, say_saved
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

if TYPE_CHECKING:
    from workshop_kit.core.store import Store


@dataclass
class FormContext:
    """What a participant form needs: where to send answers, in which language, for whom."""

    profile: Profile
    t: Translator
    send: Callable[[str, dict[str, Any]], bool]
    code: str
    extra: dict[str, Any] = field(default_factory=dict)
    #: This person's latest stored answer to an activity (``None``: nothing yet), for forms
    #: that continue what the person started instead of starting empty after a reload.
    previous: Callable[[str], dict[str, Any] | None] = lambda _activity: None

    def submit(
        self,
        activity: str,
        payload: dict[str, Any],
        button: widgets.Button,
        messages: MessageArea,
        refused: str,
    ) -> bool:
        """Send one answer from a form's button and say what happened.

        The button is disabled while the answer is on its way (a second tap does nothing);
        ``refused`` is shown when the payload does not fit the activity's answer schema.
        Returns whether the answer is kept (new or already stored).
        """
        button.disabled = True
        try:
            stored = self.send(activity, payload)
        except InvalidAnswer:
            messages.show(refused, "error")
            return False
        finally:
            button.disabled = False
        say_saved(messages, self.t, stored)
        return True


@dataclass
class ResultsContext:
    """What a live results view needs: read answers, translate, respect the profile."""

    profile: Profile
    t: Translator
    answers: Callable[[str], Any]  # activity id -> DataFrame of latest answers
    code: str
    #: activity id -> DataFrame of every answer (the log). Without a store, views release
    #: from it in whole blocks of ``min_cell_size`` (:func:`workshop_kit.core.disclosure.
    #: released_answers`); without it, from the latest answers.
    history: Callable[[str], Any] | None = None
    #: The session's store: views then show what the facilitator released
    #: (:func:`workshop_kit.core.release.released_answers_of`).
    store: Store | None = None

    @classmethod
    def of_session(cls, store: Store, code: str, profile: Profile, t: Translator) -> ResultsContext:
        """The context of a live session in the store: what the hub gives its projected view,
        and what a facilitator page uses to show the same released answers."""
        return cls(
            profile=profile,
            t=t,
            answers=lambda activity: store.answers(code, activity),
            code=code,
            history=lambda activity: store.answers(code, activity, latest_only=False),
            store=store,
        )

    def released(self, activity: str) -> Any:
        """The answers the views may show (see :mod:`workshop_kit.core.release`)."""
        from workshop_kit.core.release import view_released

        def log() -> Any:
            return self.history(activity) if self.history is not None else self.answers(activity)

        return view_released(self.store, self.code, activity, self.profile.min_cell_size, log)

    def releases(self, activity: str) -> Any:
        """The facilitator's releases of ``activity``, for an activity that releases part of
        its log on its own (:func:`workshop_kit.core.release.view_releases`)."""
        from workshop_kit.core.release import view_releases

        return view_releases(self.store, self.code, activity)

    def latest(self, activity: str) -> Any:
        """The latest answer per person and item: for the facilitator's own records."""
        return self.answers(activity)

    def shown(self, activity: str) -> Any:
        """The activity's shown state (:func:`workshop_kit.core.shown.shown_state`)."""
        from workshop_kit.core.shown import shown_state

        return shown_state(self, activity)


class LiveResults(widgets.VBox):
    """Base of live result views: the hub calls :meth:`refresh` when answers change."""

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class Activity:
    """An activity ready to show: its declaration, with the form and live view loaded lazily."""

    id: str
    title_key: str
    #: Builds the phone form.
    form: Callable[[FormContext], widgets.Widget]
    #: Builds the projected live view; ``None`` if the activity has none.
    results: Callable[[ResultsContext], LiveResults] | None = None
    #: The activity's own facilitator notebook, if any.
    page: str | None = None
    offers_handover: bool = False


def _lazy(info: ActivityInfo, reference: str) -> Callable[[Any], Any]:
    """A builder that imports its module on first call (a phone imports only what it shows)."""

    def build(context: Any) -> Any:
        return info.load(reference)(context)

    build.__qualname__ = f"{info.id}.{reference}"
    return build


def _ready(info: ActivityInfo) -> Activity:
    return Activity(
        info.id,
        info.title_key,
        _lazy(info, info.form),
        _lazy(info, info.live) if info.live else None,
        page=info.page,
        offers_handover=info.offers_handover,
    )


def activities() -> dict[str, Activity]:
    """The two screens, then every activity in the hub's order."""
    return {**SCREENS, **{activity_id: _ready(info) for activity_id, info in discover().items()}}


def find_activity(activity_id: str) -> Activity:
    """One activity (the waiting screen for an unknown id), importing only its own modules.

    A phone shows one form at a time: importing every activity's code would cost each
    participant kernel about 3 MB it never uses (40 phones: 120 MB).
    """
    info = discover().get(activity_id)
    if info is None:
        return SCREENS.get(activity_id, WAITING)
    return _ready(info)


def _message_form(key: str) -> Callable[[FormContext], widgets.Widget]:
    def build(context: FormContext) -> widgets.Widget:
        text = widgets.HTML(f'<p class="wk-activity-message">{context.t(key)}</p>')
        return widgets.VBox([text], layout=widgets.Layout(padding="8px 0"))

    return build


#: Shown when the facilitator has made no activity current (or an unknown one).
WAITING = Activity(
    "waiting", "activities.waiting", _message_form("participant.waiting"), offers_handover=True
)
#: "Look at the screen": the facilitator is presenting.
SCREEN = Activity(
    "screen",
    "activities.screen",
    _message_form("participant.look_at_screen"),
    offers_handover=True,
)
#: The screens that are not activities, by id.
SCREENS = {screen.id: screen for screen in (WAITING, SCREEN)}
