"""``workshop-kit estimate``: caregiver load and palliative-care need from the command line.

For trainers and for reproducibility: the same model as the notebook, with JSON output whose
keys are fixed, so results can be checked against published figures::

    workshop-kit estimate caregiving --caregivers 38000000 --hours-per-week 18 \\
        --hourly-value 16.59 --json
    workshop-kit estimate palliative --deaths 185 --population 22940 --json
    workshop-kit estimate --profile data/communities/riverbend/profile.yaml --json
    workshop-kit estimate --profile data/communities/riverbend/ --hours-reading infographic

``--profile`` takes the profile file or a community folder holding a ``profile.yaml``.

``fte`` counts full-time jobs of FTE_HOURS_PER_YEAR (1,950) hours; with ``--json`` that is
said on standard error so standard output stays exactly the documented JSON. JSON numbers are
rounded by key (:data:`JSON_DECIMALS`: people to 0.1, hours a year and money to whole units,
hours a week, jobs and wages to 0.01, rates to 6 decimals).

Bad input (a profile with a missing band, a negative population, a rate over 100%, a wage of
zero, a number that is not one) ends with one clear message and exit status 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from workshop_kit.activities.caregiving import sentences as sentences
from workshop_kit.activities.caregiving.model import estimate
from workshop_kit.activities.caregiving.model_hours import (
    BASES,
    FTE_HOURS_PER_WEEK,
    FTE_HOURS_PER_YEAR,
    MAX_HOURS_PER_WEEK,
    READINGS,
    WEEKS_PER_YEAR,
)
from workshop_kit.activities.caregiving.model_inputs import Scenario
from workshop_kit.activities.caregiving.model_value import METHODS, simple_caregiving
from workshop_kit.activities.caregiving.palliative import (
    bereaved,
    needing_palliative_care,
    rosenwax_range,
)
from workshop_kit.activities.caregiving.reference import community_inputs
from workshop_kit.activities.caregiving.reference_files import ReferenceDataError, load_reference
from workshop_kit.cli import CommandError
from workshop_kit.i18n import Translator
from workshop_kit.profile import ProfileError, load_profile

#: The file a community folder keeps its profile in (data/communities/<name>/profile.yaml).
PROFILE_FILE_NAME = "profile.yaml"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "estimate",
        help="estimate unpaid caregiving, its value, palliative-care need and bereavement",
        description="Estimate unpaid caregiving and its value (replacement or opportunity "
        "cost), deaths needing palliative care and people bereaved. "
        f"'fte' counts full-time jobs of {FTE_HOURS_PER_YEAR:,.0f} hours a year "
        f"({FTE_HOURS_PER_WEEK} hours a week × 52 weeks).",
    )
    parser.add_argument(
        "--profile", metavar="PATH", help="estimate the whole community of this profile (YAML)"
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="replacement",
        help="value the hours at a paid substitute's wage (replacement, default) or at the "
        "pay caregivers give up (opportunity); with --profile",
    )
    parser.add_argument(
        "--hours-reading",
        choices=READINGS,
        default="paper",
        help="spread Fast et al.'s 5.7 billion hours over the 6.8 million caregivers of their "
        "paper (default: 55 hours for the '20 or more' group) or the 7.8 million of their "
        "infographic (45 hours); with --profile",
    )
    parser.add_argument(
        "--basis",
        choices=BASES,
        default="year",
        help="count everyone who cared in the year as caring all year (default) or only those "
        "caring at a point in time (AARP's method); with --profile",
    )
    _common_options(parser, top=True)
    kinds = parser.add_subparsers(dest="kind", metavar="WHAT")

    care = kinds.add_parser(
        "caregiving",
        help="hours and value of unpaid care from a number of caregivers",
        description="annual hours = caregivers × hours a week × weeks a year; "
        "value = annual hours × hourly value; fte = annual hours ÷ "
        f"{FTE_HOURS_PER_YEAR:,.0f}.",
    )
    care.add_argument("--caregivers", metavar="N", help="number of unpaid caregivers")
    care.add_argument("--hours-per-week", metavar="H", help="average hours a week per caregiver")
    care.add_argument(
        "--annual-hours", metavar="H", help="total hours a year (instead of the two above)"
    )
    care.add_argument("--hourly-value", metavar="W", help="value of one hour (a wage, > 0)")
    care.add_argument(
        "--weeks-per-year", metavar="WEEKS", default=str(WEEKS_PER_YEAR), help="default: 52"
    )
    care.add_argument(
        "--currency", default="CAD", help="currency for the sentence (not the JSON); default CAD"
    )
    _common_options(care)

    palliative = kinds.add_parser(
        "palliative",
        help="deaths needing palliative care and people bereaved, from a number of deaths",
        description="needing palliative care = deaths × 75% (Etkind 2017, Projection method 1; "
        "low and high from Murtagh 2014); bereaved = deaths × about 9 close kin, the people who "
        "lose a grandparent, parent, sibling, spouse or child, wherever they live (Verdery "
        "2020); with --population, Rosenwax 2005's 0.28%–0.50% of the population.",
    )
    palliative.add_argument("--deaths", metavar="D", help="deaths in a year")
    palliative.add_argument("--population", metavar="P", help="population (adds Rosenwax)")
    _common_options(palliative)
    parser.set_defaults(handler=run)


def _common_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # Sub-commands must not reset what was given before them: their defaults are suppressed.
    json_default: Any = False if top else argparse.SUPPRESS
    lang_default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--json", action="store_true", default=json_default, help="print JSON (fixed keys)"
    )
    parser.add_argument(
        "--lang", default=lang_default, help="language of messages and sentences (en, fr)"
    )


def run(arguments: argparse.Namespace) -> int:
    t = Translator(arguments.lang)
    if arguments.kind is None and arguments.profile is None:
        raise CommandError(t("caregiving.cli.what"))
    if arguments.kind is not None and arguments.profile is not None:
        raise CommandError(t("caregiving.cli.profile_and_kind"))
    if arguments.kind == "caregiving":
        return _caregiving(arguments, t)
    if arguments.kind == "palliative":
        return _palliative(arguments, t)
    return _profile(arguments, t)


# -- options -------------------------------------------------------------------------------------


def _number(
    arguments: argparse.Namespace,
    name: str,
    t: Translator,
    *,
    required: bool = False,
    positive: bool = False,
    maximum: float = math.inf,
    problem_key: str | None = None,
) -> float | None:
    """An option's value as a number, or a clear CommandError naming the option."""
    option = "--" + name.replace("_", "-")
    text = getattr(arguments, name, None)
    if text is None:
        if required:
            raise CommandError(_option(t, option, t("caregiving.error.required")))
        return None
    try:
        value = float(str(text).replace("_", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise CommandError(_option(t, option, t("caregiving.error.not_number", value=str(text))))
    if positive and value <= 0:
        raise CommandError(_option(t, option, t("caregiving.error.positive", value=str(text))))
    if value < 0:
        raise CommandError(_option(t, option, t("caregiving.error.not_negative", value=str(text))))
    if value > maximum:
        key = problem_key or "caregiving.error.not_number"
        raise CommandError(_option(t, option, t(key, value=str(text))))
    return value


def _option(t: Translator, option: str, problem: str) -> str:
    return t("caregiving.cli.option", option=option, problem=problem)


#: Decimals kept in ``--json`` output, by key (documented in docs/caregiver-load.md). A key
#: applies to every number under it (``"caregivers": {"low": …}``); the estimate is computed
#: in full and rounded only here, so binary noise (6.9799999999999995) never reaches a reader.
JSON_DECIMALS: dict[str, int] = {
    # people: counts estimated from rates, kept to a tenth so small communities keep a range
    "population": 1,
    "caregivers": 1,
    "deaths": 1,
    "needing_palliative_care": 1,
    "received_palliative_care": 1,
    "caregivers_at_a_time": 1,
    "bereaved": 1,
    "rosenwax": 1,
    # hours, jobs and money
    "hours_per_week": 2,
    "annual_hours": 0,
    "fte": 2,
    "fte_hours_per_year": 2,
    "weeks_per_year": 2,
    "hourly_value": 2,
    "value": 0,
    "national_value": 0,
    "band_hours": 2,
    "kit_hours_per_week": 2,
    # fractions (0.11305 is 11.305%) and factors
    "rate": 6,
    "share": 6,
    "palliative_share": 6,
    "population_multiplier": 6,
}

#: Numbers under a key not listed above keep 12 significant figures: still no binary noise.
JSON_SIGNIFICANT = 12


def _rounded(value: Any, decimals: int | None = None) -> Any:
    """Every float rounded as :data:`JSON_DECIMALS` says for the key it sits under."""
    if isinstance(value, dict):
        return {
            key: _rounded(item, JSON_DECIMALS.get(key, decimals)) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rounded(item, decimals) for item in value]
    if isinstance(value, float) and math.isfinite(value):
        if decimals is None:
            return float(f"{float(value):.{JSON_SIGNIFICANT}g}")
        # half away from zero on the number as printed: 116.55 -> 116.6 (round() gives 116.5,
        # because the float stored for 116.55 is a hair below it)
        step = Decimal(1).scaleb(-decimals)
        return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))
    return value


def _plain(value: Any) -> Any:
    """Whole numbers print as integers (35568000000, not 35568000000.0)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _print_json(data: dict[str, Any]) -> None:
    _say(json.dumps(_plain(_rounded(data)), ensure_ascii=False, indent=2))


def _say(text: str) -> None:
    """Print to standard output; a reader that stopped reading (``| head``) is not an error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# -- the three estimates ---------------------------------------------------------------------------


def _caregiving(arguments: argparse.Namespace, t: Translator) -> int:
    hours_total = _number(arguments, "annual_hours", t)
    caregivers = _number(arguments, "caregivers", t)
    hours_per_week = _number(
        arguments,
        "hours_per_week",
        t,
        maximum=MAX_HOURS_PER_WEEK,
        problem_key="caregiving.error.hours_range",
    )
    if hours_total is not None and (caregivers is not None or hours_per_week is not None):
        raise CommandError(t("caregiving.cli.hours_choice"))
    if hours_total is None:
        _number(arguments, "caregivers", t, required=True)
        _number(arguments, "hours_per_week", t, required=True)
    hourly_value = _number(arguments, "hourly_value", t, required=True, positive=True)
    weeks = _number(
        arguments,
        "weeks_per_year",
        t,
        positive=True,
        maximum=WEEKS_PER_YEAR,
        problem_key="caregiving.error.weeks_range",
    )
    assert hourly_value is not None and weeks is not None  # required / defaulted above
    result = simple_caregiving(
        caregivers=caregivers,
        hours_per_week=hours_per_week,
        hourly_value=hourly_value,
        weeks_per_year=weeks,
        annual_hours_total=hours_total,
    )
    if arguments.json:
        _print_json(result)
        print(sentences.fte_note(t), file=sys.stderr)
        return 0
    currency = arguments.currency
    values = {
        "hours": sentences.about(t, float(result["annual_hours"] or 0), "hours"),
        "value": sentences.money(t, float(result["value"] or 0), currency),
        "wage": sentences.wage(t, hourly_value, currency),
        "fte": sentences.about(t, float(result["fte"] or 0), "jobs"),
    }
    if caregivers is None:
        _say(t("caregiving.cli.hours_sentence", **values))
    else:
        people = sentences.count(t, caregivers, "caregivers")
        _say(t("caregiving.cli.caregivers_sentence", caregivers=people, **values))
    _say(sentences.fte_note(t))
    return 0


def _reference(t: Translator):
    try:
        return load_reference(language=t.language)
    except ReferenceDataError as error:
        raise CommandError("\n".join(error.problems)) from None


def _palliative(arguments: argparse.Namespace, t: Translator) -> int:
    deaths = _number(arguments, "deaths", t, required=True)
    population = _number(arguments, "population", t, positive=True)
    assert deaths is not None
    reference = _reference(t)
    need = needing_palliative_care(deaths, reference.palliative_share)
    grief = bereaved(deaths, reference.kin_per_death)
    result: dict[str, Any] = {
        "deaths": deaths,
        "needing_palliative_care": need.as_dict(),
        "bereaved": grief.as_dict(),
    }
    rosenwax = None
    if population is not None:
        rosenwax = rosenwax_range(population, reference.rosenwax_share)
        result["rosenwax"] = rosenwax.as_dict()
    if arguments.json:
        _print_json(result)
        return 0
    _say(
        t(
            "caregiving.cli.palliative_sentence",
            deaths=sentences.count(t, deaths, "deaths"),
            need=sentences.about(t, need.central),
            need_low=sentences.about(t, need.low),
            need_high=sentences.about(t, need.high),
            bereaved=sentences.about(t, grief.central, "relatives"),
            bereaved_low=sentences.about(t, grief.low),
            bereaved_high=sentences.about(t, grief.high),
        )
    )
    if rosenwax is not None and population is not None:
        _say(
            t(
                "caregiving.cli.rosenwax_sentence",
                population=sentences.count(t, population),
                low=sentences.about(t, rosenwax.low),
                high=sentences.about(t, rosenwax.high, "people"),
            )
        )
    return 0


def profile_file(path: Path, t: Translator) -> Path:
    """The profile to read: ``path`` itself, or the ``profile.yaml`` of a community folder
    (``data/communities/riverbend/``); a folder without one is a clear message."""
    if not path.is_dir():
        return path
    inside = path / PROFILE_FILE_NAME
    if inside.is_file():
        return inside
    raise CommandError(t("caregiving.cli.profile_folder", path=str(path).rstrip("/\\")))


def _profile(arguments: argparse.Namespace, t: Translator) -> int:
    path = profile_file(Path(arguments.profile), t)
    try:
        profile = load_profile(path, t.language)
        inputs = community_inputs(profile, _reference(t), t.language)
    except ProfileError as error:
        raise CommandError(f"{path}:\n" + "\n".join(error.problems)) from None
    if inputs.deaths is None:
        raise CommandError(f"{path}:\n" + t("caregiving.error.no_deaths"))
    scenario = Scenario(
        method=arguments.method, hours_reading=arguments.hours_reading, basis=arguments.basis
    )
    result = estimate(inputs, scenario)
    assumptions = sentences.assumption_texts(result, t, profile.country)
    if arguments.json:
        _print_json(
            {**result.as_dict(), "synthetic": profile.synthetic, "assumptions": assumptions}
        )
        return 0
    lines: list[str] = [
        sentences.main_sentence(result, t),
        sentences.range_sentence(result, t),
        sentences.fte_sentence(result, t),
        sentences.value_sentence(result, t, profile.country),
        sentences.seed_sentence(result, t, profile.country),
        sentences.palliative_sentence(result, t),
        sentences.access_sentence(result, t),
        sentences.rosenwax_sentence(result, t),
        "",
        t("caregiving.assumptions_title") + ":",
        *[f"- {text}" for text in assumptions],
    ]
    lines = [line for index, line in enumerate(lines) if line or index == lines.index("")]
    if profile.synthetic:
        lines.insert(0, t("app.synthetic_banner", name=profile.name))
    _say("\n".join(lines))
    return 0
