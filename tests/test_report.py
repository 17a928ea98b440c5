"""What the community takes home: the report, the shown state as tables, person-level rows
only on request, and the session bundle (the facilitator's full backup).

The report must say what the room saw and nothing more (disclosure control as on screen), be
one file with nothing fetched from elsewhere, and escape every typed text. The bundle must
load into another kit, and loading it twice must add nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from workshop_kit.activities.welcome.model import shown_group_counts
from workshop_kit.auth import hash_key
from workshop_kit.cli import main
from workshop_kit.core.answers import FACILITATOR_ID, TextReviewAnswer, validate_answer
from workshop_kit.core.bundle import (
    BUNDLE_FILE,
    BundleError,
    load_bundle,
    read_bundle,
    session_bundle,
)
from workshop_kit.core.disclosure import text_key
from workshop_kit.core.release import released_answers_of, show_results
from workshop_kit.core.report import build_report, report_html
from workshop_kit.core.session_export import session_export
from workshop_kit.i18n import Translator

KEY = "k"
#: 12 people; the first 10 are released (two whole blocks of 5): 5 caregivers, 3 bereaved,
#: 2 neighbours. The last two, both caregivers, are not shown yet.
GROUPS = ["caregiver"] * 5 + ["bereaved"] * 3 + ["neighbour"] * 2 + ["caregiver"] * 2


@pytest.fixture
def facilitator_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose facilitator key is ``k``, the key the sessions below are made with."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "facilitator.key").write_text(KEY + "\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(home))
    return home


def warm_up(store, profile, groups=GROUPS, language="en", title="Riverbend evening"):
    session = store.create_session(title, language, hash_key(KEY))
    for number, group in enumerate(groups):
        participant = store.join(session.code)
        answer = validate_answer("welcome", {"group": group}, profile)
        store.add_answer(session.code, participant, answer, f"{session.code}-w{number}")
        if number == 9:  # the facilitator shows the results; the last two wait
            show_results(store, session.code, "welcome", hash_key(KEY), profile.min_cell_size)
    return session


def test_the_report_shows_what_the_room_saw_and_hides_small_groups(store, profile):
    session = warm_up(store, profile)
    report = build_report(store, session.code, profile)
    page = report_html(report)

    assert report.participants == 12
    assert [s.activity for s in report.sections] == ["welcome"]
    released = released_answers_of(store, session.code, "welcome", 5)
    assert len(released) == 10
    shown = shown_group_counts(released, 5)
    assert shown["caregiver"] == 5 and shown["bereaved"] is None and shown["neighbour"] is None
    sentence = report.sections[0].sentences[0]
    assert sentence.startswith("10 people answered. The largest group: Caregiver")
    assert "(5)." in sentence
    assert "smaller than 5 people are not shown" in sentence
    assert "<h1>Riverbend evening</h1>" in page
    assert "12 participants" in page
    assert page.count('<img src="data:image/png;base64,') == 1


def test_the_report_is_one_file_that_fetches_nothing(store, profile):
    session = warm_up(store, profile, title="<script>alert(1)</script> & friends")
    page = report_html(build_report(store, session.code, profile))
    assert "<script" not in page  # the typed title is text, and the report has no script
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in page
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert addresses and all(a.startswith("data:") for a in addresses)
    assert "@import" not in page and "url(" not in page


def test_the_report_speaks_the_sessions_language(store, profile):
    session = warm_up(store, profile, language="fr")
    page = report_html(build_report(store, session.code, profile))
    assert '<html lang="fr">' in page
    assert Translator("fr").date(session.created_at.date()) in page  # « 1 décembre 2026 »
    assert "Ce qui amène les gens aujourd" in page
    assert "Hypothèses" not in page  # the warm-up has no estimate, so no assumptions list


def test_a_session_with_no_answers_says_so(store, profile):
    session = store.create_session("Empty", "en", hash_key(KEY))
    page = report_html(build_report(store, session.code, profile))
    assert "No activity has answers in this session yet." in page


def test_the_default_exports_are_the_shown_state_with_no_row_per_person(store, profile):
    session = warm_up(store, profile)
    exported = session_export(store, session.code, profile, "en")
    names = [file.name for file in exported.files]
    assert names == [
        "report.html",
        "shown-welcome-summary.csv",
        "shown-welcome-what-brings-people-here-today.csv",
        "shown-results.xlsx",
        BUNDLE_FILE,
    ]
    counts = next(f for f in exported.files if f.name.endswith("here-today.csv"))
    text = counts.data.decode("utf-8-sig")
    assert "Caregiver (I care for someone),5" in text  # the released block, as on screen
    assert "Bereaved (I have lost someone),too few to show" in text
    participants = set(store.answers(session.code, "welcome")["participant_id"])
    for file in exported.files[:-1]:
        assert not any(p.encode() in file.data for p in participants)
    assert exported.backup.note.startswith("full backup")


def test_person_level_rows_only_on_request_and_then_generalised(store, profile):
    session = warm_up(store, profile)
    exported = session_export(store, session.code, profile, "en", rows=True)
    rows = exported.rows.tables["welcome"]
    assert len(rows) == 10  # the released answers: the 11th and 12th were never shown
    assert set(rows["person"]) == {f"P{n:03d}" for n in range(1, 11)}
    assert "participant_id" not in rows and "created_at" not in rows
    # 5 caregivers stay; 3 bereaved and 2 neighbours share their group with fewer than 5:
    # generalised (group withheld), then the 5 left with nothing are shown together
    withheld = Translator("en")("export.withheld", min=5)
    assert sorted(rows["group"]) == ["caregiver"] * 5 + [withheld] * 5
    assert exported.rows.generalised["welcome"] == 5
    assert exported.rows.suppressed["welcome"] == 0
    assert {f.name for f in exported.files} >= {"rows-welcome.csv", "rows-answers.xlsx"}


def test_the_exports_are_formula_safe(store, profile, facilitator_home, tmp_path, capsys):
    session = warm_up(store, profile, groups=["caregiver"] * 5)
    needs = validate_answer("needs", {"text": "=HYPERLINK(1)"}, profile)
    for number in range(5):
        store.add_answer(session.code, store.join(session.code), needs, f"n{number}")
    other = validate_answer("needs", {"text": "=cmd|' /C calc'!A0"}, profile)
    store.add_answer(session.code, store.join(session.code), other, "n-other")
    review = TextReviewAnswer(text_key=text_key("=HYPERLINK(1)"), decision="approve")
    store.add_facilitator_answers(session.code, hash_key(KEY), [(FACILITATOR_ID, review, "r")])
    store.close_session(session.code, hash_key(KEY))  # closing releases what was answered
    out = tmp_path / "out"
    code = main(["export", "--session", session.code, "--out", str(out), "--db", store.url])
    assert code == 0, capsys.readouterr()
    assert "rows-" not in capsys.readouterr().out  # no row per person unless asked for
    arguments = ["export", "--session", session.code, "--out", str(out), "--db", store.url]
    assert main([*arguments, "--person-level-rows"]) == 0
    printed = capsys.readouterr().out
    assert f"{BUNDLE_FILE}  (full backup — contains every answer, keep it private)" in printed
    workbook = openpyxl.load_workbook(out / "rows-answers.xlsx")
    assert set(workbook.sheetnames) == {"welcome", "needs"}
    cells = [c.value for row in workbook["needs"].iter_rows() for c in row]
    assert "'=HYPERLINK(1)" in cells and "=HYPERLINK(1)" not in cells  # approved, inert
    assert not any("calc" in str(c) for c in cells)  # never approved: withheld
    themes = next(out.glob("shown-needs-what-would-help-most*.csv"))
    assert "'=HYPERLINK(1)" in themes.read_text(encoding="utf-8-sig")
    shown = openpyxl.load_workbook(out / "shown-results.xlsx")
    cells = [c.value for sheet in shown for row in sheet.iter_rows() for c in row]
    assert "'=HYPERLINK(1)" in cells and "=HYPERLINK(1)" not in cells
    names = {p.name for p in out.iterdir()}
    assert {"report.html", "shown-results.xlsx", "rows-needs.csv", BUNDLE_FILE} <= names
    assert not any(name.startswith("answers") for name in names)


def test_a_bundle_loads_into_another_session_once(store, profile):
    first = warm_up(store, profile)
    second = store.create_session("Second evening", "en", hash_key(KEY))
    data = session_bundle(store, first.code)
    t = Translator("en")

    stored = load_bundle(
        store, second.code, hash_key(KEY), read_bundle(data, second.code, profile, t)
    )
    again = load_bundle(
        store, second.code, hash_key(KEY), read_bundle(data, second.code, profile, t)
    )

    assert (stored, again) == (12, 0)
    merged = store.answers(second.code, "welcome")
    assert sorted(merged["group"]) == sorted(GROUPS)
    assert not set(merged["participant_id"]) & set(
        store.answers(first.code, "welcome")["participant_id"]
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "it is not JSON text"),
        (b'{"hello": "world"}', "was not made by the workshop kit"),
        (b'{"format": "workshop-kit-session-bundle", "version": 99}', "newer version"),
    ],
)
def test_a_wrong_file_is_refused_with_a_clear_message(store, profile, content, message):
    with pytest.raises(BundleError) as refused:
        read_bundle(content, "ABCDEF", profile, Translator("en"))
    assert message in refused.value.problems[0]


def test_one_bad_answer_refuses_the_whole_bundle(store, profile):
    session = warm_up(store, profile, groups=["caregiver"] * 3)
    bundle = json.loads(session_bundle(store, session.code))
    bundle["answers"][1]["answer"]["group"] = "astronaut"
    target = store.create_session("Target", "en", hash_key(KEY))
    with pytest.raises(BundleError) as refused:
        read_bundle(json.dumps(bundle).encode(), target.code, profile, Translator("fr"))
    assert refused.value.problems == [
        "La réponse 2 ne correspond pas à ce que son activité accepte ; rien n'a été importé."
    ]
    assert store.answers(target.code, "welcome").empty


def test_the_command_line_imports_a_bundle_and_deletes_a_session(
    store, profile, facilitator_home, tmp_path, capsys
):
    first = warm_up(store, profile)
    target = store.create_session("Target", "en", hash_key(KEY))
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(session_bundle(store, first.code))
    arguments = ["session", "import", str(bundle), "--into", target.code, "--db", store.url]

    assert main(arguments) == 0
    assert main(arguments) == 0
    out = capsys.readouterr().out
    assert f"12 answers added to session {target.code}." in out
    assert "12 answers were already there" in out

    assert main(["session", "delete", target.code, "--yes", "--db", store.url]) == 0
    assert store.answers(target.code, "welcome").empty
    assert len(store.answers(first.code, "welcome")) == 12


def test_another_facilitators_session_is_refused(
    store, profile, facilitator_home, tmp_path, capsys
):
    theirs = store.create_session("Theirs", "en", hash_key("someone else"))
    code = main(
        ["export", "--session", theirs.code, "--out", str(tmp_path / "x"), "--db", store.url]
    )
    assert code == 2
    assert (
        f"Session {theirs.code} was not started with the facilitator key" in capsys.readouterr().err
    )
    assert not (tmp_path / "x").exists()


def test_deleted_answers_are_gone_from_the_database_file(store, profile, facilitator_home, capsys):
    """The hub's delete and ``workshop-kit session delete`` leave no trace of what was
    written in the file (free pages, write-ahead log), and the exported report keeps only
    aggregates."""
    secret = "my mother Rosalind died on a Tuesday"
    session = warm_up(store, profile, groups=["bereaved"] * 5)
    answer = validate_answer("needs", {"text": secret}, profile)
    for number in range(5):
        store.add_answer(session.code, store.join(session.code), answer, f"s{number}")
    report = report_html(build_report(store, session.code, profile))
    database = Path(store.url.removeprefix("sqlite:///"))
    files = [database, database.with_name(database.name + "-wal")]
    assert any(secret.encode() in f.read_bytes() for f in files if f.exists())

    assert main(["session", "delete", session.code, "--yes", "--db", store.url]) == 0

    for file in files:
        if file.exists():
            assert secret.encode() not in file.read_bytes(), file
    assert secret not in report  # the report never quoted it (free text is not approved)
