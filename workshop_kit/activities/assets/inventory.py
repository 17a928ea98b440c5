"""The inventory as the views read it: counts by category and area, the reading order, the
located assets and the sentence under the inventory chart.

Pure functions (no widgets, files or database). Counts here are the model's; what of them may
be shown (small cells) is decided in :mod:`.shown`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from workshop_kit.activities.assets.duplicates import normalise_name
from workshop_kit.activities.assets.model import blank
from workshop_kit.i18n import Translator


def _ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    seen = list(dict.fromkeys(str(v) for v in values if not blank(v)))
    return list(order) + sorted(v for v in seen if v not in order)


def inventory_counts(
    inventory: pd.DataFrame, categories: Sequence[str], areas: Sequence[str]
) -> pd.DataFrame:
    """Distinct assets per category (rows) and area (columns), in the given orders.

    Categories or areas present in the data but not in the orders (a profile edited during a
    workshop) are appended rather than dropped, so no asset disappears from the counts.
    """
    rows = _ordered(inventory["category"] if not inventory.empty else [], categories)
    columns = _ordered(inventory["area"] if not inventory.empty else [], areas)
    if inventory.empty:
        return pd.DataFrame(0, index=pd.Index(rows), columns=pd.Index(columns), dtype=int)
    counts = inventory.groupby(["category", "area"])["asset_id"].nunique().unstack(fill_value=0)
    return counts.reindex(index=rows, columns=columns, fill_value=0).astype(int)


def inventory_listing(
    inventory: pd.DataFrame, categories: Sequence[str], areas: Sequence[str]
) -> pd.DataFrame:
    """The inventory sorted for reading: by category, then area, then name (accents ignored)."""
    if inventory.empty:
        return inventory.copy()
    category_rank = {c: i for i, c in enumerate(_ordered(inventory["category"], categories))}
    area_rank = {a: i for i, a in enumerate(_ordered(inventory["area"], areas))}
    keyed = inventory.assign(
        _c=inventory["category"].map(category_rank),
        _a=inventory["area"].map(area_rank),
        _n=[normalise_name(n) for n in inventory["name"]],
    )
    return (
        keyed.sort_values(["_c", "_a", "_n"], kind="stable")
        .drop(columns=["_c", "_a", "_n"])
        .reset_index(drop=True)
    )


def counts_by_area(inventory: pd.DataFrame, areas: Sequence[str]) -> pd.Series:
    """Distinct assets per area, every area of ``areas`` present (0 when none)."""
    if inventory.empty:
        return pd.Series(0, index=pd.Index(list(areas)), dtype=int)
    counts = inventory.groupby("area")["asset_id"].nunique()
    return counts.reindex(_ordered(inventory["area"], areas), fill_value=0).astype(int)


def counts_by_category(inventory: pd.DataFrame, categories: Sequence[str]) -> pd.Series:
    """Distinct assets per category, every category of ``categories`` present."""
    if inventory.empty:
        return pd.Series(0, index=pd.Index(list(categories)), dtype=int)
    counts = inventory.groupby("category")["asset_id"].nunique()
    return counts.reindex(_ordered(inventory["category"], categories), fill_value=0).astype(int)


def located_assets(inventory: pd.DataFrame) -> pd.DataFrame:
    """The assets that have a point (both coordinates)."""
    if inventory.empty:
        return inventory.copy()
    mask = inventory["latitude"].notna() & inventory["longitude"].notna()
    return inventory.loc[mask].reset_index(drop=True)


def inventory_summary(
    inventory: pd.DataFrame,
    t: Translator,
    category_names: Mapping[str, str],
    area_names: Mapping[str, str],
    *,
    categories: Mapping[str, int | None] | None = None,
    areas: Mapping[str, int | None] | None = None,
    min_cell_size: int = 0,
) -> str:
    """One sentence for the inventory chart: how many, which category and area lead and lag.

    ``categories`` and ``areas`` are the counts as they may be shown (``None``: too few to
    show, see :mod:`.shown`); without them every count is shown. A hidden count is never
    named: when some are hidden, the sentence picks among the shown ones, says so, and says why
    the others are not shown.
    """
    total = int(inventory["asset_id"].nunique()) if not inventory.empty else 0
    if total == 0:
        return t("assets.summary.inventory_empty")
    if categories is None:
        categories = counts_by_category(inventory, list(category_names)).to_dict()
    if areas is None:
        areas = counts_by_area(inventory, list(area_names)).to_dict()
    shown_categories = {c: n for c, n in categories.items() if n is not None}
    shown_areas = {a: n for a, n in areas.items() if n is not None}
    hidden = len(shown_categories) < len(categories) or len(shown_areas) < len(areas)
    kinds = sum(1 for n in categories.values() if n is None or n > 0)
    if not shown_areas or max(shown_categories.values(), default=0) == 0:
        text = t("assets.summary.inventory_short", count=total, categories=kinds)
    else:
        top_category = max(shown_categories, key=lambda c: shown_categories[c])
        low_area = min(shown_areas, key=lambda a: shown_areas[a])
        text = t(
            "assets.summary.inventory_shown" if hidden else "assets.summary.inventory",
            count=total,
            categories=kinds,
            top_category=category_names.get(top_category, top_category),
            top_count=int(shown_categories[top_category]),
            low_area=area_names.get(low_area, low_area),
            low_count=int(shown_areas[low_area]),
        )
    if hidden:
        text += " " + t("assets.summary.counts_hidden", min=min_cell_size)
    return text


def map_summary(
    total: int,
    t: Translator,
    area_names: Mapping[str, str],
    *,
    categories: Mapping[str, int | None],
    areas: Mapping[str, int | None],
    located: int,
    min_cell_size: int,
) -> str:
    """The sentence under the map, naming only shown counts (``None``: too few to show).

    ``located`` is the number of points drawn (assets with a location, in areas whose count
    is shown). One function for the hub and the report, so both say the same.
    """
    if total == 0:
        return t("assets.summary.inventory_empty")
    shown_areas = {a: n for a, n in areas.items() if n is not None}
    hidden = len(shown_areas) < len(areas)
    if max(shown_areas.values(), default=0) == 0:
        return " ".join(
            [
                t(
                    "assets.summary.inventory_short",
                    count=total,
                    categories=sum(1 for n in categories.values() if n != 0),
                ),
                t("assets.summary.counts_hidden", min=min_cell_size),
            ]
        )
    top = max(shown_areas, key=lambda a: shown_areas[a])
    text = t(
        "assets.view.map_summary_shown" if hidden else "assets.view.map_summary",
        count=total,
        located=located,
        top_area=area_names.get(top, top),
        top_count=int(shown_areas[top]),
    )
    if hidden:
        text += " " + t("assets.summary.counts_hidden", min=min_cell_size)
    return text
