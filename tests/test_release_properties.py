"""The two promises of the facilitator's releases (docs/privacy.md), as properties.

Over random rooms of 5 to 40 people, random answer orders (with changes of mind) and random
moments at which the facilitator presses "Show results", switches "show results live", moves
on or closes the session:

1. no shown state is built from fewer than ``min_cell_size`` people, and two shown states in
   a row differ by the answers of at least ``min_cell_size`` people (so nobody who sees every
   state, on the projector, in the report or in a file, reads one person's answer off a
   difference), also through the store and the report;
2. a room of at least ``min_cell_size`` people who all answered before "Show results" sees
   every answer counted.
"""

from __future__ import annotations

import itertools

import pandas as pd
from app_helpers import FACILITATOR
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from workshop_kit.core.answers import validate_answer
from workshop_kit.core.release import (
    release_from_log,
    released_answers_of,
    replay,
    set_live,
    show_results,
)
from workshop_kit.core.store import ReleaseRecord

K = 5
ITEMS = ("a", "b", "c")
MOMENTS = ("show", "live_on", "live_off", "move_on", "close")


@st.composite
def rooms(draw, min_people: int = 5, max_people: int = 40):
    """A room: the answers in arrival order (person, item, value) and the facilitator's
    actions, each placed after some number of answers."""
    people = draw(st.integers(min_people, max_people))
    answers = [(p, item) for p in range(people) for item in ITEMS[: draw(st.integers(1, 3))]]
    changes = draw(st.lists(st.sampled_from(answers), max_size=8)) if answers else []
    order = draw(st.permutations(answers + changes))
    values = [draw(st.integers(1, 5)) for _ in order]
    stream = [(f"p{p}", item, value) for (p, item), value in zip(order, values, strict=True)]
    actions = draw(
        st.lists(st.tuples(st.integers(0, len(stream)), st.sampled_from(MOMENTS)), max_size=6)
    )
    return stream, sorted(actions, key=lambda action: action[0])


def log_of(stream) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"answer_id": i, "participant_id": p, "item": item, "value": v}
            for i, (p, item, v) in enumerate(stream, start=1)
        ],
        columns=["answer_id", "participant_id", "item", "value"],
    )


def states(stream, actions):
    """Every state the screens went through: the watermark after each answer and action."""
    marks, records, position = [], [], 0
    for count in range(len(stream) + 1):
        while position < len(actions) and actions[position][0] == count:
            records.append(ReleaseRecord(actions[position][1], count))
            position += 1
            marks.append(replay(log_of(stream[:count]), records, K).watermark)
        marks.append(replay(log_of(stream[:count]), records, K).watermark)
    return marks


def people_between(stream, before: int, after: int) -> int:
    return len({p for i, (p, _item, _v) in enumerate(stream, start=1) if before < i <= after})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rooms())
def test_no_state_comes_from_fewer_than_k_people_nor_differs_by_fewer(room):
    stream, actions = room
    marks = states(stream, actions)
    shown = [mark for i, mark in enumerate(marks) if i == 0 or mark != marks[i - 1]]
    assert shown == sorted(shown)  # a release is never taken back
    for before, after in itertools.pairwise(shown):
        assert people_between(stream, before, after) >= K
    released = release_from_log(log_of(stream), [ReleaseRecord(k, n) for n, k in actions], K)
    if released is not None and not released.empty:
        assert released["participant_id"].nunique() >= K


@settings(max_examples=40, deadline=None)
@given(rooms(min_people=K), st.integers(0, 3))
def test_everyone_who_answered_before_show_results_is_counted(room, earlier):
    stream, actions = room
    # whatever happened before, the facilitator presses "Show results" once everyone answered
    before = [(min(n, len(stream) - 1 - earlier), kind) for n, kind in actions if kind != "show"]
    records = [ReleaseRecord(kind, max(n, 0)) for n, kind in before]
    records.append(ReleaseRecord("show", len(stream)))
    log = log_of(stream)
    outcome = replay(log, records, K)
    released = release_from_log(log, records, K)
    latest = log.drop_duplicates(["participant_id", "item"], keep="last")
    if outcome.watermark == len(stream):
        assert len(released) == len(latest)
    else:  # only when fewer than k people answered since a release just before
        assert people_between(stream, outcome.watermark, len(stream)) < K
        assert outcome.history  # and then an earlier release showed at least k people


# -- through the store and the report ------------------------------------------------------------


def answer(store, code, person, need, importance):
    payload = {"need": need, "importance": importance, "met": 1}
    key = f"{code}-{person}-{need}-{len(store.answers(code, 'needs', latest_only=False))}"
    store.add_answer(code, person, validate_answer("needs", payload), key)


@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a store per example: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.integers(5, 9),
    presses=st.lists(st.integers(0, 30), max_size=3),
    live_at=st.one_of(st.none(), st.integers(0, 30)),
    seed=st.randoms(use_true_random=False),
)
def test_the_report_goes_through_the_same_states(store, profile, people, presses, live_at, seed):
    from workshop_kit.activities.needs.report import report_section
    from workshop_kit.core.report import ReportContext
    from workshop_kit.i18n import Translator

    en = Translator("en")
    session = store.create_session("Turns", "en", FACILITATOR.key_hash)
    code = session.code
    ids = [store.join(code) for _ in range(people)]
    needs = [need.id for need in profile.needs[:3]]
    turns = [(person, need) for need in needs for person in ids]
    seed.shuffle(turns)
    seen: list[pd.DataFrame] = []
    for step, (person, need) in enumerate(turns):
        answer(store, code, person, need, seed.randint(1, 5))
        if step == live_at:
            set_live(store, code, "needs", True, FACILITATOR.key_hash, K)
        if step in presses:
            show_results(store, code, "needs", FACILITATOR.key_hash, K)
        seen.append(released_answers_of(store, code, "needs", K))
    store.close_session(code, FACILITATOR.key_hash)
    seen.append(released_answers_of(store, code, "needs", K))
    log = store.answers(code, "needs", latest_only=False)
    ids = {frame_id: place for place, frame_id in enumerate(log["answer_id"], start=1)}
    # each state as the place of its newest answer in this session's log
    marks = [0 if frame.empty else ids[int(frame["answer_id"].max())] for frame in seen]
    stream = list(zip(log["participant_id"], log["item"], log["importance"], strict=True))
    changed = [m for i, m in enumerate(marks) if i == 0 or m != marks[i - 1]]
    for before, after in zip([0, *changed], changed, strict=False):
        if after:
            assert people_between(stream, before, after) >= K
    # closing showed everyone (unless a release just before left fewer than k waiting)
    if not presses and live_at is None:
        assert marks[-1] == len(stream)
    else:
        assert marks[-1] == len(stream) or people_between(stream, marks[-1], len(stream)) < K
    # and the report ranks what the last state holds, with its numbers of raters
    raters = seen[-1].groupby("item")["participant_id"].nunique()
    labels = profile.need_labels("en")
    expected = {labels[need]: str(n) for need, n in raters.items() if n >= K}
    context = ReportContext(profile, en, code, lambda a: store.answers(code, a, False), store)
    section = report_section(context)
    ranking = section.tables[0].frame
    shown = ranking[ranking.iloc[:, 0] != ""]
    assert dict(zip(shown.iloc[:, 1], shown.iloc[:, -1], strict=True)) == expected
