"""Import a needs survey (one row per respondent) into needs-assessment answers.

Why: a trainer often runs the survey before the workshop (KoboToolbox, Google Forms, a
spreadsheet passed around a church hall) and wants those answers in the room alongside the
live ones. This module finds the columns, checks every cell and turns each row into the same
:class:`~workshop_kit.activities.needs.answers.NeedsAnswer` objects a phone would send, so imported
and
live answers are analysed together. It never writes anything: :func:`check_needs_file`
returns answers and problems; the caller decides to store (only when there is no error, so a
file is never half imported).

Columns recognised (names compared ignoring case, accents, spaces and punctuation; a
KoboToolbox group prefix such as ``needs/`` is ignored):

- ratings: ``<need>_importance`` and ``<need>_met`` for each need id of the profile (also
  ``importance_<need>``, ``met_<need>``, ``<need>_satisfaction``), and Kobo matrix columns
  ending that way (``needs_<need>_importance``);
- Google Forms grids: ``Question [row]`` where the row is a need's label (English or French)
  or id and the question says "important" / "importance" or "met" / "répond" / "satisf";
  a column map names the questions when they say neither;
- ``group`` (``groupe``, ``role``), ``area`` (``quartier``, ``secteur``, ``zone``,
  ``neighbourhood``), ``help_most`` (``text``, ``comment``, ``commentaire``);
- identity columns that tell respondents apart and are never analysed: ``respondent``,
  Kobo's ``_uuid``, ``_id``, ``meta/instanceID``, and metadata (``_submission_time``,
  ``start``, ``end``, Google's ``Timestamp`` / ``Horodateur`` …).

Any other column is reported as not used. A column map (YAML, see
``data/templates/needs-column-map.example.yaml``) names columns the kit cannot guess and
translates answer texts to ratings, groups or areas.

Cells: ratings are whole numbers 1–5 (``4``, ``4.0``, ``4 - Very important``); groups and
areas are ids or labels in English or French, any case (``Caregiver``, ``proche aidante``,
``Vieille-Ville``).

Re-importing is safe: each respondent gets a synthetic id (``import-`` + a hash of their
Kobo/respondent id, or of the whole row when the file has none) and each answer an
idempotency key from that id, the session, the need and the answer itself. The same file
imported twice stores nothing the second time; a later export with more rows stores only the
new rows; a respondent corrected in KoboToolbox replaces their earlier answer ("the latest
counts").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workshop_kit.activities.needs.answers import (
    MAX_NEEDS_TEXT,
    SCALE_MAX,
    SCALE_MIN,
    Group,
    NeedsAnswer,
)
from workshop_kit.core.answers import Answer
from workshop_kit.core.imports import (
    Findings,
    ImportedRow,
    ImportResult,
    ImportSteps,
    all_texts,
    choice_index,
    participant_id,
    rows_of,
    rows_problem,
)
from workshop_kit.core.tables import (
    DEFAULT_MAX_BYTES,
    Problem,
    TableError,
    describe_names,
    normal,
)
from workshop_kit.i18n import Translator, texts_in_every_language
from workshop_kit.profile import GROUPS, Profile

IMPORTANCE, MET = "importance", "met"
_MESSAGES = "needs.import"
TEXT_COLUMN = "help_most"
RESPONDENT_COLUMN = "respondent"

# Normalised column names (see :func:`normal`) the kit recognises.
_GROUP_NAMES = {"group", "groupe", "role", "i_come_as", "je_viens_comme", "profil"}
_AREA_NAMES = {
    "area",
    "zone",
    "quartier",
    "secteur",
    "district",
    "neighbourhood",
    "neighborhood",
    "where_i_live",
    "ou_j_habite",
}
_TEXT_NAMES = {
    "help_most",
    "text",
    "texte",
    "what_would_help_most",
    "ce_qui_aiderait_le_plus",
    "comment",
    "comments",
    "commentaire",
    "commentaires",
    "free_text",
}
#: Columns that identify a response (preferred first); used to tell rows apart, never shown.
_IDENTITY_NAMES = (
    "uuid",
    "instanceid",
    "id",
    "respondent",
    "respondent_id",
    "repondant",
    "id_repondant",
)
#: Identities unique beyond one file (KoboToolbox submission ids): a corrected, re-exported
#: submission keeps its respondent, so its new answers replace the old ones. Other ids
#: (respondent numbers typed in a spreadsheet) restart at 1 in every file, so they only
#: tell rows of one file apart and the respondent is derived from the whole row.
_GLOBAL_IDENTITIES = {"uuid", "instanceid", "id"}
#: Export metadata: kept for telling rows apart, otherwise ignored without comment.
_METADATA_NAMES = {
    "submission_time",
    "submission_date",
    "validation_status",
    "notes",
    "status",
    "submitted_by",
    "version",
    "tags",
    "index",
    "parent_index",
    "parent_table_name",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "timestamp",
    "horodateur",
    "horodatage",
    "date",
    "email_address",
    "adresse_e_mail",
}
_IMPORTANCE_WORDS = ("importance", "imp")
_MET_WORDS = ("met", "how_well_met", "well_met", "satisfaction", "comble")

#: Other ways people write the groups (compared after :func:`normal`).
GROUP_SYNONYMS: dict[str, tuple[str, ...]] = {
    "caregiver": ("carer", "family_caregiver", "aidant", "aidante", "proche_aidante"),
    "bereaved": ("endeuillee", "en_deuil"),
    "living_with_illness": ("patient", "malade", "living_with_a_serious_illness"),
    "professional": ("professionnel", "professionnelle", "health_worker", "care_worker"),
    "neighbour": ("neighbor", "voisin", "voisine", "benevole", "volunteer"),
    "other": ("autre",),
}

_GRID = re.compile(r"^(?P<question>.*)\[(?P<row>[^\[\]]+)\]\s*$")
_RATING = re.compile(r"^([0-9]+)(?:[.,]0+)?(?:\s*[-–—:=(/].*)?$")
_IMPORTANCE_HINTS = ("important", "importance", "importan")
_MET_HINTS = ("met", "well", "repond", "satisf", "comble", "aujourd")


def _column_key(header: str) -> str:
    """A header as compared: normalised, without a KoboToolbox group path (``needs/…``)."""
    if "[" not in header and "/" in header:
        header = header.rsplit("/", 1)[-1]
    return normal(header)


# -- column map ---------------------------------------------------------------------------------


class _MapModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class RatingColumns(_MapModel):
    importance: str
    met: str


class ValueMap(_MapModel):
    """Answer texts the kit cannot recognise, mapped to what they mean."""

    group: dict[str, Group] = Field(default_factory=dict)
    area: dict[str, str] = Field(default_factory=dict)
    scale: dict[str, Annotated[int, Field(ge=SCALE_MIN, le=SCALE_MAX)]] = Field(
        default_factory=dict
    )


class ColumnMap(_MapModel):
    """Where a differently shaped survey keeps what the kit needs (all fields optional).

    ``ratings`` maps need ids to their two columns; ``importance_question`` and
    ``met_question`` name the two grid questions of a Google Form (``Question [row]``
    columns); ``ignore`` lists columns to leave out without a note.
    """

    respondent: str | None = None
    group: str | None = None
    area: str | None = None
    text: str | None = None
    ratings: dict[str, RatingColumns] = Field(default_factory=dict)
    importance_question: str | None = None
    met_question: str | None = None
    values: ValueMap = Field(default_factory=ValueMap)
    ignore: list[str] = Field(default_factory=list)


def load_column_map(
    source: bytes | str | Path, language: str = "en", name: str | None = None
) -> ColumnMap:
    """Read a column map from YAML bytes, text or a file; :class:`TableError` if unusable.

    ``name`` is how messages call it (default: the file's name, or "YAML").
    """
    t = Translator(language)
    name = name or (source.name if isinstance(source, Path) else "YAML")
    try:
        if isinstance(source, Path):
            source = source.read_bytes()
        raw = yaml.safe_load(source)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        message = t("io.column_map.unreadable", name=name)
        raise TableError([Problem("column_map", message)]) from None
    if raw is None:
        return ColumnMap()
    if not isinstance(raw, Mapping):
        raise TableError([Problem("column_map", t("io.column_map.not_mapping", name=name))])
    try:
        return ColumnMap.model_validate(raw)
    except ValidationError as error:
        problems = [
            Problem(
                "column_map",
                t(
                    "io.column_map.invalid",
                    name=name,
                    field=".".join(str(p) for p in e["loc"]) or "-",
                    detail=e["msg"],
                ),
            )
            for e in error.errors()
        ]
        raise TableError(problems) from None


# -- result -------------------------------------------------------------------------------------


@dataclass
class Columns:
    """Which column of the file holds what (``None``: not in the file)."""

    group: str | None = None
    area: str | None = None
    text: str | None = None
    identity: str | None = None
    ratings: dict[str, dict[str, str]] = field(default_factory=dict)  # need → kind → column
    ignored: list[str] = field(default_factory=list)


@dataclass
class NeedsImport(ImportResult):
    """What a survey file holds: validated answers and the problems found on the way."""

    answer_type: ClassVar[type[Answer]] = NeedsAnswer

    respondents: int = 0
    columns: Columns | None = None


# -- the check ----------------------------------------------------------------------------------


def check_needs_file(
    data: bytes,
    filename: str,
    profile: Profile,
    *,
    column_map: ColumnMap | None = None,
    sheet: str | None = None,
    language: str = "en",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> NeedsImport:
    """Read and validate a survey file against the community profile. Never raises for a
    bad file: every reason is a :class:`Problem` in the result."""
    steps = _NeedsSteps(profile, column_map or ColumnMap())
    return steps.check(data, filename, sheet=sheet, language=language, max_bytes=max_bytes)


#: Column problems that leave no row worth reading (a missing rating column does not).
_STOPPING = frozenset({"wrong_columns", "map_column_missing", "column_map"})


@dataclass
class _NeedsSteps(ImportSteps[NeedsImport, Columns]):
    """The needs survey's hooks in the import pipeline."""

    profile: Profile
    column_map: ColumnMap
    messages: ClassVar[str] = _MESSAGES

    def new_result(self, filename: str) -> NeedsImport:
        return NeedsImport(filename=filename)

    def before_reading(self, t: Translator) -> list[Problem]:
        if not self.profile.needs:
            return [Problem("no_needs", t("needs.import.no_needs"))]
        return []

    def find_columns(
        self, headers: list[str], filename: str, t: Translator
    ) -> tuple[Columns, list[Problem]]:
        return find_columns(headers, self.profile, self.column_map, filename, t)

    def columns_unusable(self, problems: Sequence[Problem]) -> bool:
        return any(p.code in _STOPPING for p in problems)

    def validate_rows(
        self, table: pd.DataFrame, columns: Columns, result: NeedsImport, t: Translator
    ) -> None:
        _validate_rows(table, columns, self.profile, self.column_map, result, t)


def expected_columns(profile: Profile) -> list[str]:
    """The template's columns, in order: respondent, group, area, two per need, text."""
    columns = [RESPONDENT_COLUMN, "group", "area"]
    for need in profile.needs:
        columns += [f"{need.id}_{IMPORTANCE}", f"{need.id}_{MET}"]
    return [*columns, TEXT_COLUMN]


def find_columns(
    headers: Sequence[str],
    profile: Profile,
    column_map: ColumnMap,
    filename: str,
    t: Translator,
) -> tuple[Columns, list[Problem]]:
    """Decide which header holds what; problems for missing, unclear or unused columns."""
    problems: list[Problem] = []
    columns = Columns()
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(_column_key(header), header)
    exact = {normal(h): h for h in headers}
    used: set[str] = set()

    def mapped(name: str | None) -> str | None:
        if name is None:
            return None
        header = exact.get(normal(name))
        if header is None:
            problems.append(
                Problem(
                    "map_column_missing",
                    t("needs.import.map_column_missing", column=name, name=filename),
                    columns=(name,),
                )
            )
        return header

    need_ids = [n.id for n in profile.needs]
    for attribute in ("group", "area", "text"):
        header = mapped(getattr(column_map, attribute))
        setattr(columns, attribute, header)
    columns.identity = mapped(column_map.respondent)
    for need, pair in column_map.ratings.items():
        if need not in need_ids:
            problems.append(Problem("unmapped_need", t("needs.import.unmapped_need", need=need)))
            continue
        for kind in (IMPORTANCE, MET):
            header = mapped(getattr(pair, kind))
            if header is not None:
                columns.ratings.setdefault(need, {})[kind] = header
    area_ids = {a.id for a in profile.areas}
    for written, area in column_map.values.area.items():
        if area not in area_ids:
            message = t("needs.import.map_unknown_area", value=written, area=area)
            problems.append(Problem("column_map", message))
    ignored_by_map = {normal(name) for name in column_map.ignore}
    used |= {h for h in (columns.group, columns.area, columns.text, columns.identity) if h}
    used |= {h for kinds in columns.ratings.values() for h in kinds.values()}

    # Automatic recognition of what the map left open.
    rating_names = _rating_names(need_ids)
    labels = _need_label_index(profile)
    unclear: list[str] = []
    identity_rank = len(_IDENTITY_NAMES)
    for header in headers:
        if header in used or normal(header) in ignored_by_map:
            continue
        key = _column_key(header)
        grid = _GRID.match(header)
        if grid:
            need = labels.get(normal(grid.group("row")))
            if need is not None:
                kind = _grid_kind(grid.group("question"), column_map)
                if kind is None:
                    unclear.append(header)
                elif kind not in columns.ratings.get(need, {}):
                    columns.ratings.setdefault(need, {})[kind] = header
                continue
        match = _match_rating(key, rating_names)
        if match is not None:
            need, kind = match
            if kind not in columns.ratings.get(need, {}):
                columns.ratings.setdefault(need, {})[kind] = header
                continue
        if key in _GROUP_NAMES and columns.group is None:
            columns.group = header
        elif key in _AREA_NAMES and columns.area is None:
            columns.area = header
        elif key in _TEXT_NAMES and columns.text is None:
            columns.text = header
        elif key in _IDENTITY_NAMES:
            rank = _IDENTITY_NAMES.index(key)
            if column_map.respondent is None and rank < identity_rank:
                columns.identity, identity_rank = header, rank
        elif key not in _METADATA_NAMES:
            columns.ignored.append(header)

    if unclear:
        problems.append(
            Problem(
                "grid_unclear",
                t("needs.import.grid_unclear", columns=describe_names(unclear, t)),
                columns=tuple(unclear),
            )
        )
    if not columns.ratings and columns.text is None and not unclear:
        expected = _expected_text(profile, t)
        shown = list(headers)[:12]
        found = describe_names(shown, t) + (" …" if len(headers) > len(shown) else "")
        problems.append(
            Problem(
                "wrong_columns",
                t("needs.import.wrong_columns", name=filename, found=found, expected=expected),
                columns=tuple(headers),
            )
        )
        return columns, problems

    missing = []
    for need, kinds in columns.ratings.items():
        for kind in (IMPORTANCE, MET):
            if kind not in kinds:
                missing.append(f"{need}_{kind}")
    if missing:
        problems.append(
            Problem(
                "missing_columns",
                t(
                    "needs.import.missing_columns",
                    name=filename,
                    columns=describe_names(missing, t),
                    expected=_expected_text(profile, t),
                ),
                columns=tuple(missing),
            )
        )
    absent = [n for n in need_ids if n not in columns.ratings]
    if absent and columns.ratings:
        problems.append(
            Problem(
                "needs_not_in_file",
                t("needs.import.needs_not_in_file", needs=describe_names(absent, t)),
                columns=tuple(absent),
                severity="warning",
            )
        )
    if columns.group is None:
        problems.append(
            Problem("no_group_column", t("needs.import.no_group_column"), severity="warning")
        )
    if columns.area is None:
        problems.append(
            Problem("no_area_column", t("needs.import.no_area_column"), severity="warning")
        )
    if columns.ignored:
        problems.append(
            Problem(
                "ignored_columns",
                t("needs.import.ignored_columns", columns=describe_names(columns.ignored, t)),
                columns=tuple(columns.ignored),
                severity="warning",
            )
        )
    return columns, problems


def _expected_text(profile: Profile, t: Translator) -> str:
    first = profile.needs[0].id
    return t(
        "needs.import.expected_columns",
        fixed=describe_names([RESPONDENT_COLUMN, "group", "area", TEXT_COLUMN], t),
        importance=f"{first}_{IMPORTANCE}",
        met=f"{first}_{MET}",
        needs=", ".join(n.id for n in profile.needs),
    )


def _rating_names(need_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Every normalised rating column name the kit accepts → (need, kind)."""
    names: dict[str, tuple[str, str]] = {}
    for need in need_ids:
        key = normal(need)
        for kind, words in ((IMPORTANCE, _IMPORTANCE_WORDS), (MET, _MET_WORDS)):
            for word in words:
                names[f"{key}_{word}"] = (need, kind)
                names[f"{word}_{key}"] = (need, kind)
    return names


def _match_rating(key: str, names: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    """Exact name, else the longest accepted name the header ends with (Kobo prefixes)."""
    if key in names:
        return names[key]
    endings = [name for name in names if key.endswith("_" + name)]
    return names[max(endings, key=len)] if endings else None


def _need_label_index(profile: Profile) -> dict[str, str]:
    """Need labels in every language (and ids) → need id, for Google Forms grid rows."""
    index: dict[str, str] = {}
    for need in profile.needs:
        index[normal(need.id)] = need.id
        for text in all_texts(need.label):
            index[normal(text)] = need.id
            index.setdefault(normal(text.split(" (")[0]), need.id)
    return index


def _grid_kind(question: str, column_map: ColumnMap) -> str | None:
    """Whether a grid question asks about importance or about how well needs are met."""
    key = normal(question)
    if column_map.importance_question and key == normal(column_map.importance_question):
        return IMPORTANCE
    if column_map.met_question and key == normal(column_map.met_question):
        return MET
    words = set(key.split("_"))
    says_importance = any(h in key for h in _IMPORTANCE_HINTS)
    says_met = bool(words & {"met", "well"}) or any(
        h in key for h in _MET_HINTS if h not in {"met", "well"}
    )
    if says_importance == says_met:
        return None
    return IMPORTANCE if says_importance else MET


# -- rows ---------------------------------------------------------------------------------------


def _group_index(column_map: ColumnMap) -> dict[str, str]:
    labels = texts_in_every_language("groups", GROUPS)
    for group, synonyms in GROUP_SYNONYMS.items():
        labels[group].extend(synonyms)
    return choice_index(GROUPS, labels, column_map.values.group)


def _area_index(profile: Profile, column_map: ColumnMap) -> dict[str, str]:
    labels = {area.id: all_texts(area.name) for area in profile.areas}
    ids = [area.id for area in profile.areas]
    mapped = {k: v for k, v in column_map.values.area.items() if v in ids}
    return choice_index(ids, labels, mapped)


def parse_rating(text: str, scale_map: Mapping[str, int]) -> int | str | None:
    """``None`` for a blank, an int for a rating on the scale, ``"bad"`` otherwise."""
    text = text.strip()
    if not text:
        return None
    match = _RATING.match(text)
    if match:
        value = int(match.group(1))
        return value if SCALE_MIN <= value <= SCALE_MAX else "bad"
    mapped = scale_map.get(normal(text))
    return mapped if mapped is not None else "bad"


def _validate_rows(
    table: pd.DataFrame,
    columns: Columns,
    profile: Profile,
    column_map: ColumnMap,
    result: NeedsImport,
    t: Translator,
) -> None:
    groups = _group_index(column_map)
    areas = _area_index(profile, column_map)
    scale = {normal(k): v for k, v in column_map.values.scale.items()}
    need_labels = profile.need_labels(t.language)
    complete = {
        need: (kinds[IMPORTANCE], kinds[MET])
        for need, kinds in columns.ratings.items()
        if IMPORTANCE in kinds and MET in kinds
    }
    findings = Findings()
    half: dict[str, list[int]] = {}
    empty_rows: list[int] = []
    identities: dict[str, int] = {}
    duplicates: list[tuple[int, int]] = []
    duplicate_ids: list[int] = []
    global_identity = bool(columns.identity) and (
        _column_key(columns.identity or "") in _GLOBAL_IDENTITIES
    )

    # Positions rather than per-row dicts: a 100,000-answer file is validated in a second.
    position = {column: i for i, column in enumerate(table.columns)}
    at_identity = position[columns.identity] if columns.identity else None
    at_group = position[columns.group] if columns.group else None
    at_area = position[columns.area] if columns.area else None
    at_text = position[columns.text] if columns.text else None
    pairs = [
        (need, position[importance_column], position[met_column])
        for need, (importance_column, met_column) in complete.items()
    ]
    ratings_seen: dict[str, int | str | None] = {}

    def rating(text: str) -> int | str | None:
        if text not in ratings_seen:
            ratings_seen[text] = parse_rating(text, scale)
        return ratings_seen[text]

    headers = list(table.columns)
    for row, cells, copied in rows_of(table):
        if copied is not None:
            duplicates.append((row, copied))
            continue
        identity = cells[at_identity].strip() if at_identity is not None else ""
        if identity:
            if identity in identities:
                duplicate_ids.append(row)
                continue
            identities[identity] = row

        group = area = None
        if at_group is not None and cells[at_group]:
            group = groups.get(normal(cells[at_group]))
            if group is None:
                findings.add("unknown_group", headers[at_group], row, cells[at_group])
        if at_area is not None and cells[at_area]:
            area = areas.get(normal(cells[at_area]))
            if area is None:
                findings.add("unknown_area", headers[at_area], row, cells[at_area])

        payloads: list[dict[str, Any]] = []
        for need, at_importance, at_met in pairs:
            importance = rating(cells[at_importance])
            met = rating(cells[at_met])
            for value, at in ((importance, at_importance), (met, at_met)):
                if value == "bad":
                    findings.add("out_of_scale", headers[at], row, cells[at])
            if isinstance(importance, int) and isinstance(met, int):
                payloads.append({"need": need, "importance": importance, "met": met})
            elif (importance is None) != (met is None) and "bad" not in (importance, met):
                half.setdefault(need, []).append(row)
        text = cells[at_text].strip() if at_text is not None else ""
        if len(text) > MAX_NEEDS_TEXT:
            findings.add("text_too_long", headers[at_text or 0], row)
            text = text[:MAX_NEEDS_TEXT].rstrip()
        if text:
            payloads.append({"text": text})
        if not payloads:
            if row not in findings.any_rows:
                empty_rows.append(row)
            continue

        key = f"id:{identity}" if global_identity and identity else "row:" + "\x1f".join(cells)
        participant = participant_id(key)
        result.respondents += 1
        for payload in payloads:
            # Need ids, groups and areas were matched against the profile above, so the
            # schema runs without the profile context (its per-answer look-ups would
            # double the time of a large import for no extra safety).
            answer = NeedsAnswer.model_validate({**payload, "group": group, "area": area})
            result.answers.append(ImportedRow(row, participant, answer))

    result.problems.extend(
        _row_problems(
            findings, half, empty_rows, duplicates, duplicate_ids, need_labels, profile, t
        )
    )


def _row_problems(
    findings: Findings,
    half: Mapping[str, list[int]],
    empty_rows: list[int],
    duplicates: list[tuple[int, int]],
    duplicate_ids: list[int],
    need_labels: Mapping[str, str],
    profile: Profile,
    t: Translator,
) -> list[Problem]:
    problems = findings.problems(
        t,
        _MESSAGES,
        warnings={"text_too_long"},
        expected={
            "unknown_group": ", ".join(GROUPS),
            "unknown_area": ", ".join(a.id for a in profile.areas),
        },
        limit=MAX_NEEDS_TEXT,
    )
    if duplicates:
        copies = [copy for copy, _ in duplicates]
        pairs = ", ".join(
            t("needs.import.same_as", row=copy, first=first) for copy, first in duplicates[:8]
        )
        problems.append(rows_problem("duplicate_rows", copies, t, _MESSAGES, pairs=pairs))
    if duplicate_ids:
        problems.append(rows_problem("duplicate_ids", duplicate_ids, t, _MESSAGES))
    for need, rows in half.items():
        need_label = need_labels.get(need, need)
        problems.append(rows_problem("half_rating", rows, t, _MESSAGES, "warning", need=need_label))
    if empty_rows:
        problems.append(rows_problem("empty_rows", empty_rows, t, _MESSAGES, "warning"))
    return problems


# -- template -----------------------------------------------------------------------------------


def template_csv(profile: Profile) -> bytes:
    """The header row of a survey file for ``profile`` (UTF-8, comma-separated).

    Column names are ids, the same in every language, so a French and an English
    spreadsheet import alike; ``data/templates/README.md`` explains each column.
    """
    return (",".join(expected_columns(profile)) + "\r\n").encode("utf-8")


#: Encodings as spreadsheet programs name them in their "Save as" dialogs.
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}


def summary_line(result: NeedsImport, t: Translator) -> str:
    """``survey.csv: 40 respondents and 480 answers ready to import (CSV, utf-8, commas).``"""
    info = result.table_info
    if info.get("format") == "xlsx":
        described = t("needs.import.format_xlsx", sheet=info.get("sheet") or "")
    else:
        delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(
            info.get("delimiter") or ",", "comma"
        )
        described = t(
            "needs.import.format_csv",
            encoding=ENCODING_NAMES.get(info.get("encoding") or "", info.get("encoding") or ""),
            delimiter=t(f"needs.import.delimiter.{delimiter}"),
        )
    return t(
        "needs.import.summary",
        name=result.filename,
        people=t("needs.import.people", count=result.respondents),
        answers=t("needs.import.answers", count=len(result.answers)),
        format=described,
    )
