"""Upload a file, see its problems in words, import it only when it has none.

The needs survey and the asset inventory share this panel; a subclass says how to check a
file (:meth:`ImportPanel.check`), how to sum up a good one (:meth:`ImportPanel.summary`), and
which texts and CSS prefix to use. The size is checked before the upload is copied or decoded,
so an oversized file is refused in words without being read; a workbook with several sheets
asks which one; nothing is stored until the facilitator presses *Import*, and importing the
same file twice stores nothing twice (the store skips idempotency keys it already has).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets

from workshop_kit.core.widgets import MessageArea, escape, guarded, on_press
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

if TYPE_CHECKING:
    from workshop_kit.core.imports import ImportResult
    from workshop_kit.core.tables import Problem


class ImportPanel(widgets.VBox):
    """Upload → check → report → import. ``store(result)`` returns how many answers were new;
    ``done()`` (optional) runs after an import, for the page to redraw."""

    ACCEPT = ".csv,.tsv,.txt,.xlsx"
    #: The activity's id. It names the panel's CSS classes (``wk-<id>-upload`` …, for pages
    #: and tests) and its texts, ``<id>.import_panel.<name>`` in the activity's catalog, for
    #: each name of :data:`TEXTS`.
    ACTIVITY: ClassVar[str]
    #: The texts every import panel has.
    TEXTS = (
        "title",
        "help",
        "upload",
        "sheet",
        "import",
        "problem_error",
        "problem_warning",
        "imported",
        "already_there",
    )

    def text(self, name: str, **values: Any) -> str:
        """One of the panel's :data:`TEXTS`, from the activity's catalog."""
        return self.t(f"{self.ACTIVITY}.import_panel.{name}", **values)

    def __init__(
        self,
        profile: Profile,
        t: Translator,
        store: Callable[[Any], int],
        done: Callable[[], None] | None = None,
    ) -> None:
        self.profile = profile
        self.t = t
        self.store = store
        self.done = done
        self.result: ImportResult | None = None
        self._file: tuple[str, bytes] | None = None
        css = self.ACTIVITY
        self.upload = widgets.FileUpload(
            accept=self.ACCEPT, multiple=False, description=self.text("upload")
        )
        self.upload.add_class(f"wk-{css}-upload")
        self.sheet = widgets.Dropdown(description=self.text("sheet"), options=[])
        self.sheet.layout.display = "none"
        self.report = widgets.HTML()
        self.report.add_class(f"wk-{css}-import-report")
        self.messages = MessageArea()
        self.import_button = widgets.Button(
            description=self.text("import"), button_style="primary", disabled=True
        )
        self.import_button.add_class(f"wk-{css}-import")
        self.upload.observe(guarded(self._uploaded, self.messages, t), names="value")
        self.sheet.observe(guarded(self._sheet_chosen, self.messages, t), names="value")
        on_press(self.import_button, self._import, self.messages, t)
        super().__init__(
            [
                widgets.HTML(f"<h3>{escape(self.text('title'))}</h3>"),
                widgets.HTML(f"<p>{escape(self.text('help'))}</p>"),
                self.upload,
                self.sheet,
                self.report,
                self.import_button,
                self.messages,
            ]
        )
        self.add_class(f"wk-{css}-import-panel")

    # -- what a subclass provides -------------------------------------------------------------

    def check(self, data: bytes, name: str, sheet: str | None) -> ImportResult:
        raise NotImplementedError

    def summary(self, result: ImportResult) -> str:
        raise NotImplementedError

    def refused(self, name: str, problems: list[Problem]) -> ImportResult:
        """A result holding only ``problems`` (a file refused before it was read)."""
        raise NotImplementedError

    # -- the panel ----------------------------------------------------------------------------

    def load(self, name: str, data: bytes, sheet: str | None = None) -> ImportResult:
        """Check a file (what an upload does); shows and returns the result."""
        self._file = (name, data)
        self.messages.clear()
        result = self.check(data, name, sheet)
        self._show(result, sheet)
        return result

    def _show(self, result: ImportResult, sheet: str | None = None) -> None:
        self.result = result
        sheets = next((p.choices for p in result.problems if p.code == "several_sheets"), ())
        if sheets:
            self.sheet.options = [("", ""), *[(s, s) for s in sheets]]
            self.sheet.layout.display = ""
        elif sheet is None:
            self.sheet.layout.display = "none"
        self.report.value = self._report_html(result)
        self.import_button.disabled = not result.ok

    def _report_html(self, result: ImportResult) -> str:
        lines = []
        if result.ok:
            lines.append(f'<p class="wk-import-ok">{escape(self.summary(result))}</p>')
        if result.problems:
            lines.append("<ul>")
            for problem in result.problems:
                kind = "error" if problem.is_error else "warning"
                label = self.text(f"problem_{kind}")
                lines.append(
                    f'<li class="wk-import-{kind}"><strong>{escape(label)}</strong>: '
                    f"{escape(problem.message)}</li>"
                )
            lines.append("</ul>")
        return "".join(lines)

    def _uploaded(self, change: Mapping[str, Any]) -> None:
        from workshop_kit.core.tables import DEFAULT_MAX_BYTES, too_large_problem

        files = change.get("new") or ()
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name") or "upload")
        content = upload["content"]
        size = max(int(upload.get("size") or 0), memoryview(content).nbytes)
        if size > DEFAULT_MAX_BYTES:
            self._file = None
            problem = too_large_problem(name, size, DEFAULT_MAX_BYTES, self.t)
            self._show(self.refused(name, [problem]))
            return
        self.load(name, bytes(content))

    def _sheet_chosen(self, change: Mapping[str, Any]) -> None:
        if change.get("new") and self._file is not None:
            self.load(*self._file, sheet=str(change["new"]))

    def _import(self, _button: Any) -> None:
        if self.result is None or not self.result.ok:
            return
        self.import_button.disabled = True
        stored = self.store(self.result)
        total = len(self.result.answers)
        message = self.text("imported", count=stored)
        if total > stored:
            message += " " + self.text("already_there", count=total - stored)
        self.messages.show(message, "ok")
        if self.done is not None:
            self.done()
