"""Reading the published parameters in ``data/reference/``, each row with its source.

The CSV files are read as text and every cell checked; a problem names the file, line and
column, in the reader's language, and all problems are collected before one
:class:`ReferenceDataError` is raised. The checked figures come back as a
:class:`~workshop_kit.activities.caregiving.reference.ReferenceData` (with the raw tables, so their
sources can be shown); the pure
:func:`~workshop_kit.activities.caregiving.reference.community_inputs`
then applies a profile's overrides. :func:`load_community_inputs` does both steps, for the
pages and the command line.

Tables are read once and cached; a file edited on disk is read again.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workshop_kit.activities.caregiving.model_hours import (
    MAX_HOURS_PER_WEEK,
    HoursDistribution,
    HoursFit,
    band_bounds,
)
from workshop_kit.activities.caregiving.model_inputs import CommunityInputs
from workshop_kit.activities.caregiving.model_value import METHODS
from workshop_kit.activities.caregiving.palliative import AccessShare, NeedProjection
from workshop_kit.activities.caregiving.ranges import Interval, Range
from workshop_kit.activities.caregiving.reference import (
    BOUNDS,
    HOURS_BANDS,
    ReferenceData,
    community_inputs,
    finite_number,
)
from workshop_kit.i18n import Translator
from workshop_kit.paths import data_dir
from workshop_kit.profile import Profile


class ReferenceDataError(ValueError):
    """A reference file is missing or malformed; ``problems`` are readable messages."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def reference_dir() -> Path:
    return data_dir() / "reference"


# -- reading the CSV files -----------------------------------------------------------------------


class _Reader:
    """Reads one CSV as text and converts cells, collecting problems instead of stopping."""

    def __init__(self, folder: Path, name: str, columns: tuple[str, ...], t: Translator) -> None:
        self.name = name
        self.t = t
        self.problems: list[str] = []
        path = folder / name
        if not path.is_file():
            self.problems.append(t("caregiving.error.reference_missing", path=str(path)))
            self.table = pd.DataFrame(columns=list(columns))
            return
        self.table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        missing = [c for c in columns if c not in self.table.columns]
        if missing:
            self.problems.append(
                t("caregiving.error.reference_columns", file=name, columns=", ".join(missing))
            )
            self.table = pd.DataFrame(columns=list(columns))
            return
        for index, source in self.table["source"].items():
            if not source.strip():
                self._problem(index, "source", t("caregiving.error.reference_source"))

    def _problem(self, index: Any, column: str, problem: str) -> None:
        self.problems.append(
            self.t(
                "caregiving.error.reference_value",
                file=self.name,
                line=str(int(index) + 2),
                column=column,
                problem=problem,
            )
        )

    def number(self, index: Any, column: str, low: float = 0.0, high: float = math.inf) -> float:
        text = str(self.table.at[index, column]).strip()
        value = finite_number(text)
        if value is None:
            self._problem(index, column, self.t("caregiving.error.not_number", value=text))
            return math.nan
        if not low <= value <= high:
            limit = "" if math.isinf(high) else str(_plain(high))
            self._problem(
                index,
                column,
                self.t("caregiving.error.reference_range", value=text, low=str(low), high=limit),
            )
            return math.nan
        return value

    def row(self, **match: str) -> Any:
        """The index of the one row whose columns equal ``match`` (a problem if none)."""
        selected = self.table
        for column, value in match.items():
            selected = selected[selected[column].str.strip() == value]
        if selected.empty:
            wanted = ", ".join(f"{k}={v}" for k, v in match.items())
            self.problems.append(
                self.t("caregiving.error.reference_row", file=self.name, row=wanted)
            )
            return None
        return selected.index[0]


@cache
def _load_reference(folder: str, language: str, stamp: tuple[float, ...]) -> ReferenceData:
    del stamp  # only part of the cache key: an edited file is read again
    t = Translator(language)
    base = Path(folder)
    problems: list[str] = []

    rates = _Reader(base, "caregiving_rates.csv", ("age_band", "rate_percent", "source"), t)
    bands: list[str] = []
    central_rates: list[float] = []
    for index, band in rates.table["age_band"].items():
        try:
            band_bounds(band)
        except ValueError:
            rates._problem(index, "age_band", t("caregiving.error.reference_band", value=band))
            continue
        bands.append(band.strip())
        central_rates.append(rates.number(index, "rate_percent", 0, 100) / 100)

    settings = _Reader(base, "assumptions.csv", ("name", "value", "source"), t)
    uncertainty_row = settings.row(name="caregiving_rate_uncertainty")
    uncertainty = (
        settings.number(uncertainty_row, "value", 0, 100) / 100
        if uncertainty_row is not None
        else math.nan
    )

    hours = _Reader(
        base,
        "caregiving_hours.csv",
        ("hours_band", "share_percent", "hours_low", "hours_central", "hours_high", "source"),
        t,
    )
    shares, hour_values = [], []
    for band in HOURS_BANDS:
        index = hours.row(hours_band=band)
        if index is None:
            continue
        shares.append(hours.number(index, "share_percent", 0, 100) / 100)
        hour_values.append(
            [hours.number(index, f"hours_{b}", 0, MAX_HOURS_PER_WEEK) for b in BOUNDS]
        )

    fit = _Reader(base, "hours_fit.csv", ("name", "value", "source"), t)
    fit_values = [
        _bound(fit, "value", 1, name=name, positive=True)
        for name in ("annual_hours", "caregivers", "caregivers_infographic")
    ]

    basis = _Reader(base, "caregiver_basis.csv", ("name", "value", "source"), t)
    basis_values = [
        _bound(basis, "value", 1, name=name, positive=True)
        for name in ("caregivers_point_in_time", "caregivers_during_year")
    ]

    projection = _Reader(base, "palliative_projection.csv", ("year", "share_percent", "source"), t)
    projected = [
        (
            int(projection.number(index, "year", 1900, 2200) or 0),
            projection.number(index, "share_percent", 0, 100) / 100,
        )
        for index in projection.table.index
    ]

    access = _Reader(base, "palliative_access.csv", ("period", "share_percent", "source"), t)
    access_shares = [
        (
            str(access.table.at[index, "period"]).strip(),
            access.number(index, "share_percent", 0, 100),
        )
        for index in access.table.index
    ]

    need = _Reader(base, "palliative_need.csv", ("measure", "bound", "value_percent", "source"), t)
    share_of_deaths = [
        _bound(need, "value_percent", 100, measure="share_of_deaths", bound=b) for b in BOUNDS
    ]
    share_of_population = [
        _bound(need, "value_percent", 100, measure="share_of_population", bound=b)
        for b in ("low", "high")
    ]

    kin = _Reader(base, "bereavement.csv", ("bound", "kin_per_death", "source"), t)
    kin_values = [_bound(kin, "kin_per_death", 1, bound=b) for b in BOUNDS]

    wages = _Reader(
        base, "wages.csv", ("method", "bound", "hourly_wage", "currency", "year", "source"), t
    )
    wage_ranges: dict[str, list[float]] = {}
    wage_years: dict[str, int] = {}
    currencies: set[str] = set()
    for method in METHODS:
        values = []
        for b in BOUNDS:
            index = wages.row(method=method, bound=b)
            if index is None:
                values.append(math.nan)
                continue
            values.append(wages.number(index, "hourly_wage", 0.01))
            currencies.add(wages.table.at[index, "currency"].strip())
            if b == "central":
                wage_years[method] = int(wages.number(index, "year", 1900, 2100) or 0)
        wage_ranges[method] = values
    if len(currencies) > 1:
        wages.problems.append(
            t("caregiving.error.reference_currency", file=wages.name, value=", ".join(currencies))
        )

    for reader in (rates, settings, hours, fit, basis, projection, access, need, kin, wages):
        problems.extend(reader.problems)
    if problems:
        raise ReferenceDataError(problems)

    checks = [
        ("palliative_need.csv", lambda: Range(*share_of_deaths)),
        ("palliative_need.csv", lambda: Interval(*share_of_population)),
        ("bereavement.csv", lambda: Range(*kin_values)),
        *[("wages.csv", lambda m=m: Range(*wage_ranges[m])) for m in METHODS],
        (
            "caregiving_hours.csv",
            lambda: HoursDistribution(HOURS_BANDS, np.array(shares), np.array(hour_values).T),
        ),
        (
            "palliative_projection.csv",
            lambda: NeedProjection(*map(tuple, zip(*sorted(projected), strict=True))),
        ),
        (
            "palliative_access.csv",
            lambda: tuple(AccessShare(period, share / 100) for period, share in access_shares),
        ),
        ("caregiver_basis.csv", lambda: _basis_share(*basis_values)),
    ]
    built = []
    for name, build in checks:
        try:
            built.append(build())
        except ValueError:
            problems.append(t("caregiving.error.reference_order", file=name))
    if problems:
        raise ReferenceDataError(problems)
    palliative, rosenwax, kin_range, *wage_built, hours_distribution, need_projection = built[:-2]
    access_built, point_share = built[-2:]
    return ReferenceData(
        rate_bands=tuple(bands),
        rates=np.array(central_rates),
        rate_uncertainty=uncertainty,
        hours=hours_distribution,
        palliative_share=palliative,
        rosenwax_share=rosenwax,
        kin_per_death=kin_range,
        wages=dict(zip(METHODS, wage_built, strict=True)),
        wage_years=wage_years,
        wage_currency=currencies.pop(),
        hours_fit=HoursFit(fit_values[0], {"paper": fit_values[1], "infographic": fit_values[2]}),
        point_in_time_share=point_share,
        palliative_projection=need_projection,
        palliative_access=access_built,
        tables={
            "caregiving_rates": rates.table,
            "caregiving_hours": hours.table,
            "hours_fit": fit.table,
            "caregiver_basis": basis.table,
            "palliative_projection": projection.table,
            "palliative_access": access.table,
            "palliative_need": need.table,
            "bereavement": kin.table,
            "wages": wages.table,
            "assumptions": settings.table,
        },
    )


def _basis_share(at_a_time: float, during_year: float) -> float:
    """AARP's caregivers at a point in time as a share of those during the year (0.683)."""
    if not 0 < at_a_time <= during_year:
        raise ValueError("caregivers at a point in time must be no more than during the year")
    return at_a_time / during_year


def _bound(
    reader: _Reader, column: str, scale: float, positive: bool = False, **match: str
) -> float:
    index = reader.row(**match)
    if index is None:
        return math.nan
    upper = 100 if scale == 100 else math.inf
    return reader.number(index, column, 1.0 if positive else 0.0, upper) / scale


def load_reference(folder: str | Path | None = None, language: str | None = None) -> ReferenceData:
    """Read and check ``data/reference/`` (cached; re-read when a file changes).

    Raises :class:`ReferenceDataError` naming the file, line and column of each problem.
    """
    base = Path(folder) if folder is not None else reference_dir()
    stamp = tuple(p.stat().st_mtime_ns for p in sorted(base.glob("*.csv"))) if base.is_dir() else ()
    return _load_reference(str(base.resolve()), Translator(language).language, stamp)


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def load_community_inputs(profile: Profile, language: str | None = None) -> CommunityInputs:
    """The model's inputs for ``profile``: ``data/reference/`` plus the profile's overrides.

    Raises :class:`ReferenceDataError` for a broken reference file and
    :class:`~workshop_kit.profile.ProfileError` for a bad parameter in the profile.
    """
    language = Translator(language or profile.language).language
    return community_inputs(profile, load_reference(language=language), language)
