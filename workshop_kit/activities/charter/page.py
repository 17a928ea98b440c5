"""The facilitator's Charter page (:func:`show`, notebook 05).

The room's view (:class:`~.live.CharterView`), the evidence and next steps to approve for the
projector, the action list to edit (commitment, action, who, by when) and the exports. Built on
:func:`workshop_kit.core.page.facilitator_page`, which refuses participant links, chooses the
session and redraws the page when the answers it :attr:`~CharterSessionView.reads` change.

Every decision (a text approved or hidden, an action saved or removed) is stored at once
through :meth:`~workshop_kit.core.store.Store.add_facilitator_answers`, which checks the
facilitator key: nothing lives only in this kernel, so a reload shows the same list. A double
click stores a decision once: a decision identical to the one in force is not stored again, and
each record's idempotency key is derived from its content and the number of earlier records.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.charter.answers import (
    MAX_ACTION_TEXT,
    MAX_WHO_TEXT,
    CharterActionAnswer,
)
from workshop_kit.activities.charter.commitments import (
    Commitments,
    CommitmentsError,
    load_commitments,
)
from workshop_kit.activities.charter.live import CharterView, fingerprint
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer
from workshop_kit.core.context import PageContext
from workshop_kit.core.moderation import ModerationList, Written
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import MessageArea, error_message, escape, on_press
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from workshop_kit.core.exports import ExportFile


def record_key(code: str, kind: str, item: str, content: str, earlier: int) -> str:
    """Idempotency key of a facilitator record: the same click on the same state stores once,
    while going back to an earlier value later is a new record."""
    text = "\x1f".join([code, kind, item, content, str(earlier)])
    return f"charter-{kind}-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:48]


def new_action_id() -> str:
    return secrets.token_hex(8)


class ActionEditor(widgets.VBox):
    """The action list with *Edit* and *Remove*, and the form to add or change an action.

    ``save(answer) -> bool`` stores a record (``False``: already stored as it is).
    CSS classes for tests: ``wk-charter-actions-editor``, rows ``wk-charter-action`` with
    ``wk-charter-action-edit`` and ``wk-charter-action-remove``; fields
    ``wk-charter-action-commitment``, ``wk-charter-action-text``, ``wk-charter-action-who``,
    ``wk-charter-action-when``; buttons ``wk-charter-action-save``, ``wk-charter-action-new``.
    """

    def __init__(self, commitments: Commitments, t: Translator, save: Any) -> None:
        self.t = t
        self.save_record = save
        self.labels = commitments.labels(t.language)
        self.actions: pd.DataFrame | None = None
        self.editing: str | None = None
        self.draft_id = new_action_id()
        self.messages = MessageArea()
        self.table = widgets.HTML()
        self.rows = widgets.VBox()
        self.commitment = widgets.Dropdown(
            options=[(label, cid) for cid, label in self.labels.items()],
            description=t("charter.actions.commitment"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 560px)"),
        )
        self.commitment.add_class("wk-charter-action-commitment")
        self.action = widgets.Text(
            description=t("charter.actions.action"),
            placeholder=t("charter.actions.action_placeholder"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 560px)"),
        )
        self.action.add_class("wk-charter-action-text")
        self.who = widgets.Text(
            description=t("charter.actions.who"),
            placeholder=t("charter.actions.who_placeholder"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="min(100%, 560px)"),
        )
        self.who.add_class("wk-charter-action-who")
        self.by_when = widgets.DatePicker(
            description=t("charter.actions.by_when"), style={"description_width": "initial"}
        )
        self.by_when.add_class("wk-charter-action-when")
        self.editing_note = widgets.HTML()
        save_button = widgets.Button(description=t("charter.actions.save"), button_style="primary")
        save_button.add_class("wk-charter-action-save")
        on_press(save_button, lambda _b: self.save(), self.messages, t)
        new_button = widgets.Button(description=t("charter.actions.new"))
        new_button.add_class("wk-charter-action-new")
        on_press(new_button, lambda _b: self.clear(), self.messages, t)
        super().__init__(
            [
                widgets.HTML(
                    f"<h3>{escape(t('charter.actions.title'))}</h3>"
                    f"<p><small>{escape(t('charter.actions.help'))}</small></p>"
                ),
                self.rows,
                self.editing_note,
                self.commitment,
                self.action,
                self.who,
                self.by_when,
                widgets.HBox([save_button, new_button]),
                self.messages,
            ]
        )
        self.add_class("wk-charter-actions-editor")

    def show(self, actions: pd.DataFrame) -> None:
        """Draw the list (one row per action, with its buttons)."""
        self.actions = actions
        t = self.t
        if actions.empty:
            self.rows.children = [widgets.HTML(f"<p>{escape(t('charter.actions.empty'))}</p>")]
            return
        rows: list[widgets.Widget] = []
        for record in actions.to_dict("records"):
            none = t("charter.actions.none_who")
            text = " · ".join(
                [
                    self.labels.get(record["commitment"], record["commitment"]),
                    record["action"],
                    record["who"] or none,
                    str(record["by_when"] or none),
                ]
            )
            edit = widgets.Button(description=t("charter.actions.edit"))
            edit.add_class("wk-charter-action-edit")
            on_press(edit, lambda _b, r=record: self.edit(r), self.messages, t)
            remove = widgets.Button(description=t("charter.actions.remove"))
            remove.add_class("wk-charter-action-remove")
            on_press(remove, lambda _b, r=record: self.remove(r), self.messages, t)
            row = widgets.HBox(
                [widgets.HTML(f"<span>{escape(text)}</span>"), edit, remove],
                layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
            )
            row.add_class("wk-charter-action")
            rows.append(row)
        self.rows.children = rows

    def clear(self) -> None:
        """Empty the form for a new action."""
        self.editing = None
        self.draft_id = new_action_id()
        self.action.value = ""
        self.who.value = ""
        self.by_when.value = None
        self.editing_note.value = ""

    def edit(self, record: dict[str, Any]) -> None:
        """Load ``record`` into the form; *Save* then changes it."""
        self.editing = str(record["action_id"])
        if record["commitment"] in self.labels:
            self.commitment.value = record["commitment"]
        self.action.value = str(record["action"])
        self.who.value = str(record["who"] or "")
        when = record["by_when"]
        self.by_when.value = date.fromisoformat(str(when)) if when else None
        self.editing_note.value = (
            f"<p><em>{escape(self.t('charter.actions.editing', action=record['action']))}</em></p>"
        )

    def save(self) -> bool:
        """Store the action in the form; clear the form once stored."""
        t = self.t
        action = self.action.value.strip()
        who = self.who.value.strip()
        if not action or len(action) > MAX_ACTION_TEXT:
            self.messages.show(
                t("charter.actions.action_required", limit=MAX_ACTION_TEXT), "warning"
            )
            return False
        if len(who) > MAX_WHO_TEXT:
            self.messages.show(t("charter.actions.who_too_long", limit=MAX_WHO_TEXT), "warning")
            return False
        answer = CharterActionAnswer(
            action_id=self.editing or self.draft_id,
            commitment=self.commitment.value,
            action=action,
            who=who or None,
            by_when=self.by_when.value,
        )
        stored = self.save_record(answer)
        self.clear()
        self.messages.show(
            t("charter.actions.saved" if stored else "charter.actions.already_saved"), "ok"
        )
        return stored

    def remove(self, record: dict[str, Any]) -> bool:
        when = record["by_when"]
        answer = CharterActionAnswer(
            action_id=str(record["action_id"]),
            commitment=str(record["commitment"]),
            action=str(record["action"]),
            who=record["who"] or None,
            by_when=date.fromisoformat(str(when)) if when else None,
            removed=True,
        )
        stored = self.save_record(answer)
        if self.editing == answer.action_id:
            self.clear()
        if stored:
            self.messages.show(self.t("charter.actions.removed"), "ok")
        return stored


class CharterSessionView(widgets.VBox):
    """One session's Charter self-assessment, kept live by the page frame.

    The chart, discussion and approved notes are drawn from the released answers, as on the
    projector (and exported as such); the notes to review come from every answer.
    """

    #: The answers it shows: a change to one of them redraws it.
    reads = ("charter", "charter_actions", "text_reviews")

    def __init__(self, context: PageContext, store: Store, session: SessionInfo) -> None:
        self.store = store
        self.code = session.code
        self.key_hash = context.facilitator.key_hash if context.facilitator else ""
        self.profile = context.profile
        self.t = t = context.t
        self.messages = MessageArea()
        self.decisions: dict[str, str] = {}
        self._seen: Any = object()
        try:
            self.commitments = load_commitments(
                language=t.language, variant=context.profile.charter_variant
            )
        except CommitmentsError as error:
            self.view = None
            super().__init__([error_message(" ".join(error.problems))])
            return
        self.labels = self.commitments.labels(t.language)
        self.view = CharterView(self.commitments, t, self.profile.min_cell_size, actions=False)
        self.moderation = ModerationList("charter", t, self.decide, self.messages)
        self.editor = ActionEditor(self.commitments, t, self._save_action)
        export = widgets.Button(description=t("charter.page.export"))
        export.add_class("wk-charter-export")
        on_press(export, lambda _b: self.export(), self.messages, t)
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-charter-downloads")
        wording = "wording_to_verify" if self.commitments.to_verify else "wording_published"
        super().__init__(
            [
                widgets.HTML(
                    f"<p>{escape(t('charter.page.intro', min=self.profile.min_cell_size))}</p>"
                    f"<p><small>{escape(t('charter.page.' + wording))}</small></p>"
                ),
                self.view,
                self.moderation,
                self.editor,
                export,
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-charter-session")
        self.refresh()

    # -- reading -----------------------------------------------------------------------------

    def _records(self, activity: str) -> pd.DataFrame:
        return self.store.answers(self.code, activity, latest_only=False)

    def refresh(self) -> None:
        """Redraw from the store (only what changed is redrawn)."""
        if self.view is None:
            return
        from workshop_kit.activities.charter.model import action_list, notes
        from workshop_kit.core.answers import review_decisions
        from workshop_kit.core.registry import ResultsContext

        history = self._records("charter")
        self.decisions = review_decisions(self._records("text_reviews"))
        actions = action_list(self._records("charter_actions"))
        # the room's shown state, laid out as on the projector
        room = ResultsContext.of_session(self.store, self.code, self.profile, self.t)
        self.view.show_state(room.shown("charter"))
        # the notes to review come from every answer, not only the released ones
        state = (fingerprint(history), tuple(sorted(self.decisions.items())), fingerprint(actions))
        if state == self._seen:
            return
        self._seen = state
        self._draw_moderation(notes(history, self.commitments.ids))
        self.editor.show(actions)
        self.downloads.value = ""  # an earlier export describes earlier answers

    def _draw_moderation(self, written: pd.DataFrame) -> None:
        """Each note with the commitment and the kind of note it is (evidence, next step)."""
        t = self.t
        self.moderation.show(
            (
                Written(
                    record["text"],
                    about=f"{self.labels.get(record['commitment'], '')} "
                    f"({t('charter.notes.kind_' + record['kind'])})",
                    key=record["key"],
                )
                for record in written.to_dict("records")
            ),
            self.decisions,
        )

    # -- the facilitator's records -----------------------------------------------------------

    def decide(self, key: str, decision: str) -> bool:
        """Approve a text for the projector or keep it off; stored once per change."""
        from workshop_kit.core.answers import review_decisions

        records = self._records("text_reviews")
        if review_decisions(records).get(key) == decision:
            return False  # already in force (the second click of a double click)
        answer = TextReviewAnswer(text_key=key, decision=decision)
        stored = self.store.add_facilitator_answers(
            self.code,
            self.key_hash,
            [
                (
                    FACILITATOR_ID,
                    answer,
                    record_key(self.code, "review", key, decision, len(records)),
                )
            ],
        )
        self.refresh()
        return stored > 0

    def _save_action(self, answer: CharterActionAnswer) -> bool:
        """Store one action record unless the same action is already in force as it is."""
        from workshop_kit.activities.charter.model import action_list
        from workshop_kit.core.answers import facilitator_records

        records = facilitator_records(self._records("charter_actions"))
        earlier = 0
        if records is not None and not records.empty:
            earlier = int((records["action_id"] == answer.action_id).sum())
        current = action_list(records)
        mine = current[current["action_id"] == answer.action_id]
        if not answer.removed and not mine.empty:
            now = mine.iloc[0]
            same = (
                now["commitment"] == answer.commitment
                and now["action"] == answer.action
                and (now["who"] or None) == answer.who
                and str(now["by_when"] or "")
                == (answer.by_when.isoformat() if answer.by_when else "")
            )
            if same:
                return False
        if answer.removed and mine.empty:
            return False  # already removed
        key = record_key(self.code, "action", answer.action_id, answer.model_dump_json(), earlier)
        stored = self.store.add_facilitator_answers(
            self.code, self.key_hash, [(FACILITATOR_ID, answer, key)]
        )
        self.refresh()
        return stored > 0

    # -- exports -----------------------------------------------------------------------------

    def export_files(self) -> list[ExportFile]:
        """What the room saw, as files: the commitments table, the approved notes, the action
        list (CSV, formula-safe) and the chart (PNG)."""
        import pandas as pd

        from workshop_kit.activities.charter.model import export_table
        from workshop_kit.core.exports import ExportFile, png_bytes, safe_csv

        assert self.view is not None
        self.refresh()
        results = self.view.results
        t, language = self.t, self.t.language
        table = export_table(results["table"], self.labels, t)
        table.insert(1, "text", [self.commitments.get(c).wording(language) for c in table.index])
        approved = results["notes"]
        notes = pd.DataFrame(
            {
                "commitment": [self.labels.get(c, c) for c in approved["commitment"]],
                "kind": [t("charter.notes.kind_" + k) for k in approved["kind"]],
                "text": list(approved["text"]),
            },
            columns=["commitment", "kind", "text"],
        )
        actions = results["actions"]
        action_rows = pd.DataFrame(
            {
                "commitment": [self.labels.get(c, c) for c in actions["commitment"]],
                "action": list(actions["action"]),
                "who": list(actions["who"]),
                "by_when": [str(w) if w else "" for w in actions["by_when"]],
            },
            columns=["commitment", "action", "who", "by_when"],
        )
        files = [
            ExportFile("charter-commitments.csv", "text/csv", safe_csv(table)),
            ExportFile("charter-notes.csv", "text/csv", safe_csv(notes)),
            ExportFile("charter-actions.csv", "text/csv", safe_csv(action_rows)),
        ]
        if results["figure"] is not None:
            files.append(ExportFile("charter.png", "image/png", png_bytes(results["figure"])))
        return files

    def export(self) -> Path:
        """Save the files under ``workshop-data/exports/<code>/`` and offer them as links."""
        from workshop_kit.core.exports import save_exports
        from workshop_kit.core.widgets import download_links

        files = self.export_files()
        saved = save_exports(files, self.code)
        self.downloads.value = download_links(files, self.t, saved)
        self.messages.show(self.t("charter.page.exported"), "ok")
        return saved


def charter_page(poll: bool = True) -> widgets.Widget:
    """The Charter page: a refusal for participant links, else the session view."""
    from workshop_kit.core.page import facilitator_page

    return facilitator_page("charter.title", CharterSessionView, poll=poll)


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(charter_page())
