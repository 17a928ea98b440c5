"""The facilitator's CareMap page (:func:`show`, notebook 04).

With a live session: how care is spread across the maps caregivers chose to share (the hub's
charts, :class:`~workshop_kit.activities.caremap.live.GroupCharts`), kept live, and exports of
what the room sees (CSV and PNG). Private maps are never read.

With or without a session: a trainer opens two CareMap files a caregiver saved on their phone
(from two dates, say) and sees them side by side, with what changed in words. The files are
read in the page and never stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.caremap.group import summary_for
from workshop_kit.activities.caremap.live import GroupCharts
from workshop_kit.core.context import PageContext
from workshop_kit.core.release import session_releases
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import (
    DESCRIBED_BY_NEXT,
    MessageArea,
    download_links,
    escape,
    guarded,
    on_press,
)
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    from workshop_kit.activities.caremap.group import (
        GroupSummary,
    )
    from workshop_kit.activities.caremap.mapfile import MapFile

#: The two maps a trainer compares.
SIDES = ("earlier", "later")


class CompareMaps(widgets.VBox):
    """Two CareMap files side by side, with what changed between them.

    CSS classes for tests: ``wk-caremap-compare``, ``wk-caremap-open-earlier`` and
    ``wk-caremap-open-later`` (the uploads), ``wk-caremap-side-earlier`` and
    ``wk-caremap-side-later`` (the drawings), ``wk-caremap-changes``.
    """

    def __init__(self, t: Translator) -> None:
        self.t = t
        self.maps: dict[str, MapFile | None] = dict.fromkeys(SIDES)
        self.messages = MessageArea()
        self.uploads: dict[str, widgets.FileUpload] = {}
        self.sides: dict[str, widgets.VBox] = {}
        for side in SIDES:
            upload = widgets.FileUpload(
                accept=".json,application/json",
                multiple=False,
                description=t(f"caremap.page.{side}"),
            )
            upload.add_class(f"wk-caremap-open-{side}")
            upload.observe(
                guarded(lambda change, s=side: self._uploaded(s, change), self.messages, t),
                names="value",
            )
            self.uploads[side] = upload
            box = widgets.VBox(layout=widgets.Layout(flex="1 1 320px", min_width="280px"))
            box.add_class(f"wk-caremap-side-{side}")
            self.sides[side] = box
        self.changes = widgets.HTML(f"<p>{escape(t('caremap.page.waiting_files'))}</p>")
        self.changes.add_class("wk-caremap-changes")
        super().__init__(
            [
                widgets.HTML(f"<h3>{escape(t('caremap.page.compare_title'))}</h3>"),
                widgets.HTML(f"<p>{escape(t('caremap.page.compare_help'))}</p>"),
                widgets.HBox(list(self.uploads.values())),
                self.messages,
                widgets.HBox(
                    list(self.sides.values()),
                    layout=widgets.Layout(flex_flow="row wrap", width="100%"),
                ),
                self.changes,
            ]
        )
        self.add_class("wk-caremap-compare")

    def _uploaded(self, side: str, change: dict[str, Any]) -> None:
        from workshop_kit.activities.caremap.mapfile import MAX_BYTES, MapFileError, load_map
        from workshop_kit.activities.caremap.problems import (
            Problem,
        )

        files = change.get("new") or ()
        if not files:
            return
        content = files[0]["content"]
        size = max(int(files[0].get("size") or 0), memoryview(content).nbytes)
        if size > MAX_BYTES:
            values = (("size", f"{size // 1000} kB"), ("limit", f"{MAX_BYTES // 1000} kB"))
            self.messages.show(Problem("file_too_large", values=values).message(self.t), "error")
            return
        try:
            self.show_map(side, load_map(bytes(content)))
        except MapFileError as error:
            self.messages.show(" ".join(p.message(self.t) for p in error.problems), "error")

    def show_map(self, side: str, opened: MapFile) -> None:
        """Show ``opened`` on ``side`` (``earlier`` or ``later``) and what changed."""
        from workshop_kit.activities.caremap import charts
        from workshop_kit.activities.caremap.compare import compare_maps
        from workshop_kit.activities.caremap.sentences import map_sentences
        from workshop_kit.core.exports import png_bytes

        t = self.t
        self.maps[side] = opened
        self.messages.clear()
        when = opened.saved_on.isoformat() if opened.saved_on else t("caremap.page.undated")
        figure = charts.map_figure(opened.care_map, t, title=t("caremap.file_title", date=when))
        image = widgets.Image(
            value=png_bytes(figure, dpi=110), format="png", layout=widgets.Layout(width="100%")
        )
        image.add_class(DESCRIBED_BY_NEXT)  # described by the map in words, below it
        words = "".join(f"<li>{escape(line)}</li>" for line in map_sentences(opened.care_map, t))
        notices = "".join(f"<p>{escape(p.message(t))}</p>" for p in opened.notices)
        self.sides[side].children = [image, widgets.HTML(f"{notices}<ul>{words}</ul>")]
        earlier, later = self.maps["earlier"], self.maps["later"]
        if earlier is None or later is None:
            self.changes.value = f"<p>{escape(t('caremap.page.waiting_files'))}</p>"
            return
        found = compare_maps(earlier.care_map, later.care_map, t)
        items = "".join(f"<li>{escape(change.message(t))}</li>" for change in found)
        body = f"<ul>{items}</ul>" if found else f"<p>{escape(t('caremap.page.no_changes'))}</p>"
        self.changes.value = f"<h4>{escape(t('caremap.page.changes_title'))}</h4>{body}"


class CareMapView(widgets.VBox):
    """One session's CareMaps (or none: the comparison alone), for the page frame.

    CSS classes for tests: ``wk-caremap-view``, the :class:`GroupCharts` classes,
    ``wk-caremap-export``, ``wk-caremap-export-links``, and :class:`CompareMaps`'.
    """

    #: The answers it shows (the frame redraws it when they change).
    reads = ("caremap",)

    def __init__(self, context: PageContext, store: Store, session: SessionInfo | None) -> None:
        self.store = store
        self.session = session
        self.t = t = context.t
        self.min_cell_size = context.profile.min_cell_size
        self.summary: GroupSummary | None = None
        self.messages = MessageArea()
        self.compare = CompareMaps(t)
        intro = widgets.HTML(
            f"<p>{escape(t('caremap.page.intro', min=self.min_cell_size))}</p>"
            f"<p><small>{escape(t('caremap.page.credit'))}</small></p>"
        )
        intro.add_class("wk-caremap-credit")
        parts: list[widgets.Widget] = [intro]
        self.charts: GroupCharts | None = None
        if session is not None:
            self.charts = GroupCharts(t)
            self.export_button = widgets.Button(
                description=t("caremap.export.button"), icon="download"
            )
            self.export_button.add_class("wk-caremap-export")
            on_press(self.export_button, lambda _b: self.export(), self.messages, t)
            self.export_links = widgets.HTML()
            self.export_links.add_class("wk-caremap-export-links")
            parts += [
                self.charts,
                widgets.HTML(
                    f"<h3>{escape(t('caremap.export.title'))}</h3>"
                    f"<p><small>{escape(t('caremap.export.help'))}</small></p>"
                ),
                self.export_button,
                self.export_links,
            ]
        super().__init__([*parts, self.messages, self.compare])
        self.add_class("wk-caremap-view")
        self.refresh()

    def refresh(self) -> None:
        """Redraw the group summary from the store (shared maps only)."""
        if self.session is None or self.charts is None:
            return
        log = self.store.answers(self.session.code, "caremap", latest_only=False)
        releases = session_releases(self.store, self.session.code, "caremap")
        summary = summary_for(log, self.min_cell_size, releases)
        if self.charts.show(summary):
            self.export_links.value = ""  # an earlier export describes earlier maps
        self.summary = summary

    def export(self) -> None:
        """The summary as the room sees it: a formula-safe CSV and the three charts."""
        import pandas as pd

        from workshop_kit.activities.caremap.group import (
            summary_rows,
        )
        from workshop_kit.core.exports import ExportFile, png_bytes, safe_csv, save_exports

        t = self.t
        self.refresh()
        summary = self.summary
        if self.session is None or self.charts is None or summary is None or not summary.shown:
            self.messages.show(t("caremap.export.nothing"), "info")
            return
        code = self.session.code
        files = [
            ExportFile(
                f"caremap-{code}-summary.csv",
                "text/csv",
                safe_csv(pd.DataFrame(summary_rows(summary, t))),
            ),
            *(
                ExportFile(f"caremap-{code}-{name}.png", "image/png", png_bytes(figure))
                for name, figure in self.charts.figures(summary).items()
            ),
        ]
        folder = save_exports(files, code)
        self.export_links.value = download_links(files, t, folder)


def caremap_page(poll: bool = True) -> widgets.Widget:
    """The CareMap page: a refusal for participant links, else the session (or file) view."""
    from workshop_kit.core.page import facilitator_page

    return facilitator_page(
        "caremap.page.title",
        CareMapView,
        without_session="caremap.page.no_session",
        poll=poll,
    )


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(caremap_page())
