"""Asset mapping in a real browser against a real Voilà server.

Three participants add assets on phone-sized pages, two of them the same café spelt
differently. The projected hub waits for five people; the facilitator's page (the core's page
frame) shows every asset at once, flags the duplicate, merges it, and the inventory changes.
Two more people take the third phone in turn; with five people the hub shows the merged
inventory, and no count built from fewer than five of them.
"""

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
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

ACTIVITY = "Community assets: what we already have"


def add_asset(phone: Page, name: str, kind: str, area: str, need: str | None = None) -> None:
    """Fill the phone form and add the asset; wait until the phone says it is saved."""
    phone.fill(".wk-assets-name input", name)
    phone.select_option(".wk-assets-category select", label=kind)
    phone.select_option(".wk-assets-area select", label=area)
    if need is not None:
        phone.locator(f".wk-assets-need-{need} input").check()
    phone.click(".wk-assets-add")
    expect(phone.locator(".wk-assets-form .wk-message")).to_contain_text(
        f"Saved: {name}.", timeout=FOLLOW_TIMEOUT_MS
    )


def test_participants_add_assets_and_the_facilitator_merges_a_duplicate(voila_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, "Asset mapping evening")
    choose_activity(hub, ACTIVITY)
    phones = [new_page(390, 844, mobile=True) for _ in range(3)]
    for phone in phones:
        join(phone, voila_server.base_url, code)
        phone.wait_for_selector(".wk-assets-name", timeout=FOLLOW_TIMEOUT_MS)

    add_asset(phones[0], "Café Chez Marie", "Local economy", "Old Town", "loneliness")
    add_asset(phones[1], "cafe chez marie", "Local economy", "Old Town", "loneliness")
    add_asset(phones[2], "Public Library", "Institutions", "Riverside", "information")
    # the form is cleared for the next asset, and the next one does not replace the first
    expect(phones[2].locator(".wk-assets-name input")).to_have_value("", timeout=FOLLOW_TIMEOUT_MS)
    add_asset(phones[2], "River Path", "Natural places", "Riverside")
    expect(phones[2].locator(".wk-assets-count")).to_contain_text(
        "You have added 2 assets", timeout=FOLLOW_TIMEOUT_MS
    )

    # the projector waits for five people, so no one's assets can be picked out
    hub_total = hub.locator(".wk-assets-results .wk-assets-total")
    expect(hub.locator(".wk-assets-results .wk-assets-waiting")).to_contain_text(
        "3 people have added assets so far", timeout=FOLLOW_TIMEOUT_MS
    )
    expect(hub_total).to_contain_text("0 assets")

    # two more people, each on a phone of their own: five pages, enough to show
    # (people taking turns on one phone count once: docs/privacy.md, "Shared phones")
    for name in ("Walking group", "Knitting circle"):
        phone = new_page(390, 844, mobile=True)
        join(phone, voila_server.base_url, code)
        phone.wait_for_selector(".wk-assets-name", timeout=FOLLOW_TIMEOUT_MS)
        add_asset(phone, name, "Associations and groups", "Riverside")
    expect(hub_total).to_contain_text("0 assets")  # nothing shown before "Show results"
    show_results(hub)  # five people: the facilitator shows the results
    expect(hub_total).to_contain_text("6 assets · 6 mentions", timeout=FOLLOW_TIMEOUT_MS)
    expect(hub.locator(".wk-assets-results .wk-assets-waiting")).to_have_text("")
    expect(
        hub.locator(".wk-assets-results .wk-assets-chart-categories .wk-summary")
    ).to_contain_text("Counts from fewer than 5 people are not shown", timeout=FOLLOW_TIMEOUT_MS)

    # the facilitator's page shows the projector's state (issue 18) and merges duplicates
    page = new_page(1280, 1800)
    page.goto(voila_server.sign_in_url("02_asset_mapping.ipynb", f"code={code}"))
    page.wait_for_selector(".wk-assets-page", timeout=PAGE_READY_MS)
    expect(page.locator(".wk-assets-page .wk-session-chooser")).to_be_visible()
    total = page.locator(".wk-assets-page .wk-assets-total")
    expect(total).to_contain_text(
        "6 assets · 6 mentions · 1 likely duplicate", timeout=FOLLOW_TIMEOUT_MS
    )
    duplicate = page.locator(".wk-assets-duplicate")
    expect(duplicate).to_have_count(1, timeout=FOLLOW_TIMEOUT_MS)
    expect(duplicate).to_contain_text("Café Chez Marie / cafe chez marie (in Old Town)")
    expect(page.locator(".wk-assets-inventory")).to_contain_text("River Path")
    gaps = page.locator(".wk-assets-page .wk-assets-chart-gaps .wk-summary")
    expect(gaps).to_contain_text("fewer than 5 people", timeout=FOLLOW_TIMEOUT_MS)

    duplicate.locator(".wk-assets-merge").click()
    expect(page.locator(".wk-assets-page .wk-message-ok")).to_contain_text(
        "Merged into Café Chez Marie.", timeout=FOLLOW_TIMEOUT_MS
    )
    expect(total).to_contain_text("5 assets · 6 mentions", timeout=FOLLOW_TIMEOUT_MS)
    expect(duplicate).to_have_count(0, timeout=FOLLOW_TIMEOUT_MS)
    expect(page.locator(".wk-assets-merged-group")).to_contain_text(
        "Café Chez Marie stands for 2 answers", timeout=FOLLOW_TIMEOUT_MS
    )
    # the merge is the facilitator's decision, not an answer: the projector follows it
    expect(hub_total).to_contain_text("5 assets · 6 mentions", timeout=FOLLOW_TIMEOUT_MS)


def test_the_asset_page_refuses_a_participant_link(voila_server, new_page):
    page = new_page(390, 844, mobile=True)
    page.goto(voila_server.url("02_asset_mapping.ipynb", "code=ABCDEF"))
    expect(page.locator(".wk-notice-text")).to_contain_text(
        "This page is for the workshop facilitator", timeout=PAGE_READY_MS
    )
    for control in (".wk-assets-merge", ".wk-assets-upload", ".wk-assets-export-directory"):
        expect(page.locator(control)).to_have_count(0)
