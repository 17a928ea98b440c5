"""A new community from census tables in one command, and the folder check that follows it.

``new-community`` reads the Census Profile fixture (published column names, synthetic numbers),
regroups its five-year age groups into the profile's bands and writes a folder ``check``
accepts; broken profiles are refused with their file, line and field.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
import yaml

from workshop_kit.cli import main
from workshop_kit.geo import in_community, shapes_for_profile
from workshop_kit.profile import load_profile
from workshop_kit.trainer.community import CommunityError, new_community
from workshop_kit.trainer.folder_check import check_folder
from workshop_kit.trainer.population import age_group, finest

FIXTURES = Path(__file__).parent / "fixtures" / "census"
CENSUS = FIXTURES / "census-profile-2021-synthetic.csv"
BANDS = ["0-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+"]


def census_rows() -> dict[str, dict[str, int]]:
    """The fixture's five-year groups per area, read independently of the kit's reader."""
    with CENSUS.open(encoding="latin-1", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        name, characteristic, count = (
            header.index(c) for c in ("GEO_NAME", "CHARACTERISTIC_NAME", "C1_COUNT_TOTAL")
        )
        rows: dict[str, dict[str, int]] = {}
        for row in reader:
            label = row[characteristic].strip()
            words = label.split()
            five_years = len(words) == 4 and words[1] == "to" and int(words[2]) - int(words[0]) == 4
            if (five_years or label == "100 years and over") and row[count]:
                rows.setdefault(row[name], {}).setdefault(label, int(row[count]))
    return rows


def expected_bands(groups: dict[str, int]) -> dict[str, int]:
    totals = dict.fromkeys(BANDS, 0)
    for label, count in groups.items():
        low = int(label.split()[0])
        band = next(b for b in reversed(BANDS) if low >= int(b.rstrip("+").split("-")[0]))
        totals[band] += count
    return totals


@pytest.fixture(scope="module")
def lakeview(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("communities")
    assert (
        main(["new-community", "Lakeview", "--from-census", str(CENSUS), "--dest", str(folder)])
        == 0
    )
    return folder / "lakeview"


def test_new_community_fills_the_profile_from_the_census(lakeview):
    profile = load_profile(lakeview / "profile.yaml")
    groups = census_rows()
    assert [area.id for area in profile.areas] == sorted(groups)  # the table's geographies
    for area in profile.areas:
        assert area.population == expected_bands(groups[area.id])
        assert area.total is not None and area.total > 0  # the census's stated total
    assert profile.age_bands == BANDS and profile.year == 2021
    assert profile.synthetic is False and len(profile.needs) == 12  # the sample's needs


def test_the_folder_names_its_sources_and_what_is_left(lakeview):
    readme = (lakeview / "README.md").read_text(encoding="utf-8")
    assert "census-profile-2021-synthetic.csv" in readme and "Census Profile, 2021" in readme
    assert "deaths_per_year" in readme and "placeholder grid" in readme
    profile = load_profile(lakeview / "profile.yaml")
    shapes = shapes_for_profile(profile)
    assert shapes is not None and shapes.placeholder and not shapes.missing
    # a placeholder grid never judges where a participant's asset is
    assert in_community(profile, 47.5, -80.4) is None


def test_check_passes_on_the_new_folder(lakeview, capsys):
    assert main(["check", str(lakeview)]) == 0
    out = capsys.readouterr().out
    assert "no problem found" in out and "profile.yaml" in out and "areas.geojson" in out


def test_the_same_table_as_csv_or_xlsx_gives_the_same_profile(tmp_path, lakeview):
    rows = [("area", "age_band", "count")]
    for area, groups in census_rows().items():
        rows += [(area, label, count) for label, count in groups.items()]
    plain = tmp_path / "population.csv"
    plain.write_text("\n".join(",".join(map(str, r)) for r in rows), encoding="utf-8")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "population.xlsx")
    census = load_profile(lakeview / "profile.yaml")
    for source, name in ((plain, "From CSV"), (tmp_path / "population.xlsx", "From XLSX")):
        made = new_community(name, [source], tmp_path)
        profile = load_profile(made.folder / "profile.yaml")
        assert [a.population for a in profile.areas] == [a.population for a in census.areas]
        assert check_folder(made.folder).ok


def test_areas_that_repeat_across_files_are_refused(tmp_path):
    with pytest.raises(CommunityError) as caught:
        new_community("Twice", [CENSUS, CENSUS], tmp_path)
    assert any("the area 99990001 repeats" in p for p in caught.value.problems)


def test_a_group_across_two_bands_is_named_not_guessed(tmp_path):
    table = tmp_path / "odd.csv"
    table.write_text("age_band,count\n0 to 19 years,40\n20 to 90 years,60\n", encoding="utf-8")
    with pytest.raises(CommunityError) as caught:
        new_community("Odd", [table], tmp_path)
    problems = "\n".join(caught.value.problems)
    assert "the age group 0-19 does not fit inside one of the profile's age bands" in problems
    assert "no age group of the file covers the whole band 85+" in problems


def test_age_groups_as_published_in_english_and_french():
    assert age_group("    0 to 4 years") == (0, 4)
    assert age_group("100 years and over") == (100, None)
    assert age_group("85 ans et plus") == (85, None) and age_group("5 à 9 ans") == (5, 9)
    assert age_group("Average age of the population") is None
    assert finest([(0, 14), (0, 4), (5, 9), (10, 14), (85, None), (85, 89), (90, None)]) == [
        (0, 4),
        (5, 9),
        (10, 14),
        (85, 89),
        (90, None),
    ]


def edit(folder: Path, change) -> Path:
    path = folder / "profile.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def line_of(path: Path, text: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if i > after and text in line)


@pytest.fixture
def copy_of(lakeview, tmp_path) -> Path:
    folder = tmp_path / "copy"
    folder.mkdir()
    for path in lakeview.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_bands_that_do_not_add_up_are_refused_with_file_line_and_field(copy_of, capsys):
    path = edit(copy_of, lambda raw: raw["areas"][1]["population"].update({"65-74": 1080}))
    assert main(["check", str(copy_of)]) == 1
    out = capsys.readouterr().out
    line = line_of(path, "total:", after=line_of(path, "99990002"))
    assert (
        f"profile.yaml, line {line}, areas.1.total: the age bands of area 99990002 add up to" in out
    )
    assert "not to its stated population" in out and "1 problem" in out


def test_areas_that_repeat_are_refused_with_file_line_and_field(copy_of, capsys):
    path = edit(copy_of, lambda raw: raw["areas"][2].update(id="99990001"))
    assert main(["check", str(copy_of)]) == 1
    out = capsys.readouterr().out
    line = line_of(path, "id: '99990001'", after=line_of(path, "id: '99990002'"))
    assert f"profile.yaml, line {line}, areas.2.id: the area id 99990001 is used twice" in out


def test_a_bad_count_is_refused_with_its_line_in_french(copy_of, capsys):
    path = edit(
        copy_of,
        lambda raw: (
            raw.update(language="fr") or raw["areas"][0]["population"].update({"15-24": -3})
        ),
    )
    assert main(["check", str(copy_of)]) == 1
    out = capsys.readouterr().out
    line = line_of(path, "15-24: -3")
    assert f"profile.yaml, ligne {line}, areas.0.population.15-24 : doit être au moins 0" in out


def test_the_sample_community_folder_passes_with_its_sample_assets():
    result = check_folder(Path(__file__).parent.parent / "data" / "communities" / "riverbend")
    assert result.ok, [p.message for p in result.problems]
    assert result.checked == ["profile.yaml", "areas.geojson", "sample-assets.csv"]


def test_a_sample_file_with_a_bad_row_is_named_with_its_row(copy_of):
    (copy_of / "sample-assets.csv").write_text(
        "name,category,area,needs\nLibrary,institutions,99990001,respite\nPark,nature,nowhere,\n",
        encoding="utf-8",
    )
    result = check_folder(copy_of)
    (problem,) = result.problems
    assert problem.file == "sample-assets.csv" and problem.line == 3
