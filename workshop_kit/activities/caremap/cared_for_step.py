"""The CareMap form's step 1: the people the caregiver cares for. The Atlas CareMap maps
several: the fields describe one at a time (the first is shown again to change it), *I care
for someone else too* keeps it and empties the fields for the next, and each person cared for
can be taken off the map while there are several.

A mixin of :class:`~.form.CareMapForm`, which holds the map, the fields and the messages; it
lives here so that each module of the form stays one concern. Light to import: ipywidgets only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as widgets

from workshop_kit.activities.caremap.answers import ME
from workshop_kit.activities.caremap.model import (
    CareMap,
    add_cared_for,
    is_cared_for,
    label_of,
    person,
    remove_cared_for,
    start_map,
    tie,
    with_cared_for,
)
from workshop_kit.activities.caremap.problems import CareMapRefused, Problem
from workshop_kit.core.widgets import MessageArea, escape, guarded
from workshop_kit.i18n import Translator

if TYPE_CHECKING:
    from workshop_kit.activities.caremap.person_editor import HelpFields


def person_row(
    text: widgets.Widget,
    name: str,
    remove: Callable[[], None] | None,
    messages: MessageArea,
    t: Translator,
) -> widgets.HBox:
    """One person in a list of the form: their text, and a Remove button (``None``: none)."""
    parts: list[widgets.Widget] = [text]
    if remove is not None:
        button = widgets.Button(description="✕", tooltip=t("caremap.button.remove", name=name))
        button.add_class("wk-caremap-remove")
        button.on_click(guarded(lambda _b: remove(), messages, t))
        parts.append(button)
    row = widgets.HBox(parts, layout=widgets.Layout(width="100%"))
    row.add_class("wk-caremap-person")
    return row


class CaredForStep:
    """Step 1 of :class:`~.form.CareMapForm` (see the module docstring)."""

    t: Translator
    care_map: CareMap | None
    cared_for: HelpFields
    cared_for_list: widgets.VBox
    messages: MessageArea
    self_words: frozenset[str]
    #: The person cared for whose fields are shown (``None``: someone new).
    editing: str | None

    def apply(self, updated: CareMap, said: str) -> None:  # the form's
        raise NotImplementedError

    def show_problems(self, problems: list[Problem]) -> None:  # the form's
        raise NotImplementedError

    def _fill_cared_for(self) -> None:
        """Step 1 shows the first person cared for (or the one being described), to change."""
        fields = self.cared_for
        if self.care_map is None:
            return
        if self.editing is None or not is_cared_for(self.care_map, self.editing):
            self.editing = self.care_map.cared_for[0].id
        shown = person(self.care_map, self.editing)
        own = tie(self.care_map, ME, self.editing)
        assert shown is not None
        fields.label.value = shown.label
        fields.relationship.value = shown.relationship
        fields.lives.value = shown.lives
        for kind, box in fields.help.items():
            box.value = own is not None and kind in own.help
        fields.frequency.value = own.frequency if own is not None else None

    def save_cared_for(self) -> bool:
        """Step 1's answers: a new map, the person shown described again, or one more person
        cared for. Empty fields on a map that has someone cared for change nothing. ``False``
        (and a message) when something is missing."""
        fields = self.cared_for
        if self.care_map is not None and self.editing is None and fields.is_empty():
            return True
        answers = (
            fields.label.value,
            fields.relationship.value,
            fields.kinds(),
            fields.frequency.value,
            fields.lives.value,
        )
        try:
            if self.care_map is None:
                updated = start_map(*answers)
            elif self.editing is None:
                updated = add_cared_for(self.care_map, *answers, self_words=self.self_words)
            else:
                updated = with_cared_for(self.care_map, *answers, person_id=self.editing)
        except CareMapRefused as refused:
            self.show_problems(refused.problems)
            return False
        if updated != self.care_map:
            if self.editing is None:
                self.editing = updated.cared_for[-1].id
            self.apply(updated, "")
        return True

    def add_another(self) -> None:
        """Keep the person cared for in the fields, then empty them for another one."""
        if not self.save_cared_for():
            return
        if self.care_map is None:
            return
        self.editing = None
        self.cared_for.clear()
        self._list_cared_for()
        self.messages.show(self.t("caremap.another_ready"), "info")

    def _list_cared_for(self) -> None:
        """The people cared for so far, each with a Remove button while there are several."""
        t = self.t
        if self.care_map is None:
            self.cared_for_list.children = []
            return
        rows: list[widgets.Widget] = [
            widgets.HTML(f"<p><strong>{escape(t('caremap.list_cared_for'))}</strong></p>")
        ]
        several = len(self.care_map.cared_for) > 1
        for shown in self.care_map.cared_for:
            text = widgets.HTML(
                f"<span>{escape(shown.label)}</span>", layout=widgets.Layout(flex="1 1 auto")
            )
            remove = (lambda c=shown.id: self.remove_cared(c)) if several else None
            rows.append(person_row(text, shown.label, remove, self.messages, t))
        self.cared_for_list.children = rows

    def remove_cared(self, person_id: str) -> None:
        """Take someone cared for off the map (with the help they gave and received)."""
        if self.care_map is None:
            return
        name = label_of(self.care_map, person_id, self.t("caremap.you"))
        try:
            updated = remove_cared_for(self.care_map, person_id)
        except CareMapRefused as refused:
            self.show_problems(refused.problems)
            return
        if self.editing == person_id:
            self.editing = None
        self.care_map = updated
        self._fill_cared_for()
        self._list_cared_for()
        self.apply(updated, self.t("caremap.removed", name=name))
