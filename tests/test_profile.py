"""Profile validation: each bad field gives a message naming the field and the problem."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import ProfileError, load_profile, parse_band, profile_from_mapping

RAW = yaml.safe_load(sample_profile_path().read_text(encoding="utf-8"))


def problems_for(change, language: str = "en") -> list[str]:
    raw = copy.deepcopy(RAW)
    change(raw)
    with pytest.raises(ProfileError) as caught:
        profile_from_mapping(raw, language=language)
    return caught.value.problems


def test_the_sample_is_valid_and_labelled_synthetic():
    profile = load_profile(sample_profile_path())
    assert profile.synthetic is True
    assert profile.total_population == sum(profile.population_by_band.values()) > 20_000
    assert len(profile.needs) == 12
    assert profile.area_labels("fr")["old-town"] == "Vieille-Ville"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.pop("name"), "name: this field is required"),
        (lambda r: r.update(popluation=3), "popluation: unknown field (check the spelling)"),
        (
            lambda r: r["areas"][1]["population"].update({"65-74": -5}),
            "areas.1.population.65-74: must be 0 or more (got -5)",
        ),
        (
            lambda r: r["areas"][0]["population"].update({"15-24": "many"}),
            "areas.0.population.15-24: must be a whole number (got many)",
        ),
        (lambda r: r.update(min_cell_size=1), "min_cell_size: must be 2 or more (got 1)"),
        (lambda r: r.update(currency="dollars"), "currency: is not in the expected format"),
        (
            lambda r: r["areas"][2]["population"].pop("85+"),
            "area northfield has no population for the age band(s) 85+",
        ),
        (
            lambda r: r.update(age_bands=["0-14", "20-24"]),
            "age band 20-24 does not follow on from the previous band",
        ),
        (lambda r: r.update(age_bands=["0-14", "15_24"]), "age band 15_24 must look like"),
        (lambda r: r.update(areas=[]), "areas: must not be empty"),
        (lambda r: r.update(deaths_per_year="lots"), "deaths_per_year: must be a number"),
    ],
)
def test_each_bad_field_is_named_with_its_problem(change, expected):
    problems = problems_for(change)
    assert any(expected in problem for problem in problems), problems


def test_messages_are_in_the_readers_language():
    problems = problems_for(lambda r: r["areas"][1]["population"].update({"65-74": -5}), "fr")
    assert problems == ["areas.1.population.65-74: doit être au moins 0 (reçu : -5)"]


def test_several_problems_are_reported_together():
    def break_two(raw):
        raw.pop("name")
        raw["min_cell_size"] = 0

    assert len(problems_for(break_two)) == 2


def test_a_file_that_is_not_yaml_says_where(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: Town\nareas: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"not valid YAML \(near line"):
        load_profile(path)


def test_a_missing_file_is_reported(tmp_path: Path):
    with pytest.raises(ProfileError, match="does not exist"):
        load_profile(tmp_path / "nowhere.yaml")


def test_age_bands_parse():
    assert parse_band("15-24") == (15, 24)
    assert parse_band("85+") == (85, None)
    with pytest.raises(ValueError):
        parse_band("24-15")
