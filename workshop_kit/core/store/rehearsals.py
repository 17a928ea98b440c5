"""Practice sessions: kept apart from real ones, and deleted whole when the rehearsal ends.

Why in the store: "never mix with real ones" is a promise about data, so the store keeps it.
A practice session carries ``sessions.rehearsal`` from its creation (it cannot be turned into
a real one, nor a real one into practice), and :meth:`Rehearsals.delete_rehearsal` removes a
practice session with everything in it (answers, participants, hand-over requests, the
session row) and refuses any session that is not practice, so a rehearsal's clean-up can
never reach a real workshop's answers.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from workshop_kit.core.store.errors import NotAuthorised
from workshop_kit.core.store.schema import (
    answers_table,
    handover_table,
    participants_table,
    sessions_table,
)
from workshop_kit.core.store.sessions import Sessions


class Rehearsals(Sessions):
    """Deleting a practice session and everything in it (facilitator only)."""

    def delete_rehearsal(self, code: str, facilitator_key_hash: str) -> int:
        """Remove a practice session whole; returns how many answers went with it.

        Refuses (:class:`NotAuthorised`) a real session, or a key that did not start it.
        """
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        with self._guard(), self.engine.begin() as connection:
            practice = connection.execute(
                select(sessions_table.c.rehearsal).where(sessions_table.c.id == session_id)
            ).scalar()
            if not practice:
                raise NotAuthorised(f"{code} is not a practice session")
            removed = connection.execute(
                delete(answers_table).where(answers_table.c.session_id == session_id)
            ).rowcount
            for table in (participants_table, handover_table):
                connection.execute(delete(table).where(table.c.session_id == session_id))
            connection.execute(delete(sessions_table).where(sessions_table.c.id == session_id))
        if self.engine.dialect.name == "sqlite":
            with self._guard(), self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed
