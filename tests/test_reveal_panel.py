"""The facilitator's "Show results" on the hub: progress while the room answers, everything
answered at one press, late answers waiting with the reason said, and the same state after a
reload (it is computed from the store, not kept by the page)."""

from __future__ import annotations

import ipywidgets as widgets
from app_helpers import FACILITATOR, context, find, text_of

from workshop_kit.apps.hub import HubApp
from workshop_kit.core.answers import validate_answer
from workshop_kit.core.reveal_panel import RevealPanel


def answer(store, code, group, participant=None):
    participant = participant or store.join(code)
    key = f"{participant}-{len(store.answers(code, 'welcome', latest_only=False))}"
    store.add_answer(code, participant, validate_answer("welcome", {"group": group}), key)
    return participant


def hub_on_the_warm_up(store, profile):
    session = store.create_session("Evening", "en", FACILITATOR.key_hash)
    store.set_current_activity(session.code, "welcome", FACILITATOR.key_hash)
    panel = HubApp(context(profile), store, FACILITATOR, poll=False).open_session(session.code)
    return session.code, panel


def test_show_results_shows_everyone_then_late_answers_wait_with_the_reason(store, profile):
    code, panel = hub_on_the_warm_up(store, profile)
    people = [answer(store, code, group) for group in ["caregiver"] * 6 + ["bereaved"]]
    for _ in range(2):
        store.join(code)  # two who joined and have not answered
    panel.redraw(store.state(code))
    reveal = find(panel, RevealPanel)[0]
    assert "7 of 9 have answered." in text_of(reveal.status)
    assert "Results are shown when you press" in text_of(reveal.status)
    assert "Groups are shown when the facilitator shows the results" in text_of(panel.results)

    find(reveal, widgets.Button, "wk-show-results")[0].click()
    assert "Results shown: the answers of 7 people." in text_of(reveal.messages)
    assert "7 people answered" in text_of(panel.results)
    assert "Everything answered so far is shown." in text_of(reveal.status)
    shown = text_of(panel.results)

    answer(store, code, "neighbour")  # a late answer and a change of mind: 2 people
    answer(store, code, "neighbour", participant=people[0])
    panel.redraw(store.state(code))
    assert text_of(panel.results) == shown
    said = text_of(reveal.status)
    assert "2 answers wait: they are shown when 5 people have answered since the last" in said
    assert "(2 so far)" in said
    assert reveal.show_button.disabled  # a press now would single out two people

    again = HubApp(context(profile), store, FACILITATOR, poll=False).open_session(code)
    assert text_of(again.results) == shown  # a reload shows the same released state


def test_show_results_live_releases_blocks_of_five_as_people_answer(store, profile):
    code, panel = hub_on_the_warm_up(store, profile)
    reveal = find(panel, RevealPanel)[0]
    reveal.live.value = True
    assert store.releases(code, "welcome")[-1].kind == "live_on"
    for number in range(4):
        answer(store, code, "caregiver")
        panel.redraw(store.state(code))
        assert "answered. Groups are shown" in text_of(panel.results), number
    answer(store, code, "caregiver")
    panel.redraw(store.state(code))
    assert "5 people answered. The largest group" in text_of(panel.results)
    assert "Results join by themselves, in steps of 5 people." in text_of(reveal.status)


def test_moving_on_and_closing_release_what_was_answered(store, profile):
    code, _panel = hub_on_the_warm_up(store, profile)
    for _ in range(5):
        answer(store, code, "caregiver")
    store.set_current_activity(code, "needs", FACILITATOR.key_hash)  # the room moves on
    assert [r.kind for r in store.releases(code, "welcome")] == ["move_on"]
    answer(store, code, "bereaved")  # a phone still on the warm-up: waits
    store.close_session(code, FACILITATOR.key_hash)
    assert [r.kind for r in store.releases(code, "welcome")] == ["move_on", "close"]
    from workshop_kit.core.release import released_answers_of

    released = released_answers_of(store, code, "welcome", profile.min_cell_size)
    assert list(released["group"]) == ["caregiver"] * 5  # one late person is never alone
