"""The *The year* tab: the gatherings of one Community of Practice in one year.

The value-creation matrix (approved stories tagged with the cycles they pass through, beside
each cycle's indicator), the value indicators (ratings per cycle and gathering, every cell
from at least ``min_cell_size`` people; applied, realised and reframing counted for the
gathering they look back at), multiagency contribution (what each organisation brought),
participation by sector and the approved stories, read from every session of this facilitator
marked as a gathering (:func:`.data.year_data`), exported as CSV and PNG.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.practice.controls import button, offer, wide
from workshop_kit.activities.practice.data import (
    Gathering,
    YearData,
    communities,
    marked_gatherings,
    year_data,
)
from workshop_kit.activities.practice.exports import EXPORT_FOLDER, year_files
from workshop_kit.core.context import PageContext
from workshop_kit.core.exports import ExportFile
from workshop_kit.core.store import Store
from workshop_kit.core.widgets import ChartPanel, MessageArea, escape, guarded, on_press


class YearPanel(widgets.VBox):
    """The year of one Community of Practice: value-creation matrix, value indicators,
    multiagency contribution, participation by sector, stories.

    Read again when the page opens, when this page records something, when the session's
    answers change, and on *Read the store again* (a gathering run from another page).

    CSS classes for tests: ``wk-practice-year``, ``wk-practice-year-choice``,
    ``wk-practice-year-refresh``,
    ``wk-practice-creation``, ``wk-practice-matrix`` (the indicators),
    ``wk-practice-contribution-year``, ``wk-practice-multiagency`` (participation),
    ``wk-practice-year-stories``,
    ``wk-practice-year-export``, ``wk-practice-year-downloads``.
    """

    def __init__(
        self,
        context: PageContext,
        store: Store,
        preferred: tuple[str, int] | None = None,
    ) -> None:
        self.store = store
        self.key_hash = context.facilitator.key_hash if context.facilitator else ""
        self.profile = context.profile
        self.t = t = context.t
        self.preferred = preferred
        self.data: YearData | None = None
        self.figures: dict[str, Any] = {}
        self.messages = MessageArea()
        self.choice = widgets.Dropdown(options=[], value=None, **wide(t("practice.year.choose")))
        self.choice.add_class("wk-practice-year-choice")
        self.pairs: list[tuple[str, int]] = []
        self._drawing = False
        self.choice.observe(guarded(self._chosen, self.messages, t), names="value")
        self.empty = widgets.HTML()
        self.creation = ChartPanel(t("practice.creation.title"))
        self.creation.add_class("wk-practice-creation")
        self.contribution = ChartPanel(t("practice.contribution.year_title"))
        self.contribution.add_class("wk-practice-contribution-year")
        self.matrix = ChartPanel(t("practice.year.matrix_title"))
        self.matrix.add_class("wk-practice-matrix")
        self.sectors = ChartPanel(t("practice.multiagency.title"))
        self.sectors.add_class("wk-practice-multiagency")
        self.stories = widgets.HTML()
        self.stories.add_class("wk-practice-year-stories")
        self.reload = button(description=t("practice.year.refresh"), icon="refresh")
        self.reload.add_class("wk-practice-year-refresh")
        on_press(self.reload, lambda _b: self.refresh(), self.messages, t)
        self.export = button(description=t("practice.year.export"), icon="download")
        self.export.add_class("wk-practice-year-export")
        on_press(self.export, self._export, self.messages, t)
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-practice-year-downloads")
        self.gatherings: list[Gathering] = []
        super().__init__(
            [
                widgets.HTML(f"<p>{escape(t('practice.year.intro'))}</p>"),
                widgets.HBox([self.choice, self.reload]),
                self.empty,
                self.creation,
                self.matrix,
                self.contribution,
                self.sectors,
                self.stories,
                self.export,
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-practice-year")

    def refresh(self) -> None:
        """Find the marked gatherings again and redraw the chosen year."""
        t = self.t
        self.gatherings = marked_gatherings(self.store, self.key_hash)
        current = self.chosen()
        self.pairs = communities(self.gatherings)
        wanted = current if current in self.pairs else None
        if wanted is None and self.preferred in self.pairs:
            wanted = self.preferred
        if wanted is None and self.pairs:
            wanted = self.pairs[0]
        self._drawing = True  # one drawing below, not one per change of the chooser
        try:
            self.choice.options = [
                (t("practice.year.choice", community=c, year=str(y)), index)
                for index, (c, y) in enumerate(self.pairs)
            ]
            self.choice.value = None if wanted is None else self.pairs.index(wanted)
        finally:
            self._drawing = False
        self.draw()

    def chosen(self) -> tuple[str, int] | None:
        """The (Community of Practice, year) chosen, if any."""
        index = self.choice.value
        return self.pairs[index] if index is not None and index < len(self.pairs) else None

    def choose(self, community: str, year: int) -> None:
        """Show the year of ``community`` (as the chooser would)."""
        self.preferred = (community, year)
        if (community, year) in self.pairs:
            self.choice.value = self.pairs.index((community, year))

    def _chosen(self, _change: Any) -> None:
        if not self._drawing:
            self.draw()

    def draw(self) -> None:
        from workshop_kit.activities.practice.charts import matrix_chart, multiagency_chart
        from workshop_kit.activities.practice.model import (
            cycle_labels,
            matrix_sentence,
            multiagency_sentence,
            sector_labels,
        )

        t = self.t
        self.downloads.value = ""
        chosen = self.chosen()
        if chosen is None:
            self.data = None
            self.empty.value = f"<p>{escape(t('practice.year.none'))}</p>"
            for panel in self._panels():
                panel.layout.display = "none"
            self.stories.value = ""
            return
        self.empty.value = ""
        for panel in self._panels():
            panel.layout.display = ""
        community, year = chosen
        k = self.profile.min_cell_size
        data = year_data(self.store, self.gatherings, community, year, k, t)
        self.data = data
        labels = cycle_labels(t)
        assert data.matrix is not None and data.sectors is not None
        matrix_figure = matrix_chart(data.matrix, labels, t)
        self.matrix.show(matrix_figure, matrix_sentence(data.matrix, t, labels))
        sectors = sector_labels(t)
        sector_figure = multiagency_chart(data.sectors, sectors, t)
        self.sectors.show(sector_figure, multiagency_sentence(data.sectors, t, sectors))
        self.figures = {"value-indicators": matrix_figure, "participation": sector_figure}
        self.figures.update(self._draw_value_and_contribution(data, labels))
        self.stories.value = self._stories_html(data)

    def _panels(self) -> tuple[ChartPanel, ...]:
        return (self.creation, self.matrix, self.contribution, self.sectors)

    def _draw_value_and_contribution(self, data: YearData, labels: dict[str, str]):
        """The value-creation matrix and the multiagency contribution record."""
        from workshop_kit.activities.practice.contribution import (
            contribution_labels,
            contribution_sentence,
        )
        from workshop_kit.activities.practice.value_charts import (
            contribution_chart,
            creation_matrix_chart,
        )
        from workshop_kit.activities.practice.value_creation import creation_sentence

        t = self.t
        assert data.creation is not None and data.contributions is not None
        creation = creation_matrix_chart(data.creation, labels, t)
        self.creation.show(creation, creation_sentence(data.creation, t, labels))
        kinds = contribution_labels(t)
        contribution = contribution_chart(data.contributions, kinds, t)
        sentence = contribution_sentence(data.contributions, len(data.gatherings), t)
        self.contribution.show(contribution, sentence)
        return {"value-creation-matrix": creation, "multiagency-contribution": contribution}

    def _stories_html(self, data: YearData) -> str:
        t = self.t
        parts = [f"<h3>{escape(t('practice.stories.title'))}</h3>"]
        if not data.stories and not data.waiting:
            parts.append(f"<p>{escape(t('practice.stories.none'))}</p>")
        label = None
        for gathering, text in data.stories:
            if gathering != label:
                if label is not None:
                    parts.append("</ul>")
                parts.append(f"<h4>{escape(gathering)}</h4><ul>")
                label = gathering
            parts.append(f"<li>{escape(text)}</li>")
        if label is not None:
            parts.append("</ul>")
        if data.waiting:
            parts.append(f"<p>{escape(t('practice.stories.waiting', count=data.waiting))}</p>")
        return "".join(parts)

    def export_files(self) -> list[ExportFile]:
        from workshop_kit.activities.practice.value_exports import value_creation_files

        files = year_files(self.data, self.figures, self.t)
        return files + value_creation_files(self.data, self.t)

    def _export(self, _button: Any) -> None:
        files = self.export_files()
        if not files:
            self.messages.show(self.t("practice.year.none"), "info")
            return
        self.downloads.value = offer(files, EXPORT_FOLDER, self.t)
