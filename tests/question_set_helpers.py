"""A community folder with a question set of every kind, served as a kit serving it would."""

from __future__ import annotations

import shutil
from pathlib import Path

from workshop_kit.paths import sample_profile_path

#: One question of each kind, with a prompt (nothing to answer).
EVERY_KIND = """\
title: {en: "Every kind", fr: "Chaque sorte"}
minutes: 10
questions:
  - id: calm
    kind: scale
    scale: 10
    text: {en: "How calm do you feel?", fr: "Êtes-vous serein ?"}
  - id: first
    kind: choice
    text: {en: "Who first?", fr: "Qui d'abord ?"}
    options:
      - {id: family, en: "Family", fr: "Famille"}
      - {id: doctor, en: "Doctor", fr: "Médecin"}
  - id: matters
    kind: choices
    text: {en: "What matters?", fr: "Qu'est-ce qui compte ?"}
    options:
      - {id: home, en: "Home", fr: "Maison"}
      - {id: pain, en: "No pain", fr: "Sans douleur"}
  - id: order
    kind: ranking
    text: {en: "Which first?", fr: "Quoi d'abord ?"}
    options:
      - {id: talk, en: "Talk", fr: "Parler"}
      - {id: carers, en: "Carers", fr: "Aidants"}
      - {id: grief, en: "Grief", fr: "Deuil"}
  - id: talk_about
    kind: prompt
    text: {en: "Talk about it.", fr: "Parlez-en."}
  - id: wish
    kind: text
    text: {en: "One wish", fr: "Un souhait"}
"""


def community_with_sets(folder: Path, sets: dict[str, str]) -> Path:
    """A copy of the sample community in ``folder`` with ``questions/<id>.yaml`` for each set;
    returns its profile's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sample_profile_path().parent.iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "questions").mkdir(exist_ok=True)
    for set_id, text in sets.items():
        (folder / "questions" / f"{set_id}.yaml").write_text(text, encoding="utf-8")
    return folder / "profile.yaml"
