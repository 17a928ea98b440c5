"""Caregiver load charts with their ranges; their numbers are said as in the sentences.

The sentences beside these charts, and the rounding of numbers for a community meeting, are in
:mod:`workshop_kit.activities.caregiving.sentences` (no matplotlib there, so the command line can
print them without loading it); labels here use the same :func:`about` and :func:`count`.

Charts are built on :class:`matplotlib.figure.Figure` (never pyplot) in the kit's
colour-blind-safe style; every range is drawn as an error bar or a band, so the uncertainty
is seen, not only read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from workshop_kit.activities.caregiving.model import CaregivingEstimate
from workshop_kit.activities.caregiving.model_room import RoomSummary
from workshop_kit.activities.caregiving.ranges import Range
from workshop_kit.activities.caregiving.sentences import about, count, share
from workshop_kit.core.chart_style import GRID_COLOUR, PALETTE, TEXT_COLOUR, tidy_axes
from workshop_kit.i18n import Translator

RANGE_COLOUR = "#000000"

# -- charts --------------------------------------------------------------------------------------


def _error(central: pd.Series, low: pd.Series, high: pd.Series) -> np.ndarray:
    """Matplotlib's asymmetric error bars (distances below and above the central value);
    bands with no range at all (nobody counted) get none rather than a stray cap at 0."""
    errors = np.vstack([central - low, high - central]).astype(float)
    errors[:, (high - low).to_numpy() <= 0] = np.nan
    return errors


#: These charts are redrawn on every slider move: a slightly lower resolution keeps that quick.
CHART_DPI = 96


def _figure(width: float, height: float, **margins: float) -> Figure:
    """A figure with fixed margins: the scenario sliders redraw these charts on every move,
    and a layout engine (constrained or tight) costs a second full text layout each time.
    Labels are placed so they fit inside these margins in English and French."""
    figure = Figure(figsize=(width, height))
    figure.set_facecolor("white")
    figure.subplots_adjust(**{"left": 0.08, "right": 0.98, "top": 0.86, "bottom": 0.14, **margins})
    return figure


def caregivers_figure(estimate: CaregivingEstimate, t: Translator) -> Figure:
    """Caregivers in each age band: a bar for the central estimate, a line for low–high."""
    table = estimate.by_band
    figure = _figure(8.0, 4.0)
    axes = figure.add_subplot()
    positions = range(len(table))
    bars = axes.bar(
        positions,
        table["caregivers"],
        color=PALETTE[0],
        yerr=_error(table["caregivers"], table["caregivers_low"], table["caregivers_high"]),
        error_kw={"ecolor": RANGE_COLOUR, "capsize": 4, "elinewidth": 1.2},
    )
    axes.bar_label(
        bars,
        labels=[about(t, v) if v > 0 else "" for v in table["caregivers"]],
        fontsize=10,
        label_type="center",
        color="white",
    )
    axes.set_xticks(list(positions), [str(b) for b in table.index])
    axes.set_xlabel(t("caregiving.chart.age_axis"), color=TEXT_COLOUR)
    axes.set_title(t("caregiving.chart.caregivers_title"), loc="left", fontsize=14)
    range_key = Line2D([], [], color=RANGE_COLOUR, marker="_", markersize=10, linewidth=1.2)
    axes.legend(
        [bars, range_key],
        [t("caregiving.chart.caregivers_axis"), t("caregiving.chart.range_legend")],
        loc="upper left",
        frameon=False,
        fontsize=10,
    )
    axes.set_ylim(0, max(float(table["caregivers_high"].max()), 1.0) * 1.3)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.yaxis.set_major_formatter(_number_formatter(t))
    tidy_axes(axes)
    axes.grid(axis="x", visible=False)
    axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
    return figure


def palliative_figure(estimate: CaregivingEstimate, t: Translator) -> Figure | None:
    """Deaths, people who would benefit from palliative care, beside them how many would
    receive it at Canada's published share (CIHI), the Rosenwax range and bereaved kin, as
    horizontal bars with their ranges, each named just above its bar.
    ``None`` when deaths are unknown."""
    if estimate.deaths is None or estimate.needing_palliative_care is None:
        return None
    grief = estimate.bereaved or Range.point(0)
    need = estimate.needing_palliative_care
    rows = [
        (t("caregiving.chart.deaths"), estimate.deaths, PALETTE[5]),
        (t("caregiving.chart.need"), need, PALETTE[2]),
    ]
    received, access = estimate.received_palliative_care, estimate.access
    if received is not None and access is not None:
        name = t("caregiving.chart.received", share=share(t, access.share), period=access.period)
        rows.append((name, received, PALETTE[4]))
    rows += [
        (t("caregiving.chart.rosenwax"), None, PALETTE[0]),
        (t("caregiving.chart.bereaved"), grief, PALETTE[3]),
    ]
    figure = _figure(8.0, 0.85 * len(rows) + 0.8, left=0.03, top=0.88, bottom=0.13)
    axes = figure.add_subplot()
    gap = max(grief.high, estimate.rosenwax.high, 1.0) * 0.015
    for position, (name, value, colour) in enumerate(rows):
        if value is None:  # Rosenwax: a range with no central value, drawn as a hatched band
            low, high = estimate.rosenwax.low, estimate.rosenwax.high
            axes.barh(
                position,
                high - low,
                left=low,
                height=0.45,
                color="white",
                edgecolor=colour,
                hatch="//",
            )
            label, end = f"{about(t, low)}–{about(t, high)}", high
        else:
            axes.barh(position, value.central, color=colour, height=0.45)
            if value.high > value.low:
                axes.errorbar(
                    value.central,
                    position,
                    xerr=[[value.central - value.low], [value.high - value.central]],
                    fmt="none",
                    ecolor=RANGE_COLOUR,
                    capsize=5,
                    elinewidth=1.2,
                )
            # the death count comes from the profile and stays exact; the rest are estimates
            shown = count(t, value.central) if position == 0 else about(t, value.central)
            label, end = shown, value.high
        axes.text(end + gap, position, label, va="center", fontsize=11, color=TEXT_COLOUR)
        axes.text(0, position - 0.28, name, va="bottom", fontsize=11, color=TEXT_COLOUR)
    axes.set_yticks([])
    axes.set_ylim(len(rows) - 0.5, -0.85)
    axes.set_xlabel(t("caregiving.chart.people_axis"), color=TEXT_COLOUR)
    axes.set_title(t("caregiving.chart.palliative_title"), loc="left", fontsize=14)
    axes.set_xlim(0, max(grief.high, estimate.rosenwax.high, 1.0) * 1.15)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.xaxis.set_major_formatter(_number_formatter(t))
    tidy_axes(axes)
    axes.spines["left"].set_visible(False)
    return figure


def _number_formatter(t: Translator) -> FuncFormatter:
    """Axis ticks in the room's language (1 250 in French, 1,250 in English)."""
    return FuncFormatter(lambda value, _position: t.number(value))


def room_tasks_figure(summary: RoomSummary, t: Translator) -> Figure | None:
    """What the people in the room do, counting only tasks shown under the small-cell rule."""
    from workshop_kit.core.count_chart import count_bars

    shown = {task: n for task, n in summary.tasks.items() if n}
    if not shown:
        return None
    labels = [t(f"caregiving.task.{task}") for task in shown]
    return count_bars(labels, list(shown.values()), t("caregiving.chart.room_title"))
