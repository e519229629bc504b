//! The misinfo stage after the merge: from the records of every post that
//! survived de-duplication, the copy-paste clusters, what each claim and
//! each vocabulary term counted, and each kept post's claim and cluster.
//!
//! Two passes over the records (they stay on disk): the first collects the
//! distinct word sets of the copy rule and joins them ([`super::copy`]);
//! the second makes the rows. Every output is ordered by explicit keys, so
//! the result does not depend on the order files, shards or threads handed
//! the records over.

use super::Misinfo;
use super::copy::{self, JoinReport, SetStore};
use super::records::{Record, RecordBlob};
use crate::core::{Platform, days};
use crate::util::FxHashMap;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

const NONE: u32 = u32::MAX;

/// The records of one input file, and which of its posts are the copies
/// de-duplication kept (by key index).
pub struct PartRecords<'a> {
    pub blobs: &'a [RecordBlob],
    pub winners: &'a [bool],
}

/// A post that matched a claim (`tables/claim_matches.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimMatch {
    pub post_id: String,
    pub claim: u32,
    pub score: f32,
    pub terms: String,
    pub platform: Platform,
    pub created_at: Option<i64>,
    pub author: Option<u32>,
}

/// A post in a copy-paste cluster (`tables/copypasta_posts.csv`). Kept
/// small — 32 bytes, its id in [`PostIds`], no allocation of its own: at
/// 10 M posts there may be millions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CopyPost {
    /// Its post id's index in [`MisinfoOutcome::copy_ids`].
    pub id: u32,
    /// Index into [`MisinfoOutcome::clusters`].
    pub cluster: u32,
    /// Jaccard similarity of the post's words to the cluster's central
    /// post's.
    pub similarity: f32,
    /// Index into [`MisinfoOutcome::authors`], or `NONE`.
    author: u32,
    /// Seconds, or `i64::MIN` when undated.
    created_at: i64,
    pub platform: Platform,
}

impl CopyPost {
    pub fn new(
        id: u32,
        cluster: u32,
        similarity: f32,
        platform: Platform,
        created_at: Option<i64>,
        author: Option<u32>,
    ) -> CopyPost {
        CopyPost {
            id,
            cluster,
            similarity,
            author: author.unwrap_or(NONE),
            created_at: created_at.unwrap_or(i64::MIN),
            platform,
        }
    }

    pub fn created_at(&self) -> Option<i64> {
        (self.created_at != i64::MIN).then_some(self.created_at)
    }

    pub fn author(&self) -> Option<u32> {
        (self.author != NONE).then_some(self.author)
    }
}

/// Post ids, one after another in one string: millions of ids without an
/// allocation each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostIds {
    text: String,
    ends: Vec<u64>,
}

impl PostIds {
    /// Room for `n` ids (their texts grow as they come).
    pub fn with_capacity(n: usize) -> PostIds {
        PostIds { text: String::new(), ends: Vec::with_capacity(n) }
    }

    /// Appends an id; its index.
    pub fn push(&mut self, id: &str) -> u32 {
        self.text.push_str(id);
        self.ends.push(self.text.len() as u64);
        (self.ends.len() - 1) as u32
    }

    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// One copy-paste cluster (`tables/copypasta_clusters.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// `cp-` and 12 hex digits of the hash of the central post's word set:
    /// the same message gets the same id in every run.
    pub id: String,
    pub posts: u64,
    /// Distinct known authors.
    pub accounts: u64,
    pub platforms: Vec<Platform>,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    /// The text of the central post: the earliest post with the word set
    /// most posts of the cluster have.
    pub text: String,
    /// Targets named by its posts, most named first (indices).
    pub targets: Vec<u32>,
    /// The claim most of its posts match, if any (index).
    pub claim: Option<u32>,
    /// Up to three authors with the most posts in it (indices into
    /// [`MisinfoOutcome::authors`]).
    pub sample_accounts: Vec<u32>,
    /// Distinct word sets (variants of the message) it holds.
    pub variants: u64,
}

/// What one claim counted (`tables/claims.csv`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClaimStats {
    pub posts: u64,
    pub accounts: u64,
    pub platforms: Vec<Platform>,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    /// Posts dated at or after the claim's debunk date.
    pub posts_after_factcheck: u64,
}

/// Per UTC day and claim (`tables/claims_daily.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimDay {
    pub day: i32,
    pub claim: u32,
    pub posts: u64,
    pub accounts: u64,
    pub posts_after_factcheck: u64,
}

/// What the stage counted, for the manifest.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StageReport {
    /// Posts (after de-duplication) that left a record.
    pub posts_with_records: u64,
    /// Posts that took part in the copy rule (enough words, no repost).
    pub posts_compared: u64,
    pub join: JoinReport,
    pub clusters: u64,
    pub posts_in_clusters: u64,
    pub claim_matches: u64,
    pub claims_matched: u64,
    pub posts_with_vocabulary: u64,
}

/// Each kept post's claim and cluster, by post key.
#[derive(Debug, Clone, Default)]
pub struct PostLinks(Vec<(u128, u32, u32)>);

impl PostLinks {
    /// (claim index, cluster index) of the post with this key.
    pub fn get(&self, key: u128) -> (Option<u32>, Option<u32>) {
        match self.0.binary_search_by_key(&key, |e| e.0) {
            Ok(i) => {
                let (_, c, k) = self.0[i];
                ((c != NONE).then_some(c), (k != NONE).then_some(k))
            }
            Err(_) => (None, None),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Everything the stage found.
#[derive(Debug, Default)]
pub struct MisinfoOutcome {
    /// In post order (time, platform, id; undated last).
    pub claim_matches: Vec<ClaimMatch>,
    /// One per claim, in the claims' order.
    pub claims: Vec<ClaimStats>,
    /// By day, then claim id.
    pub claims_daily: Vec<ClaimDay>,
    /// Largest first (posts, then id).
    pub clusters: Vec<Cluster>,
    /// By cluster (as `clusters`), then post order.
    pub copy_posts: Vec<CopyPost>,
    /// The post ids of `copy_posts`.
    pub copy_ids: PostIds,
    /// `author_hash` values, interned.
    pub authors: Vec<Box<str>>,
    /// (day, term, alias) → posts.
    pub terms_daily: BTreeMap<(i32, u16, u16), u64>,
    /// (term, target) → posts.
    pub terms_target: BTreeMap<(u16, u32), u64>,
    /// Posts per term (dated or not).
    pub term_posts: Vec<u64>,
    pub links: PostLinks,
    pub report: StageReport,
}

impl MisinfoOutcome {
    /// Per cluster (in the order of [`MisinfoOutcome::clusters`]), the
    /// accounts (`author_hash` values) that posted its copies, each once,
    /// sorted: the accounts a copy-paste campaign links, for coordination
    /// analysis (co-text edges). Read it before `run` releases
    /// `copy_posts` once `copypasta_posts` is written.
    pub fn cluster_accounts(&self) -> Vec<Vec<&str>> {
        let mut out: Vec<Vec<&str>> = vec![Vec::new(); self.clusters.len()];
        for p in &self.copy_posts {
            if let (Some(list), Some(a)) = (out.get_mut(p.cluster as usize), p.author()) {
                list.push(&self.authors[a as usize]);
            }
        }
        for list in &mut out {
            list.sort_unstable();
            list.dedup();
        }
        out
    }

    /// A clustered post's id, as tables write it.
    pub fn copy_post_id(&self, p: &CopyPost) -> &str {
        self.copy_ids.get(p.id)
    }
}

/// A clustered post as a frame hands it over: the row, its author, the
/// targets it names and its claim.
struct CopyRow {
    post_id: String,
    cluster: u32,
    similarity: f32,
    platform: Platform,
    created_at: Option<i64>,
    author: Option<String>,
    targets: Vec<u32>,
    claim: Option<u32>,
}

/// A central post candidate: (created_at, platform, post_id, text).
type Central = (Option<i64>, Platform, String, String);

/// What one frame of records gave the second pass.
#[derive(Default)]
struct FrameOut {
    claims: Vec<(ClaimMatch, Option<String>)>,
    copies: Vec<CopyRow>,
    central: Vec<(u32, Central)>,
    terms: Vec<(Option<i32>, u16, u16, Vec<u32>)>,
    links: Vec<(u128, u32, u32)>,
    records: u64,
    vocabulary_posts: u64,
}

/// The post order of tables: time (undated last), platform, id.
fn order_key(created: Option<i64>, platform: Platform, id: &str) -> (bool, i64, Platform, &str) {
    (created.is_none(), created.unwrap_or(0), platform, id)
}

/// Interns author strings, each held once: the index maps a 64-bit hash
/// of the text to its entry (a million authors without a second copy of
/// each); texts whose hash another text already holds go to `spill`.
#[derive(Default)]
struct Authors {
    index: FxHashMap<u64, u32>,
    spill: FxHashMap<Box<str>, u32>,
    list: Vec<Box<str>>,
}

impl Authors {
    /// The authors in text order, and each old index's new one.
    fn sorted(self) -> (Vec<Box<str>>, Vec<u32>) {
        drop(self.index);
        drop(self.spill);
        let mut order: Vec<u32> = (0..self.list.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.list[a as usize].cmp(&self.list[b as usize]));
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let mut slots: Vec<Option<Box<str>>> = self.list.into_iter().map(Some).collect();
        let list = order.iter().filter_map(|&o| slots[o as usize].take()).collect();
        (list, remap)
    }

    fn key(a: &str) -> u64 {
        crate::util::stable_hash64(0xA07_0125, a.as_bytes())
    }

    fn id(&mut self, a: Option<String>) -> Option<u32> {
        let a = a?;
        let next = self.list.len() as u32;
        let h = Authors::key(&a);
        let slot = *self.index.entry(h).or_insert(next);
        if slot != next {
            if *self.list[slot as usize] == *a {
                return Some(slot);
            }
            // Another text has this hash.
            if let Some(&i) = self.spill.get(a.as_str()) {
                return Some(i);
            }
            self.spill.insert(a.as_str().into(), next);
        }
        self.list.push(a.into_boxed_str());
        Some(next)
    }
}

fn winner(r: &Record, winners: &[bool]) -> bool {
    winners_at(r.key_index, winners)
}

fn winners_at(key_index: u32, winners: &[bool]) -> bool {
    winners.get(key_index as usize).copied().unwrap_or(false)
}

/// Runs the stage over every part's records.
pub fn run(parts: &[PartRecords], m: &Misinfo) -> Result<MisinfoOutcome> {
    let t = m.settings.copy_threshold;
    let mut out = MisinfoOutcome { term_posts: vec![0; m.terms.len()], ..Default::default() };
    // Pass 1: the distinct word sets.
    let mut store = SetStore::default();
    for p in parts {
        for blob in p.blobs {
            blob.scan_words(
                |sets| sets,
                |sets| {
                    for (_, key, words) in sets.iter() {
                        if winners_at(key, p.winners) {
                            store.add(words);
                            out.report.posts_compared += 1;
                        }
                    }
                },
            )?;
        }
    }
    let (comp, join) = copy::components(&store, t);
    out.report.join = join;
    // Clusters: components of two posts or more; the central set is the
    // one most of its posts have (ties: the smaller hash).
    let mut comp_posts: FxHashMap<u32, u64> = FxHashMap::default();
    let mut comp_central: FxHashMap<u32, u32> = FxHashMap::default();
    for (set, &c) in comp.iter().enumerate() {
        *comp_posts.entry(c).or_default() += store.posts[set] as u64;
        let e = comp_central.entry(c).or_insert(set as u32);
        let better = (std::cmp::Reverse(store.posts[set]), store.hashes[set])
            < (std::cmp::Reverse(store.posts[*e as usize]), store.hashes[*e as usize]);
        if better {
            *e = set as u32;
        }
    }
    let mut centrals: Vec<u32> =
        comp_central.iter().filter(|(c, _)| comp_posts[c] >= 2).map(|(_, &s)| s).collect();
    centrals.sort_unstable_by_key(|&s| store.hashes[s as usize]);
    // Set → cluster (by the order above; renumbered once sizes are known).
    let mut set_cluster: Vec<u32> = vec![NONE; store.len()];
    let mut comp_cluster: FxHashMap<u32, u32> = FxHashMap::default();
    for (i, &s) in centrals.iter().enumerate() {
        comp_cluster.insert(comp[s as usize], i as u32);
    }
    let mut variants = vec![0u64; centrals.len()];
    for (set, c) in comp.iter().enumerate() {
        if let Some(&k) = comp_cluster.get(c) {
            set_cluster[set] = k;
            variants[k as usize] += 1;
        }
    }
    // 12 hex digits of the central word set's hash: the same message gets
    // the same id in every run.
    let ids: Vec<String> =
        centrals.iter().map(|&s| format!("cp-{:012x}", store.hashes[s as usize] >> 16)).collect();
    drop(comp);
    drop(comp_posts);
    drop(comp_central);
    // Pass 2: the rows.
    let mut authors = Authors::default();
    // Sized once: growing a vector of millions of rows would, for a moment,
    // hold it twice.
    let clustered: u64 =
        store.posts.iter().zip(&set_cluster).filter(|(_, k)| **k != NONE).map(|(&n, _)| n as u64).sum();
    let mut copies: Vec<CopyPost> = Vec::with_capacity(clustered as usize);
    let mut copy_ids = PostIds::with_capacity(clustered as usize);
    let mut cluster_targets: Vec<(u32, u32)> = Vec::new();
    let mut cluster_claims: Vec<(u32, u32)> = Vec::new();
    let mut central_post: Vec<Option<Central>> = vec![None; centrals.len()];
    let mut claim_rows: Vec<ClaimMatch> = Vec::new();
    let mut links: Vec<(u128, u32, u32)> = Vec::new();
    for p in parts {
        for blob in p.blobs {
            blob.scan(
                |recs| frame(recs, p.winners, &store, &set_cluster, &centrals),
                |f: FrameOut| {
                    out.report.posts_with_records += f.records;
                    out.report.posts_with_vocabulary += f.vocabulary_posts;
                    for (c, a) in f.claims {
                        claim_rows.push(ClaimMatch { author: authors.id(a), ..c });
                    }
                    for r in f.copies {
                        let k = r.cluster;
                        cluster_targets.extend(r.targets.into_iter().map(|t| (k, t)));
                        if let Some(cl) = r.claim {
                            cluster_claims.push((k, cl));
                        }
                        let id = copy_ids.push(&r.post_id);
                        let author = authors.id(r.author);
                        copies.push(CopyPost::new(id, k, r.similarity, r.platform, r.created_at, author));
                    }
                    for (k, (created, platform, id, text)) in f.central {
                        let slot = &mut central_post[k as usize];
                        let earlier = slot.as_ref().is_none_or(|(c, p, i, _)| {
                            order_key(created, platform, &id) < order_key(*c, *p, i)
                        });
                        if earlier {
                            *slot = Some((created, platform, id, text));
                        }
                    }
                    for (day, term, alias, targets) in f.terms {
                        out.term_posts[term as usize] += 1;
                        if let Some(d) = day {
                            *out.terms_daily.entry((d, term, alias)).or_default() += 1;
                        }
                        for t in targets {
                            *out.terms_target.entry((term, t)).or_default() += 1;
                        }
                    }
                    links.extend(f.links);
                },
            )?;
        }
    }
    drop(store);
    drop(set_cluster);
    // Authors numbered in the order of their text, not of arrival.
    let (author_list, remap) = authors.sorted();
    for r in &mut claim_rows {
        r.author = r.author.map(|a| remap[a as usize]);
    }
    for c in &mut copies {
        if let Some(a) = c.author() {
            c.author = remap[a as usize];
        }
    }
    drop(remap);
    links.sort_unstable_by_key(|l| l.0);
    let claim_dates: Vec<Option<i64>> = m.claims.claims.iter().map(|c| c.date).collect();
    out.claims = claim_stats(&claim_rows, &claim_dates);
    out.claims_daily = claims_daily(&claim_rows, &claim_dates, m);
    claim_rows.sort_by(|a, b| {
        order_key(a.created_at, a.platform, &a.post_id).cmp(&order_key(b.created_at, b.platform, &b.post_id))
    });
    out.report.claim_matches = claim_rows.len() as u64;
    out.report.claims_matched = out.claims.iter().filter(|c| c.posts > 0).count() as u64;
    out.claim_matches = claim_rows;
    // Clusters, largest first (ties by id); the rows' cluster numbers follow.
    let mut clusters: Vec<Cluster> = ids
        .into_iter()
        .enumerate()
        .map(|(k, id)| Cluster {
            id,
            posts: 0,
            accounts: 0,
            platforms: Vec::new(),
            first_seen: None,
            last_seen: None,
            text: central_post[k].take().map(|c| c.3).unwrap_or_default(),
            targets: Vec::new(),
            claim: None,
            sample_accounts: Vec::new(),
            variants: variants[k],
        })
        .collect();
    fill_clusters(&mut clusters, &copies, &mut cluster_targets, &mut cluster_claims);
    let mut order: Vec<u32> = (0..clusters.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&clusters[a as usize], &clusters[b as usize]);
        y.posts.cmp(&x.posts).then_with(|| x.id.cmp(&y.id))
    });
    let mut new_index = vec![0u32; clusters.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old as usize] = new as u32;
    }
    let mut slots: Vec<Option<Cluster>> = clusters.into_iter().map(Some).collect();
    let clusters: Vec<Cluster> = order.iter().filter_map(|&o| slots[o as usize].take()).collect();
    for c in &mut copies {
        c.cluster = new_index[c.cluster as usize];
    }
    for l in &mut links {
        if l.2 != NONE {
            l.2 = new_index[l.2 as usize];
        }
    }
    out.links = PostLinks(links);
    copies.sort_unstable_by(|a, b| {
        a.cluster.cmp(&b.cluster).then_with(|| {
            order_key(a.created_at(), a.platform, copy_ids.get(a.id)).cmp(&order_key(
                b.created_at(),
                b.platform,
                copy_ids.get(b.id),
            ))
        })
    });
    out.report.clusters = clusters.len() as u64;
    out.report.posts_in_clusters = copies.len() as u64;
    out.clusters = clusters;
    out.copy_posts = copies;
    out.copy_ids = copy_ids;
    out.authors = author_list;
    Ok(out)
}

/// The second pass over one frame of records.
fn frame(
    recs: Vec<Record>,
    winners: &[bool],
    store: &SetStore,
    set_cluster: &[u32],
    centrals: &[u32],
) -> FrameOut {
    let mut f = FrameOut::default();
    for r in recs {
        if !winner(&r, winners) {
            continue;
        }
        f.records += 1;
        let day = r.created_at.map(days::of_secs);
        if !r.terms.is_empty() {
            f.vocabulary_posts += 1;
        }
        for &(term, alias) in &r.terms {
            f.terms.push((day, term, alias, r.targets.clone()));
        }
        let claim = r.claim.as_ref().map(|c| c.claim);
        let mut cluster = NONE;
        if !r.words.is_empty()
            && let Some(set) = store.find(&r.words)
            && set_cluster[set as usize] != NONE
        {
            let k = set_cluster[set as usize];
            cluster = k;
            let central = centrals[k as usize];
            let similarity = copy::jaccard(&r.words, store.get(central)) as f32;
            if set == central {
                f.central.push((k, (r.created_at, r.platform, r.post_id.clone(), r.text.clone())));
            }
            f.copies.push(CopyRow {
                post_id: r.post_id.clone(),
                cluster: k,
                similarity,
                platform: r.platform,
                created_at: r.created_at,
                author: r.author.clone(),
                targets: r.targets.clone(),
                claim,
            });
        }
        if r.kept && (claim.is_some() || cluster != NONE) {
            // Keyed as the posts table will look it up: by the id as it is
            // written (a URL-shaped id with its account part masked), not
            // the raw id de-duplication keyed.
            f.links.push((crate::core::post::key_of(r.platform, &r.post_id), claim.unwrap_or(NONE), cluster));
        }
        if let Some(c) = r.claim {
            f.claims.push((
                ClaimMatch {
                    post_id: r.post_id,
                    claim: c.claim,
                    score: c.score,
                    terms: c.terms,
                    platform: r.platform,
                    created_at: r.created_at,
                    author: None,
                },
                r.author,
            ));
        }
    }
    f
}

fn platforms_of(mask: u8) -> Vec<Platform> {
    Platform::ALL.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, p)| *p).collect()
}

fn bit(p: Platform) -> u8 {
    1 << Platform::ALL.iter().position(|x| *x == p).unwrap_or(5)
}

/// Distinct authors per group, from (group, author) pairs.
fn distinct_per<K: Ord + Copy>(pairs: &mut [(K, u32)]) -> BTreeMap<K, u64> {
    pairs.sort_unstable();
    let mut out = BTreeMap::new();
    let mut last: Option<(K, u32)> = None;
    for &p in pairs.iter() {
        if last != Some(p) {
            *out.entry(p.0).or_default() += 1;
            last = Some(p);
        }
    }
    out
}

fn claim_stats(rows: &[ClaimMatch], dates: &[Option<i64>]) -> Vec<ClaimStats> {
    let mut stats = vec![ClaimStats::default(); dates.len()];
    let mut masks = vec![0u8; dates.len()];
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for r in rows {
        let c = r.claim as usize;
        let s = &mut stats[c];
        s.posts += 1;
        masks[c] |= bit(r.platform);
        if let Some(t) = r.created_at {
            s.first_seen = Some(s.first_seen.map_or(t, |f| f.min(t)));
            s.last_seen = Some(s.last_seen.map_or(t, |l| l.max(t)));
            if dates[c].is_some_and(|d| t >= d) {
                s.posts_after_factcheck += 1;
            }
        }
        if let Some(a) = r.author {
            pairs.push((r.claim, a));
        }
    }
    for (c, n) in distinct_per(&mut pairs) {
        stats[c as usize].accounts = n;
    }
    for (s, m) in stats.iter_mut().zip(masks) {
        s.platforms = platforms_of(m);
    }
    stats
}

fn claims_daily(rows: &[ClaimMatch], dates: &[Option<i64>], m: &Misinfo) -> Vec<ClaimDay> {
    let mut by: BTreeMap<(i32, u32), (u64, u64)> = BTreeMap::new();
    let mut pairs: Vec<((i32, u32), u32)> = Vec::new();
    for r in rows {
        let Some(t) = r.created_at else { continue };
        let key = (days::of_secs(t), r.claim);
        let e = by.entry(key).or_default();
        e.0 += 1;
        e.1 += dates[r.claim as usize].is_some_and(|d| t >= d) as u64;
        if let Some(a) = r.author {
            pairs.push((key, a));
        }
    }
    let accounts = distinct_per(&mut pairs);
    let mut out: Vec<ClaimDay> = by
        .into_iter()
        .map(|(k, (posts, after))| ClaimDay {
            day: k.0,
            claim: k.1,
            posts,
            accounts: accounts.get(&k).copied().unwrap_or(0),
            posts_after_factcheck: after,
        })
        .collect();
    let id = |c: u32| m.claims.claims[c as usize].id.as_str();
    out.sort_by(|a, b| (a.day, id(a.claim)).cmp(&(b.day, id(b.claim))));
    out
}

/// Sizes, accounts, platforms, time span, targets, claim and sample
/// accounts of each cluster, from its posts.
fn fill_clusters(
    clusters: &mut [Cluster],
    copies: &[CopyPost],
    targets: &mut [(u32, u32)],
    claims: &mut [(u32, u32)],
) {
    let mut masks = vec![0u8; clusters.len()];
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for c in copies {
        let k = &mut clusters[c.cluster as usize];
        k.posts += 1;
        masks[c.cluster as usize] |= bit(c.platform);
        if let Some(t) = c.created_at() {
            k.first_seen = Some(k.first_seen.map_or(t, |f| f.min(t)));
            k.last_seen = Some(k.last_seen.map_or(t, |l| l.max(t)));
        }
        if let Some(a) = c.author() {
            pairs.push((c.cluster, a));
        }
    }
    for (k, m) in clusters.iter_mut().zip(masks) {
        k.platforms = platforms_of(m);
    }
    // Accounts, and the three with the most posts (ties: the first in
    // `authors` order is arbitrary, so by their text).
    pairs.sort_unstable();
    let mut i = 0;
    let mut per: Vec<(u64, u32)> = Vec::new();
    while i < pairs.len() {
        let k = pairs[i].0;
        per.clear();
        while i < pairs.len() && pairs[i].0 == k {
            let a = pairs[i].1;
            let mut n = 0;
            while i < pairs.len() && pairs[i] == (k, a) {
                n += 1;
                i += 1;
            }
            per.push((n, a));
        }
        let c = &mut clusters[k as usize];
        c.accounts = per.len() as u64;
        per.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        c.sample_accounts = per.iter().take(3).map(|p| p.1).collect();
    }
    for (k, list) in group_counts(targets) {
        clusters[k as usize].targets = list.into_iter().map(|(t, _)| t).collect();
    }
    for (k, list) in group_counts(claims) {
        clusters[k as usize].claim = list.first().map(|(c, _)| *c);
    }
}

/// Per group, its values with their counts, most frequent first (ties:
/// the smaller value).
fn group_counts(pairs: &mut [(u32, u32)]) -> Vec<(u32, Vec<(u32, u64)>)> {
    pairs.sort_unstable();
    let mut out: Vec<(u32, Vec<(u32, u64)>)> = Vec::new();
    for &(g, v) in pairs.iter() {
        if out.last().is_none_or(|l| l.0 != g) {
            out.push((g, Vec::new()));
        }
        let list = &mut out.last_mut().expect("pushed").1;
        match list.last_mut() {
            Some(l) if l.0 == v => l.1 += 1,
            _ => list.push((v, 1)),
        }
    }
    for (_, list) in &mut out {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(cluster: u32, author: Option<u32>) -> CopyPost {
        CopyPost::new(0, cluster, 1.0, Platform::Twitter, None, author)
    }

    #[test]
    fn post_ids_come_back_as_pushed() {
        let mut ids = PostIds::default();
        let got: Vec<u32> = ["1", "", "https://x.com/a/status/2", "é3"].iter().map(|i| ids.push(i)).collect();
        assert_eq!(got, [0, 1, 2, 3]);
        assert_eq!(
            (0..4).map(|i| ids.get(i)).collect::<Vec<_>>(),
            ["1", "", "https://x.com/a/status/2", "é3"]
        );
    }

    #[test]
    fn authors_are_interned_once_even_when_two_hashes_collide() {
        let mut a = Authors::default();
        assert_eq!(a.id(Some("aa".into())), Some(0));
        assert_eq!(a.id(None), None);
        assert_eq!(a.id(Some("bb".into())), Some(1));
        assert_eq!(a.id(Some("aa".into())), Some(0));
        // "cc" as if its hash were "aa"'s.
        a.index.insert(Authors::key("cc"), 0);
        assert_eq!(a.id(Some("cc".into())), Some(2), "a new author, not aa");
        assert_eq!(a.id(Some("cc".into())), Some(2), "found again in the spill");
        assert_eq!(a.id(Some("aa".into())), Some(0));
        let (list, remap) = a.sorted();
        assert_eq!(list, ["aa".into(), "bb".into(), "cc".into()] as [Box<str>; 3]);
        assert_eq!(remap, [0, 1, 2]);
    }

    #[test]
    fn each_cluster_lists_its_accounts_once() {
        let cluster = |id: &str| Cluster {
            id: id.into(),
            posts: 0,
            accounts: 0,
            platforms: Vec::new(),
            first_seen: None,
            last_seen: None,
            text: String::new(),
            targets: Vec::new(),
            claim: None,
            sample_accounts: Vec::new(),
            variants: 1,
        };
        let out = MisinfoOutcome {
            clusters: vec![cluster("cp-a"), cluster("cp-b"), cluster("cp-c")],
            copy_posts: vec![
                copy(0, Some(2)),
                copy(0, Some(0)),
                copy(0, Some(2)),
                copy(1, None),
                copy(1, Some(1)),
            ],
            authors: vec!["aa".into(), "bb".into(), "cc".into()],
            ..Default::default()
        };
        let want: Vec<Vec<&str>> = vec![vec!["aa", "cc"], vec!["bb"], vec![]];
        assert_eq!(out.cluster_accounts(), want);
    }
}
