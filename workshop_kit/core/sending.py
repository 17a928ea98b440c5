"""Sending a participant's answer: validated, stored once, safe to click twice, kept if the
store cannot take it yet.

The idempotency key is derived from the form, the answer's revision and its content:

- clicking *Send* twice with the same content does nothing the second time ("already saved");
- a retry after a dropped connection reuses the key, so the store keeps one row even if the
  first attempt had in fact been committed;
- changing the answer is a new revision, stored as a new row: the latest counts, and going
  back to an earlier choice is stored again rather than swallowed.

When the store cannot take an answer (locked past its retries, unreachable, or refusing it for
a reason other than a repeated key), the answer is not "already saved" and not lost: the
sender keeps it with its key, raises :class:`~workshop_kit.core.store.AnswerNotStored` so the phone
says "not saved yet, trying again", and sends it again on its own (after ``retry_delays``)
and before anything else this person sends. The kept key makes every retry safe.

A page sending faster than a person can is refused the same way
(:class:`~workshop_kit.core.store.AnswerRateLimited`, see :mod:`workshop_kit.core.store.limits`):
the phone says "slow down", keeps the latest answer of each question, and stores it once the
page has slowed down. What the phone was told is saved stays saved.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from workshop_kit.core.answers import Answer, validate_answer
from workshop_kit.core.store import AnswerNotStored, Store, StoreUnavailable
from workshop_kit.profile import Profile

log = logging.getLogger("workshop_kit")

#: Seconds before each automatic retry of a kept answer; the last delay repeats until the
#: answer is stored (the page's kernel ends with the page, and the answer with it).
RETRY_DELAYS = (2.0, 5.0, 10.0, 30.0, 60.0)


@dataclass
class _Unsaved:
    answer: Answer
    key: str
    content: str


@dataclass
class _ItemState:
    revision: int = 0
    last_saved: str | None = None
    unsaved: _Unsaved | None = None


@dataclass
class AnswerSender:
    store: Store
    code: str
    participant_id: str
    profile: Profile
    form_id: str = field(default_factory=lambda: secrets.token_hex(8))
    retry_delays: tuple[float, ...] = RETRY_DELAYS
    _items: dict[tuple[str, str], _ItemState] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _timer: threading.Timer | None = field(default=None, repr=False)
    _retries: int = 0
    #: Why the store refused the last kept answer: an answer sent while others wait is
    #: refused for the same reason, so the phone says "slow down" or "busy" truthfully.
    _refusal: type[AnswerNotStored] = AnswerNotStored

    def send(self, activity: str, payload: dict[str, Any]) -> bool:
        """Validate and store; ``True`` if stored now, ``False`` if it was already saved.

        Raises :class:`~workshop_kit.core.answers.InvalidAnswer` for a payload that does not fit,
        and :class:`~workshop_kit.core.store.AnswerNotStored` (a
        :class:`~workshop_kit.core.store.StoreUnavailable`) when the store cannot take it yet: the
        answer is then kept and sent again (see the module docstring).
        """
        answer = validate_answer(activity, payload, self.profile)
        content = answer.model_dump_json()
        with self._lock:
            stored_now = self.retry_pending()
            state = self._items.setdefault((activity, answer.item()), _ItemState())
            if content == state.last_saved and state.unsaved is None:
                return (activity, answer.item()) in stored_now
            # otherwise new content, or a return to the saved content while a newer one is
            # kept: either way a new revision, so the latest sent is the one that counts
            digest = hashlib.sha256(
                json.dumps(
                    [self.form_id, activity, answer.item(), state.revision, content]
                ).encode()
            ).hexdigest()
            state.unsaved = _Unsaved(answer, digest, content)  # the latest replaces a kept one
            if self.pending > 1:  # the store just refused an older answer: do not wait twice
                self._schedule_retry()
                raise self._refusal("earlier answers are still waiting for the store")
            try:
                self._store(state)
            except StoreUnavailable as error:
                refused = isinstance(error, AnswerNotStored)
                self._refusal = type(error) if refused else AnswerNotStored
                self._schedule_retry()
                if isinstance(error, AnswerNotStored):
                    raise
                raise AnswerNotStored(str(error)) from error
            return True

    @property
    def pending(self) -> int:
        """How many answers are kept because the store could not take them yet."""
        with self._lock:
            return sum(1 for state in self._items.values() if state.unsaved is not None)

    def retry_pending(self) -> set[tuple[str, str]]:
        """Send the kept answers again, oldest first, stopping at the first refusal; returns
        the ``(activity, item)`` of those stored now. Safe to call at any time, from any
        thread (a page's poll may call it)."""
        stored: set[tuple[str, str]] = set()
        with self._lock:
            for item, state in self._items.items():
                if state.unsaved is None:
                    continue
                try:
                    self._store(state)
                except StoreUnavailable as error:
                    if isinstance(error, AnswerNotStored):
                        self._refusal = type(error)
                    break
                stored.add(item)
            if not self.pending:
                self._retries = 0
        return stored

    def _store(self, state: _ItemState) -> None:
        """Store ``state``'s kept answer under its key; mark it saved (new or repeated key)."""
        unsaved = state.unsaved
        assert unsaved is not None
        self.store.add_answer(self.code, self.participant_id, unsaved.answer, unsaved.key)
        state.last_saved = unsaved.content
        state.revision += 1
        state.unsaved = None

    def _schedule_retry(self) -> None:
        if not self.retry_delays or (self._timer is not None and self._timer.is_alive()):
            return
        delay = self.retry_delays[min(self._retries, len(self.retry_delays) - 1)]
        self._retries += 1
        self._timer = threading.Timer(delay, self._retry_in_background)
        self._timer.daemon = True
        self._timer.start()

    def _retry_in_background(self) -> None:
        with self._lock:
            self._timer = None
            try:
                self.retry_pending()
            except Exception:  # a closed session, a deleted one: nothing more to try
                log.warning("kept answers could not be sent again; %d remain", self.pending)
                return
            if self.pending:
                self._schedule_retry()
