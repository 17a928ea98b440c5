"""Reading a Community of Practice's year from the store: its gatherings, their answers,
attendance and approved stories.

A gathering is a workshop session the facilitator marked as gathering *n* of a Community of
Practice (:class:`~workshop_kit.activities.practice.answers.GatheringAnswer`, a facilitator
answer in that session): the store has no column for it and needs none. The year of one
Community of Practice is every session of this facilitator (``Store.sessions_for``) whose
latest mark names it and the year.

Applied, realised and reframing value are asked at the start of the next gathering, looking
back: the year counts those ratings for the gathering they look back at
(:func:`.value_creation.ratings_about`).

While a session is open its figures are read from the released answers (whole blocks of
``min_cell_size`` raters per cycle, as on the projector), so the year view cannot show one person's
rating arriving either; once it is closed, from all its answers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from babel.dates import format_date

from workshop_kit.activities.practice.answers import (
    AttendanceAnswer,
    ContributionAnswer,
    GatheringAnswer,
    StoryCyclesAnswer,
)
from workshop_kit.activities.practice.contribution import contribution_table, contributions_of
from workshop_kit.activities.practice.model import (
    GatheringAnswers,
    ValueMatrix,
    multiagency,
    released_ratings,
    stories,
    value_matrix,
)
from workshop_kit.activities.practice.value_creation import (
    ValueCreationMatrix,
    ratings_about,
    story_cycles,
    value_creation_matrix,
)
from workshop_kit.core.answers import FACILITATOR_ID, facilitator_records, review_decisions
from workshop_kit.core.disclosure import approved_texts
from workshop_kit.core.release import session_releases
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.i18n import Translator


def latest_record(records: pd.DataFrame | None) -> dict[str, Any] | None:
    """The latest record the facilitator stored among ``records`` (a ``Store.answers`` table
    of one facilitator activity), if any: the same payload sent any other way is ignored."""
    records = facilitator_records(records)
    if records is None or records.empty:
        return None
    return records.sort_values("answer_id").iloc[-1].to_dict()


def mark_of(records: pd.DataFrame | None) -> GatheringAnswer | None:
    """The gathering mark among a session's ``practice_gathering`` records, if any."""
    record = latest_record(records)
    if record is None:
        return None
    theme = record.get("theme")
    return GatheringAnswer(
        community=str(record["community"]),
        year=int(record["year"]),
        number=int(record["number"]),
        theme=theme if isinstance(theme, str) else None,
    )


def attendance_of(records: pd.DataFrame | None) -> list[dict[str, str]]:
    """The member organisations (``name``, ``sector``) a session's ``practice_attendance``
    records say took part; empty if none were recorded."""
    record = latest_record(records)
    if record is None or not isinstance(record.get("organisations"), list):
        return []
    return [{"name": str(o["name"]), "sector": str(o["sector"])} for o in record["organisations"]]


def gathering_mark(store: Store, code: str) -> GatheringAnswer | None:
    """The facilitator's mark of session ``code`` as a gathering, if any."""
    return mark_of(store.answers(code, GatheringAnswer.activity))


def attendance(store: Store, code: str) -> list[dict[str, str]]:
    """The member organisations recorded as present at session ``code`` (``name``,
    ``sector``); empty if none were recorded."""
    return attendance_of(store.answers(code, AttendanceAnswer.activity))


def record_key(kind: str, code: str, payload: str, done: int) -> str:
    """Idempotency key of a facilitator record: the same click stored once, a new decision
    (even back to an earlier one) stored again."""
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
    return f"practice-{kind}-{code}-{digest}-{done}"


def store_record(store: Store, code: str, key_hash: str, answer: Any, kind: str) -> bool:
    """Store one facilitator record in session ``code`` (the store checks the key)."""
    done = len(store.answers(code, answer.activity, latest_only=False))
    key = record_key(kind, code, answer.model_dump_json(), done)
    return bool(store.add_facilitator_answers(code, key_hash, [(FACILITATOR_ID, answer, key)]))


def shown_answers(store: Store, session: SessionInfo, min_cell_size: int) -> pd.DataFrame:
    """A session's ``practice`` answers as its figures may use them: as the facilitator
    released them, cycle by cycle (closing the session releases what was answered)."""
    log = store.answers(session.code, "practice", latest_only=False)
    return released_ratings(log, min_cell_size, session_releases(store, session.code, "practice"))


# -- the year of one Community of Practice --------------------------------------------------------


@dataclass(frozen=True)
class Gathering:
    """A session marked as a gathering."""

    session: SessionInfo
    mark: GatheringAnswer

    def label(self, t: Translator) -> str:
        day = format_date(self.session.created_at.date(), format="medium", locale=t.language)
        return t("practice.year.gathering_label", number=self.mark.number, date=day)


def marked_gatherings(store: Store, key_hash: str) -> list[Gathering]:
    """Every session of this facilitator marked as a gathering, oldest first."""
    found = []
    for session in store.sessions_for(key_hash):
        mark = gathering_mark(store, session.code)
        if mark is not None:
            found.append(Gathering(session, mark))
    found.sort(key=lambda g: (g.mark.year, g.mark.number, g.session.created_at, g.session.code))
    return found


def communities(gatherings: Sequence[Gathering]) -> list[tuple[str, int]]:
    """The (Community of Practice, year) pairs found, latest year first, then by name."""
    pairs = {(g.mark.community, g.mark.year) for g in gatherings}
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0].casefold()))


@dataclass
class YearData:
    """What the year view shows of one Community of Practice and year, already protected."""

    community: str
    year: int
    gatherings: list[Gathering] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    matrix: ValueMatrix | None = None
    sectors: pd.DataFrame | None = None
    #: ``[(gathering label, approved story)]``: only what the facilitator approved.
    stories: list[tuple[str, str]] = field(default_factory=list)
    #: Stories written but not (yet) approved, counted only.
    waiting: int = 0
    #: Organisations × kinds of contribution (hosting, facilitation, …): multiagency
    #: contribution, beside ``sectors`` (participation by sector).
    contributions: pd.DataFrame | None = None
    #: Approved stories tagged with their cycles, beside each cycle's indicator.
    creation: ValueCreationMatrix | None = None


def year_data(
    store: Store,
    gatherings: Sequence[Gathering],
    community: str,
    year: int,
    min_cell_size: int,
    t: Translator,
) -> YearData:
    """The value indicators, participation and contribution tables, approved stories and the
    value-creation matrix of one Community of Practice in one year; applied, realised and
    reframing ratings counted for the gathering they look back at."""
    same = [g for g in gatherings if g.mark.community == community]
    chosen = [g for g in same if g.mark.year == year]
    labels: list[str] = []
    for gathering in chosen:
        label = gathering.label(t)
        if label in labels:  # two sessions marked the same day and number
            label = f"{label} · {gathering.session.code}"
        labels.append(label)
    columns, present, brought = [], {}, {}
    approved_stories: list[tuple[str, str]] = []
    tags: dict[str, tuple[str, ...]] = {}
    waiting = 0
    for gathering, label in zip(chosen, labels, strict=True):
        code = gathering.session.code
        following = _next(same, gathering)
        everything = ratings_about(
            store.answers(code, "practice"),
            None if following is None else store.answers(following.session.code, "practice"),
        )
        answers = ratings_about(
            shown_answers(store, gathering.session, min_cell_size),
            None if following is None else shown_answers(store, following.session, min_cell_size),
        )
        columns.append(GatheringAnswers(label, answers, everything))
        present[label] = attendance(store, code)
        brought[label] = contributions_of(store.answers(code, ContributionAnswer.activity))
        tags.update(story_cycles(store.answers(code, StoryCyclesAnswer.activity)))
        everything = store.answers(code, "practice")
        written = stories(everything)
        decisions = review_decisions(store.answers(gathering.session.code, "text_reviews"))
        approved = approved_texts(written, decisions)
        approved_stories += [(label, text) for text in approved]
        waiting += len(written) - len(approved)
    matrix = value_matrix(columns, min_cell_size)
    return YearData(
        community=community,
        year=year,
        gatherings=chosen,
        labels=labels,
        matrix=matrix,
        sectors=multiagency(present),
        stories=approved_stories,
        waiting=waiting,
        contributions=contribution_table(brought),
        creation=value_creation_matrix(approved_stories, tags, matrix),
    )


def _next(gatherings: Sequence[Gathering], gathering: Gathering) -> Gathering | None:
    """The gathering after ``gathering`` among ``gatherings`` (one Community of Practice, in
    order, across years): where its look-back ratings are given."""
    index = gatherings.index(gathering)
    return gatherings[index + 1] if index + 1 < len(gatherings) else None
