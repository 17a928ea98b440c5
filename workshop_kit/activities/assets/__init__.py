"""Asset mapping (asset-based community development): participants add what the community
already has; the facilitator merges duplicates and reads which needs nothing meets.

Three parts, one for each place the activity shows up:

- :func:`build_form` (:mod:`.form`), on participants' phones: one asset at a time, stored at
  once, the form cleared for the next one. Several in a row must be quick, so only the name,
  kind and area are asked for up front; the needs it helps with are checkboxes (no
  multi-select list, which needs a modifier key), and contact, opening hours and location sit
  behind "More details".
- :class:`AssetsResults` (:mod:`.live`), on the hub's projected screen: counts by kind, the map
  and the needs × assets gap heat map, each with its sentence. It only reads, and only what may
  be projected: participants' assets released in blocks of ``min_cell_size`` people, counts
  from fewer people shown as "too few to show" (:mod:`.shown`).
- :class:`AssetsView` (:mod:`.page`; :func:`show`, notebook 02) inside the core's facilitator
  page frame (:mod:`workshop_kit.core.page`): the live inventory, likely duplicates with
  *Merge* / *Not a duplicate*, merged groups with *Separate*, the same three charts, import of
  an inventory file and exports. Without a live session it works on imported files alone, as
  the design asks of every activity notebook.

The model is pure and split by concern: the asset table and merges (:mod:`.model`), likely
duplicates (:mod:`.duplicates`), counts and listings (:mod:`.inventory`), the gap matrix
(:mod:`.gaps`) and what of the counts may be shown (:mod:`.shown`, disclosure control). What
the views share is computed once in :mod:`.overview`; the page reads and writes through
:mod:`.data`, draws the tables of :mod:`.tables`, imports through :mod:`.importer` and
exports through :mod:`.exporter` (both offered by :mod:`.files`); :mod:`.style` holds the CSS.
Its section of the workshop report (:mod:`.report`) is the hub's screen on paper, with the
names of the public places and organisations the room named.

Why merges live on the facilitator page and are answers: de-duplication is a judgement made
live and must never lose what a participant gave (see
:mod:`workshop_kit.activities.assets.answers`).
Decisions are appended through :meth:`~workshop_kit.core.store.Store.add_facilitator_answers`,
which checks the facilitator key, and only records under the participant id
:data:`FACILITATOR_ID` with source ``facilitator`` are replayed: an ``asset_merges`` answer that
reached the store any other way can never hide an asset.

Heavy imports (pandas, matplotlib, rapidfuzz) stay out of the form's modules: the participant
kernel imports this package for the form alone and must stay quick to start.
"""

from workshop_kit.core.activity import ActivityInfo

#: Its shown state is built in ``overview`` (``shown`` is a model module: no charts there).
ACTIVITY = ActivityInfo(
    "assets", "assets.activity", 30, page="02_asset_mapping.ipynb", shown="overview:shown_state"
)
