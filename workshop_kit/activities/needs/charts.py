"""Needs-assessment charts: ranked unmet needs, and heat maps by group and by area.

Both are drawn for a projector at the back of a community hall: large type, every number
written on the chart (nobody reads axes from the back), Okabe–Ito blue for bars and the
ColorBrewer purple–orange diverging scale for heat maps (both readable with the common
colour-vision deficiencies), centred on 0 so "met better than it matters" and "unmet" never
share a colour. Suppressed cells are grey and hatched with "too few to show": the hatch keeps
them distinct from values for people who cannot tell the greys apart.

Need, group and area labels come from the profile, which a trainer writes; matplotlib's
math parsing is switched off on them so a ``$`` in a label shows as typed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from workshop_kit.activities.needs.breakdowns import Breakdown
from workshop_kit.core.chart_style import GRID_COLOUR, PALETTE, TEXT_COLOUR, new_figure, tidy_axes
from workshop_kit.i18n import Translator

UNMET_COLOUR = PALETTE[0]  # blue: a need that is more important than it is met
MET_COLOUR = "#9a9a9a"  # grey: met at least as well as it matters
SPREAD_COLOUR = TEXT_COLOUR
HEAT_MAP = "PuOr"
SUPPRESSED_FACE = "#ececec"
SUPPRESSED_EDGE = "#b0b0b0"

#: Largest possible score: importance 5 × gap 4.
SCORE_LIMIT = 20.0


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _plain(texts) -> None:
    """Show label texts as typed: no mathtext for ``$…$``."""
    for text in texts:
        text.set_parse_math(False)


def ranking_chart(
    scores: pd.DataFrame,
    labels: Mapping[str, str],
    t: Translator,
    title: str = "",
    limit: int | None = None,
) -> Figure:
    """Horizontal bars of the unmet-need score, largest at the top, for needs with answers.

    Each bar carries its score and its number of answers; a thin line spans the middle half
    of the individual answers' weighted gaps (the spread). ``limit`` keeps the first needs.
    """
    if "status" in scores:  # shown_scores: needs rated by too few people are left out
        answered = scores[scores["status"] == "shown"]
    else:
        answered = scores[scores["n"] > 0]
    if limit is not None:
        answered = answered.iloc[:limit]
    count = max(len(answered), 1)
    figure = new_figure(9.0, max(2.6, 0.62 * count + 1.4))
    axes = figure.add_subplot()
    tidy_axes(axes)
    if answered.empty:
        axes.set_axis_off()
        _plain([axes.text(0.5, 0.5, t("needs.summary.ranking_empty"), ha="center")])
        return figure

    positions = np.arange(len(answered))[::-1]
    values = answered["score"].to_numpy(dtype=float)
    colours = [UNMET_COLOUR if v > 0 else MET_COLOUR for v in values]
    axes.barh(positions, values, color=colours, height=0.62, zorder=2)
    low = answered["score_q1"].to_numpy(dtype=float)
    high = answered["score_q3"].to_numpy(dtype=float)
    axes.hlines(positions, low, high, color=SPREAD_COLOUR, linewidth=1.6, zorder=3)
    axes.vlines(
        low, positions - 0.12, positions + 0.12, color=SPREAD_COLOUR, linewidth=1.6, zorder=3
    )
    axes.vlines(
        high, positions - 0.12, positions + 0.12, color=SPREAD_COLOUR, linewidth=1.6, zorder=3
    )
    axes.axvline(0, color=TEXT_COLOUR, linewidth=0.9, zorder=2)

    span = max(np.nanmax(np.abs(np.concatenate([values, low, high]))), 1.0)
    for y, value, right, n in zip(positions, values, high, answered["n"], strict=True):
        text = t("needs.chart.bar_label", score=t.number(float(value), 1), count=int(n))
        x = max(value, right, 0.0) + span * 0.03
        _plain([axes.text(x, y, text, va="center", ha="left", fontsize=11, color=TEXT_COLOUR)])
    left = min(0.0, float(np.nanmin(np.concatenate([values, low]))))
    axes.set_xlim(left - span * 0.05, max(0.0, float(np.nanmax(high)), values.max()) + span * 0.45)
    axes.set_yticks(positions, [_wrap(labels.get(n, n), 34) for n in answered.index])
    _plain(axes.get_yticklabels())
    axes.set_xlabel(t("needs.chart.score_axis"), fontsize=11, color=TEXT_COLOUR)
    axes.legend(
        handles=[Line2D([0], [0], color=SPREAD_COLOUR, linewidth=1.6)],
        labels=[t("needs.chart.spread")],
        loc="lower right",
        frameon=False,
        fontsize=10,
    )
    if title:
        _plain([axes.set_title(title, loc="left", fontsize=14, fontweight="bold")])
    return figure


def heatmap_chart(
    result: Breakdown,
    need_labels: Mapping[str, str],
    category_labels: Mapping[str, str],
    t: Translator,
    title: str = "",
    order: Sequence[str] | None = None,
) -> Figure:
    """Need × group (or area) grid of unmet-need scores, with each cell's count.

    Suppressed cells read "too few to show" on a hatched grey square; cells nobody answered
    stay blank. ``order`` sets the rows (for example the ranking order).
    """
    needs = [n for n in (order or result.needs) if n in result.counts.index]
    categories = result.categories
    scores = result.scores.reindex(index=needs, columns=categories)
    shown_counts = result.shown_counts().reindex(index=needs, columns=categories)
    suppressed = result.suppressed.reindex(index=needs, columns=categories)
    counts = result.counts.reindex(index=needs, columns=categories)

    figure = new_figure(max(6.0, 3.6 + 1.45 * len(categories)), max(3.0, 0.55 * len(needs) + 2.0))
    axes = figure.add_subplot()
    values = scores.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    bound = max(float(np.max(np.abs(finite))) if finite.size else 1.0, 1.0)
    bound = min(bound, SCORE_LIMIT)
    norm = TwoSlopeNorm(vmin=-bound, vcenter=0.0, vmax=bound)
    image = axes.imshow(
        np.ma.masked_invalid(values), cmap=HEAT_MAP, norm=norm, aspect="auto", zorder=1
    )
    cmap = image.get_cmap()
    too_few = t("app.too_few")
    for row in range(len(needs)):
        for column in range(len(categories)):
            if bool(suppressed.iat[row, column]):
                axes.add_patch(
                    Rectangle(
                        (column - 0.5, row - 0.5),
                        1,
                        1,
                        facecolor=SUPPRESSED_FACE,
                        edgecolor=SUPPRESSED_EDGE,
                        hatch="///",
                        linewidth=0,
                        zorder=2,
                    )
                )
                _plain(
                    [
                        axes.text(
                            column,
                            row,
                            _wrap(too_few, 12),
                            ha="center",
                            va="center",
                            fontsize=8.5,
                            color=TEXT_COLOUR,
                            zorder=3,
                            bbox={"facecolor": SUPPRESSED_FACE, "edgecolor": "none", "pad": 1.0},
                        )
                    ]
                )
            elif int(counts.iat[row, column]) == 0:
                continue
            else:
                value = values[row, column]
                red, green, blue, _ = cmap(norm(value))
                light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.55
                text = t(
                    "needs.chart.cell_label",
                    score=t.number(float(value), 1),
                    count=int(shown_counts.iat[row, column]),
                )
                _plain(
                    [
                        axes.text(
                            column,
                            row,
                            text,
                            ha="center",
                            va="center",
                            fontsize=9.5,
                            color=TEXT_COLOUR if light else "white",
                            zorder=3,
                        )
                    ]
                )
    axes.set_xticks(
        range(len(categories)),
        [_wrap(category_labels.get(c, c), 14) for c in categories],
    )
    axes.set_yticks(range(len(needs)), [_wrap(need_labels.get(n, n), 34) for n in needs])
    _plain(axes.get_xticklabels())
    _plain(axes.get_yticklabels())
    axes.xaxis.tick_top()
    axes.tick_params(length=0, labelsize=10, colors=TEXT_COLOUR)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_xticks(np.arange(-0.5, len(categories), 1), minor=True)
    axes.set_yticks(np.arange(-0.5, len(needs), 1), minor=True)
    axes.grid(which="minor", color="white", linewidth=2)
    axes.tick_params(which="minor", length=0)
    bar = figure.colorbar(image, ax=axes, shrink=0.7, pad=0.02)
    bar.set_label(t("needs.chart.score_axis"), fontsize=10, color=TEXT_COLOUR)
    bar.outline.set_edgecolor(GRID_COLOUR)
    if title:
        _plain([axes.set_title(title, loc="left", fontsize=14, fontweight="bold", pad=12)])
    return figure
