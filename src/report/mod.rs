//! Stage 7, report: charts (PNG + SVG) and a PDF a policy team reads.
//!
//! Every chart is drawn from a table [`crate::analytics`] wrote, and every
//! sentence of the executive summary is computed from the same tables
//! ([`summary`]). The PDF is typeset by typst, as a library, from a
//! template embedded in the binary (`template.typ`) or the user's own
//! (`[report] template`), fed one JSON document (`report-data.json`, also
//! written beside the PDF) and the SVG charts. Fonts are DejaVu, embedded;
//! the PDF's date is the last day of the data (or `SOURCE_DATE_EPOCH`),
//! never the clock, so the same inputs give the same bytes.

pub mod charts;
pub mod i18n;
pub mod misinfo;
pub mod network;
pub mod pdf;
pub mod summary;

use crate::analytics::{Aggregates, days};
use crate::manifest::Manifest;
use crate::topics::TopicModel;
use crate::watchlist::{Target, Watchlists};
use anyhow::Result;
use charts::{Chart, Format, Line, Shape};
use i18n::{Lang, t};
use plotters::style::RGBColor;
use polars::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Checked `[report]` settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportSettings {
    pub enabled: bool,
    pub lang: Lang,
    pub title: Option<String>,
    /// A typst template replacing the built-in one.
    pub template: Option<PathBuf>,
    /// Aggregates and report cover the last N days of the data (ending on
    /// its latest post), instead of everything.
    pub window_days: Option<u32>,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings { enabled: true, lang: Lang::Id, title: None, template: None, window_days: None }
    }
}

/// Everything the report reads: the aggregate tables (never the posts
/// themselves), the watchlists and topics for names and labels, and the
/// run record.
pub struct ReportInput<'a> {
    pub aggregates: &'a Aggregates,
    pub watchlists: &'a Watchlists,
    pub topics: Option<&'a TopicModel>,
    pub manifest: &'a Manifest,
    /// Accounts acting together and bursts (none when disabled).
    pub coordination: Option<&'a crate::coordination::Coordination>,
}

/// Characters of a post's text in the PDF.
const POST_CHARS: usize = 220;
/// Topics shown in the topic × target heatmap.
const HEATMAP_TOPICS: usize = 15;

/// A target's fixed colour: its place among the targets of its kind in the
/// watchlist, so Prabowo has the same colour in every chart and every run.
pub fn target_color(wl: &Watchlists, id: &str) -> RGBColor {
    let Some(t) = wl.targets.iter().find(|t| t.id == id) else { return charts::PALETTE[6] };
    let idx = wl.targets.iter().filter(|x| x.kind == t.kind).position(|x| x.id == id).unwrap_or(0);
    charts::PALETTE[idx % charts::PALETTE.len()]
}

fn target<'a>(wl: &'a Watchlists, id: &str) -> Option<&'a Target> {
    wl.targets.iter().find(|t| t.id == id)
}

/// A target's display label.
pub fn label<'a>(wl: &'a Watchlists, id: &'a str) -> &'a str {
    target(wl, id).map_or(id, |t| t.label.as_str())
}

/// (day, target, value) rows of a table.
type Rows = Vec<(i32, String, Option<f64>)>;

/// Rows of a table as (day, target, value) for one value column.
fn series(df: &DataFrame, period: &str, value: &str) -> Result<Rows> {
    let days = df.column(period)?.date()?.physical().clone();
    let ids = df.column("target_id")?.str()?.clone();
    let vals = df.column(value)?.cast(&DataType::Float64)?;
    let vals = vals.f64()?;
    Ok((0..df.height()).filter_map(|i| Some((days.get(i)?, ids.get(i)?.to_string(), vals.get(i)))).collect())
}

/// One line per target in `ids`, from (day, target, value) rows.
fn lines(wl: &Watchlists, ids: &[String], rows: &Rows, band: Option<(&Rows, &Rows)>) -> Vec<Line> {
    ids.iter()
        .map(|id| {
            // A null (no opinion that week) or non-finite value is a gap,
            // never a point.
            let points: Vec<(i32, f64)> = rows
                .iter()
                .filter(|r| &r.1 == id)
                .filter_map(|r| r.2.filter(|v| v.is_finite()).map(|v| (r.0, v)))
                .collect();
            let band = band.map_or(Vec::new(), |(lo, hi)| {
                lo.iter()
                    .zip(hi.iter())
                    .filter(|(l, _)| &l.1 == id)
                    .filter_map(|(l, h)| {
                        Some((l.0, l.2.filter(|v| v.is_finite())?, h.2.filter(|v| v.is_finite())?))
                    })
                    .collect()
            });
            Line {
                name: label(wl, id).to_string(),
                color: target_color(wl, id),
                points,
                band,
                marks: Vec::new(),
            }
        })
        .collect()
}

/// Builds every chart of the report from the aggregates.
pub fn build_charts(input: &ReportInput, lang: Lang) -> Result<Vec<Chart>> {
    let a = input.aggregates;
    let wl = input.watchlists;
    let head = &a.headline;
    let chart = |name: &str, x: &str, y: &str, shape: Shape| Chart {
        name: name.to_string(),
        title: t(lang, &format!("{name}.t")).to_string(),
        x_label: x.to_string(),
        y_label: y.to_string(),
        empty_note: t(lang, "no_data").to_string(),
        lang,
        shape,
    };
    let markers: Vec<i32> = wl.events.iter().map(|e| days::of_date(e.date)).collect();
    // A report whose posts carry no date leaves out the charts over time
    // (the summary says so once) instead of printing empty pages; one
    // without posts keeps them, each saying it has no data.
    let dated = a.overview_u64("dated_posts").unwrap_or(0) > 0
        || a.overview_u64("posts_naming_a_target").unwrap_or(0) == 0;
    let mut out = Vec::new();

    let (daily, weekly) = (&a.volume_daily, &a.volume_weekly);
    let (vol, net, lo, hi, sov) = if daily.height() > 0 {
        (
            series(daily, "date", "posts")?,
            series(weekly, "week", "net")?,
            series(weekly, "week", "net_low")?,
            series(weekly, "week", "net_high")?,
            series(weekly, "week", "share_of_voice")?,
        )
    } else {
        Default::default()
    };
    let mut volume_lines = lines(wl, head, &vol, None);
    // Bursts of the charted targets: a ring on the day each began.
    if let Some(c) = input.coordination {
        for (line, id) in volume_lines.iter_mut().zip(head) {
            line.marks = c
                .bursts
                .iter()
                .filter(|b| b.kind == crate::coordination::bursts::SeriesKind::Target && &b.series == id)
                .map(|b| days::of_secs(b.start * 3600))
                .collect();
            line.marks.dedup();
        }
    }
    out.push(chart(
        "volume",
        t(lang, "day"),
        t(lang, "posts"),
        Shape::Lines { lines: volume_lines, y: Format::Count, y_range: None, markers: markers.clone() },
    ));
    out.push(chart(
        "net",
        t(lang, "week"),
        t(lang, "net"),
        Shape::Panels {
            lines: lines(wl, head, &net, Some((&lo, &hi))),
            y: Format::Signed,
            y_range: Some((-1.0, 1.0)),
            markers: markers.clone(),
        },
    ));

    let by_target = &a.sentiment_by_target;
    let mut rows = Vec::new();
    let mut values = Vec::new();
    if by_target.height() > 0 {
        let ids = by_target.column("target_id")?.str()?;
        let col =
            |c: &str| -> Result<Vec<u64>> { Ok(by_target.column(c)?.u64()?.into_no_null_iter().collect()) };
        let (neg, neu, pos) = (col("negative")?, col("neutral")?, col("positive")?);
        for id in head {
            if let Some(i) = ids.iter().position(|x| x == Some(id.as_str())) {
                let n = (neg[i] + neu[i] + pos[i]).max(1) as f64;
                rows.push(label(wl, id).to_string());
                values.push(vec![neg[i] as f64 / n, neu[i] as f64 / n, pos[i] as f64 / n]);
            }
        }
    }
    let parts = vec![
        (t(lang, "negative").to_string(), charts::NEGATIVE),
        (t(lang, "neutral").to_string(), charts::NEUTRAL),
        (t(lang, "positive").to_string(), charts::POSITIVE),
    ];
    out.push(chart("composition", "", "", Shape::Stacked { rows, parts, values }));

    let sov_top = sov.iter().filter(|r| head.contains(&r.1)).filter_map(|r| r.2).fold(0.0f64, f64::max);
    out.push(chart(
        "sov",
        t(lang, "week"),
        t(lang, "share"),
        Shape::Lines {
            lines: lines(wl, head, &sov, None),
            y: Format::Percent,
            y_range: Some((0.0, (sov_top * 1.1).clamp(0.05, 1.0))),
            markers: markers.clone(),
        },
    ));

    let platform = &a.platform_target;
    let platforms: Vec<&str> = crate::core::Platform::ALL
        .iter()
        .map(|p| p.as_str())
        .filter(|p| {
            platform.height() > 0
                && platform
                    .column("platform")
                    .ok()
                    .and_then(|c| c.str().ok())
                    .is_some_and(|c| c.iter().any(|x| x == Some(*p)))
        })
        .collect();
    let mut values = Vec::new();
    if platform.height() > 0 {
        let pc = platform.column("platform")?.str()?;
        let tc = platform.column("target_id")?.str()?;
        let posts: Vec<u64> = platform.column("posts")?.u64()?.into_no_null_iter().collect();
        for id in head {
            values.push(
                platforms
                    .iter()
                    .map(|p| {
                        (0..platform.height())
                            .find(|&i| pc.get(i) == Some(*p) && tc.get(i) == Some(id.as_str()))
                            .map_or(0.0, |i| posts[i] as f64)
                    })
                    .collect(),
            );
        }
    }
    out.push(chart(
        "platform",
        t(lang, "platform"),
        "",
        Shape::Heatmap {
            rows: head.iter().map(|id| label(wl, id).to_string()).collect(),
            cols: platforms.iter().map(|p| p.to_string()).collect(),
            values,
        },
    ));

    if let Some(model) = input.topics {
        let nets = summary::topic_nets(a);
        let rows = model
            .topics
            .iter()
            .zip(&nets)
            .map(|(tp, net)| {
                let color = match net {
                    Some(n) if *n > 0.1 => charts::POSITIVE,
                    Some(n) if *n < -0.1 => charts::NEGATIVE,
                    _ => charts::NEUTRAL,
                };
                (format!("{}. {}", tp.id, tp.label), tp.size as f64, color)
            })
            .collect();
        out.push(chart("topics", t(lang, "posts"), "", Shape::Bars { rows }));
        let shown: Vec<&crate::topics::Topic> = model.topics.iter().take(HEATMAP_TOPICS).collect();
        let mut values = vec![vec![0.0; head.len()]; shown.len()];
        if let Some(tt) = a.topic_target.as_ref().filter(|t| t.height() > 0) {
            let tid = tt.column("topic_id")?.u32()?;
            let tg = tt.column("target_id")?.str()?;
            let posts: Vec<u64> = tt.column("posts")?.u64()?.into_no_null_iter().collect();
            for (i, &n) in posts.iter().enumerate() {
                let (Some(topic), Some(id)) = (tid.get(i), tg.get(i)) else { continue };
                if let (Some(r), Some(c)) =
                    (shown.iter().position(|x| x.id == topic), head.iter().position(|h| h == id))
                {
                    values[r][c] = n as f64;
                }
            }
        }
        out.push(chart(
            "topic_target",
            "",
            "",
            Shape::Heatmap {
                rows: shown.iter().map(|x| format!("{}. {}", x.id, x.label)).collect(),
                cols: head.iter().map(|id| label(wl, id).to_string()).collect(),
                values,
            },
        ));
    }

    let emo = &a.emotion_target;
    let names = crate::sentiment::eval::EMOTION;
    let mut rows = Vec::new();
    let mut values = Vec::new();
    if emo.height() > 0 {
        let tg = emo.column("target_id")?.str()?;
        let em = emo.column("emotion")?.str()?;
        let posts: Vec<u64> = emo.column("posts")?.u64()?.into_no_null_iter().collect();
        for id in head {
            let counts: Vec<f64> = names
                .iter()
                .map(|e| {
                    (0..emo.height())
                        .find(|&i| tg.get(i) == Some(id.as_str()) && em.get(i) == Some(*e))
                        .map_or(0.0, |i| posts[i] as f64)
                })
                .collect();
            let n: f64 = counts.iter().sum();
            if n > 0.0 {
                rows.push(label(wl, id).to_string());
                values.push(counts.iter().map(|c| c / n).collect());
            }
        }
    }
    let emotion_colors =
        [charts::NEGATIVE, charts::PALETTE[4], charts::PALETTE[1], charts::POSITIVE, charts::PALETTE[0]];
    let parts = names.iter().zip(emotion_colors).map(|(e, c)| (t(lang, e).to_string(), c)).collect();
    out.push(chart("emotion", "", "", Shape::Stacked { rows, parts, values }));

    // Issues per week, summed from the daily table.
    let issues = &a.issues_daily;
    let mut weekly_issues: Rows = Vec::new();
    if issues.height() > 0 {
        for (d, id, v) in series(issues, "date", "posts")? {
            let week = days::week(d);
            match weekly_issues.iter_mut().find(|r| r.0 == week && r.1 == id) {
                Some(r) => r.2 = Some(r.2.unwrap_or(0.0) + v.unwrap_or(0.0)),
                None => weekly_issues.push((week, id, v)),
            }
        }
        weekly_issues.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    }
    out.push(chart(
        "issues",
        t(lang, "week"),
        t(lang, "posts"),
        Shape::Lines {
            lines: lines(wl, &a.issues, &weekly_issues, None),
            y: Format::Count,
            y_range: None,
            markers,
        },
    ));
    // Debunked claims over time (the section "Klaim hoaks dan pesan
    // berantai" shows it, not the chart pages).
    if let Some(m) = &a.misinfo {
        out.push(misinfo::chart(m, lang)?);
    }
    if !dated {
        out.retain(|c| !TIME_CHARTS.contains(&c.name.as_str()) && c.name != "claims");
    }
    if let Some(c) = input.coordination.filter(|c| !c.clusters.is_empty()) {
        let (nodes, edges, labels) = network::drawing(c, t(lang, "coord.cluster"));
        out.push(chart("network", "", "", Shape::Network { nodes, edges, labels }));
    }
    Ok(out)
}

/// Charts shown in a section of their own, not in the run of charts.
pub const SECTION_CHARTS: [&str; 2] = ["network", "claims"];

/// The charts over time, left out of a report whose posts have no date.
pub const TIME_CHARTS: [&str; 4] = ["volume", "net", "sov", "issues"];

/// What [`render`] made: the files it wrote (relative to its folder) and
/// the table behind each chart (`tables/chart_<name>`), for the caller to
/// write with the other tables.
pub struct Rendered {
    pub files: Vec<String>,
    pub chart_tables: Vec<(String, DataFrame)>,
}

/// Renders the charts into `dir/charts/` and the PDF into `dir/report.pdf`.
pub fn render(input: &ReportInput, settings: &ReportSettings, dir: &Path) -> Result<Rendered> {
    let lang = settings.lang;
    let charts_dir = dir.join("charts");
    std::fs::create_dir_all(&charts_dir)?;
    let mut files = Vec::new();
    let mut chart_tables = Vec::new();
    let mut svgs = Vec::new();
    let charts = build_charts(input, lang)?;
    for c in &charts {
        let svg = charts::render(c, &charts_dir)?;
        files.push(format!("charts/{}.svg", c.name));
        files.push(format!("charts/{}.png", c.name));
        chart_tables.push((format!("chart_{}", c.name), c.table()?));
        svgs.push((c.name.clone(), svg));
    }
    let data = summary::document(input, settings, &charts)?;
    let json = serde_json::to_string_pretty(&data)?;
    std::fs::write(dir.join("report-data.json"), &json)?;
    files.push("report-data.json".into());
    let template = match &settings.template {
        Some(p) => std::fs::read_to_string(p)
            .map_err(|e| anyhow::anyhow!("[report] template {}: {e}", p.display()))?,
        None => include_str!("template.typ").to_string(),
    };
    let bytes = pdf::compile(&template, &json, &svgs, summary::document_date(input))?;
    std::fs::write(dir.join("report.pdf"), bytes)?;
    files.push("report.pdf".into());
    Ok(Rendered { files, chart_tables })
}
