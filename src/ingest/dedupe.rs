//! Accounting across files: the counts (read = kept + rejected +
//! duplicates) and de-duplication of the same post exported twice.

use super::{Chunk, FileReport, IngestSettings, Reject, read_file, walk::display_path};
use crate::core::Post;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

/// Everything ingest produced for a run.
#[derive(Debug, Default)]
pub struct Ingested {
    pub posts: Vec<Post>,
    pub rejects: Vec<Reject>,
    pub files: Vec<FileReport>,
    pub counts: Counts,
}

/// The run's record accounting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub files: u64,
    pub files_unreadable: u64,
    pub read: u64,
    pub kept: u64,
    pub rejected: u64,
    pub duplicates: u64,
}

impl Counts {
    /// read = kept + rejected + duplicates.
    pub fn balanced(&self) -> bool {
        self.read == self.kept + self.rejected + self.duplicates
    }
}

/// Removes duplicates across overlapping exports as posts stream in:
/// (platform, post_id) is the key (as [`Post::key`]) and the copy with the
/// most engagement (metrics only grow) is kept; on a tie the first one read
/// stays.
#[derive(Default)]
pub struct Dedupe {
    seen: crate::util::FxHashMap<u128, u32>,
    /// Duplicates per source file index.
    pub dropped: HashMap<u32, u64>,
}

impl Dedupe {
    pub fn with_capacity(posts: usize) -> Dedupe {
        Dedupe {
            seen: crate::util::FxHashMap::with_capacity_and_hasher(posts, Default::default()),
            ..Default::default()
        }
    }

    /// Adds `post` to `kept` unless it duplicates one already there.
    pub fn push(&mut self, kept: &mut Vec<Post>, post: Post) {
        self.push_by(kept, post, |p| (p.key(), p.engagement(), p.source_file))
    }

    /// [`Dedupe::push`] for anything that stands for a post: `of` gives its
    /// key, engagement and source file.
    pub fn push_by<T>(&mut self, kept: &mut Vec<T>, item: T, of: impl Fn(&T) -> (u128, i64, u32)) {
        let (key, engagement, _) = of(&item);
        match self.seen.get(&key) {
            Some(&i) => {
                let slot = &mut kept[i as usize];
                let loser = if engagement > of(slot).1 { std::mem::replace(slot, item) } else { item };
                *self.dropped.entry(of(&loser).2).or_default() += 1;
            }
            None => {
                let at = u32::try_from(kept.len()).expect("fewer than 2^32 posts in one run");
                self.seen.insert(key, at);
                kept.push(item);
            }
        }
    }
}

/// Reads every input, deduplicates, and checks the accounting.
pub fn ingest(files: &[PathBuf], settings: &IngestSettings) -> Ingested {
    let mut out = Ingested::default();
    let mut dedupe = Dedupe::default();
    for (i, path) in files.iter().enumerate() {
        let display = display_path(path);
        let report = read_file(i as u32, path, &display, settings, &mut |chunk: Chunk| {
            out.rejects.extend(chunk.rejects);
            for p in chunk.posts {
                dedupe.push(&mut out.posts, p);
            }
        });
        out.files.push(report);
    }
    finish_counts(&mut out, &dedupe);
    out
}

/// Moves duplicate counts into the file reports and totals the counts.
pub fn finish_counts(out: &mut Ingested, dedupe: &Dedupe) {
    let mut c = Counts { files: out.files.len() as u64, ..Default::default() };
    for (i, f) in out.files.iter_mut().enumerate() {
        let dups = dedupe.dropped.get(&(i as u32)).copied().unwrap_or(0);
        f.duplicates = dups;
        f.kept -= dups;
        c.read += f.read;
        c.kept += f.kept;
        c.rejected += f.rejected;
        c.duplicates += dups;
        c.files_unreadable += f.error.is_some() as u64;
    }
    out.counts = c;
}
