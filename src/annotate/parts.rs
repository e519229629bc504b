//! What one input file becomes once read and scored, in a form whose size
//! follows the results `run` keeps rather than the input: the posts it
//! keeps (those naming a target, or all with `keep_unmatched`) whole with
//! their notes, and for every post a small [`PostKey`] — what the merge
//! needs to de-duplicate across files and to count. Files are read and
//! scored in chunks of [`CHUNK`] posts, so a post that names no target is
//! held whole only while its chunk is scored. What every post pushed that
//! coordination compares (reposts, links, hashtags) is kept compactly in
//! [`Acts`], for every post read.

use crate::annotate::acts::{self, Acts};
use crate::annotate::{Annotator, LangCounts, SentimentCounts};
use crate::core::{Post, Scored};
use crate::ingest::{self, Chunk, Dedupe, FileReport, Ingested, Reject};
use crate::misinfo::records::{Record, RecordBlob, RecordSink};
use crate::text::Lang;
use crate::util::retain_marked;
use anyhow::{Result, bail};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Posts scored at a time: large enough to keep both cores busy, small
/// enough that the posts dropped after scoring never pile up.
pub const CHUNK: usize = 1 << 16;

/// The part of one post that outlives its scoring when the post itself is
/// not kept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PostKey {
    /// [`Post::key`]: copies of one post share it.
    pub id: u128,
    /// [`Post::engagement`]: decides which copy is kept.
    pub engagement: i64,
    /// Index into the part's `posts`, or [`PostKey::DROPPED`].
    pub kept: u32,
    pub lang: Lang,
    pub matched: bool,
    pub dated: bool,
}

impl PostKey {
    pub const DROPPED: u32 = u32::MAX;
}

/// What one input file became: its report as read (before duplicates
/// across files are counted), a key per post in file order, the posts kept
/// whole with their notes, its rejects, and the misinfo records of every
/// post read (on disk beside the state, or in memory for shards).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FilePart {
    pub report: FileReport,
    pub keys: Vec<PostKey>,
    pub posts: Vec<Scored>,
    pub rejects: Vec<Reject>,
    /// What its posts pushed, for coordination (by index into `keys`).
    pub acts: Acts,
    pub records: Vec<RecordBlob>,
}

impl FilePart {
    /// Points the part at its place in this run's input list (a cached
    /// file may have moved, or new files sorted before it).
    pub fn relocate(&mut self, index: u32, display: &str) {
        self.report.path = display.to_string();
        for s in &mut self.posts {
            s.post.source_file = index;
        }
        for r in &mut self.rejects {
            r.source_file = display.to_string();
        }
    }

    /// Appends `other`'s posts (another shard of the same file).
    pub fn append(&mut self, other: FilePart) {
        self.report.read += other.report.read;
        self.report.kept += other.report.kept;
        self.report.rejected += other.report.rejected;
        self.acts.append(other.acts, self.keys.len() as u32);
        let offset = self.posts.len() as u32;
        let key_offset = self.keys.len() as u32;
        self.records.extend(other.records.into_iter().map(|mut b| {
            b.key_offset += key_offset;
            b
        }));
        self.keys.extend(other.keys.into_iter().map(|mut k| {
            if k.kept != PostKey::DROPPED {
                k.kept += offset;
            }
            k
        }));
        self.posts.extend(other.posts);
        self.rejects.extend(other.rejects);
    }
}

/// Builds a [`FilePart`] from the chunks ingest hands over, scoring every
/// [`CHUNK`] posts as they come.
pub struct PartBuilder<'a> {
    annotator: &'a Annotator,
    keep_all: bool,
    /// Only this shard's posts are scored and kept.
    shard: Option<crate::core::Shard>,
    waiting: Vec<Post>,
    /// Posts scored at a time ([`CHUNK`]).
    chunk: usize,
    part: FilePart,
    /// Where the misinfo records go (memory unless told).
    sink: RecordSink,
    /// The first error writing them (reported by `finish`).
    sink_error: Option<anyhow::Error>,
    /// Seconds spent scoring (the rest of a file's time is reading it).
    scoring_secs: f64,
    /// Called with the number of posts each scored batch held.
    progress: &'a (dyn Fn(u64) + Sync),
}

impl<'a> PartBuilder<'a> {
    pub fn new(
        annotator: &'a Annotator,
        keep_all: bool,
        shard: Option<crate::core::Shard>,
        progress: &'a (dyn Fn(u64) + Sync),
    ) -> PartBuilder<'a> {
        PartBuilder {
            annotator,
            keep_all,
            shard,
            waiting: Vec::new(),
            chunk: CHUNK,
            part: FilePart::default(),
            sink: RecordSink::Memory(Vec::new()),
            sink_error: None,
            scoring_secs: 0.0,
            progress,
        }
    }

    /// Sends the misinfo records to `sink` instead of memory.
    pub fn records_to(mut self, sink: RecordSink) -> Self {
        self.sink = sink;
        self
    }

    /// Scores `n` posts at a time instead of [`CHUNK`] (the result does not
    /// depend on it; tests cross chunk boundaries with small files).
    pub fn chunked(mut self, n: usize) -> Self {
        self.chunk = n.max(1);
        self
    }

    /// Takes one chunk of ingest's output.
    pub fn push(&mut self, chunk: Chunk) {
        self.part.rejects.extend(chunk.rejects);
        self.waiting.extend(chunk.posts);
        if self.waiting.len() >= self.chunk {
            self.score();
        }
    }

    /// Scores the waiting posts and keeps what the run keeps of them.
    fn score(&mut self) {
        if self.waiting.is_empty() {
            return;
        }
        let started = std::time::Instant::now();
        let mut posts = std::mem::take(&mut self.waiting);
        let mut ids: Vec<u128> = posts.par_iter().with_min_len(1024).map(Post::key).collect();
        // A shard scores only its own posts, told by the same key.
        if let Some(s) = self.shard {
            let mine: Vec<bool> = ids.iter().map(|&id| s.owns_key(id)).collect();
            retain_marked(&mut posts, &mine);
            retain_marked(&mut ids, &mine);
        }
        let results = self.annotator.annotate_all_posts(&posts, self.keep_all, self.progress);
        // What each post pushed, read before handles leave it (links are
        // masked on their own).
        let (privacy, masker) = (&self.annotator.privacy, self.annotator.masker.as_ref());
        let mut extracted: Vec<Option<acts::Extracted>> =
            posts.par_iter().with_min_len(1024).map(|p| acts::extract(p, privacy, masker)).collect();
        // What the misinfo stage needs of every post, before the posts
        // kept are masked (records mask their own fields).
        let first = self.part.keys.len() as u32;
        let keep_all = self.keep_all;
        let (mut notes, examined): (Vec<_>, Vec<_>) = results.into_iter().unzip();
        // Which posts the run keeps: records take the text and id of the
        // others, and only these are masked and stored.
        let kept: Vec<bool> = notes.iter().map(|n| keep_all || n.matched()).collect();
        // A post the run does not keep gives its text and id to its
        // record (nothing after this reads them).
        let records: Vec<Record> = posts
            .par_iter_mut()
            .zip(notes.par_iter())
            .zip(examined.into_par_iter())
            .zip(ids.par_iter().zip(&kept))
            .enumerate()
            .with_min_len(1024)
            .filter_map(|(i, (((p, n), ex), (&id, &kept)))| {
                Record::of(p, first + i as u32, id, kept, &n.mentions, ex, masker)
            })
            .collect();
        if self.sink_error.is_none()
            && let Err(e) = self.sink.write(&records)
        {
            self.sink_error = Some(e);
        }
        drop(records);
        // Handles leave the post before it is stored or written (the
        // stages above read it as written).
        if let Some(masker) = &self.annotator.masker {
            posts.par_iter_mut().zip(notes.par_iter_mut()).zip(&kept).with_min_len(1024).for_each(
                |((p, n), &keep)| {
                    if keep {
                        masker.post(p, n);
                    }
                },
            );
        }
        let part = &mut self.part;
        for ((((post, note), id), act), keep) in
            posts.into_iter().zip(notes).zip(ids).zip(extracted.drain(..)).zip(kept)
        {
            if let Some(a) = act {
                part.acts.push(part.keys.len() as u32, a);
            }
            let matched = note.matched();
            part.keys.push(PostKey {
                id,
                engagement: post.engagement(),
                kept: if keep { part.posts.len() as u32 } else { PostKey::DROPPED },
                lang: note.lang,
                matched,
                dated: post.created_at.is_some(),
            });
            if keep {
                part.posts.push(Scored { post, notes: note });
            }
        }
        self.scoring_secs += started.elapsed().as_secs_f64();
    }

    /// The finished part of a file ingest reported on with `report`, and
    /// the seconds spent scoring it; with a shard, its counts are the
    /// shard's own, so the shards' sum to the file's: shard 0 also carries
    /// the file's rejects (rows without a post have no id to split by).
    pub fn finish(mut self, mut report: FileReport) -> Result<(FilePart, f64)> {
        self.score();
        if let Some(e) = self.sink_error.take() {
            return Err(e);
        }
        if let Some(blob) = std::mem::replace(&mut self.sink, RecordSink::Discard).finish()? {
            self.part.records.push(blob);
        }
        if let Some(s) = self.shard {
            if s.index != 0 {
                self.part.rejects.clear();
                report.rejected = 0;
                report.problems.clear();
                report.repairs = Default::default();
            }
            report.kept = self.part.keys.len() as u64;
            report.read = report.kept + report.rejected;
        }
        self.part.report = report;
        // Vectors grown by doubling hold up to twice what they need.
        self.part.keys.shrink_to_fit();
        self.part.posts.shrink_to_fit();
        self.part.acts.finish();
        Ok((self.part, self.scoring_secs))
    }
}

/// The posts a run keeps, each with what the per-post stages found, in
/// output order.
pub struct Annotated {
    pub posts: Vec<Scored>,
    pub counts: AnalysisCounts,
    /// What every post read (each once, after de-duplication) pushed, for
    /// coordination; taken by it and emptied.
    pub acts: Acts,
    /// Per input file, its misinfo records and which of its posts
    /// de-duplication kept (by key index): what the misinfo stage reads.
    pub misinfo: Vec<MisinfoPart>,
}

/// One file's misinfo records and the posts of it that count.
#[derive(Debug, Default)]
pub struct MisinfoPart {
    pub blobs: Vec<RecordBlob>,
    /// By key index: this copy of the post is the one that counts.
    pub winners: Vec<bool>,
}

/// What the per-post stages counted (the manifest's `analysis`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AnalysisCounts {
    /// Posts naming at least one target.
    pub matched: u64,
    /// Posts naming none (dropped by `run` unless `keep_unmatched`).
    pub unmatched: u64,
    /// Rows in the posts table.
    pub posts_written: u64,
    pub mentions: u64,
    pub lang: LangCounts,
    /// Post-level labels of the posts written.
    pub sentiment: SentimentCounts,
    /// Kept posts (matched or not) without a timestamp.
    pub undated: u64,
}

/// The output order of posts: time, platform, id (nulls last).
fn post_order(p: &Post) -> (bool, Option<i64>, crate::core::Platform, &str) {
    (p.created_at.is_none(), p.created_at, p.platform, &p.post_id)
}

/// Merges file parts in input order through the de-duplication of a full
/// run (the copy with the most engagement wins, the first on ties), counts,
/// and returns the posts `run` keeps — those naming a target, or all with
/// `keep_all` — in output order.
pub fn merge(mut parts: Vec<FilePart>, keep_all: bool) -> Result<(Ingested, Annotated)> {
    let total: usize = parts.iter().map(|p| p.keys.len()).sum();
    // The surviving copy of each post: (part, key) indices.
    let mut winners: Vec<(u32, u32)> = Vec::with_capacity(total);
    let mut dedupe = Dedupe::with_capacity(total);
    for (pi, part) in parts.iter().enumerate() {
        for ki in 0..part.keys.len() {
            dedupe.push_by(&mut winners, (pi as u32, ki as u32), |&(p, k)| {
                let key = &parts[p as usize].keys[k as usize];
                (key.id, key.engagement, p)
            });
        }
    }
    let mut misinfo: Vec<MisinfoPart> = parts
        .iter_mut()
        .map(|p| MisinfoPart { blobs: std::mem::take(&mut p.records), winners: vec![false; p.keys.len()] })
        .collect();
    for &(p, k) in &winners {
        misinfo[p as usize].winners[k as usize] = true;
    }
    let mut merged = Ingested::default();
    for part in &mut parts {
        merged.rejects.append(&mut part.rejects);
        merged.files.push(std::mem::take(&mut part.report));
    }
    ingest::finish_counts(&mut merged, &dedupe);
    drop(dedupe);
    let acts = winning_acts(&mut parts, &winners);

    let key = |&(p, k): &(u32, u32)| parts[p as usize].keys[k as usize];
    let mut counts = AnalysisCounts::default();
    for w in &winners {
        let k = key(w);
        if k.matched {
            counts.matched += 1;
        }
        if !k.dated {
            counts.undated += 1;
        }
        counts.lang.add(k.lang);
    }
    counts.unmatched = winners.len() as u64 - counts.matched;
    winners.retain(|w| keep_all || key(w).matched);
    if let Some(w) = winners.iter().find(|w| key(w).kept == PostKey::DROPPED) {
        bail!(
            "internal error: {} was scored without the posts that name no target, which this run keeps",
            merged.files[w.0 as usize].path
        );
    }
    // Keep only the winners' posts, in place, then join the parts (no
    // second copy of the posts at any time) and sort them into output order.
    let mut survives: Vec<Vec<bool>> = parts.iter().map(|p| vec![false; p.posts.len()]).collect();
    for &(p, k) in &winners {
        survives[p as usize][parts[p as usize].keys[k as usize].kept as usize] = true;
    }
    drop(winners);
    let mut posts: Vec<Scored> = Vec::new();
    for (part, keep) in parts.into_iter().zip(survives) {
        let mut p = part.posts;
        retain_marked(&mut p, &keep);
        if posts.is_empty() {
            posts = p;
        } else {
            posts.append(&mut p);
        }
    }
    posts.shrink_to_fit();
    // Sorted as indices, then moved once: posts are large to swap.
    let mut order: Vec<u32> = (0..posts.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| {
        post_order(&posts[a as usize].post).cmp(&post_order(&posts[b as usize].post))
    });
    permute(&mut posts, &mut order);
    counts.posts_written = posts.len() as u64;
    counts.mentions = posts.iter().map(|s| s.notes.mentions.len() as u64).sum();
    counts.sentiment = SentimentCounts::of(posts.iter().map(|s| &s.notes));
    Ok((merged, Annotated { posts, counts, acts, misinfo }))
}

/// The acts of the surviving copy of each post, every part's in turn
/// (each part's freed as it is joined).
fn winning_acts(parts: &mut [FilePart], winners: &[(u32, u32)]) -> Acts {
    let mut won: Vec<Vec<bool>> = parts.iter().map(|p| vec![false; p.keys.len()]).collect();
    for &(p, k) in winners {
        won[p as usize][k as usize] = true;
    }
    for (part, won) in parts.iter_mut().zip(won) {
        let keep: Vec<bool> =
            part.acts.key.iter().map(|&k| won.get(k as usize).copied().unwrap_or(false)).collect();
        part.acts.retain(&keep);
    }
    let rows = parts.iter().map(|p| p.acts.len()).sum();
    let objects = parts.iter().map(|p| p.acts.objects.len()).sum();
    let mut all = Acts::default();
    all.reserve(rows, objects);
    for part in parts.iter_mut() {
        all.append(std::mem::take(&mut part.acts), 0);
    }
    all.finish();
    all
}

/// Reorders `v` in place so that `v[j]` becomes the old `v[order[j]]`
/// (`order` is a permutation; it is used up).
fn permute<T>(v: &mut [T], order: &mut [u32]) {
    const DONE: u32 = u32::MAX;
    for start in 0..order.len() {
        let mut j = start;
        while order[j] != DONE {
            let from = order[j] as usize;
            order[j] = DONE;
            if from == start {
                break;
            }
            v.swap(j, from);
            j = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the bundled sample, built into a part scoring `chunk`
    /// posts at a time.
    fn sample_parts(annotator: &Annotator, keep_all: bool, chunk: usize) -> Vec<FilePart> {
        let mut settings = crate::config::defaults().unwrap();
        settings.inputs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")];
        let files = ingest::list_inputs(&settings.inputs).unwrap();
        let tick = |_: u64| {};
        files
            .iter()
            .enumerate()
            .map(|(i, path)| {
                let mut b = PartBuilder::new(annotator, keep_all, None, &tick).chunked(chunk);
                let display = ingest::display_path(path);
                let report =
                    ingest::read_file(i as u32, path, &display, &settings.ingest, &mut |c| b.push(c));
                b.finish(report).unwrap().0
            })
            .collect()
    }

    #[test]
    fn parts_do_not_depend_on_the_chunk_size() {
        let settings = crate::config::defaults().unwrap();
        let annotator = settings.annotator().unwrap();
        for keep_all in [false, true] {
            let whole = sample_parts(&annotator, keep_all, CHUNK);
            let small = sample_parts(&annotator, keep_all, 97);
            assert!(whole.iter().any(|p| p.keys.len() > 97), "a file spans several chunks");
            for (a, b) in whole.iter().zip(&small) {
                assert_eq!(a.keys, b.keys);
                assert_eq!(a.posts, b.posts);
            }
            let kept: usize = whole.iter().map(|p| p.posts.len()).sum();
            let all: usize = whole.iter().map(|p| p.keys.len()).sum();
            assert_eq!(kept == all, keep_all, "only keep_all keeps the unmatched posts whole");
        }
    }

    fn post(id: &str, likes: i64) -> Post {
        Post { post_id: id.into(), likes: Some(likes), created_at: Some(1_700_000_000), ..Post::bare(id) }
    }

    /// A part of `(post, matched)`: matched posts kept whole.
    fn part(posts: &[(Post, bool)]) -> FilePart {
        let mut part = FilePart::default();
        for (p, matched) in posts {
            part.keys.push(PostKey {
                id: p.key(),
                engagement: p.engagement(),
                kept: if *matched { part.posts.len() as u32 } else { PostKey::DROPPED },
                lang: Lang::Id,
                matched: *matched,
                dated: true,
            });
            if *matched {
                let notes = crate::core::Notes { lang: Lang::Id, mentions: Vec::new(), sentiment: None };
                part.posts.push(Scored { post: p.clone(), notes });
            }
        }
        part.report.read = posts.len() as u64;
        part.report.kept = posts.len() as u64;
        part
    }

    #[test]
    fn merge_keeps_the_most_engaged_copy_even_when_it_names_no_target() {
        // "a": the newer copy (more likes) in file 1 no longer names a
        // target, so the post is not written; "b": a tie, the first copy
        // stays; "c" only once.
        let f0 = part(&[(post("a", 1), true), (post("b", 3), true)]);
        let f1 = part(&[(post("a", 9), false), (post("b", 3), true), (post("c", 0), true)]);
        let (ingested, a) = merge(vec![f0, f1], false).unwrap();
        let ids: Vec<&str> = a.posts.iter().map(|s| s.post.post_id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
        assert_eq!((a.counts.matched, a.counts.unmatched), (2, 1));
        assert_eq!(ingested.counts.duplicates, 2);
        // The losers: file 0's "a", file 1's "b".
        assert_eq!((ingested.files[0].duplicates, ingested.files[1].duplicates), (1, 1));
        assert_eq!(ingested.counts.read, ingested.counts.kept + ingested.counts.duplicates);
        // Kept whole without its unmatched posts, a part cannot serve a run
        // that writes them.
        let f = part(&[(post("x", 0), false)]);
        assert!(merge(vec![f], true).is_err());
    }

    #[test]
    fn permute_reorders_like_indexing() {
        // Deterministic shuffles of several sizes, incl. fixed points and
        // one long cycle.
        for n in [0usize, 1, 2, 7, 100, 1000] {
            let mut order: Vec<u32> = (0..n as u32).collect();
            let mut x = 0x9E37_79B9u64;
            for i in (1..n).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                order.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let v: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| v[i as usize].clone()).collect();
            let mut got = v.clone();
            permute(&mut got, &mut order.clone());
            assert_eq!(got, want, "n = {n}");
        }
    }
}
