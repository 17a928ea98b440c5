"""Asset figures: what they draw, in both languages, without pyplot or the internet."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle

from workshop_kit.activities.assets.answers import category_labels
from workshop_kit.activities.assets.charts import asset_map, category_counts, gap_heatmap
from workshop_kit.activities.assets.gaps import gap_matrix
from workshop_kit.activities.assets.inventory import (
    counts_by_area,
    counts_by_category,
    located_assets,
)
from workshop_kit.activities.assets.model import asset_table
from workshop_kit.geo import parse_area_shapes, shapes_for_profile
from workshop_kit.i18n import Translator


@pytest.fixture
def mapped(profile):
    return profile.model_copy(update={"area_shapes": "areas.geojson"})


@pytest.fixture
def inventory() -> pd.DataFrame:
    rows = [
        ("a0000001", "Library", "institutions", "old-town", ["information"], 47.53437, -80.43884),
        ("a0000002", "Food bank", "institutions", "riverside", ["practical-help"], None, None),
        ("a0000003", "Drivers", "associations", "old-town", ["transport", "respite"], None, None),
        ("a0000004", "Garden", "nature", "riverside", ["loneliness"], 47.51357, -80.40027),
    ]
    columns = ["asset_id", "name", "category", "area", "needs", "latitude", "longitude"]
    return asset_table(pd.DataFrame(rows, columns=columns))


def texts(figure: Figure) -> list[str]:
    return [text.get_text() for axes in figure.axes for text in axes.texts] + [
        text.get_text() for text in figure.texts
    ]


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    return buffer.getvalue()


def test_map_colours_areas_labels_counts_and_draws_points(mapped, inventory):
    shapes = shapes_for_profile(mapped)
    areas = [a.id for a in mapped.areas]
    figure = asset_map(
        shapes,
        counts_by_area(inventory, areas),
        located_assets(inventory),
        mapped.area_labels("en"),
        Translator("en"),
    )
    assert isinstance(figure, Figure)
    axes = figure.axes[0]
    patches = [p for p in axes.patches if isinstance(p, PathPatch)]
    assert len(patches) == 5
    hatched = [p for p in patches if p.get_hatch()]
    assert len(hatched) == 3  # northfield, maple-heights, pine-hollow have no asset
    labels = texts(figure)
    assert "Old Town\n2" in labels
    assert "Maple Heights\n0" in labels
    assert any("Synthetic area shapes" in label for label in labels)
    (points,) = axes.collections
    assert len(points.get_offsets()) == 2
    assert axes.get_legend().get_texts()[0].get_text() == "2 assets with a location"
    assert png(figure).startswith(b"\x89PNG")


def test_map_names_areas_without_a_shape_in_french(profile):
    shapes = parse_area_shapes(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"area": "old-town"},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[0, 45], [1, 45], [1, 46], [0, 46], [0, 45]]],
                    },
                }
            ],
        },
        [a.id for a in profile.areas],
    )
    figure = asset_map(
        shapes, {"old-town": 1200}, pd.DataFrame(), profile.area_labels("fr"), Translator("fr")
    )
    labels = texts(figure)
    assert "Vieille-Ville\n1\u202f200" in labels or "Vieille-Ville\n1\xa0200" in labels
    assert any(label.startswith("Pas de forme pour : Bord-de-l'Eau") for label in labels)
    assert figure.axes[0].get_title(loc="left") == "Ressources par quartier"


def test_category_bars_follow_the_category_order(profile, inventory):
    labels = category_labels(profile, "en")
    figure = category_counts(counts_by_category(inventory, list(labels)), labels, Translator("en"))
    axes = figure.axes[0]
    ticks = [tick.get_text() for tick in axes.get_yticklabels()]
    assert ticks[0] == "Natural places"  # bottom bar: the last category
    assert ticks[-1] == "Individuals' gifts and skills"
    widths = {tick: bar.get_width() for tick, bar in zip(ticks, axes.patches, strict=True)}
    assert widths["Institutions"] == 2
    assert widths["Culture and stories"] == 0


def test_heat_map_writes_every_count_and_marks_empty_cells(profile, inventory):
    needs = [n.id for n in profile.needs]
    areas = [a.id for a in profile.areas]
    gap = gap_matrix(inventory, needs, areas)
    figure = gap_heatmap(
        gap, profile.need_labels("en"), profile.area_labels("en"), Translator("en")
    )
    axes = figure.axes[0]
    cell_texts = [text.get_text() for text in axes.texts]
    assert len(cell_texts) == len(needs) * len(areas)
    assert cell_texts.count("1") == int(gap.counts.to_numpy().sum())
    zero_cells = [p for p in axes.patches if isinstance(p, Rectangle) and p.get_hatch()]
    assert len(zero_cells) == int((gap.counts == 0).to_numpy().sum())
    rows = [tick.get_text() for tick in axes.get_yticklabels()]
    assert rows[0].startswith("Practical help at home")
    assert figure.get_suptitle() == "Needs with few or no assets, by area"


def test_weighted_heat_map_orders_needs_by_unmet_score_and_shows_it(profile, inventory):
    needs = [n.id for n in profile.needs]
    areas = [a.id for a in profile.areas]
    scores = pd.Series({"transport": 2.5, "pet-care": 4.3})
    gap = gap_matrix(inventory, needs, areas, unmet_scores=scores)
    figure = gap_heatmap(
        gap, profile.need_labels("fr"), profile.area_labels("fr"), Translator("fr")
    )
    rows = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    assert rows[0] == "Soins des animaux de compagnie\n(non satisfait 4,3)"
    # needs without a score get the median weight, above the lowest scored need
    assert rows[-1].startswith("Transport vers les rendez-vous")
    assert "Manque pondéré" in figure.axes[1].get_ylabel()


def test_charts_do_not_import_pyplot():
    code = (
        "import sys, workshop_kit.activities.assets.charts;"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
