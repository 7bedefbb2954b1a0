//! Pictures for the HTML page, as inline SVG: no script, no external request, printable.
//!
//! Each picture is one `<svg>` (`role="img"`, or `role="group"` when its marks are links)
//! with a title and a description a screen reader reads, and never says anything by colour alone: points carry their country code, map
//! countries their code and a hatch when not graded, lines a legend. Everything from the
//! data is escaped. Output is deterministic (coordinates are printed to one decimal).

use crate::render::html::escape;
use crate::render::phrase;
use crate::report::{ProfileReport, Report, Timeline};
use crate::vocab::dates::parse_partial;
use serde::Deserialize;
use std::fmt::Write;
use std::sync::LazyLock;

/// A colour for a score on a map or a bar: red (0) through yellow to green (1).
fn fill(score: f64) -> String {
    format!("hsl({} 62% 58%)", (score.clamp(0.0, 1.0) * 120.0).round())
}

/// The hatch drawn over what is not graded (defined once per picture, by its prefix).
fn hatch_def(id: &str) -> String {
    format!(
        "<defs><pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#111\" stroke-opacity=\"0.5\" stroke-width=\"2\"/></pattern></defs>\n"
    )
}

// ---------------------------------------------------------------------------------------
// Score × coverage

/// Score × coverage, every profile a point linked to its section: who stands where, and on
/// how much evidence. Points below the grading threshold are hollow.
pub fn chart(report: &Report, anchor: &dyn Fn(usize) -> String) -> String {
    let (w, h, pad) = (420.0, 300.0, 44.0);
    let x = |coverage: f64| pad + coverage * (w - 2.0 * pad);
    let y = |score: f64| h - pad - score * (h - 2.0 * pad);
    let min = report.rulebook.grade_min_coverage;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"chart-title\">Score against coverage</title>\n<desc id=\"chart-desc\">Each country is a point: across, the share of the rules' weight its evidence decides; up, its score. Hollow points are below the {}% coverage a grade needs.</desc>\n",
        (min * 100.0).round()
    );
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{pad}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n<line class=\"axis\" x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{}\"/>\n",
        h - pad,
        w - pad,
        h - pad,
        h - pad
    );
    for t in [0.0, 0.5, 1.0] {
        let _ = write!(
            svg,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}%</text>\n<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}%</text>\n",
            x(t),
            h - pad + 16.0,
            t * 100.0,
            pad - 6.0,
            y(t) + 4.0,
            t * 100.0
        );
    }
    let _ = write!(
        svg,
        "<line class=\"threshold\" x1=\"{0}\" y1=\"{pad}\" x2=\"{0}\" y2=\"{1}\"/>\n<text class=\"tick\" x=\"{0}\" y=\"{2}\" text-anchor=\"middle\">graded from {3}%</text>\n",
        x(min),
        h - pad,
        pad - 8.0,
        (min * 100.0).round()
    );
    let _ = write!(
        svg,
        "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">coverage</text>\n<text class=\"label\" x=\"12\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {})\">score</text>\n",
        w / 2.0,
        h - 8.0,
        h / 2.0,
        h / 2.0
    );
    // Labels of points that (nearly) coincide are stacked, not drawn over each other.
    let mut placed: Vec<(f64, f64)> = Vec::new();
    for (i, p) in report.profiles.iter().enumerate() {
        let Some(score) = p.score else { continue };
        let (cx, cy) = (x(p.coverage), y(score));
        let near = placed
            .iter()
            .filter(|(px, py)| (px - cx).abs() < 14.0 && (py - cy).abs() < 14.0)
            .count();
        placed.push((cx, cy));
        let label_y = cy - 6.0 + 12.0 * near as f64;
        let class = if p.grade.is_some() {
            "point"
        } else {
            "point hollow"
        };
        let _ = writeln!(
            svg,
            "<a href=\"#{}\"><circle class=\"{class}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\"><title>{}: score {}, coverage {}</title></circle><text class=\"point-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text></a>",
            escape(&anchor(i)),
            escape(&p.name),
            phrase::percent(p.score),
            phrase::percent(Some(p.coverage)),
            cx + 8.0,
            label_y,
            escape(&p.id)
        );
    }
    svg.push_str("</svg>");
    svg
}

// ---------------------------------------------------------------------------------------
// The map

/// Country outlines (Natural Earth 1:50m, public domain; see `assets/map/LICENCE.md`).
const MAP_DATA: &str = include_str!("../../assets/map/europe.json");

#[derive(Deserialize)]
struct MapData {
    countries: Vec<MapCountry>,
}

#[derive(Deserialize)]
struct MapCountry {
    id: String,
    name: String,
    bbox: [f64; 4],
    rings: Vec<Vec<[f64; 2]>>,
}

static MAP: LazyLock<Vec<MapCountry>> = LazyLock::new(|| {
    serde_json::from_str::<MapData>(MAP_DATA)
        .map(|m| m.countries)
        .unwrap_or_default()
});

/// The map and the profiles it cannot show (their ids are not among its countries).
pub struct Map {
    /// The `<svg>`, or empty when no profile is on the map.
    pub svg: String,
    /// Indices of the profiles the map lacks, in report order.
    pub missing: Vec<usize>,
}

/// The profiled countries on a map, coloured by score (hatched where not graded), each
/// linked to its section; neighbours in grey for context.
pub fn map(report: &Report, anchor: &dyn Fn(usize) -> String) -> Map {
    let shapes = &*MAP;
    let mut on_map: Vec<(usize, &MapCountry)> = Vec::new();
    let mut missing = Vec::new();
    for (i, p) in report.profiles.iter().enumerate() {
        match shapes.iter().find(|c| c.id == p.id) {
            Some(c) => on_map.push((i, c)),
            None => missing.push(i),
        }
    }
    if on_map.is_empty() {
        return Map {
            svg: String::new(),
            missing,
        };
    }
    // The profiled countries' box, padded, at least 6° across.
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for (_, c) in &on_map {
        b = [
            b[0].min(c.bbox[0]),
            b[1].min(c.bbox[1]),
            b[2].max(c.bbox[2]),
            b[3].max(c.bbox[3]),
        ];
    }
    let grow = |lo: f64, hi: f64, min: f64| {
        let span = (hi - lo).max(min) * 1.2;
        let mid = (lo + hi) / 2.0;
        (mid - span / 2.0, mid + span / 2.0)
    };
    let (lon0, lon1) = grow(b[0], b[2], 6.0);
    let (lat0, lat1) = grow(b[1], b[3], 4.0);
    // Equirectangular, scaled by the cosine of the middle latitude.
    let k = ((lat0 + lat1) / 2.0).to_radians().cos();
    let w = 420.0;
    let scale = w / ((lon1 - lon0) * k);
    let h = ((lat1 - lat0) * scale).round();
    let px = |lon: f64| (lon - lon0) * k * scale;
    let py = |lat: f64| (lat1 - lat) * scale;
    let path = |c: &MapCountry| {
        let mut d = String::new();
        for ring in &c.rings {
            for (j, [lon, lat]) in ring.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{:.1} {:.1}",
                    if j == 0 { "M" } else { "L" },
                    px(*lon),
                    py(*lat)
                );
            }
            d.push('Z');
        }
        d
    };
    let mut svg = format!(
        "<svg class=\"map\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"map-title map-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"map-title\">Map of the profiled countries by score</title>\n<desc id=\"map-desc\">Each profiled country is coloured by its score, from red (0%) to green (100%), and labelled with its code; a hatched country is not graded (coverage below {}%). Neighbours are grey.</desc>\n{}",
        (report.rulebook.grade_min_coverage * 100.0).round(),
        hatch_def("map-hatch")
    );
    let profiled: Vec<&str> = on_map.iter().map(|(_, c)| c.id.as_str()).collect();
    for c in shapes {
        let visible =
            c.bbox[2] >= lon0 && c.bbox[0] <= lon1 && c.bbox[3] >= lat0 && c.bbox[1] <= lat1;
        if visible && !profiled.contains(&c.id.as_str()) {
            let _ = writeln!(
                svg,
                "<path class=\"land\" d=\"{}\"><title>{}</title></path>",
                path(c),
                escape(&c.name)
            );
        }
    }
    for (i, c) in &on_map {
        let p = &report.profiles[*i];
        let colour = p.score.map_or_else(|| "none".to_string(), fill);
        let d = path(c);
        let hatch = if p.is_graded() {
            String::new()
        } else {
            format!("<path class=\"ungraded\" d=\"{d}\" fill=\"url(#map-hatch)\"/>")
        };
        let (lx, ly) = label_point(c);
        let _ = writeln!(
            svg,
            "<a href=\"#{}\"><path class=\"profiled\" d=\"{d}\" style=\"fill: {colour}\"/>{hatch}<title>{}: score {}, coverage {}, {}</title><text class=\"map-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></a>",
            escape(&anchor(*i)),
            escape(&p.name),
            phrase::percent(p.score),
            phrase::percent(Some(p.coverage)),
            escape(&p.grade_text()),
            px(lx),
            py(ly) + 4.0,
            escape(&p.id)
        );
    }
    svg.push_str("</svg>");
    Map { svg, missing }
}

/// Where a country's code is written: the centroid of its largest ring.
fn label_point(c: &MapCountry) -> (f64, f64) {
    let mut best = (
        0.0,
        (c.bbox[0] + c.bbox[2]) / 2.0,
        (c.bbox[1] + c.bbox[3]) / 2.0,
    );
    for ring in &c.rings {
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for (j, p) in ring.iter().enumerate() {
            let q = ring[(j + 1) % ring.len()];
            let cross = p[0] * q[1] - q[0] * p[1];
            a += cross;
            cx += (p[0] + q[0]) * cross;
            cy += (p[1] + q[1]) * cross;
        }
        if a.abs() > best.0 && a != 0.0 {
            best = (a.abs(), cx / (3.0 * a), cy / (3.0 * a));
        }
    }
    (best.1, best.2)
}

// ---------------------------------------------------------------------------------------
// Category bars

/// Per category, one small bar per profile: its score in the category (hatched where the
/// category's coverage is below the grading threshold), with score and coverage written.
pub fn category_bars(report: &Report, category: &str, title: &str, index: usize) -> String {
    let rows = report.profiles.len();
    let (w, row, left, bar) = (300.0, 22.0, 26.0, 150.0);
    let h = row * rows as f64 + 6.0;
    let id = format!("cat-{index}");
    let mut svg = format!(
        "<svg class=\"bars\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{id}-title\">{}: score by country, with coverage</title>\n{}",
        escape(title),
        hatch_def(&format!("{id}-hatch"))
    );
    let min = report.rulebook.grade_min_coverage;
    for (r, p) in report.profiles.iter().enumerate() {
        let y = 3.0 + row * r as f64;
        let _ = write!(
            svg,
            "<text class=\"tick\" x=\"0\" y=\"{:.1}\">{}</text><rect class=\"track\" x=\"{left}\" y=\"{:.1}\" width=\"{bar}\" height=\"12\"/>",
            y + 12.0,
            escape(&p.id),
            y + 2.0
        );
        let text = match p.categories.get(category) {
            Some(c) if c.weight > 0.0 => {
                if let Some(s) = c.score {
                    let hatch = if c.coverage < min {
                        format!(
                            "<rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" fill=\"url(#{id}-hatch)\"/>",
                            y + 2.0,
                            s * bar
                        )
                    } else {
                        String::new()
                    };
                    let _ = write!(
                        svg,
                        "<rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" style=\"fill: {}\"/>{hatch}",
                        y + 2.0,
                        s * bar,
                        fill(s)
                    );
                }
                format!(
                    "{} · cov. {}",
                    phrase::percent(c.score),
                    phrase::percent(Some(c.coverage))
                )
            }
            _ => "n/a".to_string(),
        };
        let _ = writeln!(
            svg,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            left + bar + 4.0,
            y + 12.0,
            escape(&text)
        );
    }
    svg.push_str("</svg>");
    svg
}

// ---------------------------------------------------------------------------------------
// Timelines

/// A profile's score and coverage month by month, its dated changes marked and numbered
/// (the numbers are the page's list of events), and the rulebook source's date when known.
pub fn timeline(report: &Report, p: &ProfileReport, t: &Timeline, anchor: &str) -> String {
    let (w, h, left, right, top, bottom) = (560.0, 200.0, 40.0, 12.0, 14.0, 58.0);
    let days: Vec<jiff::civil::Date> = t
        .points
        .iter()
        .filter_map(|pt| pt.date.parse().ok())
        .collect();
    let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
        return String::new();
    };
    let span = (last - first).get_days().max(1) as f64;
    let x = |d: jiff::civil::Date| left + (d - first).get_days() as f64 / span * (w - left - right);
    let plot = h - top - bottom;
    let y = |v: f64| top + (1.0 - v.clamp(0.0, 1.0)) * plot;
    let id = format!("tl-{anchor}");
    let mut svg = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{id}-title\">{}: score and coverage over time</title>\n<desc id=\"{id}-desc\">Month by month from {} to {}: the solid line is the score, the dashed line the coverage; the numbered marks below are the dated changes listed after the chart.</desc>\n",
        escape(&p.name),
        first,
        last
    );
    // Axes, horizontal grid, year ticks.
    for v in [0.0, 0.5, 1.0] {
        let _ = writeln!(
            svg,
            "<line class=\"grid\" x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\"/><text class=\"tick\" x=\"{2}\" y=\"{3:.1}\" text-anchor=\"end\">{4}%</text>",
            y(v),
            w - right,
            left - 4.0,
            y(v) + 4.0,
            v * 100.0
        );
    }
    let min = report.rulebook.grade_min_coverage;
    let _ = writeln!(
        svg,
        "<line class=\"threshold\" x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\"><title>coverage a grade needs: {2}%</title></line>",
        y(min),
        w - right,
        (min * 100.0).round()
    );
    for year in first.year()..=last.year() {
        let Ok(d) = jiff::civil::Date::new(year, 1, 1) else {
            continue;
        };
        if d < first {
            continue;
        }
        let _ = writeln!(
            svg,
            "<line class=\"axis\" x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\"/><text class=\"tick\" x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"middle\">{year}</text>",
            x(d),
            h - bottom,
            h - bottom + 4.0,
            h - bottom + 15.0
        );
    }
    if let Some((d, _)) = report
        .rulebook
        .source
        .date
        .as_deref()
        .and_then(parse_partial)
        .filter(|(d, _)| *d >= first && *d <= last)
    {
        let _ = writeln!(
            svg,
            "<line class=\"marker\" x1=\"{0:.1}\" y1=\"{top}\" x2=\"{0:.1}\" y2=\"{1:.1}\"/><text class=\"tick\" x=\"{2:.1}\" y=\"{3:.1}\">rulebook source</text>",
            x(d),
            h - bottom,
            x(d) + 3.0,
            top + 8.0
        );
    }
    // Step lines: a value holds until the next month's.
    let steps = |value: &dyn Fn(usize) -> Option<f64>| {
        let mut d = String::new();
        let mut open = false;
        for (i, day) in days.iter().enumerate() {
            match value(i) {
                Some(v) => {
                    if open {
                        let _ = write!(d, "H{:.1}V{:.1}", x(*day), y(v));
                    } else {
                        let _ = write!(d, "M{:.1} {:.1}", x(*day), y(v));
                        open = true;
                    }
                }
                None => open = false,
            }
        }
        d
    };
    let coverage = steps(&|i| t.points.get(i).map(|pt| pt.coverage));
    let score = steps(&|i| t.points.get(i).and_then(|pt| pt.score));
    let _ = writeln!(
        svg,
        "<path class=\"coverage-line\" d=\"{coverage}\"/><path class=\"score-line\" d=\"{score}\"/>"
    );
    // Events: a tick on the time axis and its number, staggered on three rows.
    for (n, e) in t.events.iter().enumerate() {
        let Some((d, _)) = parse_partial(&e.date) else {
            continue;
        };
        let d = d.max(first).min(last);
        let ex = x(d);
        let row = (n % 3) as f64;
        let _ = writeln!(
            svg,
            "<g class=\"event\"><title>{} {}: {}</title><line x1=\"{ex:.1}\" y1=\"{:.1}\" x2=\"{ex:.1}\" y2=\"{:.1}\"/><text x=\"{ex:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
            n + 1,
            escape(&e.date),
            escape(&e.label),
            h - bottom,
            h - bottom + 22.0 + row * 11.0,
            h - bottom + 31.0 + row * 11.0,
            n + 1
        );
    }
    // Legend.
    let ly = h - 4.0;
    let _ = write!(
        svg,
        "<path class=\"score-line\" d=\"M{left} {0:.1}h22\"/><text class=\"tick\" x=\"{1}\" y=\"{2:.1}\">score</text><path class=\"coverage-line\" d=\"M{3} {0:.1}h22\"/><text class=\"tick\" x=\"{4}\" y=\"{2:.1}\">coverage</text>",
        ly - 4.0,
        left + 26.0,
        ly,
        left + 80.0,
        left + 106.0
    );
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_map_has_the_six_countries_and_valid_rings() {
        for id in ["AL", "BA", "ME", "MK", "RS", "XK"] {
            assert!(MAP.iter().any(|c| c.id == id), "{id} on the map");
        }
        for c in MAP.iter() {
            assert!(c.rings.iter().all(|r| r.len() >= 3), "{}", c.id);
            assert!(c.bbox[0] <= c.bbox[2] && c.bbox[1] <= c.bbox[3]);
        }
    }

    #[test]
    fn a_profile_the_map_lacks_is_listed_not_drawn() {
        let report = crate::render::sample::report();
        let map = map(&report, &|i| report.profiles[i].id.clone());
        assert!(map.svg.contains("href=\"#DE\""), "Germany is drawn");
        assert_eq!(map.missing, Vec::<usize>::new());
        let mut alien = report.clone();
        alien.profiles[0].id = "QQ".into();
        let map = super::map(&alien, &|i| alien.profiles[i].id.clone());
        assert_eq!(map.missing, vec![0], "an id the map lacks is listed");
        assert!(!map.svg.contains("#QQ"));
    }

    #[test]
    fn every_picture_escapes_what_comes_from_the_data() {
        use crate::report::{TimelineEvent, TimelinePoint};
        let mut report = crate::render::sample::report();
        let p = &mut report.profiles[1];
        assert!(p.name.contains('<'), "the sample's name carries markup");
        let t = Timeline {
            points: vec![
                TimelinePoint {
                    date: "2020-01-31".into(),
                    score: Some(0.5),
                    coverage: 0.5,
                },
                TimelinePoint {
                    date: "2021-01-31".into(),
                    score: None,
                    coverage: 0.0,
                },
            ],
            events: vec![TimelineEvent {
                date: "2020-06".into(),
                fact: "/x".into(),
                label: "a <script>alert(1)</script> & \"quote\"".into(),
                from: None,
                to: Some(serde_json::json!(true)),
                added: false,
                source: "s".into(),
            }],
        };
        let p = &report.profiles[1];
        let anchor = |i: usize| report.profiles[i].id.clone();
        for svg in [
            chart(&report, &anchor),
            map(&report, &anchor).svg,
            category_bars(&report, "5g-security", "<b>title</b>", 0),
            timeline(&report, p, &t, "FR"),
        ] {
            assert!(!svg.contains("<script") && !svg.contains("<DOM>") && !svg.contains("<b>"));
        }
        let tl = timeline(&report, p, &t, "FR");
        assert!(tl.contains("&lt;script&gt;") && tl.contains("&amp; &quot;quote&quot;"));
        assert!(tl.contains("<g class=\"event\">"), "the event is marked");
    }

    #[test]
    fn label_point_is_inside_the_box() {
        for c in MAP.iter() {
            let (x, y) = label_point(c);
            assert!(x >= c.bbox[0] - 0.01 && x <= c.bbox[2] + 0.01, "{}", c.id);
            assert!(y >= c.bbox[1] - 0.01 && y <= c.bbox[3] + 0.01, "{}", c.id);
        }
    }
}
