"""A facilitator's activity page for one session: refusal, session choice, live refresh.

Activity notebooks (needs assessment, asset mapping …) show their results for a session the
facilitator created in the hub. This module does the parts they share: refuse participant
links, pick the session (``?code=`` from the hub's link, or a list of the facilitator's own
sessions), and redraw the activity's view whenever the store says something changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.core.context import PageContext, facilitator_page_context
from workshop_kit.core.store import SessionInfo, Store, StoreError, normalise_code, open_store
from workshop_kit.core.style import PAGE_CSS
from workshop_kit.core.widgets import (
    LivePoll,
    MessageArea,
    error_message,
    escape,
    guarded,
    refusal,
    synthetic_banner,
)

POLL_SECONDS = 2.0
#: Charts redraw at most this often while answers pour in (see :class:`LivePoll`).
MIN_REDRAW_SECONDS = 4.0

#: Builds the activity's view; the view's ``refresh()`` is called whenever answers change.
ViewBuilder = Callable[[PageContext, Store, SessionInfo], Any]


class SessionPage(widgets.VBox):
    """Header + session chooser + the activity view of the chosen session, kept live."""

    def __init__(
        self,
        context: PageContext,
        store: Store,
        title_key: str,
        build_view: ViewBuilder,
        poll: bool = True,
    ) -> None:
        self.context = context
        self.store = store
        self.build_view = build_view
        self.poll = poll
        self.t = context.t
        self.messages = MessageArea()
        self.poller: LivePoll | None = None
        self.view: Any = None
        self.view_host = widgets.VBox()
        t = self.t
        assert context.facilitator is not None
        self.sessions = store.sessions_for(context.facilitator.key_hash)
        header = widgets.HTML(
            f"<h1>{escape(t(title_key))}</h1>{synthetic_banner(context.profile, t)}"
        )
        self.chooser = widgets.Dropdown(
            options=[(f"{s.code} · {s.title}", s.code) for s in self.sessions],
            value=None,
            description=t("page.session"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 560px)"),
        )
        self.chooser.add_class("wk-session-chooser")
        self.chooser.observe(
            guarded(lambda change: self.open_session(change["new"]), self.messages, t),
            names="value",
        )
        children: list[widgets.Widget] = [widgets.HTML(PAGE_CSS), header]
        if self.sessions:
            children.append(self.chooser)
        else:
            children.append(widgets.HTML(f"<p>{escape(t('page.no_sessions'))}</p>"))
        super().__init__([*children, self.messages, self.view_host])
        self.add_class("wk-session-page")
        wanted = normalise_code(context.query.get("code", ""))
        if wanted:
            if wanted in {s.code for s in self.sessions}:
                self.chooser.value = wanted
            else:
                self.messages.show(t("session.not_found", code=wanted[:16]), "error")

    def open_session(self, code: str | None) -> None:
        if not code:
            return
        if self.poller is not None:
            self.poller.stop()
        session = next(s for s in self.sessions if s.code == code)
        self.view = self.build_view(
            self.context.with_language(session.language), self.store, session
        )
        self.view_host.children = [
            widgets.HTML(f'<h2 class="wk-session-title">{escape(session.title)}</h2>'),
            self.view,
        ]
        if self.poll:
            self.poller = LivePoll(
                lambda: self.store.state(code),
                lambda _state: self.view.refresh(),
                POLL_SECONDS,
                min_redraw_seconds=MIN_REDRAW_SECONDS,
            )
            self.poller.last = self.store.state(code)
            self.poller.start()


def session_page(title_key: str, build_view: ViewBuilder, poll: bool = True) -> widgets.Widget:
    """The page for this request: a refusal for participant links, else a :class:`SessionPage`."""
    context = facilitator_page_context()
    if context.facilitator is None:
        return refusal(context.t)
    try:
        store = open_store(context.store_url)
    except StoreError:
        return error_message(context.t("app.error_store"))
    return SessionPage(context, store, title_key, build_view, poll=poll)
