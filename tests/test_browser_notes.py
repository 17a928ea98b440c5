"""The facilitator notes in a real browser: closed on the projected hub, open on a click, on a
second screen through the facilitator's sign-in, and nowhere on a participant's phone."""

from __future__ import annotations

import pytest
from browser_helpers import FOLLOW_TIMEOUT_MS, create_session, join
from notes_helpers import shown_anywhere
from playwright.sync_api import expect

from workshop_kit.core.notes import HUB_NOTES, notes_stems
from workshop_kit.i18n import available_languages

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_notes_stay_off_the_projector_until_opened_and_never_reach_a_phone(voila_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, "Notes evening")
    toggle = hub.locator(".wk-notes-toggle")
    expect(toggle).to_have_text("Facilitator notes")
    assert shown_anywhere(hub.content(), HUB_NOTES, "en") == []  # the projected page: nothing

    toggle.click()
    body = hub.locator(".wk-notes-body")
    expect(body).to_contain_text("Welcome and joining", timeout=FOLLOW_TIMEOUT_MS)
    assert shown_anywhere(hub.content(), HUB_NOTES, "en")
    toggle.click()
    expect(body).to_be_empty(timeout=FOLLOW_TIMEOUT_MS)

    with hub.context.expect_page() as opened:  # the laptop's own screen, same sign-in
        hub.click(".wk-notes-second-screen a")
    second = opened.value
    expect(second.locator("h1")).to_contain_text("Start here: run a live workshop")
    assert shown_anywhere(second.content(), HUB_NOTES, "en")
    second.click("a[lang=fr]")
    expect(second.locator("h1")).to_contain_text("Commencer ici")

    phone = new_page(390, 844, mobile=True)
    join(phone, voila_server.base_url, code)
    expect(phone.locator(".wk-notes-panel")).to_have_count(0)
    page = phone.content()
    for stem in notes_stems():
        for language in available_languages():
            assert shown_anywhere(page, stem, language) == [], (stem, language)
    refused = phone.goto(f"{voila_server.base_url}/wk/notes/{HUB_NOTES}")
    assert refused is not None and refused.status == 403
