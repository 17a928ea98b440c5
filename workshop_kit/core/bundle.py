"""The facilitator's full backup of a session: a bundle (JSON) another kit can load.

The bundle is the one file that holds **every answer**, unreleased and unapproved ones
included, so it is named as what it is (:data:`BUNDLE_FILE`: "full backup", "keep it
private") wherever it is offered. It exists to merge two workshops held in the same town
into one kit (``workshop-kit session import``) and to keep a session safe: it moves data
between the facilitator's own kits rather than showing it to anyone. Ids are replaced by
pseudonyms that keep one person's answers together. Loading the same bundle twice adds
nothing: each answer's idempotency key is derived from the bundle's session and answer id.

What leaves for anyone else is the shown state (:mod:`workshop_kit.core.shown_export`) and,
only on request, person-level rows through disclosure control
(:mod:`workshop_kit.core.row_export`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workshop_kit.core.answers import (
    FACILITATOR_ID,
    InvalidAnswer,
    schemas,
    validate_answer,
)
from workshop_kit.core.store import Store
from workshop_kit.profile import Profile

BUNDLE_FORMAT = "workshop-kit-session-bundle"
#: The bundle's file name: what it holds, said where anyone sees the file.
BUNDLE_FILE = "session-bundle-FULL-BACKUP-keep-private.json"
BUNDLE_VERSION = 1
#: Columns of the store's tables that describe the record, not the answer. The page a person
#: answered from (``device_id``) is never exported, not even in the full backup.
RECORD_COLUMNS = ("answer_id", "participant_id", "item", "source", "created_at", "device_id")


def session_activities(store: Store, code: str) -> list[str]:
    """The activities with at least one answer in the session, in a stable order."""
    return [activity for activity, _count, _last in store.activity_state(code, ())]


def _stable_pseudonym(code: str, participant: str) -> str:
    """The same person in every bundle of this session, and no way back to their device id
    (which their phone keeps): the facilitator stays the facilitator, so merges replay."""
    if participant == FACILITATOR_ID:
        return FACILITATOR_ID
    return "p-" + hashlib.sha256(f"{code}:{participant}".encode()).hexdigest()[:16]


# -- the session bundle ----------------------------------------------------------------------------


def session_bundle(store: Store, code: str) -> bytes:
    """Every answer of the session as a JSON bundle (see the module docstring)."""
    session = store.session(code)
    records: list[dict[str, Any]] = []
    for activity in session_activities(store, code):
        frame = store.answers(code, activity, latest_only=False)
        fields = [c for c in frame.columns if c not in RECORD_COLUMNS]
        for row in frame.to_dict("records"):
            records.append(
                {
                    "id": int(row["answer_id"]),
                    "participant": _stable_pseudonym(code, row["participant_id"]),
                    "activity": activity,
                    "source": row["source"],
                    "answer": {f: _json_value(row[f]) for f in fields if _present(row[f])},
                }
            )
    bundle = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "session": {
            "code": session.code,
            "title": session.title,
            "language": session.language,
            "profile": session.profile_name,
            "created_at": session.created_at.isoformat(),
        },
        "answers": records,
    }
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")


def _present(value: Any) -> bool:
    if isinstance(value, list | tuple | dict):
        return True
    return not pd.isna(value)


def _json_value(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict | str):
        return value.item()  # numpy scalars
    return value


class BundleError(ValueError):
    """A file that is not a bundle this kit can load; ``problems`` say why, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class BundleRows:
    """A checked bundle, ready for ``Store.add_facilitator_answers`` (rows grouped by source)."""

    source_code: str
    rows_by_source: dict[str, list[tuple[str, Any, str]]]

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.rows_by_source.values())


def read_bundle(data: bytes, target_code: str, profile: Profile, t: Any) -> BundleRows:
    """Check every answer of a bundle; raise :class:`BundleError` (nothing stored) if any
    does not fit, so a bad file never leaves half its answers behind."""
    try:
        bundle = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BundleError([t("bundle.not_json")]) from None
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise BundleError([t("bundle.not_a_bundle")])
    version = bundle.get("version")
    if not isinstance(version, int) or version > BUNDLE_VERSION:
        raise BundleError([t("bundle.newer", version=str(version))])
    source_code = str(bundle.get("session", {}).get("code", ""))
    records = bundle.get("answers")
    if not source_code or not isinstance(records, list):
        raise BundleError([t("bundle.not_a_bundle")])
    known = schemas()
    problems: list[str] = []
    rows: dict[str, list[tuple[str, Any, str]]] = {}
    for number, record in enumerate(records, start=1):
        try:
            activity = str(record["activity"])
            if activity not in known:
                problems.append(t("bundle.unknown_activity", number=number, activity=activity))
                continue
            answer = validate_answer(activity, record["answer"], profile)
            participant = str(record["participant"])
            source = str(record.get("source", "import"))
            answer_id = int(record["id"])
        except (KeyError, TypeError, ValueError, InvalidAnswer):
            problems.append(t("bundle.bad_answer", number=number))
            continue
        key = (
            "bundle-"
            + hashlib.sha256(f"{target_code}:{source_code}:{answer_id}".encode()).hexdigest()[:48]
        )
        rows.setdefault(source, []).append((participant, answer, key))
    if problems:
        raise BundleError(problems[:20])
    return BundleRows(source_code, rows)


def load_bundle(store: Store, target_code: str, key_hash: str, bundle: BundleRows) -> int:
    """Store a checked bundle in ``target_code`` (the store checks the facilitator key);
    returns how many answers were new."""
    stored = 0
    for source, rows in bundle.rows_by_source.items():
        stored += store.add_facilitator_answers(target_code, key_hash, rows, source=source)
    return stored
