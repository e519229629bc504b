//! The coordination tables: `coordination_edges`, `coordination_accounts`,
//! `coordination_clusters` and `bursts`, as polars frames (written as CSV
//! and Parquet by the pipeline).

use super::{Coordination, NetKind};
use anyhow::Result;
use polars::prelude::*;

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn kinds(k: &[NetKind]) -> String {
    k.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(";")
}

/// `name (n); name (n)`.
pub fn counted(v: &[(String, u64)]) -> String {
    v.iter().map(|(s, n)| format!("{s} ({n})")).collect::<Vec<_>>().join("; ")
}

fn datetime(name: &str, secs: Vec<Option<i64>>) -> Result<Column> {
    Ok(Column::new(name.into(), secs.into_iter().map(|s| s.map(|t| t * 1000)).collect::<Vec<_>>())
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?)
}

/// `coordination_edges`: `account_a, account_b, kind, weight, objects,
/// mean_delta_s, evidence_post_ids` (per object `a_post b_post`,
/// `;`-separated: a's post first).
pub fn edges_frame(c: &Coordination) -> Result<DataFrame> {
    let e = &c.edges;
    Ok(DataFrame::new(
        e.len(),
        vec![
            Column::new("account_a".into(), e.iter().map(|x| x.account_a.as_str()).collect::<Vec<_>>()),
            Column::new("account_b".into(), e.iter().map(|x| x.account_b.as_str()).collect::<Vec<_>>()),
            Column::new("kind".into(), e.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>()),
            Column::new("weight".into(), e.iter().map(|x| round(x.weight, 4)).collect::<Vec<_>>()),
            Column::new("objects".into(), e.iter().map(|x| x.objects).collect::<Vec<_>>()),
            Column::new(
                "mean_delta_s".into(),
                e.iter().map(|x| round(x.mean_delta_s, 1)).collect::<Vec<_>>(),
            ),
            Column::new(
                "evidence_post_ids".into(),
                e.iter()
                    .map(|x| x.evidence.iter().map(|(a, b)| format!("{a} {b}")).collect::<Vec<_>>().join(";"))
                    .collect::<Vec<_>>(),
            ),
        ],
    )?)
}

/// `coordination_accounts`: `account, cluster_id, degree, strength,
/// posts, kinds, first_seen, last_seen`.
pub fn accounts_frame(c: &Coordination) -> Result<DataFrame> {
    let a = &c.accounts;
    Ok(DataFrame::new(
        a.len(),
        vec![
            Column::new("account".into(), a.iter().map(|x| x.account.as_str()).collect::<Vec<_>>()),
            Column::new("cluster_id".into(), a.iter().map(|x| x.cluster_id).collect::<Vec<_>>()),
            Column::new("degree".into(), a.iter().map(|x| x.degree).collect::<Vec<_>>()),
            Column::new("strength".into(), a.iter().map(|x| round(x.strength, 4)).collect::<Vec<_>>()),
            Column::new("posts".into(), a.iter().map(|x| x.posts).collect::<Vec<_>>()),
            Column::new("kinds".into(), a.iter().map(|x| kinds(&x.kinds)).collect::<Vec<_>>()),
            datetime("first_seen", a.iter().map(|x| Some(x.first_seen)).collect())?,
            datetime("last_seen", a.iter().map(|x| Some(x.last_seen)).collect())?,
        ],
    )?)
}

/// `coordination_clusters`: `cluster_id, accounts, edges, kinds, targets,
/// net_sentiment, top_links, top_domains, top_hashtags, claims,
/// first_seen, last_seen`.
pub fn clusters_frame(c: &Coordination) -> Result<DataFrame> {
    let k = &c.clusters;
    let text = |f: &dyn Fn(&super::ClusterRow) -> String| k.iter().map(f).collect::<Vec<String>>();
    Ok(DataFrame::new(
        k.len(),
        vec![
            Column::new("cluster_id".into(), k.iter().map(|x| x.cluster_id).collect::<Vec<_>>()),
            Column::new("accounts".into(), k.iter().map(|x| x.accounts).collect::<Vec<_>>()),
            Column::new("edges".into(), k.iter().map(|x| x.edges).collect::<Vec<_>>()),
            Column::new("kinds".into(), text(&|x| kinds(&x.kinds))),
            Column::new("targets".into(), text(&|x| counted(&x.targets))),
            Column::new(
                "net_sentiment".into(),
                k.iter().map(|x| x.net_sentiment.map(|v| round(v, 4))).collect::<Vec<_>>(),
            ),
            Column::new("top_links".into(), text(&|x| counted(&x.top_links))),
            Column::new("top_domains".into(), text(&|x| counted(&x.top_domains))),
            Column::new("top_hashtags".into(), text(&|x| counted(&x.top_hashtags))),
            Column::new("claims".into(), text(&|x| counted(&x.claims))),
            datetime("first_seen", k.iter().map(|x| (x.posts > 0).then_some(x.first_seen)).collect())?,
            datetime("last_seen", k.iter().map(|x| (x.posts > 0).then_some(x.last_seen)).collect())?,
        ],
    )?)
}

/// `bursts`: `series, kind, start, end, posts, baseline, score` (start
/// and end are hours, UTC; end exclusive).
pub fn bursts_frame(c: &Coordination) -> Result<DataFrame> {
    let b = &c.bursts;
    Ok(DataFrame::new(
        b.len(),
        vec![
            Column::new("series".into(), b.iter().map(|x| x.series.as_str()).collect::<Vec<_>>()),
            Column::new("kind".into(), b.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>()),
            datetime("start", b.iter().map(|x| Some(x.start * 3600)).collect())?,
            datetime("end", b.iter().map(|x| Some(x.end * 3600)).collect())?,
            Column::new("posts".into(), b.iter().map(|x| x.posts).collect::<Vec<_>>()),
            Column::new("baseline".into(), b.iter().map(|x| round(x.baseline, 2)).collect::<Vec<_>>()),
            Column::new("score".into(), b.iter().map(|x| round(x.score, 2)).collect::<Vec<_>>()),
        ],
    )?)
}

/// Every table, by file name.
pub fn frames(c: &Coordination) -> Result<Vec<(&'static str, DataFrame)>> {
    Ok(vec![
        ("coordination_edges", edges_frame(c)?),
        ("coordination_accounts", accounts_frame(c)?),
        ("coordination_clusters", clusters_frame(c)?),
        ("bursts", bursts_frame(c)?),
    ])
}
