"""Which answers the screens may show: the facilitator's releases, replayed over the answer log.

The one place that decides it. Every view (the projector, the facilitator pages, the report,
the exports) asks :func:`released_answers_of` for "the released answers of activity A in
session S", and :mod:`workshop_kit.core.shown` builds each activity's shown state from them.
Why a replay and not a state kept somewhere: the answer log and the releases are both
append-only, so replaying them gives the same answer in every kernel, after every reload, and
an hour later on the command line (see ``docs/privacy.md`` for the scheme and its reasons).

The rules (``k`` is the profile's ``min_cell_size``; people are counted with
:func:`~workshop_kit.core.disclosure.people_of`, a shared page once):

1. While nothing was released the screens show progress, not results.
2. A release ("Show results", moving the room on, closing the session, importing a file)
   shows every answer stored before it, *if* at least ``k`` people answered since the
   previous release (the first time: at all). So a room where everyone answered sees
   everyone, and one person's late answer is never shown on its own.
3. Once something was released (or while "show results live" is on), later answers join by
   themselves as soon as ``k`` people have answered since the previous release.
4. The shown answers are the latest per person and item among those up to the release.

So two shown states in a row always differ by the answers of at least ``k`` people, and no
state is built from fewer than ``k``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop_kit.core.disclosure import check_cell_size, people_of

if TYPE_CHECKING:
    import pandas as pd

    from workshop_kit.core.store import ReleaseRecord, Store

#: Release kinds that release what was answered so far (see :mod:`~workshop_kit.core.store.
#: releases`); "live" switches only change whether blocks join by themselves.
RELEASING = ("show", "move_on", "close", "import")
LIVE_ON, LIVE_OFF, CLOSE = "live_on", "live_off", "close"


@dataclass(frozen=True)
class Replay:
    """The outcome of replaying an activity's releases over its answer log."""

    #: Answers with an id up to this are released (0: nothing yet).
    watermark: int
    #: Every watermark the screens went through, oldest first.
    history: tuple[int, ...]
    #: Whether "show results live" is on.
    live: bool
    #: Answers stored after the watermark, and how many people they come from.
    waiting_answers: int
    waiting_people: int
    #: How many people answered at all.
    answered_people: int
    min_cell_size: int

    @property
    def released(self) -> bool:
        return self.watermark > 0

    @property
    def can_release(self) -> bool:
        """Whether "Show results" now would show the waiting answers."""
        return self.waiting_people >= self.min_cell_size

    @property
    def people_needed(self) -> int:
        """How many more people must answer before the waiting answers can be shown."""
        return max(0, self.min_cell_size - self.waiting_people)


def _ordered(log: pd.DataFrame) -> pd.DataFrame:
    """The log with ``answer_id`` and ``participant_id`` (a table read outside a session is
    taken in row order, one person a row), oldest answer first."""
    frame = log
    if "answer_id" not in frame:
        frame = frame.assign(answer_id=range(1, len(frame) + 1))
    if "participant_id" not in frame:
        frame = frame.assign(participant_id=[f"row-{i}" for i in range(len(frame))])
    return frame.sort_values("answer_id", kind="stable")


def replay(
    log: pd.DataFrame | None, releases: Iterable[ReleaseRecord] | None, min_cell_size: int
) -> Replay:
    """Replay ``releases`` (oldest first) over ``log`` (see the module docstring).

    ``releases=None`` means a table with no session behind it (a test, a page's own rows):
    it is treated as "show results live" from the start, the safe default for a view that
    redraws as rows arrive.
    """
    k = check_cell_size(min_cell_size)
    if log is None or log.empty:
        return Replay(0, (), releases is None, 0, 0, 0, k)
    frame = _ordered(log)
    ids = [int(i) for i in frame["answer_id"]]
    people = list(people_of(frame))
    events = [] if releases is None else list(releases)
    live = releases is None
    watermark, history, since, position = 0, [], set(), 0

    def release_at(mark: int) -> None:
        nonlocal watermark, since
        watermark = mark
        history.append(mark)
        since = set()

    def take_until(limit: int | None) -> None:
        """Take the answers up to ``limit`` (all: ``None``), releasing whole blocks."""
        nonlocal position
        while position < len(ids) and (limit is None or ids[position] <= limit):
            since.add(people[position])
            if (live or watermark) and len(since) >= k:
                release_at(ids[position])
            position += 1

    for event in events:
        take_until(event.watermark)
        if event.kind == LIVE_OFF:
            live = False
            continue
        if event.kind == LIVE_ON:
            live = True
        if (event.kind in RELEASING or event.kind == LIVE_ON) and len(since) >= k:
            release_at(max(watermark, event.watermark))
    take_until(None)
    waiting = sum(1 for i in ids if i > watermark)
    return Replay(watermark, tuple(history), live, waiting, len(since), len(set(people)), k)


def released_rows(log: pd.DataFrame | None, watermark: int) -> pd.DataFrame | None:
    """The latest answer per person and item among the answers up to ``watermark``, in the
    log's columns and order of answers."""
    if log is None or log.empty:
        return log
    frame = _ordered(log)
    rows = frame[frame["answer_id"] <= watermark]
    keys = ["participant_id", "item"] if "item" in rows else ["participant_id"]
    latest = rows.drop_duplicates(keys, keep="last")
    return latest.loc[:, list(log.columns)] if set(log.columns) <= set(latest) else latest


def release_from_log(
    log: pd.DataFrame | None, releases: Iterable[ReleaseRecord] | None, min_cell_size: int
) -> pd.DataFrame | None:
    """The released answers of ``log`` under ``releases`` (pure: no store)."""
    outcome = replay(log, releases, min_cell_size)
    return released_rows(log, outcome.watermark)


# -- a session in the store --------------------------------------------------------------------


def session_releases(store: Store, code: str, activity: str) -> list[ReleaseRecord]:
    """The releases of ``activity`` in session ``code``.

    A session closed by a kit older than the releases table has none: its closing is
    replayed as if it had been recorded after its last answer, so last year's file shows
    what it showed then.
    """
    from workshop_kit.core.store import ReleaseRecord

    records = store.releases(code, activity)
    if not store.session(code).is_open and not any(r.kind == CLOSE for r in records):
        state = dict((a, last) for a, _n, last in _activity_rows(store, code, activity))
        records.append(ReleaseRecord(CLOSE, int(state.get(activity, 0))))
    return records


def _activity_rows(store: Store, code: str, activity: str) -> list[tuple[str, int, int]]:
    return list(store.activity_state(code, (activity,)))


def released_answers_of(
    store: Store,
    code: str,
    activity: str,
    min_cell_size: int,
    *,
    select: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """**The** released answers of ``activity`` in session ``code``: what every view shows.

    ``select`` keeps part of the log before the release is replayed, for an activity whose
    figures count only some answers (the CareMaps people chose to share): the ``k`` people a
    release needs are then people who contribute to those figures.
    """
    log = store.answers(code, activity, latest_only=False)
    if select is not None:
        log = select(log)
    return release_from_log(log, session_releases(store, code, activity), min_cell_size)


def release_status(store: Store, code: str, activity: str, min_cell_size: int) -> Replay:
    """Where the release of ``activity`` stands: what the facilitator is told."""
    log = store.answers(code, activity, latest_only=False)
    return replay(log, session_releases(store, code, activity), min_cell_size)


def show_results(
    store: Store, code: str, activity: str, facilitator_key_hash: str, min_cell_size: int
) -> Replay:
    """The facilitator's "Show results": recorded only when it shows something (at least
    ``min_cell_size`` people answered since the last release); the status after it either way.
    """
    status = release_status(store, code, activity, min_cell_size)
    if status.can_release:
        store.record_release(code, activity, "show", facilitator_key_hash)
        status = release_status(store, code, activity, min_cell_size)
    return status


def set_live(
    store: Store,
    code: str,
    activity: str,
    on: bool,
    facilitator_key_hash: str,
    min_cell_size: int,
) -> Replay:
    """Switch "show results live" on or off for ``activity``; the status after it."""
    store.record_release(code, activity, LIVE_ON if on else LIVE_OFF, facilitator_key_hash)
    return release_status(store, code, activity, min_cell_size)
