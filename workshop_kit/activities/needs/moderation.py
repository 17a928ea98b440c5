"""The facilitator's list of written answers to approve or hide before the room sees them.

Why: people write about illness and grief, sometimes with a name or a detail that points to
someone. A written answer reaches the projector (quoted, or as a theme's word) only once the
facilitator approved it (:func:`workshop_kit.core.disclosure.approved_texts`); until then the
room sees it only as a count. The list shows each distinct text once (the same words from two
people need one decision), and a decision is keyed by the text itself
(:func:`~workshop_kit.core.disclosure.text_key`), so it survives a reload of either page.

The list only draws and reports clicks: ``decide(text_key, "approve" | "hide")`` is given by
the page, which stores the decision (in the session, or on the page without one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import ipywidgets as widgets

from workshop_kit.core.disclosure import APPROVE, HIDE, text_key
from workshop_kit.core.widgets import MessageArea, escape, guarded
from workshop_kit.i18n import Translator

#: What a text no one decided about yet shows as its state (``needs.moderation.state_…``).
WAITING = "waiting"


class ModerationList(widgets.VBox):
    """One row per distinct written answer: the text, its state, *Approve* and *Hide*.

    CSS classes for tests: ``wk-needs-moderation``, rows ``wk-moderation-row`` with the
    buttons ``wk-approve`` and ``wk-hide``.
    """

    def __init__(
        self, t: Translator, decide: Callable[[str, str], None], messages: MessageArea
    ) -> None:
        """``messages`` shows what went wrong with a click (the view's own message area)."""
        self.t = t
        self.decide = decide
        self.messages = messages
        super().__init__()
        self.add_class("wk-needs-moderation")

    def show(self, texts: Iterable[str], decisions: Mapping[str, str]) -> None:
        """Draw a row per distinct text in ``texts``, with its decision in ``decisions``."""
        t = self.t
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<h3>{escape(t('needs.moderation.title'))}</h3>"
                f"<p><small>{escape(t('needs.moderation.help'))}</small></p>"
            )
        ]
        seen: set[str] = set()
        for text in texts:
            key = text_key(text)
            if key in seen:
                continue
            seen.add(key)
            rows.append(self._row(text, key, decisions.get(key, WAITING)))
        if not seen:
            rows.append(widgets.HTML(f"<p>{escape(t('needs.summary.themes_empty'))}</p>"))
        self.children = rows

    def _row(self, text: str, key: str, state: str) -> widgets.HBox:
        t = self.t
        label = widgets.HTML(
            f"<span>{escape(text)}</span> · <em>{escape(t(f'needs.moderation.state_{state}'))}</em>"
        )
        buttons = []
        for decision, css in ((APPROVE, "wk-approve"), (HIDE, "wk-hide")):
            button = widgets.Button(
                description=t(f"needs.moderation.{decision}"), disabled=state == decision
            )
            button.add_class(css)
            button.on_click(
                guarded(lambda _b, k=key, d=decision: self.decide(k, d), self.messages, t)
            )
            buttons.append(button)
        row = widgets.HBox([label, *buttons])
        row.add_class("wk-moderation-row")
        return row
