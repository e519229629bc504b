//! The posts and mentions tables: the kept posts with what the per-post
//! stages said of them, built and written a batch of rows at a time.

use crate::core::{Post, Scored};
use crate::util::round4;

/// What the posts table is made of: the scored posts (post `i` is post
/// `i` of the topic model), and how to render them.
#[derive(Clone, Copy)]
pub struct PostsSource<'a> {
    pub posts: &'a [Scored],
    pub matcher: &'a crate::watchlist::Matcher,
    /// Input file names, by `Post::source_file`.
    pub files: &'a [String],
    pub privacy: &'a crate::core::Privacy,
    pub topics: Option<&'a crate::topics::TopicModel>,
    /// Each post's claim and copy-paste cluster (none: the columns stay
    /// empty).
    pub misinfo: Option<PostMisinfo<'a>>,
}

/// What the misinfo stage says of the posts a table holds.
#[derive(Clone, Copy)]
pub struct PostMisinfo<'a> {
    pub outcome: &'a crate::misinfo::stage::MisinfoOutcome,
    pub claims: &'a crate::misinfo::claims::ClaimSet,
    /// Whether the clusters are whole (every post read was seen): not in
    /// one shard's table.
    pub clusters: bool,
}

/// The posts table as later stages and the output see it: a polars
/// `DataFrame` whose canonical columns were checked when it was built.
#[derive(Debug, Clone)]
pub struct PostsFrame(polars::prelude::DataFrame);

impl PostsFrame {
    /// Columns every posts table has, in order.
    pub const COLUMNS: &'static [&'static str] = &[
        "post_id",
        "platform",
        "kind",
        "author_hash",
        "created_at",
        "lang",
        "text",
        "likes",
        "shares",
        "comments",
        "views",
        "targets",
        "sentiment",
        "sentiment_score",
        "topic_id",
        "topic_label",
        "source_lang",
        "url",
        "parent_id",
        "source_file",
        "source_line",
        "claim_id",
        "cluster_id",
    ];

    /// Builds the table of `src`'s posts in `rows`; authors are
    /// pseudonymised unless `privacy` says not; topic columns stay empty
    /// without a topic model (`score` fits none).
    pub fn build(src: &PostsSource, rows: std::ops::Range<usize>) -> anyhow::Result<PostsFrame> {
        let PostsSource { matcher, files, privacy, topics, misinfo, .. } = *src;
        let offset = rows.start;
        let posts: Vec<&Post> = src.posts[rows.clone()].iter().map(|s| &s.post).collect();
        let notes: Vec<&crate::core::Notes> = src.posts[rows].iter().map(|s| &s.notes).collect();
        use crate::sentiment::eval::{EMOTION, SENTIMENT};
        use polars::prelude::*;
        use rayon::prelude::*;
        use std::collections::HashMap;
        let mut distinct: Vec<&str> = posts.iter().filter_map(|p| p.author.as_deref()).collect();
        distinct.par_sort_unstable();
        distinct.dedup();
        let hashed: HashMap<&str, String> = distinct
            .par_iter()
            .map(|a| {
                (
                    *a,
                    if privacy.pseudonymise {
                        crate::core::privacy::pseudonym(&privacy.salt, a)
                    } else {
                        a.to_string()
                    },
                )
            })
            .collect();
        let n = posts.len();
        // Each post's claim and cluster, looked up by its key.
        let links: Vec<(Option<&str>, Option<&str>)> = match misinfo {
            Some(m) if !m.outcome.links.is_empty() => posts
                .par_iter()
                .map(|p| {
                    let (claim, cluster) = m.outcome.links.get(p.key());
                    (
                        claim.map(|c| m.claims.claims[c as usize].id.as_str()),
                        cluster.filter(|_| m.clusters).map(|k| m.outcome.clusters[k as usize].id.as_str()),
                    )
                })
                .collect(),
            _ => vec![(None, None); n],
        };
        fn str_col<'a>(posts: &[&'a Post], name: &str, f: impl Fn(&'a Post) -> Option<&'a str>) -> Column {
            Column::new(name.into(), posts.iter().map(|p| f(p)).collect::<Vec<Option<&str>>>())
        }
        fn int_col(posts: &[&Post], name: &str, f: impl Fn(&Post) -> Option<i64>) -> Column {
            Column::new(name.into(), posts.iter().map(|p| f(p)).collect::<Vec<Option<i64>>>())
        }
        let created = Column::new(
            "created_at".into(),
            posts.iter().map(|p| p.created_at.map(|t| t * 1000)).collect::<Vec<Option<i64>>>(),
        )
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?;
        let lang = Column::new("lang".into(), notes.iter().map(|x| x.lang.as_str()).collect::<Vec<&str>>());
        // One list builder (a Series per row cost ~2 µs each).
        let mut targets =
            ListStringChunkedBuilder::new("targets".into(), n, notes.iter().map(|x| x.mentions.len()).sum());
        let mut ids: Vec<&str> = Vec::new();
        for x in &notes {
            ids.clear();
            for m in &x.mentions {
                let id = matcher.target_id(m.target);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            targets.append_values_iter(ids.iter().copied());
        }
        let targets = targets.finish().into_column();
        let df = DataFrame::new(
            n,
            vec![
                str_col(&posts, "post_id", |p| Some(p.post_id.as_str())),
                str_col(&posts, "platform", |p| Some(p.platform.as_str())),
                str_col(&posts, "kind", |p| Some(p.kind.as_str())),
                str_col(&posts, "author_hash", |p| p.author.as_deref().map(|a| hashed[a].as_str())),
                created,
                lang,
                str_col(&posts, "text", |p| Some(p.text.as_str())),
                int_col(&posts, "likes", |p| p.likes),
                int_col(&posts, "shares", |p| p.shares),
                int_col(&posts, "comments", |p| p.comments),
                int_col(&posts, "views", |p| p.views),
                targets,
                Column::new(
                    "sentiment".into(),
                    notes
                        .iter()
                        .map(|x| x.sentiment.as_ref().map(|s| SENTIMENT[s.post.label as usize]))
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "sentiment_score".into(),
                    notes
                        .iter()
                        .map(|x| x.sentiment.as_ref().map(|s| round4(s.post.score)))
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "sentiment_confidence".into(),
                    notes
                        .iter()
                        .map(|x| x.sentiment.as_ref().map(|s| round4(s.post.confidence)))
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "emotion".into(),
                    notes
                        .iter()
                        .map(|x| {
                            x.sentiment.as_ref().and_then(|s| s.emotion).map(|(e, _)| EMOTION[e as usize])
                        })
                        .collect::<Vec<Option<&str>>>(),
                ),
                Column::new(
                    "why".into(),
                    notes.iter().map(|x| x.sentiment.as_ref().map(|s| s.why.as_str())).collect::<Vec<_>>(),
                ),
                Column::new(
                    "topic_id".into(),
                    (offset..offset + n)
                        .map(|i| topics.and_then(|t| t.of(i)).map(|x| x.0))
                        .collect::<Vec<Option<u32>>>(),
                ),
                Column::new(
                    "topic_label".into(),
                    (offset..offset + n)
                        .map(|i| topics.and_then(|t| t.of(i)).map(|x| x.1))
                        .collect::<Vec<Option<&str>>>(),
                ),
                str_col(&posts, "source_lang", |p| p.source_lang.as_deref()),
                str_col(&posts, "url", |p| p.url.as_deref()),
                str_col(&posts, "parent_id", |p| p.parent_id.as_deref()),
                str_col(&posts, "source_file", |p| files.get(p.source_file as usize).map(String::as_str)),
                Column::new("source_line".into(), posts.iter().map(|p| p.source_line).collect::<Vec<u64>>()),
                Column::new("claim_id".into(), links.iter().map(|l| l.0).collect::<Vec<Option<&str>>>()),
                Column::new("cluster_id".into(), links.iter().map(|l| l.1).collect::<Vec<Option<&str>>>()),
            ],
        )?;
        PostsFrame::try_from(df)
    }

    /// Rows per batch when the table is written: polars' Parquet row group
    /// size, so a file written in batches has the row groups a whole-frame
    /// write would.
    pub const BATCH: usize = 512 * 512;

    /// Writes the table to `csv` and/or `parquet` a batch of rows at a
    /// time: the whole table never exists as a frame (it would double the
    /// memory the posts take).
    pub fn write(
        src: &PostsSource,
        csv: Option<&std::path::Path>,
        parquet: Option<&std::path::Path>,
    ) -> anyhow::Result<()> {
        use crate::output::table::{CsvBatches, ParquetBatches};
        let (mut csv_w, mut pq_w) = (None, None);
        let mut start = 0;
        loop {
            let end = (start + Self::BATCH).min(src.posts.len());
            let frame = PostsFrame::build(src, start..end)?;
            let df = frame.df();
            if start == 0 {
                csv_w = csv.map(|p| CsvBatches::create(p, df)).transpose()?;
                pq_w = parquet.map(|p| ParquetBatches::create(p, df.schema())).transpose()?;
            }
            // The two copies are independent: write them side by side.
            let (a, b) = rayon::join(
                || csv_w.as_mut().map_or(Ok(()), |w| w.append(df)),
                || pq_w.as_mut().map_or(Ok(()), |w| w.append(df)),
            );
            a?;
            b?;
            start = end;
            if start == src.posts.len() {
                break;
            }
        }
        if let Some(w) = csv_w {
            w.finish()?;
        }
        if let Some(w) = pq_w {
            w.finish()?;
        }
        Ok(())
    }

    pub fn df(&self) -> &polars::prelude::DataFrame {
        &self.0
    }

    pub fn into_df(self) -> polars::prelude::DataFrame {
        self.0
    }

    pub fn height(&self) -> usize {
        self.0.height()
    }
}

/// The mentions table: one row per (post, target) match, with the alias
/// that fired and where (character offsets into the post's text).
pub fn mentions_frame(
    posts: &[Scored],
    matcher: &crate::watchlist::Matcher,
) -> anyhow::Result<polars::prelude::DataFrame> {
    use crate::sentiment::{Verdict, eval::SENTIMENT};
    use polars::prelude::*;
    let rows: Vec<(&Post, &crate::watchlist::Mention, &Verdict)> = posts
        .iter()
        .map(|s| (&s.post, &s.notes))
        .flat_map(|(p, n)| {
            // A post that names a target is always scored.
            let targets = n.sentiment.iter().flat_map(|s| &s.targets);
            n.mentions.iter().zip(targets).map(move |(m, v)| (p, m, v))
        })
        .collect();
    let df = DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                "post_id".into(),
                rows.iter().map(|(p, _, _)| p.post_id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "target_id".into(),
                rows.iter().map(|(_, m, _)| matcher.target_id(m.target)).collect::<Vec<_>>(),
            ),
            Column::new(
                "alias".into(),
                rows.iter().map(|(_, m, _)| matcher.alias_text(m.target, m.alias)).collect::<Vec<_>>(),
            ),
            Column::new("rule".into(), rows.iter().map(|(_, m, _)| m.rule.as_str()).collect::<Vec<_>>()),
            Column::new("start".into(), rows.iter().map(|(_, m, _)| m.start).collect::<Vec<u32>>()),
            Column::new("end".into(), rows.iter().map(|(_, m, _)| m.end).collect::<Vec<u32>>()),
            Column::new(
                "matched_text".into(),
                rows.iter()
                    .map(|(p, m, _)| &p.text[m.byte_start as usize..m.byte_end as usize])
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "sentiment".into(),
                rows.iter().map(|(_, _, v)| SENTIMENT[v.label as usize]).collect::<Vec<_>>(),
            ),
            Column::new(
                "sentiment_score".into(),
                rows.iter().map(|(_, _, v)| round4(v.score)).collect::<Vec<f64>>(),
            ),
        ],
    )?;
    Ok(df)
}

impl TryFrom<polars::prelude::DataFrame> for PostsFrame {
    type Error = anyhow::Error;

    /// Checks that every canonical column is there (later stages add more).
    fn try_from(df: polars::prelude::DataFrame) -> anyhow::Result<PostsFrame> {
        let names = df.get_column_names();
        let missing: Vec<&str> =
            PostsFrame::COLUMNS.iter().copied().filter(|c| !names.iter().any(|n| n.as_str() == *c)).collect();
        if !missing.is_empty() {
            anyhow::bail!("not a posts table: missing column(s) {}", missing.join(", "));
        }
        Ok(PostsFrame(df))
    }
}
