"""The CareMap file: a small JSON document a caregiver keeps, to redraw their map later and
compare two dates. Bytes in, bytes out: this module reads and writes no file itself.

The format, version 2 (``docs/caremap.md`` documents every field)::

    {
      "format": "workshop-kit-caremap",
      "version": 2,
      "saved_on": "2026-03-12",
      "map": {
        "cared_for": [
          {"id": "them", "label": "Mum", "relationship": "family", "lives": "with_me"},
          {"id": "them2", "label": "Dad", "relationship": "family", "lives": "far"}
        ],
        "people": [{"id": "p1", "label": "Sam", "relationship": "friend", "lives": "nearby"}],
        "ties": [
          {"giver": "me", "receiver": "them", "help": ["personal_care"], "frequency": "daily"},
          {"giver": "me", "receiver": "them2", "help": ["company"], "frequency": "weekly"},
          {"giver": "p1", "receiver": "me", "help": ["company"], "frequency": "weekly"}
        ]
      }
    }

**Version 1** (the kit before the drawing followed the Atlas CareMap) is still read, and
nothing in it is lost (:func:`upgrade_v1`): its one ``cared_for`` object becomes a list of one;
each person's ``closeness`` (how close they felt, which version 1 drew as the distance from the
middle) is kept as it was, under the same name, and no longer drawn; where they live (``lives``)
is not said, since version 1 never asked it. Frequencies and help are the same in both
versions. Opening a version 1 file says so (``file_version_1``). Saving writes version 2.

A file never says whether the map was shared with a group: that choice belongs to a session,
and a map opened from a file starts private.

Reading refuses, with a :class:`~workshop_kit.activities.caremap.model.Problem` the caller says
in the reader's language, and without changing anything: a file that is not JSON, another
program's JSON (no ``format`` or another one), a newer ``version`` than this kit reads, a map
that does not fit the schema, someone caring for themselves, and an empty map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from workshop_kit.activities.caremap.answers import CareMapAnswer
from workshop_kit.activities.caremap.model import (
    CareMap,
    map_problems,
)
from workshop_kit.activities.caremap.problems import (
    ERROR,
    NOTICE,
    Problem,
)

FORMAT = "workshop-kit-caremap"
#: The newest version this kit writes and reads; version 1 is read too (:func:`upgrade_v1`).
VERSION = 2
#: A map of 30 people is about 6 kB; anything much larger is not a CareMap.
MAX_BYTES = 200_000
MEDIA_TYPE = "application/json"
MAP_KEYS = ("cared_for", "people", "ties")


class MapFileError(ValueError):
    """A file that cannot be opened as a CareMap; ``problems`` say why."""

    def __init__(self, problem: Problem) -> None:
        self.problems = [problem]
        super().__init__(problem.code)


@dataclass(frozen=True)
class MapFile:
    """A map read from a file, the date it was saved (if given), and what to tell the reader
    about it (notices: two people with the same name, nobody else on the map)."""

    care_map: CareMap
    saved_on: date | None
    notices: tuple[Problem, ...] = ()


def dump_map(care_map: CareMap, saved_on: date | None = None) -> bytes:
    """The file's bytes (UTF-8 JSON, indented so a trainer can read it). ``closeness`` is
    written only where a version 1 map had it."""
    body = care_map.model_dump(mode="json")
    for key in ("cared_for", "people"):
        body[key] = [
            {k: v for k, v in entry.items() if k != "closeness" or v is not None}
            for entry in body[key]
        ]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "saved_on": saved_on.isoformat() if saved_on else None,
        "map": {key: body[key] for key in MAP_KEYS},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def file_name(saved_on: date | None = None, suffix: str = "json") -> str:
    """``caremap-2026-03-12.json`` (``caremap.json`` undated)."""
    return f"caremap-{saved_on.isoformat()}.{suffix}" if saved_on else f"caremap.{suffix}"


def _refuse(code: str, **values: Any) -> MapFileError:
    return MapFileError(
        Problem(f"file_{code}", ERROR, tuple((k, str(v)) for k, v in values.items()))
    )


def load_map(data: bytes) -> MapFile:
    """Read a CareMap file; raise :class:`MapFileError` (nothing read) when it is not one."""
    if len(data) > MAX_BYTES:
        raise _refuse("too_large", size=f"{len(data) // 1000} kB", limit=f"{MAX_BYTES // 1000} kB")
    try:
        document = json.loads(bytes(data).decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse("not_json") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refuse("other_program")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse("invalid", where="version")
    if version > VERSION:
        raise _refuse("newer", version=version, supported=VERSION)
    body = document.get("map")
    if not isinstance(body, dict):
        raise _refuse("invalid", where="map")
    if not any(body.get(key) for key in MAP_KEYS):
        raise _refuse("empty")
    notices: list[Problem] = []
    if version == 1:
        body = upgrade_v1(body)
        notices.append(Problem("file_version_1", NOTICE))
    unknown = sorted(set(body) - set(MAP_KEYS))
    if unknown:
        raise _refuse("invalid", where=f"map › {unknown[0]}"[:80])
    saved_on = _date(document.get("saved_on"))
    _refuse_loops(body)
    try:
        care_map = CareMapAnswer.model_validate(
            {**{key: body[key] for key in MAP_KEYS if key in body}, "shared": False}
        )
    except ValidationError as error:
        first = error.errors()[0]
        where = " › ".join(
            str(part + 1 if isinstance(part, int) else part) for part in first["loc"]
        )
        if not where:
            raise _refuse("links") from None
        raise _refuse("invalid", where=where) from None
    return MapFile(care_map, saved_on, (*notices, *map_problems(care_map)))


def upgrade_v1(body: dict[str, Any]) -> dict[str, Any]:
    """A version 1 map as version 2, nothing lost: the one ``cared_for`` object becomes a list
    of one; ``closeness`` stays as it was (no longer drawn); ``lives`` is not said. Anything
    that is not the shape version 1 had is left for the schema to refuse, saying where."""
    upgraded = dict(body)
    cared_for = body.get("cared_for")
    if isinstance(cared_for, dict):
        upgraded["cared_for"] = [cared_for]
    return upgraded


def _date(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _refuse("invalid", where="saved_on") from None


def _refuse_loops(body: dict[str, Any]) -> None:
    """Someone listed as caring for themselves is said by name, not as a schema error."""
    ties = body.get("ties")
    if not isinstance(ties, list):
        return
    labels: dict[str, str] = {"me": "me"}
    cared_for = body.get("cared_for")
    cared_for = cared_for if isinstance(cared_for, list) else [cared_for]
    for entry in [*cared_for, *(body.get("people") or [])]:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            labels[entry["id"]] = str(entry.get("label", entry["id"]))[:40]
    for tie in ties:
        if (
            isinstance(tie, dict)
            and tie.get("giver") is not None
            and (tie.get("giver") == tie.get("receiver"))
        ):
            giver = str(tie["giver"])
            raise _refuse("loop", name=labels.get(giver, giver[:40]))
