"""The generic table reader: every encoding, delimiter and workbook shape people bring, and a
clear refusal (stable code, translated message) for everything else."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_kit.i18n import Translator
from workshop_kit.io.tables import (
    DEFAULT_MAX_BYTES,
    TableError,
    describe_rows,
    describe_size,
    read_table,
)

FIXTURES = Path(__file__).parent / "fixtures" / "needs"


def refused(data: bytes, name: str = "file.csv", **options) -> TableError:
    with pytest.raises(TableError) as caught:
        read_table(data, name, **options)
    return caught.value


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- what is read -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "delimiter", "encoding"),
    [
        (b"name,score\nAnne,4\nBen,5\n", ",", "utf-8"),
        (b"name;score\r\nAnne;4\r\nBen;5\r\n", ";", "utf-8"),
        (b"name\tscore\nAnne\t4\nBen\t5\n", "\t", "utf-8"),
        (b"\xef\xbb\xbfname,score\nAnne,4\nBen,5\n", ",", "utf-8-sig"),
        ("name\tscore\nAnne\t4\nBen\t5\n".encode("utf-16"), "\t", "utf-16"),
    ],
)
def test_delimiters_and_encodings_are_detected(data, delimiter, encoding):
    table = read_table(data, "scores.csv")
    assert list(table.columns) == ["name", "score"]
    assert table.to_dict("list") == {"name": ["Anne", "Ben"], "score": ["4", "5"]}
    assert table.attrs["delimiter"] == delimiter
    assert table.attrs["encoding"] == encoding


def test_windows_1252_semicolon_export_with_french_decimals_keeps_accents_and_commas():
    data = "quartier;note;commentaire\nVieille-Ville;3,5;Répit été\n".encode("cp1252")
    table = read_table(data, "export.csv")
    assert table.attrs["encoding"] == "cp1252"
    assert table.attrs["delimiter"] == ";"
    assert table.iloc[0].tolist() == ["Vieille-Ville", "3,5", "Répit été"]


def test_index_holds_spreadsheet_row_numbers_and_blank_rows_are_skipped():
    table = read_table(b"a,b\n1,2\n,\n\n3,4\n", "x.csv")
    assert list(table.index) == [2, 5]
    assert table.index.name == "row"


def test_quoted_cells_keep_delimiters_and_line_breaks():
    table = read_table(b'name,note\n"Smith, John","line one\nline two"\n', "x.csv")
    assert table.iloc[0].tolist() == ["Smith, John", "line one\nline two"]


def test_trailing_empty_columns_are_dropped_and_unnamed_filled_columns_named():
    table = read_table(b"a,b,,\n1,2,,\n", "x.csv")
    assert list(table.columns) == ["a", "b"]
    named = read_table(b"a,,c\n1,2,3\n", "x.csv")
    assert list(named.columns) == ["a", "column 2", "c"]


def test_workbook_cells_become_the_text_a_person_sees():
    from datetime import datetime

    data = workbook(
        {"Answers": [["n", "x", "when"], [4, 3.5, datetime(2026, 3, 12)], [5.0, None, True]]}
    )
    table = read_table(data, "answers.xlsx")
    assert table.attrs["format"] == "xlsx"
    assert table.attrs["sheet"] == "Answers"
    assert table.to_dict("list") == {
        "n": ["4", "5"],
        "x": ["3.5", ""],
        "when": ["2026-03-12", "TRUE"],
    }


def test_a_workbook_with_one_filled_sheet_and_empty_ones_reads_the_filled_one():
    data = workbook({"Sheet1": [], "Answers": [["a", "b"], [1, 2]], "Sheet3": []})
    assert read_table(data, "x.xlsx").attrs["sheet"] == "Answers"


# -- what is refused ----------------------------------------------------------------------------


def test_empty_file_and_whitespace_only_file():
    assert refused((FIXTURES / "empty.csv").read_bytes()).codes == ["empty"]
    assert refused(b"\xef\xbb\xbf \r\n\r\n").codes == ["empty"]


def test_header_without_rows():
    error = refused(b"a,b\n")
    assert error.codes == ["no_rows"]
    assert "no rows" in str(error)


def test_not_a_table():
    error = refused((FIXTURES / "not-a-table.txt").read_bytes(), "letter.txt")
    assert error.codes == ["not_a_table"]
    assert "letter.txt" in error.problems[0].message


def test_binary_file():
    assert refused((FIXTURES / "binary.csv").read_bytes()).codes == ["binary"]
    assert refused(bytes(range(256)) * 10).codes == ["binary"]


def test_old_excel_gets_its_own_advice():
    error = refused((FIXTURES / "old-format.xls").read_bytes(), "survey.xls")
    assert error.codes == ["old_excel"]
    assert ".xlsx" in str(error)


def test_a_zip_that_is_not_a_workbook_is_binary():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert refused(buffer.getvalue(), "letter.docx").codes == ["binary"]


def test_oversize_file_states_the_limit():
    data = b"a,b\n" + b"1,2\n" * 400_000  # 1.6 MB, generated rather than committed
    error = refused(data, "big.csv", max_bytes=1_000_000)
    assert error.codes == ["too_large"]
    assert "1 MB" in str(error) and "1.6 MB" in str(error)
    french = refused(data, "big.csv", max_bytes=1_000_000, language="fr")
    assert "1 Mo" in str(french) and "1,6 Mo" in str(french)


def test_a_file_with_too_many_cells_is_refused(monkeypatch):
    import workshop_kit.io.tables as tables

    monkeypatch.setattr(tables, "MAX_CELLS", 10)
    error = refused(b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n")
    assert error.codes == ["too_large"]
    assert "more than 10 cells" in str(error)


def test_default_limit_is_ten_megabytes():
    error = refused(b"x" * (DEFAULT_MAX_BYTES + 1))
    assert "10 MB" in str(error)


def test_workbook_with_several_sheets_asks_which_and_reads_the_chosen_one():
    data = workbook(
        {"Answers": [["a", "b"], [1, 2]], "Notes": [["note", "who"], ["check row 4", "Ann"]]}
    )
    error = refused(data, "survey.xlsx")
    assert error.codes == ["several_sheets"]
    assert error.problems[0].choices == ("Answers", "Notes")
    assert "“Answers”, “Notes”" in str(error)
    assert read_table(data, "survey.xlsx", sheet="Notes").iloc[0].tolist() == ["check row 4", "Ann"]
    unknown = refused(data, "survey.xlsx", sheet="Nope")
    assert unknown.codes == ["unknown_sheet"]
    assert unknown.problems[0].choices == ("Answers", "Notes")


def test_damaged_workbook():
    data = workbook({"A": [["a", "b"], [1, 2]]})
    damaged = data.replace(b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheetX.xml")
    assert refused(damaged, "x.xlsx").codes == ["unreadable_spreadsheet"]


def test_duplicate_column_names():
    error = refused(b"group,score,Group\nx,1,y\n")
    assert error.codes == ["duplicate_columns"]
    assert error.problems[0].columns == ("group", "Group")


def test_rows_with_more_cells_than_names_are_pointed_out():
    error = refused(b"name,score\nAnne,4\nSmith, John,5\nBen,3\nLee, Kim,2\n")
    assert error.codes == ["ragged_rows"]
    assert error.problems[0].rows == (3, 5)
    assert "rows 3, 5" in str(error)


def test_messages_are_translated():
    error = refused(b"", language="fr")
    assert error.problems[0].message == "Le fichier file.csv est vide."


# -- helpers ------------------------------------------------------------------------------------


def test_row_lists_are_shortened_and_sizes_spoken():
    t = Translator("en")
    assert describe_rows([9, 2, 5, 2], t) == "2, 5, 9"
    assert describe_rows(range(2, 30), t) == "2, 3, 4, 5, 6, 7, 8, 9 and 20 more"
    assert describe_size(10_000_000, t) == "10 MB"
    assert describe_size(2_500_000, t) == "2.5 MB"
    assert describe_size(300_000, t) == "300 kB"
    assert describe_size(12, t) == "12 bytes"


cell = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_any_written_csv_reads_back_as_written(rows, delimiter, encoding):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow(["first", "second", "third"])
    writer.writerows(rows)
    table = read_table(buffer.getvalue().encode(encoding), "x.csv")
    assert table.values.tolist() == rows
    assert table.attrs["delimiter"] == delimiter
