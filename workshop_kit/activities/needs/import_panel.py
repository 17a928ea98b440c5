"""The needs page's import box: upload a survey export, read its problems, import it.

A KoboToolbox or Google Forms export, or the kit's template filled in a spreadsheet, is
checked by :func:`~workshop_kit.activities.needs.importer.check_needs_file` and reported in
the facilitator's language; only a file without errors can be imported, and importing it
again adds nothing. Where its answers go (the session, or the page without one) is the
page's ``store`` callback; the panel itself is the core's
(:class:`workshop_kit.core.import_panel.ImportPanel`).
"""

from __future__ import annotations

from collections.abc import Callable

from workshop_kit.activities.needs.column_map import ColumnMap
from workshop_kit.activities.needs.importer import NeedsImport, check_needs_file, summary_line
from workshop_kit.core import import_panel
from workshop_kit.core.tables import Problem
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile


class ImportPanel(import_panel.ImportPanel):
    """Upload a survey export (KoboToolbox, Google Forms, the template), see its problems,
    import it when it has none. ``column_map`` points the kit at differently named columns."""

    ACTIVITY = "needs"

    def __init__(
        self,
        profile: Profile,
        t: Translator,
        store: Callable[[NeedsImport], int],
        column_map: ColumnMap | None = None,
        done: Callable[[], None] | None = None,
    ) -> None:
        self.column_map = column_map
        super().__init__(profile, t, store, done)

    def check(self, data: bytes, name: str, sheet: str | None) -> NeedsImport:
        return check_needs_file(
            data,
            name,
            self.profile,
            column_map=self.column_map,
            sheet=sheet,
            language=self.t.language,
        )

    def summary(self, result: NeedsImport) -> str:  # type: ignore[override]
        return summary_line(result, self.t)

    def refused(self, name: str, problems: list[Problem]) -> NeedsImport:
        return NeedsImport(filename=name, problems=problems)
