"""Disclosure control: what may leave the models for a screen, a sentence, a chart or a file.

The consent text promises that groups smaller than ``min_cell_size`` people are never shown
and that answers are shown only as totals. Every activity passes its figures through the
functions here instead of deciding on its own. The rules:

1. **Small cells.** No count, mean, score, quartile or total built from fewer than
   ``min_cell_size`` people (``k`` below) is shown or exported: it becomes "too few to show"
   (the catalog key :data:`TOO_FEW_KEY`). A count of 0 is shown: it describes nobody.
   When the cells of a row add up to a total shown elsewhere, more cells are hidden
   (:func:`protect_cells`) so that the total minus the shown cells never isolates a small
   group.

2. **Live steps.** A projected view is redrawn while people answer, and anyone in the room
   can compare two redraws. If the shown state changed with each answer, the difference
   between two redraws would be one person's answer (a total that grows by 7 hours just
   after a neighbour pressed "send"). So views show *released* answers
   (:mod:`workshop_kit.core.release`): everything answered when the facilitator says "Show
   results" (or moves on, or closes the session), provided at least ``k`` people answered;
   after that, later answers join only once ``k`` more people have answered. The difference
   between two consecutive shown states is therefore built from at least ``k`` people,
   never from one. The release is computed from the append-only answer log and release
   records, not from what a kernel remembers, so reloading the projector shows the same
   state. Totals are also rounded down (:func:`step_down`) so that a person who knows
   everyone else's figure cannot work out the last one exactly.

3. **Free text.** What people wrote reaches the projector only once the facilitator has
   approved it (:func:`approved_texts`); until then it is shown only as a count.

Pure functions: no widgets, no files, no database. pandas is used only where a table is
passed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd

#: Catalog key of what a suppressed figure shows.
TOO_FEW_KEY = "app.too_few"

#: Status of a figure in exported tables.
SHOWN, TOO_FEW, NO_ANSWERS = "shown", "too_few", "no_answers"


def check_cell_size(min_cell_size: int) -> int:
    if int(min_cell_size) < 1:
        raise ValueError("min_cell_size must be at least 1")
    return int(min_cell_size)


# -- small cells -------------------------------------------------------------------------------


def enough(people: int, min_cell_size: int) -> bool:
    """Whether a figure built from ``people`` people may be shown (never for 0 people)."""
    return people >= check_cell_size(min_cell_size)


def shown_count(count: int, min_cell_size: int) -> int | None:
    """A count as it may be shown: ``None`` (too few to show) for 1 to ``k - 1``."""
    check_cell_size(min_cell_size)
    return None if 0 < count < min_cell_size else int(count)


def protect_cells(counts: Sequence[int], min_cell_size: int) -> set[int]:
    """Positions of the cells of one row (whose total is shown) to suppress.

    Every cell with 1 to ``min_cell_size - 1`` people is suppressed. If the suppressed
    cells then hold fewer than ``min_cell_size`` people together, the row total minus the
    shown cells would reveal that small group, so the smallest shown non-empty cell is
    suppressed too (it alone has at least ``min_cell_size``, so one is always enough). Empty
    cells reveal nothing and stay 0. When every non-empty cell is small, all are suppressed;
    their sum is then the row total, which describes the whole room, not a subgroup.
    """
    check_cell_size(min_cell_size)
    hidden = {i for i, count in enumerate(counts) if 0 < count < min_cell_size}
    if hidden and sum(counts[i] for i in hidden) < min_cell_size:
        candidates = [(count, i) for i, count in enumerate(counts) if count > 0 and i not in hidden]
        if candidates:
            hidden.add(min(candidates)[1])
    return hidden


def protect_counts(counts: Mapping[str, int], min_cell_size: int) -> dict[str, int | None]:
    """Counts of the categories of one partition (each person in one category), with small
    cells and their complements replaced by ``None`` (see :func:`protect_cells`)."""
    keys = list(counts)
    hidden = protect_cells([int(counts[key]) for key in keys], min_cell_size)
    return {key: (None if i in hidden else int(counts[key])) for i, key in enumerate(keys)}


def step_down(value: float, step: float) -> float:
    """``value`` rounded down to a multiple of ``step`` (a shown total moves in steps)."""
    if step <= 0:
        raise ValueError("step must be positive")
    return float((value // step) * step)


def shown_total(values: Iterable[float], min_cell_size: int, step: float) -> float | None:
    """The total of one value per person as it may be shown: ``None`` below
    ``min_cell_size`` people, else rounded down to a multiple of ``step``."""
    values = list(values)
    if not enough(len(values), min_cell_size):
        return None
    return step_down(sum(values), step)


# -- live steps --------------------------------------------------------------------------------


def released_people(contributors: int, min_cell_size: int) -> int:
    """How many contributors a live view shows: the largest multiple of ``k`` reached."""
    check_cell_size(min_cell_size)
    return (contributors // min_cell_size) * min_cell_size


def live_total(
    contributions: Sequence[float], min_cell_size: int, step: float | None = None
) -> float | None:
    """What a live view shows of a running total of one contribution per person, in the
    order people answered: the total of the first :func:`released_people` contributions,
    rounded down to a multiple of ``step`` (default ``min_cell_size``); ``None`` before
    ``min_cell_size`` people contributed.

    Adding one person changes it only when their arrival completes a new block of ``k``;
    the change is then the sum of that whole block (see the module docstring).
    """
    released = released_people(len(contributions), min_cell_size)
    if released == 0:
        return None
    return step_down(sum(contributions[:released]), step or min_cell_size)


def released_answers(answers: pd.DataFrame, min_cell_size: int) -> pd.DataFrame:
    """The answers a view of a table with no session behind it may show, as it grows: in
    whole blocks of ``min_cell_size`` people (rule 2 with "show results live" on).

    A session's answers are released by the facilitator instead: use
    :func:`workshop_kit.core.release.released_answers_of`, which every view of a session
    calls (it replays the facilitator's releases with :func:`replay`). ``answers`` is an
    answer log (``answer_id`` and ``participant_id``; without them, rows are taken in order,
    one person a row).
    """
    check_cell_size(min_cell_size)
    if answers is None or answers.empty:
        return answers
    return release_from_log(answers, None, min_cell_size)


# -- releases ----------------------------------------------------------------------------------

#: Release kinds that release what was answered so far (see :mod:`workshop_kit.core.store.
#: releases`); "live" switches only change whether blocks join by themselves.
RELEASING = ("show", "move_on", "close", "import")
LIVE_ON, LIVE_OFF, CLOSE = "live_on", "live_off", "close"


class ReleaseLike(Protocol):
    """A release as the replay reads it (the store's ``ReleaseRecord``)."""

    kind: str
    watermark: int


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
    log: pd.DataFrame | None, releases: Iterable[ReleaseLike] | None, min_cell_size: int
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
    log: pd.DataFrame | None, releases: Iterable[ReleaseLike] | None, min_cell_size: int
) -> pd.DataFrame | None:
    """The released answers of ``log`` under ``releases`` (pure: no store)."""
    outcome = replay(log, releases, min_cell_size)
    return released_rows(log, outcome.watermark)


#: Column of an answer table naming the page (phone) a participant answered from. People who
#: took turns on one page ("someone else will use this phone") share it.
DEVICE_COLUMN = "device_id"


def people_of(answers: pd.DataFrame) -> pd.Series:
    """Who each row counts as when figures are checked against ``min_cell_size``.

    A person is a participant, except that everyone who answered from one page counts as
    one: otherwise a single phone pressing "someone else will use this phone" four times
    would make the five people a figure needs and unlock the one real answer among them.
    Rows without a device (imported files, older stores) count by participant.
    """
    people = answers["participant_id"].astype(str)
    if DEVICE_COLUMN in answers:
        devices = answers[DEVICE_COLUMN]
        known = devices.notna() & (devices.astype(str) != "")
        people = people.where(~known, "device:" + devices.astype(str))
    return people


def contributors(answers: pd.DataFrame | None) -> int:
    """How many different people a table of answers comes from (one a row without ids), a
    shared page counting once (:func:`people_of`)."""
    if answers is None or answers.empty:
        return 0
    if "participant_id" not in answers:
        return len(answers)
    return int(people_of(answers).nunique())


# -- free text ---------------------------------------------------------------------------------

APPROVE, HIDE = "approve", "hide"


def text_key(text: str) -> str:
    """A stable id of a written answer (the same words get the same id, wherever they came
    from), so that a decision about it survives reloads and repeated submits."""
    normalised = " ".join(str(text).split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def text_decisions(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The latest decision per text key, from records in the order they were made."""
    decisions: dict[str, str] = {}
    for record in records:
        key, decision = record.get("text_key"), record.get("decision")
        if key and decision in (APPROVE, HIDE):
            decisions[str(key)] = str(decision)
    return decisions


def approved_texts(texts: Iterable[str], decisions: Mapping[str, str]) -> list[str]:
    """The texts the facilitator approved, in the order given; the rest stay off the
    projector (they are counted, never quoted)."""
    return [text for text in texts if decisions.get(text_key(text)) == APPROVE]
