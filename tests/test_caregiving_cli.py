"""``workshop-kit estimate``: fixed JSON keys, the AARP check, and clear messages on bad input."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from workshop_kit.cli import main
from workshop_kit.paths import sample_profile_path

PYTHONPATH = os.environ.get("PYTHONPATH", "")
RAW = yaml.safe_load(sample_profile_path().read_text(encoding="utf-8"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["estimate", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def write_profile(tmp_path: Path, change) -> str:
    raw = copy.deepcopy(RAW)
    change(raw)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return str(path)


# -- the AARP worked example (Valuing the Invaluable, 2023 update, data year 2021) ---------


def test_aarp_worked_example(capsys):
    """About 38 million caregivers × about 18 hours a week × 52 weeks ≈ 36 billion hours,
    valued at $16.59 an hour ≈ $600 billion."""
    code, out, err = run(
        capsys,
        "caregiving",
        "--caregivers",
        "38000000",
        "--hours-per-week",
        "18",
        "--hourly-value",
        "16.59",
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"caregivers", "annual_hours", "value", "fte"}
    assert result["caregivers"] == 38_000_000
    assert result["annual_hours"] == 38_000_000 * 18 * 52
    assert round(result["annual_hours"] / 1e9) == 36  # "36 billion hours"
    # AARP's inputs are rounded ("about 38 million", "about 18 hours"): within 2% of $600 bn
    assert result["value"] == pytest.approx(600e9, rel=0.02)
    assert result["fte"] == pytest.approx(result["annual_hours"] / 1950)
    assert "1,950 hours a year (37.5 hours a week × 52 weeks)" in err


def test_aarp_from_annual_hours(capsys):
    result = run_json(capsys, "caregiving", "--annual-hours", "36e9", "--hourly-value", "16.59")
    assert set(result) == {"caregivers", "annual_hours", "value", "fte"}
    assert result["caregivers"] is None
    assert result["annual_hours"] == 36_000_000_000
    assert result["value"] == pytest.approx(597.24e9)
    assert result["value"] == pytest.approx(600e9, rel=0.005)


def test_weeks_per_year_and_text_output(capsys):
    result = run_json(
        capsys,
        "caregiving",
        "--caregivers",
        "10",
        "--hours-per-week",
        "5",
        "--hourly-value",
        "20",
        "--weeks-per-year",
        "26",
    )
    # fte 1300 / 1950 = 0.666…, rounded to 2 decimals in JSON
    assert result == {"caregivers": 10, "annual_hours": 1300, "value": 26_000, "fte": 0.67}
    code, out, _ = run(
        capsys,
        "caregiving",
        "--caregivers",
        "38000000",
        "--hours-per-week",
        "18",
        "--hourly-value",
        "16.59",
    )
    assert code == 0
    assert "38,000,000 caregivers give 36 billion hours a year" in out
    assert "1,950 hours a year" in out


def test_json_given_before_the_kind_still_counts(capsys):
    code = main(
        ["estimate", "--json", "palliative", "--deaths", "100"],
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["deaths"] == 100


# -- palliative ------------------------------------------------------------------------


def test_palliative_keys_and_values(capsys):
    result = run_json(capsys, "palliative", "--deaths", "1000")
    assert set(result) == {"deaths", "needing_palliative_care", "bereaved"}
    assert result["deaths"] == 1000
    assert result["needing_palliative_care"] == pytest.approx(
        {"low": 630, "central": 750, "high": 820}
    )
    assert result["bereaved"] == pytest.approx({"low": 8000, "central": 9000, "high": 10000})


def test_palliative_with_population_adds_rosenwax(capsys):
    result = run_json(capsys, "palliative", "--deaths", "185", "--population", "100000")
    assert set(result) == {"deaths", "needing_palliative_care", "bereaved", "rosenwax"}
    assert result["rosenwax"] == pytest.approx({"low": 280, "high": 500})


def test_palliative_in_french(capsys):
    code, out, _ = run(capsys, "palliative", "--deaths", "185", "--lang", "fr")
    assert code == 0
    assert out.startswith("Sur 185 décès, 140 concerneraient")


# -- the whole community ---------------------------------------------------------------


def test_profile_estimate(capsys):
    result = run_json(capsys, "--profile", str(sample_profile_path()))
    assert result["community"] == "Riverbend"
    assert result["synthetic"] is True
    assert result["fte_hours_per_year"] == 1950
    assert result["method"] == "replacement"
    assert result["caregivers"]["central"] == 4235.8  # 4,235.83 people, to a tenth
    assert result["deaths"] == 185
    assert result["needing_palliative_care"]["central"] == 138.8  # 138.75, half up
    assert set(result["rosenwax"]) == {"low", "high"}
    for key in ("caregivers", "annual_hours", "fte", "value", "bereaved"):
        assert result[key]["low"] <= result[key]["central"] <= result[key]["high"]
    assert any("1,950 hours a year" in text for text in result["assumptions"])


def test_profile_estimate_opportunity_cost_in_text(capsys):
    code, out, _ = run(
        capsys, "--profile", str(sample_profile_path()), "--method", "opportunity", "--lang", "fr"
    )
    assert code == 0
    assert "coût d'opportunité" in out
    assert "Environ 4\u202f200 personnes à Riverbend" in out


# -- bad input: one clear message, exit status 2, never a traceback -------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda raw: raw["areas"][2]["population"].pop("85+"),
            "area northfield has no population for the age band(s) 85+",
        ),
        (
            lambda raw: raw["areas"][1]["population"].update({"65-74": -5}),
            "areas.1.population.65-74: must be 0 or more (got -5)",
        ),
        (
            lambda raw: raw["areas"][0]["population"].update({"15-24": "many"}),
            "areas.0.population.15-24: must be a whole number (got many)",
        ),
        (
            lambda raw: raw.update(parameters={"caregiving_rate": {"45-54": 120}}),
            "parameters.caregiving_rate.45-54: must be between 0 and 100% (got 120)",
        ),
        (
            lambda raw: raw.update(parameters={"replacement_wage": 0}),
            "parameters.replacement_wage: must be more than 0 (got 0)",
        ),
        (lambda raw: raw.pop("deaths_per_year"), "deaths_per_year: needed to estimate deaths"),
    ],
)
def test_bad_profiles_are_refused_with_the_field_named(tmp_path, capsys, change, message):
    path = write_profile(tmp_path, change)
    code, out, err = run(capsys, "--profile", path, "--json")
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["caregiving", "--caregivers", "3", "--hours-per-week", "2", "--hourly-value", "0"],
            "--hourly-value must be more than 0 (got 0)",
        ),
        (
            ["caregiving", "--caregivers", "lots", "--hours-per-week", "2", "--hourly-value", "9"],
            "--caregivers must be a number (got lots)",
        ),
        (
            ["caregiving", "--caregivers", "-3", "--hours-per-week", "2", "--hourly-value", "9"],
            "--caregivers must be 0 or more (got -3)",
        ),
        (
            ["caregiving", "--caregivers", "3", "--hours-per-week", "200", "--hourly-value", "9"],
            "--hours-per-week must be more than 0 and at most 168",
        ),
        (
            ["caregiving", "--caregivers", "3", "--hourly-value", "9"],
            "--hours-per-week is required",
        ),
        (
            ["caregiving", "--annual-hours", "9", "--caregivers", "3", "--hourly-value", "9"],
            "Give either --caregivers with --hours-per-week, or --annual-hours",
        ),
        (
            ["caregiving", "--annual-hours", "9", "--hourly-value", "9", "--weeks-per-year", "60"],
            "--weeks-per-year must be more than 0 and at most 52",
        ),
        (["palliative", "--deaths", "nan"], "--deaths must be a number (got nan)"),
        (["palliative", "--deaths", "10", "--population", "0"], "--population must be more than 0"),
        ([], "Say what to estimate"),
        (["--profile", "/no/such/profile.yaml"], "does not exist"),
        (
            ["--profile", "x.yaml", "palliative", "--deaths", "3"],
            "leave out caregiving or palliative",
        ),
    ],
)
def test_bad_options_are_refused(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err


def test_a_real_process_prints_no_traceback(tmp_path):
    path = write_profile(
        tmp_path, lambda raw: raw.update(parameters={"caregiving_rate": {"45-54": "120%"}})
    )
    process = subprocess.run(
        [sys.executable, "-m", "workshop_kit.cli", "estimate", "--profile", path, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert process.returncode == 2
    assert "parameters.caregiving_rate.45-54: must be between 0 and 100% (got 120%)" in (
        process.stderr
    )
    assert "Traceback" not in process.stderr
    assert process.stdout == ""


# -- light: printing numbers loads no plotting or widget library ---------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "estimate"

#: Runs the command in a fresh interpreter, then writes which heavy libraries it imported.
PROBE = """
import json, sys
from workshop_kit.cli import main
code = main(sys.argv[2:])
sys.stdout.flush()
loaded = sorted({name.partition(".")[0] for name in sys.modules} & {"matplotlib", "ipywidgets"})
with open(sys.argv[1], "w", encoding="utf-8") as probe:
    json.dump({"code": code, "loaded": loaded}, probe)
"""

PROFILE = str(sample_profile_path())
EUR_FR = ["--currency", "EUR", "--lang", "fr"]
AARP = ["--caregivers", "38000000", "--hours-per-week", "18", "--hourly-value", "16.59"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--profile", PROFILE, "--json"], "profile.json"),
        (["--profile", PROFILE], "profile.txt"),
        (["--profile", PROFILE, "--lang", "fr"], "profile-fr.txt"),
        (["caregiving", *AARP, "--json"], "caregiving-aarp.json"),
        (
            ["caregiving", "--annual-hours", "1000000", "--hourly-value", "20", *EUR_FR],
            "caregiving-hours-fr.txt",
        ),
        (["palliative", "--deaths", "185", "--population", "22940"], "palliative.txt"),
    ],
)
def test_estimate_loads_neither_matplotlib_nor_ipywidgets(tmp_path, argv, expected):
    """``estimate`` prints sentences and JSON without matplotlib (about 0.3 s and 160 modules
    it loaded before sentences moved out of the charts) nor ipywidgets, and says exactly what
    it said then: the expected files were printed by the kit before the move."""
    probe = tmp_path / "probe.json"
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, PYTHONPATH]))}
    process = subprocess.run(
        [sys.executable, "-c", PROBE, str(probe), "estimate", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
    )
    assert process.returncode == 0, process.stderr
    assert json.loads(probe.read_text(encoding="utf-8")) == {"code": 0, "loaded": []}
    assert process.stdout == (FIXTURES / expected).read_text(encoding="utf-8")
    stderr = FIXTURES / f"{expected}.stderr"
    assert process.stderr == (stderr.read_text(encoding="utf-8") if stderr.exists() else "")
