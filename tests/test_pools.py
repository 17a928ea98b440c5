"""What the kernel pools promise, checked without a server: the words, the line, the ceiling."""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import re
import time

import pytest

from workshop_kit.apps.readiness import phones_that_fit, readiness_sentence
from workshop_kit.i18n import Translator
from workshop_kit.serving.limits import KERNEL_BUDGET_MB, RESERVED_MB, kernel_ceiling
from workshop_kit.serving.pages import waiting_page, watchdog_script
from workshop_kit.serving.pools import KernelPools, PoolSettings, RoomBusy


def status(**values) -> dict:
    base = {"target": 10, "ready": 10, "waiting": 0, "ceiling": 100, "available_mb": 8000}
    return {**base, **values}


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "Ready for 10 phones"), ("fr", "Prêt pour 10 téléphones")]
)
def test_a_full_pool_reads_ready_for_n_phones(language: str, expected: str):
    readiness = readiness_sentence(status(), Translator(language))
    assert readiness.text == expected
    assert readiness.level == "ok"


def test_a_filling_pool_says_how_many_are_ready_and_who_waits():
    readiness = readiness_sentence(status(target=40, ready=12, waiting=3), Translator("en"))
    assert readiness.text == "Getting ready for 40 phones: 12 ready · 3 in line"
    assert readiness.level == "info"


def test_the_hub_warns_when_memory_would_not_hold_the_room():
    tight = status(target=40, ready=5, kernel_mb=55.0, available_mb=550)
    assert phones_that_fit(tight) == 15
    readiness = readiness_sentence(tight, Translator("en"))
    assert readiness.level == "warning"
    assert "40 phones" in readiness.text and "15" in readiness.text


def test_the_ceiling_leaves_room_for_the_laptop_and_never_drops_below_a_few_kernels():
    assert kernel_ceiling(RESERVED_MB + 40 * KERNEL_BUDGET_MB) == 40
    assert kernel_ceiling(100) == 4


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_waiting_page_speaks_the_language_retries_by_itself_and_escapes_the_address(
    language: str,
):
    url = '/voila/render/participant.ipynb?code=ABC&lang=en&x="><script>'
    page = waiting_page(language, url, 3.2)
    t = Translator(language)
    assert html.escape(t("serving.busy_text")) in page
    assert "data-wk-waiting" in page
    refresh = re.search(r'http-equiv="refresh" content="([\d.]+);url=([^"]*)"', page)
    assert refresh is not None and float(refresh.group(1)) == pytest.approx(3.2)
    assert "<script>" not in page  # the address is text, never markup
    assert "<script" not in page  # and the page needs no script to retry


def test_the_watchdog_carries_every_language_and_no_placeholder():
    script = watchdog_script()
    assert "__WK_" not in script
    assert Translator("fr")("serving.busy_title") in script
    assert Translator("en")("serving.busy_title") in script


# -- the line, on a real event loop with stand-in kernels ------------------------------------


class FakeKernels(KernelPools):
    """KernelPools over a dict of pretend kernels: the line logic without starting any."""

    def __init__(self, hold_seconds: float) -> None:
        self._pools = {}
        self._kernels = {}
        self._kernel_connections = {}
        self.configure_pools(PoolSettings(participants=2, hold_seconds=hold_seconds, fillers=0), [])

    def ready_kernel(self, kernel_id: str) -> asyncio.Future:
        class Renderer:
            stop_generator = False
            rendered_cache: list[str] = []  # noqa: RUF012 - a stand-in

        never_done = asyncio.get_running_loop().create_future()
        item = asyncio.get_running_loop().create_future()
        item.set_result({"kernel_id": kernel_id, "task": never_done, "renderer": Renderer()})
        self._kernels[kernel_id] = object()
        return item


def test_visitors_are_served_first_come_and_a_late_one_is_told_to_wait(monkeypatch):
    monkeypatch.setattr("workshop_kit.serving.pools.waiting_for_a_visitor", lambda kernel_id: True)

    async def scenario() -> tuple[list[str], int]:
        pools = FakeKernels(hold_seconds=0.5)
        first = asyncio.ensure_future(pools.get_rendered_notebook("participant.ipynb"))
        second = asyncio.ensure_future(pools.get_rendered_notebook("participant.ipynb"))
        third = asyncio.ensure_future(pools.get_rendered_notebook("participant.ipynb"))
        await asyncio.sleep(0.05)
        assert pools.pool_status()["waiting"] == 3
        pools._deliver("participant.ipynb", pools.ready_kernel("k1"))
        pools._deliver("participant.ipynb", pools.ready_kernel("k2"))
        served = [(await first)[2], (await second)[2]]
        with pytest.raises(RoomBusy) as busy:
            await third
        return served, busy.value.ticket

    # On a thread of its own: Playwright's browser fixture keeps a loop running on this one.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        served, ticket = thread.submit(asyncio.run, scenario()).result()
    assert served == ["k1", "k2"]
    assert ticket == 3  # the late visitor keeps place 3 when the page retries


def test_the_cookie_secret_survives_a_restart_and_stays_private(tmp_path):
    from workshop_kit.serving.signin import COOKIE_SECRET_FILE, persistent_cookie_secret

    first = persistent_cookie_secret(tmp_path / "data")
    assert persistent_cookie_secret(tmp_path / "data") == first  # the next start: same secret
    assert len(first) >= 32
    assert (tmp_path / "data" / COOKIE_SECRET_FILE).stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


class _IdleRule:
    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        self.left_to_the_idle_rule.append(kernel_id)  # type: ignore[attr-defined]


class RecordingPools(KernelPools, _IdleRule):
    """KernelPools whose shutdowns are only recorded."""

    def __init__(self) -> None:
        self._pools, self._kernels, self._kernel_connections = {}, {}, {}
        self.configure_pools(PoolSettings(participants=2, fillers=0), [])
        self.freed: list[str] = []
        self.left_to_the_idle_rule: list[str] = []

    async def _shut_down(self, kernel_id: str) -> None:
        self.freed.append(kernel_id)


def test_a_page_no_browser_took_up_frees_its_kernel_soon_and_a_real_one_does_not():
    """Issue 17, finding 6: a plain GET held a ready kernel for 150 s. Its kernel is now freed
    15 s after the page was sent; a page whose browser connected or ran its watchdog, or one
    still being sent, keeps the 150 s rule."""

    async def scenario() -> RecordingPools:
        pools = RecordingPools()
        for kernel_id in ("scripted", "browser", "still-sending"):
            pools.track_page_kernel(kernel_id)
        pools.page_seen("browser")  # its watchdog asked, with the page's secret
        pools.page_sent("scripted")
        pools.page_sent("browser")
        long_ago = time.monotonic() - pools.pool_settings.free_unconnected_after_seconds - 1
        for kernel_id in ("scripted", "browser", "still-sending"):
            pools._alone_since[kernel_id] = long_ago
            await pools.cull_kernel_if_idle(kernel_id)
        return pools

    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        pools = thread.submit(asyncio.run, scenario()).result()
    assert pools.freed == ["scripted"]
    assert pools.left_to_the_idle_rule == ["browser", "still-sending"]
