"""Asset mapping app: participants add what the community already has; the facilitator merges
duplicates and reads which needs nothing meets.

Three parts, one for each place the activity shows up:

- :func:`assets_form`, on participants' phones: one asset at a time, stored at once, the form
  cleared for the next one. Several in a row must be quick, so only the name, kind and area are
  asked for up front; the needs it helps with are checkboxes (no multi-select list, which needs
  a modifier key), and contact, opening hours and location sit behind "More details".
- :class:`AssetsResults`, on the hub's projected screen: counts by kind, the map and the
  needs × assets gap heat map, each with its sentence. It only reads.
- :class:`AssetsPage` (:func:`show`, notebook 02), the facilitator's own page: the live
  inventory, likely duplicates with *Merge* / *Not a duplicate*, merged groups with *Separate*,
  the same three charts, import of an inventory file and exports. Without a live session it
  works on imported files alone, as the design asks of every activity notebook.

Why merges live on the facilitator page and are answers: de-duplication is a judgement made
live and must never lose what a participant gave (see :mod:`workshop_kit.answers.assets`).
Decisions are appended through :meth:`~workshop_kit.store.Store.add_facilitator_answers`,
which checks the facilitator key, and only records under the participant id
:data:`FACILITATOR_ID` with source ``facilitator`` are replayed: an ``asset_merges`` answer that
reached the store any other way can never hide an asset.

Heavy imports (pandas, matplotlib, rapidfuzz) happen inside functions: the participant kernel
imports this module for the form alone and must stay quick to start.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.answers import InvalidAnswer
from workshop_kit.answers.assets import (
    LOCATION_DROPPED,
    MAX_NAME,
    AssetMergeAnswer,
    category_labels,
    new_asset_id,
    prepare_asset,
)
from workshop_kit.apps import import_panel
from workshop_kit.apps.activities import (
    Activity,
    FormContext,
    LiveResults,
    ResultsContext,
    register,
)
from workshop_kit.apps.context import PageContext, facilitator_page_context
from workshop_kit.apps.session_page import MIN_REDRAW_SECONDS, POLL_SECONDS
from workshop_kit.apps.style import PAGE_CSS
from workshop_kit.auth import Facilitator
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile, ProfileError
from workshop_kit.store import SessionNotFound, Store, StoreError, normalise_code, open_store
from workshop_kit.widgets import (
    ChartPanel,
    LivePoll,
    MessageArea,
    error_message,
    escape,
    guarded,
    refusal,
    synthetic_banner,
)

if TYPE_CHECKING:
    import pandas as pd

    from workshop_kit.geo import AreaShapes
    from workshop_kit.io.assets import AssetImport
    from workshop_kit.models.assets import DuplicateGroup, GapMatrix, MergePlan

#: The participant id under which the facilitator's merge decisions are stored and replayed.
FACILITATOR_ID = "facilitator"
FACILITATOR_SOURCE = "facilitator"
#: How often the facilitator page asks the store whether anything changed.
#: Rows of the inventory table drawn on the page; the directory export has them all.
MAX_TABLE_ROWS = 300
#: Duplicate groups and merged groups listed with buttons (a long list helps no one live).
MAX_LISTED_GROUPS = 40

ASSETS_CSS = """
<style>
.wk-assets-page { max-width: 1000px; margin: 0 auto; font-size: 16px; }
.wk-assets-total p { font-size: 20px; font-weight: 600; }
.wk-assets-table { border-collapse: collapse; width: 100%; font-size: 14px; }
.wk-assets-table th, .wk-assets-table td { border-bottom: 1px solid #ddd; padding: 3px 6px;
  text-align: left; vertical-align: top; }
.wk-assets-table .wk-assets-category-row th { background: #eef3f8; padding-top: 8px; }
.wk-assets-table td.wk-number, .wk-assets-table th.wk-number { text-align: right; }
.wk-assets-duplicate, .wk-assets-merged-group { border-left: 4px solid #E69F00;
  padding: 2px 8px; margin: 4px 0; }
.wk-assets-merged-group { border-left-color: #0072B2; }
.wk-assets-counts-table { margin-bottom: 18px; }
.wk-assets-downloads a { color: #0b57d0; text-decoration: underline; font-weight: 600; }
.wk-assets-page .widget-button { width: auto; min-width: 120px; align-self: flex-start; }
.wk-assets-form .widget-checkbox { width: 100%; }
.wk-assets-form input[type="text"] { font-size: 16px; }
</style>
"""


def _model() -> Any:
    from workshop_kit.models import assets

    return assets


def _charts() -> Any:
    from workshop_kit.charts import assets

    return assets


def _wide(description: str, **kwargs: Any) -> dict[str, Any]:
    """Common keyword arguments of a form field: a visible label, full width on a phone."""
    return {
        "description": description,
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="calc(100% - 12px)", max_width="520px"),
        **kwargs,
    }


# -- participant form --------------------------------------------------------------------------


class CoordinateError(ValueError):
    """A latitude or longitude that is not a number (the message says how to give one)."""


def parse_coordinate(text: str) -> float | None:
    """``"47.53"``, ``"47,53"`` or ``"47.53°"`` → 47.53; empty → ``None``.

    Raises :class:`CoordinateError` for anything else: a phone keyboard in French types a
    decimal comma, and a location is optional, so a typo must be said, not silently dropped.
    """
    cleaned = text.strip().replace("°", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise CoordinateError(text) from None
    if not math.isfinite(value):
        raise CoordinateError(text)
    return value


class AssetForm(widgets.VBox):
    """The participant's form: add one asset, then the next.

    Each draft has its own ``asset_id`` (kept until it is saved), so a double click or a retry
    after a dropped connection stores the asset once, while the next asset gets a new id and
    never replaces the previous one. The area is kept after saving: people tend to list several
    assets of the neighbourhood they know.

    CSS classes for tests: ``wk-assets-form``, ``wk-assets-name``, ``wk-assets-category``,
    ``wk-assets-area``, ``wk-assets-need-<need id>``, ``wk-assets-contact``,
    ``wk-assets-hours``, ``wk-assets-latitude``, ``wk-assets-longitude``, ``wk-assets-add``,
    ``wk-assets-count``.
    """

    def __init__(self, context: FormContext) -> None:
        self.context = context
        self.profile = context.profile
        self.t = t = context.t
        self.draft_id = new_asset_id()
        self.added: list[str] = []
        self._just_saved = False

        question = widgets.HTML(f"<h3>{escape(t('assets.form.question'))}</h3>")
        intro = widgets.HTML(f"<p>{escape(t('assets.form.intro'))}</p>")
        self.name = widgets.Text(
            value="", placeholder=t("assets.form.name_placeholder"), **_wide(t("assets.form.name"))
        )
        self.name.add_class("wk-assets-name")
        choose = [(t("assets.form.choose"), "")]
        categories = category_labels(self.profile, t.language)
        self.category = widgets.Dropdown(
            options=choose + [(label, key) for key, label in categories.items()],
            value="",
            **_wide(t("assets.form.category")),
        )
        self.category.add_class("wk-assets-category")
        areas = self.profile.area_labels(t.language)
        self.area = widgets.Dropdown(
            options=choose + [(label, key) for key, label in areas.items()],
            value=next(iter(areas)) if len(areas) == 1 else "",
            **_wide(t("assets.form.area")),
        )
        self.area.add_class("wk-assets-area")
        self.needs: dict[str, widgets.Checkbox] = {}
        for need, label in self.profile.need_labels(t.language).items():
            box = widgets.Checkbox(value=False, description=label, indent=False)
            box.add_class(f"wk-assets-need-{need}")
            self.needs[need] = box
        needs_box = widgets.VBox(
            [
                widgets.HTML(f"<p><strong>{escape(t('assets.form.needs'))}</strong></p>"),
                *self.needs.values(),
            ]
        )
        needs_box.add_class("wk-assets-needs")
        self.contact = widgets.Text(value="", **_wide(t("assets.form.contact")))
        self.contact.add_class("wk-assets-contact")
        self.hours = widgets.Text(value="", **_wide(t("assets.form.opening_hours")))
        self.hours.add_class("wk-assets-hours")
        # text boxes, not number boxes: an empty box must mean "no location", never 0°
        self.latitude = widgets.Text(
            value="", placeholder="47.535", **_wide(t("assets.form.latitude"))
        )
        self.latitude.add_class("wk-assets-latitude")
        self.longitude = widgets.Text(
            value="", placeholder="-80.43", **_wide(t("assets.form.longitude"))
        )
        self.longitude.add_class("wk-assets-longitude")
        details = widgets.VBox(
            [
                self.contact,
                self.hours,
                widgets.HTML(f"<p><small>{escape(t('assets.form.location_help'))}</small></p>"),
                self.latitude,
                self.longitude,
            ]
        )
        self.details = widgets.Accordion(children=[details], titles=(t("assets.form.details"),))
        self.details.add_class("wk-assets-details")
        self.add_button = widgets.Button(
            description=t("assets.form.add"), button_style="primary", icon="plus"
        )
        self.add_button.add_class("wk-assets-add")
        self.add_button.add_class("wk-submit")
        self.messages = MessageArea()
        self.count = widgets.HTML()
        self.count.add_class("wk-assets-count")
        self.add_button.on_click(guarded(self._add_clicked, self.messages, t))
        self.name.observe(guarded(self._name_typed, self.messages, t), names="value")
        super().__init__(
            [
                widgets.HTML(ASSETS_CSS),
                question,
                intro,
                self.name,
                self.category,
                self.area,
                needs_box,
                self.details,
                self.add_button,
                self.messages,
                self.count,
            ]
        )
        self.add_class("wk-assets-form")

    def _name_typed(self, change: Mapping[str, Any]) -> None:
        if change["new"]:
            self._just_saved = False

    def payload(self) -> dict[str, Any]:
        """What the form holds, as an ``assets`` answer payload (raises on a bad location)."""
        latitude = parse_coordinate(self.latitude.value)
        longitude = parse_coordinate(self.longitude.value)
        if (latitude is None) != (longitude is None):
            raise CoordinateError("both or neither")
        return {
            "asset_id": self.draft_id,
            "name": self.name.value,
            "category": self.category.value,
            "area": self.area.value,
            "needs": [need for need, box in self.needs.items() if box.value],
            "contact": self.contact.value.strip() or None,
            "opening_hours": self.hours.value.strip() or None,
            "latitude": latitude,
            "longitude": longitude,
        }

    def _add_clicked(self, _button: widgets.Button) -> None:
        t = self.t
        if not self.name.value.strip():
            if self._just_saved:
                return  # the second click of a double click, after the form was cleared
            self.messages.show(t("assets.form.name_required"), "warning")
            return
        if not self.category.value:
            self.messages.show(t("assets.form.category_required"), "warning")
            return
        if not self.area.value:
            self.messages.show(t("assets.form.area_required"), "warning")
            return
        try:
            payload = self.payload()
        except CoordinateError:
            self.messages.show(t("assets.form.location_invalid"), "warning")
            return
        try:
            answer, notices = prepare_asset(payload, self.profile)
        except InvalidAnswer as error:
            self.messages.show(self._invalid_message(error), "warning")
            return
        self.add_button.disabled = True
        try:
            stored = self.context.send("assets", answer.model_dump())
        finally:
            self.add_button.disabled = False
        key = "assets.form.added" if stored else "assets.form.already_added"
        if stored:
            self.added.append(answer.name)
        text = t(key, name=answer.name)
        kind = "ok"
        if LOCATION_DROPPED in notices:
            text += " " + t(LOCATION_DROPPED)
            kind = "warning"
        self.messages.show(text, kind)
        self._show_count()
        self.clear()

    def _invalid_message(self, error: InvalidAnswer) -> str:
        fields = {str(e["loc"][0]) if e.get("loc") else "" for e in error.errors}
        t = self.t
        if "category" in fields:
            return t("assets.form.category_required")
        if "area" in fields:
            return t("assets.form.area_required")
        if fields & {"latitude", "longitude", ""}:
            return t("assets.form.location_invalid")
        return t("assets.form.invalid", limit=MAX_NAME)

    def _show_count(self) -> None:
        if not self.added:
            self.count.value = ""
            return
        count = len(self.added)
        names = ", ".join(self.added[-5:]) + (" …" if count > 5 else "")
        self.count.value = (
            f"<p>{escape(self.t('assets.form.count', count=count))}<br>"
            f"<small>{escape(self.t('assets.form.yours', names=names))}</small></p>"
        )

    def clear(self) -> None:
        """Empty the form for the next asset (keeping the area) with a new draft id."""
        self.draft_id = new_asset_id()
        self._just_saved = True
        self.name.value = ""
        self.category.value = ""
        for box in self.needs.values():
            box.value = False
        for text in (self.contact, self.hours, self.latitude, self.longitude):
            text.value = ""


def assets_form(context: FormContext) -> widgets.Widget:
    """The participant form of the asset-mapping activity (see :class:`AssetForm`)."""
    return AssetForm(context)


# -- what every view computes ------------------------------------------------------------------


def facilitator_merges(merges: pd.DataFrame) -> pd.DataFrame:
    """Only the merge records the facilitator gave (see the module docstring for why)."""
    if merges.empty:
        return merges
    if "participant_id" not in merges or "source" not in merges:
        return merges.iloc[0:0]
    mask = (merges["participant_id"] == FACILITATOR_ID) & (merges["source"] == FACILITATOR_SOURCE)
    return merges[mask]


def unmet_scores(needs: pd.DataFrame | None, profile: Profile) -> pd.Series | None:
    """Unmet-need scores of a needs assessment run in the same session, or ``None``.

    Needs nobody rated get no score (the gap matrix gives them the median weight).
    """
    if needs is None or needs.empty:
        return None
    from workshop_kit.models.needs import need_scores

    scores = need_scores(needs, [n.id for n in profile.needs])["score"].dropna()
    return scores.astype(float) if len(scores) else None


@dataclass
class AssetOverview:
    """Everything the asset views show, computed once per change of the answers."""

    inventory: pd.DataFrame  # merged: one row per distinct asset
    plan: MergePlan
    duplicates: list[DuplicateGroup]
    gap: GapMatrix
    names_by_id: dict[str, str]  # every answer's asset id → the name it gave
    merge_records: int  # facilitator decisions so far (part of each new decision's key)
    category_names: dict[str, str]
    area_names: dict[str, str]
    need_names: dict[str, str]

    @property
    def total(self) -> int:
        return len(self.inventory)

    @property
    def mentions(self) -> int:
        return int(self.inventory["mentions"].sum()) if self.total else 0


def compute_overview(
    assets: pd.DataFrame,
    merges: pd.DataFrame,
    needs: pd.DataFrame | None,
    profile: Profile,
    language: str,
) -> AssetOverview:
    """Inventory after merges, likely duplicates and the gap matrix (weighted when a needs
    assessment ran in the same session)."""
    model = _model()
    table = model.asset_table(assets)
    decisions = model.merge_records(facilitator_merges(merges))
    plan = model.plan_merges(decisions)
    inventory = model.apply_merges(table, plan)
    need_names = profile.need_labels(language)
    area_names = profile.area_labels(language)
    gap = model.gap_matrix(
        inventory, list(need_names), list(area_names), unmet_scores(needs, profile)
    )
    return AssetOverview(
        inventory=inventory,
        plan=plan,
        duplicates=model.find_duplicates(inventory, plan),
        gap=gap,
        names_by_id=dict(zip(table["asset_id"], table["name"], strict=True)),
        merge_records=len(decisions),
        category_names=category_labels(profile, language),
        area_names=area_names,
        need_names=need_names,
    )


def _frame_version(frame: pd.DataFrame) -> tuple[int, int]:
    """A cheap fingerprint of a store table: rows and newest answer id."""
    if frame.empty or "answer_id" not in frame:
        return (len(frame), 0)
    return (len(frame), int(frame["answer_id"].max()))


# -- the three charts --------------------------------------------------------------------------


def set_summary(panel: ChartPanel, text: str) -> None:
    """Change a chart's sentence without redrawing the chart (the same markup as
    :meth:`ChartPanel.show`)."""
    panel.summary.value = f'<p aria-live="polite">{escape(text)}</p>'


class AssetCharts(widgets.VBox):
    """Counts by kind, the map and the gap heat map, each with its sentence.

    A chart is redrawn only when what it shows changed: a new asset in a known kind changes
    the counts and the map but maybe not the gaps, and a redraw costs a few tenths of a second
    on a small laptop.
    """

    def __init__(self, profile: Profile, t: Translator) -> None:
        self.profile = profile
        self.t = t
        self.categories = ChartPanel()
        self.categories.add_class("wk-assets-chart-categories")
        self.map = ChartPanel()
        self.map.add_class("wk-assets-chart-map")
        self.gaps = ChartPanel()
        self.gaps.add_class("wk-assets-chart-gaps")
        self._drawn: dict[str, Any] = {}
        self.shapes: AreaShapes | None = None
        self.shapes_problem: str | None = None
        self._load_shapes()
        super().__init__([self.categories, self.map, self.gaps])
        self.add_class("wk-assets-charts")

    def _load_shapes(self) -> None:
        from workshop_kit.geo import GeoError, shapes_for_profile

        try:
            self.shapes = shapes_for_profile(self.profile, self.t.language)
        except GeoError as error:
            self.shapes_problem = self.t("assets.view.map_problem", problem=error.problems[0])
            return
        if self.shapes is None:
            self.shapes_problem = self.t("assets.view.map_unavailable")

    def show(self, overview: AssetOverview) -> None:
        model, charts, t = _model(), _charts(), self.t
        inventory = overview.inventory
        by_category = model.counts_by_category(inventory, list(overview.category_names))
        by_area = model.counts_by_area(inventory, list(overview.area_names))
        inventory_text = model.inventory_summary(
            inventory, t, overview.category_names, overview.area_names
        )
        key = ("categories", tuple(by_category.items()))
        if self._drawn.get("categories") != key:
            self.categories.show(
                charts.category_counts(by_category, overview.category_names, t), inventory_text
            )
            self._drawn["categories"] = key
        else:
            set_summary(self.categories, inventory_text)

        located = model.located_assets(inventory)
        map_text = self._map_sentence(overview, by_area, len(located))
        if self.shapes is None:
            self.map.show(None, f"{self.shapes_problem} {map_text}".strip())
        else:
            points = tuple(
                zip(located["latitude"].round(6), located["longitude"].round(6), strict=True)
            )
            key = ("map", tuple(by_area.items()), points)
            if self._drawn.get("map") != key:
                figure = charts.asset_map(self.shapes, by_area, located, overview.area_names, t)
                self.map.show(figure, map_text)
                self._drawn["map"] = key
            else:
                set_summary(self.map, map_text)

        gap = overview.gap
        gap_text = model.gap_summary(gap, t, overview.need_names, overview.area_names)
        weights = None if gap.weights is None else tuple(gap.weights.round(6).items())
        key = ("gaps", gap.counts.to_numpy().tobytes(), weights)
        if self._drawn.get("gaps") != key:
            figure = charts.gap_heatmap(gap, overview.need_names, overview.area_names, t)
            self.gaps.show(figure, gap_text)
            self._drawn["gaps"] = key
        else:
            set_summary(self.gaps, gap_text)

    def _map_sentence(self, overview: AssetOverview, by_area: pd.Series, located: int) -> str:
        if overview.total == 0:
            return self.t("assets.summary.inventory_empty")
        top = by_area.idxmax()
        return self.t(
            "assets.view.map_summary",
            count=overview.total,
            located=located,
            top_area=overview.area_names.get(top, top),
            top_count=int(by_area.max()),
        )


def totals_html(overview: AssetOverview, t: Translator) -> str:
    """'12 assets · 14 mentions · 1 likely duplicate to check'."""
    parts = [
        t("assets.view.totals", count=overview.total),
        t("assets.view.mentions", count=overview.mentions),
    ]
    if overview.duplicates:
        parts.append(t("assets.view.duplicates_count", count=len(overview.duplicates)))
    return f'<p aria-live="polite">{escape(" · ".join(parts))}</p>'


class AssetsResults(LiveResults):
    """The hub's live view: totals, counts by kind, map and gap heat map.

    The hub calls :meth:`refresh` whenever anything in the session changed (a participant
    joined, an answer to another activity): the answers are fingerprinted first, so nothing is
    recomputed or redrawn unless assets, merges or needs ratings changed.
    """

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.total = widgets.HTML()
        self.total.add_class("wk-assets-total")
        self.charts = AssetCharts(context.profile, context.t)
        self._version: Any = None
        hint = widgets.HTML(f"<p><small>{escape(context.t('assets.view.hub_hint'))}</small></p>")
        super().__init__([widgets.HTML(ASSETS_CSS), self.total, hint, self.charts])
        self.add_class("wk-assets-results")
        self.refresh()

    def refresh(self) -> None:
        assets = self.context.answers("assets")
        merges = self.context.answers("asset_merges")
        needs = self.context.answers("needs")
        version = (_frame_version(assets), _frame_version(merges), _frame_version(needs))
        if version == self._version:
            return
        overview = compute_overview(
            assets, merges, needs, self.context.profile, self.context.t.language
        )
        self.total.value = totals_html(overview, self.context.t)
        self.charts.show(overview)
        self._version = version


register(
    Activity("assets", "assets.activity", assets_form, AssetsResults, page="02_asset_mapping.ipynb")
)


# -- where the facilitator page reads and writes -----------------------------------------------


class AssetData(Protocol):
    """Where the facilitator page reads assets and writes its decisions."""

    label: str

    def version(self) -> Any: ...

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]: ...

    def decide(self, answer: AssetMergeAnswer, key: str) -> bool: ...

    def add_import(self, result: AssetImport) -> int: ...


@dataclass
class SessionData:
    """A live session in the store. Every write passes the facilitator's key hash, which the
    store checks against the session's own."""

    store: Store
    code: str
    facilitator: Facilitator

    @property
    def label(self) -> str:
        return self.code

    def version(self) -> Any:
        return self.store.state(self.code)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
        return (
            self.store.answers(self.code, "assets"),
            self.store.answers(self.code, "asset_merges"),
            self.store.answers(self.code, "needs"),
        )

    def decide(self, answer: AssetMergeAnswer, key: str) -> bool:
        stored = self.store.add_facilitator_answers(
            self.code, self.facilitator.key_hash, [(FACILITATOR_ID, answer, key)]
        )
        return stored > 0

    def add_import(self, result: AssetImport) -> int:
        return self.store.add_facilitator_answers(
            self.code, self.facilitator.key_hash, result.store_rows(self.code), source="import"
        )


@dataclass
class PageData:
    """No live session: imported files and decisions kept on this page until exported.

    Same rules as the store: an asset imported twice counts once, a decision taken twice is
    recorded once, and merges are replayed in order.
    """

    label: str = "import"
    assets: dict[str, dict[str, Any]] = field(default_factory=dict)
    merges: dict[str, dict[str, Any]] = field(default_factory=dict)
    _counter: int = 0

    def version(self) -> Any:
        return (len(self.assets), len(self.merges))

    def _next_id(self) -> int:
        self._counter += 1
        return self._counter

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
        import pandas as pd

        return (
            pd.DataFrame(list(self.assets.values())),
            pd.DataFrame(list(self.merges.values())),
            None,
        )

    def decide(self, answer: AssetMergeAnswer, key: str) -> bool:
        if key in self.merges:
            return False
        self.merges[key] = {
            "answer_id": self._next_id(),
            "participant_id": FACILITATOR_ID,
            "source": FACILITATOR_SOURCE,
            **answer.model_dump(),
        }
        return True

    def add_import(self, result: AssetImport) -> int:
        stored = 0
        for participant_id, answer, key in result.store_rows(self.label):
            if key in self.assets:
                continue
            self.assets[key] = {
                "answer_id": self._next_id(),
                "participant_id": participant_id,
                "item": answer.item(),
                "source": "import",
                **answer.model_dump(),
            }
            stored += 1
        return stored


# -- the facilitator page ------------------------------------------------------------------------


def decision_key(label: str, action: str, keep: str, merged: Sequence[str], seen: int) -> str:
    """Idempotency key of a facilitator decision.

    ``seen`` is how many decisions the page had when it drew the button: a double click stores
    the decision once, while merging a group again after separating it is a new decision.
    """
    text = "\x1f".join([label, action, keep, *merged, str(seen)])
    return "asset-decision-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:48]


def inventory_table_html(overview: AssetOverview, t: Translator) -> str:
    """The inventory grouped by kind, then by area and name; every cell escaped."""
    model = _model()
    if overview.total == 0:
        return f"<p>{escape(t('assets.summary.inventory_empty'))}</p>"
    listing = model.inventory_listing(
        overview.inventory, list(overview.category_names), list(overview.area_names)
    )
    headers = ["name", "area", "needs", "contact", "opening_hours", "mentions"]
    head = "".join(
        f'<th class="{"wk-number" if h == "mentions" else ""}">'
        f"{escape(t(f'assets.view.column_{h}'))}</th>"
        for h in headers
    )
    rows: list[str] = []
    current = None
    for record in listing.head(MAX_TABLE_ROWS).to_dict("records"):
        category = record["category"]
        if category != current:
            current = category
            count = int((listing["category"] == category).sum())
            label = overview.category_names.get(category, category)
            rows.append(
                f'<tr class="wk-assets-category-row"><th colspan="{len(headers)}">'
                f"{escape(label)} ({count})</th></tr>"
            )
        needs = ", ".join(overview.need_names.get(n, n) for n in record["needs"])
        cells = [
            record["name"],
            overview.area_names.get(record["area"], record["area"]),
            needs,
            record["contact"] or "",
            record["opening_hours"] or "",
        ]
        rows.append(
            "<tr>"
            + "".join(f"<td>{escape(cell)}</td>" for cell in cells)
            + f'<td class="wk-number">{int(record["mentions"])}</td></tr>'
        )
    more = ""
    if len(listing) > MAX_TABLE_ROWS:
        more = (
            f"<p>{escape(t('assets.view.inventory_more', count=len(listing) - MAX_TABLE_ROWS))}</p>"
        )
    return (
        f'<table class="wk-assets-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{more}"
    )


def counts_table_html(overview: AssetOverview) -> str:
    """Distinct assets per kind (rows) and area (columns), with totals."""
    counts = _model().inventory_counts(
        overview.inventory, list(overview.category_names), list(overview.area_names)
    )
    head = "<th></th>" + "".join(
        f'<th class="wk-number">{escape(overview.area_names.get(a, a))}</th>'
        for a in counts.columns
    )
    body = []
    for category, row in counts.iterrows():
        cells = "".join(f'<td class="wk-number">{int(v)}</td>' for v in row)
        label = overview.category_names.get(str(category), str(category))
        body.append(f"<tr><th>{escape(label)}</th>{cells}</tr>")
    return (
        f'<table class="wk-assets-table wk-assets-counts-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


class ImportPanel(import_panel.ImportPanel):
    """Upload an asset inventory, see its problems, import it when it has none."""

    CSS = "assets"
    KEYS: ClassVar[Mapping[str, str]] = {
        "title": "assets.view.import_title",
        "help": "assets.view.import_help",
        "upload": "assets.view.upload",
        "sheet": "assets.view.sheet",
        "import": "assets.view.import",
        "problem_error": "assets.view.problem_error",
        "problem_warning": "assets.view.problem_warning",
        "imported": "assets.view.imported",
        "already_there": "assets.view.already_there",
    }

    def check(self, data: bytes, name: str, sheet: str | None) -> AssetImport:
        from workshop_kit.io.assets import check_assets_file

        return check_assets_file(data, name, self.profile, sheet=sheet, language=self.t.language)

    def summary(self, result: AssetImport) -> str:  # type: ignore[override]
        from workshop_kit.io.assets import summary_line

        return summary_line(result, self.t)

    def refused(self, name: str, problems: list[Any]) -> AssetImport:
        from workshop_kit.io.assets import AssetImport

        return AssetImport(filename=name, problems=problems)


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
        from workshop_kit.io.assets import directory_csv, network_workbook

        overview = self.refresh()
        if overview.total == 0:
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        label = "".join(ch for ch in self.data.label if ch.isalnum()) or "assets"
        if kind == "directory":
            data = directory_csv(overview.inventory, self.profile, self.t.language)
            return f"assets-directory-{label}-{stamp}.csv", "text/csv", data
        data = network_workbook(overview.inventory, self.profile, self.t.language)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return f"assets-network-{label}-{stamp}.xlsx", media, data

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
