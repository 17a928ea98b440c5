"""The Charter self-assessment's pure model: where the room thinks the town stands on each
commitment, where people disagree, the texts they wrote and the facilitator's action list.

No widgets, files or database (the import contract checks it). The commitments come in as
plain data (their ids, in order, and their labels), read elsewhere (:mod:`.commitments`).

**Scale.** Not started = 0, planned = 1, under way = 2, in place = 3. "Not applicable" is
counted (it is an answer) but is not on the scale.

**Progress** of a commitment: the mean of its ratings on the scale, divided by 3, so 0 means
everyone said "not started" and 1 everyone said "in place".

**Disagreement**: Leik's measure of ordinal dispersion (Leik, R. K. 1966, "A measure of
ordinal consensus", Pacific Sociological Review 9(2): 85-90), over the four statuses on the
scale ("not applicable" left out). With ``F_i`` the share of ratings at status ``i`` or below,

    D = 2 / (m - 1) × Σ_{i=1}^{m-1} min(F_i, 1 - F_i)        (m = 4 statuses)

D is 0 when everyone gave the same status and 1 when the room is split in two halves at the
two ends (half "not started", half "in place"); four equal quarters give 2/3. Unlike a standard
deviation it uses only the order of the statuses, not distances between them. Commitments with
a disagreement of at least :data:`DISCUSS_MIN` are offered for discussion, largest first: half
the room saying "planned" and half "in place" gives 2/3, while a split between two neighbouring
statuses (half "planned", half "under way") gives 1/3 and is not offered.

**Typical status**: the median rating on the scale (the lower one of the two middle ratings
when their number is even): it colours the chart and is exported.

**Disclosure control** (:mod:`workshop_kit.core.disclosure`, rule 1): a commitment rated by
fewer than ``min_cell_size`` people shows nothing at all ("too few to show"); its progress,
typical status and disagreement need at least ``min_cell_size`` ratings on the scale. How many
people chose each status is never shown: each status is a group of people, and in a room of a
dozen with ``k = 5`` almost every commitment has a status chosen by 1 to 4 people. Protected
counts (:func:`~workshop_kit.core.disclosure.protect_counts`, which must then hide the
complement too) left eight of ten commitments without a single count in a trial with twelve
people; and counts shown beside an exact mean can give a hidden small group away (6 raters,
5 "in place" and 1 "not started": a progress of 83% says so). The room sees, per commitment,
figures built from at least ``k`` people: how many rated it, its progress, typical status and
disagreement.
Written evidence and next steps reach the projector only once the facilitator approves them
(rule 3); until then they are counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import pandas as pd

from workshop_kit.activities.charter.answers import SCALE, STATUSES
from workshop_kit.core.answers import facilitator_records
from workshop_kit.core.disclosure import (
    NO_ANSWERS,
    SHOWN,
    TOO_FEW,
    approved_texts,
    enough,
    text_key,
)
from workshop_kit.i18n import Translator

#: The statuses on the scale, in order.
RATED = tuple(SCALE)
#: The two kinds of text a rating may carry.
TEXT_KINDS = ("evidence", "next_step")
#: Disagreement from which a commitment is offered for discussion (see the module docstring).
DISCUSS_MIN = 0.5
#: At most this many commitments are offered for discussion.
DISCUSS_TOP = 3
#: Columns of the action list.
ACTION_COLUMNS = ["action_id", "commitment", "action", "who", "by_when"]


# -- ratings ------------------------------------------------------------------------------------


def ratings(answers: pd.DataFrame | None, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The usable ratings: one row per person and commitment (the latest), with a known
    status and, when ``ids`` is given, a commitment in ``ids``.

    Columns ``participant_id``, ``commitment``, ``status``, ``evidence``, ``next_step``.
    A table without participant ids (a file) counts one person per row.
    """
    columns = ["participant_id", "commitment", "status", *TEXT_KINDS]
    if answers is None or answers.empty or not {"commitment", "status"} <= set(answers):
        return pd.DataFrame(columns=columns)
    frame = answers
    if "answer_id" in frame:
        frame = frame.sort_values("answer_id", kind="stable")
    frame = frame.assign(
        participant_id=frame["participant_id"].astype(str)
        if "participant_id" in frame
        else [f"row-{i}" for i in range(len(frame))],
        **{kind: frame.get(kind) for kind in TEXT_KINDS},
    )
    frame = frame[frame["status"].isin(STATUSES) & frame["commitment"].notna()]
    if ids is not None:
        frame = frame[frame["commitment"].isin(list(ids))]
    frame = frame.drop_duplicates(["participant_id", "commitment"], keep="last")
    return frame.loc[:, columns].reset_index(drop=True)


def status_counts(rated: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """How many people gave each status to each commitment (``ids`` × :data:`STATUSES`)."""
    if rated.empty:
        return pd.DataFrame(0, index=list(ids), columns=list(STATUSES), dtype="int64")
    counts = pd.crosstab(rated["commitment"], rated["status"])
    return counts.reindex(index=list(ids), columns=list(STATUSES), fill_value=0).astype("int64")


def leik_dispersion(counts: Sequence[int]) -> float | None:
    """Leik's ordinal dispersion of ``counts`` (people per category, in order): 0 when all
    agree, 1 when split in halves at the two ends; ``None`` for no one."""
    total = sum(int(c) for c in counts)
    if total == 0:
        return None
    if len(counts) < 2:
        return 0.0
    cumulative = Fraction(0)
    spread = Fraction(0)
    for count in list(counts)[:-1]:
        cumulative += Fraction(int(count), total)
        spread += min(cumulative, 1 - cumulative)
    return float(2 * spread / (len(counts) - 1))


def progress(counts: Sequence[int]) -> float | None:
    """Mean position on the scale of ``counts`` (people at each of :data:`RATED`), from 0 (all
    "not started") to 1 (all "in place"); ``None`` for no one."""
    total = sum(int(c) for c in counts)
    if total == 0:
        return None
    top = len(counts) - 1
    return float(Fraction(sum(i * int(c) for i, c in enumerate(counts)), total * top))


def typical_status(counts: Sequence[int]) -> str | None:
    """The median status of ``counts`` (people at each of :data:`RATED`): the lower middle
    rating when their number is even; ``None`` for no one."""
    total = sum(int(c) for c in counts)
    if total == 0:
        return None
    middle = (total + 1) // 2  # the position of the lower median, counting from 1
    seen = 0
    for status, count in zip(RATED, counts, strict=True):
        seen += int(count)
        if seen >= middle:
            return status
    raise AssertionError("unreachable")  # pragma: no cover


#: Columns of :func:`charter_table`.
TABLE_COLUMNS = ["raters", "progress", "typical", "disagreement", "status"]


def charter_table(
    answers: pd.DataFrame | None, ids: Sequence[str], min_cell_size: int
) -> pd.DataFrame:
    """One row per commitment (in ``ids`` order), as it may be shown and exported.

    ``raters`` (who rated it, "not applicable" included), ``progress`` (0 to 1), ``typical``
    (the median status) and ``disagreement`` (0 to 1), and ``status``: ``shown``, ``too_few``
    (rated by 1 to ``min_cell_size - 1`` people: every figure missing) or ``no_answers``.
    Progress, typical status and disagreement also stay missing until ``min_cell_size`` people
    rated the commitment on the scale (not counting "not applicable").
    """
    counts = status_counts(ratings(answers, ids), ids)
    rows: list[dict[str, Any]] = []
    for commitment in ids:
        raters = int(counts.loc[commitment].sum())
        scale = [int(counts.at[commitment, s]) for s in RATED]
        row: dict[str, Any] = dict.fromkeys(TABLE_COLUMNS)
        if raters == 0:
            row |= {"raters": 0, "status": NO_ANSWERS}
        elif not enough(raters, min_cell_size):
            row |= {"status": TOO_FEW}
        else:
            row |= {"raters": raters, "status": SHOWN}
            if enough(sum(scale), min_cell_size):
                row |= {
                    "progress": progress(scale),
                    "typical": typical_status(scale),
                    "disagreement": leik_dispersion(scale),
                }
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index(list(ids), name="commitment"), columns=TABLE_COLUMNS)
    table["raters"] = table["raters"].astype("Int64")
    for column in ("progress", "disagreement"):
        table[column] = table[column].astype("Float64")
    table["typical"] = pd.Series([row["typical"] for row in rows], index=table.index, dtype=object)
    return table


def to_discuss(table: pd.DataFrame, top: int = DISCUSS_TOP) -> list[str]:
    """The commitments people disagree about most (at least :data:`DISCUSS_MIN`), largest
    first; ties in the charter's order."""
    shown = table["disagreement"].dropna()
    shown = shown[shown >= DISCUSS_MIN - 1e-9]
    order = {commitment: i for i, commitment in enumerate(table.index)}
    ranked = sorted(shown.index, key=lambda c: (-float(shown[c]), order[c]))
    return ranked[:top]


# -- texts --------------------------------------------------------------------------------------


def notes(answers: pd.DataFrame | None, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The evidence and next steps written (latest rating per person and commitment), one
    row per distinct text of a commitment and kind, in the order they arrived.

    Columns ``commitment``, ``kind`` (``evidence`` or ``next_step``), ``text``, ``key``
    (:func:`~workshop_kit.core.disclosure.text_key`, what the facilitator's decision is about).
    """
    rated = ratings(answers, ids)
    rows = []
    for record in rated.to_dict("records"):
        for kind in TEXT_KINDS:
            text = record.get(kind)
            if isinstance(text, str) and text.strip():
                rows.append(
                    {"commitment": record["commitment"], "kind": kind, "text": text.strip()}
                )
    frame = pd.DataFrame(rows, columns=["commitment", "kind", "text"])
    frame["key"] = [text_key(text) for text in frame["text"]]
    return frame.drop_duplicates(["commitment", "kind", "key"]).reset_index(drop=True)


def approved_notes(written: pd.DataFrame, decisions: Mapping[str, str]) -> pd.DataFrame:
    """Only the texts the facilitator approved for the projector (rule 3, through
    :func:`~workshop_kit.core.disclosure.approved_texts`)."""
    if written.empty:
        return written
    approved = set(approved_texts(written["text"], decisions))
    return written[written["text"].isin(approved)].reset_index(drop=True)


# -- the facilitator's action list ---------------------------------------------------------------


def action_list(records: pd.DataFrame | None) -> pd.DataFrame:
    """The current action list from ``Store.answers(code, "charter_actions", latest_only=False)``
    (or the latest records): only what the facilitator recorded counts; the latest record per
    action wins; removed actions are left out; actions keep the order they were first added.
    """
    mine = facilitator_records(records)
    if mine is None or mine.empty or "action_id" not in mine:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    if "answer_id" in mine:
        mine = mine.sort_values("answer_id", kind="stable")
    first = {action: i for i, action in enumerate(dict.fromkeys(mine["action_id"]))}
    latest = mine.drop_duplicates("action_id", keep="last")
    if "removed" in latest:
        latest = latest[~latest["removed"].fillna(False).astype(bool)]
    latest = latest.assign(order=[first[a] for a in latest["action_id"]]).sort_values("order")
    frame = latest.reindex(columns=ACTION_COLUMNS)
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.reset_index(drop=True)


# -- sentences ----------------------------------------------------------------------------------


def _percent(value: float, t: Translator) -> str:
    return t.percent(round(float(value), 2))


def summary_sentence(
    table: pd.DataFrame, labels: Mapping[str, str], people: int, k: int, t: Translator
) -> str:
    """The sentence under the chart, from the shown figures only: how many took part, which
    commitment is furthest along and which least, and how many are not shown."""
    if people == 0:
        return t("charter.summary.empty")
    shown = table[table["status"] == SHOWN]
    if shown.empty:
        return t("charter.summary.waiting", count=people, min=k)
    parts = [t("charter.summary.people", count=people)]
    scored = shown["progress"].dropna()
    if not scored.empty:
        order = {c: i for i, c in enumerate(table.index)}
        best = max(scored.index, key=lambda c: (float(scored[c]), -order[c]))
        worst = min(scored.index, key=lambda c: (float(scored[c]), order[c]))
        parts.append(
            t(
                "charter.summary.best",
                commitment=labels.get(best, best),
                progress=_percent(scored[best], t),
            )
        )
        if worst != best:
            parts.append(
                t(
                    "charter.summary.worst",
                    commitment=labels.get(worst, worst),
                    progress=_percent(scored[worst], t),
                )
            )
    hidden = int((table["status"] == TOO_FEW).sum())
    if hidden:
        parts.append(t("charter.summary.hidden", count=hidden, min=k))
    return " ".join(parts)


def discussion_sentence(table: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> str:
    """Where people disagree most, or why nothing is offered for discussion."""
    if table["disagreement"].dropna().empty:
        return t("charter.discuss.waiting")
    found = to_discuss(table)
    if not found:
        return t("charter.discuss.none")
    names = ", ".join(labels.get(c, c) for c in found)
    return t("charter.discuss.some", commitments=names)


def status_labels(t: Translator) -> dict[str, str]:
    return {status: t(f"charter.status.{status}") for status in STATUSES}


def export_table(table: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> pd.DataFrame:
    """The table as exported: labels, progress as a percentage, the typical status in words."""
    frame = table.copy()
    frame.insert(0, "label", [labels.get(c, c) for c in frame.index])
    frame["progress"] = (frame["progress"] * 100).round(0)
    frame["disagreement"] = frame["disagreement"].round(2)
    frame["typical"] = [t(f"charter.status.{s}") if s else None for s in frame["typical"]]
    return frame.rename(columns={"progress": "progress_percent", "status": "figures"})


def people_count(answers: pd.DataFrame | None, ids: Iterable[str] | None = None) -> int:
    """How many different people rated at least one commitment (describes the whole room)."""
    rated = ratings(answers, list(ids) if ids is not None else None)
    return int(rated["participant_id"].nunique()) if not rated.empty else 0
