"""Limits per phone: how fast one page may store answers, and how many people may take turns
on it.

Why in the store: every phone's answer passes :meth:`~workshop_kit.core.store.Store.add_answer`,
whatever the form and whichever kernel sends it, and the store counts what it holds. A counter
in a kernel's memory would start again at zero each time the phone reloads the page; the rows
of the answers table do not.

The numbers, and why a person never meets them:

- **40 answers in any 10 seconds.** The busiest honest burst is the needs form: 12 needs rated
  as fast as a thumb taps (two taps each, each need saved once both are chosen: about 12
  answers in 10 s), then a change of group *and* of area, each of which sends every rating
  again (12 + 12). That is 36, with a few taps of margin. A script sends hundreds.
- **300 answers in any 10 minutes.** A long CareMap saves the whole map after each change:
  30 people and their 62 ties drawn one every two seconds is about 100 saves in 4 minutes.
  300 is one answer every 2 seconds for ten minutes without a pause; a phone scripted to
  fill the database is held to that, about 30 rows a minute.
- **10 people per page.** A tablet passed round a table of ten; more than that on one page in
  one session is not a shared phone but one phone making up a crowd.

A refused answer is not lost: the phone's sender keeps it and stores it once the window has
room (:class:`~workshop_kit.core.sending.AnswerSender`), and the page says "slow down".
"""

from __future__ import annotations

from collections.abc import Sequence

#: ``(answers, seconds)``: a page may store at most ``answers`` in any ``seconds``.
ANSWER_LIMITS: tuple[tuple[int, float], ...] = ((40, 10.0), (300, 600.0))

#: People who may take turns on one page in one session (the first one included).
MAX_PEOPLE_PER_PAGE = 10


def over_limit(recent: Sequence[int], limits: Sequence[tuple[int, float]]) -> bool:
    """Whether one more answer would exceed a limit, given how many answers the page stored
    within each limit's window (in the order of ``limits``)."""
    return any(count >= most for count, (most, _seconds) in zip(recent, limits, strict=True))
