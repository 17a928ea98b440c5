"""Facilitator sign-in without the key in any address.

The facilitator key used to travel in every facilitator link (``?key=…``): printed on a
terminal that may be on the projector, kept in browser history, sent in clear over the hall's
Wi-Fi. Now:

- ``workshop-kit serve`` prints a **one-time sign-in link** (``/wk/sign-in/<token>``). Opening
  it sets an HttpOnly, SameSite=Strict cookie signed by the server, and redirects to the hub
  at a clean address. The token works once and expires after :data:`LINK_LIFETIME_SECONDS`.
- Every facilitator page is refused by the server, before any kernel is used, unless the
  request carries that cookie for the **current** key. Rotating the key
  (``workshop-kit key rotate``) therefore signs everyone out.
- The cookie holds the address it was issued to, and is refused from any other: on a hall's
  Wi-Fi served over plain HTTP (``--lan``) a cookie read off the air is worth nothing from
  another device. Behind an HTTPS proxy on the laptop (docs/deploying.md) every request comes
  from the proxy, and the cookie never crosses the air in clear.
- The page's kernel never receives the key through anything a visitor could open: the server
  tells a facilitator page's kernel only that its visitor signed in
  (:mod:`workshop_kit.serving.ownership`), and the kernel reads the key from the data folder.

This module holds the server-side state (the key, the unused tokens); the handlers live in
:mod:`workshop_kit.serving.app`.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workshop_kit.auth import hash_key

#: The cookie that proves a browser signed in as the facilitator.
COOKIE_NAME = "wk_facilitator"
#: How long a sign-in lasts in a browser (a long workshop day).
COOKIE_DAYS = 1
#: How long an unused sign-in link stays valid.
LINK_LIFETIME_SECONDS = 24 * 3600
SIGN_IN_PATH = "wk/sign-in/"


@dataclass
class FacilitatorSignIn:
    """The server's facilitator key and the one-time sign-in tokens it has issued."""

    key: str
    _tokens: dict[str, float] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:  # never print the key, even in a traceback
        return "FacilitatorSignIn(key=<hidden>)"

    @property
    def key_hash(self) -> str:
        return hash_key(self.key)

    def issue(self) -> str:
        """A new one-time token (stored only as its hash)."""
        token = secrets.token_urlsafe(24)
        self._tokens[hash_key(token)] = time.monotonic() + LINK_LIFETIME_SECONDS
        return token

    def redeem(self, token: str) -> bool:
        """Whether ``token`` is valid now; it is used up either way."""
        expires = self._tokens.pop(hash_key(token), None)
        self._forget_expired()
        return expires is not None and time.monotonic() < expires

    def cookie_value(self, address: str) -> str:
        """What the sign-in cookie holds: the key's hash, and the address it was issued to."""
        return f"{self.key_hash} {address}"

    def cookie_proves_facilitator(self, cookie_value: bytes | str | None, address: str) -> bool:
        """A signed cookie's value was issued for the current key, to this address."""
        if not cookie_value:
            return False
        value = cookie_value.decode() if isinstance(cookie_value, bytes) else cookie_value
        return hmac.compare_digest(value, self.cookie_value(address))

    def key_matches(self, key: str) -> bool:
        return hmac.compare_digest(hash_key(key), self.key_hash)

    def _forget_expired(self) -> None:
        now = time.monotonic()
        for token_hash in [h for h, expires in self._tokens.items() if expires <= now]:
            del self._tokens[token_hash]


COOKIE_SECRET_FILE = "cookie.secret"  # noqa: S105 - a file name, not a secret


def persistent_cookie_secret(folder: Path) -> bytes:
    """The secret that signs sign-in cookies, kept in the data folder (mode 0600).

    Voilà draws a new one at every start, which would sign the facilitator out whenever the
    laptop's server restarts mid-workshop (a crash, a closed lid). Kept here, a restart keeps
    them signed in; rotating the key still signs everyone out, because the cookie holds the
    key's hash, which no longer matches.
    """
    path = folder / COOKIE_SECRET_FILE
    with contextlib.suppress(OSError):
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    from workshop_kit.paths import private_dir

    private_dir(folder)
    secret = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secret)
    return secret


_current: FacilitatorSignIn | None = None


def install(sign_in: FacilitatorSignIn) -> FacilitatorSignIn:
    """Make ``sign_in`` the server's (``workshop-kit serve`` does this before starting)."""
    global _current
    _current = sign_in
    return sign_in


def current() -> FacilitatorSignIn | None:
    """The server's sign-in state, or ``None`` if it has no facilitator key."""
    return _current


def cookies_secure(handler: Any) -> bool:
    """Whether cookies should say ``Secure``: the request came over HTTPS, or phones reach this
    server through an HTTPS proxy (``--public-url https://…``, docs/deploying.md)."""
    public = os.environ.get("WORKSHOP_KIT_PUBLIC_URL", "")
    return handler.request.protocol == "https" or public.startswith("https://")


def browser_signed_in(handler: Any) -> bool:
    """Whether the request ``handler`` serves carries this server's sign-in cookie for the
    current key, from the address it was issued to (any Tornado request handler)."""
    state = current()
    if state is None:
        return False
    cookie = handler.get_signed_cookie(COOKIE_NAME, max_age_days=COOKIE_DAYS)
    return state.cookie_proves_facilitator(cookie, handler.request.remote_ip or "")
