"""The workshop report in a real browser: the file ``workshop-kit export`` writes opens in
Chromium without fetching anything from anywhere, and prints to PDF on A4 and on Letter.

The report is what a community takes home and prints, often on a computer with no network;
a chart or a style loaded from elsewhere would be missing there (and would tell another site
that the report was opened). So every request the page makes is recorded, and only the file
itself and its ``data:`` images may appear.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_helpers import KEY, sample_session

from workshop_kit.cli import main

pytestmark = [pytest.mark.browser]

#: The printable width of each paper size in CSS pixels (96 per inch), inside the report's
#: 15 mm margins (``@page`` in :data:`workshop_kit.core.report.REPORT_CSS`).
PAPER = {"A4": (210 - 30) / 25.4 * 96, "Letter": (8.5 - 30 / 25.4) * 96}


def _export(store, profile, tmp_path: Path, monkeypatch, language: str, title: str) -> Path:
    """A sample session in ``language``, exported the way a facilitator does after a workshop."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "facilitator.key").write_text(KEY + "\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_KIT_HOME", str(home))
    sample = sample_session(store, profile, language=language, title=title)
    out = tmp_path / f"export-{language}"
    assert main(["export", "--session", sample.code, "--out", str(out), "--db", store.url]) == 0
    return out / "report.html"


def _open(new_page, report: Path):
    """The report opened from disk, with every request it made."""
    page = new_page(1000, 1200)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    assert not errors, errors
    return page, requests


def _check_prints(page) -> None:
    """Every chart decoded; nothing wider than the paper; a PDF on A4 and on Letter."""
    broken = page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
    )
    assert broken == 0
    page.emulate_media(media="print")
    for paper, width in PAPER.items():
        page.set_viewport_size({"width": int(width), "height": 1200})
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{paper}: {overflow} px wider than the page"
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf.startswith(b"%PDF"), paper
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2, paper  # several pages, not one


def test_the_exported_report_opens_offline_and_prints_on_a4_and_letter(
    store, profile, tmp_path, monkeypatch, new_page
):
    report = _export(store, profile, tmp_path, monkeypatch, "en", "Riverbend evening")
    page, requests = _open(new_page, report)

    assert requests and all(url.startswith(("file://", "data:")) for url in requests), requests
    assert page.title() == "Workshop report: Riverbend evening"
    text = page.inner_text("body")
    for title in (
        "What brings people here today",
        "Community needs assessment",
        "Community assets: Riverbend",
        "Caregiver load: the unpaid care in Riverbend",
        "Assumptions",
        "Sources",
    ):
        assert title in text
    assert "too few to show" in text
    assert page.locator("figure img").count() >= 8
    _check_prints(page)


def test_a_french_sessions_report_is_in_french_with_french_numbers(
    store, profile, tmp_path, monkeypatch, new_page
):
    report = _export(store, profile, tmp_path, monkeypatch, "fr", "Soirée à Riverbend")
    page, requests = _open(new_page, report)

    assert all(url.startswith(("file://", "data:")) for url in requests), requests
    assert page.get_attribute("html", "lang") == "fr"
    text = page.inner_text("body")
    for title in (
        "Évaluation des besoins de la communauté",
        "Ressources de la communauté : Riverbend",
        "Hypothèses",
        "trop peu pour être affiché",
    ):
        assert title in text
    # « Environ 4 200 personnes » (a no-break space between thousands) and « score 13,5 »
    assert re.search(r"Environ \d[\u202f\xa0]\d{3} personnes", text)
    assert re.search(r"score \d+,\d", text)
    _check_prints(page)
