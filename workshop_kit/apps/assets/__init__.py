"""Asset mapping app: participants add what the community already has; the facilitator merges
duplicates and reads which needs nothing meets.

Three parts, one for each place the activity shows up:

- :func:`assets_form` (:mod:`.form`), on participants' phones: one asset at a time, stored at
  once, the form cleared for the next one. Several in a row must be quick, so only the name,
  kind and area are asked for up front; the needs it helps with are checkboxes (no
  multi-select list, which needs a modifier key), and contact, opening hours and location sit
  behind "More details".
- :class:`AssetsResults` (:mod:`.live`), on the hub's projected screen: counts by kind, the map
  and the needs × assets gap heat map, each with its sentence. It only reads.
- :class:`AssetsPage` (:mod:`.page`; :func:`show`, notebook 02), the facilitator's own page:
  the live inventory, likely duplicates with *Merge* / *Not a duplicate*, merged groups with
  *Separate*, the same three charts, import of an inventory file and exports. Without a live
  session it works on imported files alone, as the design asks of every activity notebook.

What the views share is computed in :mod:`.overview`; the page reads and writes through
:mod:`.data`, draws the tables of :mod:`.tables` and imports and exports through
:mod:`.files`; :mod:`.style` holds the CSS.

Why merges live on the facilitator page and are answers: de-duplication is a judgement made
live and must never lose what a participant gave (see :mod:`workshop_kit.answers.assets`).
Decisions are appended through :meth:`~workshop_kit.store.Store.add_facilitator_answers`,
which checks the facilitator key, and only records under the participant id
:data:`FACILITATOR_ID` with source ``facilitator`` are replayed: an ``asset_merges`` answer that
reached the store any other way can never hide an asset.

Heavy imports (pandas, matplotlib, rapidfuzz) happen inside functions: the participant kernel
imports this package for the form alone and must stay quick to start.
"""

from __future__ import annotations

from workshop_kit.apps.activities import Activity, register
from workshop_kit.apps.assets.data import AssetData, PageData, SessionData, decision_key
from workshop_kit.apps.assets.files import ImportPanel
from workshop_kit.apps.assets.form import AssetForm, CoordinateError, assets_form, parse_coordinate
from workshop_kit.apps.assets.live import AssetCharts, AssetsResults, set_summary, totals_html
from workshop_kit.apps.assets.overview import (
    FACILITATOR_ID,
    FACILITATOR_SOURCE,
    AssetOverview,
    compute_overview,
    facilitator_merges,
    unmet_scores,
)
from workshop_kit.apps.assets.page import MAX_LISTED_GROUPS, AssetsPage, assets_page, show
from workshop_kit.apps.assets.style import ASSETS_CSS
from workshop_kit.apps.assets.tables import MAX_TABLE_ROWS, counts_table_html, inventory_table_html

__all__ = [
    "ASSETS_CSS",
    "FACILITATOR_ID",
    "FACILITATOR_SOURCE",
    "MAX_LISTED_GROUPS",
    "MAX_TABLE_ROWS",
    "AssetCharts",
    "AssetData",
    "AssetForm",
    "AssetOverview",
    "AssetsPage",
    "AssetsResults",
    "CoordinateError",
    "ImportPanel",
    "PageData",
    "SessionData",
    "assets_form",
    "assets_page",
    "compute_overview",
    "counts_table_html",
    "decision_key",
    "facilitator_merges",
    "inventory_table_html",
    "parse_coordinate",
    "set_summary",
    "show",
    "totals_html",
    "unmet_scores",
]

register(
    Activity("assets", "assets.activity", assets_form, AssetsResults, page="02_asset_mapping.ipynb")
)
