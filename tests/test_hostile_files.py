"""Hostile and broken input, generated rather than imagined (hypothesis).

The promise (issue 10): whatever bytes a facilitator uploads and whatever a browser sends, the
kit answers with a clear message of its own (a :class:`TableError`, a problem in the import
report, an :class:`InvalidAnswer`), never another exception and never a hang. Hangs are ruled
out by counting, not by timing: every example here is bounded by the reader's limits, and
``deadline=None`` keeps slow CI machines from failing for being slow.
"""

from __future__ import annotations

import io
import math
import os
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_io_tables import raw_workbook, workbook

from workshop_kit.activities.assets.importer import check_assets_file
from workshop_kit.activities.needs.importer import check_needs_file
from workshop_kit.core.answers import Answer, InvalidAnswer, schemas, validate_answer
from workshop_kit.core.tables import TableError, read_table

FIXTURES = Path(__file__).parent / "fixtures"
NEEDS_CSV = (FIXTURES / "needs" / "good.csv").read_bytes()
ASSETS_CSV = (FIXTURES / "assets" / "good.csv").read_bytes()
GOOD_XLSX = workbook({"Answers": [["name", "score"], ["Anne", 4], ["Ben", 5.5]]})

#: Examples per fuzz test: enough for every run to try something new; raise it for a long hunt
#: (``WORKSHOP_KIT_FUZZ_EXAMPLES=2000`` found nothing more when this was written).
FUZZ_EXAMPLES = int(os.environ.get("WORKSHOP_KIT_FUZZ_EXAMPLES", "120"))

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def read_or_refuse(data: bytes, name: str, language: str = "en") -> None:
    """Read ``data``; a refusal must be the reader's own, with a message for every reason."""
    try:
        table = read_table(data, name, language=language)
    except TableError as error:
        assert error.problems
        assert all(problem.code and problem.message.strip() for problem in error.problems)
        assert name.rsplit("/", 1)[-1] in str(error) or error.codes != ["empty"]
        return
    assert len(table.columns) >= 2
    assert all(isinstance(value, str) for value in table.to_numpy().ravel())


def mutated(base: bytes) -> st.SearchStrategy[bytes]:
    """``base`` with a few bytes overwritten, cut short, or both: damaged downloads and files
    truncated by a full disk or an interrupted copy."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = bytearray(base)
        for _ in range(draw(st.integers(0, 6))):
            position = draw(st.integers(0, len(data) - 1))
            data[position] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
        return bytes(data)

    return build()


# -- the table reader ---------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(["x.csv", "x.xlsx", "x.txt"]))
def test_random_bytes_are_read_or_refused_clearly(data, name):
    read_or_refuse(data, name)


@FUZZ
@given(tail=st.binary(max_size=3000))
def test_random_bytes_that_start_like_a_zip_are_refused_clearly(tail):
    read_or_refuse(b"PK\x03\x04" + tail, "x.xlsx")


@FUZZ
@given(data=mutated(GOOD_XLSX))
def test_damaged_and_truncated_workbooks_are_refused_clearly(data):
    read_or_refuse(data, "survey.xlsx")


@FUZZ
@given(data=mutated(NEEDS_CSV))
def test_damaged_and_truncated_csv_files_are_refused_clearly(data):
    read_or_refuse(data, "survey.csv")


column_letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=5)
row_numbers = st.one_of(st.integers(1, 30), st.integers(1, 2**40))


@FUZZ
@given(
    dimension=st.tuples(column_letters, row_numbers),
    cells=st.lists(st.tuples(column_letters, row_numbers), min_size=1, max_size=12),
    unreferenced=st.integers(0, 3000),
)
def test_any_declared_dimension_and_cell_positions_end_in_a_table_or_a_clear_refusal(
    dimension, cells, unreferenced
):
    """Huge or absurd dimensions and cell references (past Excel's limits, 5-letter columns,
    rows in the trillions, rows out of order), and rows of cells with no reference at all."""
    rows: dict[int, list[str]] = {}
    for column, row in cells:
        rows.setdefault(row, []).append(f'<c r="{column}{row}"><v>1</v></c>')
    body = "".join(f'<row r="{row}">{"".join(c)}</row>' for row, c in rows.items())
    body += "<row>" + "<c><v>2</v></c>" * unreferenced + "</row>"
    xml = f'<dimension ref="A1:{dimension[0]}{dimension[1]}"/><sheetData>{body}</sheetData>'
    read_or_refuse(raw_workbook(xml), "cells.xlsx")


odd_encodings = st.sampled_from(
    [
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "cp1252",
        "latin-1",
        "cp437",
        "mac-roman",
        "shift_jis",
        "koi8-r",
        "utf-7",
    ]
)


@FUZZ
@given(
    text=st.text(max_size=300),
    encoding=odd_encodings,
    delimiter=st.sampled_from([",", ";", "\t", "|", " "]),
)
def test_text_in_odd_encodings_is_read_or_refused_clearly(text, encoding, delimiter):
    content = f"name{delimiter}note\n{text}{delimiter}x\n"
    try:
        data = content.encode(encoding)
    except UnicodeEncodeError:
        data = content.encode(encoding, errors="replace")
    read_or_refuse(data, "odd.csv", language="fr")


# -- the activity importers: never raise, every problem explained -------------------------------


@FUZZ
@given(data=st.one_of(mutated(NEEDS_CSV), st.binary(max_size=2000), mutated(GOOD_XLSX)))
def test_the_needs_import_reports_problems_and_never_raises(profile, data):
    result = check_needs_file(data, "survey.csv", profile)
    assert result.answers or result.errors
    assert all(problem.message.strip() for problem in result.problems)


@FUZZ
@given(data=st.one_of(mutated(ASSETS_CSV), st.binary(max_size=2000), mutated(GOOD_XLSX)))
def test_the_assets_import_reports_problems_and_never_raises(profile, data):
    result = check_assets_file(data, "inventory.csv", profile, language="fr")
    assert result.answers or result.errors
    assert all(problem.message.strip() for problem in result.problems)


# -- answers a browser sends --------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(max_size=3000).filter(lambda s: len(s) > 1000),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6), st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=30,
)


def payloads_for(activity: str) -> st.SearchStrategy[dict[str, Any]]:
    """Dictionaries using the answer's own field names (so validators run, not only the
    "unknown field" check) with any values, plus arbitrary extra keys."""
    fields = sorted(schemas()[activity].model_fields)
    return st.dictionaries(
        st.one_of(st.sampled_from(fields), st.text(max_size=12)), json_values, max_size=8
    )


@st.composite
def sent(draw: st.DrawFn) -> tuple[str, Any]:
    activity = draw(st.one_of(st.sampled_from(sorted(schemas())), st.text(max_size=20)))
    if activity in schemas() and draw(st.booleans()):
        return activity, draw(payloads_for(activity))
    return activity, draw(json_values)


@FUZZ
@given(message=sent(), with_profile=st.booleans())
def test_any_payload_is_an_answer_or_invalid_never_another_error(profile, message, with_profile):
    activity, payload = message
    try:
        answer = validate_answer(activity, payload, profile if with_profile else None)
    except InvalidAnswer as error:
        assert error.activity == activity
        return
    assert isinstance(answer, Answer)
    stored = answer.model_dump_json()  # what the store writes must always serialise
    assert isinstance(stored, str)
    for value in answer.model_dump().values():
        assert not (isinstance(value, float) and not math.isfinite(value))


def test_the_fuzzers_start_from_sound_files(profile):
    """The mutated inputs start from files that read: mutations of them explore the deeper
    readers rather than all being refused at the door."""
    assert len(read_table(GOOD_XLSX, "x.xlsx")) == 2
    assert check_needs_file(NEEDS_CSV, "good.csv", profile).answers
    assert check_assets_file(ASSETS_CSV, "good.csv", profile).answers
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(GOOD_XLSX)).namelist()
