"""``workshop-kit guide``: the printable run of show, built from the notes and the registry."""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from workshop_kit.cli import main
from workshop_kit.core import guide
from workshop_kit.core.activity import ActivityInfo, discover
from workshop_kit.core.guide import GuideError, plan
from workshop_kit.i18n import Translator, available_languages

ROOT = Path(__file__).resolve().parent.parent
URL = "http://192.168.1.10:8866"


@pytest.fixture(scope="module")
def guides(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("guide")
    assert main(["guide", "--out", str(folder), "--url", URL, "--start", "18:30"]) == 0
    return {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}


def minutes(page: str) -> list[int]:
    return [int(m) for m in re.findall(r'data-minutes="(\d+)"', page)]


def test_one_file_per_length_and_language(guides):
    assert sorted(guides) == [
        "run-of-show-2h.en.html",
        "run-of-show-2h.fr.html",
        "run-of-show-3h.en.html",
        "run-of-show-3h.fr.html",
    ]


@pytest.mark.parametrize("hours", [2, 3])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_agenda_adds_up_and_shows_every_activity_page(guides, hours, language):
    page = guides[f"run-of-show-{hours}h.{language}.html"]
    assert sum(minutes(page)) == hours * 60
    t = Translator(language)
    assert t("guide.total", count=hours * 60) in page
    pages = [info.page for info in discover().values() if info.page]
    assert pages, "the registry lists activity pages"
    for notebook in pages:
        assert f"({notebook})" in page, f"{notebook} is not in the {hours}-hour agenda"
    assert t("hub.title") in page  # the hub, for joining and closing


def test_the_times_follow_the_start_and_the_language(guides):
    english, french = guides["run-of-show-2h.en.html"], guides["run-of-show-2h.fr.html"]
    assert "6:30\u202fPM" in english or "6:30 PM" in english
    assert ">18:30<" in french  # the first row, in French style
    assert html.escape(Translator("fr")("guide.starts", time="18:30", end="20:30")) in french


def test_the_french_guide_is_in_french(guides):
    french = guides["run-of-show-3h.fr.html"]
    english_catalog, french_catalog = Translator("en"), Translator("fr")
    assert '<html lang="fr">' in french
    for key in ("guide.agenda", "guide.materials_title", "guide.join_title", "guide.break"):
        assert html.escape(french_catalog(key)) in french
        assert html.escape(english_catalog(key)) not in french, key
    for english_words in ("Welcome and joining", "Reading together", "Start here"):
        assert english_words not in french
    assert "Accueil et connexion" in french and "Commencer ici" in french


def test_a_three_hour_workshop_has_a_break_and_a_two_hour_one_none(guides):
    assert "Pause" in guides["run-of-show-3h.fr.html"]
    assert ">Break<" in guides["run-of-show-3h.en.html"]
    assert ">Break<" not in guides["run-of-show-2h.en.html"]


def test_joining_has_the_qr_code_inline_and_nothing_loads_from_elsewhere(guides):
    for name, page in guides.items():
        assert "<svg" in page and 'class="wk-qr" role="img"' in page, name
        assert "<script" not in page and "<a " not in page and "<img" not in page, name
        assert "src=" not in page and "url(" not in page and "@import" not in page, name
        addresses = {a.rstrip(".,;:") for a in re.findall(r"https?://[^\s<\"')]+", page)}
        assert addresses == {f"{URL}/"}, (name, addresses)


def test_the_materials_checklist_comes_from_the_notes(guides):
    english = guides["run-of-show-2h.en.html"]
    assert "wk-checklist" in english
    assert "The workshop laptop with the kit installed" in english
    assert "One example of each kind of asset in this community" in english  # 02's notes
    assert "<code>data/templates/assets-template.csv</code>" in english


def test_a_session_code_goes_into_the_join_link():
    show = plan(120, "en")
    page = guide.guide_html(show, guide.join_link(URL, "ABC234"), "ABC234", guide.time(9, 30))
    assert f"{URL}/join/ABC234" in page and "enter the code ABC234" in page


def test_every_length_from_the_shortest_adds_up(monkeypatch):
    for length in range(25, 400, 5):
        for language in available_languages():
            assert plan(length, language).total == length
    with pytest.raises(GuideError):
        plan(20, "en")  # shorter than opening and closing together


def test_an_activity_that_does_not_fit_is_listed_not_squeezed(tmp_path, monkeypatch):
    """A new activity's notes join the guide by themselves; one too long for 2 hours is named
    under "not in this agenda" with its page, and the agenda still adds up."""
    shutil.copytree(ROOT / "notebooks" / "notes", tmp_path / "notes")
    for language in ("en", "fr"):
        text = (tmp_path / "notes" / f"03_caregiver_load.{language}.md").read_text()
        long = text.replace("### 5 min", "### 50 min", 1).replace("25–35", "70–80", 1)
        (tmp_path / "notes" / f"09_long.{language}.md").write_text(long)
    monkeypatch.setenv("WORKSHOP_KIT_NOTEBOOKS", str(tmp_path))
    extra = replace(discover()["caregiving"], id="long", order=99, page="09_long.ipynb")
    registry: dict[str, ActivityInfo] = {**discover(), "long": extra}
    monkeypatch.setattr(guide, "discover", lambda: registry)
    short, long_show = plan(120, "en"), plan(180, "en")
    assert short.total == 120 and long_show.total == 180
    # real activities may be left out too (the Charter's 50 minutes do not fit in 2 hours)
    assert "09_long.ipynb" in [page for _, page in short.left_out]
    assert not any(block.activity == "long" for block in short.blocks)
    in_agenda = any(block.activity == "long" for block in long_show.blocks)
    assert in_agenda != ("09_long.ipynb" in [page for _, page in long_show.left_out])


def test_text_from_the_notes_is_escaped(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "notebooks" / "notes", tmp_path / "notes")
    path = tmp_path / "notes" / "00_start_here.en.md"
    path.write_text(
        path.read_text()
        .replace("### 5 min · Warm-up", "### 5 min · <b>Warm</b>-up")
        .replace(
            "- A Wi-Fi network",
            "- <img src=x onerror=alert(1)> [site](https://example.org) A Wi-Fi network",
        )
    )
    monkeypatch.setenv("WORKSHOP_KIT_NOTEBOOKS", str(tmp_path))
    page = guide.guide_html(plan(120, "en"), URL + "/", None, guide.time(9, 30))
    assert "&lt;b&gt;Warm&lt;/b&gt;-up" in page and "<b>Warm" not in page
    assert "<img" not in page and "&lt;img src=x" in page
    assert "site (https://example.org)" in page and "<a " not in page


def test_a_bad_start_time_or_address_is_a_one_line_error(tmp_path, capsys):
    assert main(["guide", "--out", str(tmp_path), "--start", "half past six"]) == 2
    assert "--start must be a time such as 18:30" in capsys.readouterr().err
    assert main(["guide", "--out", str(tmp_path), "--url", "javascript:alert(1)"]) == 2
    assert "--url must start with http://" in capsys.readouterr().err
