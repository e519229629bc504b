//! Bursts: the hours in which a series (a target, a hashtag, a claim) ran
//! far above its own baseline. The baseline of an hour is the median of
//! the same hour on the previous `days` days (at least `min_days` of them
//! inside the data), so a daily rhythm — quiet nights, busy evenings — is
//! not a burst; its spread is 1.4826 × the median absolute deviation of
//! those days, never less than √baseline (Poisson noise) or 1, and an
//! hour's score is (posts − baseline) / spread.
//!
//! Consecutive hours scoring at least `ENTRY` (2) form a run, whose
//! evidence is pooled — the run's score is its summed excess over the
//! root of its summed squared spreads — so that three hours at three
//! times the usual are found although none alone is extreme. A run is a
//! burst when its score reaches `score`, it holds `min_posts` posts or
//! more, and `min_ratio` times its baseline.

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
    /// Its score: summed excess over the root of summed squared spreads.
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

/// The score an hour needs to open or extend a run.
pub const ENTRY: f64 = 2.0;

/// The bursts of one series.
pub fn detect(
    series: &str,
    kind: SeriesKind,
    counts: &[(i64, u64)],
    first: i64,
    s: &BurstSettings,
) -> Vec<Burst> {
    // Runs of consecutive hours at ENTRY or above: (start, end, posts,
    // baseline, excess, squared spreads).
    let mut runs: Vec<(i64, i64, u64, f64, f64, f64)> = Vec::new();
    for &(h, c) in counts {
        let Some((base, score)) = score_hour(counts, h, first, s) else { continue };
        if score < ENTRY {
            continue;
        }
        let spread = (c as f64 - base) / score;
        match runs.last_mut() {
            Some(r) if r.1 == h => {
                r.1 = h + 1;
                r.2 += c;
                r.3 += base;
                r.4 += c as f64 - base;
                r.5 += spread * spread;
            }
            _ => runs.push((h, h + 1, c, base, c as f64 - base, spread * spread)),
        }
    }
    runs.into_iter()
        .filter_map(|(start, end, posts, baseline, excess, var)| {
            let score = excess / var.sqrt();
            (score >= s.score && posts >= s.min_posts && posts as f64 >= s.min_ratio * baseline)
                .then(|| Burst { series: series.to_string(), kind, start, end, posts, baseline, score })
        })
        .collect()
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
