"""The value-creation matrix: approved stories set against the indicators of each cycle.

Wenger, Trayner & de Laat (2011) assess value with two kinds of data that explain each other:
**indicators** for each cycle (here, the ratings of *not yet / a little / a lot*, per cycle and
gathering: :class:`~.model.ValueMatrix`) and **value-creation stories** that run from an
activity through its use to the difference it made. The value-creation matrix links them:
each story is tagged with the cycles it passes through, and set beside the indicator of each
of those cycles, across the cycles. It is not a table of mean ratings; the ratings by cycle
and gathering are shown as the *indicators* they are.

Two moments. Immediate and potential value show by the end of a gathering; applied, realised
and reframing value only later, so they are asked at the start of the next gathering, looking
back (:data:`~.answers.LOOKBACK_CYCLES`). :func:`ratings_about` gathers the ratings that are
*about* one gathering: those given there (not looking back) and the look-back ones given at
the next gathering. Ratings stored before the split have no ``looking_back`` and stay about
the gathering they were given at, so nothing saved is lost or moved.

Pure: tables in, dataclasses out. Only approved stories come in (rule 3 of
:mod:`workshop_kit.core.disclosure`), and the indicators are the matrix's protected cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from workshop_kit.activities.practice.answers import CYCLES
from workshop_kit.activities.practice.model import ValueMatrix
from workshop_kit.core.answers import facilitator_records
from workshop_kit.core.disclosure import SHOWN, text_key
from workshop_kit.i18n import Translator

LOOKING_BACK = "looking_back"


def _looking_back(answers: pd.DataFrame) -> pd.Series:
    """Which rows look back (``False`` for rows stored before the field existed)."""
    if LOOKING_BACK not in answers:
        return pd.Series(False, index=answers.index)
    return answers[LOOKING_BACK].map(lambda value: value is True)


def ratings_about(
    given_here: pd.DataFrame | None, given_next: pd.DataFrame | None
) -> pd.DataFrame | None:
    """The answers about one gathering: those given at it that do not look back, and those
    given at the next gathering that look back at it."""
    parts = []
    if given_here is not None and not given_here.empty:
        parts.append(given_here[~_looking_back(given_here)])
    if given_next is not None and not given_next.empty:
        parts.append(given_next[_looking_back(given_next)])
    parts = [part for part in parts if not part.empty]
    if not parts:
        return given_here.iloc[0:0] if given_here is not None else None
    return pd.concat(parts, ignore_index=True)


def story_cycles(records: pd.DataFrame | None) -> dict[str, tuple[str, ...]]:
    """``{text key: cycles}`` from a session's ``practice_story_cycles`` records: the latest
    tagging of each story the facilitator stored (the same payload sent otherwise is
    ignored)."""
    records = facilitator_records(records)
    if records is None or records.empty or "text_key" not in records:
        return {}
    if "answer_id" in records:
        records = records.sort_values("answer_id")
    tags: dict[str, tuple[str, ...]] = {}
    for key, cycles in zip(records["text_key"], records["cycles"], strict=True):
        listed = cycles if isinstance(cycles, list | tuple) else []
        tags[str(key)] = tuple(cycle for cycle in CYCLES if cycle in listed)
    return tags


@dataclass(frozen=True)
class TaggedStory:
    """One approved story, the gathering it was told at, and the cycles it passes through."""

    gathering: str
    text: str
    cycles: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    """One cycle's indicator over the year: the mean of its shown cells (0 to 2), how many
    ratings they hold, and how many gatherings; ``score`` is ``None`` when no cell is shown."""

    score: float | None
    raters: int
    gatherings: int


@dataclass(frozen=True)
class ValueCreationMatrix:
    """Stories (rows) × cycles (columns), with each cycle's indicator."""

    stories: tuple[TaggedStory, ...]
    indicators: Mapping[str, Indicator]

    def tagged(self) -> list[TaggedStory]:
        return [story for story in self.stories if story.cycles]

    def table(self) -> pd.DataFrame:
        """One row per story for the export: gathering, story, one column per cycle (1 where
        it passes through), then one row per cycle's indicator."""
        rows = [
            {
                "gathering": story.gathering,
                "story": story.text,
                **{cycle: int(cycle in story.cycles) for cycle in CYCLES},
            }
            for story in self.stories
        ]
        return pd.DataFrame(rows, columns=["gathering", "story", *CYCLES])

    def indicator_table(self) -> pd.DataFrame:
        rows = [
            {
                "cycle": cycle,
                "score": indicator.score,
                "n": indicator.raters,
                "gatherings": indicator.gatherings,
            }
            for cycle, indicator in self.indicators.items()
        ]
        return pd.DataFrame(rows, columns=["cycle", "score", "n", "gatherings"]).astype(
            {"score": "Float64"}
        )


def indicators(matrix: ValueMatrix) -> dict[str, Indicator]:
    """Each cycle's indicator over the year, from the matrix's shown cells only."""
    found = {}
    for cycle in CYCLES:
        shown = [g for g in matrix.gatherings if matrix.status.at[cycle, g] == SHOWN]
        scores = [float(matrix.scores.at[cycle, g]) for g in shown]
        counts = [int(matrix.counts.at[cycle, g]) for g in shown]
        weighted = sum(s * n for s, n in zip(scores, counts, strict=True))
        mean = round(weighted / sum(counts), 2) if counts else None
        found[cycle] = Indicator(mean, sum(counts), len(shown))
    return found


def value_creation_matrix(
    stories: Sequence[tuple[str, str]],
    tags: Mapping[str, Sequence[str]],
    matrix: ValueMatrix,
) -> ValueCreationMatrix:
    """Approved ``stories`` (gathering, text) with the cycles ``tags`` give them (by text
    key), beside the indicators of ``matrix``."""
    tagged = tuple(
        TaggedStory(gathering, text, tuple(c for c in CYCLES if c in tags.get(text_key(text), ())))
        for gathering, text in stories
    )
    return ValueCreationMatrix(tagged, indicators(matrix))


def creation_sentence(matrix: ValueCreationMatrix, t: Translator, labels: Mapping[str, str]) -> str:
    """How many approved stories are tagged, the cycles they reach furthest, and which cycles
    no story reaches yet."""
    if not matrix.stories:
        return t("practice.creation.summary_empty")
    tagged = matrix.tagged()
    text = t("practice.creation.summary", count=len(tagged), total=len(matrix.stories))
    if not tagged:
        return text
    furthest = sum(1 for story in tagged if story.cycles[-1] in ("realised", "reframing"))
    text += " " + t("practice.creation.summary_far", count=furthest)
    missing = [labels.get(c, c) for c in CYCLES if not any(c in s.cycles for s in tagged)]
    if missing:
        text += " " + t("practice.creation.summary_missing", cycles=", ".join(missing))
    return text
