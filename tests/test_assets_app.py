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

from workshop_kit.activities.assets.answers import MAX_NAME
from workshop_kit.activities.assets.form import AssetForm, parse_coordinate
from workshop_kit.activities.assets.live import AssetsResults
from workshop_kit.activities.assets.page import AssetsPage, assets_page
from workshop_kit.auth import Facilitator
from workshop_kit.core.activity import discover
from workshop_kit.core.answers import FACILITATOR_ID
from workshop_kit.core.context import PageContext
from workshop_kit.core.registry import FormContext, ResultsContext, activities
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


def add(form: AssetForm, name: str, category: str = "economy", area: str = "old-town", **extra):
    form.name.value = name
    form.category.value = category
    form.area.value = area
    for need in extra.pop("needs", ()):
        form.needs[need].value = True
    if "location" in extra:
        form.latitude.value, form.longitude.value = extra.pop("location")
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


def page_for(store: Store, profile, code: str | None, facilitator=FACILITATOR) -> AssetsPage:
    query = {"code": code} if code else {}
    context = PageContext(profile=profile, query=query, facilitator=facilitator, language="en")
    return AssetsPage(context, store, facilitator, poll=False)


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
    assert declared.load(declared.live) is AssetsResults
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


def test_hub_results_draw_counts_map_and_gaps_and_redraw_only_on_change(store, profile, session):
    context = ResultsContext(
        profile, Translator("en"), lambda a: store.answers(session.code, a), session.code
    )
    results = AssetsResults(context)
    assert "No assets recorded yet" in visible(results.charts.gaps.summary.value)
    form = new_form(store, profile, session.code)
    add(form, "Youth Centre", "places", "northfield", needs=["children-youth"], location=INSIDE)
    results.refresh()
    assert "1 asset" in visible(results.total.value)
    for panel in (results.charts.categories, results.charts.map, results.charts.gaps):
        assert bytes(panel.image.value).startswith(b"\x89PNG")
    assert "1 of 1 asset has a location" in visible(results.charts.map.summary.value)
    drawn = results.charts.gaps.image.value
    store.join(session.code)  # something changed in the session, but not the assets
    results.refresh()
    assert results.charts.gaps.image.value is drawn
    add(form, "Parents' group", "associations", "northfield", needs=["children-youth"])
    results.refresh()
    assert "2 assets" in visible(results.total.value)
    assert results.charts.gaps.image.value is not drawn


# -- the facilitator page --------------------------------------------------------------------


@pytest.fixture
def three_participants(store, profile, session):
    """Three phones: a duplicate pair in Old Town and a library in Riverside."""
    add(new_form(store, profile, session.code), "Café Chez Marie", needs=["loneliness"])
    add(new_form(store, profile, session.code), "cafe chez marie", needs=["loneliness"])
    add(
        new_form(store, profile, session.code),
        "Public Library",
        "institutions",
        "riverside",
        needs=["information"],
    )
    return session


def test_the_page_flags_the_duplicate_and_a_merge_updates_counts_and_gaps(
    store, profile, three_participants
):
    code = three_participants.code
    page = page_for(store, profile, code)
    assert "3 assets · 3 mentions · 1 likely duplicate" in visible(page.total.value)
    rows = find(page.duplicates, widgets.HBox, "wk-assets-duplicate")
    assert len(rows) == 1
    assert "Café Chez Marie / cafe chez marie (in Old Town)" in visible(rows[0].children[0].value)
    gaps_before = visible(page.charts.gaps.summary.value)
    assert "9 gaps" in gaps_before

    merge = find(rows[0], widgets.Button, "wk-assets-merge")[0]
    merge.click()
    merge.click()  # a double click records the decision once
    assert "Merged into Café Chez Marie." in visible(page.messages.value)
    assert "2 assets · 3 mentions" in visible(page.total.value)
    assert "duplicate" not in visible(page.total.value)
    assert "10 gaps" in visible(page.charts.gaps.summary.value)
    decisions = store.answers(code, "asset_merges", latest_only=False)
    assert len(decisions) == 1
    assert decisions["participant_id"].tolist() == [FACILITATOR_ID]
    assert "Café Chez Marie stands for 2 answers" in visible(
        find(page.merged, widgets.HBox, "wk-assets-merged-group")[0].children[0].value
    )
    # merging never deletes: both answers are still in the store
    assert len(store.answers(code, "assets")) == 3


def test_separate_undoes_a_merge_and_not_a_duplicate_stops_the_flag(
    store, profile, three_participants
):
    page = page_for(store, profile, three_participants.code)
    find(page.duplicates, widgets.Button, "wk-assets-merge")[0].click()
    find(page.merged, widgets.Button, "wk-assets-unmerge")[0].click()
    assert "is separated again" in visible(page.messages.value)
    assert "3 assets" in visible(page.total.value)
    assert find(page.duplicates, widgets.Button, "wk-assets-merge")  # flagged again
    find(page.duplicates, widgets.Button, "wk-assets-distinct")[0].click()
    assert "will not be flagged again" in visible(page.messages.value)
    assert "No likely duplicates" in visible(page.duplicates.children[0].value)
    # a second page (another tab, a reload) replays the same decisions
    again = page_for(store, profile, three_participants.code)
    assert "3 assets · 3 mentions" in visible(again.total.value)
    assert not find(again.duplicates, widgets.Button, "wk-assets-merge")


def test_merge_records_not_given_by_the_facilitator_are_ignored(store, profile, three_participants):
    code = three_participants.code
    table = store.answers(code, "assets")
    keep, other = table["asset_id"].tolist()[:2]
    participant = store.join(code)
    sender = AnswerSender(store, code, participant, profile)
    sender.send("asset_merges", {"keep": keep, "merged": [other]})  # the store accepts it…
    page = page_for(store, profile, code)
    assert "3 assets" in visible(page.total.value)  # …but nothing replays it
    assert find(page.duplicates, widgets.Button, "wk-assets-merge")


def test_the_page_refuses_a_session_of_another_facilitator(store, profile):
    theirs = store.create_session("Someone else's", "en", "e" * 64)
    add(new_form(store, profile, theirs.code), "Secret garden", "nature", "riverside")
    page = page_for(store, profile, theirs.code)
    assert f"Session {theirs.code} is not one of the sessions" in visible(page.messages.value)
    assert page.session.value == ""
    assert "Secret garden" not in visible(page.inventory.value)
    with pytest.raises(NotAuthorised):
        store.add_facilitator_answers(theirs.code, FACILITATOR.key_hash, [])


def test_a_participant_link_gets_the_refusal_and_no_page(monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv("WORKSHOP_KIT_FACILITATOR_KEY_HASH", "0" * 64)
    monkeypatch.setenv("QUERY_STRING", "code=ABCDEF&key=wrong")
    page = assets_page(poll=False)
    assert not isinstance(page, AssetsPage)
    assert "This page is for the workshop facilitator" in page.value


def rate_needs(store, profile, code, people: int) -> None:
    for _ in range(people):
        sender = AnswerSender(store, code, store.join(code), profile)
        for need, importance, met in [("transport", 5, 1), ("loneliness", 4, 3), ("respite", 2, 2)]:
            sender.send("needs", {"need": need, "importance": importance, "met": met})


def test_a_needs_assessment_in_the_same_session_weighs_the_gaps(store, profile, three_participants):
    code = three_participants.code
    rate_needs(store, profile, code, people=profile.min_cell_size)
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
    page = page_for(store, profile, None)
    assert page.session.value == ""
    assert "imported files only" in page.session.options[0][0]
    page.import_panel.load(SAMPLE.name, SAMPLE.read_bytes())
    page.import_panel.import_button.click()
    assert "31 assets · 31 mentions · 2 likely duplicates" in visible(page.total.value)
    for _ in range(2):
        find(page.duplicates, widgets.Button, "wk-assets-merge")[0].click()
    assert "29 assets · 31 mentions" in visible(page.total.value)

    path = page.export("directory")
    assert path is not None and path.parent == tmp_path / "exports"
    directory = pd.read_csv(io.BytesIO(path.read_bytes()), encoding="utf-8-sig")
    assert len(directory) == 29
    assert directory["mentions"].max() == 2
    link = re.search(r'href="data:text/csv;base64,([^"]+)"', page.downloads.value)
    assert link is not None and base64.b64decode(link.group(1)) == path.read_bytes()

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
    page = page_for(store, profile, session.code)
    path = page.export("directory")
    assert path is not None
    assert "'=HYPERLINK" in path.read_bytes().decode("utf-8-sig")


def test_choosing_a_session_in_the_list_shows_its_assets(store, profile, three_participants):
    page = page_for(store, profile, None)
    assert "No assets recorded yet" in visible(page.inventory.value)
    page.session.value = three_participants.code
    assert "3 assets" in visible(page.total.value)
    assert "Public Library" in visible(page.inventory.value)
    page.session.value = ""
    assert "No assets recorded yet" in visible(page.inventory.value)


def test_a_download_link_stays_while_only_other_things_change(
    store, profile, three_participants, tmp_path, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path))
    code = three_participants.code
    page = page_for(store, profile, code)
    page.export("directory")
    link = page.downloads.value
    store.join(code)  # the session changed (the poll fires), the assets did not
    page.refresh()
    assert page.downloads.value == link
    add(new_form(store, profile, code), "Choir", "culture", "northfield")
    page.refresh()
    assert page.downloads.value == ""  # the export no longer describes the inventory
    assert "4 assets" in visible(page.total.value)
