"""The facilitator's Community of Practice page (:func:`show`, notebook 06).

Built on :func:`workshop_kit.core.page.facilitator_page`: participant links are refused, the
session is chosen (or "no live session": the planner, the register and the year need none),
and the view is redrawn when the answers it :attr:`~PracticeView.reads` change. Four tabs:

- **This gathering** (with a session): mark the session as gathering *n* of a Community of
  Practice, record which member organisations took part, read the value per cycle, approve
  the value-creation stories that may reach the projector, export;
- **The year**: the value matrix (cycles × gatherings), the multiagency view (sectors ×
  gatherings) and the approved stories of one Community of Practice, exported as CSV and PNG;
- **Plan the year**: four half-day gatherings, exported as iCalendar, printable agenda, CSV;
- **Members**: the register of member organisations (a CSV kept on this computer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.practice.answers import (
    GATHERINGS_PER_YEAR,
    MAX_NAME,
    TOPICS,
    AttendanceAnswer,
    Attending,
    GatheringAnswer,
)
from workshop_kit.activities.practice.data import (
    Gathering,
    YearData,
    attendance,
    communities,
    gathering_mark,
    marked_gatherings,
    shown_answers,
    store_record,
    year_data,
)
from workshop_kit.activities.practice.live import cycle_labels, stories_html
from workshop_kit.activities.practice.panels import (
    EXPORT_FOLDER,
    PlannerPanel,
    RegisterPanel,
    button,
    sector_labels,
)
from workshop_kit.activities.practice.register import Register, load_saved_register
from workshop_kit.core.context import PageContext
from workshop_kit.core.exports import ExportFile, png_bytes, safe_csv, save_exports
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import ChartPanel, MessageArea, download_links, escape, guarded

#: Written answers listed for approval at once (a gathering has a few dozen at most).
MAX_MODERATED = 200


def _wide(description: str, **kwargs: Any) -> dict[str, Any]:
    return {
        "description": description,
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="min(100%, 520px)"),
        **kwargs,
    }


def _heading(text: str, level: int = 3) -> widgets.HTML:
    return widgets.HTML(f"<h{level}>{escape(text)}</h{level}>")


# -- this gathering -------------------------------------------------------------------------------


class GatheringPanel(widgets.VBox):
    """One session as a gathering: its place in the year, attendance, value, stories.

    CSS classes for tests: ``wk-practice-gathering``, ``wk-practice-mark-community``,
    ``wk-practice-mark-number``, ``wk-practice-mark-save``, ``wk-practice-mark-status``,
    ``wk-practice-attendance`` (``wk-practice-attending`` checkboxes),
    ``wk-practice-attendance-save``, ``wk-practice-session-value``,
    ``wk-practice-moderation`` (rows ``wk-moderation-row`` with ``wk-approve`` / ``wk-hide``),
    ``wk-practice-session-stories``, ``wk-practice-session-export``,
    ``wk-practice-session-downloads``.
    """

    def __init__(
        self,
        context: PageContext,
        store: Store,
        session: SessionInfo,
        register: Register,
        default_community: str,
        changed: Callable[[], None] | None = None,
    ) -> None:
        """``changed()`` is called after the facilitator recorded something (the year view
        then redraws)."""
        self.store = store
        self.changed = changed
        self.session = session
        self.code = session.code
        self.key_hash = context.facilitator.key_hash if context.facilitator else ""
        self.profile = context.profile
        self.t = t = context.t
        self.register = register
        self.results: dict[str, Any] = {}
        self.messages = MessageArea()
        mark = gathering_mark(store, self.code)
        self.community = widgets.Text(
            value=mark.community if mark else default_community[:MAX_NAME],
            **_wide(t("practice.gathering.community")),
        )
        self.community.add_class("wk-practice-mark-community")
        self.year = widgets.BoundedIntText(
            value=mark.year if mark else session.created_at.year,
            min=2000,
            max=2100,
            **_wide(t("practice.plan.year")),
        )
        self.number = widgets.Dropdown(
            options=[(str(n), n) for n in range(1, GATHERINGS_PER_YEAR + 1)],
            value=mark.number if mark else 1,
            **_wide(t("practice.gathering.number")),
        )
        self.number.add_class("wk-practice-mark-number")
        self.theme = widgets.Dropdown(
            options=[(t("practice.gathering.no_theme"), "")]
            + [(t(f"practice.topic.{topic}"), topic) for topic in TOPICS],
            value=(mark.theme or "") if mark else "",
            **_wide(t("practice.gathering.theme")),
        )
        self.save_mark = button(description=t("practice.gathering.save"), button_style="primary")
        self.save_mark.add_class("wk-practice-mark-save")
        self.save_mark.on_click(guarded(self._save_mark, self.messages, t))
        self.mark_status = widgets.HTML()
        self.mark_status.add_class("wk-practice-mark-status")

        self.attending: dict[str, tuple[widgets.Checkbox, str, str]] = {}
        self.attendance_box = widgets.VBox()
        self.attendance_box.add_class("wk-practice-attendance")
        self.save_attendance = button(description=t("practice.gathering.save_attendance"))
        self.save_attendance.add_class("wk-practice-attendance-save")
        self.save_attendance.on_click(guarded(self._save_attendance, self.messages, t))
        self.attendance_status = widgets.HTML()

        self.value = ChartPanel(t("practice.chart.cycles_title"))
        self.value.add_class("wk-practice-session-value")
        self.moderation = widgets.VBox()
        self.moderation.add_class("wk-practice-moderation")
        self.stories = widgets.HTML()
        self.stories.add_class("wk-practice-session-stories")
        self.export = button(description=t("practice.gathering.export"), icon="download")
        self.export.add_class("wk-practice-session-export")
        self.export.on_click(guarded(self._export, self.messages, t))
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-practice-session-downloads")
        self._recorded: list[dict[str, str]] = []
        self._seen: Any = None
        super().__init__(
            [
                _heading(t("practice.gathering.mark_title")),
                widgets.HTML(f"<p><small>{escape(t('practice.gathering.mark_help'))}</small></p>"),
                self.community,
                self.year,
                self.number,
                self.theme,
                self.save_mark,
                self.mark_status,
                _heading(t("practice.gathering.attendance_title")),
                widgets.HTML(
                    f"<p><small>{escape(t('practice.gathering.attendance_help'))}</small></p>"
                ),
                self.attendance_box,
                self.save_attendance,
                self.attendance_status,
                self.value,
                self.stories,
                self.moderation,
                self.export,
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-practice-gathering")

    # -- marking and attendance ------------------------------------------------------------

    def _save_mark(self, _button: Any) -> None:
        t = self.t
        community = " ".join(self.community.value.split())
        if not community:
            self.messages.show(t("practice.plan.name_required"), "warning")
            return
        if len(community) > MAX_NAME:
            self.messages.show(t("validation.text_too_long", limit=MAX_NAME), "warning")
            return
        answer = GatheringAnswer(
            community=community,
            year=int(self.year.value),
            number=int(self.number.value),
            theme=self.theme.value or None,
        )
        store_record(self.store, self.code, self.key_hash, answer, "gathering")
        self._recorded_something()
        self.messages.show(
            t("practice.gathering.saved", number=answer.number, community=community), "ok"
        )

    def set_register(self, register: Register) -> None:
        self.register = register
        self._draw_attendance(self._ticked())

    def _ticked(self) -> dict[str, tuple[str, str]]:
        return {
            key: (name, sector) for key, (box, name, sector) in self.attending.items() if box.value
        }

    def _draw_attendance(self, ticked: dict[str, tuple[str, str]]) -> None:
        """One checkbox per member of the register, and per organisation recorded as present
        that is no longer in it."""
        t = self.t
        labels = sector_labels(t)
        entries: dict[str, tuple[str, str]] = {}
        for member in self.register.members:
            entries[member.key] = (member.name, member.sector)
        for organisation in self._recorded:
            entries.setdefault(
                organisation["name"].casefold(), (organisation["name"], organisation["sector"])
            )
        self.attending = {}
        boxes: list[widgets.Widget] = []
        for key, (name, sector) in entries.items():
            box = widgets.Checkbox(
                value=key in ticked,
                description=f"{name} · {labels.get(sector, sector)}",
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            box.add_class("wk-practice-attending")
            self.attending[key] = (box, name, sector)
            boxes.append(box)
        if not boxes:
            boxes = [widgets.HTML(f"<p>{escape(t('practice.gathering.no_register'))}</p>")]
        self.attendance_box.children = boxes

    def _save_attendance(self, _button: Any) -> None:
        t = self.t
        present = [Attending(name=name, sector=sector) for name, sector in self._ticked().values()]
        answer = AttendanceAnswer(organisations=present)
        store_record(self.store, self.code, self.key_hash, answer, "attendance")
        self._recorded_something()
        self.messages.show(t("practice.gathering.attendance_saved", count=len(present)), "ok")

    # -- stories --------------------------------------------------------------------------

    def _draw_moderation(self, texts: list[str], decisions: dict[str, str]) -> None:
        from workshop_kit.core.disclosure import APPROVE, HIDE, text_key

        t = self.t
        rows: list[widgets.Widget] = [
            _heading(t("practice.moderation.title"), 4),
            widgets.HTML(f"<p><small>{escape(t('practice.moderation.help'))}</small></p>"),
        ]
        seen: set[str] = set()
        for text in texts:
            key = text_key(text)
            if key in seen or len(seen) >= MAX_MODERATED:
                continue
            seen.add(key)
            state = decisions.get(key, "waiting")
            label = widgets.HTML(
                f"<span>{escape(text)}</span> · "
                f"<em>{escape(t(f'practice.moderation.state_{state}'))}</em>"
            )
            buttons = []
            for decision, css in ((APPROVE, "wk-approve"), (HIDE, "wk-hide")):
                choice = button(
                    description=t(f"practice.moderation.{decision}"), disabled=state == decision
                )
                choice.add_class(css)
                choice.on_click(
                    guarded(lambda _b, k=key, d=decision: self.decide(k, d), self.messages, t)
                )
                buttons.append(choice)
            row = widgets.HBox([label, *buttons], layout=widgets.Layout(flex_flow="row wrap"))
            row.add_class("wk-moderation-row")
            rows.append(row)
        if not seen:
            rows.append(widgets.HTML(f"<p>{escape(t('practice.stories.none'))}</p>"))
        self.moderation.children = rows

    def decide(self, key: str, decision: str) -> None:
        """Store a moderation decision durably (the store checks the facilitator's key)."""
        from workshop_kit.core.answers import TextReviewAnswer

        store_record(
            self.store,
            self.code,
            self.key_hash,
            TextReviewAnswer(text_key=key, decision=decision),
            "review",
        )
        self._recorded_something()

    def _recorded_something(self) -> None:
        self.refresh(force=True)
        if self.changed is not None:
            self.changed()

    # -- drawing --------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        from workshop_kit.activities.practice.charts import cycle_chart
        from workshop_kit.activities.practice.model import (
            cycle_scores,
            cycles_sentence,
            respondents,
            stories,
        )
        from workshop_kit.core.answers import review_decisions
        from workshop_kit.core.disclosure import SHOWN, approved_texts

        t, k = self.t, self.profile.min_cell_size
        state = self.store.activity_state(
            self.code, ("practice", "text_reviews", "practice_gathering", "practice_attendance")
        )
        if state == self._seen and not force:
            return
        self._seen = state
        self.session = self.store.session(self.code)  # open or closed since the page opened?
        mark = gathering_mark(self.store, self.code)
        if mark is None:
            text = t("practice.gathering.not_marked")
        else:
            text = t(
                "practice.gathering.marked",
                number=mark.number,
                community=mark.community,
                year=str(mark.year),
            )
        self.mark_status.value = f"<p>{escape(text)}</p>"
        self._recorded = attendance(self.store, self.code)
        self._draw_attendance(
            {o["name"].casefold(): (o["name"], o["sector"]) for o in self._recorded}
        )
        recorded = t("practice.gathering.attendance_count", count=len(self._recorded))
        self.attendance_status.value = f"<p><small>{escape(recorded)}</small></p>"

        everything = self.store.answers(self.code, "practice")
        shown = cycle_scores(shown_answers(self.store, self.session, k), k, answered=everything)
        labels = cycle_labels(t)
        people = respondents(everything)
        figure = cycle_chart(shown, labels, t) if (shown["status"] == SHOWN).any() else None
        sentence = cycles_sentence(shown, people, k, t, labels)
        if self.session.is_open and people:
            sentence += " " + t("practice.gathering.released_note", min=k)
        self.value.show(figure, sentence)

        written = stories(everything)
        decisions = review_decisions(self.store.answers(self.code, "text_reviews"))
        approved = approved_texts(written, decisions)
        self.stories.value = stories_html(approved, len(written) - len(approved), t, None)
        self._draw_moderation(written, decisions)
        self.results = {"shown": shown, "figure": figure, "approved": approved}
        self.downloads.value = ""

    def export_files(self) -> list[ExportFile]:
        """The gathering's shown figures and approved stories: what the room saw, no more."""
        import pandas as pd

        if not self.results:
            self.refresh(force=True)
        t = self.t
        shown = self.results["shown"].copy()
        shown.insert(0, "label", [t(f"practice.cycle.{c}") for c in shown.index])
        files = [
            ExportFile(f"practice-{self.code}-value.csv", "text/csv", safe_csv(shown)),
            ExportFile(
                f"practice-{self.code}-stories.csv",
                "text/csv",
                safe_csv(pd.DataFrame({"story": self.results["approved"]}, columns=["story"])),
            ),
        ]
        if self.results["figure"] is not None:
            files.append(
                ExportFile(
                    f"practice-{self.code}-value.png",
                    "image/png",
                    png_bytes(self.results["figure"]),
                )
            )
        return files

    def _export(self, _button: Any) -> None:
        files = self.export_files()
        folder = save_exports(files, self.code)
        self.downloads.value = download_links(files, self.t, folder)


# -- the year -------------------------------------------------------------------------------------


class YearPanel(widgets.VBox):
    """The year of one Community of Practice: value matrix, multiagency view, stories.

    Read again when the page opens, when this page records something, when the session's
    answers change, and on *Read the store again* (a gathering run from another page).

    CSS classes for tests: ``wk-practice-year``, ``wk-practice-year-choice``,
    ``wk-practice-year-refresh``,
    ``wk-practice-matrix``, ``wk-practice-multiagency``, ``wk-practice-year-stories``,
    ``wk-practice-year-export``, ``wk-practice-year-downloads``.
    """

    def __init__(
        self,
        context: PageContext,
        store: Store,
        preferred: tuple[str, int] | None = None,
    ) -> None:
        self.store = store
        self.key_hash = context.facilitator.key_hash if context.facilitator else ""
        self.profile = context.profile
        self.t = t = context.t
        self.preferred = preferred
        self.data: YearData | None = None
        self.figures: dict[str, Any] = {}
        self.messages = MessageArea()
        self.choice = widgets.Dropdown(options=[], value=None, **_wide(t("practice.year.choose")))
        self.choice.add_class("wk-practice-year-choice")
        self.pairs: list[tuple[str, int]] = []
        self._drawing = False
        self.choice.observe(guarded(self._chosen, self.messages, t), names="value")
        self.empty = widgets.HTML()
        self.matrix = ChartPanel(t("practice.year.matrix_title"))
        self.matrix.add_class("wk-practice-matrix")
        self.sectors = ChartPanel(t("practice.multiagency.title"))
        self.sectors.add_class("wk-practice-multiagency")
        self.stories = widgets.HTML()
        self.stories.add_class("wk-practice-year-stories")
        self.reload = button(description=t("practice.year.refresh"), icon="refresh")
        self.reload.add_class("wk-practice-year-refresh")
        self.reload.on_click(guarded(lambda _b: self.refresh(), self.messages, t))
        self.export = button(description=t("practice.year.export"), icon="download")
        self.export.add_class("wk-practice-year-export")
        self.export.on_click(guarded(self._export, self.messages, t))
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-practice-year-downloads")
        self.gatherings: list[Gathering] = []
        super().__init__(
            [
                widgets.HTML(f"<p>{escape(t('practice.year.intro'))}</p>"),
                widgets.HBox([self.choice, self.reload]),
                self.empty,
                self.matrix,
                self.sectors,
                self.stories,
                self.export,
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-practice-year")

    def refresh(self) -> None:
        """Find the marked gatherings again and redraw the chosen year."""
        t = self.t
        self.gatherings = marked_gatherings(self.store, self.key_hash)
        current = self.chosen()
        self.pairs = communities(self.gatherings)
        wanted = current if current in self.pairs else None
        if wanted is None and self.preferred in self.pairs:
            wanted = self.preferred
        if wanted is None and self.pairs:
            wanted = self.pairs[0]
        self._drawing = True  # one drawing below, not one per change of the chooser
        try:
            self.choice.options = [
                (t("practice.year.choice", community=c, year=str(y)), index)
                for index, (c, y) in enumerate(self.pairs)
            ]
            self.choice.value = None if wanted is None else self.pairs.index(wanted)
        finally:
            self._drawing = False
        self.draw()

    def chosen(self) -> tuple[str, int] | None:
        """The (Community of Practice, year) chosen, if any."""
        index = self.choice.value
        return self.pairs[index] if index is not None and index < len(self.pairs) else None

    def choose(self, community: str, year: int) -> None:
        """Show the year of ``community`` (as the chooser would)."""
        self.preferred = (community, year)
        if (community, year) in self.pairs:
            self.choice.value = self.pairs.index((community, year))

    def _chosen(self, _change: Any) -> None:
        if not self._drawing:
            self.draw()

    def draw(self) -> None:
        from workshop_kit.activities.practice.charts import matrix_chart, multiagency_chart
        from workshop_kit.activities.practice.model import matrix_sentence, multiagency_sentence

        t = self.t
        self.downloads.value = ""
        chosen = self.chosen()
        if chosen is None:
            self.data = None
            self.empty.value = f"<p>{escape(t('practice.year.none'))}</p>"
            for panel in (self.matrix, self.sectors):
                panel.layout.display = "none"
            self.stories.value = ""
            return
        self.empty.value = ""
        for panel in (self.matrix, self.sectors):
            panel.layout.display = ""
        community, year = chosen
        k = self.profile.min_cell_size
        data = year_data(self.store, self.gatherings, community, year, k, t)
        self.data = data
        labels = cycle_labels(t)
        assert data.matrix is not None and data.sectors is not None
        matrix_figure = matrix_chart(data.matrix, labels, t)
        self.matrix.show(matrix_figure, matrix_sentence(data.matrix, t, labels))
        sectors = sector_labels(t)
        sector_figure = multiagency_chart(data.sectors, sectors, t)
        self.sectors.show(sector_figure, multiagency_sentence(data.sectors, t, sectors))
        self.figures = {"value-matrix": matrix_figure, "multiagency": sector_figure}
        self.stories.value = self._stories_html(data)

    def _stories_html(self, data: YearData) -> str:
        t = self.t
        parts = [f"<h3>{escape(t('practice.stories.title'))}</h3>"]
        if not data.stories and not data.waiting:
            parts.append(f"<p>{escape(t('practice.stories.none'))}</p>")
        label = None
        for gathering, text in data.stories:
            if gathering != label:
                if label is not None:
                    parts.append("</ul>")
                parts.append(f"<h4>{escape(gathering)}</h4><ul>")
                label = gathering
            parts.append(f"<li>{escape(text)}</li>")
        if label is not None:
            parts.append("</ul>")
        if data.waiting:
            parts.append(f"<p>{escape(t('practice.stories.waiting', count=data.waiting))}</p>")
        return "".join(parts)

    def export_files(self) -> list[ExportFile]:
        import pandas as pd

        data = self.data
        if data is None or data.matrix is None or data.sectors is None:
            return []
        t = self.t
        stem = f"practice-{data.year}"
        matrix = data.matrix.table()
        matrix.insert(0, "community", data.community)
        matrix.insert(3, "label", [t(f"practice.cycle.{c}") for c in matrix["cycle"]])
        sectors = data.sectors.copy()
        sectors.insert(0, "label", [t(f"practice.sector.{s}") for s in sectors.index])
        files = [
            ExportFile(f"{stem}-value-matrix.csv", "text/csv", safe_csv(matrix)),
            ExportFile(f"{stem}-multiagency.csv", "text/csv", safe_csv(sectors)),
            ExportFile(
                f"{stem}-stories.csv",
                "text/csv",
                safe_csv(pd.DataFrame(data.stories, columns=["gathering", "story"])),
            ),
        ]
        for name, figure in self.figures.items():
            if figure is not None:
                files.append(ExportFile(f"{stem}-{name}.png", "image/png", png_bytes(figure)))
        return files

    def _export(self, _button: Any) -> None:
        files = self.export_files()
        if not files:
            self.messages.show(self.t("practice.year.none"), "info")
            return
        folder = save_exports(files, EXPORT_FOLDER)
        self.downloads.value = download_links(files, self.t, folder)


# -- the page -------------------------------------------------------------------------------------


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
