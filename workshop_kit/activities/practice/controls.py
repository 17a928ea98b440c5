"""The small parts every tab of the Community of Practice page builds with: fields and buttons
wide enough for French labels, headings, the check of a typed name, and offering exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.practice.answers import MAX_NAME
from workshop_kit.core.exports import ExportFile, save_exports
from workshop_kit.core.widgets import MessageArea, download_links, escape
from workshop_kit.i18n import Translator


def wide(description: str, **kwargs: Any) -> dict[str, Any]:
    """Keyword arguments of a labelled field as wide as the page allows (520 px at most)."""
    return {
        "description": description,
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="min(100%, 520px)"),
        **kwargs,
    }


def button(description: str, **kwargs: Any) -> widgets.Button:
    """A button as wide as its words (the default width cuts French labels short)."""
    kwargs.setdefault("layout", widgets.Layout(width="auto", min_width="120px"))
    return widgets.Button(description=description, **kwargs)


def heading(text: str, level: int = 3) -> widgets.HTML:
    return widgets.HTML(f"<h{level}>{escape(text)}</h{level}>")


def typed_name(text: str) -> str:
    """A name as typed, with runs of spaces (and line breaks) made one space."""
    return " ".join(text.split())


def name_refusal(name: str, t: Translator, required: str) -> str | None:
    """Why ``name`` (see :func:`typed_name`) cannot be kept, or ``None`` when it can: the
    message ``required`` when it is empty, "too long" beyond the answers' limit."""
    if not name:
        return t(required)
    if len(name) > MAX_NAME:
        return t("validation.text_too_long", limit=MAX_NAME)
    return None


def name_or_warning(text: str, messages: MessageArea, t: Translator, required: str) -> str | None:
    """The name typed in ``text`` (:func:`typed_name`), or ``None`` after a warning in
    ``messages`` saying why it cannot be kept (:func:`name_refusal`)."""
    name = typed_name(text)
    refusal = name_refusal(name, t, required)
    if refusal:
        messages.show(refusal, "warning")
        return None
    return name


def offer(files: Sequence[ExportFile], folder: str, t: Translator) -> str:
    """Save ``files`` under ``workshop-data/exports/<folder>/`` and return the links that
    offer them as downloads (:func:`workshop_kit.core.widgets.download_links`)."""
    return download_links(files, t, save_exports(files, folder))
