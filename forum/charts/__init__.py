"""Server-rendered SVG charts of the Americas (no database access, no JavaScript).

The views pass plain counts keyed by ISO 3166-1 alpha-2 codes and callables for the link and the
(translated) name of each country; they get back escaped `Markup` to place in a template.
"""

from forum.charts.americas import AMERICAS
from forum.charts.map import render_americas_map
from forum.charts.network import render_network

__all__ = ["AMERICAS", "render_americas_map", "render_network"]
