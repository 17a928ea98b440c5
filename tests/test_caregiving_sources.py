"""What practitioners will check (issue 20): each corrected caregiving figure against its source.

Every test names the source it checks in its docstring. The figures come from
``data/reference/`` (never re-typed in the code), and the words on screen, in the report and
in the docs say what the sources say: the bereaved are the deceased's kin wherever they live,
the open hours band is fitted (two readings), the count can be a point in time (AARP), the
opportunity cost is the average wage, Etkind's terms and projection, CIHI's access beside
need, and Pallium Canada's $25 billion explained.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workshop_kit.activities.caregiving import sentences
from workshop_kit.activities.caregiving.model import estimate
from workshop_kit.activities.caregiving.model_inputs import Scenario
from workshop_kit.activities.caregiving.reference_files import (
    load_community_inputs,
    load_reference,
    reference_dir,
)
from workshop_kit.cli import main
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile

EN, FR = Translator("en"), Translator("fr")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "caregiver-load.md"
REFERENCE_README = reference_dir() / "README.md"


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(reference_dir() / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def inputs():
    return load_community_inputs(load_profile(sample_profile_path()))


@pytest.fixture(scope="module")
def riverbend(inputs):
    return estimate(inputs)


# -- bereavement -------------------------------------------------------------------------------


def test_bereaved_kin_are_the_deceaseds_and_live_anywhere(riverbend):
    """Verdery et al. 2020 (PNAS 117(30):17695-17701): about 9 people lose a grandparent,
    parent, sibling, spouse or child per death: the deceased's grandchildren, children,
    siblings, spouse and parents count, the deceased's grandparents do not; they need not
    live in the town."""
    for source in table("bereavement.csv")["source"]:
        assert "the deceased's grandchildren, children, siblings, spouse and parents" in source
        assert "the deceased's grandparents are not" in source
        assert "not necessarily in the community" in source
    for text in (DOCS.read_text(encoding="utf-8"), REFERENCE_README.read_text(encoding="utf-8")):
        assert "the deceased's grandparents are not" in text
        assert "not necessarily in the town" in text
    # the old reading (the deceased's "grandparents, parents, …" bereaved) is gone
    assert "Close kin (grandparents, parents" not in REFERENCE_README.read_text(encoding="utf-8")
    line = sentences.palliative_sentence(riverbend, EN)
    assert "lose a grandparent, parent, sibling, spouse or child" in line
    assert "not necessarily in Riverbend" in line
    assert "pas forcément à Riverbend" in sentences.palliative_sentence(riverbend, FR)
    (said,) = [
        sentences.assumption_text(a, EN) for a in riverbend.assumptions if a.key == "bereaved"
    ]
    assert "not that person's grandparents" in said and "not necessarily" in said


# -- who is counted: 12 months or a point in time ----------------------------------------------


def test_point_in_time_basis_follows_aarps_counts(inputs, riverbend):
    """AARP, Valuing the Invaluable: 2011 Update (Feinberg, Reinhard, Houser & Choula):
    42.1 million caregivers at any given time against 61.6 million during the year (2009).
    The kit's default counts everyone who cared in the year; the point-in-time basis counts
    42.1 / 61.6 of them as caring all year."""
    basis = table("caregiver_basis.csv").set_index("name")
    assert basis.loc["caregivers_point_in_time", "value"] == "42100000"
    assert basis.loc["caregivers_during_year", "value"] == "61600000"
    assert (basis["status"] == "published").all()
    assert inputs.point_in_time_share == pytest.approx(42.1 / 61.6)
    assert riverbend.scenario.basis == "year"
    assert riverbend.caregivers_at_a_time == riverbend.caregivers
    point = estimate(inputs, Scenario(basis="point_in_time"))
    assert point.caregivers == riverbend.caregivers  # the people who care during a year
    ratio = point.annual_hours.central / riverbend.annual_hours.central
    assert ratio == pytest.approx(42.1 / 61.6)
    (said,) = [sentences.assumption_text(a, EN) for a in point.assumptions if "basis" in a.key]
    assert "42.1 million at any time against 61.6 million during the year" in said
    assert "The kit's default counts everyone who cared in the past 12 months" in said


# -- opportunity cost --------------------------------------------------------------------------


def test_opportunity_cost_is_said_as_the_average_wage(inputs):
    """Statistics Canada, Labour Force Survey, June 2023 (The Daily, 2023-07-07): $33.12 is
    the average hourly wage of employees, so the hours are 'valued at the average wage', not
    what caregivers (28% of them 65 or older in Riverbend, most retired) would have earned."""
    result = estimate(inputs, Scenario(method="opportunity"))
    by_band = result.by_band["caregivers"]
    older = by_band[["65-74", "75-84", "85+"]].sum() / by_band.sum()
    assert sentences.older_caregivers_share(result) == pytest.approx(older)
    text = sentences.value_sentence(result, EN, "CA")
    assert "Valued at the average hourly wage of employees, $33.12" in text
    assert f"{round(older * 100)}% of them are 65 or older" in text
    assert "would have earned about" not in text


# -- palliative care: Etkind's terms, projection and CIHI's access -----------------------------


def test_etkind_projection_raises_the_share_with_the_years(inputs, riverbend):
    """Etkind et al. 2017 (BMC Medicine 15:102), projection method 2: 74.9% of deaths in
    2014, 80.4% by 2030, 85.0% by 2040 (England and Wales). The 75% is 'Projection method 1'.
    Looking ahead from the profile's year, the share rises in proportion; flat after 2040."""
    projection = table("palliative_projection.csv").set_index("year")["share_percent"]
    assert projection.to_dict() == {"2014": "74.9", "2030": "80.4", "2040": "85.0"}
    central = table("palliative_need.csv").set_index(["measure", "bound"])
    assert "Projection method 1" in central.loc[("share_of_deaths", "central"), "source"]
    assert "simple variant" not in central.loc[("share_of_deaths", "central"), "source"]
    assert "74.9% for 2014" in central.loc[("share_of_deaths", "low"), "source"]

    assert inputs.year == 2026
    today = riverbend.palliative_share.central
    ahead = estimate(inputs, Scenario(years=10))
    share_2026 = 74.9 + (80.4 - 74.9) * 12 / 16
    share_2036 = 80.4 + (85.0 - 80.4) * 6 / 10
    assert ahead.palliative_share.central == pytest.approx(today * share_2036 / share_2026)
    assert ahead.needing_palliative_care.central > riverbend.needing_palliative_care.central
    beyond = estimate(inputs, Scenario(years=30)).palliative_share.central
    assert beyond == pytest.approx(today * 85.0 / share_2026)  # flat after 2040
    keys = [a.key for a in ahead.assumptions]
    assert "palliative_projection" in keys
    assert "palliative_projection" not in [a.key for a in riverbend.assumptions]


def test_access_is_shown_beside_need(inputs, riverbend):
    """CIHI, Access to Palliative Care in Canada (2023): 58% of people who died in 2021-22
    received palliative care (52% in 2016-17)."""
    access = table("palliative_access.csv").set_index("period")["share_percent"]
    assert access.to_dict() == {"2016-17": "52", "2021-22": "58"}
    assert riverbend.access.period == "2021-22"
    assert riverbend.received_palliative_care.central == pytest.approx(185 * 0.58)
    text = sentences.palliative_text(riverbend, EN)
    assert "58% of people who died in Canada in 2021-22 received palliative care" in text
    assert "(52% in 2016-17; CIHI, Access to Palliative Care in Canada, 2023)" in text
    assert "about 110 of the 185 who die in Riverbend" in text
    assert "ICIS, Accès aux soins palliatifs au Canada, 2023" in sentences.palliative_text(
        riverbend, FR
    )


# -- the seed's figures ------------------------------------------------------------------------


def test_pallium_25_billion_is_explained(inputs, riverbend):
    """Pallium Canada: more than 80% of care, $25 billion a year. That fits Hollander, Liu &
    Chappell 2009 ('Who cares and how much?', Healthcare Quarterly 12(2):42-49: GSS 2002,
    caregivers 45+ caring for seniors, 2007 wages); Fast et al. 2023 give $97.1-112.7 billion
    on GSS 2018; no primary source for the 80% was found."""
    national = 6.8e6 * riverbend.hours_per_week.central * 52 * 22.0
    assert riverbend.national_value == pytest.approx(national)
    assert 120e9 < national < 130e9  # Fast et al.'s 5.7 billion hours at the kit's $22
    text = sentences.seed_sentence(riverbend, EN, "CA")
    for words in (
        "$25 billion",
        "Hollander, Liu & Chappell (2009, “Who cares and how much?”, Healthcare Quarterly "
        "12(2):42–49)",
        "2002 General Social Survey, caregivers aged 45 and over caring for seniors, 2007 wages",
        "$97.1 to $112.7 billion",
        "about $130 billion (at $22.00 an hour)",
        "No primary source for the 80% was found.",
    ):
        assert words in text, words
    assert "Aucune source primaire" in sentences.seed_sentence(riverbend, FR, "CA")


def test_citations_and_sources_in_the_docs():
    """Hollander MJ, Liu G, Chappell NL (2009). Who cares and how much? Healthcare Quarterly
    12(2):42-49; the 2012 provincial rates from Statistics Canada 89-652-X2013001; CIHI 2023."""
    docs = DOCS.read_text(encoding="utf-8")
    assert "Who cares and how much?" in docs and "12(2):42–49" in docs
    assert "89-652-X2013001" in docs
    assert "Projection method 1" in docs and "simple variant" not in docs
    assert "Access to Palliative Care in Canada" in docs
    assert "hours_check" not in docs


# -- the command line --------------------------------------------------------------------------


def test_a_profile_folder_is_read_or_refused_clearly(tmp_path, capsys):
    """``workshop-kit estimate --profile data/communities/riverbend/`` (a folder) reads the
    folder's profile.yaml; a folder without one is one clear message, status 2."""
    folder = sample_profile_path().parent
    assert main(["estimate", "--profile", f"{folder}/", "--json"]) == 0
    from_folder = json.loads(capsys.readouterr().out)
    assert main(["estimate", "--profile", str(sample_profile_path()), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == from_folder
    assert main(["estimate", "--profile", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "is a folder without a profile.yaml" in error and "Traceback" not in error


def test_cli_offers_both_readings_and_bases(capsys):
    """Both readings of Fast et al. (6.8 and 7.8 million caregivers) and AARP's basis are
    choices of ``estimate --profile``; the JSON carries both readings whichever is used."""
    profile = str(sample_profile_path())
    assert main(["estimate", "--profile", profile, "--json"]) == 0
    paper = json.loads(capsys.readouterr().out)
    argv = ["--hours-reading", "infographic", "--basis", "point_in_time", "--json"]
    assert main(["estimate", "--profile", profile, *argv]) == 0
    other = json.loads(capsys.readouterr().out)
    assert (paper["hours_reading"], paper["basis"]) == ("paper", "year")
    assert (other["hours_reading"], other["basis"]) == ("infographic", "point_in_time")
    assert paper["hours_fit"] == other["hours_fit"]
    assert paper["hours_fit"]["paper"]["hours_per_week"] == 16.12
    assert paper["hours_fit"]["infographic"]["hours_per_week"] == 14.05
    assert paper["hours_per_week"]["central"] == 16.21
    assert other["hours_per_week"]["central"] == 14.11
    assert other["caregivers_at_a_time"]["central"] < other["caregivers"]["central"]
    reference = load_reference()
    assert reference.hours_fit.caregivers == {"paper": 6.8e6, "infographic": 7.8e6}


def test_the_report_says_why_not_25_billion_and_shows_access_beside_need(riverbend):
    """The workshop report carries what the page says: Pallium's $25 billion explained
    (Hollander, Liu & Chappell 2009; Fast et al. 2023) and CIHI's 58% beside the need."""
    from workshop_kit.activities.caregiving.report import add_estimate
    from workshop_kit.core.report import ReportSection

    section = ReportSection(activity="caregiving", title="Caregiver load")
    add_estimate(section, riverbend, EN, "CA")
    assert sentences.seed_sentence(riverbend, EN, "CA") in section.sentences
    (palliative,) = [f for f in section.figures if "palliative" in f.title]
    assert "58% of people who died in Canada in 2021-22" in palliative.caption
    assert "not necessarily in Riverbend" in palliative.caption


def test_the_palliative_chart_draws_access_beside_need(riverbend):
    """CIHI (2023): 58% of people who died in 2021-22 received palliative care; the chart's
    bar for it sits right after the need and is read from the drawing's data."""
    from workshop_kit.activities.caregiving.charts import palliative_figure

    axes = palliative_figure(riverbend, EN).axes[0]
    names = [text.get_text() for text in axes.texts if text.get_va() == "bottom"]
    assert names[1:3] == [
        "Would benefit from palliative care",
        "Would receive it at Canada's share (58% in 2021-22, CIHI)",
    ]
    widths = [bar.get_width() for bar in axes.patches]
    assert widths[2] == pytest.approx(185 * 0.58)
    assert widths[1] == pytest.approx(riverbend.needing_palliative_care.central)
