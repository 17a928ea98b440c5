"""The Charter in a real browser: five phones (360 px wide) rate commitments; the hub shows the
chart once five people have rated and the facilitator pressed "Show results", and the
facilitator page keeps an action list."""

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

#: What each phone says about "Schools" (the first commitment) and "Workplaces" (the second).
PARTICIPANTS = [
    ("Planned", "Not started"),
    ("In place", "Not started"),
    ("Not started", None),
    ("Planned", None),
    ("Under way", "Planned"),
]


def rate(phone, status: str) -> None:
    phone.locator(".wk-charter-status", has_text=status).first.click()
    expect(phone.locator(".wk-charter-saved")).to_contain_text("Saved", timeout=FOLLOW_TIMEOUT_MS)


def test_five_phones_rate_and_the_hub_shows_the_chart(voila_server, new_page):
    hub = new_page(1280, 2400)
    code = create_session(hub, voila_server.hub_url, "Charter evening")
    choose_activity(hub, "Compassionate City Charter")
    summary = hub.locator(".wk-charter-chart .wk-summary")
    expect(summary).to_contain_text("No ratings yet", timeout=FOLLOW_TIMEOUT_MS)

    for number, (schools, workplaces) in enumerate(PARTICIPANTS, start=1):
        phone = new_page(360, 740, mobile=True)
        join(phone, voila_server.base_url, code)
        phone.wait_for_selector(".wk-charter-form", timeout=FOLLOW_TIMEOUT_MS)
        expect(phone.locator(".wk-charter-position")).to_contain_text("Commitment 1 of 13")
        # one-handed at 360 px: nothing wider than the screen, answers as wide as the form
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        box = phone.locator(".wk-charter-status").first.bounding_box()
        assert box is not None and box["width"] >= 300 and box["height"] >= 40
        rate(phone, schools)
        if workplaces:
            phone.click(".wk-charter-next")
            expect(phone.locator(".wk-charter-position")).to_contain_text("Commitment 2 of 13")
            rate(phone, workplaces)
        if number == 1:
            phone.click(".wk-charter-notes-toggle")
            phone.fill(".wk-charter-next-step textarea", "Ask the <b>head teachers</b>")
            phone.click(".wk-charter-save-notes")
            expect(phone.locator(".wk-activity .wk-message-ok")).to_contain_text("Saved")
        if number == 4:
            # four have rated: the hub still shows no figure
            expect(summary).to_contain_text("4 people took part", timeout=FOLLOW_TIMEOUT_MS)
            expect(hub.locator(".wk-charter-chart img")).to_be_hidden()

    show_results(hub)
    expect(summary).to_contain_text("5 people rated the charter", timeout=FOLLOW_TIMEOUT_MS)
    expect(summary).to_contain_text("Schools")
    expect(summary).to_contain_text("not shown")  # workplaces: rated by three
    expect(hub.locator(".wk-charter-chart img")).to_be_visible()
    notes = hub.locator(".wk-charter-notes")
    expect(notes).to_contain_text("1 more note is shown on the facilitator page")
    expect(notes).not_to_contain_text("head teachers")

    page = new_page(1280, 2400)
    page.goto(voila_server.sign_in_url("05_charter.ipynb", f"code={code}"))
    page.wait_for_selector(".wk-charter-session", timeout=PAGE_READY_MS)
    expect(page.locator(".wk-charter-moderation")).to_contain_text(
        "Ask the <b>head teachers</b>"  # shown as typed, not as markup
    )
    page.click(".wk-charter-moderation .wk-approve")
    page.fill(".wk-charter-action-text input", "Write to the head teachers")
    page.fill(".wk-charter-action-who input", "Ana")
    page.click(".wk-charter-action-save")
    expect(page.locator(".wk-charter-actions-editor .wk-message-ok")).to_contain_text(
        "Action saved", timeout=FOLLOW_TIMEOUT_MS
    )
    expect(hub.locator(".wk-charter-actions-list")).to_contain_text(
        "Write to the head teachers", timeout=FOLLOW_TIMEOUT_MS
    )
    expect(notes).to_contain_text("Ask the <b>head teachers</b>", timeout=FOLLOW_TIMEOUT_MS)

    page.reload()
    page.wait_for_selector(".wk-charter-session", timeout=PAGE_READY_MS)
    expect(page.locator(".wk-charter-action")).to_contain_text("Write to the head teachers · Ana")
