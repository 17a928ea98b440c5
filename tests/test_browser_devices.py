"""Shared phones in a real browser against a real Voilà server.

One browser context is one phone: the same localStorage, so the device remembers its
anonymous id. "Someone else will use this phone" must make the next person a new participant
with their own consent, and a reload must keep that second person (no third consent).
"""

from __future__ import annotations

import pytest
from browser_helpers import (
    FOLLOW_TIMEOUT_MS,
    PAGE_READY_MS,
    create_session,
    join,
    send_group,
    warm_up_with_a_phone,
)
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]


def remembered_id(phone: Page, code: str) -> str | None:
    """The id this browser remembers for the session (what the device memory stored)."""
    return phone.evaluate("(key) => window.localStorage.getItem(key)", f"workshop-kit:{code}")


def test_two_people_on_one_phone_are_two_participants_and_a_reload_keeps_the_second(
    voila_server, new_page
):
    hub, phone, code = warm_up_with_a_phone(new_page, voila_server, "Shared tablet")
    send_group(phone, "Caregiver")
    first = remembered_id(phone, code)
    assert first

    phone.click(".wk-handover")
    expect(phone.locator(".wk-handover-question")).to_contain_text(
        "Will someone else use this phone now?"
    )
    phone.click(".wk-handover-yes")
    expect(phone.locator(".wk-consent")).to_be_visible(timeout=FOLLOW_TIMEOUT_MS)
    expect(phone.locator(".wk-fresh-start")).to_contain_text("starts afresh")
    expect(phone.locator(".wk-welcome-group")).to_have_count(0)
    phone.wait_for_function(  # the browser forgot the first person's id, kept the page's
        "(key) => (window.localStorage.getItem(key) || '').startsWith('device:')",
        arg=f"workshop-kit:{code}",
        timeout=FOLLOW_TIMEOUT_MS,
    )
    assert first not in (remembered_id(phone, code) or "")

    phone.click(".wk-consent")
    send_group(phone, "Bereaved")
    second = remembered_id(phone, code)
    assert second and second != first
    expect(phone.get_by_label("Bereaved").first).to_be_checked()
    expect(hub.locator(".wk-participant-count")).to_contain_text(
        "2 participants · 2 answers", timeout=FOLLOW_TIMEOUT_MS
    )

    phone.reload()
    phone.wait_for_selector(".wk-welcome-group", timeout=PAGE_READY_MS)
    expect(phone.locator(".wk-consent")).to_have_count(0)  # the second person, remembered
    assert remembered_id(phone, code) == second
    send_group(phone, "Neighbour or volunteer")  # a changed answer of the same person
    expect(hub.locator(".wk-participant-count")).to_contain_text(
        "2 participants · 3 answers", timeout=FOLLOW_TIMEOUT_MS
    )
    # two people on one page count as one wherever figures are checked (docs/privacy.md)
    summary = hub.locator(".wk-welcome-results .wk-summary")
    expect(summary).to_contain_text("1 person answered", timeout=FOLLOW_TIMEOUT_MS)


def test_the_facilitator_asks_every_phone_and_nobody_is_signed_out(voila_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, "Hand over")
    phone = new_page(390, 844, mobile=True)
    join(phone, voila_server.base_url, code)
    expect(phone.locator(".wk-activity-waiting")).to_be_visible()
    expect(phone.locator(".wk-handover")).to_be_visible()  # the waiting screen offers it
    expect(phone.locator(".wk-handover-yes")).to_have_count(0)

    hub.click(".wk-ask-handover")
    expect(hub.locator(".wk-handover-status .wk-message-ok")).to_contain_text(
        "Every phone now asks"
    )
    asked = phone.locator(".wk-handover-asked")
    expect(asked).to_contain_text("The facilitator asks", timeout=FOLLOW_TIMEOUT_MS)
    phone.click(".wk-handover-no")
    expect(phone.locator(".wk-handover-asked")).to_have_count(0)
    expect(phone.locator(".wk-activity-waiting")).to_be_visible()
    expect(hub.locator(".wk-participant-count")).to_contain_text(
        "1 participant", timeout=FOLLOW_TIMEOUT_MS
    )
