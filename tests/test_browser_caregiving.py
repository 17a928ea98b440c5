"""The caregiver load page in a real browser: moving a slider changes the sentence."""

from __future__ import annotations

import re

import pytest
from browser_helpers import FOLLOW_TIMEOUT_MS, PAGE_READY_MS
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_moving_the_caregiving_rate_slider_changes_the_sentence(voila_server, new_page):
    page = new_page(1280, 1400)
    page.goto(voila_server.sign_in_url("03_caregiver_load.ipynb"))
    sentence = page.locator(".wk-caregiving-sentence")
    expect(sentence).to_contain_text("care for someone without pay", timeout=PAGE_READY_MS)
    before = sentence.inner_text()

    handle = page.locator(".wk-slider-rate .noUi-handle")
    handle.focus()
    for _ in range(4):  # four steps of 5 points: 100% -> 120% of published rates
        handle.press("ArrowRight")
    expect(page.locator(".wk-slider-rate .widget-readout")).to_have_text(
        "120", timeout=FOLLOW_TIMEOUT_MS
    )
    # The readout is the browser's own: while the kernel is busy, the browser holds the last
    # slider value back (ipywidgets sends one state update at a time) but sends a button
    # click at once, so a reset clicked now could be overtaken by the held-back 120. Wait
    # for the kernel to have applied 120 (the assumptions it wrote say so) before the reset.
    expect(page.locator(".wk-caregiving-assumptions")).to_contain_text(
        "120% of the published rates", timeout=FOLLOW_TIMEOUT_MS
    )
    expect(sentence).not_to_have_text(before, timeout=FOLLOW_TIMEOUT_MS)
    after = sentence.inner_text()
    number = re.compile(r"About ([\d,]+) people")
    assert int(number.search(after)[1].replace(",", "")) > int(
        number.search(before)[1].replace(",", "")
    )

    page.locator(".wk-caregiving-reset").click()
    expect(sentence).to_have_text(before, timeout=FOLLOW_TIMEOUT_MS)


def test_the_page_speaks_french_when_asked(voila_server, new_page):
    page = new_page(1280, 1400)
    page.goto(voila_server.sign_in_url("03_caregiver_load.ipynb", "lang=fr"))
    expect(page.locator(".wk-caregiving-sentence")).to_contain_text(
        "sans être payées", timeout=PAGE_READY_MS
    )
    expect(page.locator(".wk-synthetic")).to_contain_text("synthétique")
