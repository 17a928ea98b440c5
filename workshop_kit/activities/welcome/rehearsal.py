"""What a simulated participant answers to the warm-up in a rehearsal: their group and area."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any


def rehearsal_answers(
    profile: Any, rng: random.Random, language: str, persona: Mapping[str, Any]
) -> list[dict[str, Any]]:
    return [{"group": persona["group"], "area": persona.get("area")}]
