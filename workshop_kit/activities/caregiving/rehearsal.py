"""What a simulated participant sends in a rehearsal: their own caregiving, if they give care.

Hours follow the shape Statistics Canada reports (most give under 10 hours a week, about a
fifth 20 or more); a participant who gives no care sends nothing, as in a hall.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from workshop_kit.activities.caregiving.answers import CARE_TASKS


def rehearsal_answers(
    profile: Any, rng: random.Random, language: str, persona: Mapping[str, Any]
) -> list[dict[str, Any]]:
    if persona["group"] != "caregiver" and rng.random() < 0.6:
        return []
    band = rng.choices(((1, 9), (10, 19), (20, 60)), weights=(64, 15, 21))[0]
    return [
        {
            "hours_per_week": float(rng.randint(*band)),
            "tasks": rng.sample(CARE_TASKS, k=rng.randint(1, 4)),
        }
    ]
