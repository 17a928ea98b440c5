"""Charts of the year that are not ratings: the value-creation matrix and the multiagency
contribution record.

- :func:`creation_matrix_chart`: cycles across (immediate → reframing), one row per approved
  story, a dot in each cycle the story passes through joined by a line (the path from an
  activity to the difference it made), and a last row with each cycle's indicator (mean
  rating and raters, or "too few to show"). Stories are numbered; their words are listed
  under the chart, not squeezed into it.
- :func:`contribution_chart`: one horizontal bar per organisation, stacked by kind of
  contribution (hosting, facilitation, referrals, joint actions, resources).

Drawn like :mod:`.charts` (Okabe–Ito colours, typed labels with mathtext off). Data in, a
Figure out: no widgets or files.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from workshop_kit.activities.practice.answers import CONTRIBUTIONS, CYCLES
from workshop_kit.activities.practice.value_creation import ValueCreationMatrix
from workshop_kit.core.chart_style import PALETTE, TEXT_COLOUR, new_figure, tidy_axes
from workshop_kit.i18n import Translator

#: Most stories drawn as rows (the list under the chart has them all).
MAX_STORY_ROWS = 24
#: Most organisations drawn as bars.
MAX_ORGANISATIONS = 30


def _plain(texts) -> None:
    for text in texts:
        text.set_parse_math(False)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def creation_matrix_chart(
    matrix: ValueCreationMatrix, cycle_labels: Mapping[str, str], t: Translator
) -> Figure | None:
    """The value-creation matrix; ``None`` when there is no approved story."""
    stories = list(matrix.stories[:MAX_STORY_ROWS])
    if not stories:
        return None
    rows = len(stories) + 1
    figure = new_figure(10.0, min(12.0, 1.6 + 0.42 * rows))
    axes = figure.add_subplot()
    for index, story in enumerate(stories):
        y = rows - 1 - index
        xs = [CYCLES.index(cycle) for cycle in story.cycles]
        if xs:
            axes.plot(xs, [y] * len(xs), color=PALETTE[0], linewidth=2, zorder=2)
            axes.scatter(xs, [y] * len(xs), s=110, color=PALETTE[0], zorder=3)
        else:
            artist = axes.text(
                2, y, t("practice.creation.untagged"), ha="center", va="center",
                fontsize=10, color="#666666", fontstyle="italic",
            )  # fmt: skip
            _plain([artist])
    too_few = t("app.too_few")
    for x, cycle in enumerate(CYCLES):
        indicator = matrix.indicators.get(cycle)
        if indicator is None or indicator.score is None:
            text, style = too_few, "italic"
        else:
            text = t(
                "practice.chart.cell", score=t.number(indicator.score, 1), count=indicator.raters
            )
            style = "normal"
        artist = axes.text(
            x, 0, text, ha="center", va="center", fontsize=10, color=TEXT_COLOUR, fontstyle=style,
            bbox={"facecolor": "#eef4fa", "edgecolor": "#b9d3ea", "pad": 3},
        )  # fmt: skip
        _plain([artist])
    axes.axhline(0.5, color="#999999", linewidth=0.8)
    labels = [
        t("practice.creation.story_row", number=index + 1, gathering=story.gathering)
        for index, story in enumerate(stories)
    ]
    axes.set_yticks(
        [*range(rows - 1, 0, -1), 0],
        [*(_wrap(label, 30) for label in labels), t("practice.creation.indicator_row")],
    )
    axes.set_xticks(range(len(CYCLES)), [_wrap(cycle_labels.get(c, c), 14) for c in CYCLES])
    _plain(axes.get_xticklabels() + axes.get_yticklabels())
    axes.set_xlim(-0.6, len(CYCLES) - 0.4)
    axes.set_ylim(-0.6, rows - 0.4)
    axes.tick_params(length=0, labelsize=10, colors=TEXT_COLOUR)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.xaxis.tick_top()
    axes.grid(axis="x", color="#e5e5e5", zorder=0)
    return figure


def contribution_chart(
    table: pd.DataFrame, kind_labels: Mapping[str, str], t: Translator
) -> Figure | None:
    """One bar per organisation, stacked by kind of contribution; ``None`` when nobody's
    contribution was recorded."""
    if table.empty or int(table.to_numpy().sum()) == 0:
        return None
    shown = table.iloc[:MAX_ORGANISATIONS]
    figure = new_figure(10.0, min(12.0, 1.8 + 0.38 * len(shown)))
    axes = figure.add_subplot()
    tidy_axes(axes)
    positions = np.arange(len(shown))[::-1]
    left = np.zeros(len(shown))
    for colour, kind in zip(PALETTE, CONTRIBUTIONS, strict=False):
        values = shown[kind].to_numpy(dtype=float)
        axes.barh(
            positions, values, left=left, color=colour, height=0.6,
            label=kind_labels.get(kind, kind), zorder=2,
        )  # fmt: skip
        left += values
    for y, total in zip(positions, left, strict=True):
        artist = axes.text(total + 0.1, y, t.number(int(total)), va="center", fontsize=10)
        _plain([artist])
    axes.set_yticks(positions, [_wrap(name, 32) for name in shown.index])
    _plain(axes.get_yticklabels())
    axes.set_xlabel(t("practice.contribution.axis"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    # beside the bars, never over them
    legend = axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, frameon=False)
    _plain(legend.get_texts())
    return figure
