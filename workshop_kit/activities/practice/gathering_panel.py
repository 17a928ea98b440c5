"""The *This gathering* tab: one session as a gathering of a Community of Practice.

The facilitator marks the session as gathering *n* of a Community of Practice in a year,
records which member organisations took part (participation) and what each contributed
(multiagency contribution, :class:`.records_panel.ContributionRecord`), reads the value per
cycle, approves the value-creation stories that may reach the projector
(:class:`workshop_kit.core.moderation.ModerationList`), tags approved stories with the cycles
they pass through (:class:`.records_panel.StoryTagging`) and exports what the room saw.

While the session is open its figures are the released ones, as on the projector; once it is
closed, all of its answers (:func:`.data.shown_answers`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.practice.answers import (
    GATHERINGS_PER_YEAR,
    MAX_NAME,
    TOPICS,
    AttendanceAnswer,
    Attending,
    GatheringAnswer,
)
from workshop_kit.activities.practice.controls import (
    button,
    heading,
    name_or_warning,
    offer,
    wide,
)
from workshop_kit.activities.practice.data import (
    attendance,
    gathering_mark,
    shown_answers,
    store_record,
)
from workshop_kit.activities.practice.exports import gathering_files
from workshop_kit.activities.practice.live import stories_html
from workshop_kit.activities.practice.model import sector_labels
from workshop_kit.activities.practice.records_panel import ContributionRecord, StoryTagging
from workshop_kit.activities.practice.register import Register
from workshop_kit.core.context import PageContext
from workshop_kit.core.exports import ExportFile
from workshop_kit.core.moderation import ModerationList, Written
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import ChartPanel, MessageArea, escape, on_press

#: Stories listed for approval at once (a gathering has a few dozen at most).
MAX_MODERATED = 200


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
            **wide(t("practice.gathering.community")),
        )
        self.community.add_class("wk-practice-mark-community")
        self.year = widgets.BoundedIntText(
            value=mark.year if mark else session.created_at.year,
            min=2000,
            max=2100,
            **wide(t("practice.plan.year")),
        )
        self.number = widgets.Dropdown(
            options=[(str(n), n) for n in range(1, GATHERINGS_PER_YEAR + 1)],
            value=mark.number if mark else 1,
            **wide(t("practice.gathering.number")),
        )
        self.number.add_class("wk-practice-mark-number")
        self.theme = widgets.Dropdown(
            options=[(t("practice.gathering.no_theme"), "")]
            + [(t(f"practice.topic.{topic}"), topic) for topic in TOPICS],
            value=(mark.theme or "") if mark else "",
            **wide(t("practice.gathering.theme")),
        )
        self.save_mark = button(description=t("practice.gathering.save"), button_style="primary")
        self.save_mark.add_class("wk-practice-mark-save")
        on_press(self.save_mark, self._save_mark, self.messages, t)
        self.mark_status = widgets.HTML()
        self.mark_status.add_class("wk-practice-mark-status")

        self.attending: dict[str, tuple[widgets.Checkbox, str, str]] = {}
        self.attendance_box = widgets.VBox()
        self.attendance_box.add_class("wk-practice-attendance")
        self.save_attendance = button(description=t("practice.gathering.save_attendance"))
        self.save_attendance.add_class("wk-practice-attendance-save")
        on_press(self.save_attendance, self._save_attendance, self.messages, t)
        self.attendance_status = widgets.HTML()
        self.contribution = ContributionRecord(
            store, self.code, self.key_hash, t, self.messages, self._recorded_something
        )
        self.story_tags = StoryTagging(
            store, self.code, self.key_hash, t, self.messages, self._recorded_something
        )

        self.value = ChartPanel(t("practice.chart.cycles_title"))
        self.value.add_class("wk-practice-session-value")
        self.moderation = ModerationList("practice", t, self.decide, self.messages)
        self.stories = widgets.HTML()
        self.stories.add_class("wk-practice-session-stories")
        self.export = button(description=t("practice.gathering.export"), icon="download")
        self.export.add_class("wk-practice-session-export")
        on_press(self.export, self._export, self.messages, t)
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-practice-session-downloads")
        self._recorded: list[dict[str, str]] = []
        self._seen: Any = None
        super().__init__(
            [
                heading(t("practice.gathering.mark_title")),
                widgets.HTML(f"<p><small>{escape(t('practice.gathering.mark_help'))}</small></p>"),
                self.community,
                self.year,
                self.number,
                self.theme,
                self.save_mark,
                self.mark_status,
                heading(t("practice.gathering.attendance_title")),
                widgets.HTML(
                    f"<p><small>{escape(t('practice.gathering.attendance_help'))}</small></p>"
                ),
                self.attendance_box,
                self.save_attendance,
                self.attendance_status,
                heading(t("practice.contribution.title")),
                widgets.HTML(f"<p><small>{escape(t('practice.contribution.help'))}</small></p>"),
                self.contribution,
                self.value,
                self.stories,
                self.moderation,
                heading(t("practice.creation.tag_title")),
                self.story_tags,
                self.export,
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-practice-gathering")

    # -- marking and attendance ------------------------------------------------------------

    def _save_mark(self, _button: Any) -> None:
        t = self.t
        community = name_or_warning(
            self.community.value, self.messages, t, "practice.plan.name_required"
        )
        if community is None:
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
        """Each distinct story once, with Approve and Hide (at most :data:`MAX_MODERATED`)."""
        from workshop_kit.core.disclosure import text_key

        distinct: dict[str, Written] = {}
        for text in texts:
            if len(distinct) >= MAX_MODERATED:
                break
            distinct.setdefault(text_key(text), Written(text))
        self.moderation.show(distinct.values(), decisions)

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
        from workshop_kit.activities.practice.shown import shown_stories, shown_value
        from workshop_kit.core.answers import review_decisions

        t, k = self.t, self.profile.min_cell_size
        state = self.store.activity_state(
            self.code,
            (
                "practice",
                "text_reviews",
                "practice_gathering",
                "practice_attendance",
                "practice_contribution",
                "practice_story_cycles",
            ),
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
        self._show_contribution()

        everything = self.store.answers(self.code, "practice")
        value = shown_value(shown_answers(self.store, self.session, k), everything, k, t)
        figure = value.chart(t)
        sentence = value.sentence
        if self.session.is_open and value.people:
            sentence += " " + t("practice.gathering.released_note", min=k)
        sentence += " " + t("practice.gathering.lookback_note")
        self.value.show(figure, sentence)

        decisions = review_decisions(self.store.answers(self.code, "text_reviews"))
        told = shown_stories(everything, decisions)
        self.stories.value = stories_html(told.approved, told.waiting, t, None)
        self._draw_moderation(told.written, decisions)
        self._show_tags(told.approved)
        self.results = {"shown": value.shown, "figure": figure, "approved": told.approved}
        self.downloads.value = ""

    def _show_contribution(self) -> None:
        from workshop_kit.activities.practice.answers import ContributionAnswer
        from workshop_kit.activities.practice.contribution import contributions_of

        organisations = [(m.name, m.sector) for m in self.register.members]
        organisations += [(o["name"], o["sector"]) for o in self._recorded]
        given = contributions_of(self.store.answers(self.code, ContributionAnswer.activity))
        self.contribution.show(organisations, sector_labels(self.t), given)

    def _show_tags(self, approved: list[str]) -> None:
        from workshop_kit.activities.practice.answers import StoryCyclesAnswer
        from workshop_kit.activities.practice.model import cycle_labels
        from workshop_kit.activities.practice.value_creation import story_cycles

        tags = story_cycles(self.store.answers(self.code, StoryCyclesAnswer.activity))
        self.story_tags.show(approved, cycle_labels(self.t), tags)

    def export_files(self) -> list[ExportFile]:
        """The gathering's shown figures and approved stories: what the room saw, no more."""
        if not self.results:
            self.refresh(force=True)
        results = self.results
        return gathering_files(
            self.code, results["shown"], results["approved"], results["figure"], self.t
        )

    def _export(self, _button: Any) -> None:
        self.downloads.value = offer(self.export_files(), self.code, self.t)
