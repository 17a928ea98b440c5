"""The facilitator hub ("Start here"): sessions, join code and QR, activity, live results.

Only a page opened with the facilitator key gets past :func:`hub_app`; a participant who
opens this notebook sees a polite refusal and no control at all. Every action also passes
the key's hash to the store, which checks it against the session's own.

The hub is the page on the projector all workshop long, so its facilitator notes (the run of
the whole workshop, ``notebooks/notes/00_start_here.<language>.md``) sit in a panel that stays
closed, and empty, until the facilitator opens it (:mod:`workshop_kit.core.notes_panel`).
"""

from __future__ import annotations

from urllib.parse import urlencode

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.apps.readiness import ReadinessBox
from workshop_kit.auth import Facilitator
from workshop_kit.core.context import PageContext, facilitator_page_context
from workshop_kit.core.notes import HUB_NOTES
from workshop_kit.core.notes_panel import NotesPanel, facilitator_notes
from workshop_kit.core.page import MIN_REDRAW_SECONDS, POLL_SECONDS
from workshop_kit.core.plan import switch_order
from workshop_kit.core.qr import qr_svg
from workshop_kit.core.registry import Activity, LiveResults, ResultsContext, activities
from workshop_kit.core.reveal_panel import RevealPanel
from workshop_kit.core.store import SessionInfo, Store, StoreError, open_store
from workshop_kit.core.style import PAGE_CSS
from workshop_kit.core.widgets import (
    LivePoll,
    beside,
    error_message,
    escape,
    guarded,
    on_press,
    refusal,
    status_line,
    synthetic_banner,
    working,
)
from workshop_kit.i18n import Translator, available_languages

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
#: The projector view (``notebooks/projector.ipynb``, :mod:`workshop_kit.apps.projector`).
PROJECTOR_NOTEBOOK = "projector.ipynb"


def join_link(context: PageContext, code: str) -> str:
    """The short link participants type or scan: ``http://host:port/join/CODE``."""
    return f"{context.public_url}/join/{code}"


def page_language_links(language: str, t: Translator) -> str:
    """ "This page in: English · Français": the facilitator's own language, whatever the
    session's (``?lang=`` reloads the page in it; the sign-in cookie stays)."""
    links = " · ".join(
        f"<strong>{escape(name)}</strong>"
        if code == language
        else f'<a href="?{urlencode({"lang": code})}" lang="{code}">{escape(name)}</a>'
        for code, name in LANGUAGE_NAMES.items()
        if code in available_languages()
    )
    return f'<p class="wk-page-language">{escape(t("hub.page_language"))} {links}</p>'


class SessionPanel(widgets.VBox):
    """One session on the projector: how to join, who joined, what they see, the results."""

    def __init__(
        self, context: PageContext, store: Store, facilitator: Facilitator, session: SessionInfo
    ) -> None:
        self.context = context.with_language(session.language)
        self.t = self.context.t
        self.store = store
        self.facilitator = facilitator
        self.code = session.code
        self.registry = activities()
        t = self.t
        # Each control says what it did on a line of its own, beside it (not at the top of
        # the page): the facilitator's eyes are on the button they pressed.
        self.activity_status = status_line("wk-activity-status")
        self.messages = self.activity_status  # where the live area's problems are said
        self.handover_status = status_line("wk-handover-status")
        self.export_status = status_line("wk-export-status")
        self.close_status = status_line("wk-close-status")
        self.delete_status = status_line("wk-delete-status")
        link = join_link(self.context, self.code)
        self.join_box = widgets.HTML(
            f'<div class="wk-join"><p>{escape(t("hub.join_code"))}</p>'
            f'<p class="wk-join-code">{escape(self.code)}</p>'
            f'<p>{escape(t("hub.join_link"))}: <a href="{escape(link)}" target="_blank">'
            f"{escape(link)}</a></p>"
            f"<p>{escape(t('hub.join_instructions', link=link, code=self.code))}</p></div>"
        )
        self.qr = widgets.HTML(
            qr_svg(link, t("hub.qr_alt", link=link)),
            layout=widgets.Layout(width="min(300px, 40%)", flex="0 0 auto"),
        )
        self.qr.add_class("wk-qr-box")
        self.counts = widgets.HTML()
        self.counts.add_class("wk-participant-count")
        order = switch_order(self.registry, self.context.profile)  # the community's plan
        self.activity_choice = widgets.ToggleButtons(
            options=[(t(self.registry[a].title_key), a) for a in order],
            value=session.current_activity if session.current_activity in order else None,
            description=t("hub.current_activity"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.activity_choice.add_class("wk-activity-choice")
        self.activity_choice.observe(
            guarded(self._activity_chosen, self.activity_status, t), names="value"
        )
        # Shared phones and tablets: every phone asks "will someone else use this phone
        # now?". Asks, never signs anyone out: the person holding the phone decides.
        self.handover_button = widgets.Button(
            description=t("hub.handover"),
            tooltip=t("hub.handover_help"),
            layout=widgets.Layout(width="auto"),
        )
        self.handover_button.add_class("wk-ask-handover")
        on_press(self.handover_button, self._ask_handover, self.handover_status, t)
        self.close_button = widgets.Button(description=t("hub.close_session"))
        self.close_button.add_class("wk-close-session")
        on_press(self.close_button, self._toggle_open, self.close_status, t)
        self.delete_button = widgets.Button(
            description=t("hub.delete_answers"), button_style="danger"
        )
        self.delete_button.add_class("wk-delete-answers")
        on_press(self.delete_button, self._delete, self.delete_status, t)
        self._delete_armed = False
        self.export_button = widgets.Button(description=t("hub.export_report"), icon="download")
        self.export_button.add_class("wk-export-report")
        on_press(self.export_button, self._export, self.export_status, t)
        # person-level rows only on explicit request (workshop_kit.core.row_export)
        self.rows_button = widgets.Button(description=t("hub.export_rows"), icon="table")
        self.rows_button.add_class("wk-export-rows")
        on_press(self.rows_button, lambda b: self._export(b, rows=True), self.export_status, t)
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-report-downloads")
        self.results_host = widgets.VBox()
        self.results: LiveResults | None = None
        self.reveal: RevealPanel | None = None
        self.results_activity: str | None = None
        language = LANGUAGE_NAMES.get(session.language, session.language)
        header = widgets.HTML(
            f'<h2 class="wk-session-title">{escape(session.shown_title(t))}</h2>'
            f'<p class="wk-session-speaks">{escape(t("hub.session_speaks", language=language))}'
            f"</p>{self._projector_link()}"
        )
        pages = widgets.HTML(self._page_links())
        pages.add_class("wk-activity-pages")
        join_row = widgets.HBox(
            [self.join_box, self.qr],
            layout=widgets.Layout(align_items="center", justify_content="space-between"),
        )
        super().__init__(
            [
                header,
                join_row,
                self.counts,
                self.activity_choice,
                self.activity_status,
                beside(self.handover_button, self.handover_status),
                self.results_host,
                pages,
                widgets.HBox(
                    [self.export_button, self.rows_button, self.export_status],
                    layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
                ),
                self.downloads,
                beside(self.close_button, self.close_status),
                beside(self.delete_button, self.delete_status),
            ]
        )
        self.add_class("wk-session-panel")
        self.redraw(self.store.state(self.code))
        self.poller: LivePoll | None = None

    def _projector_link(self) -> str:
        """The projector view of this session, to open in a window of its own (on the
        projector) while this page stays on the facilitator's screen."""
        query = urlencode({"code": self.code})
        href = f"{self.context.public_url}/voila/render/{PROJECTOR_NOTEBOOK}?{query}"
        return (
            f'<p><a class="wk-open-projector" href="{escape(href)}" target="_blank">'
            f"{escape(self.t('hub.open_projector'))}</a> · "
            f"{escape(self.t('hub.projector_help'))}</p>"
        )

    def _page_links(self) -> str:
        """Links to each activity's own page for this session.

        They carry only the session code: the server lets the facilitator in by the sign-in
        cookie, so a link copied or glimpsed on the projector opens nothing for anyone else.
        """
        links = []
        for activity in self.registry.values():
            if activity.page is None:
                continue
            query = urlencode({"code": self.code})
            href = f"{self.context.public_url}/voila/render/{activity.page}?{query}"
            links.append(
                f'<a href="{escape(href)}" target="_blank">{escape(self.t(activity.title_key))}</a>'
            )
        if not links:
            return ""
        return f"<p>{escape(self.t('hub.activity_pages'))}: {' · '.join(links)}</p>"

    def start_polling(self) -> None:
        self.poller = LivePoll(
            lambda: self.store.state(self.code),
            self.redraw,
            POLL_SECONDS,
            min_redraw_seconds=MIN_REDRAW_SECONDS,
        )
        self.poller.start()

    def stop_polling(self) -> None:
        if self.poller is not None:
            self.poller.stop()

    def redraw(self, state) -> None:
        t = self.t
        status = t("session.status_open") if state.status == "open" else t("session.status_closed")
        self.counts.value = (
            f'<p><strong class="wk-count">{escape(t("hub.participants", count=state.participants))}'
            f"</strong> · {escape(t('hub.answers', count=state.answers))} · {escape(status)}</p>"
        )
        self.close_button.description = (
            t("hub.close_session") if state.status == "open" else t("hub.reopen")
        )
        self.handover_button.disabled = state.status != "open"
        self._show_results_for(state.current_activity)
        if self.reveal is not None:
            self.reveal.refresh()
        if self.results is not None:
            self.results.refresh()

    def _show_results_for(self, activity_id: str) -> None:
        activity: Activity | None = self.registry.get(activity_id)
        if activity is None or activity.results is None or activity_id == self.results_activity:
            return
        results_context = ResultsContext.of_session(
            self.store, self.code, self.context.profile, self.t
        )
        self.results = activity.results(results_context)
        self.results_activity = activity_id
        # "Show results": what the live view below may show is the facilitator's to release
        self.reveal = RevealPanel(
            self.store,
            self.code,
            activity_id,
            self.facilitator.key_hash,
            self.context.profile.min_cell_size,
            self.t,
            on_release=lambda: self.redraw(self.store.state(self.code)),
        )
        self.results_host.children = [self.reveal, self.results]

    def _activity_chosen(self, change: dict) -> None:
        if change["new"] is None:
            return
        with working(self.activity_choice, self.activity_status, self.t):
            self.store.set_current_activity(self.code, change["new"], self.facilitator.key_hash)
            label = self.t(self.registry[change["new"]].title_key)
            self.activity_status.show(self.t("hub.activity_changed", activity=label), "ok")
            self.redraw(self.store.state(self.code))

    def _ask_handover(self, _button: widgets.Button) -> None:
        self.store.ask_for_handover(self.code, self.facilitator.key_hash)
        self.handover_status.show(self.t("hub.handover_done"), "ok")

    def _toggle_open(self, _button: widgets.Button) -> None:
        if self.store.session(self.code).is_open:
            self.store.close_session(self.code, self.facilitator.key_hash)
            self.close_status.show(self.t("hub.closed_done", code=self.code), "ok")
        else:
            self.store.reopen_session(self.code, self.facilitator.key_hash)
            self.close_status.show(self.t("hub.reopened", code=self.code), "ok")
        self.redraw(self.store.state(self.code))

    def _export(self, _button: widgets.Button, rows: bool = False) -> None:
        """The report, the results shown and the full backup (the session bundle), saved in
        the data folder and offered as downloads (the same files as ``workshop-kit export``);
        with ``rows``, the person-level rows too (``--person-level-rows``)."""
        from workshop_kit.core.exports import save_exports
        from workshop_kit.core.session_export import session_export
        from workshop_kit.core.widgets import download_links

        # One report at a time: on_press ignores presses while this runs. Each step says
        # what it does, on the line beside the button: a report takes seconds.
        say = self.export_status.show
        say(self.t("hub.export_step_report"), "working")
        exported = session_export(
            self.store, self.code, self.context.profile, self.t.language, rows
        )
        say(self.t("hub.export_step_save"), "working")
        folder = save_exports(exported.files, self.code)
        self.downloads.value = download_links(exported.files, self.t, folder)
        say(self.t("hub.exported"), "ok")

    def _delete(self, _button: widgets.Button) -> None:
        if not self._delete_armed:
            self._delete_armed = True
            self.delete_status.show(self.t("hub.delete_confirm", code=self.code), "warning")
            return
        self._delete_armed = False
        self.store.delete_answers(self.code, self.facilitator.key_hash)
        self.delete_status.show(self.t("hub.deleted", code=self.code), "ok")
        self.redraw(self.store.state(self.code))


class HubApp(widgets.VBox):
    """Create or reopen a session, then run it from a :class:`SessionPanel`."""

    def __init__(
        self, context: PageContext, store: Store, facilitator: Facilitator, poll: bool = True
    ) -> None:
        self.context = context
        self.t = context.t
        self.store = store
        self.facilitator = facilitator
        self.poll = poll
        self.panel: SessionPanel | None = None
        t = self.t
        profile = context.profile
        banner = synthetic_banner(profile, t)
        intro = widgets.HTML(
            f"<h1>{escape(t('hub.title'))}</h1>{banner}<p>{escape(t('hub.intro'))}</p>"
            f"{page_language_links(context.language, t)}"
        )
        self.title_input = widgets.Text(
            description=t("hub.session_title"),
            placeholder=t("hub.session_title_placeholder"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 560px)"),
        )
        self.title_input.add_class("wk-session-title-input")
        self.language_input = widgets.Dropdown(
            options=[(LANGUAGE_NAMES.get(code, code), code) for code in available_languages()],
            value=context.language,
            description=t("hub.session_language"),
            style={"description_width": "initial"},
        )
        self.language_input.add_class("wk-session-language")
        create = widgets.Button(description=t("hub.create"), button_style="primary")
        create.add_class("wk-create-session")
        self.create_status = status_line("wk-create-status")
        on_press(create, self._create, self.create_status, t)
        new_box = widgets.VBox(
            [
                widgets.HTML(f"<h2>{escape(t('hub.new_session'))}</h2>"),
                self.title_input,
                self.language_input,
                beside(create, self.create_status),
            ]
        )
        self.sessions_box = widgets.VBox()
        self.sessions_box.add_class("wk-sessions")
        self.panel_host = widgets.VBox()
        key = context.query.get("key")
        # "Ready for N phones": only a served page (with the key in hand) can ask the server.
        readiness = [ReadinessBox(t, key, poll=poll)] if key and context.voila else []
        self.notes: NotesPanel | None = facilitator_notes(context, HUB_NOTES)
        super().__init__(
            [
                widgets.HTML(PAGE_CSS),
                intro,
                *([self.notes] if self.notes else []),
                *readiness,
                new_box,
                self.sessions_box,
                self.panel_host,
            ]
        )
        self.add_class("wk-hub")
        self.list_sessions()

    def list_sessions(self) -> None:
        t = self.t
        sessions = self.store.sessions_for(self.facilitator.key_hash)
        rows: list[widgets.Widget] = [widgets.HTML(f"<h2>{escape(t('hub.existing'))}</h2>")]
        if not sessions:
            rows.append(widgets.HTML(f"<p>{escape(t('hub.no_sessions'))}</p>"))
        for session in sessions[:30]:
            status = t("session.status_open") if session.is_open else t("session.status_closed")
            # No join code here: the room may see this page, and a code lets anyone answer
            # in that session. The open session's code is in its own panel below.
            shown = escape(session.shown_title(t))  # "Practice: …" for a rehearsal
            label = widgets.HTML(
                f"<span><strong>{shown}</strong> · "
                f"{escape(status)} · {session.created_at:%Y-%m-%d %H:%M}</span>"
            )
            button = widgets.Button(description=t("hub.open_session"))
            button.add_class("wk-open-session")
            opened = status_line("wk-open-status")
            on_press(button, lambda _b, code=session.code: self.open_session(code), opened, t)
            row = widgets.HBox([button, label, opened], layout=widgets.Layout(align_items="center"))
            rows.append(row)
        self.sessions_box.children = rows

    def _create(self, _button: widgets.Button) -> None:
        title = self.title_input.value.strip()
        if not title:
            self.create_status.show(self.t("hub.title_required"), "warning")
            return
        session = self.store.create_session(
            title,
            self.language_input.value,
            self.facilitator.key_hash,
            profile_name=self.context.profile.name,
        )
        self.title_input.value = ""
        self.create_status.show(self.t("hub.created", code=session.code), "ok")
        self.list_sessions()
        self.open_session(session.code)

    def open_session(self, code: str) -> SessionPanel:
        if self.panel is not None:
            self.panel.stop_polling()
        session = self.store.session(code)
        self.panel = SessionPanel(self.context, self.store, self.facilitator, session)
        if self.notes is not None:  # the session's language, as the rest of its panel
            self.notes.set_language(self.panel.context.language)
        if self.poll:
            self.panel.start_polling()
        self.panel_host.children = [self.panel]
        return self.panel


def hub_app(poll: bool = True) -> widgets.Widget:
    """The hub for this page's visitor: the facilitator's controls, or a refusal."""
    context = facilitator_page_context()
    if context.facilitator is None:
        return refusal(context.t)
    try:
        store = open_store(context.store_url)
    except StoreError:
        return error_message(Translator(context.language)("app.error_store"))
    return HubApp(context, store, context.facilitator, poll=poll)


def show() -> None:
    display(hub_app())
