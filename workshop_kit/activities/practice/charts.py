"""Community of Practice charts: value per cycle, the value matrix over the year, and which
kinds of organisation took part.

Drawn for a projector: every figure written on the chart, Okabe–Ito blue for bars, a single-hue
blue scale for the matrix (value has one direction: more is more), and "too few to show"
cells in hatched grey so that they differ from a low value without relying on colour. Labels
a facilitator typed (gathering labels, organisation names) are drawn with mathtext off, so a
``$`` shows as typed. Data in, a Figure out: no widgets or files.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from workshop_kit.activities.practice.answers import CYCLES, LEVELS, SECTORS
from workshop_kit.activities.practice.model import TOP_SCORE, ValueMatrix
from workshop_kit.core.chart_style import PALETTE, TEXT_COLOUR, new_figure, tidy_axes
from workshop_kit.core.disclosure import SHOWN, TOO_FEW
from workshop_kit.i18n import Translator

BAR_COLOUR = PALETTE[0]
MATRIX_MAP = "Blues"
SUPPRESSED_FACE = "#ececec"
SUPPRESSED_EDGE = "#b0b0b0"
EMPTY_FACE = "#ffffff"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _plain(texts) -> None:
    for text in texts:
        text.set_parse_math(False)


def _level_ticks(axes, t: Translator) -> None:
    """The x axis reads in the scale's words: 0 not yet, 1 a little, 2 a lot."""
    axes.set_xticks(range(TOP_SCORE + 1), [t(f"practice.level.{level}") for level in LEVELS])
    _plain(axes.get_xticklabels())


def cycle_chart(shown: pd.DataFrame, labels: Mapping[str, str], t: Translator) -> Figure:
    """Horizontal bars of each cycle's mean score (0 to 2), the framework's order from the top;
    a cycle rated by too few people has no bar and says "too few to show"."""
    figure = new_figure(8.5, 4.2)
    axes = figure.add_subplot()
    tidy_axes(axes)
    positions = np.arange(len(CYCLES))[::-1]
    too_few = t("app.too_few")
    for y, cycle in zip(positions, CYCLES, strict=True):
        status = shown.at[cycle, "status"]
        if status == SHOWN:
            value = float(shown.at[cycle, "score"])
            axes.barh(y, value, color=BAR_COLOUR, height=0.6, zorder=2)
            text = t(
                "practice.chart.bar_label",
                score=t.number(value, 1),
                count=int(shown.at[cycle, "n"]),
            )
            artist = axes.text(value + 0.04, y, text, va="center", fontsize=11, color=TEXT_COLOUR)
        else:
            text = too_few if status == TOO_FEW else t("practice.chart.no_answers")
            artist = axes.text(
                0.04, y, text, va="center", fontsize=11, color=TEXT_COLOUR, fontstyle="italic"
            )
        _plain([artist])
    axes.set_xlim(0, TOP_SCORE * 1.45)
    axes.set_ylim(-0.6, len(CYCLES) - 0.4)
    _level_ticks(axes, t)
    axes.set_yticks(positions, [_wrap(labels.get(c, c), 26) for c in CYCLES])
    _plain(axes.get_yticklabels())
    return figure


def matrix_chart(
    matrix: ValueMatrix, cycle_labels: Mapping[str, str], t: Translator
) -> Figure | None:
    """The value matrix as a grid, cycles down, gatherings across: each cell's mean score and
    number of raters; too-few cells hatched grey; no figure without gatherings."""
    gatherings = matrix.gatherings
    if not gatherings:
        return None
    width = min(14.0, 4.2 + 1.7 * len(gatherings))
    figure = new_figure(width, 4.6)
    axes = figure.add_subplot()
    colours = colormaps[MATRIX_MAP]
    too_few = t("app.too_few")
    for row, cycle in enumerate(CYCLES):
        for column, gathering in enumerate(gatherings):
            status = matrix.status.at[cycle, gathering]
            x, y = column, len(CYCLES) - 1 - row
            if status == SHOWN:
                value = float(matrix.scores.at[cycle, gathering])
                face = colours(0.15 + 0.75 * value / TOP_SCORE)
                text = t(
                    "practice.chart.cell",
                    score=t.number(value, 1),
                    count=int(matrix.counts.at[cycle, gathering]),
                )
                colour = "white" if value / TOP_SCORE > 0.6 else TEXT_COLOUR
                axes.add_patch(Rectangle((x, y), 1, 1, facecolor=face, edgecolor="white"))
                style = "normal"
            elif status == TOO_FEW:
                axes.add_patch(
                    Rectangle(
                        (x, y),
                        1,
                        1,
                        facecolor=SUPPRESSED_FACE,
                        edgecolor=SUPPRESSED_EDGE,
                        hatch="//",
                    )
                )
                text, colour, style = too_few, TEXT_COLOUR, "italic"
            else:
                axes.add_patch(Rectangle((x, y), 1, 1, facecolor=EMPTY_FACE, edgecolor="#dddddd"))
                text, colour, style = "–", "#777777", "normal"
            artist = axes.text(
                x + 0.5,
                y + 0.5,
                _wrap(text, 14),
                ha="center",
                va="center",
                fontsize=10,
                color=colour,
                fontstyle=style,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1}
                if status == TOO_FEW
                else None,
            )
            _plain([artist])
    axes.set_xlim(0, len(gatherings))
    axes.set_ylim(0, len(CYCLES))
    axes.set_xticks(np.arange(len(gatherings)) + 0.5, [_wrap(g, 16) for g in gatherings])
    axes.set_yticks(
        np.arange(len(CYCLES)) + 0.5, [_wrap(cycle_labels.get(c, c), 22) for c in CYCLES[::-1]]
    )
    _plain(axes.get_xticklabels() + axes.get_yticklabels())
    axes.tick_params(length=0, labelsize=11, colors=TEXT_COLOUR)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.xaxis.tick_top()
    return figure


def multiagency_chart(
    table: pd.DataFrame, sector_labels: Mapping[str, str], t: Translator
) -> Figure | None:
    """Sectors down, gatherings across: the number of member organisations of each sector at
    each gathering, cells of sectors present in blue; ``None`` without gatherings."""
    if table.empty or table.shape[1] == 0:
        return None
    gatherings = list(table.columns)
    width = min(14.0, 5.0 + 1.5 * len(gatherings))
    figure = new_figure(width, 5.4)
    axes = figure.add_subplot()
    for row, sector in enumerate(SECTORS):
        for column, gathering in enumerate(gatherings):
            count = int(table.at[sector, gathering])
            x, y = column, len(SECTORS) - 1 - row
            face = PALETTE[4] if count else EMPTY_FACE
            axes.add_patch(Rectangle((x, y), 1, 1, facecolor=face, edgecolor="#cccccc"))
            artist = axes.text(
                x + 0.5,
                y + 0.5,
                t.number(count) if count else "·",
                ha="center",
                va="center",
                fontsize=11,
                color=TEXT_COLOUR,
            )
            _plain([artist])
    axes.set_xlim(0, len(gatherings))
    axes.set_ylim(0, len(SECTORS))
    axes.set_xticks(np.arange(len(gatherings)) + 0.5, [_wrap(g, 16) for g in gatherings])
    axes.set_yticks(
        np.arange(len(SECTORS)) + 0.5,
        [_wrap(sector_labels.get(s, s), 34) for s in SECTORS[::-1]],
    )
    _plain(axes.get_xticklabels() + axes.get_yticklabels())
    axes.tick_params(length=0, labelsize=10, colors=TEXT_COLOUR)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.xaxis.tick_top()
    return figure
