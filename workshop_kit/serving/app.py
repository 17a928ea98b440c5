"""Standalone Voilà, configured for workshops.

Two changes to stock Voilà 0.5, both small and both needed in a hall full of phones:

1. **Closing a page frees its kernel.** The page sends a shutdown beacon on ``beforeunload``
   carrying the ``_xsrf`` cookie, but the render handler never sets that cookie, so the
   beacon is refused (``403 '_xsrf' argument missing``, voila-dashboards/voila#1458) and every
   visit leaves a ~95 MB kernel behind. :class:`WorkshopVoilaHandler` issues the cookie with the
   page, so the beacon passes Tornado's XSRF check unchanged. Idle-kernel culling
   (``voila.json``) remains the safety net for tabs killed without a beacon.
2. **Short join links.** ``/join/<CODE>`` (and ``/``) redirect to the participant app, so the
   link on the projector is short enough to type.

The kit's ``voila.json`` comes first on the config path, so a stray ``voila.json`` in the
working directory cannot switch tracebacks or source code back on.

For a hall of phones (issue 8) it also

3. keeps kernels **ready before people arrive** (:mod:`workshop_kit.serving.pools`): the
   participant app's pool is sized by ``--participants``; a visitor who finds it empty waits
   in line and, after a few seconds, gets a small "you are in line" page that retries by
   itself (:func:`waiting_page`) instead of a fresh kernel that would slow everyone down;
4. serves **lighter pages**: responses are compressed, and the ``workshop`` template loads
   nothing from another host and adds a watchdog that reloads a page whose kernel has gone;
5. answers two small JSON questions: ``/wk/api/pool`` (how many phones it is ready for; a
   facilitator may change that number) and ``/wk/api/kernel/<id>`` (does this page's kernel
   still exist).

And so that a phone can neither stop nor steer the room (issue 17):

6. every kernel handed to a page is bound to it by a page secret, and every route to a kernel
   asks for it (:mod:`~workshop_kit.serving.ownership`, :mod:`~workshop_kit.serving.guards`);
   no facilitator key travels to any kernel; kernel ids are not printed at INFO level
   (:mod:`~workshop_kit.serving.logs`); participant kernels start under a memory cap
   (:mod:`~workshop_kit.serving.limits`).
"""

from __future__ import annotations

import contextlib
import inspect
import os
import random
import signal
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import tornado.ioloop
import tornado.web
from jupyter_core.paths import jupyter_config_path
from traitlets import Float, Integer, default
from voila.app import Voila
from voila.handler import VoilaHandler
from voila.tornado.handler import TornadoVoilaHandler

from workshop_kit.paths import LAB_NOTEBOOKS
from workshop_kit.serving import signin
from workshop_kit.serving.guards import guarded_routes
from workshop_kit.serving.handlers import kit_handlers
from workshop_kit.serving.limits import PARTICIPANT_MEMORY_MB
from workshop_kit.serving.logs import hide_kernel_ids
from workshop_kit.serving.ownership import (
    PAGE_COOKIE_PREFIX,
    PAGE_VISIT,
    PageVisit,
    page_cookie_name,
)
from workshop_kit.serving.pages import default_language, notice_page, waiting_page
from workshop_kit.serving.pools import (
    ARRIVAL_TICKET,
    DEFAULT_PARTICIPANTS,
    FREE_AFTER_SECONDS,
    FREE_UNCONNECTED_AFTER_SECONDS,
    PARTICIPANT_NOTEBOOK,
    PoolSettings,
    RoomBusy,
    with_pools,
)

CONFIG_DIR = Path(__file__).resolve().parent
#: Jupyter data folder holding the kit's ``workshop`` page template (added to JUPYTER_PATH).
TEMPLATE_DATA_DIR = CONFIG_DIR / "jupyter"
#: Query parameter carrying a returning visitor's place in line.
LINE_PARAMETER = "wk_line"
#: Seconds the "you are in line" page waits before trying again (spread to avoid a stampede).
RETRY_SECONDS = (2.0, 4.0)
#: Seconds a notebook cell may run before Voilà gives up on it and shows an error.
CELL_TIMEOUT_SECONDS = 60
#: Cell tag for the one cell of a pre-heated notebook that waits for a visitor: it may wait
#: as long as the kernel sits in the pool, so the execution timeout must not apply to it.
WAITS_FOR_VISITOR_TAG = "waits-for-visitor"


def cell_timeout(cell: Any) -> int | None:
    """Execution timeout of one cell (``None``: no limit, only for the visitor-waiting cell)."""
    tags = cell.get("metadata", {}).get("tags", []) if hasattr(cell, "get") else []
    return None if WAITS_FOR_VISITOR_TAG in tags else CELL_TIMEOUT_SECONDS


def child_pids(parent: int | None = None) -> list[int]:
    """Process ids whose parent is ``parent`` (this process by default), read from /proc."""
    parent = os.getpid() if parent is None else parent
    children = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("PPid:"):
                if int(line.split()[1]) == parent:
                    children.append(int(entry.name))
                break
    return children


def terminate_children(grace_seconds: float = 5.0) -> None:
    """SIGTERM every child process, then SIGKILL those still there after ``grace_seconds``."""
    pending = child_pids()
    for pid in pending:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while pending and time.monotonic() < deadline:
        time.sleep(0.1)
        pending = [pid for pid in pending if _alive(pid)]
    for pid in pending:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Whether a child is still running (reaping it if it has just ended)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass  # not ours to reap (already reaped elsewhere)
    return Path(f"/proc/{pid}").exists()


class WorkshopVoilaHandler(TornadoVoilaHandler):
    """Voilà's page handler, plus the ``_xsrf`` cookie its shutdown beacon needs and the line."""

    async def prepare(self) -> None:
        result: Any = super().prepare()
        if inspect.isawaitable(result):
            await result
        # Reading xsrf_token makes Tornado set the _xsrf cookie on this response.
        _ = self.xsrf_token

    _handed_kernel: str | None = None

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        self._notebook = self.notebook_path or path or ""
        # A ``key=`` typed into an address reaches no kernel: pages never read one.
        query = [(name, value) for name, value in parse_qsl(self.request.query) if name != "key"]
        self.request.query = urlencode(query)
        facilitator = self._notebook != PARTICIPANT_NOTEBOOK
        if facilitator and not signin.browser_signed_in(self):
            # Refused here, before any kernel is started or taken from a pool.
            self.set_status(403)
            self.write(
                notice_page(default_language(), "serving.sign_in_title", "serving.sign_in_needed")
            )
            return
        token = ARRIVAL_TICKET.set(self._returning_ticket())
        visit = PAGE_VISIT.set(PageVisit(self._notebook, facilitator, self._give_page_secret))
        try:
            async for snippet in self.get_generator(path=path):
                self.write(snippet)
                self.flush()
        except RoomBusy as busy:
            self._send_waiting_page(busy.ticket)
        finally:
            PAGE_VISIT.reset(visit)
            ARRIVAL_TICKET.reset(token)

    def _give_page_secret(self, kernel_id: str, secret: str) -> None:
        """Send the browser the secret of the kernel it was just handed (before the page's
        first byte), and drop the cookies of its earlier pages whose kernels have ended."""
        path = self.settings.get("server_url", "/")
        manager = self.kernel_manager
        for name in self.request.cookies:
            ended = name.removeprefix(PAGE_COOKIE_PREFIX)
            if name.startswith(PAGE_COOKIE_PREFIX) and ended not in manager:
                self.clear_cookie(name, path=path)
        self.set_signed_cookie(
            page_cookie_name(kernel_id),
            secret,
            expires_days=None,  # the browser's session: a page lives no longer
            httponly=True,
            samesite="Strict",
            secure=signin.cookies_secure(self),
            path=path,
        )
        self._handed_kernel = kernel_id

    def on_finish(self) -> None:
        self._page_sent()

    def on_connection_close(self) -> None:
        super().on_connection_close()
        self._page_sent()

    def _page_sent(self) -> None:
        kernel_id, self._handed_kernel = self._handed_kernel, None
        if kernel_id is not None and hasattr(self.kernel_manager, "page_sent"):
            self.kernel_manager.page_sent(kernel_id)

    def should_use_rendered_notebook(
        self, notebook_data: dict, pool_size: int, template_name: Any, theme: Any, request_args: Any
    ) -> bool:
        """Use a ready kernel when there is one, and always for the participant app (its
        visitors wait in line for one rather than start a kernel each)."""
        manager = self.kernel_manager
        if hasattr(manager, "serves_a_line") and manager.serves_a_line(self._notebook):
            return True
        return pool_size > 0 and bool(notebook_data)

    def _returning_ticket(self) -> int | None:
        raw = self.get_query_argument(LINE_PARAMETER, "")
        manager = self.kernel_manager
        if raw.isdigit() and hasattr(manager, "valid_ticket") and manager.valid_ticket(int(raw)):
            return int(raw)
        return None

    def _send_waiting_page(self, ticket: int) -> None:
        arguments = {
            name: self.get_query_argument(name)
            for name in self.request.query_arguments
            if name != LINE_PARAMETER
        }
        arguments[LINE_PARAMETER] = str(ticket)
        retry_url = f"{self.request.path}?{urlencode(arguments)}"
        retry_after = random.uniform(*RETRY_SECONDS)  # noqa: S311 - spreading retries, not secrets
        language = arguments.get("lang") or default_language()
        self.set_status(503)
        self.set_header("Retry-After", str(round(retry_after)))
        self.write(waiting_page(language, retry_url, retry_after))


class WorkshopVoila(Voila):
    """Voilà with the kit's configuration file first and the handlers above."""

    name = "workshop-voila"

    participants = Integer(
        DEFAULT_PARTICIPANTS,
        config=True,
        help="Participant kernels to keep ready (phones expected to join at about once).",
    )
    facilitator_pool = Integer(
        1, config=True, help="Ready kernels for the hub and for each facilitator page."
    )
    max_kernels = Integer(
        0, config=True, help="Most kernels at once (0: from the memory available at start)."
    )
    free_after_seconds = Float(
        FREE_AFTER_SECONDS,
        config=True,
        help="Seconds a page may be gone before its kernel is freed.",
    )
    free_unconnected_after_seconds = Float(
        FREE_UNCONNECTED_AFTER_SECONDS,
        config=True,
        help="Seconds after its page was sent that a kernel no browser took up is freed.",
    )
    kernel_memory_mb = Integer(
        PARTICIPANT_MEMORY_MB,
        config=True,
        help="Address space of each participant kernel in MB (0: no cap).",
    )

    @default("cookie_secret")
    def _cookie_secret_from_the_data_folder(self) -> bytes:
        from workshop_kit.paths import workshop_data_dir

        return signin.persistent_cookie_secret(workshop_data_dir())

    def initialize(self, argv: Any = None) -> None:
        # The kit's page template lives in the package; Voilà finds templates on JUPYTER_PATH.
        extra = os.environ.get("JUPYTER_PATH", "")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_DATA_DIR), extra]))
        super().initialize(argv)
        hide_kernel_ids(self.log)
        # A callable cannot be written in voila.json; the timeout itself stays configurable.
        self.config.VoilaExecutor.timeout_func = cell_timeout
        if signin.current() is None:  # started without `workshop-kit serve`
            from workshop_kit.auth import load_or_create_key
            from workshop_kit.paths import workshop_data_dir

            signin.install(signin.FacilitatorSignIn(load_or_create_key(workshop_data_dir())))

    def init_settings(self) -> dict:
        """Voilà's settings, with its pre-heating kernel manager replaced by the kit's pools."""
        settings = super().init_settings()
        voila_manager = self.kernel_manager
        manager = with_pools(type(voila_manager))(
            parent=self,
            connection_dir=self.connection_dir,
            kernel_spec_manager=self.kernel_spec_manager,
            allowed_message_types=voila_manager.allowed_message_types,
        )
        pages = sorted(
            path.name
            for path in Path(self.root_dir).glob("*.ipynb")
            if path.name != PARTICIPANT_NOTEBOOK and path.name not in LAB_NOTEBOOKS
        )
        manager.configure_pools(
            PoolSettings(
                participants=self.participants,
                facilitator_pages=self.facilitator_pool,
                free_after_seconds=self.free_after_seconds,
                free_unconnected_after_seconds=self.free_unconnected_after_seconds,
                participant_memory_mb=self.kernel_memory_mb,
                max_kernels=self.max_kernels,
            ),
            facilitator_notebooks=pages,
            on_ready=announce_ready,
        )
        # Look for pages that have gone often enough to free their kernels in time.
        soonest = min(self.free_after_seconds, self.free_unconnected_after_seconds)
        manager.cull_interval = max(1, min(manager.cull_interval, int(soonest / 3)))
        self.kernel_manager = settings["kernel_manager"] = manager
        tornado.ioloop.IOLoop.current().add_callback(manager.start_filling)
        ceiling = manager.max_kernels
        if self.participants + len(pages) > ceiling:
            self.log.warning(
                "Memory holds about %d kernels; %d participants were asked for",
                ceiling,
                self.participants,
            )
        return settings

    def stop(self) -> None:
        """Voilà's shutdown, then make sure no kernel of ours outlives the server.

        ``shutdown_all`` misses a kernel the pre-heat pool is still starting when Ctrl-C
        arrives (seen in CI: one orphaned kernel, reparented to init). Kernels are direct
        children of this process, so whatever child is left is ended here.
        """
        try:
            super().stop()
        finally:
            terminate_children()

    @default("config_file_paths")
    def _kit_config_first(self) -> list[str]:
        return [str(CONFIG_DIR), *jupyter_config_path()]

    def init_handlers(self) -> list:
        # Voilà applies ``tornado_settings`` after creating the application, too late for
        # Tornado to add its gzip transform: add it here (``compress_response`` in voila.json).
        if self.app.settings.get("compress_response") and (
            tornado.web.GZipContentEncoding not in self.app.transforms
        ):
            self.app.transforms.append(tornado.web.GZipContentEncoding)
        handlers = []
        for spec in guarded_routes(super().init_handlers()):
            if len(spec) >= 2 and spec[1] in (TornadoVoilaHandler, VoilaHandler):
                spec = (spec[0], WorkshopVoilaHandler, *spec[2:])
            handlers.append(spec)
        server_url = self.server_url if self.server_url.endswith("/") else self.server_url + "/"
        return [*kit_handlers(server_url), *handlers]


def announce_ready(participants: int) -> None:
    """Tell the terminal that the room can come in (printed, so it shows beside the links)."""
    print(f"  Ready for {participants} participants.", flush=True)


main = WorkshopVoila.launch_instance
