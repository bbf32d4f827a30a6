"""Choropleth of the Americas: how many documented experiences each country has."""

import math
from collections.abc import Callable, Mapping

from markupsafe import Markup

from forum.charts.americas import AMERICAS
from forum.charts.geometry import HEIGHT, MARKER_RADIUS, WIDTH, americas_shapes, marker_positions
from forum.charts.svg import BORDER, HIGHLIGHT, INK, NO_DATA, NO_DATA_STROKE, SCALE, num, safe_href, text
from forum.folding import fold

# The legend sits in the empty South Pacific, lower left.
LEGEND_X, LEGEND_BOTTOM = 24, HEIGHT - 24
LEGEND_ROW = 24
FONT_SIZE = 16


def classes(maximum: int) -> list[tuple[int, int]]:
    """Count ranges of the colour classes: one per value up to 5, else up to five geometric steps."""
    if maximum <= 0:
        return []
    if maximum <= len(SCALE):
        return [(n, n) for n in range(1, maximum + 1)]
    uppers: list[int] = []
    for k in range(1, len(SCALE) + 1):
        upper = min(maximum, math.ceil(maximum ** (k / len(SCALE)) - 1e-9))
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    lowers = [1] + [u + 1 for u in uppers[:-1]]
    return list(zip(lowers, uppers, strict=True))


def class_colours(count: int) -> list[str]:
    """Colours for `count` classes, spread over the whole scale so few classes still differ."""
    if count <= 0:
        return []
    if count == 1:
        return [SCALE[len(SCALE) // 2]]
    last = len(SCALE) - 1
    return [SCALE[round(i * last / (count - 1))] for i in range(count)]


def colour_of(value: int, ranges: list[tuple[int, int]], colours: list[str]) -> str:
    for (low, high), colour in zip(ranges, colours, strict=True):
        if low <= value <= high:
            return colour
    return NO_DATA


def range_label(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}\u2013{high}"


def render_americas_map(
    counts: Mapping[str, int],
    *,
    href: Callable[[str], str],
    name: Callable[[str], str],
    title: str,
    label: Callable[[str, int], str] | None = None,
    legend_title: str = "Experiences",
    no_data_label: str = "0",
    element_id: str = "americas-map",
    highlight: str | None = None,
    legend: bool = True,
) -> Markup:
    """An inline SVG map of AMERICAS, each country shaded by `counts[code]` (ISO alpha-2).

    Countries with a count above zero are links to `href(code)`; their tooltip and accessible name
    is `label(code, n)` (default "{name(code)}: {n}"). Codes outside AMERICAS are ignored. Every
    string from the callables is escaped; an href that is neither relative nor http(s) is dropped.
    `element_id` must be unique on the page (it names the <title>). `highlight` (a code) is drawn
    last, outlined in amber on a white halo and marked `chart-country-current` (a country's own page);
    `legend=False` leaves the legend out (a map that only locates a country).
    """
    shapes = americas_shapes()
    markers = marker_positions()
    values = {code: max(0, int(counts.get(code, 0) or 0)) for code in AMERICAS}
    ranges = classes(max(values.values(), default=0))
    colours = class_colours(len(ranges))

    def describe(code: str, n: int) -> str:
        return label(code, n) if label is not None else f"{name(code)}: {n}"

    title_id = f"{element_id}-title"
    linked = {code: safe_href(href(code)) for code in AMERICAS if values[code] > 0}
    has_links = any(linked.values())
    # role="img" would hide the links inside from assistive technology; a map with links is a
    # labelled group instead.
    role = "group" if has_links else "img"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="{role}" '
        f'aria-labelledby="{text(title_id)}" id="{text(element_id)}" class="chart chart-map">',
        f'<title id="{text(title_id)}">{text(title)}</title>',
        f'<g class="chart-countries" stroke="{BORDER}" stroke-width=".5" stroke-linejoin="round">',
    ]
    # Grey countries first, then the shaded ones in the order of their names (the tab order).
    order = sorted(AMERICAS, key=lambda c: (c == highlight, values[c] > 0,
                                            fold(str(name(c))) if values[c] else "", c))
    for code in order:
        shape = shapes.get(code)
        n = values[code]
        fill = colour_of(n, ranges, colours) if n else NO_DATA
        current = code == highlight
        body = [f"<title>{text(describe(code, n))}</title>"]
        # The outlined country: an amber line on a white halo, so it stands out whatever the
        # colour of the country and of its neighbours.
        if shape is not None and shape.d:
            if current:
                body.append(f'<path d="{shape.d}" fill="none" stroke="{BORDER}" stroke-width="7" '
                            f'stroke-linejoin="round"/>')
            outline = f' stroke="{HIGHLIGHT}" stroke-width="3"' if current else ""
            body.append(f'<path d="{shape.d}" fill="{fill}" fill-rule="evenodd"{outline}/>')
        if shape is None or shape.has_marker:
            cx, cy = markers.get(code, (WIDTH - 12.0, 12.0))
            if current:
                body.append(f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(MARKER_RADIUS)}" fill="none" '
                            f'stroke="{BORDER}" stroke-width="7"/>')
            stroke = HIGHLIGHT if current else INK if n else NO_DATA_STROKE
            body.append(
                f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(MARKER_RADIUS)}" fill="{fill}" '
                f'stroke="{stroke}" stroke-width="{3 if current else 1}"/>'
            )
        link = linked.get(code)
        extra = " chart-country-current" if current else ""
        if link:
            out.append(f'<a href="{link}" class="chart-country{extra}" data-code="{code}">{"".join(body)}</a>')
        else:
            cls = "chart-country chart-country-shaded" if n else "chart-country chart-country-empty"
            out.append(f'<g class="{cls}{extra}" data-code="{code}">{"".join(body)}</g>')
    out.append("</g>")
    if legend:
        out.append(_legend(ranges, colours, legend_title=legend_title, no_data_label=no_data_label))
    out.append("</svg>")
    # Every caller-supplied string went through text()/safe_href() above.
    return Markup("".join(out))  # noqa: S704


def _legend(ranges: list[tuple[int, int]], colours: list[str], *, legend_title: str, no_data_label: str) -> str:
    rows = [(NO_DATA, no_data_label), *((c, range_label(lo, hi)) for (lo, hi), c in zip(ranges, colours, strict=True))]
    top = LEGEND_BOTTOM - LEGEND_ROW * len(rows) - LEGEND_ROW
    out = [
        f'<g class="chart-legend" font-size="{FONT_SIZE}" fill="{INK}" aria-hidden="true">',
        f'<text x="{LEGEND_X}" y="{top + FONT_SIZE}" font-weight="bold">{text(legend_title)}</text>',
    ]
    for i, (colour, caption) in enumerate(reversed(rows)):
        y = top + LEGEND_ROW * (i + 1) + 4
        out.append(
            f'<rect x="{LEGEND_X}" y="{y}" width="18" height="18" fill="{colour}" stroke="{NO_DATA_STROKE}"/>'
            f'<text x="{LEGEND_X + 26}" y="{y + 14}">{text(caption)}</text>'
        )
    out.append("</g>")
    return "".join(out)
