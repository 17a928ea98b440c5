"""Where everyone goes on a CareMap drawing: pure and deterministic (same map, same picture).

Coordinates are **inches** on the drawing, with the middle of the map at ``(0, 0)``: the chart
uses one inch per unit, so a label's size here is its size on paper and on the phone, and the
layout can keep labels apart without drawing anything. Text is measured by a function passed in
(:func:`estimate_text`, a generous estimate, unless the chart passes matplotlib's own measure).

The picture, as the Atlas CareMap draws it:

- the caregiver ("You") in the middle;
- everyone else, the people cared for included, on three rings around them by **where they
  live**: with the caregiver (the inner ring), nearby (the middle ring), far away (the outer
  ring, at the edge). Someone whose home was not said goes on the middle ring;
- the people cared for to the right; those who help them towards them, those who help the
  caregiver on the left, those who help both above and below.

Placement is greedy and deterministic: the people cared for first, then everyone else nearest
home first, each at the free spot nearest its preferred angle on its ring (or on a ring further
out when its own is full), where neither its symbol nor its label overlaps anything already
placed. The drawing has a fixed width (a phone's) and grows downwards as needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from workshop_kit.activities.caremap.answers import ME
from workshop_kit.activities.caremap.model import (
    LINE_STYLE,
    CareMap,
    kind_of,
    lives_of,
    short_label,
    symbol_of,
)

#: Width of the drawing, in inches: shown 340 px wide on a phone, 10 pt labels read at
#: about 11 px.
WIDTH = 4.2
#: Label size, in points.
LABEL_SIZE = 10.0
#: Symbol sizes (radius, inches): the caregiver and the people cared for are larger.
CENTRE_RADIUS = 0.15
NODE_RADIUS = 0.1
#: Semi-axes of the rings (with me, nearby, far away, then overflow rings), in inches: taller
#: than wide, because a phone's drawing can grow downwards but not sideways.
FIRST_RING = 0.85
RING_STEP = 0.45
RING_ASPECT = 1.3
LIVES_RING = {"with_me": 0, "nearby": 1, "far": 2}
#: The ring of someone whose home was not said.
NOT_SAID_RING = LIVES_RING["nearby"]
#: Rings tried beyond the outer one before someone is put below everything.
EXTRA_RINGS = 6
#: Gap kept between any two things drawn, and from the drawing's sides (inches).
GAP = 0.04
MARGIN = 0.08
#: Angle steps tried around the preferred one (degrees).
ANGLE_STEP = 4
#: The people cared for: spread over this many degrees on the right.
CARED_FOR_SPREAD = 110.0
#: Helpers of one side: spread over this many degrees around their side's direction.
HELPER_SPREAD = 120.0
#: Those who help the caregiver (left), and those who help both (above, then below).
ME_SIDE = 180.0
BOTH_SPREAD = 70.0
#: Each ring further out turns its people a little (degrees), so that the arrow from someone
#: far away does not run through someone nearer on the same side.
RING_TURN = 12.0

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
    #: ``person``, ``service``, ``group`` or ``pet`` (the group summary's kinds).
    kind: str
    #: The Atlas symbol: ``person`` (a stick figure), ``service`` (a square), ``professional``
    #: (a triangle) or ``pet`` (a circle).
    symbol: str
    #: ``caregiver``, ``cared_for`` or ``helper``.
    role: str
    x: float
    y: float
    radius: float
    label_box: Box
    #: 0 with me, 1 nearby (or not said), 2 far away, more: pushed out because its ring was
    #: full; -1 the caregiver, in the middle.
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
    #: Semi-axes (x, y) of the with-me, nearby and far-away rings.
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


def home_ring(care_map: CareMap, person_id: str) -> int:
    """The ring someone's home puts them on (:data:`LIVES_RING`; not said: nearby)."""
    lives = lives_of(care_map, person_id)
    return LIVES_RING[lives] if lives else NOT_SAID_RING


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


def _spread(centre: float, spread: float, count: int) -> list[float]:
    """``count`` angles spread evenly over ``spread`` degrees around ``centre``."""
    return [centre - spread / 2 + spread * (i + 0.5) / count for i in range(count)]


def _candidates(preferred: float) -> list[float]:
    """Angles from the preferred one outwards, alternating sides: 0, +4, -4, +8 …"""
    angles = [preferred]
    for step in range(ANGLE_STEP, 181, ANGLE_STEP):
        angles += [preferred + step, preferred - step]
    return angles


def _mean_angle(angles: list[float]) -> float:
    x = sum(math.cos(math.radians(a)) for a in angles)
    y = sum(math.sin(math.radians(a)) for a in angles)
    return math.degrees(math.atan2(y, x))


class _Placer:
    """Places symbols and labels one by one where nothing placed before is covered."""

    def __init__(self, half: float, measure: Measure, label_size: float) -> None:
        self.half = half
        self.measure = measure
        self.label_size = label_size
        self.taken: list[Box] = []

    def place(
        self, first_ring: int, preferred: float, radius: float, label: str, bold: bool
    ) -> tuple[float, float, Box, int, str]:
        """Where a symbol and its label go: ``(x, y, label box, ring, label side)``."""
        size = self.measure(label, self.label_size, bold)
        for ring in range(first_ring, 3 + EXTRA_RINGS):
            a, b = ring_axes(ring)
            for angle in _candidates(preferred):
                radians = math.radians(angle)
                x, y = a * math.cos(radians), b * math.sin(radians)
                side = "above" if math.sin(radians) > 0.35 else "below"
                symbol = _symbol_box(x, y, radius)
                box = _label_box(x, y, radius, size, side)
                if _fits([symbol, box], self.taken, self.half):
                    self.taken += [symbol, box]
                    return x, y, box, ring, side
        # every ring full: a row below everything, which always fits
        y = min(box.y0 for box in self.taken) - GAP * 2 - radius
        box = _label_box(0.0, y, radius, size, "below")
        self.taken += [_symbol_box(0.0, y, radius), box]
        return 0.0, y, box, 3 + EXTRA_RINGS, "below"


def layout(
    care_map: CareMap,
    you: str,
    measure: Measure = estimate_text,
    width: float = WIDTH,
    label_size: float = LABEL_SIZE,
) -> MapLayout:
    """Place every person of ``care_map`` and every tie between them (see the module
    docstring). ``you`` is the caregiver's label ("You")."""
    placer = _Placer(width / 2, measure, label_size)
    nodes: dict[str, PlacedNode] = {}

    # the caregiver in the middle, label below
    shown = short_label(you)
    box = _label_box(0.0, 0.0, CENTRE_RADIUS, measure(shown, label_size, True), "below")
    placer.taken += [_symbol_box(0.0, 0.0, CENTRE_RADIUS), box]
    nodes[ME] = PlacedNode(
        ME, shown, "person", "person", "caregiver", 0.0, 0.0, CENTRE_RADIUS, box, -1, "below"
    )

    # the people cared for, on the right, each on the ring of their home
    cared_for = list(care_map.cared_for)
    spread = CARED_FOR_SPREAD if len(cared_for) > 1 else 0.0
    angle_of: dict[str, float] = {}
    for p, preferred in zip(cared_for, _spread(0.0, spread, len(cared_for)), strict=True):
        shown = short_label(p.label)
        x, y, box, ring, side = placer.place(
            home_ring(care_map, p.id), preferred, CENTRE_RADIUS, shown, True
        )
        angle_of[p.id] = math.degrees(math.atan2(y, x))
        nodes[p.id] = PlacedNode(
            p.id,
            shown,
            kind_of(care_map, p.id),
            symbol_of(care_map, p.id),
            "cared_for",
            x,
            y,
            CENTRE_RADIUS,
            box,
            ring,
            side,
        )

    # everyone else, nearest home first; within a ring, by side, in the order they were added
    receivers: dict[str, list[str]] = {}
    for x in care_map.ties:
        if x.giver in angle_of or x.giver == ME:
            continue
        receivers.setdefault(x.giver, []).append(x.receiver)
    order = {p.id: i for i, p in enumerate(care_map.people)}
    groups: dict[tuple[int, str], list[str]] = {}
    direction: dict[str, float] = {}
    for p in care_map.people:
        helped = receivers.get(p.id, [])
        if helped and set(helped) == {ME}:
            side_key, direction[p.id] = "me", ME_SIDE
        elif ME in helped:
            side_key, direction[p.id] = "both", 90.0
        else:
            towards = _mean_angle([angle_of[r] for r in helped if r in angle_of] or [0.0])
            side_key, direction[p.id] = f"them:{round(towards)}", towards
        groups.setdefault((home_ring(care_map, p.id), side_key), []).append(p.id)
    preferred: dict[str, float] = {}
    for (ring, side_key), members in groups.items():
        turn = RING_TURN * ring
        if side_key == "both":  # alternately above and below
            for members_half, middle in ((members[0::2], 90.0), (members[1::2], 270.0)):
                if members_half:
                    angles = _spread(middle + turn, BOTH_SPREAD, len(members_half))
                    preferred.update(zip(members_half, angles, strict=True))
            continue
        centre = direction[members[0]] + turn
        preferred.update(zip(members, _spread(centre, HELPER_SPREAD, len(members)), strict=True))
    for pid in sorted(preferred, key=lambda pid: (home_ring(care_map, pid), order[pid])):
        found = next(p for p in care_map.people if p.id == pid)
        shown = short_label(found.label)
        x, y, box, ring, side = placer.place(
            home_ring(care_map, pid), preferred[pid], NODE_RADIUS, shown, False
        )
        nodes[pid] = PlacedNode(
            pid,
            shown,
            kind_of(care_map, pid),
            symbol_of(care_map, pid),
            "helper",
            x,
            y,
            NODE_RADIUS,
            box,
            ring,
            side,
        )

    ties = tuple(_placed_tie(nodes[x.giver], nodes[x.receiver], x.frequency) for x in care_map.ties)
    ordered = tuple(
        nodes[node_id]
        for node_id in (ME, *(p.id for p in cared_for), *(p.id for p in care_map.people))
    )
    boxes = [n.label_box for n in ordered] + [_symbol_box(n.x, n.y, n.radius) for n in ordered]
    rings = tuple(ring_axes(ring) for ring in range(3))
    # the three rings are drawn whole: where people live reads from the middle to the edge
    top = max(*(box.y1 for box in boxes), rings[-1][1])
    bottom = min(*(box.y0 for box in boxes), -rings[-1][1])
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
