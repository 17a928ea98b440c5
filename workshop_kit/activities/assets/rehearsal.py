"""What a simulated participant sends in a rehearsal: one to three assets they know.

Names repeat across participants with small differences ("Public library", "public library")
so that the facilitator can practise merging duplicates.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from workshop_kit.activities.assets.answers import category_ids

#: (name in English, in French, category)
PLACES = (
    ("Public library", "Bibliothèque municipale", "institutions"),
    ("public library", "bibliotheque municipale", "places"),
    ("Seniors' lunch club", "Club de l'âge d'or", "associations"),
    ("Parish hall", "Salle paroissiale", "places"),
    ("Walking group", "Groupe de marche", "associations"),
    ("Food bank", "Banque alimentaire", "associations"),
    ("Hospice volunteers", "Bénévoles du centre de soins palliatifs", "institutions"),
    ("Pharmacy on Main Street", "Pharmacie de la rue Principale", "economy"),
    ("Riverside park", "Parc du bord de l'eau", "nature"),
    ("Memory café", "Café mémoire", "culture"),
)


def rehearsal_answers(
    profile: Any, rng: random.Random, language: str, persona: Mapping[str, Any]
) -> list[dict[str, Any]]:
    categories = set(category_ids(profile))
    needs = [need.id for need in profile.needs]
    areas = [area.id for area in profile.areas]
    answers = []
    for english, french, category in rng.sample(PLACES, k=rng.randint(1, 3)):
        answers.append(
            {
                "name": french if language == "fr" else english,
                "category": category if category in categories else "places",
                "area": persona.get("area") or rng.choice(areas),
                "needs": rng.sample(needs, k=min(len(needs), rng.randint(1, 2))),
            }
        )
    return answers
