"""The CareMap on a caregiver's phone: the three questions step by step, the drawing growing
as people are added, downloads, and the choice to share the map (private by default).

1. *Who do you care for?* A label, who they are to you, where they live, the help you give and
   how often; *I care for someone else too* adds another (the Atlas CareMap maps several).
2. *Who else cares for them?* One person or service at a time (and, with several people cared
   for, whom they help).
3. *Who cares for you?* The same, for the caregiver.
4. *Your CareMap*: share it (or not) with the group summary; download it as a picture (PNG), a
   document to print (PDF) and a map file (JSON) to open again later to redraw it.

Every change is saved at once as the caregiver's whole map (one answer, the latest counts), so
nothing typed is lost if the phone sleeps or the facilitator moves on. A name already on the
map asks "is this the same person?"; someone listed as caring for themselves, an empty step and
a file that is not a CareMap are refused in words, and the map on screen stays as it was.

When the form comes back (the facilitator returns to the activity, the phone reloads) it
starts from the map this person saved last (``FormContext.previous``), so the next save never
replaces a fuller map with an emptier one.

This module holds the steps; :mod:`.cared_for_step` step 1's people cared for,
:mod:`.person_editor` the fields describing one person and the form's look,
:mod:`.drawing_panel` the drawing, the map in words and the downloads, :mod:`.map_opener`
opening a saved map file. Light to import: no pandas, numpy or matplotlib (the drawing imports
matplotlib when there is first something to draw). Made for one hand on a 360 px wide screen:
the main action of each step at the bottom.
"""

from __future__ import annotations

import logging
from typing import Any

import ipywidgets as widgets

from workshop_kit.activities.caremap.answers import ME, THEM
from workshop_kit.activities.caremap.cared_for_step import CaredForStep, person_row
from workshop_kit.activities.caremap.drawing_panel import DrawingPanel
from workshop_kit.activities.caremap.map_opener import MapOpener
from workshop_kit.activities.caremap.mapfile import MapFile
from workshop_kit.activities.caremap.model import (
    CareMap,
    NewPerson,
    add_person,
    cared_for_names,
    help_to_cared_for,
    helpers,
    label_of,
    payload,
    remove_tie,
    self_names,
    tie,
    with_shared,
)
from workshop_kit.activities.caremap.person_editor import FORM_CSS, HelpFields
from workshop_kit.activities.caremap.problems import QUESTION, CareMapRefused, Problem
from workshop_kit.core.answers import InvalidAnswer, validate_answer
from workshop_kit.core.registry import FormContext
from workshop_kit.core.widgets import MessageArea, escape, guarded

log = logging.getLogger("workshop_kit")

STEPS = 4


class CareMapForm(CaredForStep, widgets.VBox):
    """The phone form (see the module docstring). CSS classes for tests: ``wk-caremap``,
    ``wk-caremap-step``, the fields of :class:`HelpFields` (``wk-caremap-label``,
    ``wk-caremap-relationship``, ``wk-caremap-lives``, ``wk-caremap-receiver``,
    ``wk-caremap-help-<kind>``, ``wk-caremap-frequency``), ``wk-caremap-next``,
    ``wk-caremap-another`` (another person cared for), ``wk-caremap-cared-for`` (the list of
    people cared for, with ``wk-caremap-remove``), ``wk-caremap-back``, ``wk-caremap-add``,
    ``wk-caremap-question`` with ``wk-caremap-same`` / ``wk-caremap-different``,
    ``wk-caremap-list`` with ``wk-caremap-remove`` buttons, ``wk-caremap-share``,
    ``wk-caremap-download``, ``wk-caremap-downloads``, ``wk-caremap-open``, ``wk-caremap-replace``
    / ``wk-caremap-keep``, ``wk-caremap-drawing`` (the picture) and ``wk-caremap-words`` (the map
    in words, for screen readers)."""

    def __init__(self, context: FormContext) -> None:
        self.context = context
        self.t = t = context.t
        self.care_map: CareMap | None = None
        self.step = 1
        self.self_words = self_names(t)
        #: The person waiting for an answer to "is this the same person?", and who it may be.
        self.pending: tuple[NewPerson, str] | None = None
        #: Step 1: the person cared for whose fields are shown (``None``: someone new).
        self.editing: str | None = None

        self.messages = MessageArea()
        self.heading = widgets.HTML()
        self.heading.add_class("wk-caremap-step")
        self.cared_for = HelpFields(t, cared_for=True)
        self.other = HelpFields(t, cared_for=False)
        self.people_list = widgets.VBox()
        self.people_list.add_class("wk-caremap-list")
        self.cared_for_list = widgets.VBox()
        self.cared_for_list.add_class("wk-caremap-cared-for")

        def button(key: str, css: str, action: Any, style: str = "") -> widgets.Button:
            made = widgets.Button(description=t(f"caremap.button.{key}"), button_style=style)
            made.add_class(css)
            made.on_click(guarded(lambda _b: action(), self.messages, t))
            return made

        self.next_button = button("next", "wk-caremap-next", self.next_step, "primary")
        self.another_button = button("another", "wk-caremap-another", self.add_another)
        self.back_button = button("back", "wk-caremap-back", self.previous_step)
        self.add_button = button("add", "wk-caremap-add", self.add, "primary")
        self.same_button = button(
            "same", "wk-caremap-same", lambda: self.answer_same_name(True), "warning"
        )
        self.different_button = button(
            "different", "wk-caremap-different", lambda: self.answer_same_name(False)
        )
        self.question_text = widgets.HTML()
        self.question = widgets.VBox([self.question_text, self.same_button, self.different_button])
        self.question.add_class("wk-caremap-question")
        self.question.layout.display = "none"

        self.share = widgets.Checkbox(value=False, description=t("caremap.share"), indent=False)
        self.share.add_class("wk-caremap-share")
        self.share.observe(guarded(self._share_changed, self.messages, t), names="value")
        self.download_button = button(
            "download", "wk-caremap-download", self.prepare_downloads, "info"
        )
        self.drawing_box = DrawingPanel(t)
        self.downloads = self.drawing_box.downloads
        self.opener = MapOpener(
            t, self.messages, lambda: self.care_map is not None, self.open_file, self.show_problems
        )
        self.step_body = widgets.VBox()
        super().__init__(
            [
                widgets.HTML(FORM_CSS),
                self.heading,
                self.step_body,
                self.messages,
                self.drawing_box,
            ]
        )
        self.add_class("wk-caremap")
        #: Whether the stored map has been read: until it is, nothing is sent (a map built
        #: from nothing must never replace a fuller one the store could not show at first).
        self.stored_known = False
        restored = guarded(self.continue_stored, self.messages, t)()
        self.show_step(2 if restored else 1)

    def continue_stored(self) -> bool:
        """Start from this person's stored map, if any (a store that cannot be read now says
        so through :func:`guarded`, and the form starts empty)."""
        stored = self.context.previous("caremap")  # raises when the store cannot be read
        self.stored_known = True
        return self.restore(stored)

    def restore(self, stored: dict[str, Any] | None) -> bool:
        """Start from the map this person saved last (a reload, or the facilitator coming back
        to the activity), so that their next save never replaces it with a smaller one.

        The stored map is read through the answer schema again: one that no longer fits (a
        map saved by an older kit) starts the form empty, with a calm message. Returns whether
        a map was restored.
        """
        if stored is None:
            return False
        try:
            answer = validate_answer("caremap", stored, self.context.profile)
        except InvalidAnswer:
            log.warning("a stored CareMap no longer fits the answer schema: the form starts empty")
            self.messages.show(self.t("caremap.restore_failed"), "warning")
            return False
        assert isinstance(answer, CareMap)
        self.care_map = answer
        self.share.value = answer.shared  # the map is set first: nothing is sent again
        self.draw()
        self.messages.show(self.t("caremap.restored"), "info")
        return True

    # -- steps ---------------------------------------------------------------------------------

    def receiver(self) -> str:
        """Whom step 2 or 3 adds helpers for: the first person cared for (the fields offer the
        others) or the caregiver."""
        if self.step == 2 and self.care_map is not None:
            return self.care_map.cared_for[0].id
        return THEM if self.step == 2 else ME

    def _receivers(self) -> None:
        """In step 2 with several people cared for, the fields ask whom each person helps."""
        choices = []
        if self.step == 2 and self.care_map is not None:
            choices = [(p.label, p.id) for p in self.care_map.cared_for]
        self.other.set_receivers(choices)

    def show_step(self, step: int) -> None:
        t = self.t
        self.step = step
        self.pending = None
        self.question.layout.display = "none"
        name = cared_for_names(self.care_map) if self.care_map else ""
        title_key, help_key = {
            1: ("cared_for", "cared_for_help"),
            2: ("their_helpers", "their_helpers_help"),
            3: ("your_helpers", "your_helpers_help"),
            4: ("your_map", "your_map_help"),
        }[step]
        self.heading.value = (
            f'<p class="wk-caremap-progress">{escape(t("caremap.step", number=step))}</p>'
            f"<h3>{escape(t(f'caremap.steps.{title_key}', name=name))}</h3>"
            f"<p>{escape(t(f'caremap.steps.{help_key}'))}</p>"
        )
        nav = widgets.HBox([self.back_button, self.next_button])
        nav.add_class("wk-caremap-nav")
        if step == 1:
            self.heading.value = f"<p>{escape(t('caremap.intro'))}</p>" + self.heading.value
            self._fill_cared_for()
            self._list_cared_for()
            open_help = widgets.HTML(f"<p><small>{escape(t('caremap.open_help'))}</small></p>")
            parts = [
                self.cared_for_list,
                *self.cared_for.fields(),
                self.next_button,
                self.another_button,
                open_help,
                *self.opener.parts(),
            ]
        elif step in (2, 3):
            self.other.clear()
            self._receivers()
            self._list_people()
            parts = [self.people_list, *self.other.fields(), self.add_button, self.question, nav]
        else:
            share_help = t("caremap.share_help", min=self.context.profile.min_cell_size)
            parts = [
                self.share,
                widgets.HTML(f"<p><small>{escape(share_help)}</small></p>"),
                self.download_button,
                self.downloads,
                *self.opener.parts(),
                widgets.HTML(f"<p><small>{escape(t('caremap.credit'))}</small></p>"),
                widgets.HBox([self.back_button], layout=widgets.Layout(width="100%")),
            ]
        self.step_body.children = parts

    def next_step(self) -> None:
        if self.step == 1 and not self.save_cared_for():
            return
        if self.step < STEPS:
            if self.step > 1:
                self.messages.clear()
            self.show_step(self.step + 1)

    def previous_step(self) -> None:
        if self.step > 1:
            self.messages.clear()
            self.show_step(self.step - 1)

    # -- people ------------------------------------------------------------------------------

    def add(self) -> None:
        """Add the person in the fields (steps 2 and 3); a name already on the map is asked."""
        if self.care_map is None:
            self.show_problems([Problem("empty")])
            return
        new = self.other.new_person(self.receiver())
        try:
            updated = add_person(self.care_map, new, self.self_words)
        except CareMapRefused as refused:
            question = next((p for p in refused.problems if p.severity == QUESTION), None)
            if question is not None and question.person is not None:
                self.pending = (new, question.person)
                self.question_text.value = (
                    f"<p><strong>{escape(question.message(self.t))}</strong></p>"
                )
                self.question.layout.display = ""
                self.messages.clear()
                return
            self.show_problems(refused.problems)
            return
        self._added(updated, None, updated_help=False)

    def answer_same_name(self, same: bool) -> None:
        """The answer to "is this the same person?" for the person waiting."""
        if self.pending is None or self.care_map is None:
            return
        new, existing = self.pending
        replacing = same and tie(self.care_map, existing, new.receiver) is not None
        try:
            if same:
                updated = add_person(self.care_map, new, self.self_words, same_as=existing)
            else:
                updated = add_person(self.care_map, new, self.self_words, distinct=True)
        except CareMapRefused as refused:
            self.show_problems(refused.problems)  # the question stays: "someone else" still works
            return
        self.pending = None
        self.question.layout.display = "none"
        self._added(updated, existing if same else None, updated_help=replacing)

    def _added(self, updated: CareMap, giver: str | None, updated_help: bool) -> None:
        """Say who was added (or whose help was updated), by the name on the map."""
        if giver is None:
            giver = updated.ties[-1].giver  # a new tie is always added last
        name = label_of(updated, giver, self.t("caremap.you"))
        key = "caremap.updated" if updated_help else "caremap.added"
        self.other.clear()  # first: the fields are empty before the phone reads "Saved"
        self.care_map = updated
        self._list_people()
        self.apply(updated, self.t(key, name=name))

    def remove(self, person_id: str, receiver: str) -> None:
        if self.care_map is None:
            return
        name = label_of(self.care_map, person_id, self.t("caremap.you"))
        self.care_map = remove_tie(self.care_map, person_id, receiver)
        self._list_people()
        self.apply(self.care_map, self.t("caremap.removed", name=name))

    def _list_people(self) -> None:
        """Who already helps this step's receiver, each with a Remove button."""
        t = self.t
        receiver = self.receiver()
        if self.care_map is None:
            self.people_list.children = []
            return
        name = cared_for_names(self.care_map)
        several = len(self.care_map.cared_for) > 1
        if receiver == ME:
            title = t("caremap.list_you")
            others = [x for x in helpers(self.care_map, ME)]
        else:
            title = t("caremap.list_them", name=name)
            others = [x for x in help_to_cared_for(self.care_map) if x.giver != ME]
        rows: list[widgets.Widget] = [widgets.HTML(f"<p><strong>{escape(title)}</strong></p>")]
        for x in others:
            label = label_of(self.care_map, x.giver, t("caremap.you"))
            whom = f" → {label_of(self.care_map, x.receiver, '')}" if several else ""
            often = t(f"caremap.often.{x.frequency}")
            text = widgets.HTML(
                f"<span>{escape(label + whom)} · {escape(often)}</span>",
                layout=widgets.Layout(flex="1 1 auto"),
            )
            remove = lambda g=x.giver, r=x.receiver: self.remove(g, r)  # noqa: E731
            rows.append(person_row(text, label, remove, self.messages, t))
        if not others:
            rows.append(widgets.HTML(f"<p><em>{escape(t('caremap.nobody_yet'))}</em></p>"))
        self.people_list.children = rows

    # -- saving, sharing, drawing --------------------------------------------------------------

    def apply(self, updated: CareMap, said: str) -> None:
        """Make ``updated`` the map: save it at once, redraw it, then say what happened (last,
        so that what the phone shows has changed by the time it reads "Saved")."""
        self.care_map = updated
        self.drawing_box.changed()
        try:
            saved = self._send_map()
        finally:  # drawn even when the store cannot take it yet (the sender keeps it)
            self.draw()
        if saved:
            self.messages.show(f"{said} {saved}".strip(), "ok")

    def save(self) -> None:
        saved = self._send_map()
        if saved:
            self.messages.show(saved, "ok")

    def _send_map(self) -> str:
        """Send the whole map; the sentence saying it is saved ('' when it was refused)."""
        t = self.t
        if self.care_map is None:
            return ""
        if not self.stored_known:
            # the store could not be read when the form opened: read it now (raises, with the
            # store's message, while it still cannot), and if a map was saved before, bring it
            # back rather than replace it with the one drawn since
            stored = self.context.previous("caremap")
            self.stored_known = True
            if stored is not None and self.restore(stored):
                self.messages.show(t("caremap.restored_instead"), "warning")
                return ""
        try:
            stored = self.context.send("caremap", payload(self.care_map))
        except InvalidAnswer:
            self.messages.show(t("caremap.problem.empty"), "error")
            return ""
        # as core.widgets.say_saved: a map the store already holds as it is says so, rather
        # than "saved" twice; the sentence also says who sees the map
        said = "saved" if stored else "already_saved"
        return t(f"caremap.{said}_{'shared' if self.care_map.shared else 'private'}")

    def _share_changed(self, change: dict[str, Any]) -> None:
        if self.care_map is None:
            if change["new"]:
                self.share.value = False
                self.show_problems([Problem("empty")])
            return
        if bool(change["new"]) != self.care_map.shared:
            self.care_map = with_shared(self.care_map, bool(change["new"]))
            self.save()

    def draw(self) -> None:
        """Redraw the map (the drawing module is imported the first time)."""
        if self.care_map is not None:
            self.drawing_box.draw(self.care_map)

    def prepare_downloads(self) -> None:
        """The map as a picture, a document and a map file, downloaded on this phone."""
        if self.care_map is None:
            self.show_problems([Problem("empty")])
            return
        self.drawing_box.prepare_downloads(self.care_map)

    # -- a map opened from a file ----------------------------------------------------------------

    def open_file(self, opened: MapFile) -> None:
        """Make a map read from a file the map on screen (private, as every opened map)."""
        t = self.t
        self.share.value = False
        self.editing = None
        said = (
            t("caremap.file.loaded", date=opened.saved_on.isoformat())
            if opened.saved_on
            else t("caremap.file.loaded_undated")
        )
        self.apply(opened.care_map, " ".join([said, *(p.message(t) for p in opened.notices)]))
        self.show_step(4)

    def show_problems(self, problems: list[Problem]) -> None:
        self.messages.show(" ".join(p.message(self.t) for p in problems), "warning")


def build_form(context: FormContext) -> widgets.Widget:
    """The phone form (see :class:`CareMapForm`), starting from this person's stored map."""
    return CareMapForm(context)
