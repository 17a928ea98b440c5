"""Caregiver load charts and sentences: what the room reads, in English and French."""

from __future__ import annotations

import copy

import pytest
import yaml
from matplotlib.figure import Figure

from workshop_kit.activities.caregiving import charts, sentences
from workshop_kit.activities.caregiving.model import estimate
from workshop_kit.activities.caregiving.model_inputs import Scenario
from workshop_kit.activities.caregiving.model_room import RoomSummary
from workshop_kit.activities.caregiving.reference_files import load_community_inputs
from workshop_kit.core.exports import png_bytes
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import profile_from_mapping

EN, FR = Translator("en"), Translator("fr")


@pytest.fixture(scope="module")
def riverbend():
    from workshop_kit.profile import load_profile

    return estimate(load_community_inputs(load_profile(sample_profile_path())))


def test_the_main_sentence_in_words(riverbend):
    assert sentences.main_sentence(riverbend, EN) == (
        "About 4,200 people in Riverbend care for someone without pay, giving about "
        "3.6 million hours a year: the work of about 1,800 full-time jobs."
    )
    assert sentences.main_sentence(riverbend, FR) == (
        "Environ 4\u202f200 personnes à Riverbend prennent soin d'un proche sans être payées, "
        "soit environ 3,6 millions d'heures par an : le travail d'environ "
        "1\u202f800 emplois à temps plein."
    )


def test_value_says_the_method_and_the_wage(riverbend):
    text = sentences.value_sentence(riverbend, EN, "CA")
    assert text.startswith("Paying home support workers $22.00 an hour")
    assert "about $79 million a year (replacement cost; between $31 million and $150 million)" in (
        text
    )
    other = estimate(load_community_inputs(_profile()), Scenario(method="opportunity"))
    assert "(opportunity cost at the average wage;" in sentences.value_sentence(other, EN, "CA")
    assert "coût d'opportunité au salaire moyen" in sentences.value_sentence(other, FR, "CA")


def test_palliative_and_bereavement_sentence(riverbend):
    assert sentences.palliative_sentence(riverbend, EN) == (
        "About 185 people die in Riverbend each year. About 140 of them would benefit from "
        "palliative care (between 120 and 150), and about 1,700 people lose a grandparent, "
        "parent, sibling, spouse or child (between 1,500 and 1,800); these relatives live "
        "wherever they live, not necessarily in Riverbend."
    )
    assert "64 to 110 people a year" in sentences.rosenwax_sentence(riverbend, EN)


def test_full_time_job_hours_are_said(riverbend):
    assert sentences.fte_sentence(riverbend, EN) == (
        "A full-time job is counted as 1,950 hours a year (37.5 hours a week × 52 weeks)."
    )


def test_every_assumption_reads_in_both_languages(riverbend):
    scenario = Scenario(
        rate_multiplier=1.2,
        hours_per_week=14,
        wage=30,
        growth_percent_per_year=1,
        years=10,
        palliative_share=0.8,
    )
    result = estimate(load_community_inputs(_profile()), scenario)
    for t in (EN, FR):
        texts = sentences.assumption_texts(result, t, "CA")
        assert len(texts) == len(result.assumptions) >= 10
        assert all("{" not in text and "caregiving." not in text for text in texts)
    english = sentences.assumption_texts(result, EN, "CA")
    assert any("1,950 hours a year" in text for text in english)
    assert any("0.28% to 0.50% of a population" in text for text in english)


def test_numbers_are_rounded_for_a_room():
    assert sentences.significant(4235.83) == 4200
    assert sentences.about(EN, 4235.83) == "4,200"
    assert sentences.about(EN, 2_414_084) == "2.4 million"
    assert sentences.about(EN, 35_568_000_000, "hours") == "36 billion hours"
    assert sentences.about(FR, 1_200_000, "hours") == "1,2 million d'heures"
    assert sentences.about(EN, 1, "people") == "1 person"
    assert sentences.about(EN, 37.4) == "37"
    assert sentences.money(EN, 930_123, "CAD", "CA") == "$930,000"
    assert sentences.money(FR, 53_109_853, "CAD", "CA") == "53 millions $"
    assert sentences.share(EN, 0.133) == "13.3%"
    assert sentences.share(FR, 0.0028) == "0,28\u00a0%"
    assert sentences.hours(EN, 10.96) == "11"


def test_charts_are_figures_with_ranges(riverbend):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    figure = charts.caregivers_figure(riverbend, EN)
    assert isinstance(figure, Figure)
    axes = figure.axes[0]
    assert len(axes.patches) == len(riverbend.by_band)
    from matplotlib.container import BarContainer, ErrorbarContainer

    kinds = {type(container) for container in axes.containers}
    assert {BarContainer, ErrorbarContainer} <= kinds  # bars with low–high lines
    palliative = charts.palliative_figure(riverbend, FR)
    assert isinstance(palliative, Figure)
    labels = [text.get_text() for text in palliative.axes[0].texts]
    assert "Décès" in labels
    assert "185" in labels  # the death count stays exact
    assert png_bytes(figure).startswith(b"\x89PNG")
    assert plt.get_fignums() == before  # nothing registered with pyplot


def test_without_deaths_there_is_no_palliative_chart_but_a_reason():
    raw = copy.deepcopy(_raw())
    raw.pop("deaths_per_year")
    result = estimate(load_community_inputs(profile_from_mapping(raw)))
    assert charts.palliative_figure(result, EN) is None
    assert "deaths_per_year" in sentences.palliative_sentence(result, EN)


def test_room_sentences_respect_the_small_cell_rule(riverbend):
    hidden = RoomSummary(3, 3, None, {"transportation": None}, 5)
    assert sentences.room_sentence(hidden, riverbend, EN) == (
        "Fewer than 5 people gave their hours: too few to show."
    )
    assert charts.room_tasks_figure(hidden, EN) is None
    shown = RoomSummary(8, 7, 96.0, {"transportation": 6, "personal_care": None}, 5)
    sentence = sentences.room_sentence(shown, riverbend, EN)
    assert sentence.startswith("The 7 people in this room who gave their hours give about 96 hours")
    assert "69,000 hours a week across Riverbend" in sentence
    tasks = charts.room_tasks_figure(shown, EN)
    labels = [tick.get_text() for tick in tasks.axes[0].get_yticklabels()]
    assert labels == ["Transport (appointments, shopping)"]
    assert sentences.room_sentence(RoomSummary(0, 0, None, {}, 5), riverbend, EN).startswith(
        "No answers yet"
    )


def _raw():
    return yaml.safe_load(sample_profile_path().read_text(encoding="utf-8"))


def _profile():
    return profile_from_mapping(_raw())
