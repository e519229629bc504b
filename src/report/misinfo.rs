//! The report's section "Klaim hoaks dan pesan berantai" / "Debunked
//! claims and copy-paste campaigns": the claims still circulating, a chart
//! of them over time, the largest copy-paste clusters and bullets that say
//! what was found (or plainly that nothing was). Read from the misinfo
//! tables only ([`crate::analytics::misinfo::MisinfoTables`]).

use super::charts::{self, Chart, Format, Line, Shape};
use super::i18n::{Lang, t};
use super::summary::{date, int};
use crate::analytics::days;
use crate::analytics::misinfo::MisinfoTables;
use anyhow::Result;
use polars::prelude::*;
use serde_json::{Value, json};

/// Claims drawn in the chart (the most posted).
const CHART_CLAIMS: usize = 6;
/// Claims listed in the section's table.
const TABLE_CLAIMS: usize = 15;
/// Clusters listed in the section's table.
const TABLE_CLUSTERS: usize = 10;
/// Characters of a claim or a cluster's text in the PDF.
const TEXT_CHARS: usize = 160;
/// Characters of a claim in a chart legend.
const LEGEND_CHARS: usize = 42;

/// One claim as the section reads it from `tables/claims.csv`.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    pub id: String,
    pub claim: String,
    pub url: Option<String>,
    pub verdict: Option<String>,
    /// Debunk day.
    pub date: Option<i32>,
    pub posts: u64,
    pub accounts: u64,
    pub platforms: Vec<String>,
    pub first_seen: Option<i32>,
    pub last_seen: Option<i32>,
    pub after: u64,
}

/// One cluster as the section reads it from `tables/copypasta_clusters.csv`.
#[derive(Debug, Clone)]
pub struct ClusterRow {
    pub id: String,
    pub posts: u64,
    pub accounts: u64,
    pub platforms: Vec<String>,
    pub first_seen: Option<i32>,
    pub span_s: Option<i64>,
    pub text: String,
    pub claim: Option<String>,
    pub sample_accounts: Vec<String>,
}

fn strs(df: &DataFrame, c: &str) -> Result<Vec<Option<String>>> {
    Ok(df.column(c)?.str()?.iter().map(|x| x.map(str::to_string)).collect())
}

fn u64s(df: &DataFrame, c: &str) -> Result<Vec<u64>> {
    Ok(df.column(c)?.u64()?.iter().map(|x| x.unwrap_or(0)).collect())
}

/// A datetime column as UTC days.
fn day_col(df: &DataFrame, c: &str) -> Result<Vec<Option<i32>>> {
    let s = df.column(c)?.as_materialized_series();
    let ms = s.datetime()?.physical().clone();
    Ok(ms.iter().map(|v| v.map(|v| days::of_secs(v.div_euclid(1000)))).collect())
}

fn lists(df: &DataFrame, c: &str) -> Result<Vec<Vec<String>>> {
    let s = df.column(c)?.as_materialized_series();
    let mut out = Vec::with_capacity(s.len());
    for row in s.list()?.amortized_iter() {
        out.push(match row {
            Some(v) => v.as_ref().str()?.iter().flatten().map(str::to_string).collect(),
            None => Vec::new(),
        });
    }
    Ok(out)
}

/// The claims, most posted first (ties: by id), those with no post too.
pub fn claim_rows(m: &MisinfoTables) -> Result<Vec<ClaimRow>> {
    let df = &m.claims;
    let (ids, texts, urls, verdicts) =
        (strs(df, "claim_id")?, strs(df, "claim")?, strs(df, "url")?, strs(df, "verdict")?);
    let (dates, first, last) = (day_col(df, "date")?, day_col(df, "first_seen")?, day_col(df, "last_seen")?);
    let (posts, accounts, after) =
        (u64s(df, "posts")?, u64s(df, "accounts")?, u64s(df, "posts_after_factcheck")?);
    let platforms = lists(df, "platforms")?;
    let mut rows: Vec<ClaimRow> = (0..df.height())
        .map(|i| ClaimRow {
            id: ids[i].clone().unwrap_or_default(),
            claim: texts[i].clone().unwrap_or_default(),
            url: urls[i].clone(),
            verdict: verdicts[i].clone(),
            date: dates[i],
            posts: posts[i],
            accounts: accounts[i],
            platforms: platforms[i].clone(),
            first_seen: first[i],
            last_seen: last[i],
            after: after[i],
        })
        .collect();
    rows.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.id.cmp(&b.id)));
    Ok(rows)
}

/// The clusters, as the table orders them (largest first).
pub fn cluster_rows(m: &MisinfoTables) -> Result<Vec<ClusterRow>> {
    let df = &m.copypasta_clusters;
    let (ids, texts, claims) = (strs(df, "cluster_id")?, strs(df, "text")?, strs(df, "claim_id")?);
    let (posts, accounts) = (u64s(df, "posts")?, u64s(df, "accounts")?);
    let first = day_col(df, "first_seen")?;
    let span: Vec<Option<i64>> = df.column("span_s")?.i64()?.iter().collect();
    let (platforms, samples) = (lists(df, "platforms")?, lists(df, "sample_accounts")?);
    Ok((0..df.height())
        .map(|i| ClusterRow {
            id: ids[i].clone().unwrap_or_default(),
            posts: posts[i],
            accounts: accounts[i],
            platforms: platforms[i].clone(),
            first_seen: first[i],
            span_s: span[i],
            text: texts[i].clone().unwrap_or_default(),
            claim: claims[i].clone(),
            sample_accounts: samples[i].clone(),
        })
        .collect())
}

/// A time span in words: "3 jam 20 menit" / "3 h 20 min", days past two.
pub fn span(lang: Lang, secs: i64) -> String {
    let id = lang == Lang::Id;
    let (d, h, m) = (secs / 86_400, (secs % 86_400) / 3600, (secs % 3600) / 60);
    if d >= 2 {
        return if id { format!("{d} hari") } else { format!("{d} days") };
    }
    let h = h + 24 * d;
    match (h, m) {
        (0, m) => {
            if id {
                format!("{m} menit")
            } else {
                format!("{m} min")
            }
        }
        (h, 0) => {
            if id {
                format!("{h} jam")
            } else {
                format!("{h} h")
            }
        }
        (h, m) => {
            if id {
                format!("{h} jam {m} menit")
            } else {
                format!("{h} h {m} min")
            }
        }
    }
}

/// The chart of the most posted claims over time (posts per week), from
/// `claims_daily`; none without the misinfo tables.
pub fn chart(m: &MisinfoTables, lang: Lang) -> Result<Chart> {
    let claims = claim_rows(m)?;
    let shown: Vec<&ClaimRow> = claims.iter().filter(|c| c.posts > 0).take(CHART_CLAIMS).collect();
    let d = &m.claims_daily;
    let day: Vec<Option<i32>> = d.column("date")?.date()?.physical().iter().collect();
    let ids = strs(d, "claim_id")?;
    let posts = u64s(d, "posts")?;
    let lines: Vec<Line> = shown
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut weekly: Vec<(i32, f64)> = Vec::new();
            for i in 0..d.height() {
                let (Some(dd), Some(id)) = (day[i], ids[i].as_deref()) else { continue };
                if id != c.id {
                    continue;
                }
                let w = days::week(dd);
                match weekly.iter_mut().find(|p| p.0 == w) {
                    Some(p) => p.1 += posts[i] as f64,
                    None => weekly.push((w, posts[i] as f64)),
                }
            }
            weekly.sort_by_key(|p| p.0);
            Line {
                name: format!("{}: {}", c.id, charts::truncate(&c.claim, LEGEND_CHARS)),
                color: charts::PALETTE[k % charts::PALETTE.len()],
                points: weekly,
                band: Vec::new(),
                marks: Vec::new(),
            }
        })
        .collect();
    Ok(Chart {
        name: "claims".to_string(),
        title: t(lang, "claims.t").to_string(),
        x_label: t(lang, "week").to_string(),
        y_label: t(lang, "posts").to_string(),
        empty_note: t(lang, "no_data").to_string(),
        lang,
        shape: Shape::Lines { lines, y: Format::Count, y_range: None, markers: Vec::new() },
    })
}

/// The section's bullets: what was found, or plainly that nothing was.
pub fn bullets(m: &MisinfoTables, claims_loaded: usize, lang: Lang) -> Result<Vec<String>> {
    let id = lang == Lang::Id;
    let claims = claim_rows(m)?;
    let clusters = cluster_rows(m)?;
    let mut out = Vec::new();
    if claims_loaded == 0 {
        out.push(if id {
            "Tidak ada klaim cek fakta yang terbaca ([misinfo] claims tidak diisi, atau filenya tidak berisi klaim): unggahan tidak dicocokkan dengan klaim yang sudah dibantah.".to_string()
        } else {
            "No debunked claim was loaded ([misinfo] claims is not set, or its files hold no claim): posts were not matched against debunked claims.".to_string()
        });
    } else {
        let live: Vec<&ClaimRow> = claims.iter().filter(|c| c.posts > 0).collect();
        if live.is_empty() {
            out.push(if id {
                format!(
                    "Tidak ada unggahan yang mengulang salah satu dari {} klaim yang sudah dibantah.",
                    int(lang, claims_loaded as u64)
                )
            } else {
                format!(
                    "No post repeats any of the {} debunked claims loaded.",
                    int(lang, claims_loaded as u64)
                )
            });
        } else {
            let posts: u64 = live.iter().map(|c| c.posts).sum();
            let after: u64 = live.iter().map(|c| c.after).sum();
            out.push(if id {
                format!(
                    "{} dari {} klaim yang sudah dibantah masih diulang: {} unggahan, {} di antaranya setelah tanggal cek faktanya.",
                    int(lang, live.len() as u64),
                    int(lang, claims_loaded as u64),
                    int(lang, posts),
                    int(lang, after)
                )
            } else {
                format!(
                    "{} of the {} debunked claims loaded are still repeated: {} posts, {} of them after the claim's fact-check date.",
                    int(lang, live.len() as u64),
                    int(lang, claims_loaded as u64),
                    int(lang, posts),
                    int(lang, after)
                )
            });
            let top = live[0];
            let last = top.last_seen.map(|d| date(lang, d));
            out.push(if id {
                format!(
                    "Paling banyak diulang: “{}” ({}; {} unggahan dari {} akun di {}{}).",
                    charts::truncate(&top.claim, TEXT_CHARS),
                    top.id,
                    int(lang, top.posts),
                    int(lang, top.accounts),
                    top.platforms.join(", "),
                    last.map_or(String::new(), |l| format!(", terakhir {l}"))
                )
            } else {
                format!(
                    "Most repeated: “{}” ({}; {} posts from {} accounts on {}{}).",
                    charts::truncate(&top.claim, TEXT_CHARS),
                    top.id,
                    int(lang, top.posts),
                    int(lang, top.accounts),
                    top.platforms.join(", "),
                    last.map_or(String::new(), |l| format!(", last seen {l}"))
                )
            });
        }
    }
    if clusters.is_empty() {
        out.push(if id {
            "Tidak ada pesan berantai: tidak ada dua unggahan yang isinya sama dengan sedikit suntingan."
                .to_string()
        } else {
            "No copy-paste campaign: no two posts carry the same message with small edits.".to_string()
        });
    } else {
        let posts: u64 = clusters.iter().map(|c| c.posts).sum();
        let big = &clusters[0];
        let how_long = big.span_s.map(|s| span(lang, s));
        out.push(if id {
            format!(
                "{} pesan berantai (copy-paste) ditemukan, berisi {} unggahan. Yang terbesar: {} unggahan dari {} akun{}.",
                int(lang, clusters.len() as u64),
                int(lang, posts),
                int(lang, big.posts),
                int(lang, big.accounts),
                how_long.map_or(String::new(), |s| format!(" dalam {s}"))
            )
        } else {
            format!(
                "{} copy-paste clusters found, holding {} posts. The largest: {} posts from {} accounts{}.",
                int(lang, clusters.len() as u64),
                int(lang, posts),
                int(lang, big.posts),
                int(lang, big.accounts),
                how_long.map_or(String::new(), |s| format!(" within {s}"))
            )
        });
    }
    Ok(out)
}

/// The section's JSON for the template: bullets, the chart, the claims
/// and clusters tables; `printable` makes a text safe for the fonts.
pub fn section(
    m: &MisinfoTables,
    claims_loaded: usize,
    lang: Lang,
    printable: impl Fn(&str) -> String,
) -> Result<Value> {
    let dash = || "–".to_string();
    let claims: Vec<Value> = claim_rows(m)?
        .into_iter()
        .filter(|c| c.posts > 0)
        .take(TABLE_CLAIMS)
        .map(|c| {
            json!({
                "id": c.id,
                "claim": charts::truncate(&printable(&c.claim), TEXT_CHARS),
                "verdict": c.verdict.unwrap_or_else(dash),
                "debunked": c.date.map_or_else(dash, |d| date(lang, d)),
                "url": c.url.unwrap_or_default(),
                "posts": int(lang, c.posts),
                "accounts": int(lang, c.accounts),
                "platforms": c.platforms.join(", "),
                "first_seen": c.first_seen.map_or_else(dash, |d| date(lang, d)),
                "last_seen": c.last_seen.map_or_else(dash, |d| date(lang, d)),
                "after": int(lang, c.after),
            })
        })
        .collect();
    let clusters: Vec<Value> = cluster_rows(m)?
        .into_iter()
        .take(TABLE_CLUSTERS)
        .map(|c| {
            json!({
                "id": c.id,
                "posts": int(lang, c.posts),
                "accounts": int(lang, c.accounts),
                "platforms": c.platforms.join(", "),
                "first_seen": c.first_seen.map_or_else(dash, |d| date(lang, d)),
                "span": c.span_s.map_or_else(dash, |s| span(lang, s)),
                "text": charts::truncate(&printable(&c.text), TEXT_CHARS),
                "claim": c.claim.unwrap_or_default(),
                "accounts_sample": c.sample_accounts.join(", "),
            })
        })
        .collect();
    Ok(json!({
        "bullets": bullets(m, claims_loaded, lang)?,
        "claims": claims,
        "clusters": clusters,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_people_say_them() {
        assert_eq!(span(Lang::Id, 3 * 3600 + 20 * 60), "3 jam 20 menit");
        assert_eq!(span(Lang::En, 45 * 60), "45 min");
        assert_eq!(span(Lang::En, 26 * 3600), "26 h");
        assert_eq!(span(Lang::Id, 5 * 86_400 + 7), "5 hari");
    }
}
