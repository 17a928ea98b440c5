"""The facilitator's Community of Practice page (:func:`show`, notebook 06).

Built on :func:`workshop_kit.core.page.facilitator_page`: participant links are refused, the
session is chosen (or "no live session": the planner, the register and the year need none),
and the view is redrawn when the answers it :attr:`~PracticeView.reads` change. Four tabs, a
module each:

- **This gathering** (with a session, :mod:`.gathering_panel`): mark the session as gathering
  *n* of a Community of Practice, record which member organisations took part, read the value
  per cycle, approve the value-creation stories that may reach the projector, export;
- **The year** (:mod:`.year_panel`): the value matrix (cycles × gatherings), the multiagency
  view (sectors × gatherings) and the approved stories of one Community of Practice, exported
  as CSV and PNG;
- **Plan the year** (:mod:`.planner_panel`): four half-day gatherings, exported as iCalendar,
  printable agenda, CSV;
- **Members** (:mod:`.register_panel`): the register of member organisations (a CSV kept on
  this computer).
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.practice.data import gathering_mark
from workshop_kit.activities.practice.gathering_panel import GatheringPanel
from workshop_kit.activities.practice.planner_panel import PlannerPanel
from workshop_kit.activities.practice.register import Register, load_saved_register
from workshop_kit.activities.practice.register_panel import RegisterPanel
from workshop_kit.activities.practice.year_panel import YearPanel
from workshop_kit.core.context import PageContext
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import MessageArea


class PracticeView(widgets.VBox):
    """The tabs of the page for one session (or none). CSS class ``wk-practice-page``."""

    #: The answers it shows: a change to one of them redraws it (see ``core.page``).
    reads = ("practice", "text_reviews", "practice_gathering", "practice_attendance")

    def __init__(self, context: PageContext, store: Store, session: SessionInfo | None) -> None:
        t = self.t = context.t
        self.messages = MessageArea()
        register, unreadable = load_saved_register()
        if unreadable:
            self.messages.show(t("practice.register.saved_unreadable"), "warning")
        self.planner = PlannerPanel(context.profile, t, register)
        self.register = RegisterPanel(t, register, changed=self._register_changed)
        mark = gathering_mark(store, session.code) if session is not None else None
        self.year = YearPanel(
            context, store, preferred=(mark.community, mark.year) if mark else None
        )
        self.gathering = (
            GatheringPanel(
                context,
                store,
                session,
                register,
                self.planner.community.value,
                changed=self._gathering_changed,
            )
            if session is not None
            else None
        )
        tabs: list[tuple[str, widgets.Widget]] = []
        if self.gathering is not None:
            tabs.append((t("practice.tab.gathering"), self.gathering))
        tabs += [
            (t("practice.tab.year"), self.year),
            (t("practice.tab.plan"), self.planner),
            (t("practice.tab.members"), self.register),
        ]
        self.tabs = widgets.Tab(children=[widget for _, widget in tabs])
        self.tabs.titles = tuple(title for title, _ in tabs)
        self.tabs.add_class("wk-practice-tabs")
        super().__init__([self.messages, self.tabs])
        self.add_class("wk-practice-page")
        self.refresh()

    def _gathering_changed(self) -> None:
        """A mark, attendance or approval changes the year too: show the gathering's year."""
        mark = gathering_mark(self.year.store, self.gathering.code) if self.gathering else None
        self.year.refresh()
        if mark is not None:
            self.year.choose(mark.community, mark.year)

    def _register_changed(self, register: Register) -> None:
        self.planner.set_register(register)
        if self.gathering is not None:
            self.gathering.set_register(register)

    def refresh(self) -> None:
        if self.gathering is not None:
            self.gathering.refresh()
        self.year.refresh()


def practice_page(poll: bool = True) -> widgets.Widget:
    """The page for this request: a refusal for participant links, else the frame with
    :class:`PracticeView` (which also works with no live session)."""
    from workshop_kit.core.page import facilitator_page

    return facilitator_page(
        "practice.title", PracticeView, without_session="practice.page.no_session", poll=poll
    )


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(practice_page())
