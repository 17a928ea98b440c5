"""Where the facilitator page reads assets and writes its decisions: a live session in the
store, or (with no session) imported files kept on the page, and the idempotency key of each
decision.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from workshop_kit.activities.assets.answers import AssetMergeAnswer
from workshop_kit.auth import Facilitator
from workshop_kit.core.answers import (
    FACILITATOR_ID,
    FACILITATOR_SOURCE,
    TextReviewAnswer,
    review_decisions,
)
from workshop_kit.core.registry import ResultsContext
from workshop_kit.core.store import Store

if TYPE_CHECKING:
    import pandas as pd

    from workshop_kit.activities.assets.importer import AssetImport


class AssetData(Protocol):
    """Where the facilitator page reads assets and writes its decisions."""

    label: str

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]: ...

    def decide(self, answer: AssetMergeAnswer, key: str) -> bool: ...

    def name_decisions(self) -> dict[str, str]: ...

    def review(self, key: str, decision: str) -> None: ...

    def add_import(self, result: AssetImport) -> int: ...


@dataclass
class SessionData:
    """A live session in the store. Every write passes the facilitator's key hash, which the
    store checks against the session's own."""

    store: Store
    code: str
    facilitator: Facilitator
    #: The context the hub gives its projected view: the page shows what it shows.
    context: ResultsContext

    @property
    def label(self) -> str:
        return self.code

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
        """The assets and needs as the projector shows them (:func:`~.shown.live_assets`,
        :meth:`ResultsContext.released`): the page is linked from the hub and may be
        projected, so it shows the same state, never the few people who came after."""
        from workshop_kit.activities.assets.shown import live_assets

        return (
            live_assets(self.context.history("assets"), self.context.profile.min_cell_size),
            self.store.answers(self.code, "asset_merges"),
            self.context.released("needs"),
        )

    def name_decisions(self) -> dict[str, str]:
        return review_decisions(self.store.answers(self.code, "text_reviews", latest_only=False))

    def review(self, key: str, decision: str) -> None:
        """Record the facilitator's decision about a name (as for any written answer)."""
        answer = TextReviewAnswer(text_key=key, decision=decision)
        done = len(self.store.answers(self.code, "text_reviews", latest_only=False))
        self.store.add_facilitator_answers(
            self.code,
            self.facilitator.key_hash,
            [(FACILITATOR_ID, answer, f"asset-name-review-{key}-{done}")],
        )

    def decide(self, answer: AssetMergeAnswer, key: str) -> bool:
        stored = self.store.add_facilitator_answers(
            self.code, self.facilitator.key_hash, [(FACILITATOR_ID, answer, key)]
        )
        return stored > 0

    def add_import(self, result: AssetImport) -> int:
        return self.store.add_facilitator_answers(
            self.code, self.facilitator.key_hash, result.store_rows(self.code), source="import"
        )


@dataclass
class PageData:
    """No live session: imported files and decisions kept on this page until exported.

    Same rules as the store: an asset imported twice counts once, a decision taken twice is
    recorded once, and merges are replayed in order.
    """

    label: str = "import"
    assets: dict[str, dict[str, Any]] = field(default_factory=dict)
    merges: dict[str, dict[str, Any]] = field(default_factory=dict)
    reviews: dict[str, str] = field(default_factory=dict)
    _counter: int = 0

    def name_decisions(self) -> dict[str, str]:
        return dict(self.reviews)

    def review(self, key: str, decision: str) -> None:
        self.reviews[key] = decision

    def _next_id(self) -> int:
        self._counter += 1
        return self._counter

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
        import pandas as pd

        return (
            pd.DataFrame(list(self.assets.values())),
            pd.DataFrame(list(self.merges.values())),
            None,
        )

    def decide(self, answer: AssetMergeAnswer, key: str) -> bool:
        if key in self.merges:
            return False
        self.merges[key] = {
            "answer_id": self._next_id(),
            "participant_id": FACILITATOR_ID,
            "source": FACILITATOR_SOURCE,
            **answer.model_dump(),
        }
        return True

    def add_import(self, result: AssetImport) -> int:
        stored = 0
        for participant_id, answer, key in result.store_rows(self.label):
            if key in self.assets:
                continue
            self.assets[key] = {
                "answer_id": self._next_id(),
                "participant_id": participant_id,
                "item": answer.item(),
                "source": "import",
                **answer.model_dump(),
            }
            stored += 1
        return stored


def decision_key(label: str, action: str, keep: str, merged: Sequence[str], seen: int) -> str:
    """Idempotency key of a facilitator decision.

    ``seen`` is how many decisions the page had when it drew the button: a double click stores
    the decision once, while merging a group again after separating it is a new decision.
    """
    text = "\x1f".join([label, action, keep, *merged, str(seen)])
    return "asset-decision-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:48]
