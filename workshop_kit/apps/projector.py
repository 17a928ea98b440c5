"""The projector view: what the room sees, and nothing else.

The hub is the facilitator's console (sessions, controls, moderation, notes) on the laptop's
own screen; this page goes on the projector, opened from the hub with the session's code
(``projector.ipynb?code=ABC123``). It shows the join code, the join link and a QR code that
scans, then the current activity's live view, in large type and in the session's language
(the room's, whatever the facilitator's own), at 1920×1080 and 1280×720.

It follows the hub by itself: it polls the store as the hub does (:class:`LivePoll`), and
when the facilitator chooses another activity it shows that activity's live view. The view
is the activity's own :class:`~workshop_kit.core.registry.LiveResults`, the object the hub
shows: what an activity may project (released answers, a reveal, progress while it is open)
is decided there, once, and this page adds nothing to it.

Like every facilitator page it needs the facilitator's sign-in: a participant link gets a
refusal (the server refuses it before any kernel is used, and :func:`projector_app` again).
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.apps.hub import join_link
from workshop_kit.core.context import PageContext, facilitator_page_context
from workshop_kit.core.page import MIN_REDRAW_SECONDS, POLL_SECONDS
from workshop_kit.core.qr import qr_svg
from workshop_kit.core.registry import Activity, LiveResults, ResultsContext, activities
from workshop_kit.core.store import SessionInfo, Store, StoreError, normalise_code, open_store
from workshop_kit.core.store.changes import SessionState
from workshop_kit.core.style import PAGE_CSS, PROJECTOR_CSS
from workshop_kit.core.widgets import LivePoll, error_message, escape, refusal
from workshop_kit.i18n import Translator


def chosen_session(store: Store, key_hash: str, wanted: str) -> SessionInfo | None:
    """The session to project: the one the hub asked for (``?code=``), if it is this
    facilitator's, else their newest open session (a projector reopened by hand)."""
    sessions = store.sessions_for(key_hash)
    code = normalise_code(wanted)[:16]
    if code:
        return next((s for s in sessions if s.code == code), None)
    return next((s for s in sessions if s.is_open), None)


class JoinPanel(widgets.VBox):
    """The join code in very large type, the join link, and the QR code that opens it."""

    def __init__(self, context: PageContext, code: str) -> None:
        t = context.t
        link = join_link(context, code)
        text = widgets.HTML(
            f'<div class="wk-join"><p class="wk-join-label">{escape(t("hub.join_code"))}</p>'
            f'<p class="wk-join-code">{escape(code)}</p>'
            f'<p class="wk-join-link">{escape(link)}</p></div>'
        )
        qr = widgets.HTML(qr_svg(link, t("hub.qr_alt", link=link)))
        qr.add_class("wk-qr-box")
        super().__init__([text, qr])
        self.add_class("wk-projector-join")


class ProjectedActivity(widgets.VBox):
    """The current activity's title and live view; follows the session's current activity."""

    def __init__(self, context: PageContext, store: Store, code: str) -> None:
        self.context = context
        self.store = store
        self.code = code
        self.registry = activities()
        self.activity_id: str | None = None
        self.results: LiveResults | None = None
        self.title = widgets.HTML()
        self.title.add_class("wk-projector-activity")
        super().__init__([self.title])
        self.add_class("wk-projector-live")

    def follow(self, state: SessionState) -> None:
        """Show the activity the facilitator made current, or refresh the one shown."""
        if state.current_activity != self.activity_id:
            self._show(state.current_activity)
        elif self.results is not None:
            self.results.refresh()

    def _show(self, activity_id: str) -> None:
        t = self.context.t
        activity: Activity | None = self.registry.get(activity_id)
        self.activity_id = activity_id
        self.results = None
        if activity is None:  # no activity chosen yet: the join panel is the whole page
            self.title.value = ""
            self.children = [self.title]
            return
        self.title.value = f"<h2>{escape(t(activity.title_key))}</h2>"
        if activity.results is not None:
            context = ResultsContext.of_session(self.store, self.code, self.context.profile, t)
            self.results = activity.results(context)
        self.children = [self.title, *([self.results] if self.results is not None else [])]


class ProjectorView(widgets.VBox):
    """Join panel beside the current activity's live view, kept live by polling the store."""

    def __init__(
        self, context: PageContext, store: Store, session: SessionInfo, poll: bool = True
    ) -> None:
        self.context = context.with_language(session.language)
        self.store = store
        self.code = session.code
        self.join = JoinPanel(self.context, session.code)
        self.live = ProjectedActivity(self.context, store, session.code)
        state = store.state(session.code)
        self.live.follow(state)
        self.poller: LivePoll | None = None
        super().__init__(
            [
                widgets.HTML(PAGE_CSS + PROJECTOR_CSS),
                widgets.HBox([self.join, self.live], layout=widgets.Layout(width="100%")),
            ]
        )
        self.add_class("wk-projector")
        if poll:
            self.poller = LivePoll(
                lambda: store.state(session.code),
                self.live.follow,
                POLL_SECONDS,
                min_redraw_seconds=MIN_REDRAW_SECONDS,
            )
            self.poller.last = state
            self.poller.start()

    def stop_polling(self) -> None:
        if self.poller is not None:
            self.poller.stop()


def projector_app(poll: bool = True) -> widgets.Widget:
    """The projector view for this page's visitor: the session's display, or a refusal."""
    context = facilitator_page_context()
    if context.facilitator is None:
        return refusal(context.t)
    t = context.t
    try:
        store = open_store(context.store_url)
        session = chosen_session(store, context.facilitator.key_hash, context.query.get("code", ""))
    except StoreError:
        return error_message(Translator(context.language)("app.error_store"))
    if session is None:
        return error_message(t("projector.no_session"))
    return ProjectorView(context, store, session, poll=poll)


def show() -> None:
    display(projector_app())
