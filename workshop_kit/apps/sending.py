"""Sending a participant's answer: validated, stored once, and safe to click twice.

The idempotency key is derived from the form, the answer's revision and its content:

- clicking *Send* twice with the same content does nothing the second time ("already saved");
- a retry after a dropped connection reuses the key, so the store keeps one row even if the
  first attempt had in fact been committed;
- changing the answer is a new revision, stored as a new row: the latest counts, and going
  back to an earlier choice is stored again rather than swallowed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from workshop_kit.answers import validate_answer
from workshop_kit.profile import Profile
from workshop_kit.store import Store


@dataclass
class _ItemState:
    revision: int = 0
    last_saved: str | None = None


@dataclass
class AnswerSender:
    store: Store
    code: str
    participant_id: str
    profile: Profile
    form_id: str = field(default_factory=lambda: secrets.token_hex(8))
    _items: dict[tuple[str, str], _ItemState] = field(default_factory=dict)

    def send(self, activity: str, payload: dict[str, Any]) -> bool:
        """Validate and store; ``True`` if stored now, ``False`` if it was already saved.

        Raises :class:`~workshop_kit.answers.InvalidAnswer` for a payload that does not fit
        and :class:`~workshop_kit.store.StoreUnavailable` when the store cannot be reached.
        """
        answer = validate_answer(activity, payload, self.profile)
        content = answer.model_dump_json()
        state = self._items.setdefault((activity, answer.item()), _ItemState())
        if content == state.last_saved:
            return False
        digest = hashlib.sha256(
            json.dumps([self.form_id, activity, answer.item(), state.revision, content]).encode()
        ).hexdigest()
        self.store.add_answer(self.code, self.participant_id, answer, digest)
        state.last_saved = content
        state.revision += 1
        return True
