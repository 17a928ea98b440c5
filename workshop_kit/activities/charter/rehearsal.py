"""What a simulated participant sends in a rehearsal: where the town stands on each commitment."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from workshop_kit.activities.charter.answers import STATUSES
from workshop_kit.activities.charter.commitments import load_commitments


def rehearsal_answers(
    profile: Any, rng: random.Random, language: str, persona: Mapping[str, Any]
) -> list[dict[str, Any]]:
    return [
        {"commitment": commitment, "status": rng.choices(STATUSES, weights=(5, 4, 3, 2, 1))[0]}
        for commitment in load_commitments(variant=profile.charter_variant).ids
    ]
