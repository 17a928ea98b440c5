"""The community profile: the one YAML file a trainer edits to adapt the kit to a town.

It holds the community's name and language, its areas (neighbourhoods) with population by
age band, the currency, the smallest group size that may be shown, the needs list used by the
needs assessment and asset mapping, and local overrides of published parameters.

Validation is strict (unknown fields are refused, so a typo does not pass silently) and every
problem is reported with the path of the field and what is wrong with it, in the reader's
language: ``areas.2.population.65-74: must be 0 or more (got -5)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from workshop_kit.i18n import Translator

#: The environment variable naming the workshop's community profile file (set by
#: ``workshop-kit serve`` for the notebooks and the server; read by pages, server and CLI).
PROFILE_VARIABLE = "WORKSHOP_KIT_PROFILE"

BAND_PATTERN = re.compile(r"^(\d{1,3})(?:-(\d{1,3})|\+)$")

#: Groups a participant may say they belong to. Labels live in the i18n catalogs.
GROUPS = ("caregiver", "bereaved", "living_with_illness", "professional", "neighbour", "other")

#: The lists of the Compassionate City Charter a community may rate (the Charter activity's
#: ``commitments.VARIANT_FILES`` holds their files): PHPCI's "13 social changes" and the
#: Canadian "12 social changes".
CHARTER_VARIANTS = ("phpci13", "ca12")
DEFAULT_CHARTER_VARIANT = "phpci13"

LocalizedText = str | dict[str, str]


def localized(text: LocalizedText, language: str, fallback: str = "en") -> str:
    """Pick the text for ``language`` from a plain string or a ``{lang: text}`` mapping."""
    if isinstance(text, str):
        return text
    for code in (language, fallback, *text):
        if code in text:
            return text[code]
    return ""


def parse_band(label: str) -> tuple[int, int | None]:
    """``"15-24"`` → ``(15, 24)``; ``"85+"`` → ``(85, None)`` (open-ended)."""
    match = BAND_PATTERN.match(label.strip())
    if not match:
        raise ValueError(label)
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else None
    if high is not None and high < low:
        raise ValueError(label)
    return low, high


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Count = Annotated[int, Field(ge=0, strict=False)]


class Area(_Strict):
    """A neighbourhood or part of the community."""

    id: Identifier
    name: LocalizedText
    population: dict[str, Count]
    #: The population the source states (a census total): the bands must add up to it,
    #: within the profile's ``total_tolerance``, so a typo in one band is caught.
    total: Count | None = None

    def label(self, language: str) -> str:
        return localized(self.name, language)

    @property
    def total_population(self) -> int:
        return sum(self.population.values())


class Choice(_Strict):
    """A labelled item of a profile list: a need, an asset category.

    Needs are what participants rate (needs assessment) and what assets answer (asset mapping).
    """

    id: Identifier
    label: LocalizedText

    def text(self, language: str) -> str:
        return localized(self.label, language)


class Profile(_Strict):
    """A validated community profile. Build it with :func:`load_profile`."""

    name: Annotated[str, Field(min_length=1, max_length=120)]
    synthetic: bool = False
    description: LocalizedText = ""
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "en"
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "CAD"
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    min_cell_size: Annotated[int, Field(ge=2, le=100)] = 5
    #: How far an area's bands may be from its stated ``total`` (census counts are rounded).
    total_tolerance: Annotated[int, Field(ge=0)] = 0
    age_bands: Annotated[list[str], Field(min_length=1)]
    areas: Annotated[list[Area], Field(min_length=1)]
    deaths_per_year: Annotated[float, Field(ge=0)] | None = None
    needs: list[Choice] = Field(default_factory=list)
    asset_categories: list[Choice] = Field(default_factory=list)
    area_shapes: str | None = None
    #: Which Compassionate City Charter list the Charter activity rates (:data:`CHARTER_VARIANTS`).
    charter_variant: str = DEFAULT_CHARTER_VARIANT
    parameters: dict[str, Any] = Field(default_factory=dict)

    # Where the file came from, for resolving relative paths (area shapes, sample files).
    source_dir: Path | None = Field(default=None, exclude=True)

    @field_validator("age_bands")
    @classmethod
    def _bands_are_well_formed(cls, bands: list[str]) -> list[str]:
        previous_high: int | None = -1
        for band in bands:
            try:
                low, high = parse_band(band)
            except ValueError:
                raise ValueError(f"band_format:{band}") from None
            if previous_high is None or low != previous_high + 1:
                raise ValueError(f"band_order:{band}")
            previous_high = high
        return bands

    @field_validator("charter_variant")
    @classmethod
    def _a_known_charter(cls, variant: str) -> str:
        if variant not in CHARTER_VARIANTS:
            raise ValueError(f"charter_variant:{variant}")
        return variant

    @model_validator(mode="after")
    def _areas_match_bands(self) -> Profile:
        """Every problem across areas and needs at once, each as ``code@location:detail``, so
        that ``workshop-kit check`` can name the line of each."""
        problems: list[str] = []
        first: dict[str, int] = {}
        for index, area in enumerate(self.areas):
            if area.id in first:
                problems.append(f"duplicate_area@areas.{index}.id:{area.id}:{first[area.id]}")
            first.setdefault(area.id, index)
            missing = [b for b in self.age_bands if b not in area.population]
            extra = [b for b in area.population if b not in self.age_bands]
            if missing:
                problems.append(
                    f"missing_band@areas.{index}.population:{area.id}:{', '.join(missing)}"
                )
            if extra:
                problems.append(
                    f"unknown_band@areas.{index}.population:{area.id}:{', '.join(extra)}"
                )
            if area.total is not None and not missing and not extra:
                gap = area.total_population - area.total
                if abs(gap) > self.total_tolerance:
                    detail = f"{area.total_population}/{area.total}/{self.total_tolerance}"
                    problems.append(f"bands_total@areas.{index}.total:{area.id}:{detail}")
        need_ids: dict[str, int] = {}
        for index, need in enumerate(self.needs):
            if need.id in need_ids:
                problems.append(f"duplicate_need@needs.{index}.id:{need.id}:{need_ids[need.id]}")
            need_ids.setdefault(need.id, index)
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # Convenience views -------------------------------------------------------------

    @property
    def population_by_band(self) -> dict[str, int]:
        """Whole-community population, summed over areas."""
        return {band: sum(a.population[band] for a in self.areas) for band in self.age_bands}

    @property
    def total_population(self) -> int:
        return sum(self.population_by_band.values())

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def area_labels(self, language: str) -> dict[str, str]:
        return {a.id: a.label(language) for a in self.areas}

    def need_labels(self, language: str) -> dict[str, str]:
        return {n.id: n.text(language) for n in self.needs}

    def display_name(self, t: Translator) -> str:
        """The name as shown on screen: synthetic data always says so."""
        return t("profile.synthetic_name", name=self.name) if self.synthetic else self.name


class ProfileError(ValueError):
    """The profile cannot be used; ``problems`` lists one translated message per problem."""

    def __init__(
        self,
        problems: list[str],
        source: str = "",
        locations: list[tuple[str | int, ...]] | None = None,
        lines: list[int | None] | None = None,
    ) -> None:
        self.problems = problems
        self.source = source
        #: Each problem's field path (``("areas", 2, "total")``; ``()`` for the whole file).
        self.locations = locations if locations is not None else [() for _ in problems]
        #: Each problem's line in the file, when it was read from one.
        self.lines = lines if lines is not None else [None for _ in problems]
        super().__init__("\n".join(problems))


def load_profile(path: str | Path, language: str | None = None) -> Profile:
    """Read and validate a profile; raise :class:`ProfileError` with readable messages."""
    t = Translator(language)
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ProfileError([t("profile.error.not_found", path=str(path))], str(path)) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = t("profile.error.at_line", line=line + 1) if line is not None else ""
        raise ProfileError(
            [t("profile.error.not_yaml", path=path.name) + where],
            str(path),
            lines=[line + 1 if line is not None else None],
        ) from None
    return profile_from_mapping(raw, language=language, source_dir=path.parent)


def profile_from_mapping(
    raw: Any, language: str | None = None, source_dir: Path | None = None
) -> Profile:
    t = Translator(language)
    if not isinstance(raw, Mapping):
        raise ProfileError([t("profile.error.not_mapping")])
    try:
        return Profile.model_validate({**raw, "source_dir": source_dir})
    except ValidationError as error:
        described = [item for e in error.errors() for item in _describe(e, t)]
        raise ProfileError(
            [message for message, _ in described], locations=[where for _, where in described]
        ) from None


_TYPE_KEYS = {
    "missing": "profile.error.missing",
    "extra_forbidden": "profile.error.unknown_field",
    "int_parsing": "profile.error.not_whole_number",
    "int_from_float": "profile.error.not_whole_number",
    "int_type": "profile.error.not_whole_number",
    "float_parsing": "profile.error.not_number",
    "float_type": "profile.error.not_number",
    "greater_than_equal": "profile.error.too_small",
    "less_than_equal": "profile.error.too_large",
    "string_pattern_mismatch": "profile.error.bad_format",
    "string_too_short": "profile.error.empty",
    "too_short": "profile.error.empty",
    "bool_parsing": "profile.error.not_yes_no",
    "list_type": "profile.error.not_list",
    "dict_type": "profile.error.not_mapping_field",
}


def _describe(error: Mapping[str, Any], t: Translator) -> list[tuple[str, tuple[Any, ...]]]:
    """One or more ``(message, location)`` for one pydantic error (a model check may carry
    several problems, each ``code@location:detail``)."""
    location = tuple(part for part in error["loc"] if not _is_union_tag(part))
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "value_error":
        described = []
        for problem in str(context.get("error", "")).split("\n"):
            code, _, detail = problem.partition(":")
            code, _, at = code.partition("@")
            where = tuple(int(p) if p.isdigit() else p for p in at.split(".")) if at else location
            parts = detail.split(":", 1)
            values = parts[-1].split("/") if code == "bands_total" else []
            message = t(
                f"profile.error.{code}",
                value=parts[-1],
                area=parts[0] if len(parts) > 1 else "",
                **dict(zip(("sum", "total", "tolerance"), values, strict=False)),
            )
            path = ".".join(str(p) for p in where)
            described.append((f"{path}: {message}" if path else message, where))
        return described
    key = _TYPE_KEYS.get(kind)
    value = error.get("input")
    shown = "" if isinstance(value, Mapping | list) else str(value)
    limit = context.get("ge", context.get("le", context.get("min_length", "")))
    message = t(key, value=shown, limit=str(limit)) if key else error["msg"]
    return [(f"{'.'.join(str(p) for p in location)}: {message}", location)]


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the chosen union member ("str", "dict[str,str]", "int") to the location
    tags = {"str", "int", "float", "constrained-str"}
    return isinstance(part, str) and (part in tags or "[" in part)
