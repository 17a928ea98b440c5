"""The console and the projector (issue 19): phones switching activity, facilitator pages opening.

``make benchmark ARGS=console`` (15 phones), or ``python benchmarks/bench_console.py 40``.
A fresh server with a participant pool as large as the room; once it is ready and quiet:

- **switch**: the phones have joined and wait; the facilitator makes an activity current (in
  the store, as the hub's button does) and each phone's time until its new form is on screen
  is taken (every phone polled about every 0.1 s: the figures carry that resolution). Four
  activities in turn: needs, assets, CareMap, Community of Practice;
- **pages**: each facilitator page (the hub, the projector view, every activity page) opened
  alone in a signed-in browser, time until it is usable (its first control on screen).

Prints ``console.<name>: <value>`` lines; the machine should be quiet for figures to quote.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_crowd import (  # a sibling benchmark's server helpers
    CHROMIUM,
    CHROMIUM_ARGS,
    facilitator_link,
    kit_server,
    spread,
    wait_for_pool,
)

SWITCHES = {
    "needs": ".wk-needs-group",
    "assets": ".wk-assets-name",
    "caremap": ".wk-caremap-step",
    "practice": ".wk-practice-level",
}
#: Each facilitator page, and what shows once it is usable.
PAGES = {
    "00_start_here.ipynb": ".wk-create-session",
    "projector.ipynb": ".wk-projector .wk-join-code",
    "01_needs_assessment.ipynb": ".wk-session-page .wk-session-title",
    "02_asset_mapping.ipynb": ".wk-session-page .wk-session-title",
    "03_caregiver_load.ipynb": ".wk-session-page .wk-session-title",
    "04_caremap.ipynb": ".wk-session-page .wk-session-title",
    "05_charter.ipynb": ".wk-session-page .wk-session-title",
    "06_community_of_practice.ipynb": ".wk-session-page .wk-session-title",
}


def report(name: str, value: object) -> None:
    print(f"console.{name}: {value}", flush=True)


def switch_times(phones: list, store, code: str, key_hash: str, activity: str) -> list[float]:
    """Seconds from the facilitator's switch until each phone shows the new form."""
    selector = SWITCHES[activity]
    started = time.monotonic()
    store.set_current_activity(code, activity, key_hash)
    seen: dict[int, float] = {}
    while len(seen) < len(phones) and time.monotonic() - started < 120:
        for index, phone in enumerate(phones):
            if index not in seen and phone.locator(selector).count():
                seen[index] = time.monotonic() - started
        time.sleep(0.05)
    return [seen.get(i, float("inf")) for i in range(len(phones))]


def main(argv: list[str] | None = None) -> None:
    from playwright.sync_api import sync_playwright

    from workshop_kit.auth import hash_key
    from workshop_kit.core.store import open_store

    phones_wanted = int((argv or [])[0]) if argv else 15
    with kit_server(phones_wanted) as server, sync_playwright() as playwright:
        wait_for_pool(server)
        store = open_store(server.db_url)
        key_hash = hash_key(server.key)
        code = store.create_session("Console benchmark", "en", key_hash).code
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        facilitator = browser.new_context(viewport={"width": 1280, "height": 800})
        for notebook, usable in PAGES.items():
            page = facilitator.new_page()
            started = time.monotonic()
            if notebook == "00_start_here.ipynb":  # the sign-in link, landing on the hub
                page.goto(facilitator_link(server, notebook))
            else:  # signed in: the page of the session, as the hub's links open it
                page.goto(f"{server.base}/voila/render/{notebook}?code={code}")
            page.wait_for_selector(usable, timeout=300_000)
            report(f"page.{notebook}", f"{time.monotonic() - started:.2f} s to usable")
            page.close()

        phones = []
        for _ in range(phones_wanted):
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            phone = context.new_page()
            phone.goto(f"{server.base}/join/{code}")
            phone.wait_for_selector(".wk-consent", timeout=300_000)
            phone.click(".wk-consent")
            phone.wait_for_selector(".wk-activity", timeout=60_000)
            phones.append(phone)
        time.sleep(5)  # let the joins settle before the first switch
        everything: list[float] = []
        for activity in SWITCHES:
            times = switch_times(phones, store, code, key_hash, activity)
            everything += times
            report(f"switch.{activity}", f"{len(phones)} phones: {spread(times)} s")
            time.sleep(3)
        report("switch.all", f"{len(everything)} switches: {spread(everything)} s")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
