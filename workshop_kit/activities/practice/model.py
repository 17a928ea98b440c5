"""The value a Community of Practice creates, as it may be shown: per cycle, over the year,
and who took part. Pure: no widgets, files or database (the import contract checks it).

**Scoring.** Each rating scores *not yet* 0, *a little* 1, *a lot* 2 (the scale is explained
in :mod:`.answers`). The value of a cycle at a gathering is the mean score of the people who
rated it (latest answer each), from 0 to 2.

**Disclosure control** (:mod:`workshop_kit.core.disclosure`, rule 1): a cycle's score and its
number of raters are shown only when at least ``min_cell_size`` people rated that cycle at
that gathering; otherwise the cell is "too few to show" (``None``, status ``too_few``). Every
cell of the value matrix is protected this way, and the sentences are built from the shown
cells only, so a sentence never says what a chart hides. Stories are quoted only once the
facilitator approved them (rule 3, applied by the views with
:func:`~workshop_kit.core.disclosure.approved_texts`).

**Participation** counts member organisations by sector at each gathering (:func:`multiagency`;
what each organisation *contributed*, the guideline's multiagency contribution, is
:mod:`.contribution`). These are organisations recorded by the facilitator, not answers from
people, so the small-cell rule of the consent text does not apply to them; the register holds
no personal data (:mod:`.register`).

:class:`ValueMatrix` is the grid of *indicators* (ratings per cycle and gathering); the
value-creation matrix of Wenger-Trayner, which links stories to those indicators across the
cycles, is :mod:`.value_creation`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workshop_kit.activities.practice.answers import CYCLES, LEVELS, SECTORS, STORY_ITEM
from workshop_kit.core.disclosure import (
    NO_ANSWERS,
    SHOWN,
    TOO_FEW,
    check_cell_size,
    enough,
    release_from_log,
)
from workshop_kit.i18n import Translator

#: Score of each level of the scale.
SCORES = {level: index for index, level in enumerate(LEVELS)}
#: The highest score (*a lot*).
TOP_SCORE = len(LEVELS) - 1


def cycle_labels(t: Translator) -> dict[str, str]:
    """The cycles' names in ``t``'s language, in the framework's order."""
    return {cycle: t(f"practice.cycle.{cycle}") for cycle in CYCLES}


def sector_labels(t: Translator) -> dict[str, str]:
    """The sectors' names in ``t``'s language, in the guideline's order."""
    return {sector: t(f"practice.sector.{sector}") for sector in SECTORS}


# -- one gathering ----------------------------------------------------------------------------


def ratings(answers: pd.DataFrame | None) -> pd.DataFrame:
    """The valid ratings of ``answers`` (a ``Store.answers(code, "practice")`` table, or any
    table with ``cycle`` and ``level``): one row per person and cycle, with its ``score``."""
    columns = ["participant_id", "cycle", "level", "score"]
    if answers is None or answers.empty or "cycle" not in answers or "level" not in answers:
        return pd.DataFrame(columns=columns)
    frame = answers[answers["cycle"].isin(CYCLES) & answers["level"].isin(LEVELS)].copy()
    if "participant_id" not in frame:
        frame["participant_id"] = [f"row-{i}" for i in range(len(frame))]
    if "answer_id" in frame:
        frame = frame.sort_values("answer_id")
    frame = frame.drop_duplicates(["participant_id", "cycle"], keep="last")
    frame["score"] = frame["level"].map(SCORES).astype("int64")
    return frame.loc[:, columns].reset_index(drop=True)


def released_ratings(
    log: pd.DataFrame | None, min_cell_size: int, releases: Any = None
) -> pd.DataFrame | None:
    """The ratings a live view may show, released cycle by cycle.

    :func:`~workshop_kit.core.release.release_from_log` applied to each cycle's answers on
    its own: a cycle's figures move only when ``min_cell_size`` more people have rated *that
    cycle*, so the difference between two redraws is still built from at least that many
    people (rule 2), never from one. Why not release the activity as a whole
    (``context.released("practice")``): it counts a person from their first tap and cuts
    every later tap off at that moment, so in a room of five to nine people the four cycles
    rated after the first would stay "too few to show" until a tenth person joined; released
    per cycle, each shows as soon as five people rated it. Stories are not figures and are
    left out (they reach the projector by approval, rule 3). ``log`` is the answer log
    (``Store.answers(..., latest_only=False)``); a latest-only table works too.
    """
    check_cell_size(min_cell_size)
    if log is None or log.empty or "cycle" not in log:
        return log
    cycles = log["item"] if "item" in log else log["cycle"]
    parts = [
        release_from_log(log[cycles == cycle], releases, min_cell_size)
        for cycle in CYCLES
        if (cycles == cycle).any()
    ]
    parts = [part for part in parts if part is not None and not part.empty]
    return pd.concat(parts) if parts else log.iloc[0:0]


def cycle_scores(
    answers: pd.DataFrame | None,
    min_cell_size: int,
    answered: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per cycle, in the framework's order: ``n`` (raters), ``score`` (mean, 0 to 2) and
    ``status``, with ``n`` and ``score`` hidden (``None``) below ``min_cell_size`` raters.

    ``answers`` are the answers the figures may use (the released ones, on a live view);
    ``answered``, if given, are all the answers: a cycle somebody rated that is not released
    yet is then "too few to show", not "no answers".

    The one place a cycle's figures are computed, for the live view, the page, the value
    matrix and the exports alike.
    """
    check_cell_size(min_cell_size)
    rated = ratings(answers)
    grouped = rated.groupby("cycle")["score"].agg(["count", "mean"])
    waiting = set(ratings(answered)["cycle"]) if answered is not None else set()
    rows = []
    for cycle in CYCLES:
        raters = int(grouped.at[cycle, "count"]) if cycle in grouped.index else 0
        if raters == 0 and cycle in waiting:
            rows.append({"cycle": cycle, "n": None, "score": None, "status": TOO_FEW})
        elif raters == 0:
            rows.append({"cycle": cycle, "n": 0, "score": None, "status": NO_ANSWERS})
        elif enough(raters, min_cell_size):
            score = round(float(grouped.at[cycle, "mean"]), 2)
            rows.append({"cycle": cycle, "n": raters, "score": score, "status": SHOWN})
        else:
            rows.append({"cycle": cycle, "n": None, "score": None, "status": TOO_FEW})
    index = pd.Index(CYCLES, name="cycle")
    # object columns, so a hidden figure is None (never a NaN that a format could print)
    return pd.DataFrame(
        {
            column: pd.Series([row[column] for row in rows], index=index, dtype="object")
            for column in ("n", "score", "status")
        }
    )


def respondents(answers: pd.DataFrame | None) -> int:
    """How many people rated at least one cycle."""
    rated = ratings(answers)
    return int(rated["participant_id"].nunique()) if not rated.empty else 0


def stories(answers: pd.DataFrame | None) -> list[str]:
    """The value-creation stories of ``answers``, latest per person, in the order written.
    Quote only :func:`~workshop_kit.core.disclosure.approved_texts` of them."""
    if answers is None or answers.empty or "story" not in answers:
        return []
    frame = answers
    if "item" in frame:
        frame = frame[frame["item"] == STORY_ITEM]
    if "answer_id" in frame:
        frame = frame.sort_values("answer_id")
    if "participant_id" in frame:
        frame = frame.drop_duplicates("participant_id", keep="last")
    texts = frame["story"].dropna().astype(str).str.strip()
    return [text for text in texts if text]


def cycles_sentence(
    shown: pd.DataFrame, people: int, min_cell_size: int, t: Translator, labels: Mapping[str, str]
) -> str:
    """The sentence under a gathering's chart, from the shown figures only."""
    if people == 0:
        return t("practice.summary.empty")
    visible = {c: float(s) for c, s in shown["score"].items() if shown.at[c, "status"] == SHOWN}
    if not visible:
        return t("practice.summary.waiting", count=people, min=min_cell_size)
    top = max(visible, key=lambda c: (visible[c], -CYCLES.index(c)))
    low = min(visible, key=lambda c: (visible[c], CYCLES.index(c)))
    text = t(
        "practice.summary.cycles",
        count=people,
        top=labels.get(top, top),
        top_score=t.number(visible[top], 1),
        max=TOP_SCORE,
    )
    if low != top:
        text += " " + t(
            "practice.summary.lowest", low=labels.get(low, low), low_score=t.number(visible[low], 1)
        )
    hidden = int((shown["status"] == TOO_FEW).sum())
    if hidden:
        text += " " + t("practice.summary.hidden", count=hidden, min=min_cell_size)
    return text


# -- the year ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GatheringAnswers:
    """One gathering's answers for the value matrix: its column label, the ratings its figures
    may use, and (for a gathering still open) all its ratings (see :func:`cycle_scores`)."""

    label: str
    answers: pd.DataFrame | None
    answered: pd.DataFrame | None = None


@dataclass(frozen=True)
class ValueMatrix:
    """The value indicators: cycles (rows) × gatherings (columns), every cell already
    protected: ``scores`` and ``counts`` hold ``None`` where fewer than ``min_cell_size``
    people rated, ``status`` says which (``shown``, ``too_few``, ``no_answers``)."""

    scores: pd.DataFrame
    counts: pd.DataFrame
    status: pd.DataFrame
    min_cell_size: int

    @property
    def gatherings(self) -> list[str]:
        return list(self.scores.columns)

    def table(self) -> pd.DataFrame:
        """One row per cell, for the export: gathering, cycle, n, score, status."""
        rows = [
            {
                "gathering": gathering,
                "cycle": cycle,
                "n": self.counts.at[cycle, gathering],
                "score": self.scores.at[cycle, gathering],
                "status": self.status.at[cycle, gathering],
            }
            for gathering in self.gatherings
            for cycle in CYCLES
        ]
        frame = pd.DataFrame(rows, columns=["gathering", "cycle", "n", "score", "status"])
        return frame.astype({"n": "Int64", "score": "Float64"})


def value_matrix(gatherings: Sequence[GatheringAnswers], min_cell_size: int) -> ValueMatrix:
    """The value matrix over the year: :func:`cycle_scores` of each gathering, side by side."""
    check_cell_size(min_cell_size)
    scores, counts, status = {}, {}, {}
    for gathering in gatherings:
        shown = cycle_scores(gathering.answers, min_cell_size, gathering.answered)
        scores[gathering.label] = shown["score"]
        counts[gathering.label] = shown["n"]
        status[gathering.label] = shown["status"]

    def frame(columns: dict[str, pd.Series]) -> pd.DataFrame:
        if not columns:
            return pd.DataFrame(index=pd.Index(CYCLES, name="cycle"), dtype="object")
        return pd.DataFrame(columns, index=pd.Index(CYCLES, name="cycle")).astype("object")

    return ValueMatrix(frame(scores), frame(counts), frame(status), min_cell_size)


def matrix_sentence(matrix: ValueMatrix, t: Translator, labels: Mapping[str, str]) -> str:
    """The sentence under the value matrix, from the shown cells only: how many gatherings,
    the cycle with the highest mean of shown scores, and the largest change of one cycle
    between its first and last shown gathering."""
    if not matrix.gatherings:
        return t("practice.year.summary_empty")
    shown = matrix.status == SHOWN
    text = t("practice.year.summary_count", count=len(matrix.gatherings))
    if not shown.to_numpy().any():
        return text + " " + t("practice.year.summary_waiting", min=matrix.min_cell_size)
    means = {
        cycle: sum(
            float(matrix.scores.at[cycle, g]) for g in matrix.gatherings if shown.at[cycle, g]
        )
        / int(shown.loc[cycle].sum())
        for cycle in CYCLES
        if shown.loc[cycle].any()
    }
    top = max(means, key=lambda c: (means[c], -CYCLES.index(c)))
    text += " " + t(
        "practice.year.summary_top",
        cycle=labels.get(top, top),
        score=t.number(means[top], 1),
        max=TOP_SCORE,
    )
    change = None
    for cycle in CYCLES:
        cells = [g for g in matrix.gatherings if shown.at[cycle, g]]
        if len(cells) < 2:
            continue
        first, last = cells[0], cells[-1]
        delta = float(matrix.scores.at[cycle, last]) - float(matrix.scores.at[cycle, first])
        if change is None or abs(delta) > abs(change[0]) + 1e-9:
            change = (delta, cycle, first, last)
    if change is not None and abs(change[0]) >= 0.05:
        delta, cycle, first, last = change
        text += " " + t(
            "practice.year.summary_change",
            cycle=labels.get(cycle, cycle),
            start=t.number(float(matrix.scores.at[cycle, first]), 1),
            end=t.number(float(matrix.scores.at[cycle, last]), 1),
            first=first,
            last=last,
        )
    hidden = int((matrix.status == TOO_FEW).to_numpy().sum())
    if hidden:
        text += " " + t("practice.year.summary_hidden", count=hidden, min=matrix.min_cell_size)
    return text


# -- multiagency contribution -----------------------------------------------------------------


def multiagency(attendance: Mapping[str, Iterable[Mapping[str, str]]]) -> pd.DataFrame:
    """Participation: sectors (rows, in the guideline's order) × gatherings (columns, in the
    order given): how many member organisations of each sector took part. ``attendance`` maps
    a gathering's label to its organisations (``{"name": …, "sector": …}``)."""
    columns = {}
    for label, organisations in attendance.items():
        counts = dict.fromkeys(SECTORS, 0)
        seen: set[str] = set()
        for organisation in organisations:
            sector, name = organisation.get("sector"), str(organisation.get("name", ""))
            if sector in counts and name.casefold() not in seen:
                seen.add(name.casefold())
                counts[sector] += 1
        columns[label] = pd.Series(counts)
    if not columns:
        return pd.DataFrame(index=pd.Index(SECTORS, name="sector"), dtype="int64")
    return pd.DataFrame(columns, index=pd.Index(SECTORS, name="sector")).astype("int64")


def multiagency_sentence(
    table: pd.DataFrame,
    t: Translator,
    labels: Mapping[str, str],
    summary: str = "practice.multiagency.summary",
) -> str:
    """How many of the sectors took part over the year, and which never did. ``summary`` is
    the catalog key of the first sentence (the workshop report speaks of one gathering)."""
    if table.empty or table.shape[1] == 0 or int(table.to_numpy().sum()) == 0:
        return t("practice.multiagency.summary_empty")
    present = [sector for sector in SECTORS if int(table.loc[sector].sum()) > 0]
    text = t(
        summary,
        count=len(present),
        total=len(SECTORS),
        gatherings=table.shape[1],
    )
    missing = [labels.get(s, s) for s in SECTORS if s not in present]
    if missing:
        text += " " + t("practice.multiagency.summary_missing", sectors=", ".join(missing))
    return text
