"""The kit's own small HTTP handlers beside Voilà's pages.

- ``/join/<CODE>`` and ``/``: short links to the participant app (the projector's link);
- ``/wk/sign-in/<token>``: one-time facilitator sign-in (sets the cookie, clean redirect);
- ``/wk/api/sign-in-link``: a new one-time link, for whoever holds the facilitator key;
- ``/wk/api/pool``: how ready the server is for the room, and how many phones to get ready
  for (the signed-in facilitator, or whoever holds the key: the hub's kernel, the tests);
- ``/wk/api/kernel/<id>``: whether a page's kernel still runs (the page watchdog asks, with
  its page secret; whoever holds the key may ask about any kernel);
- ``/wk/static/watchdog.js``: the page watchdog, with its messages;
- ``/wk/notes/<stem>``: a notebook's facilitator notes, for the facilitator's second screen
  (the signed-in facilitator only; the projector keeps the page, the laptop's own screen or a
  tablet shows the notes).

Every response says ``Referrer-Policy: no-referrer`` and none of them starts a kernel.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from functools import cache
from typing import Any
from urllib.parse import quote

import tornado.web

from workshop_kit.auth import KEY_HEADER
from workshop_kit.serving import signin
from workshop_kit.serving.guards import refuse_unless_reachable
from workshop_kit.serving.pages import (
    default_language,
    moving_on_page,
    notes_page,
    notice_page,
    watchdog_script,
)
from workshop_kit.serving.pools import HUB_NOTEBOOK, PARTICIPANT_NOTEBOOK

#: Where a sign-in may send the browser next: a notebook page or the facilitator notes of this
#: server, nothing else.
SAFE_NEXT = re.compile(
    r"^(voila/render/[\w.-]+\.ipynb|wk/notes/[\w-]{0,64})(\?[\w=&%.+-]{0,200})?$"
)


class KitHandler(tornado.web.RequestHandler):
    """Base of the kit's handlers: no referrer leaves any page, nothing is cached."""

    def set_default_headers(self) -> None:
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")

    def json(self, value: Any) -> None:
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps(value))

    def json_body(self) -> dict[str, Any]:
        """The request's JSON object, or a 400."""
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise tornado.web.HTTPError(400) from None
        if not isinstance(body, dict):
            raise tornado.web.HTTPError(400)
        return body

    def require_facilitator_key(self, body: dict[str, Any]) -> signin.FacilitatorSignIn:
        """The server's sign-in state if ``body["key"]`` is the facilitator key, else a 403."""
        state = signin.current()
        key = body.get("key")
        if state is None or not isinstance(key, str) or not state.key_matches(key):
            raise tornado.web.HTTPError(403)
        return state

    def holds_facilitator_key(self) -> bool:
        """The request carries the facilitator key in :data:`KEY_HEADER` (never in its URL,
        which the access log prints)."""
        state = signin.current()
        key = self.request.headers.get(KEY_HEADER)
        return state is not None and bool(key) and state.key_matches(key)

    def check_xsrf_cookie(self) -> None:
        """The kit's POSTs carry the facilitator key itself: there is no cookie to forge."""

    def signed_in_facilitator(self) -> bool:
        """The browser carries the sign-in cookie of the current facilitator key."""
        return signin.browser_signed_in(self)


class JoinRedirectHandler(KitHandler):
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
    from workshop_kit.core.store import StoreError

    if code not in _SESSION_LANGUAGES:
        try:
            _SESSION_LANGUAGES[code] = server_store().session(code).language
        except StoreError:
            return None  # unknown code: the participant page says so, in the default language
    return _SESSION_LANGUAGES[code]


@cache
def server_store() -> Any:
    """The store, opened once by the server process (kernels open their own)."""
    from workshop_kit.core.store import open_store

    return open_store(os.environ.get("WORKSHOP_KIT_DB"))


class SignInHandler(KitHandler):
    """``/wk/sign-in/<token>``: a one-time link becomes a facilitator cookie, then the hub."""

    def initialize(self, server_url: str) -> None:
        self.server_url = server_url

    def get(self, token: str) -> None:
        state = signin.current()
        if state is None or not state.redeem(token):
            self.set_status(403)
            self.write(
                notice_page(default_language(), "serving.sign_in_title", "serving.sign_in_used")
            )
            return
        self.set_signed_cookie(
            signin.COOKIE_NAME,
            state.cookie_value(self.request.remote_ip or ""),
            expires_days=signin.COOKIE_DAYS,
            httponly=True,
            samesite="Strict",
            secure=signin.cookies_secure(self),
            path=self.server_url,
        )
        after = self.get_query_argument("next", "")
        target = after if SAFE_NEXT.match(after) else f"voila/render/{HUB_NOTEBOOK}"
        # Not an HTTP redirect: a browser follows a redirect as part of the navigation that
        # brought it here, which is cross-site when the link was clicked in a chat or a mail,
        # and then withholds the new SameSite=Strict cookie. A page that moves on by itself
        # starts a same-site navigation, which carries it.
        self.write(
            moving_on_page(
                default_language(),
                "serving.sign_in_title",
                "serving.signed_in",
                self.server_url + target,
            )
        )


class SignInLinkHandler(KitHandler):
    """``POST /wk/api/sign-in-link`` with ``{"key": …}``: a new one-time sign-in link."""

    def initialize(self, server_url: str) -> None:
        self.server_url = server_url

    def post(self) -> None:
        body = self.json_body()
        token = self.require_facilitator_key(body).issue()
        link = f"{self.request.protocol}://{self.request.host}{self.server_url}"
        link += f"{signin.SIGN_IN_PATH}{token}"
        after = body.get("next")
        if isinstance(after, str) and SAFE_NEXT.match(after):
            link += f"?next={quote(after)}"
        self.json({"link": link})


class PoolHandler(KitHandler):
    """``GET /wk/api/pool``: how ready the server is for the room (JSON), for the signed-in
    facilitator or the key's holder (it lists kernel pids and memory).

    ``POST`` with ``{"key": <facilitator key>, "participants": N}`` changes how many phones
    to get ready for.
    """

    def get(self) -> None:
        if not (self.signed_in_facilitator() or self.holds_facilitator_key()):
            raise tornado.web.HTTPError(403)
        manager = self.settings["kernel_manager"]
        if not hasattr(manager, "pool_status"):
            raise tornado.web.HTTPError(404)
        self.json(manager.pool_status())

    def post(self) -> None:
        manager = self.settings["kernel_manager"]
        body = self.json_body()
        self.require_facilitator_key(body)
        try:
            participants = int(body["participants"])
        except (KeyError, TypeError, ValueError):
            raise tornado.web.HTTPError(400) from None
        if not 0 <= participants <= 500 or not hasattr(manager, "set_participant_target"):
            raise tornado.web.HTTPError(400)
        manager.set_participant_target(participants)
        self.json(manager.pool_status())


class KernelAliveHandler(KitHandler):
    """``GET /wk/api/kernel/<id>``: 204 if the page's kernel is running, else 404; 403 to
    anyone but that page (and the key's holder).

    Kernels are not restarted when they die (``autorestart`` is off in voila.json): a
    restarted kernel would be blank, and its page would show a form that no longer answers.
    The page's watchdog reloads instead, into a ready kernel, as the same participant. Its
    first question, as soon as the page has loaded, also tells the server that a browser took
    the page up (see :meth:`~workshop_kit.serving.pools.KernelPools.page_seen`).
    """

    async def get(self, kernel_id: str) -> None:
        manager = self.settings["kernel_manager"]
        if not self.holds_facilitator_key():
            refuse_unless_reachable(self, kernel_id)
            if hasattr(manager, "page_seen"):
                manager.page_seen(kernel_id)
        if kernel_id not in manager:
            raise tornado.web.HTTPError(404)
        if not await manager.get_kernel(kernel_id).is_alive():
            with contextlib.suppress(Exception):  # tidy up; the answer is the same
                await manager.shutdown_kernel(kernel_id, now=True)
            raise tornado.web.HTTPError(404)
        self.set_status(204)


class NotesHandler(KitHandler):
    """``/wk/notes/<stem>?lang=fr``: a notebook's facilitator notes as a plain page, for the
    signed-in facilitator's own screen (``/wk/notes/``: the list of every notebook's notes).

    Why a page of the server and not of a kernel: it starts no kernel, opens at once on a
    tablet or a second window, and has nothing to run. Participants never get it: without the
    facilitator's cookie it answers 403, as a facilitator notebook does.
    """

    def initialize(self, server_url: str) -> None:
        self.server_url = server_url

    def get(self, stem: str = "") -> None:
        if not self.signed_in_facilitator():
            self.set_status(403)
            self.write(
                notice_page(default_language(), "serving.sign_in_title", "serving.sign_in_needed")
            )
            return
        from workshop_kit.core.notes import NotesError

        language = self.get_query_argument("lang", "") or default_language()
        try:
            page = notes_page(stem, language, f"{self.server_url}wk/notes/")
        except NotesError as error:  # a trainer's typo in a notes file: say where, plainly
            self.set_status(500)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.write(str(error))
            return
        if page is None:
            raise tornado.web.HTTPError(404)
        # No script may run on this page, and it loads nothing from anywhere.
        self.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        self.write(page)


class WatchdogScriptHandler(KitHandler):
    """``/wk/static/watchdog.js`` with the messages of every language filled in."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Cache-Control", "max-age=600")

    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.write(watchdog_script())


def kit_handlers(server_url: str) -> list[tuple]:
    """The routes above, under ``server_url`` (which ends with ``/``)."""
    with_url = {"server_url": server_url}
    return [
        (rf"{server_url}join/([A-Za-z0-9-]{{1,20}})/?", JoinRedirectHandler, with_url),
        (rf"{server_url}join/?", JoinRedirectHandler, with_url),
        (rf"{server_url}?", JoinRedirectHandler, with_url),
        (rf"{server_url}{signin.SIGN_IN_PATH}([\w-]{{8,64}})", SignInHandler, with_url),
        (rf"{server_url}wk/api/sign-in-link", SignInLinkHandler, with_url),
        (rf"{server_url}wk/api/pool", PoolHandler),
        (rf"{server_url}wk/api/kernel/([\w-]{{1,64}})", KernelAliveHandler),
        (rf"{server_url}wk/static/watchdog\.js", WatchdogScriptHandler),
        (rf"{server_url}wk/notes/?", NotesHandler, with_url),
        (rf"{server_url}wk/notes/([A-Za-z0-9_-]{{1,64}})", NotesHandler, with_url),
    ]
