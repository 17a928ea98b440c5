"""What a hostile phone on the hall's Wi-Fi does, in a few lines each: plain HTTP and websockets,
no browser (a browser would refuse to do most of it).

A :class:`Page` is one page request: the kernel it was handed and the cookies that came with it
(the page secret among them), as a script keeps them.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from workshop_kit.serving.frames import V1_PROTOCOL, v1_frame, v1_offsets, v1_part

KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')
#: ipywidgets' protocol versions (a message without them is refused by the kernel).
WIDGET_PROTOCOL = {"version": "2.1.0"}
CONTROL_PROTOCOL = {"version": "1.0.0"}


@dataclass
class Page:
    """One page request: its kernel, and the cookies a script kept from the answer."""

    kernel_id: str
    opener: urllib.request.OpenerDirector
    jar: http.cookiejar.CookieJar

    def cookie_header(self, only: str = "") -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar if c.name.startswith(only))

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)


def new_opener() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def open_page(server, notebook: str = "participant.ipynb", opener=None, jar=None) -> Page:
    """GET a page as a browser does, then ask about its kernel as the page's watchdog does
    (a script that stopped after the GET would have its kernel freed within seconds)."""
    if opener is None:
        opener, jar = new_opener()
    deadline = time.monotonic() + 180
    while True:  # "you are in line" (503) is retried, as the waiting page does by itself
        try:
            with opener.open(server.url(notebook), timeout=180) as reply:
                page = Page(KERNEL_ID.search(reply.read().decode())[1], opener, jar)
                break
        except urllib.error.HTTPError as busy:
            if busy.code != 503 or time.monotonic() > deadline:
                raise
            time.sleep(2)
    with opener.open(f"{server.base_url}/wk/api/kernel/{page.kernel_id}", timeout=10):
        pass
    return page


def signed_in(server, notebook: str | None = None) -> Page:
    """The facilitator's browser: signed in with a one-time link, then on ``notebook``."""
    opener, jar = new_opener()
    with opener.open(server.sign_in_url(notebook), timeout=30) as reply:
        moving_on = reply.read().decode()
    target = html.unescape(re.search(r'content="0;url=/voila/render/([^"?]+)', moving_on)[1])
    return open_page(server, target, opener, jar)


def kernel_id_of(pid: int) -> str:
    """A kernel's id as any local account reads it: from its command line."""
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    return re.search(r"kernel-([0-9a-f-]{36})\.json", cmdline)[1]


def ws_url(server, path: str) -> str:
    return server.base_url.replace("http://", "ws://") + path


@contextlib.contextmanager
def channels(
    server, kernel_id: str, cookies: str = "", protocol: str | None = V1_PROTOCOL
) -> Iterator[ClientConnection]:
    """The kernel's channels websocket, opened with these cookies (raises ``InvalidStatus``
    when the server refuses it)."""
    headers = {"Cookie": cookies} if cookies else {}
    with connect(
        ws_url(server, f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"),
        subprotocols=[protocol] if protocol else None,
        additional_headers=headers,
        open_timeout=15,
        max_size=None,
    ) as socket:
        yield socket


def open_channels(server, kernel_id: str, cookies: str = "", protocol: str | None = V1_PROTOCOL):
    """Open the kernel's channels and close them again (for :func:`refusal`)."""
    with channels(server, kernel_id, cookies, protocol):
        pass


def register_for_request(server, kernel_id: str, headers: dict[str, str]) -> None:
    """Register on ``/voila/query/<id>`` as a pre-heated kernel does, and read the request."""
    url = ws_url(server, f"/voila/query/{kernel_id}")
    with connect(url, additional_headers=headers, open_timeout=10) as socket:
        socket.recv(timeout=5)


def refusal(attempt, *args, **kwargs) -> int | None:
    """The HTTP status with which the server refused ``attempt(*args, **kwargs)`` (``None``: it
    did not)."""
    try:
        attempt(*args, **kwargs)
    except InvalidStatus as error:
        return error.response.status_code
    except urllib.error.HTTPError as error:
        return error.code
    return None


def message(kind: str, content: dict, metadata: dict | None = None, buffers=()) -> bytes:
    """A v1 frame carrying one message on the shell channel."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "username": "phone",
        "session": "phone",
        "msg_type": kind,
        "version": "5.3",
        "date": "2026-01-01T00:00:00Z",
    }
    parts = [header, {}, metadata or {}, content]
    return v1_frame("shell", [json.dumps(part).encode() for part in parts] + list(buffers))


def received(socket: ClientConnection, seconds: float, until=None) -> list[bytes]:
    """Every frame the server sends within ``seconds`` (fewer if it closes the socket), or up
    to the first for which ``until(frame)`` holds."""
    frames: list[bytes] = []
    deadline = time.monotonic() + seconds
    with contextlib.suppress(ConnectionClosed):
        while (left := deadline - time.monotonic()) > 0:
            with contextlib.suppress(TimeoutError):
                frames.append(socket.recv(timeout=left))
                if until is not None and until(frames[-1]):
                    break
    return frames


def comm_messages(frames: list[bytes]) -> list[dict]:
    """The content of the ``comm_msg`` frames among ``frames``."""
    contents = []
    for frame in frames:
        header = v1_part(frame, 0) if isinstance(frame, bytes) else None
        if header and header.get("msg_type") == "comm_msg":
            contents.append(v1_part(frame, 3))
    return contents


def frame_buffers(frame: bytes) -> int:
    offsets = v1_offsets(frame)
    return 0 if offsets is None else len(offsets) - 6


def widget_classes(server, page: Page) -> set[str]:
    """The CSS classes of every widget of a page, read from its kernel as the page's front end
    reads them (its own socket, its own cookies)."""
    with channels(server, page.kernel_id, page.cookie_header()) as socket:
        comm = uuid.uuid4().hex
        socket.send(
            message(
                "comm_open",
                {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
                CONTROL_PROTOCOL,
            )
        )
        socket.send(message("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for content in comm_messages(received(socket, 1)):
                states = content.get("data", {}).get("states")
                if states:
                    return {
                        name
                        for model in states.values()
                        for name in model["state"].get("_dom_classes", [])
                    }
    raise AssertionError("the page's kernel never sent its widgets")


def answers_within_a_second(server) -> bool:
    """The server answers the join link (a redirect it writes itself) within one second."""
    parts = urlsplit(server.base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=1)
    try:
        connection.request("GET", "/join/ABCDEF")
        return connection.getresponse().status == 302
    except OSError:
        return False
    finally:
        connection.close()
