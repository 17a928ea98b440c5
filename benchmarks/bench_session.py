"""Start-up figures for issue 2, measured the way a facilitator and a participant live them.

- ``session.serve_to_hub_usable_s``: from running ``workshop-kit serve`` (environment already
  installed) to the hub page showing its *Create session* button in headless Chromium.
- ``session.participant_usable_*_s``: from opening the join link to the consent button being
  clickable, over several participants arriving one after another (pre-heated pool of 2).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

PARTICIPANTS = 8


def main() -> None:
    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp(prefix="bench-session-"))
    port = free_port()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        started = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, "-m", "workshop_kit.cli", "serve", "--port", str(port)],
            cwd=data,
            env={"WORKSHOP_KIT_HOME": str(data), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            while True:
                try:
                    urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            key = (data / "facilitator.key").read_text().strip()
            hub = browser.new_page()
            hub.goto(f"{base}/voila/render/00_start_here.ipynb?key={key}")
            hub.wait_for_selector(".wk-create-session", timeout=120_000)
            print(f"session.serve_to_hub_usable_s: {time.monotonic() - started:.2f}")
            hub.fill(".wk-session-title-input input", "Benchmark")
            hub.click(".wk-create-session")
            hub.wait_for_selector(".wk-join-code", timeout=60_000)
            code = hub.inner_text(".wk-join-code")
            timings = []
            for _ in range(PARTICIPANTS):
                phone = browser.new_page(viewport={"width": 390, "height": 844})
                opened = time.monotonic()
                phone.goto(f"{base}/join/{code}")
                phone.wait_for_selector(".wk-consent", timeout=120_000)
                timings.append(time.monotonic() - opened)
                time.sleep(2.0)  # people arrive a couple of seconds apart
            timings.sort()
            print(f"session.participant_usable_median_s: {statistics.median(timings):.2f}")
            print(f"session.participant_usable_max_s: {timings[-1]:.2f}")
            print(f"session.participant_usable_all_s: {' '.join(f'{t:.2f}' for t in timings)}")
        finally:
            server.terminate()
            server.wait(timeout=30)
            browser.close()


if __name__ == "__main__":
    main()
