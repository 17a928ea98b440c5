"""The participant app: join by code, consent, then follow the facilitator's activity.

One light page for phones. It never shows code or tracebacks, stores each answer at once,
and follows the current activity by polling the store every two seconds, rebuilding the
form only when the facilitator changes activity.
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.apps.activities import FormContext, activities
from workshop_kit.apps.context import PageContext, page_context
from workshop_kit.apps.device_memory import DeviceMemory
from workshop_kit.apps.sending import AnswerSender
from workshop_kit.apps.style import PAGE_CSS
from workshop_kit.i18n import Translator
from workshop_kit.store import (
    SessionNotFound,
    Store,
    StoreError,
    normalise_code,
    open_store,
)
from workshop_kit.widgets import (
    LivePoll,
    MessageArea,
    error_message,
    escape,
    guarded,
    message_areas,
    synthetic_banner,
)

POLL_SECONDS = 2.0


class ParticipantApp(widgets.VBox):
    """Join → consent → current activity. ``code`` may come from the link or be typed."""

    def __init__(self, context: PageContext, store: Store, poll: bool = True) -> None:
        self.context = context
        self.store = store
        self.poll_enabled = poll
        self.t = context.t
        self.messages = MessageArea()
        self.body = widgets.VBox()
        self.header = widgets.HTML()
        self.memory: DeviceMemory | None = None
        self.participant_id: str | None = None
        self.code: str | None = None
        self.activity_id: str | None = None
        self.poller: LivePoll | None = None
        super().__init__([widgets.HTML(PAGE_CSS), self.header, self.body, self.messages])
        self.add_class("wk-participant")
        code = context.query.get("code")
        if code:
            self.open_session(code)
        else:
            self.show_join_form()

    # -- steps ---------------------------------------------------------------------------

    def show_join_form(self, code: str = "") -> None:
        t = self.t
        self.header.value = f"<h2>{escape(t('participant.title'))}</h2>"
        entry = widgets.Text(
            value=code,
            continuous_update=False,
            description=t("participant.enter_code"),
            placeholder="ABC123",
            style={"description_width": "initial"},
        )
        entry.add_class("wk-code-entry")
        join = widgets.Button(description=t("participant.join"), button_style="primary")
        join.add_class("wk-join")
        help_text = widgets.HTML(f"<p>{escape(t('participant.code_help'))}</p>")
        join.on_click(guarded(lambda _b: self.open_session(entry.value), self.messages, t))
        # Enter (or leaving the field) joins too: typing on a phone keyboard ends with Enter.
        entry.observe(
            guarded(lambda change: self.open_session(change["new"]), self.messages, t),
            names="value",
        )
        self.body.children = [help_text, entry, join]

    def open_session(self, raw_code: str) -> None:
        code = normalise_code(raw_code)
        if not code or code == self.code:
            return  # Enter then a click on Join: one join is enough
        try:
            session = self.store.session(code)
        except SessionNotFound:
            self.messages.show(self.t("session.not_found", code=code[:16]), "error")
            self.show_join_form(code[:16])
            return
        self.context = self.context.with_language(session.language)
        self.t = self.context.t
        self.messages.clear()
        if not session.is_open:
            self.header.value = f"<h2>{escape(session.title)}</h2>"
            self.body.children = [widgets.HTML(f"<p>{escape(self.t('session.closed'))}</p>")]
            return
        self.code = session.code
        profile = self.context.profile
        banner = synthetic_banner(profile, self.t)
        self.header.value = f'<h2 class="wk-session-title">{escape(session.title)}</h2>{banner}'
        self.memory = DeviceMemory(key=f"workshop-kit:{session.code}")
        self.memory.observe(self._remembered, names="loaded")
        self.show_consent()

    def show_consent(self) -> None:
        t = self.t
        title = widgets.HTML(f"<h3>{escape(t('participant.consent_title'))}</h3>")
        consent = t("participant.consent_text", min=self.context.profile.min_cell_size)
        text = widgets.HTML(f"<p>{escape(consent)}</p>")
        agree = widgets.Button(
            description=t("participant.consent_agree"),
            button_style="success",
            layout=widgets.Layout(width="auto"),
        )
        agree.add_class("wk-consent")
        agree.on_click(guarded(lambda _b: self.start(), self.messages, t))
        self.body.children = [title, text, agree, self.memory]

    def _remembered(self, change: dict) -> None:
        """This device joined the session before: skip consent and reuse its anonymous id."""
        memory = self.memory
        if change["new"] and memory is not None and memory.loaded_value and not self.participant_id:
            guarded(lambda: self.start(memory.loaded_value), self.messages, self.t)()

    def start(self, remembered_id: str | None = None) -> None:
        if self.participant_id is not None or self.code is None:
            return
        self.participant_id = self.store.join(self.code, remembered_id)
        if self.memory is not None and self.memory.value != self.participant_id:
            self.memory.value = self.participant_id
        self.sender = AnswerSender(self.store, self.code, self.participant_id, self.context.profile)
        self.activity_host = widgets.VBox()
        self.activity_host.add_class("wk-activity")
        self.body.children = [self.activity_host, self.memory]
        self.follow(self.store.session(self.code).current_activity)
        if self.poll_enabled:
            self.poller = LivePoll(self._current_activity, self.follow, POLL_SECONDS).start()
            self.saving = LivePoll(lambda: self.sender.pending, self.kept_answers, POLL_SECONDS)
            self.saving.start()

    def kept_answers(self, pending: int) -> None:
        """Once the answers the store could not take are stored, say so where it said "not
        saved yet" (the sender retries by itself; this only keeps the phone truthful)."""
        if pending:
            return
        not_saved = escape(self.t("participant.not_saved_yet"))
        for area in message_areas(self.activity_host):
            if not_saved in area.value:
                area.show(self.t("participant.saved_after_retry"), "ok")

    def _current_activity(self) -> str:
        assert self.code is not None
        session = self.store.session(self.code)
        return session.current_activity if session.is_open else "__closed__"

    def follow(self, activity_id: str) -> None:
        """Show the form of ``activity_id`` (only when it changed)."""
        if activity_id == self.activity_id:
            return
        self.activity_id = activity_id
        self.messages.clear()
        if activity_id == "__closed__":
            self.activity_host.children = [
                widgets.HTML(f"<p>{escape(self.t('session.closed'))}</p>")
            ]
            if self.poller:
                self.poller.stop()
            return
        registry = activities()
        activity = registry.get(activity_id, registry["waiting"])
        form_context = FormContext(
            profile=self.context.profile, t=self.t, send=self.sender.send, code=self.code or ""
        )
        form = activity.form(form_context)
        form.add_class(f"wk-activity-{activity.id}")
        self.activity_host.children = [form]


def participant_app(poll: bool = True) -> widgets.Widget:
    """Build the participant app for this page's request (waits for it when pre-heated)."""
    context = page_context()
    try:
        store = open_store(context.store_url)
    except StoreError:
        return error_message(Translator(context.language)("app.error_store"))
    return ParticipantApp(context, store, poll=poll)


def show() -> None:
    display(participant_app())
