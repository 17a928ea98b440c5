"""A session's answers leaving the kit: anonymised tables, and a bundle another kit can load.

Two kinds of file, for two purposes:

- **Anonymised answers** (one CSV per activity and one XLSX workbook with a sheet per
  activity), for the community's own records. Each participant's random device id is replaced
  by a pseudonym (``P001`` …) that means nothing outside the file, and the rows are the
  *released* answers (:func:`workshop_kit.core.disclosure.released_answers`): the file never
  holds an answer the projector could not have shown, so comparing it with the last projected
  chart reveals no one. Every text cell is made formula-safe (:mod:`workshop_kit.core.exports`).
- **A session bundle** (JSON), to merge two workshops held in the same town into one kit
  (``workshop-kit session import``). It carries every answer, because it moves data between
  the facilitator's own kits rather than showing it to anyone, with ids replaced by
  pseudonyms that keep one person's answers together (and the people of one shared page
  together: disclosure counts them once in the session the bundle goes into too). Loading the
  same bundle twice adds nothing: each answer's idempotency key is derived from the bundle's
  session and answer id.

A bundle is a file someone hands the facilitator, and nothing in it proves who made it: it
brings answers, never decisions. The facilitator's records it holds (text approvals, merges,
actions) are left out when it is loaded, and counted (:attr:`BundleRows.decisions_left_out`),
so the texts it carries wait in the moderation list of this session "to review" like any new
answer, and nothing a forged file says reaches the projector or the report unapproved.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
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
from workshop_kit.core.disclosure import DEVICE_COLUMN, released_answers
from workshop_kit.core.exports import ExportFile, safe_csv, safe_frame
from workshop_kit.core.store import Store
from workshop_kit.profile import Profile

BUNDLE_FORMAT = "workshop-kit-session-bundle"
BUNDLE_VERSION = 1
#: Columns of the store's tables that describe the record, not the answer.
RECORD_COLUMNS = ("answer_id", "participant_id", DEVICE_COLUMN, "item", "source", "created_at")
#: Sources a loaded answer keeps; any other (``facilitator``, or a made-up one) is not loaded
#: as such (see the module docstring).
LOADED_SOURCES = ("live", "import")


def session_activities(store: Store, code: str) -> list[str]:
    """The activities with at least one answer in the session, in a stable order."""
    return [activity for activity, _count, _last in store.activity_state(code, ())]


def _pseudonyms(ids: Iterable[str]) -> dict[str, str]:
    """``P001``, ``P002`` … in order of first appearance."""
    names: dict[str, str] = {}
    for participant in ids:
        names.setdefault(participant, f"P{len(names) + 1:03d}")
    return names


def _stable_pseudonym(code: str, participant: str) -> str:
    """The same person in every bundle of this session, and no way back to their device id
    (which their phone keeps). The facilitator's records stay marked as theirs, so that a
    loading kit knows to leave them out (:func:`read_bundle`)."""
    if participant == FACILITATOR_ID:
        return FACILITATOR_ID
    return "p-" + hashlib.sha256(f"{code}:{participant}".encode()).hexdigest()[:16]


def anonymised_answers(store: Store, code: str, profile: Profile) -> dict[str, pd.DataFrame]:
    """activity -> its released answers, latest per person and item, ids pseudonymised.

    The facilitator's own records (merge decisions, text reviews) are decisions, not answers:
    they are left out.
    """
    frames: dict[str, pd.DataFrame] = {}
    for activity in session_activities(store, code):
        log = store.answers(code, activity, latest_only=False)
        people = log[log["participant_id"] != FACILITATOR_ID]
        released = released_answers(people, profile.min_cell_size)
        if not released.empty:
            frames[activity] = released
    names = _pseudonyms(p for frame in frames.values() for p in frame["participant_id"])
    tables: dict[str, pd.DataFrame] = {}
    for activity, frame in frames.items():
        latest = frame.drop_duplicates(["participant_id", "item"], keep="last")
        # the page's id stays on the phone that keeps it: never in a file
        table = latest.drop(columns=["answer_id", DEVICE_COLUMN], errors="ignore").copy()
        table["participant_id"] = table["participant_id"].map(names)
        table = table.rename(columns={"participant_id": "participant"})
        table["created_at"] = pd.to_datetime(table["created_at"]).dt.strftime("%Y-%m-%d %H:%M")
        tables[activity] = table.reset_index(drop=True)
    return tables


def answer_files(tables: dict[str, pd.DataFrame]) -> list[ExportFile]:
    """One formula-safe CSV per activity and one XLSX workbook with a sheet each."""
    files = [
        ExportFile(f"answers-{activity}.csv", "text/csv", safe_csv(table, index=False))
        for activity, table in tables.items()
    ]
    if tables:
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as workbook:
            for activity, table in tables.items():
                safe_frame(_plain(table)).to_excel(workbook, sheet_name=activity[:31], index=False)
        files.append(
            ExportFile(
                "answers.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                buffer.getvalue(),
            )
        )
    return files


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Lists (several needs an asset helps with …) as text a spreadsheet cell can hold."""
    return table.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v)


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
