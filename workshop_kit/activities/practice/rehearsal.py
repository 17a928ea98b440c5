"""What a simulated member sends in a rehearsal: value in each cycle, sometimes a story."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from workshop_kit.activities.practice.answers import CYCLES, LEVELS

STORIES = {
    "en": "At the spring gathering I met the hospice's volunteer lead; we now run a monthly "
    "grief café in the library, and twelve people came to the last one.",
    "fr": "À la rencontre du printemps, j'ai rencontré la responsable des bénévoles du centre "
    "de soins palliatifs ; nous tenons maintenant un café deuil mensuel à la bibliothèque.",
}


def rehearsal_answers(
    profile: Any, rng: random.Random, language: str, persona: Mapping[str, Any]
) -> list[dict[str, Any]]:
    answers: list[dict[str, Any]] = []
    for stage, cycle in enumerate(CYCLES):  # later cycles are reached less often
        weights = (1 + stage, 3, max(1, 4 - stage))
        answers.append({"cycle": cycle, "level": rng.choices(LEVELS, weights=weights)[0]})
    if rng.random() < 0.3:
        answers.append({"story": STORIES.get(language, STORIES["en"])})
    return answers
