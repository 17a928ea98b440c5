"""Disclosure control holds the consent text's promise, for any answers.

Properties: nothing shown comes from fewer than ``min_cell_size`` people; the shown cells of
a partition never let the total isolate a small group; and adding one person's answer to a
shown state never reveals that answer (a live view changes only when a whole block of
``min_cell_size`` new people arrived).
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_kit.core.disclosure import (
    approved_texts,
    contributors,
    live_total,
    people_of,
    protect_cells,
    protect_counts,
    released_answers,
    shown_count,
    shown_total,
    step_down,
    text_decisions,
    text_key,
)

K = st.integers(min_value=2, max_value=8)
HOURS = st.floats(min_value=0, max_value=168, allow_nan=False).map(lambda h: round(h, 1))


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8), K)
def test_no_shown_cell_is_small_and_no_small_group_is_isolated(counts, k):
    hidden = protect_cells(counts, k)
    shown = [c for i, c in enumerate(counts) if i not in hidden]
    assert all(c == 0 or c >= k for c in shown)
    hidden_total = sum(counts[i] for i in hidden)
    # total minus the shown cells: 0, or at least k people (or all of a small room)
    assert hidden_total == 0 or hidden_total >= k or hidden_total == sum(counts)


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 20), min_size=1), K)
def test_protect_counts_keeps_order_and_hides_small_ones(counts, k):
    shown = protect_counts(counts, k)
    assert list(shown) == list(counts)
    assert all(v is None or v == 0 or v >= k for v in shown.values())


@given(st.lists(HOURS, max_size=30), K)
def test_a_total_of_too_few_people_is_not_shown(values, k):
    total = shown_total(values, k, step=10)
    if len(values) < k:
        assert total is None
    else:
        assert total is not None and total % 10 == 0 and total <= sum(values) + 1e-9


@given(st.lists(HOURS, max_size=40), HOURS, K)
def test_one_more_person_never_reveals_their_hours(before, extra, k):
    shown_before = live_total(before, k)
    shown_after = live_total([*before, extra], k)
    if (len(before) + 1) % k:
        # not a new block: nothing moves, whatever the new person said
        assert shown_after == shown_before
    else:
        # a new block of k completes: what is shown is the total of whole blocks, so the
        # change from the previous state is the sum of k new people, never one value
        everyone = [*before, extra]
        assert shown_after == step_down(sum(everyone), k)
        assert len(everyone) - (len(before) // k) * k >= k


@given(st.lists(HOURS, max_size=40), K)
def test_shown_live_totals_come_from_whole_blocks(values, k):
    shown = live_total(values, k)
    if len(values) < k:
        assert shown is None
    else:
        released = (len(values) // k) * k
        assert shown == step_down(sum(values[:released]), k)


def log(events):
    """An answer log: events are (participant, item, value) in arrival order."""
    return pd.DataFrame(
        [
            {"answer_id": i + 1, "participant_id": p, "item": item, "value": v}
            for i, (p, item, v) in enumerate(events)
        ],
        columns=["answer_id", "participant_id", "item", "value"],
    )


EVENTS = st.lists(
    st.tuples(st.sampled_from([f"p{i}" for i in range(12)]), st.sampled_from(["", "x"]), HOURS),
    max_size=40,
)


def _new_people(events, before, after):
    """How many people answered between two released states (``before < answer id <= after``)."""
    return len({p for i, (p, _item, _v) in enumerate(events, start=1) if before < i <= after})


@settings(max_examples=60, deadline=None)
@given(EVENTS, st.tuples(st.sampled_from([f"p{i}" for i in range(14)]), st.just(""), HOURS), K)
def test_a_released_state_comes_from_whole_blocks_and_one_answer_moves_it_only_with_a_block(
    events, extra, k
):
    from workshop_kit.core.release import replay

    grown = [*events, extra]
    before = replay(log(events), None, k).watermark
    after = replay(log(grown), None, k).watermark
    assert before == 0 or _new_people(grown, 0, before) >= k  # never fewer than k people
    if after != before:  # the extra answer (new person or change of mind) completed a block
        assert _new_people(grown, before, after) >= k
    else:
        assert released_answers(log(events), k).equals(released_answers(log(grown), k)) or (
            before == 0
        )


def test_a_change_of_mind_waits_for_the_next_block():
    events = [(f"p{i}", "", 1.0) for i in range(5)]
    shown = released_answers(log([*events, ("p0", "", 9.0)]), 5)
    assert shown["value"].tolist() == [1.0] * 5  # p0's change is not shown alone
    newcomers = [(f"q{i}", "", 2.0) for i in range(5)]
    later = released_answers(log([*events, ("p0", "", 9.0), *newcomers]), 5)
    # p0 and q0 to q3 make the next five people: p0's change joins with them, q4 waits
    assert sorted(later["value"]) == [1.0] * 4 + [2.0] * 4 + [9.0]


def test_shown_count():
    assert [shown_count(n, 5) for n in (0, 1, 4, 5, 9)] == [0, None, None, 5, 9]


def test_free_text_needs_approval_and_decisions_replay_in_order():
    texts = ["More respite care", "Someone to talk to", "Lifts to the clinic"]
    decisions = text_decisions(
        [
            {"text_key": text_key("more respite  care"), "decision": "approve"},
            {"text_key": text_key(texts[1]), "decision": "approve"},
            {"text_key": text_key(texts[1]), "decision": "hide"},
        ]
    )
    assert approved_texts(texts, decisions) == ["More respite care"]


def test_people_taking_turns_on_one_page_count_as_one():
    """Four made-up people and one real one on the same page never make five (issue 17.4)."""
    turns = pd.DataFrame(
        {
            "answer_id": range(1, 6),
            "participant_id": [f"p{i}" for i in range(5)],
            "device_id": ["page-a"] * 5,
            "item": [""] * 5,
            "value": [1.0] * 5,
        }
    )
    assert contributors(turns) == 1
    assert released_answers(turns, 5).empty
    others = turns.assign(
        answer_id=range(6, 11), participant_id=[f"q{i}" for i in range(5)], device_id=list("bcdef")
    )
    room = pd.concat([turns, others], ignore_index=True)
    assert contributors(room) == 6
    shown = released_answers(room, 5)
    # the first five pages are released: all five turns on page a and four other pages
    assert sorted(shown["participant_id"]) == [*(f"p{i}" for i in range(5)), "q0", "q1", "q2", "q3"]


def test_rows_without_a_device_count_by_participant():
    rows = pd.DataFrame({"participant_id": ["a", "b", "c"], "device_id": [None, "", "x"]})
    assert people_of(rows).tolist() == ["a", "b", "device:x"]
