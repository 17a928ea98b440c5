"""The participant app: join by code, consent, then follow the facilitator's activity.

One light page for phones. It never shows code or tracebacks, stores each answer at once,
and follows the current activity by polling the store every two seconds, rebuilding the
form only when the facilitator changes activity.

A shared phone or tablet passes from person to person with "someone else will use this
phone" (:mod:`workshop_kit.apps.handover`): the next person is a new anonymous participant
who gives their own consent, and the device forgets the previous person's id. It keeps the
page's device id (in the store, and in the browser as ``device:<id>``, so a reload between two
people does not make a new page): everyone of one page counts as one person in the figures,
and one page takes at most :data:`~workshop_kit.core.store.limits.MAX_PEOPLE_PER_PAGE` people
(docs/privacy.md, "Shared phones").
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.apps.handover import HandoverOffer
from workshop_kit.core.context import PageContext, page_context
from workshop_kit.core.device_memory import DeviceMemory
from workshop_kit.core.registry import FormContext, find_activity
from workshop_kit.core.sending import AnswerSender
from workshop_kit.core.store import (
    PageFull,
    SessionNotFound,
    Store,
    StoreError,
    normalise_code,
    open_store,
)
from workshop_kit.core.store.limits import MAX_PEOPLE_PER_PAGE
from workshop_kit.core.style import PAGE_CSS
from workshop_kit.core.widgets import (
    LivePoll,
    MessageArea,
    error_message,
    escape,
    guarded,
    message_areas,
    synthetic_banner,
)
from workshop_kit.i18n import Translator

POLL_SECONDS = 2.0

#: How the browser remembers the page between two people (no participant id kept).
DEVICE_PREFIX = "device:"


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
        # The device memory has a place of its own, drawn once: the body changes at every
        # step, and redrawing the memory would read the browser's storage again each time.
        self.memory_host = widgets.Box(layout=widgets.Layout(display="none"))
        self.participant_id: str | None = None
        #: The page's device id in the store: every person who takes a turn on it shares it.
        self.device_id: str | None = None
        self.code: str | None = None
        self.activity_id: str | None = None
        self.activity_host = widgets.VBox()
        self.activity_host.add_class("wk-activity")
        self.handover = HandoverOffer(self.t, self.hand_over, self._handover_settled, self.messages)
        #: The facilitator's latest "new person on each phone?" request this person has seen.
        self.handover_seen = 0
        self.poller: LivePoll | None = None
        self.saving: LivePoll | None = None
        super().__init__(
            [widgets.HTML(PAGE_CSS), self.header, self.body, self.messages, self.memory_host]
        )
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
            self.header.value = f"<h2>{escape(session.shown_title(self.t))}</h2>"
            self.body.children = [widgets.HTML(f"<p>{escape(self.t('session.closed'))}</p>")]
            return
        self.code = session.code
        profile = self.context.profile
        banner = synthetic_banner(profile, self.t)
        title = escape(session.shown_title(self.t))
        self.header.value = f'<h2 class="wk-session-title">{title}</h2>{banner}'
        self.memory = DeviceMemory(key=f"workshop-kit:{session.code}")
        self.memory.observe(self._remembered, names="loaded")
        self.memory_host.children = [self.memory]
        self.handover = HandoverOffer(self.t, self.hand_over, self._handover_settled, self.messages)
        self.show_consent()

    def show_consent(self, fresh_start: bool = False) -> None:
        t = self.t
        title = widgets.HTML(f"<h3>{escape(t('participant.consent_title'))}</h3>")
        if fresh_start:
            line = escape(t("participant.handover.fresh_start"))
            title.value = f'<p class="wk-fresh-start" role="status">{line}</p>{title.value}'
        consent = t("participant.consent_text", min=self.context.profile.min_cell_size)
        text = widgets.HTML(f"<p>{escape(consent)}</p>")
        agree = widgets.Button(
            description=t("participant.consent_agree"),
            button_style="success",
            layout=widgets.Layout(width="auto"),
        )
        agree.add_class("wk-consent")
        agree.on_click(guarded(lambda _b: self.start(), self.messages, t))
        self.body.children = [title, text, agree]

    def _remembered(self, change: dict) -> None:
        """This device joined the session before: skip consent and reuse its anonymous id; or
        it was handed over and the next person has not agreed yet: keep the page's device."""
        memory = self.memory
        if not change["new"] or memory is None or not memory.loaded_value or self.participant_id:
            return
        remembered = memory.loaded_value
        if remembered.startswith(DEVICE_PREFIX):
            self.device_id = remembered.removeprefix(DEVICE_PREFIX)  # the store checks it
            return
        guarded(lambda: self.start(remembered), self.messages, self.t)()

    def start(self, remembered_id: str | None = None) -> None:
        if self.participant_id is not None or self.code is None:
            return
        try:
            self.participant_id = self.store.join(self.code, remembered_id, self.device_id)
        except PageFull:
            self.say_page_full()
            return
        self.device_id = self.store.device_of(self.code, self.participant_id)
        if self.memory is not None and self.memory.value != self.participant_id:
            self.memory.value = self.participant_id
        self.sender = AnswerSender(self.store, self.code, self.participant_id, self.context.profile)
        session = self.store.session(self.code)
        self.handover_seen = session.handover_request  # a request made before this person
        self.handover.hide()
        self.body.children = [self.activity_host, self.handover]
        self.follow(session.current_activity)
        if self.poll_enabled:
            self.poller = LivePoll(self.session_view, self.session_changed, POLL_SECONDS).start()
            self.saving = LivePoll(lambda: self.sender.pending, self.kept_answers, POLL_SECONDS)
            self.saving.start()

    def hand_over(self) -> None:
        """The next person starts afresh: a new anonymous participant with their own consent.

        The device forgets the previous person's id (a reload now asks for consent too), and
        their form goes with them, so nothing they chose shows to the next person. An answer
        the store could not take yet stays with the previous person's sender, which keeps
        retrying it under their id. Their stored answers stay; they count as they were.
        """
        if self.participant_id is None:
            return
        if self._page_is_full():
            self.say_page_full()  # the store would refuse the next person: say so now
            return
        for poll in (self.poller, self.saving):
            if poll is not None:
                poll.stop()
        self.poller = self.saving = None
        self.participant_id = None
        self.activity_id = None
        self.activity_host.children = []
        self.handover.hide()
        self.messages.clear()
        if self.memory is not None:
            self.memory.value = f"{DEVICE_PREFIX}{self.device_id}" if self.device_id else ""
        self.show_consent(fresh_start=True)

    def _page_is_full(self) -> bool:
        """Whether this page already had the most people one page may have. Only a courtesy
        (the store refuses the next person anyway), so a store that cannot answer now does not
        stop the hand-over: the next person's consent says so if it must."""
        if self.code is None or self.device_id is None:
            return False
        try:
            return self.store.people_on_page(self.code, self.device_id) >= MAX_PEOPLE_PER_PAGE
        except StoreError:
            return False

    def say_page_full(self) -> None:
        """One page already had the most people it may have: nobody new joins on it."""
        self.handover.hide()
        self.messages.show(
            self.t("participant.handover.page_full", count=MAX_PEOPLE_PER_PAGE), "warning"
        )

    def _handover_settled(self) -> None:
        """ "No, it's still me": the offer goes back under the activity."""
        if self.participant_id is not None:
            self.body.children = [self.activity_host, self.handover]

    def kept_answers(self, pending: int) -> None:
        """Once the answers the store could not take are stored, say so where it said "not
        saved yet" (the sender retries by itself; this only keeps the phone truthful)."""
        if pending:
            return
        not_saved = [escape(self.t(f"participant.{key}")) for key in ("not_saved_yet", "slow_down")]
        for area in message_areas(self.activity_host):
            if any(text in area.value for text in not_saved):
                area.show(self.t("participant.saved_after_retry"), "ok")

    def session_view(self) -> tuple[str, int]:
        """What the page follows: the current activity and the latest hand-over request."""
        assert self.code is not None
        session = self.store.session(self.code)
        activity = session.current_activity if session.is_open else "__closed__"
        return activity, session.handover_request

    def session_changed(self, view: tuple[str, int]) -> None:
        activity_id, handover_request = view
        if self.participant_id is None:
            return  # between two people: the next one has not agreed yet
        self.follow(activity_id)
        if handover_request > self.handover_seen and activity_id != "__closed__":
            self.handover_seen = handover_request
            self.handover.ask(by_facilitator=True)
            self.body.children = [self.handover, self.activity_host]  # first thing on screen

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
            self.handover.hide()  # a closed session takes no new participant
            self.body.children = [self.activity_host, self.handover]
            if self.poller:
                self.poller.stop()
            return
        activity = find_activity(activity_id)
        if activity.offers_handover:
            self.handover.offer()
        elif self.handover.state != "asking":
            self.handover.hide()  # offered again once this activity's answer is saved
        form_context = FormContext(
            profile=self.context.profile,
            t=self.t,
            send=self._sender_for_form(),
            code=self.code or "",
            previous=self._previous_answer,
        )
        form = activity.form(form_context)
        form.add_class(f"wk-activity-{activity.id}")
        self.activity_host.children = [form]

    def _previous_answer(self, activity: str) -> dict | None:
        """This person's latest stored answer to ``activity`` (see ``FormContext.previous``)."""
        if not self.code or self.participant_id is None:
            return None
        return self.store.own_answer(self.code, self.participant_id, activity)

    def _sender_for_form(self):
        """``send`` for a form: this person's sender, and the hand-over offered once saved."""
        sender = self.sender

        def send(activity: str, payload: dict) -> bool:
            stored = sender.send(activity, payload)  # raises when not saved: no offer then
            if sender is self.sender and self.participant_id is not None:
                self.handover.offer()
            return stored

        return send


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
