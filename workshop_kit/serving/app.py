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
"""

from __future__ import annotations

import contextlib
import inspect
import os
import signal
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import tornado.web
from jupyter_core.paths import jupyter_config_path
from traitlets import default
from voila.app import Voila
from voila.handler import VoilaHandler
from voila.tornado.handler import TornadoVoilaHandler

CONFIG_DIR = Path(__file__).resolve().parent
PARTICIPANT_NOTEBOOK = "participant.ipynb"
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
    """Voilà's page handler, plus the ``_xsrf`` cookie its shutdown beacon needs."""

    async def prepare(self) -> None:
        result: Any = super().prepare()
        if inspect.isawaitable(result):
            await result
        # Reading xsrf_token makes Tornado set the _xsrf cookie on this response.
        _ = self.xsrf_token


class JoinRedirectHandler(tornado.web.RequestHandler):
    """``/join/ABC123`` → the participant app with that code; ``/`` → the join form."""

    def initialize(self, server_url: str) -> None:
        self.server_url = server_url

    def get(self, code: str = "") -> None:
        target = f"{self.server_url}voila/render/{PARTICIPANT_NOTEBOOK}"
        cleaned = "".join(ch for ch in code.upper() if ch.isalnum())[:16]
        lang = self.get_query_argument("lang", "")
        query = []
        if cleaned:
            query.append(f"code={quote(cleaned)}")
        if lang.isalpha() and len(lang) <= 5:
            query.append(f"lang={quote(lang)}")
        self.redirect(target + ("?" + "&".join(query) if query else ""))


class WorkshopVoila(Voila):
    """Voilà with the kit's configuration file first and the handlers above."""

    name = "workshop-voila"

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        # A callable cannot be written in voila.json; the timeout itself stays configurable.
        self.config.VoilaExecutor.timeout_func = cell_timeout

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
        handlers = []
        for spec in super().init_handlers():
            if len(spec) >= 2 and spec[1] in (TornadoVoilaHandler, VoilaHandler):
                spec = (spec[0], WorkshopVoilaHandler, *spec[2:])
            handlers.append(spec)
        server_url = self.server_url if self.server_url.endswith("/") else self.server_url + "/"
        redirect = (JoinRedirectHandler, {"server_url": server_url})
        return [
            (rf"{server_url}join/([A-Za-z0-9-]{{1,20}})/?", *redirect),
            (rf"{server_url}join/?", *redirect),
            (rf"{server_url}?", *redirect),
            *handlers,
        ]


main = WorkshopVoila.launch_instance
