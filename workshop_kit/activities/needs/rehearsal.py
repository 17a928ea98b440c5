"""What a simulated participant sends in a rehearsal: a rating of most needs, sometimes a text.

Plausible rather than uniform: importance leans high and "how well met" leans low, as in the
rooms the kit was built for, so the ranking on the projector has a shape worth discussing. The
written answers are invented, short, and need the facilitator's approval like any other.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

TEXTS = {
    "en": (
        "Someone to sit with Dad on Tuesday evenings so I can go to choir.",
        "Knowing who to call at night when things get worse.",
        "A lift to the hospital that does not cost a day's pay.",
        "People who do not change the subject when I talk about my wife.",
        "Help with the forms after the funeral.",
    ),
    "fr": (
        "Quelqu'un pour rester avec papa le mardi soir, que je puisse aller à la chorale.",
        "Savoir qui appeler la nuit quand ça s'aggrave.",
        "Un transport à l'hôpital qui ne coûte pas une journée de salaire.",
        "Des gens qui ne changent pas de sujet quand je parle de ma femme.",
        "De l'aide pour les papiers après les funérailles.",
    ),
}


def rehearsal_answers(
    profile: Any, rng: random.Random, language: str, persona: Mapping[str, Any]
) -> list[dict[str, Any]]:
    needs = [need.id for need in profile.needs]
    rated = rng.sample(needs, k=max(1, round(len(needs) * rng.uniform(0.7, 1.0))))
    answers = [
        {
            "need": need,
            "importance": rng.choices(range(1, 6), weights=(1, 2, 4, 6, 6))[0],
            "met": rng.choices(range(1, 6), weights=(5, 6, 4, 2, 1))[0],
            "group": persona["group"],
            "area": persona.get("area"),
        }
        for need in needs
        if need in rated
    ]
    if rng.random() < 0.4:
        answers.append({"text": rng.choice(TEXTS.get(language, TEXTS["en"]))})
    return answers
