"""The few pages the server writes itself, without a kernel: small, escaped, in the room's language.

- the "you are in line" page a phone gets when no participant kernel became ready in time;
- the notice pages of facilitator sign-in (refused, link used up);
- the page watchdog script, with every language's messages filled in.

They are plain HTML with inline styles: no script, nothing from another host, readable on a
phone over a weak connection.
"""

from __future__ import annotations

import html
import json
import os
from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"


@cache
def default_language() -> str:
    """The community profile's language (what a page speaks when nothing else says)."""
    from workshop_kit.i18n import normalise_language
    from workshop_kit.paths import sample_profile_path
    from workshop_kit.profile import PROFILE_VARIABLE, ProfileError, load_profile

    try:
        profile = load_profile(os.environ.get(PROFILE_VARIABLE) or sample_profile_path())
    except ProfileError:
        return "en"
    return normalise_language(profile.language)


def _page(language: str, title: str, text: str, head: str = "", marker: str = "") -> str:
    """A one-message page; ``title`` and ``text`` are escaped here, ``head`` is trusted markup."""
    title, text = html.escape(title), html.escape(text)
    return (
        f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"{head}<title>{title}</title></head>"
        f"<body {marker} "
        'style="font:18px/1.5 sans-serif;margin:0;padding:12vh 8vw;'
        'background:#fafafa;color:#222;text-align:center">'
        f'<h1 style="font-size:1.4em">{title}</h1><p class="wk-notice-text">{text}</p>'
        "</body></html>"
    )


def waiting_page(language: str, retry_url: str, retry_after: float) -> str:
    """The small "you are in line" page: no kernel, no script needed, retries by itself."""
    from workshop_kit.i18n import Translator, normalise_language

    language = normalise_language(language)
    t = Translator(language)
    target = html.escape(retry_url, quote=True)
    refresh = f'<meta http-equiv="refresh" content="{retry_after:.1f};url={target}">'
    return _page(
        language,
        t("serving.busy_title"),
        t("serving.busy_text"),
        head=refresh,
        marker='data-wk-waiting="1"',
    )


def notice_page(language: str, title_key: str, text_key: str) -> str:
    """A page that only says something (a refusal, a used sign-in link)."""
    from workshop_kit.i18n import Translator, normalise_language

    language = normalise_language(language)
    t = Translator(language)
    return _page(language, t(title_key), t(text_key), marker='data-wk-notice="1"')


def moving_on_page(language: str, title_key: str, text_key: str, target: str) -> str:
    """A page that says something and moves on to ``target`` (a same-origin address) at once."""
    from workshop_kit.i18n import Translator, normalise_language

    language = normalise_language(language)
    t = Translator(language)
    address = html.escape(target, quote=True)
    refresh = f'<meta http-equiv="refresh" content="0;url={address}">'
    return _page(language, t(title_key), t(text_key), head=refresh, marker='data-wk-notice="1"')


@cache
def watchdog_script() -> str:
    """``watchdog.js`` with every language's messages and the default language filled in."""
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
