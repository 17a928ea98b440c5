"""The commitments data file: every commitment in English and French, with its source, and a
broken file refused with a message naming the line and column."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from workshop_kit.activities.charter.commitments import (
    WORDING_STATUSES,
    CommitmentsError,
    commitments_path,
    load_commitments,
    read_commitments,
)
from workshop_kit.i18n import available_languages

SHIPPED = commitments_path()


def rows() -> list[dict[str, str]]:
    with SHIPPED.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def as_bytes(table: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(table[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue().encode("utf-8")


def problems_of(data: bytes, language: str = "en") -> list[str]:
    with pytest.raises(CommitmentsError) as caught:
        read_commitments(data, "commitments.csv", language)
    return caught.value.problems


# -- the shipped file -----------------------------------------------------------------------------


def test_the_shipped_file_has_thirteen_commitments_in_every_language():
    commitments = load_commitments()
    assert len(commitments) == 13
    assert [c.number for c in commitments] == list(range(1, 14))
    for commitment in commitments:
        for language in available_languages():
            assert commitment.short[language].strip(), (commitment.id, language)
            assert len(commitment.text[language]) > 40, (commitment.id, language)
        assert commitment.text["en"] != commitment.text["fr"]
    themes = " ".join(c.text["en"].lower() for c in commitments)
    for theme in (
        "schools",
        "workplaces",
        "trade unions",
        "places of worship",
        "hospices",
        "nursing homes",
        "museums",
        "homeless",
        "imprisoned",
        "award",
        "media",
        "short-story",
        "diversity",
        "memorial parade",
    ):
        assert theme in themes, theme


def test_every_row_carries_its_source_and_says_it_is_a_paraphrase():
    for row in rows():
        assert row["status"] in WORDING_STATUSES
        source = row["source"]
        for part in ("paraphrase", "Kellehear", "Abel", "Compassionate City Charter"):
            assert part in source, (row["id"], part)
        assert "Public Health Palliative Care International" in source
        assert "2015" in source and "phpci" in source
        assert "not found" in source or "checked against" in source
    readme = (SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    assert "The wording is the kit's paraphrase" in readme
    assert "Kellehear" in readme and "Abel" in readme


def test_the_wording_is_marked_to_verify_until_checked():
    assert load_commitments().to_verify


# -- a broken file --------------------------------------------------------------------------------


def test_a_missing_language_column_is_named():
    table = rows()
    columns = [c for c in table[0] if c != "text_fr"]
    problems = problems_of(as_bytes(table, columns))
    assert problems == ["commitments.csv, line 1 (the header): column text_fr is missing."]
    french = problems_of(as_bytes(table, columns), "fr")
    assert french == ["commitments.csv, ligne 1 (l'en-tête) : la colonne text_fr manque."]


def test_an_empty_translation_is_named_with_its_line_and_commitment():
    table = rows()
    table[3]["short_fr"] = " "
    table[6]["source"] = ""
    problems = problems_of(as_bytes(table))
    assert problems == [
        "commitments.csv, line 5 (places_of_worship), column short_fr: must not be empty",
        "commitments.csv, line 8 (homeless_prisons), column source: must not be empty",
    ]


def test_repeated_ids_bad_numbers_and_statuses_are_refused():
    table = rows()
    table[1]["id"] = "schools"
    table[2]["number"] = "three"
    table[4]["status"] = "approved"
    table[5]["id"] = "Museums!"
    problems = problems_of(as_bytes(table))
    assert "commitments.csv, line 3 (schools), column id: schools is used twice" in problems
    assert (
        "commitments.csv, line 4 (trade_unions), column number: "
        "must be a whole number from 1 (got three)" in problems
    )
    assert any("line 6" in p and "column status" in p for p in problems)
    assert any("line 7 (Museums!), column id" in p for p in problems)


def test_text_longer_than_a_phone_can_show_is_refused():
    table = rows()
    table[0]["text_en"] = "x" * 401
    problems = problems_of(as_bytes(table))
    assert problems == [
        "commitments.csv, line 2 (schools), column text_en: must be at most 400 characters"
    ]


def test_not_utf8_empty_and_missing_files_are_refused(tmp_path: Path):
    assert problems_of("id,number\n1,é".encode("latin-1")) == [
        "commitments.csv is not a UTF-8 text file: save it as “CSV UTF-8”."
    ]
    assert problems_of(b"") == ["commitments.csv is empty."]
    header = ",".join(rows()[0]).encode()
    assert problems_of(header + b"\n") == ["commitments.csv lists no commitment."]
    with pytest.raises(CommitmentsError, match="is missing"):
        load_commitments(tmp_path / "none.csv")


def test_extra_columns_and_a_byte_order_mark_are_fine():
    table = rows()
    for row in table:
        row["notes"] = "trainer's note"
    data = "\ufeff".encode() + as_bytes(table)
    assert len(read_commitments(data)) == 13


def test_a_file_edited_on_disk_is_read_again(tmp_path: Path):
    path = tmp_path / "commitments.csv"
    table = rows()
    path.write_bytes(as_bytes(table))
    assert load_commitments(path).get("schools").label("en") == "Schools"
    table[0]["short_en"] = "Our schools"
    path.write_bytes(as_bytes(table))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_commitments(path).get("schools").label("en") == "Our schools"
