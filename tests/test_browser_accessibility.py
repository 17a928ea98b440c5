"""axe-core (WCAG 2 A and AA) over every kind of page: the console (hub), the projector, the
consent page, every phone form, and every facilitator activity page.

One browser walk through a session: the hub chooses each activity in turn and one phone
follows, so each page is loaded once. A failure prints the table of every page's violations.
"""

from __future__ import annotations

import pytest
from axe_helpers import table, violations
from browser_helpers import FOLLOW_TIMEOUT_MS, PAGE_READY_MS, choose_activity, create_session
from playwright.sync_api import expect

from workshop_kit.core.registry import activities
from workshop_kit.i18n import Translator

pytestmark = [pytest.mark.browser, pytest.mark.server]

EN = Translator("en")
#: What shows on a phone once it follows each activity (its form's first field).
PHONE_FORMS = {
    "welcome": ".wk-welcome-group",
    "needs": ".wk-needs-group",
    "assets": ".wk-assets-name",
    "caregiving": ".wk-caregiving-hours",
    "caremap": ".wk-caremap-step",
    "charter": ".wk-charter-position",
    "practice": ".wk-practice-level",
}


def walk(server, new_page) -> dict[str, list[dict]]:
    """Every page of a session, with its violations."""
    found: dict[str, list[dict]] = {}
    hub = new_page(1280, 800)
    errors: list[str] = []
    hub.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    code = create_session(hub, server.hub_url, "Accessible to all")
    found["hub"] = violations(hub)

    phone = new_page(390, 844, mobile=True)
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(f"{server.base_url}/join/{code}")
    phone.wait_for_selector(".wk-consent", timeout=PAGE_READY_MS)
    found["consent"] = violations(phone)
    phone.click(".wk-consent")
    phone.wait_for_selector(".wk-activity", timeout=FOLLOW_TIMEOUT_MS)
    registry = activities()
    for activity, selector in PHONE_FORMS.items():
        choose_activity(hub, EN(registry[activity].title_key))
        phone.wait_for_selector(selector, timeout=FOLLOW_TIMEOUT_MS)
        found[f"phone: {activity}"] = violations(phone)
        if activity == "needs":  # a rating says which of its buttons is the one chosen
            rating = phone.locator(".wk-needs-importance").first
            rating.locator("button", has_text="4").click()
            expect(rating.locator("button", has_text="4")).to_have_attribute("aria-pressed", "true")
            expect(rating.locator("button", has_text="2")).to_have_attribute(
                "aria-pressed", "false"
            )
            expect(rating).to_have_attribute("role", "group")
        if activity == "caregiving":  # hours: the number keyboard, not the full one
            hours = phone.locator(".wk-caregiving-hours input")
            expect(hours).to_have_attribute("inputmode", "decimal")

    screen = hub.context.new_page()
    screen.goto(f"{server.base_url}/voila/render/projector.ipynb?code={code}")
    screen.wait_for_selector(".wk-projector-live .wk-chart", timeout=PAGE_READY_MS)
    found["projector"] = violations(screen)
    found["hub, live"] = violations(hub)

    for activity in registry.values():
        if activity.page is None:
            continue
        screen.goto(f"{server.base_url}/voila/render/{activity.page}?code={code}")
        screen.wait_for_selector(".wk-session-page .wk-session-title", timeout=PAGE_READY_MS)
        screen.wait_for_timeout(1000)  # its view drawn after the title
        found[activity.page] = violations(screen)
    # No script error in any page (a lab extension the pages do not need logged one on
    # each); a missing favicon's 404 is the browser's own line, not a script error.
    script_errors = [e for e in errors if not e.startswith("Failed to load resource")]
    found["console errors"] = [{"id": e[:80], "count": 1} for e in script_errors]
    return found


def test_every_page_passes_axe_wcag_2_a_and_aa(voila_server, new_page):
    found = walk(voila_server, new_page)
    assert all(not items for items in found.values()), "\n" + table(found)
