"""The facilitator's list of written answers to approve or hide before the room sees them.

Why: people write about illness and grief, sometimes with a name or a detail that points to
someone. A written answer reaches the projector (quoted, or as a theme's word) only once the
facilitator approved it (:func:`workshop_kit.core.disclosure.approved_texts`); until then the
room sees it only as a count. The list shows each distinct text once (the same words from two
people need one decision), and a decision is keyed by the text itself
(:func:`~workshop_kit.core.disclosure.text_key`), so it survives a reload of either page.

The list only draws and reports clicks: ``decide(text_key, "approve" | "hide")`` is given by
the page, which stores the decision (in the session, or on the page without one). Its texts
are the activity's own, ``<activity>.moderation.<name>`` (title, help, empty, approve, hide,
state_waiting, state_approve, state_hide), so each activity says what is being reviewed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import ipywidgets as widgets

from workshop_kit.core.disclosure import APPROVE, HIDE, text_key
from workshop_kit.core.widgets import MessageArea, escape, on_press
from workshop_kit.i18n import Translator

#: What a text no one decided about yet shows as its state (``<activity>.moderation.state_…``).
WAITING = "waiting"


@dataclass(frozen=True)
class Written:
    """One written answer to review: its text, and what it is about (shown before it)."""

    text: str
    about: str = ""
    #: The decision key; by default the text's own (:func:`text_key`).
    key: str = ""

    @property
    def decision_key(self) -> str:
        return self.key or text_key(self.text)


class ModerationList(widgets.VBox):
    """One row per distinct written answer: the text, its state, *Approve* and *Hide*.

    CSS classes for tests: ``wk-<activity>-moderation``, rows ``wk-moderation-row`` with the
    buttons ``wk-approve`` and ``wk-hide``.
    """

    def __init__(
        self,
        activity: str,
        t: Translator,
        decide: Callable[[str, str], None],
        messages: MessageArea,
    ) -> None:
        """``messages`` shows what went wrong with a click (the view's own message area)."""
        self.activity = activity
        self.t = t
        self.decide = decide
        self.messages = messages
        super().__init__()
        self.add_class(f"wk-{activity}-moderation")

    def text(self, name: str) -> str:
        return self.t(f"{self.activity}.moderation.{name}")

    def show(self, written: Iterable[Written | str], decisions: Mapping[str, str]) -> None:
        """Draw a row per distinct written answer, with its decision in ``decisions``."""
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<h3>{escape(self.text('title'))}</h3>"
                f"<p><small>{escape(self.text('help'))}</small></p>"
            )
        ]
        seen: set[str] = set()
        for entry in written:
            item = entry if isinstance(entry, Written) else Written(entry)
            key = item.decision_key
            if key in seen:
                continue
            seen.add(key)
            rows.append(self._row(item, key, decisions.get(key, WAITING)))
        if not seen:
            rows.append(widgets.HTML(f"<p>{escape(self.text('empty'))}</p>"))
        self.children = rows

    def _row(self, item: Written, key: str, state: str) -> widgets.HBox:
        about = f"<strong>{escape(item.about)}</strong>: " if item.about else ""
        label = widgets.HTML(
            f"<span>{about}{escape(item.text)}</span> · "
            f"<em>{escape(self.text(f'state_{state}'))}</em>"
        )
        buttons = []
        for decision, css in ((APPROVE, "wk-approve"), (HIDE, "wk-hide")):
            button = widgets.Button(description=self.text(decision), disabled=state == decision)
            button.add_class(css)
            on_press(button, lambda _b, k=key, d=decision: self.decide(k, d), self.messages, self.t)
            buttons.append(button)
        row = widgets.HBox(
            [label, *buttons], layout=widgets.Layout(align_items="center", flex_flow="row wrap")
        )
        row.add_class("wk-moderation-row")
        return row
