"""What a simulated caregiver sends in a rehearsal: a small CareMap, usually shared."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from workshop_kit.activities.caremap.answers import FREQUENCIES, HELP_KINDS, LIVES

#: (label, relationship) of people and services around a caregiver.
PEOPLE = (
    ("Sam", "friend"),
    ("Dr Ortiz", "health_professional"),
    ("Home care", "paid_service"),
    ("Church group", "faith_group"),
    ("Neighbour Ann", "neighbour"),
    ("My sister", "family"),
    ("Rex", "pet"),
)
CARED_FOR = {"en": ("Mum", "Dad", "My husband"), "fr": ("Maman", "Papa", "Mon mari")}


def rehearsal_answers(
    profile: Any, rng: random.Random, language: str, persona: Mapping[str, Any]
) -> list[dict[str, Any]]:
    if persona["group"] != "caregiver" and rng.random() < 0.7:
        return []
    chosen = rng.sample(PEOPLE, k=rng.randint(2, 5))
    people = [
        {
            "id": f"p{index}",
            "label": label,
            "relationship": relationship,
            "lives": rng.choice(LIVES),
        }
        for index, (label, relationship) in enumerate(chosen, start=1)
    ]
    ties = [{"giver": "me", "receiver": "them", "help": ["personal_care"], "frequency": "daily"}]
    for person in people:
        ties.append(
            {
                "giver": person["id"],
                "receiver": rng.choice(("me", "them")),
                "help": rng.sample(HELP_KINDS, k=rng.randint(1, 2)),
                "frequency": rng.choice(FREQUENCIES),
            }
        )
    name = rng.choice(CARED_FOR.get(language, CARED_FOR["en"]))
    return [
        {
            "shared": rng.random() < 0.75,
            "cared_for": [{"id": "them", "label": name, "relationship": "family"}],
            "people": people,
            "ties": ties,
        }
    ]
