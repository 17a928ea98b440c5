"""The CareMap on a caregiver's phone: the three questions step by step, the drawing growing
as people are added, downloads, and the choice to share the map (private by default).

1. *Who do you care for?* A label, who they are to you, the help you give and how often.
2. *Who else cares for them?* One person or service at a time.
3. *Who cares for you?* The same, for the caregiver.
4. *Your CareMap*: share it (or not) with the group summary; download it as a picture (PNG), a
   document to print (PDF) and a map file (JSON) to open again later to redraw it.

Every change is saved at once as the caregiver's whole map (one answer, the latest counts), so
nothing typed is lost if the phone sleeps or the facilitator moves on. A name already on the
map asks "is this the same person?"; someone listed as caring for themselves, an empty step and
a file that is not a CareMap are refused in words, and the map on screen stays as it was.

Light to import: this module imports no pandas, numpy or matplotlib. The drawing
(:mod:`.charts`, matplotlib) is imported when there is first something to draw, so a phone
pays for it only once its caregiver has said who they care for, and only in this activity.

Made for one hand on a 360 px wide screen: labels above their fields, large full-width
buttons, the main action of each step at the bottom.
"""

from __future__ import annotations

import gc
import logging
from datetime import date
from typing import Any, NamedTuple

import ipywidgets as widgets

from workshop_kit.activities.caremap.answers import (
    CLOSENESS,
    FREQUENCIES,
    HELP_KINDS,
    MAX_LABEL,
    ME,
    RELATIONSHIPS,
    THEM,
)
from workshop_kit.activities.caremap.mapfile import (
    MAX_BYTES,
    MEDIA_TYPE,
    MapFile,
    MapFileError,
    dump_map,
    file_name,
    load_map,
)
from workshop_kit.activities.caremap.model import (
    CareMap,
    NewPerson,
    add_person,
    helpers,
    label_of,
    payload,
    remove_tie,
    self_names,
    start_map,
    tie,
    with_cared_for,
    with_shared,
)
from workshop_kit.activities.caremap.problems import (
    QUESTION,
    CareMapRefused,
    Problem,
)
from workshop_kit.activities.caremap.sentences import (
    map_sentences,
)
from workshop_kit.core.answers import InvalidAnswer, validate_answer
from workshop_kit.core.registry import FormContext
from workshop_kit.core.widgets import MessageArea, download_links, escape, guarded

log = logging.getLogger("workshop_kit")

STEPS = 4

CAREMAP_CSS = """
<style>
.wk-caremap { width: 100%; max-width: 560px; font-size: 16px; }
.wk-caremap .widget-inline-hbox:not(.widget-checkbox) { flex-direction: column;
  align-items: stretch; height: auto; }
.wk-caremap .widget-inline-hbox > .widget-label { width: auto !important; max-width: none;
  text-align: left; white-space: normal; line-height: 1.3; margin: 6px 0 4px; }
.wk-caremap .widget-text, .wk-caremap .widget-dropdown, .wk-caremap .widget-radio,
.wk-caremap .widget-checkbox { width: 100%; }
.wk-caremap .widget-inline-hbox > select, .wk-caremap .widget-inline-hbox > input {
  flex: 0 0 auto; width: 100%; box-sizing: border-box; }
.wk-caremap input[type=text], .wk-caremap select { font-size: 16px; min-height: 44px; }
.wk-caremap .widget-checkbox .widget-label-basic,
.wk-caremap .widget-checkbox .widget-label-basic span { white-space: normal; overflow: visible;
  text-overflow: clip; line-height: 1.3; }
.wk-caremap .widget-checkbox, .wk-caremap .widget-radio-box label { min-height: 36px;
  font-size: 16px; align-items: center; }
.wk-caremap button { min-height: 48px; font-size: 16px; width: 100%; margin: 4px 0; }
.wk-caremap .wk-caremap-nav { gap: 8px; }
.wk-caremap .wk-caremap-nav button { flex: 1 1 0; }
.wk-caremap .wk-caremap-person { align-items: center; gap: 6px; }
.wk-caremap .wk-caremap-person button { width: auto; flex: 0 0 auto; }
.wk-caremap .wk-caremap-question { border-left: 4px solid #E69F00; padding: 2px 10px;
  margin: 6px 0; background: #fff8e6; }
.wk-caremap .wk-caremap-drawing img, .wk-caremap img.wk-caremap-drawing { width: 100%;
  height: auto; }
.wk-caremap .wk-downloads { font-size: 0; }
.wk-caremap .wk-downloads a { display: block; padding: 12px 0; font-size: 17px; }
.wk-caremap .wk-caremap-words li { margin: 2px 0; }
</style>
"""


class _File(NamedTuple):
    """A download, as :func:`~workshop_kit.core.widgets.download_links` offers it."""

    name: str
    media_type: str
    data: bytes


def _full_width(**kwargs: Any) -> dict[str, Any]:
    return {
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="100%"),
        **kwargs,
    }


class HelpFields:
    """Label, relationship, kinds of help, how often (and, for others, how close)."""

    def __init__(self, t: Any, *, cared_for: bool) -> None:
        self.label = widgets.Text(
            description=t("caremap.field.label"),
            placeholder=t("caremap.field.label_placeholder"),
            **_full_width(),
        )
        self.label.add_class("wk-caremap-label")
        relationship_key = "relationship_cared_for" if cared_for else "relationship"
        self.relationship = widgets.Dropdown(
            options=[(t("caremap.field.choose"), None)]
            + [(t(f"caremap.relationship.{r}"), r) for r in RELATIONSHIPS],
            value=None,
            description=t(f"caremap.field.{relationship_key}"),
            **_full_width(),
        )
        self.relationship.add_class("wk-caremap-relationship")
        help_key = "help_you_give" if cared_for else "help_they_give"
        self.help_title = widgets.HTML(
            f"<p><strong>{escape(t(f'caremap.field.{help_key}'))}</strong></p>"
        )
        self.help = {
            kind: widgets.Checkbox(value=False, description=t(f"caremap.help.{kind}"), indent=False)
            for kind in HELP_KINDS
        }
        for kind, box in self.help.items():
            box.add_class(f"wk-caremap-help-{kind}")
        frequency_key = "frequency_you" if cared_for else "frequency"
        self.frequency = widgets.RadioButtons(
            options=[(t(f"caremap.frequency.{f}"), f) for f in FREQUENCIES],
            value=None,
            description=t(f"caremap.field.{frequency_key}"),
            **_full_width(),
        )
        self.frequency.add_class("wk-caremap-frequency")
        self.closeness: widgets.RadioButtons | None = None
        if not cared_for:
            self.closeness = widgets.RadioButtons(
                options=[(t(f"caremap.closeness.{c}"), c) for c in CLOSENESS],
                value=None,
                description=t("caremap.field.closeness"),
                **_full_width(),
            )
            self.closeness.add_class("wk-caremap-closeness")

    def fields(self) -> list[widgets.Widget]:
        parts: list[widgets.Widget] = [
            self.label,
            self.relationship,
            self.help_title,
            *self.help.values(),
            self.frequency,
        ]
        if self.closeness is not None:
            parts.append(self.closeness)
        return parts

    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind, box in self.help.items() if box.value)

    def new_person(self, receiver: str) -> NewPerson:
        return NewPerson(
            label=self.label.value.strip()[: MAX_LABEL + 1],
            relationship=self.relationship.value,
            receiver=receiver,
            help=self.kinds(),
            frequency=self.frequency.value,
            closeness=self.closeness.value if self.closeness is not None else None,
        )

    def clear(self) -> None:
        self.label.value = ""
        self.relationship.value = None
        for box in self.help.values():
            box.value = False
        self.frequency.value = None
        if self.closeness is not None:
            self.closeness.value = None


class CareMapForm(widgets.VBox):
    """The phone form (see the module docstring). CSS classes for tests: ``wk-caremap``,
    ``wk-caremap-step``, the fields of :class:`HelpFields` (``wk-caremap-label``,
    ``wk-caremap-relationship``, ``wk-caremap-help-<kind>``, ``wk-caremap-frequency``,
    ``wk-caremap-closeness``), ``wk-caremap-next``, ``wk-caremap-back``, ``wk-caremap-add``,
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
        #: A map opened from a file, waiting for "replace the map on my screen?".
        self.pending_file: MapFile | None = None
        #: Set by the first drawing: the drawing module, imported then.
        self._charts: Any = None

        self.messages = MessageArea()
        self.heading = widgets.HTML()
        self.heading.add_class("wk-caremap-step")
        self.cared_for = HelpFields(t, cared_for=True)
        self.other = HelpFields(t, cared_for=False)
        self.people_list = widgets.VBox()
        self.people_list.add_class("wk-caremap-list")

        def button(key: str, css: str, action: Any, style: str = "") -> widgets.Button:
            made = widgets.Button(description=t(f"caremap.button.{key}"), button_style=style)
            made.add_class(css)
            made.on_click(guarded(lambda _b: action(), self.messages, t))
            return made

        self.next_button = button("next", "wk-caremap-next", self.next_step, "primary")
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
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-caremap-downloads")
        self.upload = widgets.FileUpload(
            accept=".json,application/json", multiple=False, description=t("caremap.button.open")
        )
        self.upload.add_class("wk-caremap-open")
        self.upload.observe(guarded(self._uploaded, self.messages, t), names="value")
        self.replace_button = button(
            "replace", "wk-caremap-replace", self.replace_with_file, "warning"
        )
        self.keep_button = button("keep", "wk-caremap-keep", self.keep_current_map)
        self.replace_question = widgets.VBox(
            [
                widgets.HTML(f"<p>{escape(t('caremap.file.replace_question'))}</p>"),
                self.replace_button,
                self.keep_button,
            ]
        )
        self.replace_question.add_class("wk-caremap-question")
        self.replace_question.layout.display = "none"

        self.drawing = widgets.Image(
            format="png", layout=widgets.Layout(width="100%", display="none")
        )
        self.drawing.add_class("wk-caremap-drawing")
        self.words = widgets.HTML(f"<p><em>{escape(t('caremap.drawing_waiting'))}</em></p>")
        self.words.add_class("wk-caremap-words")
        self.step_body = widgets.VBox()
        self.drawing_box = widgets.VBox(
            [
                widgets.HTML(f"<h4>{escape(t('caremap.drawing_title'))}</h4>"),
                self.drawing,
                self.words,
            ]
        )
        super().__init__(
            [
                widgets.HTML(CAREMAP_CSS),
                self.heading,
                self.step_body,
                self.messages,
                self.drawing_box,
            ]
        )
        self.add_class("wk-caremap")
        restored = guarded(self.continue_stored, self.messages, t)()
        self.show_step(2 if restored else 1)

    def continue_stored(self) -> bool:
        """Start from this person's stored map, if any (a store that cannot be read now says
        so through :func:`guarded`, and the form starts empty)."""
        return self.restore(self.context.previous("caremap"))

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
        return THEM if self.step == 2 else ME

    def show_step(self, step: int) -> None:
        t = self.t
        self.step = step
        self.pending = None
        self.question.layout.display = "none"
        name = self.care_map.cared_for.label if self.care_map else ""
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
            open_help = widgets.HTML(f"<p><small>{escape(t('caremap.open_help'))}</small></p>")
            parts = [
                *self.cared_for.fields(),
                self.next_button,
                open_help,
                self.upload,
                self.replace_question,
            ]
        elif step in (2, 3):
            self.other.clear()
            self._list_people()
            parts = [self.people_list, *self.other.fields(), self.add_button, self.question, nav]
        else:
            share_help = t("caremap.share_help", min=self.context.profile.min_cell_size)
            parts = [
                self.share,
                widgets.HTML(f"<p><small>{escape(share_help)}</small></p>"),
                self.download_button,
                self.downloads,
                self.upload,
                self.replace_question,
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

    def _fill_cared_for(self) -> None:
        if self.care_map is None:
            return
        fields, own = self.cared_for, tie(self.care_map, ME, THEM)
        fields.label.value = self.care_map.cared_for.label
        fields.relationship.value = self.care_map.cared_for.relationship
        for kind, box in fields.help.items():
            box.value = own is not None and kind in own.help
        fields.frequency.value = own.frequency if own is not None else None

    def save_cared_for(self) -> bool:
        """Step 1's answers: a new map, or the map with its middle changed. ``False`` (and a
        message) when something is missing."""
        fields = self.cared_for
        label = fields.label.value
        try:
            if self.care_map is None:
                updated = start_map(
                    label, fields.relationship.value, fields.kinds(), fields.frequency.value
                )
            else:
                updated = with_cared_for(
                    self.care_map,
                    label,
                    fields.relationship.value,
                    fields.kinds(),
                    fields.frequency.value,
                )
        except CareMapRefused as refused:
            self.show_problems(refused.problems)
            return False
        if updated != self.care_map:
            self.apply(updated, "")
        return True

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
        name = self.care_map.cared_for.label
        title = t("caremap.list_them", name=name) if receiver == THEM else t("caremap.list_you")
        rows: list[widgets.Widget] = [widgets.HTML(f"<p><strong>{escape(title)}</strong></p>")]
        others = [x for x in helpers(self.care_map, receiver) if x.giver != ME]
        for x in others:
            label = label_of(self.care_map, x.giver, t("caremap.you"))
            text = widgets.HTML(
                f"<span>{escape(label)} · {escape(t(f'caremap.often.{x.frequency}'))}</span>",
                layout=widgets.Layout(flex="1 1 auto"),
            )
            remove = widgets.Button(description="✕", tooltip=t("caremap.button.remove", name=label))
            remove.add_class("wk-caremap-remove")
            remove.on_click(
                guarded(lambda _b, g=x.giver, r=receiver: self.remove(g, r), self.messages, t)
            )
            row = widgets.HBox([text, remove], layout=widgets.Layout(width="100%"))
            row.add_class("wk-caremap-person")
            rows.append(row)
        if not others:
            rows.append(widgets.HTML(f"<p><em>{escape(t('caremap.nobody_yet'))}</em></p>"))
        self.people_list.children = rows

    # -- saving, sharing, drawing --------------------------------------------------------------

    def apply(self, updated: CareMap, said: str) -> None:
        """Make ``updated`` the map: save it at once, redraw it, then say what happened (last,
        so that what the phone shows has changed by the time it reads "Saved")."""
        self.care_map = updated
        if self.downloads.value:
            self.downloads.value = f"<p><em>{escape(self.t('caremap.downloads_stale'))}</em></p>"
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
        """Redraw the map (imports the drawing module the first time)."""
        if self.care_map is None:
            return
        if self._charts is None:
            from workshop_kit.activities.caremap import charts

            self._charts = charts
        charts = self._charts
        self.drawing.value = charts.phone_png(self.care_map, self.t)
        self.drawing.layout.display = ""
        # A figure is a web of references (figure, canvas, artists) that only the cycle
        # collector frees. Collecting the young generations now (about 7 ms) keeps a phone's
        # kernel from growing by about 1.5 MB with each redraw until a full collection.
        gc.collect(1)
        t = self.t
        described = t("caremap.drawing_alt", name=self.care_map.cared_for.label)
        items = "".join(f"<li>{escape(line)}</li>" for line in map_sentences(self.care_map, t))
        self.words.value = f"<p>{escape(described)}</p><ul>{items}</ul>"

    def prepare_downloads(self) -> None:
        """PNG, PDF and the map file, as links that download on this phone (``data:`` links:
        nothing leaves the workshop)."""
        t = self.t
        if self.care_map is None:
            self.show_problems([Problem("empty")])
            return
        self.draw()
        today = date.today()
        figure = self._charts.map_figure(
            self.care_map, t, title=t("caremap.file_title", date=today.isoformat())
        )
        files = [
            _File(
                file_name(today, "png"), "image/png", self._charts.figure_bytes(figure, "png", 200)
            ),
            _File(
                file_name(today, "pdf"), "application/pdf", self._charts.figure_bytes(figure, "pdf")
            ),
            _File(file_name(today, "json"), MEDIA_TYPE, dump_map(self.care_map, today)),
        ]
        self.downloads.value = (
            f"<p>{escape(t('caremap.downloads_ready'))}</p>" + download_links(files, t)  # type: ignore[arg-type]
        )

    # -- opening a saved map --------------------------------------------------------------------

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change.get("new") or ()
        if not files:
            return
        upload = files[0]
        content = upload["content"]
        size = max(int(upload.get("size") or 0), memoryview(content).nbytes)
        if size > MAX_BYTES:
            problem = Problem(
                "file_too_large",
                values=(("size", f"{size // 1000} kB"), ("limit", f"{MAX_BYTES // 1000} kB")),
            )
            self.show_problems([problem])
            return
        try:
            opened = load_map(bytes(content))
        except MapFileError as error:
            self.show_problems(error.problems)
            return
        if self.care_map is None:
            self.open_file(opened)
            return
        self.pending_file = opened
        self.replace_question.layout.display = ""
        self.messages.clear()

    def replace_with_file(self) -> None:
        if self.pending_file is not None:
            self.open_file(self.pending_file)

    def keep_current_map(self) -> None:
        self.pending_file = None
        self.replace_question.layout.display = "none"
        self.messages.show(self.t("caremap.file.kept"), "info")

    def open_file(self, opened: MapFile) -> None:
        """Make a map read from a file the map on screen (private, as every opened map)."""
        t = self.t
        self.pending_file = None
        self.replace_question.layout.display = "none"
        self.share.value = False
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
