"""What the notes tests look for: plain phrases of a notebook's notes, and where they show."""

from __future__ import annotations

import re

from workshop_kit.core.notes import load_notes


def phrases(stem: str, language: str) -> list[str]:
    """Plain runs of words from every part of a notebook's notes (what must stay hidden)."""
    notes = load_notes(stem, language)
    assert notes is not None
    bodies = [s.body for s in notes.sections] + [p.body for s in notes.sections for p in s.parts]
    found = []
    for body in bodies:
        match = re.search(r"[A-Za-zÀ-ÿ ]{30,}", body.replace("\n", " "))
        if match:
            found.append(match[0].strip())
    assert len(found) >= 5
    return found


def shown_anywhere(text: str, stem: str, language: str) -> list[str]:
    """The phrases of those notes found in ``text`` (line breaks count as spaces)."""
    text = " ".join(text.split())
    return [p for p in phrases(stem, language) if p in text]
