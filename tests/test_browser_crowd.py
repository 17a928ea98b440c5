"""A hall joining at once, on a real Voilà server and real headless Chromium phones (issue 8).

The server here keeps only 2 participant kernels ready and frees a gone page's kernel after
6 s, so that a burst outgrows the pool and culling happens within a test's patience.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from browser_helpers import (
    FOLLOW_TIMEOUT_MS,
    PAGE_READY_MS,
    create_session,
    page_kernel_id,
    warm_up_with_a_phone,
)
from conftest import Server, start_server, stop_server, wait_until
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

POOL = 2
FREE_AFTER_SECONDS = 6
BURST = 6


@pytest.fixture(scope="module")
def small_pool_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(
        tmp_path_factory.mktemp("crowd"),
        participants=POOL,
        extra_args=("--free-after", str(FREE_AFTER_SECONDS)),
    )
    server.wait_for_pool(POOL)
    yield server
    stop_server(server)


def test_the_terminal_says_when_the_room_can_come_in(small_pool_server):
    assert f"Ready for {POOL} participants." in small_pool_server.log()


def test_a_burst_larger_than_the_pool_all_reach_the_consent_button(small_pool_server, new_page):
    hub = new_page(1280, 1600)
    code = create_session(hub, small_pool_server.hub_url, "A full hall")
    phones = [new_page(390, 844, mobile=True) for _ in range(BURST)]
    link = f"{small_pool_server.base_url}/join/{code}"
    for phone in phones:  # all at once: navigation starts without waiting for the page
        phone.evaluate("url => { window.location.href = url; }", link)
    for phone in phones:
        phone.wait_for_selector(".wk-consent", timeout=PAGE_READY_MS * 2)
    assert len({page_kernel_id(phone) for phone in phones}) == BURST
    assert not any(phone.locator(".wk-message-error").count() for phone in phones)


def test_the_participant_page_loads_nothing_from_another_host_and_comes_compressed(
    small_pool_server, new_page
):
    phone = new_page(390, 844, mobile=True)
    requests: list[str] = []
    encodings: dict[str, str] = {}
    phone.on("request", lambda request: requests.append(request.url))
    phone.on(
        "response",
        lambda response: encodings.__setitem__(
            response.url, response.headers.get("content-encoding", "")
        ),
    )
    phone.goto(small_pool_server.url("participant.ipynb"))
    phone.wait_for_selector(".wk-code-entry", timeout=PAGE_READY_MS)
    own = small_pool_server.base_url + "/"
    elsewhere = [url for url in requests if not url.startswith((own, "blob:", "data:"))]
    assert elsewhere == []
    scripts = [url for url in encodings if url.endswith("voila.js")]
    assert scripts and all(encodings[url] == "gzip" for url in scripts)


def test_a_killed_kernel_brings_the_phone_back_into_the_activity_without_a_second_consent(
    small_pool_server, new_page
):
    hub, phone, _code = warm_up_with_a_phone(new_page, small_pool_server, "Kernel lost")
    expect(hub.locator(".wk-participant-count")).to_contain_text(
        "1 participant", timeout=FOLLOW_TIMEOUT_MS
    )
    lost = page_kernel_id(phone)
    phone.evaluate("() => { window.wkBeforeTheLoss = true; }")

    os.kill(small_pool_server.kernel_pid(lost), signal.SIGKILL)

    # The page notices, reloads by itself into a ready kernel, and is the same participant.
    phone.wait_for_function("() => window.wkBeforeTheLoss === undefined", timeout=PAGE_READY_MS)
    phone.wait_for_selector(".wk-welcome-group", timeout=PAGE_READY_MS)
    assert page_kernel_id(phone) != lost
    expect(phone.locator(".wk-consent")).to_have_count(0)
    expect(hub.locator(".wk-participant-count")).to_contain_text(
        "1 participant ·", timeout=FOLLOW_TIMEOUT_MS
    )


def test_a_page_closed_without_a_goodbye_frees_its_kernel(small_pool_server, new_page):
    phone = new_page(390, 844, mobile=True)
    phone.goto(small_pool_server.url("participant.ipynb"))
    phone.wait_for_selector(".wk-code-entry", timeout=PAGE_READY_MS)
    kernel_id = page_kernel_id(phone)
    phone.context.close()  # like a phone locking: no beforeunload beacon is sent
    wait_until(
        lambda: not small_pool_server.kernel_exists(kernel_id),
        timeout=FREE_AFTER_SECONDS + 60,
        message="the kernel of a page that had gone was never freed",
    )


def test_the_hub_says_how_many_phones_it_is_ready_for_and_can_change_it(
    small_pool_server, new_page
):
    small_pool_server.wait_for_pool(POOL)
    hub = new_page(1280, 1600)
    hub.goto(small_pool_server.hub_url)
    readiness = hub.locator(".wk-readiness")
    expect(readiness).to_contain_text(f"Ready for {POOL} phones", timeout=PAGE_READY_MS)
    number = hub.locator(".wk-readiness-number input")
    number.fill(str(POOL + 1))
    number.press("Enter")
    hub.click(".wk-readiness-apply")
    expect(readiness).to_contain_text(f"Ready for {POOL + 1} phones", timeout=PAGE_READY_MS)
    assert small_pool_server.pool()["target"] == POOL + 1
