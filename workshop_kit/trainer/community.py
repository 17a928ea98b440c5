"""``workshop-kit new-community``: a community folder made from census tables in one command.

Why: adapting the kit to a town used to mean copying the sample folder and typing every
population by age band and area into YAML. This makes the folder a trainer then edits:

- ``profile.yaml``: the areas of the tables (one per geography or ``area`` value), their
  population regrouped into the sample's age bands, each area's stated total (so ``check``
  catches a typo later), and the sample's needs list to edit;
- ``areas.geojson``: a placeholder grid, one square per area, marked ``"placeholder": true``
  so the asset map says so and no participant's location is judged against it;
- ``README.md``: every source, and a checklist of what is still to fill in.

Texts written into the files are YAML-escaped; the folder is checked by loading the profile
it wrote, so a bug here cannot hand the trainer a profile ``serve`` refuses.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from workshop_kit.core.tables import normal
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile
from workshop_kit.trainer.population import (
    PopulationError,
    PopulationTable,
    finest,
    read_population,
    regroup,
)

#: Size of a placeholder square, in degrees (about a kilometre).
CELL_DEGREES = 0.01
#: A census file larger than this is not a selection of a town's geographies.
MAX_SOURCE_BYTES = 200_000_000


class CommunityError(ValueError):
    """The folder cannot be made; ``problems`` says why, one translated line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class NewCommunity:
    """What was written."""

    folder: Path
    files: tuple[Path, ...]
    areas: int
    population: int


def _environment() -> Environment:
    # YAML and markdown, not HTML: every value goes through the ``yaml`` filter (JSON strings).
    environment = Environment(
        loader=PackageLoader("workshop_kit.trainer", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701
    )
    environment.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    return environment


def area_id(name: str, taken: set[str]) -> str:
    """A profile id from an area's name: ``"Old Town"`` → ``old-town``, unique."""
    base = normal(name).replace("_", "-")[:56] or "area"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def placeholder_grid(areas: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """One square per area on a grid at longitude/latitude 0: clearly nowhere real."""
    columns = max(1, math.ceil(math.sqrt(len(areas))))
    features = []
    for index, area in enumerate(areas):
        x0, y0 = (index % columns) * CELL_DEGREES, (index // columns) * CELL_DEGREES
        ring = [[x0, y0], [x0 + CELL_DEGREES, y0], [x0 + CELL_DEGREES, y0 + CELL_DEGREES]]
        ring += [[x0, y0 + CELL_DEGREES], [x0, y0]]
        features.append(
            {
                "type": "Feature",
                "id": area["id"],
                "properties": {"area": area["id"], "name": area["name"], "placeholder": True},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {
        "type": "FeatureCollection",
        "name": f"{name} areas (PLACEHOLDER)",
        "placeholder": True,
        "description": "A placeholder grid made by `workshop-kit new-community`: one square per "
        "area at no real place. Replace it with the areas' real boundaries (GeoJSON, WGS 84 "
        'longitude/latitude, one feature per area with an "area" property holding the '
        "profile's area id).",
        "features": features,
    }


def read_sources(paths: list[Path], t: Translator) -> list[PopulationTable]:
    tables, problems = [], []
    for path in paths:
        try:
            if path.stat().st_size > MAX_SOURCE_BYTES:
                problems.append(t("trainer.population.too_large", file=path.name))
                continue
            tables.append(read_population(path.read_bytes(), path.name, t))
        except FileNotFoundError:
            problems.append(t("trainer.population.not_found", file=str(path)))
        except PopulationError as error:
            problems.extend(error.problems)
    if problems:
        raise CommunityError(problems)
    return tables


def build_areas(
    tables: list[PopulationTable], bands: list[str], community: str, t: Translator
) -> tuple[list[dict[str, Any]], int]:
    """The profile's areas from every table, and the tolerance their totals need."""
    seen: dict[str, str] = {}
    taken: set[str] = set()
    areas: list[dict[str, Any]] = []
    problems: list[str] = []
    tolerance = 0
    for table in tables:
        for area in table.areas:
            name = area.name or community
            if name in seen:
                problems.append(
                    t(
                        "trainer.population.area_repeats",
                        area=name,
                        file=table.source,
                        first=seen[name],
                    )
                )
                continue
            seen[name] = table.source
            population, found = regroup(area, bands, t, table.source)
            problems.extend(found)
            if table.rounding > 1:
                groups = len(finest(area.counts)) + 1
                tolerance = max(tolerance, (table.rounding - 1) * groups)
            areas.append(
                {
                    "id": area_id(name, taken),
                    "name": name,
                    "population": population,
                    "total": area.total,
                }
            )
    if problems:
        raise CommunityError(problems)
    return areas, tolerance


def new_community(
    name: str,
    sources: list[Path],
    destination: Path,
    language: str = "en",
    today: date | None = None,
) -> NewCommunity:
    """Write ``destination/<name's id>/`` (see the module docstring); nothing is overwritten."""
    t = Translator(language)
    folder = destination / area_id(name, set())
    if folder.exists() and any(folder.iterdir()):
        raise CommunityError([t("trainer.community.exists", folder=str(folder))])
    sample = yaml.safe_load(sample_profile_path().read_text(encoding="utf-8"))
    bands = list(sample["age_bands"])
    tables = read_sources(sources, t)
    if tables:
        areas, tolerance = build_areas(tables, bands, name, t)
    else:
        areas, tolerance = (
            [
                {
                    "id": "whole-community",
                    "name": name,
                    "population": dict.fromkeys(bands, 0),
                    "total": None,
                }
            ],
            0,
        )
    needs = yaml.safe_dump(
        {"needs": sample.get("needs", [])}, allow_unicode=True, sort_keys=False, width=100
    )
    day = (today or date.today()).isoformat()
    environment = _environment()
    values = {
        "name": name,
        "today": day,
        "folder": str(folder),
        "language": language,
        "bands": bands,
        "areas": areas,
        "tolerance": tolerance,
        "needs": needs,
        "year": next((table.year for table in tables if table.year), None),
    }
    profile_text = environment.get_template("profile.yaml.j2").render(
        **values, sources=[table.source for table in tables]
    )
    readme_template = f"README.{language}.md.j2" if language == "fr" else "README.en.md.j2"
    readme = environment.get_template(readme_template).render(
        **values,
        rounded=tolerance > 0,
        sources=[
            {
                "file": table.source,
                "kind": t(f"trainer.community.kind_{table.kind.replace('-', '_')}"),
                "year": table.year,
                "areas": len(table.areas),
                "names": ", ".join(area.name or name for area in table.areas[:8])
                + (" …" if len(table.areas) > 8 else ""),
            }
            for table in tables
        ],
    )
    folder.mkdir(parents=True, exist_ok=True)
    files = (folder / "profile.yaml", folder / "areas.geojson", folder / "README.md")
    files[0].write_text(profile_text, encoding="utf-8")
    grid = placeholder_grid(areas, name)
    files[1].write_text(json.dumps(grid, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    files[2].write_text(readme, encoding="utf-8")
    profile = load_profile(files[0], language)  # a bug here must not reach the trainer
    return NewCommunity(folder, files, len(areas), profile.total_population)
