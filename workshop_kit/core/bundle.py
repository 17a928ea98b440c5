"""The facilitator's full backup of a session: a bundle (JSON) another kit can load.

The bundle is the one file that holds **every answer**, unreleased and unapproved ones
included, so it is named as what it is (:data:`BUNDLE_FILE`: "full backup", "keep it
private") wherever it is offered. It exists to merge two workshops held in the same town
into one kit (``workshop-kit session import``) and to keep a session safe: it moves data
between the facilitator's own kits rather than showing it to anyone. Ids are replaced by
pseudonyms that keep one person's answers together. Loading the same bundle twice adds
nothing: each answer's idempotency key is derived from the bundle's session and answer id.

A bundle is a file someone hands the facilitator, and nothing in it proves who made it: it
brings answers, never decisions. The facilitator's records it holds (text approvals, merges,
actions) are left out when it is loaded, and counted (:attr:`BundleRows.decisions_left_out`),
so the texts it carries wait in the moderation list of this session "to review" like any new
answer, and nothing a forged file says reaches the projector or the report unapproved. The
people of one shared page stay together under one pseudonym of their page, so disclosure
counts them once in the session the bundle goes into too.

What leaves for anyone else is the shown state (:mod:`workshop_kit.core.shown_export`) and,
only on request, person-level rows through disclosure control
(:mod:`workshop_kit.core.row_export`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from workshop_kit.core.answers import (
    FACILITATOR_ID,
    FACILITATOR_SOURCE,
    InvalidAnswer,
    TextReviewAnswer,
    schemas,
    validate_answer,
)
from workshop_kit.core.disclosure import DEVICE_COLUMN
from workshop_kit.core.store import Store
from workshop_kit.profile import Profile

BUNDLE_FORMAT = "workshop-kit-session-bundle"
#: The bundle's file name: what it holds, said where anyone sees the file.
BUNDLE_FILE = "session-bundle-FULL-BACKUP-keep-private.json"
BUNDLE_VERSION = 1
#: Columns of the store's tables that describe the record, not the answer.
RECORD_COLUMNS = ("answer_id", "participant_id", DEVICE_COLUMN, "item", "source", "created_at")
#: Sources a loaded answer keeps; any other (``facilitator``, or a made-up one) is not loaded
#: as such (see the module docstring).
LOADED_SOURCES = ("live", "import")


def session_activities(store: Store, code: str) -> list[str]:
    """The activities with at least one answer in the session, in a stable order."""
    return [activity for activity, _count, _last in store.activity_state(code, ())]


def _stable_pseudonym(code: str, participant: str) -> str:
    """The same person in every bundle of this session, and no way back to their device id
    (which their phone keeps). The facilitator's records stay marked as theirs, so that a
    loading kit knows to leave them out (:func:`read_bundle`)."""
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
            record = {
                "id": int(row["answer_id"]),
                "participant": _stable_pseudonym(code, row["participant_id"]),
                "activity": activity,
                "source": row["source"],
                "answer": {f: _json_value(row[f]) for f in fields if _present(row[f])},
            }
            device = row.get(DEVICE_COLUMN)
            if isinstance(device, str) and device:
                record["device"] = _stable_pseudonym(code, f"device:{device}")
            records.append(record)
    bundle = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "session": {
            "code": session.code,
            "title": session.title,
            "language": session.language,
            "profile": session.profile_name,
            "created_at": session.created_at.isoformat(),
            # a practice session's answers never join a real session (and the reverse)
            **({"rehearsal": True} if session.rehearsal else {}),
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
    #: participant -> the shared page they answered from, as the target session will know it
    devices: dict[str, str] = field(default_factory=dict)
    #: The facilitator's records the file held (approvals, merges, actions): not loaded.
    decisions_left_out: int = 0

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.rows_by_source.values())


def read_bundle(
    data: bytes, target_code: str, profile: Profile, t: Any, into_practice: bool = False
) -> BundleRows:
    """Check every answer of a bundle; raise :class:`BundleError` (nothing stored) if any
    does not fit, so a bad file never leaves half its answers behind. A practice session's
    bundle goes only into a practice session (``into_practice``), a real one only into a
    real one: rehearsals never mix with workshops."""
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
    if bool(bundle.get("session", {}).get("rehearsal")) != into_practice:
        raise BundleError([t("bundle.practice_mix")])
    records = bundle.get("answers")
    if not source_code or not isinstance(records, list):
        raise BundleError([t("bundle.not_a_bundle")])
    known = schemas()
    problems: list[str] = []
    rows: dict[str, list[tuple[str, Any, str]]] = {}
    devices: dict[str, str] = {}
    left_out = 0
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
            device = record.get("device")
        except (KeyError, TypeError, ValueError, InvalidAnswer):
            problems.append(t("bundle.bad_answer", number=number))
            continue
        if _is_decision(participant, source, activity):
            left_out += 1
            continue
        loaded_as = _loaded_id(source_code, participant)
        if isinstance(device, str) and device:
            devices[loaded_as] = _loaded_id(source_code, f"device:{device}")
        key = (
            "bundle-"
            + hashlib.sha256(f"{target_code}:{source_code}:{answer_id}".encode()).hexdigest()[:48]
        )
        loaded_source = source if source in LOADED_SOURCES else "live"
        rows.setdefault(loaded_source, []).append((loaded_as, answer, key))
    if problems:
        raise BundleError(problems[:20])
    return BundleRows(source_code, rows, devices, left_out)


def _is_decision(participant: str, source: str, activity: str) -> bool:
    """Whether a bundle's record claims to be a facilitator's decision (see the module
    docstring): such records are left out, whoever the file says made them."""
    return (
        participant == FACILITATOR_ID
        or source == FACILITATOR_SOURCE
        or activity == TextReviewAnswer.activity
    )


def _loaded_id(source_code: str, pseudonym: str) -> str:
    """A bundle's pseudonym as the target session stores it: the same on every load of the
    same bundle, and never equal to the id of a participant or page of this kit (those are
    32 hex digits), whatever the file says."""
    digest = hashlib.sha256(f"{source_code}:{pseudonym}".encode()).hexdigest()[:24]
    return f"b-{digest}"


def load_bundle(store: Store, target_code: str, key_hash: str, bundle: BundleRows) -> int:
    """Store a checked bundle in ``target_code`` (the store checks the facilitator key);
    returns how many answers were new."""
    stored = 0
    for source, rows in bundle.rows_by_source.items():
        stored += store.add_facilitator_answers(
            target_code, key_hash, rows, source=source, devices=bundle.devices
        )
    return stored
