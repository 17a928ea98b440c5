"""A value-creation round in a real browser: five phones rate the cycles after a gathering; the
projector shows the value once five people rated a cycle and "too few" where three did; a story
reaches the projector only after the facilitator approves it on the Community of Practice page."""

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

STORY = "The hospice nurse I met in spring now visits our carers' café every month."
# (immediate, potential) per phone: five rate immediate, three rate potential
PHONES = [
    ("A lot", "A little"),
    ("A lot", "A lot"),
    ("A little", "Not yet"),
    ("A lot", None),
    ("Not yet", None),
]


def tap(phone, cycle: str, level: str) -> None:
    box = phone.locator(f".wk-practice-{cycle}")
    box.locator(".wk-practice-level button", has_text=level).click()
    expect(box.locator(".wk-saved")).to_be_visible(timeout=FOLLOW_TIMEOUT_MS)


def test_a_rating_round_reaches_the_projector_with_small_cells_hidden(voila_server, new_page):
    hub = new_page(1280, 2400)
    code = create_session(hub, voila_server.hub_url, "Spring gathering")
    choose_activity(hub, "Community of Practice")
    for index, (immediate, potential) in enumerate(PHONES):
        phone = new_page(360, 800, mobile=True)  # one-handed, on a small phone
        join(phone, voila_server.base_url, code)
        phone.wait_for_selector(".wk-practice-form", timeout=FOLLOW_TIMEOUT_MS)
        if index == 0:  # two moments: the look-back questions come after their own heading
            expect(phone.locator(".wk-practice-moment-lookback")).to_contain_text("looking back")
        tap(phone, "immediate", immediate)
        if potential:
            tap(phone, "potential", potential)
        if index == 0:
            phone.locator(".wk-practice-story textarea").fill(STORY)
            phone.click(".wk-practice-form .wk-submit")
            expect(phone.locator(".wk-activity .wk-message-ok")).to_contain_text("Story saved")
        phone.context.close()  # frees the browser's share of two cores for the next phone

    show_results(hub)
    summary = hub.locator(".wk-practice-results .wk-summary")
    expect(summary).to_contain_text("5 people answered", timeout=FOLLOW_TIMEOUT_MS)
    # immediate: (2 + 2 + 1 + 2 + 0) / 5 = 1.4; potential: rated by 3, hidden
    expect(summary).to_contain_text("Immediate value (1.4")
    expect(summary).to_contain_text("1 cycle rated by fewer than 5 people is not shown")
    expect(hub.locator(".wk-practice-results img")).to_be_visible()
    stories = hub.locator(".wk-practice-stories")
    expect(stories).to_contain_text("1 story is waiting")
    expect(stories).not_to_contain_text("hospice nurse")

    page = new_page(1280, 2400)
    page.goto(voila_server.sign_in_url("06_community_of_practice.ipynb", f"code={code}"))
    value = page.locator(".wk-practice-session-value .wk-summary")
    expect(value).to_contain_text("5 people answered", timeout=PAGE_READY_MS)
    row = page.locator(".wk-moderation-row", has_text="hospice nurse")
    row.locator(".wk-approve").click()
    expect(page.locator(".wk-practice-session-stories")).to_contain_text(
        "hospice nurse", timeout=FOLLOW_TIMEOUT_MS
    )
    expect(stories).to_contain_text("hospice nurse", timeout=FOLLOW_TIMEOUT_MS)
    # an approved story can be tagged with the cycles it passes through (value-creation matrix)
    expect(page.locator(".wk-practice-story-tag-row")).to_contain_text("hospice nurse")

    # the planner works in the same page: four gatherings and their calendar file
    page.locator(".lm-TabBar-tab", has_text="Plan the year").click()
    page.click(".wk-practice-plan-go")
    expect(page.locator(".wk-practice-plan-table tbody tr")).to_have_count(4)
    page.click(".wk-practice-plan-export")
    expect(page.locator(".wk-practice-plan-downloads a").first).to_have_attribute(
        "download",
        "community-of-practice-"
        + page.locator(".wk-practice-plan-year input").input_value()
        + ".ics",
    )
