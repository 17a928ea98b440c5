"""A short workshop in French, from the hub to the report, in a real browser.

The facilitator creates a French session; five phones join, read the consent in French and
answer the warm-up; the projected hub speaks French (and a long French choice stays
tappable on a phone); the report exported from the hub is in
French too. Every text comes from the French catalog, so a missing translation shows here.
"""

from __future__ import annotations

import base64
import html
import re

import pytest
from browser_helpers import (
    FOLLOW_TIMEOUT_MS,
    PAGE_READY_MS,
    choose_activity,
    join,
    show_results,
)
from playwright.sync_api import expect

from workshop_kit.i18n import Translator

pytestmark = [pytest.mark.browser, pytest.mark.server]

FR = Translator("fr")
GROUPS = ["caregiver"] * 5  # five people: the first block the projector may show


def test_a_short_session_and_its_report_in_french(voila_server, new_page):
    hub = new_page(1280, 1600)
    hub.goto(voila_server.hub_url)
    hub.wait_for_selector(".wk-create-session", timeout=PAGE_READY_MS)
    hub.select_option(".wk-session-language select", label="Français")
    hub.fill(".wk-session-title-input input", "Soirée à Riverbend")
    hub.click(".wk-create-session")
    code = hub.locator(".wk-join-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"), timeout=FOLLOW_TIMEOUT_MS)
    choose_activity(hub, FR("welcome.title"))

    for group in GROUPS:
        phone = new_page(390, 844, mobile=True)
        phone.goto(f"{voila_server.base_url}/join/{code.inner_text()}")
        expect(phone.locator("body")).to_contain_text(
            FR("participant.consent_title"), timeout=PAGE_READY_MS
        )
        join(phone, voila_server.base_url, code.inner_text())
        phone.wait_for_selector(".wk-welcome-group", timeout=FOLLOW_TIMEOUT_MS)
        expect(phone.locator(".wk-activity")).to_contain_text(FR("welcome.question"))
        phone.get_by_label(FR(f"groups.{group}")).first.check()
        phone.click(".wk-submit")
        expect(phone.locator(".wk-activity .wk-message-ok")).to_contain_text(
            FR("participant.saved"), timeout=FOLLOW_TIMEOUT_MS
        )
        phone.close()

    show_results(hub)
    summary = hub.locator(".wk-welcome-results .wk-summary")
    expect(summary).to_contain_text("5 personnes ont répondu", timeout=FOLLOW_TIMEOUT_MS)
    expect(summary).to_contain_text(f"Le groupe le plus nombreux : {FR('groups.caregiver')} (5)")

    hub.click(".wk-export-report")
    link = hub.locator('.wk-report-downloads a[download="report.html"]')
    expect(link).to_have_count(1, timeout=FOLLOW_TIMEOUT_MS)
    expect(hub.locator(".wk-report-downloads")).to_contain_text("Télécharger report.html")
    encoded = link.get_attribute("href").split("base64,", 1)[1]
    report = base64.b64decode(encoded).decode("utf-8")
    assert '<html lang="fr">' in report
    assert "Rapport d&#x27;atelier : Soirée à Riverbend" in report
    assert "Ce qui amène les gens aujourd&#x27;hui" in report
    assert "5 participants" in report
    assert html.escape(FR("groups.caregiver")) in report  # the largest group, in the sentence
