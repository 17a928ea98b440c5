"""Which page owns which kernel: a secret minted when the server hands a kernel to a browser.

Kernel ids were the only thing standing between a phone and any kernel: printed on the
terminal, in every kernel's command line, and enough to open a hub kernel's channels, read it,
shut it down, or register for its request and read the facilitator key (issue 17, findings
2 and 3). Now

- when the server hands a kernel to a browser (a pooled kernel taken by a visitor, or a kernel
  started for one), it mints a **page secret** and sends it as an HttpOnly, SameSite=Strict,
  signed cookie named after that kernel (:func:`page_cookie_name`); every route that reaches
  the kernel asks for it (:mod:`workshop_kit.serving.guards`), and a facilitator page's kernel
  also for the sign-in cookie;
- a pre-heated kernel gets a **kernel secret** in its environment at launch (readable only by
  the account running the server, never in a command line) and must show it, once, to
  register for its visitor's request on ``/voila/query/<id>``; nobody else can register;
- the request a kernel receives carries no credential: the server adds only whether the page
  was opened by its signed-in facilitator (:data:`~workshop_kit.auth.FACILITATOR_PAGE_VARIABLE`),
  and a facilitator page's kernel then reads the key from the data folder itself.

Kernel ids stay what they are, names: knowing one opens nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from workshop_kit.auth import FACILITATOR_PAGE_VARIABLE, KERNEL_SECRET_VARIABLE
from workshop_kit.serving.limits import memory_cap

#: The page secret's cookie is this prefix followed by the kernel id.
PAGE_COOKIE_PREFIX = "wk_page_"


def page_cookie_name(kernel_id: str) -> str:
    return f"{PAGE_COOKIE_PREFIX}{kernel_id}"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PageVisit:
    """A page request being served: who asked, and how to give its browser the page secret."""

    notebook: str
    facilitator: bool
    #: Called with the kernel id and the new page secret (the handler sets the cookie).
    handed: Callable[[str, str], None]


#: The page request the current task serves (set by the page handler around its work).
PAGE_VISIT: ContextVar[PageVisit | None] = ContextVar("PAGE_VISIT", default=None)


@dataclass(frozen=True)
class _Owner:
    secret_digest: str
    facilitator: bool


class KernelOwners:
    """The server's record of page secrets and kernel secrets (only their hashes are kept)."""

    def __init__(self) -> None:
        self._pages: dict[str, _Owner] = {}
        self._kernels: dict[str, str] = {}

    # -- pages ---------------------------------------------------------------------------------

    def bind(self, kernel_id: str, facilitator: bool) -> str:
        """A new page secret for ``kernel_id`` (a kernel is handed out once: it replaces none)."""
        secret = secrets.token_urlsafe(32)
        self._pages[kernel_id] = _Owner(_digest(secret), facilitator)
        return secret

    def admits(self, kernel_id: str, page_secret: str | None) -> bool:
        """Whether ``page_secret`` is the one minted for the page holding ``kernel_id``."""
        owner = self._pages.get(kernel_id)
        if owner is None or not page_secret:
            return False
        return hmac.compare_digest(owner.secret_digest, _digest(page_secret))

    def facilitator_page(self, kernel_id: str) -> bool:
        owner = self._pages.get(kernel_id)
        return owner is not None and owner.facilitator

    def request_extras(self, kernel_id: str) -> dict[str, str]:
        """What the server adds to the request a pre-heated kernel reads: no credential."""
        return {FACILITATOR_PAGE_VARIABLE: "1" if self.facilitator_page(kernel_id) else "0"}

    # -- kernels -------------------------------------------------------------------------------

    def expect_kernel(self, kernel_id: str, kernel_secret: str) -> None:
        self._kernels[kernel_id] = _digest(kernel_secret)

    def kernel_connects(self, kernel_id: str, kernel_secret: str | None) -> bool:
        """Whether this is the kernel itself, registering for its request; true once only."""
        expected = self._kernels.get(kernel_id)
        if expected is None or not kernel_secret:
            return False
        if not hmac.compare_digest(expected, _digest(kernel_secret)):
            return False
        del self._kernels[kernel_id]
        return True

    def forget(self, kernel_id: str) -> None:
        self._pages.pop(kernel_id, None)
        self._kernels.pop(kernel_id, None)


class PageBinding:
    """Mixed in front of :class:`~workshop_kit.serving.pools.KernelPools`: kernel secrets and
    memory caps at launch, page secrets at hand-out, both forgotten at shutdown."""

    pool_settings: Any
    track_page_kernel: Any  # from KernelPools, behind this class

    @property
    def page_owners(self) -> KernelOwners:
        owners = getattr(self, "_page_owners", None)
        if owners is None:
            owners = self._page_owners = KernelOwners()
        return owners

    def _launch_options(self, notebook_name: str, env: dict[str, str]) -> dict[str, Any]:
        """Keyword arguments for a kernel's launch: its environment, and a memory cap for a
        participant's kernel (see :mod:`workshop_kit.serving.limits`)."""
        from workshop_kit.serving.pools import PARTICIPANT_NOTEBOOK

        megabytes = getattr(getattr(self, "pool_settings", None), "participant_memory_mb", 0)
        if notebook_name == PARTICIPANT_NOTEBOOK and megabytes:
            return memory_cap(megabytes, env)
        return {"env": env}

    async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs: Any):
        """Voilà's pre-heating start, with a kernel secret in the new kernel's environment."""
        if kernel_id is not None:  # a restart: Voilà's own path, nothing new to launch
            return await super()._initialize(notebook_path, kernel_id, **kwargs)  # type: ignore[misc]
        kernel_secret = secrets.token_urlsafe(32)
        env = {**(kwargs.pop("env", None) or os.environ), KERNEL_SECRET_VARIABLE: kernel_secret}
        kwargs.update(self._launch_options(notebook_path, env))
        content = await super()._initialize(notebook_path, None, **kwargs)  # type: ignore[misc]
        # No await since the kernel started: it cannot have connected before this line.
        self.page_owners.expect_kernel(content["kernel_id"], kernel_secret)
        return content

    async def get_rendered_notebook(self, notebook_name: str, *args: Any, **kwargs: Any):
        result = await super().get_rendered_notebook(notebook_name, *args, **kwargs)  # type: ignore[misc]
        self._hand_to_visit(result[2])
        return result

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        """A kernel started for one page request (no ready one to take): bound to that page,
        and told in its environment whether the facilitator asked for it."""
        visit = PAGE_VISIT.get()
        if visit is not None:
            env = {**(kwargs.pop("env", None) or os.environ)}
            env[FACILITATOR_PAGE_VARIABLE] = "1" if visit.facilitator else "0"
            env.pop(KERNEL_SECRET_VARIABLE, None)
            kwargs.update(self._launch_options(visit.notebook, env))
        kernel_id = await super().start_kernel(*args, **kwargs)  # type: ignore[misc]
        if visit is not None:
            self._hand_to_visit(kernel_id)
            self.track_page_kernel(kernel_id)  # freed once its page has gone, as pooled ones
        return kernel_id

    def _hand_to_visit(self, kernel_id: str) -> None:
        visit = PAGE_VISIT.get()
        if visit is None:
            return
        visit.handed(kernel_id, self.page_owners.bind(kernel_id, visit.facilitator))

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> Any:
        from voila.request_info_handler import RequestInfoSocketHandler

        self.page_owners.forget(kernel_id)
        RequestInfoSocketHandler._cache.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[misc]
