"""The CareMap in a real browser: a caregiver on a 360 px phone who cares for two people draws
a map of four more (a coworker among them) and downloads it as a PNG; the map is stored once,
private, and the page credits the Atlas CareMap it is drawn after."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import FOLLOW_TIMEOUT_MS, choose_activity, create_session, join
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

#: (label, relationship, kind of help, how often), for step 2 (them) then step 3 (you).
FOR_THEM = [
    ("Sam", "Friend", "transport", "Weekly"),
    ("Home care", "Paid service", "personal_care", "Daily"),
]
FOR_YOU = [
    ("Rex", "Pet", "company", "Daily"),
    ("Lee", "Coworker", "emotional_support", "Occasionally"),
]


def fill(phone: Page, label: str, relationship: str, kind: str, frequency: str) -> None:
    phone.fill(".wk-caremap-label input", label)
    phone.locator(".wk-caremap-relationship select").select_option(label=relationship)
    phone.locator(f".wk-caremap-help-{kind} input").check()
    phone.locator(".wk-caremap-frequency label", has_text=frequency).first.click()


def add(phone: Page, person: tuple[str, str, str, str]) -> None:
    fill(phone, *person)
    phone.click(".wk-caremap-add")
    expect(phone.locator(".wk-caremap .wk-message-ok")).to_contain_text(
        f"{person[0]} is on your map", timeout=FOLLOW_TIMEOUT_MS
    )


def test_a_caregiver_draws_four_people_and_downloads_the_png(voila_server, new_page, tmp_path):
    hub = new_page(1280, 1600)
    code = create_session(hub, voila_server.hub_url, "CareMap evening")
    choose_activity(hub, "CareMap")
    phone = new_page(360, 740, mobile=True)
    join(phone, voila_server.base_url, code)
    phone.wait_for_selector(".wk-caremap-label input", timeout=FOLLOW_TIMEOUT_MS)

    fill(phone, "Mum", "Family", "personal_care", "Daily")
    phone.click(".wk-caremap-another")  # the Atlas CareMap maps several people cared for
    expect(phone.locator(".wk-caremap-cared-for")).to_contain_text("Mum", timeout=FOLLOW_TIMEOUT_MS)
    fill(phone, "Dad", "Family", "transport", "Weekly")
    phone.locator(".wk-caremap-lives label", has_text="Far away").first.click()
    phone.click(".wk-caremap-next")
    step = phone.locator(".wk-caremap-step")
    expect(step).to_contain_text("Who else cares for Mum, Dad?", timeout=FOLLOW_TIMEOUT_MS)
    expect(phone.locator(".wk-caremap-drawing")).to_be_visible()  # drawn from the first person

    # one hand on a 360 px phone: nothing wider than the screen, large buttons
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator(".wk-caremap-add").bounding_box()["height"] >= 44
    assert phone.locator(".wk-caremap-add").bounding_box()["width"] >= 280

    for person in FOR_THEM:
        add(phone, person)
    phone.click(".wk-caremap-next")
    expect(step).to_contain_text("Who cares for you?", timeout=FOLLOW_TIMEOUT_MS)
    for person in FOR_YOU:
        add(phone, person)
    words = phone.locator(".wk-caremap-words")
    expect(words).to_contain_text("Lee → you: emotional support (occasionally).")
    expect(words).to_contain_text("Lives far away: Dad.")
    phone.click(".wk-caremap-next")
    expect(step).to_contain_text("Your CareMap", timeout=FOLLOW_TIMEOUT_MS)
    expect(phone.locator(".wk-caremap")).to_contain_text("Seeing the Invisible")

    phone.click(".wk-caremap-download")
    link = phone.locator(".wk-caremap-downloads a[download$='.png']")
    expect(link).to_be_visible(timeout=FOLLOW_TIMEOUT_MS)
    with phone.expect_download() as downloading:
        link.click()
    saved = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(saved)
    assert saved.name.startswith("caremap-") and saved.suffix == ".png"
    assert Path(saved).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    from workshop_kit.core.store import open_store

    stored = open_store(voila_server.db_url).answers(code, "caremap")
    assert len(stored) == 1  # one map per caregiver: each save replaced the last
    row = stored.iloc[0]
    assert [p["label"] for p in row["people"]] == ["Sam", "Home care", "Rex", "Lee"]
    assert [(p["label"], p["lives"]) for p in row["cared_for"]] == [("Mum", None), ("Dad", "far")]
    assert row["people"][3]["relationship"] == "coworker"
    assert not row["shared"]  # private: the caregiver did not tick "share"
