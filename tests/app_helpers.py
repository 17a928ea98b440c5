"""Driving the apps in-process: a page context, finding widgets, reading what a page says."""

from __future__ import annotations

import ipywidgets as widgets

from workshop_kit.apps.participant import ParticipantApp
from workshop_kit.auth import Facilitator
from workshop_kit.core.context import PageContext

FACILITATOR = Facilitator(key_hash="f" * 64)


def context(profile, query=None, language="en", facilitator=FACILITATOR) -> PageContext:
    return PageContext(
        profile=profile,
        query=query or {},
        facilitator=facilitator,
        language=language,
        public_url="http://127.0.0.1:8866",
    )


def find(root: widgets.Widget, kind: type, css: str | None = None) -> list[widgets.Widget]:
    """Every widget of ``kind`` below ``root`` (optionally with a CSS class)."""
    found = []
    stack = [root]
    while stack:
        widget = stack.pop()
        if isinstance(widget, kind) and (css is None or css in widget._dom_classes):
            found.append(widget)
        stack.extend(getattr(widget, "children", ()))
    return found


def text_of(root: widgets.Widget) -> str:
    return " ".join(w.value for w in find(root, widgets.HTML))


def joined_participant(store, profile, code) -> ParticipantApp:
    app = ParticipantApp(context(profile, {"code": code}, facilitator=None), store, poll=False)
    find(app, widgets.Button, "wk-consent")[0].click()
    return app


def click(root: widgets.Widget, css: str) -> None:
    """Press the one button of class ``css`` (a test fails if there is none, or several)."""
    buttons = find(root, widgets.Button, css)
    assert len(buttons) == 1, f"{len(buttons)} buttons .{css}"
    buttons[0].click()


def answer_welcome(app: ParticipantApp, group: str) -> None:
    """Answer the warm-up on a phone and wait for it to say so."""
    find(app, widgets.RadioButtons, "wk-welcome-group")[0].value = group
    click(app, "wk-submit")
    assert "Saved" in text_of(app)
