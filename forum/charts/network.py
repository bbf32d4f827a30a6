"""Network of countries that share documented experiences.

Layout: the countries sit on a circle in the order of the bearing of their centroid (from the
map's geometry) seen from the Caribbean, so neighbours stay side by side: North America at the top
left, the islands on the right, South America below. A circle keeps the ISO-code labels apart
whatever the number of countries (up to the 53 of AMERICAS), which the projected centroids would
not (a dozen Eastern Caribbean states within a few pixels). The same input always gives the same
SVG.
"""

import math
from collections.abc import Callable, Mapping

from markupsafe import Markup

from forum.charts.geometry import americas_shapes, project
from forum.charts.svg import BORDER, INK, SCALE, num, safe_href, text
from forum.folding import fold

SIZE = 600
CENTER = SIZE / 2
RADIUS = 230.0
NODE_MIN, NODE_MAX = 5.0, 16.0
EDGE_MIN, EDGE_MAX = 1.0, 8.0
FONT_SIZE = 13
NODE_FILL = SCALE[1]
EDGE_STROKE = SCALE[0]
# Bearings are measured from the middle of the Caribbean Sea.
HUB = project(-75.0, 15.0)


def layout(codes: list[str]) -> dict[str, tuple[float, float, float]]:
    """(x, y, angle) of each code on the circle; countries without geometry go last, by code."""
    shapes = americas_shapes()

    def bearing(code: str) -> tuple[float, str]:
        shape = shapes.get(code)
        if shape is None:
            return (math.inf, code)
        x, y = shape.centroid
        # Clockwise from straight up (screen y grows downwards), starting at the north-west.
        angle = math.atan2(x - HUB[0], HUB[1] - y)
        return ((angle + math.pi / 4) % (2 * math.pi), code)

    ordered = sorted(codes, key=bearing)
    positions: dict[str, tuple[float, float, float]] = {}
    for i, code in enumerate(ordered):
        angle = 2 * math.pi * i / len(ordered) - math.pi / 2
        positions[code] = (CENTER + RADIUS * math.cos(angle), CENTER + RADIUS * math.sin(angle), angle)
    return positions


def render_network(
    nodes: Mapping[str, int],
    edges: Mapping[tuple[str, str], int],
    *,
    href: Callable[[str], str],
    name: Callable[[str], str],
    title: str,
    node_label: Callable[[str, int], str] | None = None,
    edge_label: Callable[[str, str, int], str] | None = None,
    empty_text: str = "No experiences are shared between countries yet.",
    element_id: str = "experience-network",
) -> Markup:
    """An inline SVG network: a node per country (area by its count), an edge per shared pair.

    `edges` maps a pair of codes to how many experiences they share; (a, b) and (b, a) are the
    same edge (their weights add up), pairs of a country with itself and weights <= 0 are left out.
    A code found only in `edges` still gets a node (count 0). Each node links to `href(code)`, with
    the accessible name `node_label(code, n)` (default "{name}: {n}"); each edge has the tooltip
    `edge_label(a, b, n)` (default "{name(a)} — {name(b)}: {n}"). With no edge left the result is
    a paragraph saying `empty_text`. Every string from the caller is escaped.
    """
    weights: dict[tuple[str, str], int] = {}
    for (a, b), weight in edges.items():
        w = int(weight or 0)
        if a == b or w <= 0:
            continue
        key = (a, b) if a < b else (b, a)
        weights[key] = weights.get(key, 0) + w
    if not weights:
        return Markup(f'<p class="chart-empty">{text(empty_text)}</p>')  # noqa: S704 (escaped by text())

    counts = {code: max(0, int(n or 0)) for code, n in nodes.items()}
    for a, b in weights:
        counts.setdefault(a, 0)
        counts.setdefault(b, 0)
    positions = layout(sorted(counts))
    spacing = 2 * math.pi * RADIUS / len(positions)
    node_max = max(NODE_MIN, min(NODE_MAX, spacing / 2 - 1))
    top_count = max(counts.values()) or 1
    top_weight = max(weights.values())

    def node_radius(n: int) -> float:
        return NODE_MIN + (node_max - NODE_MIN) * math.sqrt(n / top_count)

    def describe_node(code: str, n: int) -> str:
        return node_label(code, n) if node_label is not None else f"{name(code)}: {n}"

    def describe_edge(a: str, b: str, n: int) -> str:
        return edge_label(a, b, n) if edge_label is not None else f"{name(a)} \u2014 {name(b)}: {n}"

    title_id = f"{element_id}-title"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="group" '
        f'aria-labelledby="{text(title_id)}" id="{text(element_id)}" class="chart chart-network">',
        f'<title id="{text(title_id)}">{text(title)}</title>',
        f'<g class="chart-edges" stroke="{EDGE_STROKE}" stroke-opacity=".7" stroke-linecap="round">',
    ]
    # Light edges first so the heavy ones are drawn on top.
    for (a, b), weight in sorted(weights.items(), key=lambda item: (item[1], item[0])):
        (ax, ay, _), (bx, by, _) = positions[a], positions[b]
        width = EDGE_MIN + (EDGE_MAX - EDGE_MIN) * (weight - 1) / max(1, top_weight - 1)
        out.append(
            f'<line class="chart-edge" data-source="{text(a)}" data-target="{text(b)}" data-weight="{weight}" '
            f'x1="{num(ax)}" y1="{num(ay)}" x2="{num(bx)}" y2="{num(by)}" stroke-width="{num(width)}">'
            f"<title>{text(describe_edge(a, b, weight))}</title></line>"
        )
    out.append("</g>")
    out.append(f'<g class="chart-nodes" font-size="{FONT_SIZE}">')
    for code in sorted(positions, key=lambda c: (fold(str(name(c))), c)):
        x, y, angle = positions[code]
        n = counts[code]
        r = node_radius(n)
        lx, ly = x + (r + 5) * math.cos(angle), y + (r + 5) * math.sin(angle)
        cos = math.cos(angle)
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        baseline = FONT_SIZE * 0.35 + (FONT_SIZE * 0.6 * math.sin(angle) if anchor == "middle" else 0)
        body = (
            f"<title>{text(describe_node(code, n))}</title>"
            f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{NODE_FILL}" '
            f'stroke="{BORDER}" stroke-width="1.5"/>'
            f'<text x="{num(lx)}" y="{num(ly + baseline)}" text-anchor="{anchor}" fill="{INK}">{text(code)}</text>'
        )
        link = safe_href(href(code))
        if link:
            out.append(f'<a href="{link}" class="chart-node" data-code="{text(code)}">{body}</a>')
        else:
            out.append(f'<g class="chart-node" data-code="{text(code)}">{body}</g>')
    out.append("</g></svg>")
    # Every caller-supplied string went through text()/safe_href() above.
    return Markup("".join(out))  # noqa: S704
