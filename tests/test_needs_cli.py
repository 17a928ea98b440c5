"""``workshop-kit check`` and ``workshop-kit import``: clear messages, exit codes, no
traceback, nothing stored from a bad file, nothing stored twice."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from workshop_kit.activities.needs.answers import NeedsAnswer
from workshop_kit.auth import hash_key
from workshop_kit.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "needs"
BAD = [
    "empty.csv",
    "not-a-table.txt",
    "binary.csv",
    "old-format.xls",
    "wrong-columns.csv",
    "missing-columns.csv",
    "out-of-scale.csv",
    "unknown-group.csv",
    "unknown-area.csv",
    "duplicate-rows.csv",
]


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main([str(a) for a in arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_a_good_file_prints_a_summary(capsys):
    code, out, _ = run(capsys, "check", FIXTURES / "good.csv")
    assert code == 0
    assert out.strip() == (
        "good.csv: 12 respondents and 155 answers ready to import "
        "(CSV, UTF-8, separated by commas)."
    )


@pytest.mark.parametrize("fixture", BAD)
def test_check_a_bad_file_exits_1_and_lists_the_problems(capsys, fixture):
    code, out, err = run(capsys, "check", FIXTURES / fixture)
    assert code == 1
    assert out.startswith("error: ")
    assert "Traceback" not in out + err


def test_check_speaks_french(capsys):
    code, out, _ = run(capsys, "check", FIXTURES / "out-of-scale.csv", "--lang", "fr")
    assert code == 1
    assert "erreur : Dans la colonne « respite_importance », ligne 3" in out


def test_check_asks_for_a_sheet_then_reads_it(capsys, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Answers"
    for line in (FIXTURES / "good.csv").read_text("utf-8").splitlines():
        book.active.append(line.split(","))
    book.create_sheet("Notes").append(["a", "b"])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    code, out, _ = run(capsys, "check", path)
    assert code == 1 and "“Answers”, “Notes”" in out
    code, out, _ = run(capsys, "check", path, "--sheet", "Answers")
    assert code == 0 and "sheet “Answers”" in out


def test_check_with_a_column_map(capsys, tmp_path):
    example = ROOT / "data" / "templates" / "needs-column-map.example.yaml"
    code, out, _ = run(capsys, "check", FIXTURES / "google-forms.csv", "--column-map", example)
    assert code == 0
    assert "note: " in out and "group column" not in out
    broken = tmp_path / "map.yaml"
    broken.write_text("colour: blue\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", FIXTURES / "google-forms.csv", "--column-map", broken)
    assert code == 1 and "colour" in out
    code, _, err = run(capsys, "check", FIXTURES / "good.csv", "--column-map", tmp_path / "no")
    assert code == 2 and "does not exist" in err


def test_check_missing_file_or_bad_profile_is_one_clean_line(capsys, tmp_path):
    code, out, err = run(capsys, "check", tmp_path / "nope.csv")
    assert out == ""
    assert code == 2
    assert err.strip() == f"workshop-kit: The file {tmp_path / 'nope.csv'} does not exist."
    profile = tmp_path / "profile.yaml"
    profile.write_text("name: [\n", encoding="utf-8")
    code, _, err = run(capsys, "check", FIXTURES / "good.csv", "--profile", profile)
    assert code == 2 and "not valid YAML" in err


def test_oversize_file_is_refused_before_it_is_read(capsys, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(10_000_001)
    code, out, _ = run(capsys, "check", big)
    assert code == 1 and "more than the limit of 10 MB" in out


@pytest.fixture
def facilitator_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose facilitator key is ``k`` (the key the sessions below are made with),
    as ``workshop-kit serve`` leaves it."""
    home = tmp_path / "workshop-data"
    home.mkdir()
    (home / "facilitator.key").write_text("k\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(home))
    return home


@pytest.mark.usefixtures("facilitator_home")
def test_import_stores_once_and_reports_what_was_already_there(capsys, tmp_path, store, db_url):
    code_ = store.create_session("Import", "en", hash_key("k")).code
    person = store.join(code_)
    live = NeedsAnswer(need="respite", importance=5, met=1)
    store.add_answer(code_, person, live, "live-1")

    status, out, _ = run(
        capsys, "import", FIXTURES / "good.csv", "--session", code_.lower(), "--db", db_url
    )
    assert status == 0
    assert f"155 new answers stored in session {code_}." in out
    status, out, _ = run(
        capsys, "import", FIXTURES / "good.csv", "--session", code_, "--db", db_url
    )
    assert status == 0
    assert "0 new answers stored" in out
    assert "155 answers were already there" in out
    answers = store.answers(code_, "needs")
    assert len(answers) == 156
    assert set(answers["source"]) == {"live", "import"}


@pytest.mark.usefixtures("facilitator_home")
@pytest.mark.parametrize("fixture", ["out-of-scale.csv", "duplicate-rows.csv", "binary.csv"])
def test_import_of_a_bad_file_stores_nothing_and_loses_nothing(capsys, store, db_url, fixture):
    code_ = store.create_session("Import", "en", hash_key("k")).code
    person = store.join(code_)
    store.add_answer(code_, person, NeedsAnswer(need="respite", importance=5, met=1), "live-1")
    status, out, _ = run(capsys, "import", FIXTURES / fixture, "--session", code_, "--db", db_url)
    assert status == 1
    assert out.rstrip().endswith("Nothing was imported: correct the problems above and try again.")
    assert len(store.answers(code_, "needs")) == 1


@pytest.mark.parametrize("key_file", ["someone else's key", None])
def test_import_without_the_sessions_facilitator_key_stores_nothing(
    capsys, store, db_url, facilitator_home, key_file
):
    """Importing is a facilitator action, checked by the store like the others: run from a data
    folder holding another key (or none), a good file stores nothing and says why."""
    key_path = facilitator_home / "facilitator.key"
    if key_file is None:
        key_path.unlink()
    else:
        key_path.write_text(key_file, encoding="utf-8")
    code_ = store.create_session("Import", "en", hash_key("k")).code
    status, _, err = run(
        capsys, "import", FIXTURES / "good.csv", "--session", code_, "--db", db_url
    )
    assert status == 2
    assert f"Session {code_} was not created with the facilitator key" in err
    assert "nothing was imported" in err
    assert store.state(code_).answers == 0


def test_import_into_an_unknown_session(capsys, db_url):
    status, _, err = run(
        capsys, "import", FIXTURES / "good.csv", "--session", "ZZZZZZ", "--db", db_url
    )
    assert status == 2
    assert "No session has the code ZZZZZZ" in err


def test_the_installed_command_prints_no_traceback(tmp_path):
    fixture = tmp_path / "survey.csv"
    shutil.copy(FIXTURES / "unknown-area.csv", fixture)
    completed = subprocess.run(
        [sys.executable, "-m", "workshop_kit.cli", "check", str(fixture)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    assert "“Atlantis” is not an area" in completed.stdout
    assert "Traceback" not in completed.stdout + completed.stderr


def test_help_lists_both_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "check" in out and "import" in out
