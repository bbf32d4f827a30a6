"""Country shapes of the Americas, decoded from the vendored world-atlas TopoJSON and projected once.

The file is Natural Earth at 1:50m as published in the npm package `world-atlas` (copied by
`make vendor`, version in data/world-atlas/package.json). 1:110m leaves out most of the small
Caribbean states; 1:50m has all but French Guiana, Guadeloupe and Martinique as shapes of their
own, and those three are cut out of France's shape here.

The decoder follows the TopoJSON specification: arcs are delta-encoded integer positions that
the `transform` (scale, translate) turns back into longitude/latitude; a ring lists arc indices,
a negative index ~i meaning arc i reversed. Arcs are simplified (Douglas-Peucker, in map units)
before they are stitched into rings, so a border shared by two countries is simplified once and
the neighbours still meet.
"""

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from forum.charts.americas import AMERICAS_SET

DATA_DIR = Path(__file__).parent / "data" / "world-atlas"
TOPOJSON_PATH = DATA_DIR / "countries-50m.json"
SHAPES_PATH = Path(__file__).parent / "data" / "americas-shapes.json"

# The map's frame, in degrees: equirectangular, from the Bering Strait (the Aleutians west of
# 172°W are cut off) to the tip of Brazil, from Cape Horn to the Canadian Arctic.
WEST, EAST, SOUTH, NORTH = -172.0, -30.0, -56.5, 84.0
WIDTH = 800  # map units across; the height follows from the frame
SCALE = WIDTH / (EAST - WEST)
HEIGHT = round((NORTH - SOUTH) * SCALE)

# Simplification tolerance and the smallest island ring kept, in map units (1 unit is about
# 0.18° here). With these the whole map is about 40 KB of SVG.
TOLERANCE = 0.6
MIN_RING_AREA = 1.5
# A country whose drawn shape is smaller than this across also gets a circle marker, so it can be
# seen and clicked (Saint Kitts and Nevis, Barbados, ...).
MARKER_BELOW = 7.0
MARKER_RADIUS = 4.5
MARKER_GAP = 2 * MARKER_RADIUS + 1

# Territories that world-atlas keeps inside another country's shape: (owner, lon/lat box).
TERRITORY_BOXES: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "GF": ("FR", (-55.0, 1.5, -51.0, 6.5)),
    "GP": ("FR", (-62.0, 15.7, -60.8, 16.7)),
    "MQ": ("FR", (-61.4, 14.2, -60.6, 15.0)),
}

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """One country or territory, projected and ready to draw."""

    code: str
    d: str  # SVG path data ("" when every ring was too small to draw)
    centroid: Point  # of its largest ring: where a label or a network node goes
    bbox: tuple[float, float, float, float]  # min x, min y, max x, max y
    has_marker: bool  # too small to see or click: draw a circle too


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute longitude/latitude positions of every arc of a TopoJSON topology."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    for arc in topology["arcs"]:
        x = y = 0
        points: list[Point] = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """The polygons (lists of rings of arc indices) of a Polygon or MultiPolygon geometry."""
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def alpha2(numeric_id: str | None) -> str | None:
    """world-atlas ids are ISO 3166-1 numeric codes ("076"); a few disputed areas have none."""
    if not numeric_id:
        return None
    country = pycountry.countries.get(numeric=str(numeric_id).zfill(3))
    return country.alpha_2 if country else None


def project(lon: float, lat: float) -> Point:
    return ((lon - WEST) * SCALE, (NORTH - lat) * SCALE)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; keeps both ends (arcs meet other arcs there).

    A closed arc (an island drawn by one arc) is split at its point farthest from the start, or
    it would collapse to a line.
    """
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        x0, y0 = points[0]
        far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
        if 0 < far < len(points) - 1:
            return _douglas_peucker(points[: far + 1], tolerance) + _douglas_peucker(points[far:], tolerance)[1:]
    return _douglas_peucker(points, tolerance)


def _douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tolerance2 = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        worst, worst_distance2 = -1, tolerance2
        for i in range(first + 1, last):
            px, py = points[i]
            if length2 == 0:
                distance2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                distance2 = cross * cross / length2
            if distance2 > worst_distance2:
                worst, worst_distance2 = i, distance2
        if worst >= 0:
            keep[worst] = True
            stack.append((first, worst))
            stack.append((worst, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_area(ring: Sequence[Point]) -> float:
    """Signed area (shoelace formula)."""
    return sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def ring_centroid(ring: Sequence[Point]) -> Point:
    area = ring_area(ring)
    if area == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return (sum(xs) / len(xs), sum(ys) / len(ys))
    cx = cy = 0.0
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = ax * by - bx * ay
        cx += (ax + bx) * cross
        cy += (ay + by) * cross
    return (cx / (6 * area), cy / (6 * area))


def path_data(rings: Iterable[Sequence[tuple[int, int]]]) -> str:
    """Compact SVG path data: absolute move, then relative integer steps."""
    parts: list[str] = []
    for ring in rings:
        x0, y0 = ring[0]
        steps: list[str] = []
        px, py = x0, y0
        for x, y in ring[1:]:
            steps.append(_pair(x - px, y - py))
            px, py = x, y
        parts.append(f"M{x0} {y0}l{_join(steps)}z")
    return "".join(parts)


def _pair(dx: int, dy: int) -> str:
    return f"{dx}{dy}" if dy < 0 else f"{dx} {dy}"


def _join(pairs: list[str]) -> str:
    # A minus sign separates two numbers by itself: "1-2-3 4" is (1,-2) (-3,4).
    out: list[str] = []
    for pair in pairs:
        if out and not pair.startswith("-"):
            out.append(" ")
        out.append(pair)
    return "".join(out)


def _inside(lonlat: Point, box: tuple[float, float, float, float]) -> bool:
    lon, lat = lonlat
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _in_frame(ring: Sequence[Point]) -> bool:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return max(lons) >= WEST and min(lons) <= EAST and max(lats) >= SOUTH and min(lats) <= NORTH


@cache
def americas_shapes() -> dict[str, Shape]:
    """Every country/territory of AMERICAS that the file draws, by alpha-2 code: read from
    SHAPES_PATH, what `compute_americas_shapes` makes of the TopoJSON. Computing them in every
    process cost 0.2 s and a 16 MB peak of memory (the whole world's arcs decoded, then dropped)
    at the first page with a map; tests/test_charts.py holds the file equal to the computation,
    and `make vendor` writes it again with the atlas."""
    data = json.loads(SHAPES_PATH.read_text(encoding="utf-8"))
    return {code: Shape(code=code, d=d, centroid=tuple(centroid), bbox=tuple(bbox), has_marker=has_marker)
            for code, (d, centroid, bbox, has_marker) in data.items()}


def write_americas_shapes() -> None:
    """Write SHAPES_PATH from the vendored TopoJSON (`make vendor` does, after copying the atlas)."""
    shapes = compute_americas_shapes()
    data = {code: [s.d, list(s.centroid), list(s.bbox), s.has_marker] for code, s in shapes.items()}
    SHAPES_PATH.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


def compute_americas_shapes() -> dict[str, Shape]:
    """Every country/territory of AMERICAS that the TopoJSON draws, decoded, projected and simplified."""
    topology = json.loads(TOPOJSON_PATH.read_text(encoding="utf-8"))
    lonlat_arcs = decode_arcs(topology)
    owners = {owner for owner, _box in TERRITORY_BOXES.values()}

    polygons: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha2(geometry.get("id"))
        if code in AMERICAS_SET:
            polygons.setdefault(code, []).extend(polygons_of(geometry))
        elif code in owners:
            for polygon in polygons_of(geometry):
                start = _arc_points(lonlat_arcs, polygon[0][0])[0]
                for territory, (owner, box) in TERRITORY_BOXES.items():
                    if owner == code and _inside(start, box):
                        polygons.setdefault(territory, []).append(polygon)

    simplified: dict[int, list[Point]] = {}

    def arc(index: int) -> list[Point]:
        key = index if index >= 0 else ~index
        if key not in simplified:
            simplified[key] = simplify([project(*p) for p in lonlat_arcs[key]], TOLERANCE)
        points = simplified[key]
        return points if index >= 0 else points[::-1]

    shapes: dict[str, Shape] = {}
    for code in sorted(polygons):
        drawn: list[list[tuple[int, int]]] = []
        largest: list[Point] = []
        for polygon in polygons[code]:
            if not _in_frame(_ring_points(lonlat_arcs, polygon[0])):
                continue  # e.g. the Aleutians west of the antimeridian
            for ring_index, ring_arcs in enumerate(polygon):
                ring: list[Point] = []
                for index in ring_arcs:
                    points = arc(index)
                    ring.extend(points if not ring else points[1:])
                if ring_index == 0:
                    exact = [project(*p) for p in _ring_points(lonlat_arcs, ring_arcs)]
                    if not largest or abs(ring_area(exact)) > abs(ring_area(largest)):
                        largest = exact
                rounded = _round_ring(ring)
                if len(rounded) >= 3 and abs(ring_area(rounded)) >= MIN_RING_AREA:
                    drawn.append(rounded)
        if not largest:
            continue
        all_points = [p for ring in drawn for p in ring] or largest
        xs, ys = [p[0] for p in all_points], [p[1] for p in all_points]
        bbox = (min(xs), min(ys), max(xs), max(ys))
        shapes[code] = Shape(
            code=code,
            d=path_data(drawn),
            centroid=ring_centroid(largest),
            bbox=bbox,
            has_marker=not drawn or max(bbox[2] - bbox[0], bbox[3] - bbox[1]) < MARKER_BELOW,
        )
    return shapes


def _arc_points(arcs: list[list[Point]], index: int) -> list[Point]:
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def _ring_points(arcs: list[list[Point]], ring: list[int]) -> list[Point]:
    return [p for index in ring for p in _arc_points(arcs, index)]


def _round_ring(ring: Sequence[Point]) -> list[tuple[int, int]]:
    rounded: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    return rounded


@cache
def marker_positions() -> dict[str, Point]:
    """Centres of the circles drawn for small countries, pushed apart so none hides another.

    Saint Martin, Sint Maarten, Anguilla and Saint-Barthélemy lie within 0.3° of one another, less
    than a circle across at this scale. Pairs closer than MARKER_GAP are moved apart along the line
    joining them (in a fixed order, so the result is always the same), a few units at most.
    """
    shapes = americas_shapes()
    positions = {code: _bbox_center(shape) for code, shape in sorted(shapes.items()) if shape.has_marker}
    codes = list(positions)
    for _round in range(100):
        moved = False
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                (ax, ay), (bx, by) = positions[a], positions[b]
                dx, dy = bx - ax, by - ay
                gap = math.hypot(dx, dy)
                if gap >= MARKER_GAP:
                    continue
                if gap == 0:
                    dx, dy, gap = 1.0, 0.0, 1.0
                push = (MARKER_GAP - gap) / 2 + 0.01
                ux, uy = dx / gap * push, dy / gap * push
                positions[a] = (ax - ux, ay - uy)
                positions[b] = (bx + ux, by + uy)
                moved = True
        if not moved:
            break
    return positions


def _bbox_center(shape: Shape) -> Point:
    x0, y0, x1, y1 = shape.bbox
    return ((x0 + x1) / 2, (y0 + y1) / 2)
