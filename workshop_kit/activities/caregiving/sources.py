"""Where each figure of an estimate comes from, in words: one line per reference figure used.

``data/reference/`` holds each published parameter on a row with its source (author, year,
title, where published, or "kit assumption" and why). A printed estimate that a council or a
funder reads must carry those sources: the page says where to find them
(``caregiving.sources_note``), but a report taken home has no ``data/`` folder beside it.
So :func:`reference_sources` lists, for one estimate, every reference row the estimate rests
on (with its value), and says which figures the community profile set instead.

Pure: the tables come in with :class:`~.reference.ReferenceData` (read by
:mod:`.reference_files`); nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from workshop_kit.activities.caregiving.model import CaregivingEstimate
from workshop_kit.activities.caregiving.model_hours import WEEKS_PER_YEAR
from workshop_kit.activities.caregiving.model_inputs import CommunityInputs
from workshop_kit.activities.caregiving.model_value import METHODS
from workshop_kit.activities.caregiving.reference import ReferenceData, finite_number
from workshop_kit.activities.caregiving.sentences import about, count, hours, share, wage
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

#: A row of a reference table -> (what the figure is, its value), both in words.
RowWords = Callable[[pd.Series], tuple[str, str]]


def reference_sources(
    reference: ReferenceData,
    inputs: CommunityInputs,
    estimate: CaregivingEstimate,
    profile: Profile,
    t: Translator,
) -> list[str]:
    """ "Caregiving rate, ages 15-24 (13.3%): Statistics Canada (2023) …", one line per
    reference figure ``estimate`` used, then the community profile's own figures.

    A figure the profile overrides is not listed with a published source (the profile is
    named instead), and the palliative-care and bereavement rows only when deaths are known.
    """
    used = inputs.overridden
    lines: list[str] = []

    def add(table: str, words: RowWords, keep: Callable[[pd.Series], bool] = lambda _: True):
        for _index, row in reference.tables.get(table, pd.DataFrame()).iterrows():
            if keep(row):
                figure, value = words(row)
                source = " ".join(str(row["source"]).split())
                lines.append(t("caregiving.source.line", figure=figure, value=value, source=source))

    add("caregiving_rates", lambda row: _rate(row, t))
    if "caregiving_rate_uncertainty" not in used:
        add(
            "assumptions",
            lambda row: (t("caregiving.source.rate_uncertainty"), _share(t, row["value"])),
            keep=lambda row: str(row["name"]).strip() == "caregiving_rate_uncertainty",
        )
    if "hours_distribution" not in used:
        add("caregiving_hours", lambda row: _hours(row, t))
    add("hours_fit", lambda row: _named(row, t, "hours_fit"))
    add("caregiver_basis", lambda row: _named(row, t, "basis"))
    if estimate.method not in used:
        add(
            "wages",
            lambda row: _wage(row, t, profile.country),
            keep=lambda row: str(row["method"]).strip() == estimate.method,
        )
    if estimate.deaths is not None:
        if "palliative_share" not in used:
            add(
                "palliative_need",
                lambda row: _palliative(row, t),
                keep=lambda row: str(row["measure"]).strip() == "share_of_deaths",
            )
        if estimate.scenario.years:
            add(
                "palliative_projection",
                lambda row: (
                    t("caregiving.source.projection", year=str(row["year"]).strip()),
                    _share(t, row["share_percent"]),
                ),
            )
        add(
            "palliative_access",
            lambda row: (
                t("caregiving.source.access", period=str(row["period"]).strip()),
                _share(t, row["share_percent"]),
            ),
        )
        if "kin_per_death" not in used:
            add("bereavement", lambda row: _kin(row, t))
    if "rosenwax_share" not in used:
        add(
            "palliative_need",
            lambda row: _palliative(row, t),
            keep=lambda row: str(row["measure"]).strip() == "share_of_population",
        )
    lines.append(_profile_line(inputs, profile, t))
    return lines


def _bound(row: pd.Series, t: Translator) -> str:
    return t(f"caregiving.source.bound.{str(row['bound']).strip()}")


def _share(t: Translator, percent: Any) -> str:
    number = finite_number(percent)
    return share(t, number / 100) if number is not None else str(percent)


def _rate(row: pd.Series, t: Translator) -> tuple[str, str]:
    band = str(row["age_band"]).strip()
    return t("caregiving.source.rate", band=band), _share(t, row["rate_percent"])


def _hours(row: pd.Series, t: Translator) -> tuple[str, str]:
    band = t(f"caregiving.source.hours_band.{str(row['hours_band']).strip()}")
    value = t(
        "caregiving.source.hours_value",
        share=_share(t, row["share_percent"]),
        hours=hours(t, float(row["hours_central"])),
        low=hours(t, float(row["hours_low"])),
        high=hours(t, float(row["hours_high"])),
    )
    return t("caregiving.source.hours", band=band), value


def _wage(row: pd.Series, t: Translator, country: str | None) -> tuple[str, str]:
    method = t(f"caregiving.method.{str(row['method']).strip()}")
    figure = t("caregiving.source.wage", method=method, bound=_bound(row, t))
    value = wage(t, float(row["hourly_wage"]), str(row["currency"]).strip(), country)
    return figure, t("caregiving.source.wage_value", wage=value, year=str(row["year"]).strip())


def _palliative(row: pd.Series, t: Translator) -> tuple[str, str]:
    measure = str(row["measure"]).strip()
    figure = t(f"caregiving.source.{measure}", bound=_bound(row, t))
    return figure, _share(t, row["value_percent"])


def _named(row: pd.Series, t: Translator, key: str) -> tuple[str, str]:
    """A row of a name/value table (hours_fit.csv, caregiver_basis.csv): a count said aloud."""
    number = finite_number(row["value"])
    value = about(t, number) if number is not None else str(row["value"])
    return t(f"caregiving.source.{key}", name=str(row["name"]).strip()), value


def _kin(row: pd.Series, t: Translator) -> tuple[str, str]:
    return t("caregiving.source.kin", bound=_bound(row, t)), count(t, float(row["kin_per_death"]))


def _profile_line(inputs: CommunityInputs, profile: Profile, t: Translator) -> str:
    """The profile's own figures: population and deaths always, parameters it sets."""
    names = [f"{name}_wage" if name in METHODS else name for name in inputs.overridden]
    if inputs.local_rate_bands:
        names.append("caregiving_rate")
    if inputs.hours_mean_override is not None:
        names.append("hours_per_week")
    if inputs.weeks_per_year != WEEKS_PER_YEAR:
        names.append("weeks_per_year")
    kind = "profile_synthetic" if profile.synthetic else "profile"
    name = f"{profile.name} ({profile.year})" if profile.year else profile.name
    line = t(f"caregiving.source.{kind}", name=name)
    if names:
        parameters = ", ".join(f"parameters.{name}" for name in sorted(names))
        line += " " + t("caregiving.source.profile_parameters", parameters=parameters)
    return line
