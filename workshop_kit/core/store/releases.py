"""The facilitator's releases: when an activity's answers may reach the screens.

Why in the store: what the projector, the facilitator pages, the report and the exports show
is computed from the answer log and these records (:mod:`workshop_kit.core.release`), so a
reload of any page, another kernel or ``workshop-kit export`` an hour later all show the same
state. A release is only ever added, never changed, and holds the newest answer id of the
activity at that moment (its *watermark*): answers stored later are not part of it.

The store records a release itself when the facilitator moves the room to another activity
or closes the session, whoever asks it to (the hub, the console, the command line), so no
page can forget to. Whether a release is *accepted* (enough people) is decided when the log is
replayed, not here: a refused "Show results" leaves a record that changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from workshop_kit.core.answers import Answer
from workshop_kit.core.store.answers import Answers
from workshop_kit.core.store.schema import answers_table, releases_table
from workshop_kit.core.store.values import utcnow

#: Kinds of release record. ``SHOW``: the facilitator pressed "Show results"; ``MOVE_ON``:
#: the room moved to another activity; ``CLOSE``: the session was closed; ``IMPORT``: the
#: facilitator imported a file of answers; ``LIVE_ON`` / ``LIVE_OFF``: "show results live".
SHOW, MOVE_ON, CLOSE, IMPORT, LIVE_ON, LIVE_OFF = (
    "show",
    "move_on",
    "close",
    "import",
    "live_on",
    "live_off",
)
KINDS = (SHOW, MOVE_ON, CLOSE, IMPORT, LIVE_ON, LIVE_OFF)


@dataclass(frozen=True)
class ReleaseRecord:
    """One release as stored: what was asked, up to which answer id, and when."""

    kind: str
    watermark: int
    created_at: object = None


class Releases(Answers):
    """Recording and reading the releases of a session's activities."""

    def record_release(self, code: str, activity: str, kind: str, facilitator_key_hash: str) -> int:
        """Record a release of ``activity`` up to its newest answer (facilitator only);
        returns the watermark. See :mod:`workshop_kit.core.release` for what it releases."""
        if kind not in KINDS:
            raise ValueError(f"unknown release kind {kind!r}")
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        with self._guard(), self.engine.begin() as connection:
            return _insert(connection, session_id, activity, kind, facilitator_key_hash)

    def releases(self, code: str, activity: str) -> list[ReleaseRecord]:
        """The releases of ``activity`` in the order they were made."""
        session_id = self._session_id(code)
        query = (
            select(releases_table.c.kind, releases_table.c.watermark, releases_table.c.created_at)
            .where(releases_table.c.session_id == session_id, releases_table.c.activity == activity)
            .order_by(releases_table.c.id)
        )
        with self._guard(), self.engine.connect() as connection:
            return [ReleaseRecord(str(k), int(w), at) for k, w, at in connection.execute(query)]

    def releases_version(self, code: str) -> int:
        """The id of the session's newest release (0: none): pages poll it with the answers."""
        session_id = self._session_id(code)
        with self._guard(), self.engine.connect() as connection:
            value = connection.execute(
                select(func.coalesce(func.max(releases_table.c.id), 0)).where(
                    releases_table.c.session_id == session_id
                )
            ).scalar_one()
        return int(value)

    # -- releases the store makes itself ------------------------------------------------------

    def set_current_activity(self, code: str, activity: str, facilitator_key_hash: str) -> None:
        """Show ``activity`` on every phone, releasing the one the room leaves (``MOVE_ON``)."""
        previous = self.session(code).current_activity
        super().set_current_activity(code, activity, facilitator_key_hash)
        if previous != activity:
            self._record_where_answered(code, [previous], MOVE_ON, facilitator_key_hash)

    def close_session(self, code: str, facilitator_key_hash: str) -> None:
        """Stop taking answers and joins, releasing every activity that has answers."""
        super().close_session(code, facilitator_key_hash)
        self._record_where_answered(code, None, CLOSE, facilitator_key_hash)

    def add_facilitator_answers(
        self,
        code: str,
        facilitator_key_hash: str,
        rows: list[tuple[str, Answer, str]],
        source: str = "facilitator",
        devices: Mapping[str, str] | None = None,
    ) -> int:
        """Store the facilitator's answers; a file of answers imported into the session is
        released at once (``IMPORT``): the facilitator chose to add it, nobody watched it
        arrive one answer at a time."""
        stored = super().add_facilitator_answers(
            code, facilitator_key_hash, rows, source, devices=devices
        )
        if stored and source == "import":
            activities = sorted({answer.activity for _participant, answer, _key in rows})
            self._record_where_answered(code, activities, IMPORT, facilitator_key_hash)
        return stored

    def delete_answers(self, code: str, facilitator_key_hash: str) -> int:
        """Delete the answers and the releases with them: a release's watermark is an
        answer id, and a later answer could be given a deleted one's id."""
        removed = super().delete_answers(code, facilitator_key_hash)
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        with self._guard(), self.engine.begin() as connection:
            connection.execute(
                delete(releases_table).where(releases_table.c.session_id == session_id)
            )
        return removed

    def _record_where_answered(
        self, code: str, activities: list[str] | None, kind: str, facilitator_key_hash: str
    ) -> None:
        """Record ``kind`` for each of ``activities`` (``None``: all) that has answers."""
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        query = select(answers_table.c.activity).where(answers_table.c.session_id == session_id)
        if activities is not None:
            query = query.where(answers_table.c.activity.in_(activities))
        with self._guard(), self.engine.begin() as connection:
            answered = sorted(set(connection.execute(query.distinct()).scalars()))
            for activity in answered:
                _insert(connection, session_id, activity, kind, facilitator_key_hash)


def _insert(
    connection: Connection, session_id: int, activity: str, kind: str, key_hash: str
) -> int:
    """Insert one release at the activity's newest answer id, in the caller's transaction
    (so no answer stored in between can be counted in or left out by mistake)."""
    watermark = connection.execute(
        select(func.coalesce(func.max(answers_table.c.id), 0)).where(
            answers_table.c.session_id == session_id, answers_table.c.activity == activity
        )
    ).scalar_one()
    connection.execute(
        insert(releases_table).values(
            session_id=session_id,
            activity=activity,
            kind=kind,
            watermark=int(watermark),
            key_hash=key_hash,
            created_at=utcnow(),
        )
    )
    return int(watermark)
