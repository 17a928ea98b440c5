"""Where everyone goes on a CareMap drawing: pure and deterministic (same map, same picture).

Coordinates are **inches** on the drawing, with the middle of the map at ``(0, 0)``: the chart
uses one inch per unit, so a label's size here is its size on paper and on the phone, and the
layout can keep labels apart without drawing anything. Text is measured by a function passed in
(:func:`estimate_text`, a generous estimate, unless the chart passes matplotlib's own measure).

The picture, as the Atlas CareMap draws it:

- the caregiver ("You") and the person cared for side by side in the middle;
- everyone else on rings around them, nearer the middle the closer they are (the caregiver's
  answer, else how often they help: :func:`~workshop_kit.activities.caremap.model.closeness_of`);
- those who help the person cared for on the right (their side), those who help the caregiver
  on the left, those who help both above and below.

Placement is greedy and deterministic: people are placed closest first, each at the free spot
nearest its preferred angle on its ring (or on a ring further out when its own is full), where
neither its symbol nor its label overlaps anything already placed. The drawing has a fixed
width (a phone's) and grows downwards as needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from workshop_kit.activities.caremap.answers import ME, THEM
from workshop_kit.activities.caremap.model import (
    LINE_STYLE,
    CareMap,
    closeness_of,
    kind_of,
    short_label,
)

#: Width of the drawing, in inches: shown 340 px wide on a phone, 10 pt labels read at
#: about 11 px.
WIDTH = 4.2
#: Label size, in points.
LABEL_SIZE = 10.0
#: Symbol sizes (radius, inches): the two in the middle are larger.
CENTRE_RADIUS = 0.15
NODE_RADIUS = 0.1
#: Where the two in the middle are.
CENTRE_X = 0.5
#: Semi-axes of the rings (close, middle, distant, then overflow rings), in inches: taller than
#: wide, because a phone's drawing can grow downwards but not sideways.
FIRST_RING = 1.0
RING_STEP = 0.42
RING_ASPECT = 1.3
CLOSENESS_RING = {"close": 0, "middle": 1, "distant": 2}
#: Rings tried beyond the distant one before someone is put below everything.
EXTRA_RINGS = 6
#: Gap kept between any two things drawn, and from the drawing's sides (inches).
GAP = 0.04
MARGIN = 0.08
#: Angle steps tried around the preferred one (degrees).
ANGLE_STEP = 4

#: Preferred directions: helpers of the person cared for on their side (right), helpers of the
#: caregiver on theirs (left), those who help both above (then below).
SECTORS = {"them": (0.0, 130.0), "me": (180.0, 130.0), "both": (90.0, 70.0)}

#: ``measure(text, size, bold)`` -> (width, height) in inches.
Measure = Callable[[str, float, bool], tuple[float, float]]


def estimate_text(text: str, size: float, bold: bool = False) -> tuple[float, float]:
    """Width and height in inches of ``text`` at ``size`` points, estimated generously for a
    sans-serif font (wide letters count wide), so labels placed apart stay apart."""
    narrow, wide = set("iljtfI.,;:!'|() "), set("mwMWOQGCDHNU@%")
    ems = sum(0.36 if ch in narrow else 0.98 if ch in wide else 0.68 for ch in text)
    return ems * size / 72 * (1.15 if bold else 1.0), size * 1.3 / 72


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = GAP) -> bool:
        return not (
            self.x1 + gap <= other.x0
            or other.x1 + gap <= self.x0
            or self.y1 + gap <= other.y0
            or other.y1 + gap <= self.y0
        )

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class PlacedNode:
    id: str
    #: The label as drawn (long labels shortened).
    label: str
    #: ``person``, ``service``, ``group`` or ``pet``.
    kind: str
    #: ``caregiver``, ``cared_for`` or ``helper``.
    role: str
    x: float
    y: float
    radius: float
    label_box: Box
    #: 0 close, 1 middle, 2 distant, more: pushed out because its ring was full; -1 middle.
    ring: int
    #: Where the label sits: ``above`` or ``below`` the symbol.
    label_side: str


@dataclass(frozen=True)
class PlacedTie:
    giver: str
    receiver: str
    frequency: str
    #: ``solid``, ``dashed`` or ``dotted``.
    style: str
    start: tuple[float, float]
    end: tuple[float, float]


@dataclass(frozen=True)
class MapLayout:
    width: float
    #: Lowest and highest y of anything drawn (labels included), margins added.
    bottom: float
    top: float
    nodes: tuple[PlacedNode, ...]
    ties: tuple[PlacedTie, ...]
    #: Semi-axes (x, y) of the close, middle and distant rings.
    rings: tuple[tuple[float, float], ...]
    label_size: float

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def node(self, node_id: str) -> PlacedNode:
        return next(n for n in self.nodes if n.id == node_id)


def ring_axes(ring: int) -> tuple[float, float]:
    a = FIRST_RING + ring * RING_STEP
    return a, a * RING_ASPECT


def _label_box(x: float, y: float, radius: float, size: tuple[float, float], side: str) -> Box:
    width, height = size
    if side == "above":
        return Box(x - width / 2, y + radius + GAP, x + width / 2, y + radius + GAP + height)
    return Box(x - width / 2, y - radius - GAP - height, x + width / 2, y - radius - GAP)


def _symbol_box(x: float, y: float, radius: float) -> Box:
    return Box(x - radius, y - radius, x + radius, y + radius)


def _fits(boxes: list[Box], taken: list[Box], half_width: float) -> bool:
    for box in boxes:
        if box.x0 < -half_width + MARGIN or box.x1 > half_width - MARGIN:
            return False
        if any(box.overlaps(other) for other in taken):
            return False
    return True


def _side(receivers: set[str]) -> str:
    if receivers == {THEM}:
        return "them"
    if receivers == {ME}:
        return "me"
    return "both"


def _preferred_angles(members: list[str], sector: str) -> list[float]:
    """Angles spread evenly over a sector; "both" alternates above and below."""
    centre, spread = SECTORS[sector]
    if sector == "both":
        above = members[0::2]
        below = members[1::2]
        angles = {}
        for group, middle in ((above, 90.0), (below, 270.0)):
            for i, member in enumerate(group):
                angles[member] = middle - spread / 2 + spread * (i + 0.5) / len(group)
        return [angles[m] for m in members]
    return [centre - spread / 2 + spread * (i + 0.5) / len(members) for i in range(len(members))]


def _candidates(preferred: float) -> list[float]:
    """Angles from the preferred one outwards, alternating sides: 0, +4, -4, +8 …"""
    angles = [preferred]
    for step in range(ANGLE_STEP, 181, ANGLE_STEP):
        angles += [preferred + step, preferred - step]
    return angles


def layout(
    care_map: CareMap,
    you: str,
    measure: Measure = estimate_text,
    width: float = WIDTH,
    label_size: float = LABEL_SIZE,
) -> MapLayout:
    """Place every person of ``care_map`` and every tie between them (see the module
    docstring). ``you`` is the caregiver's label ("You")."""
    half = width / 2
    taken: list[Box] = []
    nodes: dict[str, PlacedNode] = {}

    # the two in the middle, labels below; a long second label goes one line lower
    centre = [
        (ME, you, -CENTRE_X, "caregiver", "person"),
        (THEM, care_map.cared_for.label, CENTRE_X, "cared_for", kind_of(care_map, THEM)),
    ]
    for node_id, label, x, role, kind in centre:
        shown = short_label(label)
        symbol = _symbol_box(x, 0.0, CENTRE_RADIUS)
        box = _label_box(x, 0.0, CENTRE_RADIUS, measure(shown, label_size, True), "below")
        if any(box.overlaps(other) for other in taken):
            drop = box.y1 - min(other.y0 for other in taken) + GAP
            box = Box(box.x0, box.y0 - drop, box.x1, box.y1 - drop)
        if box.x0 < -half + MARGIN or box.x1 > half - MARGIN:  # a long label: keep it on the page
            shift = max(-half + MARGIN - box.x0, 0.0) + min(half - MARGIN - box.x1, 0.0)
            box = Box(box.x0 + shift, box.y0, box.x1 + shift, box.y1)
        taken += [symbol, box]
        nodes[node_id] = PlacedNode(
            node_id, shown, kind, role, x, 0.0, CENTRE_RADIUS, box, -1, "below"
        )

    # everyone else, closest first; within a ring, by side, then in the order they were added
    receivers: dict[str, set[str]] = {}
    for x in care_map.ties:
        if x.giver not in (ME, THEM):
            receivers.setdefault(x.giver, set()).add(x.receiver)
    order = {p.id: i for i, p in enumerate(care_map.people)}
    by_group: dict[tuple[int, str], list[str]] = {}
    for p in care_map.people:
        ring = CLOSENESS_RING[closeness_of(care_map, p.id)]
        by_group.setdefault((ring, _side(receivers.get(p.id, {THEM}))), []).append(p.id)
    preferred: dict[str, float] = {}
    for (_, sector), members in by_group.items():
        preferred.update(zip(members, _preferred_angles(members, sector), strict=True))
    queue = sorted(
        preferred,
        key=lambda pid: (CLOSENESS_RING[closeness_of(care_map, pid)], order[pid]),
    )
    lowest = min(box.y0 for box in taken)
    for pid in queue:
        found = next(p for p in care_map.people if p.id == pid)
        shown = short_label(found.label)
        size = measure(shown, label_size, False)
        first_ring = CLOSENESS_RING[closeness_of(care_map, pid)]
        placed = None
        for ring in range(first_ring, 3 + EXTRA_RINGS):
            a, b = ring_axes(ring)
            for angle in _candidates(preferred[pid]):
                radians = math.radians(angle)
                x, y = a * math.cos(radians), b * math.sin(radians)
                side = "above" if math.sin(radians) > 0.35 else "below"
                symbol = _symbol_box(x, y, NODE_RADIUS)
                box = _label_box(x, y, NODE_RADIUS, size, side)
                if _fits([symbol, box], taken, half):
                    placed = (x, y, box, ring, side)
                    break
            if placed:
                break
        if placed is None:  # every ring full: a row below everything, which always fits
            lowest = min(lowest, *(box.y0 for box in taken))
            y = lowest - GAP * 2 - NODE_RADIUS
            box = _label_box(0.0, y, NODE_RADIUS, size, "below")
            placed = (0.0, y, box, 3 + EXTRA_RINGS, "below")
        x, y, box, ring, side = placed
        taken += [_symbol_box(x, y, NODE_RADIUS), box]
        nodes[pid] = PlacedNode(
            pid, shown, kind_of(care_map, pid), "helper", x, y, NODE_RADIUS, box, ring, side
        )

    ties = tuple(_placed_tie(nodes[x.giver], nodes[x.receiver], x.frequency) for x in care_map.ties)
    boxes = [n.label_box for n in nodes.values()] + [
        _symbol_box(n.x, n.y, n.radius) for n in nodes.values()
    ]
    ordered = tuple(nodes[node_id] for node_id in (ME, THEM, *(p.id for p in care_map.people)))
    rings = tuple(ring_axes(ring) for ring in range(3))
    top = max(box.y1 for box in boxes)
    bottom = min(box.y0 for box in boxes)
    helpers = [n for n in ordered if n.role == "helper"]
    if helpers:  # the faint rings are drawn whole, up to the outermost one in use
        outermost = rings[min(max(n.ring for n in helpers), len(rings) - 1)][1]
        top, bottom = max(top, outermost), min(bottom, -outermost)
    return MapLayout(
        width=width,
        bottom=bottom - MARGIN,
        top=top + MARGIN,
        nodes=ordered,
        ties=ties,
        rings=rings,
        label_size=label_size,
    )


def _placed_tie(giver: PlacedNode, receiver: PlacedNode, frequency: str) -> PlacedTie:
    """A tie from the edge of the giver's symbol to the edge of the receiver's."""
    dx, dy = receiver.x - giver.x, receiver.y - giver.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    start = (giver.x + ux * giver.radius, giver.y + uy * giver.radius)
    end = (receiver.x - ux * receiver.radius, receiver.y - uy * receiver.radius)
    return PlacedTie(giver.id, receiver.id, frequency, LINE_STYLE[frequency], start, end)
