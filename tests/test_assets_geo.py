"""Area shapes: reading, validation messages, point in area, community bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workshop_kit.geo import (
    GeoError,
    Polygon,
    in_community,
    load_area_shapes,
    parse_area_shapes,
    shapes_for_profile,
)
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile

FIXTURES = Path(__file__).parent / "fixtures" / "assets"
SQUARE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]


def feature(area: str, coordinates, kind: str = "Polygon", **properties) -> dict:
    return {
        "type": "Feature",
        "properties": {"area": area, **properties},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.fixture(scope="module")
def profile():
    return load_profile(sample_profile_path())


def test_the_sample_shapes_cover_every_area_and_say_they_are_synthetic(profile):
    shapes = shapes_for_profile(profile.model_copy(update={"area_shapes": "areas.geojson"}))
    assert shapes is not None
    assert shapes.synthetic
    assert shapes.missing == ()
    assert set(shapes.areas) == {a.id for a in profile.areas}
    for area_id in shapes.areas:
        assert shapes.area_at(*shapes.label_point(area_id)) == area_id
    min_lon, min_lat, max_lon, max_lat = shapes.bounds
    assert min_lon < max_lon and min_lat < max_lat


def test_the_sample_areas_do_not_overlap(profile):
    shapes = load_area_shapes(sample_profile_path().parent / "areas.geojson")
    min_lon, min_lat, max_lon, max_lat = shapes.bounds
    steps = 40
    inside = 0
    for i in range(steps + 1):
        for j in range(steps + 1):
            lon = min_lon + (max_lon - min_lon) * i / steps
            lat = min_lat + (max_lat - min_lat) * j / steps
            hits = [
                a for a, polys in shapes.areas.items() if any(p.contains(lon, lat) for p in polys)
            ]
            assert len(hits) <= 1, (lon, lat, hits)
            inside += len(hits)
    assert inside > (steps + 1) ** 2 / 2  # the town fills most of its bounding box


def test_point_in_polygon_with_a_hole():
    ring = ((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0))
    hole = ((1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0))
    polygon = Polygon(ring, (hole,))
    assert polygon.contains(0.5, 0.5)
    assert not polygon.contains(2.0, 2.0)
    assert not polygon.contains(5.0, 2.0)
    assert polygon.distance_m(2.0, 2.0) > 100_000  # a degree is ~111 km


def test_concave_area_gets_its_label_inside():
    u_shape = [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]
    shapes = parse_area_shapes(json.dumps(collection(feature("u", u_shape))))
    lon, lat = shapes.label_point("u")
    assert shapes.area_at(lon, lat) == "u"


def test_a_point_just_outside_is_tolerated_and_a_far_point_is_not():
    shapes = parse_area_shapes(
        collection(feature("a", [[[-80.0, 47.0], [-79.99, 47.0], [-79.99, 47.01], [-80.0, 47.01]]]))
    )
    assert shapes.contains(-79.995, 47.005)
    just_outside = 47.01 + 100 / 110_574  # 100 m north of the edge
    assert shapes.contains(-79.995, just_outside)
    assert not shapes.contains(-79.995, just_outside, tolerance_m=50)
    assert not shapes.contains(-79.995, 47.02)
    assert not shapes.contains(float("nan"), 47.0)


def test_multipolygons_and_several_features_per_area_and_open_rings_are_accepted():
    open_ring = [[[10, 10], [11, 10], [11, 11]]]
    shapes = parse_area_shapes(
        collection(
            feature("a", [[SQUARE], [[[2, 2], [3, 2], [3, 3], [2, 2]]]], "MultiPolygon"),
            feature("a", open_ring),
        ),
        ["a", "b"],
    )
    assert len(shapes.areas["a"]) == 3
    assert shapes.missing == ("b",)
    assert shapes.area_at(10.9, 10.1) == "a"
    assert not shapes.synthetic


def test_area_id_may_come_from_the_feature_id():
    raw = {
        "type": "Feature",
        "id": "a",
        "properties": None,
        "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
    }
    assert set(parse_area_shapes(collection(raw)).areas) == {"a"}


def problems_of(data, area_ids=None, language="en") -> list[str]:
    with pytest.raises(GeoError) as caught:
        parse_area_shapes(data, area_ids, language=language, source="areas.geojson")
    return caught.value.problems


def test_every_bad_feature_is_reported_at_once_with_its_number_and_area():
    problems = problems_of(
        collection(
            feature("old-town", [[[500000, 5000000], [500100, 5000000], [500100, 5000100]]]),
            feature("downtown", [SQUARE]),
            feature("riverside", [[0, 0], [1, 1]], "LineString"),
            {"type": "Feature", "properties": {}, "geometry": None},
            feature("northfield", [[[0, 0], [1, 0], [0, 0]]]),
            feature("maple-heights", [[["a", "b"], [1, 0], [1, 1]]]),
        ),
        ["old-town", "riverside", "northfield", "maple-heights"],
    )
    assert len(problems) == 6
    assert problems[0].startswith("Feature 1 (old-town): [500000, 5000000] is not")
    assert "projected coordinate system" in problems[0]
    assert problems[1].startswith('Feature 2: area "downtown" is not an area of the profile')
    assert "Polygon or MultiPolygon (found LineString)" in problems[2]
    assert problems[3].startswith("Feature 4: has no area id")
    assert "at least 3 different points (found 2)" in problems[4]
    assert problems[5].startswith("Feature 6 (maple-heights): coordinates must be lists")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe\x00garbage", "is not a text (UTF-8) file"),
        (
            b'{"type": "FeatureCollection",\n "features": [,]}',
            "not valid GeoJSON (JSON error near line 2)",
        ),
        ('{"type": "Feature"}', "must be a GeoJSON FeatureCollection (found Feature)"),
        ("[1, 2]", "must be a GeoJSON FeatureCollection (found list)"),
        ('{"type": "FeatureCollection", "features": []}', "has no features"),
        ('{"type": "FeatureCollection", "features": [3]}', "Feature 1: is not a GeoJSON Feature"),
    ],
)
def test_unusable_files_get_one_clear_message(data, expected):
    (problem,) = problems_of(data)
    assert expected in problem


def test_latitude_and_longitude_swapped_is_detected():
    swapped = [[[45.5, -75.6], [45.6, -75.6], [45.6, -75.5], [45.5, -75.6]]]  # Ottawa, reversed
    (problem,) = problems_of(collection(feature("a", swapped)))
    assert "latitude and longitude look swapped" in problem


def test_messages_are_translated():
    (problem,) = problems_of(collection(feature("x", [SQUARE])), ["a"], language="fr")
    assert problem.startswith("Entité 1 : le quartier « x » n'est pas un quartier du profil")


def test_missing_and_oversized_files(tmp_path, monkeypatch):
    with pytest.raises(GeoError, match=r"nope\.geojson does not exist"):
        load_area_shapes(tmp_path / "nope.geojson")
    big = tmp_path / "big.geojson"
    big.write_text(json.dumps(collection(feature("a", [SQUARE]))))
    monkeypatch.setattr("workshop_kit.geo.MAX_SHAPES_BYTES", 10)
    with pytest.raises(GeoError, match="larger than"):
        load_area_shapes(big)


def test_fixture_file_with_a_lake_hole(profile):
    shapes = load_area_shapes(FIXTURES / "lake.geojson", [a.id for a in profile.areas])
    assert shapes.area_at(0.5, 0.5) == "pine-hollow"
    assert shapes.area_at(2.0, 2.0) is None  # on the lake
    assert set(shapes.missing) == {a.id for a in profile.areas} - {"pine-hollow"}


def test_in_community_reads_the_profiles_file_and_is_unknown_without_one(profile, tmp_path):
    unmapped = profile.model_copy(update={"area_shapes": None})
    assert in_community(unmapped, 47.5, -80.4) is None
    with_shapes = profile.model_copy(update={"area_shapes": "areas.geojson"})
    assert profile.area_shapes == "areas.geojson"  # the sample ships its synthetic shapes
    assert in_community(with_shapes, 47.53437, -80.43884) is True
    assert in_community(with_shapes, 45.0, -75.0) is False
    broken = tmp_path / "broken.geojson"
    broken.write_text("{")
    unusable = profile.model_copy(update={"area_shapes": str(broken)})
    assert in_community(unusable, 45.0, -75.0) is None
