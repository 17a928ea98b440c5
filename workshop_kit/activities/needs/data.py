"""Where the needs views read answers and the facilitator page writes: a live session in the
store, or (with no session) imported survey files kept on the page.

Both say what may be shown as one pair, the answers and the moderation decisions:

- a **live session** shows what the projector shows: the needs activity's shown state
  (:func:`~.shown.shown_state`), built from the answers the facilitator released
  (:func:`workshop_kit.core.release.released_answers_of`). The facilitator's page and its
  exports use it too: someone who saw the last projected state could otherwise compare it
  with a later page or CSV and learn the answers of the people who came after;
- **imported files without a session** (:class:`PageAnswers`) are static and nobody watches
  them grow, so all their rows are used; small cells are still hidden by the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from workshop_kit.activities.needs.answers import NeedsAnswer
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer, review_decisions
from workshop_kit.core.registry import ResultsContext
from workshop_kit.core.store import Store
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

if TYPE_CHECKING:
    import pandas as pd

    from workshop_kit.activities.needs.importer import NeedsImport

#: The export folder of work without a session (``workshop-data/exports/import/``).
NO_SESSION_FOLDER = "import"


def shown_in_room(context: ResultsContext) -> tuple[pd.DataFrame, dict[str, str]]:
    """What a live session's views may show: the released ``needs`` answers and the latest
    moderation decision per written answer. The hub's projected view and the facilitator's
    page both draw this, so neither can show (or export) more than the other."""
    decisions = review_decisions(context.answers("text_reviews"))
    return context.released("needs"), decisions


class NeedsData(Protocol):
    """Where the facilitator page reads answers and writes imports and decisions."""

    @property
    def folder(self) -> str:
        """The export folder under ``workshop-data/exports/``."""
        ...

    def shown(self) -> tuple[pd.DataFrame, dict[str, str]]:
        """The answers the page may show, and the moderation decisions."""
        ...

    def add_import(self, result: NeedsImport) -> int:
        """Add a checked file's answers; return how many were new."""
        ...

    def decide(self, key: str, decision: str) -> None:
        """Record the facilitator's decision about one written answer."""
        ...


@dataclass
class SessionAnswers:
    """A live session in the store. Every write passes the facilitator's key hash, which the
    store checks against the session's own, as every facilitator action does."""

    store: Store
    code: str
    key_hash: str
    profile: Profile
    t: Translator
    context: ResultsContext = field(init=False)

    def __post_init__(self) -> None:
        # the same context the hub gives its projected view (apps/hub.py): same release
        self.context = ResultsContext.of_session(self.store, self.code, self.profile, self.t)

    @property
    def folder(self) -> str:
        return self.code

    def shown(self) -> tuple[pd.DataFrame, dict[str, str]]:
        return shown_in_room(self.context)

    def decisions(self) -> dict[str, str]:
        """The latest moderation decision per written answer (the page lists them all)."""
        return review_decisions(self.context.answers("text_reviews"))

    def add_import(self, result: NeedsImport) -> int:
        return self.store.add_facilitator_answers(
            self.code, self.key_hash, result.store_rows(self.code), source="import"
        )

    def decide(self, key: str, decision: str) -> None:
        """Store the decision once per click. Its idempotency key names the session: the
        same words approved in another session must not read as "already saved" here."""
        answer = TextReviewAnswer(text_key=key, decision=decision)
        done = len(self.store.answers(self.code, "text_reviews", latest_only=False))
        self.store.add_facilitator_answers(
            self.code,
            self.key_hash,
            [(FACILITATOR_ID, answer, f"text-review-{self.code}-{key}-{done}")],
        )


@dataclass
class PageAnswers:
    """No live session: imported survey rows and moderation decisions kept on this page.

    Nothing is written to the store. The store's rules still hold: an answer imported twice
    counts once (the idempotency keys of :meth:`~workshop_kit.core.imports.ImportResult.
    store_rows`, for a session called :data:`NO_SESSION_FOLDER`), and a respondent corrected
    in a later export replaces their earlier answer (the latest counts).
    """

    folder: str = NO_SESSION_FOLDER
    #: idempotency key -> one answer, as :meth:`Store.answers` would return it
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)

    def shown(self) -> tuple[pd.DataFrame, dict[str, str]]:
        import pandas as pd

        columns = ["answer_id", "participant_id", "item", "source", *NeedsAnswer.model_fields]
        frame = pd.DataFrame(list(self.rows.values()), columns=columns)
        latest = frame.drop_duplicates(["participant_id", "item"], keep="last")
        return latest.reset_index(drop=True), dict(self.decisions)

    def add_import(self, result: NeedsImport) -> int:
        added = 0
        for participant_id, answer, key in result.store_rows(self.folder):
            if key in self.rows:
                continue
            self.rows[key] = {
                "answer_id": len(self.rows) + 1,
                "participant_id": participant_id,
                "item": answer.item(),
                "source": "import",
                **answer.model_dump(),
            }
            added += 1
        return added

    def decide(self, key: str, decision: str) -> None:
        self.decisions[key] = decision
