"""The projector: a QR code that a decoder reads from a screenshot, at the sizes of a hall.

The code is decoded with zxing-cpp from the pixels the browser drew, not read from the SVG's
source: a code cut at its edge, squeezed or without its margin fails here as it fails a phone.
"""

from __future__ import annotations

import pytest
from browser_helpers import FOLLOW_TIMEOUT_MS, PAGE_READY_MS, choose_activity, create_session
from playwright.sync_api import expect
from qr_helpers import links_in

pytestmark = [pytest.mark.browser, pytest.mark.server]

SCREENS = [(1280, 720), (1920, 1080)]


def test_the_projector_view_scans_and_follows_the_hub(voila_server, new_page):
    """Opened from the hub's link (the same signed-in browser), the projector shows a code
    a decoder reads from the whole screen at both sizes, then follows the hub's choice."""
    hub = new_page(1280, 800)
    code = create_session(hub, voila_server.hub_url, "On the big screen")
    link = hub.locator(".wk-join a").first.get_attribute("href")
    with hub.context.expect_page() as opened:
        hub.click(".wk-open-projector")
    screen = opened.value
    screen.wait_for_selector(".wk-projector .wk-join-code", timeout=PAGE_READY_MS)
    expect(screen.locator(".wk-join-code")).to_have_text(code)
    expect(screen.locator(".wk-session-chooser, .wk-create-session, .wk-notes")).to_have_count(0)
    for width, height in SCREENS:
        screen.set_viewport_size({"width": width, "height": height})
        expect(screen.locator(".wk-qr")).to_be_in_viewport(ratio=1)
        assert links_in(screen.screenshot()) == [link], (width, height)

    choose_activity(hub, "What brings you here today")
    expect(screen.locator(".wk-projector-activity")).to_contain_text(
        "What brings you here today", timeout=FOLLOW_TIMEOUT_MS
    )
    expect(screen.locator(".wk-welcome-results .wk-summary")).to_be_visible()


def test_the_hub_qr_code_scans_at_projector_sizes(voila_server, new_page):
    hub = new_page(1280, 720)
    code = create_session(hub, voila_server.hub_url, "A code that scans")
    link = hub.locator(".wk-join a").first.get_attribute("href")
    assert link.endswith(f"/join/{code}")
    for width, height in SCREENS:
        hub.set_viewport_size({"width": width, "height": height})
        qr = hub.locator(".wk-session-panel .wk-qr")
        expect(qr).to_be_visible()
        assert links_in(qr.screenshot()) == [link], (width, height)
