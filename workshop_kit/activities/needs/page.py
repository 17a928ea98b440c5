"""The facilitator's needs-assessment page (:func:`show`, notebook 01).

The page frame (:func:`workshop_kit.core.page.facilitator_page`) refuses participant links,
lets the facilitator choose one of their sessions or "no live session", and redraws the view
when the session's needs answers or moderation decisions change. :class:`NeedsPageView` is
what it shows for the choice:

- a **live session**: the results as the projector shows them (the answers released in whole
  blocks of ``min_cell_size`` people, and the same in the exports: see :mod:`.data`), the
  written answers of those people to approve or hide (the others' answers could not reach the
  projector yet anyway), and the import of a survey export into the session;
- **no live session**: the same results, moderation and exports for survey files imported on
  this page alone. Nothing is written to the store; importing the same file twice adds
  nothing. A trainer can so prepare or read a survey before any workshop is set up.
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.needs.data import NeedsData, PageAnswers, SessionAnswers
from workshop_kit.activities.needs.import_panel import ImportPanel
from workshop_kit.activities.needs.importer import NeedsImport
from workshop_kit.activities.needs.results import FacilitatorView
from workshop_kit.core.context import PageContext
from workshop_kit.core.page import facilitator_page
from workshop_kit.core.store import SessionInfo, Store


class NeedsPageView(widgets.VBox):
    """One session's needs assessment, or imported files without a session: the results
    with moderation and exports (:class:`FacilitatorView`), and the import box.

    CSS classes for tests: ``wk-needs-session`` (the view of a live session),
    ``wk-needs-no-session`` (imported files only), the results' and the import panel's.
    """

    #: The answers it shows (the page frame redraws it when one of them changes).
    reads = ("needs", "text_reviews")

    def __init__(self, context: PageContext, store: Store, session: SessionInfo | None) -> None:
        profile, t = context.profile, context.t
        self.data: NeedsData
        if session is None:
            self.data = PageAnswers()
        else:
            # imports and decisions go through the store's own key check
            key_hash = context.facilitator.key_hash if context.facilitator else ""
            self.data = SessionAnswers(store, session.code, key_hash, profile, t)
        self.results = FacilitatorView(profile, t, decide=self._decide, folder=self.data.folder)
        self.importer = ImportPanel(profile, t, self._import)
        super().__init__([self.results, self.importer])
        self.add_class("wk-needs-session" if session is not None else "wk-needs-no-session")
        self.refresh()

    def _import(self, result: NeedsImport) -> int:
        added = self.data.add_import(result)
        self.refresh()
        return added

    def _decide(self, key: str, decision: str) -> None:
        self.data.decide(key, decision)
        self.refresh()

    def refresh(self) -> bool:
        """Redraw if what may be shown changed; return whether it did."""
        if isinstance(self.data, SessionAnswers):  # the room's shown state, as projected
            return self.results.show_state(self.data.context.shown("needs"), self.data.decisions())
        answers, decisions = self.data.shown()
        return self.results.update(answers, decisions=decisions)


def needs_page(poll: bool = True) -> widgets.Widget:
    """The needs-assessment page: a refusal for participant links, else the chosen session's
    view or, by default, the view of imported files without a session."""
    return facilitator_page(
        "needs.title", NeedsPageView, without_session="needs.page.no_session", poll=poll
    )


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(needs_page())
