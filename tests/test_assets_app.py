"""The asset-mapping app driven in-process: the phone form, the hub's results, the facilitator
page (duplicates, merges, import, export), and who may do what."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from datetime import UTC, datetime

import ipywidgets as widgets
import openpyxl
import pandas as pd
import pytest
from app_helpers import find

from workshop_kit.activities.assets import live as assets_live
from workshop_kit.activities.assets.answers import MAX_NAME
from workshop_kit.activities.assets.form import AssetForm, parse_coordinate
from workshop_kit.activities.assets.importer import check_assets_file
from workshop_kit.activities.assets.live import AssetsResults
from workshop_kit.activities.assets.page import AssetsView, assets_page
from workshop_kit.auth import Facilitator
from workshop_kit.core.activity import discover
from workshop_kit.core.answers import FACILITATOR_ID
from workshop_kit.core.context import PageContext
from workshop_kit.core.page import FacilitatorPage
from workshop_kit.core.registry import FormContext, ResultsContext, activities
from workshop_kit.core.release import set_live, show_results
from workshop_kit.core.sending import AnswerSender
from workshop_kit.core.store import NotAuthorised, Store, StoreUnavailable
from workshop_kit.i18n import Translator
from workshop_kit.paths import data_dir

FACILITATOR = Facilitator(key_hash="f" * 64)
SAMPLE = data_dir() / "communities" / "riverbend" / "sample-assets.csv"
INSIDE = ("47.53437", "-80.43884")  # Old Town, inside the synthetic shapes
OUTSIDE = ("48.9", "-70.1")


def visible(html: str) -> str:
    """What a browser shows of some widget HTML: tags dropped, entities decoded."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def session(store: Store):
    return store.create_session("Asset evening", "en", FACILITATOR.key_hash)


def new_form(store: Store, profile, code: str, language: str = "en") -> AssetForm:
    participant = store.join(code)
    sender = AnswerSender(store, code, participant, profile)
    return AssetForm(FormContext(profile, Translator(language), sender.send, code))


def add(
    form: AssetForm,
    name: str,
    category: str = "economy",
    area: str = "old-town",
    needs: tuple[str, ...] | list[str] = (),
    location: tuple[str, str] | None = None,
    **extra,
):
    form.name.value = name
    form.category.value = category
    form.area.value = area
    for need in needs:
        form.needs[need].value = True
    if location is not None:
        form.latitude.value, form.longitude.value = location
    for field, value in extra.items():
        getattr(form, field).value = value
    form.add_button.click()


def uploaded(name: str, data: bytes, size: int | None = None) -> dict:
    """One file as ``FileUpload.value`` holds it (ipywidgets 8)."""
    return {
        "name": name,
        "type": "text/csv",
        "size": len(data) if size is None else size,
        "content": memoryview(data),
        "last_modified": datetime.now(UTC),
    }


def frame_for(
    store: Store, profile, code: str | None, facilitator=FACILITATOR, poll: bool = False
) -> FacilitatorPage:
    """The facilitator's page as ``show()`` builds it: the core's frame around the view."""
    query = {"code": code} if code else {}
    context = PageContext(profile=profile, query=query, facilitator=facilitator, language="en")
    return FacilitatorPage(
        context,
        store,
        "assets.activity",
        AssetsView,
        without_session="assets.view.no_session",
        poll=poll,
    )


def page_for(store: Store, profile, code: str | None, facilitator=FACILITATOR) -> AssetsView:
    """What the facilitator sees of session ``code`` (or of no session): the frame's view."""
    view = frame_for(store, profile, code, facilitator).view
    assert isinstance(view, AssetsView)
    return view


# -- the participant form --------------------------------------------------------------------


def test_each_asset_is_stored_at_once_and_the_form_clears_for_the_next(store, profile, session):
    form = new_form(store, profile, session.code)
    add(form, "Riverside Library", "institutions", "riverside", needs=["information"])
    assert "Saved: Riverside Library." in visible(form.messages.value)
    assert "You have added 1 asset" in visible(form.count.value)
    assert form.name.value == "" and form.category.value == ""
    assert not any(box.value for box in form.needs.values())
    assert form.area.value == "riverside"  # kept: people list several assets of their area
    add(form, "Walking group", "associations", "riverside", needs=["loneliness"])
    assert "You have added 2 assets" in visible(form.count.value)
    stored = store.answers(session.code, "assets")
    assert stored["name"].tolist() == ["Riverside Library", "Walking group"]
    assert stored["needs"].tolist() == [["information"], ["loneliness"]]
    assert stored["asset_id"].nunique() == 2  # the second never replaces the first


def test_an_empty_name_or_a_missing_choice_is_asked_for_and_nothing_is_sent(
    store, profile, session
):
    form = new_form(store, profile, session.code)
    add(form, "   ")
    assert "Please give the asset a name" in visible(form.messages.value)
    add(form, "Choir", category="")
    assert "what kind of asset" in visible(form.messages.value)
    add(form, "Choir", category="culture", area="")
    assert "the area where it is" in visible(form.messages.value)
    assert store.state(session.code).answers == 0


def test_a_double_click_stores_one_asset_and_says_nothing_alarming(store, profile, session):
    form = new_form(store, profile, session.code)
    add(form, "Knitting circle", "associations", "maple-heights")
    form.add_button.click()  # the second click lands after the form was cleared
    assert "Saved: Knitting circle." in visible(form.messages.value)
    assert len(store.answers(session.code, "assets", latest_only=False)) == 1


def test_a_location_outside_the_community_is_dropped_and_said_the_asset_kept(
    store, profile, session
):
    form = new_form(store, profile, session.code)
    add(form, "Far away farm", "nature", "pine-hollow", location=OUTSIDE)
    message = visible(form.messages.value)
    assert "Saved: Far away farm." in message
    assert "outside the community's areas" in message
    add(form, "Café on the square", "economy", "old-town", location=INSIDE)
    stored = store.answers(session.code, "assets").set_index("name")
    assert pd.isna(stored.loc["Far away farm", "latitude"])
    assert stored.loc["Café on the square", "latitude"] == pytest.approx(47.53437)


@pytest.mark.parametrize("location", [("47.5", ""), ("north", "-80.4"), ("95", "-80.4")])
def test_an_unusable_location_is_explained_and_nothing_is_sent(store, profile, session, location):
    form = new_form(store, profile, session.code)
    add(form, "Bench by the river", "nature", "riverside", location=location)
    assert "two numbers in degrees" in visible(form.messages.value)
    assert form.name.value == "Bench by the river"  # kept for correcting
    assert store.state(session.code).answers == 0


def test_coordinates_read_as_phones_type_them():
    assert parse_coordinate(" 47,535 ") == pytest.approx(47.535)
    assert parse_coordinate("-80.43°") == pytest.approx(-80.43)
    assert parse_coordinate("") is None
    for bad in ("nan", "inf", "47.5.1"):
        with pytest.raises(ValueError):
            parse_coordinate(bad)


def test_a_name_too_long_is_refused_in_words(store, profile, session):
    form = new_form(store, profile, session.code)
    add(form, "x" * (MAX_NAME + 1))
    assert f"up to {MAX_NAME} characters" in visible(form.messages.value)
    assert store.state(session.code).answers == 0


def test_a_dropped_store_keeps_the_draft_and_the_retry_stores_it_once(
    store, profile, session, monkeypatch
):
    form = new_form(store, profile, session.code)
    real_add = store.add_answer

    def unreachable(*args, **kwargs):
        raise StoreUnavailable("connection lost")

    monkeypatch.setattr(store, "add_answer", unreachable)
    add(form, "Pharmacy delivery", "economy", "riverside")
    assert "Not saved yet" in visible(form.messages.value)
    assert form.name.value == "Pharmacy delivery"
    assert not form.add_button.disabled
    monkeypatch.setattr(store, "add_answer", real_add)
    form.add_button.click()
    assert store.answers(session.code, "assets")["name"].tolist() == ["Pharmacy delivery"]


def test_markup_in_a_name_is_stored_as_typed_and_shown_as_text(store, profile, session):
    hostile = "<img src=x onerror=alert(1)> Choir"
    form = new_form(store, profile, session.code)
    add(form, hostile, "culture", "old-town")
    assert store.answers(session.code, "assets")["name"].tolist() == [hostile]
    for html in (form.messages.value, form.count.value):
        assert "<img" not in html and "&lt;img" in html
    for number in range(4):  # the page shows the projector's state: a whole block of five
        add(new_form(store, profile, session.code), f"Hall {number}", "places", "old-town")
    page = page_for(store, profile, session.code)
    assert "<img" not in page.inventory.value
    assert hostile in visible(page.inventory.value)


def test_every_form_field_has_a_label_and_french_speaks_french(store, profile, session):
    form = new_form(store, profile, session.code, language="fr")
    for widget in [form.name, form.category, form.area, *form.needs.values(), form.latitude]:
        assert widget.description
    assert form.add_button.description == "Ajouter la ressource"
    assert ("Économie locale", "economy") in form.category.options
    add(form, "")
    assert "Veuillez donner un nom" in visible(form.messages.value)


def test_the_activity_is_registered_with_a_form_and_live_results():
    declared = discover()["assets"]
    assert declared.live == "live:build_live"  # found by convention
    assert declared.load(declared.live) is assets_live.build_live
    activity = activities()["assets"]
    assert activity.page == "02_asset_mapping.ipynb"  # the hub links to the facilitator page
    assert Translator("fr")(activity.title_key).startswith("Ressources de la communauté")


def test_the_module_stays_light_for_the_participant_kernel():
    code = (
        "import sys, workshop_kit.activities.assets.form;"
        "print([m for m in ('pandas', 'matplotlib', 'rapidfuzz') if m in sys.modules])"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert process.stdout.strip() == "[]"


# -- the hub's live results ------------------------------------------------------------------


def hub_for(store: Store, profile, code: str) -> AssetsResults:
    """The hub's live view, as the hub builds it (with the answer log to release from)."""
    return AssetsResults(ResultsContext.of_session(store, code, profile, Translator("en")))


def test_hub_results_draw_counts_map_and_gaps_and_redraw_only_on_change(store, profile, session):
    # the facilitator shows results live: they come in whole blocks of five people
    set_live(store, session.code, "assets", True, FACILITATOR.key_hash, profile.min_cell_size)
    results = hub_for(store, profile, session.code)
    assert "No assets recorded yet" in visible(results.charts.gaps.summary.value)
    forms = [new_form(store, profile, session.code) for _ in range(profile.min_cell_size)]
    for i, form in enumerate(forms):
        add(form, f"Youth Centre {i}", "places", "northfield", ["children-youth"], INSIDE)
        results.refresh()
        if i < len(forms) - 1:  # released only once min_cell_size people have added assets
            assert "0 assets" in visible(results.total.value)
            assert f"{i + 1} pe" in visible(results.waiting.value)  # "1 person", "2 people" …
    assert "5 assets" in visible(results.total.value)
    assert results.waiting.value == ""
    for panel in (results.charts.categories, results.charts.map, results.charts.gaps):
        assert bytes(panel.image.value).startswith(b"\x89PNG")
    assert "5 of 5 assets have a location" in visible(results.charts.map.summary.value)
    drawn = results.charts.gaps.image.value
    store.join(session.code)  # something changed in the session, but not the assets
    results.refresh()
    assert results.charts.gaps.image.value is drawn
    add(forms[0], "Parents' group", "associations", "northfield", needs=["children-youth"])
    results.refresh()  # a released person's next asset waits for the next block of five
    assert "5 assets" in visible(results.total.value)
    assert results.charts.gaps.image.value is drawn
    for i in range(profile.min_cell_size):
        add(new_form(store, profile, session.code), f"Club {i}", "associations", "riverside")
    results.refresh()
    # the released person's late asset and four of the clubs make the next five people; the
    # fifth club waits for the next block
    assert "10 assets" in visible(results.total.value)
    assert results.charts.gaps.image.value is not drawn


def test_a_kind_of_asset_from_four_people_is_too_few_on_the_hub_and_the_fifth_shows_it(
    store, profile, session
):
    k = profile.min_cell_size
    for i in range(k):  # five people name a hall, four of them a choir too
        form = new_form(store, profile, session.code)
        if i < k - 1:
            add(form, f"Choir {i}", "associations", "old-town")
        add(form, f"Hall {i}", "places", "old-town")
    for i in range(k):  # five more name a pond
        add(new_form(store, profile, session.code), f"Pond {i}", "nature", "old-town")
    show_results(store, session.code, "assets", FACILITATOR.key_hash, k)
    results = hub_for(store, profile, session.code)
    assert "14 assets" in visible(results.total.value)
    shown = results.overview.shown.categories
    assert shown["associations"] is None  # 4 people: too few to show
    assert shown["places"] is None  # else 14 assets - 5 halls - 5 ponds would give it away
    assert shown["nature"] == k
    text = visible(results.charts.categories.summary.value)
    assert "Among the counts shown, the largest category is Natural places (5)" in text
    assert "Counts from fewer than 5 people are not shown" in text
    assert "(4)" not in text

    fifth = new_form(store, profile, session.code)
    add(fifth, "Book club", "associations", "old-town")  # the fifth person with a group
    results.refresh()
    assert results.overview.shown.categories["associations"] is None  # not released yet
    for i in range(k - 1):
        add(new_form(store, profile, session.code), f"Orchard {i}", "nature", "old-town")
    results.refresh()  # a second block of five people: released
    shown = results.overview.shown.categories
    assert shown == {**dict.fromkeys(shown, 0), "associations": 5, "places": 5, "nature": 9}
    text = visible(results.charts.categories.summary.value)
    assert "not shown" not in text
    assert "The largest category is Natural places (9)" in text


def test_an_inventory_imported_into_the_session_shows_on_the_hub_at_once(store, profile, session):
    store.add_facilitator_answers(
        session.code,
        FACILITATOR.key_hash,
        check_assets_file(SAMPLE.read_bytes(), SAMPLE.name, profile).store_rows(session.code),
        source="import",
    )
    results = hub_for(store, profile, session.code)
    assert "31 assets" in visible(results.total.value)  # nobody in the room: shown at once
    assert None not in results.overview.shown.categories.values()
    add(new_form(store, profile, session.code), "Choir", "culture", "old-town")
    results.refresh()  # one person's asset waits for four more people
    assert "31 assets" in visible(results.total.value)
    assert "1 person has added assets" in visible(results.waiting.value)


# -- the facilitator page --------------------------------------------------------------------


@pytest.fixture
def three_participants(store, profile, session):
    """Three phones: a duplicate pair in Old Town and a library in Riverside; and two more
    with a hall each in Northfield, helping no need, so that the five make the block of
    ``min_cell_size`` people the projector (and so the page) shows."""
    add(new_form(store, profile, session.code), "Café Chez Marie", needs=["loneliness"])
    add(new_form(store, profile, session.code), "cafe chez marie", needs=["loneliness"])
    add(
        new_form(store, profile, session.code),
        "Public Library",
        "institutions",
        "riverside",
        needs=["information"],
    )
    for hall in ("North hall", "Scout hall"):
        add(new_form(store, profile, session.code), hall, "places", "northfield")
    return session


def five_more(store, profile, code: str) -> None:
    """Five more phones with a choir each: the next whole block the page shows."""
    for number in range(5):
        add(new_form(store, profile, code), f"Choir {number}", "culture", "northfield")


def test_the_page_flags_the_duplicate_and_a_merge_updates_counts_and_gaps(
    store, profile, three_participants
):
    code = three_participants.code
    page = page_for(store, profile, code)
    assert "5 assets · 5 mentions · 1 likely duplicate" in visible(page.total.value)
    rows = find(page.duplicates, widgets.HBox, "wk-assets-duplicate")
    assert len(rows) == 1
    assert "Café Chez Marie / cafe chez marie (in Old Town)" in visible(rows[0].children[0].value)
    gaps_before = visible(page.charts.gaps.summary.value)
    # the two cells with assets come from 2 people and 1: their counts are not shown
    assert "8 gaps" in gaps_before
    assert "2 cells come from fewer than 5 people and are not shown" in gaps_before
    assert "Old Town (2" not in gaps_before and "Riverside (1" not in gaps_before
    assert page.overview.gap.counts.loc["loneliness", "old-town"] == 2

    merge = find(rows[0], widgets.Button, "wk-assets-merge")[0]
    merge.click()
    merge.click()  # a double click records the decision once
    assert "Merged into Café Chez Marie." in visible(page.messages.value)
    assert "4 assets · 5 mentions" in visible(page.total.value)
    assert "duplicate" not in visible(page.total.value)
    assert page.overview.gap.counts.loc["loneliness", "old-town"] == 1  # one café now
    assert visible(page.charts.gaps.summary.value) == gaps_before  # still too few to show
    decisions = store.answers(code, "asset_merges", latest_only=False)
    assert len(decisions) == 1
    assert decisions["participant_id"].tolist() == [FACILITATOR_ID]
    assert "Café Chez Marie stands for 2 answers" in visible(
        find(page.merged, widgets.HBox, "wk-assets-merged-group")[0].children[0].value
    )
    # merging never deletes: both answers are still in the store
    assert len(store.answers(code, "assets")) == 5


def test_separate_undoes_a_merge_and_not_a_duplicate_stops_the_flag(
    store, profile, three_participants
):
    page = page_for(store, profile, three_participants.code)
    find(page.duplicates, widgets.Button, "wk-assets-merge")[0].click()
    find(page.merged, widgets.Button, "wk-assets-unmerge")[0].click()
    assert "is separated again" in visible(page.messages.value)
    assert "5 assets" in visible(page.total.value)
    assert find(page.duplicates, widgets.Button, "wk-assets-merge")  # flagged again
    find(page.duplicates, widgets.Button, "wk-assets-distinct")[0].click()
    assert "will not be flagged again" in visible(page.messages.value)
    assert "No likely duplicates" in visible(page.duplicates.children[0].value)
    # a second page (another tab, a reload) replays the same decisions
    again = page_for(store, profile, three_participants.code)
    assert "5 assets · 5 mentions" in visible(again.total.value)
    assert not find(again.duplicates, widgets.Button, "wk-assets-merge")


def test_merge_records_not_given_by_the_facilitator_are_ignored(store, profile, three_participants):
    code = three_participants.code
    table = store.answers(code, "assets")
    keep, other = table["asset_id"].tolist()[:2]
    participant = store.join(code)
    sender = AnswerSender(store, code, participant, profile)
    sender.send("asset_merges", {"keep": keep, "merged": [other]})  # the store accepts it…
    page = page_for(store, profile, code)
    assert "5 assets" in visible(page.total.value)  # …but nothing replays it
    assert find(page.duplicates, widgets.Button, "wk-assets-merge")


def test_the_page_refuses_a_session_of_another_facilitator(store, profile):
    theirs = store.create_session("Someone else's", "en", "e" * 64)
    add(new_form(store, profile, theirs.code), "Secret garden", "nature", "riverside")
    frame = frame_for(store, profile, theirs.code)
    assert f"No open workshop has the code {theirs.code}" in visible(frame.messages.value)
    assert frame.chooser.value == ""  # "no live session" instead
    assert theirs.code not in [code for _, code in frame.chooser.options]
    assert isinstance(frame.view, AssetsView)
    assert "Secret garden" not in visible(frame.view.inventory.value)
    with pytest.raises(NotAuthorised):
        store.add_facilitator_answers(theirs.code, FACILITATOR.key_hash, [])


def test_a_participant_link_gets_the_refusal_and_no_page(monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv("WORKSHOP_KIT_FACILITATOR_KEY_HASH", "0" * 64)
    monkeypatch.setenv("QUERY_STRING", "code=ABCDEF&key=wrong")
    page = assets_page(poll=False)
    assert not isinstance(page, FacilitatorPage)
    assert "This page is for the workshop facilitator" in page.value


def rate_needs(store, profile, code, people: int) -> None:
    for _ in range(people):
        sender = AnswerSender(store, code, store.join(code), profile)
        for need, importance, met in [("transport", 5, 1), ("loneliness", 4, 3), ("respite", 2, 2)]:
            sender.send("needs", {"need": need, "importance": importance, "met": met})


def test_a_needs_assessment_in_the_same_session_weighs_the_gaps(store, profile, three_participants):
    code = three_participants.code
    rate_needs(store, profile, code, people=profile.min_cell_size)
    show_results(store, code, "needs", FACILITATOR.key_hash, profile.min_cell_size)
    page = page_for(store, profile, code)
    assert "weighted by the unmet-need scores" in visible(page.charts.gaps.summary.value).lower()
    assert page.overview is not None and page.overview.gap.weighted


def test_needs_rated_by_too_few_people_weigh_nothing(store, profile, three_participants):
    """The gap weights would give away the scores of needs the needs page hides."""
    code = three_participants.code
    rate_needs(store, profile, code, people=profile.min_cell_size - 1)
    page = page_for(store, profile, code)
    assert page.overview is not None and not page.overview.gap.weighted
    assert "weighted" not in visible(page.charts.gaps.summary.value).lower()


def test_import_checks_then_stores_in_the_session_once(store, profile, session):
    page = page_for(store, profile, session.code)
    panel = page.import_panel
    data = SAMPLE.read_bytes()
    panel.upload.value = (uploaded("sample.csv", data),)
    assert "31 assets ready to import" in visible(panel.report.value)
    assert not panel.import_button.disabled
    panel.import_button.click()
    assert "31 assets imported." in visible(panel.messages.value)
    assert "31 assets" in visible(page.total.value)
    assert "2 likely duplicates" in visible(page.total.value)  # the café and the church
    panel.load("sample.csv", data)
    panel.import_button.click()
    assert "0 assets imported. 31 were already there." in visible(panel.messages.value)
    assert set(store.answers(session.code, "assets")["source"]) == {"import"}


def test_a_bad_or_oversized_file_is_explained_and_nothing_stored(store, profile, session):
    page = page_for(store, profile, session.code)
    panel = page.import_panel
    bad = b"name,category,area\nChoir,choirs,old-town\n,culture,old-town\n"
    panel.load("bad.csv", bad)
    report = visible(panel.report.value)
    assert "row 2: “choirs” is not a category" in report
    assert "row 3: the name is empty" in report
    assert panel.import_button.disabled
    panel.upload.value = (uploaded("huge.csv", b"", size=50_000_000),)
    assert "huge.csv" in visible(panel.report.value)
    assert "MB" in visible(panel.report.value)
    assert panel.import_button.disabled
    assert store.state(session.code).answers == 0


def test_without_a_session_imports_merges_and_exports_stay_on_the_page(
    store, profile, tmp_path, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path))
    frame = frame_for(store, profile, None)
    assert frame.chooser.value == ""
    assert "imported files only" in frame.chooser.options[0][0]
    page = frame.view
    assert isinstance(page, AssetsView)
    page.import_panel.load(SAMPLE.name, SAMPLE.read_bytes())
    page.import_panel.import_button.click()
    assert "31 assets · 31 mentions · 2 likely duplicates" in visible(page.total.value)
    # imported rows are nobody in the room: every count of the file is shown
    assert None not in page.overview.shown.categories.values()
    assert "too few" not in visible(page.counts.value)
    page.import_panel.load(SAMPLE.name, SAMPLE.read_bytes())  # the same file again
    page.import_panel.import_button.click()
    assert "0 assets imported. 31 were already there." in visible(page.import_panel.messages.value)
    assert "31 assets · 31 mentions" in visible(page.total.value)
    for _ in range(2):
        find(page.duplicates, widgets.Button, "wk-assets-merge")[0].click()
    assert "29 assets · 31 mentions" in visible(page.total.value)

    path = page.export("directory")
    assert path is not None and path.parent == tmp_path / "exports" / "import"
    directory = pd.read_csv(io.BytesIO(path.read_bytes()), encoding="utf-8-sig")
    # individuals' gifts (3 in the sample) are counted on the page, never written to a file
    assert len(directory) == 26
    assert "Retired nurse who visits neighbours" not in set(directory["name"])
    assert directory["mentions"].max() == 2
    link = re.search(r'href="data:text/csv;base64,([^"]+)"', page.downloads.value)
    assert link is not None and base64.b64decode(link.group(1)) == path.read_bytes()
    assert str(path.parent) in visible(page.downloads.value)  # where it was saved

    workbook_path = page.export("network")
    assert workbook_path is not None
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    assert workbook.sheetnames == ["Elements", "Connections"]
    assert store.sessions_for(FACILITATOR.key_hash) == []  # nothing reached the store


def test_exporting_nothing_says_so(store, profile, session, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path))
    page = page_for(store, profile, session.code)
    assert page.export("directory") is None
    assert "no assets to export yet" in visible(page.messages.value)
    assert not (tmp_path / "exports").exists()


def test_a_formula_typed_as_a_name_is_inert_in_the_exported_directory(
    store, profile, session, tmp_path, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path))
    add(new_form(store, profile, session.code), '=HYPERLINK("http://x","click")')
    five_more(store, profile, session.code)  # the page shows whole blocks of five people
    page = page_for(store, profile, session.code)
    path = page.export("directory")
    assert path is not None
    assert "'=HYPERLINK" in path.read_bytes().decode("utf-8-sig")


def test_choosing_a_session_in_the_list_shows_its_assets(store, profile, three_participants):
    frame = frame_for(store, profile, None)
    assert "No assets recorded yet" in visible(frame.view.inventory.value)
    frame.chooser.value = three_participants.code
    assert "5 assets" in visible(frame.view.total.value)
    assert "Public Library" in visible(frame.view.inventory.value)
    frame.chooser.value = ""
    assert "No assets recorded yet" in visible(frame.view.inventory.value)


@pytest.fixture
def polled_frame(store, profile, monkeypatch):
    """A frame that polls, driven by hand: ``frame.poller.poll_once()`` is one poll."""
    from workshop_kit.core.widgets import LivePoll

    monkeypatch.setattr(LivePoll, "start", lambda self: self)

    def build(code: str) -> FacilitatorPage:
        frame = frame_for(store, profile, code, poll=True)
        assert frame.poller is not None
        frame.poller.min_redraw_seconds = 0
        return frame

    return build


def test_a_download_link_stays_while_only_other_things_change(
    store, profile, three_participants, tmp_path, monkeypatch, polled_frame
):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path))
    code = three_participants.code
    frame = polled_frame(code)
    page = frame.view
    page.export("directory")
    link = page.downloads.value
    store.join(code)  # the session changed, but nothing the page reads
    rate_needs(store, profile, code, people=1)  # …and needs, which it reads, but not assets
    assert frame.poller.poll_once()
    assert page.downloads.value == link
    add(new_form(store, profile, code), "Choir", "culture", "northfield")
    assert frame.poller.poll_once()
    assert page.downloads.value == link  # one more person's choir is not shown yet
    assert "5 assets" in visible(page.total.value)
    five_more(store, profile, code)
    assert frame.poller.poll_once()
    assert page.downloads.value == ""  # the export no longer describes the inventory
    assert "10 assets" in visible(page.total.value)


def test_the_frame_redraws_only_when_what_the_page_reads_changed(
    store, profile, three_participants, polled_frame
):
    frame = polled_frame(three_participants.code)
    assert frame.view.reads == ("assets", "asset_merges", "needs")
    store.join(three_participants.code)
    welcome = AnswerSender(
        store, three_participants.code, store.join(three_participants.code), profile
    )
    welcome.send("welcome", {"group": "caregiver"})
    assert not frame.poller.poll_once()  # a join and a warm-up answer: no redraw
    five_more(store, profile, three_participants.code)
    assert frame.poller.poll_once()
    assert "10 assets" in visible(frame.view.total.value)


def test_an_export_made_just_after_a_merge_survives_the_next_poll(
    store, profile, three_participants, tmp_path, monkeypatch, polled_frame
):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path))
    frame = polled_frame(three_participants.code)
    page = frame.view
    find(page.duplicates, widgets.Button, "wk-assets-merge")[0].click()
    path = page.export("network")
    assert path is not None and path.parent == tmp_path / "exports" / three_participants.code
    link = page.downloads.value
    assert frame.poller.poll_once()  # the poll sees the merge the page already drew
    assert page.downloads.value == link


def test_the_page_shows_what_the_projector_shows_and_never_lists_a_gift(
    store, profile, session, tmp_path, monkeypatch
):
    """Issue 18: the page is linked from the hub and may be projected, so it shows the
    projector's state (what the facilitator released, from five people or more), and an
    individual's gift is counted, never listed, on the page or in its files."""
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path))
    for i in range(4):
        add(new_form(store, profile, session.code), f"Choir {i}", "associations", "old-town")
    page = page_for(store, profile, session.code)
    assert "0 assets" in visible(page.total.value)  # four people: the hub shows nothing yet
    assert "Choir" not in visible(page.inventory.value)
    gift = "Mrs Patel who cooks for neighbours, 14 Elm Road"
    add(new_form(store, profile, session.code), gift, "gifts", "old-town")
    show_results(store, session.code, "assets", FACILITATOR.key_hash, profile.min_cell_size)
    page.refresh()
    hub = AssetsResults(ResultsContext.of_session(store, session.code, profile, Translator("en")))
    assert visible(page.total.value) == visible(hub.total.value)
    assert "5 assets" in visible(page.total.value)
    assert page.overview.shown == hub.overview.shown
    everything = visible(" ".join(w.value for w in find(page, widgets.HTML)))
    assert all(f"Choir {i}" in everything for i in range(4))
    assert "Mrs Patel" not in everything and "Elm Road" not in everything
    assert "Individuals' gifts and skills: 1 (counted, never listed)" in everything
    # associations from 4 people and a gift from 1: both counts too few to show
    assert page.overview.shown.categories["associations"] is None
    assert "too few to show" in visible(page.counts.value)
    assert ">4<" not in page.counts.value
    assert "Counts from fewer than 5 people are not shown" in visible(
        page.charts.categories.summary.value
    )
    assert "do not show counts from fewer than 5 people" in everything

    directory = pd.read_csv(page.export("directory"), encoding="utf-8-sig")
    assert sorted(directory["name"]) == [f"Choir {i}" for i in range(4)]
    workbook = openpyxl.load_workbook(page.export("network"), read_only=True)
    cells = [str(c) for row in workbook["Elements"].iter_rows(values_only=True) for c in row]
    assert not any("Mrs Patel" in cell for cell in cells)
    descriptions = [row[2] for row in workbook["Elements"].iter_rows(values_only=True)]
    # the area's count is the projector's: five people, the gift counted though not listed
    assert "5 assets in this area." in descriptions
