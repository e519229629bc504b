//! Stage 6, analytics: the numbers behind every chart, as polars tables.
//!
//! Everything starts from one long frame, [`Facts`]: a row per (post,
//! target it names), with the post's day, ISO week, platform, author,
//! engagement, emotion and topic and the sentiment of the target's own
//! clause. Each chart's table is a polars group-by over it, written as
//! `tables/<chart>.csv`, so every number in the report traces back to a
//! file. Net sentiment is `(pos − neg) / (pos + neg)` with a 95 % Wilson
//! interval ([`stats`]).

pub mod misinfo;
pub mod stats;
pub mod window;

use crate::core::Scored;
use crate::sentiment::eval::{EMOTION, SENTIMENT};
use crate::topics::TopicModel;
use crate::util::round4;
use crate::watchlist::{TargetKind, Watchlists};
use anyhow::Result;
use polars::prelude::*;

pub use crate::core::days;

/// Days before and after an event compared in `events.csv`.
pub const EVENT_WINDOW_DAYS: i32 = 3;
/// Hashtags listed in `hashtags.csv`.
pub const TOP_HASHTAGS: usize = 30;
/// Targets a chart shows at most (the most named of the headline kind).
pub const MAX_CHART_TARGETS: usize = 8;

/// The long frame every aggregate is a group-by of.
pub struct Facts(pub DataFrame);

/// Per (post, target): the post's facts and the target's clause sentiment.
pub fn facts(scored: &[Scored], wl: &Watchlists, topics: Option<&TopicModel>) -> Result<Facts> {
    // The rows first — (post, mention) of each target's first mention in a
    // post — then each column built from them on its own, so no more than
    // one column's staging vector exists besides the frame (at millions of
    // mentions, staging every column at once was this stage's peak).
    let mut rows: Vec<(u32, u32)> = Vec::new();
    for (i, n) in scored.iter().map(|s| &s.notes).enumerate() {
        let mut seen: Vec<u32> = Vec::new();
        for (j, m) in n.mentions.iter().enumerate() {
            if !seen.contains(&m.target) {
                seen.push(m.target);
                rows.push((i as u32, j as u32));
            }
        }
    }
    fn column<T>(name: &str, rows: &[(u32, u32)], f: impl Fn(usize, usize) -> T) -> Column
    where
        Series: NamedFrom<Vec<T>, [T]>,
    {
        Column::new(name.into(), rows.iter().map(|&(i, j)| f(i as usize, j as usize)).collect::<Vec<T>>())
    }
    let (posts, notes) = (|i: usize| &scored[i].post, |i: usize| &scored[i].notes);
    let target = |i: usize, j: usize| &wl.targets[notes(i).mentions[j].target as usize];
    let verdict = |i: usize, j: usize| notes(i).sentiment.as_ref().and_then(|s| s.targets.get(j));
    let day = |i: usize| posts(i).created_at.map(days::of_secs);
    let df = DataFrame::new(
        rows.len(),
        vec![
            column("date", &rows, |i, _| day(i)).cast(&DataType::Date)?,
            column("week", &rows, |i, _| day(i).map(days::week)).cast(&DataType::Date)?,
            column("post", &rows, |i, _| i as u32),
            column("target_id", &rows, |i, j| target(i, j).id.as_str()),
            column("kind", &rows, |i, j| target(i, j).kind.as_str()),
            column("group", &rows, |i, j| target(i, j).group.as_deref()),
            column("platform", &rows, |i, _| posts(i).platform.as_str()),
            column("author", &rows, |i, _| posts(i).author.as_deref()),
            column("sentiment", &rows, |i, j| verdict(i, j).map(|v| SENTIMENT[v.label as usize])),
            column("score", &rows, |i, j| verdict(i, j).map(|v| v.score as f64)),
            column("emotion", &rows, |i, _| {
                notes(i).sentiment.as_ref().and_then(|s| s.emotion).map(|(e, _)| EMOTION[e as usize])
            }),
            column("engagement", &rows, |i, _| posts(i).engagement()),
            column("topic_id", &rows, |i, _| topics.and_then(|m| m.of(i)).map(|x| x.0)),
        ],
    )?;
    Ok(Facts(df))
}

fn count_label(label: &str) -> Expr {
    col("sentiment").eq(lit(label)).cast(DataType::UInt64).sum().alias(label)
}

/// 1.0 where the sentiment is `label`, else 0.0 (nulls too).
fn is(label: &str) -> Expr {
    col("sentiment").eq(lit(label)).cast(DataType::Float64).fill_null(lit(0.0))
}

/// Posts, unique authors and sentiment counts per `keys`.
fn volume(lf: LazyFrame, keys: &[&str]) -> LazyFrame {
    lf.group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg([
            col("post").n_unique().cast(DataType::UInt64).alias("posts"),
            col("author").drop_nulls().n_unique().cast(DataType::UInt64).alias("authors"),
            count_label("negative"),
            count_label("neutral"),
            count_label("positive"),
            // Engagement-weighted net: each opinionated post weighs 1 + its
            // likes, shares and comments.
            ((is("positive") - is("negative")) * (col("engagement").cast(DataType::Float64) + lit(1.0)))
                .sum()
                .alias("eng_net_num"),
            ((is("positive") + is("negative")) * (col("engagement").cast(DataType::Float64) + lit(1.0)))
                .sum()
                .alias("eng_net_den"),
        ])
        .sort(keys.iter().map(|k| k.to_string()).collect::<Vec<_>>(), SortMultipleOptions::default())
}

/// Adds `net`, `net_low`, `net_high` (95 % Wilson) and `net_engagement`
/// to a frame with positive/negative counts.
fn with_net(mut df: DataFrame) -> Result<DataFrame> {
    let pos: Vec<u64> = df.column("positive")?.u64()?.into_no_null_iter().collect();
    let neg: Vec<u64> = df.column("negative")?.u64()?.into_no_null_iter().collect();
    let (mut v, mut lo, mut hi) = (Vec::new(), Vec::new(), Vec::new());
    for (p, n) in pos.iter().zip(&neg) {
        let x = stats::net(*p, *n);
        v.push(x.map(|x| round4(x.0 as f32)));
        lo.push(x.map(|x| round4(x.1 as f32)));
        hi.push(x.map(|x| round4(x.2 as f32)));
    }
    let num: Vec<f64> = df.column("eng_net_num")?.f64()?.into_no_null_iter().collect();
    let den: Vec<f64> = df.column("eng_net_den")?.f64()?.into_no_null_iter().collect();
    let eng: Vec<Option<f64>> =
        num.iter().zip(&den).map(|(a, b)| (*b > 0.0).then(|| round4((a / b) as f32))).collect();
    df = df.drop_many(["eng_net_num", "eng_net_den"]);
    df.with_column(Column::new("net".into(), v))?;
    df.with_column(Column::new("net_low".into(), lo))?;
    df.with_column(Column::new("net_high".into(), hi))?;
    df.with_column(Column::new("net_engagement".into(), eng))?;
    Ok(df)
}

/// [`with_net`] for a frame without engagement sums.
fn with_net_plain(mut df: DataFrame) -> Result<DataFrame> {
    let n = df.height();
    df.with_column(Column::new("eng_net_num".into(), vec![0.0f64; n]))?;
    df.with_column(Column::new("eng_net_den".into(), vec![0.0f64; n]))?;
    let mut df = with_net(df)?;
    df = df.drop("net_engagement")?;
    Ok(df)
}

/// Adds `share_of_voice`: a target's posts over the posts of all targets of
/// its kind in the same `period` (candidates against candidates, pairs
/// against pairs, parties against parties).
fn with_share(df: DataFrame, period: Option<&str>) -> Result<DataFrame> {
    let mut keys = vec![col("kind")];
    if let Some(p) = period {
        keys.insert(0, col(p));
    }
    Ok(df
        .lazy()
        .with_column(
            (col("posts").cast(DataType::Float64) / col("posts").sum().over(keys)?.cast(DataType::Float64))
                .round(4, RoundMode::HalfToEven)
                .alias("share_of_voice"),
        )
        .collect()?)
}

/// Every table the report reads, a named field each (a misspelt table is a
/// compile error, not a chart that says "no data"). Each is written as
/// `tables/<field>.csv`.
pub struct Aggregates {
    pub sentiment_by_target: DataFrame,
    pub volume_daily: DataFrame,
    pub volume_weekly: DataFrame,
    pub group_daily: DataFrame,
    pub platform_target: DataFrame,
    pub platform_daily: DataFrame,
    pub events: DataFrame,
    /// Without topics (`[topics] enabled = false`): none.
    pub topic_target: Option<DataFrame>,
    pub emotion_target: DataFrame,
    pub issues_daily: DataFrame,
    pub hashtags: DataFrame,
    /// One row: what the summary says of the posts as a whole (counts,
    /// authors, the period, the busiest day); unknown is null, never 0.
    pub overview: DataFrame,
    /// The most engaged posts per charted target.
    pub top_posts: DataFrame,
    /// Per topic: posts and their post-level sentiment, with net.
    pub topic_sentiment: Option<DataFrame>,
    /// Targets the charts show, most named first.
    pub headline: Vec<String>,
    /// Issue targets, most named first.
    pub issues: Vec<String>,
    /// Claims, copy-paste clusters and the hoax vocabulary, over every
    /// post read (none with `[misinfo] enabled = false`).
    pub misinfo: Option<misinfo::MisinfoTables>,
}

impl Aggregates {
    /// The tables by file name, in the order they are written.
    pub fn tables(&self) -> Vec<(&'static str, &DataFrame)> {
        let mut v = vec![
            ("sentiment_by_target", &self.sentiment_by_target),
            ("volume_daily", &self.volume_daily),
            ("volume_weekly", &self.volume_weekly),
            ("group_daily", &self.group_daily),
            ("platform_target", &self.platform_target),
            ("platform_daily", &self.platform_daily),
            ("events", &self.events),
        ];
        if let Some(t) = &self.topic_target {
            v.push(("topic_target", t));
        }
        v.extend([
            ("emotion_target", &self.emotion_target),
            ("issues_daily", &self.issues_daily),
            ("hashtags", &self.hashtags),
            ("overview", &self.overview),
            ("top_posts", &self.top_posts),
        ]);
        if let Some(t) = &self.topic_sentiment {
            v.push(("topic_sentiment", t));
        }
        if let Some(m) = &self.misinfo {
            v.extend(m.tables());
        }
        v
    }

    /// The overview row's value of `column` (null → `None`).
    pub fn overview_u64(&self, column: &str) -> Option<u64> {
        self.overview.column(column).ok()?.cast(&DataType::UInt64).ok()?.u64().ok()?.get(0)
    }

    /// The overview row's day (days since 1970) in `column`.
    pub fn overview_day(&self, column: &str) -> Option<i32> {
        self.overview.column(column).ok()?.date().ok()?.physical().get(0)
    }
}

/// Posts listed per target in `top_posts`.
pub const TOP_POSTS: usize = 3;

/// Targets of `kind` by posts, most first (ties: watchlist order).
fn ranked(facts: &DataFrame, wl: &Watchlists, kind: TargetKind) -> Result<Vec<String>> {
    let ids = facts.column("target_id")?.str()?;
    let mut counts: Vec<(u64, usize, &str)> = wl
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == kind)
        .map(|(i, t)| (0, i, t.id.as_str()))
        .collect();
    for id in ids.iter().flatten() {
        if let Some(c) = counts.iter_mut().find(|c| c.2 == id) {
            c.0 += 1;
        }
    }
    counts.retain(|c| c.0 > 0);
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(counts.into_iter().map(|c| c.2.to_string()).collect())
}

/// All report tables from the posts a run kept (authors in `top_posts`
/// shown as `privacy` says).
pub fn aggregate(
    posts: &[Scored],
    wl: &Watchlists,
    topics: Option<&TopicModel>,
    privacy: &crate::core::Privacy,
) -> Result<Aggregates> {
    let Facts(f) = facts(posts, wl, topics)?;
    // The dated facts, filtered once (each query filtering them anew made
    // a copy of the facts per query); usually every post has a date.
    let dated = if f.column("date")?.null_count() == 0 {
        f.clone().lazy()
    } else {
        f.clone().lazy().filter(col("date").is_not_null()).collect()?.lazy()
    };
    let sentiment_by_target =
        with_share(with_net(volume(f.clone().lazy(), &["target_id", "kind"]).collect()?)?, None)?;
    let volume_daily = with_share(
        with_net(volume(dated.clone(), &["date", "target_id", "kind"]).collect()?)?,
        Some("date"),
    )?;
    let volume_weekly = with_share(
        with_net(volume(dated.clone(), &["week", "target_id", "kind"]).collect()?)?,
        Some("week"),
    )?;
    let group_daily =
        with_net(volume(dated.clone().filter(col("group").is_not_null()), &["date", "group"]).collect()?)?;
    let platform_target = with_net(volume(f.clone().lazy(), &["platform", "target_id"]).collect()?)?;
    let platform_daily = with_net(volume(dated.clone(), &["date", "platform", "target_id"]).collect()?)?;
    let topic_target = match topics {
        Some(_) => Some(
            f.clone()
                .lazy()
                .filter(col("topic_id").is_not_null())
                .group_by([col("topic_id"), col("target_id")])
                .agg([
                    col("post").n_unique().cast(DataType::UInt64).alias("posts"),
                    count_label("negative"),
                    count_label("neutral"),
                    count_label("positive"),
                ])
                .sort(["topic_id", "target_id"], SortMultipleOptions::default())
                .collect()?,
        ),
        None => None,
    };
    let emotion_target = f
        .clone()
        .lazy()
        .filter(col("emotion").is_not_null())
        .group_by([col("target_id"), col("emotion")])
        .agg([col("post").n_unique().cast(DataType::UInt64).alias("posts")])
        .sort(["target_id", "emotion"], SortMultipleOptions::default())
        .collect()?;
    let issue = volume(dated.filter(col("kind").eq(lit("issue"))), &["date", "target_id"]).collect()?;
    let headline = {
        // Candidates when at least two are named, else tickets.
        let candidates = ranked(&f, wl, TargetKind::Candidate)?;
        let mut h = if candidates.len() >= 2 { candidates } else { ranked(&f, wl, TargetKind::Pair)? };
        h.truncate(MAX_CHART_TARGETS);
        h
    };
    let mut issues = ranked(&f, wl, TargetKind::Issue)?;
    issues.truncate(MAX_CHART_TARGETS);
    Ok(Aggregates {
        events: events(&f, wl)?,
        sentiment_by_target,
        volume_daily,
        volume_weekly,
        group_daily,
        platform_target,
        platform_daily,
        topic_target,
        emotion_target,
        issues_daily: with_net(issue)?,
        hashtags: hashtags(posts)?,
        overview: overview(posts)?,
        top_posts: top_posts(posts, wl, &headline, privacy)?,
        topic_sentiment: topics.map(|m| topic_sentiment(m, posts)).transpose()?,
        headline,
        issues,
        misinfo: None,
    })
}

/// The `overview` row: posts covered, those naming a target, their
/// authors (null when no such post has an author: the export has none),
/// their dated share, period and busiest day (null without dates).
fn overview(posts: &[Scored]) -> Result<DataFrame> {
    let matched: Vec<&Scored> = posts.iter().filter(|s| s.notes.matched()).collect();
    let mut authors: Vec<&str> = matched.iter().filter_map(|s| s.post.author.as_deref()).collect();
    let without_author = matched.iter().filter(|s| s.post.author.is_none()).count() as u64;
    authors.sort_unstable();
    authors.dedup();
    let mut per_day: std::collections::BTreeMap<i32, u64> = Default::default();
    for t in matched.iter().filter_map(|s| s.post.created_at) {
        *per_day.entry(days::of_secs(t)).or_insert(0) += 1;
    }
    let dated: u64 = per_day.values().sum();
    // The busiest day; ties go to the earliest.
    let busiest = per_day.iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)));
    let day = |d: Option<i32>| Column::new("".into(), [d]).cast(&DataType::Date);
    let named = |c: Column, n: &str| c.with_name(n.into());
    Ok(DataFrame::new(
        1,
        vec![
            Column::new("posts".into(), [posts.len() as u64]),
            Column::new("posts_naming_a_target".into(), [matched.len() as u64]),
            Column::new(
                "authors".into(),
                [(matched.len() as u64 > without_author).then_some(authors.len() as u64)],
            ),
            Column::new("posts_without_author".into(), [without_author]),
            Column::new("dated_posts".into(), [dated]),
            named(day(per_day.keys().next().copied())?, "first_day"),
            named(day(per_day.keys().next_back().copied())?, "last_day"),
            named(day(busiest.map(|b| *b.0))?, "busiest_day"),
            Column::new("busiest_day_posts".into(), [busiest.map(|b| *b.1)]),
        ],
    )?)
}

/// `top_posts`: per charted target, its most engaged posts (ties: the
/// earlier in output order), authors as `privacy` shows them.
fn top_posts(
    posts: &[Scored],
    wl: &Watchlists,
    headline: &[String],
    privacy: &crate::core::Privacy,
) -> Result<DataFrame> {
    let (mut target, mut rank, mut post_id, mut text, mut author, mut platform, mut date, mut engagement) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for tid in headline {
        let Some(ti) = wl.targets.iter().position(|x| &x.id == tid) else { continue };
        let mut idx: Vec<usize> = (0..posts.len())
            .filter(|&i| posts[i].notes.mentions.iter().any(|m| m.target as usize == ti))
            .collect();
        let eng = |i: usize| posts[i].post.engagement();
        idx.sort_by(|&x, &y| eng(y).cmp(&eng(x)).then(x.cmp(&y)));
        for (r, &i) in idx.iter().take(TOP_POSTS).enumerate() {
            let p = &posts[i].post;
            target.push(tid.clone());
            rank.push(r as u32 + 1);
            post_id.push(p.post_id.clone());
            text.push(p.text.clone());
            author.push(p.author.as_deref().map(|a| {
                if privacy.pseudonymise { crate::core::pseudonym(&privacy.salt, a) } else { a.to_string() }
            }));
            platform.push(p.platform.as_str());
            date.push(p.created_at.map(days::of_secs));
            engagement.push(eng(i));
        }
    }
    Ok(DataFrame::new(
        target.len(),
        vec![
            Column::new("target_id".into(), target),
            Column::new("rank".into(), rank),
            Column::new("post_id".into(), post_id),
            Column::new("author_hash".into(), author),
            Column::new("platform".into(), platform),
            Column::new("date".into(), date).cast(&DataType::Date)?,
            Column::new("engagement".into(), engagement),
            Column::new("text".into(), text),
        ],
    )?)
}

/// `topic_sentiment`: per topic (in the model's order), its posts and
/// their post-level sentiment, with net sentiment and its interval.
fn topic_sentiment(model: &TopicModel, posts: &[Scored]) -> Result<DataFrame> {
    let counts = model.sentiment_counts(posts);
    let df = DataFrame::new(
        model.topics.len(),
        vec![
            Column::new("topic_id".into(), model.topics.iter().map(|t| t.id).collect::<Vec<u32>>()),
            Column::new("label".into(), model.topics.iter().map(|t| t.label.as_str()).collect::<Vec<_>>()),
            Column::new("posts".into(), model.topics.iter().map(|t| t.size as u64).collect::<Vec<u64>>()),
            Column::new("negative".into(), counts.iter().map(|c| c[0]).collect::<Vec<u64>>()),
            Column::new("neutral".into(), counts.iter().map(|c| c[1]).collect::<Vec<u64>>()),
            Column::new("positive".into(), counts.iter().map(|c| c[2]).collect::<Vec<u64>>()),
        ],
    )?;
    with_net_plain(df)
}

/// Net sentiment per target in the `EVENT_WINDOW_DAYS` before each event
/// and from its day on, with the change and its interval.
fn events(f: &DataFrame, wl: &Watchlists) -> Result<DataFrame> {
    let date = f.column("date")?.date()?.physical().clone();
    let target = f.column("target_id")?.str()?.clone();
    let sent = f.column("sentiment")?.str()?.clone();
    let mut ids: Vec<&str> = target.iter().flatten().collect();
    ids.sort_unstable();
    ids.dedup();
    // Each dated row once: (day, index into `ids`, +1 / −1 / 0).
    let rows: Vec<(i32, usize, i8)> = (0..f.height())
        .filter_map(|i| {
            let (d, t) = (date.get(i)?, target.get(i)?);
            let s = match sent.get(i) {
                Some("positive") => 1,
                Some("negative") => -1,
                _ => 0,
            };
            Some((d, ids.binary_search(&t).ok()?, s))
        })
        .collect();
    #[derive(Default)]
    struct Row {
        event_date: Vec<i32>,
        label: Vec<String>,
        target: Vec<String>,
        before: Vec<u64>,
        after: Vec<u64>,
        net_before: Vec<Option<f64>>,
        net_after: Vec<Option<f64>>,
        change: Vec<Option<f64>>,
        low: Vec<Option<f64>>,
        high: Vec<Option<f64>>,
    }
    let mut r = Row::default();
    for e in &wl.events {
        let day = days::of_date(e.date);
        // Per target: (posts, pos, neg) before and after.
        let mut counts = vec![[[0u64; 3]; 2]; ids.len()];
        for &(d, t, s) in
            rows.iter().filter(|r| r.0 >= day - EVENT_WINDOW_DAYS && r.0 < day + EVENT_WINDOW_DAYS)
        {
            let side = &mut counts[t][(d >= day) as usize];
            side[0] += 1;
            match s {
                1 => side[1] += 1,
                -1 => side[2] += 1,
                _ => {}
            }
        }
        for (id, c) in ids.iter().zip(&counts) {
            if c[0][0] + c[1][0] == 0 {
                continue;
            }
            let nb = stats::net(c[0][1], c[0][2]);
            let na = stats::net(c[1][1], c[1][2]);
            let ch = stats::net_change(c[0][1], c[0][2], c[1][1], c[1][2]);
            let r4 = |x: f64| round4(x as f32);
            r.event_date.push(day);
            r.label.push(e.label.clone());
            r.target.push(id.to_string());
            r.before.push(c[0][0]);
            r.after.push(c[1][0]);
            r.net_before.push(nb.map(|x| r4(x.0)));
            r.net_after.push(na.map(|x| r4(x.0)));
            r.change.push(ch.map(|x| r4(x.0)));
            r.low.push(ch.map(|x| r4(x.1)));
            r.high.push(ch.map(|x| r4(x.2)));
        }
    }
    Ok(DataFrame::new(
        r.event_date.len(),
        vec![
            Column::new("event_date".into(), r.event_date).cast(&DataType::Date)?,
            Column::new("event".into(), r.label),
            Column::new("target_id".into(), r.target),
            Column::new("posts_before".into(), r.before),
            Column::new("posts_after".into(), r.after),
            Column::new("net_before".into(), r.net_before),
            Column::new("net_after".into(), r.net_after),
            Column::new("change".into(), r.change),
            Column::new("change_low".into(), r.low),
            Column::new("change_high".into(), r.high),
        ],
    )?)
}

/// The most used hashtags (lower-cased), by posts using them.
fn hashtags(posts: &[Scored]) -> Result<DataFrame> {
    let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
    let mut seen: Vec<String> = Vec::new();
    for p in posts {
        crate::text::links::hashtags(&p.post.text, &mut seen);
        for t in seen.drain(..) {
            *counts.entry(t).or_insert(0) += 1;
        }
    }
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(TOP_HASHTAGS);
    Ok(DataFrame::new(
        v.len(),
        vec![
            Column::new("hashtag".into(), v.iter().map(|x| format!("#{}", x.0)).collect::<Vec<_>>()),
            Column::new("posts".into(), v.iter().map(|x| x.1).collect::<Vec<u64>>()),
        ],
    )?)
}
