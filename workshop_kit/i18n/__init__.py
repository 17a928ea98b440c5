"""Translations: every user-facing string goes through here.

Catalogs are YAML files, one folder per language (``en/``, ``fr/``), one file per part of
the kit (``core.yaml``, ``needs.yaml`` …) so that activities can add strings without touching
each other. Keys are dotted (``hub.create_session``); values are ``str.format`` templates.
A value may be a mapping of CLDR plural categories (``one``, ``other`` …) chosen with
``count``. Numbers are formatted with Babel so French reads ``4 100`` where English reads
``4,100``.

A trainer adds a language by copying ``en/`` to a new folder and translating the values;
``tests/test_i18n.py`` then tells which keys are missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

CATALOG_DIR = Path(__file__).parent
DEFAULT_LANGUAGE = "en"


class CatalogError(ValueError):
    """A catalog file is malformed or defines a key twice."""


def available_languages() -> list[str]:
    return sorted(
        p.name for p in CATALOG_DIR.iterdir() if p.is_dir() and not p.name.startswith("_")
    )


@cache
def load_catalog(language: str) -> dict[str, Any]:
    """All keys of one language, merged from every YAML file of its folder."""
    folder = CATALOG_DIR / language
    if not folder.is_dir():
        raise KeyError(language)
    merged: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(entries, Mapping):
            raise CatalogError(f"{path}: expected a mapping of keys to texts")
        for key, value in _flatten(entries):
            if key in merged:
                raise CatalogError(f"{path}: key {key!r} is defined twice")
            merged[key] = value
    return merged


def _flatten(entries: Mapping[str, Any], prefix: str = ""):
    for key, value in entries.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping) and not _is_plural(value):
            yield from _flatten(value, full + ".")
        else:
            yield full, value


_PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}


def _is_plural(value: Mapping[str, Any]) -> bool:
    return bool(value) and set(value) <= _PLURAL_CATEGORIES and "other" in value


def texts_in_every_language(prefix: str, ids) -> dict[str, list[str]]:
    """``{id: [text of "<prefix>.<id>" in each catalog language]}``: for reading files whose
    cells hold labels as people typed them, in whichever language the kit speaks."""
    labels: dict[str, list[str]] = {item: [] for item in ids}
    for language in available_languages():
        catalog = load_catalog(language)
        for item in labels:
            text = catalog.get(f"{prefix}.{item}")
            if isinstance(text, str):
                labels[item].append(text)
    return labels


def normalise_language(language: str | None) -> str:
    """Map ``fr-CA``, ``FR`` or an unknown code onto a language the kit has."""
    if not language:
        return DEFAULT_LANGUAGE
    code = language.replace("_", "-").split("-")[0].lower()
    return code if code in available_languages() else DEFAULT_LANGUAGE


#: Texts a trainer wrote in their own files (a question set's wording), by language and key:
#: see :func:`add_file_texts`.
_FILE_TEXTS: dict[str, dict[str, str]] = {}


def add_file_texts(language: str, texts: Mapping[str, str]) -> None:
    """Make ``texts`` translatable like the catalogs' (``t("questions.sets.x.title")``).

    Why: a question set carries its English and French wording in its own file, so a trainer
    adds a question without touching the kit's catalogs; the screens still ask the
    :class:`Translator` for every text. A catalog's own key always wins over a file's.
    """
    _FILE_TEXTS.setdefault(language, {}).update(texts)


class Translator:
    """Translate keys for one language; falls back to English, then to the key itself."""

    def __init__(self, language: str | None = None) -> None:
        self.language = normalise_language(language)
        self._locale = Locale.parse(self.language)

    def __call__(self, key: str, /, **values: Any) -> str:
        text = load_catalog(self.language).get(key)
        if text is None:
            text = _FILE_TEXTS.get(self.language, {}).get(key)
        if text is None:
            text = load_catalog(DEFAULT_LANGUAGE).get(key)
        if text is None:
            text = _FILE_TEXTS.get(DEFAULT_LANGUAGE, {}).get(key, key)
        if isinstance(text, Mapping):
            count = values.get("count", 0)
            category = self._locale.plural_form(abs(count))
            text = text.get(category, text["other"])
        if values:
            shown = {k: self.number(v) if _is_number(v) else v for k, v in values.items()}
            return str(text).format(**shown)
        return str(text)

    def number(self, value: float, digits: int = 0) -> str:
        """A number rounded for a room of people: ``4,100`` / ``4 100``."""
        if digits == 0 and isinstance(value, int) and 0 <= value < 1000:
            # Written the same in every language the kit speaks; skipping Babel here spares
            # each phone's kernel the 5 MB of locale data it would otherwise load.
            return str(value)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self._locale)

    def percent(self, fraction: float, digits: int = 0) -> str:
        """A fraction as a percentage in the language's own pattern: ``75%`` / ``75 %``
        (French puts a no-break space before the sign), with ``digits`` decimals."""
        pattern = self._locale.percent_formats[None].pattern.split(";")[0]
        last = pattern.rfind("0")  # the decimals go after the last digit placeholder
        decimals = "." + "0" * digits if digits else ""
        pattern = pattern[: last + 1] + decimals + pattern[last + 1 :]
        return format_percent(fraction, format=pattern, locale=self._locale)

    def money(self, value: float, currency: str) -> str:
        return format_currency(value, currency, locale=self._locale, format_type="standard")

    def date(self, day: date) -> str:
        """A date as people write it: ``12 March 2026`` / ``12 mars 2026``."""
        return format_date(day, format="long", locale=self._locale)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
