"""Two facilitator records of a gathering, beside attendance and moderation on *This
gathering*: what each member organisation contributed (multiagency contribution) and which
cycles each approved story passes through (for the value-creation matrix).

Both are facilitator answers stored in the gathering's session (:func:`.data.store_record`,
the store checks the key), so they travel with the session and a participant cannot make
them. Kept apart from :mod:`.gathering_panel` because each is a small form of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.practice.answers import (
    CONTRIBUTIONS,
    CYCLES,
    Contributing,
    ContributionAnswer,
    StoryCyclesAnswer,
)
from workshop_kit.activities.practice.controls import button
from workshop_kit.activities.practice.data import store_record
from workshop_kit.core.disclosure import text_key
from workshop_kit.core.store import Store
from workshop_kit.core.widgets import MessageArea, escape, guarded
from workshop_kit.i18n import Translator

#: CSS class of a contribution's checkbox.
CONTRIBUTES = "wk-practice-contributes"
#: Characters of a story shown beside its cycle boxes (the full story is listed above).
STORY_PREVIEW = 140


def _tick(description: str, value: bool, css: str) -> widgets.Checkbox:
    box = widgets.Checkbox(
        value=value, description=description, indent=False, layout=widgets.Layout(width="auto")
    )
    box.add_class(css)
    return box


class ContributionRecord(widgets.VBox):
    """One row per organisation (name · sector) with a box per kind of contribution.

    CSS classes for tests: ``wk-practice-contribution`` (the box), ``wk-practice-contribution-
    row``, ``wk-practice-contributes`` (the checkboxes), ``wk-practice-contribution-save``.
    """

    def __init__(
        self,
        store: Store,
        code: str,
        key_hash: str,
        t: Translator,
        messages: MessageArea,
        recorded: Callable[[], None],
    ) -> None:
        self.store, self.code, self.key_hash, self.t = store, code, key_hash, t
        self.messages = messages
        self.recorded = recorded
        self.rows: dict[str, tuple[str, str, dict[str, widgets.Checkbox]]] = {}
        self.table = widgets.VBox()
        self.save = button(description=t("practice.contribution.save"))
        self.save.add_class("wk-practice-contribution-save")
        self.save.on_click(guarded(self._save, messages, t))
        self.status = widgets.HTML()
        super().__init__([self.table, self.save, self.status])
        self.add_class("wk-practice-contribution")

    def show(
        self,
        organisations: Iterable[tuple[str, str]],
        sector_labels: Mapping[str, str],
        contributions: Iterable[Mapping[str, Any]],
    ) -> None:
        """Rows for ``organisations`` (name, sector) and any organisation with a recorded
        contribution, ticked as ``contributions`` (the latest record) says."""
        t = self.t
        given = {str(c["name"]).casefold(): c for c in contributions}
        entries: dict[str, tuple[str, str]] = {}
        for name, sector in organisations:
            entries.setdefault(name.casefold(), (name, sector))
        for item in given.values():
            entries.setdefault(str(item["name"]).casefold(), (item["name"], item["sector"]))
        self.rows = {}
        children: list[widgets.Widget] = []
        for key, (name, sector) in entries.items():
            kinds = set(given.get(key, {}).get("kinds", []))
            boxes = {
                kind: _tick(t(f"practice.contribution.{kind}"), kind in kinds, CONTRIBUTES)
                for kind in CONTRIBUTIONS
            }
            label = widgets.HTML(
                f"<b>{escape(name)}</b> · {escape(sector_labels.get(sector, sector))}"
            )
            row = widgets.VBox([label, widgets.HBox(list(boxes.values()))])
            row.add_class("wk-practice-contribution-row")
            self.rows[key] = (name, sector, boxes)
            children.append(row)
        if not children:
            children = [widgets.HTML(f"<p>{escape(t('practice.gathering.no_register'))}</p>")]
        self.table.children = children
        count = sum(1 for item in given.values() if item.get("kinds"))
        self.status.value = (
            f"<p><small>{escape(t('practice.contribution.recorded', count=count))}</small></p>"
        )

    def answer(self) -> ContributionAnswer:
        """The record the boxes show: every organisation with at least one kind ticked."""
        contributions = [
            Contributing(
                name=name,
                sector=sector,
                kinds=[kind for kind, box in boxes.items() if box.value],
            )
            for name, sector, boxes in self.rows.values()
            if any(box.value for box in boxes.values())
        ]
        return ContributionAnswer(contributions=contributions)

    def _save(self, _button: Any) -> None:
        answer = self.answer()
        store_record(self.store, self.code, self.key_hash, answer, "contribution")
        self.recorded()
        self.messages.show(
            self.t("practice.contribution.saved", count=len(answer.contributions)), "ok"
        )


class StoryTagging(widgets.VBox):
    """For each approved story, a box per cycle it may pass through.

    CSS classes for tests: ``wk-practice-story-tags`` (the box), ``wk-practice-story-tag-row``,
    ``wk-practice-story-cycle`` (the checkboxes), ``wk-practice-story-tags-save``.
    """

    def __init__(
        self,
        store: Store,
        code: str,
        key_hash: str,
        t: Translator,
        messages: MessageArea,
        recorded: Callable[[], None],
    ) -> None:
        self.store, self.code, self.key_hash, self.t = store, code, key_hash, t
        self.recorded = recorded
        self.messages = messages
        self.rows: dict[str, dict[str, widgets.Checkbox]] = {}
        self.tags: dict[str, tuple[str, ...]] = {}
        self.table = widgets.VBox()
        self.save = button(description=t("practice.creation.save"))
        self.save.add_class("wk-practice-story-tags-save")
        self.save.on_click(guarded(self._save, messages, t))
        super().__init__(
            [
                widgets.HTML(f"<p><small>{escape(t('practice.creation.tag_help'))}</small></p>"),
                self.table,
                self.save,
            ]
        )
        self.add_class("wk-practice-story-tags")

    def show(self, approved: Iterable[str], labels: Mapping[str, str], tags: Mapping[str, Any]):
        """One row per approved story, ticked as the latest tagging says."""
        t = self.t
        self.tags = {key: tuple(cycles) for key, cycles in tags.items()}
        self.rows = {}
        children: list[widgets.Widget] = []
        for number, text in enumerate(approved, start=1):
            key = text_key(text)
            chosen = set(self.tags.get(key, ()))
            boxes = {
                cycle: _tick(labels.get(cycle, cycle), cycle in chosen, "wk-practice-story-cycle")
                for cycle in CYCLES
            }
            preview = text if len(text) <= STORY_PREVIEW else text[: STORY_PREVIEW - 1] + "…"
            row = widgets.VBox(
                [
                    widgets.HTML(f"<p>{number}. {escape(preview)}</p>"),
                    widgets.HBox(list(boxes.values())),
                ]
            )
            row.add_class("wk-practice-story-tag-row")
            self.rows[key] = boxes
            children.append(row)
        if not children:
            children = [widgets.HTML(f"<p>{escape(t('practice.creation.none_approved'))}</p>")]
        self.table.children = children

    def answers(self) -> list[StoryCyclesAnswer]:
        """One record per story whose ticks differ from its latest tagging."""
        changed = []
        for key, boxes in self.rows.items():
            cycles = tuple(cycle for cycle, box in boxes.items() if box.value)
            if cycles != self.tags.get(key, ()):
                changed.append(StoryCyclesAnswer(text_key=key, cycles=list(cycles)))
        return changed

    def _save(self, _button: Any) -> None:
        changed = self.answers()
        for answer in changed:
            store_record(self.store, self.code, self.key_hash, answer, "story-cycles")
        if changed:
            self.recorded()
        self.messages.show(self.t("practice.creation.saved", count=len(changed)), "ok")
