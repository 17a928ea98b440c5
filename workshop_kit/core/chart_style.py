"""One accessible look for every chart: large type for a projector, colour-blind-safe colours."""

from __future__ import annotations

from matplotlib.figure import Figure

#: Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#d9d9d9"


def new_figure(width: float = 8.0, height: float = 4.5) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def tidy_axes(axes) -> None:
    """Remove chart junk: no top/right spines, light grid behind the bars."""
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    axes.tick_params(colors=TEXT_COLOUR, labelsize=11)
    axes.set_axisbelow(True)
    axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
