"""One shown state per activity: the projector and the report lay out the same object, built
once per release, and a release (not a new answer) is what makes a new one."""

from __future__ import annotations

import pytest
from report_helpers import KEY, sample_session

from workshop_kit.auth import hash_key
from workshop_kit.core.activity import discover
from workshop_kit.core.registry import ResultsContext
from workshop_kit.core.release import show_results
from workshop_kit.core.report import ReportContext
from workshop_kit.core.shown import has_shown_state
from workshop_kit.i18n import Translator

EN = Translator("en")
DECLARED = [a for a in discover() if has_shown_state(a)]


def test_the_activities_that_show_answers_declare_their_state():
    assert {"welcome", "needs", "charter", "assets", "practice"} <= set(DECLARED)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from workshop_kit.core.store import open_store
    from workshop_kit.paths import sample_profile_path
    from workshop_kit.profile import load_profile

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('shown') / 'store.sqlite'}")
    profile = load_profile(sample_profile_path())
    return store, profile, sample_session(store, profile).code


@pytest.mark.parametrize("activity", ["welcome", "needs", "assets", "charter", "practice"])
def test_the_projector_and_the_report_lay_out_one_state(sample, activity):
    store, profile, code = sample
    hub = ResultsContext.of_session(store, code, profile, EN)
    report = ReportContext(profile, EN, code, lambda a: store.answers(code, a, False), store)
    assert hub.shown(activity) is report.shown(activity)  # built once, laid out twice


def test_a_late_answer_makes_no_new_state_and_a_release_does(sample):
    from workshop_kit.core.answers import validate_answer

    store, profile, code = sample
    hub = ResultsContext.of_session(store, code, profile, EN)
    before = hub.shown("welcome")
    late = validate_answer("welcome", {"group": "neighbour"}, profile)
    store.add_answer(code, store.join(code), late, f"{code}-late")
    assert hub.shown("welcome") is before  # waits: no new state, nothing to compare
    for number in range(2):  # with the three waiting since the release: five people
        store.add_answer(code, store.join(code), late, f"{code}-late-{number}")
    after = hub.shown("welcome")
    assert after is not before and after.people == before.people + 5
    assert not show_results(store, code, "welcome", hash_key(KEY), 5).can_release


def test_a_show_results_press_makes_a_new_state_even_without_a_new_answer(store, profile):
    from workshop_kit.core.answers import validate_answer

    code = store.create_session("Press", "en", hash_key(KEY)).code
    hub = ResultsContext.of_session(store, code, profile, EN)
    for number in range(5):
        asset = {"name": f"Hall {number}", "category": "places", "area": "old-town"}
        store.add_answer(code, store.join(code), validate_answer("assets", asset), f"a{number}")
    before = hub.shown("assets")
    assert hub.shown("assets") is before  # nothing changed: the same state
    show_results(store, code, "assets", hash_key(KEY), 5)
    after = hub.shown("assets")
    assert after is not before and len(after.inventory) == 5 and len(before.inventory) == 0
