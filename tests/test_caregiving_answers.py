"""What participants may send about their own caregiving, and how the room sees it."""

from __future__ import annotations

import typing

import pytest

from workshop_kit.activities.caregiving.answers import CARE_TASKS, CaregivingAnswer, Task
from workshop_kit.core.answers import InvalidAnswer, validate_answer


def test_task_list_and_schema_agree():
    assert tuple(typing.get_args(Task)) == CARE_TASKS


@pytest.mark.parametrize(
    "payload",
    [
        {"hours_per_week": 12},
        {"tasks": ["transportation"]},
        {"hours_per_week": 0, "tasks": ["emotional_support", "other"]},
        {"hours_per_week": 168},
    ],
)
def test_valid_answers(payload):
    answer = validate_answer("caregiving", payload)
    assert isinstance(answer, CaregivingAnswer)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, ""),
        ({"tasks": []}, ""),
        ({"hours_per_week": 169}, "hours_per_week"),
        ({"hours_per_week": -1}, "hours_per_week"),
        ({"hours_per_week": "a lot"}, "hours_per_week"),
        ({"hours_per_week": float("nan")}, "hours_per_week"),
        ({"tasks": ["juggling"]}, "tasks"),
        ({"hours_per_week": 3, "name": "Ann"}, "name"),
    ],
)
def test_invalid_answers_are_refused(payload, field):
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer("caregiving", payload)
    fields = [".".join(str(p) for p in error["loc"]) for error in caught.value.errors]
    assert any(f.startswith(field) for f in fields), fields


def test_a_double_tick_counts_once_in_form_order():
    answer = validate_answer(
        "caregiving", {"tasks": ["emotional_support", "transportation", "emotional_support"]}
    )
    assert answer.tasks == ["transportation", "emotional_support"]


def test_stored_answers_reach_the_room_summary(store):
    from workshop_kit.activities.caregiving.model_room import room_summary

    session = store.create_session("Caregiving", "en", "f" * 64)
    for index in range(6):
        participant = store.join(session.code)
        answer = validate_answer(
            "caregiving", {"hours_per_week": index * 2, "tasks": ["transportation"]}
        )
        assert store.add_answer(session.code, participant, answer, f"key-{index}")
    answers = store.answers(session.code, "caregiving")
    summary = room_summary(answers, CARE_TASKS, min_cell_size=5)
    assert summary.hours_per_week == 0 + 2 + 4 + 6 + 8 + 10
    assert summary.tasks["transportation"] == 6
