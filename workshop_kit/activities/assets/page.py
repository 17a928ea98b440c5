"""The facilitator's asset-mapping page (:func:`show`, notebook 02).

The page is the core's frame (:func:`workshop_kit.core.page.facilitator_page`: the refusal of
participant links, the session chooser, live polling) around one :class:`AssetsView`: the
inventory, likely duplicates with *Merge* / *Not a duplicate*, merged groups with *Separate*,
the three charts, the names to review for the report, import of an inventory file and
exports. With "no live session" it works on imported files kept on the page
(:class:`~.data.PageData`), as the design asks of every activity notebook.

**Why the page shows the same state as the projector** (issue 18): it is linked from the hub
and may well be projected, so in a live session it reads the assets the hub shows
(:func:`~.shown.live_assets`: released in blocks of ``min_cell_size`` people, imported rows at
once). Individuals' gifts and skills are counted in the charts and tables, never listed by
name, on the page or in its exports (:mod:`.names`). The names of public places and
organisations go to the report only once the facilitator approves them in the list here.
The counts of assets per category, area or need follow the min-cell rule everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.assets.answers import AssetMergeAnswer
from workshop_kit.activities.assets.data import AssetData, PageData, SessionData, decision_key
from workshop_kit.activities.assets.files import ImportPanel, export_file
from workshop_kit.activities.assets.live import AssetCharts, totals_html
from workshop_kit.activities.assets.names import gift_ids, reviewable, without_gifts
from workshop_kit.activities.assets.overview import AssetOverview, compute_overview
from workshop_kit.activities.assets.style import ASSETS_CSS
from workshop_kit.activities.assets.tables import counts_table_html, inventory_table_html
from workshop_kit.core.context import PageContext
from workshop_kit.core.exports import save_exports
from workshop_kit.core.moderation import ModerationList, Written
from workshop_kit.core.page import FacilitatorPage, facilitator_page
from workshop_kit.core.registry import ResultsContext
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import MessageArea, download_links, escape, on_press

if TYPE_CHECKING:
    import pandas as pd

#: Duplicate groups and merged groups listed with buttons (a long list helps no one live).
MAX_LISTED_GROUPS = 40


class AssetsView(widgets.VBox):
    """One session's assets, or (``session`` is ``None``) imported files kept on the page.

    The frame (:class:`~workshop_kit.core.page.FacilitatorPage`) builds it when a session is
    chosen and calls :meth:`refresh` when the answers it :attr:`reads` changed.

    CSS classes for tests: ``wk-assets-view``, ``wk-assets-total``, ``wk-assets-duplicates``
    (rows ``wk-assets-duplicate`` with buttons ``wk-assets-merge`` and ``wk-assets-distinct``),
    ``wk-assets-merged`` (rows ``wk-assets-merged-group`` with ``wk-assets-unmerge``),
    ``wk-assets-inventory``, ``wk-assets-counts``, the charts of :class:`AssetCharts`,
    ``wk-assets-import-panel``, ``wk-assets-export-directory``, ``wk-assets-export-network``,
    ``wk-assets-downloads``. The page around it: ``wk-assets-page``.
    """

    #: The answers it shows: a change to one of them redraws it.
    reads = ("assets", "asset_merges", "needs")

    def __init__(self, context: PageContext, store: Store, session: SessionInfo | None) -> None:
        assert context.facilitator is not None  # the frame refuses everyone else
        self.context = context
        self.profile = context.profile
        self.t = t = context.t
        self.data: AssetData = (
            SessionData(
                store,
                session.code,
                context.facilitator,
                ResultsContext.of_session(store, session.code, self.profile, t),
            )
            if session
            else PageData()
        )
        self.overview: AssetOverview | None = None
        #: The inventory the download links were made from (they go when it changes).
        self.exported: pd.DataFrame | None = None
        self.messages = MessageArea()
        self.total = widgets.HTML()
        self.total.add_class("wk-assets-total")
        self.duplicates = widgets.VBox()
        self.duplicates.add_class("wk-assets-duplicates")
        self.merged = widgets.VBox()
        self.merged.add_class("wk-assets-merged")
        self.inventory = widgets.HTML()
        self.inventory.add_class("wk-assets-inventory")
        self.names = ModerationList("assets", t, self.review, self.messages)
        self.counts = widgets.HTML()
        self.counts.add_class("wk-assets-counts")
        self.charts = AssetCharts(self.profile, t)
        self.import_panel = ImportPanel(
            self.profile, t, lambda result: self.data.add_import(result), self.refresh
        )
        self.export_directory = self._button(
            "assets.view.export_directory",
            "wk-assets-export-directory",
            lambda: self.export("directory"),
            icon="download",
        )
        self.export_network = self._button(
            "assets.view.export_network",
            "wk-assets-export-network",
            lambda: self.export("network"),
            icon="download",
        )
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-assets-downloads")

        def html(key: str, tag: str = "p", **values: Any) -> widgets.HTML:
            return widgets.HTML(f"<{tag}>{escape(t(key, **values))}</{tag}>")

        def small(*keys: str, **values: Any) -> widgets.HTML:
            text = " ".join(escape(t(key, **values)) for key in keys)
            return widgets.HTML(f"<p><small>{text}</small></p>")

        k = self.profile.min_cell_size
        super().__init__(
            [
                widgets.HTML(ASSETS_CSS),
                html("assets.view.title", "h2", name=self.profile.name),
                html("assets.view.intro"),
                *(
                    []
                    if session
                    else [small("assets.view.choose_session", "assets.view.no_live_session")]
                ),
                self.messages,
                self.total,
                html("assets.view.duplicates_title", "h3"),
                small("assets.view.duplicates_help"),
                self.duplicates,
                self.merged,
                self.charts,
                html("assets.view.inventory_title", "h3"),
                small("assets.view.charts_note", min=k),
                self.counts,
                self.inventory,
                self.names,
                self.import_panel,
                html("assets.view.export_title", "h3"),
                small("assets.view.export_help"),
                widgets.HBox([self.export_directory, self.export_network]),
                self.downloads,
            ]
        )
        self.add_class("wk-assets-view")
        self.refresh()

    # -- drawing ------------------------------------------------------------------------------

    def refresh(self) -> AssetOverview:
        """Recompute and redraw from the data (the frame calls it when the answers changed;
        the page after an import or a decision). Download links stay while they still
        describe the inventory shown."""
        assets, merges, needs = self.data.frames()
        overview = compute_overview(assets, merges, needs, self.profile, self.t.language)
        self.overview = overview
        t = self.t
        self.total.value = totals_html(overview, t)
        self._draw_duplicates(overview)
        self._draw_merged(overview)
        self.counts.value = counts_table_html(overview, t) if overview.total else ""
        self.inventory.value = inventory_table_html(overview, t)
        public = reviewable(overview.inventory)
        self.names.show(
            [Written(str(n)) for n in public["name"]] if not public.empty else [],
            self.data.name_decisions(),
        )
        self.charts.show(overview)
        if self.exported is not None and not overview.inventory.equals(self.exported):
            self.downloads.value = ""  # an earlier export describes earlier data
            self.exported = None
        return overview

    def _button(
        self, key: str, css: str, action: Callable[[], Any], style: str = "", icon: str = ""
    ) -> widgets.Button:
        button = widgets.Button(description=self.t(key), button_style=style, icon=icon)
        button.add_class(css)
        on_press(button, lambda _b: action(), self.messages, self.t)
        return button

    def _draw_duplicates(self, overview: AssetOverview) -> None:
        t = self.t
        gifts = gift_ids(overview.inventory)  # counted, never listed: not even as a duplicate
        listed = [g for g in overview.duplicates if not gifts & set(g.asset_ids)]
        if not listed:
            self.duplicates.children = [
                widgets.HTML(f"<p>{escape(t('assets.view.no_duplicates'))}</p>")
            ]
            return
        seen = overview.merge_records
        rows: list[widgets.Widget] = []
        for group in listed[:MAX_LISTED_GROUPS]:
            area = overview.area_names.get(group.area, group.area)
            text = t("assets.view.duplicate_group", names=" / ".join(group.names), area=area)
            kind = t("assets.view.exact" if group.exact else "assets.view.similar")
            label = widgets.HTML(f"<span><strong>{escape(text)}</strong> · {escape(kind)}</span>")
            merge = self._button(
                "assets.view.merge",
                "wk-assets-merge",
                lambda g=group, n=seen: self.decide("merge", g.keep, g.merged, n),
                "primary",
            )
            distinct = self._button(
                "assets.view.distinct",
                "wk-assets-distinct",
                lambda g=group, n=seen: self.decide("distinct", g.keep, g.merged, n),
            )
            row = widgets.HBox(
                [label, merge, distinct],
                layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
            )
            row.add_class("wk-assets-duplicate")
            rows.append(row)
        self.duplicates.children = rows

    def _draw_merged(self, overview: AssetOverview) -> None:
        t = self.t
        groups = [
            record
            for record in without_gifts(overview.inventory).to_dict("records")
            if len(record["members"]) > 1
        ]
        if not groups:
            self.merged.children = []
            return
        rows: list[widgets.Widget] = [
            widgets.HTML(f"<h4>{escape(t('assets.view.merged_title'))}</h4>")
        ]
        for record in groups[:MAX_LISTED_GROUPS]:
            members = [str(m) for m in record["members"]]
            names = " / ".join(overview.names_by_id.get(m, m) for m in members)
            text = t(
                "assets.view.merged_group", name=record["name"], count=len(members), names=names
            )
            others = tuple(m for m in members if m != record["asset_id"])
            separate = self._button(
                "assets.view.unmerge",
                "wk-assets-unmerge",
                lambda keep=record["asset_id"], merged=others: self.decide("unmerge", keep, merged),
            )
            row = widgets.HBox(
                [widgets.HTML(f"<span>{escape(text)}</span>"), separate],
                layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
            )
            row.add_class("wk-assets-merged-group")
            rows.append(row)
        self.merged.children = rows

    # -- decisions ----------------------------------------------------------------------------

    def decide(
        self, action: str, keep: str, merged: Sequence[str], seen: int | None = None
    ) -> bool:
        """Record a merge, a "not a duplicate" or a separation, then redraw.

        ``seen`` is the number of decisions when the button was drawn (see
        :func:`decision_key`). Returns whether it was stored (``False``: this click was
        already recorded, as the second click of a double click is).
        """
        overview = self.overview
        if seen is None:
            seen = overview.merge_records if overview is not None else 0
        key = decision_key(self.data.label, action, keep, merged, seen)
        answer = AssetMergeAnswer(
            record_id=key[-16:], action=action, keep=keep, merged=list(merged)
        )
        stored = self.data.decide(answer, key)
        self.refresh()  # first: the message then describes what the page already shows
        names = overview.names_by_id if overview is not None else {}
        name = names.get(keep, keep)
        if action == "merge":
            text = self.t("assets.view.merged_done", name=name)
        elif action == "distinct":
            text = self.t(
                "assets.view.distinct_done",
                names=" / ".join(names.get(a, a) for a in (keep, *merged)),
            )
        else:
            text = self.t("assets.view.unmerged_done", name=name)
        self.messages.show(text, "ok")
        return stored

    def review(self, key: str, decision: str) -> None:
        """Approve a name for the report's list, or keep it unlisted; then redraw."""
        self.data.review(key, decision)
        self.refresh()

    # -- exports ------------------------------------------------------------------------------

    def export(self, kind: str) -> Path | None:
        """Save the directory CSV or the network workbook of what the page shows under
        ``workshop-data/exports/<session or "import">/`` and offer it as a download link.
        Returns the file's path, or ``None`` when there is nothing to export."""
        overview = self.overview or self.refresh()
        # individuals' gifts are counted on screen, never written to a file (:mod:`.names`)
        listed = replace(overview, inventory=without_gifts(overview.inventory))
        made = export_file(listed, self.data.label, self.profile, self.t.language, kind)
        if made is None:
            self.messages.show(self.t("assets.view.nothing_to_export"), "info")
            return None
        folder = save_exports([made], self.data.label)
        self.downloads.value = download_links([made], self.t, folder)
        self.exported = overview.inventory
        return folder / made.name


def assets_page(poll: bool = True) -> widgets.Widget:
    """The asset-mapping page for this page's visitor: the core's facilitator page around an
    :class:`AssetsView`, or a refusal."""
    page = facilitator_page(
        "assets.activity", AssetsView, without_session="assets.view.no_session", poll=poll
    )
    if isinstance(page, FacilitatorPage):
        page.add_class("wk-assets-page")
    return page


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(assets_page())
