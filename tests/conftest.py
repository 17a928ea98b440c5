"""Shared fixtures: a fresh SQLite store, the sample profile, a real Voilà server, a real browser.

Environment set here is inherited by the kernels nbval starts, so notebooks under test write
to a throw-away store, never to ``workshop-data/``.
"""

from __future__ import annotations

import contextlib
import html
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("WORKSHOP_KIT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"

_SCRATCH = Path(tempfile.mkdtemp(prefix="workshop-kit-tests-"))
os.environ["WORKSHOP_KIT_HOME"] = str(_SCRATCH / "home")
os.environ["WORKSHOP_KIT_DB"] = f"sqlite:///{_SCRATCH / 'notebooks.sqlite'}"
os.environ.pop("WORKSHOP_KIT_FACILITATOR_KEY_HASH", None)
os.environ.pop("QUERY_STRING", None)
os.environ.setdefault("MPLBACKEND", "Agg")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture
def profile():
    from workshop_kit.paths import sample_profile_path
    from workshop_kit.profile import load_profile

    return load_profile(sample_profile_path())


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def store(db_url: str):
    from workshop_kit.core.store import open_store

    return open_store(db_url)


# -- a real PostgreSQL server -------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    from postgres import postgres_bin, running_postgres

    if postgres_bin() is None:
        message = "no PostgreSQL binaries (apt-get install postgresql)"
        if in_ci():
            pytest.fail(f"PostgreSQL tests must run in CI: {message}")
        pytest.skip(message)
    with running_postgres(free_port()) as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database on the test server for each test."""
    import psycopg

    name = f"kit_{uuid.uuid4().hex[:12]}"
    dsn = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgres_server.rsplit("/", 1)[0] + f"/{name}"


# -- a real voila server ---------------------------------------------------------------------


def wait_until(condition, timeout: float, message: str) -> None:
    """Wait for ``condition()`` to hold, failing with ``message`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.25)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base_url: str
    key: str
    db_url: str
    process: subprocess.Popen
    log_path: Path

    @property
    def hub_url(self) -> str:
        """A fresh one-time sign-in link that lands on the hub (each use needs a new one)."""
        return self.sign_in_url()

    def sign_in_url(self, notebook: str | None = None, query: str = "") -> str:
        """A one-time facilitator sign-in link, landing on ``notebook`` (default: the hub)."""
        body: dict[str, str] = {"key": self.key}
        if notebook:
            body["next"] = f"voila/render/{notebook}" + (f"?{query}" if query else "")
        request = urllib.request.Request(
            f"{self.base_url}/wk/api/sign-in-link",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read())["link"]

    def fetch_as_facilitator(self, notebook: str, query: str = "", timeout: float = 180) -> str:
        """The HTML of a facilitator page, fetched the way a signed-in browser gets it."""
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with opener.open(self.sign_in_url(notebook, query), timeout=30) as reply:
            page = reply.read().decode()
        target = html.unescape(re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', page)[1])
        with opener.open(self.base_url + target, timeout=timeout) as reply:
            assert reply.status == 200
            return reply.read().decode()

    def url(self, notebook: str, query: str = "") -> str:
        return f"{self.base_url}/voila/render/{notebook}" + (f"?{query}" if query else "")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def as_facilitator(self, path: str) -> urllib.request.Request:
        """A request for one of the kit's JSON routes carrying the facilitator key (header)."""
        return urllib.request.Request(
            f"{self.base_url}{path}", headers={"X-Workshop-Kit-Key": self.key}
        )

    def pool(self) -> dict:
        """The server's kernel pools (``/wk/api/pool``): ready, starting, waiting, pids."""
        with urllib.request.urlopen(self.as_facilitator("/wk/api/pool"), timeout=10) as reply:
            return json.loads(reply.read())

    def wait_for_pool(self, ready: int, timeout: float = 180) -> dict:
        """Wait until at least ``ready`` participant kernels are ready (their notebook ran)."""
        deadline = time.monotonic() + timeout
        status = self.pool()
        while status["ready"] < ready and time.monotonic() < deadline:
            time.sleep(0.5)
            status = self.pool()
        assert status["ready"] >= ready, status
        return status

    def kernel_exists(self, kernel_id: str) -> bool:
        """Whether the server still runs this kernel (``/wk/api/kernel/<id>``)."""
        try:
            with urllib.request.urlopen(
                self.as_facilitator(f"/wk/api/kernel/{kernel_id}"), timeout=10
            ):
                return True
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return False
            raise

    def kernel_pid(self, kernel_id: str) -> int:
        """The pid of the kernel with this id (its connection file's name holds the id)."""
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if f"kernel-{kernel_id}.json".encode() in cmdline:
                return int(entry.name)
        raise LookupError(kernel_id)

    def kernel_pids(self) -> list[int]:
        """Kernels started by this server (children running ipykernel)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            ppid = next(
                (int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:")),
                -1,
            )
            if ppid == self.process.pid and "ipykernel" in cmdline:
                pids.append(int(entry.name))
        return pids


#: Participant kernels the tests' server keeps ready: small, so that filling the pool does not
#: starve a 2-core machine; tests of a crowd start their own server with the pool they need.
TEST_POOL = 2


def start_server(
    data_dir: Path,
    extra_env: dict[str, str] | None = None,
    participants: int = TEST_POOL,
    extra_args: tuple[str, ...] = (),
    port: int | None = None,
) -> Server:
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{data_dir / 'workshop.sqlite'}"
    env = {
        **os.environ,
        "WORKSHOP_KIT_HOME": str(data_dir),
        "WORKSHOP_KIT_DB": db_url,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    log_path = data_dir / "voila.log"
    log = log_path.open("a")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workshop_kit.cli",
            "serve",
            "--port",
            str(port),
            "--participants",
            str(participants),
            *extra_args,
        ],
        cwd=data_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("voila exited early:\n" + log_path.read_text())
        try:
            with urllib.request.urlopen(f"{base_url}/voila/static/voila.js", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("voila did not start:\n" + log_path.read_text())
    key = (data_dir / "facilitator.key").read_text().strip()
    return Server(base_url, key, db_url, process, log_path)


def stop_server(server: Server) -> None:
    import signal

    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(tmp_path_factory.mktemp("voila-data"))
    yield server
    stop_server(server)


# -- a real browser ----------------------------------------------------------------------------

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


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if in_ci():
            pytest.fail(f"browser tests must run in CI: {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, request):
    """Pages opened by a test; a screenshot of each is saved if the test fails."""
    contexts = []

    def make(width: int = 1280, height: int = 900, mobile: bool = False):
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for index, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for number, page in enumerate(context.pages):
                name = f"{request.node.name}-{index}-{number}.png"
                with contextlib.suppress(Exception):  # best effort, the failure is reported
                    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SCRATCH, ignore_errors=True)
