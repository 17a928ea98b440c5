"""The register of member organisations: a small CSV read in English or French, every problem
reported in the reader's language, nothing but organisation, sector and roles kept."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from workshop_kit.activities.practice.register import (
    Member,
    Register,
    check_register,
    load_saved_register,
    save_register,
    saved_register_path,
)
from workshop_kit.i18n import Translator

GOOD = (
    "organisation,sector,roles,contact email\n"
    "Riverbend Hospice,Health and social care trusts,member; core planning group,a@b.c\n"
    "St Mary's Church,faith,,\n"
    "Carers' circle,Proches aidants,Membre | Animation,\n"
    "Riverbend Council,Councils,sponsor;funder,x@y.z\n"
)


def test_a_register_reads_ids_and_labels_in_either_language_and_drops_other_columns():
    check = check_register(GOOD.encode(), "members.csv")
    assert check.ok, [p.message for p in check.problems]
    register = check.register
    assert register.members == (
        Member("Riverbend Hospice", "health_social_care", ("member", "core_planning_group")),
        Member("St Mary's Church", "faith", ("member",)),
        Member("Carers' circle", "unpaid_carers", ("member", "facilitator")),
        Member("Riverbend Council", "council", ("sponsor", "funder")),
    )
    warnings = [p for p in check.problems if not p.is_error]
    assert [p.code for p in warnings] == ["ignored_columns"]
    assert "“contact email”" in warnings[0].message
    # sponsors and funders do not host; facilitators and the core planning group facilitate
    assert register.hosts() == ["Riverbend Hospice", "St Mary's Church", "Carers' circle"]
    assert register.facilitators() == ["Riverbend Hospice", "Carers' circle"]


def test_a_french_semicolon_file_with_french_headers_reads():
    text = (
        "organisme;secteur;rôles\n"
        "Maison de soins;Établissements de santé et de services sociaux;Membre\n"
    )
    check = check_register(text.encode("cp1252"), "registre.csv", language="fr")
    assert check.ok
    assert check.register.members[0].sector == "health_social_care"


def test_every_bad_row_is_named_in_the_readers_language_and_nothing_is_used():
    text = (
        "organisation,sector,roles\n"
        ",faith,\n"
        f"{'x' * 121},faith,\n"
        "Good One,faith,\n"
        "Library,libraries,\n"
        "School,education,headteacher\n"
        "good one,council,\n"
    )
    check = check_register(text.encode(), "bad.csv")
    assert not check.ok and check.register is None
    codes = {p.code: p for p in check.problems}
    assert set(codes) == {"no_name", "name_too_long", "unknown_sector", "unknown_role", "duplicate"}
    assert codes["no_name"].rows == (2,)
    assert codes["unknown_sector"].rows == (5,) and "“libraries”" in codes["unknown_sector"].message
    assert codes["unknown_role"].rows == (6,) and "“headteacher”" in codes["unknown_role"].message
    assert codes["duplicate"].rows == (7,)
    french = check_register(text.encode(), "bad.csv", language="fr")
    assert any("Les lignes 5" in p.message for p in french.problems)


def test_a_file_without_the_needed_columns_or_rows_is_refused_clearly():
    missing = check_register(b"name,email\nHospice,a@b.c\n", "x.csv")
    assert [p.code for p in missing.problems] == ["missing_columns"]
    assert "“sector”" in missing.problems[0].message
    empty = check_register(b"", "empty.csv")
    assert not empty.ok and empty.problems
    binary = check_register(b"\x00\x01\x02PNG" * 10, "photo.csv")
    assert not binary.ok


def test_an_xlsx_register_reads_too():
    buffer = io.BytesIO()
    pd.DataFrame(
        {"Organisation": ["Hospice"], "Sector": ["Workplaces"], "Roles": ["Funder"]}
    ).to_excel(buffer, index=False)
    check = check_register(buffer.getvalue(), "register.xlsx")
    assert check.ok
    assert check.register.members == (Member("Hospice", "workplace", ("funder",)),)


def test_the_exported_register_reads_back_and_is_formula_safe():
    register = Register(
        (
            Member('=HYPERLINK("http://evil")', "faith", ("member",)),
            Member("Riverbend Hospice", "health_social_care", ("member", "facilitator")),
        )
    )
    for language in ("en", "fr"):
        data = register.csv(Translator(language))
        text = data.decode("utf-8-sig")
        assert text.startswith("organisation,sector,roles")
        assert "\n=HYPERLINK" not in text and "'=HYPERLINK" in text
        again = check_register(data, "register.csv", language=language)
        assert again.ok
        assert again.register.members[1] == register.members[1]
        assert again.register.members[0].name == '\'=HYPERLINK("http://evil")'


def test_changes_replace_by_name_and_the_register_is_kept_privately_on_this_computer(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(tmp_path))
    assert load_saved_register() == (Register(), False)
    register = Register().with_member(Member("Hospice", "faith"))
    register = register.with_member(Member("hospice", "council", ("funder",)))
    assert register.members == (Member("hospice", "council", ("funder",)),)
    save_register(register, Translator("fr"))
    path = saved_register_path()
    assert path.stat().st_mode & 0o077 == 0
    assert load_saved_register() == (register, False)
    save_register(register.without("HOSPICE"), Translator("en"))
    assert load_saved_register() == (Register(), False)  # emptied, not unreadable
    path.write_bytes(b"garbage without columns\n\x00")
    assert load_saved_register() == (Register(), True)


def test_a_register_cannot_grow_without_limit():
    register = Register(tuple(Member(f"Org {i}", "faith") for i in range(500)))
    with pytest.raises(ValueError):
        register.with_member(Member("One more", "faith"))
    too_many = "organisation,sector\n" + "".join(f"Org {i},faith\n" for i in range(501))
    assert [p.code for p in check_register(too_many.encode(), "big.csv").problems] == ["too_many"]


def test_the_shipped_template_and_example_read():
    from workshop_kit.activities.practice.answers import SECTORS
    from workshop_kit.paths import data_dir

    folder = data_dir() / "reference" / "practice"
    template = check_register((folder / "register-template.csv").read_bytes(), "template.csv")
    assert not template.ok  # no organisation yet: the page says so rather than use it
    example = check_register((folder / "register-example.csv").read_bytes(), "example.csv")
    assert example.ok, [p.message for p in example.problems]
    assert sorted(m.sector for m in example.register.members) == sorted(SECTORS)
    assert example.register.facilitators()  # the planner has facilitators to rotate
