"""The CareMap form's drawing panel: the map drawn as it grows, the map in words under it (what
a screen reader reads), and the downloads (a picture, a document to print, a map file).

Light to import: the drawing module (:mod:`.charts`, matplotlib) is imported the first time
there is something to draw, so a phone pays for it only once its caregiver has said who they
care for, and only in this activity.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import Any, NamedTuple

import ipywidgets as widgets

from workshop_kit.activities.caremap.mapfile import MEDIA_TYPE, dump_map, file_name
from workshop_kit.activities.caremap.model import CareMap, cared_for_names
from workshop_kit.activities.caremap.sentences import map_sentences
from workshop_kit.core.widgets import DESCRIBED_BY_NEXT, download_links, escape
from workshop_kit.i18n import Translator

DRAWING_CSS = """
<style>
.wk-caremap .wk-caremap-drawing img, .wk-caremap img.wk-caremap-drawing { width: 100%;
  height: auto; }
.wk-caremap .wk-downloads { font-size: 0; }
.wk-caremap .wk-downloads a { display: block; padding: 12px 0; font-size: 17px; }
.wk-caremap .wk-caremap-words li { margin: 2px 0; }
</style>
"""


class _File(NamedTuple):
    """A download, as :func:`~workshop_kit.core.widgets.download_links` offers it."""

    name: str
    media_type: str
    data: bytes


class DrawingPanel(widgets.VBox):
    """The drawing and the map in words; :attr:`downloads` is placed by the form (step 4).

    CSS classes for tests: ``wk-caremap-drawing`` (the picture), ``wk-caremap-words`` (the map
    in words, for screen readers), ``wk-caremap-downloads``.
    """

    def __init__(self, t: Translator) -> None:
        self.t = t
        #: Set by the first drawing: the drawing module, imported then.
        self.charts: Any = None
        self.drawing = widgets.Image(
            format="png", layout=widgets.Layout(width="100%", display="none")
        )
        self.drawing.add_class("wk-caremap-drawing")
        self.drawing.add_class(DESCRIBED_BY_NEXT)  # described by the map in words, below it
        self.words = widgets.HTML(f"<p><em>{escape(t('caremap.drawing_waiting'))}</em></p>")
        self.words.add_class("wk-caremap-words")
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-caremap-downloads")
        super().__init__(
            [
                widgets.HTML(DRAWING_CSS + f"<h4>{escape(t('caremap.drawing_title'))}</h4>"),
                self.drawing,
                self.words,
            ]
        )

    def changed(self) -> None:
        """The map changed: downloads already offered describe the earlier one."""
        if self.downloads.value:
            self.downloads.value = f"<p><em>{escape(self.t('caremap.downloads_stale'))}</em></p>"

    def draw(self, care_map: CareMap) -> None:
        """Redraw ``care_map`` (imports the drawing module the first time)."""
        if self.charts is None:
            from workshop_kit.activities.caremap import charts

            self.charts = charts
        t = self.t
        self.drawing.value = self.charts.phone_png(care_map, t)
        self.drawing.layout.display = ""
        # A figure is a web of references (figure, canvas, artists) that only the cycle
        # collector frees. Collecting the young generations now (about 7 ms) keeps a phone's
        # kernel from growing by about 1.5 MB with each redraw until a full collection.
        gc.collect(1)
        described = t("caremap.drawing_alt", name=cared_for_names(care_map))
        items = "".join(f"<li>{escape(line)}</li>" for line in map_sentences(care_map, t))
        self.words.value = f"<p>{escape(described)}</p><ul>{items}</ul>"

    def prepare_downloads(self, care_map: CareMap) -> None:
        """PNG, PDF and the map file, as links that download on this phone (``data:`` links:
        nothing leaves the workshop)."""
        t = self.t
        self.draw(care_map)
        today = date.today()
        figure = self.charts.map_figure(
            care_map, t, title=t("caremap.file_title", date=today.isoformat())
        )
        files = [
            _File(
                file_name(today, "png"), "image/png", self.charts.figure_bytes(figure, "png", 200)
            ),
            _File(
                file_name(today, "pdf"), "application/pdf", self.charts.figure_bytes(figure, "pdf")
            ),
            _File(file_name(today, "json"), MEDIA_TYPE, dump_map(care_map, today)),
        ]
        self.downloads.value = (
            f"<p>{escape(t('caremap.downloads_ready'))}</p>" + download_links(files, t)  # type: ignore[arg-type]
        )
