"""What a page knows about itself: its profile, language, query string and visitor.

Voilà puts the request into the kernel's environment (``QUERY_STRING``, ``SERVER_SOFTWARE``);
a pre-heated kernel only gets it after :func:`voila.utils.wait_for_request`. Outside Voilà
(JupyterLab, nbval) there is no request: the notebook runs for whoever runs it, who can run
any code anyway, so they count as the facilitator.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from workshop_kit.auth import (
    KERNEL_SECRET_HEADER,
    KERNEL_SECRET_VARIABLE,
    KEY_HASH_VARIABLE,
    SIGN_IN_VARIABLE,
    Facilitator,
    facilitator_from_query,
    facilitator_of_served_page,
    query_parameters,
)
from workshop_kit.i18n import Translator, normalise_language
from workshop_kit.paths import sample_profile_path, workshop_data_dir
from workshop_kit.profile import PROFILE_VARIABLE as PROFILE_VARIABLE  # re-exported
from workshop_kit.profile import Profile, ProfileError, load_profile

PUBLIC_URL_VARIABLE = "WORKSHOP_KIT_PUBLIC_URL"


def under_voila() -> bool:
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/") or (
        os.environ.get("VOILA_PREHEAT") == "True"
    )


def server_address(scheme: str = "http") -> str | None:
    """``scheme://host:port/base/`` of the Voilà server that started this kernel (the kernel's
    own view of it, from the environment Voilà gives its kernels); ``None`` outside Voilà."""
    port = os.environ.get("VOILA_APP_PORT")
    if not port:
        return None
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    base = os.environ.get("VOILA_SERVER_URL", "/")
    if scheme == "ws":  # Voilà lets websockets have a base of their own (behind a proxy)
        base = os.environ.get("VOILA_WS_BASE_URL") or base
    return f"{scheme}://{host}:{port}{base}"


def wait_for_request() -> None:
    """Block a pre-heated kernel until its page is requested (no-op otherwise).

    Does what :func:`voila.utils.wait_for_request` does (open the server's
    ``voila/query/<kernel id>`` websocket, read the request's environment from it) without
    importing :mod:`voila.utils`, which pulls in jupyter_server and jupyterlab_server: about
    40 MB and 1.2 CPU-s in every pooled participant kernel. Opening that websocket is also
    how the server learns that this kernel is ready to be handed to a visitor.

    ``workshop-kit serve`` admits only the kernel itself there, once, on the secret it gave the
    kernel at launch (:mod:`workshop_kit.serving.ownership`); the secret leaves the environment
    as it is used.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return
    import asyncio
    import json
    import threading

    from websockets.asyncio.client import connect

    url = f"{server_address('ws')}voila/query/{os.environ['VOILA_KERNEL_ID']}"
    secret = os.environ.pop(KERNEL_SECRET_VARIABLE, "")
    headers = {KERNEL_SECRET_HEADER: secret} if secret else {}
    received: list[str] = []

    async def receive() -> None:
        # No keep-alive pings: a pooled kernel may wait for hours, and its event loop is
        # blocked by this very wait, so it could not answer them anyway.
        async with connect(
            url, open_timeout=30, ping_interval=None, additional_headers=headers
        ) as websocket:
            received.append(str(await websocket.recv()))

    # The kernel's own event loop is busy running this cell: wait on a private one.
    waiter = threading.Thread(target=lambda: asyncio.run(receive()), daemon=True)
    waiter.start()
    waiter.join()
    if received:
        os.environ.update(json.loads(received[0]))


@dataclass
class PageContext:
    profile: Profile
    query: dict[str, str]
    facilitator: Facilitator | None
    language: str
    public_url: str = ""
    voila: bool = False
    store_url: str | None = field(default=None, repr=False)

    @property
    def t(self) -> Translator:
        return Translator(self.language)

    def with_language(self, language: str | None) -> PageContext:
        """The session's language, unless the page asked for one with ``?lang=``."""
        if "lang" in self.query:
            return self
        return PageContext(
            profile=self.profile,
            query=self.query,
            facilitator=self.facilitator,
            language=normalise_language(language),
            public_url=self.public_url,
            voila=self.voila,
            store_url=self.store_url,
        )


def facilitator_page_context() -> PageContext:
    """:func:`page_context` for facilitator pages, with their heavy modules imported first.

    A facilitator page waits in the pool (pre-heated) before anyone opens it; importing pandas
    and matplotlib there, instead of after the click, is most of what makes it open in about
    the time of the hub. Participant pages must not do this: their kernels stay small.
    """
    import matplotlib.figure  # noqa: F401 - imported for its side effect: warm caches
    import pandas  # noqa: F401

    return page_context()


class UnreadableProfile(ProfileError):
    """This page's community profile cannot be used: its problems, said in the language the
    page asked for (``?lang=``; the profile's own language is unknown when it cannot be read),
    and who asked, so that a page can refuse a participant link before it says anything about
    the profile (a file path, a field name)."""

    def __init__(self, error: ProfileError, language: str, facilitator: Facilitator | None):
        super().__init__(error.problems, error.source)
        self.language = language
        self.facilitator = facilitator


def page_context(wait: bool = True) -> PageContext:
    """Read the request (waiting for it in a pre-heated kernel) and load the profile.

    Raises :class:`UnreadableProfile` (a :class:`~workshop_kit.profile.ProfileError`) when the
    profile cannot be used.
    """
    if wait:
        wait_for_request()
    voila = under_voila()
    query_string = os.environ.get("QUERY_STRING", "")
    query = query_parameters(query_string)
    if voila and os.environ.get(SIGN_IN_VARIABLE) == "1":
        # Served by `workshop-kit serve`: a key in the address is never believed.
        query.pop("key", None)
        signed_in = facilitator_of_served_page(os.environ, workshop_data_dir())
        facilitator = signed_in[0] if signed_in else None
        if signed_in:
            # Kept where the facilitator's pages have always found it (the hub asks the
            # server with it); it lives in this kernel's memory only.
            query["key"] = signed_in[1]
    else:
        facilitator = facilitator_from_query(
            query_string, os.environ.get(KEY_HASH_VARIABLE), trusted_local=not voila
        )
    asked = query.get("lang")
    try:
        # read in the language the page asked for: its problems are then said in it
        profile = load_profile(os.environ.get(PROFILE_VARIABLE) or sample_profile_path(), asked)
    except ProfileError as error:
        raise UnreadableProfile(error, normalise_language(asked), facilitator) from None
    language = normalise_language(asked or profile.language)
    return PageContext(
        profile=profile,
        query=query,
        facilitator=facilitator,
        language=language,
        public_url=os.environ.get(PUBLIC_URL_VARIABLE, "").rstrip("/"),
        voila=voila,
        store_url=os.environ.get("WORKSHOP_KIT_DB"),
    )
