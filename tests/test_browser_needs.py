"""Needs assessment in a real browser: five phones rate needs; the room sees the ranking,
and breakdowns with too few answers say so instead of showing numbers."""

from __future__ import annotations

import pytest
from browser_helpers import (
    FOLLOW_TIMEOUT_MS,
    PAGE_READY_MS,
    choose_activity,
    create_session,
    join,
    show_results,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

CAREGIVER = "Caregiver (I care for someone)"
# (importance, how well met) for "respite" (all five rate it: a cell of 5 is shown) and for
# "grief-support" (three rate it: a cell of 3 is "too few to show").
PARTICIPANTS = [
    (("5", "1"), ("3", "3")),
    (("5", "2"), ("4", "3")),
    (("4", "1"), ("3", "4")),
    (("3", "3"), None),
    (("4", "2"), None),
]


def rate(phone, need_id: str, importance: str, met: str) -> None:
    need = phone.locator(f".wk-need-{need_id}")
    need.locator(".wk-needs-importance button", has_text=importance).click()
    need.locator(".wk-needs-met button", has_text=met).click()
    expect(need.locator(".wk-saved")).to_be_visible(timeout=FOLLOW_TIMEOUT_MS)


def test_five_participants_rate_needs_and_small_groups_are_hidden(voila_server, new_page):
    hub = new_page(1280, 2400)
    code = create_session(hub, voila_server.hub_url, "Needs evening")
    choose_activity(hub, "Community needs")
    phones = []
    for respite, grief in PARTICIPANTS:
        phone = new_page(390, 844, mobile=True)
        join(phone, voila_server.base_url, code)
        phone.wait_for_selector(".wk-needs-form", timeout=FOLLOW_TIMEOUT_MS)
        phone.locator(".wk-needs-group select").select_option(label=CAREGIVER)
        rate(phone, "respite", *respite)
        if grief:
            rate(phone, "grief-support", *grief)
        phones.append(phone)

    show_results(hub)
    ranking = hub.locator(".wk-needs-ranking .wk-summary")
    expect(ranking).to_contain_text("Respite", timeout=FOLLOW_TIMEOUT_MS)
    expect(hub.locator(".wk-needs-ranking img")).to_be_visible()
    by_group = hub.locator(".wk-needs-by-group .wk-summary")
    expect(by_group).to_contain_text("too few answers to show", timeout=FOLLOW_TIMEOUT_MS)
    expect(by_group).to_contain_text("Among")  # the cell of five is shown

    page = new_page(1280, 2400)
    page.goto(voila_server.sign_in_url("01_needs_assessment.ipynb", f"code={code}"))
    expect(page.locator(".wk-needs-ranking .wk-summary")).to_contain_text(
        "Respite", timeout=PAGE_READY_MS
    )
    expect(page.locator(".wk-needs-import-panel")).to_be_visible()
