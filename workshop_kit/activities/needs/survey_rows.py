"""Every row of a survey file checked and turned into the answers a phone would send.

Cells: ratings are whole numbers 1–5 (``4``, ``4.0``, ``4 - Very important``); groups and
areas are ids or labels in English or French, any case (``Caregiver``, ``proche aidante``,
``Vieille-Ville``), or what the column map (:mod:`.column_map`) says they mean.

Each respondent gets a synthetic id (``import-`` + a hash of their Kobo id, or of the whole
row when the file has none: :func:`~workshop_kit.core.imports.participant_id`), so importing
the same file again finds the same people, and a corrected KoboToolbox submission replaces
its earlier answers. Copied rows and repeated respondent ids are refused: they would count
one person twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from workshop_kit.activities.needs.answers import MAX_NEEDS_TEXT, SCALE_MAX, SCALE_MIN, NeedsAnswer
from workshop_kit.activities.needs.column_map import ColumnMap
from workshop_kit.activities.needs.survey_columns import (
    IMPORTANCE,
    MET,
    Columns,
    is_global_identity,
)
from workshop_kit.core.imports import (
    Findings,
    ImportedRow,
    all_texts,
    choice_index,
    participant_id,
    rows_of,
    rows_problem,
)
from workshop_kit.core.tables import Problem, normal
from workshop_kit.i18n import Translator, texts_in_every_language
from workshop_kit.profile import GROUPS, Profile

#: Catalog prefix of the row problems.
MESSAGES = "needs.import"

#: Other ways people write the groups (compared after :func:`normal`).
GROUP_SYNONYMS: dict[str, tuple[str, ...]] = {
    "caregiver": ("carer", "family_caregiver", "aidant", "aidante", "proche_aidante"),
    "bereaved": ("endeuillee", "en_deuil"),
    "living_with_illness": ("patient", "malade", "living_with_a_serious_illness"),
    "professional": ("professionnel", "professionnelle", "health_worker", "care_worker"),
    "neighbour": ("neighbor", "voisin", "voisine", "benevole", "volunteer"),
    "other": ("autre",),
}

_RATING = re.compile(r"^([0-9]+)(?:[.,]0+)?(?:\s*[-–—:=(/].*)?$")


@dataclass
class CheckedRows:
    """What the rows of one file hold: the answers, the people, and the problems found."""

    answers: list[ImportedRow] = field(default_factory=list)
    respondents: int = 0
    problems: list[Problem] = field(default_factory=list)


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


def validate_rows(
    table: pd.DataFrame,
    columns: Columns,
    profile: Profile,
    column_map: ColumnMap,
    t: Translator,
) -> CheckedRows:
    """Check every row of ``table`` (read with the headers :func:`~.survey_columns.
    find_columns` chose) and build its answers; a row's problems never stop the others."""
    result = CheckedRows()
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
    global_identity = is_global_identity(columns.identity)

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
    return result


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
        MESSAGES,
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
        problems.append(rows_problem("duplicate_rows", copies, t, MESSAGES, pairs=pairs))
    if duplicate_ids:
        problems.append(rows_problem("duplicate_ids", duplicate_ids, t, MESSAGES))
    for need, rows in half.items():
        need_label = need_labels.get(need, need)
        problems.append(rows_problem("half_rating", rows, t, MESSAGES, "warning", need=need_label))
    if empty_rows:
        problems.append(rows_problem("empty_rows", empty_rows, t, MESSAGES, "warning"))
    return problems
