"""The asset-mapping catalogs: every English text has a French one with the same placeholders."""

from __future__ import annotations

import string

from workshop_kit.i18n import load_catalog


def _placeholders(value) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def test_every_asset_key_is_translated_with_the_same_placeholders():
    english = {k: v for k, v in load_catalog("en").items() if k.startswith("assets.")}
    french = load_catalog("fr")
    assert english, "the assets catalog is empty"
    missing = sorted(k for k in english if k not in french)
    assert missing == []
    mismatched = sorted(k for k in english if _placeholders(english[k]) != _placeholders(french[k]))
    assert mismatched == []
