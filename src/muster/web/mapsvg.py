"""The operation map, drawn on the server as inline SVG so that it needs no JavaScript.

Contributing nations are shaded by personnel in five classes of one hue whose lightness falls
step by step (readable in greyscale and by colour-blind readers), the host is outlined and
hatched, the headquarters pinned. Each nation is a link to its ledger row (`#nation-ITA`) and
carries a <title> with its figure, so hovering and clicking work with scripts off.

The frame is regional when most personnel come from within `NEAR_KM` of the headquarters
(KFOR, EUFOR: Europe), else the whole world in the Equal Earth projection (UN missions).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from muster.ledger import LedgerRow
from muster.models import Operation
from muster.web import worldmap
from muster.web.format import iso, nation, number

WIDTH = 800.0
NEAR_KM = 3000.0
NEAR_SHARE = 0.6
PAD_DEGREES = 3.0
BREAKS = (1, 50, 200, 500, 1000)
"""Lower bounds of the shading classes c1..c5."""

Project = Callable[[float, float], tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Frame:
    project: Project
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in projected units
    world: bool


def shade_class(personnel: int) -> str:
    level = sum(1 for bound in BREAKS if personnel >= bound)
    return f"c{level}" if level else ""


def legend() -> list[tuple[str, str]]:
    """(css class, label) per shading class, for the legend under the map."""
    bounds = [*BREAKS, None]
    labels = []
    for i, low in enumerate(BREAKS):
        high = bounds[i + 1]
        text = f"{low:,}–{high - 1:,}" if high is not None else f"{low:,}+"
        labels.append((f"c{i + 1}", text))
    return labels


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lon1, lat1), (lon2, lat2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    # Šavrič, Patterson & Jenny (2018), "The Equal Earth map projection".
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    theta = math.asin(math.sqrt(3) / 2 * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    denominator = 3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1)
    x = 2 * math.sqrt(3) * math.radians(lon) * math.cos(theta) / denominator
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x * 180 / math.pi, -y * 180 / math.pi


def _frame(operation: Operation, rows: list[LedgerRow]) -> Frame:
    centre = _centre(operation)
    near: list[tuple[float, float]] = []
    near_total = total = 0
    for row in rows:
        point = worldmap.anchor(row.contributor)
        total += row.personnel
        if point is not None and centre is not None and _km(point, centre) <= NEAR_KM:
            near.append(point)
            near_total += row.personnel
    if centre is None or (total and near_total < NEAR_SHARE * total):
        return Frame(_equal_earth, _world_box(), world=True)
    points = [centre, *near]
    for host in operation.hosts:
        shape = worldmap.by_iso3().get(host)
        if shape is not None:
            points.extend([(shape.bbox[0], shape.bbox[1]), (shape.bbox[2], shape.bbox[3])])
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east = min(lons) - PAD_DEGREES, max(lons) + PAD_DEGREES
    south, north = min(lats) - PAD_DEGREES, max(lats) + PAD_DEGREES
    squeeze = math.cos(math.radians((south + north) / 2))

    def project(lon: float, lat: float) -> tuple[float, float]:
        return lon * squeeze, -lat

    x0, y0 = project(west, north)
    x1, y1 = project(east, south)
    return Frame(project, _fit_aspect((x0, y0, x1, y1)), world=False)


def _world_box() -> tuple[float, float, float, float]:
    west, _ = _equal_earth(-180, 0)
    east, _ = _equal_earth(180, 0)
    _, north = _equal_earth(0, 84)
    _, south = _equal_earth(0, -57)
    return west, north, east, south


def _fit_aspect(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Widen or heighten a box to between 1.25:1 and 2:1, so maps of any region look alike."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    if width < 1.25 * height:
        grow = (1.25 * height - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    elif width > 2 * height:
        grow = (width / 2 - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, y0, x1, y1


def _centre(operation: Operation) -> tuple[float, float] | None:
    if operation.hq_lat is not None and operation.hq_lon is not None:
        return operation.hq_lon, operation.hq_lat
    return worldmap.anchor(operation.single_host)


def _copies(ring: worldmap.Ring, world: bool) -> Iterable[worldmap.Ring]:
    """A ring that runs past 180°E is drawn again shifted west by a full turn."""
    copies = [ring]
    if max(lon for lon, _ in ring) > 180:
        copies.append(tuple((lon - 360, lat) for lon, lat in ring))
    if world:
        return [tuple((max(-180.0, min(180.0, lon)), lat) for lon, lat in r) for r in copies]
    return copies


class _Canvas:
    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        x0, y0, x1, y1 = frame.box
        self.scale = WIDTH / (x1 - x0)
        self.height = round((y1 - y0) * self.scale, 1)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.frame.project(lon, lat)
        x0, y0, _, _ = self.frame.box
        return round((x - x0) * self.scale, 1), round((y - y0) * self.scale, 1)

    def path(self, country: worldmap.Country) -> str:
        parts = []
        for ring in country.rings:
            for copy in _copies(ring, self.frame.world):
                points: list[tuple[float, float]] = []
                for lon, lat in copy:
                    point = self.xy(lon, lat)
                    if not points or point != points[-1]:
                        points.append(point)
                if len(points) > 2 and self._visible(points):
                    parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        return "".join(parts)

    def _visible(self, points: list[tuple[float, float]]) -> bool:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return max(xs) >= 0 and min(xs) <= WIDTH and max(ys) >= 0 and min(ys) <= self.height


def _tooltip(row: LedgerRow) -> str:
    figure = number(row.personnel, row.qualifier)
    return f"{nation(row.contributor)}: {figure} personnel ({row.basis}, as of {iso(row.as_of)})"


@dataclass(frozen=True, slots=True)
class MapView:
    svg: Markup
    world: bool
    outside: list[LedgerRow]
    """Contributors whose country lies outside a regional frame, to be listed beside it."""


def draw_map(operation: Operation, rows: list[LedgerRow]) -> MapView:
    """The operation's map as an <svg> element, and the nations it cannot show."""
    frame = _frame(operation, rows)
    canvas = _Canvas(frame)
    outside = [row for row in rows if not _inside(canvas, row.contributor)]
    return MapView(_svg(operation, rows, canvas), frame.world, outside)


def _inside(canvas: _Canvas, code: str | None) -> bool:
    point = worldmap.anchor(code)
    if point is None:
        return False
    x, y = canvas.xy(*point)
    return 0 <= x <= WIDTH and 0 <= y <= canvas.height


def _svg(operation: Operation, rows: list[LedgerRow], canvas: _Canvas) -> Markup:
    by_nation = {row.contributor: row for row in rows if row.contributor}
    hosts = set(operation.hosts)
    shapes, marks = [], []
    for country in worldmap.countries():
        d = canvas.path(country)
        if not d:
            continue
        row = by_nation.get(country.iso3 or "")
        host = " host" if country.iso3 in hosts else ""
        if row is None:
            label = escape(nation(country.iso3) if country.iso3 else country.name)
            shapes.append(f'<path class="land{host}" d="{d}"><title>{label}</title></path>')
            continue
        shapes.append(
            _nation_link(row, f'<path class="{shade_class(row.personnel)}{host}" d="{d}"/>')
        )
    for code, row in by_nation.items():
        point = worldmap.anchor(code) if code not in worldmap.by_iso3() else None
        if point is not None:
            x, y = canvas.xy(*point)
            dot = f'<circle class="{shade_class(row.personnel)} dot" cx="{x}" cy="{y}" r="4"/>'
            marks.append(_nation_link(row, dot))
    marks.append(_hq_marker(operation, canvas))
    title = escape(f"Map of {operation.id}: contributing nations shaded by personnel")
    return Markup(
        f'<svg class="map" viewBox="0 0 {WIDTH:g} {canvas.height:g}" role="img" '
        f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg">'
        '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="5" class="hatch"/>'
        f'</pattern></defs><rect class="sea" width="100%" height="100%"/>'
        f"{''.join(shapes)}{''.join(marks)}</svg>"
    )


def _nation_link(row: LedgerRow, shape: str) -> str:
    code = escape(row.contributor or "")
    return (
        f'<a href="#nation-{code}" class="nation" data-nation="{code}">'
        f"<title>{escape(_tooltip(row))}</title>{shape}</a>"
    )


def _hq_marker(operation: Operation, canvas: _Canvas) -> str:
    if operation.hq_lat is None or operation.hq_lon is None:
        return ""
    x, y = canvas.xy(operation.hq_lon, operation.hq_lat)
    label = escape(f"HQ: {operation.hq_place}" if operation.hq_place else "HQ")
    star = " ".join(
        f"{x + r * math.sin(i * math.pi / 5):.1f},{y - r * math.cos(i * math.pi / 5):.1f}"
        for i, r in enumerate([9, 3.6] * 5)
    )
    return f'<g class="hq"><title>{label}</title><polygon points="{star}"/></g>'
