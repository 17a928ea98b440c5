"""Hand-over requests: the facilitator asks every shared phone "will someone else use it now?".

Why a request and not a sign-out: nobody loses their place; each phone compares the newest
request's id (:attr:`~workshop_kit.core.store.SessionInfo.handover_request`, read with every
session poll) with the one it last saw and offers its person to hand over or to carry on.
"""

from __future__ import annotations

from sqlalchemy import insert, update

from workshop_kit.core.store.schema import handover_table, sessions_table
from workshop_kit.core.store.sessions import Sessions
from workshop_kit.core.store.values import utcnow


class HandoverRequests(Sessions):
    """The facilitator's hand-over requests of a session."""

    def ask_for_handover(self, code: str, facilitator_key_hash: str) -> int:
        """Make every phone of the session ask "will someone else use this phone now?".

        For shared phones and tablets: nobody is signed out; each phone offers its person to
        hand over (a new anonymous participant, with their own consent) or to carry on.
        Facilitator only, like every action on a session. Returns the request's id, which
        :attr:`SessionInfo.handover_request` shows to the phones' polls.
        """
        session_id = self._authorised_session_id(code, facilitator_key_hash)
        now = utcnow()
        with self._guard(), self.engine.begin() as connection:
            request = connection.execute(
                insert(handover_table).values(session_id=session_id, requested_at=now)
            ).inserted_primary_key[0]
            connection.execute(
                update(sessions_table)
                .where(sessions_table.c.id == session_id)
                .values(updated_at=now)
            )
        return int(request)
