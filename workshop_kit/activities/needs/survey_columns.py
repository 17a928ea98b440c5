"""Which column of a survey file holds what: ratings, group, area, free text, identity.

Names are compared ignoring case, accents, spaces and punctuation (:func:`~workshop_kit.core.
tables.normal`), and a KoboToolbox group prefix such as ``needs/`` is ignored. Recognised:

- ratings: ``<need>_importance`` and ``<need>_met`` for each need id of the profile (also
  ``importance_<need>``, ``met_<need>``, ``<need>_satisfaction``), and Kobo matrix columns
  ending that way (``needs_<need>_importance``);
- Google Forms grids: ``Question [row]`` where the row is a need's label (English or French)
  or id and the question says "important" / "importance" or "met" / "répond" / "satisf";
  a column map (:mod:`.column_map`) names the questions when they say neither;
- ``group`` (``groupe``, ``role``), ``area`` (``quartier``, ``secteur``, ``zone``,
  ``neighbourhood``), ``help_most`` (``text``, ``comment``, ``commentaire``);
- identity columns that tell respondents apart and are never analysed: ``respondent``,
  Kobo's ``_uuid``, ``_id``, ``meta/instanceID``, and metadata (``_submission_time``,
  ``start``, ``end``, Google's ``Timestamp`` / ``Horodateur`` …).

Any other column is reported as not used, so a trainer sees at once when a question of their
survey was not understood rather than finding it missing from the results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from workshop_kit.activities.needs.column_map import ColumnMap
from workshop_kit.core.imports import all_texts
from workshop_kit.core.tables import Problem, describe_names, normal
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

IMPORTANCE, MET = "importance", "met"
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

_GRID = re.compile(r"^(?P<question>.*)\[(?P<row>[^\[\]]+)\]\s*$")
_IMPORTANCE_HINTS = ("important", "importance", "importan")
_MET_HINTS = ("met", "well", "repond", "satisf", "comble", "aujourd")


def column_key(header: str) -> str:
    """A header as compared: normalised, without a KoboToolbox group path (``needs/…``)."""
    if "[" not in header and "/" in header:
        header = header.rsplit("/", 1)[-1]
    return normal(header)


def is_global_identity(header: str | None) -> bool:
    """Whether ``header`` holds ids unique beyond one file (see :data:`_GLOBAL_IDENTITIES`)."""
    return bool(header) and column_key(header or "") in _GLOBAL_IDENTITIES


@dataclass
class Columns:
    """Which column of the file holds what (``None``: not in the file)."""

    group: str | None = None
    area: str | None = None
    text: str | None = None
    identity: str | None = None
    ratings: dict[str, dict[str, str]] = field(default_factory=dict)  # need → kind → column
    ignored: list[str] = field(default_factory=list)


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
        by_key.setdefault(column_key(header), header)
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
        key = column_key(header)
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
