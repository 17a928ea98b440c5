"""The generic table reader: every encoding, delimiter and workbook shape people bring, and a
clear refusal (stable code, translated message) for everything else."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_kit.core.tables import (
    DEFAULT_MAX_BYTES,
    TableError,
    describe_rows,
    describe_size,
    read_table,
)
from workshop_kit.i18n import Translator

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
    from workshop_kit.core.tables import limits

    monkeypatch.setattr(limits, "MAX_CELLS", 10)
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


# -- hostile workbooks --------------------------------------------------------------------------


def raw_workbook(sheet_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A real (tiny) .xlsx written part by part, so a test can say exactly what the sheet's
    XML declares, as a hostile or broken program would write it."""
    import zipfile

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Answers" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + sheet_xml
            + "</worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
        for part, content in (extra or {}).items():
            archive.writestr(part, content)
    return buffer.getvalue()


def test_a_plain_workbook_written_part_by_part_is_read():
    """The hand-written workbook of the hostile tests is a valid one: what they refuse is the
    hostility, not the way the file is built."""
    data = raw_workbook(
        '<dimension ref="A1:B2"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>score</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Anne</t></is></c><c r="B2"><v>4</v></c></row>'
        "</sheetData>"
    )
    assert read_table(data, "plain.xlsx").to_dict("list") == {"name": ["Anne"], "score": ["4"]}


def test_a_declared_dimension_is_ignored_when_the_cells_are_few():
    """A workbook that claims A1:XFD1048576 but holds a small table is read as the table it
    holds (some programs write wrong dimensions): nothing is padded to the claim."""
    data = raw_workbook(
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>b</t></is></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>'
        "</sheetData>"
    )
    table = read_table(data, "claims.xlsx")
    assert table.to_dict("list") == {"a": ["1"], "b": ["2"]}


def test_the_dimension_bomb_is_refused_with_a_clear_message():
    """The 2 kB workbook of issue 10: one cell in the last row of a sheet that declares every
    cell Excel allows. Read naively it becomes 17 billion cells; here it is refused, in the
    reader's language, without the rows ever being built."""
    data = raw_workbook(
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>b</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        "</sheetData>"
    )
    assert len(data) < 2_500
    error = refused(data, "bomb.xlsx")
    assert error.codes == ["too_large"]
    assert "bomb.xlsx" in str(error) and "100,000 rows" in str(error)
    french = refused(data, "bomb.xlsx", language="fr")
    assert "lignes" in str(french) and "100" in str(french)


def test_a_row_reaching_the_last_column_is_refused():
    data = raw_workbook(
        '<dimension ref="A1:XFD2"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>b</t></is></c></row>'
        '<row r="2"><c r="XFD2"><v>1</v></c></row>'
        "</sheetData>"
    )
    error = refused(data, "wide.xlsx")
    assert error.codes == ["too_large"]
    assert "2,000 columns" in str(error)


def test_a_row_of_many_cells_without_references_is_refused_before_openpyxl_builds_it(
    monkeypatch,
):
    """openpyxl builds a whole row before yielding it, so the count must come first: a row of
    repeated cells (no ``r``, or the same ``r`` again and again) is counted in the XML."""
    from workshop_kit.core.tables import limits

    monkeypatch.setattr(limits, "MAX_COLUMNS", 50)
    repeated = '<row r="2">' + '<c r="A2"><v>1</v></c>' * 51 + "</row>"
    data = raw_workbook(
        '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
        + repeated
        + "</sheetData>"
    )
    assert refused(data, "row.xlsx").codes == ["too_large"]


def test_cells_are_counted_with_their_padding(monkeypatch):
    """Ten rows each holding one cell in column 40 are 400 cells once padded, as openpyxl
    hands them over: that is what the limit counts."""
    from workshop_kit.core.tables import limits

    monkeypatch.setattr(limits, "MAX_CELLS", 300)
    rows = "".join(f'<row r="{r}"><c r="AN{r}"><v>1</v></c></row>' for r in range(1, 11))
    error = refused(raw_workbook(f"<sheetData>{rows}</sheetData>"), "padded.xlsx")
    assert error.codes == ["too_large"]
    assert "more than 300 cells" in str(error)


def test_millions_of_shared_strings_are_refused(monkeypatch):
    from workshop_kit.core.tables import limits

    monkeypatch.setattr(limits, "MAX_CELLS", 1000)
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<si><t>x</t></si>" * 1001
        + "</sst>"
    )
    data = raw_workbook("<sheetData/>", {"xl/sharedStrings.xml": strings})
    assert refused(data, "strings.xlsx").codes == ["too_large"]


def test_a_workbook_declaring_entities_is_refused_as_unreadable():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<sst><si><t>&lol2;</t></si></sst>"
    )
    data = raw_workbook("<sheetData/>", {"xl/sharedStrings.xml": laughs})
    assert refused(data, "laughs.xlsx").codes == ["unreadable_spreadsheet"]


def test_a_part_that_lies_about_its_size_is_damaged_not_inflated():
    """The unpacked-size limit trusts the sizes the zip declares; that is safe because a part
    is never inflated past its declared size: a part that lies fails its checksum."""
    import struct

    data = bytearray(workbook({"A": [["a", "b"], [1, 2]]}))
    central = data.find(b"PK\x01\x02")
    while central != -1:  # every part claims to be 10 bytes once unpacked
        struct.pack_into("<I", data, central + 24, 10)
        central = data.find(b"PK\x01\x02", central + 4)
    assert refused(bytes(data), "liar.xlsx").codes == ["unreadable_spreadsheet"]


def test_a_workbook_of_too_many_parts_is_refused(monkeypatch):
    from workshop_kit.core.tables import limits

    monkeypatch.setattr(limits, "MAX_ARCHIVE_PARTS", 20)
    extra = {f"xl/media/empty{i}.bin": b"" for i in range(20)}
    assert refused(raw_workbook("<sheetData/>", extra), "parts.xlsx").codes == ["too_large"]


def test_a_csv_is_counted_while_it_streams(monkeypatch):
    from workshop_kit.core.tables import limits

    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    error = refused(b"a,b\n" + b"1,2\n" * 5, "long.csv")
    assert error.codes == ["too_large"]
    assert "more than 5 rows" in str(error)
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    error = refused(b"a,b\n1,2,3,4\n", "wide.csv")
    assert "more than 3 columns" in str(error)
