"""Each activity keeps the consent text's promise on the hub, in its sentences and its files.

Issue 9 found four leaks; each has a test here at the model, sentence or file level:
the warm-up's exact small group counts, the needs ranking of needs rated by too few people
(on screen and in ``needs-ranking.csv``), free text quoted on the projector, and the room's
caregiving hours moving by one person's hours with each answer. A fifth: the asset map
counted every answer on the projector, one asset at a time.
"""

from __future__ import annotations

import pandas as pd
import pytest
from app_helpers import FACILITATOR, text_of

from workshop_kit.activities.welcome.model import shown_group_counts
from workshop_kit.core.answers import validate_answer
from workshop_kit.core.registry import ResultsContext
from workshop_kit.i18n import Translator

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
    return ResultsContext.of_session(store, code, profile, EN)


# -- 1. warm-up -------------------------------------------------------------------------------


def test_warm_up_counts_hide_small_groups_and_their_complement():
    answers = pd.DataFrame({"group": ["caregiver"] * 6 + ["bereaved"]})
    shown = shown_group_counts(answers, 5)
    assert shown["bereaved"] is None  # 1 person: never shown
    assert shown["caregiver"] is None  # else 7 answered - 6 caregivers = 1 bereaved
    assert shown["professional"] == 0


def test_the_hub_never_shows_bereaved_1(store, profile, session):
    from workshop_kit.activities.welcome.live import WelcomeResults

    for group in ("caregiver", "bereaved", "neighbour"):
        answer(store, session.code, "welcome", {"group": group})
    view = WelcomeResults(hub_context(store, profile, session.code))
    summary = text_of(view)
    assert "3 people answered" in summary
    assert "Groups are shown when the facilitator shows the results" in summary
    assert "(1)" not in summary


def show_results(store, profile, code, activity):
    from workshop_kit.core.release import show_results as press

    return press(store, code, activity, FACILITATOR.key_hash, profile.min_cell_size)


def test_the_warm_up_shows_everyone_at_show_results_then_moves_only_in_blocks_of_five(
    store, profile, session
):
    from workshop_kit.activities.welcome.live import WelcomeResults

    for group in ["caregiver"] * 6 + ["bereaved"]:
        answer(store, session.code, "welcome", {"group": group})
    context = hub_context(store, profile, session.code)
    view = WelcomeResults(context)
    assert "7 people answered. Groups are shown when" in text_of(view)  # progress only
    assert show_results(store, profile, session.code, "welcome").watermark > 0
    view.refresh()
    first = text_of(view)
    assert "7 people answered" in first  # everyone, in one step
    shown = context.shown("welcome")
    assert shown.people == 7
    assert shown.counts["bereaved"] is None  # too few to show, never 0
    assert shown.counts["caregiver"] is None  # 7 - 6 would single out the bereaved person
    answer(store, session.code, "welcome", {"group": "caregiver"})  # a late caregiver
    view.refresh()
    assert text_of(view) == first  # waits for four more people
    assert not show_results(store, profile, session.code, "welcome").can_release


# -- 2. needs ranking ---------------------------------------------------------------------------


def ratings_of(people: dict[str, int]) -> pd.DataFrame:
    """``{need: number of raters}``: each rater gives importance 5, met 1."""
    rows = [
        {"participant_id": f"{need}-{i}", "need": need, "importance": 5, "met": 1 + i % 2}
        for need, count in people.items()
        for i in range(count)
    ]
    return pd.DataFrame(rows)


def test_a_need_rated_by_too_few_has_no_score_n_or_quartiles_anywhere(profile):
    from workshop_kit.activities.needs.results import FacilitatorView

    first, second, third = (n.id for n in profile.needs[:3])
    view = FacilitatorView(profile, EN)
    view.update(ratings_of({first: 6, second: 2}))
    scores = view.results["scores"]
    assert scores.at[second, "status"] == "too_few"
    hidden = ["n", "importance_mean", "met_mean", "gap_mean", "score", "score_q1", "score_q3"]
    assert scores.loc[second, hidden].isna().all()
    assert scores.at[first, "rank"] == 1 and pd.isna(scores.at[second, "rank"])
    assert scores.at[third, "status"] == "no_answers"
    assert "1 need rated by fewer than 5 people is not shown" in view.ranking.summary.value
    files = {f.name: f.data for f in view.export_files()}
    csv = pd.read_csv(
        __import__("io").BytesIO(files["needs-ranking.csv"]),
        encoding="utf-8-sig",
        index_col="need",
    )
    assert csv.at[second, "status"] == "too_few"
    assert csv.loc[second, hidden].isna().all()
    assert csv.at[first, "n"] == 6


def test_hidden_needs_are_not_listed_in_the_order_of_their_hidden_scores(profile):
    from workshop_kit.activities.needs.model import need_scores, shown_scores

    needs = [n.id for n in profile.needs]
    answers = ratings_of({needs[2]: 1, needs[1]: 1, needs[0]: 5})
    answers.loc[answers["need"] == needs[2], "met"] = 5  # the lowest score of the hidden two
    shown = shown_scores(need_scores(answers, needs), 5, needs)
    assert list(shown.index[:3]) == [needs[0], needs[1], needs[2]]  # profile order


# -- 3. free text -------------------------------------------------------------------------------


def test_free_text_reaches_the_projector_only_once_approved_and_approvals_survive_a_reload(
    store, profile, session
):
    import ipywidgets as widgets
    from app_helpers import context, find

    from workshop_kit.activities.needs.live import NeedsResults
    from workshop_kit.activities.needs.page import NeedsPageView

    for i in range(5):
        answer(store, session.code, "needs", {"text": f"Lifts to the clinic please {i}"})
    show_results(store, profile, session.code, "needs")
    hub = NeedsResults(hub_context(store, profile, session.code))
    assert "Lifts to the clinic" not in text_of(hub)
    assert "5 more written answers are shown on the facilitator page" in text_of(hub)

    page = NeedsPageView(context(profile), store, store.session(session.code))
    rows = find(page, widgets.HBox, "wk-moderation-row")
    assert len(rows) == 5 and "waiting for review" in text_of(page)
    approve = [b for b in find(rows[-1], widgets.Button) if "wk-approve" in b._dom_classes]
    approve[0].click()  # the facilitator approves "… 0" (rows are found last-first)

    hub = NeedsResults(hub_context(store, profile, session.code))  # a reload of the hub
    assert "Lifts to the clinic please 0" in text_of(hub)
    assert "Lifts to the clinic please 1" not in text_of(hub)
    assert "4 more written answers" in text_of(hub)
    again = NeedsPageView(context(profile), store, store.session(session.code))
    assert "shown on screen" in text_of(again)


# -- 4. caregiving hours ------------------------------------------------------------------------


def test_the_rooms_hours_do_not_move_by_one_persons_hours(store, profile, session):
    from workshop_kit.activities.caregiving.live import CaregivingResults

    for hours in (10, 12, 7, 20, 3):
        answer(store, session.code, "caregiving", {"hours_per_week": hours, "tasks": []})
    show_results(store, profile, session.code, "caregiving")
    view = CaregivingResults(hub_context(store, profile, session.code))
    first = text_of(view)
    assert "give about 50 hours" in first  # 52, rounded down to a step of 10
    for hours in (35, 1, 2, 4):  # four more: not yet a new block of five
        answer(store, session.code, "caregiving", {"hours_per_week": hours, "tasks": []})
        view.refresh()
        assert text_of(view) == first
    answer(store, session.code, "caregiving", {"hours_per_week": 9, "tasks": []})
    view.refresh()
    assert "The 10 people" in text_of(view) and "give about 100 hours" in text_of(view)


def test_room_summary_rounds_the_total_and_hides_small_task_counts():
    from workshop_kit.activities.caregiving.model_room import room_summary

    rows = pd.DataFrame(
        {
            "participant_id": list("abcde"),
            "hours_per_week": [1, 2, 3, 4, 9],
            "tasks": [["transportation"]] * 4 + [["personal_care"]],
        }
    )
    summary = room_summary(rows, ["transportation", "personal_care"], 5)
    assert summary.hours_per_week == 10  # 19 → 10
    assert summary.tasks == {"transportation": None, "personal_care": None}


# -- 5. asset counts ----------------------------------------------------------------------------


def test_the_asset_map_moves_in_blocks_and_never_shows_a_count_from_four_people(
    store, profile, session
):
    from workshop_kit.activities.assets.live import AssetsResults

    def asset(name, category, area="old-town", participant=None):
        payload = {"name": name, "category": category, "area": area}
        return answer(store, session.code, "assets", payload, participant)

    people = [asset(f"Hall {i}", "places") for i in range(4)]
    view = AssetsResults(hub_context(store, profile, session.code))
    assert "0 assets" in text_of(view)  # four people: nothing yet
    assert "4 people have added assets so far" in text_of(view)
    asset("Choir", "associations")  # the fifth person
    view.refresh()
    assert "0 assets" in text_of(view)  # nothing until the facilitator shows the results
    show_results(store, profile, session.code, "assets")
    view.refresh()
    assert "5 assets" in text_of(view)
    shown = view.overview.shown
    assert shown.categories["places"] is None  # 4 people
    assert shown.categories["associations"] is None  # 1 person (and 5 - 4 would tell)
    assert "(4)" not in text_of(view) and "(1)" not in text_of(view)
    asset("Barn", "places", participant=people[0])  # a change by someone already shown
    view.refresh()
    assert "5 assets" in text_of(view)  # waits for the next block
