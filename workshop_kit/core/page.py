"""The facilitator's page of an activity: one frame every activity notebook shares.

An activity notebook (needs assessment, asset mapping, caregiver load …) makes one call,
``show()``, which builds its page with :func:`facilitator_page`. The frame does what every
page needs, so an activity writes only its view:

- refuse participant links before anything else, even before a profile's problems
  (:func:`~workshop_kit.core.widgets.refusal`);
- say plainly when the community profile or the store cannot be read: the profile's problems
  one a line, in the language the page asked for (:class:`~workshop_kit.core.widgets.
  ProblemList`);
- the title and, for the sample community, the "synthetic data" banner;
- the facilitator notes of the activity's notebook, in the page's language, in a panel that
  stays closed (and empty) until the facilitator opens it, since this page is usually the
  one on the projector (:mod:`~workshop_kit.core.notes_panel`). The frame finds them by
  itself: the notebook named by the activity's declaration (``ActivityInfo.page``), notes in
  ``notebooks/notes/<stem>.<language>.md``;
- choose the session: ``?code=`` from the hub's link, or a list of the facilitator's own
  sessions; with ``without_session``, also "no live session", for work on imported files or
  on the profile alone (the design asks every activity notebook to work without a session);
- keep the view live: the store is polled and the view redrawn only when the answers it
  :attr:`~ActivityView.reads` changed (:meth:`~workshop_kit.core.store.Store.activity_state`),
  at most every :data:`MIN_REDRAW_SECONDS` while answers pour in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as widgets

from workshop_kit.core.context import PageContext, UnreadableProfile, facilitator_page_context
from workshop_kit.core.notes import notes_stem_for
from workshop_kit.core.notes_panel import NotesPanel, facilitator_notes
from workshop_kit.core.store import SessionInfo, Store, StoreError, normalise_code, open_store
from workshop_kit.core.style import PAGE_CSS
from workshop_kit.core.widgets import (
    LivePoll,
    MessageArea,
    ProblemList,
    error_message,
    escape,
    guarded,
    refusal,
    synthetic_banner,
)
from workshop_kit.i18n import Translator

POLL_SECONDS = 2.0
#: Charts redraw at most this often while answers pour in (see :class:`LivePoll`).
MIN_REDRAW_SECONDS = 4.0
#: The chooser's value for "no live session".
NO_SESSION = ""


class ActivityView(Protocol):
    """What an activity's page view offers the frame."""

    #: The activities whose answers the view shows: a change to one of them redraws it.
    reads: tuple[str, ...]

    def refresh(self) -> Any:
        """Redraw from the store (or, with no session, from what the page holds)."""


#: Builds the activity's view for a session, or for no session (``None``).
ViewBuilder = Callable[[PageContext, Store, SessionInfo | None], ActivityView]


class FacilitatorPage(widgets.VBox):
    """Header + session chooser + the activity's view of the chosen session, kept live.

    CSS classes for tests: ``wk-session-page``, ``wk-session-chooser``, ``wk-session-title``.
    """

    def __init__(
        self,
        context: PageContext,
        store: Store,
        title_key: str,
        build_view: ViewBuilder,
        *,
        without_session: str | None = None,
        poll: bool = True,
        notes: str | None = None,
    ) -> None:
        """``without_session`` is the catalog key of the "no live session" choice; ``None``
        means the activity needs a session. ``notes``: the notebook stem whose notes to show
        (by default, the notebook of the activity that ``build_view`` belongs to)."""
        assert context.facilitator is not None
        self.context = context
        self.store = store
        self.build_view = build_view
        self.without_session = without_session
        self.poll = poll
        self.t = t = context.t
        self.messages = MessageArea()
        self.poller: LivePoll | None = None
        self.view: ActivityView | None = None
        self.view_host = widgets.VBox()
        self.sessions = store.sessions_for(context.facilitator.key_hash)
        options = [(f"{s.code} · {s.shown_title(context.t)}", s.code) for s in self.sessions]
        if without_session:
            options.insert(0, (t(without_session), NO_SESSION))
        self.chooser = widgets.Dropdown(
            options=options,
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
        header = widgets.HTML(
            f"<h1>{escape(t(title_key))}</h1>{synthetic_banner(context.profile, t)}"
        )
        if notes is None:
            notes = notes_stem_for(getattr(build_view, "__module__", "") or "")
        self.notes: NotesPanel | None = facilitator_notes(context, notes)
        children: list[widgets.Widget] = [widgets.HTML(PAGE_CSS), header]
        if self.notes is not None:
            children.append(self.notes)
        if options:
            children.append(self.chooser)
        else:
            children.append(widgets.HTML(f"<p>{escape(t('page.no_sessions'))}</p>"))
        super().__init__([*children, self.messages, self.view_host])
        self.add_class("wk-session-page")

        wanted = normalise_code(context.query.get("code", ""))[:16]
        if wanted and wanted not in {s.code for s in self.sessions}:
            self.messages.show(t("session.not_found", code=wanted), "error")
            wanted = ""
        if wanted:
            self.chooser.value = wanted
        elif without_session:
            self.chooser.value = NO_SESSION

    def session(self, code: str | None) -> SessionInfo | None:
        return next((s for s in self.sessions if s.code == code), None)

    def open_session(self, code: str | None) -> None:
        """Show the view of session ``code`` (or of no session), and keep it live."""
        if code is None or (code == NO_SESSION and not self.without_session):
            return
        self.stop_polling()
        session = self.session(code)
        context = self.context.with_language(session.language) if session else self.context
        if self.notes is not None:
            self.notes.set_language(context.language)
        self.view = view = self.build_view(context, self.store, session)
        title = (
            [
                widgets.HTML(
                    f'<h2 class="wk-session-title">{escape(session.shown_title(context.t))}</h2>'
                )
            ]
            if session
            else []
        )
        self.view_host.children = [*title, view]  # type: ignore[list-item]
        if session is not None and self.poll:
            reads = tuple(getattr(view, "reads", ()))
            self.poller = LivePoll(
                lambda: self._poll_state(session.code, reads),
                lambda _state: view.refresh(),
                POLL_SECONDS,
                min_redraw_seconds=MIN_REDRAW_SECONDS,
            )
            self.poller.last = self._poll_state(session.code, reads)
            self.poller.start()

    def _poll_state(self, code: str, reads: tuple[str, ...]) -> tuple[Any, ...]:
        """What a redraw depends on: the answers the view reads and the releases (a
        "Show results" on the hub changes what this page may show)."""
        return (self.store.activity_state(code, reads), self.store.releases_version(code))

    def stop_polling(self) -> None:
        if self.poller is not None:
            self.poller.stop()
            self.poller = None


def facilitator_page(
    title_key: str,
    build_view: ViewBuilder,
    *,
    without_session: str | None = None,
    poll: bool = True,
    notes: str | None = None,
) -> widgets.Widget:
    """The page for this request: a refusal for participant links, a plain message when the
    profile or the store cannot be read, else a :class:`FacilitatorPage`."""
    try:
        context = facilitator_page_context()
    except UnreadableProfile as error:
        t = Translator(error.language)
        return refusal(t) if error.facilitator is None else ProblemList(error.problems, t)
    if context.facilitator is None:
        return refusal(context.t)
    try:
        store = open_store(context.store_url)
    except StoreError:
        return error_message(context.t("app.error_store"))
    return FacilitatorPage(
        context,
        store,
        title_key,
        build_view,
        without_session=without_session,
        poll=poll,
        notes=notes,
    )
