"""The facilitator's console answers every press at once, on the button that was pressed.

A MutationObserver in the page records, in order, when a control takes its pressed
("working") state and which texts appear; each action must show its pressed state and its
"Working…" line before its result. Nothing here measures time: only the order in which the
page changed, which is what the facilitator sees. Confirmations appear beside the button
that asked and keep the keyboard focus there.
"""

from __future__ import annotations

import pytest
from browser_helpers import FOLLOW_TIMEOUT_MS, PAGE_READY_MS
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

WORKING = "Working…"

#: Records what changed, in order: "pressed:<class>" when a control takes the working class,
#: "text:<text>" when a text appears. An attribute record's new value is the next record's old
#: value for the same element (or its class now), so a press that is over before the observer
#: runs is still seen.
RECORDER = """() => {
  window.__wkEvents = [];
  new MutationObserver((records) => {
    records.forEach((record, index) => {
      if (record.type === "attributes") {
        const next = records.slice(index + 1).find(
          (r) => r.type === "attributes" && r.target === record.target);
        const now = next ? next.oldValue : record.target.getAttribute("class");
        const was = record.oldValue || "";
        if ((now || "").includes("wk-working") && !was.includes("wk-working")) {
          const name = [...record.target.classList].find(
            (c) => c.startsWith("wk-") && c !== "wk-working") || "";
          window.__wkEvents.push("pressed:" + name);
        }
      } else {
        record.addedNodes.forEach((node) => {
          const text = (node.textContent || "").trim();
          if (text) window.__wkEvents.push("text:" + text);
        });
      }
    });
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ["class"], attributeOldValue: true});
}"""


def events(page: Page) -> list[str]:
    return page.evaluate("() => window.__wkEvents.splice(0)")


def first(seen: list[str], prefix: str) -> int:
    return next(i for i, event in enumerate(seen) if event.startswith(prefix))


def assert_pressed_first(seen: list[str], control: str, result: str) -> None:
    """The control took its pressed state, then "Working…" showed, then the result."""
    pressed = first(seen, f"pressed:{control}")
    working = first(seen, f"text:{WORKING}")
    done = first(seen, "text:" + result) if result else len(seen)
    assert pressed < done and working < done, (control, seen)


def press(page: Page, selector: str, result_at: str, result: str) -> None:
    events(page)
    page.click(selector)
    expect(page.locator(result_at)).to_contain_text(result, timeout=FOLLOW_TIMEOUT_MS)
    seen = events(page)
    shown = next((e[5:] for e in seen if e.startswith("text:") and result in e), result)
    assert_pressed_first(seen, selector.lstrip("."), shown)


def test_every_console_button_shows_its_pressed_state_before_its_result(voila_server, new_page):
    hub = new_page(1280, 800)
    hub.goto(voila_server.hub_url)
    hub.wait_for_selector(".wk-create-session", timeout=PAGE_READY_MS)
    hub.evaluate(RECORDER)
    hub.fill(".wk-session-title-input input", "Quick answers")
    press(hub, ".wk-create-session", ".wk-create-status", "created")
    code = hub.locator(".wk-join-code").inner_text()

    events(hub)
    hub.locator(".wk-activity-choice button", has_text="What brings you here today").click()
    expect(hub.locator(".wk-activity-status")).to_contain_text("Participants now see")
    assert_pressed_first(events(hub), "wk-activity-choice", "Participants now see")

    press(hub, ".wk-ask-handover", ".wk-handover-status", "Every phone now asks")
    press(hub, ".wk-export-report", ".wk-export-status", "Ready")
    expect(hub.locator('.wk-report-downloads a[download="report.html"]')).to_have_count(1)
    press(hub, ".wk-close-session", ".wk-close-status", f"Session {code} is closed")
    press(hub, ".wk-close-session", ".wk-close-status", f"Session {code} is open again")

    # The delete confirmation: beside the button, with the keyboard focus still on it.
    delete = hub.locator(".wk-delete-answers")
    events(hub)
    delete.focus()
    hub.keyboard.press("Enter")
    status = hub.locator(".wk-delete-status")
    expect(status).to_contain_text("Click again to confirm")
    assert_pressed_first(events(hub), "wk-delete-answers", "Delete every answer")
    assert delete.evaluate("button => document.activeElement === button")
    button_box, status_box = delete.bounding_box(), status.bounding_box()
    middle = status_box["y"] + status_box["height"] / 2
    assert button_box["y"] <= middle <= button_box["y"] + button_box["height"]  # same row
    hub.keyboard.press("Enter")
    expect(status).to_contain_text("were deleted")

    hub.locator(".wk-session-panel").evaluate("panel => panel.setAttribute('data-old', '')")
    events(hub)
    hub.locator(".wk-open-session").first.click()
    reopened = hub.locator(".wk-session-panel:not([data-old]) .wk-join-code")
    expect(reopened).to_have_text(code, timeout=FOLLOW_TIMEOUT_MS)
    seen = events(hub)
    assert first(seen, "pressed:wk-open-session") < first(seen, f"text:{WORKING}"), seen
