//! Copy-paste clusters: the exact rule, and an exact join that finds every
//! pair it links without comparing all pairs.
//!
//! **The rule.** A post's words are its words and numbers as the text
//! stage reads them (case, stretched letters, slang and clitics folded);
//! handles, hashtags, links, emoji and punctuation are not words. A post
//! takes part when it has at least `copy_min_words` words (8 by default)
//! and is not a repost (`kind = repost`, or a text starting `RT @`). Two
//! posts are **copies** when the Jaccard similarity of their sets of
//! distinct words — words in both / words in either — is at least
//! `copy_threshold`. A **cluster** is a connected group of copies: posts
//! linked by a chain of copy pairs, two posts at least.
//!
//! **The join.** Posts with the same word set are one set (a campaign
//! pasting one text a thousand times costs one); the distinct sets are
//! joined by prefix filtering (Chaudhuri et al. 2006; Bayardo et al.'s
//! All-Pairs, 2007): words are ranked rarest first, and two sets with
//! Jaccard ≥ t must share a word among the first `n − ⌈t·n⌉ + 1` of each
//! (n its size), so only sets sharing such a word are candidates. Two
//! bounds that never drop a copy rule out most candidates before their
//! words are merged: PPJoin's positional bound (the words shared so far +
//! the shorter of the two tails) and a 128-bit mark per set (the bitmap
//! filter); what is left is checked exactly. Linked sets are merged
//! (union–find). Nothing depends on the order sets arrive in: the same
//! posts give the same clusters in one run, across files and shards, at
//! any thread count.

use crate::util::FxHashMap;

/// A word set's identity: FNV-1a over its (sorted) words.
pub fn set_hash(words: &[u32]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in words {
        for b in w.to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Jaccard similarity of two sorted sets of distinct words.
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let o = overlap(a, b);
    o as f64 / (a.len() + b.len() - o) as f64
}

fn overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut o) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                o += 1;
                i += 1;
                j += 1;
            }
        }
    }
    o
}

/// Whether two sets are copies: exact, in integers (o ≥ t·(|a|+|b|−o)
/// with t as given, checked in f64 with a tolerance far below one word).
pub fn is_copy(a: &[u32], b: &[u32], t: f64) -> bool {
    jaccard(a, b) + 1e-9 >= t
}

/// [`is_copy`]'s rule as an overlap: the fewest shared words for which
/// sets of `la` and `lb` words are copies (`usize::MAX`: none suffices).
/// The same predicate as `is_copy`, evaluated at each candidate overlap,
/// so the two never disagree.
fn min_overlap(la: usize, lb: usize, t: f64) -> usize {
    if la + lb == 0 {
        return 0;
    }
    let copies = |o: usize| o as f64 / (la + lb - o) as f64 + 1e-9 >= t;
    let most = la.min(lb);
    let mut o = ((t * (la + lb) as f64 / (1.0 + t)).floor() as usize).min(most);
    while o > 0 && copies(o - 1) {
        o -= 1;
    }
    while o <= most && !copies(o) {
        o += 1;
    }
    if o > most { usize::MAX } else { o }
}

/// Whether two sorted sets share at least `need` words, stopping as soon
/// as the words left cannot make up the difference (most candidate pairs
/// of near-copies of other messages fail within a few words).
fn overlap_reaches(a: &[u32], b: &[u32], need: usize) -> bool {
    let (mut i, mut j, mut o) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if o + (a.len() - i).min(b.len() - j) < need {
            return false;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                o += 1;
                i += 1;
                j += 1;
            }
        }
    }
    o >= need
}

/// ⌈t·n⌉ without float noise (0.7 × 10 is 7, not 8).
fn need(t: f64, n: usize) -> usize {
    ((t * n as f64) - 1e-9).ceil().max(1.0) as usize
}

/// The distinct word sets of the posts, each with its number of posts.
#[derive(Debug, Default)]
pub struct SetStore {
    index: FxHashMap<u64, u32>,
    starts: Vec<u64>,
    words: Vec<u32>,
    pub hashes: Vec<u64>,
    pub posts: Vec<u32>,
}

impl SetStore {
    /// Counts one post with this word set; its set id.
    pub fn add(&mut self, words: &[u32]) -> u32 {
        let h = set_hash(words);
        let next = self.hashes.len() as u32;
        let id = *self.index.entry(h).or_insert(next);
        if id == next {
            self.starts.push(self.words.len() as u64);
            self.words.extend_from_slice(words);
            self.hashes.push(h);
            self.posts.push(0);
        }
        self.posts[id as usize] += 1;
        id
    }

    /// The set id of a word set already added.
    pub fn find(&self, words: &[u32]) -> Option<u32> {
        self.index.get(&set_hash(words)).copied()
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    pub fn get(&self, id: u32) -> &[u32] {
        let s = self.starts[id as usize] as usize;
        let e = self.starts.get(id as usize + 1).map_or(self.words.len(), |&e| e as usize);
        &self.words[s..e]
    }

    /// Bytes held (for the log).
    pub fn bytes(&self) -> usize {
        self.words.len() * 4 + self.hashes.len() * (8 + 8 + 4 + 16)
    }
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
    }

    /// The root without compressing the path (shared between threads).
    fn root(&self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            x = self.0[x as usize];
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller id becomes the root: any order gives the same
            // partition, and this keeps roots deterministic too.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi as usize] = lo;
        }
    }
}

/// What the join did (for the manifest).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct JoinReport {
    pub sets: u64,
    /// Pairs of sets sharing a prefix word.
    pub candidate_pairs: u64,
    /// Candidate pairs checked and found copies (a pair already linked
    /// through other copies when its block began is not checked).
    pub copy_pairs: u64,
}

/// Sets whose candidates are checked together, in parallel, against the
/// clusters as they stood when the block began; the links are applied
/// after, in order. A fixed number, so the work done and the counts
/// reported do not depend on the number of threads.
const BLOCK: usize = 1024;

/// A set's words as 128 marks (one per word, by a hash of its rank; words
/// may share a mark). Each mark `x` has and `y` lacks stands for at least
/// one word of `x` that `y` lacks, so marks bound the words two sets share
/// from above, in a few instructions (the bitmap filter of Sandes et al.,
/// 2020): most candidates, near-copies of another message, fail it
/// without being merged.
#[derive(Clone, Copy)]
struct Marks([u64; 2]);

impl Marks {
    fn of(words: &[u32]) -> Marks {
        let mut m = [0u64; 2];
        for &w in words {
            let h = (w as u64 ^ 0x9e37_79b9).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57;
            m[(h >> 6) as usize] |= 1 << (h & 63);
        }
        Marks(m)
    }

    /// At most this many words are shared by sets of `la` and `lb` words
    /// with these marks.
    fn most_shared(&self, la: usize, other: &Marks, lb: usize) -> usize {
        let only = |a: &Marks, b: &Marks| {
            ((a.0[0] & !b.0[0]).count_ones() + (a.0[1] & !b.0[1]).count_ones()) as usize
        };
        (la - only(self, other).min(la)).min(lb - only(other, self).min(lb))
    }
}

/// A candidate the positional bound ruled out.
const PRUNED: i32 = i32::MIN;

thread_local! {
    /// One per thread for the whole join (a per-split buffer would zero
    /// `acc`, one entry per set, thousands of times).
    static PROBE: std::cell::RefCell<Probe> = std::cell::RefCell::default();
}

/// One thread's buffers for probing.
#[derive(Default)]
struct Probe {
    /// Per set position: prefix words shared with the set probing, or
    /// [`PRUNED`]; 0 when untouched (reset after each probe).
    acc: Vec<i32>,
    /// The sets touched, in the order met.
    cands: Vec<u32>,
    /// The minimum overlap per length of the other set.
    need: Vec<usize>,
}

/// The component of every set: sets linked by a chain of copy pairs share
/// a component id (the smallest set id among them).
pub fn components(store: &SetStore, t: f64) -> (Vec<u32>, JoinReport) {
    components_in_blocks(store, t, BLOCK)
}

fn components_in_blocks(store: &SetStore, t: f64, block_len: usize) -> (Vec<u32>, JoinReport) {
    use rayon::prelude::*;
    let n = store.len();
    let mut report = JoinReport { sets: n as u64, ..Default::default() };
    // Words ranked rarest first over the distinct sets (ties by value).
    let mut df: FxHashMap<u32, u32> = FxHashMap::default();
    for &w in &store.words {
        *df.entry(w).or_default() += 1;
    }
    let mut order: Vec<(u32, u32)> = df.into_iter().map(|(w, c)| (c, w)).collect();
    order.sort_unstable();
    let words = order.len();
    let rank: FxHashMap<u32, u32> = order.iter().enumerate().map(|(r, &(_, w))| (w, r as u32)).collect();
    drop(order);
    let mut ranked: Vec<u32> = store.words.iter().map(|w| rank[w]).collect();
    drop(rank);
    let span = |id: u32| {
        let s = store.starts[id as usize] as usize;
        let e = store.starts.get(id as usize + 1).map_or(store.words.len(), |&e| e as usize);
        (s, e)
    };
    for id in 0..n as u32 {
        let (s, e) = span(id);
        ranked[s..e].sort_unstable();
    }
    // Sets by position: shortest first (ties by their hash). Each set
    // meets the shorter or equal ones before it.
    let mut by_len: Vec<u32> = (0..n as u32).collect();
    by_len.sort_unstable_by_key(|&id| {
        let (s, e) = span(id);
        (e - s, store.hashes[id as usize])
    });
    let sets: Vec<&[u32]> = by_len
        .iter()
        .map(|&id| {
            let (s, e) = span(id);
            &ranked[s..e]
        })
        .collect();
    // The index, by word rank, of positions in order. A set is found only
    // by its shorter indexing prefix: sets met later are as long or
    // longer, and two sets with |x| ≤ |y| and Jaccard ≥ t share
    // ⌈2t/(1+t)·|x|⌉ words or more (Xiao et al.'s PPJoin, 2008), so one
    // of x's first |x| − that + 1 words.
    let probe_len = |len: usize| (len + 1 - need(t, len).min(len)).min(len);
    let index_len = |len: usize| (len + 1 - need(2.0 * t / (1.0 + t), len).min(len)).min(probe_len(len));
    let mut starts = vec![0u32; words + 1];
    for xs in &sets {
        for &r in &xs[..index_len(xs.len())] {
            starts[r as usize + 1] += 1;
        }
    }
    for i in 0..words {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let mut postings = vec![0u32; starts[words] as usize];
    // Where the word sits in the indexed set (for the positional bound).
    let mut at = vec![0u32; starts[words] as usize];
    for (p, xs) in sets.iter().enumerate() {
        for (j, &r) in xs[..index_len(xs.len())].iter().enumerate() {
            postings[fill[r as usize] as usize] = p as u32;
            at[fill[r as usize] as usize] = j as u32;
            fill[r as usize] += 1;
        }
    }
    drop(fill);
    let lens: Vec<u32> = sets.iter().map(|s| s.len() as u32).collect();
    let marks: Vec<Marks> = sets.iter().map(|xs| Marks::of(xs)).collect();
    // Union–find over positions.
    let mut uf = UnionFind((0..n as u32).collect());
    // One set's candidates (earlier sets sharing a prefix word, long
    // enough), those checked and the copies found. A candidate in a
    // cluster this set already joined (as it stood when the block began)
    // is not checked: the partition is the same whether or not that pair
    // is one, and a campaign pasting variants of one message makes most
    // candidates such.
    //
    // PPJoin's positional bound (Xiao et al. 2008) drops most of the rest
    // unchecked: words are in rank order in both sets, so when x's word i
    // meets y's word j, the words they share are at most those shared
    // before (counted as the prefixes meet) + 1 + the shorter of the two
    // tails; below the rule's minimum overlap, y cannot be a copy of x.
    let probe = |p: usize, uf: &UnionFind, s: &mut Probe| -> (u64, Vec<u32>) {
        let xs = sets[p];
        let len = xs.len();
        let min_len = need(t, len) as u32;
        let first = lens[..p].partition_point(|&l| l < min_len) as u32;
        if s.acc.len() != n {
            s.acc = vec![0; n];
        }
        // The minimum overlap with a set of each length this one can meet.
        s.need.clear();
        s.need.extend((min_len as usize..=len).map(|ly| min_overlap(len, ly, t)));
        s.cands.clear();
        for (i, &r) in xs[..probe_len(len)].iter().enumerate() {
            let (lo, hi) = (starts[r as usize] as usize, starts[r as usize + 1] as usize);
            let list = &postings[lo..hi];
            let a = list.partition_point(|&y| y < first);
            let b = list.partition_point(|&y| y < p as u32);
            for k in a..b {
                let y = list[k];
                let acc = &mut s.acc[y as usize];
                if *acc == 0 {
                    s.cands.push(y);
                }
                if *acc < 0 {
                    continue;
                }
                let ly = lens[y as usize] as usize;
                let tail = (len - i - 1).min(ly - at[lo + k] as usize - 1);
                let need = s.need[ly - min_len as usize];
                if need == usize::MAX || (*acc as usize) + 1 + tail < need {
                    *acc = PRUNED;
                } else {
                    *acc += 1;
                }
            }
        }
        // The candidates the bounds leave, in set order (which copy of a
        // cluster is recorded depends on the order; the partition does not).
        let touched = s.cands.len() as u64;
        let acc = &mut s.acc;
        s.cands.retain(|&y| {
            let pruned = std::mem::take(&mut acc[y as usize]) == PRUNED;
            let ly = lens[y as usize] as usize;
            !pruned && marks[p].most_shared(len, &marks[y as usize], ly) >= s.need[ly - min_len as usize]
        });
        s.cands.sort_unstable();
        let mut joined: Vec<u32> = Vec::new();
        let mut copies: Vec<u32> = Vec::new();
        for &y in s.cands.iter() {
            let root = uf.root(y);
            if joined.contains(&root) {
                continue;
            }
            let ys = sets[y as usize];
            let need = s.need[ys.len() - min_len as usize];
            if overlap_reaches(xs, ys, need) {
                joined.push(root);
                copies.push(y);
            }
        }
        (touched, copies)
    };
    for block in (0..n).step_by(block_len.max(1)) {
        let end = (block + block_len.max(1)).min(n);
        let found: Vec<(u64, Vec<u32>)> =
            (block..end).into_par_iter().map(|p| PROBE.with_borrow_mut(|s| probe(p, &uf, s))).collect();
        for (p, (cands, copies)) in (block..end).zip(found) {
            report.candidate_pairs += cands;
            report.copy_pairs += copies.len() as u64;
            for y in copies {
                uf.union(p as u32, y);
            }
        }
    }
    // Back from positions to set ids: the component id is the smallest
    // set id in the component.
    let mut comp: Vec<u32> = vec![u32::MAX; n];
    let mut least: Vec<u32> = vec![u32::MAX; n];
    for p in 0..n as u32 {
        let r = uf.find(p) as usize;
        least[r] = least[r].min(by_len[p as usize]);
    }
    for p in 0..n as u32 {
        let r = uf.find(p) as usize;
        comp[by_len[p as usize] as usize] = least[r];
    }
    (comp, report)
}
#[cfg(test)]
mod tests {
    use super::*;

    fn brute(sets: &[Vec<u32>], t: f64) -> Vec<u32> {
        let mut uf = UnionFind((0..sets.len() as u32).collect());
        for i in 0..sets.len() {
            for j in 0..i {
                if is_copy(&sets[i], &sets[j], t) {
                    uf.union(i as u32, j as u32);
                }
            }
        }
        (0..sets.len() as u32).map(|i| uf.find(i)).collect()
    }

    #[test]
    fn the_join_finds_exactly_what_comparing_all_pairs_finds() {
        // Random sets over a small vocabulary, many of them near-copies of
        // a few seeds: the indexed join must give the all-pairs partition.
        let mut rng = crate::util::SplitMix64::new(7);
        for t in [0.5, 0.6, 0.7, 0.8, 0.9] {
            let seeds: Vec<Vec<u32>> =
                (0..6).map(|_| (0..12).map(|_| rng.below(60) as u32).collect()).collect();
            let mut sets: Vec<Vec<u32>> = Vec::new();
            for _ in 0..300 {
                let mut s = seeds[rng.below(seeds.len())].clone();
                for _ in 0..rng.below(5) {
                    let i = rng.below(s.len());
                    s[i] = rng.below(80) as u32;
                }
                if rng.below(3) == 0 {
                    s.push(rng.below(80) as u32);
                }
                s.sort_unstable();
                s.dedup();
                sets.push(s);
            }
            let mut store = SetStore::default();
            let ids: Vec<u32> = sets.iter().map(|s| store.add(s)).collect();
            let want = brute(&sets, t);
            // One block, and blocks of a few sets (links found across
            // blocks and within them).
            for block in [BLOCK, 7] {
                let (comp, report) = components_in_blocks(&store, t, block);
                for i in 0..sets.len() {
                    for j in 0..i {
                        let same = comp[ids[i] as usize] == comp[ids[j] as usize];
                        assert_eq!(same, want[i] == want[j], "t = {t}, block {block}: sets {i} and {j}");
                    }
                }
                // Component ids are the smallest set id in the component.
                for (id, &c) in comp.iter().enumerate() {
                    assert!(c as usize <= id && comp[c as usize] == c, "t = {t}: set {id} in {c}");
                }
                assert!(
                    report.candidate_pairs < (store.len() * store.len() / 2) as u64,
                    "an index, not all pairs"
                );
            }
        }
    }

    #[test]
    fn the_join_gives_the_same_at_one_and_two_threads() {
        let mut rng = crate::util::SplitMix64::new(11);
        let seeds: Vec<Vec<u32>> =
            (0..20).map(|_| (0..15).map(|_| rng.below(200) as u32).collect()).collect();
        let mut store = SetStore::default();
        for _ in 0..3000 {
            let mut s = seeds[rng.below(seeds.len())].clone();
            for _ in 0..rng.below(4) {
                let i = rng.below(s.len());
                s[i] = rng.below(300) as u32;
            }
            s.sort_unstable();
            s.dedup();
            store.add(&s);
        }
        let at = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let (comp, r) = pool.install(|| components_in_blocks(&store, 0.7, 64));
            (comp, r.candidate_pairs, r.copy_pairs)
        };
        let (one, two) = (at(1), at(2));
        assert_eq!(one, two);
        assert!(one.2 > 0 && one.0.iter().enumerate().any(|(i, &c)| c as usize != i), "copies were found");
    }

    #[test]
    fn the_overlap_bound_agrees_with_the_rule() {
        for t in [0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0] {
            for la in 1..40usize {
                for lb in 1..40usize {
                    let need = min_overlap(la, lb, t);
                    for o in 0..=la.min(lb) {
                        // Sets of la and lb words sharing o: 0..la and
                        // (la − o)..(la − o + lb).
                        let a: Vec<u32> = (0..la as u32).collect();
                        let b: Vec<u32> = ((la - o) as u32..(la - o + lb) as u32).collect();
                        assert_eq!(o >= need, is_copy(&a, &b, t), "t {t}, {la} and {lb} words, {o} shared");
                        assert_eq!(overlap_reaches(&a, &b, need), is_copy(&a, &b, t));
                    }
                }
            }
        }
    }

    #[test]
    fn marks_never_count_fewer_shared_words_than_there_are() {
        let mut rng = crate::util::SplitMix64::new(3);
        for _ in 0..20_000 {
            let mut a: Vec<u32> = (0..1 + rng.below(40)).map(|_| rng.below(120) as u32).collect();
            let mut b: Vec<u32> = (0..1 + rng.below(40)).map(|_| rng.below(120) as u32).collect();
            for v in [&mut a, &mut b] {
                v.sort_unstable();
                v.dedup();
            }
            let most = Marks::of(&a).most_shared(a.len(), &Marks::of(&b), b.len());
            assert!(most >= overlap(&a, &b), "{a:?} and {b:?}: at most {most}");
        }
        // Sets sharing nothing, with marks apart, are told apart.
        let a: Vec<u32> = (0..20).collect();
        let b: Vec<u32> = (100..120).collect();
        assert!(Marks::of(&a).most_shared(20, &Marks::of(&b), 20) < 20);
    }

    #[test]
    fn the_threshold_is_exact() {
        let a: Vec<u32> = (0..10).collect();
        let mut b: Vec<u32> = (0..7).collect();
        b.extend([20, 21, 22]);
        // 7 shared of 13: 0.538…
        assert!(is_copy(&a, &b, 0.538) && !is_copy(&a, &b, 0.54));
        assert_eq!(need(0.7, 10), 7);
        assert_eq!(need(0.7, 9), 7);
    }
}
