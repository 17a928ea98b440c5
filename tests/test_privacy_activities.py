"""Each activity keeps the consent text's promise on the hub, in its sentences and its files.

Issue 9 found four leaks; each has a test here at the model, sentence or file level:
the warm-up's exact small group counts, the needs ranking of needs rated by too few people
(on screen and in ``needs-ranking.csv``), free text quoted on the projector, and the room's
caregiving hours moving by one person's hours with each answer.
"""

from __future__ import annotations

import pandas as pd
import pytest
from app_helpers import FACILITATOR, text_of

from workshop_kit.answers import validate_answer
from workshop_kit.apps.activities import ResultsContext
from workshop_kit.i18n import Translator
from workshop_kit.models.welcome import shown_group_counts

EN = Translator("en")


@pytest.fixture
def session(store):
    return store.create_session("Evening", "en", FACILITATOR.key_hash)


def answer(store, code, activity, payload, participant=None):
    participant = participant or store.join(code)
    key = f"{participant}-{len(store.answers(code, activity, latest_only=False))}"
    assert store.add_answer(code, participant, validate_answer(activity, payload), key)
    return participant


def hub_context(store, profile, code):
    return ResultsContext(
        profile=profile,
        t=EN,
        answers=lambda a: store.answers(code, a),
        code=code,
        history=lambda a: store.answers(code, a, latest_only=False),
    )


# -- 1. warm-up -------------------------------------------------------------------------------


def test_warm_up_counts_hide_small_groups_and_their_complement():
    answers = pd.DataFrame({"group": ["caregiver"] * 6 + ["bereaved"]})
    shown = shown_group_counts(answers, 5)
    assert shown["bereaved"] is None  # 1 person: never shown
    assert shown["caregiver"] is None  # else 7 answered - 6 caregivers = 1 bereaved
    assert shown["professional"] == 0


def test_the_hub_never_shows_bereaved_1(store, profile, session):
    from workshop_kit.apps.welcome import WelcomeResults

    for group in ("caregiver", "bereaved", "neighbour"):
        answer(store, session.code, "welcome", {"group": group})
    view = WelcomeResults(hub_context(store, profile, session.code))
    summary = text_of(view)
    assert "3 people answered" in summary
    assert "Groups are shown once 5 people have answered" in summary
    assert "(1)" not in summary


def test_the_warm_up_moves_only_in_blocks_of_five(store, profile, session):
    from workshop_kit.apps.welcome import WelcomeResults

    for _ in range(5):
        answer(store, session.code, "welcome", {"group": "caregiver"})
    context = hub_context(store, profile, session.code)
    view = WelcomeResults(context)
    first = text_of(view)
    assert "The largest group: Caregiver (I care for someone) (5)" in first
    answer(store, session.code, "welcome", {"group": "caregiver"})  # a sixth caregiver
    view.refresh()
    assert text_of(view) == first.replace("5 people answered", "6 people answered")
