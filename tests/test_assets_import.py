"""Asset inventory import: formats, column names, every bad input with rows and columns."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from workshop_kit.activities.assets.exporter import directory_csv
from workshop_kit.activities.assets.importer import (
    TEMPLATE_COLUMNS,
    check_assets_file,
    summary_line,
    template_csv,
)
from workshop_kit.activities.assets.model import MergeRecord, apply_merges, asset_table
from workshop_kit.core.store import Store, sqlite_url
from workshop_kit.i18n import Translator
from workshop_kit.paths import data_dir

FIXTURES = Path(__file__).parent / "fixtures" / "assets"


@pytest.fixture
def mapped(profile):
    return profile.model_copy(update={"area_shapes": "areas.geojson"})


def check(name: str, profile, language: str = "en"):
    return check_assets_file((FIXTURES / name).read_bytes(), name, profile, language=language)


def by_code(result) -> dict:
    return {p.code: p for p in result.problems}


def test_good_file_imports_every_row(mapped):
    result = check("good.csv", mapped)
    assert result.ok
    assert result.problems == []
    assert [a.row for a in result.answers] == [2, 3, 4, 5]
    library, drivers, hospice, store = (a.answer for a in result.answers)
    assert library.needs == ["information", "planning-ahead"]
    assert (library.latitude, library.longitude) == (47.52894, -80.42155)
    assert hospice.needs == ["respite", "grief-support"]
    assert drivers.latitude is None and drivers.opening_hours == "on request"
    assert store.needs == [] and store.category == "economy"
    assert summary_line(result, Translator("en")) == (
        "good.csv: 4 assets ready to import (warnings: 0)."
    )


def test_french_labels_semicolons_cp1252_and_decimal_commas(mapped):
    result = check("french-cp1252-semicolon.csv", mapped, language="fr")
    assert result.ok, [p.message for p in result.problems]
    assert result.table_info["delimiter"] == ";"
    cafe, church, garden = (a.answer for a in result.answers)
    assert cafe.name == "Café Chez Marie"
    assert (cafe.category, cafe.area) == ("economy", "old-town")
    assert cafe.needs == ["loneliness", "information"]
    assert (cafe.latitude, cafe.longitude) == (47.53437, -80.43884)
    assert (church.category, church.area) == ("institutions", "old-town")
    assert church.needs == ["grief-support"]
    assert garden.area == "riverside"
    assert garden.needs == ["practical-help"]  # a need name with commas in it


def test_xlsx_workbook_is_read_like_csv(mapped):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet.append(
        [
            "Youth Centre",
            "Physical places",
            "Northfield",
            "children-youth",
            None,
            None,
            47.56331,
            -80.39363,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = check_assets_file(buffer.getvalue(), "inventory.xlsx", mapped)
    assert result.ok
    (youth,) = (a.answer for a in result.answers)
    assert (youth.category, youth.area, youth.latitude) == ("places", "northfield", 47.56331)


def test_missing_required_columns_are_named(mapped):
    result = check("missing-columns.csv", mapped)
    assert not result.ok and result.answers == []
    problem = by_code(result)["missing_columns"]
    assert problem.columns == ("category", "area")
    assert problem.message.startswith("Columns are missing in missing-columns.csv:")
    assert "“asset name”" in problem.message  # recognised as the name column
    with pytest.raises(ValueError, match="must not be stored"):
        result.store_rows("ABCDEF")


def test_each_bad_value_is_reported_with_rows_columns_and_values(mapped):
    result = check("bad-values.csv", mapped)
    problems = by_code(result)
    assert not result.ok
    assert problems["empty_name"].rows == (3,)
    assert problems["empty_name"].columns == ("name",)
    assert problems["unknown_category"].rows == (4,)
    assert "“shops” is not a category" in problems["unknown_category"].message
    assert problems["unknown_area"].rows == (5, 10)
    assert "“Downtown”, “downtown” are not areas" in problems["unknown_area"].message
    assert problems["unknown_need"].rows == (6,)
    assert "“singing”" in problems["unknown_need"].message
    assert problems["too_long"].rows == (8,)
    assert all(p.is_error for p in problems.values())
    imported = {a.answer.name: a.answer for a in result.answers}
    assert '<script>alert("x")</script> Hall' in imported  # markup kept as text
    assert imported["Park"].contact == '=HYPERLINK("http://example.com")'
    assert set(imported) == {'<script>alert("x")</script> Hall', "Library", "Park"}


def test_messages_are_in_the_readers_language(mapped):
    result = check("bad-values.csv", mapped, language="fr")
    message = by_code(result)["empty_name"].message
    assert message == (
        "Dans la colonne « name », ligne 3 : le nom est vide. Chaque ressource doit avoir un nom."
    )


def test_unusable_or_outside_locations_keep_the_asset_without_the_point(mapped):
    result = check("locations.csv", mapped)
    assert result.ok
    assets = {a.answer.name: a.answer for a in result.answers}
    assert len(assets) == 6
    assert assets["In Old Town"].latitude == 47.53437
    assert assets["With degrees"].longitude == -80.40027
    for name in ("Ottawa by mistake", "Half a point", "Not a number", "Latitude too big"):
        assert assets[name].latitude is None and assets[name].longitude is None
    problems = by_code(result)
    assert problems["location_outside"].rows == (3,)
    assert problems["half_location"].rows == (4,)
    assert problems["half_location"].columns == ("latitude",)
    assert problems["half_location"].message.startswith(
        "In column “latitude”, row 4: “47.51” is given without the other coordinate."
    )
    assert problems["bad_location"].rows == (5, 6)
    assert "“north”, “147.5” are not usable locations" in problems["bad_location"].message
    assert all(not p.is_error for p in result.problems)


def test_exact_repeated_rows_are_imported_once_with_a_warning(profile):
    data = b"name,category,area\nHall,places,old-town\nHall,places,old-town\n"
    result = check_assets_file(data, "twice.csv", profile)
    assert result.ok and len(result.answers) == 1
    problem = by_code(result)["duplicate_rows"]
    assert problem.rows == (3,)
    assert problem.message == ("Row 3 repeats an earlier row exactly (row 2); it is imported once.")
    assert "no_needs_column" in by_code(result)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\xff" * 10, "binary"),
        (b"name,category,area\n", "no_rows"),
        (b"name,category,area\nHall,places,old-town,extra,cells\n", "ragged_rows"),
    ],
)
def test_unreadable_files_get_the_shared_table_refusals(profile, data, code):
    result = check_assets_file(data, "x.csv", profile)
    assert not result.ok
    assert code in by_code(result)


def test_oversize_files_are_refused_before_parsing(profile):
    result = check_assets_file(b"name,category,area\n" * 100, "big.csv", profile, max_bytes=50)
    assert [p.code for p in result.problems] == ["too_large"]


def test_store_rows_are_idempotent_across_reimports(tmp_path, mapped):
    store = Store(sqlite_url(tmp_path / "store.sqlite"))
    code = store.create_session("Import", "en", "f" * 64).code
    first = check("good.csv", mapped)
    assert store.add_answers(code, first.store_rows(code)) == 4
    again = check("good.csv", mapped)
    assert store.add_answers(code, again.store_rows(code)) == 0
    stored = asset_table(store.answers(code, "assets"))
    assert len(stored) == 4
    assert set(stored["asset_id"]) == {a.answer.asset_id for a in first.answers}


def test_exported_directory_reimports_to_the_same_assets(mapped):
    result = check("bad-values.csv", mapped)
    source = asset_table(result.frame())
    merged = apply_merges(source, [MergeRecord(source["asset_id"][1], (source["asset_id"][0],))])
    exported = directory_csv(merged, mapped, "fr")
    assert exported.startswith(b"\xef\xbb\xbf")
    text = exported.decode("utf-8-sig")
    assert "'=HYPERLINK" in text  # neutralised for spreadsheets
    back = check_assets_file(exported, "directory.csv", mapped, language="fr")
    assert back.ok, [p.message for p in back.problems]
    assert [p.code for p in back.problems] == []  # "mentions" is read past silently
    columns = ["name", "category", "area", "needs", "contact"]
    original = merged[columns].to_dict("records")
    reread = asset_table(back.frame())[columns].to_dict("records")
    assert reread == original


def test_exported_coordinates_stay_numbers_not_neutralised_text(mapped):
    result = check("good.csv", mapped)
    text = directory_csv(asset_table(result.frame()), mapped, "en").decode("utf-8-sig")
    assert ",47.52894,-80.42155," in text
    assert "'-80" not in text
    back = check_assets_file(text.encode("utf-8"), "directory.csv", mapped)
    assert back.answers[0].answer.longitude == -80.42155


def test_sample_assets_import_cleanly_and_the_template_matches(mapped):
    sample = data_dir() / "communities" / "riverbend" / "sample-assets.csv"
    result = check_assets_file(sample.read_bytes(), sample.name, mapped)
    assert result.ok and result.problems == []
    assert len(result.answers) == 31
    located = [a for a in result.answers if a.answer.latitude is not None]
    assert len(located) == 13  # every sample point lies inside the synthetic areas
    template = data_dir() / "templates" / "assets-template.csv"
    assert template.read_bytes() == template_csv()
    frame = pd.read_csv(io.BytesIO(template_csv()))
    assert tuple(frame.columns) == TEMPLATE_COLUMNS
