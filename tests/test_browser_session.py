"""A whole live session in a real browser against a real Voilà server.

The facilitator creates a session; three participants join on phone-sized pages and answer;
the hub shows their answers; the facilitator switches activity and every phone follows.
"""

from __future__ import annotations

import time

import pytest
from browser_helpers import FOLLOW_TIMEOUT_MS, choose_activity, create_session, join
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

GROUPS = ["Caregiver", "Bereaved", "Neighbour or volunteer"]


def test_three_participants_answer_and_follow_the_facilitator(voila_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, "Riverbend evening")
    phones = [new_page(390, 844, mobile=True) for _ in GROUPS]
    for phone in phones:
        join(phone, voila_server.base_url, code)
        expect(phone.locator(".wk-activity-waiting")).to_be_visible()
    expect(hub.locator(".wk-participant-count")).to_contain_text(
        "3 participants", timeout=FOLLOW_TIMEOUT_MS
    )

    choose_activity(hub, "What brings you here today")
    for phone, group in zip(phones, GROUPS, strict=True):
        phone.wait_for_selector(".wk-welcome-group", timeout=FOLLOW_TIMEOUT_MS)
        phone.get_by_label(group).first.check()
        phone.click(".wk-submit")
        expect(phone.locator(".wk-message-ok")).to_contain_text("Saved")

    summary = hub.locator(".wk-welcome-results .wk-summary")
    expect(summary).to_contain_text("3 people answered", timeout=FOLLOW_TIMEOUT_MS)
    # Groups of one (Bereaved: 1) are never projected: results need 5 people and a release.
    expect(summary).to_contain_text("Groups are shown when the facilitator shows the results")
    expect(summary).not_to_contain_text("(1)")
    expect(hub.locator(".wk-reveal .wk-show-results")).to_be_disabled()  # 3 < 5 people
    expect(hub.locator(".wk-reveal-status")).to_contain_text("3 of 3 have answered.")
    expect(hub.locator(".wk-participant-count")).to_contain_text("3 answers")

    started = time.monotonic()
    choose_activity(hub, "Look at the shared screen")
    for phone in phones:
        expect(phone.locator(".wk-activity-screen")).to_be_visible(timeout=FOLLOW_TIMEOUT_MS)
        expect(phone.locator(".wk-welcome-group")).to_have_count(0)
    assert time.monotonic() - started < FOLLOW_TIMEOUT_MS / 1000


def test_double_submit_stores_one_answer_and_reload_keeps_the_participant(voila_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, "Double submit")
    choose_activity(hub, "What brings you here today")
    phone = new_page(390, 844, mobile=True)
    join(phone, voila_server.base_url, code)
    phone.wait_for_selector(".wk-welcome-group", timeout=FOLLOW_TIMEOUT_MS)
    phone.get_by_label("Caregiver").first.check()
    phone.dblclick(".wk-submit")
    phone.click(".wk-submit")
    expect(phone.locator(".wk-message-ok")).to_contain_text("Already saved")

    phone.reload()
    # The device remembers its anonymous id: no second consent, no second participant.
    phone.wait_for_selector(".wk-welcome-group", timeout=90_000)
    expect(hub.locator(".wk-participant-count")).to_contain_text(
        "1 participant · 1 answer", timeout=FOLLOW_TIMEOUT_MS
    )
