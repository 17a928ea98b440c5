"""Sessions, the facilitator's key checks, and the participants who join.

Why the key check lives here: facilitator actions compare the caller's key hash with the one
the session was created with, inside the store, so a participant page cannot reach them even
through a bug in a widget. Every other part of the store (answers, hand-over requests) asks
:meth:`Sessions._authorised_session_id` before a facilitator-only write.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from workshop_kit.core.store import limits
from workshop_kit.core.store.database import Database
from workshop_kit.core.store.errors import (
    NotAuthorised,
    PageFull,
    SessionClosed,
    SessionNotFound,
    StoreError,
)
from workshop_kit.core.store.schema import handover_table, participants_table, sessions_table
from workshop_kit.core.store.values import (
    SessionInfo,
    is_participant_id,
    new_join_code,
    new_participant_id,
    normalise_code,
    utcnow,
)


class Sessions(Database):
    """Creating, finding, switching and closing sessions; joining one as a participant."""

    # -- sessions (facilitator) ----------------------------------------------------------

    def create_session(
        self,
        title: str,
        language: str,
        facilitator_key_hash: str,
        profile_name: str = "",
        rehearsal: bool = False,
    ) -> SessionInfo:
        """A new open session with a fresh join code, owned by ``facilitator_key_hash``
        (``rehearsal``: a practice session, see :mod:`~workshop_kit.core.store.rehearsals`).

        A code already taken makes the insert fail on the unique constraint; another code is
        drawn, so two facilitators creating sessions at once never share one.
        """
        title = title.strip()[:200]
        now = utcnow()
        for _attempt in range(20):
            code = new_join_code()
            try:
                with self._guard(), self.engine.begin() as connection:
                    connection.execute(
                        insert(sessions_table).values(
                            code=code,
                            title=title,
                            language=language,
                            current_activity="waiting",
                            status="open",
                            facilitator_key_hash=facilitator_key_hash,
                            profile_name=profile_name,
                            rehearsal=rehearsal,
                            created_at=now,
                            updated_at=now,
                        )
                    )
            except IntegrityError:
                continue
            return self.session(code)
        raise StoreError("could not find a free join code")  # pragma: no cover

    def sessions_for(self, facilitator_key_hash: str) -> list[SessionInfo]:
        """The sessions created with this key, newest first."""
        query = (
            _sessions_query()
            .where(sessions_table.c.facilitator_key_hash == facilitator_key_hash)
            .order_by(sessions_table.c.created_at.desc(), sessions_table.c.id.desc())
        )
        with self._guard(), self.engine.connect() as connection:
            return [_session_info(row) for row in connection.execute(query).mappings()]

    def session(self, code: str) -> SessionInfo:
        """The session with this join code (typed loosely); :class:`SessionNotFound` if none.

        What every phone polls: one query, the latest hand-over request included.
        """
        code = normalise_code(code)
        query = _sessions_query().where(sessions_table.c.code == code)
        with self._guard(), self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            raise SessionNotFound(code)
        return _session_info(row)

    def set_current_activity(self, code: str, activity: str, facilitator_key_hash: str) -> None:
        """Show ``activity`` on every phone (facilitator only)."""
        self._facilitator_update(code, facilitator_key_hash, current_activity=activity)

    def close_session(self, code: str, facilitator_key_hash: str) -> None:
        """Stop taking answers and joins (facilitator only); the answers stay."""
        self._facilitator_update(code, facilitator_key_hash, status="closed")

    def reopen_session(self, code: str, facilitator_key_hash: str) -> None:
        """Take answers and joins again (facilitator only)."""
        self._facilitator_update(code, facilitator_key_hash, status="open")

    def hand_over_sessions(self, old_key_hash: str, new_key_hash: str) -> int:
        """Give every session of the old facilitator key to the new one (key rotation).

        Only someone holding the old key's hash can do it; answers are untouched. Returns how
        many sessions moved.
        """
        if not old_key_hash or not new_key_hash:
            raise NotAuthorised("a key rotation needs both keys")
        with self._guard(), self.engine.begin() as connection:
            return connection.execute(
                update(sessions_table)
                .where(sessions_table.c.facilitator_key_hash == old_key_hash)
                .values(facilitator_key_hash=new_key_hash, updated_at=utcnow())
            ).rowcount

    def _facilitator_update(self, code: str, facilitator_key_hash: str, **values: Any) -> None:
        """Change the session's columns ``values`` after the key check."""
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        with self._guard(), self.engine.begin() as connection:
            connection.execute(
                update(sessions_table)
                .where(sessions_table.c.id == session_id)
                .values(updated_at=utcnow(), **values)
            )

    def _authorised_session_id(self, code: str, facilitator_key_hash: str) -> int:
        """The session's row id, if ``facilitator_key_hash`` is its facilitator's (compared in
        constant time); else :class:`NotAuthorised` (or :class:`SessionNotFound`)."""
        with self._guard(), self.engine.connect() as connection:
            row = connection.execute(
                select(sessions_table.c.id, sessions_table.c.facilitator_key_hash).where(
                    sessions_table.c.code == normalise_code(code)
                )
            ).first()
        if row is None:
            raise SessionNotFound(code)
        if not facilitator_key_hash or not secrets.compare_digest(row[1], facilitator_key_hash):
            raise NotAuthorised(code)
        return int(row[0])

    # -- participants ---------------------------------------------------------------------

    def join(
        self, code: str, participant_id: str | None = None, device_id: str | None = None
    ) -> str:
        """Record a consenting participant; reuse ``participant_id`` if this device had one.

        ``device_id`` is the page's (:meth:`device_of` an earlier person on it): the new person
        is a hand-over on that page and shares its device id, so that disclosure counts the
        page once, up to :data:`~workshop_kit.core.store.limits.MAX_PEOPLE_PER_PAGE` people
        (then :class:`PageFull`). A device id this session never gave out starts a new page,
        as does none: ids come from the store, never from the page.
        """
        session = self.session(code)
        if not session.is_open:
            raise SessionClosed(code)
        session_id = self._session_id(session.code)
        with self._guard(), self.engine.begin() as connection:
            if is_participant_id(participant_id):
                known = connection.execute(
                    select(participants_table.c.session_id).where(
                        participants_table.c.id == participant_id
                    )
                ).first()
                if known is not None and known[0] == session_id:
                    return participant_id  # type: ignore[return-value]
            device = new_participant_id()  # a fresh page
            if is_participant_id(device_id):
                on_page = connection.execute(
                    select(func.count()).where(
                        participants_table.c.session_id == session_id,
                        participants_table.c.device_id == device_id,
                    )
                ).scalar_one()
                if on_page >= limits.MAX_PEOPLE_PER_PAGE:
                    raise PageFull(code)
                if on_page:
                    device = device_id  # type: ignore[assignment]
            new_id = new_participant_id()
            connection.execute(
                insert(participants_table).values(
                    id=new_id, session_id=session_id, consented_at=utcnow(), device_id=device
                )
            )
            return new_id

    def device_of(self, code: str, participant_id: str) -> str | None:
        """The page ``participant_id`` joined on (``None``: not a participant of ``code``)."""
        with self._guard(), self.engine.connect() as connection:
            return connection.execute(
                select(participants_table.c.device_id)
                .join(sessions_table, sessions_table.c.id == participants_table.c.session_id)
                .where(
                    sessions_table.c.code == normalise_code(code),
                    participants_table.c.id == participant_id,
                )
            ).scalar()

    def people_on_page(self, code: str, device_id: str) -> int:
        """How many participants joined ``code`` on the page ``device_id``."""
        with self._guard(), self.engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count())
                    .select_from(participants_table)
                    .join(sessions_table, sessions_table.c.id == participants_table.c.session_id)
                    .where(
                        sessions_table.c.code == normalise_code(code),
                        participants_table.c.device_id == device_id,
                    )
                ).scalar_one()
            )

    def _session_id(self, code: str) -> int:
        """The session's row id, for queries; no key check (reads and participants' writes)."""
        with self._guard(), self.engine.connect() as connection:
            value = connection.execute(
                select(sessions_table.c.id).where(sessions_table.c.code == normalise_code(code))
            ).scalar()
        if value is None:
            raise SessionNotFound(code)
        return int(value)


def _sessions_query() -> Select:
    """Sessions with the id of their latest hand-over request (0 when none), in one query:
    every phone polls :meth:`Sessions.session`."""
    latest_handover = (
        select(func.coalesce(func.max(handover_table.c.id), 0))
        .where(handover_table.c.session_id == sessions_table.c.id)
        .scalar_subquery()
    )
    return select(sessions_table, latest_handover.label("handover_request"))


def _session_info(row: Any) -> SessionInfo:
    """A row of :func:`_sessions_query` as the :class:`SessionInfo` callers get."""
    return SessionInfo(
        code=row["code"],
        title=row["title"],
        language=row["language"],
        current_activity=row["current_activity"],
        status=row["status"],
        profile_name=row["profile_name"],
        created_at=row["created_at"],
        handover_request=int(row.get("handover_request") or 0),
        rehearsal=bool(row.get("rehearsal")),
    )
