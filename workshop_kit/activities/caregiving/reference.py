"""Published parameters and a profile's local overrides of them, as the model's inputs.

Kept apart from the model (:mod:`workshop_kit.activities.caregiving.model` and its parts) so
that it stays small; like it, this module is pure: it reads no file.
:mod:`workshop_kit.activities.caregiving.reference_files` reads ``data/reference/`` into a
:class:`ReferenceData`; :func:`community_inputs` checks a profile's ``parameters:`` against it
(everything a trainer can mistype) and hands the model a ready
:class:`~workshop_kit.activities.caregiving.model_inputs.CommunityInputs`.

Every problem is reported the way the profile reports its own, naming the field and saying
what is wrong in the reader's language::

    parameters.caregiving_rate.45-54: must be between 0 and 100% (got 120)

The parameters a profile may set are listed in :data:`PARAMETERS` and documented in
``docs/caregiver-load.md``. Percentages are written as percentages (``30`` means 30%).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workshop_kit.activities.caregiving.model_hours import (
    MAX_HOURS_PER_WEEK,
    WEEKS_PER_YEAR,
    HoursDistribution,
    HoursFit,
    rates_for_bands,
)
from workshop_kit.activities.caregiving.model_inputs import CommunityInputs
from workshop_kit.activities.caregiving.model_value import METHODS
from workshop_kit.activities.caregiving.palliative import (
    AccessShare,
    NeedProjection,
    deaths_from_rates,
)
from workshop_kit.activities.caregiving.ranges import Interval, Range
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile, ProfileError

#: Parameters a profile may set under ``parameters:`` (see docs/caregiver-load.md).
PARAMETERS = (
    "caregiving_rate",
    "caregiving_rate_uncertainty",
    "hours_distribution",
    "hours_per_week",
    "weeks_per_year",
    "replacement_wage",
    "opportunity_wage",
    "palliative_share",
    "rosenwax_share",
    "kin_per_death",
    "death_rate_per_1000",
)

HOURS_BANDS = ("under_10", "10_19", "20_plus")
BOUNDS = ("low", "central", "high")


@dataclass(frozen=True, eq=False)
class ReferenceData:
    """The published parameters, checked, with the raw tables (and their sources) kept."""

    rate_bands: tuple[str, ...]
    rates: np.ndarray
    rate_uncertainty: float
    hours: HoursDistribution
    palliative_share: Range
    rosenwax_share: Interval
    kin_per_death: Range
    wages: dict[str, Range]
    wage_years: dict[str, int]
    wage_currency: str
    #: Fast et al. (2023): hours of care in a year and caregivers (both readings), the total
    #: the open hours band is fitted to.
    hours_fit: HoursFit | None = None
    #: AARP (2011): caregivers at a point in time ÷ caregivers during the year.
    point_in_time_share: float | None = None
    #: Etkind et al. (2017), method 2: projected share of deaths needing palliative care.
    palliative_projection: NeedProjection | None = None
    #: CIHI (2023): share of people who died who received palliative care, by period.
    palliative_access: tuple[AccessShare, ...] = ()
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


# -- the profile's overrides ---------------------------------------------------------------------


class _Problems:
    def __init__(self, t: Translator) -> None:
        self.t = t
        self.messages: list[str] = []

    def add(self, path: str, key: str, **values: Any) -> None:
        text = self.t(f"caregiving.error.{key}", **{k: str(v) for k, v in values.items()})
        self.messages.append(f"{path}: {text}" if path else text)


def finite_number(value: Any) -> float | None:
    """A finite number from YAML: ``30``, ``30.5``, ``"30"`` or ``"30%"``; else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip()
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _nest(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Accept both ``caregiving_rate: {45-54: 30}`` and ``caregiving_rate.45-54: 30``."""
    nested: dict[str, Any] = {}
    for key, value in parameters.items():
        head, dot, rest = str(key).partition(".")
        if dot:
            inner = nested.setdefault(head, {})
            if isinstance(inner, dict):
                inner[rest] = value
            else:
                nested[head] = {rest: value}
        elif isinstance(value, Mapping) and isinstance(nested.get(head), dict):
            nested[head].update(value)
        else:
            nested[head] = value
    return nested


def _percent(value: Any, path: str, problems: _Problems) -> float | None:
    """A percentage 0–100 as a fraction 0–1."""
    number = finite_number(value)
    if number is None:
        problems.add(path, "not_number", value=_shown(value))
        return None
    if not 0 <= number <= 100:
        problems.add(path, "percent_range", value=_shown(value))
        return None
    return number / 100


def _positive(value: Any, path: str, problems: _Problems, allow_zero: bool = False) -> float | None:
    number = finite_number(value)
    if number is None:
        problems.add(path, "not_number", value=_shown(value))
        return None
    if number < 0 or (number == 0 and not allow_zero):
        problems.add(path, "not_negative" if allow_zero else "positive", value=_shown(value))
        return None
    return number


def _shown(value: Any) -> str:
    return "" if isinstance(value, Mapping | list) else str(value)


def _range_parameter(
    value: Any,
    path: str,
    published: Range,
    problems: _Problems,
    parse: Any,
    keep_bounds: bool = False,
) -> Range | None:
    """A number (the central value) or a mapping ``{low, central, high}``.

    A single number keeps the published relative spread (``scale``), or with ``keep_bounds``
    keeps the published bounds, widened to include it.
    """
    if isinstance(value, Mapping):
        unknown = [str(k) for k in value if str(k) not in BOUNDS]
        for key in unknown:
            problems.add(f"{path}.{key}", "unknown_bound")
        missing = [b for b in BOUNDS if b not in value]
        if missing:
            problems.add(path, "missing_bounds", bounds=", ".join(missing))
        if unknown or missing:
            return None
        parsed = [parse(value[b], f"{path}.{b}", problems) for b in BOUNDS]
        if any(p is None for p in parsed):
            return None
        low, central, high = parsed
        if not low <= central <= high:
            problems.add(
                path, "order", low=value["low"], central=value["central"], high=value["high"]
            )
            return None
        return Range(low, central, high)
    central = parse(value, path, problems)
    if central is None:
        return None
    if keep_bounds or published.central == 0:
        return published.with_central(central)
    return published.rescaled(central)


def community_inputs(
    profile: Profile, reference: ReferenceData, language: str | None = None
) -> CommunityInputs:
    """The model's inputs for ``profile``: published parameters plus the profile's overrides.

    ``reference`` comes from
    :func:`workshop_kit.activities.caregiving.reference_files.load_reference` (or
    :func:`~workshop_kit.activities.caregiving.reference_files.load_community_inputs` does both
    steps).
    Raises :class:`~workshop_kit.profile.ProfileError` with one translated message per bad
    parameter, so the app and the CLI report them like any other profile problem.
    """
    t = Translator(language or profile.language)
    problems = _Problems(t)
    raw = _nest(profile.parameters)
    overridden: set[str] = set()
    bands = tuple(profile.age_bands)
    population = np.array([profile.population_by_band[b] for b in bands], dtype=float)

    for key in raw:
        if key not in PARAMETERS:
            problems.add(f"parameters.{key}", "unknown_parameter", known=", ".join(PARAMETERS))

    # caregiving rates: published, mapped onto the profile's bands, then local rates
    central = rates_for_bands(reference.rate_bands, reference.rates, bands)[0]
    uncertainty = reference.rate_uncertainty
    if "caregiving_rate_uncertainty" in raw:
        parsed = _percent(
            raw["caregiving_rate_uncertainty"], "parameters.caregiving_rate_uncertainty", problems
        )
        if parsed is not None:
            uncertainty = parsed
            overridden.add("caregiving_rate_uncertainty")
    local_bands: list[str] = []
    local = raw.get("caregiving_rate")
    if local is not None:
        if not isinstance(local, Mapping):
            problems.add("parameters.caregiving_rate", "not_band_mapping", example=bands[-1])
        else:
            for band, value in local.items():
                path = f"parameters.caregiving_rate.{band}"
                if str(band) not in bands:
                    problems.add(path, "unknown_band", bands=", ".join(bands))
                    continue
                rate = _percent(value, path, problems)
                if rate is not None:
                    central[bands.index(str(band))] = rate
                    local_bands.append(str(band))
    rates = np.vstack(
        [
            np.clip(central * (1 - uncertainty), 0, 1),
            central,
            np.clip(central * (1 + uncertainty), 0, 1),
        ]
    )

    # hours
    hours = reference.hours
    if "hours_distribution" in raw:
        hours = _hours_distribution(raw["hours_distribution"], hours, problems) or hours
        overridden.add("hours_distribution")
    hours_mean = None
    if "hours_per_week" in raw:
        path = "parameters.hours_per_week"
        number = finite_number(raw["hours_per_week"])
        if number is None:
            problems.add(path, "not_number", value=_shown(raw["hours_per_week"]))
        elif not 0 < number <= MAX_HOURS_PER_WEEK:
            problems.add(path, "hours_range", value=_shown(raw["hours_per_week"]))
        else:
            hours_mean = number
    weeks = float(WEEKS_PER_YEAR)
    if "weeks_per_year" in raw:
        path = "parameters.weeks_per_year"
        number = finite_number(raw["weeks_per_year"])
        if number is None:
            problems.add(path, "not_number", value=_shown(raw["weeks_per_year"]))
        elif not 0 < number <= WEEKS_PER_YEAR:
            problems.add(path, "weeks_range", value=_shown(raw["weeks_per_year"]))
        else:
            weeks = number

    # wages
    wages = dict(reference.wages)
    wage_currencies = dict.fromkeys(METHODS, reference.wage_currency)
    for method in METHODS:
        key = f"{method}_wage"
        if key in raw:
            parsed_range = _range_parameter(
                raw[key], f"parameters.{key}", wages[method], problems, _positive
            )
            if parsed_range is not None:
                wages[method] = parsed_range
                wage_currencies[method] = profile.currency
                overridden.add(method)

    # palliative need, Rosenwax, bereavement
    palliative = reference.palliative_share
    if "palliative_share" in raw:
        parsed_range = _range_parameter(
            raw["palliative_share"],
            "parameters.palliative_share",
            palliative,
            problems,
            _percent,
            keep_bounds=True,
        )
        if parsed_range is not None:
            palliative = parsed_range
            overridden.add("palliative_share")
    rosenwax = reference.rosenwax_share
    if "rosenwax_share" in raw:
        rosenwax = _interval(raw["rosenwax_share"], rosenwax, problems)
        overridden.add("rosenwax_share")
    kin = reference.kin_per_death
    if "kin_per_death" in raw:
        parsed_range = _range_parameter(
            raw["kin_per_death"],
            "parameters.kin_per_death",
            kin,
            problems,
            lambda v, p, pr: _positive(v, p, pr, allow_zero=True),
        )
        if parsed_range is not None:
            kin = parsed_range
            overridden.add("kin_per_death")

    # deaths: the registered count, else age-specific rates, else unknown
    deaths: float | None = profile.deaths_per_year
    deaths_source = "profile" if deaths is not None else "missing"
    if "death_rate_per_1000" in raw:
        per_person = _death_rates(raw["death_rate_per_1000"], bands, problems)
        if per_person is not None and deaths is None:
            deaths = deaths_from_rates(population, per_person)
            deaths_source = "death_rates"

    if problems.messages:
        raise ProfileError(problems.messages)
    return CommunityInputs(
        name=profile.name,
        bands=bands,
        population=population,
        rates=rates,
        hours=hours,
        wages=wages,
        wage_years=dict(reference.wage_years),
        wage_currencies=wage_currencies,
        currency=profile.currency,
        palliative_share=palliative,
        rosenwax_share=rosenwax,
        kin_per_death=kin,
        deaths=deaths,
        deaths_source=deaths_source,  # type: ignore[arg-type]
        weeks_per_year=weeks,
        rate_uncertainty=uncertainty,
        hours_mean_override=hours_mean,
        overridden=frozenset(overridden),
        local_rate_bands=tuple(local_bands),
        hours_fit=reference.hours_fit,
        national_hours=reference.hours,
        point_in_time_share=reference.point_in_time_share,
        year=profile.year,
        palliative_projection=reference.palliative_projection,
        palliative_access=reference.palliative_access,
    )


def _hours_distribution(
    value: Any, published: HoursDistribution, problems: _Problems
) -> HoursDistribution | None:
    path = "parameters.hours_distribution"
    if not isinstance(value, Mapping):
        problems.add(path, "not_hours_mapping", bands=", ".join(HOURS_BANDS))
        return None
    shares = dict(zip(published.bands, published.shares, strict=True))
    ok = True
    for band, share in value.items():
        if str(band) not in HOURS_BANDS:
            problems.add(f"{path}.{band}", "unknown_hours_band", bands=", ".join(HOURS_BANDS))
            ok = False
            continue
        parsed = _percent(share, f"{path}.{band}", problems)
        if parsed is None:
            ok = False
            continue
        shares[str(band)] = parsed
    if not ok:
        return None
    total = sum(shares.values())
    if not math.isclose(total, 1.0, abs_tol=0.005):
        problems.add(path, "shares_total", value=f"{total * 100:g}")
        return None
    return HoursDistribution(
        published.bands, np.array([shares[b] for b in published.bands]), published.hours
    )


def _interval(value: Any, published: Interval, problems: _Problems) -> Interval:
    path = "parameters.rosenwax_share"
    if not isinstance(value, Mapping) or set(map(str, value)) != {"low", "high"}:
        problems.add(path, "not_interval")
        return published
    low = _percent(value["low"], f"{path}.low", problems)
    high = _percent(value["high"], f"{path}.high", problems)
    if low is None or high is None:
        return published
    if low > high:
        problems.add(path, "order_interval", low=value["low"], high=value["high"])
        return published
    return Interval(low, high)


def _death_rates(value: Any, bands: tuple[str, ...], problems: _Problems) -> np.ndarray | None:
    path = "parameters.death_rate_per_1000"
    if not isinstance(value, Mapping):
        problems.add(path, "not_band_mapping", example=bands[-1])
        return None
    rates = np.full(len(bands), np.nan)
    for band, rate in value.items():
        band_path = f"{path}.{band}"
        if str(band) not in bands:
            problems.add(band_path, "unknown_band", bands=", ".join(bands))
            continue
        number = finite_number(rate)
        if number is None:
            problems.add(band_path, "not_number", value=_shown(rate))
        elif not 0 <= number <= 1000:
            problems.add(band_path, "per_1000_range", value=_shown(rate))
        else:
            rates[bands.index(str(band))] = number / 1000
    missing = [b for b, r in zip(bands, rates, strict=True) if np.isnan(r)]
    if missing:
        problems.add(path, "missing_bands", bands=", ".join(missing))
        return None
    return rates
