"""The asset-mapping model: name normalisation, duplicates, merges, inventory, gap matrix."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_kit.activities.assets.answers import category_labels
from workshop_kit.activities.assets.duplicates import allowed_edits, find_duplicates, normalise_name
from workshop_kit.activities.assets.gaps import gap_matrix, gap_summary
from workshop_kit.activities.assets.inventory import (
    counts_by_area,
    inventory_counts,
    inventory_listing,
    inventory_summary,
    located_assets,
)
from workshop_kit.activities.assets.model import (
    MergeRecord,
    apply_merges,
    asset_table,
    merge_records,
    plan_merges,
)
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import Choice, load_profile

NEEDS = ["practical-help", "respite", "transport", "grief-support"]
AREAS = ["old-town", "riverside", "pine-hollow"]


def asset(asset_id: str, name: str, area: str = "old-town", **fields) -> dict:
    return {
        "asset_id": asset_id,
        "name": name,
        "category": fields.pop("category", "places"),
        "area": area,
        "needs": fields.pop("needs", []),
        **fields,
    }


def table(*rows: dict) -> pd.DataFrame:
    return asset_table(pd.DataFrame(list(rows)))


# -- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Café Chez Marie", "cafe chez marie"),
        ("CAFÉ CHEZ MARIE", "Cafe chez Marie!"),
        ("Église Saint-Jean", "Eglise St Jean"),
        ("Église Sainte-Anne", "eglise ste. anne"),
        ("Bibliothèque municipale", "Bibliotheque Municipale"),
        ("Œuvre des aînés", "Oeuvre des aines"),
        ("St. Mary's Church", "Saint Marys Church"),
        ("Arts & Crafts Club", "Arts and Crafts Club"),
        ("The Old Mill", "Old Mill"),
        ("Le Vieux Moulin", "Vieux moulin"),
        ("Maple-Heights Hall", "Maple Heights Hall"),
    ],
)
def test_names_differing_only_by_case_accents_punctuation_normalise_equal(left, right):
    assert normalise_name(left).replace(" ", "") == normalise_name(right).replace(" ", "")


def test_normalised_name_keeps_digits_and_words():
    assert normalise_name("  Scout Group 12 ") == "scout group 12"
    assert normalise_name("<b>Hall</b>") == "b hall b"


def test_allowed_edits_grow_with_length():
    assert [allowed_edits(n) for n in (3, 5, 6, 11, 12, 40)] == [0, 0, 1, 1, 2, 2]


# -- duplicates --------------------------------------------------------------------------------


def test_french_accent_and_case_variants_are_flagged_in_the_same_area():
    inventory = table(
        asset("a0000001", "Café Chez Marie"),
        asset("a0000002", "cafe chez marie", contact="555-0100"),
        asset("a0000003", "Église Saint-Jean"),
        asset("a0000004", "Eglise St-Jean"),
        asset("a0000005", "Riverside Food Bank", area="riverside"),
    )
    groups = {frozenset(g.asset_ids): g for g in find_duplicates(inventory)}
    assert set(groups) == {
        frozenset({"a0000001", "a0000002"}),
        frozenset({"a0000003", "a0000004"}),
    }
    cafe = groups[frozenset({"a0000001", "a0000002"})]
    assert cafe.exact
    assert cafe.keep == "a0000002"  # the more complete one (it has a contact)
    assert cafe.area == "old-town"


def test_english_small_typos_are_flagged_but_not_different_numbers_or_letters():
    inventory = table(
        asset("b0000001", "Community Garden"),
        asset("b0000002", "Comunity Garden"),  # one letter missing
        asset("b0000003", "Comminuty Garden"),  # transposition + substitution (2 edits)
        asset("b0000004", "Scout Group 1"),
        asset("b0000005", "Scout Group 2"),
        asset("b0000006", "Church A"),
        asset("b0000007", "Church B"),
        asset("b0000008", "Choir"),
        asset("b0000009", "Chair"),
    )
    groups = find_duplicates(inventory)
    assert [set(g.asset_ids) for g in groups] == [{"b0000001", "b0000002", "b0000003"}]
    assert not groups[0].exact


def test_same_name_in_different_areas_is_not_a_duplicate():
    inventory = table(
        asset("c0000001", "Public Library", area="old-town"),
        asset("c0000002", "public library", area="riverside"),
    )
    assert find_duplicates(inventory) == []


def test_pairs_declared_distinct_are_not_flagged_again():
    inventory = table(asset("d0000001", "Garden Club"), asset("d0000002", "Garden Clubs"))
    assert len(find_duplicates(inventory)) == 1
    plan = plan_merges([MergeRecord("d0000001", ("d0000002",), "distinct")])
    assert find_duplicates(inventory, plan) == []


def test_suggested_keep_prefers_the_asset_mentioned_most():
    inventory = table(
        asset("e0000001", "Knitting Circle", contact="x", opening_hours="y"),
        asset("e0000002", "knitting circle", mentions=3, members=["e0000002", "e1", "e2"]),
    )
    (group,) = find_duplicates(inventory)
    assert group.keep == "e0000002"
    assert group.merged == ("e0000001",)


def test_empty_inventory_has_no_duplicates_and_no_assets():
    empty = asset_table(pd.DataFrame())
    assert find_duplicates(empty) == []
    assert list(empty.columns)[:4] == ["asset_id", "name", "category", "area"]
    assert counts_by_area(empty, AREAS).tolist() == [0, 0, 0]


# -- merges ------------------------------------------------------------------------------------


def test_merge_keeps_the_kept_fields_unions_needs_and_fills_blanks():
    inventory = table(
        asset("f0000001", "Café Chez Marie", needs=["respite"], contact="555-0100"),
        asset(
            "f0000002",
            "cafe chez marie",
            category="economy",
            needs=["transport", "respite"],
            contact="other",
            opening_hours="9-5",
            latitude=47.53,
            longitude=-80.43,
        ),
        asset("f0000003", "Food Bank", area="riverside"),
    )
    merged = apply_merges(inventory, [MergeRecord("f0000001", ("f0000002",))])
    assert merged["asset_id"].tolist() == ["f0000001", "f0000003"]
    cafe = merged.iloc[0]
    assert cafe["name"] == "Café Chez Marie"
    assert cafe["category"] == "places"
    assert cafe["contact"] == "555-0100"
    assert cafe["opening_hours"] == "9-5"
    assert (cafe["latitude"], cafe["longitude"]) == (47.53, -80.43)
    assert cafe["needs"] == ["respite", "transport"]
    assert cafe["mentions"] == 2
    assert cafe["members"] == ("f0000001", "f0000002")


def test_merges_chain_and_the_latest_keeper_wins():
    inventory = table(*(asset(f"a000000{i}", f"Hall {i}") for i in range(1, 5)))
    records = [
        MergeRecord("a0000001", ("a0000002",)),
        MergeRecord("a0000003", ("a0000001",)),  # pulls the whole first group in
    ]
    merged = apply_merges(inventory, records)
    assert merged["asset_id"].tolist() == ["a0000003", "a0000004"]
    assert set(merged.iloc[0]["members"]) == {"a0000001", "a0000002", "a0000003"}
    assert merged.iloc[0]["name"] == "Hall 3"


def test_unmerge_takes_an_asset_back_out():
    inventory = table(*(asset(f"b000000{i}", f"Shed {i}") for i in range(1, 4)))
    records = [
        MergeRecord("b0000001", ("b0000002", "b0000003")),
        MergeRecord("b0000001", ("b0000003",), "unmerge"),
    ]
    merged = apply_merges(inventory, records)
    assert merged["asset_id"].tolist() == ["b0000001", "b0000003"]
    undone = apply_merges(inventory, [*records, MergeRecord("b0000001", ("b0000002",), "unmerge")])
    assert undone["asset_id"].tolist() == ["b0000001", "b0000002", "b0000003"]


def test_a_group_whose_keeper_is_gone_is_still_one_row():
    inventory = table(asset("c0000002", "Pool"), asset("c0000003", "pool"))
    merged = apply_merges(inventory, [MergeRecord("c0000001", ("c0000002", "c0000003"))])
    assert merged["asset_id"].tolist() == ["c0000002"]
    assert merged.iloc[0]["mentions"] == 2


def test_merge_records_are_read_from_store_answers_in_order():
    answers = pd.DataFrame(
        {
            "answer_id": [7, 3],
            "keep": ["a0000003", "a0000001"],
            "merged": [["a0000001"], ["a0000002"]],
            "action": ["merge", "merge"],
        }
    )
    assert merge_records(answers) == [
        MergeRecord("a0000001", ("a0000002",)),
        MergeRecord("a0000003", ("a0000001",)),
    ]
    assert merge_records(pd.DataFrame()) == []


def test_asset_table_from_store_answers_orders_and_fills_columns():
    answers = pd.DataFrame(
        {
            "answer_id": [2, 1],
            "participant_id": ["p", "q"],
            "item": ["a0000002", "a0000001"],
            "asset_id": ["a0000002", "a0000001"],
            "name": ["B", "A"],
            "category": ["places", "nature"],
            "area": ["old-town", "riverside"],
            "needs": [["respite"], None],
            "latitude": [None, 47.5],
            "longitude": [None, -80.4],
        }
    )
    assets = asset_table(answers)
    assert assets["asset_id"].tolist() == ["a0000001", "a0000002"]
    assert assets["needs"].tolist() == [[], ["respite"]]
    assert assets["contact"].tolist() == [None, None]
    assert assets["mentions"].tolist() == [1, 1]
    assert len(located_assets(assets)) == 1


# -- inventory ---------------------------------------------------------------------------------


def test_inventory_counts_and_listing_follow_profile_orders():
    inventory = table(
        asset("a1000001", "Zoo", category="nature", area="riverside"),
        asset("a1000002", "Élan Club", category="associations", area="old-town"),
        asset("a1000003", "Arena", category="places", area="old-town"),
        asset("a1000004", "Book club", category="associations", area="old-town"),
        asset("a1000005", "Kiosk", category="kiosks", area="nowhere"),
    )
    categories = ["gifts", "associations", "places", "nature"]
    counts = inventory_counts(inventory, categories, AREAS)
    assert counts.index.tolist() == [*categories, "kiosks"]
    assert counts.columns.tolist() == [*AREAS, "nowhere"]
    assert counts.loc["associations", "old-town"] == 2
    assert counts.loc["gifts"].sum() == 0
    assert int(counts.to_numpy().sum()) == 5
    listing = inventory_listing(inventory, categories, AREAS)
    assert listing["name"].tolist() == ["Book club", "Élan Club", "Arena", "Zoo", "Kiosk"]


def test_inventory_summary_names_the_largest_category_and_the_emptiest_area():
    inventory = table(
        asset("a2000001", "Hall", category="places"),
        asset("a2000002", "Park", category="places", area="riverside"),
        asset("a2000003", "Choir", category="associations"),
    )
    labels = {"places": "Physical places", "associations": "Associations"}
    areas = {"old-town": "Old Town", "riverside": "Riverside", "pine-hollow": "Pine Hollow"}
    text = inventory_summary(inventory, Translator("en"), labels, areas)
    assert text.startswith("3 assets so far, in 2 categories.")
    assert "Physical places (2)" in text
    assert "Pine Hollow (0)" in text


def test_category_labels_are_defaults_renamed_and_extended_by_the_profile():
    profile = load_profile(sample_profile_path())
    assert category_labels(profile, "fr")["culture"] == "Culture et histoires"
    custom = profile.model_copy(
        update={
            "asset_categories": [
                Choice(id="nature", label={"en": "Parks and rivers"}),
                Choice(id="faith", label={"en": "Faith communities"}),
            ]
        }
    )
    labels = category_labels(custom, "en")
    assert labels["nature"] == "Parks and rivers"
    assert list(labels)[-1] == "faith"
    assert labels["gifts"] == "Individuals' gifts and skills"


# -- gap matrix --------------------------------------------------------------------------------


def test_gap_matrix_counts_distinct_assets_per_need_and_area():
    inventory = table(
        asset("a3000001", "Drivers", needs=["transport", "practical-help"]),
        asset("a3000002", "Van neighbour", needs=["transport"]),
        asset("a3000003", "Hospice", area="riverside", needs=["respite", "grief-support"]),
        asset("a3000004", "Unknown need", area="riverside", needs=["not-a-need"]),
    )
    gap = gap_matrix(inventory, NEEDS, AREAS)
    assert gap.counts.loc["transport", "old-town"] == 2
    assert gap.counts.loc["respite", "riverside"] == 1
    assert gap.counts.loc["transport", "pine-hollow"] == 0
    assert gap.totals.to_dict() == {
        "practical-help": 1,
        "respite": 1,
        "transport": 2,
        "grief-support": 1,
    }
    assert gap.needs_without_assets() == []
    first = gap.gaps().iloc[0]
    assert first["count"] == 0
    assert first["priority"] == 1.0


def test_gap_matrix_counts_an_asset_id_once_even_if_its_row_is_repeated():
    row = asset("a4000001", "Drivers", needs=["transport", "transport"])
    gap = gap_matrix(table(row, row), NEEDS, AREAS)
    assert gap.counts.loc["transport", "old-town"] == 1


def test_weights_rank_the_most_unmet_need_first():
    inventory = table(asset("a5000001", "Drivers", needs=["practical-help"]))
    scores = pd.Series({"respite": 4.0, "transport": 2.0, "practical-help": 1.0})
    gap = gap_matrix(inventory, NEEDS, AREAS, unmet_scores=scores)
    assert gap.weighted
    assert gap.weights["respite"] == 1.0
    assert gap.weights["transport"] == 0.5
    assert gap.weights["grief-support"] == 0.5  # no score: the median weight
    assert gap.gaps().iloc[0]["need"] == "respite"
    assert gap.priority.loc["practical-help", "old-town"] == pytest.approx(0.25 / 2)


def test_unmet_need_scores_from_the_needs_model_weigh_the_gap_matrix(profile):
    from workshop_kit.activities.needs.model import need_scores

    ratings = pd.DataFrame(
        [
            {"participant_id": f"p{i}", "need": need, "importance": imp, "met": met}
            for i in range(6)
            for need, imp, met in (("respite", 5, 1), ("transport", 4, 3), ("pet-care", 2, 4))
        ]
    )
    scores = need_scores(ratings, [n.id for n in profile.needs])["score"]
    assert scores["pet-care"] < 0 < scores["transport"] < scores["respite"]
    gap = gap_matrix(asset_table(pd.DataFrame()), [*NEEDS, "pet-care"], AREAS, scores)
    assert gap.weights["respite"] == 1.0
    assert gap.weights["pet-care"] == 0.0  # well met: its gaps are not pressing
    ranked = gap.gaps()
    assert ranked.iloc[0]["need"] == "respite"
    assert ranked.iloc[-1]["need"] == "pet-care"


def test_gap_summary_in_english_and_french():
    profile = load_profile(sample_profile_path())
    needs = [n.id for n in profile.needs]
    areas = [a.id for a in profile.areas]
    inventory = table(
        *[
            asset(
                f"a600000{i}", f"Helper {i}", area=area, needs=[n for n in needs if n != "pet-care"]
            )
            for i, area in enumerate(areas)
        ],
        asset("a6000009", "Extra", area="old-town", needs=["transport"]),
    )
    inventory = inventory[~(inventory["area"] == "pine-hollow")]
    gap = gap_matrix(inventory, needs, areas, few=0)
    english = gap_summary(
        gap, Translator("en"), profile.need_labels("en"), profile.area_labels("en")
    )
    assert english.startswith("No asset helps with Care for pets yet, in any area.")
    assert "in Pine Hollow (rural) (none)" in english
    french = gap_summary(
        gap, Translator("fr"), profile.need_labels("fr"), profile.area_labels("fr")
    )
    assert "Soins des animaux de compagnie" in french
    assert "à Creux-des-Pins (rural) (aucune)" in french


def test_gap_summary_when_nothing_or_everything_is_covered():
    t = Translator("en")
    empty = gap_matrix(asset_table(pd.DataFrame()), NEEDS, AREAS)
    assert gap_summary(empty, t, {}, {}) == t("assets.summary.no_assets")
    full = table(
        *[
            asset(f"a70000{i}{j}", f"A {i} {j}", area=area, needs=NEEDS)
            for i, area in enumerate(AREAS)
            for j in range(2)
        ]
    )
    assert gap_summary(gap_matrix(full, NEEDS, AREAS), t, {}, {}) == (
        "Every need has at least 2 assets in every area."
    )


# -- properties --------------------------------------------------------------------------------

ids = st.sampled_from([f"{i:08x}" for i in range(1, 13)])


@st.composite
def inventories(draw) -> pd.DataFrame:
    chosen = draw(st.lists(ids, min_size=1, max_size=12, unique=True))
    rows = [
        asset(
            asset_id,
            draw(st.sampled_from(["Hall", "hall", "Café", "Cafe", "Garden", "Gardens", "Pool"])),
            area=draw(st.sampled_from(AREAS)),
            needs=draw(st.lists(st.sampled_from(NEEDS), max_size=4)),
            contact=draw(st.none() | st.sampled_from(["555", "mail"])),
            latitude=draw(st.none() | st.just(47.5)),
            longitude=-80.4,
        )
        for asset_id in chosen
    ]
    for row in rows:
        if row["latitude"] is None:
            row["longitude"] = None
    return table(*rows)


records = st.lists(
    st.builds(
        MergeRecord,
        keep=ids,
        merged=st.lists(ids, min_size=1, max_size=4, unique=True).map(tuple),
        action=st.sampled_from(["merge", "merge", "merge", "unmerge", "distinct"]),
    ).filter(lambda r: r.keep not in r.merged),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(inventories(), records)
def test_merging_is_idempotent(inventory, merges):
    once = apply_merges(inventory, merges)
    twice = apply_merges(once, merges)
    pd.testing.assert_frame_equal(once, twice)


@settings(max_examples=200, deadline=None)
@given(inventories(), records)
def test_merging_loses_no_answer_and_no_need(inventory, merges):
    merged = apply_merges(inventory, merges)
    assert merged["mentions"].sum() == len(inventory)
    assert sorted(m for members in merged["members"] for m in members) == sorted(
        inventory["asset_id"]
    )
    assert set().union(*inventory["needs"]) == set().union(*merged["needs"])


@settings(max_examples=200, deadline=None)
@given(inventories(), records)
def test_gap_matrix_never_counts_a_merged_duplicate_twice(inventory, merges):
    plan = plan_merges(merges)
    gap = gap_matrix(apply_merges(inventory, plan), NEEDS, AREAS)
    groups_with_need = {
        need: {
            plan.group_of(a)
            for a, needs in zip(inventory["asset_id"], inventory["needs"], strict=True)
            if need in needs
        }
        for need in NEEDS
    }
    for need in NEEDS:
        # across areas, a group is one asset: it counts once, never once per member
        assert gap.counts.loc[need].sum() == len(groups_with_need[need])
        assert gap.totals[need] == len(groups_with_need[need])
