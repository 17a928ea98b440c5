"""Every English text has a French one with the same placeholders, and every facilitator
note has its French counterpart with the same sections and the same timings."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from workshop_kit.core.notes import (
    SECTIONS,
    load_notes,
    notes_dir,
    notes_path,
    notes_stems,
)
from workshop_kit.i18n import Translator, available_languages, load_catalog, normalise_language
from workshop_kit.paths import LAB_NOTEBOOKS

ROOT = Path(__file__).resolve().parent.parent
#: Notebooks with a facilitator page; the participant app has no notes (nothing to read there).
FACILITATOR_NOTEBOOKS = sorted(
    path.stem
    for path in (ROOT / "notebooks").glob("*.ipynb")
    if path.name != "participant.ipynb" and path.name not in LAB_NOTEBOOKS
)


def placeholders(text) -> set[str]:
    texts = text.values() if isinstance(text, dict) else [text]
    return {
        name for value in texts for _, name, _, _ in string.Formatter().parse(str(value)) if name
    }


def test_english_and_french_are_available():
    assert {"en", "fr"} <= set(available_languages())


@pytest.mark.parametrize("language", [code for code in available_languages() if code != "en"])
def test_every_key_is_translated_with_the_same_placeholders(language):
    english = load_catalog("en")
    other = load_catalog(language)
    missing = sorted(set(english) - set(other))
    assert missing == [], f"{language} lacks {missing}"
    extra = sorted(set(other) - set(english))
    assert extra == [], f"{language} has keys English does not: {extra}"
    mismatched = [k for k in english if placeholders(english[k]) != placeholders(other[k])]
    assert mismatched == []
    empty = [k for k, v in other.items() if not str(v).strip()]
    assert empty == []


def test_plurals_and_numbers_follow_the_language():
    english, french = Translator("en"), Translator("fr")
    assert english("hub.participants", count=1) == "1 participant"
    assert english("hub.participants", count=4100) == "4,100 participants"
    assert french("hub.participants", count=0) == "0 participant"
    assert french("hub.participants", count=4100) == "4\u202f100 participants"


def test_numbers_and_dates_are_written_as_each_language_writes_them():
    from datetime import date

    english, french = Translator("en"), Translator("fr")
    assert english.number(1234.5, 1) == "1,234.5"
    assert french.number(1234.5, 1) == "1\u202f234,5"
    assert french.percent(0.125, 1).startswith("12,5")
    assert english.date(date(2026, 3, 12)) == "March 12, 2026"
    assert french.date(date(2026, 3, 12)) == "12 mars 2026"


@pytest.mark.parametrize("language", [code for code in available_languages() if code != "en"])
def test_no_text_is_left_in_english(language):
    """A text the same in both languages is a word shared by both ("Contact", "Session"), not
    an English sentence copied over: two words or more that match are an untranslated copy."""
    english, other = load_catalog("en"), load_catalog(language)

    def words(text) -> int:
        """The most words, placeholders left out, in any plural form of ``text``."""
        texts = text.values() if isinstance(text, dict) else [text]
        plain = [string.Formatter().vformat(str(v), (), _Blank()).split() for v in texts]
        return max(len([w for w in form if w.isalpha()]) for form in plain)

    copied = [k for k in english if english[k] == other.get(k) and words(english[k]) > 1]
    assert copied == [], f"{language} copies English texts: {copied}"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def test_language_codes_are_normalised():
    assert normalise_language("fr-CA") == "fr"
    assert normalise_language("FR") == "fr"
    assert normalise_language("xx") == "en"
    assert normalise_language(None) == "en"


def test_an_unknown_key_shows_the_key_not_a_crash():
    assert Translator("fr")("no.such.key") == "no.such.key"


# -- facilitator notes --------------------------------------------------------------------------


def test_every_facilitator_notebook_has_notes_in_every_language():
    missing = [
        f"notebooks/notes/{stem}.{language}.md"
        for stem in FACILITATOR_NOTEBOOKS
        for language in available_languages()
        if notes_path(stem, language) is None
    ]
    assert missing == []


def test_every_notes_file_is_named_for_a_notebook_and_a_language():
    for path in notes_dir().iterdir():
        stem, _, language = path.name.removesuffix(".md").rpartition(".")
        assert path.suffix == ".md" and language in available_languages(), path.name
        assert (ROOT / "notebooks" / f"{stem}.ipynb").exists(), f"{path.name}: no such notebook"


def test_the_section_headings_exist_in_every_language():
    for language in available_languages():
        catalog = load_catalog(language)
        headings = [catalog.get(f"notes.section.{section}") for section in SECTIONS]
        assert all(headings) and len(set(headings)) == len(SECTIONS), language


def shape(stem: str, language: str):
    """What must be the same in every language: sections, steps and timings, settings."""
    notes = load_notes(stem, language)
    assert notes is not None and notes.language == language, f"{stem}.{language}.md is missing"
    return {
        "sections": [s.id for s in notes.sections],
        "parts": {s.id: [(p.timed, p.low, p.high) for p in s.parts] for s in notes.sections},
        "settings": notes.settings,
    }


@pytest.mark.parametrize("language", [code for code in available_languages() if code != "en"])
@pytest.mark.parametrize("stem", notes_stems())
def test_every_note_is_translated_with_the_same_sections_and_timings(stem, language):
    english, other = shape(stem, "en"), shape(stem, language)
    assert other["sections"] == english["sections"], f"{stem}.{language}.md: sections differ"
    assert other["parts"] == english["parts"], f"{stem}.{language}.md: steps or timings differ"
    assert other["settings"] == english["settings"]
    english_text = (notes_dir() / f"{stem}.en.md").read_text(encoding="utf-8")
    other_text = (notes_dir() / f"{stem}.{language}.md").read_text(encoding="utf-8")
    shared = set(english_text.split("\n\n")) & set(other_text.split("\n\n"))
    untranslated = [p for p in shared if len(p) > 60 and not p.startswith(("---", "#"))]
    assert untranslated == [], f"{stem}.{language}.md copies English paragraphs"


@pytest.mark.parametrize("language", available_languages())
@pytest.mark.parametrize("stem", notes_stems())
def test_the_time_section_says_what_the_script_adds_up_to(stem, language):
    notes = load_notes(stem, language)
    time = notes.section("time")
    match = re.search(r"(\d+)(?:\s*(?:–|-|à)\s*(\d+))?\s*min", time.body)
    assert match, f"{stem}.{language}.md: the time section gives no minutes"
    stated = (int(match[1]), int(match[2] or match[1]))
    assert stated == notes.minutes, f"{stem}.{language}.md says {stated}, script {notes.minutes}"


@pytest.mark.parametrize(
    "key, values",
    [
        ("welcome.summary_waiting", {"min": 5}),
        ("charter.summary.waiting", {"min": 5}),
        ("cli.bundle_stored", {"code": "ABC123"}),
    ],
)
def test_a_count_of_one_is_said_in_the_singular_in_every_language(key, values):
    """Babel's plural rules pick the form: "1 person answered", never "1 people answered"."""
    singular = {"en": ("1 person", "1 answer "), "fr": ("1 personne", "1 réponse ")}
    for language in available_languages():
        text = Translator(language)(key, count=1, **values)
        assert text.startswith(singular[language]), (language, text)
