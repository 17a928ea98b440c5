"""Caregiver load in words: the sentences said in the room and printed by the command line.

Numbers for a community meeting are rounded to two significant figures and big ones said in
words ("about 2.4 million hours", "environ 2,4 millions d'heures"): a precise-looking
4,235.83 would claim an accuracy the published rates do not have.

Pure text from an estimate: no matplotlib and no widgets, so ``workshop-kit estimate`` prints
these sentences without loading a plotting library, and the page and the charts
(:mod:`workshop_kit.activities.caregiving.charts`) say numbers the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_symbol

from workshop_kit.activities.caregiving.model import Assumption, CaregivingEstimate
from workshop_kit.activities.caregiving.model_hours import (
    FTE_HOURS_PER_WEEK,
    FTE_HOURS_PER_YEAR,
    FTE_WEEKS_PER_YEAR,
    band_bounds,
)
from workshop_kit.activities.caregiving.model_room import RoomSummary
from workshop_kit.activities.caregiving.ranges import Range
from workshop_kit.i18n import Translator

# -- numbers in words ----------------------------------------------------------------------------


def significant(value: float, digits: int = 2) -> float:
    """``value`` rounded to ``digits`` significant figures (4,235.8 → 4,200)."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    magnitude = math.floor(math.log10(abs(value)))
    return round(value, digits - 1 - magnitude)


def _scaled(value: float) -> tuple[float, str | None]:
    """Two significant figures, with millions and billions said as words."""
    rounded = significant(value)
    for size, unit in ((1e9, "billion"), (1e6, "million")):
        if abs(rounded) >= size:
            return significant(rounded / size), unit
    return rounded, None


def _short(t: Translator, value: float, digits: int | None = None) -> str:
    if digits is None:
        digits = 0 if float(value).is_integer() else 1
    return t.number(value, digits)


def range_digits(*values: float) -> int | None:
    """Decimals for the ends of a range said in millions or billions, so they read alike:
    "1.7 million to 6.0 million", never "1.7 million to 6 million". ``None`` (each number its
    own) when they are not all in the same unit."""
    scaled = [_scaled(v) if abs(v) >= 100 else (round(v), None) for v in values]
    units = {unit for _, unit in scaled}
    if len(units) != 1 or None in units:
        return None
    return 0 if all(float(number).is_integer() for number, _ in scaled) else 1


def about(t: Translator, value: float, noun: str | None = None, digits: int | None = None) -> str:
    """A count as said aloud: ``4,200``, ``2.4 million``, ``36 billion``; under 100, whole.

    With a ``noun`` (``hours``, ``people``, ``caregivers``, ``jobs``, ``deaths``,
    ``relatives``) the noun comes with it, because languages join them differently:
    "2.4 million hours" but "2,4 millions d'heures". ``digits`` sets the decimals of a number
    said in millions or billions (see :func:`range_digits`).
    """
    if abs(value) < 100:
        number: float = round(value)
        unit = None
        text = t.number(number)
    else:
        number, unit = _scaled(value)
        text = t.number(number) if unit is None else _short(t, number, digits)
    if noun is not None:
        return t(f"caregiving.amount.{noun}.{unit or 'plain'}", value=text, count=number)
    if unit is None:
        return text
    return t(f"caregiving.number.{unit}", value=text, count=number)


def _locale(t: Translator, country: str | None) -> Locale:
    if country:
        try:
            return Locale.parse(f"{t.language}_{country}")
        except (UnknownLocaleError, ValueError):
            pass
    return Locale.parse(t.language)


def money(
    t: Translator,
    value: float,
    currency: str,
    country: str | None = None,
    digits: int | None = None,
) -> str:
    """An amount as said aloud: ``$53 million``, ``53 millions $``, ``$930,000``; ``digits``
    as in :func:`about`."""
    locale = _locale(t, country)
    number, unit = _scaled(value)
    if unit is None:
        pattern = locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
        return format_currency(
            number, currency, format=pattern, locale=locale, currency_digits=False
        )
    return t(
        "caregiving.money_scaled",
        symbol=get_currency_symbol(currency, locale=locale),
        value=_short(t, number, digits),
        unit=t(f"caregiving.money_unit.{unit}", count=number),
    )


def wage(t: Translator, value: float, currency: str, country: str | None = None) -> str:
    """An hourly wage, to the cent: ``$22.00``."""
    return format_currency(value, currency, locale=_locale(t, country))


def share(t: Translator, fraction: float, decimals: int | None = None) -> str:
    """A fraction as a percentage with only the decimals it needs, in the language's own
    pattern: 75%, 13.3%, 0.28% / 75 %, 13,3 %, 0,28 %. ``decimals`` forces a number of
    decimals, so the two ends of a range read alike (0.28% to 0.50%)."""
    return t.percent(fraction, share_decimals(fraction) if decimals is None else decimals)


def share_decimals(fraction: float) -> int:
    """Decimals a percentage needs: 0 for 75%, 1 for 13.3% (and anything from 1%), 2 below."""
    percent = fraction * 100
    if math.isclose(percent, round(percent), abs_tol=1e-9):
        return 0
    if math.isclose(percent * 10, round(percent * 10), abs_tol=1e-9) or percent >= 1:
        return 1
    return 2


def hours(t: Translator, value: float, digits: int | None = None) -> str:
    """Weekly hours to one decimal, dropped when it is zero: 11, 12.5. ``digits`` forces the
    decimals, so every number of a range is rounded alike ("between 9 and 23", never
    "between 9 and 23.5")."""
    if digits is not None:
        return t.number(round(value, digits), digits)
    rounded = round(value, 1)
    return t.number(rounded, 0 if rounded.is_integer() else 1)


# -- sentences -----------------------------------------------------------------------------------


def main_sentence(estimate: CaregivingEstimate, t: Translator) -> str:
    """ "About 4,200 people in Riverbend care for someone without pay, giving …"."""
    key = "caregiving.sentence_future" if estimate.scenario.years else "caregiving.sentence"
    return t(
        key,
        caregivers=about(t, estimate.caregivers.central, "people"),
        name=estimate.name,
        hours=about(t, estimate.annual_hours.central, "hours"),
        fte=about(t, estimate.fte.central, "jobs"),
        years=str(estimate.scenario.years),
    )


def range_sentence(estimate: CaregivingEstimate, t: Translator) -> str:
    values: dict[str, str] = {}
    for name, value, noun in (
        ("caregivers", estimate.caregivers, "caregivers"),
        ("hours", estimate.annual_hours, "hours"),
        ("fte", estimate.fte, "jobs"),
    ):
        digits = range_digits(value.low, value.high)
        values[f"{name}_low"] = about(t, value.low, digits=digits)
        values[f"{name}_high"] = about(t, value.high, noun, digits=digits)
    return t("caregiving.ranges", **values)


def fte_sentence(estimate: CaregivingEstimate, t: Translator) -> str:
    return fte_note(t, estimate.fte_hours_per_year)


def fte_note(t: Translator, hours_per_year: float = FTE_HOURS_PER_YEAR) -> str:
    """ "A full-time job is counted as 1,950 hours a year (37.5 hours a week × 52 weeks)."."""
    return t(
        "caregiving.fte_note",
        hours=t.number(hours_per_year),
        week_hours=t.number(FTE_HOURS_PER_WEEK, 1),
        weeks=str(FTE_WEEKS_PER_YEAR),
    )


def value_sentence(estimate: CaregivingEstimate, t: Translator, country: str | None = None) -> str:
    """The money value, saying which method and which wage. The opportunity cost says it is
    the hours at the average wage, not pay given up, with the share of caregivers aged 65 or
    more (mostly retired) to show why."""
    currency = estimate.currency
    value = estimate.value
    digits = range_digits(value.low, value.high)
    return t(
        f"caregiving.value_{estimate.method}",
        wage=wage(t, estimate.wage.central, currency, country),
        value=money(t, value.central, currency, country),
        low=money(t, value.low, currency, country, digits),
        high=money(t, value.high, currency, country, digits),
        older_share=share(t, round(older_caregivers_share(estimate), 2)),
    )


def older_caregivers_share(estimate: CaregivingEstimate, age: int = 65) -> float:
    """Share of the (central) caregivers in age bands that start at ``age`` or later; a band
    straddling ``age`` counts for its years past it."""
    counts = estimate.by_band["caregivers"]
    total = float(counts.sum())
    if total <= 0:
        return 0.0
    older = 0.0
    for band, number in counts.items():
        start, end = band_bounds(str(band))
        older += float(number) * max(0, end - max(start, age)) / (end - start)
    return older / total


def access_sentence(estimate: CaregivingEstimate, t: Translator) -> str:
    """CIHI's share of people who died who received palliative care, beside the need: what
    the community's deaths would mean at that national share. Empty without deaths."""
    access, received = estimate.access, estimate.received_palliative_care
    need = estimate.needing_palliative_care
    if access is None or received is None or need is None or estimate.deaths is None:
        return ""
    earlier = min((a for a in estimate.access_history), key=lambda a: a.period, default=access)
    return t(
        "caregiving.access",
        share=share(t, access.share),
        period=access.period,
        earlier_share=share(t, earlier.share),
        earlier_period=earlier.period,
        received=about(t, received.central),
        deaths=count(t, estimate.deaths.central),
        need=about(t, need.central),
        name=estimate.name,
    )


def seed_sentence(estimate: CaregivingEstimate, t: Translator, country: str | None = None) -> str:
    """Why the kit's national total is not Pallium Canada's $25 billion (sourced, in words)."""
    if estimate.national_value is None:
        return ""
    replacement = estimate.replacement_wage
    return t(
        "caregiving.seed_note",
        national=money(t, estimate.national_value, estimate.currency, country),
        wage=wage(t, replacement, estimate.currency, country),
    )


def count(t: Translator, value: float, noun: str | None = None) -> str:
    """A count someone gave (185 deaths in the profile) stays exact; a computed one is
    rounded like :func:`about`."""
    if not float(value).is_integer():
        return about(t, value, noun)
    if noun is None:
        return t.number(value)
    return t(f"caregiving.amount.{noun}.plain", value=t.number(value), count=value)


def palliative_sentence(estimate: CaregivingEstimate, t: Translator) -> str:
    """Deaths, palliative-care need and bereavement, or why they cannot be estimated."""
    if estimate.deaths is None or estimate.needing_palliative_care is None:
        return t("caregiving.no_deaths")
    need = estimate.needing_palliative_care
    grief = estimate.bereaved or Range.point(0)
    key = "caregiving.palliative_future" if estimate.scenario.years else "caregiving.palliative"
    return t(
        key,
        deaths=count(t, estimate.deaths.central, "people"),
        name=estimate.name,
        need=about(t, need.central),
        need_low=about(t, need.low),
        need_high=about(t, need.high),
        bereaved=about(t, grief.central, "people"),
        bereaved_low=about(t, grief.low),
        bereaved_high=about(t, grief.high),
        years=str(estimate.scenario.years),
    )


def palliative_text(estimate: CaregivingEstimate, t: Translator) -> str:
    """Everything said under the palliative chart: need and bereavement, access beside the
    need (CIHI) and Rosenwax's cross-check. One function for the page and the report."""
    texts = [palliative_sentence(estimate, t)]
    if estimate.deaths is not None:
        texts += [access_sentence(estimate, t), rosenwax_sentence(estimate, t)]
    return " ".join(text for text in texts if text)


def rosenwax_sentence(estimate: CaregivingEstimate, t: Translator) -> str:
    """Rosenwax's cross-check, and, when it falls outside the estimate from deaths, why: it is
    a share of Western Australia's whole population in 2000–02, so it carries that
    population's ages and death rate, not the community's."""
    text = t(
        "caregiving.rosenwax",
        low=about(t, estimate.rosenwax.low),
        high=about(t, estimate.rosenwax.high, "people"),
    )
    need = estimate.needing_palliative_care
    if need is None or estimate.deaths is None or estimate.population <= 0:
        return text
    if estimate.rosenwax.high < need.low:
        key = "caregiving.rosenwax_below"
    elif estimate.rosenwax.low > need.high:
        key = "caregiving.rosenwax_above"
    else:
        return text
    per_1000 = estimate.deaths.central / estimate.population * 1000
    return f"{text} {t(key, name=estimate.name, rate=t.number(per_1000, 1))}"


def biggest_band_sentence(estimate: CaregivingEstimate, t: Translator) -> str:
    counts = estimate.by_band["caregivers"]
    if counts.max() <= 0:
        return t("caregiving.no_caregivers")
    band = str(counts.idxmax())
    return t("caregiving.biggest_band", band=band, count=about(t, float(counts.max()), "people"))


def future_sentence(estimate: CaregivingEstimate, t: Translator) -> str:
    """Only for a scenario in the future: how many years, what growth, how many people."""
    if not estimate.scenario.years:
        return ""
    return t(
        "caregiving.future_note",
        years=str(estimate.scenario.years),
        growth=share(t, estimate.scenario.growth_percent_per_year / 100),
        population=about(t, estimate.population, "people"),
    )


def assumption_text(assumption: Assumption, t: Translator, country: str | None = None) -> str:
    """One assumption in words; values are formatted by the ending of their name, and the
    numbers of one range (``low_…`` and ``high_…``) with the same precision."""
    values = assumption.values
    precision = {
        # every percentage of the line with the decimals the most precise one needs
        "_share": max(
            (share_decimals(float(v)) for n, v in values.items() if n.endswith("_share")),
            default=None,
        ),
        # an estimated range of weekly hours in whole hours: "16, between 9 and 23"
        "_hours": 0 if {"low_hours", "high_hours"} <= set(values) else None,
    }
    formatted = {
        name: _format_value(name, value, values, t, country, precision)
        for name, value in values.items()
    }
    return t(f"caregiving.assumption.{assumption.key}", **formatted)


#: Nouns a ``_total`` value may be said with ("hours_total" → "5.7 billion hours").
_TOTAL_NOUNS = ("hours", "people", "caregivers", "jobs", "deaths", "relatives")


def _format_value(
    name: str,
    value: Any,
    values: Mapping[str, Any],
    t: Translator,
    country: str | None,
    precision: Mapping[str, int | None],
) -> str:
    if isinstance(value, str):
        return value
    if name.endswith("_share"):
        return share(t, float(value), precision.get("_share"))
    if name.endswith("_hours"):
        return hours(t, float(value), precision.get("_hours"))
    if name.endswith("_count"):
        return count(t, float(value))
    if name.endswith("_total"):
        noun = name.removesuffix("_total")
        return about(t, float(value), noun if noun in _TOTAL_NOUNS else None)
    if name.endswith("_wage"):
        return wage(t, float(value), str(values.get("currency", "CAD")), country)
    if name.endswith("_factor"):
        return t.number(float(value), 2)
    return str(value)


def assumption_texts(
    estimate: CaregivingEstimate, t: Translator, country: str | None = None
) -> list[str]:
    return [assumption_text(a, t, country) for a in estimate.assumptions]


def room_sentence(summary: RoomSummary, estimate: CaregivingEstimate, t: Translator) -> str:
    """ "The 12 people in this room … give about 140 hours a week, beside …"."""
    if summary.answered == 0:
        return t("caregiving.room.none")
    if summary.hours_per_week is None:
        return t("caregiving.room.too_few", min=str(summary.min_cell_size))
    community_weekly = estimate.annual_hours.central / estimate.weeks_per_year
    return t(
        "caregiving.room.hours",
        count=summary.hours_answers,
        hours=about(t, summary.hours_per_week, "hours"),
        community=about(t, community_weekly, "hours"),
        name=estimate.name,
    )


def room_text(summary: RoomSummary, estimate: CaregivingEstimate, t: Translator) -> str:
    """Everything said beside the room's chart: :func:`room_sentence`, and that tasks ticked
    by too few people are left out. One function for the hub, the page and the report, so
    the paper copy says what the screen said."""
    text = room_sentence(summary, estimate, t)
    if any(ticked is None for ticked in summary.tasks.values()):
        text += " " + t("caregiving.room.tasks_hidden", min=str(summary.min_cell_size))
    return text
