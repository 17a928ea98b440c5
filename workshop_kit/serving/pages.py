"""The few pages the server writes itself, without a kernel: small, escaped, in the room's language.

- the "you are in line" page a phone gets when no participant kernel became ready in time;
- the notice pages of facilitator sign-in (refused, link used up);
- the page watchdog script, with every language's messages filled in;
- the facilitator notes of a notebook, for the facilitator's second screen (``/wk/notes/``).

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


NOTES_PAGE_CSS = """
body { font: 17px/1.5 sans-serif; color: #222; max-width: 900px; margin: 0 auto;
  padding: 1em 1.2em 3em; background: #fff; }
.wk-keep-off { background: #fff4d6; border-left: 4px solid #E69F00; padding: 6px 10px; }
nav { font-size: 15px; margin: .5em 0 1em; }
nav a { margin-right: .8em; }
nav .wk-current { font-weight: 700; }
@media print { nav, .wk-keep-off { display: none; } }
"""


def notes_page(stem: str, language: str, base: str = "/wk/notes/") -> str | None:
    """A notebook's facilitator notes as a page of their own, for the facilitator's second
    screen (``stem`` empty: the list of every notebook's notes); ``None`` for unknown notes.

    No script at all, nothing from another host; ``base`` is the address of the notes (the
    server's own ``/wk/notes/``), which the page's links start with. Raises
    :class:`~workshop_kit.core.notes.NotesError` when the notes file is malformed.
    """
    from workshop_kit.core.notes import NOTES_CSS, load_notes, notes_html, notes_stems
    from workshop_kit.i18n import Translator, available_languages, normalise_language

    language = normalise_language(language)
    t = Translator(language)
    stems = notes_stems()
    if stem and stem not in stems:
        return None
    everything = {s: load_notes(s, language) for s in stems}
    notes = everything.get(stem)
    title = t("notes.page_title", title=notes.title) if notes else t("notes.all")

    def link(target: str, text: str, current: bool) -> str:
        marker = ' class="wk-current" aria-current="page"' if current else ""
        href = html.escape(f"{base}{target}?lang={language}", quote=True)
        return f'<a href="{href}"{marker}>{html.escape(text)}</a>'

    pages = " ".join(
        link(s, n.short_title, s == stem) for s, n in everything.items() if n is not None
    )
    languages = " · ".join(
        f'<a href="?lang={code}" lang="{code}">'
        f"{html.escape(Translator(code)('notes.language_name'))}</a>"
        for code in available_languages()
        if code != language
    )
    if notes is not None:
        body = f"<h1>{html.escape(notes.title)}</h1>{notes_html(notes, t, level=2)}"
    else:
        items = "".join(
            f"<li>{link(s, n.title, False)}</li>" for s, n in everything.items() if n is not None
        )
        body = f"<h1>{html.escape(t('notes.all'))}</h1><ul>{items}</ul>"
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{html.escape(title)}</title><style>{NOTES_CSS}{NOTES_PAGE_CSS}</style></head>"
        f'<body data-wk-notes="{html.escape(stem)}">'
        f'<p class="wk-keep-off">{html.escape(t("notes.keep_off"))}</p>'
        f"<nav>{pages} | {languages}</nav>{body}</body></html>"
    )
