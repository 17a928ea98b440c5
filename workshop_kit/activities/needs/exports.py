"""The needs assessment's files: what the room saw, as formula-safe CSV and PNG charts.

The files are built from the results the view has just drawn (:attr:`FacilitatorView.results
<workshop_kit.activities.needs.results.FacilitatorView.results>`), never from the answers
again: the export then says exactly what the screen says. That matters for privacy as much as
for trust: a live view shows the answers released in whole blocks of ``min_cell_size``
people (:func:`workshop_kit.core.disclosure.released_answers`), and an export built from all
answers would let someone compare it with the last projected state and learn the answers of
the few people who came after. Needs rated by too few people, suppressed cells and written
answers not approved are left out of the files as they are off the screen.

Saving and offering the files is the core's (:func:`workshop_kit.core.exports.save_exports`,
:func:`workshop_kit.core.widgets.download_links`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from workshop_kit.core.exports import ExportFile, png_bytes, safe_csv
from workshop_kit.i18n import Translator
from workshop_kit.profile import Profile

CSV, PNG = "text/csv", "image/png"


def export_files(results: Mapping[str, Any], profile: Profile, t: Translator) -> list[ExportFile]:
    """The ranking, both breakdowns and the approved themes as CSV, and each chart drawn as
    PNG; nothing before the view drew anything (``results`` empty).

    ``results`` holds what the view drew: ``scores`` (the ranking as it may be shown),
    ``group`` and ``area`` (:class:`~workshop_kit.activities.needs.breakdowns.Breakdown`),
    ``themes`` (the grouping of approved answers) and ``figures`` (chart or ``None``).
    """
    if not results:
        return []
    labels = profile.need_labels(t.language)
    scores = results["scores"].copy()
    scores.insert(0, "label", [labels.get(n, n) for n in scores.index])
    grouping = results["themes"]
    theme_rows = [
        {"theme": " · ".join(theme.words), "answer": text}
        for theme in grouping.themes
        for text in theme.answers
    ] + [{"theme": "", "answer": text} for text in grouping.ungrouped]
    files = [
        ExportFile("needs-ranking.csv", CSV, safe_csv(scores)),
        ExportFile("needs-by-group.csv", CSV, safe_csv(results["group"].table())),
        ExportFile("needs-by-area.csv", CSV, safe_csv(results["area"].table())),
        ExportFile(
            "needs-themes.csv",
            CSV,
            safe_csv(pd.DataFrame(theme_rows, columns=["theme", "answer"])),
        ),
    ]
    for key, figure in results["figures"].items():
        if figure is not None:
            files.append(ExportFile(f"needs-{key}.png", PNG, png_bytes(figure)))
    return files
