//! The drawing of the accounts that acted together: the largest clusters,
//! each in a cell of a grid, its accounts placed by a force-directed
//! layout (Fruchterman–Reingold) that starts from a circle in the
//! accounts' order and runs a fixed number of steps — no randomness, so
//! the same clusters give the same picture.

use super::charts::{NetNode, PALETTE};
use crate::coordination::Coordination;

/// Clusters drawn at most, and accounts in all of them.
pub const MAX_CLUSTERS: usize = 9;
pub const MAX_NODES: usize = 240;

/// Positions in [0, 1]² for `n` nodes linked by `edges` (weights summed).
pub fn layout(n: usize, edges: &[(usize, usize, f64)]) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.5, 0.5)];
    }
    let mut p: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            (0.5 + 0.4 * a.cos(), 0.5 + 0.4 * a.sin())
        })
        .collect();
    let k = (1.0 / n as f64).sqrt();
    let top = edges.iter().map(|e| e.2).fold(0.0f64, f64::max).max(1e-9);
    const STEPS: usize = 200;
    for step in 0..STEPS {
        let temp = 0.1 * (1.0 - step as f64 / STEPS as f64) + 0.002;
        let mut d = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (p[i].0 - p[j].0, p[i].1 - p[j].1);
                let dist = (dx * dx + dy * dy).sqrt().max(1e-4);
                let f = k * k / dist;
                d[i].0 += dx / dist * f;
                d[i].1 += dy / dist * f;
                d[j].0 -= dx / dist * f;
                d[j].1 -= dy / dist * f;
            }
        }
        for &(a, b, w) in edges {
            let (dx, dy) = (p[a].0 - p[b].0, p[a].1 - p[b].1);
            let dist = (dx * dx + dy * dy).sqrt().max(1e-4);
            let f = dist * dist / k * (0.5 + w / top);
            d[a].0 -= dx / dist * f;
            d[a].1 -= dy / dist * f;
            d[b].0 += dx / dist * f;
            d[b].1 += dy / dist * f;
        }
        for i in 0..n {
            let len = (d[i].0 * d[i].0 + d[i].1 * d[i].1).sqrt().max(1e-9);
            let m = len.min(temp);
            p[i].0 += d[i].0 / len * m;
            p[i].1 += d[i].1 / len * m;
        }
    }
    // Fit into the unit square, keeping the aspect.
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &p {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let span = (x1 - x0).max(y1 - y0).max(1e-9);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    p.iter().map(|&(x, y)| (0.5 + (x - cx) / span, 0.5 + (y - cy) / span)).collect()
}

/// The drawing's nodes, edges and cluster labels for the largest clusters
/// (`cluster_word` is "Kelompok"/"Cluster").
#[allow(clippy::type_complexity)]
pub fn drawing(
    c: &Coordination,
    cluster_word: &str,
) -> (Vec<NetNode>, Vec<(usize, usize, f64)>, Vec<(String, (f64, f64), plotters::style::RGBColor)>) {
    let mut shown: Vec<u32> = Vec::new();
    let mut total = 0;
    for cl in &c.clusters {
        if shown.len() == MAX_CLUSTERS || (total + cl.accounts as usize > MAX_NODES && !shown.is_empty()) {
            break;
        }
        total += cl.accounts as usize;
        shown.push(cl.cluster_id);
    }
    let cols = (shown.len() as f64).sqrt().ceil().max(1.0) as usize;
    let rows = shown.len().div_ceil(cols).max(1);
    let (mut nodes, mut edges, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    for (slot, &id) in shown.iter().enumerate() {
        let members: Vec<usize> =
            (0..c.accounts.len()).filter(|&i| c.accounts[i].cluster_id == id).take(MAX_NODES).collect();
        let local = |i: u32| members.binary_search(&(i as usize)).ok();
        // Pairs' weights summed over kinds.
        let mut inner: Vec<(usize, usize, f64)> = Vec::new();
        for e in &c.edges {
            if let (Some(a), Some(b)) = (local(e.a), local(e.b)) {
                match inner.iter_mut().find(|x| (x.0, x.1) == (a, b)) {
                    Some(x) => x.2 += e.weight,
                    None => inner.push((a, b, e.weight)),
                }
            }
        }
        let pos = layout(members.len(), &inner);
        let (cx, cy) = ((slot % cols) as f64, (slot / cols) as f64);
        let (cw, ch) = (1.0 / cols as f64, 1.0 / rows as f64);
        // Room for the label above each cell's drawing.
        let (mx, my_top, my_bottom) = (0.12 * cw, 0.22 * ch, 0.06 * ch);
        let color = PALETTE[(id as usize - 1) % PALETTE.len()];
        let base = nodes.len();
        for (k, &i) in members.iter().enumerate() {
            let a = &c.accounts[i];
            nodes.push(NetNode {
                cluster: id,
                account: a.account.clone(),
                posts: a.posts,
                x: cx * cw + mx + pos[k].0 * (cw - 2.0 * mx),
                y: cy * ch + my_top + pos[k].1 * (ch - my_top - my_bottom),
                color,
            });
        }
        edges.extend(inner.into_iter().map(|(a, b, w)| (base + a, base + b, w)));
        labels.push((format!("{cluster_word} {id}"), (cx * cw + cw / 2.0, cy * ch + my_top * 0.7), color));
    }
    (nodes, edges, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_are_the_same_every_time_and_fill_the_square() {
        let edges: Vec<(usize, usize, f64)> = (0..6).map(|i| (i, (i + 1) % 7, 1.0)).collect();
        let a = layout(7, &edges);
        assert_eq!(a, layout(7, &edges));
        assert!(a.iter().all(|p| (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1)));
        // Nodes do not collapse onto each other.
        for i in 0..7 {
            for j in i + 1..7 {
                let d = ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
                assert!(d > 0.05, "{i} {j} {d}");
            }
        }
    }
}
