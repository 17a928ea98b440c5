"""The facilitator's needs page: with a live session it shows and exports what the projector
shows (answers released in whole blocks of ``min_cell_size`` people); without one it works on
survey files imported on the page alone, and writes nothing to the store."""

from __future__ import annotations

import io
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest
from app_helpers import FACILITATOR, context, find, text_of

from workshop_kit.activities.needs.data import PageAnswers, SessionAnswers
from workshop_kit.activities.needs.importer import check_needs_file
from workshop_kit.activities.needs.live import NeedsResults
from workshop_kit.activities.needs.page import NeedsPageView, needs_page
from workshop_kit.activities.needs.results import FacilitatorView
from workshop_kit.core import page as page_frame
from workshop_kit.core.answers import validate_answer
from workshop_kit.core.disclosure import text_key
from workshop_kit.core.registry import ResultsContext
from workshop_kit.core.release import show_results
from workshop_kit.i18n import Translator

FIXTURES = Path(__file__).parent / "fixtures" / "needs"
GOOD = (FIXTURES / "good.csv").read_bytes()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Exports land in a fresh ``workshop-data`` folder."""
    folder = tmp_path / "workshop-data"
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(folder))
    return folder


class NoStore:
    """A store that fails the test if the page touches it at all."""

    def __getattr__(self, name: str):
        raise AssertionError(f"the page used the store ({name}) without a session")


def one(root: widgets.Widget, kind: type, css: str) -> widgets.Widget:
    matches = find(root, kind, css)
    assert len(matches) == 1, css
    return matches[0]


def import_file(view: NeedsPageView, data: bytes = GOOD) -> str:
    view.importer.load("good.csv", data)
    one(view.importer, widgets.Button, "wk-needs-import").click()
    return view.importer.messages.value


def exported(view: FacilitatorView) -> dict[str, bytes]:
    """Click *Export*; the files as saved on disk, by name (checked against the links)."""
    one(view, widgets.Button, "wk-needs-export").click()
    files = view.export_files()
    links = view.downloads.value
    assert links.count("<a download=") == len(files) > 0
    return {file.name: file.data for file in files}


def ranking_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", index_col="need")


# -- without a live session -----------------------------------------------------------------------


def test_without_a_session_imported_rows_stay_on_the_page_and_count_once(profile):
    view = NeedsPageView(context(profile), NoStore(), None)
    assert isinstance(view.data, PageAnswers)
    assert "wk-needs-no-session" in view._dom_classes

    assert "155 new answers imported." in import_file(view)
    again = import_file(view)
    assert "0 new answers imported. 155 answers were already there" in again
    assert len(view.data.rows) == 155

    # the same results as the file read on its own: all its rows (a static file is not
    # released in blocks), with small cells still hidden
    alone = FacilitatorView(profile, Translator("en"))
    alone.update(check_needs_file(GOOD, "good.csv", profile).frame())
    assert "12 people have answered" in view.results.overview.value
    assert view.results.overview.value == alone.overview.value
    assert view.results.ranking.summary.value == alone.ranking.summary.value
    pd.testing.assert_frame_equal(view.results.results["scores"], alone.results["scores"])
    assert view.results.results["group"].suppressed.to_numpy().any()


def test_without_a_session_the_page_exports_to_the_import_folder(profile, home):
    view = NeedsPageView(context(profile), NoStore(), None)
    import_file(view)
    files = exported(view.results)
    folder = home / "exports" / "import"
    assert {path.name for path in folder.iterdir()} == set(files)
    assert (folder / "needs-ranking.csv").read_bytes() == files["needs-ranking.csv"]
    csv = ranking_csv(files["needs-ranking.csv"])
    scores = view.results.results["scores"]
    assert csv["n"].fillna(-1).astype(int).tolist() == scores["n"].fillna(-1).tolist()
    assert "Saved on this computer in" in view.results.downloads.value


def test_without_a_session_moderation_is_kept_on_the_page(profile):
    view = NeedsPageView(context(profile), NoStore(), None)
    import_file(view)
    assert "Respite on weekends so I can rest" not in view.results.themes.value
    rows = find(view, widgets.HBox, "wk-moderation-row")
    row = next(r for r in rows if "Respite on weekends so I can rest" in text_of(r))
    approve = next(b for b in find(row, widgets.Button) if "wk-approve" in b._dom_classes)
    approve.click()
    assert view.data.decisions[text_key("Respite on weekends so I can rest")] == "approve"
    assert "Respite on weekends so I can rest" in view.results.themes.value


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "No live session (imported files only)"),
        ("fr", "Pas de session en direct (fichiers importés seulement)"),
    ],
)
def test_the_page_opens_on_no_live_session_unless_a_session_is_asked_for(
    profile, store, monkeypatch, language, label
):
    session = store.create_session("Evening", "en", FACILITATOR.key_hash)
    page_context = context(profile, language=language)
    monkeypatch.setattr(page_frame, "facilitator_page_context", lambda: page_context)
    monkeypatch.setattr(page_frame, "open_store", lambda _url: store)

    page = needs_page(poll=False)
    assert page.chooser.options[0] == (label, page_frame.NO_SESSION)
    assert page.chooser.value == page_frame.NO_SESSION
    assert isinstance(page.view, NeedsPageView) and isinstance(page.view.data, PageAnswers)

    page.chooser.value = session.code
    assert isinstance(page.view.data, SessionAnswers) and page.view.data.code == session.code
    assert page.view.reads == ("needs", "text_reviews")


# -- a live session: what the projector shows, and nothing more -----------------------------------


def rate(store, code: str, profile, need: str, importance: int, met: int) -> None:
    participant = store.join(code)
    payload = {"need": need, "importance": importance, "met": met}
    answer = validate_answer("needs", payload, profile)
    assert store.add_answer(code, participant, answer, f"{participant}-{need}")


def test_a_live_sessions_page_and_exports_show_only_whole_blocks_of_people(store, profile, home):
    assert profile.min_cell_size == 5
    session = store.create_session("Evening", "en", FACILITATOR.key_hash)
    code = session.code
    for _ in range(5):
        rate(store, code, profile, "respite", 5, 1)  # gap 4: score 5 × 4 = 20
    show_results(store, code, "needs", FACILITATOR.key_hash, 5)  # the facilitator shows them
    for _ in range(2):
        rate(store, code, profile, "respite", 1, 5)  # the 6th and 7th people: not released

    page = NeedsPageView(context(profile), store, store.session(code))
    scores = page.results.results["scores"]
    assert scores.at["respite", "n"] == 5 and scores.at["respite", "score"] == 20
    assert "5 people have answered" in page.results.overview.value

    files = exported(page.results)
    csv = ranking_csv(files["needs-ranking.csv"])
    assert (home / "exports" / code / "needs-ranking.csv").read_bytes() == files[
        "needs-ranking.csv"
    ]
    # the exported ranking is what the page shows, and what the projector shows
    shown = scores.drop(columns="status")
    for column in ("n", "score", "importance_mean", "met_mean", "rank"):
        assert csv[column].tolist() == pytest.approx(
            shown[column].astype("float64").tolist(), nan_ok=True
        ), column
    assert csv.at["respite", "n"] == 5 and csv.at["respite", "score"] == 20
    hub = NeedsResults(ResultsContext.of_session(store, code, profile, Translator("en")))
    hub_files = {file.name: file.data for file in hub.view.export_files()}
    assert hub_files["needs-ranking.csv"] == files["needs-ranking.csv"]

    for people in (8, 9):  # still no complete second block of five
        rate(store, code, profile, "respite", 1, 5)
        assert not page.refresh(), people
    rate(store, code, profile, "respite", 1, 5)  # the 10th person: 6 to 10 join by themselves
    assert page.refresh()
    csv = ranking_csv(exported(page.results)["needs-ranking.csv"])
    assert csv.at["respite", "n"] == 10
    assert csv.at["respite", "score"] == 0  # mean importance 3 × mean gap 0
    assert "10 people have answered" in page.results.overview.value
