"""Area shapes of a community (GeoJSON), read and checked without any GIS library.

Why this exists: the asset map must draw the community's areas and place points with no
internet (no tiles, no geocoding) and with nothing heavier than the standard library, so that a
facilitator's laptop in a church hall works like a university server. A profile names a
GeoJSON file (``area_shapes: areas.geojson``) whose features are the profile's areas:

- each feature carries the area id in ``properties.area`` (or ``feature.id`` or
  ``properties.id``), and a ``Polygon`` or ``MultiPolygon`` geometry in WGS 84 degrees,
  ``[longitude, latitude]`` as RFC 7946 requires; several features may share an area;
- every problem found is reported at once, in the reader's language, naming the feature and
  what to change ("Feature 3 (old-town): … are latitude and longitude swapped?");
- an area of the profile without a shape is not an error (the map just cannot draw it); it is
  listed in :attr:`AreaShapes.missing` so the page can say so.

Geometry is planar in degrees, which is fine at the scale of a town. Distances (the tolerance
at the edge of the community) use a local equirectangular approximation, good to well under a
percent over a few kilometres.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from workshop_kit.i18n import Translator

Position = tuple[float, float]  # (longitude, latitude)
Ring = tuple[Position, ...]

#: A point this close to the community's outline still counts as inside: a phone's location
#: or a tap on a map near a boundary road is often a little off.
DEFAULT_TOLERANCE_M = 200.0

#: Area shape files larger than this are refused (a town's areas need a few hundred kB at most).
MAX_SHAPES_BYTES = 5_000_000

#: Shapes entirely south of this latitude almost surely have latitude and longitude swapped.
ANTARCTIC_LATITUDE = -60.0

_METRES_PER_DEGREE_LAT = 110_574.0
_METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320.0


class GeoError(ValueError):
    """The area shapes cannot be used; ``problems`` holds one translated message per problem."""

    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Polygon:
    """One polygon: an outer ring and optional holes, each closed (last == first)."""

    exterior: Ring
    holes: tuple[Ring, ...] = ()

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        lons = [p[0] for p in self.exterior]
        lats = [p[1] for p in self.exterior]
        return min(lons), min(lats), max(lons), max(lats)

    @property
    def rings(self) -> tuple[Ring, ...]:
        return (self.exterior, *self.holes)

    def contains(self, lon: float, lat: float) -> bool:
        """Even-odd rule over all rings, so a point in a hole is outside."""
        min_lon, min_lat, max_lon, max_lat = self.bbox
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            return False
        inside = False
        for ring in self.rings:
            if _crossings_odd(ring, lon, lat):
                inside = not inside
        return inside

    def distance_m(self, lon: float, lat: float) -> float:
        """Distance in metres from the point to the nearest edge (0 on an edge)."""
        scale = math.cos(math.radians(lat)) * _METRES_PER_DEGREE_LON_AT_EQUATOR
        best = math.inf
        for ring in self.rings:
            for (x1, y1), (x2, y2) in pairwise(ring):
                best = min(
                    best,
                    _segment_distance(
                        (lon - x1) * scale,
                        (lat - y1) * _METRES_PER_DEGREE_LAT,
                        (x2 - x1) * scale,
                        (y2 - y1) * _METRES_PER_DEGREE_LAT,
                    ),
                )
        return best

    @property
    def area_deg2(self) -> float:
        """Area in square degrees of the outer ring minus the holes (for picking label spots)."""
        return abs(_shoelace(self.exterior)) - sum(abs(_shoelace(h)) for h in self.holes)


def _crossings_odd(ring: Ring, x: float, y: float) -> bool:
    odd = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y):
            x_cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < x_cross:
                odd = not odd
    return odd


def _segment_distance(px: float, py: float, dx: float, dy: float) -> float:
    """Distance from (px, py) to the segment from the origin to (dx, dy)."""
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px, py)
    s = max(0.0, min(1.0, (px * dx + py * dy) / length2))
    return math.hypot(px - s * dx, py - s * dy)


def _shoelace(ring: Ring) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring))


def _centroid(ring: Ring) -> Position:
    area = _shoelace(ring)
    if area == 0:
        xs = [p[0] for p in ring[:-1]]
        ys = [p[1] for p in ring[:-1]]
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in pairwise(ring):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


@dataclass(frozen=True)
class AreaShapes:
    """Validated shapes keyed by area id, with what the file said about itself."""

    areas: dict[str, tuple[Polygon, ...]]
    synthetic: bool = False
    missing: tuple[str, ...] = ()
    #: A placeholder grid (``workshop-kit new-community``), not the areas' real shapes: the
    #: map says so, and no location is judged against it.
    placeholder: bool = False
    source: str = ""
    names: dict[str, str] = field(default_factory=dict)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(min_lon, min_lat, max_lon, max_lat)`` of every shape."""
        boxes = [poly.bbox for polys in self.areas.values() for poly in polys]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    def area_at(self, lon: float, lat: float) -> str | None:
        """The area whose shape contains the point, or ``None``."""
        for area_id, polygons in self.areas.items():
            if any(poly.contains(lon, lat) for poly in polygons):
                return area_id
        return None

    def contains(self, lon: float, lat: float, tolerance_m: float = DEFAULT_TOLERANCE_M) -> bool:
        """Whether a point lies in the community: inside an area or within the tolerance."""
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return False
        if self.area_at(lon, lat) is not None:
            return True
        if tolerance_m <= 0:
            return False
        min_lon, min_lat, max_lon, max_lat = self.bounds
        margin_lat = tolerance_m / _METRES_PER_DEGREE_LAT
        cos_lat = max(math.cos(math.radians(lat)), 1e-6)
        margin_lon = tolerance_m / (_METRES_PER_DEGREE_LON_AT_EQUATOR * cos_lat)
        if not (
            min_lon - margin_lon <= lon <= max_lon + margin_lon
            and min_lat - margin_lat <= lat <= max_lat + margin_lat
        ):
            return False
        return any(
            poly.distance_m(lon, lat) <= tolerance_m
            for polygons in self.areas.values()
            for poly in polygons
        )

    def label_point(self, area_id: str) -> Position:
        """A point inside the area's largest polygon where its label can go."""
        polygon = max(self.areas[area_id], key=lambda poly: poly.area_deg2)
        centre = _centroid(polygon.exterior)
        if polygon.contains(*centre):
            return centre
        return _widest_scanline_midpoint(polygon, centre[1])


def _widest_scanline_midpoint(polygon: Polygon, lat: float) -> Position:
    """For concave shapes whose centroid falls outside: the middle of the widest inside run."""
    crossings: list[float] = []
    for ring in polygon.rings:
        for (x1, y1), (x2, y2) in pairwise(ring):
            if (y1 > lat) != (y2 > lat):
                crossings.append(x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
    crossings.sort()
    runs = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not runs:
        return polygon.exterior[0]
    start, end = max(runs, key=lambda run: run[1] - run[0])
    return (start + end) / 2, lat


# -- reading -----------------------------------------------------------------------------------


def load_area_shapes(
    path: str | Path, area_ids: Iterable[str] | None = None, language: str | None = None
) -> AreaShapes:
    """Read and validate a GeoJSON file of area shapes; raise :class:`GeoError` if unusable."""
    t = Translator(language)
    path = Path(path)
    try:
        size = path.stat().st_size
    except (FileNotFoundError, NotADirectoryError):
        raise GeoError([t("assets.geo.not_found", path=path.name)], str(path)) from None
    if size > MAX_SHAPES_BYTES:
        raise GeoError(
            [t("assets.geo.too_large", path=path.name, limit=MAX_SHAPES_BYTES // 1_000_000)],
            str(path),
        )
    return parse_area_shapes(path.read_bytes(), area_ids, language=language, source=path.name)


def parse_area_shapes(
    data: bytes | str | dict[str, Any],
    area_ids: Iterable[str] | None = None,
    *,
    language: str | None = None,
    source: str = "",
) -> AreaShapes:
    """Validate GeoJSON text (or an already parsed mapping) against the profile's area ids.

    Every problem is collected before raising, so a trainer fixes the file in one go.
    """
    t = Translator(language)
    name = source or "GeoJSON"
    if isinstance(data, bytes | str):
        try:
            text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
            document = json.loads(text)
        except UnicodeDecodeError:
            raise GeoError([t("assets.geo.not_text", path=name)], source) from None
        except json.JSONDecodeError as error:
            raise GeoError(
                [t("assets.geo.not_json", path=name, line=error.lineno)], source
            ) from None
    else:
        document = data
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        kind = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise GeoError([t("assets.geo.not_collection", path=name, value=str(kind))], source)
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise GeoError([t("assets.geo.no_features", path=name)], source)

    known = list(area_ids) if area_ids is not None else None
    problems: list[str] = []
    areas: dict[str, list[Polygon]] = {}
    names: dict[str, str] = {}
    for index, feature in enumerate(features, start=1):
        area_id, polygons, feature_problems = _read_feature(feature, index, known, t)
        problems.extend(feature_problems)
        if area_id is not None and polygons:
            areas.setdefault(area_id, []).extend(polygons)
            label = (feature.get("properties") or {}).get("name")
            if isinstance(label, str) and label.strip():
                names.setdefault(area_id, label.strip())
    latitudes = [lat for polys in areas.values() for poly in polys for _, lat in poly.exterior]
    if latitudes and max(latitudes) < ANTARCTIC_LATITUDE:
        # [lat, lon] written as [lon, lat] lands most inhabited places in the far south
        problems.append(t("assets.geo.likely_swapped", path=name))
    if problems:
        raise GeoError(problems, source)
    properties = document.get("properties")
    synthetic = bool(
        (isinstance(properties, dict) and properties.get("synthetic"))
        or document.get("synthetic")
        or any(
            isinstance(f, dict)
            and isinstance(f.get("properties"), dict)
            and f["properties"].get("synthetic")
            for f in features
        )
    )
    missing = tuple(a for a in known if a not in areas) if known is not None else ()
    placeholder = bool(document.get("placeholder"))
    return AreaShapes(
        areas={key: tuple(value) for key, value in areas.items()},
        synthetic=synthetic,
        missing=missing,
        source=source,
        names=names,
        placeholder=placeholder,
    )


def _read_feature(
    feature: Any, index: int, known: Sequence[str] | None, t: Translator
) -> tuple[str | None, list[Polygon], list[str]]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, [], [t("assets.geo.not_feature", index=index)]
    properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
    area_id = next(
        (
            str(value).strip()
            for value in (properties.get("area"), feature.get("id"), properties.get("id"))
            if value is not None and str(value).strip()
        ),
        None,
    )
    if area_id is None:
        return None, [], [t("assets.geo.no_area", index=index)]
    if known is not None and area_id not in known:
        message = t("assets.geo.unknown_area", index=index, area=area_id, known=", ".join(known))
        return None, [], [message]
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return None, [], [t("assets.geo.no_geometry", index=index, area=area_id)]
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        raw_polygons = [coordinates]
    elif kind == "MultiPolygon" and isinstance(coordinates, list):
        raw_polygons = coordinates
    else:
        return None, [], [t("assets.geo.bad_type", index=index, area=area_id, value=str(kind))]
    polygons: list[Polygon] = []
    problems: list[str] = []
    for raw in raw_polygons:
        polygon, problem = _read_polygon(raw)
        if problem is not None:
            code, value = problem
            problems.append(t(f"assets.geo.{code}", index=index, area=area_id, value=value))
        elif polygon is not None:
            polygons.append(polygon)
    return area_id, polygons, problems


def _read_polygon(raw: Any) -> tuple[Polygon | None, tuple[str, str] | None]:
    """One GeoJSON polygon (a list of rings) or the code and detail of what is wrong."""
    if not isinstance(raw, list) or not raw:
        return None, ("bad_coordinates", "")
    rings: list[Ring] = []
    for raw_ring in raw:
        if not isinstance(raw_ring, list):
            return None, ("bad_coordinates", "")
        ring: list[Position] = []
        for position in raw_ring:
            if (
                not isinstance(position, list | tuple)
                or len(position) < 2
                or not all(_is_number(v) for v in position[:2])
            ):
                return None, ("bad_coordinates", json.dumps(position)[:40])
            lon, lat = float(position[0]), float(position[1])
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                return None, ("out_of_range", f"[{position[0]}, {position[1]}]")
            ring.append((lon, lat))
        # RFC 7946 rings repeat their first position; close an open ring rather than refuse it.
        if ring and ring[0] != ring[-1]:
            ring.append(ring[0])
        if len(set(ring)) < 3:
            return None, ("too_few_points", str(len(set(ring))))
        rings.append(tuple(ring))
    return Polygon(rings[0], tuple(rings[1:])), None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# -- the profile's shapes ----------------------------------------------------------------------


def shapes_path(profile: Any) -> Path | None:
    """Where the profile's area shapes file is, or ``None`` if the profile names none."""
    if not getattr(profile, "area_shapes", None):
        return None
    path = Path(profile.area_shapes)
    if not path.is_absolute() and profile.source_dir is not None:
        path = Path(profile.source_dir) / path
    return path


def shapes_for_profile(profile: Any, language: str | None = None) -> AreaShapes | None:
    """The profile's area shapes (``None`` if it has none); raises :class:`GeoError`.

    Cached on the file's path, size and modification time, because answer validation asks
    for the shapes on every submitted asset.
    """
    path = shapes_path(profile)
    if path is None:
        return None
    try:
        stat = path.stat()
        signature = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        signature = (-1, -1)
    area_ids = tuple(area.id for area in profile.areas)
    return _cached_shapes(str(path), signature, area_ids, language or profile.language)


@lru_cache(maxsize=16)
def _cached_shapes(
    path: str, signature: tuple[int, int], area_ids: tuple[str, ...], language: str
) -> AreaShapes:
    return load_area_shapes(path, area_ids, language)


def in_community(
    profile: Any, latitude: float, longitude: float, tolerance_m: float = DEFAULT_TOLERANCE_M
) -> bool | None:
    """Whether a point is in the profile's community; ``None`` when that cannot be known.

    ``None`` means the profile has no usable shapes: the point is then kept (its range was
    already checked) because refusing it would lose what the participant gave.
    """
    try:
        shapes = shapes_for_profile(profile)
    except GeoError:
        return None
    if shapes is None or shapes.placeholder:
        return None
    return shapes.contains(longitude, latitude, tolerance_m)
