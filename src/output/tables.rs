//! The small tables of a run: the rejects and the watchlist's targets.

use crate::core::Scored;
use crate::ingest::Reject;
use crate::watchlist::Watchlists;
use anyhow::Result;
use polars::prelude::*;

/// The rejects table.
pub fn rejects_frame(rejects: &[Reject]) -> Result<DataFrame> {
    let df = DataFrame::new(
        rejects.len(),
        vec![
            Column::new(
                "source_file".into(),
                rejects.iter().map(|r| r.source_file.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("line".into(), rejects.iter().map(|r| r.line).collect::<Vec<u64>>()),
            Column::new("reason".into(), rejects.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>()),
            Column::new("excerpt".into(), rejects.iter().map(|r| r.excerpt.as_str()).collect::<Vec<_>>()),
            Column::new("column".into(), rejects.iter().map(|r| r.column).collect::<Vec<Option<u64>>>()),
            Column::new("field".into(), rejects.iter().map(|r| r.field.as_deref()).collect::<Vec<_>>()),
        ],
    )?;
    Ok(df)
}

/// The watchlist targets with how often each was found, for `targets.csv`.
pub fn targets_frame(wl: &Watchlists, posts: &[Scored]) -> Result<DataFrame> {
    let n = wl.targets.len();
    let (mut counts, mut mentions) = (vec![0u64; n], vec![0u64; n]);
    for s in posts {
        let mut seen = vec![];
        for m in &s.notes.mentions {
            mentions[m.target as usize] += 1;
            if !seen.contains(&m.target) {
                seen.push(m.target);
                counts[m.target as usize] += 1;
            }
        }
    }
    let t = &wl.targets;
    Ok(DataFrame::new(
        t.len(),
        vec![
            Column::new("target_id".into(), t.iter().map(|x| x.id.as_str()).collect::<Vec<_>>()),
            Column::new("label".into(), t.iter().map(|x| x.label.as_str()).collect::<Vec<_>>()),
            Column::new("kind".into(), t.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>()),
            Column::new("group".into(), t.iter().map(|x| x.group.as_deref()).collect::<Vec<_>>()),
            Column::new("watchlist".into(), t.iter().map(|x| x.watchlist.as_str()).collect::<Vec<_>>()),
            Column::new("needs_context".into(), t.iter().map(|x| x.needs_context).collect::<Vec<_>>()),
            Column::new("posts".into(), counts),
            Column::new("mentions".into(), mentions),
        ],
    )?)
}
