"""Steps the browser tests share: create a session as the facilitator, join as a participant."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

#: Participants poll every 2 s; allow for a loaded 2-core machine.
FOLLOW_TIMEOUT_MS = 15_000
PAGE_READY_MS = 90_000


def create_session(hub: Page, hub_url: str, title: str) -> str:
    """Open the hub, create a session, return its join code."""
    hub.goto(hub_url)
    hub.wait_for_selector(".wk-create-session", timeout=PAGE_READY_MS)
    hub.fill(".wk-session-title-input input", title)
    hub.click(".wk-create-session")
    code = hub.locator(".wk-join-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"), timeout=FOLLOW_TIMEOUT_MS)
    return code.inner_text()


def join(participant: Page, base_url: str, code: str) -> None:
    """Open the short join link, accept the consent text, wait for the activity area."""
    participant.goto(f"{base_url}/join/{code}")
    participant.wait_for_selector(".wk-consent", timeout=PAGE_READY_MS)
    participant.click(".wk-consent")
    participant.wait_for_selector(".wk-activity", timeout=FOLLOW_TIMEOUT_MS)


def choose_activity(hub: Page, label: str) -> None:
    hub.locator(".wk-activity-choice button", has_text=label).click()  # quotes in it are fine
    panel_message = hub.locator(".wk-activity-status .wk-message-ok")
    expect(panel_message).to_contain_text(label, timeout=FOLLOW_TIMEOUT_MS)


def show_results(hub: Page) -> None:
    """Press "Show results" on the hub once it can show something, and wait until it did."""
    button = hub.locator(".wk-reveal .wk-show-results")
    expect(button).to_be_enabled(timeout=FOLLOW_TIMEOUT_MS)
    button.click()
    expect(hub.locator(".wk-reveal .wk-message-ok")).to_be_visible(timeout=FOLLOW_TIMEOUT_MS)


def page_kernel_id(page: Page) -> str:
    """The id of the kernel behind a Voilà page (from its page configuration)."""
    return page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def warm_up_with_a_phone(new_page, server, title: str) -> tuple[Page, Page, str]:
    """A hub running a session on the warm-up, and one phone joined and showing its form."""
    hub = new_page(1280, 1600)
    code = create_session(hub, server.hub_url, title)
    choose_activity(hub, "What brings you here today")
    phone = new_page(390, 844, mobile=True)
    join(phone, server.base_url, code)
    phone.wait_for_selector(".wk-welcome-group", timeout=FOLLOW_TIMEOUT_MS)
    return hub, phone, code


def send_group(phone: Page, group: str) -> None:
    """Answer the warm-up with ``group`` and wait for "Saved"."""
    phone.wait_for_selector(".wk-welcome-group", timeout=FOLLOW_TIMEOUT_MS)
    phone.get_by_label(group).first.check()
    phone.click(".wk-submit")
    expect(phone.locator(".wk-activity .wk-message-ok")).to_contain_text("Saved")
