//! The window: how close in time two accounts' acts must be to count as
//! acting together. `window = "auto"` estimates it from the data the way
//! CooRnet's `estimate_coord_interval` does — among the objects, take the
//! quickest share `q` by the delay between the first and the second
//! account; for each, the time from its first act until more than a share
//! `p` of its accounts had acted; the window is the median of those times,
//! clamped to `[min, max]` — over the objects that accounts pushed
//! together repeatedly.
//!
//! Over *every* shared object, CooRnet's estimate follows the crowd: on
//! data where a few groups act among thousands of ordinary accounts, the
//! quickest tenth of objects is mostly popular posts and news whose second
//! share came fast by chance, and the median time to half their shares is
//! hours (7,406 s on the development set, whose groups act within 60 s).
//! So the objects are first narrowed to those behind the edges found with
//! the widest window (`max`) among uncommon objects (done by at most
//! `2 × crowd` accounts): the quick re-shares that repeat. Only when there
//! are none is every shared object used. `p` is 0.9 rather than CooRnet's
//! 0.5: the window must hold nearly all of a push's shares — with half,
//! a quarter of the pairs of a group posting within D seconds of each
//! other fall outside it.

use super::network::Entries;
use serde::Serialize;

/// How the window was set, for the manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowReport {
    /// The window in force, seconds.
    pub seconds: u32,
    /// "auto" (estimated) or "fixed" (from the config).
    pub method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
}

/// What the estimate saw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Which objects: "repeated" (behind the edges found with the widest
    /// window) or "all" (every shared object: no edge was found).
    pub basis: &'static str,
    /// Objects at least two accounts did, of that basis.
    pub objects: u64,
    /// The quickest fraction of them, by first-to-second delay.
    pub quickest_share: f64,
    /// Objects in that fraction.
    pub quickest: u64,
    /// The delay that bounds the quickest fraction, seconds.
    pub quickest_delay_s: u32,
    /// Share of an object's accounts that must have acted.
    pub share: f64,
    /// The median time to that share, before clamping (none without
    /// shared objects).
    pub median_s: Option<f64>,
    pub min_s: u32,
    pub max_s: u32,
    /// The median fell outside `[min_s, max_s]`.
    pub clamped: bool,
}

/// R's default quantile (type 7) of sorted values.
fn quantile(sorted: &[u32], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] as f64 + (h - lo as f64) * (sorted[hi] as f64 - sorted[lo] as f64)
}

fn median(sorted: &[u32]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 { sorted[n / 2] as f64 } else { (sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0 }
}

/// Estimates the window (see the module's docs).
pub fn estimate(entries: &Entries, s: &super::CoordinationSettings) -> (u32, Estimate) {
    let (q, p, min, max) = (s.estimate_quickest, s.estimate_share, s.window_min, s.window_max);
    let uncommon = super::CoordinationSettings { max_crowd: 2 * s.crowd, ..s.clone() };
    let wide = super::network::build(entries, &uncommon, max);
    let repeated: crate::util::FxHashSet<u64> =
        wide.edges.iter().flat_map(|e| e.evidence.iter().map(|c| c.object)).collect();
    if repeated.is_empty() {
        coornet(entries, q, p, min, max, None)
    } else {
        coornet(entries, q, p, min, max, Some(&repeated))
    }
}

/// CooRnet's estimate over the objects in `only` (every object if none).
pub fn coornet(
    entries: &Entries,
    q: f64,
    p: f64,
    min: u32,
    max: u32,
    only: Option<&crate::util::FxHashSet<u64>>,
) -> (u32, Estimate) {
    // Per object: (first-to-second delay, time to more than p of its
    // accounts), over each account's first act.
    let mut seen: Vec<u32> = Vec::new();
    let mut firsts: Vec<u32> = Vec::new();
    let mut rows: Vec<(u32, u32)> = Vec::new();
    for (s, e) in entries.groups() {
        let g = &entries.list[s as usize..e as usize];
        if only.is_some_and(|o| !o.contains(&g[0].object)) {
            continue;
        }
        seen.clear();
        firsts.clear();
        for x in g {
            if !seen.contains(&x.account) {
                seen.push(x.account);
                firsts.push(x.time);
            }
            // Very large crowds: the first thousand accounts tell the speed.
            if seen.len() >= 1000 {
                break;
            }
        }
        let n = firsts.len();
        if n < 2 {
            continue;
        }
        let rank = ((p * n as f64).floor() as usize).min(n - 1);
        rows.push((firsts[1] - firsts[0], firsts[rank] - firsts[0]));
    }
    let mut report = Estimate {
        basis: if only.is_some() { "repeated" } else { "all" },
        objects: rows.len() as u64,
        quickest_share: q,
        quickest: 0,
        quickest_delay_s: 0,
        share: p,
        median_s: None,
        min_s: min,
        max_s: max,
        clamped: false,
    };
    if rows.is_empty() {
        // Nothing was shared twice: nothing to link, whatever the window.
        return (min, report);
    }
    let mut delays: Vec<u32> = rows.iter().map(|r| r.0).collect();
    delays.sort_unstable();
    let bound = quantile(&delays, q);
    let mut times: Vec<u32> = rows.iter().filter(|r| r.0 as f64 <= bound).map(|r| r.1).collect();
    times.sort_unstable();
    let m = median(&times);
    report.quickest = times.len() as u64;
    report.quickest_delay_s = bound.floor() as u32;
    report.median_s = Some(m);
    let w = m.round().clamp(min as f64, max as f64) as u32;
    report.clamped = m < min as f64 || m > max as f64;
    (w, report)
}

#[cfg(test)]
mod tests {
    use super::super::network::Entry;
    use super::*;

    #[test]
    fn quantiles_follow_r() {
        // quantile(c(1, 2, 3, 4, 10), 0.1) = 1.4 in R; median(c(1,2,3,4)) = 2.5.
        assert!((quantile(&[1, 2, 3, 4, 10], 0.1) - 1.4).abs() < 1e-9);
        assert_eq!(median(&[1, 2, 3, 4]), 2.5);
    }

    #[test]
    fn the_quickest_objects_set_the_window() {
        // Ten fast objects (accounts 0.. act 0, 10, 20 … 90 s after the
        // first) and ninety slow ones (an hour apart).
        let mut list = Vec::new();
        for o in 0..100u64 {
            let step = if o < 10 { 10 } else { 3600 };
            for a in 0..10u32 {
                list.push(Entry { object: o, time: 1_000_000 + a * step, account: a, row: 0 });
            }
        }
        list.sort();
        let entries = Entries { list, accounts: (0..10).collect() };
        let (w, r) = coornet(&entries, 0.1, 0.5, 1, 86_400, None);
        // More than half of ten accounts: the sixth, 50 s after the first.
        assert_eq!((w, r.objects, r.quickest), (50, 100, 10));
        let (w, r) = coornet(&entries, 0.1, 0.5, 60, 600, None);
        assert!(r.clamped);
        assert_eq!(w, 60);
    }
}
