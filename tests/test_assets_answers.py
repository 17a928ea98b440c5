"""Asset answers: validation against the profile, locations outside the community, merges."""

from __future__ import annotations

import pytest

from workshop_kit.activities.assets.answers import (
    LOCATION_DROPPED,
    AssetAnswer,
    AssetMergeAnswer,
    category_ids,
    prepare_asset,
)
from workshop_kit.activities.assets.gaps import gap_matrix
from workshop_kit.activities.assets.model import apply_merges, asset_table, merge_records
from workshop_kit.core.answers import InvalidAnswer, schemas, validate_answer
from workshop_kit.core.store import Store, sqlite_url
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import Choice, load_profile

INSIDE = {"latitude": 47.53437, "longitude": -80.43884}  # in the synthetic Old Town
OUTSIDE = {"latitude": 45.4215, "longitude": -75.6972}


@pytest.fixture(scope="module")
def profile():
    return load_profile(sample_profile_path())


@pytest.fixture(scope="module")
def mapped(profile):
    return profile.model_copy(update={"area_shapes": "areas.geojson"})


def payload(**fields) -> dict:
    return {"name": "Café Chez Marie", "category": "economy", "area": "old-town", **fields}


def error_fields(error: InvalidAnswer) -> set[str]:
    return {".".join(str(p) for p in e["loc"]) or "payload" for e in error.errors}


def test_both_schemas_are_registered():
    assert schemas()["assets"] is AssetAnswer
    assert schemas()["asset_merges"] is AssetMergeAnswer


def test_a_full_asset_is_accepted_and_each_gets_its_own_item(profile):
    first = validate_answer(
        "assets",
        payload(needs=["loneliness", "information", "loneliness"], contact=" 555-0100 "),
        profile,
    )
    second = validate_answer("assets", payload(), profile)
    assert first.needs == ["loneliness", "information"]
    assert first.contact == "555-0100"
    assert first.item() == first.asset_id != second.item()
    assert first.opening_hours is None


def test_markup_in_a_name_is_kept_as_text_and_newlines_collapse(profile):
    answer = validate_answer("assets", payload(name="<script>alert(1)</script>\n Hall"), profile)
    assert answer.name == "<script>alert(1)</script> Hall"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "  \n "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"category": "shops"}, "category"),
        ({"area": "downtown"}, "area"),
        ({"area": ""}, "area"),
        ({"needs": ["respite", "flying"]}, "needs"),
        ({"latitude": 95, "longitude": 0}, "latitude"),
        ({"latitude": float("nan"), "longitude": 0}, "latitude"),
        ({"latitude": 47.5}, "payload"),
        ({"contact": "c" * 301}, "contact"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_assets_are_refused_naming_the_field(profile, fields, field):
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer("assets", payload(**fields), profile)
    assert field in error_fields(caught.value)


def test_profile_categories_extend_the_defaults(profile):
    extended = profile.model_copy(
        update={"asset_categories": [Choice(id="faith", label="Faith communities")]}
    )
    assert category_ids(extended)[-1] == "faith"
    assert validate_answer("assets", payload(category="faith"), extended).category == "faith"
    with pytest.raises(InvalidAnswer):
        validate_answer("assets", payload(category="faith"), profile)


def test_a_location_inside_the_community_is_kept(mapped):
    answer, notices = prepare_asset(payload(**INSIDE), mapped)
    assert (answer.latitude, answer.longitude) == (INSIDE["latitude"], INSIDE["longitude"])
    assert notices == []


def test_a_location_outside_keeps_the_asset_without_the_point_and_says_so(mapped):
    answer, notices = prepare_asset(payload(**OUTSIDE), mapped)
    assert answer.name == "Café Chez Marie"
    assert answer.latitude is None and answer.longitude is None
    assert notices == [LOCATION_DROPPED]


def test_without_area_shapes_a_location_in_range_is_kept(profile):
    unmapped = profile.model_copy(update={"area_shapes": None})
    answer, notices = prepare_asset(payload(**OUTSIDE), unmapped)
    assert answer.latitude == OUTSIDE["latitude"]
    assert notices == []


def test_empty_coordinates_from_a_form_mean_no_location(mapped):
    answer, notices = prepare_asset(payload(latitude="", longitude=""), mapped)
    assert answer.latitude is None and notices == []


def test_merge_records_validate_their_ids():
    record = validate_answer("asset_merges", {"keep": "a" * 16, "merged": ["b" * 16]})
    assert record.action == "merge"
    assert record.item() == record.record_id
    for bad in (
        {"keep": "a" * 16, "merged": ["a" * 16]},
        {"keep": "a" * 16, "merged": []},
        {"keep": "a" * 16, "merged": ["b" * 16, "b" * 16]},
        {"keep": "<img>", "merged": ["b" * 16]},
        {"keep": "a" * 16, "merged": ["b" * 16], "action": "delete"},
    ):
        with pytest.raises(InvalidAnswer):
            validate_answer("asset_merges", bad)


def test_store_round_trip_keeps_every_asset_and_replays_merges(tmp_path, profile):
    store = Store(sqlite_url(tmp_path / "store.sqlite"))
    code = store.create_session("Asset map", "en", "f" * 64).code
    people = [store.join(code) for _ in range(3)]
    cafe = validate_answer("assets", payload(needs=["loneliness"]), profile)
    store.add_answer(code, people[0], cafe, "k1")
    store.add_answer(
        code, people[0], validate_answer("assets", payload(name="Library"), profile), "k2"
    )
    twin = validate_answer("assets", payload(name="cafe chez marie", needs=["respite"]), profile)
    store.add_answer(code, people[1], twin, "k3")
    store.add_answer(
        code, people[2], validate_answer("assets", payload(name="Hall"), profile), "k4"
    )
    edited = cafe.model_copy(update={"name": "Café Chez Marie (Main St)"})
    store.add_answer(code, people[0], edited, "k5")  # the same asset id: an edit

    assets = asset_table(store.answers(code, "assets"))
    assert len(assets) == 4
    assert "Café Chez Marie (Main St)" in set(assets["name"])
    before = gap_matrix(assets, ["loneliness", "respite"], ["old-town"])
    assert before.counts.loc["loneliness", "old-town"] == 1

    merge = validate_answer("asset_merges", {"keep": cafe.asset_id, "merged": [twin.asset_id]})
    store.add_answer(code, people[0], merge, "m1")
    merged = apply_merges(assets, merge_records(store.answers(code, "asset_merges")))
    assert len(merged) == 3
    kept = merged.set_index("asset_id").loc[cafe.asset_id]
    assert kept["needs"] == ["loneliness", "respite"]
    after = gap_matrix(merged, ["loneliness", "respite"], ["old-town"])
    assert after.counts.loc["respite", "old-town"] == 1
    assert after.counts.to_numpy().sum() == 2
