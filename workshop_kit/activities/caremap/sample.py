"""The sample community's example CareMap: fifteen people and services around one caregiver.

Synthetic, like everything in ``data/communities/riverbend/``: for practising the drawing
before a workshop, and for the tests and the benchmark, which need a busy map (the issue asks
that 15 people stay readable on a phone).
"""

from __future__ import annotations

import csv

from workshop_kit.paths import sample_profile_path

#: The file, beside the sample community's profile.
SAMPLE_FILE = "sample-caremap.csv"


def sample_people() -> list[tuple[str, str, str, str]]:
    """The sample caregiver's people and services, in the order they are added: label,
    relationship, whom they care for (``them``: the person cared for; ``me``: the caregiver)
    and how often."""
    path = sample_profile_path().parent / SAMPLE_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["label"], row["relationship"], row["cares_for"], row["frequency"])
            for row in csv.DictReader(handle)
        ]
