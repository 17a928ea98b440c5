"""What live pages poll to decide whether to redraw.

Why cheap summaries: every open page polls every few seconds, so a poll reads counts and the
newest ids, never the answers themselves; a page redraws (and reads the answers) only when
the summary it compares has changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from workshop_kit.core.store.schema import answers_table, participants_table, releases_table
from workshop_kit.core.store.sessions import Sessions


@dataclass(frozen=True)
class SessionState:
    """What pollers compare to decide whether to redraw."""

    current_activity: str
    status: str
    participants: int
    answers: int
    last_answer_id: int
    #: Id of the newest release (0: none): "Show results" redraws the views.
    last_release_id: int = 0


class Changes(Sessions):
    """The summaries pages poll: the whole session's, or that of the activities a page shows."""

    def state(self, code: str) -> SessionState:
        """A cheap summary for live pages: poll it and redraw only when it changes."""
        session = self.session(code)
        session_id = self._session_id(code)
        with self._guard(), self.engine.connect() as connection:
            participants = connection.execute(
                select(func.count()).where(participants_table.c.session_id == session_id)
            ).scalar_one()
            answers, last_id = connection.execute(
                select(func.count(), func.coalesce(func.max(answers_table.c.id), 0)).where(
                    answers_table.c.session_id == session_id
                )
            ).one()
            last_release = connection.execute(
                select(func.coalesce(func.max(releases_table.c.id), 0)).where(
                    releases_table.c.session_id == session_id
                )
            ).scalar_one()
        return SessionState(
            current_activity=session.current_activity,
            status=session.status,
            participants=int(participants),
            answers=int(answers),
            last_answer_id=int(last_id),
            last_release_id=int(last_release),
        )

    def activity_state(self, code: str, activities: Sequence[str]) -> tuple[Any, ...]:
        """What a page showing ``activities`` compares to decide whether to redraw: the count
        and newest answer id of each (with no activities: of every answer in the session).

        The one change detector of the facilitator pages: a participant joining, or answering
        another activity, leaves it unchanged, so the page (and a download link the facilitator
        is about to click) stays as it is.
        """
        session_id = self._session_id(code)
        query = select(
            answers_table.c.activity,
            func.count(),
            func.coalesce(func.max(answers_table.c.id), 0),
        ).where(answers_table.c.session_id == session_id)
        if activities:
            query = query.where(answers_table.c.activity.in_(list(activities)))
        with self._guard(), self.engine.connect() as connection:
            rows = connection.execute(query.group_by(answers_table.c.activity)).all()
        return tuple(sorted((str(a), int(n), int(last)) for a, n, last in rows))
