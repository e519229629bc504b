//! The topic tables: `topics.csv` (one row per topic), `topic_terms.csv`
//! (its ranked terms) and `topic_daily.csv` (posts and sentiment per UTC day
//! and topic, aggregated with polars).

use super::TopicModel;

use crate::core::SENTIMENT;
use crate::core::Scored;
use crate::util::round4;
use crate::watchlist::Matcher;
use anyhow::Result;
use polars::prelude::*;

/// Characters of the first example's text kept in `topics.csv`.
const EXAMPLE_CHARS: usize = 280;
/// Targets listed in a topic's target mix.
const MIX_TARGETS: usize = 5;

fn shares(counts: &[u64]) -> Vec<f64> {
    let total: u64 = counts.iter().sum();
    counts.iter().map(|&c| if total == 0 { 0.0 } else { round4(c as f32 / total as f32) }).collect()
}

/// `topics.csv`: id, label, top terms, size, share, NPMI, sentiment mix
/// (shares of negative, neutral, positive posts), target mix (the targets
/// most named, with the share of the topic's posts naming each) and the
/// most typical posts.
pub fn topics_frame(model: &TopicModel, posts: &[Scored], matcher: &Matcher) -> Result<DataFrame> {
    let k = model.topics.len();
    let sentiment = model.sentiment_counts(posts);
    let mut targets = vec![vec![0u64; matcher.target_count()]; k];
    for (i, t) in model.assignment.iter().enumerate() {
        let Some(t) = t else { continue };
        let mut seen = Vec::new();
        for m in &posts[i].notes.mentions {
            if !seen.contains(&m.target) {
                seen.push(m.target);
                targets[*t as usize][m.target as usize] += 1;
            }
        }
    }
    let assigned: usize = model.topics.iter().map(|t| t.size).sum();
    let mix: Vec<[f64; 3]> = sentiment
        .iter()
        .map(|c| {
            let s = shares(c);
            [s[0], s[1], s[2]]
        })
        .collect();
    let target_mix: Vec<String> = model
        .topics
        .iter()
        .zip(&targets)
        .map(|(topic, counts)| {
            let mut order: Vec<usize> = (0..counts.len()).filter(|&j| counts[j] > 0).collect();
            order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
            order
                .iter()
                .take(MIX_TARGETS)
                .map(|&j| {
                    let share = round4(counts[j] as f32 / topic.size.max(1) as f32);
                    format!("{} {share}", matcher.target_id(j as u32))
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect();
    let t = &model.topics;
    Ok(DataFrame::new(
        k,
        vec![
            Column::new("topic_id".into(), t.iter().map(|x| x.id).collect::<Vec<u32>>()),
            Column::new("label".into(), t.iter().map(|x| x.label.as_str()).collect::<Vec<_>>()),
            Column::new(
                "top_terms".into(),
                t.iter()
                    .map(|x| {
                        x.terms
                            .iter()
                            .take(super::QUALITY_TERMS)
                            .map(|w| w.0.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .collect::<Vec<_>>(),
            ),
            Column::new("posts".into(), t.iter().map(|x| x.size as u64).collect::<Vec<u64>>()),
            Column::new(
                "share".into(),
                t.iter().map(|x| round4(x.size as f32 / assigned.max(1) as f32)).collect::<Vec<f64>>(),
            ),
            Column::new("npmi".into(), t.iter().map(|x| (x.npmi * 1e4).round() / 1e4).collect::<Vec<f64>>()),
            Column::new("negative".into(), mix.iter().map(|m| m[0]).collect::<Vec<f64>>()),
            Column::new("neutral".into(), mix.iter().map(|m| m[1]).collect::<Vec<f64>>()),
            Column::new("positive".into(), mix.iter().map(|m| m[2]).collect::<Vec<f64>>()),
            Column::new("targets".into(), target_mix),
            Column::new(
                "example_post_ids".into(),
                t.iter()
                    .map(|x| {
                        x.examples
                            .iter()
                            .map(|&i| posts[i].post.post_id.as_str())
                            .collect::<Vec<_>>()
                            .join(";")
                    })
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "example_text".into(),
                t.iter()
                    .map(|x| {
                        x.examples
                            .first()
                            .map(|&i| posts[i].post.text.chars().take(EXAMPLE_CHARS).collect::<String>())
                    })
                    .collect::<Vec<Option<String>>>(),
            ),
        ],
    )?)
}

/// `topic_terms.csv`: topic, term, c-TF-IDF weight, rank (1 = most
/// distinctive).
pub fn topic_terms_frame(model: &TopicModel) -> Result<DataFrame> {
    let rows: Vec<(u32, &str, f64, u32)> = model
        .topics
        .iter()
        .flat_map(|t| t.terms.iter().enumerate().map(move |(r, (w, x))| (t.id, w.as_str(), *x, r as u32 + 1)))
        .collect();
    Ok(DataFrame::new(
        rows.len(),
        vec![
            Column::new("topic_id".into(), rows.iter().map(|r| r.0).collect::<Vec<u32>>()),
            Column::new("term".into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
            Column::new(
                "weight".into(),
                rows.iter().map(|r| (r.2 * 1e6).round() / 1e6).collect::<Vec<f64>>(),
            ),
            Column::new("rank".into(), rows.iter().map(|r| r.3).collect::<Vec<u32>>()),
        ],
    )?)
}

/// `topic_daily.csv`: per UTC day and topic, posts and their post-level
/// sentiment counts. Undated posts are left out (the manifest counts them).
pub fn topic_daily_frame(model: &TopicModel, posts: &[Scored]) -> Result<DataFrame> {
    let (mut day, mut topic, mut label) = (Vec::new(), Vec::new(), Vec::new());
    for (i, t) in model.assignment.iter().enumerate() {
        if let (Some(t), Some(at)) = (t, posts[i].post.created_at) {
            day.push(crate::core::days::of_secs(at));
            topic.push(model.topics[*t as usize].id);
            label.push(posts[i].notes.sentiment.as_ref().map(|s| SENTIMENT[s.post.label as usize]));
        }
    }
    let df = DataFrame::new(
        day.len(),
        vec![
            Column::new("date".into(), day).cast(&DataType::Date)?,
            Column::new("topic_id".into(), topic),
            Column::new("sentiment".into(), label),
        ],
    )?;
    let count = |s: &str| col("sentiment").eq(lit(s)).cast(DataType::UInt64).sum().alias(s);
    Ok(df
        .lazy()
        .group_by([col("date"), col("topic_id")])
        .agg([
            len().cast(DataType::UInt64).alias("posts"),
            count("negative"),
            count("neutral"),
            count("positive"),
        ])
        .sort(["date", "topic_id"], SortMultipleOptions::default())
        .collect()?)
}
