"""The facilitator page's tables: the inventory grouped by kind, and counts by kind and area."""

from __future__ import annotations

from workshop_kit.activities.assets.inventory import inventory_counts, inventory_listing
from workshop_kit.activities.assets.names import without_gifts
from workshop_kit.activities.assets.overview import AssetOverview
from workshop_kit.activities.assets.shown import protect_table
from workshop_kit.core.widgets import escape
from workshop_kit.i18n import Translator

#: Rows of the inventory table drawn on the page; the directory export has them all.
MAX_TABLE_ROWS = 300


def inventory_table_html(overview: AssetOverview, t: Translator) -> str:
    """The inventory grouped by kind, then by area and name; every cell escaped."""
    if overview.total == 0:
        return f"<p>{escape(t('assets.summary.inventory_empty'))}</p>"
    listing = inventory_listing(
        without_gifts(overview.inventory), list(overview.category_names), list(overview.area_names)
    )
    gifts = overview.total - len(listing)
    counted = f"<p>{escape(t('assets.moderation.gifts', count=gifts))}</p>" if gifts else ""
    if listing.empty:
        return counted
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
        f"<tbody>{''.join(rows)}</tbody></table>{more}{counted}"
    )


def counts_table_html(overview: AssetOverview, t: Translator) -> str:
    """Distinct assets per kind (rows) and area (columns); a cell from fewer than
    ``min_cell_size`` people says "too few to show" (:func:`.shown.protect_table`)."""
    counts = inventory_counts(
        overview.inventory, list(overview.category_names), list(overview.area_names)
    )
    shown = protect_table(counts, overview.contributions, overview.shown)
    head = "<th></th>" + "".join(
        f'<th class="wk-number">{escape(overview.area_names.get(a, a))}</th>'
        for a in counts.columns
    )
    body = []
    too_few = escape(t("app.too_few"))
    for category, row in zip(counts.index, shown, strict=True):
        cells = "".join(f'<td class="wk-number">{too_few if v is None else v}</td>' for v in row)
        label = overview.category_names.get(str(category), str(category))
        body.append(f"<tr><th>{escape(label)}</th>{cells}</tr>")
    return (
        f'<table class="wk-assets-table wk-assets-counts-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
