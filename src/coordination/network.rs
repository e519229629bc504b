//! Co-action networks: two accounts are linked when they did the same
//! thing — reposted one post, shared one link, pasted one message, used
//! one uncommon set of hashtags — within the window of each other, on
//! several distinct objects.
//!
//! Time is compared pair by pair (|Δt| ≤ window), never in bins. Each
//! co-action is weighed by how uncommon the object is: one that `crowd`
//! accounts or fewer did counts whole, one that n > `crowd` accounts did
//! counts `crowd / (n − 1)` (a viral post reposted by 300 fans counts
//! 1/15 for `crowd = 20`, however tight their timing), and one done by
//! more than `max_crowd` accounts is not paired at all. A pair's edge of one kind holds its distinct objects
//! (each with the closest co-action), their summed weight and the posts
//! behind each; it is kept with `min_objects` objects and `min_weight`
//! weight at least.

use super::{CoordinationSettings, NetKind};
use crate::annotate::acts::{Acts, Object, ObjectKind};
use rayon::prelude::*;

/// One post doing one object: the unit pairs are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub object: Object,
    pub time: u32,
    /// Index into [`Entries::accounts`].
    pub account: u32,
    /// Row of the [`Acts`] the post is.
    pub row: u32,
}

/// Every post's objects as entries, sorted by (object, time, account,
/// row), with the accounts they name.
pub struct Entries {
    pub list: Vec<Entry>,
    /// Distinct account keys, ascending (an entry's `account` indexes it).
    pub accounts: Vec<u64>,
}

/// The kind of network an object links accounts in (hashtag sets are
/// built from a post's hashtags; a single hashtag links nobody).
pub fn net_kind(o: Object) -> NetKind {
    match ObjectKind::of(o) {
        ObjectKind::Repost => NetKind::Repost,
        ObjectKind::Link => NetKind::Link,
        ObjectKind::Text => NetKind::Text,
        ObjectKind::Tag => NetKind::Hashtags,
    }
}

/// The object of a post's set of hashtags (two or more), whatever their
/// order. Shares [`ObjectKind::Tag`]'s bits; single tags never become
/// entries, so the two never meet.
pub fn tag_set(tags: &mut [Object]) -> Option<Object> {
    if tags.len() < 2 {
        return None;
    }
    tags.sort_unstable();
    let bytes: Vec<u8> = tags.iter().flat_map(|t| t.to_le_bytes()).collect();
    Some(ObjectKind::Tag.named(&bytes))
}

impl Entries {
    /// The entries of every act: reposts, links and copy-paste messages as
    /// they are, hashtags as the set of a post's hashtags.
    pub fn of(acts: &Acts) -> Entries {
        let mut accounts = acts.account.clone();
        accounts.par_sort_unstable();
        accounts.dedup();
        accounts.shrink_to_fit();
        let list: Vec<Entry> = (0..acts.len())
            .into_par_iter()
            .with_min_len(4096)
            .flat_map_iter(|i| {
                let account = accounts.binary_search(&acts.account[i]).expect("every account listed") as u32;
                let (time, row) = (acts.time[i], i as u32);
                let mut tags: Vec<Object> = Vec::new();
                let mut out: Vec<Entry> = Vec::new();
                for &o in acts.objects_of(i) {
                    match ObjectKind::of(o) {
                        ObjectKind::Tag => tags.push(o),
                        _ => out.push(Entry { object: o, time, account, row }),
                    }
                }
                if let Some(set) = tag_set(&mut tags) {
                    out.push(Entry { object: set, time, account, row });
                }
                out
            })
            .collect();
        let mut list = list;
        list.par_sort_unstable();
        Entries { list, accounts }
    }

    /// The entries of each object, in order: `[start, end)` ranges.
    pub fn groups(&self) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let mut start = 0usize;
        for i in 1..=self.list.len() {
            if i == self.list.len() || self.list[i].object != self.list[start].object {
                out.push((start as u32, i as u32));
                start = i;
            }
        }
        out
    }
}

/// The entries of one object an account makes within `window` of the last
/// one of its kept are the same act repeated: only one per window is
/// compared (so one account's spam is one entry per window, and a crowd
/// is counted in accounts).
fn runs_removed(group: &[Entry], window: u32, last: &mut crate::util::FxHashMap<u32, u32>) -> Vec<Entry> {
    last.clear();
    let mut out = Vec::with_capacity(group.len());
    for e in group {
        match last.get(&e.account) {
            Some(&t) if e.time - t <= window => {}
            _ => {
                out.push(*e);
                last.insert(e.account, e.time);
            }
        }
    }
    out
}

/// One pair's best co-action on one object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoAction {
    pub kind: NetKind,
    /// Account indices, `a < b`.
    pub a: u32,
    pub b: u32,
    pub object: Object,
    pub weight: f32,
    pub delta: u32,
    /// Acts rows of a's and b's posts.
    pub row_a: u32,
    pub row_b: u32,
}

/// How much a co-action among `crowd` accounts weighs.
pub fn weight(crowd: usize, full: u32) -> f32 {
    if crowd <= full as usize + 1 { 1.0 } else { full as f32 / (crowd - 1) as f32 }
}

/// The co-actions of one object: every pair of accounts within `window`
/// of each other, weighed by the crowd around them, the best per pair.
fn co_actions(
    group: &[Entry],
    settings: &CoordinationSettings,
    window: u32,
    last: &mut crate::util::FxHashMap<u32, u32>,
) -> Vec<CoAction> {
    let e = runs_removed(group, window, last);
    if e.len() < 2 {
        return Vec::new();
    }
    let kind = net_kind(e[0].object);
    // The crowd: every account that did this object, whenever. A viral
    // post is viral however tight its fans' timing.
    let mut accounts: Vec<u32> = e.iter().map(|x| x.account).collect();
    accounts.sort_unstable();
    accounts.dedup();
    if accounts.len() < 2 || accounts.len() > settings.max_crowd as usize {
        return Vec::new();
    }
    let w = weight(accounts.len(), settings.crowd);
    let n = e.len();
    let mut out: Vec<CoAction> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let delta = e[j].time - e[i].time;
            if delta > window {
                break;
            }
            if e[j].account == e[i].account {
                continue;
            }
            let (x, y) = if e[i].account < e[j].account { (e[i], e[j]) } else { (e[j], e[i]) };
            out.push(CoAction {
                kind,
                a: x.account,
                b: y.account,
                object: e[i].object,
                weight: w,
                delta,
                row_a: x.row,
                row_b: y.row,
            });
        }
    }
    // The best co-action per pair: heaviest, then closest, then first.
    out.sort_unstable_by(|p, q| {
        (p.a, p.b)
            .cmp(&(q.a, q.b))
            .then(q.weight.total_cmp(&p.weight))
            .then(p.delta.cmp(&q.delta))
            .then((p.row_a, p.row_b).cmp(&(q.row_a, q.row_b)))
    });
    out.dedup_by(|later, first| (later.a, later.b) == (first.a, first.b));
    out
}

/// An edge: two accounts, one kind, what they did together.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub kind: NetKind,
    pub a: u32,
    pub b: u32,
    /// Summed weight of its objects.
    pub weight: f64,
    /// One co-action per distinct object, by object.
    pub evidence: Vec<CoAction>,
}

impl Edge {
    pub fn objects(&self) -> usize {
        self.evidence.len()
    }

    /// Mean |Δt| of its co-actions, seconds.
    pub fn mean_delta(&self) -> f64 {
        self.evidence.iter().map(|c| c.delta as f64).sum::<f64>() / self.evidence.len().max(1) as f64
    }
}

/// What pairing found: the edges kept and how many pairs were looked at.
pub struct Network {
    pub edges: Vec<Edge>,
    /// Pairs with at least one co-action (per kind).
    pub candidate_pairs: u64,
    /// Co-actions (pair × object) found.
    pub co_actions: u64,
    /// Objects at least two accounts did.
    pub shared_objects: u64,
}

/// Pairs every object's entries within `window` and keeps the edges that
/// repeat: `min_objects` distinct objects and `min_weight` weight.
pub fn build(entries: &Entries, settings: &CoordinationSettings, window: u32) -> Network {
    let groups = entries.groups();
    let shared_objects = groups
        .iter()
        .filter(|&&(s, e)| {
            let g = &entries.list[s as usize..e as usize];
            g.iter().any(|x| x.account != g[0].account)
        })
        .count() as u64;
    thread_local! {
        static LAST: std::cell::RefCell<crate::util::FxHashMap<u32, u32>> = Default::default();
    }
    let mut all: Vec<CoAction> = groups
        .par_iter()
        .with_min_len(256)
        .flat_map_iter(|&(s, e)| {
            let g = &entries.list[s as usize..e as usize];
            if g.len() < 2 {
                return Vec::new();
            }
            LAST.with_borrow_mut(|last| co_actions(g, settings, window, last))
        })
        .collect();
    let co_actions = all.len() as u64;
    all.par_sort_unstable_by(|p, q| (p.kind, p.a, p.b, p.object).cmp(&(q.kind, q.a, q.b, q.object)));
    let mut edges = Vec::new();
    let mut candidate_pairs = 0u64;
    let mut start = 0usize;
    for i in 1..=all.len() {
        if i < all.len() && (all[i].kind, all[i].a, all[i].b) == (all[start].kind, all[start].a, all[start].b)
        {
            continue;
        }
        candidate_pairs += 1;
        let run = &all[start..i];
        start = i;
        if run.len() < settings.min_objects as usize {
            continue;
        }
        // Summed in object order: the same figure at any thread count.
        let w: f64 = run.iter().map(|c| c.weight as f64).sum();
        if w + 1e-9 < settings.min_weight {
            continue;
        }
        edges.push(Edge { kind: run[0].kind, a: run[0].a, b: run[0].b, weight: w, evidence: run.to_vec() });
    }
    Network { edges, candidate_pairs, co_actions, shared_objects }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> CoordinationSettings {
        CoordinationSettings { min_objects: 2, min_weight: 0.5, ..CoordinationSettings::default() }
    }

    #[test]
    fn pairs_are_compared_by_their_own_times_not_bins() {
        // 10:00:59 and 10:01:00 — one second apart across a minute.
        let g = [
            Entry { object: 5, time: 36_059, account: 0, row: 0 },
            Entry { object: 5, time: 36_060, account: 1, row: 1 },
            Entry { object: 5, time: 36_200, account: 2, row: 2 },
        ];
        let mut last = Default::default();
        let c = co_actions(&g, &settings(), 10, &mut last);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].a, c[0].b, c[0].delta, c[0].weight), (0, 1, 1, 1.0));
        // A window of 0 still links posts of the same second, never an
        // account with itself.
        let g = [
            Entry { object: 5, time: 7, account: 3, row: 0 },
            Entry { object: 5, time: 7, account: 3, row: 1 },
            Entry { object: 5, time: 7, account: 4, row: 2 },
        ];
        let c = co_actions(&g, &settings(), 0, &mut last);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].a, c[0].b), (3, 4));
    }

    #[test]
    fn crowded_objects_weigh_less() {
        assert_eq!(weight(2, 20), 1.0);
        assert_eq!(weight(21, 20), 1.0);
        assert_eq!(weight(41, 20), 0.5);
        // 30 accounts, a minute apart: each pair within the window weighs
        // 20/29, however few of the 30 acted near it.
        let g: Vec<Entry> =
            (0..30).map(|i| Entry { object: 9, time: 1000 + 60 * i, account: i, row: i }).collect();
        let mut last = Default::default();
        let c = co_actions(&g, &settings(), 60, &mut last);
        assert_eq!(c.len(), 29);
        assert!(c.iter().all(|x| (x.weight - 20.0 / 29.0).abs() < 1e-6));
        // Beyond max_crowd accounts an object pairs nobody.
        let few = CoordinationSettings { max_crowd: 29, ..settings() };
        assert!(co_actions(&g, &few, 60, &mut last).is_empty());
    }

    #[test]
    fn one_accounts_repeats_are_one_entry() {
        let mut g: Vec<Entry> =
            (0..50).map(|i| Entry { object: 1, time: 100 + i, account: 7, row: i }).collect();
        g.push(Entry { object: 1, time: 120, account: 8, row: 99 });
        g.sort();
        let mut last = Default::default();
        let c = co_actions(&g, &settings(), 30, &mut last);
        // Account 7's spam is one entry per window (at 100 and 131), and
        // the closest co-action is kept.
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].row_a, c[0].row_b, c[0].delta, c[0].weight), (31, 99, 11, 1.0));
    }
}
