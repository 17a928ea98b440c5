"""The caregiver-load page: sliders recompute, the method switch, reset, errors shown in words."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workshop_kit.activities.caregiving import charts as chart_module
from workshop_kit.activities.caregiving.form import build_form
from workshop_kit.activities.caregiving.live import CaregivingResults, room_panel
from workshop_kit.activities.caregiving.page import (
    CaregiverLoadApp,
    caregiver_load_app,
    caregiver_load_page,
)
from workshop_kit.core.context import PROFILE_VARIABLE, PageContext
from workshop_kit.core.registry import FormContext, ResultsContext
from workshop_kit.i18n import Translator
from workshop_kit.paths import sample_profile_path
from workshop_kit.profile import load_profile, profile_from_mapping

RAW = yaml.safe_load(sample_profile_path().read_text(encoding="utf-8"))


def context_for(profile=None, language: str = "en") -> PageContext:
    return PageContext(
        profile=profile or load_profile(sample_profile_path()),
        query={},
        facilitator=None,
        language=language,
    )


def text(widget) -> str:
    """The visible text of an HTML widget (tags removed)."""
    return re.sub(r"<[^>]+>", "", widget.value).replace("&#x27;", "'")


def all_html(widget) -> str:
    found = []
    stack = [widget]
    while stack:
        current = stack.pop()
        if hasattr(current, "value") and isinstance(current.value, str):
            found.append(current.value)
        stack.extend(getattr(current, "children", ()))
    return "\n".join(found)


@pytest.fixture
def app() -> CaregiverLoadApp:
    page = caregiver_load_app(context_for())
    assert isinstance(page, CaregiverLoadApp)
    return page


def test_the_page_opens_on_the_published_values(app):
    assert text(app.sentence) == (
        "About 4,200 people in Riverbend care for someone without pay, giving about "
        "3.6 million hours a year: the work of about 1,800 full-time jobs."
    )
    assert "replacement cost" in text(app.value)
    assert "1,950 hours a year" in text(app.details)
    assert bytes(app.caregivers_chart.image.value).startswith(b"\x89PNG")
    assert bytes(app.palliative_chart.image.value).startswith(b"\x89PNG")
    assert "About 185 people die in Riverbend" in app.palliative_chart.summary.value
    assert "Statistics Canada" in app.assumptions.value
    # the "synthetic community" banner is the page frame's: tests/test_caregiving_page.py


def test_moving_a_slider_changes_the_sentence(app):
    before = app.sentence.value
    app.sliders["rate"].value = 120
    assert app.sentence.value != before
    assert "About 5,100 people in Riverbend" in text(app.sentence)
    assert "caregiving rates at 120% of the published rates" in app.assumptions.value


def test_every_slider_recomputes(app):
    # years before growth: a growth rate changes nothing over 0 years
    changes = {"hours": 20.0, "wage": 30.0, "years": 10, "growth": 2.0, "palliative": 90}
    for name, value in changes.items():
        before = (app.sentence.value, app.value.value, app.palliative_chart.summary.value)
        app.sliders[name].value = value
        after = (app.sentence.value, app.value.value, app.palliative_chart.summary.value)
        assert after != before, name
    assert text(app.sentence).startswith("In 10 years, about")
    assert "10 years ahead" in text(app.future)


def test_only_charts_whose_data_changed_are_redrawn(app):
    caregivers, palliative = app.caregivers_chart.image.value, app.palliative_chart.image.value
    app.sliders["wage"].value = 30.0
    app.sliders["hours"].value = 15.0
    assert app.caregivers_chart.image.value is caregivers
    assert app.palliative_chart.image.value is palliative
    app.sliders["rate"].value = 120
    assert app.caregivers_chart.image.value is not caregivers
    assert app.palliative_chart.image.value is palliative
    app.sliders["palliative"].value = 90
    assert app.palliative_chart.image.value is not palliative


def test_growth_alone_looks_ten_years_ahead(app):
    app.sliders["growth"].value = 1.0
    assert app.sliders["years"].value == 10
    assert text(app.sentence).startswith("In 10 years, about")


def test_sliders_have_descriptions_and_classes(app):
    for name, slider in app.sliders.items():
        assert slider.description
        assert f"wk-slider-{name}" in slider._dom_classes
    assert "wk-caregiving-sentence" in app.sentence._dom_classes
    assert "wk-caregiving-method" in app.method._dom_classes
    assert "wk-caregiving-reset" in app.reset._dom_classes


def test_method_switch_uses_the_method_wage_and_says_so(app):
    app.method.value = "opportunity"
    assert app.sliders["wage"].value == pytest.approx(33.12)
    assert "(opportunity cost at the average wage;" in text(app.value)
    assert "average hourly wage of employees, $33.12," in text(app.value)
    app.method.value = "replacement"
    assert app.sliders["wage"].value == pytest.approx(22.0)


def test_reset_returns_to_the_published_values(app):
    published = app.sentence.value
    app.sliders["rate"].value = 80
    app.sliders["years"].value = 15
    app.sliders["growth"].value = 1.0
    app.method.value = "opportunity"
    app.reset.click()
    assert app.sentence.value == published
    assert app.sliders["rate"].value == 100
    assert app.method.value == "opportunity"  # the method stays; its wage is published again
    assert app.sliders["wage"].value == pytest.approx(33.12)
    assert "Back to the published values" in app.messages.value
    assert "Scenario" not in app.assumptions.value


def test_french_page():
    page = caregiver_load_app(context_for(language="fr"))
    assert text(page.sentence).startswith("Environ 4\u202f200 personnes à Riverbend")
    assert "coût de remplacement" in text(page.value)


def test_a_failing_redraw_shows_a_message_not_a_traceback(app, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(chart_module, "caregivers_figure", broken)
    app.sliders["rate"].value = 130
    assert "Something went wrong" in app.messages.value


def test_bad_parameters_are_shown_in_words():
    raw = copy.deepcopy(RAW)
    raw["parameters"] = {"caregiving_rate": {"45-54": 120}, "replacement_wage": 0}
    page = caregiver_load_app(context_for(profile_from_mapping(raw)))
    assert not isinstance(page, CaregiverLoadApp)
    assert "wk-caregiving-error" in page._dom_classes
    assert "parameters.caregiving_rate.45-54: must be between 0 and 100% (got 120)" in page.value
    assert "parameters.replacement_wage: must be more than 0 (got 0)" in page.value


def test_a_broken_profile_file_is_shown_in_the_page_language(tmp_path: Path, monkeypatch):
    raw = copy.deepcopy(RAW)
    raw["areas"][1]["population"]["65-74"] = -5
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv(PROFILE_VARIABLE, str(path))
    monkeypatch.setenv("QUERY_STRING", "lang=fr")
    page = caregiver_load_page(poll=False)  # the page frame reads the profile
    assert "wk-problems" in page._dom_classes
    assert "areas.1.population.65-74" in page.value
    assert "Cette page ne peut pas démarrer" in page.value


def test_without_deaths_the_caregiving_part_still_works():
    raw = copy.deepcopy(RAW)
    raw.pop("deaths_per_year")
    page = caregiver_load_app(context_for(profile_from_mapping(raw)))
    assert isinstance(page, CaregiverLoadApp)
    assert "About 4,200 people" in text(page.sentence)
    assert "deaths_per_year" in page.palliative_chart.summary.value
    assert page.palliative_chart.image.layout.display == "none"


# -- the people in the room ---------------------------------------------------------------------


def answers(hours: list[float | None], tasks: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "participant_id": [f"p{i}" for i in range(len(hours))],
            "hours_per_week": hours,
            "tasks": tasks,
        }
    )


def test_the_room_beside_the_community(app):
    app.show_room(answers([10, 5, 20, 1, 4, None], [["transportation"]] * 5 + [["other"]]))
    summary = app.room.children[0].summary.value
    assert "The 5 people in this room who gave their hours give about 40 hours" in summary
    assert "a week across Riverbend" in summary
    assert "fewer than 5 people are not shown" in summary  # "other": 1 person
    before = summary
    app.sliders["rate"].value = 140  # the community figure follows the sliders
    assert app.room.children[0].summary.value != before


def test_a_small_room_is_not_shown(app):
    panel = room_panel(answers([10, 30], [[], []]), app.estimate, Translator("en"), 5)
    assert "too few to show" in panel.summary.value
    assert panel.image.layout.display == "none"


def test_participant_form_sends_a_valid_answer():
    sent = []

    def send(activity, payload):
        sent.append((activity, payload))
        return True

    context = FormContext(
        profile=load_profile(sample_profile_path()), t=Translator("en"), send=send, code="ABC"
    )
    form = build_form(context)
    send_button = next(w for w in _walk(form) if "wk-submit" in getattr(w, "_dom_classes", ()))
    send_button.click()
    assert sent == []
    assert "Please give your hours" in all_html(form)
    hours = next(w for w in _walk(form) if "wk-caregiving-hours" in getattr(w, "_dom_classes", ()))
    hours.value = "many"
    send_button.click()
    assert sent == []
    assert "between 0 and 168" in all_html(form)
    hours.value = "12"
    transport = next(
        w
        for w in _walk(form)
        if "wk-caregiving-task-transportation" in getattr(w, "_dom_classes", ())
    )
    transport.value = True
    send_button.click()
    assert sent == [("caregiving", {"tasks": ["transportation"], "hours_per_week": 12.0})]
    assert "Saved" in all_html(form)


def test_live_results_for_the_hub():
    context = ResultsContext(
        profile=load_profile(sample_profile_path()),
        t=Translator("en"),
        answers=lambda activity: answers([3] * 6, [["personal_care"]] * 6),
        code="ABC",
    )
    results = CaregivingResults(context)
    # the hub shows whole blocks of 5 people (the 6th waits for 4 more), rounded down to
    # 10 hours: 15 → 10, so no redraw moves by one person's hours
    assert "The 5 people" in results.children[0].summary.value
    assert "about 10 hours" in results.children[0].summary.value


def _walk(widget):
    stack = [widget]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()))


def test_the_module_stays_light_for_the_participant_kernel():
    """The participant kernel imports this module for the form: no numpy, pandas, matplotlib."""
    import subprocess
    import sys

    code = (
        "import sys, workshop_kit.activities.caregiving.form;"
        "print(sorted(m for m in ('numpy', 'pandas', 'matplotlib') if m in sys.modules))"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert process.stdout.strip() == "[]"


def test_the_reading_and_the_basis_are_the_facilitators_choices(app):
    """Issue 20: the open hours band is fitted to Fast et al.'s total, read over 6.8 million
    caregivers (default, 16.2 hours a week) or 7.8 million (14.1); who is counted is everyone
    who cared in the year (default) or AARP's point in time (42.1 / 61.6 of them)."""
    assert (app.controls.reading.value, app.controls.basis.value) == ("paper", "year")
    published = app.estimate.annual_hours.central
    app.controls.reading.value = "infographic"
    assert app.sliders["hours"].value == pytest.approx(14.1)
    assert app.estimate.scenario.hours_per_week is None  # the reading's own published value
    assert "infographic (used here)" in text(app.assumptions)
    app.controls.reading.value = "paper"
    assert app.sliders["hours"].value == pytest.approx(16.2)
    app.controls.basis.value = "point_in_time"
    assert app.estimate.annual_hours.central == pytest.approx(published * 42.1 / 61.6)
    assert "42.1 million at any time against 61.6 million" in text(app.assumptions)
    assert "Why not Pallium Canada's $25 billion?" in text(app.value)
