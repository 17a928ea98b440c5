"""Importing needs surveys: one fixture per bad-input case, the export shapes we support, the
template, the column map, and re-imports that never store an answer twice."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from workshop_kit.activities.needs.column_map import ColumnMap, load_column_map
from workshop_kit.activities.needs.importer import check_needs_file, summary_line, template_csv
from workshop_kit.activities.needs.model import need_scores
from workshop_kit.activities.needs.survey_columns import expected_columns
from workshop_kit.auth import hash_key
from workshop_kit.core.tables import TableError
from workshop_kit.i18n import Translator

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "needs"
TEMPLATES = ROOT / "data" / "templates"


def check(name: str, profile, **options):
    return check_needs_file((FIXTURES / name).read_bytes(), name, profile, **options)


def codes(result, severity: str = "error") -> set[str]:
    return {p.code for p in result.problems if p.severity == severity}


def problem(result, code: str):
    return next(p for p in result.problems if p.code == code)


def csv_bytes(header, rows, delimiter=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def good_rows(profile, count: int, start: int = 1) -> list[list[str]]:
    rows = []
    for number in range(start, start + count):
        row = [str(number), "caregiver", "old-town"]
        for index, _need in enumerate(profile.needs):
            row += [str(1 + (number + index) % 5), str(1 + (number * 2 + index) % 5)]
        rows.append([*row, f"answer {number}"])
    return rows


# -- one fixture per bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("empty.csv", {"empty"}),
        ("not-a-table.txt", {"not_a_table"}),
        ("binary.csv", {"binary"}),
        ("old-format.xls", {"old_excel"}),
        ("wrong-columns.csv", {"wrong_columns"}),
        ("missing-columns.csv", {"missing_columns"}),
        ("out-of-scale.csv", {"out_of_scale"}),
        ("unknown-group.csv", {"unknown_group"}),
        ("unknown-area.csv", {"unknown_area"}),
        ("duplicate-rows.csv", {"duplicate_rows"}),
    ],
)
def test_each_bad_file_is_refused_with_its_own_problem(profile, fixture, expected):
    result = check(fixture, profile)
    assert codes(result) == expected
    assert not result.ok
    with pytest.raises(ValueError, match="must not be stored"):
        result.store_rows("ABC234")


def test_wrong_columns_says_which_were_found_and_which_were_expected(profile):
    message = problem(check("wrong-columns.csv", profile), "wrong_columns").message
    assert "“name”, “category”, “area”, “notes”" in message
    assert "“practical-help_importance”" in message and "“group”" in message


def test_missing_columns_are_named(profile):
    found = problem(check("missing-columns.csv", profile), "missing_columns")
    assert found.columns == ("respite_met", "transport_importance")
    assert "“respite_met”, “transport_importance”" in found.message


def test_out_of_scale_ratings_name_rows_columns_and_values(profile):
    result = check("out-of-scale.csv", profile)
    found = {p.columns[0]: p for p in result.errors}
    assert found["respite_importance"].rows == (3,)
    assert found["transport_met"].rows == (5, 6)
    assert "“0”, “high”" in found["transport_met"].message
    assert found["loneliness_importance"].rows == (7,)  # 3.5 is not a whole number


def test_unknown_group_and_area_name_rows_and_accept_labels(profile):
    groups = problem(check("unknown-group.csv", profile), "unknown_group")
    assert groups.rows == (4, 6)  # "Caregiver" on row 7 is the English label: accepted
    assert "“teacher”, “Martian”" in groups.message
    areas = problem(check("unknown-area.csv", profile), "unknown_area")
    assert areas.rows == (3,)  # "old town" on row 5 is the id written with a space: accepted


def test_duplicate_rows_point_at_the_copies_and_their_originals(profile):
    found = problem(check("duplicate-rows.csv", profile), "duplicate_rows")
    assert found.rows == (5, 8)
    assert "row 5 = row 3" in found.message and "row 8 = row 2" in found.message


def test_oversize_file_states_the_limit(profile):
    data = (FIXTURES / "good.csv").read_bytes() * 2000  # about 3.6 MB, generated here
    result = check_needs_file(data, "big.csv", profile, max_bytes=1_000_000)
    assert codes(result) == {"too_large"}
    assert "1 MB" in result.problems[0].message


def test_workbook_with_several_sheets_asks_which_then_reads_it(profile):
    table = list(csv.reader(io.StringIO((FIXTURES / "good.csv").read_text("utf-8"))))
    book = openpyxl.Workbook()
    book.active.title = "Answers"
    for row in table:
        book.active.append([int(c) if c.isdigit() else c for c in row])
    book.create_sheet("Notes").append(["Entered by", "the clinic"])
    buffer = io.BytesIO()
    book.save(buffer)
    asked = check_needs_file(buffer.getvalue(), "survey.xlsx", profile)
    assert codes(asked) == {"several_sheets"}
    assert asked.problems[0].choices == ("Answers", "Notes")
    chosen = check_needs_file(buffer.getvalue(), "survey.xlsx", profile, sheet="Answers")
    assert chosen.ok
    from_csv = check("good.csv", profile)
    assert [a.answer for a in chosen.answers] == [a.answer for a in from_csv.answers]


def test_french_windows_export_with_semicolons_reads_labels_and_accents(profile):
    result = check("french-cp1252-semicolon.csv", profile, language="fr")
    assert result.ok, result.problems
    assert result.table_info["encoding"] == "cp1252"
    assert result.table_info["delimiter"] == ";"
    frame = result.frame()
    first = frame[frame["row"] == 2]
    assert set(first["group"]) == {"caregiver"}  # "Proche aidante"
    assert set(first["area"]) == {"old-town"}  # "Vieille-Ville"
    fourth = frame[frame["row"] == 5]
    assert set(fourth["area"]) == {"maple-heights"}  # "Hauteurs-des-Érables"
    assert "Du répit la fin de semaine" in set(frame["text"].dropna())
    respite = frame[(frame["need"] == "respite")]
    assert respite["importance"].notna().all()  # "4,0" is a whole number
    assert "séparé par des points-virgules" in summary_line(result, Translator("fr"))


def test_utf8_bom_does_not_hide_the_first_column(profile):
    result = check("utf8-bom.csv", profile)
    assert result.ok
    assert result.columns.identity == "respondent"
    assert result.table_info["encoding"] == "utf-8-sig"


def test_messages_are_in_the_readers_language(profile):
    result = check("unknown-group.csv", profile, language="fr")
    assert "ne sont pas des groupes" in problem(result, "unknown_group").message


# -- other problems and notes ---------------------------------------------------------------------


def test_same_respondent_id_twice_is_an_error(profile):
    rows = good_rows(profile, 3)
    rows[2][0] = rows[0][0]
    result = check_needs_file(csv_bytes(expected_columns(profile), rows), "x.csv", profile)
    assert problem(result, "duplicate_ids").rows == (4,)


def test_half_ratings_blank_rows_and_long_texts_are_notes_not_errors(profile):
    header = expected_columns(profile)
    rows = good_rows(profile, 3)
    rows[0][4] = ""  # practical-help met left blank
    rows[1] = [rows[1][0]] + [""] * (len(header) - 1)  # nothing but a respondent number
    rows[2][-1] = "x" * 1500
    result = check_needs_file(csv_bytes(header, rows), "x.csv", profile)
    assert result.ok
    assert codes(result, "warning") >= {"half_rating", "empty_rows", "text_too_long"}
    assert problem(result, "half_rating").rows == (2,)
    assert problem(result, "empty_rows").rows == (3,)
    texts = [a.answer.text for a in result.answers if a.answer.text]
    assert len(texts[-1]) == 1000
    assert result.respondents == 2


def test_a_file_of_empty_answers_has_nothing_to_import(profile):
    header = expected_columns(profile)
    rows = [[str(n)] + [""] * (len(header) - 1) for n in (1, 2)]
    result = check_needs_file(csv_bytes(header, rows), "x.csv", profile)
    assert codes(result) == {"nothing_to_import"}


def test_unused_columns_and_missing_group_column_are_noted(profile):
    header = ["respite_importance", "respite_met", "Email", "Favourite colour"]
    result = check_needs_file(csv_bytes(header, [["4", "2", "a@b.c", "red"]]), "x.csv", profile)
    assert result.ok
    assert problem(result, "ignored_columns").columns == ("Email", "Favourite colour")
    assert codes(result, "warning") >= {"no_group_column", "no_area_column", "needs_not_in_file"}


def test_a_profile_without_needs_cannot_import(profile):
    bare = profile.model_copy(update={"needs": []})
    assert codes(check("good.csv", bare)) == {"no_needs"}


# -- export shapes and the column map -------------------------------------------------------------


def test_kobotoolbox_export_is_recognised_without_a_map(profile):
    result = check("kobo.csv", profile)
    assert result.ok, result.problems
    assert result.columns.identity == "_uuid"
    assert result.columns.ratings["respite"] == {
        "importance": "ratings/respite_importance",
        "met": "ratings/respite_met",
    }
    assert result.columns.group == "about/group"
    assert result.columns.ignored == []  # start, end, _id, _submission_time … are metadata
    assert codes(result, "warning") == {"needs_not_in_file"}
    assert result.respondents == 5


def test_google_forms_grid_with_the_example_column_map(profile):
    without = check("google-forms.csv", profile)
    assert without.ok  # ratings and text are found; group and area are not
    assert codes(without, "warning") >= {"no_group_column", "ignored_columns"}
    column_map = load_column_map(TEMPLATES / "needs-column-map.example.yaml")
    result = check("google-forms.csv", profile, column_map=column_map)
    assert result.ok, result.problems
    frame = result.frame()
    assert frame["group"].iloc[0] == "caregiver"  # "I look after someone", from the map
    assert frame["area"].iloc[0] == "old-town"  # "Old Town", the area's label
    assert len(result.columns.ratings) == len(profile.needs)
    # the 4th need's "met" grid row was left blank by everyone
    assert problem(result, "half_rating").rows == (2, 3, 4, 5, 6, 7)


def test_a_grid_that_says_neither_importance_nor_met_asks_for_a_map(profile):
    label = profile.needs[1].text("en")
    header = [f"Your view [{label}]", f"Another view [{label}]"]
    result = check_needs_file(csv_bytes(header, [["4", "2"]]), "x.csv", profile)
    assert codes(result) == {"grid_unclear"}
    mapped = ColumnMap(importance_question="Your view", met_question="Another view")
    assert check_needs_file(csv_bytes(header, [["4", "2"]]), "x.csv", profile, column_map=mapped).ok


def test_explicit_rating_columns_and_value_words(profile):
    column_map = load_column_map(
        b"ratings:\n  respite: {importance: Q1, met: Q2}\n"
        b"values:\n  scale: {High: 5, Low: 1}\n  area: {Downtown: old-town}\n"
        b"area: Where\n"
    )
    data = csv_bytes(["Q1", "Q2", "Where"], [["high", "low", "downtown"]])
    result = check_needs_file(data, "x.csv", profile, column_map=column_map)
    assert result.ok, result.problems
    answer = result.answers[0].answer
    assert (answer.need, answer.importance, answer.met, answer.area) == (
        "respite",
        5,
        1,
        "old-town",
    )


def test_column_map_mistakes_are_problems_not_crashes(profile):
    missing = ColumnMap(group="Which group?")
    assert codes(check("good.csv", profile, column_map=missing)) == {"map_column_missing"}
    unknown_need = load_column_map(b"ratings:\n  flying: {importance: a, met: b}\n")
    assert "unmapped_need" in codes(check("good.csv", profile, column_map=unknown_need))
    unknown_area = load_column_map(b"values:\n  area: {Downtown: atlantis}\n")
    assert codes(check("good.csv", profile, column_map=unknown_area)) == {"column_map"}
    for text in (b"group: [unclosed", b"- a list", b"colour: blue", b"values: {group: {x: alien}}"):
        with pytest.raises(TableError) as caught:
            load_column_map(text)
        assert set(caught.value.codes) == {"column_map"}


# -- template ---------------------------------------------------------------------------------


def test_shipped_template_matches_the_sample_profile_and_is_documented(profile):
    shipped = (TEMPLATES / "needs-survey-template.csv").read_bytes()
    assert shipped == template_csv(profile)
    readme = (TEMPLATES / "README.md").read_text("utf-8")
    for column in ["respondent", "group", "area", "help_most", "_importance", "_met"]:
        assert f"`{column}" in readme or f"{column}`" in readme
    for need in profile.needs:
        assert f"`{need.id}`" in readme
    for area in profile.areas:
        assert f"`{area.id}`" in readme


def test_template_with_rows_filled_in_imports(profile):
    data = template_csv(profile) + csv_bytes(["x"], good_rows(profile, 2)).split(b"\r\n", 1)[1]
    result = check_needs_file(data, "filled.csv", profile)
    assert result.ok
    assert result.respondents == 2
    assert codes(result, "warning") == set()
    assert codes(check_needs_file(template_csv(profile), "t.csv", profile)) == {"no_rows"}


# -- storing --------------------------------------------------------------------------------------


def test_importing_twice_stores_once_and_later_exports_add_only_new_rows(store, profile):
    code = store.create_session("Import", "en", hash_key("k")).code
    header = expected_columns(profile)
    first = check_needs_file(csv_bytes(header, good_rows(profile, 4)), "a.csv", profile)
    assert store.add_answers(code, first.store_rows(code)) == len(first.answers)
    assert store.add_answers(code, first.store_rows(code)) == 0
    # the same rows re-saved by a French spreadsheet, with two more respondents
    later = check_needs_file(
        csv_bytes(header, good_rows(profile, 6), delimiter=";", encoding="cp1252"),
        "b.csv",
        profile,
    )
    new = store.add_answers(code, later.store_rows(code))
    assert new == len(later.answers) - len(first.answers)
    assert store.answers(code, "needs")["participant_id"].nunique() == 6
    # a second session gets its own copy
    other = store.create_session("Other", "en", hash_key("k")).code
    assert store.add_answers(other, first.store_rows(other)) == len(first.answers)


def test_a_corrected_kobo_submission_replaces_the_earlier_answer(store, profile):
    code = store.create_session("Kobo", "en", hash_key("k")).code
    original = (FIXTURES / "kobo.csv").read_text("utf-8")
    result = check_needs_file(original.encode(), "kobo.csv", profile)
    store.add_answers(code, result.store_rows(code))
    lines = original.splitlines()
    cells = lines[1].split(";")
    cells[4] = "1" if cells[4] != "1" else "2"  # respondent 1 corrects respite importance
    corrected = "\r\n".join([lines[0], ";".join(cells), *lines[2:]]).encode()
    again = check_needs_file(corrected, "kobo-later.csv", profile)
    assert store.add_answers(code, again.store_rows(code)) == 1
    answers = store.answers(code, "needs")
    assert answers["participant_id"].nunique() == 5
    respite = answers[(answers["need"] == "respite")]
    assert len(respite) == 5
    assert int(cells[4]) in set(respite["importance"])


def test_imported_answers_feed_the_model(profile):
    result = check("good.csv", profile)
    scores = need_scores(result.frame(), [n.id for n in profile.needs])
    assert scores["n"].tolist() == [12] * 12
    assert all(p.startswith("import-") for p in result.frame()["participant_id"])
