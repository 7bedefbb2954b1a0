#!/usr/bin/env python3
"""Build europe.json (simplified country outlines for an inline SVG map of Europe).

Source: Natural Earth 1:50m Admin 0 - Countries (public domain), v4.1.0, as
TopoJSON from the npm package world-atlas 2.0.2 (countries-50m.json).

Rerun (python3 >= 3.9, shapely 2.x; tested with shapely 2.2.0):

    mkdir -p mapwork && cd mapwork   # any scratch folder outside the repository
    npm install world-atlas@2.0.2
    pip install shapely==2.2.0
    python3 /path/to/assets/map/build.py node_modules/world-atlas/countries-50m.json

It writes europe.json next to this script. Steps:
  1. decode the TopoJSON arcs and simplify each arc once with Douglas-Peucker,
     so borders shared by two countries stay identical after simplification;
  2. assemble each wanted country (rings crossing the antimeridian are unwrapped
     past +-180 first), clip it to lon -25..45, lat 34..72 (shapely);
  3. drop polygons under MIN_AREA square degrees (unless it is the country's
     only one), round to 0.01 deg, drop repeated points and rings of < 3 points.
Output is deterministic: countries sorted by id, fixed key order.
"""
import json
import os
import sys

from shapely import make_valid, unary_union
from shapely.geometry import Polygon, box
from shapely.geometry.polygon import orient

TOLERANCE = 0.02  # Douglas-Peucker tolerance, degrees
MIN_AREA = 0.01   # square degrees
CLIP = (-25.0, 34.0, 45.0, 72.0)  # minLon, minLat, maxLon, maxLat

# ISO 3166-1 numeric (world-atlas feature id) -> (alpha-2, English name)
COUNTRIES = {
    "008": ("AL", "Albania"), "020": ("AD", "Andorra"), "040": ("AT", "Austria"),
    "051": ("AM", "Armenia"), "031": ("AZ", "Azerbaijan"), "112": ("BY", "Belarus"),
    "056": ("BE", "Belgium"), "070": ("BA", "Bosnia and Herzegovina"),
    "100": ("BG", "Bulgaria"), "191": ("HR", "Croatia"), "196": ("CY", "Cyprus"),
    "203": ("CZ", "Czechia"), "208": ("DK", "Denmark"), "233": ("EE", "Estonia"),
    "234": ("FO", "Faroe Islands"), "246": ("FI", "Finland"), "248": ("AX", "Åland"),
    "250": ("FR", "France"), "268": ("GE", "Georgia"), "276": ("DE", "Germany"),
    "300": ("GR", "Greece"), "304": ("GL", "Greenland"), "348": ("HU", "Hungary"),
    "352": ("IS", "Iceland"), "372": ("IE", "Ireland"), "380": ("IT", "Italy"),
    "428": ("LV", "Latvia"), "438": ("LI", "Liechtenstein"), "440": ("LT", "Lithuania"),
    "442": ("LU", "Luxembourg"), "470": ("MT", "Malta"), "492": ("MC", "Monaco"),
    "498": ("MD", "Moldova"), "499": ("ME", "Montenegro"), "528": ("NL", "Netherlands"),
    "807": ("MK", "North Macedonia"), "578": ("NO", "Norway"), "616": ("PL", "Poland"),
    "620": ("PT", "Portugal"), "642": ("RO", "Romania"), "643": ("RU", "Russia"),
    "674": ("SM", "San Marino"), "688": ("RS", "Serbia"), "703": ("SK", "Slovakia"),
    "705": ("SI", "Slovenia"), "724": ("ES", "Spain"), "752": ("SE", "Sweden"),
    "756": ("CH", "Switzerland"), "792": ("TR", "Turkey"), "804": ("UA", "Ukraine"),
    "826": ("GB", "United Kingdom"), "336": ("VA", "Vatican City"),
    "831": ("GG", "Guernsey"), "832": ("JE", "Jersey"), "833": ("IM", "Isle of Man"),
    # neighbours, for context (clipped to the box; some fall wholly outside it)
    "504": ("MA", "Morocco"), "012": ("DZ", "Algeria"), "788": ("TN", "Tunisia"),
    "434": ("LY", "Libya"), "818": ("EG", "Egypt"), "760": ("SY", "Syria"),
    "368": ("IQ", "Iraq"), "364": ("IR", "Iran"), "398": ("KZ", "Kazakhstan"),
    "376": ("IL", "Israel"), "422": ("LB", "Lebanon"), "400": ("JO", "Jordan"),
}
# Features without an ISO numeric id in Natural Earth, matched by name.
BY_NAME = {
    "Kosovo": ("XK", "Kosovo"),       # user-assigned code, as used by the EU
    "N. Cyprus": ("CY", "Cyprus"),    # ISO 3166 has no code: merged into CY
}


def decode_arcs(topo):
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def douglas_peucker(pts, tol):
    """Simplify a polyline, keeping both end points."""
    if len(pts) < 3:
        return pts
    if pts[0] == pts[-1]:  # closed arc: split at the point farthest from the start
        far = max(range(len(pts)), key=lambda i: (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2)
        if far == 0:
            return pts[:1]
        return douglas_peucker(pts[: far + 1], tol)[:-1] + douglas_peucker(pts[far:], tol)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, idx = d, i
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep) if k]


def ring_from_arcs(indices, arcs):
    ring = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts if not ring else pts[1:])
    return ring


def unwrap(ring):
    """Rings may cross the antimeridian (e.g. Russia's Chukotka): keep lon continuous."""
    out, shift = [], 0.0
    for i, (x, y) in enumerate(ring):
        if i and abs(x + shift - out[-1][0]) > 180:
            shift += 360 if x + shift < out[-1][0] else -360
        out.append((x + shift, y))
    return out


def geometry(geom, arcs):
    polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
    out = []
    for poly in polys:
        rings = [unwrap(ring_from_arcs(r, arcs)) for r in poly]
        rings = [r for r in rings if len(set(r)) >= 3]
        if rings:
            out.append(make_valid(Polygon(rings[0], rings[1:])))
    return out


def polygons(geom):
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    return [p for g in getattr(geom, "geoms", []) for p in polygons(g)]


def clean_ring(coords):
    ring = []
    for x, y in coords[:-1]:  # shapely repeats the first point at the end
        p = [round(x, 2) + 0.0, round(y, 2) + 0.0]  # + 0.0 turns -0.0 into 0.0
        if not ring or ring[-1] != p:
            ring.append(p)
    while len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return ring if len(ring) >= 3 else None


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "node_modules/world-atlas/countries-50m.json"
    with open(src, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = [douglas_peucker(a, TOLERANCE) for a in decode_arcs(topo)]
    clip = box(*CLIP)

    parts = {}  # id -> (name, [shapely polygons])
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name")
        code = COUNTRIES.get(g.get("id")) or BY_NAME.get(name)
        if "arcs" not in g:
            continue
        geoms = geometry(g, arcs)
        if code is None:
            if any(p.intersects(clip) for p in geoms):
                print(f"skipped (no code): {name}", file=sys.stderr)
            continue
        entry = parts.setdefault(code[0], (code[1], []))
        entry[1].extend(geoms)

    countries = []
    for cid in sorted(parts):
        name, geoms = parts[cid]
        polys = polygons(unary_union(geoms).intersection(clip))
        polys = sorted(polys, key=lambda p: -p.area)
        polys = [p for i, p in enumerate(polys) if i == 0 or p.area >= MIN_AREA]
        rings = []
        for p in polys:
            p = orient(p)
            outer = clean_ring(list(p.exterior.coords))
            if outer is None:
                continue
            rings.append(outer)
            rings += [r for r in (clean_ring(list(h.coords)) for h in p.interiors) if r]
        if not rings:
            print(f"skipped (empty after clipping/simplifying): {cid} {name}", file=sys.stderr)
            continue
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        countries.append({"id": cid, "name": name, "bbox": [min(xs), min(ys), max(xs), max(ys)], "rings": rings})

    header = {
        "source": "Natural Earth 1:50m Admin 0 – Countries, version 4.1.0 (via world-atlas 2.0.2)",
        "licence": "Public domain (Natural Earth); see LICENCE.md",
        "simplification": (
            f"Douglas–Peucker on shared TopoJSON arcs, tolerance {TOLERANCE}°; clipped to lon "
            f"{CLIP[0]:g}…{CLIP[2]:g}, lat {CLIP[1]:g}…{CLIP[3]:g}; polygons under {MIN_AREA} sq° dropped "
            "unless a country's only one; coordinates rounded to 0.01°"
        ),
    }
    dump = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    body = ",\n".join(dump(c) for c in countries)
    out = dump(header)[:-1] + ',"countries":[\n' + body + "\n]}\n"
    dest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "europe.json")
    with open(dest, "w", encoding="utf-8") as f:
        f.write(out)
    print(f"wrote {dest}: {len(countries)} countries, {len(out.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
