"""Kernel pools for a hall full of phones: kernels ready before people arrive, a line after.

Stock Voilà pre-heating (``kernel_pools_config``) was measured failing a hall of 40 (issue 8):

- it starts every missing pool kernel at once (40 kernels on 2 cores: 161 s, 280 CPU-s),
  and refills each taken kernel at once too, so refills fight the arrivals for the CPU;
- its pool counts kernels that are still *starting*, and its "pool is filled" log line
  comes before their notebooks have run, so visitors were handed kernels that had not
  finished executing and waited behind them;
- when its pool is empty every visitor starts a fresh kernel, which is what melts a small
  machine: 40 fresh kernels at once cost 6.7–7 CPU-s each.

:class:`KernelPools` (mixed into Voilà's own pre-heating kernel manager) changes the policy,
not the rendering, which stays Voilà's:

- a few *fillers* (two by default) prepare one kernel at a time each, in priority order
  (the hub, then the participant app, then the facilitator's activity pages);
- a kernel enters its pool only when it is **ready**: its notebook has run up to the cell that
  waits for a visitor, which it shows by opening Voilà's request-info websocket;
- a visitor who finds the participant pool empty waits in a first-come line for the next
  ready kernel, for a few seconds; past that, :class:`RoomBusy` tells the page handler to
  send a small "you are in line" page that retries by itself, keeping its place;
- the number of kernels has a ceiling taken from the memory the machine has;
- a kernel whose page has gone (no websocket for a while: the phone locked, the tab was
  discarded, Wi-Fi dropped) is shut down after :attr:`PoolSettings.free_after_seconds`, not
  after the 15-minute idle cull; a kernel whose page never connected at all (a plain page
  request, never a browser) after :attr:`PoolSettings.free_unconnected_after_seconds`, so that
  scripted requests cannot hold the ready pool (issue 17, finding 6).
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import os
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from workshop_kit.serving.limits import (
    available_memory_mb,
    kernel_ceiling,
    private_memory_mb,
)

log = logging.getLogger("workshop_kit.serving")

PARTICIPANT_NOTEBOOK = "participant.ipynb"
HUB_NOTEBOOK = "00_start_here.ipynb"
#: Participants expected when none is given: a small group. ``--participants`` sets it.
DEFAULT_PARTICIPANTS = 10
#: Seconds a handed-out kernel may have no page connected before it is freed.
FREE_AFTER_SECONDS = 150.0
#: Seconds after its page was sent that a kernel is freed if no browser ever took it up (no
#: websocket, no watchdog call with the page's secret): a phone opens its websocket within a
#: few seconds of the page, a script that only reads pages never does.
FREE_UNCONNECTED_AFTER_SECONDS = 15.0
#: The place in line a returning visitor had (set by the page handler for this request).
ARRIVAL_TICKET: ContextVar[int | None] = ContextVar("ARRIVAL_TICKET", default=None)


class RoomBusy(Exception):
    """No kernel became ready while this visitor waited; ``ticket`` is their place in line."""

    def __init__(self, ticket: int) -> None:
        super().__init__(f"no kernel ready (ticket {ticket})")
        self.ticket = ticket


@dataclass(frozen=True)
class PoolSettings:
    """How many kernels to keep ready and how to behave when they run out."""

    participants: int = DEFAULT_PARTICIPANTS
    #: Ready kernels for each facilitator notebook (the hub and each activity page).
    facilitator_pages: int = 1
    #: Kernels prepared at the same time (each start is CPU-bound; 2 cores here).
    fillers: int = 2
    #: Seconds a visitor waits inside the request for a kernel before the "in line" page.
    hold_seconds: float = 8.0
    #: Seconds a kernel may take to become ready before it is given up on.
    prepare_timeout: float = 120.0
    #: Seconds a handed-out kernel may have no page connected before it is shut down.
    free_after_seconds: float = FREE_AFTER_SECONDS
    #: Seconds after its page was sent that a kernel no browser took up is shut down.
    free_unconnected_after_seconds: float = FREE_UNCONNECTED_AFTER_SECONDS
    #: Address space of each participant kernel, in MB (0: no cap; see ``limits``).
    participant_memory_mb: int = 0
    #: Most kernels at once (0: derived from the memory available at start).
    max_kernels: int = 0


def waiting_for_a_visitor(kernel_id: str) -> bool:
    """Whether this kernel's notebook is paused at its visitor-waiting cell.

    A pre-heated notebook waits by opening Voilà's request-info websocket (see
    :func:`workshop_kit.core.context.wait_for_request`); Voilà keeps those in a class dict.
    """
    from voila.request_info_handler import RequestInfoSocketHandler

    return kernel_id in RequestInfoSocketHandler._waiters


@dataclass(order=True)
class _Visitor:
    ticket: int
    arrival: int
    future: asyncio.Future = field(compare=False)


class KernelPools:
    """Pool policy, mixed in front of Voilà's ``VoilaKernelManager`` (see the module notes).

    Voilà's own pool structure (``self._pools``: notebook → list of futures of
    ``{"kernel_id", "task", "renderer"}``) is kept, so Voilà's culling protection, kernel
    shutdown and ``shutdown_all`` keep working; only ready kernels are ever put in it.
    """

    _pools: dict[str, list[asyncio.Future]]
    _kernels: dict[str, Any]
    _kernel_connections: dict[str, int]

    def configure_pools(
        self,
        settings: PoolSettings,
        facilitator_notebooks: list[str],
        on_ready: Callable[[int], None] | None = None,
    ) -> None:
        """Set what to keep ready; call :meth:`start_filling` once the event loop runs."""
        self.pool_settings = settings
        self.participant_target = settings.participants
        self.facilitator_notebooks = [HUB_NOTEBOOK] + [
            name for name in facilitator_notebooks if name != HUB_NOTEBOOK
        ]
        self.max_kernels = settings.max_kernels or kernel_ceiling(available_memory_mb())
        self._on_ready = on_ready
        self._announced_target: int | None = None
        self._preparing: dict[str, int] = {}
        self._line: dict[str, list[_Visitor]] = {}
        self._last_ticket = 0
        self._launching = 0
        self._arrivals = 0
        self._alone_since: dict[str, float] = {}
        self._handed_out: set[str] = set()
        self._taken_up: set[str] = set()  # a browser connected or ran the page's watchdog
        self._unconnected: set[str] = set()  # page sent, nobody took it up yet
        self._wake = asyncio.Event()
        self._fillers: list[asyncio.Task] = []
        self._background: set[asyncio.Future] = set()
        self._not_poolable: set[str] = set()
        self._preparing_ids: set[str] = set()

    # -- what Voilà's handler asks -------------------------------------------------------------

    def fill_if_needed(self, *args: Any, **kwargs: Any) -> None:
        """Voilà calls this at start and after each hand-out; the fillers do the work."""
        if hasattr(self, "_wake"):
            self._wake.set()

    def get_pool_size(self, notebook_name: str) -> int:
        """Kernels ready now for ``notebook_name``."""
        return len(self._pools.get(notebook_name, ()))

    def serves_a_line(self, notebook_name: str) -> bool:
        """Whether visitors of this notebook wait for a pooled kernel instead of a fresh one."""
        return (
            notebook_name == PARTICIPANT_NOTEBOOK
            and self.participant_target > 0
            and notebook_name not in self._not_poolable
        )

    async def get_rendered_notebook(
        self, notebook_name: str, extra_kernel_env_variables: dict | None = None, **kwargs: Any
    ) -> tuple[asyncio.Task, list[str], str]:
        """A ready kernel's render task, its HTML so far and its id (waiting in line if need be).

        Raises :class:`RoomBusy` when none became ready within the hold time.
        """
        item = self._take_ready(notebook_name) or await self._wait_in_line(notebook_name)
        content = item.result()
        renderer = content["renderer"]
        # Voilà's contract: the render task stops after the visitor-waiting cell, and the
        # handler continues the notebook from its generator.
        renderer.stop_generator = True
        kernel_id = content["kernel_id"]
        self.track_page_kernel(kernel_id)
        log.info("Handing a ready kernel to a visitor of %s", notebook_name)
        self._wake.set()
        return content["task"], renderer.rendered_cache, kernel_id

    def track_page_kernel(self, kernel_id: str) -> None:
        """Free this kernel once its page has gone (pooled, or started for one page)."""
        self._handed_out.add(kernel_id)
        self._alone_since[kernel_id] = time.monotonic()

    def page_sent(self, kernel_id: str) -> None:
        """The page's HTML has been sent: from now on, a page no browser takes up soon is
        counted as never coming (its kernel is freed after the shorter delay)."""
        if kernel_id in self._handed_out and kernel_id not in self._taken_up:
            self._unconnected.add(kernel_id)
            self._alone_since[kernel_id] = time.monotonic()

    def page_seen(self, kernel_id: str) -> None:
        """A browser showed the page's secret (its watchdog asked): a real page, even before
        its websocket opens."""
        self._taken_up.add(kernel_id)
        self._unconnected.discard(kernel_id)

    # -- the line --------------------------------------------------------------------------

    def new_ticket(self) -> int:
        self._last_ticket += 1
        return self._last_ticket

    def valid_ticket(self, ticket: int) -> bool:
        """A ticket this server handed out (a returning visitor keeps their place)."""
        return 0 < ticket <= self._last_ticket

    async def _wait_in_line(self, notebook_name: str) -> asyncio.Future:
        if not self.serves_a_line(notebook_name):
            raise RoomBusy(0)
        ticket = ARRIVAL_TICKET.get() or self.new_ticket()
        self._arrivals += 1
        visitor = _Visitor(ticket, self._arrivals, asyncio.get_running_loop().create_future())
        line = self._line.setdefault(notebook_name, [])
        bisect.insort(line, visitor)
        self._wake.set()
        try:
            return await asyncio.wait_for(
                asyncio.shield(visitor.future), self.pool_settings.hold_seconds
            )
        except TimeoutError:
            with contextlib.suppress(ValueError):
                line.remove(visitor)
            if visitor.future.done():  # handed a kernel at the very moment the wait ended
                return visitor.future.result()
            raise RoomBusy(ticket) from None

    def _take_ready(self, notebook_name: str) -> asyncio.Future | None:
        """The oldest ready kernel still alive (dead or culled ones are dropped)."""
        if self._line.get(notebook_name):
            return None  # people already waiting go first
        pool = self._pools.get(notebook_name, [])
        while pool:
            item = pool.pop(0)
            if self._still_ready(item):
                return item
            self._in_background(self._shut_down(item.result()["kernel_id"]))
        return None

    def _still_ready(self, item: asyncio.Future) -> bool:
        """Alive, and still paused at its visitor-waiting cell (not timed out or failed)."""
        kernel_id, task = item.result()["kernel_id"], item.result()["task"]
        return kernel_id in self._kernels and waiting_for_a_visitor(kernel_id) and not task.done()

    def _deliver(self, notebook_name: str, item: asyncio.Future) -> None:
        """Give a ready kernel to the first visitor in line, or put it in the pool."""
        line = self._line.get(notebook_name, [])
        while line:
            visitor = line.pop(0)
            if not visitor.future.done():
                visitor.future.set_result(item)
                return
        self._pools.setdefault(notebook_name, []).append(item)
        self._announce_if_full()

    # -- filling -------------------------------------------------------------------------------

    def start_filling(self) -> None:
        """Start the fillers on the running event loop."""
        for _ in range(self.pool_settings.fillers):
            self._fillers.append(asyncio.ensure_future(self._keep_filled()))
        self._wake.set()

    def set_participant_target(self, participants: int) -> None:
        """Change how many participant kernels to keep ready (extra ones are shut down)."""
        self.participant_target = max(0, participants)
        pool = self._pools.get(PARTICIPANT_NOTEBOOK, [])
        while len(pool) > self.participant_target:
            self._in_background(self._shut_down(pool.pop().result()["kernel_id"]))
        self._announced_target = None
        self._announce_if_full()
        self._wake.set()

    def _targets(self) -> list[tuple[str, int]]:
        """What to keep ready, in the order to fill it."""
        pages = self.pool_settings.facilitator_pages
        hub, *activity_pages = self.facilitator_notebooks
        return [
            (hub, pages),
            (PARTICIPANT_NOTEBOOK, self.participant_target),
            *((name, pages) for name in activity_pages),
        ]

    def _next_to_fill(self) -> str | None:
        if self.kernel_count() >= self.max_kernels:
            return None
        for notebook_name, size in self._targets():
            if notebook_name in self._not_poolable:
                continue
            # Visitors waiting in line need kernels even beyond the pool's size.
            wanted = max(size - self.get_pool_size(notebook_name), self._waiting(notebook_name))
            if wanted > self._preparing.get(notebook_name, 0):
                return notebook_name
        return None

    def _waiting(self, notebook_name: str) -> int:
        return sum(not visitor.future.done() for visitor in self._line.get(notebook_name, []))

    def kernel_count(self) -> int:
        """Kernels running, plus those being launched (not yet known to the manager)."""
        return len(self._kernels) + self._launching

    async def _keep_filled(self) -> None:
        while True:
            notebook_name = self._next_to_fill()
            if notebook_name is None:
                self._wake.clear()
                await self._wake.wait()
                continue
            self._preparing[notebook_name] = self._preparing.get(notebook_name, 0) + 1
            try:
                item = await self._prepare(notebook_name)
            except Exception:
                log.exception("Could not prepare a kernel for %s; trying again soon", notebook_name)
                item = None
            finally:
                self._preparing[notebook_name] -= 1
            if item is None:
                await asyncio.sleep(5)  # a failing start should not spin the CPU
            else:
                self._deliver(notebook_name, item)

    async def _prepare(self, notebook_name: str) -> asyncio.Future | None:
        """Start a kernel, run its notebook up to the visitor-waiting cell, return it ready."""
        self._launching += 1
        try:
            content = await self._initialize(
                notebook_name, None, path=os.path.dirname(notebook_name), env=self._pool_env()
            )
        finally:
            self._launching -= 1
        kernel_id, task = content["kernel_id"], content["task"]
        deadline = time.monotonic() + self.pool_settings.prepare_timeout
        self._preparing_ids.add(kernel_id)
        try:
            while time.monotonic() < deadline and kernel_id in self._kernels and not task.done():
                if waiting_for_a_visitor(kernel_id):
                    ready = asyncio.get_running_loop().create_future()
                    ready.set_result(content)
                    return ready
                await asyncio.sleep(0.1)
        finally:
            self._preparing_ids.discard(kernel_id)
        if task.done() and kernel_id in self._kernels:
            # The notebook ran to its end without waiting for a visitor: pre-heating it
            # would serve a page built for nobody. Keep serving it the ordinary way.
            log.warning("%s never waits for a visitor; it is not pre-heated", notebook_name)
            self._not_poolable.add(notebook_name)
        else:
            log.warning("A kernel for %s did not become ready; shutting it down", notebook_name)
        await self._shut_down(kernel_id)
        return None

    def _pool_env(self) -> dict[str, str]:
        parent: Any = self.parent  # type: ignore[attr-defined]
        return {
            **os.environ,
            "VOILA_BASE_URL": parent.base_url,
            "VOILA_SERVER_URL": parent.server_url,
            "VOILA_APP_PORT": str(parent.port),
            "VOILA_PREHEAT": "True",
        }

    def _in_background(self, work: Any) -> None:
        """Run ``work`` without waiting for it, keeping a reference until it is done."""
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _shut_down(self, kernel_id: str) -> None:
        with contextlib.suppress(Exception):  # already gone is fine
            await self.shutdown_kernel(kernel_id)  # type: ignore[attr-defined]

    def _announce_if_full(self) -> None:
        ready = self.get_pool_size(PARTICIPANT_NOTEBOOK)
        target = self.participant_target
        if target and ready >= target and self._announced_target != target:
            self._announced_target = target
            if self._on_ready is not None:
                self._on_ready(target)

    # -- pages that have gone -------------------------------------------------------------------

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)  # type: ignore[misc]
        self._alone_since.pop(kernel_id, None)
        self.page_seen(kernel_id)

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)  # type: ignore[misc]
        if self._kernel_connections.get(kernel_id, 0) <= 0 and kernel_id in self._handed_out:
            self._alone_since[kernel_id] = time.monotonic()

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Free a handed-out kernel whose page has been gone a while; else the idle rule."""
        since = self._alone_since.get(kernel_id)
        alone_for = time.monotonic() - since if since is not None else 0.0
        settings = self.pool_settings
        if kernel_id in self._unconnected:
            limit = settings.free_unconnected_after_seconds
        else:
            limit = settings.free_after_seconds
        if alone_for > limit:
            log.info("Freeing a kernel whose page has been gone for %d s", alone_for)
            await self._shut_down(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)  # type: ignore[misc]

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> Any:
        self._alone_since.pop(kernel_id, None)
        self._handed_out.discard(kernel_id)
        self._taken_up.discard(kernel_id)
        self._unconnected.discard(kernel_id)
        result = await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[misc]
        self._wake.set()  # room under the ceiling again
        return result

    # -- what the hub shows --------------------------------------------------------------------

    def pool_status(self) -> dict[str, Any]:
        """Pool figures for the hub, the benchmark and the tests (JSON-ready)."""
        pids: dict[str, list[int]] = {}
        for notebook_name, pool in self._pools.items():
            pids[notebook_name] = [
                pid for item in pool if (pid := self._kernel_pid(item.result()["kernel_id"]))
            ]
        participant_pids = pids.get(PARTICIPANT_NOTEBOOK, [])
        sizes = [size for pid in participant_pids if (size := private_memory_mb(pid))]
        kernel_mb = max(sizes) if sizes else None
        available = available_memory_mb()
        pooled = {item.result()["kernel_id"] for pool in self._pools.values() for item in pool}
        accounted = pooled | self._handed_out | self._preparing_ids
        return {
            "notebook": PARTICIPANT_NOTEBOOK,
            "target": self.participant_target,
            "ready": self.get_pool_size(PARTICIPANT_NOTEBOOK),
            "starting": self._preparing.get(PARTICIPANT_NOTEBOOK, 0),
            "waiting": self._waiting(PARTICIPANT_NOTEBOOK),
            "kernels": len(self._kernels),
            # Kernels started outside the pools (a facilitator page opened while its pool
            # was empty): the tests check that a refused page adds none.
            "unpooled_kernels": len(set(self._kernels) - accounted),
            "ceiling": self.max_kernels,
            "kernel_mb": round(kernel_mb, 1) if kernel_mb else None,
            "available_mb": available,
            "pids": pids,
            "handed_out_pids": [
                pid for kernel_id in self._handed_out if (pid := self._kernel_pid(kernel_id))
            ],
        }

    def _kernel_pid(self, kernel_id: str) -> int | None:
        kernel = self._kernels.get(kernel_id)
        provisioner = getattr(kernel, "provisioner", None)
        process = getattr(provisioner, "process", None)
        return getattr(process, "pid", None)


def with_pools(voila_manager_class: type) -> type:
    """Voilà's pre-heating kernel manager class with :class:`KernelPools` in front of it, and
    :class:`~workshop_kit.serving.ownership.PageBinding` (page and kernel secrets) first."""
    from workshop_kit.serving.ownership import PageBinding

    return type("WorkshopKernelManager", (PageBinding, KernelPools, voila_manager_class), {})
