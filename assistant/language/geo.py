"""World country outlines for the partner map, from the `countryinfo` package (MIT licence).

The outlines ship inside its wheel (one GeoJSON per country, Natural Earth 1:110m-style, 173
countries with ISO alpha-2 codes; small island states, and Hungary, have none), so the map needs no download
at run time. Coordinates are rounded to 0.1 degree: plenty for a world map, and the spec the
browser receives shrinks to about a third.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates, (int, float)):
        return round(float(coordinates), 1)
    return [_rounded(c) for c in coordinates]


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _d3_winding(polygon: list[list[list[float]]]) -> list[list[list[float]]]:
    """Outer ring clockwise, holes counter-clockwise, as d3-geo (Vega's projection) reads them: a
    ring the other way round is taken for the rest of the globe and paints the whole map."""
    return [ring[::-1] if (_signed_area(ring) > 0) == (i == 0) else ring for i, ring in enumerate(polygon)]


@lru_cache(maxsize=1)
def world_outlines() -> dict[str, dict[str, Any]]:
    """ISO alpha-2 code -> GeoJSON geometry of that country, for every country that has one."""
    from countryinfo import CountryInfo

    outlines: dict[str, dict[str, Any]] = {}
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha2")
        features = (info.get("geoJSON") or {}).get("features") or []
        if not code or not features or code in outlines:
            continue
        geometry = features[0].get("geometry") or {}
        coordinates: list[Any]
        if geometry.get("type") == "Polygon":
            coordinates = _d3_winding(_rounded(geometry["coordinates"]))
        elif geometry.get("type") == "MultiPolygon":
            coordinates = [_d3_winding(polygon) for polygon in _rounded(geometry["coordinates"])]
        else:
            continue
        outlines[str(code).upper()] = {"type": geometry["type"], "coordinates": coordinates}
    return outlines


def map_features(counts: dict[str, int], names: dict[str, str], home: str | None = None) -> list[dict[str, Any]]:
    """One GeoJSON feature per country with an outline: `code`, `name`, `articles` (0 for a
    country the articles do not cover, so the whole world is drawn and partners stand out) and
    `role` ("home country" for `home`, else "partner" or "")."""
    return [{"type": "Feature", "geometry": geometry,
             "properties": {"code": code, "name": names.get(code, code), "articles": counts.get(code, 0),
                            "role": "home country" if code == home else ("partner" if counts.get(code) else "")}}
            for code, geometry in sorted(world_outlines().items())]
