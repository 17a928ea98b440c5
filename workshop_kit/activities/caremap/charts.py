"""CareMap drawings: one caregiver's map, and the group's charts. Data in, ``Figure`` out.

The map is drawn as the Atlas CareMap draws it (Atlas of Caregiving, *Seeing the Invisible*,
2019, CC BY-NC 4.0; "Atlas CareMap" is their trademark, and the kit's drawing is *after* it):
a person (a stick figure) for family, friends, neighbours, coworkers and others, a circle for
pets, a square for services and groups, a triangle for professionals; rings around the
caregiver for where people live (with you, nearby, far away); arrows for who helps whom.

The drawing follows :mod:`.layout` exactly (one inch per unit), so what the layout keeps
apart stays apart on paper and on a phone. Each part of the drawing carries a ``gid`` naming
what it is, so tests (and anyone reading an SVG export) can find it:

- ``caremap-node-<id>``: each person's symbol (``me`` the caregiver, ``them``, ``them2`` … the
  people cared for, ``p1`` … everyone else), one marker each;
- ``caremap-ring-<where>``: the three rings (``with_me``, ``nearby``, ``far``);
- ``caremap-tie-<giver>-<receiver>``: an arrow per tie, solid daily, dashed weekly, dotted less
  often; blue to someone cared for, vermilion to the caregiver;
- ``caremap-label-<id>``: each label (never read as maths or markup: ``parse_math=False``).

Built on :class:`matplotlib.figure.Figure` (never pyplot) with fixed positions: no layout
engine, so adding a person redraws quickly.
"""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Ellipse, FancyArrowPatch
from matplotlib.path import Path
from matplotlib.textpath import text_to_path

from workshop_kit.activities.caremap.answers import HELP_KINDS, LIVES, ME
from workshop_kit.activities.caremap.group import (
    GIVERS,
    GroupSummary,
)
from workshop_kit.activities.caremap.layout import WIDTH, MapLayout, layout
from workshop_kit.activities.caremap.model import (
    SYMBOLS,
    CareMap,
)
from workshop_kit.core.chart_style import GRID_COLOUR, PALETTE, TEXT_COLOUR, tidy_axes
from workshop_kit.core.count_chart import count_bars
from workshop_kit.i18n import Translator

#: Resolution of the drawing: sharp on a phone's screen (about 630 pixels wide).
DRAWING_DPI = 150
YOU_COLOUR = "#D55E00"
THEM_COLOUR = "#0072B2"


def _stick_figure() -> Path:
    """The Atlas's person: a head, a body, two arms and two legs. Each limb is its own
    two-point stroke, so filling the marker fills the head only."""
    limbs = [((0.0, 0.34), (0.0, -0.3)), ((-0.5, 0.12), (0.5, 0.12))]
    limbs += [((0.0, -0.3), (-0.38, -0.95)), ((0.0, -0.3), (0.38, -0.95))]
    strokes = [Path(limb, [Path.MOVETO, Path.LINETO]) for limb in limbs]
    head = Path.circle((0.0, 0.62), 0.28)
    return Path.make_compound_path(head, *strokes)


#: The Atlas CareMap's symbols: a stick figure for people, a square for services and groups, a
#: triangle for professionals, a circle for pets (:data:`~.model.SYMBOL` says who is which).
MARKERS = {"person": _stick_figure(), "service": "s", "professional": "^", "pet": "o"}
SYMBOL_COLOURS = {
    "person": PALETTE[2],
    "service": PALETTE[3],
    "professional": PALETTE[4],
    "pet": PALETTE[6],
}
#: A stick figure is drawn in lines: thicker than a filled symbol's outline.
STROKE_WIDTH = {"person": 1.7}
KIND_COLOURS = {"person": PALETTE[2], "service": PALETTE[3], "group": PALETTE[4], "pet": PALETTE[6]}
#: Line styles of the ties, by :data:`~workshop_kit.activities.caremap.model.LINE_STYLE`.
LINESTYLES = {"solid": "solid", "dashed": (0, (5, 3)), "dotted": (0, (1, 2.2))}
#: As in the Atlas CareMap, a heavier line for more frequent help (points).
TIE_WIDTH = {"daily": 2.0, "weekly": 1.5, "monthly": 1.1, "occasionally": 1.1}
GIVER_COLOURS = {"caregiver": YOU_COLOUR, **KIND_COLOURS}
LEGEND_SIZE = 8.5
#: Room below the map for the legend, and above it for a title (inches).
LEGEND_HEIGHT = 1.8
TITLE_HEIGHT = 0.4


@lru_cache(maxsize=2048)
def measure_text(text: str, size: float, bold: bool = False) -> tuple[float, float]:
    """Width and height in inches of ``text`` drawn at ``size`` points in the kit's font."""
    font = FontProperties(size=size, weight="bold" if bold else "normal")
    width, height, descent = text_to_path.get_text_width_height_descent(text, font, ismath=False)
    return width / 72 + 0.02, max(height + descent, size * 1.25) / 72


def map_layout(care_map: CareMap, t: Translator) -> MapLayout:
    """The layout the drawing uses (labels measured in the font they are drawn in)."""
    return layout(care_map, t("caremap.you"), measure=measure_text)


def map_figure(
    care_map: CareMap, t: Translator, title: str | None = None, legend: bool = True
) -> Figure:
    """One caregiver's CareMap, with its legend (and ``title`` above it, for downloads).

    ``legend=False`` leaves the legend's place empty (see :func:`phone_png`).
    """
    placed = map_layout(care_map, t)
    title_height = TITLE_HEIGHT if title else 0.0
    height = placed.height + LEGEND_HEIGHT + title_height
    figure = Figure(figsize=(WIDTH, height), dpi=DRAWING_DPI)
    figure.set_facecolor("white")
    axes = figure.add_axes((0.0, LEGEND_HEIGHT / height, 1.0, placed.height / height))
    axes.set_xlim(-WIDTH / 2, WIDTH / 2)
    axes.set_ylim(placed.bottom, placed.top)
    axes.set_axis_off()

    for where, (a, b) in zip(LIVES, placed.rings, strict=True):
        axes.add_patch(
            Ellipse(
                (0, 0),
                2 * a,
                2 * b,
                fill=False,
                color=GRID_COLOUR,
                lw=0.8,
                zorder=0,
                gid=f"caremap-ring-{where}",
            )
        )
    for tie in placed.ties:
        arrow = FancyArrowPatch(
            tie.start,
            tie.end,
            arrowstyle="-|>",
            mutation_scale=9,
            shrinkA=0,
            shrinkB=1,
            linestyle=LINESTYLES[tie.style],
            linewidth=TIE_WIDTH[tie.frequency],
            color=YOU_COLOUR if tie.receiver == ME else THEM_COLOUR,
            zorder=1,
        )
        arrow.set_gid(f"caremap-tie-{tie.giver}-{tie.receiver}")
        axes.add_patch(arrow)

    for node in placed.nodes:
        colour = {"caregiver": YOU_COLOUR, "cared_for": THEM_COLOUR}.get(
            node.role, SYMBOL_COLOURS[node.symbol]
        )
        stroke = STROKE_WIDTH.get(node.symbol)
        axes.plot(
            [node.x],
            [node.y],
            linestyle="none",
            marker=MARKERS[node.symbol],
            markersize=2 * node.radius * 72,
            color=colour,
            markeredgecolor=colour if stroke else TEXT_COLOUR,
            markeredgewidth=stroke or 0.8,
            zorder=3,
            gid=f"caremap-node-{node.id}",
        )
    for node in placed.nodes:
        x, y = node.label_box.centre
        axes.text(
            x,
            y,
            node.label,
            ha="center",
            va="center",
            fontsize=placed.label_size,
            fontweight="bold" if node.role != "helper" else "normal",
            color=TEXT_COLOUR,
            parse_math=False,
            zorder=4,
            gid=f"caremap-label-{node.id}",
            # a white ground keeps a label readable where an arrow passes under it
            bbox={
                "boxstyle": "square,pad=0.08",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.85,
            },
        )

    if legend:
        draw_legend(figure, t, LEGEND_HEIGHT / height)
    if title:
        figure.text(
            0.5,
            1 - (title_height / 2) / height,
            title,
            ha="center",
            va="center",
            fontsize=11,
            fontweight="bold",
            color=TEXT_COLOUR,
            parse_math=False,
        )
    return figure


#: The legend's entries, in two columns: who is who (symbols), how often and to whom (lines).
LEGEND_SYMBOLS = ("you", "cared_for", *SYMBOLS)
LEGEND_LINES = ("daily", "weekly", "less_often", "helps_them", "helps_you")
#: Under the columns: what the rings mean, and whose drawing this follows.
LEGEND_NOTES = ("rings", "credit")


#: Where the legend's two columns start (inches), and the room their texts have: the symbols'
#: texts are the longer ones.
LEGEND_COLUMNS = {"symbol": 0.1, "line": 2.62}
LEGEND_TEXT_OFFSET = 0.45
LEGEND_TEXT_ROOM = {
    "symbol": LEGEND_COLUMNS["line"] - LEGEND_COLUMNS["symbol"] - LEGEND_TEXT_OFFSET - 0.08,
    "line": WIDTH - LEGEND_COLUMNS["line"] - LEGEND_TEXT_OFFSET - 0.08,
}


def legend_entries(t: Translator) -> list[tuple[str, str, dict]]:
    """``(key, text, how its sample is drawn)`` for each legend entry."""
    symbol = {"linestyle": "none", "markersize": 9, "markeredgecolor": TEXT_COLOUR}

    def sample(kind: str, colour: str) -> dict:
        stroke = STROKE_WIDTH.get(kind)
        return {
            **symbol,
            "marker": MARKERS[kind],
            "color": colour,
            "markeredgecolor": colour if stroke else TEXT_COLOUR,
            "markeredgewidth": stroke or 0.8,
        }

    symbols = {
        "you": sample("person", YOU_COLOUR),
        "cared_for": sample("person", THEM_COLOUR),
        **{k: sample(k, SYMBOL_COLOURS[k]) for k in SYMBOLS},
    }
    often = {"daily": "daily", "weekly": "weekly", "less_often": "occasionally"}
    lines = {
        key: {
            "linestyle": LINESTYLES[style],
            "linewidth": TIE_WIDTH[often[key]],
            "color": TEXT_COLOUR,
        }
        for key, style in (("daily", "solid"), ("weekly", "dashed"), ("less_often", "dotted"))
    }
    lines["helps_them"] = {"linestyle": "solid", "linewidth": 1.6, "color": THEM_COLOUR}
    lines["helps_you"] = {"linestyle": "solid", "linewidth": 1.6, "color": YOU_COLOUR}
    entries = [(key, t(f"caremap.legend.{key}"), symbols[key]) for key in LEGEND_SYMBOLS]
    entries += [(key, t(f"caremap.legend.{key}"), lines[key]) for key in LEGEND_LINES]
    return entries


def phone_png(care_map: CareMap, t: Translator) -> bytes:
    """The drawing a phone shows, as PNG: the map is drawn, and the legend's pixels, drawn once
    (:func:`legend_pixels`), are pasted below it. The same picture as
    ``figure_bytes(map_figure(...))`` for a fifth less CPU: a room of phones shares one
    laptop's cores. Downloads (another resolution, or a PDF) draw their legend."""
    from PIL import Image

    figure = map_figure(care_map, t, legend=False)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    legend = legend_pixels(t.language)
    rows = min(len(legend), len(pixels))
    pixels[len(pixels) - rows :, : legend.shape[1]] = legend[len(legend) - rows :]
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png")
    return buffer.getvalue()


@lru_cache(maxsize=4)  # about 0.7 MB each; the legend depends only on the language
def legend_pixels(language: str) -> np.ndarray:
    """The legend as RGBA pixels at :data:`DRAWING_DPI`, drawn once per language (a phone
    redraws the same legend again and again)."""
    figure = Figure(figsize=(WIDTH, LEGEND_HEIGHT), dpi=DRAWING_DPI)
    figure.set_facecolor("white")
    draw_legend(figure, Translator(language), 1.0)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba()).copy()
    pixels.flags.writeable = False
    return pixels


def draw_legend(figure: Figure, t: Translator, top: float) -> None:
    """The legend, drawn in its own axes below the map (gid ``caremap-legend``; each text
    ``caremap-legend-<key>``, each sample ``caremap-legend-sample-<key>``). Placed by hand:
    matplotlib's legend lays itself out on every draw, which would cost a third of a redraw."""
    axes = figure.add_axes((0.0, 0.0, 1.0, top), gid="caremap-legend")
    axes.set_xlim(0, WIDTH)
    axes.set_ylim(0, LEGEND_HEIGHT)
    axes.set_axis_off()
    row = 0.2
    rows = {"symbol": 0, "line": 0}
    for key, text, style in legend_entries(t):
        column = "symbol" if key in LEGEND_SYMBOLS else "line"
        x, y = LEGEND_COLUMNS[column], LEGEND_HEIGHT - 0.12 - row * (rows[column] + 0.5)
        rows[column] += 1
        if column == "symbol":
            sample = {"markeredgewidth": 0.8, **style}
            axes.plot([x + 0.17], [y], gid=f"caremap-legend-sample-{key}", **sample)
        else:
            axes.plot([x, x + 0.36], [y, y], gid=f"caremap-legend-sample-{key}", **style)
        axes.text(
            x + LEGEND_TEXT_OFFSET,
            y,
            text,
            va="center",
            fontsize=LEGEND_SIZE,
            color=TEXT_COLOUR,
            parse_math=False,
            gid=f"caremap-legend-{key}",
        )
    for line, key in enumerate(reversed(LEGEND_NOTES)):
        axes.text(
            WIDTH / 2,
            0.05 + line * 0.17,
            t(f"caremap.legend.{key}"),
            ha="center",
            va="bottom",
            fontsize=LEGEND_SIZE,
            fontstyle="italic",
            color=TEXT_COLOUR,
            parse_math=False,
            gid=f"caremap-legend-{key}",
        )


def figure_bytes(figure: Figure, file_format: str = "png", dpi: int = DRAWING_DPI) -> bytes:
    """The figure as PNG or PDF bytes (the phone's download; drawn once, never cropped)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=file_format, dpi=dpi, facecolor="white")
    return buffer.getvalue()


# -- the group ---------------------------------------------------------------------------------


def share_figure(summary: GroupSummary, t: Translator) -> Figure:
    """Who gives each kind of help to the people cared for: a bar per kind, split between the
    main caregivers and everyone else (by kind of helper). A kind given in fewer than
    ``min_cell_size`` maps has no bar, and says so."""
    kinds = list(summary.kinds) or []
    figure = Figure(figsize=(8.0, 0.5 * max(len(kinds), 1) + 1.9), layout="constrained")
    figure.set_facecolor("white")
    axes = figure.add_subplot()
    names = [t(f"caremap.help.{k.kind}") for k in kinds]
    positions = list(range(len(kinds)))[::-1]
    too_few = t("app.too_few")
    for giver in GIVERS:
        lefts = []
        widths = []
        for k in kinds:
            if k.shares is None:
                lefts.append(0.0)
                widths.append(0.0)
                continue
            # a hidden share (too few maps) leaves a gap: its width would be its value
            before = sum(k.shares[g] or 0.0 for g in GIVERS[: GIVERS.index(giver)])
            lefts.append(100 * before)
            widths.append(100 * (k.shares[giver] or 0.0))
        bars = axes.barh(
            positions,
            widths,
            left=lefts,
            color=GIVER_COLOURS[giver],
            edgecolor="white",
            label=t(f"caremap.giver.{giver}"),
        )
        if giver == "caregiver":
            texts = [
                ""
                if k.shares is None or (k.shares[giver] or 0.0) < 0.08
                else t.percent(k.shares[giver])
                for k in kinds
            ]
            axes.bar_label(bars, labels=texts, label_type="center", color="white", fontsize=10)
    for position, k in zip(positions, kinds, strict=True):
        if k.shares is None:
            axes.text(2, position, too_few, va="center", fontstyle="italic", color=TEXT_COLOUR)
    axes.set_yticks(positions, names)
    axes.set_xlim(0, 100)
    axes.set_xlabel(t("caremap.group.share_axis"), color=TEXT_COLOUR)
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, frameon=False, fontsize=9)
    tidy_axes(axes)
    return figure


def alone_figure(summary: GroupSummary, t: Translator) -> Figure:
    """How many caregivers give each kind of help with nobody else giving it."""
    return count_bars(
        [t(f"caremap.help.{k.kind}") for k in summary.kinds]
        or [t(f"caremap.help.{HELP_KINDS[0]}")],
        [k.alone for k in summary.kinds] or [None],
        too_few=t("app.too_few"),
    )


def support_figure(summary: GroupSummary, t: Translator) -> Figure:
    """How many caregivers have nobody caring for them, and how many have someone."""
    return count_bars(
        [t("caremap.group.nobody"), t("caremap.group.someone")],
        [summary.nobody_for_caregiver, summary.someone_for_caregiver],
        too_few=t("app.too_few"),
    )


def group_figures(summary: GroupSummary, t: Translator) -> dict[str, Figure]:
    """The three group charts, by name (as the hub, the page and the report show them)."""
    return {
        "share": share_figure(summary, t),
        "alone": alone_figure(summary, t),
        "support": support_figure(summary, t),
    }
