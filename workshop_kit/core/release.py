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

from collections.abc import Callable
from typing import TYPE_CHECKING

from workshop_kit.core.disclosure import (
    CLOSE,
    LIVE_OFF,
    LIVE_ON,
    Replay,
    release_from_log,
    released_answers,
    released_rows,
    replay,
)
from workshop_kit.core.store import ReleaseRecord, Store

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Replay",
    "release_from_log",
    "release_status",
    "released_answers_of",
    "released_rows",
    "replay",
    "session_releases",
    "set_live",
    "show_results",
    "view_released",
    "view_releases",
]


# -- a session in the store --------------------------------------------------------------------


def session_releases(store: Store, code: str, activity: str) -> list[ReleaseRecord]:
    """The releases of ``activity`` in session ``code``.

    A session closed by a kit older than the releases table has none: its closing is
    replayed as if it had been recorded after its last answer, so last year's file shows
    what it showed then.
    """
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


def view_released(
    store: Store | None,
    code: str,
    activity: str,
    min_cell_size: int,
    log: Callable[[], pd.DataFrame],
) -> pd.DataFrame:
    """What a view context (the hub's, a facilitator page's, the report's) may show of
    ``activity``: the facilitator's releases when a session is behind it, else whole blocks
    of ``min_cell_size`` people of ``log()`` (a file read on a page, with no session)."""
    if store is not None:
        return released_answers_of(store, code, activity, min_cell_size)
    return released_answers(log(), min_cell_size)


def view_releases(store: Store | None, code: str, activity: str) -> list[ReleaseRecord] | None:
    """The releases a view context reads for an activity that replays part of its log itself
    (:func:`release_from_log`); ``None`` with no session: whole blocks then."""
    return None if store is None else session_releases(store, code, activity)


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
