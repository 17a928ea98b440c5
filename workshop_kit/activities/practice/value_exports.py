"""The year's value-creation matrix and multiagency contribution as CSV files.

Beside :func:`.exports.year_files` (indicators, participation, stories): the value-creation
matrix (one row per approved story, one column per cycle it passes through), each cycle's
indicator, and each organisation's contributions. Only approved stories and shown cells go
out; every CSV goes through :func:`workshop_kit.core.exports.safe_csv`.
"""

from __future__ import annotations

from workshop_kit.activities.practice.data import YearData
from workshop_kit.core.exports import ExportFile, safe_csv
from workshop_kit.i18n import Translator


def value_creation_files(data: YearData | None, t: Translator) -> list[ExportFile]:
    """``practice-<year>-value-creation-matrix.csv``, ``…-indicators.csv`` and
    ``…-contribution.csv``; nothing without a year."""
    if data is None or data.creation is None or data.contributions is None:
        return []
    stem = f"practice-{data.year}"
    matrix = data.creation.table()
    matrix.insert(0, "community", data.community)
    indicators = data.creation.indicator_table()
    indicators.insert(1, "label", [t(f"practice.cycle.{c}") for c in indicators["cycle"]])
    contributions = data.contributions.reset_index()
    return [
        ExportFile(f"{stem}-value-creation-matrix.csv", "text/csv", safe_csv(matrix)),
        ExportFile(f"{stem}-indicators.csv", "text/csv", safe_csv(indicators)),
        ExportFile(f"{stem}-contribution.csv", "text/csv", safe_csv(contributions)),
    ]
