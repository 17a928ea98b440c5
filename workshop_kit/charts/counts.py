"""Horizontal bar chart of counts, with the count written at the end of each bar."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from workshop_kit.charts.style import PALETTE, new_figure, tidy_axes


def count_bars(labels: Sequence[str], counts: Sequence[int], title: str = "") -> Figure:
    """Bars largest first; every bar labelled with its count so no one reads the axis."""
    pairs = sorted(zip(labels, counts, strict=True), key=lambda pair: pair[1])
    figure = new_figure(8.0, max(2.5, 0.55 * len(pairs) + 1.2))
    axes = figure.add_subplot()
    names = [name for name, _ in pairs]
    values = [value for _, value in pairs]
    bars = axes.barh(names, values, color=PALETTE[0])
    axes.bar_label(bars, labels=[str(v) for v in values], padding=4, fontsize=12)
    axes.set_xlim(0, max([*values, 1]) * 1.15)
    axes.xaxis.get_major_locator().set_params(integer=True)
    if title:
        axes.set_title(title, loc="left", fontsize=14, fontweight="bold")
    tidy_axes(axes)
    return figure
