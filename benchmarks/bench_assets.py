"""Timings of the asset-mapping model on a large synthetic inventory.

Why these numbers matter: the facilitator page recomputes merges, duplicates and the gap matrix
on every live refresh (every few seconds while answers arrive), so each must stay well under a
second even for an unusually large room or an imported inventory of a whole town.

Run: ``.venv/bin/python benchmarks/bench_assets.py`` (prints ``name: value`` lines).
"""

from __future__ import annotations

import io
import random
import statistics
import time
from collections.abc import Callable

import pandas as pd

from workshop_kit.activities.assets.charts import asset_map, gap_heatmap
from workshop_kit.activities.assets.duplicates import find_duplicates, normalise_name
from workshop_kit.activities.assets.exporter import directory_csv, network_workbook
from workshop_kit.activities.assets.gaps import gap_matrix
from workshop_kit.activities.assets.importer import check_assets_file
from workshop_kit.activities.assets.inventory import (
    counts_by_area,
    inventory_counts,
    located_assets,
)
from workshop_kit.activities.assets.model import MergeRecord, apply_merges, asset_table
from workshop_kit.activities.assets.overview import compute_overview
from workshop_kit.activities.assets.shown import (
    contributions,
    people_by_asset,
    protect_gap,
    protect_table,
    shown_counts,
)
from workshop_kit.geo import shapes_for_profile
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile

WORDS = tuple(
    [
        "community",
        "garden",
        "library",
        "hall",
        "café",
        "chez",
        "marie",
        "église",
        "saint",
        "jean",
        "club",
        "choir",
        "circle",
        "seniors",
        "youth",
        "centre",
        "food",
        "bank",
        "pantry",
        "drivers",
        "network",
        "hospice",
        "grief",
        "support",
        "walking",
        "group",
        "knitting",
        "parish",
        "mosque",
        "temple",
        "school",
        "pharmacy",
        "clinic",
        "park",
        "river",
        "path",
        "mill",
        "stories",
        "farm",
        "market",
        "bakery",
        "shed",
        "men's",
        "women's",
        "parents",
        "friends",
        "neighbours",
        "volunteer",
    ]
)
CATEGORIES = ("gifts", "associations", "institutions", "places", "economy", "culture", "nature")


def _typo(name: str, rng: random.Random) -> str:
    """A variant a participant might type: other case, no accents, one slip."""
    variant = rng.choice([name.lower(), name.upper(), name.replace("é", "e"), name])
    if len(variant) > 6:
        i = rng.randrange(1, len(variant) - 1)
        variant = variant[:i] + variant[i + 1 :]
    return variant


def synthetic_inventory(size: int, seed: int = 4) -> pd.DataFrame:
    """``size`` assets over the sample's areas and needs; about one in six is a near-duplicate."""
    rng = random.Random(seed)
    profile = load_profile(sample_profile_path())
    areas = [a.id for a in profile.areas]
    needs = [n.id for n in profile.needs]
    rows: list[dict] = []
    for index in range(size):
        if rows and rng.random() < 0.16:
            source = rng.choice(rows)
            name, area = _typo(source["name"], rng), source["area"]
        else:
            name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))).title()
            name += f" {rng.randint(1, 40)}" if rng.random() < 0.3 else ""
            area = rng.choice(areas)
        rows.append(
            {
                "asset_id": f"{index + 1:016x}",
                "name": name,
                "category": rng.choice(CATEGORIES),
                "area": area,
                "needs": rng.sample(needs, rng.randint(0, 4)),
                "latitude": 47.53 + rng.uniform(-0.02, 0.02) if rng.random() < 0.3 else None,
                "longitude": -80.43 + rng.uniform(-0.05, 0.05),
            }
        )
    return asset_table(pd.DataFrame(rows))


def _median_ms(function: Callable[[], object], repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    profile = load_profile(sample_profile_path()).model_copy(
        update={"area_shapes": "areas.geojson"}
    )
    areas = [a.id for a in profile.areas]
    needs = [n.id for n in profile.needs]
    inventory = synthetic_inventory(2000)
    groups = find_duplicates(inventory)
    records = [MergeRecord(g.keep, g.merged) for g in groups]
    merged = apply_merges(inventory, records)
    scores = pd.Series({need: float(i % 5) for i, need in enumerate(needs)})
    t = Translator("en")
    shapes = shapes_for_profile(profile)

    def render_map() -> None:
        figure = asset_map(shapes, counts_by_area(merged, areas), located_assets(merged), {}, t)
        figure.savefig(io.BytesIO(), format="png", dpi=80)

    def render_heatmap() -> None:
        figure = gap_heatmap(gap_matrix(merged, needs, areas, scores), {}, {}, t)
        figure.savefig(io.BytesIO(), format="png", dpi=80)

    def dedupe_cold() -> None:
        normalise_name.cache_clear()  # as for a freshly imported inventory
        find_duplicates(inventory)

    print(f"assets.dedupe_2000_assets_ms: {_median_ms(dedupe_cold):.1f}")
    print(
        "assets.dedupe_2000_assets_live_refresh_ms: "
        f"{_median_ms(lambda: find_duplicates(inventory)):.1f}"
    )
    print(f"assets.duplicate_groups_found: {len(groups)}")
    merging = _median_ms(lambda: apply_merges(inventory, records))
    print(f"assets.apply_merges_{len(records)}_records_ms: {merging:.1f}")
    print(f"assets.gap_matrix_ms: {_median_ms(lambda: gap_matrix(merged, needs, areas)):.1f}")
    print(
        "assets.gap_matrix_weighted_ms: "
        f"{_median_ms(lambda: gap_matrix(merged, needs, areas, scores)):.1f}"
    )
    exported = directory_csv(inventory, profile, "en")
    imported = check_assets_file(exported, "directory.csv", profile)
    if not imported.ok:
        raise SystemExit(f"benchmark import failed: {imported.problems[:3]}")
    importing = _median_ms(lambda: check_assets_file(exported, "directory.csv", profile), 3)
    print(f"assets.import_2000_rows_csv_ms: {importing:.1f}")
    print(
        "assets.export_network_xlsx_ms: "
        f"{_median_ms(lambda: network_workbook(merged, profile, 'en'), 3):.1f}"
    )
    # disclosure control on every live refresh: who is behind each count, which to hide
    answers = inventory.assign(
        participant_id=[f"p{i % 80:02d}" for i in range(len(inventory))],
        source="live",
        answer_id=range(1, len(inventory) + 1),
    )

    def disclose() -> None:
        given = contributions(merged, people_by_asset(answers))
        gap = gap_matrix(merged, needs, areas)
        shown = shown_counts(merged, given, list(CATEGORIES), areas, gap, 5)
        protect_gap(gap, given, 5)
        protect_table(inventory_counts(merged, list(CATEGORIES), areas), given, shown)

    print(f"assets.disclosure_2000_assets_80_people_ms: {_median_ms(disclose, 3):.1f}")
    empty = pd.DataFrame(columns=["answer_id", "participant_id", "source", "keep", "merged"])
    overview = _median_ms(lambda: compute_overview(answers, empty, None, profile, "en"), 3)
    print(f"assets.live_overview_2000_assets_ms: {overview:.1f}")
    print(f"assets.map_png_ms: {_median_ms(render_map, 3):.1f}")
    print(f"assets.heatmap_png_ms: {_median_ms(render_heatmap, 3):.1f}")


if __name__ == "__main__":
    main()
