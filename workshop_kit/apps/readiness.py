"""The hub's "ready for N phones" line, and the box that changes N.

The server keeps participant kernels ready before people arrive (``serving/pools.py``) and
reports it at ``/wk/api/pool``. This module reads that report from the hub's kernel (the
server is on this same machine), words it for the facilitator, and sends a new number of
phones with the facilitator key. Reading is pure (:func:`readiness_sentence`), so it is tested
without a server.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from workshop_kit.auth import KEY_HEADER
from workshop_kit.core.context import server_address
from workshop_kit.core.widgets import LivePoll, MessageArea, escape, on_press
from workshop_kit.i18n import Translator

POLL_SECONDS = 3.0
#: Memory a participant kernel is assumed to need before one has been measured, in MB.
ASSUMED_KERNEL_MB = 60.0
MAX_PARTICIPANTS = 500


def pool_url() -> str | None:
    """Where this kernel's server reports its pools (``None`` outside ``workshop-kit serve``)."""
    address = server_address()
    return f"{address}wk/api/pool" if address else None


@dataclass(frozen=True)
class Readiness:
    """What the facilitator is told: one sentence, and whether it is a warning."""

    text: str
    level: str  # "ok", "info" or "warning"


def phones_that_fit(status: dict[str, Any]) -> int:
    """How many more participant kernels the free memory holds, beyond those already ready."""
    kernel_mb = status.get("kernel_mb") or ASSUMED_KERNEL_MB
    return int(status.get("ready", 0) + status.get("available_mb", 0) // kernel_mb)


def readiness_sentence(status: dict[str, Any], t: Translator) -> Readiness:
    """Word the pool report: ready, getting ready (and who is waiting), or too little memory."""
    target, ready = int(status["target"]), int(status["ready"])
    fits = min(phones_that_fit(status), int(status.get("ceiling", target)))
    if target > fits:
        return Readiness(t("serving.pool_memory", target=target, fits=fits), "warning")
    if ready >= target:
        return Readiness(t("serving.pool_ready", count=target), "ok")
    text = t("serving.pool_filling", target=target, ready=ready)
    waiting = int(status.get("waiting", 0))
    if waiting:
        text += " · " + t("serving.pool_waiting", count=waiting)
    return Readiness(text, "info")


def read_pool_status(url: str, key: str, timeout: float = 2.0) -> dict[str, Any] | None:
    """The server's pool report (for the facilitator only), or ``None`` if it cannot be read
    just now."""
    request = urllib.request.Request(url, headers={KEY_HEADER: key})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310 - local
            return json.loads(reply.read())
    except (OSError, ValueError):
        return None


def ask_for_participants(url: str, key: str, participants: int) -> dict[str, Any]:
    """Ask the server to keep ``participants`` kernels ready (needs the facilitator key)."""
    body = json.dumps({"key": key, "participants": participants}).encode()
    request = urllib.request.Request(  # noqa: S310 - local server
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as reply:  # noqa: S310
        return json.loads(reply.read())


class ReadinessBox(widgets.VBox):
    """ "Ready for N phones" and a number box to change N, refreshed every few seconds."""

    def __init__(self, t: Translator, key: str, url: str | None = None, poll: bool = True) -> None:
        self.t = t
        self.key = key
        self.url = url or pool_url()
        self.line = widgets.HTML()
        self.line.add_class("wk-readiness")
        self.messages = MessageArea()
        self.number = widgets.BoundedIntText(
            value=0,
            min=0,
            max=MAX_PARTICIPANTS,
            description=t("serving.pool_label"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.number.add_class("wk-readiness-number")
        apply = widgets.Button(description=t("serving.pool_apply"))
        apply.add_class("wk-readiness-apply")
        on_press(apply, self._apply, self.messages, t)
        super().__init__(
            [self.line, widgets.HBox([self.number, apply, self.messages])],
            layout=widgets.Layout(margin="8px 0"),
        )
        self.add_class("wk-readiness-box")
        self.poller: LivePoll | None = None
        if self.url is None:
            self.line.value = f"<p>{escape(t('serving.pool_unavailable'))}</p>"
            self.children = [self.line]
            return
        status = read_pool_status(self.url, self.key)
        if status is not None:
            self.number.value = min(int(status["target"]), MAX_PARTICIPANTS)
        self.show(status)
        if poll:
            self.poller = LivePoll(
                lambda: read_pool_status(self.url or "", self.key), self.show, POLL_SECONDS
            )
            self.poller.start()

    def show(self, status: dict[str, Any] | None) -> None:
        if status is None:
            return  # keep the last sentence: the server is busy, not gone
        readiness = readiness_sentence(status, self.t)
        self.line.value = f'<p class="wk-message-{readiness.level}">{escape(readiness.text)}</p>'

    def _apply(self, _button: widgets.Button) -> None:
        if self.url is None:
            return
        try:
            status = ask_for_participants(self.url, self.key, int(self.number.value))
        except urllib.error.HTTPError:
            self.messages.show(self.t("session.refused"), "error")
            return
        self.messages.clear()
        self.show(status)
