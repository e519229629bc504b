//! Bursts: the hours in which a series (a target, a hashtag, a claim) ran
//! far above its own baseline. The baseline of an hour is the median of
//! the same hour on the previous `days` days (at least `min_days` of them
//! inside the data), so a daily rhythm — quiet nights, busy evenings — is
//! not a burst. An hour is a burst hour when
//!
//! * it holds at least `min_posts` posts,
//! * at least `min_ratio` times its baseline, and
//! * its robust score, (posts − baseline) / spread, is at least `score`,
//!   the spread being 1.4826 × the median absolute deviation of those
//!   days, and never less than √baseline (Poisson noise) or 1.
//!
//! Consecutive burst hours are one burst.

use serde::Serialize;

/// Checked burst settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BurstSettings {
    pub score: f64,
    pub min_posts: u64,
    pub min_ratio: f64,
    pub days: u32,
    pub min_days: u32,
}

impl Default for BurstSettings {
    fn default() -> Self {
        BurstSettings { score: 5.0, min_posts: 10, min_ratio: 2.0, days: 7, min_days: 3 }
    }
}

/// What a series is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesKind {
    Target,
    Hashtag,
    Claim,
}

impl SeriesKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SeriesKind::Target => "target",
            SeriesKind::Hashtag => "hashtag",
            SeriesKind::Claim => "claim",
        }
    }
}

/// One burst of one series.
#[derive(Debug, Clone, PartialEq)]
pub struct Burst {
    pub series: String,
    pub kind: SeriesKind,
    /// First hour (hours since 1970, UTC).
    pub start: i64,
    /// The hour after the last (exclusive).
    pub end: i64,
    pub posts: u64,
    /// Summed baseline of its hours.
    pub baseline: f64,
    /// Its highest hour's score.
    pub score: f64,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// The baseline and score of hour `h` in an hourly series (`counts`:
/// (hour, posts) ascending, hours without posts absent), whose data
/// begins at `first`; `None` without enough previous days.
pub fn score_hour(counts: &[(i64, u64)], h: i64, first: i64, s: &BurstSettings) -> Option<(f64, f64)> {
    let at = |hour: i64| counts.binary_search_by_key(&hour, |x| x.0).map_or(0, |i| counts[i].1);
    let mut past: Vec<f64> =
        (1..=s.days as i64).map(|k| h - 24 * k).filter(|&x| x >= first).map(|x| at(x) as f64).collect();
    if past.len() < s.min_days as usize {
        return None;
    }
    let base = median(&mut past);
    let mut dev: Vec<f64> = past.iter().map(|x| (x - base).abs()).collect();
    let mad = median(&mut dev);
    let spread = (1.4826 * mad).max(base.sqrt()).max(1.0);
    Some((base, (at(h) as f64 - base) / spread))
}

/// The bursts of one series.
pub fn detect(
    series: &str,
    kind: SeriesKind,
    counts: &[(i64, u64)],
    first: i64,
    s: &BurstSettings,
) -> Vec<Burst> {
    let mut out: Vec<Burst> = Vec::new();
    for &(h, c) in counts.iter().filter(|x| x.1 >= s.min_posts) {
        let Some((base, score)) = score_hour(counts, h, first, s) else { continue };
        if score < s.score || (c as f64) < s.min_ratio * base {
            continue;
        }
        match out.last_mut() {
            Some(b) if b.end == h => {
                b.end = h + 1;
                b.posts += c;
                b.baseline += base;
                b.score = b.score.max(score);
            }
            _ => out.push(Burst {
                series: series.to_string(),
                kind,
                start: h,
                end: h + 1,
                posts: c,
                baseline: base,
                score,
            }),
        }
    }
    out
}

/// Hourly counts from (hour) values: sorted (hour, posts).
pub fn hourly(mut hours: Vec<i64>) -> Vec<(i64, u64)> {
    hours.sort_unstable();
    let mut out: Vec<(i64, u64)> = Vec::new();
    for h in hours {
        match out.last_mut() {
            Some(x) if x.0 == h => x.1 += 1,
            _ => out.push((h, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_daily_rhythm_is_no_burst_but_a_surge_is() {
        // Evenings at 60 posts, nights at 5, for two weeks; then one
        // night hour at 60.
        let mut counts = Vec::new();
        for d in 0..14i64 {
            for h in 0..24i64 {
                let c = if (18..23).contains(&h) { 60 } else { 5 };
                counts.push((d * 24 + h, c));
            }
        }
        let s = BurstSettings::default();
        assert!(detect("x", SeriesKind::Target, &counts, 0, &s).is_empty());
        counts[10 * 24 + 3].1 = 60;
        counts[10 * 24 + 4].1 = 40;
        let b = detect("x", SeriesKind::Target, &counts, 0, &s);
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].start, b[0].end, b[0].posts), (243, 245, 100));
        assert_eq!(b[0].baseline, 10.0);
        // The first days have no baseline: never a burst.
        counts[24 + 3].1 = 500;
        assert_eq!(detect("x", SeriesKind::Target, &counts, 0, &s).len(), 1);
    }

    #[test]
    fn hourly_counts() {
        assert_eq!(hourly(vec![5, 3, 5, 5]), vec![(3, 1), (5, 3)]);
    }
}
