"""Attacks on the data, as a hostile phone or a forged file would make them (issue 17).

Each test names the finding it holds the kit to. They drive the real participant page and the
real store (SQLite; the store's own tests run the same queries on PostgreSQL), never a pure
function alone: what is checked is what the projector would show and what the store keeps.
The attacks on the server's routes and sockets are in ``tests/test_attacks.py``.
"""

from __future__ import annotations

import json
from datetime import timedelta

import ipywidgets as widgets
import pytest
from app_helpers import (
    FACILITATOR,
    answer_welcome,
    click,
    context,
    find,
    joined_participant,
    text_of,
)

from workshop_kit.activities.needs.data import SessionAnswers, shown_in_room
from workshop_kit.activities.needs.shown import shown_needs
from workshop_kit.activities.welcome.live import WelcomeResults
from workshop_kit.apps.participant import ParticipantApp
from workshop_kit.core import answers as core_answers
from workshop_kit.core.answers import MAX_PAYLOAD_BYTES, InvalidAnswer, review_decisions
from workshop_kit.core.bundle import (
    load_bundle,
    read_bundle,
    session_bundle,
)
from workshop_kit.core.disclosure import SHOWN, text_key
from workshop_kit.core.registry import ResultsContext
from workshop_kit.core.release import show_results
from workshop_kit.core.report import report_context
from workshop_kit.core.row_export import row_export
from workshop_kit.core.store import AnswerRateLimited, PageFull
from workshop_kit.core.store import answers as store_answers
from workshop_kit.core.store.limits import ANSWER_LIMITS, MAX_PEOPLE_PER_PAGE
from workshop_kit.core.store.values import utcnow
from workshop_kit.i18n import Translator


@pytest.fixture
def session(store):
    return store.create_session("Evening", "en", FACILITATOR.key_hash)


def rate_need(app: ParticipantApp, need: str, importance: int, met: int) -> None:
    """What a person does on the needs form: two taps on one need."""
    box = find(app, widgets.VBox, f"wk-need-{need}")[0]
    find(box, widgets.ToggleButtons, "wk-needs-importance")[0].value = importance
    find(box, widgets.ToggleButtons, "wk-needs-met")[0].value = met


def hand_over(app: ParticipantApp) -> None:
    click(app, "wk-handover")
    click(app, "wk-handover-yes")
    click(app, "wk-consent")


def projected(store, profile, code: str) -> tuple[str, dict]:
    """What the projector shows of the warm-up (its sentence) and of the needs (the status
    of each need's score), read from the store as the hub reads it."""
    t = Translator("en")
    room = ResultsContext.of_session(store, code, profile, t)
    warm_up = WelcomeResults(room).panel.summary.value
    released, decisions = shown_in_room(room)
    scores = shown_needs(released, decisions, profile, t).scores
    return warm_up, scores["status"].to_dict()


# -- finding 4: one phone makes its own crowd ----------------------------------------------------


def test_one_page_handing_over_four_times_cannot_unlock_a_figure_of_five(store, profile, session):
    """Finding 4 ("one phone makes its own crowd"): 4 made-up participants plus 1 real one put
    the real person's exact answer on the projector. One page pressing "someone else will use
    this phone" four times makes five participants, and the warm-up and the needs ranking
    (which need five people) still show nothing; five pages answering the same do show."""
    assert profile.min_cell_size == 5
    need = profile.needs[0].id
    code = session.code
    store.set_current_activity(code, "welcome", FACILITATOR.key_hash)
    phone = joined_participant(store, profile, code)
    for turn in range(5):
        if turn:
            hand_over(phone)
        answer_welcome(phone, "caregiver")
        phone.sender.send("needs", {"need": need, "importance": 5, "met": 1})
    assert store.state(code).participants == 5
    assert store.people_on_page(code, phone.device_id) == 5
    for activity in ("welcome", "needs"):  # the facilitator presses "Show results": refused
        status = show_results(store, code, activity, FACILITATOR.key_hash, 5)
        assert not status.can_release
    warm_up, needs = projected(store, profile, code)
    assert "caregiver" not in warm_up.lower()
    assert "1 person answered" in warm_up  # one page, one person
    assert needs[need] != SHOWN

    real = store.create_session("A real room", "en", FACILITATOR.key_hash)
    store.set_current_activity(real.code, "welcome", FACILITATOR.key_hash)
    room = [joined_participant(store, profile, real.code) for _ in range(5)]  # five pages
    for person in room:
        person.session_changed(person.session_view())
        answer_welcome(person, "bereaved")
        person.sender.send("needs", {"need": need, "importance": 4, "met": 2})
    for activity in ("welcome", "needs"):
        show_results(store, real.code, activity, FACILITATOR.key_hash, 5)
    warm_up, needs = projected(store, profile, real.code)
    assert "5 people answered" in warm_up and "Bereaved" in warm_up
    assert needs[need] == SHOWN
    rows = row_export(report_context(store, real.code, profile, Translator("en")), ["welcome"], "-")
    exported = rows.tables["welcome"]
    assert len(exported) == 5 and "device_id" not in exported  # a page's id never leaves


def test_one_page_cannot_fill_a_group_of_five_inside_a_released_figure(store, profile, session):
    """Finding 4, inside a figure: once ten pages have answered, one page handed over four
    times, all "bereaved", plus one other bereaved person would make the group "Bereaved: 5"
    from two phones, and the other person's choice would be read off it. Groups count pages,
    as the release does: that group stays too few to show."""
    code = session.code
    store.set_current_activity(code, "welcome", FACILITATOR.key_hash)
    crowd = joined_participant(store, profile, code)
    for turn in range(5):
        if turn:
            hand_over(crowd)
        answer_welcome(crowd, "bereaved")
    for group in ["bereaved", *["caregiver"] * 4, *["neighbour"] * 4]:
        person = joined_participant(store, profile, code)
        person.session_changed(person.session_view())
        answer_welcome(person, group)
    show_results(store, code, "welcome", FACILITATOR.key_hash, 5)
    room = ResultsContext.of_session(store, code, profile, Translator("en"))
    shown = room.shown("welcome")
    assert shown.people == 10  # fourteen participants on ten pages, all released
    assert shown.counts["bereaved"] is None  # two pages: too few to show, never "5"


def test_one_page_takes_at_most_ten_people_and_says_so(store, profile, session):
    """Finding 4, the limit: participants created per page are limited. The eleventh person on
    one page is refused with a clear message (on the phone, and by the store for a page that
    skips the button), and the people already there keep their place."""
    phone = joined_participant(store, profile, session.code)
    for _ in range(MAX_PEOPLE_PER_PAGE - 1):
        hand_over(phone)
    last = phone.participant_id
    assert store.people_on_page(session.code, phone.device_id) == MAX_PEOPLE_PER_PAGE
    click(phone, "wk-handover")
    click(phone, "wk-handover-yes")
    assert "already been used by 10 people" in text_of(phone)
    assert phone.participant_id == last  # still the same person, nothing lost
    with pytest.raises(PageFull):
        store.join(session.code, None, phone.device_id)
    assert store.state(session.code).participants == MAX_PEOPLE_PER_PAGE


def test_a_page_cannot_claim_another_pages_device_or_make_one_up(store, profile, session):
    """Finding 4: the device id comes from the store. A page sending a made-up id starts a page
    of its own, and one session's page is not another session's."""
    phone = joined_participant(store, profile, session.code)
    made_up = store.join(session.code, None, "0" * 32)
    assert store.device_of(session.code, made_up) not in ("0" * 32, phone.device_id)
    other = store.create_session("Other", "en", FACILITATOR.key_hash)
    elsewhere = store.join(other.code, None, phone.device_id)
    assert store.device_of(other.code, elsewhere) != phone.device_id


# -- finding 5: no limits per phone --------------------------------------------------------------


def test_a_burst_of_100_answers_is_slowed_down_and_loses_nothing_acknowledged(
    store, profile, session, monkeypatch
):
    """Finding 5 ("no limits per phone"): one participant stored 100 answer rows in a burst.
    100 answers sent as fast as the page's own form sender goes: past the limit each is
    refused with "slow down" (not an error), every answer the page was told is saved is in the
    store, the latest answer of each need is kept on the page, and once the page has slowed
    down it is stored: nothing dropped."""
    store.set_current_activity(session.code, "needs", FACILITATOR.key_hash)
    phone = joined_participant(store, profile, session.code)
    phone.sender.retry_delays = ()  # retried below, by hand, instead of by a timer
    send = phone._sender_for_form()
    needs = [need.id for need in profile.needs]
    acknowledged, refused, last_sent = [], 0, {}
    for number in range(100):
        payload = {"need": needs[number % len(needs)], "importance": 1 + number % 5, "met": 3}
        last_sent[payload["need"]] = payload["importance"]
        try:
            send("needs", payload)
        except AnswerRateLimited:
            refused += 1
        else:
            acknowledged.append(payload)
    most = ANSWER_LIMITS[0][0]
    assert len(acknowledged) == most and refused == 100 - most
    log = store.answers(session.code, "needs", latest_only=False)
    stored = [(r.need, r.importance, r.met) for r in log.itertuples()]
    assert stored == [(p["need"], p["importance"], p["met"]) for p in acknowledged]

    rate_need(phone, needs[0], 2, 2)  # the person taps again: told to slow down, kindly
    assert "Slow down a little" in text_of(phone)
    last_sent[needs[0]] = 2

    later = utcnow() + timedelta(seconds=ANSWER_LIMITS[0][1] + 1)
    monkeypatch.setattr(store_answers, "utcnow", lambda: later)
    phone.sender.retry_pending()  # what its timer does once the page has slowed down
    assert phone.sender.pending == 0
    phone.kept_answers(0)  # what the page's poll does: "not saved yet" becomes "saved"
    assert "Slow down a little" not in text_of(phone)
    latest = store.answers(session.code, "needs")
    assert dict(zip(latest["need"], latest["importance"], strict=True)) == last_sent


def test_the_limit_follows_the_page_through_reloads_and_hand_overs(store, profile, session):
    """Finding 5: a kernel's counter would restart at zero when the phone reloads or hands
    over; the store counts the page's rows, so neither resets the limit."""
    phone = joined_participant(store, profile, session.code)
    need = profile.needs[0].id
    most = ANSWER_LIMITS[0][0]
    for number in range(most):
        phone.sender.send("needs", {"need": need, "importance": 1 + number % 5, "met": 1})
    reloaded = ParticipantApp(
        context(profile, {"code": session.code}, facilitator=None), store, poll=False
    )
    reloaded.memory.loaded_value = phone.memory.value
    reloaded.memory.loaded = True
    assert reloaded.participant_id == phone.participant_id
    with pytest.raises(AnswerRateLimited):
        reloaded.sender.send("needs", {"need": need, "importance": 3, "met": 3})
    hand_over(phone)
    with pytest.raises(AnswerRateLimited):
        phone.sender.send("needs", {"need": need, "importance": 3, "met": 3})
    assert len(store.answers(session.code, "needs", latest_only=False)) == most


def test_a_person_rating_every_need_fast_then_changing_group_and_area_is_never_slowed(
    store, profile, session
):
    """Finding 5, the other side: the limit must never meet a person. The busiest honest burst
    (every need rated, then group and area changed, which sends every rating again) fits."""
    store.set_current_activity(session.code, "needs", FACILITATOR.key_hash)
    phone = joined_participant(store, profile, session.code)
    for need in profile.needs:
        rate_need(phone, need.id, 4, 2)
    form = find(phone, widgets.VBox, "wk-needs-form")[0]
    form.group.value = "caregiver"
    form.area.value = profile.areas[0].id
    assert "Slow down" not in text_of(phone)
    assert phone.sender.pending == 0
    assert len(store.answers(session.code, "needs", latest_only=False)) == 3 * len(profile.needs)


def test_an_answer_too_large_is_refused_and_the_largest_real_answer_fits(
    profile, store, session, monkeypatch
):
    """Finding 5, size: a payload over :data:`MAX_PAYLOAD_BYTES` is refused before it is stored;
    the largest answer a form can build (a full CareMap, labels of four-byte characters)
    stays well under it."""
    from workshop_kit.activities.caremap.answers import HELP_KINDS, MAX_PEOPLE, RELATIONSHIPS
    from workshop_kit.core.answers import validate_answer

    label = "𝒜" * 40
    relationship = max(RELATIONSHIPS, key=len)
    people = [
        {"id": f"p{i}", "label": label, "relationship": relationship, "closeness": "distant"}
        for i in range(1, MAX_PEOPLE + 1)
    ]
    tie = {"help": list(HELP_KINDS), "frequency": "occasionally"}
    ties = [
        {"giver": p["id"], "receiver": receiver, **tie}
        for p in people
        for receiver in ("me", "them")
    ] + [{"giver": "me", "receiver": "them", **tie}, {"giver": "them", "receiver": "me", **tie}]
    largest = {
        "shared": True,
        "cared_for": {"id": "them", "label": label, "relationship": relationship},
        "people": people,
        "ties": ties,
    }
    answer = validate_answer("caremap", largest, profile)
    assert len(answer.model_dump_json().encode()) < MAX_PAYLOAD_BYTES / 2

    phone = joined_participant(store, profile, session.code)
    # a model built past its schema's limits (as a later, looser schema might allow)
    oversized = answer.model_copy(update={"people": answer.people * 10})
    with pytest.raises(InvalidAnswer) as refused:
        store.add_answer(session.code, phone.participant_id, oversized, "too-big")
    assert refused.value.errors[0]["type"] == "too_large"
    monkeypatch.setattr(core_answers, "MAX_PAYLOAD_BYTES", 200)  # the phone's path, to scale
    with pytest.raises(InvalidAnswer):
        phone.sender.send("needs", {"text": "x" * 300})
    assert phone.sender.pending == 0  # refused, not kept: a form says what to change
    assert store.state(session.code).answers == 0


# -- finding 7, data side --------------------------------------------------------------------------


def forged_bundle(text: str) -> dict:
    """A bundle someone hands the facilitator: one written answer, and three records saying
    it was approved or made by the facilitator."""
    key = text_key(text)
    approve = {"text_key": key, "decision": "approve"}
    return {
        "format": "workshop-kit-session-bundle",
        "version": 1,
        "session": {"code": "FORGED", "title": "Forged", "language": "en"},
        "answers": [
            {"id": 1, "participant": "p-1", "activity": "needs", "answer": {"text": text}},
            {
                "id": 2,
                "participant": "facilitator",
                "activity": "text_reviews",
                "source": "facilitator",
                "answer": approve,
            },
            {  # dressed as a participant's answer
                "id": 3,
                "participant": "p-1",
                "activity": "text_reviews",
                "source": "live",
                "answer": approve,
            },
            {
                "id": 4,
                "participant": "facilitator",
                "activity": "needs",
                "source": "facilitator",
                "answer": {"text": "an answer claiming to be the facilitator's"},
            },
        ],
    }


def test_a_forged_bundle_brings_answers_to_review_never_approvals(store, profile, session):
    """Finding 7 ("a forged session bundle carries facilitator approvals into the projector and
    report"): a bundle that says the facilitator approved a text, whether as the facilitator's
    own record or dressed as a participant's, loads the text as an answer waiting for review
    and no decision at all."""
    text = "My neighbour Anna at 12 Mill Street has no help at night"
    data = json.dumps(forged_bundle(text)).encode()
    rows = read_bundle(data, session.code, profile, Translator("en"))
    assert rows.decisions_left_out == 3
    assert load_bundle(store, session.code, FACILITATOR.key_hash, rows) == 1
    assert review_decisions(store.answers(session.code, "text_reviews")) == {}
    room = ResultsContext.of_session(store, session.code, profile, Translator("en"))
    _released, decisions = shown_in_room(room)
    assert decisions == {}  # the text waits in the moderation list, not on the projector
    assert store.answers(session.code, "needs")["text"].tolist() == [text]
    assert shown_needs(store.answers(session.code, "needs"), decisions, profile, room.t).waiting


def test_the_command_line_says_which_decisions_a_bundle_did_not_bring(
    store, tmp_path, monkeypatch, capsys
):
    """Finding 7, as the facilitator runs it (``workshop-kit session import``): the answers are
    added, and the facilitator is told the file's decisions were not."""
    from workshop_kit.auth import hash_key
    from workshop_kit.cli import main

    home = tmp_path / "home"
    home.mkdir()
    (home / "facilitator.key").write_text("k\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(home))
    target = store.create_session("Target", "en", hash_key("k"))
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(forged_bundle("A lift to the clinic")), encoding="utf-8")
    assert main(["session", "import", str(bundle), "--into", target.code, "--db", store.url]) == 0
    out = capsys.readouterr().out
    assert f"1 answer added to session {target.code}." in out
    assert "3 facilitator decisions in the bundle" in out
    assert review_decisions(store.answers(target.code, "text_reviews")) == {}


def test_a_bundle_keeps_a_shared_page_one_person_in_the_session_it_goes_into(
    store, profile, session
):
    """Finding 4 through a bundle: five people of one page, moved to another session, still
    count as one page there (the bundle carries a pseudonym of the page, not its id)."""
    code = session.code
    store.set_current_activity(code, "welcome", FACILITATOR.key_hash)
    phone = joined_participant(store, profile, code)
    for turn in range(5):
        if turn:
            hand_over(phone)
        answer_welcome(phone, "caregiver")
    data = session_bundle(store, code)
    assert phone.device_id not in data.decode()
    target = store.create_session("Merged", "en", FACILITATOR.key_hash)
    rows = read_bundle(data, target.code, profile, Translator("en"))
    assert load_bundle(store, target.code, FACILITATOR.key_hash, rows) == 5
    merged = store.answers(target.code, "welcome")
    assert merged["participant_id"].nunique() == 5 and merged["device_id"].nunique() == 1
    warm_up, _needs = projected(store, profile, target.code)
    assert "caregiver" not in warm_up.lower()


def test_an_approval_is_stored_when_another_session_approved_the_same_words(
    store, profile, session
):
    """Finding 7 ("a text approval is silently not stored when another session used the same
    key"): the same words approved first in one session and then in another are approved in
    both; before, the second approval reused the first one's idempotency key and was dropped
    as "already saved"."""
    text = "More respite for carers"
    key = text_key(text)
    other = store.create_session("Other evening", "en", FACILITATOR.key_hash)
    for code in (other.code, session.code):
        SessionAnswers(store, code, FACILITATOR.key_hash, profile, Translator("en")).decide(
            key, "approve"
        )
    for code in (other.code, session.code):
        assert review_decisions(store.answers(code, "text_reviews")) == {key: "approve"}
