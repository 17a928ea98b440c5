"""A phone answers a question set's form in a real browser: the set is a shipped file, the
facilitator makes it the current activity on the hub, and the projector counts the answer
without showing it (one person is fewer than the profile's minimum)."""

from __future__ import annotations

import pytest
from browser_helpers import FOLLOW_TIMEOUT_MS, PAGE_READY_MS, choose_activity, create_session, join
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_a_phone_answers_a_question_set(voila_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, "Question set evening")
    choose_activity(hub, "What matters to us")
    phone = new_page(390, 844, mobile=True)
    join(phone, voila_server.base_url, code)
    question = phone.locator(".wk-question-confidence")
    expect(question).to_be_visible(timeout=PAGE_READY_MS)
    question.locator("button", has_text="4").first.click()
    question.locator(".wk-submit").click()
    expect(question.locator(".wk-message-ok")).to_contain_text("Saved", timeout=FOLLOW_TIMEOUT_MS)
    expect(hub.locator(".wk-questions-waiting")).to_contain_text(
        "1 person has answered", timeout=FOLLOW_TIMEOUT_MS
    )
    assert "out of 5" not in hub.locator(".wk-questions-results").inner_text()
