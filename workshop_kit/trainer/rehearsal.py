"""A practice session with simulated phones (``workshop-kit rehearse --phones 20``).

Why: a new facilitator should see the projector fill, the reveal, moderation and the report
before facing a hall, and a trainer cannot bring twenty phones to every training. A rehearsal
creates a **practice session** (marked in the store, "Practice" on every screen and in the
report), then:

- N simulated participants join over about a minute (each joins, which is consenting, as a
  phone does when its person taps "I agree");
- the simulated facilitator switches the activities in the community's plan order (its
  ``plan.yaml``, else the hub's order), waiting on each until every phone has answered;
- each phone follows the switch by polling the session as the participant app does, reads
  for a few seconds, then sends what its activity's ``rehearsal.py`` says a plausible person
  sends, one answer at a time at human speed, through the phone's own path
  (:class:`~workshop_kit.core.sending.AnswerSender`: validated, stored once under an
  idempotency key, kept and retried if the store is busy);
- at the end the practice session is deleted whole
  (:meth:`~workshop_kit.core.store.Store.delete_rehearsal`), unless it is kept to practise the
  report and exports; a kept practice session is never mixed with real ones.

The facilitator watching the hub (signed in with the same data folder's key) sees it all
live: answers arrive, written answers wait for approval, results wait to be revealed.
``speed`` divides every wait (tests run a rehearsal in seconds); nothing else changes.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workshop_kit.core.activity import ActivityInfo, discover
from workshop_kit.core.plan import switch_order
from workshop_kit.core.sending import AnswerSender
from workshop_kit.core.store import SessionClosed, SessionNotFound, Store
from workshop_kit.i18n import Translator
from workshop_kit.profile import GROUPS, Profile

#: How a hall's groups are mixed (caregiver, bereaved, living with illness, professional,
#: neighbour, other): mostly caregivers and bereaved people, as in the rooms the kit serves.
GROUP_WEIGHTS = (5, 3, 1, 2, 2, 1)
#: Even sped up, a phone looks at the session no more than ten times a second: twenty phones
#: polling flat out would only measure the database's lock.
POLL_FLOOR = 0.1


@dataclass(frozen=True)
class RehearsalSettings:
    phones: int = 20
    #: Phones join at random moments over this many seconds.
    join_seconds: float = 60.0
    #: Reading the screen before the first answer of an activity.
    read_seconds: tuple[float, float] = (3.0, 10.0)
    #: Between two answers of one phone (a tap, a thought, the next tap).
    think_seconds: tuple[float, float] = (2.0, 6.0)
    #: Phones look at the session this often (the participant app polls every 2 seconds).
    poll_seconds: float = 2.0
    #: The facilitator lets the room look at the results before moving on.
    linger_seconds: float = 10.0
    #: Move on after this long even if a phone has not finished.
    max_activity_seconds: float = 300.0
    #: Divides every wait: 1 is human speed (tests use more).
    speed: float = 1.0
    seed: int | None = None
    keep: bool = False


@dataclass
class RehearsalResult:
    code: str
    activities: list[str]
    participants: int
    #: Answers stored, by activity.
    answers: dict[str, int]
    #: Unexpected errors in the simulated phones (a bug in a ``rehearsal.py``).
    errors: list[str] = field(default_factory=list)
    kept: bool = False


class _Room:
    """What the simulated phones and the facilitator share."""

    def __init__(self, activities: list[str]) -> None:
        self.lock = threading.Lock()
        self.done: dict[str, set[int]] = {activity: set() for activity in activities}
        self.joined = 0
        self.errors: list[str] = []
        self.stop = threading.Event()

    def finished(self, activity: str, phone: int) -> None:
        with self.lock:
            self.done[activity].add(phone)

    def count(self, activity: str) -> int:
        with self.lock:
            return len(self.done[activity])


class Rehearsal:
    """One practice session, run from start to clean-up by :meth:`run`."""

    def __init__(
        self,
        store: Store,
        facilitator_key_hash: str,
        profile: Profile,
        settings: RehearsalSettings,
        say: Callable[[str], None] = print,
        language: str | None = None,
    ) -> None:
        self.store = store
        self.key_hash = facilitator_key_hash
        self.profile = profile
        self.settings = settings
        self.say = say
        self.t = Translator(language or profile.language)
        self.rng = random.Random(settings.seed)  # noqa: S311 - simulated answers, no secret
        registry = discover()
        self.hooks: dict[str, ActivityInfo] = {
            activity: registry[activity]
            for activity in switch_order(registry, profile)
            if registry[activity].rehearsal is not None
        }

    def wait(self, seconds: float, floor: float = 0.0) -> bool:
        """Sleep ``seconds`` of rehearsal time (at least ``floor`` real seconds); ``True`` if
        the rehearsal was stopped."""
        return self.room.stop.wait(max(floor, max(0.0, seconds) / self.settings.speed))

    def run(self) -> RehearsalResult:
        t, settings = self.t, self.settings
        activities = list(self.hooks)
        title = t("rehearsal.session_name", date=date.today().isoformat())
        session = self.store.create_session(
            title, t.language, self.key_hash, profile_name=self.profile.name, rehearsal=True
        )
        code = session.code
        self.room = _Room(activities)
        self.say(t("rehearsal.started", code=code, count=settings.phones))
        phones = [
            threading.Thread(target=self._phone, args=(code, index, self.rng.random()), daemon=True)
            for index in range(settings.phones)
        ]
        result = RehearsalResult(code, activities, 0, {})
        try:
            for phone in phones:
                phone.start()
            for activity in activities:
                self.store.set_current_activity(code, activity, self.key_hash)
                self.say(t("rehearsal.switched", activity=t(self.hooks[activity].title_key)))
                deadline = time.monotonic() + settings.max_activity_seconds / settings.speed
                while self.room.count(activity) < settings.phones and time.monotonic() < deadline:
                    if self.wait(settings.poll_seconds, POLL_FLOOR):
                        break
                self.say(
                    t("rehearsal.answered", count=self.room.count(activity), total=settings.phones)
                )
                if self.wait(settings.linger_seconds):
                    break
            self.store.close_session(code, self.key_hash)
        finally:
            self.room.stop.set()
            for phone in phones:
                phone.join(timeout=30)
            result.participants = self.store.state(code).participants
            result.answers = {
                activity: len(self.store.answers(code, activity, latest_only=False))
                for activity in activities
            }
            result.errors = list(self.room.errors)
            result.kept = settings.keep
            if not settings.keep:
                self.store.delete_rehearsal(code, self.key_hash)
        return result

    def _phone(self, code: str, index: int, seed: float) -> None:
        """One simulated participant, from joining to the end of the session."""
        settings, room = self.settings, self.room
        rng = random.Random(seed)  # noqa: S311 - simulated answers, no secret
        persona = {
            "group": rng.choices(GROUPS, weights=GROUP_WEIGHTS)[0],
            "area": rng.choice([area.id for area in self.profile.areas]),
        }
        if self.wait(rng.uniform(0, settings.join_seconds)):
            return
        try:
            participant = self.store.join(code)  # consent given, as on the phone
            sender = AnswerSender(self.store, code, participant, self.profile)
            with room.lock:
                room.joined += 1
            seen: str | None = None
            while not room.stop.is_set():
                session = self.store.session(code)
                if not session.is_open:
                    return
                current = session.current_activity
                if current != seen and current in self.hooks:
                    seen = current
                    self._answer(code, current, sender, rng, persona, index)
                if self.wait(settings.poll_seconds, POLL_FLOOR):
                    return
        except (SessionNotFound, SessionClosed):
            return  # the facilitator closed the session: a phone then says so, and stops
        except Exception as error:  # a bug in an activity's rehearsal.py: say it, go on
            with room.lock:
                room.errors.append(f"phone {index + 1}: {type(error).__name__}: {error}")

    def _answer(
        self,
        code: str,
        activity: str,
        sender: AnswerSender,
        rng: random.Random,
        persona: dict[str, Any],
        index: int,
    ) -> None:
        settings = self.settings
        if self.wait(rng.uniform(*settings.read_seconds)):
            return
        hook = self.hooks[activity].load(self.hooks[activity].rehearsal or "")
        for payload in hook(self.profile, rng, self.t.language, persona):
            if self.store.session(code).current_activity != activity:
                break  # the facilitator moved on: so does this phone
            sender.send(activity, payload)
            if self.wait(rng.uniform(*settings.think_seconds)):
                return
        self.room.finished(activity, index)
