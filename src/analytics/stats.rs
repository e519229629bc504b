//! Intervals for proportions and for net sentiment.
//!
//! Net sentiment is `(pos − neg) / (pos + neg) = 2p − 1` with
//! `p = pos / (pos + neg)`, so its interval is the Wilson score interval of
//! `p` mapped through `2p − 1`; a change between two periods is `2(p₂ − p₁)`
//! with Newcombe's hybrid score interval (method 10) for `p₂ − p₁`. Both
//! stay inside their ranges and behave at 0 and n, unlike the Wald interval.

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Wilson score interval of `k` successes in `n` trials; `None` when n = 0.
pub fn wilson(k: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Net sentiment of `pos` and `neg` posts with its 95 % interval.
pub fn net(pos: u64, neg: u64) -> Option<(f64, f64, f64)> {
    let n = pos + neg;
    let (lo, hi) = wilson(pos, n, Z95)?;
    Some(((pos as f64 - neg as f64) / n as f64, 2.0 * lo - 1.0, 2.0 * hi - 1.0))
}

/// Change in net sentiment from period 1 to period 2, with Newcombe's 95 %
/// interval; `None` when either period has no opinionated post.
pub fn net_change(pos1: u64, neg1: u64, pos2: u64, neg2: u64) -> Option<(f64, f64, f64)> {
    let (n1, n2) = (pos1 + neg1, pos2 + neg2);
    let (l1, u1) = wilson(pos1, n1, Z95)?;
    let (l2, u2) = wilson(pos2, n2, Z95)?;
    let (p1, p2) = (pos1 as f64 / n1 as f64, pos2 as f64 / n2 as f64);
    let d = p2 - p1;
    let lo = d - ((p2 - l2).powi(2) + (u1 - p1).powi(2)).sqrt();
    let hi = d + ((u2 - p2).powi(2) + (p1 - l1).powi(2)).sqrt();
    Some((2.0 * d, 2.0 * lo, 2.0 * hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_values() {
        // Newcombe (1998), table I: 81/263 → 0.2553–0.3662.
        let (lo, hi) = wilson(81, 263, Z95).unwrap();
        assert!((lo - 0.2553).abs() < 1e-4 && (hi - 0.3662).abs() < 1e-4, "{lo} {hi}");
        // 0/10 → 0–0.2775 (same table).
        let (lo, hi) = wilson(0, 10, Z95).unwrap();
        assert!(lo == 0.0 && (hi - 0.2775).abs() < 1e-4, "{hi}");
        assert_eq!(wilson(0, 0, Z95), None);
    }

    #[test]
    fn newcombe_difference_matches_published_values() {
        // Newcombe (1998b), example (a): 56/70 vs 48/80 → difference
        // 0.2000, method 10 interval 0.0524–0.3339.
        let (d, lo, hi) = net_change(48, 32, 56, 14).unwrap();
        assert!((d / 2.0 - 0.2).abs() < 1e-9);
        assert!((lo / 2.0 - 0.0524).abs() < 1e-4 && (hi / 2.0 - 0.3339).abs() < 1e-4, "{lo} {hi}");
    }

    #[test]
    fn net_is_bounded_and_centred() {
        let (v, lo, hi) = net(30, 10).unwrap();
        assert!((v - 0.5).abs() < 1e-12 && lo < v && v < hi && lo > -1.0 && hi < 1.0);
        let (v, lo, hi) = net(5, 0).unwrap();
        assert!(v == 1.0 && hi == 1.0 && lo > 0.0);
        assert_eq!(net(0, 0), None);
    }
}
