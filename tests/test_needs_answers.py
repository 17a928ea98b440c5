"""The needs answer: a rating of one need or a free text; the latest answer per item counts."""

from __future__ import annotations

import pytest

from workshop_kit.activities.needs.answers import MAX_NEEDS_TEXT, NeedsAnswer
from workshop_kit.activities.needs.model import need_scores
from workshop_kit.auth import hash_key
from workshop_kit.core.answers import InvalidAnswer, validate_answer


def test_a_rating_and_a_text_are_answers_with_their_own_items(profile):
    rating = validate_answer(
        "needs",
        {"need": "respite", "importance": 5, "met": 2, "group": "caregiver", "area": "old-town"},
        profile,
    )
    assert isinstance(rating, NeedsAnswer)
    assert rating.item() == "respite"
    assert rating.is_rating
    text = validate_answer("needs", {"text": "  Weekend respite  "}, profile)
    assert text.item() == "text"
    assert text.text == "Weekend respite"
    assert not text.is_rating


@pytest.mark.parametrize(
    "payload",
    [
        {"need": "respite", "importance": 5},  # only one rating
        {"need": "respite", "importance": 6, "met": 2},  # off the scale
        {"need": "respite", "importance": 0, "met": 2},
        {"need": "respite", "importance": 4, "met": 2, "text": "both at once"},
        {"importance": 4, "met": 2},  # ratings without a need
        {},  # nothing
        {"text": "   "},  # blank text
        {"text": "x" * (MAX_NEEDS_TEXT + 1)},
        {"need": "teleportation", "importance": 4, "met": 2},  # not in the profile
        {"need": "text", "importance": 4, "met": 2},  # the text item's name
        {"need": "respite", "importance": 4, "met": 2, "group": "alien"},
        {"need": "respite", "importance": 4, "met": 2, "area": "atlantis"},
        {"need": "respite", "importance": 4, "met": 2, "colour": "blue"},
    ],
)
def test_answers_that_do_not_fit_are_refused(profile, payload):
    with pytest.raises(InvalidAnswer):
        validate_answer("needs", payload, profile)


def test_the_latest_rating_counts_and_imports_sit_beside_live_answers(store, profile):
    session = store.create_session("Needs", "en", hash_key("k"))
    code = session.code
    person = store.join(code)
    first = NeedsAnswer(need="respite", importance=5, met=1, group="caregiver")
    changed = NeedsAnswer(need="respite", importance=5, met=4, group="caregiver")
    other = NeedsAnswer(need="transport", importance=3, met=3, group="caregiver")
    assert store.add_answer(code, person, first, "k1")
    assert store.add_answer(code, person, other, "k2")
    assert store.add_answer(code, person, changed, "k3")
    imported = NeedsAnswer(need="respite", importance=4, met=2, group="bereaved")
    assert store.add_answers(code, [("import-abc", imported, "imp-1")]) == 1

    answers = store.answers(code, "needs")
    assert sorted(answers["item"]) == ["respite", "respite", "transport"]
    scores = need_scores(answers, ["respite", "transport"])
    # respite: (5, 4) from the participant's changed answer and (4, 2) imported
    assert scores.at["respite", "n"] == 2
    assert scores.at["respite", "gap_mean"] == pytest.approx((1 + 2) / 2)
    assert set(answers["source"]) == {"live", "import"}
