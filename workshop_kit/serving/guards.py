"""Every route to a kernel asks for its page's secret before it touches the kernel.

Voilà 0.5 and jupyter_server let anyone who names a kernel id reach that kernel (issue 17):
open its channels, read its model, shut it down, register for its visitor's request. The kit
replaces each of those handlers with a subclass that first asks
:func:`reach` (the page secret of :mod:`workshop_kit.serving.ownership`, and the sign-in
cookie for a facilitator page's kernel), and:

- the channels websocket speaks only ``v1.kernel.websocket.jupyter.org`` (Voilà's front end
  always offers it) and closes on any frame whose counts do not fit in the frame
  (:mod:`workshop_kit.serving.frames`): jupyter_server would loop over them;
- frames the server sends are read with the same bounds (Voilà reads a legacy frame's
  4-byte big-endian count as an 8-byte little-endian one and loops ~8.6e17 times);
- ``/voila/query/<id>`` admits the kernel itself, once, on its kernel secret;
- the tree and contents listings are not served at all.

:func:`guarded_routes` swaps the handlers in Voilà's route list and refuses to start a server
where some other route still reaches a kernel by id.
"""

from __future__ import annotations

import enum
import inspect
import logging
from typing import Any

import tornado.web
from jupyter_server.services.kernels.handlers import KernelHandler
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from workshop_kit.auth import KERNEL_SECRET_HEADER
from workshop_kit.serving import signin
from workshop_kit.serving.frames import V1_PROTOCOL, client_frame_problem, kept_from_the_page
from workshop_kit.serving.ownership import page_cookie_name

log = logging.getLogger("workshop_kit.serving")

#: A page secret's cookie is a browser-session cookie; its signature is checked for this age.
PAGE_COOKIE_DAYS = 2
#: Websocket close code for a frame that breaks the protocol (RFC 6455: policy violation).
POLICY_VIOLATION = 1008


class Reach(enum.Enum):
    YOURS = "yours"
    GONE = "gone"  # the caller's page did hold this kernel; it has ended
    REFUSED = "refused"


def reach(handler: tornado.web.RequestHandler, kernel_id: str) -> Reach:
    """May the request ``handler`` serves reach ``kernel_id``?

    Only with the page secret the server gave the browser with that kernel (a signed cookie
    named after it), and, for a facilitator page's kernel, the sign-in cookie too. A kernel
    that has ended answers ``GONE`` only to a browser whose signed cookie names it, so that
    its page reloads; to anyone else every id looks the same.
    """
    manager = handler.settings.get("kernel_manager")
    owners = getattr(manager, "page_owners", None)
    cookie = handler.get_signed_cookie(page_cookie_name(kernel_id), max_age_days=PAGE_COOKIE_DAYS)
    if owners is None or cookie is None:
        return Reach.REFUSED
    if kernel_id not in manager:
        return Reach.GONE
    if not owners.admits(kernel_id, cookie.decode("utf-8", "replace")):
        return Reach.REFUSED
    if owners.facilitator_page(kernel_id) and not signin.browser_signed_in(handler):
        return Reach.REFUSED
    return Reach.YOURS


def refuse_unless_reachable(handler: tornado.web.RequestHandler, kernel_id: str) -> None:
    """Raise 403 (not this page's kernel) or 404 (this page's kernel has ended)."""
    verdict = reach(handler, kernel_id)
    if verdict is Reach.GONE:
        raise tornado.web.HTTPError(404)
    if verdict is not Reach.YOURS:
        raise tornado.web.HTTPError(403)


def _route_kernel_id(handler: tornado.web.RequestHandler) -> str:
    kernel_id = handler.path_kwargs.get("kernel_id")
    if kernel_id is None and handler.path_args:
        kernel_id = handler.path_args[0]
    return str(kernel_id or "")


async def _prepare_then_guard(handler: Any, parent: type) -> None:
    result = parent.prepare(handler)
    if inspect.isawaitable(result):
        await result
    if not handler._finished:
        refuse_unless_reachable(handler, _route_kernel_id(handler))


class PlainRefusal:
    """A refusal said in one plain line: jupyter_server's error page needs a ``static_path``
    Voilà does not set, and a websocket client reads no HTML anyway."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")  # type: ignore[attr-defined]
        self.finish(f"{status_code}\n")  # type: ignore[attr-defined]


class GuardedKernelHandler(KernelHandler):
    """``/api/kernels/<id>`` (model, delete): the page's own kernel only."""

    async def prepare(self) -> None:
        await _prepare_then_guard(self, KernelHandler)


class GuardedShutdownHandler(VoilaShutdownKernelHandler):
    """``POST /voila/api/shutdown/<id>`` (the page's beacon): the page's own kernel only."""

    async def prepare(self) -> None:
        await _prepare_then_guard(self, VoilaShutdownKernelHandler)


class GuardedKernelWebsocketHandler(PlainRefusal, VoilaKernelWebsocketHandler):
    """The channels websocket: the page's own kernel, the v1 protocol, bounded frames."""

    async def get(self, kernel_id: str) -> None:  # type: ignore[override]
        refuse_unless_reachable(self, kernel_id)
        offered = self.request.headers.get("Sec-WebSocket-Protocol", "")
        if V1_PROTOCOL not in {name.strip() for name in offered.split(",")}:
            raise tornado.web.HTTPError(400, "only the v1 kernel websocket protocol is served")
        await super().get(kernel_id)

    def select_subprotocol(self, subprotocols: list[str]) -> str | None:
        return V1_PROTOCOL if V1_PROTOCOL in subprotocols else None

    def on_message(self, message: str | bytes) -> Any:
        problem = client_frame_problem(message)
        if problem is not None:
            log.warning("Closing a kernel websocket: %s", problem)
            self.close(POLICY_VIOLATION, "malformed frame")
            return None
        return super().on_message(message)

    def write_message(self, message: Any, binary: bool = False) -> Any:
        """Voilà's filter (no ``execute_input`` to the page), reading frames with bounds, and
        no ``stderr`` either (:func:`~workshop_kit.serving.frames.kept_from_the_page`).

        Only v1 sockets exist, so every kernel message is a v1 frame; anything else (a
        jupyter_server notice) is passed on as it is.
        """
        if isinstance(message, bytes) and kept_from_the_page(message):
            return None
        # Past Voilà's own write_message, whose header reading is the unbounded one.
        return super(VoilaKernelWebsocketHandler, self).write_message(message, binary)


class KernelRequestInfoHandler(PlainRefusal, RequestInfoSocketHandler):
    """``/voila/query/<id>``: the kernel itself registers for its visitor's request, once.

    It shows the kernel secret it was started with; the request it then receives carries no
    credential, only what the server adds (:meth:`KernelOwners.request_extras`).
    """

    async def get(self, kernel_id: str) -> None:  # type: ignore[override]
        owners = getattr(self.settings.get("kernel_manager"), "page_owners", None)
        secret = self.request.headers.get(KERNEL_SECRET_HEADER)
        if owners is None or not owners.kernel_connects(kernel_id, secret):
            raise tornado.web.HTTPError(403)
        self._kernel_id = kernel_id
        await super().get(kernel_id)

    def write_message(self, message: Any, binary: bool = False) -> Any:
        if isinstance(message, dict):
            owners = self.settings["kernel_manager"].page_owners
            message = {**message, **owners.request_extras(self._kernel_id)}
        return super().write_message(message, binary)


#: Voilà's handler → the kit's guarded one (``None``: the route is not served).
REPLACEMENTS: dict[type, type | None] = {
    KernelHandler: GuardedKernelHandler,
    VoilaKernelWebsocketHandler: GuardedKernelWebsocketHandler,
    VoilaShutdownKernelHandler: GuardedShutdownHandler,
    RequestInfoSocketHandler: KernelRequestInfoHandler,
    TornadoVoilaTreeHandler: None,
    VoilaContentsHandler: None,
}


def guarded_routes(specs: list[tuple]) -> list[tuple]:
    """Voilà's routes with the handlers above swapped in and the listings left out.

    Raises ``RuntimeError`` if a route that names a kernel id is left unguarded (a newer Voilà
    adding one must be looked at before it is served).
    """
    guarded = []
    for spec in specs:
        handler = spec[1] if len(spec) >= 2 else None
        if handler in REPLACEMENTS:
            replacement = REPLACEMENTS[handler]  # type: ignore[index]
            if replacement is None:
                continue
            spec = (spec[0], replacement, *spec[2:])
        elif "(?P<kernel_id>" in str(spec[0]):
            raise RuntimeError(f"unguarded route to a kernel: {spec[0]} ({handler})")
        guarded.append(spec)
    return guarded
