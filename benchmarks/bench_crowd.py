"""A hall joining at once (issue 8): what the room lives, and what it costs the laptop.

Measured in one run, against the kit installed in this Python environment:

(a) **Browser-free crowd.** ``workshop-kit serve --participants N``; once its pool is ready,
    K arrivals S seconds apart, each an HTTP GET of ``/join/CODE`` read to its last byte (a
    "you are in line" page is retried as a phone would), so only the server is measured:
    per-arrival seconds, pages never completed, server + kernel CPU-seconds per arrival, USS of
    the participant kernels before and after, kernels left at the end (and after culling).
(b) **Chromium phones.** A fresh server and pool; P headless Chromium phones (390×844) arriving
    S seconds apart, each timed to the consent button being visible. Chromium shares the two
    cores with the server, so its own CPU is printed separately.
(c) **One phone alone**, unthrottled, then with its CPU slowed 4× (DevTools protocol) on hall
    Wi-Fi (10 Mbit/s, 40 ms) and on a weak mobile link (1.6 Mbit/s, 150 ms). The unthrottled
    page also gives the number of requests, the bytes on the wire and any request to a host
    other than the kit's server.
(d) **Reference**: a bare Voilà page (pandas, matplotlib, one slider) served by plain ``voila``
    in the same run, and the ratio participant page / bare page.
(e) **Facilitator pages**: the hub and each activity page, opened signed in, alone, once the
    server has them ready: ``facilitator_page_<nn>_s``.

Main figures (all prefixed ``crowd.``; seconds unless named otherwise):

- ``pool_prepare_s`` / ``pool_prepare_cpu_s``: launch to pool ready, and the server tree's CPU
  by then (server start-up included).
- ``http_completed``, ``http_seconds_of_completed`` (median, nearest-rank p95, worst: to the
  last byte of a real page, waiting-page retries included), ``http_got_waiting_page``.
- ``http_cpu_s_per_arrival``: server + all kernels (ended ones too) during the crowd window,
  from the first arrival until the last is served or timed out, refills included;
  ``..._incl_refill`` continues until the pool is ready again.
- ``http_serving_kernel_cpu_s_per_arrival``: CPU of the kernels named in the pages served
  (``kernelId``), during the crowd only: ~0 for a pooled kernel, a cold start otherwise.
  ``http_path_cpu_s_per_arrival_at_most`` adds the server process, which also does the
  refill's bookkeeping, hence "at most".
- ``pool_kernel_uss_mb_before`` / ``serving_kernel_uss_mb_after``; ``end_kernels`` and their
  total USS once the pool is refilled (and ``after_<N>s_...`` with ``--wait-cull N``).
- ``phones_usable``, ``phones_usable_s``, ``phones_chromium_cpu_s``; ``alone_*_s``;
  ``page_requests``, ``page_transferred_mb`` (compressed, on the wire),
  ``page_external_requests``; ``bare_voila_s`` and ``participant_over_bare_voila``.

Nothing is asserted: the machine is shared and has 2 cores. Run by ``make benchmark
ARGS=crowd`` (defaults: 40 arrivals 1.5 s apart, ``--participants 40``, 10 phones) or directly,
e.g. ``python benchmarks/bench_crowd.py --arrivals 10 --phones 3 --skip-browser``.

Works against servers older than issue 8 too: without ``--participants`` it prints
``pool: not configurable (old server)``; without ``/wk/api/pool`` the pool counts as ready
once the kernels have stopped using CPU.
"""

# No ``from __future__ import annotations`` here: ``benchmarks/run.py`` loads this file without
# putting it in ``sys.modules``, where ``dataclasses`` would look string annotations up.
import argparse
import contextlib
import html
import http.client
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crowd_procs as procs

CHROMIUM = os.environ.get("WORKSHOP_KIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PARTICIPANT_NOTEBOOK = "participant.ipynb"
#: In the kit's "the room is busy, you are in line" page, which retries by itself.
WAITING_MARKER = b"data-wk-waiting"
#: In every Voilà page (its page configuration); absent from error and waiting pages.
PAGE_MARKER = b"jupyter-config-data"
CONSENT = ".wk-consent"
SLIDER = ".widget-slider"
RETRY_WITHOUT_ADVICE_S = 2.0
QUIET_WINDOW_S = 3.0


@dataclass(frozen=True)
class Options:
    arrivals: int = 40
    spacing: float = 1.5
    participants: int = 40
    phones: int = 10
    timeout: float = 150.0
    wait_cull: float = 0.0
    skip_browser: bool = False
    kit: str | None = None  # source folder of the kit to serve instead of the installed one


@dataclass(frozen=True)
class Throttle:
    """A slower phone, as Chromium's DevTools protocol emulates it."""

    name: str
    cpu_rate: float
    latency_ms: float
    mbit_per_s: float

    @property
    def bytes_per_s(self) -> float:
        return self.mbit_per_s * 1_000_000 / 8


HALL_WIFI = Throttle("cpu4x_10mbit_40ms", 4, 40, 10)
WEAK_MOBILE = Throttle("cpu4x_1.6mbit_150ms", 4, 150, 1.6)


def report(name: str, value: object) -> None:
    """One ``name: value`` line, as every benchmark prints them."""
    print(f"crowd.{name}: {value}", flush=True)


def seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.2f}"


def nearest_rank(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: p95 of 40 values is the 38th; no interpolation."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def spread(values: list[float]) -> str:
    """``median … p95 … worst`` of some seconds (``n/a`` if there are none)."""
    if not values:
        return "n/a"
    return (
        f"median {statistics.median(values):.2f} p95 {nearest_rank(values, 0.95):.2f} "
        f"worst {max(values):.2f}"
    )


def mb_spread(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"median {statistics.median(values):.0f} max {max(values):.0f} (n={len(values)})"


# -- servers ------------------------------------------------------------------------------------


@dataclass
class KitServer:
    """A ``workshop-kit serve`` started by the benchmark, in its own process group."""

    process: subprocess.Popen
    base: str
    data_dir: Path
    db_url: str
    launched: float  # time.monotonic() when started
    pool_configurable: bool

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def key(self) -> str:
        return (self.data_dir / "facilitator.key").read_text().strip()

    def log(self) -> str:
        return (self.data_dir / "server.log").read_text(errors="replace")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(base: str, process: subprocess.Popen, timeout_s: float = 120) -> bool:
    """Whether the server answers ``voila.js`` (``False`` if it exited or never answered)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=2) as reply:
                if reply.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def launch(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a server in a new session, so it and its process group can be ended as one."""
    with log.open("w") as output:
        return subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


@contextlib.contextmanager
def kit_server(participants: int, kit: str | None = None) -> Iterator[KitServer]:
    """A fresh kit server with its own data folder, ended (kernels too) and removed after.

    ``--participants`` is tried first; a server that does not know it (older than issue 8)
    exits with a usage error, and is started again without it so its figures can be compared.
    ``kit`` (a source folder, e.g. a worktree at an older commit) comes first on the server's
    and kernels' ``PYTHONPATH``, ahead of the editable install.
    """
    with tempfile.TemporaryDirectory(prefix="bench-crowd-", ignore_cleanup_errors=True) as tmp:
        data_dir = Path(tmp)
        db_url = f"sqlite:///{data_dir / 'workshop.sqlite'}"
        env = {
            **os.environ,
            "WORKSHOP_KIT_HOME": str(data_dir),
            "WORKSHOP_KIT_DB": db_url,
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("WORKSHOP_KIT_FACILITATOR_KEY_HASH", None)
        if kit:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [kit, env.get("PYTHONPATH")]))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "workshop_kit.cli", "serve", "--port", str(port)]
        log = data_dir / "server.log"
        server = None
        try:
            for configurable in (True, False):
                argv = command + (["--participants", str(participants)] if configurable else [])
                launched = time.monotonic()
                process = launch(argv, data_dir, env, log)
                server = KitServer(process, base, data_dir, db_url, launched, configurable)
                if wait_until_answering(base, process):
                    break
                if configurable and "unrecognized arguments" in log.read_text(errors="replace"):
                    process.wait(timeout=30)
                    continue
                raise RuntimeError(f"the kit server did not start:\n{log.read_text()[-3000:]}")
            assert server is not None
            yield server
        finally:
            if server is not None:
                procs.end_tree(server.pid)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.process.wait(timeout=10)


@contextlib.contextmanager
def bare_voila(folder: Path) -> Iterator[str]:
    """Plain ``voila`` serving ``folder`` (the reference page); yields its base URL."""
    voila = Path(sys.executable).with_name("voila")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [str(voila), str(folder), f"--port={port}", "--no-browser", "--Voila.port_retries=0"]
    process = launch(argv, folder, dict(os.environ), folder / "voila.log")
    try:
        if not wait_until_answering(base, process):
            raise RuntimeError("bare voila did not start:\n" + (folder / "voila.log").read_text())
        yield base
    finally:
        procs.end_tree(process.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


def write_bare_notebook(folder: Path) -> str:
    """The reference notebook: the usual heavy imports and one slider. Returns its name."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "bare",
                "metadata": {},
                "outputs": [],
                "source": "import pandas, matplotlib.pyplot as plt, ipywidgets as w\nw.IntSlider()",
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / "bare.ipynb").write_text(json.dumps(notebook))
    return "bare.ipynb"


def create_session(server: KitServer) -> str:
    """A live session in the server's store, as the hub would create it; its join code."""
    from workshop_kit.auth import hash_key
    from workshop_kit.core.store import open_store

    info = open_store(server.db_url).create_session("Crowd benchmark", "en", hash_key(server.key))
    return info.code


# -- the pool -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolReady:
    """The pool at the moment it was found ready."""

    seconds: float  # since the server was launched
    cpu_s: float  # server tree CPU since launch
    target: int
    participant_pids: list[int]
    from_api: bool
    status: dict[str, Any] | None
    #: Private memory of the ready kernels, read at that moment (before any visitor).
    uss_mb: list[float] = field(default_factory=list)


def pool_status(server: KitServer) -> dict[str, Any] | None:
    """``/wk/api/pool`` (JSON), or ``None`` if this server has no such endpoint (older)."""
    # The pool's figures are the facilitator's: the key goes in a header, never in the URL.
    request = urllib.request.Request(
        f"{server.base}/wk/api/pool", headers={"X-Workshop-Kit-Key": server.key}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def wait_for_pool(server: KitServer, timeout_s: float = 900) -> PoolReady:
    """Wait until the participant pool is ready, then until the whole server is quiet.

    With ``/wk/api/pool``: ``ready >= target``. Without (old server): the kernels have not used
    CPU for a few seconds. The figures are taken at that moment; the extra wait for quiet is so
    that pages the server still pre-heats after the participant pool (the facilitator's) are not
    counted in the crowd that follows.
    """
    deadline = time.monotonic() + timeout_s
    ready: PoolReady | None = None
    while ready is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"pool not ready after {timeout_s:.0f} s:\n{server.log()[-3000:]}")
        if server.process.poll() is not None:
            raise RuntimeError(f"the kit server exited:\n{server.log()[-3000:]}")
        try:
            status = pool_status(server)
        except OSError:  # busy, or an answer other than 404: ask again
            time.sleep(1.0)
            continue
        if status is not None:
            if status["ready"] >= status["target"]:
                pids = [int(pid) for pid in status.get("pids", {}).get(PARTICIPANT_NOTEBOOK, [])]
                ready = ready_now(server, status["target"], pids, status)
            else:
                time.sleep(0.5)
            continue
        kernels = procs.kernels(server.pid)
        if not kernels:
            time.sleep(0.5)
            continue
        quiet_since = time.monotonic()
        if kernels_quiet(server, [kernel.pid for kernel in kernels]):
            ready = ready_now(server, len(kernels), [k.pid for k in kernels], None, quiet_since)
    settle(server, deadline)
    return ready


def kernels_quiet(server: KitServer, pids: list[int]) -> bool:
    """Whether these kernels used (almost) no CPU for a few seconds, and no kernel was added."""
    quiet = procs.quiet_for(pids, QUIET_WINDOW_S)
    return quiet and {kernel.pid for kernel in procs.kernels(server.pid)} == set(pids)


def ready_now(
    server: KitServer,
    target: int,
    pids: list[int],
    status: dict[str, Any] | None,
    at: float | None = None,
) -> PoolReady:
    at = time.monotonic() if at is None else at
    return PoolReady(
        seconds=at - server.launched,
        cpu_s=procs.tree_cpu_s(procs.tree(server.pid)),
        target=target,
        participant_pids=pids,
        from_api=status is not None,
        status=status,
        uss_mb=uss_of(pids),
    )


def settle(server: KitServer, deadline: float) -> None:
    """Wait (bounded) until the server and all its kernels are quiet."""
    while time.monotonic() < deadline:
        pids = [process.pid for process in procs.tree(server.pid)]
        if procs.quiet_for(pids, QUIET_WINDOW_S, threshold_cpu_s=0.15):
            return


def report_status(label: str, status: dict[str, Any] | None) -> None:
    """The pool's own figures, when the server has ``/wk/api/pool``."""
    if status is not None:
        shown = {key: status.get(key) for key in ("target", "ready", "starting", "kernels")}
        shown["ceiling"] = status.get("ceiling")
        report(f"{label}pool_status", json.dumps(shown))


def report_pool(label: str, server: KitServer, pool: PoolReady) -> None:
    if not server.pool_configurable and not label:
        report("pool", "not configurable (old server)")
    source = "/wk/api/pool" if pool.from_api else "no /wk/api/pool: kernels went quiet"
    report(f"{label}pool_ready", f"{pool.target} participant kernels ({source})")
    report_status(label, pool.status)
    report(f"{label}pool_prepare_s", f"{pool.seconds:.1f}")
    report(f"{label}pool_prepare_cpu_s", f"{pool.cpu_s:.1f}")


# -- browser-free arrivals ------------------------------------------------------------------------


@dataclass
class Page:
    status: int
    url: str
    headers: Message
    body: bytes


@dataclass
class Arrival:
    """One participant's GET of the join link, retried until a real page or the timeout."""

    index: int
    seconds: float | None = None  # to the last byte of a real page; None: never completed
    waiting_pages: int = 0
    errors: list[str] = field(default_factory=list)
    kernel_id: str | None = None


def fetch(url: str, deadline: float, cookies: dict[str, str]) -> Page:
    """GET ``url`` as a phone would (redirects, cookies, gzip), read to the last byte.

    ``http.client`` rather than ``urllib`` so the socket's timeout can shrink as the arrival's
    deadline nears: a page streamed slowly by Voilà must not outlive the deadline.
    """
    for _redirect in range(10):
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=remaining(deadline)
        )
        try:
            headers = {"Accept-Encoding": "gzip, deflate", "User-Agent": "bench-crowd"}
            if cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            connection.request(
                "GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers
            )
            response = connection.getresponse()
            keep_cookies(response.headers, cookies)
            location = response.headers.get("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                response.read()
                url = urljoin(url, location)
                continue
            body = read_body(response, connection, deadline)
            return Page(response.status, url, response.headers, body)
        finally:
            connection.close()
    raise http.client.HTTPException("too many redirects")


def remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("arrival timed out")
    return left


def read_body(
    response: http.client.HTTPResponse, connection: http.client.HTTPConnection, deadline: float
) -> bytes:
    """The whole decoded body, each read bounded by what is left before ``deadline``."""
    encoding = response.headers.get("Content-Encoding", "")
    decoder = (
        zlib.decompressobj(16 + zlib.MAX_WBITS)
        if encoding == "gzip"
        else zlib.decompressobj()
        if encoding == "deflate"
        else None
    )
    chunks = []
    while True:
        if connection.sock is not None:
            connection.sock.settimeout(remaining(deadline))
        chunk = response.read1(65536)
        if not chunk:
            break
        chunks.append(decoder.decompress(chunk) if decoder else chunk)
    if decoder:
        chunks.append(decoder.flush())
    return b"".join(chunks)


def keep_cookies(headers: Message, cookies: dict[str, str]) -> None:
    """Remember ``Set-Cookie`` values (name=value only: one host, no expiry in a benchmark)."""
    for header in headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        if name.strip():
            cookies[name.strip()] = value.strip()


_META_REFRESH = re.compile(rb"<meta\b[^>]*http-equiv=[\"']?refresh[^>]*>", re.IGNORECASE)
_CONTENT = re.compile(rb"content=[\"']?\s*(\d+(?:\.\d+)?)\s*(?:;\s*url=([^\"'>]+))?", re.I)
_KERNEL_ID = re.compile(rb"\"kernelId\"\s*:\s*\"([0-9a-f-]{36})\"")


def retry_advice(page: Page) -> tuple[float, str]:
    """When and where a waiting page asks to be retried, as a phone's browser would do it.

    A browser follows the meta refresh (its address may keep the visitor's place in line), so
    that comes first; then ``Retry-After`` on the same address; else 2 s, as a page that
    reloads itself by script.
    """
    meta = _META_REFRESH.search(page.body)
    content = _CONTENT.search(meta.group(0)) if meta else None
    if content:
        target = content.group(2)
        url = urljoin(page.url, html.unescape(target.decode()).strip()) if target else page.url
        return float(content.group(1)), url
    header = page.headers.get("Retry-After", "").strip()
    if header.replace(".", "", 1).isdigit():
        return float(header), page.url
    return RETRY_WITHOUT_ADVICE_S, page.url


def arrive(index: int, join_url: str, timeout_s: float) -> Arrival:
    """One phone's arrival without a browser: retried like a phone until a real page's last
    byte, or given up after ``timeout_s`` (then it never completed)."""
    arrival = Arrival(index)
    started = time.monotonic()
    deadline = started + timeout_s
    url, cookies = join_url, {}
    while time.monotonic() < deadline:
        try:
            page = fetch(url, deadline, cookies)
        except (OSError, http.client.HTTPException) as error:  # timeouts are OSErrors
            if time.monotonic() >= deadline:
                break
            arrival.errors.append(type(error).__name__)
            time.sleep(min(RETRY_WITHOUT_ADVICE_S, max(0.0, deadline - time.monotonic())))
            url = join_url
            continue
        if WAITING_MARKER in page.body:
            arrival.waiting_pages += 1
            delay, url = retry_advice(page)
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        elif page.status == 200 and PAGE_MARKER in page.body:
            arrival.seconds = time.monotonic() - started
            match = _KERNEL_ID.search(page.body)
            arrival.kernel_id = match.group(1).decode() if match else None
            return arrival
        else:
            arrival.errors.append(f"HTTP {page.status}")
            time.sleep(min(RETRY_WITHOUT_ADVICE_S, max(0.0, deadline - time.monotonic())))
            url = join_url
    return arrival


def crowd_of_requests(join_url: str, options: Options) -> list[Arrival]:
    """K arrivals S seconds apart, each in its own thread; returns when all are done."""
    arrivals: list[Arrival | None] = [None] * options.arrivals
    threads = []

    def run(index: int) -> None:
        arrivals[index] = arrive(index, join_url, options.timeout)

    start = time.monotonic()
    for index in range(options.arrivals):
        time.sleep(max(0.0, start + index * options.spacing - time.monotonic()))
        thread = threading.Thread(target=run, args=(index,), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=options.timeout + 30)
    return [arrival or Arrival(index) for index, arrival in enumerate(arrivals)]


@dataclass
class Snapshot:
    """The server's process tree at one moment: CPU and kernels."""

    server_pid: int
    table: dict[int, procs.Process]
    machine_busy_s: float

    @classmethod
    def take(cls, server: KitServer) -> "Snapshot":
        return cls(server.pid, procs.process_table(), procs.machine_busy_cpu_s())

    @property
    def processes(self) -> list[procs.Process]:
        return procs.tree(self.server_pid, self.table)

    @property
    def cpu_s(self) -> float:
        return procs.tree_cpu_s(self.processes)

    @property
    def server_own_cpu_s(self) -> float:
        server = self.table.get(self.server_pid)
        return server.own_cpu_s if server else 0.0

    @property
    def kernels(self) -> list[procs.Process]:
        return procs.kernels(self.server_pid, self.table)

    def kernel_by_id(self) -> dict[str, procs.Process]:
        return {k.kernel_id: k for k in self.kernels if k.kernel_id}


def uss_of(pids: list[int]) -> list[float]:
    return [size for size in map(procs.uss_mb, pids) if size is not None]


def report_kernels(label: str, server: KitServer) -> None:
    """How many kernels the server holds and their private memory in total."""
    kernels = procs.kernels(server.pid)
    sizes = uss_of([kernel.pid for kernel in kernels])
    report(f"{label}_kernels", len(kernels))
    report(f"{label}_kernels_uss_total_mb", f"{sum(sizes):.0f}")


def report_crowd(
    arrivals: list[Arrival], before: Snapshot, after: Snapshot, pool: PoolReady
) -> list[procs.Process]:
    """Times, CPU and memory of the browser-free crowd; returns the kernels that served it."""
    count = len(arrivals)
    done = [a.seconds for a in arrivals if a.seconds is not None]
    report("http_completed", f"{len(done)}/{count}")
    report("http_seconds_of_completed", spread(done))
    report("http_all_s", " ".join(seconds(a.seconds) for a in arrivals))
    report("http_got_waiting_page", f"{sum(a.waiting_pages > 0 for a in arrivals)}/{count}")
    errors = [error for a in arrivals for error in a.errors]
    if errors:
        report("http_errors", f"{len(errors)} ({', '.join(sorted(set(errors)))})")
    report("http_cpu_s_per_arrival", f"{(after.cpu_s - before.cpu_s) / count:.2f}")
    server_cpu = after.server_own_cpu_s - before.server_own_cpu_s
    others = (after.machine_busy_s - before.machine_busy_s) - (after.cpu_s - before.cpu_s)
    report("http_cpu_s_outside_server", f"{others:.1f} (this benchmark's requests, others)")
    report("http_server_process_cpu_s_per_arrival", f"{server_cpu / count:.2f}")

    by_id = after.kernel_by_id()
    ids = {a.kernel_id for a in arrivals if a.kernel_id}
    serving = [by_id[kernel_id] for kernel_id in ids if kernel_id in by_id]
    before_cpu = {k.pid: k.cpu_s for k in before.kernels}
    from_pool = sum(k.pid in pool.participant_pids for k in serving)
    started = len({k.pid for k in after.kernels} - set(before_cpu))
    report(
        "http_serving_kernels",
        f"{len(ids)} ({len(serving)} alive at the end, {from_pool} from the pool ready "
        f"before the crowd; {started} kernels started during the crowd)",
    )
    if serving:
        kernel_cpu = sum(k.cpu_s - before_cpu.get(k.pid, 0.0) for k in serving) / len(serving)
        report("http_serving_kernel_cpu_s_per_arrival", f"{kernel_cpu:.2f}")
        # The server process also does the refill's bookkeeping: an upper bound of the path.
        report("http_path_cpu_s_per_arrival_at_most", f"{server_cpu / count + kernel_cpu:.2f}")
    report("pool_kernel_uss_mb_before", mb_spread(pool.uss_mb))
    report("serving_kernel_uss_mb_after", mb_spread(uss_of([k.pid for k in serving])))
    return serving


def browser_free(options: Options) -> None:
    """Part (a): the server alone, under K arrivals."""
    with kit_server(options.participants, options.kit) as server:
        pool = wait_for_pool(server)
        report_pool("", server, pool)
        code = create_session(server)
        join_url = f"{server.base}/join/{code}"
        before = Snapshot.take(server)
        crowd_started = time.monotonic()
        arrivals = crowd_of_requests(join_url, options)
        after = Snapshot.take(server)
        report("http_crowd_window_s", f"{time.monotonic() - crowd_started:.1f}")
        report_crowd(arrivals, before, after, pool)

        crowd_ended = time.monotonic() - server.launched
        try:
            refilled_pool = wait_for_pool(server, timeout_s=300)
            report("refill_after_crowd_s", f"{refilled_pool.seconds - crowd_ended:.1f}")
            report_status("end_", refilled_pool.status)
        except TimeoutError:
            report("refill_after_crowd_s", "not ready after 300 s")
        refilled = Snapshot.take(server)
        total = (refilled.cpu_s - before.cpu_s) / options.arrivals
        report("http_cpu_s_per_arrival_incl_refill", f"{total:.2f}")
        report_kernels("end", server)
        if options.wait_cull > 0:
            time.sleep(options.wait_cull)
            report_kernels(f"after_{options.wait_cull:.0f}s", server)
            with contextlib.suppress(OSError):
                report_status(f"after_{options.wait_cull:.0f}s_", pool_status(server))


# -- Chromium phones -----------------------------------------------------------------------------

#: Calls ``wkUsable(Date.now())`` once the selector's element is visible (a box, not hidden),
#: and ``wkWaiting()`` if the page is the kit's "you are in line" page. Polled in the page, so
#: the time does not depend on how often Python looks.
USABLE_SCRIPT = """
(() => {
  const selector = %s;
  const check = () => {
    if (document.querySelector("[data-wk-waiting]") && typeof window.wkWaiting === "function") {
      window.wkWaiting();
      return;  // this page only waits, and reloads itself
    }
    const element = document.querySelector(selector);
    if (element && typeof window.wkUsable === "function") {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden") {
        window.wkUsable(Date.now());
        return;
      }
    }
    setTimeout(check, 50);
  };
  check();
})();
"""


@dataclass
class Phone:
    """One page in a fresh browser context, timed from navigation to a visible selector."""

    context: Any
    page: Any
    opened_at: float = 0.0  # epoch seconds, comparable with the page's Date.now()
    usable_at: float | None = None
    waited_in_line: bool = False

    @property
    def usable_s(self) -> float | None:
        return None if self.usable_at is None else self.usable_at - self.opened_at

    def open(self, url: str) -> None:
        """Navigate without waiting: many phones load at the same time."""
        self.opened_at = time.time()
        self.page.evaluate("url => { window.location.href = url; }", url)


def new_phone(browser: Any, selector: str) -> Phone:
    context = browser.new_context(**PHONE)
    phone = Phone(context, None)

    def usable(_source: Any, at_ms: float) -> None:
        if phone.usable_at is None:
            phone.usable_at = at_ms / 1000

    def waiting(_source: Any) -> None:
        phone.waited_in_line = True

    context.expose_binding("wkUsable", usable)
    context.expose_binding("wkWaiting", waiting)
    context.add_init_script(USABLE_SCRIPT % json.dumps(selector))
    phone.page = context.new_page()
    return phone


def wait_for_phones(clock: Any, phones: list[Phone], timeout_s: float) -> None:
    """Let the browser run until every opened phone is usable or timed out.

    ``clock`` is a page used only to let Playwright deliver the pages' callbacks.
    """
    while any(p.usable_at is None and time.time() - p.opened_at < timeout_s for p in phones):
        clock.wait_for_timeout(200)


def chromium_cpu_s() -> float:
    """CPU of the Chromium processes this benchmark started (through Playwright)."""
    return procs.tree_cpu_s(p for p in procs.tree(os.getpid()) if "chrom" in p.cmdline)


def crowd_of_phones(browser: Any, server: KitServer, code: str, options: Options) -> None:
    """Part (b): P phones arriving S seconds apart, timed to the consent button."""
    clock = browser.new_page()
    phones = [new_phone(browser, CONSENT) for _ in range(options.phones)]
    server_before, browser_before = Snapshot.take(server), chromium_cpu_s()
    start = time.monotonic()
    for index, phone in enumerate(phones):
        while time.monotonic() < start + index * options.spacing:
            clock.wait_for_timeout(50)
        phone.open(f"{server.base}/join/{code}")
    wait_for_phones(clock, phones, options.timeout)
    server_cpu = Snapshot.take(server).cpu_s - server_before.cpu_s
    browser_cpu = chromium_cpu_s() - browser_before
    usable = [p.usable_s for p in phones if p.usable_s is not None]
    report("phones_usable", f"{len(usable)}/{len(phones)}")
    report("phones_usable_s", spread(usable))
    report("phones_all_s", " ".join(seconds(p.usable_s) for p in phones))
    report("phones_got_waiting_page", f"{sum(p.waited_in_line for p in phones)}/{len(phones)}")
    report("phones_server_cpu_s_per_phone", f"{server_cpu / len(phones):.2f}")
    report("phones_chromium_cpu_s", f"{browser_cpu:.1f}")
    for phone in phones:
        phone.context.close()  # their pages send the shutdown beacon
    clock.close()


@dataclass
class Traffic:
    """What one page load asked of the network, seen through the DevTools protocol."""

    urls: list[str] = field(default_factory=list)
    encoded_bytes: int = 0

    def foreign(self, host: str) -> list[str]:
        """Requests to any host other than ``host`` (``data:`` and ``blob:`` are not requests)."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(url).hostname != host
        ]


def alone(
    browser: Any, url: str, selector: str, throttle: Throttle | None, timeout_s: float
) -> tuple[float | None, Traffic]:
    """One phone alone: seconds to ``selector`` visible, and its traffic (counted up to then,
    plus 2 s for what the page loads right after)."""
    phone = new_phone(browser, selector)
    traffic = Traffic()
    cdp = phone.context.new_cdp_session(phone.page)
    cdp.on("Network.requestWillBeSent", lambda event: traffic.urls.append(event["request"]["url"]))

    def finished(event: dict[str, Any]) -> None:
        traffic.encoded_bytes += int(event.get("encodedDataLength", 0))

    cdp.on("Network.loadingFinished", finished)
    cdp.send("Network.enable")
    if throttle is not None:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle.cpu_rate})
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": throttle.latency_ms,
                "downloadThroughput": throttle.bytes_per_s,
                "uploadThroughput": throttle.bytes_per_s,
            },
        )
    try:
        phone.open(url)
        wait_for_phones(phone.page, [phone], timeout_s)
        phone.page.wait_for_timeout(2000)
        return phone.usable_s, traffic
    finally:
        phone.context.close()


def phones_alone(browser: Any, server: KitServer, code: str, options: Options) -> float | None:
    """Part (c): one phone at a time, with a ready pool each time; returns the unthrottled s."""
    url = f"{server.base}/join/{code}"
    unthrottled, traffic = alone(browser, url, CONSENT, None, options.timeout)
    report("alone_unthrottled_s", seconds(unthrottled))
    report("page_requests", len(traffic.urls))
    report("page_transferred_mb", f"{traffic.encoded_bytes / 1_000_000:.2f}")
    foreign = traffic.foreign(urlsplit(server.base).hostname or "")
    report("page_external_requests", len(foreign))
    for external in foreign:
        report("page_external_request", external)
    for throttle in (HALL_WIFI, WEAK_MOBILE):
        wait_for_pool(server, timeout_s=300)
        usable, _ = alone(browser, url, CONSENT, throttle, options.timeout)
        report(f"alone_{throttle.name}_s", seconds(usable))
    return unthrottled


#: Each facilitator page, and what shows that it is usable.
FACILITATOR_PAGES = {
    "00_start_here.ipynb": ".wk-create-session",
    "01_needs_assessment.ipynb": ".wk-session-page",
    "02_asset_mapping.ipynb": ".wk-session-chooser",
    "03_caregiver_load.ipynb": ".wk-caregiving-sentence",
}


def facilitator_link(server: KitServer, notebook: str) -> str:
    """A signed-in address of ``notebook``: a one-time sign-in link, or ``?key=`` (older kits)."""
    body = json.dumps({"key": server.key, "next": f"voila/render/{notebook}"}).encode()
    request = urllib.request.Request(f"{server.base}/wk/api/sign-in-link", data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read())["link"]
    except urllib.error.HTTPError:
        return f"{server.base}/voila/render/{notebook}?key={server.key}"


def facilitator_pages(browser: Any, server: KitServer, options: Options) -> None:
    """Part (e): each facilitator page alone, once the server has it ready (if it pre-heats)."""
    for notebook, usable_when in FACILITATOR_PAGES.items():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status = pool_status(server)
            if status is None or status.get("pids", {}).get(notebook):
                break
            time.sleep(0.5)
        settle(server, time.monotonic() + 120)
        usable, _ = alone(
            browser, facilitator_link(server, notebook), usable_when, None, options.timeout
        )
        report(f"facilitator_page_{notebook.split('_', 1)[0]}_s", seconds(usable))


def reference(browser: Any, options: Options) -> float | None:
    """Part (d): the bare Voilà page, one phone, no throttling."""
    with tempfile.TemporaryDirectory(prefix="bench-bare-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        name = write_bare_notebook(folder)
        with bare_voila(folder) as base:
            usable, _ = alone(browser, f"{base}/voila/render/{name}", SLIDER, None, options.timeout)
    report("bare_voila_s", seconds(usable))
    return usable


def with_browser(options: Options) -> None:
    """Parts (b), (c) and (d), sharing one headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            with kit_server(options.participants, options.kit) as server:
                report_pool("phones_", server, wait_for_pool(server))
                code = create_session(server)
                if options.phones > 0:
                    crowd_of_phones(browser, server, code, options)
                    wait_for_pool(server, timeout_s=300)
                participant = phones_alone(browser, server, code, options)
                facilitator_pages(browser, server, options)
            bare = reference(browser, options)
            if participant is not None and bare:
                report("participant_over_bare_voila", f"{participant / bare:.2f}")
        finally:
            browser.close()


# -- entry point ----------------------------------------------------------------------------------


def parse_options(argv: list[str]) -> Options:
    defaults = Options()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--arrivals", type=int, default=defaults.arrivals, help="browser-free arrivals (K)"
    )
    parser.add_argument(
        "--spacing",
        type=float,
        default=defaults.spacing,
        help="seconds between arrivals (S), for requests and phones",
    )
    parser.add_argument(
        "--participants",
        type=int,
        default=defaults.participants,
        help="serve --participants N (ignored by servers older than issue 8)",
    )
    parser.add_argument(
        "--phones", type=int, default=defaults.phones, help="Chromium phones in the crowd (0: none)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.timeout,
        help="seconds after which an arrival or phone counts as never served",
    )
    parser.add_argument(
        "--wait-cull",
        type=float,
        default=defaults.wait_cull,
        help="after the crowd, wait this long and count the kernels again",
    )
    parser.add_argument(
        "--skip-browser", action="store_true", help="only the browser-free part (a)"
    )
    parser.add_argument(
        "--kit",
        help="serve the kit from this source folder (e.g. a worktree at an older commit) "
        "instead of the installed one",
    )
    return Options(**vars(parser.parse_args(argv)))


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so servers and temporary folders are cleaned up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signal: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    previous: Callable[..., Any] | int | None = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> None:
    """Defaults when called by ``benchmarks/run.py``; the command line when run directly."""
    options = parse_options(argv or [])
    report(
        "options",
        f"{options.arrivals} arrivals {options.spacing} s apart, "
        f"--participants {options.participants}, {options.phones} phones",
    )
    report("load_average_at_start", load_average())
    with terminate_as_interrupt():
        browser_free(options)
        if not options.skip_browser:
            with_browser(options)
    report("load_average_at_end", load_average())


def load_average() -> str:
    """The machine is shared: its load says how far to trust a run."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KeyboardInterrupt:  # everything is cleaned up by then
        print("crowd: interrupted", file=sys.stderr)
        sys.exit(130)
