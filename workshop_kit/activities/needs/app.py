"""Needs assessment app: the participant's form, the facilitator's live view, the import box.

The parts are plain widgets given plain callables, so they run (and are tested) without a
server or a store:

- :class:`NeedsForm` takes ``submit(payload) -> bool`` (the participant app's sender): each
  need saves as soon as both of its ratings are chosen, a changed rating is sent again (the
  latest counts), and changing one's group or area re-sends the ratings already given so the
  breakdowns follow.
- :class:`FacilitatorView` takes the answers table (live and imported together, as
  :meth:`Store.answers` returns it) and redraws only when it changed: ranking, heat maps by
  group and by area with "too few to show" cells, themes of the written answers, each with
  its sentence, and exports (formula-safe CSV, PNG).
- :class:`ImportPanel` takes ``store(result) -> int``: upload a survey file, read the
  problems in one's language, choose a sheet if asked, import only a file without errors.

:func:`needs_form` and :class:`NeedsResults` adapt them to the activity registry; the module
registers the ``needs`` activity when imported.

Everything a participant or a file wrote is escaped before it is shown. Importing this
module stays light (no pandas, numpy or matplotlib): the participant app imports it to show
the form, and those load only where the facilitator's charts are drawn.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets
from IPython.display import display

from workshop_kit.activities.needs.answers import MAX_NEEDS_TEXT, SCALE_MAX, SCALE_MIN
from workshop_kit.core import import_panel
from workshop_kit.core.answers import InvalidAnswer
from workshop_kit.core.context import PageContext
from workshop_kit.core.registry import (
    FormContext,
    LiveResults,
    ResultsContext,
)
from workshop_kit.core.store import SessionInfo, Store
from workshop_kit.core.widgets import ChartPanel, MessageArea, escape, guarded
from workshop_kit.i18n import Translator
from workshop_kit.profile import GROUPS, Profile

if TYPE_CHECKING:
    import pandas as pd

    from workshop_kit.activities.needs.importer import NeedsImport

#: Answers shown under each theme on the projector (the export has them all).
THEME_ANSWERS_SHOWN = 5

#: Resolution of the live charts (the same as :class:`ChartPanel`'s).


def short_label(text: str) -> str:
    """``Caregiver (I care for someone)`` → ``Caregiver``: fits a heat-map column."""
    return text.split(" (")[0]


def group_labels(t: Translator) -> dict[str, str]:
    from workshop_kit.activities.needs.model import NOT_GIVEN

    labels = {group: short_label(t(f"groups.{group}")) for group in GROUPS}
    labels[NOT_GIVEN] = t("needs.not_given")
    return labels


def area_labels(profile: Profile, t: Translator) -> dict[str, str]:
    from workshop_kit.activities.needs.model import NOT_GIVEN

    labels = profile.area_labels(t.language)
    labels[NOT_GIVEN] = t("needs.not_given")
    return labels


# -- participant form -----------------------------------------------------------------------------


class NeedsForm(widgets.VBox):
    """Two 1–5 ratings per need, group and area (optional), and one free text."""

    def __init__(
        self, profile: Profile, t: Translator, submit: Callable[[dict[str, Any]], bool]
    ) -> None:
        self.profile = profile
        self.t = t
        self.submit = submit
        self.messages = MessageArea()
        scale = [(str(v), v) for v in range(SCALE_MIN, SCALE_MAX + 1)]
        self.group = widgets.Dropdown(
            options=[(t("participant.welcome.area_none"), "")]
            + [(t(f"groups.{g}"), g) for g in GROUPS],
            value="",
            description=t("participant.welcome.group"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.group.add_class("wk-needs-group")
        self.area = widgets.Dropdown(
            options=[(t("participant.welcome.area_none"), "")]
            + [(label, area) for area, label in profile.area_labels(t.language).items()],
            value="",
            description=t("participant.welcome.area"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.area.add_class("wk-needs-area")
        self.ratings: dict[str, tuple[widgets.ToggleButtons, widgets.ToggleButtons]] = {}
        self.status: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for need in profile.needs:
            importance = widgets.ToggleButtons(
                options=scale, value=None, style={"button_width": "38px"}
            )
            met = widgets.ToggleButtons(options=scale, value=None, style={"button_width": "38px"})
            importance.add_class("wk-needs-importance")
            met.add_class("wk-needs-met")
            status = widgets.HTML()
            self.ratings[need.id] = (importance, met)
            self.status[need.id] = status
            for toggle in (importance, met):
                toggle.observe(
                    guarded(lambda _change, n=need.id: self._rated(n), self.messages, t),
                    names="value",
                )
            box = widgets.VBox(
                [
                    widgets.HTML(f"<h4>{escape(need.text(t.language))}</h4>"),
                    widgets.HTML(f"<small>{escape(t('needs.scale.importance'))}</small>"),
                    importance,
                    widgets.HTML(f"<small>{escape(t('needs.scale.met'))}</small>"),
                    met,
                    status,
                ]
            )
            box.add_class("wk-needs-need")
            box.add_class(f"wk-need-{need.id}")
            rows.append(box)
        for chooser in (self.group, self.area):
            chooser.observe(guarded(self._about_me_changed, self.messages, t), names="value")
        self.text = widgets.Textarea(
            placeholder=t("needs.form.text_placeholder"),
            layout=widgets.Layout(width="100%", height="90px"),
        )
        self.text.add_class("wk-needs-text")
        self.send_text = widgets.Button(description=t("participant.submit"), button_style="primary")
        self.send_text.add_class("wk-submit")
        self.send_text.on_click(guarded(self._send_text, self.messages, t))
        super().__init__(
            [
                widgets.HTML(f"<h3>{escape(t('needs.title'))}</h3>"),
                widgets.HTML(f"<p>{escape(t('needs.form.intro'))}</p>"),
                self.group,
                self.area,
                *rows,
                widgets.HTML(f"<h4>{escape(t('needs.form.text_question'))}</h4>"),
                self.text,
                self.send_text,
                self.messages,
            ]
        )
        self.add_class("wk-needs-form")

    def _about(self) -> dict[str, str | None]:
        return {"group": self.group.value or None, "area": self.area.value or None}

    def _rated(self, need: str) -> None:
        importance, met = (toggle.value for toggle in self.ratings[need])
        if importance is None or met is None:
            return
        payload = {"need": need, "importance": importance, "met": met, **self._about()}
        self._submit_payload(payload, self.status[need])

    def _about_me_changed(self, _change: Any) -> None:
        for need in self.ratings:
            self._rated(need)

    def _submit_payload(self, payload: dict[str, Any], status: widgets.HTML | None = None) -> bool:
        try:
            stored = self.submit(payload)
        except InvalidAnswer:
            self.messages.show(self.t("validation.unknown_choice", value=""), "error")
            return False
        if status is not None:
            status.value = f'<span class="wk-saved">✓ {escape(self.t("needs.form.saved"))}</span>'
        return stored

    def _send_text(self, _button: Any) -> None:
        text = self.text.value.strip()
        if not text:
            return
        if len(text) > MAX_NEEDS_TEXT:
            self.messages.show(self.t("validation.text_too_long", limit=MAX_NEEDS_TEXT), "warning")
            return
        self.send_text.disabled = True
        try:
            stored = self._submit_payload({"text": text, **self._about()})
        finally:
            self.send_text.disabled = False
        key = "participant.saved" if stored else "participant.already_saved"
        self.messages.show(self.t(key) + " " + self.t("participant.change_answer"), "ok")


def needs_form(context: FormContext) -> widgets.Widget:
    """The form for the participant app: answers go through the app's sender."""
    return NeedsForm(context.profile, context.t, lambda payload: context.send("needs", payload))


# -- facilitator view -----------------------------------------------------------------------------


def _fingerprint(answers: pd.DataFrame) -> Any:
    """Cheap identity of an answers table: the store's ids when present, else the content."""
    import pandas as pd

    if answers.empty:
        return ("empty",)
    if "answer_id" in answers:
        return (len(answers), int(answers["answer_id"].sum()), int(answers["answer_id"].max()))
    return (len(answers), int(pd.util.hash_pandas_object(answers.astype(str), index=False).sum()))


class FacilitatorView(widgets.VBox):
    """Everything the room sees about needs, redrawn when the answers change."""

    def __init__(
        self,
        profile: Profile,
        t: Translator,
        decide: Callable[[str, str], None] | None = None,
    ) -> None:
        """``decide(text_key, "approve" | "hide")`` stores a moderation decision: with it the
        view is the facilitator's own page and lists the written answers to approve; without
        it the view is for the projector and quotes only approved answers."""
        self.profile = profile
        self.t = t
        self.decide = decide
        self.decisions: dict[str, str] = {}
        self.moderation = widgets.VBox()
        self.moderation.add_class("wk-needs-moderation")
        self.overview = widgets.HTML()
        self.overview.add_class("wk-needs-overview")
        self.ranking = ChartPanel(t("needs.chart.ranking_title"))
        self.ranking.add_class("wk-needs-ranking")
        self.by_group = ChartPanel(t("needs.chart.group_title"))
        self.by_group.add_class("wk-needs-by-group")
        self.by_area = ChartPanel(t("needs.chart.area_title"))
        self.by_area.add_class("wk-needs-by-area")
        self.themes = widgets.HTML()
        self.themes.add_class("wk-needs-themes")
        self.messages = MessageArea()
        self.export_button = widgets.Button(description=t("needs.view.export"))
        self.export_button.add_class("wk-needs-export")
        self.downloads = widgets.HTML()
        self.downloads.add_class("wk-needs-downloads")
        self.export_button.on_click(guarded(self._export, self.messages, t))
        self._seen: Any = object()
        self.results: dict[str, Any] = {}
        super().__init__(
            [
                self.overview,
                self.ranking,
                self.by_group,
                self.by_area,
                self.themes,
                self.moderation,
                widgets.HBox([self.export_button]),
                self.downloads,
                self.messages,
            ]
        )
        self.add_class("wk-needs-view")

    def update(
        self,
        answers: pd.DataFrame,
        force: bool = False,
        decisions: Mapping[str, str] | None = None,
    ) -> bool:
        """Recompute and redraw if ``answers`` or the moderation ``decisions`` changed (or
        ``force``); return whether it did."""
        if decisions is not None:
            self.decisions = dict(decisions)
        fingerprint = (_fingerprint(answers), tuple(sorted(self.decisions.items())))
        if fingerprint == self._seen and not force:
            return False
        self._seen = fingerprint
        self._draw(answers)
        return True

    def _draw(self, answers: pd.DataFrame) -> None:
        from workshop_kit.activities.needs.breakdowns import breakdown
        from workshop_kit.activities.needs.charts import heatmap_chart, ranking_chart
        from workshop_kit.activities.needs.model import need_scores, overview, ratings, shown_scores
        from workshop_kit.activities.needs.sentences import breakdown_summary, ranking_summary
        from workshop_kit.activities.needs.themes import free_texts, group_themes

        t, profile = self.t, self.profile
        needs = [need.id for need in profile.needs]
        labels = profile.need_labels(t.language)
        counts = overview(answers)
        rated = ratings(answers)  # cleaned once for the ranking and both breakdowns
        summary = t(
            "needs.view.overview",
            count=counts["people"],
            ratings=counts["ratings"],
            texts=counts["texts"],
        )
        self.overview.value = f'<p class="wk-needs-count">{escape(summary)}</p>'

        # needs rated by fewer than min_cell_size people: no score, n or spread, anywhere
        scores = shown_scores(need_scores(rated, needs), profile.min_cell_size, needs)
        answered = bool((scores["status"] != "no_answers").any())
        shown_any = bool((scores["status"] == "shown").any())
        ranking_figure = ranking_chart(scores, labels, t) if shown_any else None
        self.ranking.show(ranking_figure, ranking_summary(scores, labels, t))
        order = list(scores.index)

        results: dict[str, Any] = {"scores": scores, "figures": {"ranking": ranking_figure}}
        for key, panel, categories, category_labels in (
            ("group", self.by_group, list(GROUPS), group_labels(t)),
            (
                "area",
                self.by_area,
                [a.id for a in profile.areas],
                area_labels(profile, t),
            ),
        ):
            result = breakdown(rated, key, profile.min_cell_size, needs, categories)
            figure = (
                heatmap_chart(result, labels, category_labels, t, order=order) if answered else None
            )
            panel.show(figure, breakdown_summary(result, labels, category_labels, t))
            results[key] = result
            results["figures"][key] = figure

        from workshop_kit.core.disclosure import approved_texts

        texts = free_texts(answers)
        approved = approved_texts(texts, self.decisions)
        # only approved answers are quoted or grouped into themes (a theme's word is a quote)
        grouping = group_themes(approved)
        results["themes"] = grouping
        self.themes.value = self._themes_html(grouping, waiting=len(texts) - len(approved))
        if self.decide is not None:
            self._draw_moderation(texts)
        self.results = results
        self.downloads.value = ""  # exports describe the previous answers: build them anew

    def _draw_moderation(self, texts: list[str]) -> None:
        """One row per distinct written answer: the text, its state, approve and hide."""
        from workshop_kit.core.disclosure import APPROVE, HIDE, text_key

        t = self.t
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<h3>{escape(t('needs.moderation.title'))}</h3>"
                f"<p><small>{escape(t('needs.moderation.help'))}</small></p>"
            )
        ]
        seen: set[str] = set()
        for text in texts:
            key = text_key(text)
            if key in seen:
                continue
            seen.add(key)
            state = self.decisions.get(key, "waiting")
            label = widgets.HTML(
                f"<span>{escape(text)}</span> · "
                f"<em>{escape(t(f'needs.moderation.state_{state}'))}</em>"
            )
            buttons = []
            for decision, css in ((APPROVE, "wk-approve"), (HIDE, "wk-hide")):
                button = widgets.Button(
                    description=t(f"needs.moderation.{decision}"),
                    disabled=state == decision,
                )
                button.add_class(css)
                button.on_click(
                    guarded(lambda _b, k=key, d=decision: self._decided(k, d), self.messages, t)
                )
                buttons.append(button)
            row = widgets.HBox([label, *buttons])
            row.add_class("wk-moderation-row")
            rows.append(row)
        if not seen:
            rows.append(widgets.HTML(f"<p>{escape(t('needs.summary.themes_empty'))}</p>"))
        self.moderation.children = rows

    def _decided(self, key: str, decision: str) -> None:
        assert self.decide is not None
        self.decide(key, decision)

    def _themes_html(self, grouping: Any, waiting: int = 0) -> str:
        from workshop_kit.activities.needs.sentences import themes_summary

        t = self.t
        parts = [
            f"<h3>{escape(t('needs.chart.themes_title'))}</h3>",
            f'<p aria-live="polite">{escape(themes_summary(grouping, t))}</p>',
        ]
        if waiting:
            parts.append(
                f'<p class="wk-needs-waiting">'
                f"{escape(t('needs.moderation.waiting', count=waiting))}</p>"
            )
        if grouping.themes:
            parts.append('<ul class="wk-themes">')
            for theme in grouping.themes:
                shown = theme.answers[:THEME_ANSWERS_SHOWN]
                more = len(theme.answers) - len(shown)
                items = "".join(f"<li>{escape(text)}</li>" for text in shown)
                if more:
                    items += f"<li><em>{escape(t('needs.view.more_answers', count=more))}</em></li>"
                parts.append(
                    f"<li><strong>{escape(' · '.join(theme.words))}</strong> "
                    f"({escape(t.number(theme.count))})<ul>{items}</ul></li>"
                )
            parts.append("</ul>")
        if grouping.ungrouped:
            shown = grouping.ungrouped[:THEME_ANSWERS_SHOWN]
            more = len(grouping.ungrouped) - len(shown)
            items = "".join(f"<li>{escape(text)}</li>" for text in shown)
            if more:
                items += f"<li><em>{escape(t('needs.view.more_answers', count=more))}</em></li>"
            parts.append(
                f"<p><strong>{escape(t('needs.view.ungrouped'))}</strong></p>"
                f'<ul class="wk-themes-ungrouped">{items}</ul>'
            )
        return "".join(parts)

    # -- exports ------------------------------------------------------------------------------

    def export_files(self) -> dict[str, tuple[str, bytes]]:
        """``{file name: (media type, bytes)}`` for everything the room saw."""
        import pandas as pd

        from workshop_kit.core.exports import png_bytes, safe_csv

        if not self.results:
            return {}
        labels = self.profile.need_labels(self.t.language)
        scores = self.results["scores"].copy()
        scores.insert(0, "label", [labels.get(n, n) for n in scores.index])
        files: dict[str, tuple[str, bytes]] = {
            "needs-ranking.csv": ("text/csv", safe_csv(scores)),
            "needs-by-group.csv": ("text/csv", safe_csv(self.results["group"].table())),
            "needs-by-area.csv": ("text/csv", safe_csv(self.results["area"].table())),
        }
        grouping = self.results["themes"]
        theme_rows = [
            {"theme": " · ".join(theme.words), "answer": text}
            for theme in grouping.themes
            for text in theme.answers
        ] + [{"theme": "", "answer": text} for text in grouping.ungrouped]
        files["needs-themes.csv"] = (
            "text/csv",
            safe_csv(pd.DataFrame(theme_rows, columns=["theme", "answer"])),
        )
        for key, figure in self.results["figures"].items():
            if figure is not None:
                files[f"needs-{key}.png"] = ("image/png", png_bytes(figure))
        return files

    def _export(self, _button: Any) -> None:
        links = []
        for name, (media_type, data) in self.export_files().items():
            encoded = base64.b64encode(data).decode("ascii")
            links.append(
                f'<a download="{escape(name)}" href="data:{media_type};base64,{encoded}">'
                f"{escape(name)}</a>"
            )
        self.downloads.value = " · ".join(links) or escape(self.t("needs.summary.ranking_empty"))


class NeedsResults(LiveResults):
    """The view in the hub: asks the store for the latest answers on each refresh."""

    def __init__(self, context: ResultsContext) -> None:
        self.context = context
        self.view = FacilitatorView(context.profile, context.t)
        super().__init__([self.view])
        self.refresh()

    def refresh(self) -> None:
        """The projector shows the released answers (whole blocks of ``min_cell_size``
        people, :mod:`workshop_kit.core.disclosure`) and quotes only approved written answers."""
        from workshop_kit.core.answers import review_decisions

        decisions = review_decisions(self.context.answers("text_reviews"))
        self.view.update(self.context.released("needs"), decisions=decisions)


# -- import panel ---------------------------------------------------------------------------------


class ImportPanel(import_panel.ImportPanel):
    """Upload a survey export (KoboToolbox, Google Forms, the template), see its problems,
    import it when it has none. ``column_map`` points the kit at differently named columns."""

    CSS = "needs"
    KEYS: ClassVar[Mapping[str, str]] = {
        "title": "needs.view.import_title",
        "help": "needs.view.import_help",
        "upload": "needs.view.upload",
        "sheet": "needs.view.sheet",
        "import": "needs.view.import",
        "problem_error": "needs.import.problem_error",
        "problem_warning": "needs.import.problem_warning",
        "imported": "needs.view.imported",
        "already_there": "needs.import.already_there",
    }

    def __init__(
        self,
        profile: Profile,
        t: Translator,
        store: Callable[[NeedsImport], int],
        column_map: Any = None,
        done: Callable[[], None] | None = None,
    ) -> None:
        self.column_map = column_map
        super().__init__(profile, t, store, done)

    def check(self, data: bytes, name: str, sheet: str | None) -> NeedsImport:
        from workshop_kit.activities.needs.importer import check_needs_file

        return check_needs_file(
            data,
            name,
            self.profile,
            column_map=self.column_map,
            sheet=sheet,
            language=self.t.language,
        )

    def summary(self, result: NeedsImport) -> str:  # type: ignore[override]
        from workshop_kit.activities.needs.importer import summary_line

        return summary_line(result, self.t)

    def refused(self, name: str, problems: list[Any]) -> NeedsImport:
        from workshop_kit.activities.needs.importer import NeedsImport

        return NeedsImport(filename=name, problems=problems)


# -- the facilitator's page (notebook 01) ---------------------------------------------------------


class NeedsSessionView(widgets.VBox):
    """One session's needs assessment: live results, and the import of a survey export."""

    #: The answers it shows (the page frame redraws it when one of them changes).
    reads = ("needs", "text_reviews")

    def __init__(self, context: PageContext, store: Store, session: SessionInfo) -> None:
        self.store = store
        self.code = session.code
        # imports go through the store's own key check, as every facilitator action does
        self.key_hash = context.facilitator.key_hash if context.facilitator else ""
        self.results = FacilitatorView(context.profile, context.t, decide=self._decide)
        self.importer = ImportPanel(context.profile, context.t, self._store_import)
        super().__init__([self.results, self.importer])
        self.add_class("wk-needs-session")
        self.refresh()

    def _store_import(self, result: NeedsImport) -> int:
        stored = self.store.add_facilitator_answers(
            self.code, self.key_hash, result.store_rows(self.code), source="import"
        )
        self.refresh()
        return stored

    def _decide(self, key: str, decision: str) -> None:
        """Store a moderation decision durably (the store checks the facilitator's key)."""
        from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer

        answer = TextReviewAnswer(text_key=key, decision=decision)
        done = len(self.store.answers(self.code, "text_reviews", latest_only=False))
        self.store.add_facilitator_answers(
            self.code, self.key_hash, [(FACILITATOR_ID, answer, f"text-review-{key}-{done}")]
        )
        self.refresh()

    def refresh(self) -> None:
        from workshop_kit.core.answers import review_decisions

        decisions = review_decisions(self.store.answers(self.code, "text_reviews"))
        self.results.update(self.store.answers(self.code, "needs"), decisions=decisions)


def needs_page(poll: bool = True) -> widgets.Widget:
    """The needs-assessment page: a refusal for participant links, else the session view."""
    from workshop_kit.core.page import facilitator_page

    return facilitator_page("needs.title", NeedsSessionView, poll=poll)


def show() -> None:
    """Build and display the page (the notebook's one call)."""
    display(needs_page())
