"""The Charter's phone form: one commitment at a time, five large answers, optional notes.

Made for a phone held in one hand at 360 px: the commitment's words, then its five statuses as
full-width buttons stacked one above the other (no row of small toggles to aim at), then
*Previous* / *Next* at the bottom, under the thumb. Tapping a status saves it at once (the
latest counts, so tapping another one changes the answer). Evidence and a next step sit behind
one button, so a participant who only rates never scrolls past them.

Light on purpose (no pandas, numpy or matplotlib): a participant kernel imports it to show the
form, and the commitments file is read with the standard ``csv`` module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.charter.answers import MAX_CHARTER_TEXT, STATUSES
from workshop_kit.activities.charter.commitments import (
    Commitments,
    CommitmentsError,
    load_commitments,
)
from workshop_kit.core.answers import InvalidAnswer
from workshop_kit.core.registry import FormContext
from workshop_kit.core.widgets import MessageArea, escape, guarded, say_saved
from workshop_kit.i18n import Translator

log = logging.getLogger("workshop_kit")

FORM_CSS = """
<style>
.wk-charter-form { max-width: 560px; }
.wk-charter-form .wk-charter-status { width: 100%; min-height: 46px; font-size: 16px;
  margin: 3px 0; white-space: normal; }
.wk-charter-form textarea { font-size: 16px; }
.wk-charter-nav { width: 100%; }
.wk-charter-nav button { flex: 1 1 0; min-height: 46px; font-size: 16px; }
.wk-charter-wording p { font-size: 17px; line-height: 1.4; }
</style>
"""


class CharterForm(widgets.VBox):
    """One commitment at a time; ``submit(payload) -> bool`` stores a rating (``False``: it was
    already saved as it is).

    CSS classes for tests: ``wk-charter-form``, ``wk-charter-position``, ``wk-charter-wording``,
    ``wk-charter-status`` (with ``wk-status-<status>``), ``wk-charter-saved``,
    ``wk-charter-notes-toggle``, ``wk-charter-evidence``, ``wk-charter-next-step``,
    ``wk-charter-save-notes``, ``wk-charter-previous``, ``wk-charter-next``.
    """

    def __init__(
        self,
        commitments: Commitments,
        t: Translator,
        submit: Callable[[dict[str, Any]], bool],
    ) -> None:
        self.commitments = list(commitments)
        self.t = t
        self.submit = submit
        self.index = 0
        self.status: dict[str, str] = {}
        self.notes: dict[str, tuple[str | None, str | None]] = {}
        self.messages = MessageArea()
        self.position = widgets.HTML()
        self.position.add_class("wk-charter-position")
        self.wording = widgets.HTML()
        self.wording.add_class("wk-charter-wording")
        self.buttons: dict[str, widgets.Button] = {}
        for status in STATUSES:
            button = widgets.Button(
                description=t(f"charter.status.{status}"),
                layout=widgets.Layout(width="100%", height="auto"),
            )
            button.add_class("wk-charter-status")
            button.add_class(f"wk-status-{status}")
            button.on_click(guarded(lambda _b, s=status: self.choose(s), self.messages, t))
            self.buttons[status] = button
        self.saved = widgets.HTML()
        self.saved.add_class("wk-charter-saved")

        self.notes_toggle = widgets.Button(
            description=t("charter.form.notes"), layout=widgets.Layout(width="100%", height="auto")
        )
        self.notes_toggle.add_class("wk-charter-notes-toggle")
        self.evidence = widgets.Textarea(
            description=t("charter.form.evidence"),
            placeholder=t("charter.form.evidence_placeholder"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", height="70px"),
        )
        self.evidence.add_class("wk-charter-evidence")
        self.next_step = widgets.Textarea(
            description=t("charter.form.next_step"),
            placeholder=t("charter.form.next_step_placeholder"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", height="70px"),
        )
        self.next_step.add_class("wk-charter-next-step")
        self.save_notes = widgets.Button(
            description=t("charter.form.save_notes"),
            button_style="primary",
            layout=widgets.Layout(width="100%", height="auto"),
        )
        self.save_notes.add_class("wk-charter-save-notes")
        self.save_notes.on_click(guarded(self._save_notes, self.messages, t))
        self.notes_box = widgets.VBox(
            [self.evidence, self.next_step, self.save_notes],
            layout=widgets.Layout(display="none"),
        )
        self.notes_toggle.on_click(guarded(self._toggle_notes, self.messages, t))

        self.previous_button = widgets.Button(description=t("charter.form.previous"))
        self.previous_button.add_class("wk-charter-previous")
        self.next_button = widgets.Button(
            description=t("charter.form.next"), button_style="primary"
        )
        self.next_button.add_class("wk-charter-next")
        self.previous_button.on_click(guarded(lambda _b: self.go(self.index - 1), self.messages, t))
        self.next_button.on_click(guarded(lambda _b: self.go(self.index + 1), self.messages, t))
        navigation = widgets.HBox([self.previous_button, self.next_button])
        navigation.add_class("wk-charter-nav")

        super().__init__(
            [
                widgets.HTML(FORM_CSS),
                widgets.HTML(
                    f"<h3>{escape(t('charter.title'))}</h3><p>{escape(t('charter.form.intro'))}</p>"
                ),
                self.position,
                self.wording,
                *self.buttons.values(),
                self.saved,
                self.notes_toggle,
                self.notes_box,
                self.messages,
                navigation,
            ]
        )
        self.add_class("wk-charter-form")
        self.go(0)

    @property
    def current(self) -> str:
        return self.commitments[self.index].id

    def go(self, index: int) -> None:
        """Show commitment ``index`` (clamped to the list), with this person's answer so far."""
        self.index = max(0, min(index, len(self.commitments) - 1))
        commitment = self.commitments[self.index]
        language = self.t.language
        total = len(self.commitments)
        position = self.t("charter.form.position", number=self.index + 1, total=total)
        rated = self.t("charter.form.rated", count=len(self.status), total=total)
        self.position.value = f"<p><strong>{escape(position)}</strong> · {escape(rated)}</p>"
        self.wording.value = (
            f"<h4>{escape(commitment.label(language))}</h4>"
            f"<p>{escape(commitment.wording(language))}</p>"
        )
        evidence, next_step = self.notes.get(commitment.id, (None, None))
        self.evidence.value = evidence or ""
        self.next_step.value = next_step or ""
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == total - 1
        self.messages.clear()
        self._mark()

    def _mark(self) -> None:
        chosen = self.status.get(self.current)
        for status, button in self.buttons.items():
            label = self.t(f"charter.status.{status}")
            button.description = f"✓ {label}" if status == chosen else label
            button.button_style = "success" if status == chosen else ""
        self.saved.value = (
            f'<span class="wk-saved">✓ {escape(self.t("charter.form.saved"))}</span>'
            if chosen
            else ""
        )

    def choose(self, status: str) -> None:
        """Save ``status`` for the commitment on screen (with the notes already saved)."""
        commitment = self.current
        evidence, next_step = self.notes.get(commitment, (None, None))
        payload = {
            "commitment": commitment,
            "status": status,
            "evidence": evidence,
            "next_step": next_step,
        }
        if self._store(payload) is None:
            return
        self.status[commitment] = status
        self.go(self.index)
        if len(self.status) == len(self.commitments):
            self.messages.show(self.t("charter.form.done"), "ok")

    def _toggle_notes(self, _button: Any) -> None:
        shown = self.notes_box.layout.display != "none"
        self.notes_box.layout.display = "none" if shown else ""

    def _save_notes(self, _button: Any) -> None:
        t = self.t
        commitment = self.current
        evidence = self.evidence.value.strip() or None
        next_step = self.next_step.value.strip() or None
        if any(text and len(text) > MAX_CHARTER_TEXT for text in (evidence, next_step)):
            self.messages.show(t("validation.text_too_long", limit=MAX_CHARTER_TEXT), "warning")
            return
        status = self.status.get(commitment)
        if status is None:
            self.messages.show(t("charter.form.status_first"), "warning")
            return
        if evidence is None and next_step is None and commitment not in self.notes:
            self.messages.show(t("charter.form.nothing_to_save"), "warning")
            return
        payload = {
            "commitment": commitment,
            "status": status,
            "evidence": evidence,
            "next_step": next_step,
        }
        stored = self._store(payload)
        if stored is None:
            return
        self.notes[commitment] = (evidence, next_step)
        say_saved(self.messages, t, stored)

    def _store(self, payload: dict[str, Any]) -> bool | None:
        """Store ``payload``: whether it was new, or ``None`` (with a message) if refused."""
        try:
            return self.submit(payload)
        except InvalidAnswer:
            self.messages.show(self.t("validation.unknown_choice", value=""), "error")
            return None


def build_form(context: FormContext) -> widgets.Widget:
    """The form for the participant app; a calm message if the commitments cannot be read."""
    t = context.t
    try:
        commitments = load_commitments(language=t.language, variant=context.profile.charter_variant)
    except CommitmentsError as error:
        log.error("charter commitments unreadable: %d problem(s)", len(error.problems))
        area = MessageArea()
        area.show(t("charter.form.unavailable"), "error")
        return area
    return CharterForm(commitments, t, lambda payload: context.send("charter", payload))
