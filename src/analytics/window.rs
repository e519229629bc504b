//! `[report] window`: the aggregates and the report over the last days of
//! the data (the posts and mentions tables keep every post).

use crate::core::{Scored, days};
use crate::topics::TopicModel;
use serde::Serialize;

/// A rolling report window: the last `days` days of the data, ending on
/// the day of its latest post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportWindow {
    pub days: u32,
    pub from: String,
    pub to: String,
    /// Posts inside it (undated posts are outside every window).
    pub posts: u64,
}

/// A rolling report window over the posts.
pub struct Window {
    /// Day numbers (`analytics::days`), inclusive.
    first: i32,
    last: i32,
    pub report: ReportWindow,
}

impl Window {
    /// The last `days` days of the data, ending on its latest post's day
    /// (never the clock: the same data gives the same window).
    pub fn of(posts: &[Scored], days: u32) -> Window {
        let last = posts.iter().filter_map(|s| s.post.created_at).max().map(days::of_secs).unwrap_or(0);
        let first = last - days as i32 + 1;
        let inside = posts
            .iter()
            .filter(|s| s.post.created_at.is_some_and(|t| (first..=last).contains(&days::of_secs(t))))
            .count() as u64;
        let report = ReportWindow {
            days,
            from: days::date(first).to_string(),
            to: days::date(last).to_string(),
            posts: inside,
        };
        Window { first, last, report }
    }

    /// The posts inside, and the topic model's assignments narrowed to
    /// them.
    pub fn select(&self, posts: &[Scored], topics: Option<&TopicModel>) -> (Vec<Scored>, Option<TopicModel>) {
        let idx: Vec<usize> = (0..posts.len())
            .filter(|&i| {
                posts[i].post.created_at.is_some_and(|t| (self.first..=self.last).contains(&days::of_secs(t)))
            })
            .collect();
        let topics = topics.map(|t| TopicModel {
            topics: t.topics.clone(),
            assignment: idx.iter().map(|&i| t.assignment[i]).collect(),
            report: t.report.clone(),
        });
        (idx.iter().map(|&i| posts[i].clone()).collect(), topics)
    }
}
