"""Asset mapping figures: the community map, counts by category, the needs × assets heat map.

Why a map without tiles: workshops happen in halls with no (or no reliable) internet, and a
basemap would also leak the room's activity to a tile server. The community's own area shapes
(GeoJSON shipped with the profile) are enough to show where assets are and are not.

Accessibility choices, the same in the three figures:

- sequential ColorBrewer schemes (YlGnBu for the map, OrRd for gaps), which stay ordered for
  the common colour-vision deficiencies and in greyscale print;
- numbers written on the areas and in every heat-map cell, so nothing is read from colour
  alone; areas with no asset and cells with no asset are also hatched;
- points in Okabe–Ito vermillion with a white edge, distinct from every map colour;
- text halos so labels stay readable on any fill.

Counts too few to show (disclosure control, :mod:`.shown`) come in as ``None`` (bars, areas)
or as :attr:`~.gaps.GapMatrix.hidden` cells: they are drawn in neutral grey with the words
"too few to show", never in a colour of the count scale, which would give the count away.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps, patheffects
from matplotlib.cm import ScalarMappable
from matplotlib.colors import BoundaryNorm, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from workshop_kit.activities.assets.gaps import GapMatrix
from workshop_kit.core.chart_style import PALETTE, TEXT_COLOUR, new_figure, tidy_axes
from workshop_kit.geo import AreaShapes, Polygon
from workshop_kit.i18n import Translator

MAP_COLOURS = "YlGnBu"
GAP_COLOURS = "OrRd"
POINT_COLOUR = PALETTE[5]  # vermillion
EDGE_COLOUR = "#4d4d4d"
#: Fill of a count too few to show: outside both colour scales, so it says nothing of the count.
HIDDEN_COLOUR = "#d9d9d9"
_HALO = [patheffects.withStroke(linewidth=3, foreground="white")]


def _wrap(text: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _polygon_path(polygon: Polygon) -> MplPath:
    """One compound path per polygon so holes are cut out when filled."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for ring in polygon.rings:
        vertices.extend(ring)
        codes.extend([MplPath.MOVETO, *[MplPath.LINETO] * (len(ring) - 2), MplPath.CLOSEPOLY])
    return MplPath(vertices, codes)


def _count_norm(highest: int) -> tuple[BoundaryNorm | Normalize, list[int]]:
    """Whole-number colour steps: 0, 1, 2 … up to the highest count (at most 8 steps)."""
    highest = max(int(highest), 1)
    step = max(1, math.ceil((highest + 1) / 8))
    ticks = list(range(0, highest + step, step))
    boundaries = [tick - 0.5 for tick in ticks] + [ticks[-1] + step - 0.5]
    return BoundaryNorm(boundaries, ncolors=256), ticks


def asset_map(
    shapes: AreaShapes,
    area_counts: Mapping[str, int | None] | pd.Series,
    points: pd.DataFrame,
    area_names: Mapping[str, str],
    t: Translator,
    title: str | None = None,
) -> Figure:
    """Areas coloured by their number of assets, with the located assets as points.

    ``points`` needs ``latitude`` and ``longitude`` columns (other columns are ignored). Areas
    of the profile without a shape are named under the map rather than silently left out. An
    area whose count is ``None`` (too few to show) is grey and says so.
    """
    counts = {str(k): None if v is None else int(v) for k, v in dict(area_counts).items()}
    figure = new_figure(8.0, 6.5)
    axes = figure.add_subplot()
    cmap = colormaps[MAP_COLOURS].resampled(256)
    norm, ticks = _count_norm(max((v for v in counts.values() if v is not None), default=0))
    for area_id, polygons in shapes.areas.items():
        count = counts.get(area_id, 0)
        for polygon in polygons:
            axes.add_patch(
                PathPatch(
                    _polygon_path(polygon),
                    facecolor=HIDDEN_COLOUR if count is None else cmap(norm(count)),
                    edgecolor=EDGE_COLOUR,
                    linewidth=1.2,
                    hatch="//" if count == 0 else None,
                )
            )
        lon, lat = shapes.label_point(area_id)
        name = area_names.get(area_id, shapes.names.get(area_id, area_id))
        shown = _wrap(t("app.too_few"), 14) if count is None else t.number(count)
        axes.annotate(
            f"{_wrap(name, 18)}\n{shown}",
            (lon, lat),
            ha="center",
            va="center",
            fontsize=11,
            fontweight="bold",
            color=TEXT_COLOUR,
            path_effects=_HALO,
        )
    located = 0
    if not points.empty:
        frame = points.dropna(subset=["latitude", "longitude"])
        located = len(frame)
        axes.scatter(
            frame["longitude"],
            frame["latitude"],
            s=46,
            color=POINT_COLOUR,
            edgecolors="white",
            linewidths=1.2,
            zorder=3,
        )
    min_lon, min_lat, max_lon, max_lat = shapes.bounds
    pad_lon, pad_lat = (max_lon - min_lon) * 0.04, (max_lat - min_lat) * 0.04
    axes.set_xlim(min_lon - pad_lon, max_lon + pad_lon)
    axes.set_ylim(min_lat - pad_lat, max_lat + pad_lat)
    # Equirectangular: one degree of longitude is cos(latitude) as long as one of latitude.
    axes.set_aspect(1 / max(math.cos(math.radians((min_lat + max_lat) / 2)), 0.05))
    axes.set_axis_off()
    colourbar = figure.colorbar(
        ScalarMappable(norm=norm, cmap=cmap), ax=axes, shrink=0.7, ticks=ticks
    )
    colourbar.set_label(t("assets.chart.map_colour"), fontsize=11)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=POINT_COLOUR,
            markeredgecolor="white",
            markersize=8,
            label=t("assets.chart.map_points", count=located),
        )
    ]
    axes.legend(handles=handles, loc="lower left", frameon=True, fontsize=10)
    notes = []
    if shapes.missing:
        missing = ", ".join(area_names.get(a, a) for a in shapes.missing)
        notes.append(t("assets.chart.map_missing", areas=missing))
    if shapes.synthetic:
        notes.append(t("assets.chart.map_synthetic"))
    if shapes.placeholder:
        notes.append(t("assets.chart.map_placeholder"))
    if notes:
        figure.text(0.01, 0.005, "  ".join(notes), fontsize=9, color="#555555", ha="left")
    axes.set_title(title or t("assets.chart.map_title"), loc="left", fontsize=14, fontweight="bold")
    return figure


def category_counts(
    counts: Mapping[str, int | None] | pd.Series,
    category_names: Mapping[str, str],
    t: Translator,
    title: str | None = None,
) -> Figure:
    """Assets per category as horizontal bars, in the profile's category order (top down).

    A ``None`` count (too few to show) gets no bar and the words "too few to show".
    """
    given = dict(counts)
    labels = [_wrap(category_names.get(c, c), 32) for c in given][::-1]
    shown = list(given.values())[::-1]
    values = [0 if v is None else int(v) for v in shown]
    figure = new_figure(8.0, max(2.8, 0.5 * len(given) + 1.4))
    axes = figure.add_subplot()
    bars = axes.barh(labels, values, color=PALETTE[0])
    texts = [t("app.too_few") if v is None else t.number(int(v)) for v in shown]
    for artist, value in zip(
        axes.bar_label(bars, labels=texts, padding=4, fontsize=12), shown, strict=True
    ):
        if value is None:
            artist.set_fontstyle("italic")
    axes.set_xlim(0, max([*values, 1]) * (1.6 if None in shown else 1.15))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel(t("assets.chart.count_axis"), fontsize=11)
    axes.set_title(
        title or t("assets.chart.categories_title"), loc="left", fontsize=14, fontweight="bold"
    )
    tidy_axes(axes)
    return figure


def gap_heatmap(
    gap: GapMatrix,
    need_names: Mapping[str, str],
    area_names: Mapping[str, str],
    t: Translator,
    title: str | None = None,
) -> Figure:
    """Needs (rows) × areas (columns): darker = a bigger gap; the count is in every cell.

    With unmet-need scores, rows are ordered most unmet first and show their score, and the
    colour is the weighted priority; without, rows keep the profile's order. Cells
    :attr:`~.gaps.GapMatrix.hidden` are grey and say "too few to show".
    """
    counts = gap.counts
    priority = gap.priority
    hidden = (
        gap.hidden
        if gap.hidden is not None
        else pd.DataFrame(False, index=counts.index, columns=counts.columns)
    )
    if gap.weighted and gap.weights is not None:
        order = gap.weights.sort_values(ascending=False, kind="stable").index
        counts, priority, hidden = counts.loc[order], priority.loc[order], hidden.loc[order]
    rows = []
    for need in counts.index:
        label = need_names.get(need, need)
        if gap.scores is not None and pd.notna(gap.scores.get(need)):
            score = t.number(float(gap.scores[need]), 1)
            label = t("assets.chart.need_with_score", need=label, score=score)
        rows.append(_wrap(label, 34))
    columns = [_wrap(area_names.get(a, a), 14) for a in counts.columns]
    figure = new_figure(max(6.0, 3.6 + 1.25 * len(columns)), max(3.0, 0.5 * len(rows) + 1.8))
    axes = figure.add_subplot()
    cmap = colormaps[GAP_COLOURS]
    norm = Normalize(0.0, 1.0)
    masked = hidden.to_numpy(dtype=bool)
    values = np.ma.masked_array(priority.to_numpy(dtype=float), mask=masked)
    cmap = cmap.with_extremes(bad=HIDDEN_COLOUR)
    axes.pcolormesh(values, cmap=cmap, norm=norm, edgecolors="white", linewidth=2)
    too_few = _wrap(t("app.too_few"), 10)
    for (i, j), count in np.ndenumerate(counts.to_numpy()):
        if masked[i, j]:
            axes.text(
                j + 0.5,
                i + 0.5,
                too_few,
                ha="center",
                va="center",
                fontsize=8,
                fontstyle="italic",
                color=TEXT_COLOUR,
            )
            continue
        background = cmap(norm(values[i, j]))
        luminance = 0.2126 * background[0] + 0.7152 * background[1] + 0.0722 * background[2]
        axes.text(
            j + 0.5,
            i + 0.5,
            t.number(int(count)),
            ha="center",
            va="center",
            fontsize=12,
            fontweight="bold" if count <= gap.few else "normal",
            color="white" if luminance < 0.5 else TEXT_COLOUR,
        )
        if count == 0:
            axes.add_patch(
                Rectangle(
                    (j, i), 1, 1, fill=False, hatch="..", edgecolor=(1, 1, 1, 0.5), linewidth=0
                )
            )
    axes.set_xticks(np.arange(len(columns)) + 0.5, columns, fontsize=11)
    axes.set_yticks(np.arange(len(rows)) + 0.5, rows, fontsize=10)
    axes.invert_yaxis()
    axes.xaxis.tick_top()
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    colourbar = figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=axes, shrink=0.8)
    colourbar.set_ticks([0, 1], labels=[t("assets.chart.gap_small"), t("assets.chart.gap_large")])
    colourbar.set_label(
        t("assets.chart.gap_colour_weighted" if gap.weighted else "assets.chart.gap_colour"),
        fontsize=11,
    )
    # the area names sit above the grid, so the title goes above the whole figure
    figure.suptitle(
        title or t("assets.chart.gap_title"), x=0.01, ha="left", fontsize=14, fontweight="bold"
    )
    return figure
