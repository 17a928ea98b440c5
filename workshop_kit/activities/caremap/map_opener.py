"""The CareMap form's "Open a saved map": read a map file the caregiver downloaded earlier,
refuse one that is too large or not a CareMap in words, and ask before it replaces a map
already on the screen. Light to import: the map file is read with the standard ``json``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.caremap.mapfile import MAX_BYTES, MapFile, MapFileError, load_map
from workshop_kit.activities.caremap.problems import Problem
from workshop_kit.core.widgets import MessageArea, escape, guarded, on_press
from workshop_kit.i18n import Translator


class MapOpener:
    """The upload button and the "replace the map on my screen?" question.

    ``has_map()`` says whether a map is on screen (then opening one asks first), ``open_map``
    makes an opened map the one on screen, ``show_problems`` says what is wrong with a file.
    CSS classes for tests: ``wk-caremap-open``, ``wk-caremap-replace`` / ``wk-caremap-keep``
    (inside a ``wk-caremap-question``).
    """

    def __init__(
        self,
        t: Translator,
        messages: MessageArea,
        has_map: Callable[[], bool],
        open_map: Callable[[MapFile], None],
        show_problems: Callable[[list[Problem]], None],
    ) -> None:
        self.t = t
        self.messages = messages
        self.has_map = has_map
        self.open_map = open_map
        self.show_problems = show_problems
        #: A map opened from a file, waiting for "replace the map on my screen?".
        self.pending_file: MapFile | None = None
        self.upload = widgets.FileUpload(
            accept=".json,application/json", multiple=False, description=t("caremap.button.open")
        )
        self.upload.add_class("wk-caremap-open")
        self.upload.observe(guarded(self._uploaded, messages, t), names="value")
        replace = widgets.Button(description=t("caremap.button.replace"), button_style="warning")
        replace.add_class("wk-caremap-replace")
        on_press(replace, lambda _b: self.replace_with_file(), messages, t)
        keep = widgets.Button(description=t("caremap.button.keep"))
        keep.add_class("wk-caremap-keep")
        on_press(keep, lambda _b: self.keep_current_map(), messages, t)
        self.question = widgets.VBox(
            [widgets.HTML(f"<p>{escape(t('caremap.file.replace_question'))}</p>"), replace, keep]
        )
        self.question.add_class("wk-caremap-question")
        self.question.layout.display = "none"

    def parts(self) -> list[widgets.Widget]:
        """What a step shows: the upload button, then the question when one is asked."""
        return [self.upload, self.question]

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change.get("new") or ()
        if not files:
            return
        upload = files[0]
        content = upload["content"]
        size = max(int(upload.get("size") or 0), memoryview(content).nbytes)
        if size > MAX_BYTES:
            problem = Problem(
                "file_too_large",
                values=(("size", f"{size // 1000} kB"), ("limit", f"{MAX_BYTES // 1000} kB")),
            )
            self.show_problems([problem])
            return
        try:
            opened = load_map(bytes(content))
        except MapFileError as error:
            self.show_problems(error.problems)
            return
        if not self.has_map():
            self.opened(opened)
            return
        self.pending_file = opened
        self.question.layout.display = ""
        self.messages.clear()

    def replace_with_file(self) -> None:
        if self.pending_file is not None:
            self.opened(self.pending_file)

    def keep_current_map(self) -> None:
        self.pending_file = None
        self.question.layout.display = "none"
        self.messages.show(self.t("caremap.file.kept"), "info")

    def opened(self, opened: MapFile) -> None:
        self.pending_file = None
        self.question.layout.display = "none"
        self.open_map(opened)
