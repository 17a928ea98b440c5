"""The needs results as the room and the facilitator see them: one view for both screens.

:class:`FacilitatorView` takes a table of answers (as :meth:`Store.answers` returns it, or as
an imported file reads) and redraws only when it changed: how many answered, the ranking,
heat maps by group and by area with "too few to show" cells, themes of the written answers,
each with its sentence, and the export of all of it. The projected view
(:mod:`.live`) and the facilitator's page (:mod:`.page`) both use it, so the two screens
cannot disagree; what table they hand it (answers released in whole blocks during a live
session) is theirs to decide.

Only approved written answers are quoted or grouped into themes; with a ``decide`` callback
the view is the facilitator's own and also lists the written answers to approve
(:mod:`.moderation`). Everything a participant or a file wrote is escaped before it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workshop_kit.activities.needs.exports import export_files
from workshop_kit.activities.needs.sentences import themes_summary
from workshop_kit.activities.needs.shown import ShownNeeds, quoted_answers, shown_needs
from workshop_kit.activities.needs.themes import ThemeGrouping
from workshop_kit.core.exports import ExportFile, save_exports
from workshop_kit.core.moderation import ModerationList
from workshop_kit.core.widgets import (
    ChartPanel,
    MessageArea,
    download_links,
    escape,
    on_press,
)
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile


def _fingerprint(answers: pd.DataFrame) -> Any:
    """Cheap identity of an answers table: the store's ids when present, else the content."""
    if answers.empty:
        return ("empty",)
    if "answer_id" in answers:
        return (len(answers), int(answers["answer_id"].sum()), int(answers["answer_id"].max()))
    return (len(answers), int(pd.util.hash_pandas_object(answers.astype(str), index=False).sum()))


class FacilitatorView(widgets.VBox):
    """Everything the room sees about needs, redrawn when the answers change.

    CSS classes for tests: ``wk-needs-view``, ``wk-needs-overview`` (``wk-needs-count``),
    ``wk-needs-ranking``, ``wk-needs-by-group``, ``wk-needs-by-area``, ``wk-needs-themes``,
    the moderation list's (:class:`~workshop_kit.core.moderation.ModerationList`),
    ``wk-needs-export`` and ``wk-needs-downloads``.
    """

    def __init__(
        self,
        profile: Profile,
        t: Translator,
        decide: Callable[[str, str], None] | None = None,
        folder: str = "import",
    ) -> None:
        """``decide(text_key, "approve" | "hide")`` stores a moderation decision: with it the
        view is the facilitator's own page and lists the written answers to approve; without
        it the view is for the projector and quotes only approved answers. ``folder`` is
        where exports are saved under ``workshop-data/exports/``: the session's code, or
        ``import`` for files worked on without a session."""
        self.profile = profile
        self.t = t
        self.folder = folder
        self.decisions: dict[str, str] = {}
        self.messages = MessageArea()
        self.moderation: ModerationList | None = (
            ModerationList("needs", t, decide, self.messages) if decide is not None else None
        )
        self.overview = widgets.HTML()
        self.overview.add_class("wk-needs-overview")
        self.ranking = ChartPanel(t("needs.chart.ranking_title"))
        self.ranking.add_class("wk-needs-ranking")
        self.by_group = ChartPanel(t("needs.chart.group_title"))
        self.by_group.add_class("wk-needs-by-group")
        self.by_area = ChartPanel(t("needs.chart.area_title"))
        self.by_area.add_class("wk-needs-by-area")
        self.themes = widgets.HTML()
        self.themes.add_class("wk-needs-themes")
        self.export_button = widgets.Button(description=t("needs.view.export"))
        self.export_button.add_class("wk-needs-export")
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-needs-downloads")
        on_press(self.export_button, self._export, self.messages, t)
        self._seen: Any = object()
        #: What the view drew last (``scores``, ``group``, ``area``, ``themes``, ``figures``):
        #: the exports are built from it, so they say what the screen says.
        self.results: dict[str, Any] = {}
        super().__init__(
            [
                self.overview,
                self.ranking,
                self.by_group,
                self.by_area,
                self.themes,
                *([self.moderation] if self.moderation is not None else []),
                widgets.HBox([self.export_button]),
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-needs-view")

    def update(
        self,
        answers: pd.DataFrame,
        force: bool = False,
        decisions: Mapping[str, str] | None = None,
    ) -> bool:
        """Recompute and redraw if ``answers`` or the moderation ``decisions`` changed (or
        ``force``); return whether it did."""
        if decisions is not None:
            self.decisions = dict(decisions)
        fingerprint = (_fingerprint(answers), tuple(sorted(self.decisions.items())))
        if fingerprint == self._seen and not force:
            return False
        self._seen = fingerprint
        self._draw(answers)
        return True

    def show_state(self, shown: ShownNeeds, decisions: Mapping[str, str] | None = None) -> bool:
        """Lay out a session's shown state (:func:`~.shown.shown_state`) unless it is the one
        drawn last; return whether it redrew."""
        if decisions is not None:
            self.decisions = dict(decisions)
        if shown is self._seen:
            return False
        self._seen = shown
        self._lay_out(shown)
        return True

    def _draw(self, answers: pd.DataFrame) -> None:
        self._lay_out(shown_needs(answers, self.decisions, self.profile, self.t))

    def _lay_out(self, shown: ShownNeeds) -> None:
        self.overview.value = f'<p class="wk-needs-count">{escape(shown.overview)}</p>'
        self.ranking.show(shown.ranking_figure, shown.ranking_sentence)
        for panel, part in ((self.by_group, shown.by_group), (self.by_area, shown.by_area)):
            panel.show(part.figure, part.sentence)
        self.themes.value = themes_html(shown.themes, self.t, waiting=shown.waiting)
        if self.moderation is not None:
            self.moderation.show(list(shown.texts), self.decisions)
        self.results = shown.export_results()
        self.downloads.value = ""  # exports describe the previous answers: build them anew

    # -- exports ------------------------------------------------------------------------------

    def export_files(self) -> list[ExportFile]:
        """The files of everything the view shows now (see :mod:`.exports`)."""
        return export_files(self.results, self.profile, self.t)

    def _export(self, _button: Any) -> None:
        """Save the files under ``workshop-data/exports/<folder>/`` and offer them here."""
        files = self.export_files()
        if not files:
            self.downloads.value = escape(self.t("needs.summary.ranking_empty"))
            return
        saved = save_exports(files, self.folder)
        self.downloads.value = download_links(files, self.t, saved)


def themes_html(grouping: ThemeGrouping, t: Translator, waiting: int = 0) -> str:
    """The themes of the approved answers with their sentence, and how many answers wait
    for the facilitator's review (a count: their words stay off the screen)."""
    parts = [
        f"<h3>{escape(t('needs.chart.themes_title'))}</h3>",
        f'<p aria-live="polite">{escape(themes_summary(grouping, t))}</p>',
    ]
    if waiting:
        waiting_text = escape(t("needs.moderation.waiting", count=waiting))
        parts.append(f'<p class="wk-needs-waiting">{waiting_text}</p>')
    if grouping.themes:
        parts.append('<ul class="wk-themes">')
        for theme in grouping.themes:
            parts.append(
                f"<li><strong>{escape(' · '.join(theme.words))}</strong> "
                f"({escape(t.number(theme.count))})<ul>{_answer_items(theme.answers, t)}</ul></li>"
            )
        parts.append("</ul>")
    if grouping.ungrouped:
        parts.append(
            f"<p><strong>{escape(t('needs.view.ungrouped'))}</strong></p>"
            f'<ul class="wk-themes-ungrouped">{_answer_items(grouping.ungrouped, t)}</ul>'
        )
    return "".join(parts)


def _answer_items(answers: tuple[str, ...], t: Translator) -> str:
    """The first :data:`~.shown.THEME_ANSWERS_SHOWN` answers as list items, then "and N
    more"."""
    shown, more = quoted_answers(answers, t)
    items = "".join(f"<li>{escape(text)}</li>" for text in shown)
    if more:
        items += f"<li><em>{escape(more)}</em></li>"
    return items
