"""Population by area and age from the tables a trainer brings: a census download or a sheet.

Why its own module: a trainer should not type thousands of figures into YAML by hand. Three
inputs are read, each documented with its exact columns in ``docs/trainers.md``:

- **Statistics Canada's Census Profile, 2021** (the comprehensive download, catalogue
  98-401-X2021…, long format): one row per geography and characteristic, with the published
  columns ``CENSUS_YEAR``, ``DGUID``, ``ALT_GEO_CODE``, ``GEO_LEVEL``, ``GEO_NAME``, ``TNR_SF``,
  ``TNR_LF``, ``DATA_QUALITY_FLAG``, ``CHARACTERISTIC_ID``, ``CHARACTERISTIC_NAME``,
  ``CHARACTERISTIC_NOTE``, ``C1_COUNT_TOTAL``, ``SYMBOL``, ``C2_COUNT_MEN+``, … The age rows
  ("0 to 4 years" … "100 years and over", or "0 à 4 ans" in the French file) follow the row
  "Total - Age groups of the population - 100% data", which gives each area's stated total.
  These files are large and in Latin-1, so they are streamed with :mod:`csv`, keeping only
  the age block; Statistics Canada rounds every count at random to a multiple of 5, so the
  groups of an area need not add up exactly to its total (:data:`CENSUS_ROUNDING`).
- **A plain table** (CSV or XLSX, read by :func:`workshop_kit.core.tables.read_table`): columns
  ``area``, ``age_band``, ``count`` (or just ``age_band`` and ``count`` for a community of one
  area); an ``age_band`` of ``total`` states an area's population.

Age groups as sources give them ("0 to 4 years", "85 years and over", "15-24", "85+") are then
regrouped into the profile's bands by :func:`regroup`: the finest groups of the source are
used (an aggregate such as "0 to 14 years" is skipped when its parts are there), and every
problem (a group that straddles two bands, a band no group covers) is reported, not guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workshop_kit.core.tables import TableError, normal, read_table
from workshop_kit.i18n import Translator
from workshop_kit.profile import parse_band

Band = tuple[int, int | None]

#: The Census Profile's published columns this reader needs (the others are ignored).
CENSUS_COLUMNS = ("GEO_NAME", "CHARACTERISTIC_NAME", "C1_COUNT_TOTAL")
#: Also read when present: the census year, the geography's codes and level.
CENSUS_OPTIONAL = ("CENSUS_YEAR", "DGUID", "ALT_GEO_CODE", "GEO_LEVEL")
#: Statistics Canada's random rounding: counts are multiples of 5, each off by up to 4.
CENSUS_ROUNDING = 5
#: The start of the age block, in the English and the French file.
_AGE_BLOCK = ("total - age groups of the population", "total - groupes d'âge de la population")

_RANGE = re.compile(r"^(\d{1,3})\s*(?:to|à|-|–)\s*(\d{1,3})(?:\s*(?:years|ans))?$")
_OPEN = re.compile(r"^(\d{1,3})\s*(?:\+|(?:years|ans)\s+(?:and over|et plus))$")
_UNDER = re.compile(r"^(?:under|moins de)\s+(\d{1,3})\s*(?:years?|ans?)$")


class PopulationError(ValueError):
    """The tables cannot make a profile; ``problems`` lists every reason, translated."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class AreaPopulation:
    """One area as its source gives it: counts by the source's age groups, and its total."""

    name: str
    counts: dict[Band, int] = field(default_factory=dict)
    total: int | None = None
    code: str = ""


@dataclass
class PopulationTable:
    """What one file holds."""

    source: str
    kind: str  # "census-profile-2021" or "table"
    areas: list[AreaPopulation]
    year: int | None = None
    #: The counts are randomly rounded to multiples of this (1: exact).
    rounding: int = 1


def age_group(label: str) -> Band | None:
    """``"0 to 4 years"`` → ``(0, 4)``; ``"100 years and over"``, ``"85+"`` → ``(…, None)``;
    ``None`` for anything that is not an age group."""
    text = " ".join(str(label).replace("\u00a0", " ").split()).casefold()
    if match := _RANGE.match(text):
        low, high = int(match.group(1)), int(match.group(2))
        return (low, high) if high >= low else None
    if match := _OPEN.match(text):
        return int(match.group(1)), None
    if match := _UNDER.match(text):
        return (0, int(match.group(1)) - 1) if int(match.group(1)) > 0 else None
    return None


def band_label(band: Band) -> str:
    low, high = band
    return f"{low}+" if high is None else f"{low}-{high}"


def _inside(inner: Band, outer: Band) -> bool:
    """Whether ``inner`` lies within ``outer`` (open-ended bands run to any age)."""
    if inner[0] < outer[0]:
        return False
    if outer[1] is None:
        return True
    return inner[1] is not None and inner[1] <= outer[1]


def finest(groups: Iterable[Band]) -> list[Band]:
    """The groups that contain no other group: "0 to 14" goes when "0 to 4" … are there."""
    given = set(groups)
    return sorted(g for g in given if not any(o != g and _inside(o, g) for o in given))


def regroup(
    area: AreaPopulation, bands: Sequence[str], t: Translator, source: str
) -> tuple[dict[str, int], list[str]]:
    """The area's counts in the profile's ``bands``, and every problem found."""
    targets = [(label, parse_band(label)) for label in bands]
    result = {label: 0 for label in bands}
    covered: dict[str, list[Band]] = {label: [] for label in bands}
    problems: list[str] = []
    for group in finest(area.counts):
        home = next((label for label, band in targets if _inside(group, band)), None)
        if home is None:
            problems.append(
                t(
                    "trainer.population.straddles",
                    file=source,
                    area=area.name,
                    group=band_label(group),
                    bands=", ".join(bands),
                )
            )
            continue
        result[home] += area.counts[group]
        covered[home].append(group)
    for label, band in targets:
        if not _covers(covered[label], band):
            problems.append(
                t("trainer.population.uncovered", file=source, area=area.name, band=label)
            )
    return result, problems


def _covers(groups: list[Band], band: Band) -> bool:
    """Whether ``groups`` fill ``band`` with no gap, from its first age to its last."""
    expected = band[0]
    for low, high in sorted(groups):
        if low != expected:
            return False
        if high is None:
            return band[1] is None
        expected = high + 1
    return band[1] is not None and expected == band[1] + 1


# -- reading ------------------------------------------------------------------------------------


def read_population(data: bytes, filename: str, t: Translator) -> PopulationTable:
    """A Census Profile download or a plain table (CSV or XLSX), told apart by its header."""
    head = data[:4096].decode("latin-1", errors="replace")
    if all(column in head for column in ("CHARACTERISTIC_NAME", "GEO_NAME")):
        return read_census_profile(data, filename, t)
    return read_plain_table(data, filename, t)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without its mark) if it is, else Latin-1 as Statistics Canada ships."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _count(text: str) -> int | None:
    """A published count: ``"4860"``, ``"4860.0"``; ``None`` for ``..``, ``x``, ``F`` or empty."""
    try:
        value = float(str(text).replace(",", "").strip())
    except ValueError:
        return None
    return round(value) if value >= 0 else None


def read_census_profile(data: bytes, filename: str, t: Translator) -> PopulationTable:
    """The age block of every geography of a Census Profile 2021 CSV (see the module doc)."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    header = next(reader, [])
    where = {
        name: header.index(name) for name in (*CENSUS_COLUMNS, *CENSUS_OPTIONAL) if name in header
    }
    missing = [name for name in CENSUS_COLUMNS if name not in where]
    if missing:
        raise PopulationError(
            [t("trainer.population.census_columns", file=filename, columns=", ".join(missing))]
        )
    areas: dict[str, AreaPopulation] = {}
    year: int | None = None
    in_block: dict[str, bool] = {}
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        if len(row) < len(header):
            continue
        geography = row[where["GEO_NAME"]].strip()
        name = row[where["CHARACTERISTIC_NAME"]].strip()
        folded = name.casefold()
        if folded.startswith("total -") or folded.startswith("total –"):
            in_block[geography] = folded.startswith(_AGE_BLOCK)
            if not in_block[geography]:
                continue
            area = areas.setdefault(geography, AreaPopulation(geography))
            area.total = _count(row[where["C1_COUNT_TOTAL"]])
            area.code = row[where["DGUID"]].strip() if "DGUID" in where else ""
            if "CENSUS_YEAR" in where and row[where["CENSUS_YEAR"]].strip().isdigit():
                year = int(row[where["CENSUS_YEAR"]].strip())
            continue
        if not in_block.get(geography):
            continue
        group = age_group(name)
        if group is None:
            continue  # "Average age of the population" and the like
        count = _count(row[where["C1_COUNT_TOTAL"]])
        if count is None:
            problems.append(
                t(
                    "trainer.population.no_count",
                    file=filename,
                    line=line,
                    area=geography,
                    group=name,
                )
            )
            continue
        areas[geography].counts.setdefault(group, count)
    if problems:
        raise PopulationError(problems)
    if not areas:
        raise PopulationError([t("trainer.population.no_age_block", file=filename)])
    return PopulationTable(
        filename, "census-profile-2021", list(areas.values()), year, CENSUS_ROUNDING
    )


def read_plain_table(data: bytes, filename: str, t: Translator) -> PopulationTable:
    """``area, age_band, count`` (or ``age_band, count``) from a CSV or an XLSX sheet."""
    try:
        frame = read_table(data, filename, language=t.language)
    except TableError as error:
        raise PopulationError([p.message for p in error.problems]) from None
    columns = {normal(c): c for c in frame.columns}
    band_column = columns.get("age_band") or columns.get("age")
    count_column = columns.get("count") or columns.get("population")
    area_column = columns.get("area")
    if band_column is None or count_column is None:
        raise PopulationError(
            [t("trainer.population.plain_columns", file=filename, found=", ".join(frame.columns))]
        )
    areas: dict[str, AreaPopulation] = {}
    problems: list[str] = []
    for line, row in frame.iterrows():
        name = str(row[area_column]).strip() if area_column else ""
        area = areas.setdefault(name, AreaPopulation(name))
        count = _count(row[count_column])
        label = str(row[band_column])
        if count is None:
            problems.append(
                t("trainer.population.bad_count", file=filename, line=line, value=row[count_column])
            )
            continue
        if normal(label) == "total":
            area.total = count
            continue
        group = age_group(label)
        if group is None:
            problems.append(t("trainer.population.bad_band", file=filename, line=line, value=label))
        elif group in area.counts:
            problems.append(
                t("trainer.population.repeated_band", file=filename, line=line, value=label)
            )
        else:
            area.counts[group] = count
    if problems:
        raise PopulationError(problems)
    return PopulationTable(filename, "table", list(areas.values()))
