"""The projector: a QR code that a decoder reads from a screenshot, at the sizes of a hall.

The code is decoded with zxing-cpp from the pixels the browser drew, not read from the SVG's
source: a code cut at its edge, squeezed or without its margin fails here as it fails a phone.
"""

from __future__ import annotations

import pytest
from browser_helpers import create_session
from playwright.sync_api import expect
from qr_helpers import links_in

pytestmark = [pytest.mark.browser, pytest.mark.server]

SCREENS = [(1280, 720), (1920, 1080)]


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
