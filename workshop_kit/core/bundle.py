"""A session's answers leaving the kit: anonymised tables, and a bundle another kit can load.

Two kinds of file, for two purposes:

- **Anonymised answers** (one CSV per activity and one XLSX workbook with a sheet per
  activity), for the community's own records. Each participant's random device id is replaced
  by a pseudonym (``P001`` …) that means nothing outside the file, and the rows are the
  *released* answers (:func:`workshop_kit.core.release.released_answers_of`): the file never
  holds an answer the projector could not have shown, so comparing it with the last projected
  chart reveals no one. Every text cell is made formula-safe (:mod:`workshop_kit.core.exports`).
- **A session bundle** (JSON), to merge two workshops held in the same town into one kit
  (``workshop-kit session import``). It carries every answer, because it moves data between
  the facilitator's own kits rather than showing it to anyone, with ids replaced by
  pseudonyms that keep one person's answers together. Loading the same bundle twice adds
  nothing: each answer's idempotency key is derived from the bundle's session and answer id.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workshop_kit.core.answers import (
    FACILITATOR_ID,
    InvalidAnswer,
    schemas,
    validate_answer,
)
from workshop_kit.core.exports import ExportFile, safe_csv, safe_frame
from workshop_kit.core.release import released_answers_of
from workshop_kit.core.store import Store
from workshop_kit.profile import Profile

BUNDLE_FORMAT = "workshop-kit-session-bundle"
BUNDLE_VERSION = 1
#: Columns of the store's tables that describe the record, not the answer.
RECORD_COLUMNS = ("answer_id", "participant_id", "item", "source", "created_at")


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
    (which their phone keeps): the facilitator stays the facilitator, so merges replay."""
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
        released = released_answers_of(store, code, activity, profile.min_cell_size)
        if released is None or released.empty:
            continue
        released = released[released["participant_id"] != FACILITATOR_ID]
        if not released.empty:
            frames[activity] = released
    frames = _exportable(store, code, frames)
    names = _pseudonyms(p for frame in frames.values() for p in frame["participant_id"])
    tables: dict[str, pd.DataFrame] = {}
    for activity, frame in frames.items():
        latest = frame.drop_duplicates(["participant_id", "item"], keep="last")
        table = latest.drop(columns=["answer_id"]).copy()
        table["participant_id"] = table["participant_id"].map(names)
        table = table.rename(columns={"participant_id": "participant"})
        table["created_at"] = pd.to_datetime(table["created_at"]).dt.strftime("%Y-%m-%d %H:%M")
        tables[activity] = table.reset_index(drop=True)
    return tables


def _exportable(
    store: Store, code: str, frames: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """Each activity's rows as its ``exported`` hook allows (written answers the facilitator
    never approved stay in the bundle, the facilitator's backup, and nowhere else)."""
    from workshop_kit.core.activity import discover
    from workshop_kit.core.answers import review_decisions

    known = discover()
    hooked = [a for a in frames if a in known and known[a].exported is not None]
    if not hooked:
        return frames
    decisions = review_decisions(store.answers(code, "text_reviews"))
    kept = dict(frames)
    for activity in hooked:
        info = known[activity]
        table = info.load(info.exported or "")(frames[activity], decisions)
        if table.empty:
            del kept[activity]
        else:
            kept[activity] = table
    return kept


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
