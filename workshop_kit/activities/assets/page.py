"""The facilitator's asset-mapping page (:func:`show`, notebook 02).

The live inventory, likely duplicates with *Merge* / *Not a duplicate*, merged groups with
*Separate*, the three charts, import of an inventory file and exports. Without a live session
it works on imported files alone, as the design asks of every activity notebook.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.assets.answers import AssetMergeAnswer
from workshop_kit.activities.assets.data import AssetData, PageData, SessionData, decision_key
from workshop_kit.activities.assets.files import ImportPanel, export_file
from workshop_kit.activities.assets.live import AssetCharts, totals_html
from workshop_kit.activities.assets.overview import AssetOverview, _frame_version, compute_overview
from workshop_kit.activities.assets.style import ASSETS_CSS, _wide
from workshop_kit.activities.assets.tables import counts_table_html, inventory_table_html
from workshop_kit.auth import Facilitator
from workshop_kit.core.context import PageContext, facilitator_page_context
from workshop_kit.core.notes import notes_stem_for
from workshop_kit.core.notes_panel import facilitator_notes
from workshop_kit.core.page import MIN_REDRAW_SECONDS, POLL_SECONDS
from workshop_kit.core.store import SessionNotFound, Store, StoreError, normalise_code, open_store
from workshop_kit.core.style import PAGE_CSS
from workshop_kit.core.widgets import (
    LivePoll,
    MessageArea,
    error_message,
    escape,
    guarded,
    refusal,
    synthetic_banner,
)
from workshop_kit.profile import ProfileError

#: Duplicate groups and merged groups listed with buttons (a long list helps no one live).
MAX_LISTED_GROUPS = 40


class AssetsPage(widgets.VBox):
    """The facilitator's asset-mapping page (see the module docstring).

    CSS classes for tests: ``wk-assets-page``, ``wk-assets-session``, ``wk-assets-total``,
    ``wk-assets-duplicates`` (rows ``wk-assets-duplicate`` with buttons ``wk-assets-merge``
    and ``wk-assets-distinct``), ``wk-assets-merged`` (rows ``wk-assets-merged-group`` with
    ``wk-assets-unmerge``), ``wk-assets-inventory``, ``wk-assets-counts``, the charts of
    :class:`AssetCharts`, ``wk-assets-import-panel``, ``wk-assets-export-directory``,
    ``wk-assets-export-network``, ``wk-assets-downloads``.
    """

    def __init__(
        self,
        context: PageContext,
        store: Store | None,
        facilitator: Facilitator,
        poll: bool = True,
    ) -> None:
        self.store = store
        self.facilitator = facilitator
        self.poll_enabled = poll
        self.poller: LivePoll | None = None
        self.messages = MessageArea()
        sessions = store.sessions_for(facilitator.key_hash) if store is not None else []
        own = {s.code: s for s in sessions}
        wanted = normalise_code(context.query.get("code", ""))[:16]
        refused = bool(wanted) and wanted not in own
        if wanted in own:
            context = context.with_language(own[wanted].language)
        self.context = context
        self.profile = context.profile
        self.t = t = context.t
        self.data: AssetData = PageData()
        self.overview: AssetOverview | None = None
        self._version: Any = None

        self.session = widgets.Dropdown(
            options=[(t("assets.view.no_session"), "")]
            + [(f"{s.code} · {s.title}", s.code) for s in sessions[:50]],
            value=wanted if wanted in own else "",
            **_wide(t("assets.view.session")),
        )
        self.session.add_class("wk-assets-session")
        self.session.add_class("wk-session-chooser")  # as on the other activity pages
        self.session_help = widgets.HTML()
        self.total = widgets.HTML()
        self.total.add_class("wk-assets-total")
        self.duplicates = widgets.VBox()
        self.duplicates.add_class("wk-assets-duplicates")
        self.merged = widgets.VBox()
        self.merged.add_class("wk-assets-merged")
        self.inventory = widgets.HTML()
        self.inventory.add_class("wk-assets-inventory")
        self.counts = widgets.HTML()
        self.counts.add_class("wk-assets-counts")
        self.charts = AssetCharts(self.profile, t)
        self.import_panel = ImportPanel(
            self.profile, t, lambda result: self.data.add_import(result), self.refresh
        )
        self.export_directory = widgets.Button(
            description=t("assets.view.export_directory"), icon="download"
        )
        self.export_directory.add_class("wk-assets-export-directory")
        self.export_network = widgets.Button(
            description=t("assets.view.export_network"), icon="download"
        )
        self.export_network.add_class("wk-assets-export-network")
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-assets-downloads")
        self.export_directory.on_click(
            guarded(lambda _b: self.export("directory"), self.messages, t)
        )
        self.export_network.on_click(guarded(lambda _b: self.export("network"), self.messages, t))
        self.session.observe(guarded(self._session_chosen, self.messages, t), names="value")

        def heading(key: str) -> widgets.HTML:
            return widgets.HTML(f"<h3>{escape(t(key))}</h3>")

        super().__init__(
            [
                widgets.HTML(PAGE_CSS + ASSETS_CSS),
                widgets.HTML(synthetic_banner(self.profile, t)),
                widgets.HTML(f"<h2>{escape(t('assets.view.title', name=self.profile.name))}</h2>"),
                # the notes, closed: this page is not on the page frame (which adds them) yet
                *filter(None, [facilitator_notes(context, notes_stem_for(__name__))]),
                widgets.HTML(f"<p>{escape(t('assets.view.intro'))}</p>"),
                self.session,
                self.session_help,
                self.messages,
                self.total,
                heading("assets.view.duplicates_title"),
                widgets.HTML(f"<p><small>{escape(t('assets.view.duplicates_help'))}</small></p>"),
                self.duplicates,
                self.merged,
                self.charts,
                heading("assets.view.inventory_title"),
                self.counts,
                self.inventory,
                self.import_panel,
                heading("assets.view.export_title"),
                widgets.HTML(f"<p><small>{escape(t('assets.view.export_help'))}</small></p>"),
                widgets.HBox([self.export_directory, self.export_network]),
                self.downloads,
            ]
        )
        self.add_class("wk-assets-page")
        if refused:
            self.messages.show(t("assets.view.not_yours", code=wanted), "error")
        self.use_session(self.session.value)

    # -- data source -------------------------------------------------------------------------

    def _session_chosen(self, change: Mapping[str, Any]) -> None:
        self.use_session(change["new"] or "")

    def use_session(self, code: str) -> None:
        """Show ``code``'s assets live (``""``: imported files only, kept on this page)."""
        self.stop_polling()
        t = self.t
        if code and self.store is not None:
            if code not in {s.code for s in self.store.sessions_for(self.facilitator.key_hash)}:
                raise SessionNotFound(code)
            self.data = SessionData(self.store, code, self.facilitator)
            self.session_help.value = ""
        else:
            self.data = PageData()
            self.session_help.value = (
                f"<p><small>{escape(t('assets.view.choose_session'))} "
                f"{escape(t('assets.view.no_live_session'))}</small></p>"
            )
        self._version = None
        self.downloads.value = ""
        self.refresh()
        if code and self.poll_enabled:
            self.poller = LivePoll(
                self.data.version,
                lambda _state: self.refresh(),
                POLL_SECONDS,
                min_redraw_seconds=MIN_REDRAW_SECONDS,
            )
            self.poller.start()

    def stop_polling(self) -> None:
        if self.poller is not None:
            self.poller.stop()
            self.poller = None

    # -- drawing ------------------------------------------------------------------------------

    def refresh(self) -> AssetOverview:
        """Recompute and redraw if the assets, decisions or needs ratings changed.

        The poll fires on any change in the session (someone joined, answered another
        activity); comparing the tables themselves keeps the page, and a download link the
        facilitator is about to click, as they are.
        """
        assets, merges, needs = self.data.frames()
        version = tuple(_frame_version(f) for f in (assets, merges, needs) if f is not None)
        if self.overview is not None and version == self._version:
            return self.overview
        overview = compute_overview(assets, merges, needs, self.profile, self.t.language)
        self.overview = overview
        self._version = version
        t = self.t
        self.total.value = totals_html(overview, t)
        self._draw_duplicates(overview)
        self._draw_merged(overview)
        self.counts.value = counts_table_html(overview) if overview.total else ""
        self.inventory.value = inventory_table_html(overview, t)
        self.charts.show(overview)
        self.downloads.value = ""  # an earlier export describes earlier data
        return overview

    def _button(self, key: str, css: str, action: Callable[[], None], style: str = "") -> Any:
        button = widgets.Button(description=self.t(key), button_style=style)
        button.add_class(css)
        button.on_click(guarded(lambda _b: action(), self.messages, self.t))
        return button

    def _draw_duplicates(self, overview: AssetOverview) -> None:
        t = self.t
        if not overview.duplicates:
            self.duplicates.children = [
                widgets.HTML(f"<p>{escape(t('assets.view.no_duplicates'))}</p>")
            ]
            return
        seen = overview.merge_records
        rows: list[widgets.Widget] = []
        for group in overview.duplicates[:MAX_LISTED_GROUPS]:
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
            record for record in overview.inventory.to_dict("records") if len(record["members"]) > 1
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

    # -- exports ------------------------------------------------------------------------------

    def export_file(self, kind: str) -> tuple[str, str, bytes] | None:
        """``(file name, media type, bytes)`` of the directory CSV or the network workbook of
        what the page shows now, or ``None`` when there is nothing to export."""
        overview = self.refresh()
        return export_file(overview, self.data.label, self.profile, self.t.language, kind)

    def export(self, kind: str) -> Path | None:
        """Write the export under ``workshop-data/exports/`` and offer it as a download link."""
        from workshop_kit.paths import private_dir, workshop_data_dir, write_private

        made = self.export_file(kind)
        if made is None:
            self.messages.show(self.t("assets.view.nothing_to_export"), "info")
            return None
        name, media, data = made
        path = write_private(private_dir(workshop_data_dir() / "exports") / name, data)
        encoded = base64.b64encode(data).decode("ascii")
        self.downloads.value = (
            f"<p>{escape(self.t('assets.view.exported', path=str(path)))} "
            f'<a download="{escape(name)}" href="data:{media};base64,{encoded}">'
            f"{escape(self.t('assets.view.download', name=name))}</a></p>"
        )
        return path


def assets_page(poll: bool = True) -> widgets.Widget:
    """The asset-mapping page for this page's visitor: the facilitator's page, or a refusal."""
    try:
        context = facilitator_page_context()
    except ProfileError as error:
        return error_message(" ".join(error.problems))
    if context.facilitator is None:
        return refusal(context.t)
    try:
        store = open_store(context.store_url)
    except StoreError:
        return error_message(context.t("app.error_store"))
    return AssetsPage(context, store, context.facilitator, poll=poll)


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(assets_page())
