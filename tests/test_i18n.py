"""Every English text has a French one with the same placeholders."""

from __future__ import annotations

import string

import pytest

from workshop_kit.i18n import Translator, available_languages, load_catalog, normalise_language


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


def test_language_codes_are_normalised():
    assert normalise_language("fr-CA") == "fr"
    assert normalise_language("FR") == "fr"
    assert normalise_language("xx") == "en"
    assert normalise_language(None) == "en"


def test_an_unknown_key_shows_the_key_not_a_crash():
    assert Translator("fr")("no.such.key") == "no.such.key"
