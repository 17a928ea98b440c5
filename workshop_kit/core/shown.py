"""One shown state per activity: what the projector, the facilitator pages, the report and the
exports lay out, computed once by the core from the released answers.

An activity declares its builder by convention (``shown:shown_state`` in its folder, found by
:func:`workshop_kit.core.activity.discover`): a pure function of a view context (a
:class:`~workshop_kit.core.registry.ResultsContext` or a :class:`~workshop_kit.core.report.
ReportContext`; both offer ``profile``, ``t``, ``code``, ``released(activity)``,
``latest(activity)`` and ``history(activity)``) that returns what may be shown: counts with
small cells hidden, sentences, figures. Every view calls :func:`shown_state` and only lays
the result out, so the paper report can never say more, or other, than the projector did.

Why a cache: the hub's projector, the facilitator page and the export in one kernel ask for
the same state; charts are the expensive part. A state is kept with what it was built from
(the release watermark of every activity it read released, the newest answer id of every
activity it read otherwise) and rebuilt only when one of those moved: once per release.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from workshop_kit.core.activity import discover

#: States kept per kernel (a session has seven activities, a kernel shows one or two sessions).
CACHE_SIZE = 32

_cache: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = OrderedDict()


@dataclass
class _Reads:
    """The context a builder runs with, noting what it reads (the state's dependencies)."""

    context: Any
    released_from: set[str]
    read_from: set[str]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.context, name)

    def released(self, activity: str) -> Any:
        self.released_from.add(activity)
        return self.context.released(activity)

    def latest(self, activity: str) -> Any:
        self.read_from.add(activity)
        return self.context.latest(activity)

    def history(self, activity: str) -> Any:
        self.read_from.add(activity)
        if self.context.history is None:  # a context with no log: its latest answers
            return self.context.answers(activity)
        return self.context.history(activity)

    def answers(self, activity: str) -> Any:
        self.read_from.add(activity)
        return self.context.answers(activity)

    def releases(self, activity: str) -> Any:
        self.read_from.add(activity)
        return self.context.releases(activity)


def has_shown_state(activity: str) -> bool:
    """Whether ``activity`` declares a shown-state builder."""
    info = discover().get(activity)
    return info is not None and info.shown is not None


def shown_state(context: Any, activity: str) -> Any:
    """The shown state of ``activity`` for ``context`` (see the module docstring)."""
    info = discover()[activity]
    if info.shown is None:
        raise LookupError(f"activity {activity!r} declares no shown state")
    build = info.load(info.shown)
    store = getattr(context, "store", None)
    if store is None:  # a table with no session behind it: nothing to share it with
        return build(context)
    key = (store.url, context.code, activity, context.t.language, context.profile.min_cell_size)
    kept = _cache.get(key)
    if kept is not None:
        depends, state = kept
        if _snapshot(context, depends[0], depends[1]) == depends[2]:
            _cache.move_to_end(key)
            return state
    reads = _Reads(context, set(), set())
    state = build(reads)
    released, read = tuple(sorted(reads.released_from)), tuple(sorted(reads.read_from))
    _cache[key] = ((released, read, _snapshot(context, released, read)), state)
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return state


def _snapshot(context: Any, released: tuple[str, ...], read: tuple[str, ...]) -> tuple[Any, ...]:
    """The release watermark of each activity read released, the newest answer of each
    activity read otherwise, and the newest release record of the session (a "Show results"
    adds no answer): a state built from the same is the same."""
    from workshop_kit.core.release import release_status

    store, code, k = context.store, context.code, context.profile.min_cell_size
    marks = tuple(release_status(store, code, a, k).watermark for a in released)
    answers = store.activity_state(code, read) if read else ()
    return marks, answers, store.releases_version(code), store.session(code).status


def clear_cache() -> None:
    """Forget every kept state (tests that reuse a database file)."""
    _cache.clear()
