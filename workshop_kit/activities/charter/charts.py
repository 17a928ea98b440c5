"""The Charter chart: where the room thinks the town stands on each commitment, and how much
people disagree.

Data in, matplotlib ``Figure`` out (no widgets, files or database). Takes the table of
:func:`~workshop_kit.activities.charter.model.charter_table`, where disclosure control is already
applied: a commitment with too few ratings gets words, not a bar.

Two panels share the commitments, in the charter's order from the top: on the left, progress
(0% = everyone said "not started", 100% = everyone said "in place"), each bar coloured by the
typical (median) status; on the right, disagreement (0 = everyone agrees, 1 = split between the
two ends), with the line from which a commitment is offered for discussion. Bars rather than a
radar: thirteen spokes are hard to read, a radar's area exaggerates, and bars leave room for
"too few to show" on the line where a number would be.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from workshop_kit.activities.charter.model import DISCUSS_MIN, RATED, status_labels
from workshop_kit.core.chart_style import PALETTE, TEXT_COLOUR, new_figure, tidy_axes
from workshop_kit.core.disclosure import NO_ANSWERS, SHOWN
from workshop_kit.i18n import Translator

#: Not started → in place runs from vermilion to bluish green (Okabe–Ito, colour-blind safe).
STATUS_COLOURS = {
    "not_started": PALETTE[5],
    "planned": PALETTE[1],
    "under_way": PALETTE[4],
    "in_place": PALETTE[2],
}
DISAGREEMENT_COLOUR = "#9e9e9e"
DISCUSS_COLOUR = PALETTE[3]


def status_chart(
    table: pd.DataFrame,
    labels: Mapping[str, str],
    status_labels: Mapping[str, str],
    texts: Mapping[str, str],
    percent: Callable[[float], str] = "{:.0%}".format,
    number: Callable[[float], str] = "{:.2f}".format,
) -> Figure:
    """Progress and disagreement per commitment (see the module docstring).

    ``texts`` holds the words drawn on the chart, already translated: ``title``, ``progress``,
    ``disagreement``, ``too_few``, ``no_answers``, ``no_scale`` (rated, but not by enough
    people on the scale). ``percent`` and ``number`` format the values for the reader's
    language.
    """
    figure = new_figure(11.0, max(3.2, 0.5 * len(table) + 2.2))
    progress_axes, split_axes = figure.subplots(
        1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2]}
    )
    positions = list(range(len(table)))
    for position, (_commitment, row) in zip(positions, table.iterrows(), strict=True):
        if row["status"] != SHOWN or pd.isna(row["progress"]):
            if row["status"] == NO_ANSWERS:
                text = texts["no_answers"]
            elif row["status"] == SHOWN:
                text = texts["no_scale"]
            else:
                text = texts["too_few"]
            progress_axes.text(
                0.01,
                position,
                text,
                va="center",
                fontsize=11,
                fontstyle="italic",
                color=TEXT_COLOUR,
            )
            continue
        value = float(row["progress"])
        progress_axes.barh(position, value, color=STATUS_COLOURS[str(row["typical"])], height=0.7)
        progress_axes.text(
            value + 0.01, position, percent(value), va="center", fontsize=11, color=TEXT_COLOUR
        )
        split = float(row["disagreement"])
        colour = DISCUSS_COLOUR if split >= DISCUSS_MIN - 1e-9 else DISAGREEMENT_COLOUR
        split_axes.barh(position, split, color=colour, height=0.7)
        split_axes.text(
            split + 0.02, position, number(split), va="center", fontsize=11, color=TEXT_COLOUR
        )
    progress_axes.set_yticks(positions, [labels.get(c, c) for c in table.index])
    progress_axes.invert_yaxis()
    progress_axes.set_xlim(0, 1.15)
    progress_axes.set_xticks(
        [0, 0.25, 0.5, 0.75, 1.0], [percent(v) for v in (0, 0.25, 0.5, 0.75, 1.0)]
    )
    progress_axes.set_title(texts["progress"], loc="left", fontsize=12)
    split_axes.set_xlim(0, 1.25)
    split_axes.set_xticks([0, 0.5, 1.0], [number(v) for v in (0, 0.5, 1.0)])
    split_axes.axvline(DISCUSS_MIN, color=DISCUSS_COLOUR, linestyle="--", linewidth=1)
    split_axes.set_title(texts["disagreement"], loc="left", fontsize=12)
    for axes in (progress_axes, split_axes):
        tidy_axes(axes)
    handles = [Patch(color=STATUS_COLOURS[s], label=status_labels.get(s, s)) for s in RATED]
    figure.legend(
        handles=handles,
        loc="outside lower center",
        ncols=4,
        frameon=False,
        fontsize=11,
        title=texts.get("legend", ""),
    )
    if texts.get("title"):
        figure.suptitle(texts["title"], x=0.01, ha="left", fontsize=14, fontweight="bold")
    return figure


def chart_figure(table: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> Figure | None:
    """The chart of ``table`` in the words of ``t``, or ``None`` when no commitment has a
    figure to show yet (the projector and the report draw the same one)."""
    if table["progress"].dropna().empty:
        return None
    texts = {
        key: t(f"charter.chart.{key}")
        for key in ("title", "progress", "disagreement", "legend", "no_scale", "no_answers")
    }
    texts["too_few"] = t("app.too_few")
    return status_chart(
        table,
        labels,
        status_labels(t),
        texts,
        percent=t.percent,
        number=lambda value: t.number(value, 2),
    )
