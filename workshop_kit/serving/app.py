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
"""

from __future__ import annotations

import contextlib
import hmac
import html
import inspect
import json
import os
import random
import signal
import time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import tornado.ioloop
import tornado.web
from jupyter_core.paths import jupyter_config_path
from traitlets import Float, Integer, default
from voila.app import Voila
from voila.handler import VoilaHandler
from voila.tornado.handler import TornadoVoilaHandler

from workshop_kit.auth import KEY_HASH_VARIABLE, hash_key
from workshop_kit.serving.pools import (
    ARRIVAL_TICKET,
    DEFAULT_PARTICIPANTS,
    FREE_AFTER_SECONDS,
    PARTICIPANT_NOTEBOOK,
    PoolSettings,
    RoomBusy,
    with_pools,
)

CONFIG_DIR = Path(__file__).resolve().parent
#: Jupyter data folder holding the kit's ``workshop`` page template (added to JUPYTER_PATH).
TEMPLATE_DATA_DIR = CONFIG_DIR / "jupyter"
STATIC_DIR = CONFIG_DIR / "static"
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

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        self._notebook = self.notebook_path or path or ""
        token = ARRIVAL_TICKET.set(self._returning_ticket())
        try:
            async for snippet in self.get_generator(path=path):
                self.write(snippet)
                self.flush()
        except RoomBusy as busy:
            self._send_waiting_page(busy.ticket)
        finally:
            ARRIVAL_TICKET.reset(token)

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


@cache
def default_language() -> str:
    """The community profile's language (what a page speaks when nothing else says)."""
    from workshop_kit.apps.context import PROFILE_VARIABLE
    from workshop_kit.i18n import normalise_language
    from workshop_kit.paths import sample_profile_path
    from workshop_kit.profile import ProfileError, load_profile

    try:
        profile = load_profile(os.environ.get(PROFILE_VARIABLE) or sample_profile_path())
    except ProfileError:
        return "en"
    return normalise_language(profile.language)


def waiting_page(language: str, retry_url: str, retry_after: float) -> str:
    """The small "you are in line" page: no kernel, no script needed, retries by itself."""
    from workshop_kit.i18n import Translator, normalise_language

    language = normalise_language(language)
    t = Translator(language)
    title, text = html.escape(t("serving.busy_title")), html.escape(t("serving.busy_text"))
    target = html.escape(retry_url, quote=True)
    return (
        f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="refresh" content="{retry_after:.1f};url={target}">'
        f"<title>{title}</title></head>"
        '<body data-wk-waiting="1" style="font:18px/1.5 sans-serif;margin:0;padding:12vh 8vw;'
        'background:#fafafa;color:#222;text-align:center">'
        f'<h1 style="font-size:1.4em">{title}</h1><p class="wk-waiting">{text}</p>'
        "</body></html>"
    )


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
            # The session's language goes into the link, so that even the "you are in line"
            # page, served before any kernel reads the session, speaks it.
            lang = lang or session_language(cleaned) or ""
        if lang.isalpha() and len(lang) <= 5:
            query.append(f"lang={quote(lang)}")
        self.redirect(target + ("?" + "&".join(query) if query else ""))


_SESSION_LANGUAGES: dict[str, str] = {}


def session_language(code: str) -> str | None:
    """The language of the session with this join code (remembered: a room asks it 40 times)."""
    from workshop_kit.store import StoreError

    if code not in _SESSION_LANGUAGES:
        try:
            _SESSION_LANGUAGES[code] = server_store().session(code).language
        except StoreError:
            return None  # unknown code: the participant page says so, in the default language
    return _SESSION_LANGUAGES[code]


@cache
def server_store() -> Any:
    """The store, opened once by the server process (kernels open their own)."""
    from workshop_kit.store import open_store

    return open_store(os.environ.get("WORKSHOP_KIT_DB"))


class PoolHandler(tornado.web.RequestHandler):
    """``GET /wk/api/pool``: how ready the server is for the room (JSON).

    ``POST`` with ``{"key": <facilitator key>, "participants": N}`` changes how many phones
    to get ready for. The key in the body is the credential, so no XSRF cookie is involved.
    """

    def check_xsrf_cookie(self) -> None:
        """The POST carries the facilitator key itself; there is no cookie to forge."""

    def get(self) -> None:
        manager = self.settings["kernel_manager"]
        if not hasattr(manager, "pool_status"):
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.write(json.dumps(manager.pool_status()))

    def post(self) -> None:
        manager = self.settings["kernel_manager"]
        expected = os.environ.get(KEY_HASH_VARIABLE, "")
        try:
            body = json.loads(self.request.body or b"{}")
            key, participants = str(body["key"]), int(body["participants"])
        except (ValueError, KeyError, TypeError):
            raise tornado.web.HTTPError(400) from None
        if not expected or not hmac.compare_digest(hash_key(key), expected):
            raise tornado.web.HTTPError(403)
        if not 0 <= participants <= 500 or not hasattr(manager, "set_participant_target"):
            raise tornado.web.HTTPError(400)
        manager.set_participant_target(participants)
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps(manager.pool_status()))


class KernelAliveHandler(tornado.web.RequestHandler):
    """``GET /wk/api/kernel/<id>``: 204 if the page's kernel is running, else 404.

    Kernels are not restarted when they die (``autorestart`` is off in voila.json): a
    restarted kernel would be blank, and its page would show a form that no longer answers.
    The page's watchdog reloads instead, into a ready kernel, as the same participant.
    """

    async def get(self, kernel_id: str) -> None:
        self.set_header("Cache-Control", "no-store")
        manager = self.settings["kernel_manager"]
        if kernel_id not in manager:
            raise tornado.web.HTTPError(404)
        if not await manager.get_kernel(kernel_id).is_alive():
            with contextlib.suppress(Exception):  # tidy up; the answer is the same
                await manager.shutdown_kernel(kernel_id, now=True)
            raise tornado.web.HTTPError(404)
        self.set_status(204)


class WatchdogScriptHandler(tornado.web.RequestHandler):
    """``/wk/static/watchdog.js`` with the messages of every language filled in."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "max-age=600")
        self.write(watchdog_script())


@cache
def watchdog_script() -> str:
    from workshop_kit.i18n import Translator, available_languages

    keys = ("busy_title", "busy_text", "connection_lost", "reconnecting")
    texts = {
        language: {key: Translator(language)(f"serving.{key}") for key in keys}
        for language in available_languages()
    }
    source = (STATIC_DIR / "watchdog.js").read_text(encoding="utf-8")
    return source.replace("__WK_TEXTS__", json.dumps(texts, ensure_ascii=False)).replace(
        "__WK_LANGUAGE__", json.dumps(default_language())
    )


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

    def initialize(self, argv: Any = None) -> None:
        # The kit's page template lives in the package; Voilà finds templates on JUPYTER_PATH.
        extra = os.environ.get("JUPYTER_PATH", "")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_DATA_DIR), extra]))
        super().initialize(argv)
        # A callable cannot be written in voila.json; the timeout itself stays configurable.
        self.config.VoilaExecutor.timeout_func = cell_timeout

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
            if path.name != PARTICIPANT_NOTEBOOK
        )
        manager.configure_pools(
            PoolSettings(
                participants=self.participants,
                facilitator_pages=self.facilitator_pool,
                free_after_seconds=self.free_after_seconds,
                max_kernels=self.max_kernels,
            ),
            facilitator_notebooks=pages,
            on_ready=announce_ready,
        )
        # Look for pages that have gone often enough to free their kernels in time.
        manager.cull_interval = max(1, min(manager.cull_interval, int(self.free_after_seconds / 3)))
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
            (rf"{server_url}wk/api/pool", PoolHandler),
            (rf"{server_url}wk/api/kernel/([\w-]{{1,64}})", KernelAliveHandler),
            (rf"{server_url}wk/static/watchdog\.js", WatchdogScriptHandler),
            *handlers,
        ]


def announce_ready(participants: int) -> None:
    """Tell the terminal that the room can come in (printed, so it shows beside the links)."""
    print(f"  Ready for {participants} participants.", flush=True)


main = WorkshopVoila.launch_instance
