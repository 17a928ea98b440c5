"""What a simulated participant answers to a question set in a rehearsal: every question,
plausibly (a scale leaning to the middle, one or two choices, a shuffled ranking, now and
then a written line)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from workshop_kit.activities.questions.sets import question_set

#: Written answers a practice room sends (nothing that names anyone).
PRACTICE_TEXTS = {
    "en": ["More time to talk with each other", "Help with meals", "Knowing who to call"],
    "fr": ["Plus de temps pour parler ensemble", "De l'aide pour les repas", "Savoir qui appeler"],
}


def rehearsal_answers(
    set_id: str, profile: Any, rng: random.Random, language: str, persona: Mapping[str, Any]
) -> list[dict[str, Any]]:
    payloads: list[dict[str, Any]] = []
    for question in question_set(set_id).questions:
        options = question.option_ids
        if question.kind == "scale":
            middle = (question.lowest + question.highest) / 2
            value = round(rng.triangular(question.lowest, question.highest, middle))
            payloads.append({"question": question.id, "scale": value})
        elif question.kind == "choice":
            payloads.append({"question": question.id, "choice": rng.choice(options)})
        elif question.kind == "choices":
            size = rng.randint(1, min(question.max or 2, 2, len(options)))
            payloads.append({"question": question.id, "choices": rng.sample(options, size)})
        elif question.kind == "ranking":
            payloads.append({"question": question.id, "ranking": rng.sample(options, len(options))})
        elif question.kind == "text" and rng.random() < 0.4:
            texts = PRACTICE_TEXTS.get(language, PRACTICE_TEXTS["en"])
            payloads.append({"question": question.id, "text": rng.choice(texts)})
    return payloads
