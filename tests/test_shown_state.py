"""The shown state, one per activity, in every view: the report section of each activity is
its projected state (the same figures and sentences), and every exported file is a view of it:
none but the full backup holds a text the facilitator did not approve, a CareMap name, an
individual's gift, or a person-level row from a group × area of fewer than ``min_cell_size``.

One small room through every activity (:mod:`room_helpers`), exported once the way
``workshop-kit export --person-level-rows`` does (:func:`~workshop_kit.core.session_export.
session_export`); for each activity the hub's live view is built from the same session and
compared with the report's section. A new activity must add its comparison here (a test walks
every discovered activity), so a report section can never drift from what the room saw.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from app_helpers import text_of
from room_helpers import (
    APPROVED_NEED,
    APPROVED_PLACES,
    APPROVED_STEP,
    APPROVED_STORY,
    SECRETS,
    small_room,
)

from workshop_kit.activities.charter.shown import discuss_item
from workshop_kit.core.activity import discover
from workshop_kit.core.bundle import BUNDLE_FILE
from workshop_kit.core.registry import ResultsContext, find_activity
from workshop_kit.core.report import Report, ReportSection
from workshop_kit.core.session_export import session_export
from workshop_kit.core.store import Store, open_store
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import Profile, load_profile

EN = Translator("en")


@dataclass
class Room:
    store: Store
    profile: Profile
    code: str
    report: Report
    #: The exported files, by name.
    files: dict[str, bytes]

    def section(self, activity: str) -> ReportSection:
        found = [s for s in self.report.sections if s.activity == activity]
        assert found, f"the report has no {activity} section"
        return found[0]

    def live(self, activity: str):
        context = ResultsContext.of_session(self.store, self.code, self.profile, EN)
        results = find_activity(activity).results
        assert results is not None, f"{activity} has no projected view"
        return results(context)


def visible(widget) -> str:
    """What the projector shows as text: every HTML widget, tags dropped, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text_of(widget))).split())


def said(text: str) -> str:
    return " ".join(text.split())


#: What a chart "draws" in this module: the comparisons are of figures and sentences, and
#: rasterising some thirty charts twice would cost most of a minute of CI.
TINY_PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module", autouse=True)
def charts_not_rasterised():
    from matplotlib.figure import Figure

    def savefig(self, target, *args, **kwargs):
        target.write(TINY_PNG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Figure, "savefig", savefig)
        yield


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory, charts_not_rasterised) -> Room:
    folder: Path = tmp_path_factory.mktemp("room")
    profile = load_profile(sample_profile_path())
    store = open_store(f"sqlite:///{folder / 'store.sqlite'}")
    code = small_room(store, profile).code
    exported = session_export(store, code, profile, "en", rows=True)
    files = {file.name: file.data for file in exported.files}
    return Room(store, profile, code, exported.report, files)


def captions_on_screen(room: Room, activity: str) -> str:
    """Every chart caption of the section is said on the projector; returns the screen."""
    screen = visible(room.live(activity))
    section = room.section(activity)
    assert section.figures or section.sentences
    for figure in section.figures:
        assert said(figure.caption) in screen, (activity, figure.caption)
    return screen


def welcome(room: Room) -> None:
    live = room.live("welcome")
    section = room.section("welcome")
    assert said(visible(live.panel.summary)) == said(section.sentences[0])
    counts = section.data[0].frame.iloc[:, 1].tolist()
    assert 0 not in counts[:1]  # the group people chose is never a 0


def needs(room: Room) -> None:
    live = room.live("needs")
    section = room.section("needs")
    screen = captions_on_screen(room, "needs")
    assert said(section.sentences[0]) in screen  # "7 people have answered …"
    scores = live.view.results["scores"]
    ranked = section.tables[0].frame
    assert ranked.iloc[:, 1].tolist()[: int((scores["status"] == "shown").sum())] == [
        room.profile.need_labels("en")[n] for n in scores.index[scores["status"] == "shown"]
    ]
    assert APPROVED_NEED in screen
    assert any(APPROVED_NEED in item.details for listed in section.lists for item in listed.items)


def caregiving(room: Room) -> None:
    """The hub shows the room's own figures; the community estimate is the page's."""
    screen = visible(room.live("caregiving"))
    section = room.section("caregiving")
    room_figures = [f for f in section.figures if f.title == EN("caregiving.room.title")]
    room_sentences = [s for s in section.sentences if s.startswith(EN("caregiving.room.title"))]
    assert room_figures or room_sentences
    for figure in room_figures:
        assert said(figure.caption) in screen


def caremap(room: Room) -> None:
    from workshop_kit.activities.caremap.sentences import overview_sentence

    live = room.live("caremap")
    screen = captions_on_screen(room, "caremap")
    section = room.section("caremap")
    assert said(overview_sentence(live.charts.summary, EN)) in [said(s) for s in section.sentences]
    assert said(overview_sentence(live.charts.summary, EN)) in screen


def charter(room: Room) -> None:
    live = room.live("charter")
    section = room.section("charter")
    screen = captions_on_screen(room, "charter")
    shown = live.view.shown
    discussion = next(x for x in section.lists if x.title == EN("charter.discuss.title"))
    assert discussion.note == shown.discussion and said(shown.discussion) in screen
    assert [item.text for item in discussion.items] == [
        discuss_item(shown, commitment, EN) for commitment in shown.to_discuss
    ]
    notes = next(x for x in section.lists if x.title == EN("charter.notes.title"))
    assert [APPROVED_STEP in item.text for item in notes.items] == [True]
    assert APPROVED_STEP in screen
    actions = next(t for t in section.tables if t.title == EN("charter.actions.title"))
    assert actions.frame.iloc[:, 1].tolist() == shown.actions["action"].tolist()
    assert all(action in screen for action in shown.actions["action"])
    progress = section.tables[0].frame
    shown_rows = shown.table[shown.table["status"] == "shown"]
    assert len(shown_rows) == sum(v != EN("app.too_few") for v in progress.iloc[:, 1]) - sum(
        v == EN("charter.report.no_answers") for v in progress.iloc[:, 1]
    )


def assets(room: Room) -> None:
    live = room.live("assets")
    captions_on_screen(room, "assets")
    section = room.section("assets")
    assert said(section.sentences[0]) in visible(live)  # "N assets · N mentions"


def practice(room: Room) -> None:
    screen = captions_on_screen(room, "practice")
    section = room.section("practice")
    assert APPROVED_STORY in screen
    assert [item.text for listed in section.lists for item in listed.items] == [APPROVED_STORY]


#: activity -> how its report section is checked against its projected view.
COMPARISONS: dict[str, Callable[[Room], None]] = {
    "welcome": welcome,
    "needs": needs,
    "assets": assets,
    "caregiving": caregiving,
    "caremap": caremap,
    "charter": charter,
    "practice": practice,
}


def test_every_activity_has_a_comparison():
    """Every folder activity; the question sets (one folder's code for every file, with the
    set's id as ``argument``) are compared once for all in tests/test_questions.py."""
    folders = {activity for activity, info in discover().items() if info.argument is None}
    assert set(COMPARISONS) == folders


@pytest.mark.parametrize("activity", list(COMPARISONS))
def test_the_report_section_is_the_projected_state(room, activity):
    COMPARISONS[activity](room)


# -- every exported file -----------------------------------------------------------------------

#: Every file of the export, with what it holds (the shown state unless said otherwise).
EXPORTED = {
    "report.html": "the report: a section per activity",
    "shown-welcome-summary.csv": "the warm-up's sentences",
    "shown-welcome-what-brings-people-here-today.csv": "people per group",
    "shown-needs-summary.csv": "the needs' sentences",
    "shown-needs-unmet-needs-ranked.csv": "the ranking",
    "shown-needs-unmet-needs-by-group.csv": "the heat map by group",
    "shown-needs-unmet-needs-by-area.csv": "the heat map by area",
    "shown-needs-what-would-help-most-grouped-by-shared-words.csv": "approved answers by theme",
    "shown-assets-summary.csv": "the assets' sentences",
    "shown-assets-assets-by-category-and-area.csv": "counts by category and area",
    "shown-assets-public-places-and-organisations.csv": "approved public names",
    "shown-caregiving-summary.csv": "the estimate's and the room's sentences",
    "shown-caregiving-the-people-in-this-room.csv": "the room's hours and tasks",
    "shown-caremap-summary.csv": "the CareMaps' sentences",
    "shown-caremap-the-summary-in-figures.csv": "the group summary",
    "shown-charter-summary.csv": "the Charter's sentences",
    "shown-charter-the-commitments-in-figures.csv": "progress per commitment",
    "shown-charter-action-list.csv": "the action list",
    "shown-charter-where-people-disagree-most.csv": "points of disagreement",
    "shown-charter-next-steps-and-evidence-from-the-room.csv": "approved notes",
    "shown-practice-summary.csv": "the Community of Practice's sentences",
    "shown-practice-value-per-cycle-in-figures.csv": "value per cycle",
    "shown-practice-stories-of-value.csv": "approved stories",
    "shown-results.xlsx": "every shown table, a sheet each",
    "rows-welcome.csv": "person-level rows (on request)",
    "rows-needs.csv": "person-level rows (on request)",
    "rows-assets.csv": "person-level rows (on request), no gift",
    "rows-caregiving.csv": "person-level rows (on request)",
    "rows-charter.csv": "person-level rows (on request)",
    "rows-practice.csv": "person-level rows (on request)",
    "rows-answers.xlsx": "the person-level rows, a sheet each",
    BUNDLE_FILE: "the facilitator's full backup: every answer",
}


def readable(name: str, data: bytes) -> str:
    """The text a reader of the file sees (cells of a workbook, the report without images)."""
    if name.endswith(".xlsx"):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    text = data.decode("utf-8-sig")
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
    return html.unescape(text)


def test_every_exported_file_is_listed(room):
    assert sorted(room.files) == sorted(EXPORTED)


def test_no_file_but_the_full_backup_holds_what_the_room_never_saw(room):
    backup = readable(BUNDLE_FILE, room.files[BUNDLE_FILE])
    assert all(secret in backup for secret in SECRETS)  # the room really wrote them
    for name, data in room.files.items():
        if name != BUNDLE_FILE:
            text = readable(name, data)
            assert [s for s in SECRETS if s in text] == [], name
    # and what was approved is there: the report lists the places the room named
    listed = readable("x.csv", room.files["shown-assets-public-places-and-organisations.csv"])
    assert all(place in listed for place in APPROVED_PLACES)


def test_no_person_level_row_comes_from_a_group_and_area_of_fewer_than_k(room):
    import io

    import pandas as pd

    k = room.profile.min_cell_size
    for name, data in room.files.items():
        if not name.startswith("rows-") or not name.endswith(".csv"):
            continue
        rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str).fillna("")
        assert "device_id" not in rows and "participant_id" not in rows, name
        columns = [c for c in ("group", "area") if c in rows]
        if columns:
            people = rows.groupby(columns)["person"].nunique()
            assert (people >= k).all(), (name, people.to_dict())
