//! Charts with plotters, as SVG (for the PDF) and PNG (print resolution,
//! twice the SVG's pixel size). Four shapes serve every chart of the
//! report: lines over time (with interval bands and event markers),
//! stacked shares, bars and heatmaps. Fonts are DejaVu, embedded in the
//! binary: no system font is ever looked up. Empty data draws the frame and
//! a note instead of a chart.

use super::i18n::Lang;
use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// SVG size in pixels; PNGs are drawn at twice this.
pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 560;
/// Font size of labels, in SVG pixels.
const LABEL: f64 = 15.0;

/// Okabe–Ito, reordered so that the first colours differ most and the
/// yellow comes last: safe for the common colour-vision deficiencies.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];
pub const NEGATIVE: RGBColor = RGBColor(213, 94, 0);
pub const NEUTRAL: RGBColor = RGBColor(170, 170, 170);
pub const POSITIVE: RGBColor = RGBColor(0, 158, 115);
const GRID: RGBColor = RGBColor(225, 225, 225);
const INK: RGBColor = RGBColor(40, 40, 40);

/// Registers the embedded fonts with plotters (once per process).
pub fn register_fonts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
}

/// One line of a time chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    pub color: RGBColor,
    /// (day since 1970-01-01, value).
    pub points: Vec<(i32, f64)>,
    /// (day, low, high): an interval band drawn under the line.
    pub band: Vec<(i32, f64, f64)>,
    /// Days with a burst: a ring on the line.
    pub marks: Vec<i32>,
}

/// One account in a network drawing: where (0..1 both ways), how large
/// (its posts), its cluster's colour.
#[derive(Debug, Clone, PartialEq)]
pub struct NetNode {
    pub cluster: u32,
    pub account: String,
    pub posts: u64,
    pub x: f64,
    pub y: f64,
    pub color: RGBColor,
}

/// How values are written on an axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    Count,
    Percent,
    Signed,
}

impl Format {
    fn label(self, v: f64) -> String {
        match self {
            Format::Count => format!("{v:.0}"),
            Format::Percent => format!("{:.0}%", v * 100.0),
            Format::Signed => format!("{v:+.1}"),
        }
    }
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Lines {
        lines: Vec<Line>,
        y: Format,
        y_range: Option<(f64, f64)>,
        markers: Vec<i32>,
    },
    /// The same as `Lines`, one small panel per line on a shared scale
    /// (for lines with interval bands, which overlap into mud otherwise).
    Panels {
        lines: Vec<Line>,
        y: Format,
        y_range: Option<(f64, f64)>,
        markers: Vec<i32>,
    },
    /// Horizontal bars split into parts; each row's values are shares.
    Stacked {
        rows: Vec<String>,
        parts: Vec<(String, RGBColor)>,
        values: Vec<Vec<f64>>,
    },
    /// Horizontal bars with their own colour and a value label.
    Bars {
        rows: Vec<(String, f64, RGBColor)>,
    },
    /// Rows × columns of counts; cells shaded by value, numbers written.
    Heatmap {
        rows: Vec<String>,
        cols: Vec<String>,
        values: Vec<Vec<f64>>,
    },
    /// Accounts as dots (area by posts, colour by cluster), links between
    /// them as lines (width by weight), a label per cluster.
    Network {
        nodes: Vec<NetNode>,
        /// (node, node, weight).
        edges: Vec<(usize, usize, f64)>,
        /// (cluster label, where to write it, colour).
        labels: Vec<(String, (f64, f64), RGBColor)>,
    },
}

impl Shape {
    fn is_empty(&self) -> bool {
        match self {
            Shape::Lines { lines, .. } | Shape::Panels { lines, .. } => {
                lines.iter().all(|l| l.points.is_empty())
            }
            Shape::Stacked { rows, .. } => rows.is_empty(),
            Shape::Bars { rows } => rows.is_empty(),
            Shape::Heatmap { rows, cols, .. } => rows.is_empty() || cols.is_empty(),
            Shape::Network { nodes, .. } => nodes.is_empty(),
        }
    }
}

/// A chart: its file name, words and data.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub name: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// Shown instead of the chart when there is no data.
    pub empty_note: String,
    /// The language of dates on the axes.
    pub lang: Lang,
    pub shape: Shape,
}

impl Chart {
    /// Exactly the numbers the chart draws, long form: `series, x, value,
    /// low, high` (x is a date for time charts, a column or part name
    /// otherwise; a burst ring is a row of series `<line> (burst)`),
    /// written as `tables/chart_<name>.csv`. A network drawing's table is
    /// its nodes: `cluster_id, account, posts, x, y`.
    pub fn table(&self) -> anyhow::Result<polars::prelude::DataFrame> {
        use polars::prelude::*;
        if let Shape::Network { nodes, .. } = &self.shape {
            let r4 = |v: f64| (v * 1e4).round() / 1e4;
            return Ok(DataFrame::new(
                nodes.len(),
                vec![
                    Column::new("cluster_id".into(), nodes.iter().map(|n| n.cluster).collect::<Vec<_>>()),
                    Column::new(
                        "account".into(),
                        nodes.iter().map(|n| n.account.as_str()).collect::<Vec<_>>(),
                    ),
                    Column::new("posts".into(), nodes.iter().map(|n| n.posts).collect::<Vec<_>>()),
                    Column::new("x".into(), nodes.iter().map(|n| r4(n.x)).collect::<Vec<_>>()),
                    Column::new("y".into(), nodes.iter().map(|n| r4(n.y)).collect::<Vec<_>>()),
                ],
            )?);
        }
        let (mut series, mut x, mut value, mut low, mut high) = (vec![], vec![], vec![], vec![], vec![]);
        let mut push = |s: &str, xv: String, v: f64, band: Option<(f64, f64)>| {
            series.push(s.to_string());
            x.push(xv);
            value.push((v * 1e4).round() / 1e4);
            low.push(band.map(|b| (b.0 * 1e4).round() / 1e4));
            high.push(band.map(|b| (b.1 * 1e4).round() / 1e4));
        };
        match &self.shape {
            Shape::Lines { lines, .. } | Shape::Panels { lines, .. } => {
                for l in lines {
                    for &(d, v) in &l.points {
                        let band = l.band.iter().find(|b| b.0 == d).map(|b| (b.1, b.2));
                        push(&l.name, iso_day(d), v, band);
                    }
                    for (d, v) in marked(l) {
                        push(&format!("{} (burst)", l.name), iso_day(d), v, None);
                    }
                }
            }
            Shape::Stacked { rows, parts, values } => {
                for (r, vals) in rows.iter().zip(values) {
                    for ((p, _), v) in parts.iter().zip(vals) {
                        push(r, p.clone(), *v, None);
                    }
                }
            }
            Shape::Bars { rows } => {
                for (r, v, _) in rows {
                    push(r, String::new(), *v, None);
                }
            }
            Shape::Heatmap { rows, cols, values } => {
                for (r, vals) in rows.iter().zip(values) {
                    for (c, v) in cols.iter().zip(vals) {
                        push(r, c.clone(), *v, None);
                    }
                }
            }
            Shape::Network { .. } => {}
        }
        Ok(DataFrame::new(
            series.len(),
            vec![
                Column::new("series".into(), series),
                Column::new("x".into(), x),
                Column::new("value".into(), value),
                Column::new("low".into(), low),
                Column::new("high".into(), high),
            ],
        )?)
    }
}

/// The burst days of a line that it has a point on: (day, value).
fn marked(l: &Line) -> impl Iterator<Item = (i32, f64)> + '_ {
    l.marks.iter().filter_map(|d| l.points.iter().find(|p| p.0 == *d).copied())
}

/// A day number as `2024-02-14`.
pub fn iso_day(d: i32) -> String {
    crate::analytics::days::date(d).format("%Y-%m-%d").to_string()
}

/// The chart as SVG text (the PNG is drawn by the same code, twice the size).
pub fn svg(chart: &Chart) -> Result<String> {
    register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        draw(chart, &root, 1.0)?;
        root.present().map_err(|e| anyhow!("chart {}: {e:?}", chart.name))?;
    }
    Ok(svg)
}

/// Writes `<dir>/<name>.svg` and `<dir>/<name>.png`; returns the SVG text.
pub fn render(chart: &Chart, dir: &Path) -> Result<String> {
    let svg = svg(chart)?;
    std::fs::write(dir.join(format!("{}.svg", chart.name)), &svg)?;
    let png = dir.join(format!("{}.png", chart.name));
    {
        let root = BitMapBackend::new(&png, (WIDTH * 2, HEIGHT * 2)).into_drawing_area();
        draw(chart, &root, 2.0)?;
        root.present().map_err(|e| anyhow!("chart {}: {e:?}", chart.name))?;
    }
    Ok(svg)
}

fn err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("drawing failed: {e:?}")
}

fn font(size: f64, s: f64) -> TextStyle<'static> {
    ("sans-serif", size * s).into_font().color(&INK)
}

/// A day number as `12 Feb 24` (`12 Agu 24` in Indonesian).
pub fn day_label(d: i32, lang: Lang) -> String {
    use chrono::Datelike;
    const ID: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
    const EN: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let date = crate::analytics::days::date(d);
    let months = if lang == Lang::Id { ID } else { EN };
    format!("{} {} {:02}", date.day(), months[date.month0() as usize], date.year() % 100)
}

fn draw<DB: DrawingBackend>(chart: &Chart, root: &DrawingArea<DB, Shift>, s: f64) -> Result<()> {
    root.fill(&WHITE).map_err(err)?;
    let title_h = (44.0 * s) as u32;
    let (head, body) = root.split_vertically(title_h);
    head.draw(&Text::new(
        chart.title.clone(),
        ((16.0 * s) as i32, (12.0 * s) as i32),
        ("sans-serif", 21.0 * s, FontStyle::Bold).into_font().color(&INK),
    ))
    .map_err(err)?;
    if chart.shape.is_empty() {
        let (bw, bh) = body.dim_in_pixel();
        let style = font(24.0, s).pos(Pos::new(HPos::Center, VPos::Center));
        body.draw(&Text::new(chart.empty_note.clone(), (bw as i32 / 2, bh as i32 / 3), style))
            .map_err(err)?;
        return Ok(());
    }
    match &chart.shape {
        Shape::Lines { lines, y, y_range, markers } => {
            let (plot, legend) = body.split_horizontally(body.dim_in_pixel().0 - (210.0 * s) as u32);
            let axes = Axes { x: &chart.x_label, y: &chart.y_label, x_labels: 7 };
            draw_lines(chart, &plot, s, lines, *y, *y_range, markers, axes)?;
            legend_box(&legend, s, &lines.iter().map(|l| (l.name.clone(), l.color)).collect::<Vec<_>>())
        }
        Shape::Panels { lines, y, y_range, markers } => {
            let cols = if lines.len() > 4 { 3 } else { lines.len().clamp(1, 2) };
            let rows = lines.len().div_ceil(cols).max(1);
            let panels = body.split_evenly((rows, cols));
            for (l, panel) in lines.iter().zip(panels.iter()) {
                let (head, plot) = panel.split_vertically((26.0 * s) as u32);
                head.draw(&Text::new(
                    truncate(&l.name, 28),
                    ((70.0 * s) as i32, (4.0 * s) as i32),
                    ("sans-serif", LABEL * s, FontStyle::Bold).into_font().color(&l.color),
                ))
                .map_err(err)?;
                if l.points.is_empty() {
                    // A target named only neutrally has no net sentiment:
                    // its panel says so instead of drawing an empty axis.
                    let (pw, ph) = plot.dim_in_pixel();
                    let style = font(LABEL, s).pos(Pos::new(HPos::Center, VPos::Center));
                    plot.draw(&Text::new(chart.empty_note.clone(), (pw as i32 / 2, ph as i32 / 2), style))
                        .map_err(err)?;
                    continue;
                }
                let axes = Axes { x: "", y: "", x_labels: 3 };
                draw_lines(chart, &plot, s, std::slice::from_ref(l), *y, *y_range, markers, axes)?;
            }
            Ok(())
        }
        Shape::Stacked { rows, parts, values } => draw_stacked(&body, s, rows, parts, values),
        Shape::Bars { rows } => draw_bars(chart, &body, s, rows),
        Shape::Heatmap { rows, cols, values } => draw_heatmap(chart, &body, s, rows, cols, values),
        Shape::Network { nodes, edges, labels } => draw_network(&body, s, nodes, edges, labels),
    }
}

fn draw_network<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: f64,
    nodes: &[NetNode],
    edges: &[(usize, usize, f64)],
    labels: &[(String, (f64, f64), RGBColor)],
) -> Result<()> {
    let (w, h) = area.dim_in_pixel();
    let pad = 24.0 * s;
    let at = |x: f64, y: f64| -> (i32, i32) {
        ((pad + x * (w as f64 - 2.0 * pad)) as i32, (pad + y * (h as f64 - 2.0 * pad)) as i32)
    };
    let top = edges.iter().map(|e| e.2).fold(0.0f64, f64::max).max(1e-9);
    for &(a, b, wt) in edges {
        let (p, q) = (&nodes[a], &nodes[b]);
        let width = (0.6 + 2.4 * (wt / top)).max(0.6) * s;
        area.draw(&PathElement::new(
            vec![at(p.x, p.y), at(q.x, q.y)],
            RGBColor(150, 150, 150).mix(0.55).stroke_width(width.max(1.0) as u32),
        ))
        .map_err(err)?;
    }
    let most = nodes.iter().map(|n| n.posts).max().unwrap_or(1).max(1) as f64;
    for n in nodes {
        let r = ((3.0 + 9.0 * (n.posts as f64 / most).sqrt()) * s) as i32;
        area.draw(&Circle::new(at(n.x, n.y), r, n.color.filled())).map_err(err)?;
        area.draw(&Circle::new(at(n.x, n.y), r, WHITE.stroke_width((1.0 * s).max(1.0) as u32)))
            .map_err(err)?;
    }
    for (text, (x, y), color) in labels {
        let style = ("sans-serif", LABEL * s, FontStyle::Bold).into_font().color(color);
        area.draw(&Text::new(text.clone(), at(*x, *y), style.pos(Pos::new(HPos::Center, VPos::Bottom))))
            .map_err(err)?;
    }
    Ok(())
}

/// Axis descriptions and how many date labels a line chart gets.
struct Axes<'a> {
    x: &'a str,
    y: &'a str,
    x_labels: usize,
}

#[allow(clippy::too_many_arguments)]
fn draw_lines<DB: DrawingBackend>(
    chart: &Chart,
    plot: &DrawingArea<DB, Shift>,
    s: f64,
    lines: &[Line],
    y: Format,
    y_range: Option<(f64, f64)>,
    markers: &[i32],
    axes: Axes,
) -> Result<()> {
    let mut days = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0));
    // No point at all: nothing to scale an axis to (callers show a note).
    let Some(first) = days.next() else { return Ok(()) };
    let (x0, x1) = days.fold((first, first), |(a, b), d| (a.min(d), b.max(d)));
    // One day of data still gets a readable axis.
    let (x0, x1) = if x0 == x1 { (x0 - 1, x1 + 1) } else { (x0, x1) };
    let (y0, y1) = y_range.unwrap_or_else(|| {
        let top = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).fold(0.0f64, f64::max);
        (0.0, if top > 0.0 { top * 1.08 } else { 1.0 })
    });
    let described = !axes.x.is_empty();
    let mut c = ChartBuilder::on(plot)
        .margin((12.0 * s) as u32)
        .margin_right((36.0 * s) as u32)
        .x_label_area_size(((if described { 44.0 } else { 24.0 }) * s) as u32)
        .y_label_area_size(((if described { 64.0 } else { 44.0 }) * s) as u32)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    c.configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_labels(axes.x_labels)
        .y_labels(if described { 6 } else { 5 })
        .x_label_formatter(&|d| day_label(*d, chart.lang))
        .y_label_formatter(&|v| y.label(*v))
        .x_desc(axes.x)
        .y_desc(axes.y)
        .label_style(font(LABEL, s))
        .axis_desc_style(font(LABEL, s))
        .draw()
        .map_err(err)?;
    if y == Format::Signed && y0 < 0.0 && y1 > 0.0 {
        c.draw_series(LineSeries::new([(x0, 0.0), (x1, 0.0)], INK.stroke_width((1.0 * s) as u32)))
            .map_err(err)?;
    }
    for &m in markers.iter().filter(|&&m| m >= x0 && m <= x1) {
        c.draw_series(DashedLineSeries::new(
            [(m, y0), (m, y1)],
            (6.0 * s) as u32,
            (5.0 * s) as u32,
            RGBColor(120, 120, 120).stroke_width((1.0 * s).max(1.0) as u32),
        ))
        .map_err(err)?;
    }
    for l in lines {
        if l.band.len() > 1 {
            let mut poly: Vec<(i32, f64)> = l.band.iter().map(|b| (b.0, b.2)).collect();
            poly.extend(l.band.iter().rev().map(|b| (b.0, b.1)));
            c.draw_series(std::iter::once(Polygon::new(poly, l.color.mix(0.18)))).map_err(err)?;
        }
    }
    for l in lines {
        c.draw_series(LineSeries::new(l.points.iter().copied(), l.color.stroke_width((2.2 * s) as u32)))
            .map_err(err)?;
        if l.points.len() <= 2 {
            c.draw_series(l.points.iter().map(|p| Circle::new(*p, (4.0 * s) as u32, l.color.filled())))
                .map_err(err)?;
        }
    }
    // Bursts: a ring around the day's point.
    for l in lines {
        let style = l.color.stroke_width((2.0 * s).max(1.0) as u32);
        c.draw_series(marked(l).map(|p| Circle::new(p, (7.0 * s) as u32, style))).map_err(err)?;
    }
    Ok(())
}

/// A legend: coloured squares and names, top down.
fn legend_box<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: f64,
    items: &[(String, RGBColor)],
) -> Result<()> {
    for (i, (name, color)) in items.iter().enumerate() {
        let y = (24.0 * s + i as f64 * 26.0 * s) as i32;
        let x = (8.0 * s) as i32;
        area.draw(&Rectangle::new([(x, y), (x + (14.0 * s) as i32, y + (14.0 * s) as i32)], color.filled()))
            .map_err(err)?;
        area.draw(&Text::new(truncate(name, 20), (x + (22.0 * s) as i32, y), font(LABEL, s))).map_err(err)?;
    }
    Ok(())
}

/// At most `n` characters, with an ellipsis when cut.
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// Writes `text` at chart coordinate `at`, shifted by `dx, dy` pixels and
/// anchored by `pos`.
fn label_at<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    c: &mut ChartContext<DB, Cartesian2d<X, Y>>,
    at: (f64, f64),
    shift: (i32, i32),
    text: &str,
    style: TextStyle<'static>,
    pos: Pos,
) -> Result<()> {
    c.plotting_area()
        .draw(&(EmptyElement::at(at) + Text::new(text.to_string(), shift, style.pos(pos))))
        .map_err(err)
}

/// The value axis of a horizontal bar chart; rows are labelled by hand.
fn horizontal_mesh<DB: DrawingBackend>(
    c: &mut ChartContext<
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    s: f64,
    format: Format,
    x_desc: &str,
) -> Result<()> {
    c.configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_labels(6)
        .y_labels(0)
        .x_label_formatter(&|v| format.label(*v))
        .x_desc(x_desc)
        .label_style(font(LABEL, s))
        .axis_desc_style(font(LABEL, s))
        .draw()
        .map_err(err)
}

fn right_centre() -> Pos {
    Pos::new(HPos::Right, VPos::Center)
}

fn draw_stacked<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: f64,
    rows: &[String],
    parts: &[(String, RGBColor)],
    values: &[Vec<f64>],
) -> Result<()> {
    let (plot, legend) = area.split_horizontally(area.dim_in_pixel().0 - (170.0 * s) as u32);
    let n = rows.len() as f64;
    let mut c = ChartBuilder::on(&plot)
        .margin((12.0 * s) as u32)
        .margin_left((230.0 * s) as u32)
        .x_label_area_size((40.0 * s) as u32)
        .build_cartesian_2d(0.0..1.0, 0.0..n)
        .map_err(err)?;
    horizontal_mesh(&mut c, s, Format::Percent, "")?;
    for (r, vals) in values.iter().enumerate() {
        let top = n - r as f64;
        let (y0, y1) = (top - 0.88, top - 0.12);
        label_at(
            &mut c,
            (0.0, top - 0.5),
            (-(8.0 * s) as i32, 0),
            &truncate(&rows[r], 26),
            font(LABEL, s),
            right_centre(),
        )?;
        let mut x = 0.0;
        for (v, (_, color)) in vals.iter().zip(parts) {
            c.draw_series(std::iter::once(Rectangle::new([(x, y0), (x + v, y1)], color.filled())))
                .map_err(err)?;
            if *v >= 0.06 {
                let style = font(LABEL, s).color(&WHITE);
                label_at(
                    &mut c,
                    (x, top - 0.5),
                    ((6.0 * s) as i32, 0),
                    &Format::Percent.label(*v),
                    style,
                    Pos::new(HPos::Left, VPos::Center),
                )?;
            }
            x += v;
        }
    }
    legend_box(&legend, s, parts)
}

fn draw_bars<DB: DrawingBackend>(
    chart: &Chart,
    area: &DrawingArea<DB, Shift>,
    s: f64,
    rows: &[(String, f64, RGBColor)],
) -> Result<()> {
    let n = rows.len() as f64;
    let top = rows.iter().map(|r| r.1).fold(0.0f64, f64::max).max(1.0) * 1.15;
    let mut c = ChartBuilder::on(area)
        .margin((12.0 * s) as u32)
        .margin_left((360.0 * s) as u32)
        .x_label_area_size((48.0 * s) as u32)
        .build_cartesian_2d(0.0..top, 0.0..n)
        .map_err(err)?;
    horizontal_mesh(&mut c, s, Format::Count, &chart.x_label)?;
    for (r, (name, v, color)) in rows.iter().enumerate() {
        let y = n - r as f64;
        label_at(
            &mut c,
            (0.0, y - 0.5),
            (-(8.0 * s) as i32, 0),
            &truncate(name, 40),
            font(LABEL, s),
            right_centre(),
        )?;
        c.draw_series(std::iter::once(Rectangle::new([(0.0, y - 0.85), (*v, y - 0.15)], color.filled())))
            .map_err(err)?;
        label_at(
            &mut c,
            (*v, y - 0.5),
            ((6.0 * s) as i32, 0),
            &Format::Count.label(*v),
            font(LABEL, s),
            Pos::new(HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

fn draw_heatmap<DB: DrawingBackend>(
    chart: &Chart,
    area: &DrawingArea<DB, Shift>,
    s: f64,
    rows: &[String],
    cols: &[String],
    values: &[Vec<f64>],
) -> Result<()> {
    let (nr, nc) = (rows.len() as f64, cols.len() as f64);
    let max = values.iter().flatten().copied().fold(0.0f64, f64::max).max(1.0);
    let mut c = ChartBuilder::on(area)
        .margin((12.0 * s) as u32)
        .margin_left((330.0 * s) as u32)
        .margin_bottom((56.0 * s) as u32)
        .build_cartesian_2d(0.0..nc, 0.0..nr)
        .map_err(err)?;
    c.configure_mesh().disable_mesh().disable_axes().draw().map_err(err)?;
    for (r, name) in rows.iter().enumerate() {
        label_at(
            &mut c,
            (0.0, nr - r as f64 - 0.5),
            (-(8.0 * s) as i32, 0),
            &truncate(name, 38),
            font(LABEL, s),
            right_centre(),
        )?;
    }
    // Column labels cut to what fits their column (a glyph is ~0.6 em).
    let col_px = (area.dim_in_pixel().0 as f64 - 354.0 * s) / nc.max(1.0);
    let fits = ((col_px / (LABEL * s * 0.62)) as usize).max(4);
    for (x, name) in cols.iter().enumerate() {
        let style = font(LABEL, s);
        label_at(
            &mut c,
            (x as f64 + 0.5, 0.0),
            (0, (8.0 * s) as i32),
            &truncate(name, fits),
            style,
            Pos::new(HPos::Center, VPos::Top),
        )?;
    }
    if !chart.x_label.is_empty() {
        label_at(
            &mut c,
            (nc / 2.0, 0.0),
            (0, (32.0 * s) as i32),
            &chart.x_label,
            font(LABEL, s),
            Pos::new(HPos::Center, VPos::Top),
        )?;
    }
    for (r, vals) in values.iter().enumerate() {
        let y = nr - 1.0 - r as f64;
        for (x, v) in vals.iter().enumerate() {
            let t = (v / max).sqrt();
            let shade = RGBColor(
                (247.0 - t * (247.0 - 8.0)) as u8,
                (251.0 - t * (251.0 - 69.0)) as u8,
                (255.0 - t * (255.0 - 148.0)) as u8,
            );
            let x = x as f64;
            c.draw_series(std::iter::once(Rectangle::new([(x, y), (x + 1.0, y + 1.0)], shade.filled())))
                .map_err(err)?;
            c.draw_series(std::iter::once(Rectangle::new(
                [(x, y), (x + 1.0, y + 1.0)],
                WHITE.stroke_width((2.0 * s) as u32),
            )))
            .map_err(err)?;
            if *v > 0.0 {
                let style = if t > 0.55 { font(LABEL, s).color(&WHITE) } else { font(LABEL, s) };
                label_at(
                    &mut c,
                    (x + 0.5, y + 0.5),
                    (0, 0),
                    &Format::Count.label(*v),
                    style,
                    Pos::new(HPos::Center, VPos::Center),
                )?;
            }
        }
    }
    Ok(())
}
