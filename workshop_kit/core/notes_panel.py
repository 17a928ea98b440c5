"""The facilitator notes on a facilitator's page: a panel that stays closed until opened.

Why closed, and why empty while closed: the page it sits on is usually the one on the
projector. Closed, the panel is one button ("Facilitator notes"), and the notes' text is not
even in the page's widget state, so nothing of the script or of a challenge's answer reaches
the projected view (or its HTML) until the facilitator opens it. Closing it empties it again.

A second screen is better still: the link beside the button opens the same notes as a plain
page served to the signed-in facilitator only (``/wk/notes/<stem>``), for the laptop's own
screen or a tablet, while the projector keeps the page.

The page frame (:mod:`workshop_kit.core.page`) adds this panel to every activity page by
itself, and the hub adds its own: a new activity gets its notes shown by writing
``notebooks/notes/<stem>.<language>.md`` and nothing else.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import ipywidgets as widgets

from workshop_kit.core.context import PageContext
from workshop_kit.core.notes import NOTES_CSS, NotesError, load_notes, notes_html, notes_path
from workshop_kit.core.widgets import MessageArea, escape, guarded
from workshop_kit.i18n import DEFAULT_LANGUAGE, Translator

#: Where the server serves a notebook's notes as a page of their own (see
#: :mod:`workshop_kit.serving.handlers`).
SECOND_SCREEN_PATH = "wk/notes/"


class NotesPanel(widgets.VBox):
    """One notebook's notes, closed by default, in the page's language.

    CSS classes for tests: ``wk-notes-panel``, ``wk-notes-toggle``, ``wk-notes-body``,
    ``wk-notes-second-screen``.
    """

    def __init__(self, stem: str, language: str, server_url: str = "") -> None:
        """``server_url``: the address pages are served from (``http://host:port``), for the
        second-screen link; empty outside a served page (JupyterLab, tests)."""
        self.stem = stem
        self.language = language
        self.server_url = server_url
        self.messages = MessageArea()
        self.toggle = widgets.ToggleButton(value=False, layout=widgets.Layout(width="auto"))
        self.toggle.add_class("wk-notes-toggle")
        self.link = widgets.HTML()
        self.link.add_class("wk-notes-second-screen")
        self.body = widgets.HTML("")
        self.body.add_class("wk-notes-body")
        self.toggle.observe(
            guarded(lambda _change: self.redraw(), self.messages, self.t), names="value"
        )
        header = widgets.HBox([self.toggle, self.link], layout=widgets.Layout(align_items="center"))
        super().__init__([header, self.messages, self.body])
        self.add_class("wk-notes-panel")
        self.redraw()

    @property
    def t(self) -> Translator:
        return Translator(self.language)

    @property
    def is_open(self) -> bool:
        return bool(self.toggle.value)

    def set_language(self, language: str) -> None:
        """Follow the page (a session in French turns its page, and these notes, French)."""
        if language != self.language:
            self.language = language
            self.redraw()

    def set_open(self, is_open: bool = True) -> None:
        """Open (or close) the notes, as the button does."""
        self.toggle.value = is_open

    def redraw(self, _change: Any = None) -> None:
        t = self.t
        self.toggle.description = t("notes.hide") if self.is_open else t("notes.show")
        self.toggle.tooltip = t("notes.help")
        self.link.value = self._link_html(t)
        self.messages.clear()
        if not self.is_open:
            self.body.value = ""  # closed: not a word of the notes in the page's state
            return
        try:
            notes = load_notes(self.stem, self.language)
        except NotesError as error:
            self.body.value = ""
            self.messages.show(t("notes.unreadable", problems="; ".join(error.problems)), "error")
            return
        if notes is None:
            self.body.value = f"<p>{escape(t('notes.missing'))}</p>"
            return
        self.body.value = (
            f"<style>{NOTES_CSS}.wk-notes-body {{ border-left: 4px solid #1f3b70; "
            "padding: 0 12px; margin: 4px 0 12px; }</style>" + notes_html(notes, t, level=3)
        )

    def _link_html(self, t: Translator) -> str:
        if not self.server_url:
            return ""
        href = f"{self.server_url}/{SECOND_SCREEN_PATH}{self.stem}?" + urlencode(
            {"lang": self.language}
        )
        return (
            f'<a href="{escape(href)}" target="_blank" rel="noopener noreferrer" '
            'style="margin-left:12px">'
            f"{escape(t('notes.second_screen'))}</a>"
        )


def facilitator_notes(context: PageContext, stem: str | None) -> NotesPanel | None:
    """The notes panel of a facilitator's page, or ``None`` when the notebook has no notes.

    Call it only once the visitor is known to be the facilitator: a refusal shows no panel.
    """
    if stem is None or not (
        notes_path(stem, context.language) or notes_path(stem, DEFAULT_LANGUAGE)
    ):
        return None
    server = context.public_url if context.voila else ""
    return NotesPanel(stem, context.language, server)
