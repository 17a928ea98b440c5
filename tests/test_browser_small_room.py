"""A small room, the usual workshop: seven people, the facilitator in a real browser.

Issue 18 measured a projector frozen at the first five people (1 of 12 needs, "Bereaved 0",
1 of 13 commitments), even after closing. Here seven phones answer the warm-up, rate all 12
needs taking turns need by need (one first writes a name and a phone number the facilitator
never approves) and rate all 13 Charter commitments; the facilitator presses "Show results"
each time. The projector shows everyone; after closing, ``workshop-kit export`` ranks all 12
needs with 7 answers each, and no exported file but the facilitator's backup (the bundle)
holds the name or the number.

The phones answer through :class:`~workshop_kit.core.sending.AnswerSender`, the path a
phone's form takes to the store (validated, stored once): seven browser phones would cost
the CI budget about a minute per activity and prove nothing the phone tests do not.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from browser_helpers import FOLLOW_TIMEOUT_MS, choose_activity, create_session, show_results
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

PEOPLE = 7
NAME, NUMBER = "Mary Jones", "07700 900123"
GROUPS = ["caregiver"] * 4 + ["bereaved", "professional", "neighbour"]
STATUSES = ["not_started", "planned", "under_way", "in_place"]


def file_text(path: Path) -> str:
    """What a file holds, as text; an XLSX workbook (a zip) with every part unpacked."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return path.read_bytes().decode("utf-8", "replace")


def report_rows(report: str, activity: str) -> list[list[str]]:
    """The rows of the first table of an activity's report section, as cell texts."""
    section = re.search(rf'<section class="wk-report-{activity}">(.*?)</section>', report, re.S)
    assert section, activity
    table = re.search(r"<table.*?</table>", section[1], re.S)[0]
    return [
        [
            html.unescape(re.sub(r"<.*?>", "", cell)).strip()
            for cell in re.findall(r"<td.*?</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>.*?</tr>", table, re.S)
        if "<td" in row
    ]


def test_seven_people_see_every_answer_on_the_projector_and_in_the_report(
    voila_server, new_page, tmp_path, monkeypatch
):
    from workshop_kit.cli import main
    from workshop_kit.core.registry import ResultsContext
    from workshop_kit.core.sending import AnswerSender
    from workshop_kit.core.store import open_store
    from workshop_kit.i18n import Translator
    from workshop_kit.paths import sample_profile_path
    from workshop_kit.profile import load_profile

    store = open_store(voila_server.db_url)
    profile = load_profile(sample_profile_path())
    hub = new_page(1280, 2400)
    code = create_session(hub, voila_server.hub_url, "Small room")
    phones = [AnswerSender(store, code, store.join(code), profile) for _ in range(PEOPLE)]
    status = hub.locator(".wk-reveal-status")

    # the warm-up: one person says they are bereaved
    choose_activity(hub, "What brings you here today")
    for phone, group in zip(phones, GROUPS, strict=True):
        phone.send("welcome", {"group": group})
    expect(status).to_contain_text(f"{PEOPLE} of {PEOPLE} have answered", timeout=FOLLOW_TIMEOUT_MS)
    expect(status).to_contain_text("Results are shown when you press")
    show_results(hub)
    summary = hub.locator(".wk-welcome-results .wk-summary")
    expect(summary).to_contain_text(f"{PEOPLE} people answered", timeout=FOLLOW_TIMEOUT_MS)
    room = ResultsContext.of_session(store, code, profile, Translator("en"))
    warm_up = room.shown("welcome")  # the state the projector's chart is drawn from
    assert warm_up.people == PEOPLE
    assert all(warm_up.counts[group] != 0 for group in GROUPS)  # "too few to show", never 0

    # the needs: a name and number first, then every need in turn around the room
    choose_activity(hub, "Community needs")
    phones[0].send("needs", {"text": f"Call {NAME} on {NUMBER} about lifts"})
    for number, need in enumerate(profile.needs):
        for person, phone in enumerate(phones):
            rating = {"importance": 1 + (person + number) % 5, "met": 1 + person % 3}
            phone.send("needs", {"need": need.id, **rating})
    expect(status).to_contain_text(f"{PEOPLE} of {PEOPLE} have answered", timeout=FOLLOW_TIMEOUT_MS)
    expect(hub.locator(".wk-needs-ranking img")).to_be_hidden()  # progress, not results
    show_results(hub)
    ratings = PEOPLE * len(profile.needs)
    expect(hub.locator(".wk-needs-count")).to_contain_text(
        f"{PEOPLE} people", timeout=FOLLOW_TIMEOUT_MS
    )
    expect(hub.locator(".wk-needs-count")).to_contain_text(f"{ratings} ratings")
    ranking = hub.locator(".wk-needs-ranking .wk-summary")
    expect(ranking).to_contain_text(f"{PEOPLE} answers)", timeout=FOLLOW_TIMEOUT_MS)
    expect(ranking).not_to_contain_text("not shown")  # no need left out
    expect(hub.locator(".wk-needs-ranking img")).to_be_visible()
    expect(hub.locator(".wk-session-panel")).not_to_contain_text(NAME)
    expect(status).to_contain_text("Everything answered so far is shown.")

    # the Charter: all 13 commitments, rated by everyone
    choose_activity(hub, "Compassionate City Charter")
    from workshop_kit.activities.charter.commitments import load_commitments

    commitments = load_commitments().ids
    for number, commitment in enumerate(commitments):
        for person, phone in enumerate(phones):
            rating = STATUSES[(person + number) % len(STATUSES)]
            phone.send("charter", {"commitment": commitment, "status": rating})
    expect(status).to_contain_text(f"{PEOPLE} of {PEOPLE} have answered", timeout=FOLLOW_TIMEOUT_MS)
    show_results(hub)
    charter = hub.locator(".wk-charter-chart .wk-summary")
    expect(charter).to_contain_text(f"{PEOPLE} people rated the charter", timeout=FOLLOW_TIMEOUT_MS)
    expect(charter).not_to_contain_text("not shown")
    shown_charter = room.shown("charter")
    assert len(commitments) == 13
    assert shown_charter.table["progress"].notna().sum() == 13

    # closing, then the export the facilitator takes home
    hub.click(".wk-close-session")
    closed = hub.locator(".wk-session-panel .wk-message-ok").filter(has_text="is closed")
    expect(closed).to_have_count(1, timeout=FOLLOW_TIMEOUT_MS)
    home = tmp_path / "home"
    home.mkdir()
    (home / "facilitator.key").write_text(voila_server.key + "\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(home))
    out = tmp_path / "export"
    assert main(["export", "--session", code, "--out", str(out), "--db", voila_server.db_url]) == 0
    report = (out / "report.html").read_text(encoding="utf-8")
    rows = report_rows(report, "needs")
    assert len(rows) == len(profile.needs)
    assert all(row[0] and row[-1] == str(PEOPLE) for row in rows)  # ranked, 7 answers each
    assert f"{PEOPLE} people rated the charter" in report  # the Charter's section
    leaking = [
        path.name
        for path in sorted(out.iterdir())
        if "bundle" not in path.name and (NAME in file_text(path) or NUMBER in file_text(path))
    ]
    assert leaking == []  # only the full backup holds what the facilitator never approved
