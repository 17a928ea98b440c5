"""Disclosure control of the asset counts: who counts, what is released live, what is hidden.

The rules are the core's (tests/test_disclosure.py); these tests hold the asset activity to
them: imported rows are nobody, a count from fewer than five people is "too few to show" in
every chart, sentence and file, and hidden counts cannot be worked out from the shown ones.
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.text import Text

from workshop_kit.activities.assets.charts import asset_map, category_counts, gap_heatmap
from workshop_kit.activities.assets.exporter import network_tables
from workshop_kit.activities.assets.gaps import gap_matrix, gap_summary
from workshop_kit.activities.assets.inventory import counts_by_category, inventory_counts
from workshop_kit.activities.assets.model import MergeRecord, apply_merges, asset_table
from workshop_kit.activities.assets.shown import (
    contributions,
    live_assets,
    people_by_asset,
    protect_gap,
    protect_partition,
    protect_table,
    shown_counts,
)
from workshop_kit.geo import shapes_for_profile
from workshop_kit.i18n import Translator

K = 5
EN = Translator("en")
AREAS = ["old-town", "riverside"]
CATEGORIES = ["associations", "places", "nature"]
NEEDS = ["loneliness", "transport"]


def answers(*rows: tuple) -> pd.DataFrame:
    """``(participant, name, category, area, needs[, source])`` rows as the store gives them."""
    records = []
    for number, row in enumerate(rows, start=1):
        participant, name, category, area, needs, *source = row
        records.append(
            {
                "answer_id": number,
                "participant_id": participant,
                "item": f"{number:08x}",
                "source": source[0] if source else "live",
                "asset_id": f"{number:08x}",
                "name": name,
                "category": category,
                "area": area,
                "needs": list(needs),
            }
        )
    return pd.DataFrame(records)


def overview_of(frame: pd.DataFrame, merges=()):
    inventory = apply_merges(asset_table(frame), list(merges))
    given = contributions(inventory, people_by_asset(frame))
    gap = gap_matrix(inventory, NEEDS, AREAS)
    return inventory, given, shown_counts(inventory, given, CATEGORIES, AREAS, gap, K), gap


def texts(figure) -> list[str]:
    return [artist.get_text() for artist in figure.findobj(Text)]


# -- who counts, what is released -------------------------------------------------------------


def test_imported_rows_are_shown_at_once_and_people_in_blocks_of_five():
    log = answers(
        ("file", "Library", "places", "old-town", [], "import"),
        *[(f"p{i}", f"Choir {i}", "associations", "old-town", []) for i in range(4)],
    )
    assert live_assets(log, K)["name"].tolist() == ["Library"]
    log = pd.concat(
        [log, answers(("p4", "Pond", "nature", "riverside", []))], ignore_index=True
    ).assign(answer_id=range(1, 7))
    assert len(live_assets(log, K)) == 6


def test_a_released_persons_later_asset_waits_for_the_next_block():
    log = answers(
        *[(f"p{i}", f"Hall {i}", "places", "old-town", []) for i in range(K)],
        ("p0", "Choir", "associations", "old-town", []),
    )
    assert "Choir" not in live_assets(log, K)["name"].tolist()


def test_imported_rows_count_as_nobody_and_merged_answers_as_everyone_behind_them():
    frame = answers(
        ("file", "Library", "places", "old-town", [], "import"),
        ("p1", "Café", "places", "old-town", []),
        ("p2", "cafe", "places", "old-town", []),
    )
    assert set(people_by_asset(frame).values()) == {"p1", "p2"}
    inventory = apply_merges(asset_table(frame), [MergeRecord("00000002", ("00000003",))])
    given = contributions(inventory, people_by_asset(frame))
    assert given["participant_id"].tolist() == ["p1", "p2"]  # both behind the one café
    assert set(given["asset_id"]) == {"00000002"}


def test_a_table_without_participant_ids_counts_one_person_a_row():
    frame = answers(("x", "Hall", "places", "old-town", [])).drop(columns=["participant_id"])
    assert list(people_by_asset(frame).values()) == ["row-0"]


# -- small cells and their complements -----------------------------------------------------------


def test_a_count_built_only_from_an_imported_file_is_shown():
    frame = answers(*[("file", f"Hall {i}", "places", "old-town", [], "import") for i in range(3)])
    _, _, shown, _ = overview_of(frame)
    assert shown.categories == {"associations": 0, "places": 3, "nature": 0}
    assert not shown.hidden


def test_imported_rows_do_not_make_one_persons_asset_showable():
    frame = answers(
        *[("file", f"Hall {i}", "places", "old-town", [], "import") for i in range(4)],
        ("p1", "Barn", "places", "old-town", []),
    )
    _, _, shown, _ = overview_of(frame)
    assert shown.categories["places"] is None  # 4 + 1 would give the person away
    assert shown.areas["old-town"] is None


@pytest.mark.parametrize(("pond_by", "places_shown"), [("p1", False), ("p5", True)])
def test_the_hidden_cells_together_come_from_five_distinct_people(pond_by, places_shown):
    """Two small cells of 2 and 3 people: protect_cells counts 5 people behind them, enough
    to hide them without a third. But when one person is behind both, only 4 distinct people
    are: 19 - 6 halls would give away those 4 people's assets, so the halls are hidden too."""
    frame = answers(
        ("p1", "Choir", "associations", "old-town", []),
        ("p2", "Club", "associations", "old-town", []),
        (pond_by, "Pond", "nature", "old-town", []),
        ("p3", "Lake", "nature", "old-town", []),
        ("p4", "River", "nature", "old-town", []),
        *[(f"q{i}", f"Hall {i}", "places", "old-town", []) for i in range(6)],
    )
    inventory, given, _, _ = overview_of(frame)
    shown = protect_partition(counts_by_category(inventory, CATEGORIES), given, "category", K)
    assert shown["associations"] is None and shown["nature"] is None
    assert (shown["places"] == 6) is places_shown


def test_a_table_of_counts_hides_what_its_shown_totals_would_give_away():
    frame = answers(
        ("r1", "Choir", "associations", "riverside", []),
        *[(f"p{i}", f"Hall {i}", "places", "old-town", []) for i in range(6)],
        *[(f"q{i}", f"Park {i}", "places", "riverside", []) for i in range(6)],
        *[(f"s{i}", f"Pond {i}", "nature", "old-town", []) for i in range(6)],
    )
    inventory, given, shown, _ = overview_of(frame)
    # the charts: the choir is too few, and nature is hidden with it (19 - 12 - 6 = 1)
    assert shown.categories == {"associations": None, "places": 12, "nature": None}
    assert shown.areas == {"old-town": 12, "riverside": 7}
    table = protect_table(inventory_counts(inventory, CATEGORIES, AREAS), given, shown)
    # showing the halls (6) would give the ponds (12 - 6), then the parks (12 - 6) and the
    # choir (7 - 6 = 1): the chain is cut in every row and column
    assert table == [[0, None], [None, None], [None, 0]]


def test_a_table_shows_every_cell_with_enough_people():
    frame = answers(
        *[(f"p{i}", f"Hall {i}", "places", "old-town", []) for i in range(6)],
        *[(f"q{i}", f"Park {i}", "places", "riverside", []) for i in range(5)],
        *[("file", f"Pond {i}", "nature", "riverside", [], "import") for i in range(2)],
    )
    inventory, given, shown, _ = overview_of(frame)
    table = protect_table(inventory_counts(inventory, CATEGORIES, AREAS), given, shown)
    assert table == [[0, 0], [6, 5], [0, 2]]


# -- the gap matrix -----------------------------------------------------------------------------


def test_gap_cells_from_too_few_people_are_hidden_in_the_summary_and_the_heat_map():
    frame = answers(
        *[(f"p{i}", f"Bus {i}", "places", "old-town", ["transport"]) for i in range(5)],
        ("q1", "Friend", "associations", "riverside", ["loneliness"]),
    )
    _, given, _, gap = overview_of(frame)
    protected = protect_gap(gap, given, K)
    assert protected.hidden.loc["loneliness", "riverside"]
    assert not protected.hidden.loc["transport", "old-town"]
    assert not protected.hidden.loc["loneliness", "old-town"]  # 0 describes nobody
    text = gap_summary(protected, EN, {}, {})
    assert "1 cell comes from fewer than 5 people and is not shown" in text
    assert "loneliness in riverside" not in text
    listed = protected.gaps()
    assert listed[(listed["need"] == "loneliness") & (listed["area"] == "riverside")].empty
    figure = gap_heatmap(protected, {}, {}, EN)
    assert "too few to\nshow" in texts(figure)
    assert "5" in texts(figure)


def test_every_cell_hidden_says_so_instead_of_claiming_there_are_no_gaps():
    frame = answers(("p1", "Bus", "places", "old-town", ["transport", "loneliness"]))
    _, given, _, gap = overview_of(frame)
    protected = protect_gap(gap, given, K)
    text = gap_summary(protected, EN, {}, {})
    assert "at least" not in text
    assert "2 cells come from fewer than 5 people" in text


# -- charts and files ---------------------------------------------------------------------------


def test_a_hidden_count_is_drawn_as_too_few_never_as_a_number():
    figure = category_counts({"associations": None, "places": 7}, {}, EN)
    labels = texts(figure)
    assert "too few to show" in labels and "7" in labels


def test_a_hidden_area_is_grey_and_says_too_few(profile):
    shapes = shapes_for_profile(profile.model_copy(update={"area_shapes": "areas.geojson"}), "en")
    counts = dict.fromkeys(profile.area_labels("en"), 0) | {"old-town": None, "riverside": 6}
    figure = asset_map(shapes, counts, pd.DataFrame(), profile.area_labels("en"), EN)
    labels = " ".join(texts(figure))
    assert "too few" in labels and "Riverside\n6" in labels


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_network_workbook_hides_small_counts(profile, language):
    frame = answers(
        ("p1", "Choir", "associations", "old-town", ["loneliness"]),
        *[(f"q{i}", f"Bus {i}", "places", "riverside", ["transport"]) for i in range(5)],
    )
    inventory = asset_table(frame)
    given = contributions(inventory, people_by_asset(frame))
    needs = [n.id for n in profile.needs]
    areas = [a.id for a in profile.areas]
    gap = gap_matrix(inventory, needs, areas)
    shown = shown_counts(inventory, given, CATEGORIES, areas, gap, K)
    elements, _ = network_tables(inventory, profile, language, shown)
    described = dict(zip(elements["Label"], elements["Description"], strict=True))
    t = Translator(language)
    loneliness = profile.need_labels(language)["loneliness"]
    assert described[loneliness] == t("assets.network.need_too_few", min=K)
    transport = profile.need_labels(language)["transport"]
    assert described[transport] == t("assets.network.need_description", count=5)
    old_town = profile.area_labels(language)["old-town"]
    assert described[old_town] == t("assets.network.area_too_few", min=K)
    riverside = profile.area_labels(language)["riverside"]
    assert described[riverside] == t("assets.network.area_too_few", min=K)  # 6 - 5 = 1
    unshown = network_tables(inventory, profile, language)[0]  # no shown counts: all written
    assert t("assets.network.area_description", count=1) in unshown["Description"].tolist()
