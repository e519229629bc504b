//! Clusters of linked accounts: the connected components of the network
//! (all kinds together, an account pair's weights summed), each component
//! larger than `split_above` accounts split into communities by Louvain's
//! method when the split is clear (modularity at least `min_modularity`).
//! Everything runs in a fixed order (accounts by pseudonym, ties to the
//! lower community), so the same network gives the same clusters.

use crate::util::FxHashMap;

/// An undirected weighted graph over `n` nodes.
pub struct Graph {
    pub n: usize,
    /// Per node, (neighbour, weight), neighbours ascending.
    pub adj: Vec<Vec<(u32, f64)>>,
}

impl Graph {
    /// From (a, b, weight) edges (several between one pair are summed, in
    /// the order given).
    pub fn new(n: usize, edges: impl IntoIterator<Item = (u32, u32, f64)>) -> Graph {
        let mut maps: Vec<FxHashMap<u32, f64>> = vec![FxHashMap::default(); n];
        for (a, b, w) in edges {
            if a == b {
                continue;
            }
            *maps[a as usize].entry(b).or_insert(0.0) += w;
            *maps[b as usize].entry(a).or_insert(0.0) += w;
        }
        let adj = maps
            .into_iter()
            .map(|m| {
                let mut v: Vec<(u32, f64)> = m.into_iter().collect();
                v.sort_unstable_by_key(|x| x.0);
                v
            })
            .collect();
        Graph { n, adj }
    }

    /// Connected components (of nodes with at least one edge), each sorted,
    /// in order of their smallest node.
    pub fn components(&self) -> Vec<Vec<u32>> {
        let mut comp = vec![u32::MAX; self.n];
        let mut out = Vec::new();
        for start in 0..self.n {
            if comp[start] != u32::MAX || self.adj[start].is_empty() {
                continue;
            }
            let id = out.len() as u32;
            let mut members = vec![start as u32];
            comp[start] = id;
            let mut i = 0;
            while i < members.len() {
                let v = members[i] as usize;
                for &(u, _) in &self.adj[v] {
                    if comp[u as usize] == u32::MAX {
                        comp[u as usize] = id;
                        members.push(u);
                    }
                }
                i += 1;
            }
            members.sort_unstable();
            out.push(members);
        }
        out
    }
}

/// Modularity of a partition (`community[i]` per node) of a graph.
pub fn modularity(g: &Graph, community: &[u32]) -> f64 {
    let two_m: f64 = g.adj.iter().flatten().map(|x| x.1).sum();
    if two_m == 0.0 {
        return 0.0;
    }
    let k: Vec<f64> = g.adj.iter().map(|a| a.iter().map(|x| x.1).sum()).collect();
    let mut inside: FxHashMap<u32, f64> = FxHashMap::default();
    let mut total: FxHashMap<u32, f64> = FxHashMap::default();
    for v in 0..g.n {
        *total.entry(community[v]).or_insert(0.0) += k[v];
        for &(u, w) in &g.adj[v] {
            if community[u as usize] == community[v] {
                *inside.entry(community[v]).or_insert(0.0) += w;
            }
        }
    }
    let mut keys: Vec<u32> = total.keys().copied().collect();
    keys.sort_unstable();
    keys.iter().map(|c| inside.get(c).copied().unwrap_or(0.0) / two_m - (total[c] / two_m).powi(2)).sum()
}

/// One pass of Louvain's local moves: each node, in order, joins the
/// neighbouring community that raises modularity most (ties: the lower
/// community), until a sweep moves nothing. Returns whether anything moved.
fn local_moves(g: &Graph, community: &mut [u32]) -> bool {
    let two_m: f64 = g.adj.iter().flatten().map(|x| x.1).sum();
    if two_m == 0.0 {
        return false;
    }
    let k: Vec<f64> = g.adj.iter().map(|a| a.iter().map(|x| x.1).sum()).collect();
    let mut tot: Vec<f64> = vec![0.0; g.n];
    for v in 0..g.n {
        tot[community[v] as usize] += k[v];
    }
    let mut moved_any = false;
    for _sweep in 0..100 {
        let mut moved = false;
        for v in 0..g.n {
            let cv = community[v];
            // Weights from v to each neighbouring community, in order.
            let mut links: Vec<(u32, f64)> = Vec::new();
            for &(u, w) in &g.adj[v] {
                // A folded community's own weight goes wherever it goes.
                if u as usize == v {
                    continue;
                }
                let cu = community[u as usize];
                match links.iter_mut().find(|x| x.0 == cu) {
                    Some(x) => x.1 += w,
                    None => links.push((cu, w)),
                }
            }
            links.sort_unstable_by_key(|x| x.0);
            tot[cv as usize] -= k[v];
            let own = links.iter().find(|x| x.0 == cv).map_or(0.0, |x| x.1);
            let gain = |w_in: f64, c: u32| w_in - tot[c as usize] * k[v] / two_m;
            let (mut best, mut best_gain) = (cv, gain(own, cv));
            for &(c, w) in &links {
                let gn = gain(w, c);
                if gn > best_gain + 1e-12 || (c < best && (gn - best_gain).abs() <= 1e-12) {
                    best = c;
                    best_gain = gn;
                }
            }
            tot[best as usize] += k[v];
            if best != cv {
                community[v] = best;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            break;
        }
    }
    moved_any
}

/// Louvain's method: local moves, then each community folded into one
/// node, until nothing moves. Communities are numbered by their smallest
/// node, in order.
pub fn louvain(g: &Graph) -> Vec<u32> {
    let mut of_node: Vec<u32> = (0..g.n as u32).collect();
    let mut level = Graph { n: g.n, adj: g.adj.clone() };
    for _ in 0..32 {
        let mut community: Vec<u32> = (0..level.n as u32).collect();
        if !local_moves(&level, &mut community) {
            break;
        }
        // Renumber the level's communities 0.. by first appearance.
        let mut renum: FxHashMap<u32, u32> = FxHashMap::default();
        for c in community.iter_mut() {
            let next = renum.len() as u32;
            *c = *renum.entry(*c).or_insert(next);
        }
        for c in of_node.iter_mut() {
            *c = community[*c as usize];
        }
        let n = renum.len();
        let edges = (0..level.n).flat_map(|v| {
            let community = &community;
            level.adj[v]
                .iter()
                .filter(move |x| (x.0 as usize) > v)
                .map(move |&(u, w)| (community[v], community[u as usize], w))
        });
        let mut folded = Graph::new(n, edges.collect::<Vec<_>>());
        // Weight inside a community is a self-loop: kept for the degrees.
        for v in 0..level.n {
            for &(u, w) in &level.adj[v] {
                if (u as usize) > v && community[v] == community[u as usize] {
                    let c = community[v] as usize;
                    match folded.adj[c].iter_mut().find(|x| x.0 as usize == c) {
                        Some(x) => x.1 += 2.0 * w,
                        None => folded.adj[c].push((c as u32, 2.0 * w)),
                    }
                }
            }
        }
        for a in folded.adj.iter_mut() {
            a.sort_unstable_by_key(|x| x.0);
        }
        level = folded;
    }
    // Number communities by their smallest node.
    let mut renum: FxHashMap<u32, u32> = FxHashMap::default();
    of_node
        .iter()
        .map(|c| {
            let next = renum.len() as u32;
            *renum.entry(*c).or_insert(next)
        })
        .collect()
}

/// The clusters of a network: components, split by Louvain when larger
/// than `split_above` and the split has modularity ≥ `min_modularity`.
/// Each cluster's nodes ascending; clusters in order of their smallest
/// node (callers rank them).
pub fn clusters(g: &Graph, split_above: usize, min_modularity: f64) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    for comp in g.components() {
        if comp.len() <= split_above {
            out.push(comp);
            continue;
        }
        // The component as a graph of its own (nodes renumbered in order).
        let index: FxHashMap<u32, u32> = comp.iter().enumerate().map(|(i, &v)| (v, i as u32)).collect();
        let sub = Graph {
            n: comp.len(),
            adj: comp
                .iter()
                .map(|&v| g.adj[v as usize].iter().map(|&(u, w)| (index[&u], w)).collect())
                .collect(),
        };
        let parts = louvain(&sub);
        let k = parts.iter().max().map_or(0, |m| m + 1) as usize;
        if k < 2 || modularity(&sub, &parts) < min_modularity {
            out.push(comp);
            continue;
        }
        let mut split: Vec<Vec<u32>> = vec![Vec::new(); k];
        for (i, &c) in parts.iter().enumerate() {
            split[c as usize].push(comp[i]);
        }
        out.extend(split);
    }
    out.sort_by_key(|c| c[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two cliques of `k`, bridged by one light edge.
    fn two_cliques(k: u32) -> Graph {
        let mut edges = Vec::new();
        for base in [0, k] {
            for i in 0..k {
                for j in i + 1..k {
                    edges.push((base + i, base + j, 1.0));
                }
            }
        }
        edges.push((k - 1, k, 0.3));
        Graph::new(2 * k as usize, edges)
    }

    #[test]
    fn bridged_groups_are_kept_apart() {
        let g = two_cliques(6);
        assert_eq!(g.components().len(), 1);
        let c = clusters(&g, 4, 0.3);
        assert_eq!(c, vec![(0..6).collect::<Vec<u32>>(), (6..12).collect()]);
        // Small components stay whole.
        assert_eq!(clusters(&g, 20, 0.3).len(), 1);
    }

    #[test]
    fn a_clique_stays_one() {
        let mut edges = Vec::new();
        for i in 0..8u32 {
            for j in i + 1..8 {
                edges.push((i, j, 1.0));
            }
        }
        let g = Graph::new(10, edges);
        assert_eq!(clusters(&g, 2, 0.3), vec![(0..8).collect::<Vec<u32>>()]);
        assert!(modularity(&g, &[0; 10]).abs() < 1e-12);
    }

    #[test]
    fn louvain_is_deterministic_and_order_free_of_hashing() {
        let g = two_cliques(9);
        let a = louvain(&g);
        for _ in 0..5 {
            assert_eq!(louvain(&g), a);
        }
        assert!(modularity(&g, &a) > 0.45);
    }
}
