//! The report's words and numbers: the executive summary, written as plain
//! sentences from the aggregates (never filler: a sentence appears only
//! when its numbers exist, and a difference is called a difference only
//! when its 95 % interval says so), and the JSON document the template
//! typesets.

use super::i18n::{Lang, t};
use super::{ReportInput, ReportSettings, charts::Chart, label};
use crate::analytics::Aggregates;
use crate::analytics::{days, stats};
use anyhow::Result;
use polars::prelude::*;
use serde_json::{Value, json};

/// Opinionated posts a target needs before its net sentiment is compared.
const MIN_OPINIONS: u64 = 30;
/// Posts each side of an event needs before its change is reported.
const MIN_EVENT_POSTS: u64 = 10;

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day number as "14 Februari 2024" / "14 February 2024".
pub fn date(lang: Lang, day: i32) -> String {
    use chrono::Datelike;
    let d = days::date(day);
    let months = if lang == Lang::Id { MONTHS_ID } else { MONTHS_EN };
    format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
}

/// A count with the language's thousands separator.
pub fn int(lang: Lang, n: u64) -> String {
    let s = n.to_string();
    let sep = if lang == Lang::Id { '.' } else { ',' };
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A signed figure with two decimals, decimal comma in Indonesian.
pub fn signed(lang: Lang, x: f64) -> String {
    let s = format!("{x:+.2}").replace('-', "−");
    if lang == Lang::Id { s.replace('.', ",") } else { s }
}

/// A share as a whole percentage.
pub fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// Net sentiment of each topic's posts (post-level labels), in the topic
/// model's order, from `topic_sentiment`.
pub fn topic_nets(a: &Aggregates) -> Vec<Option<f64>> {
    a.topic_sentiment.as_ref().and_then(|t| col_f64(t, "net").ok()).unwrap_or_default()
}

/// The PDF's date: `SOURCE_DATE_EPOCH` when set, else the last day of the
/// data, else 1 January 1970 — never the clock.
pub fn document_date(input: &ReportInput) -> (i32, u8, u8) {
    use chrono::Datelike;
    let d = match std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<i64>().ok()) {
        Some(secs) => chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default().date_naive(),
        None => days::date(input.aggregates.overview_day("last_day").unwrap_or(0)),
    };
    (d.year(), d.month() as u8, d.day() as u8)
}

fn col_u64(df: &DataFrame, c: &str) -> Result<Vec<u64>> {
    Ok(df.column(c)?.u64()?.iter().map(|x| x.unwrap_or(0)).collect())
}

fn col_f64(df: &DataFrame, c: &str) -> Result<Vec<Option<f64>>> {
    Ok(df.column(c)?.cast(&DataType::Float64)?.f64()?.iter().collect())
}

fn col_opt_str(df: &DataFrame, c: &str) -> Result<Vec<Option<String>>> {
    Ok(df.column(c)?.str()?.iter().map(|x| x.map(str::to_string)).collect())
}

fn col_str(df: &DataFrame, c: &str) -> Result<Vec<String>> {
    Ok(df.column(c)?.str()?.iter().map(|x| x.unwrap_or("").to_string()).collect())
}

/// The executive summary's sentences.
pub fn sentences(input: &ReportInput, lang: Lang) -> Result<Vec<String>> {
    let a = input.aggregates;
    let wl = input.watchlists;
    let id = lang == Lang::Id;
    let mut out = Vec::new();
    let n = a.overview_u64("posts_naming_a_target").unwrap_or(0);
    let all = a.overview_u64("posts").unwrap_or(0);
    if n == 0 {
        out.push(if id {
            "Tidak ada unggahan yang menyebut target pantauan.".into()
        } else {
            "No post names a watchlist target.".into()
        });
        return Ok(out);
    }
    let span = match (a.overview_day("first_day"), a.overview_day("last_day")) {
        (Some(x), Some(y)) if x == y => {
            if id {
                format!(" pada {}", date(lang, x))
            } else {
                format!(" on {}", date(lang, x))
            }
        }
        (Some(x), Some(y)) => {
            if id {
                format!(" antara {} dan {}", date(lang, x), date(lang, y))
            } else {
                format!(" between {} and {}", date(lang, x), date(lang, y))
            }
        }
        _ => String::new(),
    };
    // Unknown is said as unknown, never as 0.
    let authors = match (a.overview_u64("authors"), a.overview_u64("posts_without_author").unwrap_or(0)) {
        (None, _) => {
            if id {
                "penulisnya tidak diketahui (ekspor tanpa kolom penulis)".to_string()
            } else {
                "by authors the export does not name".to_string()
            }
        }
        (Some(k), 0) => {
            if id {
                format!("ditulis oleh {} penulis unik", int(lang, k))
            } else {
                format!("written by {} unique authors", int(lang, k))
            }
        }
        (Some(k), m) => {
            if id {
                format!(
                    "ditulis oleh {} penulis unik (dan {} unggahan tanpa penulis)",
                    int(lang, k),
                    int(lang, m)
                )
            } else {
                format!("written by {} unique authors ({} posts name no author)", int(lang, k), int(lang, m))
            }
        }
    };
    out.push(if id {
        format!("{} unggahan menyebut setidaknya satu target pantauan{span}, {authors}.", int(lang, n))
    } else {
        format!("{} posts named at least one watchlist target{span}, {authors}.", int(lang, n))
    });
    if all > n {
        out.push(if id {
            format!(
                "Laporan ini mencakup {} unggahan; {} di antaranya tidak menyebut target.",
                int(lang, all),
                int(lang, all - n)
            )
        } else {
            format!(
                "The report covers {} posts; {} of them name no target.",
                int(lang, all),
                int(lang, all - n)
            )
        });
    }
    let dated = a.overview_u64("dated_posts").unwrap_or(0);
    if dated == 0 {
        out.push(if id {
            "Tidak ada unggahan yang bertanggal: grafik menurut waktu tidak disertakan.".into()
        } else {
            "No post has a date: the charts over time are left out.".into()
        });
    } else if dated < n {
        out.push(if id {
            format!(
                "{} dari unggahan itu tidak bertanggal; mereka tidak masuk grafik menurut waktu.",
                int(lang, n - dated)
            )
        } else {
            format!(
                "{} of those posts have no date and are not in the charts over time.",
                int(lang, n - dated)
            )
        });
    }

    // Share of voice among tickets (or candidates when no ticket is named).
    if let Some(bt) = Some(&a.sentiment_by_target).filter(|d| d.height() > 0) {
        let ids = col_str(bt, "target_id")?;
        let kinds = col_str(bt, "kind")?;
        let posts = col_u64(bt, "posts")?;
        let share = col_f64(bt, "share_of_voice")?;
        let kind = if kinds.iter().filter(|k| *k == "pair").count() >= 2 { "pair" } else { "candidate" };
        let mut rows: Vec<usize> = (0..bt.height()).filter(|&i| kinds[i] == kind).collect();
        rows.sort_by(|&x, &y| posts[y].cmp(&posts[x]).then(x.cmp(&y)));
        if rows.len() >= 2 {
            let part = |i: usize| format!("{} ({})", label(wl, &ids[i]), pct(share[i].unwrap_or(0.0)));
            let rest: Vec<String> = rows[1..rows.len().min(3)].iter().map(|&i| part(i)).collect();
            let who = if kind == "pair" {
                if id { "pasangan calon" } else { "the tickets" }
            } else if id {
                "kandidat"
            } else {
                "the candidates"
            };
            out.push(if id {
                format!(
                    "{} memimpin share of voice di antara {who}: {}; diikuti {}.",
                    label(wl, &ids[rows[0]]),
                    pct(share[rows[0]].unwrap_or(0.0)),
                    rest.join(if id { " dan " } else { " and " })
                )
            } else {
                format!(
                    "{} leads the share of voice among {who} with {}, followed by {}.",
                    label(wl, &ids[rows[0]]),
                    pct(share[rows[0]].unwrap_or(0.0)),
                    rest.join(" and ")
                )
            });
        }
        // Net sentiment: highest and lowest among the headline targets with
        // enough opinionated posts.
        let pos = col_u64(bt, "positive")?;
        let neg = col_u64(bt, "negative")?;
        let mut nets: Vec<(usize, (f64, f64, f64))> = (0..bt.height())
            .filter(|&i| a.headline.contains(&ids[i]) && pos[i] + neg[i] >= MIN_OPINIONS)
            .filter_map(|i| Some((i, stats::net(pos[i], neg[i])?)))
            .collect();
        nets.sort_by(|x, y| y.1.0.total_cmp(&x.1.0).then(x.0.cmp(&y.0)));
        if nets.len() >= 2 {
            let (hi, lo) = (nets[0], nets[nets.len() - 1]);
            let fmt = |(i, (v, l, h)): (usize, (f64, f64, f64))| {
                format!(
                    "{} ({}; 95 % CI {} … {})",
                    label(wl, &ids[i]),
                    signed(lang, v),
                    signed(lang, l),
                    signed(lang, h)
                )
            };
            let clear = hi.1.1 > lo.1.2;
            out.push(if id {
                format!(
                    "Sentimen bersih tertinggi: {}; terendah: {}.{}",
                    fmt(hi),
                    fmt(lo),
                    if clear { "" } else { " Interval keduanya bertumpuk: perbedaannya belum pasti." }
                )
            } else {
                format!(
                    "Highest net sentiment: {}; lowest: {}.{}",
                    fmt(hi),
                    fmt(lo),
                    if clear { "" } else { " Their intervals overlap: the difference is not established." }
                )
            });
        }
    }

    // The clearest change around an event.
    if let Some(ev) = Some(&a.events).filter(|d| d.height() > 0) {
        let days: Vec<i32> =
            ev.column("event_date")?.date()?.physical().iter().map(|x| x.unwrap_or(0)).collect();
        let names = col_str(ev, "event")?;
        let ids = col_str(ev, "target_id")?;
        let (before, after) = (col_u64(ev, "posts_before")?, col_u64(ev, "posts_after")?);
        let (nb, na) = (col_f64(ev, "net_before")?, col_f64(ev, "net_after")?);
        let (ch, lo, hi) = (col_f64(ev, "change")?, col_f64(ev, "change_low")?, col_f64(ev, "change_high")?);
        let best = (0..ev.height())
            .filter(|&i| {
                a.headline.contains(&ids[i]) && before[i] >= MIN_EVENT_POSTS && after[i] >= MIN_EVENT_POSTS
            })
            .filter(|&i| matches!((lo[i], hi[i]), (Some(l), Some(h)) if l > 0.0 || h < 0.0))
            .max_by(|&x, &y| {
                ch[x].unwrap_or(0.0).abs().total_cmp(&ch[y].unwrap_or(0.0).abs()).then(y.cmp(&x))
            });
        match best {
            Some(i) => {
                let c = ch[i].unwrap_or(0.0);
                let who = label(wl, &ids[i]);
                let event = wl.events.iter().find(|e| e.label == names[i]).map_or(names[i].as_str(), |e| if id { e.label.as_str() } else { e.label_en.as_str() });
                out.push(
                    t(lang, "event_change")
                        .replace("{who}", who)
                        .replace("{dir}", t(lang, if c < 0.0 { "fell" } else { "rose" }))
                        .replace("{by}", signed(lang, c.abs()).trim_start_matches('+'))
                        .replace("{event}", event)
                        .replace("{date}", &date(lang, days[i]))
                        .replace("{before}", &signed(lang, nb[i].unwrap_or(0.0)))
                        .replace("{after}", &signed(lang, na[i].unwrap_or(0.0)))
                        .replace("{low}", &signed(lang, lo[i].unwrap_or(0.0)))
                        .replace("{high}", &signed(lang, hi[i].unwrap_or(0.0))),
                );
            }
            None => out.push(if id {
                format!("Tidak ada perubahan sentimen yang jelas secara statistik dalam {} hari sebelum dan sesudah peristiwa yang dipantau.", crate::analytics::EVENT_WINDOW_DAYS)
            } else {
                format!("No statistically clear change in net sentiment within {} days before and after the watchlist's events.", crate::analytics::EVENT_WINDOW_DAYS)
            }),
        }
    }

    // The busiest day.
    if let (Some(day), Some(count)) = (a.overview_day("busiest_day"), a.overview_u64("busiest_day_posts")) {
        out.push(if id {
            format!("Volume tertinggi pada {}: {} unggahan.", date(lang, day), int(lang, count))
        } else {
            format!("The busiest day was {}: {} posts.", date(lang, day), int(lang, count))
        });
    }

    if let Some(model) = input.topics.filter(|m| m.topics.len() >= 2) {
        let total: usize = model.topics.iter().map(|t| t.size).sum();
        let big = &model.topics[0];
        let nets = topic_nets(a);
        let worst = nets
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.map(|n| (i, n)))
            .min_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
        let share = pct(big.size as f64 / total.max(1) as f64);
        let mut s = if id {
            format!("Topik terbesar adalah “{}” ({share} unggahan)", big.label)
        } else {
            format!("The largest topic is “{}” ({share} of posts)", big.label)
        };
        if let Some((i, n)) = worst.filter(|w| w.1 < 0.0) {
            s.push_str(&if id {
                format!(
                    "; topik paling negatif adalah “{}” (sentimen bersih {}).",
                    model.topics[i].label,
                    signed(lang, n)
                )
            } else {
                format!(
                    "; the most negative is “{}” (net sentiment {}).",
                    model.topics[i].label,
                    signed(lang, n)
                )
            });
        } else {
            s.push('.');
        }
        out.push(s);
    }

    if let Some(c) = input.coordination {
        out.extend(coordination_sentences(input, c, lang));
    }

    if let (Some(top), bt) = (a.issues.first(), &a.sentiment_by_target) {
        let ids = col_str(bt, "target_id")?;
        let posts = col_u64(bt, "posts")?;
        if let Some(i) = ids.iter().position(|x| x == top) {
            out.push(if id {
                format!(
                    "Isu yang paling sering dibicarakan: {} ({} unggahan).",
                    label(wl, top),
                    int(lang, posts[i])
                )
            } else {
                format!("The most discussed issue: {} ({} posts).", label(wl, top), int(lang, posts[i]))
            });
        }
    }
    Ok(out)
}

/// What the summary says of accounts acting together and of bursts: the
/// accounts and clusters found (or plainly none), the largest cluster and
/// what it pushed, the sharpest burst.
fn coordination_sentences(
    input: &ReportInput,
    c: &crate::coordination::Coordination,
    lang: Lang,
) -> Vec<String> {
    let id = lang == Lang::Id;
    let r = &c.report;
    let mut out = Vec::new();
    match c.clusters.first() {
        None => out.push(if id {
            format!(
                "Tidak ada akun yang bergerak bersama menurut ambang yang dipakai (jendela {} detik, setidaknya {} hal berbeda).",
                r.window.seconds, r.settings.min_objects
            )
        } else {
            format!(
                "No accounts acted together by the thresholds in force (a {}-second window, at least {} distinct objects).",
                r.window.seconds, r.settings.min_objects
            )
        }),
        Some(big) => {
            let how: Vec<&str> = big.kinds.iter().map(|k| t(lang, k.as_str())).collect();
            let what = match big.targets.first() {
                Some((tid, _)) => {
                    let net = big.net_sentiment.map(|n| format!(" ({})", signed(lang, n))).unwrap_or_default();
                    if id {
                        format!(", paling sering menyebut {}{net}", label(input.watchlists, tid))
                    } else {
                        format!(", most often naming {}{net}", label(input.watchlists, tid))
                    }
                }
                None => String::new(),
            };
            out.push(if id {
                format!(
                    "{} akun bergerak bersama dalam {} kelompok (dalam {} detik satu sama lain, berulang; bukti di tables/coordination_edges.csv). Kelompok terbesar: {} akun, {}{what}.",
                    int(lang, r.linked_accounts),
                    int(lang, r.clusters),
                    r.window.seconds,
                    int(lang, big.accounts as u64),
                    how.join("; ")
                )
            } else {
                format!(
                    "{} accounts acted together in {} clusters (within {} seconds of each other, repeatedly; the evidence is in tables/coordination_edges.csv). The largest: {} accounts, {}{what}.",
                    int(lang, r.linked_accounts),
                    int(lang, r.clusters),
                    r.window.seconds,
                    int(lang, big.accounts as u64),
                    how.join("; ")
                )
            });
        }
    }
    if let Some(b) = c.bursts.iter().max_by(|a, b| {
        a.score.total_cmp(&b.score).then((b.kind, &b.series, b.start).cmp(&(a.kind, &a.series, a.start)))
    }) {
        let when = hour(lang, b.start);
        let who = series_label(input, b);
        out.push(if id {
            format!(
                "Lonjakan paling tajam: {who} pada {when} UTC ({} unggahan, biasanya {}); semua lonjakan ada di tables/bursts.csv.",
                int(lang, b.posts),
                int(lang, b.baseline.round() as u64)
            )
        } else {
            format!(
                "The sharpest burst: {who} at {when} UTC ({} posts against a usual {}); every burst is in tables/bursts.csv.",
                int(lang, b.posts),
                int(lang, b.baseline.round() as u64)
            )
        });
    }
    out
}

/// A post's text for print: whitespace collapsed, cut to `POST_CHARS`,
/// and what the embedded DejaVu fonts cannot draw dropped (emoji, CJK,
/// Hangul, fullwidth forms), so no reader sees empty boxes.
fn printable(text: &str) -> String {
    let drawable = |c: char| {
        !crate::text::tokenize::is_emoji(c)
            && !matches!(c as u32,
                0xFE00..=0xFE0F | 0x200D | 0x20E3 | 0x2E80..=0x9FFF | 0xAC00..=0xD7AF
                | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0xE0000..=0xE007F)
    };
    let kept: String = text.chars().filter(|c| drawable(*c)).collect();
    super::charts::truncate(&kept.split_whitespace().collect::<Vec<_>>().join(" "), super::POST_CHARS)
}

/// The JSON document the template typesets.
pub fn document(input: &ReportInput, settings: &ReportSettings, charts: &[Chart]) -> Result<Value> {
    let lang = settings.lang;
    let id = lang == Lang::Id;
    let m = input.manifest;
    let wl = input.watchlists;
    let title = settings.title.clone().unwrap_or_else(|| t(lang, "default_title").to_string());
    let (first, last) =
        (input.aggregates.overview_day("first_day"), input.aggregates.overview_day("last_day"));
    let period = match (first, last) {
        (Some(a), Some(b)) if a == b => date(lang, a),
        (Some(a), Some(b)) => format!("{} – {}", date(lang, a), date(lang, b)),
        _ => String::new(),
    };
    let c = &m.counts.counts;
    let analysis = m.analysis.clone().unwrap_or_default();
    let cover = json!([
        {"value": int(lang, c.read), "label": t(lang, "read")},
        {"value": int(lang, analysis.posts_written), "label": t(lang, "matched")},
        {"value": int(lang, c.rejected), "label": t(lang, "rejected")},
        {"value": input.topics.map_or("–".to_string(), |t| t.topics.len().to_string()), "label": t(lang, "topics")},
    ]);
    let charts_json: Vec<Value> = charts
        .iter()
        .filter(|ch| !super::SECTION_CHARTS.contains(&ch.name.as_str()))
        .map(|ch| {
            let note = if matches!(&ch.shape, super::charts::Shape::Lines { markers, .. } | super::charts::Shape::Panels { markers, .. } if !markers.is_empty()) {
                let (first, last) = (first.unwrap_or(0), last.unwrap_or(-1));
                let events: Vec<String> = wl
                    .events
                    .iter()
                    .filter_map(|e| {
                        let d = days::of_date(e.date);
                        (first..=last).contains(&d).then(|| format!("{} ({})", if id { &e.label } else { &e.label_en }, date(lang, d)))
                    })
                    .collect();
                if events.is_empty() { String::new() } else { format!("{}: {}.", t(lang, "events_note"), events.join("; ")) }
            } else {
                String::new()
            };
            json!({"name": ch.name, "title": ch.title, "caption": t(lang, &format!("{}.c", ch.name)), "note": note})
        })
        .collect();

    // Top posts per headline target, by engagement (`top_posts`).
    let tp = &input.aggregates.top_posts;
    let (tids, texts, authors) =
        (col_str(tp, "target_id")?, col_str(tp, "text")?, col_opt_str(tp, "author_hash")?);
    let (platforms, engagement) = (col_str(tp, "platform")?, tp.column("engagement")?.i64()?.clone());
    let dates: Vec<Option<i32>> = tp.column("date")?.date()?.physical().iter().collect();
    let mut top_posts = Vec::new();
    for tid in &input.aggregates.headline {
        let rows: Vec<Value> = (0..tp.height())
            .filter(|&i| &tids[i] == tid)
            .map(|i| {
                json!({
                    "text": printable(&texts[i]),
                    "author": authors[i].clone().unwrap_or_else(|| "–".into()),
                    "platform": platforms[i],
                    "date": dates[i].map_or(String::new(), |d| date(lang, d)),
                    "engagement": int(lang, engagement.get(i).unwrap_or(0).max(0) as u64),
                })
            })
            .collect();
        if !rows.is_empty() {
            top_posts.push(json!({"label": label(wl, tid), "rows": rows}));
        }
    }

    let topics: Vec<Value> = match input.topics {
        Some(model) => {
            let nets = topic_nets(input.aggregates);
            model
                .topics
                .iter()
                .zip(nets)
                .map(|(tp, net)| {
                    let terms: Vec<&str> = tp.terms.iter().take(10).map(|x| x.0.as_str()).collect();
                    json!({
                        "id": tp.id.to_string(),
                        "label": tp.label,
                        "terms": terms.join(", "),
                        "posts": int(lang, tp.size as u64),
                        "npmi": signed(lang, tp.npmi),
                        "net": net.map_or("–".to_string(), |n| signed(lang, n)),
                    })
                })
                .collect()
        }
        None => Vec::new(),
    };

    // Key figures per charted target, from `sentiment_by_target`.
    let mut key = Vec::new();
    if let Some(bt) = Some(&input.aggregates.sentiment_by_target).filter(|d| d.height() > 0) {
        let ids = col_str(bt, "target_id")?;
        let posts = col_u64(bt, "posts")?;
        let share = col_f64(bt, "share_of_voice")?;
        let (net, lo, hi) = (col_f64(bt, "net")?, col_f64(bt, "net_low")?, col_f64(bt, "net_high")?);
        for tid in &input.aggregates.headline {
            if let Some(i) = ids.iter().position(|x| x == tid) {
                key.push(json!({
                    "label": label(wl, tid),
                    "posts": int(lang, posts[i]),
                    "share": share[i].map_or("–".to_string(), pct),
                    "net": net[i].map_or("–".to_string(), |v| signed(lang, v)),
                    "ci": match (lo[i], hi[i]) {
                        (Some(l), Some(h)) => format!("{} … {}", signed(lang, l), signed(lang, h)),
                        _ => "–".to_string(),
                    },
                }));
            }
        }
    }

    let lists: Vec<String> = wl.sources.iter().map(|s| s.name.clone()).collect();
    let mut method = vec![if id {
        format!(
            "Daftar pantauan: {} ({} target, {} peristiwa). Sebuah unggahan disimpan bila menyebut setidaknya satu target; setiap sebutan dan alias yang cocok tercatat di tables/mentions.csv.",
            lists.join(", "),
            wl.targets.len(),
            wl.events.len()
        )
    } else {
        format!(
            "Watchlists: {} ({} targets, {} events). A post is kept when it names at least one target; every mention and the alias that matched is in tables/mentions.csv.",
            lists.join(", "),
            wl.targets.len(),
            wl.events.len()
        )
    }];
    if let Some(s) = &m.sentiment {
        let per: Vec<String> =
            s.methods.iter().map(|x| format!("{}: {}", x.lang, x.method.as_str())).collect();
        method.push(if id {
            format!("Sentimen: model linear atas n-gram kata dan karakter (nama target disamarkan), per bahasa ({}). Sentimen per target dihitung dari klausa di sekitar sebutannya. Sentimen bersih = (positif − negatif) / (positif + negatif), dengan interval kepercayaan 95 % Wilson.", per.join("; "))
        } else {
            format!("Sentiment: a linear model over word and character n-grams (target names masked), per language ({}). Per-target sentiment is that of the clause around the mention. Net sentiment = (positive − negative) / (positive + negative), with 95 % Wilson intervals.", per.join("; "))
        });
    }
    if let Some(tr) = &m.topics {
        let how = if matches!(tr.k_setting, crate::topics::TopicCount::Auto) { "k_auto" } else { "k_fixed" };
        method.push(
            t(lang, "method_topics")
                .replace("{k}", &tr.k.to_string())
                .replace("{how}", t(lang, how))
                .replace("{npmi}", &signed(lang, tr.npmi))
                .replace("{diversity}", signed(lang, tr.diversity).trim_start_matches('+')),
        );
    }
    let counts = json!([
        {"label": t(lang, "read"), "value": int(lang, c.read)},
        {"label": t(lang, "kept"), "value": int(lang, c.kept)},
        {"label": t(lang, "rejected"), "value": int(lang, c.rejected)},
        {"label": t(lang, "duplicates"), "value": int(lang, c.duplicates)},
        {"label": t(lang, "matched"), "value": int(lang, analysis.matched)},
        {"label": t(lang, "undated"), "value": int(lang, analysis.undated)},
    ]);
    let models: Vec<Value> = m
        .sentiment
        .iter()
        .flat_map(|s| s.models.iter())
        .flat_map(|md| {
            md.figures.iter().filter(|f| f.method == "model" || f.method == "ensemble").map(move |f| {
                json!({"id": format!("{} ({})", md.id, f.method), "set": f.dataset, "f1": format!("{:.3}", f.macro_f1)})
            })
        })
        .collect();
    let limitations: Vec<&str> = if id {
        vec![
            "Ekspor media sosial bukan sampel acak pemilih: angka di sini menggambarkan percakapan yang dikumpulkan, bukan opini publik.",
            "Sarkasme dan ironi sering terbaca salah; baca sentimen per target sebagai indikasi, secara agregat.",
            "Akun yang bergerak bersama dicantumkan, tidak disaring; unggahan identik dari banyak akun dihitung masing-masing.",
            "Topik dihitung ulang setiap kali dijalankan; nomor topik tidak sebanding antar-laporan.",
        ]
    } else {
        vec![
            "Social-media exports are not a random sample of voters: these numbers describe the collected conversation, not public opinion.",
            "Sarcasm and irony are often misread; read per-target sentiment as indicative, in aggregate.",
            "Accounts acting together are listed, not filtered out; identical posts from many accounts each count.",
            "Topics are refitted on every run; topic numbers are not comparable between reports.",
        ]
    };
    let seed = m.topics.as_ref().map_or("–".to_string(), |t| t.seed.to_string());
    let repro = json!({
        "version": m.suara_version,
        "config_hash": m.config_hash,
        "seed": seed,
        "watchlists": wl.sources.iter().map(|s| format!("{} ({}…)", s.name, &s.sha256[..12.min(s.sha256.len())])).collect::<Vec<_>>().join(", "),
        "inputs": m.inputs.iter().map(|f| json!({"path": f.path, "sha256": f.sha256})).collect::<Vec<_>>(),
    });
    // "Klaim hoaks dan pesan berantai": its bullets, chart and tables.
    let misinfo = match &input.aggregates.misinfo {
        Some(mt) => {
            let mut sec = super::misinfo::section(mt, mt.claims.height(), lang, printable)?;
            if let Some(ch) = charts.iter().find(|c| c.name == "claims") {
                sec["chart"] = json!({"name": ch.name, "title": ch.title, "caption": t(lang, "claims.c")});
            }
            sec
        }
        None => Value::Null,
    };
    Ok(json!({
        "misinfo": misinfo,
        "lang": lang.as_str(),
        "title": title,
        "period": period,
        "words": super::i18n::words(lang),
        "cover": cover,
        "summary": sentences(input, lang)?,
        "key": key,
        "charts": charts_json,
        "top_posts": top_posts,
        "topics": topics,
        "method": method,
        "counts": counts,
        "models": models,
        "limitations": limitations,
        "repro": repro,
        "coordination": coordination_json(input, lang)?,
    }))
}

/// A time as "14 Februari 2024 19:00".
fn hour(lang: Lang, h: i64) -> String {
    format!("{} {:02}:00", date(lang, days::of_secs(h * 3600)), h.rem_euclid(24))
}

/// A burst's series as a reader knows it: a target's label, a hashtag.
fn series_label(input: &ReportInput, b: &crate::coordination::bursts::Burst) -> String {
    match b.kind {
        crate::coordination::bursts::SeriesKind::Target => label(input.watchlists, &b.series).to_string(),
        _ => b.series.clone(),
    }
}

/// The section "Accounts acting together": what it measured, each of the
/// largest clusters and what it pushed, the sharpest bursts. `null` when
/// coordination did not run.
fn coordination_json(input: &ReportInput, lang: Lang) -> Result<Value> {
    use crate::coordination::tables::counted;
    let Some(c) = input.coordination else { return Ok(Value::Null) };
    let r = &c.report;
    let window = r.window.seconds.to_string();
    let mut intro = vec![
        t(lang, "coord.intro")
            .replace("{window}", &window)
            .replace("{min}", &r.settings.min_objects.to_string()),
    ];
    intro.push(
        t(lang, if r.window.method == "auto" { "coord.window_auto" } else { "coord.window_fixed" })
            .replace("{window}", &window),
    );
    let how = |k: &[crate::coordination::NetKind]| {
        k.iter().map(|x| t(lang, x.as_str())).collect::<Vec<_>>().join("; ")
    };
    let clusters: Vec<Value> = c
        .clusters
        .iter()
        .take(CLUSTERS_SHOWN)
        .map(|cl| {
            let mut members: Vec<&str> = c
                .accounts
                .iter()
                .filter(|a| a.cluster_id == cl.cluster_id)
                .map(|a| a.account.as_str())
                .collect();
            let more = members.len().saturating_sub(SAMPLE_ACCOUNTS);
            members.truncate(SAMPLE_ACCOUNTS);
            let mut accounts = format!("{} — {}", int(lang, cl.accounts as u64), members.join(", "));
            if more > 0 {
                accounts.push_str(&format!(" (+{})", int(lang, more as u64)));
            }
            let targets: Vec<(String, u64)> = cl
                .targets
                .iter()
                .take(crate::coordination::TOP)
                .map(|(id, n)| (label(input.watchlists, id).to_string(), *n))
                .collect();
            let mut named = counted(&targets);
            if let Some(n) = cl.net_sentiment {
                named.push_str(&format!(" [{}]", signed(lang, n)));
            }
            let dash = |s: String| if s.is_empty() { "–".to_string() } else { s };
            let rows = vec![
                [t(lang, "coord.accounts").to_string(), accounts],
                [t(lang, "coord.how").to_string(), how(&cl.kinds)],
                [t(lang, "coord.targets").to_string(), dash(named)],
                [t(lang, "coord.links").to_string(), dash(counted(&cl.top_links))],
                [t(lang, "coord.domains").to_string(), dash(counted(&cl.top_domains))],
                [t(lang, "coord.hashtags").to_string(), dash(counted(&cl.top_hashtags))],
                [t(lang, "coord.claims").to_string(), dash(counted(&cl.claims))],
                [
                    t(lang, "coord.period").to_string(),
                    format!(
                        "{} – {}",
                        hour(lang, cl.first_seen.div_euclid(3600)),
                        hour(lang, cl.last_seen.div_euclid(3600))
                    ),
                ],
                [
                    t(lang, "coord.evidence").to_string(),
                    t(lang, "coord.evidence_note")
                        .replace("{edges}", &int(lang, cl.edges as u64))
                        .replace("{posts}", &int(lang, cl.posts)),
                ],
            ];
            json!({"title": format!("{} {}", t(lang, "coord.cluster"), cl.cluster_id), "rows": rows})
        })
        .collect();
    let mut bursts: Vec<&crate::coordination::bursts::Burst> = c.bursts.iter().collect();
    bursts.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then((a.kind, &a.series, a.start).cmp(&(b.kind, &b.series, b.start)))
    });
    let bursts: Vec<Value> = bursts
        .iter()
        .take(BURSTS_SHOWN)
        .map(|b| {
            let kind = match b.kind {
                crate::coordination::bursts::SeriesKind::Target => "target_kind",
                crate::coordination::bursts::SeriesKind::Hashtag => "hashtag_kind",
                crate::coordination::bursts::SeriesKind::Claim => "claim_kind",
            };
            json!({
                "series": format!("{} ({})", series_label(input, b), t(lang, kind)),
                "when": format!("{} – {:02}:00", hour(lang, b.start), b.end.rem_euclid(24)),
                "posts": int(lang, b.posts),
                "usual": int(lang, b.baseline.round() as u64),
                "score": signed(lang, b.score).trim_start_matches('+').to_string(),
            })
        })
        .collect();
    Ok(json!({
        "title": t(lang, "coord.title"),
        "intro": intro,
        "found": if c.clusters.is_empty() { t(lang, "coord.none") } else { "" },
        "network": !c.clusters.is_empty(),
        "network_note": t(lang, "coord.network"),
        "clusters": clusters,
        "bursts": bursts,
        "bursts_note": t(lang, "coord.bursts_note"),
        "no_bursts": t(lang, "coord.no_bursts"),
    }))
}

/// Clusters described in the report, accounts named per cluster, bursts
/// listed (the tables hold all).
const CLUSTERS_SHOWN: usize = 8;
const SAMPLE_ACCOUNTS: usize = 6;
const BURSTS_SHOWN: usize = 15;
