"""Horizontal bar chart of counts, with the count written at the end of each bar."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from workshop_kit.core.chart_style import PALETTE, new_figure, tidy_axes


def count_bars(
    labels: Sequence[str],
    counts: Sequence[int | None],
    title: str = "",
    too_few: str = "too few to show",
) -> Figure:
    """Bars largest first; every bar labelled with its count so no one reads the axis.

    A ``None`` count (suppressed by the small-cell rule) gets no bar and the ``too_few``
    label instead of a number.
    """
    pairs = sorted(
        zip(labels, counts, strict=True),
        key=lambda pair: -1 if pair[1] is None else pair[1],
    )
    figure = new_figure(8.0, max(2.5, 0.55 * len(pairs) + 1.2))
    axes = figure.add_subplot()
    names = [name for name, _ in pairs]
    values = [0 if value is None else value for _, value in pairs]
    bars = axes.barh(names, values, color=PALETTE[0])
    texts = [too_few if value is None else str(value) for _, value in pairs]
    label_artists = axes.bar_label(bars, labels=texts, padding=4, fontsize=12)
    for artist, (_, value) in zip(label_artists, pairs, strict=True):
        if value is None:
            artist.set_fontstyle("italic")
    axes.set_xlim(0, max([*values, 1]) * (1.6 if None in counts else 1.15))
    axes.xaxis.get_major_locator().set_params(integer=True)
    if title:
        axes.set_title(title, loc="left", fontsize=14, fontweight="bold")
    tidy_axes(axes)
    return figure
