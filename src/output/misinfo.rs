//! The misinfo stage's per-post tables: `claim_matches` (every post read
//! that matched a claim) and `copypasta_posts` (every post in a copy-paste
//! cluster), written a batch of rows at a time (a campaign can put
//! millions of posts in clusters).

use crate::misinfo::claims::ClaimSet;
use crate::misinfo::stage::MisinfoOutcome;
use crate::output::table::{CsvBatches, ParquetBatches};
use crate::util::round4;
use anyhow::Result;
use polars::prelude::*;
use std::path::Path;

/// Rows per batch.
const BATCH: usize = 1 << 18;

fn created(name: &str, v: impl Iterator<Item = Option<i64>>) -> Result<Column> {
    Ok(Column::new(name.into(), v.map(|t| t.map(|t| t * 1000)).collect::<Vec<_>>())
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?)
}

fn author(out: &MisinfoOutcome, a: Option<u32>) -> Option<&str> {
    a.map(|a| &*out.authors[a as usize])
}

/// `claim_matches`: `post_id, claim_id, score, matched_terms, platform,
/// created_at, author_hash`, in post order.
pub fn claim_matches_frame(out: &MisinfoOutcome, claims: &ClaimSet) -> Result<DataFrame> {
    let r = &out.claim_matches;
    Ok(DataFrame::new(
        r.len(),
        vec![
            Column::new("post_id".into(), r.iter().map(|x| x.post_id.as_str()).collect::<Vec<_>>()),
            Column::new(
                "claim_id".into(),
                r.iter().map(|x| claims.claims[x.claim as usize].id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("score".into(), r.iter().map(|x| round4(x.score)).collect::<Vec<f64>>()),
            Column::new("matched_terms".into(), r.iter().map(|x| x.terms.as_str()).collect::<Vec<_>>()),
            Column::new("platform".into(), r.iter().map(|x| x.platform.as_str()).collect::<Vec<_>>()),
            created("created_at", r.iter().map(|x| x.created_at))?,
            Column::new("author_hash".into(), r.iter().map(|x| author(out, x.author)).collect::<Vec<_>>()),
        ],
    )?)
}

/// `copypasta_posts` rows `range`: `post_id, cluster_id, similarity,
/// platform, created_at, author_hash`, by cluster then post order.
fn copy_posts_frame(out: &MisinfoOutcome, range: std::ops::Range<usize>) -> Result<DataFrame> {
    let r = &out.copy_posts[range];
    Ok(DataFrame::new(
        r.len(),
        vec![
            Column::new("post_id".into(), r.iter().map(|x| out.copy_post_id(x)).collect::<Vec<_>>()),
            Column::new(
                "cluster_id".into(),
                r.iter().map(|x| out.clusters[x.cluster as usize].id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("similarity".into(), r.iter().map(|x| round4(x.similarity)).collect::<Vec<f64>>()),
            Column::new("platform".into(), r.iter().map(|x| x.platform.as_str()).collect::<Vec<_>>()),
            created("created_at", r.iter().map(|x| x.created_at()))?,
            Column::new("author_hash".into(), r.iter().map(|x| author(out, x.author())).collect::<Vec<_>>()),
        ],
    )?)
}

/// Writes `copypasta_posts` as CSV and Parquet, a batch at a time.
pub fn write_copy_posts(out: &MisinfoOutcome, csv: &Path, parquet: &Path) -> Result<()> {
    let mut start = 0;
    let first = copy_posts_frame(out, 0..BATCH.min(out.copy_posts.len()))?;
    if first.height() == 0 {
        crate::output::table::write_csv(&first, csv)?;
        return crate::output::table::write_parquet(&mut first.clone(), parquet);
    }
    let mut c = CsvBatches::create(csv, &first)?;
    let mut p = ParquetBatches::create(parquet, first.schema())?;
    let mut df = first;
    loop {
        let (a, b) = rayon::join(|| c.append(&df), || p.append(&df));
        a?;
        b?;
        start += df.height();
        if start >= out.copy_posts.len() {
            break;
        }
        df = copy_posts_frame(out, start..(start + BATCH).min(out.copy_posts.len()))?;
    }
    c.finish()?;
    p.finish()
}
