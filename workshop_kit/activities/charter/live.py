"""The Charter on the projector: progress and disagreement per commitment, what to discuss,
the next steps the facilitator approved, and the action list.

:class:`CharterView` draws from tables it is given (the facilitator's page reuses it);
:class:`CharterResults` is the hub's view: it lays out the Charter's shown state
(:func:`~.shown.shown_state`: the ratings the facilitator released, their decisions and the
action list).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from workshop_kit.activities.charter.commitments import (
    Commitments,
    CommitmentsError,
    load_commitments,
)
from workshop_kit.activities.charter.shown import ShownCharter, discuss_item, shown_charter
from workshop_kit.core.registry import LiveResults, ResultsContext
from workshop_kit.core.widgets import ChartPanel, error_message, escape
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    import pandas as pd

#: Approved notes listed on the projector (the export has them all).
NOTES_SHOWN = 12


def fingerprint(frame: pd.DataFrame | None) -> Any:
    """Cheap identity of a table: the store's answer ids when present, else its content."""
    if frame is None or frame.empty:
        return ("empty",)
    if "answer_id" in frame:
        return (len(frame), int(frame["answer_id"].sum()), int(frame["answer_id"].max()))
    return (len(frame), tuple(map(tuple, frame.astype(str).to_numpy().tolist())))


class CharterView(widgets.VBox):
    """The room's view of the charter, redrawn only when its inputs changed.

    CSS classes for tests: ``wk-charter-view``, ``wk-charter-chart`` (a :class:`ChartPanel`),
    ``wk-charter-discuss``, ``wk-charter-notes``, ``wk-charter-actions-list``.
    """

    def __init__(
        self, commitments: Commitments, t: Translator, min_cell_size: int, actions: bool = True
    ) -> None:
        """``actions=False`` leaves the action list out (the facilitator's page edits it)."""
        self.commitments = commitments
        self.t = t
        self.k = min_cell_size
        self.labels = commitments.labels(t.language)
        self.chart = ChartPanel(t("charter.chart.title"))
        self.chart.add_class("wk-charter-chart")
        self.discuss = widgets.HTML()
        self.discuss.add_class("wk-charter-discuss")
        self.notes_html = widgets.HTML()
        self.notes_html.add_class("wk-charter-notes")
        self.actions_html = widgets.HTML()
        self.actions_html.add_class("wk-charter-actions-list")
        self.show_actions = actions
        self.results: dict[str, Any] = {}
        self._seen: Any = object()
        children: list[widgets.Widget] = [self.chart, self.discuss, self.notes_html]
        if actions:
            children.append(self.actions_html)
        super().__init__(children)
        self.add_class("wk-charter-view")

    def update(
        self,
        answers: pd.DataFrame | None,
        decisions: Mapping[str, str] | None = None,
        actions: pd.DataFrame | None = None,
        people: int | None = None,
        force: bool = False,
    ) -> bool:
        """Recompute and redraw from ``answers`` (the ratings to show), the facilitator's
        moderation ``decisions`` and ``actions`` (:func:`~.model.action_list`), if any of them
        changed or ``force``. ``people`` is the number who took part, for the sentence shown
        while no commitment can be shown yet (default: those in ``answers``). Returns whether
        it redrew."""
        decisions = dict(decisions or {})
        state = (
            fingerprint(answers),
            tuple(sorted(decisions.items())),
            fingerprint(actions),
            people,
        )
        if state == self._seen and not force:
            return False
        self._seen = state
        self._draw(answers, decisions, actions, people)
        return True

    def _draw(
        self,
        answers: pd.DataFrame | None,
        decisions: dict[str, str],
        actions: pd.DataFrame | None,
        people: int | None,
    ) -> None:
        shown = shown_charter(answers, decisions, actions, self.commitments, self.k, self.t, people)
        self._lay_out(shown)

    def show_state(self, shown: ShownCharter) -> bool:
        """Lay out a session's shown state (:func:`~.shown.shown_state`) unless it is the one
        drawn last; return whether it redrew."""
        if shown is self._seen:
            return False
        self._seen = shown
        self._lay_out(shown)
        return True

    def _lay_out(self, shown: ShownCharter) -> None:
        #: What the view shows now, for tests and anyone comparing it with the report.
        self.shown = shown
        t, table = self.t, shown.table
        self.chart.show(shown.figure, shown.sentence)
        items = "".join(
            f"<li>{escape(discuss_item(shown, commitment, t))}</li>"
            for commitment in shown.to_discuss
        )
        self.discuss.value = (
            f"<h3>{escape(t('charter.discuss.title'))}</h3>"
            f'<p aria-live="polite">{escape(shown.discussion)}</p>'
            + (f"<ul>{items}</ul>" if items else "")
            + f"<p><small>{escape(t('charter.discuss.help'))}</small></p>"
        )
        self.notes_html.value = self._notes_html(shown.notes, waiting=shown.waiting_notes)
        if shown.actions is not None:
            self.actions_html.value = actions_table_html(shown.actions, self.labels, t)
        self.results = {
            "table": table,
            "figure": shown.figure,
            "notes": shown.notes,
            "actions": shown.actions,
        }

    def _notes_html(self, approved: pd.DataFrame, waiting: int) -> str:
        t = self.t
        parts = [f"<h3>{escape(t('charter.notes.title'))}</h3>"]
        if approved.empty:
            parts.append(f"<p>{escape(t('charter.notes.none'))}</p>")
        else:
            # next steps first: they are what the room will act on
            ordered = approved.sort_values(
                "kind", key=lambda kinds: kinds.map({"next_step": 0, "evidence": 1})
            )
            rows = ordered.head(NOTES_SHOWN).to_dict("records")
            items = "".join(
                f"<li><strong>{escape(self.labels.get(r['commitment'], r['commitment']))}</strong>"
                f" ({escape(t('charter.notes.kind_' + r['kind']))}): {escape(r['text'])}</li>"
                for r in rows
            )
            parts.append(f'<ul class="wk-charter-notes-list">{items}</ul>')
        if waiting:
            parts.append(
                f'<p class="wk-charter-waiting">'
                f"{escape(t('charter.notes.waiting', count=waiting))}</p>"
            )
        return "".join(parts)


def actions_table_html(actions: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> str:
    """The action list as an HTML table (every cell escaped)."""
    parts = [f"<h3>{escape(t('charter.actions.title'))}</h3>"]
    if actions is None or actions.empty:
        parts.append(f"<p>{escape(t('charter.actions.empty'))}</p>")
        return "".join(parts)
    header = "".join(
        f"<th>{escape(t(key))}</th>"
        for key in (
            "charter.actions.commitment",
            "charter.actions.action",
            "charter.actions.who",
            "charter.actions.by_when",
        )
    )
    rows = "".join(
        "<tr>"
        f"<td>{escape(labels.get(r['commitment'], r['commitment']))}</td>"
        f"<td>{escape(r['action'])}</td>"
        f"<td>{escape(r['who'] or t('charter.actions.none_who'))}</td>"
        f"<td>{escape(r['by_when'] or t('charter.actions.none_who'))}</td>"
        "</tr>"
        for r in actions.to_dict("records")
    )
    parts.append(f'<table class="wk-charter-actions"><tr>{header}</tr>{rows}</table>')
    return "".join(parts)


class CharterResults(LiveResults):
    """The hub's view: the released ratings, approved notes and the action list."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        t = context.t
        try:
            commitments = load_commitments(
                language=t.language, variant=context.profile.charter_variant
            )
        except CommitmentsError as error:
            self.view = None
            super().__init__([error_message(" ".join(error.problems))])
            return
        self.view = CharterView(commitments, t, context.profile.min_cell_size)
        super().__init__([self.view])
        self.add_class("wk-charter-results")
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the released answers: the chart moves only when ``min_cell_size`` more
        people have rated, and only approved notes are quoted."""
        if self.view is None:
            return
        self.view.show_state(self.context.shown("charter"))


def build_live(context: ResultsContext) -> CharterResults:
    """The hub's entry point (see :mod:`workshop_kit.core.activity`)."""
    return CharterResults(context)
