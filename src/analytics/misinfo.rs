//! The misinfo stage's counts as tables: claims, claims per day,
//! copy-paste clusters, and the hoax vocabulary per day and per target.
//! They cover every post read (not only those naming a target), over the
//! whole period (`[report] window` narrows the other aggregates only).

use crate::core::Platform;
use crate::misinfo::Misinfo;
use crate::misinfo::stage::MisinfoOutcome;
use crate::watchlist::Watchlists;
use anyhow::Result;
use polars::prelude::*;

/// The misinfo tables, a named field each (written as `tables/<field>.csv`).
pub struct MisinfoTables {
    /// `claim_id, claim, url, verdict, date, posts, accounts, platforms,
    /// first_seen, last_seen, posts_after_factcheck, source_file, source_line`.
    pub claims: DataFrame,
    /// `date, claim_id, posts, accounts, posts_after_factcheck`.
    pub claims_daily: DataFrame,
    /// `cluster_id, posts, accounts, platforms, first_seen, last_seen,
    /// span_s, text, targets, claim_id, variants, sample_accounts`.
    pub copypasta_clusters: DataFrame,
    /// `term_id, label, watchlist, aliases, posts`.
    pub misinfo_terms: DataFrame,
    /// `date, term_id, alias, posts`.
    pub misinfo_daily: DataFrame,
    /// `term_id, target_id, posts`.
    pub misinfo_target: DataFrame,
}

impl MisinfoTables {
    pub fn tables(&self) -> Vec<(&'static str, &DataFrame)> {
        vec![
            ("claims", &self.claims),
            ("claims_daily", &self.claims_daily),
            ("copypasta_clusters", &self.copypasta_clusters),
            ("misinfo_terms", &self.misinfo_terms),
            ("misinfo_daily", &self.misinfo_daily),
            ("misinfo_target", &self.misinfo_target),
        ]
    }
}

fn datetime(name: &str, v: Vec<Option<i64>>) -> Result<Column> {
    Ok(Column::new(name.into(), v.into_iter().map(|t| t.map(|t| t * 1000)).collect::<Vec<_>>())
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?)
}

fn date(name: &str, v: Vec<i32>) -> Result<Column> {
    Ok(Column::new(name.into(), v).cast(&DataType::Date)?)
}

/// A list-of-strings column (`;`-joined in CSV).
fn list(name: &str, rows: &[Vec<String>]) -> Column {
    let mut b = ListStringChunkedBuilder::new(name.into(), rows.len(), rows.iter().map(Vec::len).sum());
    for r in rows {
        b.append_values_iter(r.iter().map(String::as_str));
    }
    b.finish().into_column()
}

fn platform_names(p: &[Platform]) -> Vec<String> {
    p.iter().map(|x| x.as_str().to_string()).collect()
}

/// The tables of `out` (claims and terms as `m` has them, targets named as
/// `wl` names them).
pub fn tables(out: &MisinfoOutcome, m: &Misinfo, wl: &Watchlists) -> Result<MisinfoTables> {
    let claims = &m.claims.claims;
    let stats = &out.claims;
    let claim_id = |c: u32| claims[c as usize].id.clone();
    let claims_df = DataFrame::new(
        claims.len(),
        vec![
            Column::new("claim_id".into(), claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>()),
            Column::new("claim".into(), claims.iter().map(|c| c.text.as_str()).collect::<Vec<_>>()),
            Column::new("url".into(), claims.iter().map(|c| c.url.as_deref()).collect::<Vec<_>>()),
            Column::new("verdict".into(), claims.iter().map(|c| c.verdict.as_deref()).collect::<Vec<_>>()),
            datetime("date", claims.iter().map(|c| c.date).collect())?,
            Column::new("posts".into(), stats.iter().map(|s| s.posts).collect::<Vec<u64>>()),
            Column::new("accounts".into(), stats.iter().map(|s| s.accounts).collect::<Vec<u64>>()),
            list("platforms", &stats.iter().map(|s| platform_names(&s.platforms)).collect::<Vec<_>>()),
            datetime("first_seen", stats.iter().map(|s| s.first_seen).collect())?,
            datetime("last_seen", stats.iter().map(|s| s.last_seen).collect())?,
            Column::new(
                "posts_after_factcheck".into(),
                stats.iter().map(|s| s.posts_after_factcheck).collect::<Vec<u64>>(),
            ),
            Column::new(
                "source_file".into(),
                claims.iter().map(|c| c.source_file.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("source_line".into(), claims.iter().map(|c| c.source_line).collect::<Vec<u64>>()),
        ],
    )?;
    let d = &out.claims_daily;
    let claims_daily = DataFrame::new(
        d.len(),
        vec![
            date("date", d.iter().map(|x| x.day).collect())?,
            Column::new("claim_id".into(), d.iter().map(|x| claim_id(x.claim)).collect::<Vec<_>>()),
            Column::new("posts".into(), d.iter().map(|x| x.posts).collect::<Vec<u64>>()),
            Column::new("accounts".into(), d.iter().map(|x| x.accounts).collect::<Vec<u64>>()),
            Column::new(
                "posts_after_factcheck".into(),
                d.iter().map(|x| x.posts_after_factcheck).collect::<Vec<u64>>(),
            ),
        ],
    )?;
    let k = &out.clusters;
    let target_id = |t: u32| wl.targets.get(t as usize).map_or_else(String::new, |x| x.id.clone());
    let copypasta_clusters = DataFrame::new(
        k.len(),
        vec![
            Column::new("cluster_id".into(), k.iter().map(|c| c.id.as_str()).collect::<Vec<_>>()),
            Column::new("posts".into(), k.iter().map(|c| c.posts).collect::<Vec<u64>>()),
            Column::new("accounts".into(), k.iter().map(|c| c.accounts).collect::<Vec<u64>>()),
            list("platforms", &k.iter().map(|c| platform_names(&c.platforms)).collect::<Vec<_>>()),
            datetime("first_seen", k.iter().map(|c| c.first_seen).collect())?,
            datetime("last_seen", k.iter().map(|c| c.last_seen).collect())?,
            Column::new(
                "span_s".into(),
                k.iter()
                    .map(|c| c.first_seen.zip(c.last_seen).map(|(a, b)| b - a))
                    .collect::<Vec<Option<i64>>>(),
            ),
            Column::new("text".into(), k.iter().map(|c| c.text.as_str()).collect::<Vec<_>>()),
            list(
                "targets",
                &k.iter().map(|c| c.targets.iter().map(|&t| target_id(t)).collect()).collect::<Vec<_>>(),
            ),
            Column::new(
                "claim_id".into(),
                k.iter().map(|c| c.claim.map(claim_id)).collect::<Vec<Option<String>>>(),
            ),
            Column::new("variants".into(), k.iter().map(|c| c.variants).collect::<Vec<u64>>()),
            list(
                "sample_accounts",
                &k.iter()
                    .map(|c| c.sample_accounts.iter().map(|&a| out.authors[a as usize].to_string()).collect())
                    .collect::<Vec<_>>(),
            ),
        ],
    )?;
    let terms = &m.terms;
    let misinfo_terms = DataFrame::new(
        terms.len(),
        vec![
            Column::new("term_id".into(), terms.iter().map(|t| t.id.as_str()).collect::<Vec<_>>()),
            Column::new("label".into(), terms.iter().map(|t| t.label.as_str()).collect::<Vec<_>>()),
            Column::new("watchlist".into(), terms.iter().map(|t| t.watchlist.as_str()).collect::<Vec<_>>()),
            list("aliases", &terms.iter().map(|t| t.aliases.clone()).collect::<Vec<_>>()),
            Column::new("posts".into(), out.term_posts.clone()),
        ],
    )?;
    let term = |t: u16| terms[t as usize].id.clone();
    let alias = |t: u16, a: u16| terms[t as usize].aliases.get(a as usize).cloned().unwrap_or_default();
    // By date, then term id and alias as written (not their indices).
    let mut daily: Vec<(i32, String, String, u64)> =
        out.terms_daily.iter().map(|(&(d, t, a), &n)| (d, term(t), alias(t, a), n)).collect();
    daily.sort();
    let misinfo_daily = DataFrame::new(
        daily.len(),
        vec![
            date("date", daily.iter().map(|x| x.0).collect())?,
            Column::new("term_id".into(), daily.iter().map(|x| x.1.as_str()).collect::<Vec<_>>()),
            Column::new("alias".into(), daily.iter().map(|x| x.2.as_str()).collect::<Vec<_>>()),
            Column::new("posts".into(), daily.iter().map(|x| x.3).collect::<Vec<u64>>()),
        ],
    )?;
    let mut per_target: Vec<(String, String, u64)> =
        out.terms_target.iter().map(|(&(t, g), &n)| (term(t), target_id(g), n)).collect();
    per_target.sort();
    let misinfo_target = DataFrame::new(
        per_target.len(),
        vec![
            Column::new("term_id".into(), per_target.iter().map(|x| x.0.as_str()).collect::<Vec<_>>()),
            Column::new("target_id".into(), per_target.iter().map(|x| x.1.as_str()).collect::<Vec<_>>()),
            Column::new("posts".into(), per_target.iter().map(|x| x.2).collect::<Vec<u64>>()),
        ],
    )?;
    Ok(MisinfoTables {
        claims: claims_df,
        claims_daily,
        copypasta_clusters,
        misinfo_terms,
        misinfo_daily,
        misinfo_target,
    })
}
