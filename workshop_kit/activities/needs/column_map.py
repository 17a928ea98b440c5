"""The column map: where a differently shaped survey keeps what the kit needs.

A survey the kit cannot read on its own (questions worded its own way, answers written as
"Very important" rather than 5) is described once in YAML (see
``data/templates/needs-column-map.example.yaml``) and imported with it, from the command line
(``workshop-kit check survey.csv --column-map map.yaml``) or the page. The map is checked
like a file: an unreadable or mistyped map is a :class:`~workshop_kit.core.tables.Problem`
in the trainer's language, never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workshop_kit.activities.needs.answers import SCALE_MAX, SCALE_MIN, Group
from workshop_kit.core.tables import Problem, TableError
from workshop_kit.i18n import Translator


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
