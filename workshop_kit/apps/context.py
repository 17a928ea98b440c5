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
    KEY_HASH_VARIABLE,
    Facilitator,
    facilitator_from_query,
    query_parameters,
)
from workshop_kit.i18n import Translator, normalise_language
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import Profile, load_profile

PROFILE_VARIABLE = "WORKSHOP_KIT_PROFILE"
PUBLIC_URL_VARIABLE = "WORKSHOP_KIT_PUBLIC_URL"


def under_voila() -> bool:
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/") or (
        os.environ.get("VOILA_PREHEAT") == "True"
    )


def wait_for_request() -> None:
    """Block a pre-heated kernel until its page is requested (no-op otherwise)."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import wait_for_request as voila_wait

        voila_wait()


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


def page_context(wait: bool = True) -> PageContext:
    """Read the request (waiting for it in a pre-heated kernel) and load the profile."""
    if wait:
        wait_for_request()
    voila = under_voila()
    query_string = os.environ.get("QUERY_STRING", "")
    query = query_parameters(query_string)
    profile = load_profile(os.environ.get(PROFILE_VARIABLE) or sample_profile_path())
    language = normalise_language(query.get("lang") or profile.language)
    facilitator = facilitator_from_query(
        query_string, os.environ.get(KEY_HASH_VARIABLE), trusted_local=not voila
    )
    return PageContext(
        profile=profile,
        query=query,
        facilitator=facilitator,
        language=language,
        public_url=os.environ.get(PUBLIC_URL_VARIABLE, "").rstrip("/"),
        voila=voila,
        store_url=os.environ.get("WORKSHOP_KIT_DB"),
    )
