"""Answers: stored once each, never updated, read back with the latest of each person counting.

Rules the table enforces rather than trust callers with:

- answers are only ever inserted, never updated; "the latest counts" is a query;
- each answer carries an idempotency key, unique within its session, so a double submit or a
  retry after a dropped connection stores the answer once (and a key another session used
  never makes an answer here look "already saved");
- only the key tells "already saved": any other refusal raises
  :class:`~workshop_kit.core.store.AnswerNotStored`, because telling a phone "already saved"
  while nothing was stored loses the answer silently.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from workshop_kit.core.answers import Answer, checked_payload
from workshop_kit.core.disclosure import DEVICE_COLUMN
from workshop_kit.core.store import limits
from workshop_kit.core.store.errors import AnswerNotStored, AnswerRateLimited, SessionClosed
from workshop_kit.core.store.schema import answers_table, participants_table, sessions_table
from workshop_kit.core.store.sessions import Sessions
from workshop_kit.core.store.values import utcnow

if TYPE_CHECKING:
    import pandas as pd


class Answers(Sessions):
    """Storing, reading and deleting the answers of a session."""

    def add_answer(
        self,
        code: str,
        participant_id: str,
        answer: Answer,
        idempotency_key: str,
        source: str = "live",
        retries: int = 3,
    ) -> bool:
        """Store one validated answer; ``False`` if this idempotency key was already stored.

        Safe to retry: a lost connection after the commit finds the key on the next try.
        Only the key tells "already saved": any other refusal (another constraint, a trigger,
        a lock that outlasts the retries) raises :class:`AnswerNotStored`, because telling a
        participant "already saved" while nothing was stored loses their answer silently.
        """
        session = self.session(code)
        if not session.is_open and source == "live":
            raise SessionClosed(code)
        session_id = self._session_id(session.code)
        device_id = self._device_in_session(session_id, participant_id)
        if source == "live":
            # a page whose participant is gone (its answers deleted while it stayed open)
            # counts as a page of its own
            device_id = device_id or participant_id
            self._check_rate(device_id)
        values = {
            "session_id": session_id,
            "participant_id": participant_id,
            "device_id": device_id,
            "activity": answer.activity,
            "item": answer.item(),
            "payload": checked_payload(answer),
            "source": source,
            "idempotency_key": idempotency_key,
            "created_at": utcnow(),
        }
        for attempt in range(retries + 1):
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(answers_table).values(**values))
                return True
            except IntegrityError as error:
                if self._has_answer_key(session_id, idempotency_key, device_id):
                    return False
                failure: SQLAlchemyError = error
            except OperationalError as error:
                failure = error
            if attempt == retries:
                reason = getattr(failure, "orig", None) or failure
                raise AnswerNotStored(str(reason)) from failure
            time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _device_in_session(self, session_id: int, participant_id: str) -> str | None:
        """The page ``participant_id`` joined this session on (``None`` for ids that did not
        join it: imported rows, the facilitator)."""
        with self._guard(), self.engine.connect() as connection:
            return connection.execute(
                select(participants_table.c.device_id).where(
                    participants_table.c.id == participant_id,
                    participants_table.c.session_id == session_id,
                )
            ).scalar()

    def _check_rate(self, device_id: str) -> None:
        """Refuse (:class:`AnswerRateLimited`) an answer from a page that stored more than a
        person can give within a window of :data:`~workshop_kit.core.store.limits.
        ANSWER_LIMITS`, counted by page (every person of a shared phone together). Counted in
        the table, so reloading the page does not reset it; read from the page's id (one
        session's only) and the times alone: a PostgreSQL participant role may read nothing
        else of an answer."""
        now = utcnow()
        windows = [(most, now - timedelta(seconds=span)) for most, span in limits.ANSWER_LIMITS]
        since = min(start for _most, start in windows)
        query = select(
            *(
                func.coalesce(func.sum(case((answers_table.c.created_at >= start, 1), else_=0)), 0)
                for _most, start in windows
            )
        ).where(answers_table.c.device_id == device_id, answers_table.c.created_at >= since)
        with self._guard(), self.engine.connect() as connection:
            recent = [int(count) for count in connection.execute(query).one()]
        if limits.over_limit(recent, limits.ANSWER_LIMITS):
            raise AnswerRateLimited("this page is sending answers faster than a person can")

    def _has_answer_key(
        self, session_id: int, idempotency_key: str, device_id: str | None = None
    ) -> bool:
        """Whether this session holds an answer with this idempotency key (a repeat, not a
        failure). Keys are the session's own: another session's key says nothing here.

        A phone's answer is looked up by its page, which belongs to one session only: a
        PostgreSQL participant role reads keys and pages, never which session an answer is in.
        """
        where = answers_table.c.device_id == device_id
        if not device_id:
            where = answers_table.c.session_id == session_id
        with self._guard(), self.engine.connect() as connection:
            found = connection.execute(
                select(answers_table.c.id).where(
                    where, answers_table.c.idempotency_key == idempotency_key
                )
            ).first()
        return found is not None

    def add_answers(
        self,
        code: str,
        rows: list[tuple[str, Answer, str]],
        source: str = "import",
        devices: Mapping[str, str] | None = None,
    ) -> int:
        """Store many answers in one transaction (imports); returns how many were new.

        ``devices`` (participant id -> page) keeps who shared a phone when the rows come from
        another session (a bundle), so that disclosure still counts them once.
        """
        session_id = self._session_id(code)
        now = utcnow()
        stored = 0
        with self._guard(), self.engine.begin() as connection:
            existing = (
                set(
                    connection.execute(
                        select(answers_table.c.idempotency_key).where(
                            answers_table.c.session_id == session_id,
                            answers_table.c.idempotency_key.in_([key for _, _, key in rows]),
                        )
                    ).scalars()
                )
                if len(rows) <= 5000
                else self._all_keys(connection, session_id)
            )
            fresh = []
            for participant_id, answer, key in rows:
                if key in existing:
                    continue
                existing.add(key)
                fresh.append(
                    {
                        "session_id": session_id,
                        "participant_id": participant_id,
                        "device_id": (devices or {}).get(participant_id),
                        "activity": answer.activity,
                        "item": answer.item(),
                        "payload": checked_payload(answer),
                        "source": source,
                        "idempotency_key": key,
                        "created_at": now,
                    }
                )
            if fresh:
                connection.execute(insert(answers_table), fresh)
                stored = len(fresh)
        return stored

    def add_facilitator_answers(
        self,
        code: str,
        facilitator_key_hash: str,
        rows: list[tuple[str, Answer, str]],
        source: str = "facilitator",
        devices: Mapping[str, str] | None = None,
    ) -> int:
        """:meth:`add_answers`, but only for the session's own facilitator.

        For answers only the facilitator may give (merge decisions about duplicates, files
        imported into the session): the key hash is checked here, like every facilitator
        action, so no page can store them for a session it does not run. Works on a closed
        session too: tidying the inventory after the workshop is the point.
        """
        self._authorised_session_id(code, facilitator_key_hash)
        return self.add_answers(code, rows, source=source, devices=devices)

    @staticmethod
    def _all_keys(connection: Connection, session_id: int) -> set[str]:
        """Every idempotency key of the session: for a large import, one query by session
        instead of a very long ``IN`` list."""
        return set(
            connection.execute(
                select(answers_table.c.idempotency_key).where(
                    answers_table.c.session_id == session_id
                )
            ).scalars()
        )

    def own_answer(
        self, code: str, participant_id: str, activity: str, item: str = ""
    ) -> dict[str, Any] | None:
        """One participant's latest answer to ``activity`` (and ``item``), or ``None``.

        For a phone form that continues what this person started (a CareMap drawn over
        several minutes): after a reload, or when the facilitator comes back to the activity,
        the form starts from what is stored instead of from nothing, so the next save never
        replaces a fuller answer with an emptier one. No pandas: the phone's kernel calls it.
        """
        session_id = self._session_id(code)
        query = (
            select(answers_table.c.payload)
            .where(
                answers_table.c.session_id == session_id,
                answers_table.c.participant_id == participant_id,
                answers_table.c.activity == activity,
                answers_table.c.item == item,
            )
            .order_by(answers_table.c.id.desc())
            .limit(1)
        )
        with self._guard(), self.engine.connect() as connection:
            payload = connection.execute(query).scalar_one_or_none()
        return json.loads(payload) if payload is not None else None

    def answers(self, code: str, activity: str, latest_only: bool = True) -> pd.DataFrame:
        """Answers of one activity as a table: one column per payload field.

        ``device_id`` names the page each answer came from (empty for imported rows and the
        facilitator's records): :func:`workshop_kit.core.disclosure.people_of` counts the
        people of one shared page once.

        With ``latest_only`` a participant's newer answer to the same item replaces the
        older one (participants may change their mind; the latest counts).
        """
        import pandas as pd  # imported here: the participant app never needs it

        session_id = self._session_id(code)
        query = select(
            answers_table.c.id,
            answers_table.c.participant_id,
            answers_table.c.device_id,
            answers_table.c.item,
            answers_table.c.payload,
            answers_table.c.source,
            answers_table.c.created_at,
        ).where(answers_table.c.session_id == session_id, answers_table.c.activity == activity)
        if latest_only:
            newest = (
                select(func.max(answers_table.c.id))
                .where(
                    answers_table.c.session_id == session_id,
                    answers_table.c.activity == activity,
                )
                .group_by(answers_table.c.participant_id, answers_table.c.item)
            )
            query = query.where(answers_table.c.id.in_(newest))
        with self._guard(), self.engine.connect() as connection:
            rows = connection.execute(query.order_by(answers_table.c.id)).all()
        base = pd.DataFrame(
            [(r.id, r.participant_id, r.device_id, r.item, r.source, r.created_at) for r in rows],
            columns=["answer_id", "participant_id", DEVICE_COLUMN, "item", "source", "created_at"],
        )
        payloads = pd.DataFrame([json.loads(r.payload) for r in rows], index=base.index)
        return pd.concat([base, payloads], axis=1)

    def delete_answers(self, code: str, facilitator_key_hash: str) -> int:
        """Delete a session's answers and participants (the session itself stays listed).

        On SQLite the rows are gone from the file itself, not only from the tables: deleted
        content is zeroed (``secure_delete``) and the write-ahead log, which may still hold
        the pages as they were, is checkpointed into the file and emptied. (On PostgreSQL the
        server's own ``VACUUM`` reclaims deleted rows; see docs/deploying.md.)
        """
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        with self._guard(), self.engine.begin() as connection:
            removed = connection.execute(
                delete(answers_table).where(answers_table.c.session_id == session_id)
            ).rowcount
            connection.execute(
                delete(participants_table).where(participants_table.c.session_id == session_id)
            )
            connection.execute(
                update(sessions_table)
                .where(sessions_table.c.id == session_id)
                .values(updated_at=utcnow())
            )
        if self.engine.dialect.name == "sqlite":
            with self._guard(), self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed
