//! Incremental runs. Next to the reports, a state folder keeps what ingest
//! and the per-post stages made of each input file, by the file's content
//! hash. A nightly run over a growing folder reads and scores only the new
//! or changed files, takes the others from the state, and merges them all
//! in input order through the same de-duplication a full run uses, so its
//! tables equal a full run's (`tests/cli.rs` checks this).
//!
//! Layout: `index.json` (format, fingerprint, the files of the last
//! complete run) and one `<sha256>.part` per file (a header line, then
//! zstd-compressed bincode of [`FilePart`]). New parts are held in memory
//! and written, each atomically and the index last, only once the report
//! is in place: a run that fails or is killed at any moment leaves the
//! previous state as it was. A state whose
//! fingerprint (suara version, resolved config, watchlists, models) differs,
//! or that cannot be read, is set aside with a warning and rebuilt.

use crate::annotate::Notes;
use crate::ingest::{FileReport, Reject};
use crate::posts::Post;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const PART_MAGIC: &[u8] = b"SUARA-PART 1\n";
const INDEX_FORMAT: u32 = 1;

/// What one input file became: its report as read (before duplicates
/// across files are counted), its posts in file order with their notes,
/// and its rejects.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FilePart {
    pub report: FileReport,
    pub posts: Vec<Post>,
    pub notes: Vec<Notes>,
    pub rejects: Vec<Reject>,
}

impl FilePart {
    /// Points the part at its place in this run's input list (a cached
    /// file may have moved, or new files sorted before it).
    pub fn relocate(&mut self, index: u32, display: &str) {
        self.report.path = display.to_string();
        for p in &mut self.posts {
            p.source_file = index;
        }
        for r in &mut self.rejects {
            r.source_file = display.to_string();
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Index {
    format: u32,
    fingerprint: String,
    /// Content hashes of the files of the last complete run.
    files: Vec<String>,
}

/// The state of one output location, open for a run.
#[derive(Debug)]
pub struct State {
    dir: PathBuf,
    fingerprint: String,
    /// Parts the last complete run left (and this one may reuse).
    known: BTreeSet<String>,
    /// Parts this run uses, in input order.
    used: Vec<String>,
    /// Parts read and scored by this run, encoded, waiting for `commit`.
    pending: Vec<(String, Vec<u8>)>,
    /// Why the previous state is not used, when it is not.
    pub rebuilt: Option<String>,
}

/// What the state says of one input.
pub enum Lookup {
    Cached(Box<FilePart>),
    /// Not in the state (or unreadable there): read and score it.
    Fresh,
}

impl State {
    /// Opens the state folder (created on the first `commit`). `full`
    /// ignores what is there.
    pub fn open(dir: &Path, fingerprint: &str, full: bool) -> Result<State> {
        clean_temporaries(dir);
        let mut s = State {
            dir: dir.to_path_buf(),
            fingerprint: fingerprint.to_string(),
            known: BTreeSet::new(),
            used: Vec::new(),
            pending: Vec::new(),
            rebuilt: None,
        };
        let index = dir.join("index.json");
        if full {
            s.rebuilt = Some("--full".into());
            return Ok(s);
        }
        match std::fs::read(&index) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => s.rebuilt = Some(format!("cannot read {}: {e}", index.display())),
            Ok(bytes) => match serde_json::from_slice::<Index>(&bytes) {
                Err(e) => s.rebuilt = Some(format!("{} is corrupt ({e})", index.display())),
                Ok(i) if i.format != INDEX_FORMAT || i.fingerprint != fingerprint => {
                    s.rebuilt = Some("the suara version, config, watchlists or models changed".into())
                }
                Ok(i) => s.known = i.files.into_iter().collect(),
            },
        }
        Ok(s)
    }

    fn part_path(&self, sha: &str) -> PathBuf {
        self.dir.join(format!("{sha}.part"))
    }

    /// The stored part of a file with content hash `sha`, if the last
    /// complete run left one that reads back whole; `warn` hears why a
    /// stored part was unusable.
    pub fn lookup(&mut self, sha: &str, warn: &mut dyn FnMut(String)) -> Lookup {
        if !self.known.contains(sha) {
            return Lookup::Fresh;
        }
        match read_part(&self.part_path(sha)) {
            Ok(part) => {
                self.used.push(sha.to_string());
                Lookup::Cached(Box::new(part))
            }
            Err(e) => {
                warn(format!("state: {e:#}; the file is read again"));
                Lookup::Fresh
            }
        }
    }

    /// Keeps a freshly read part, to be written by `commit`.
    pub fn store(&mut self, sha: &str, part: &FilePart) -> Result<()> {
        self.store_all(&[(sha, part)])
    }

    /// [`State::store`] for many parts, encoded in parallel.
    pub fn store_all(&mut self, parts: &[(&str, &FilePart)]) -> Result<()> {
        use rayon::prelude::*;
        let encoded: Vec<Vec<u8>> = parts.par_iter().map(|(_, p)| encode_part(p)).collect::<Result<_>>()?;
        for ((sha, _), bytes) in parts.iter().zip(encoded) {
            self.pending.push((sha.to_string(), bytes));
            self.used.push(sha.to_string());
        }
        Ok(())
    }

    /// Records this run as the last complete one (call after its report is
    /// in place): writes the new parts, then the index, then deletes the
    /// parts no longer needed.
    pub fn commit(self) -> Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create state folder {}", self.dir.display()))?;
        for (sha, bytes) in &self.pending {
            crate::output::write_atomic(&self.part_path(sha), bytes)?;
        }
        let index =
            Index { format: INDEX_FORMAT, fingerprint: self.fingerprint.clone(), files: self.used.clone() };
        let json = serde_json::to_vec_pretty(&index).expect("the index serialises");
        crate::output::write_atomic(&self.dir.join("index.json"), &json)?;
        let keep: BTreeSet<&String> = self.used.iter().collect();
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if let Some(sha) = name.strip_suffix(".part")
                    && !keep.contains(&sha.to_string())
                {
                    std::fs::remove_file(e.path()).ok();
                }
            }
        }
        Ok(())
    }
}

/// A part as stored: the header line, then zstd-compressed bincode.
fn encode_part(part: &FilePart) -> Result<Vec<u8>> {
    encode(PART_MAGIC, part, "a state part")
}

fn read_part(path: &Path) -> Result<FilePart> {
    decode(path, PART_MAGIC, "a state part")
}

/// A file of ours: a header line, then zstd-compressed bincode of `value`
/// (`what` names it in errors).
fn encode<T: Serialize + ?Sized>(magic: &[u8], value: &T, what: &str) -> Result<Vec<u8>> {
    let body = bincode::serialize(value).with_context(|| format!("encoding {what}"))?;
    let mut bytes = magic.to_vec();
    bytes.extend(zstd::bulk::compress(&body, 1).with_context(|| format!("compressing {what}"))?);
    Ok(bytes)
}

/// Reads a file written from [`encode`]'s bytes.
fn decode<T: serde::de::DeserializeOwned>(path: &Path, magic: &[u8], what: &str) -> Result<T> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let packed = bytes.strip_prefix(magic).with_context(|| format!("{} is not {what}", path.display()))?;
    let body = zstd::stream::decode_all(packed).with_context(|| format!("{} is corrupt", path.display()))?;
    bincode::deserialize(&body).with_context(|| format!("{} is corrupt", path.display()))
}

/// Removes temporaries a killed run left (`*.tmp-<pid>` of dead processes).
fn clean_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let pid = name.rsplit_once(".tmp-").and_then(|(_, p)| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !crate::output::process_alive(p)) {
            std::fs::remove_file(e.path()).ok();
        }
    }
}

/// The fingerprint of everything that decides a file's part besides its
/// bytes.
pub fn fingerprint(settings: &crate::config::Settings, annotator: &crate::annotate::Annotator) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"suara-state\x1f");
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update([0x1f]);
    h.update(settings.hash().as_bytes());
    for w in &annotator.watchlists.sources {
        h.update([0x1f]);
        h.update(w.sha256.as_bytes());
    }
    for m in annotator.sentiment.report().models {
        h.update([0x1f]);
        h.update(m.id.as_bytes());
    }
    crate::ingest::source::hex(&h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text: &str) -> FilePart {
        FilePart {
            report: FileReport { path: "a.csv".into(), read: 1, kept: 1, ..Default::default() },
            posts: vec![Post { post_id: "1".into(), ..Post::bare(text) }],
            notes: vec![Notes { lang: crate::text::Lang::Id, mentions: vec![], sentiment: None }],
            rejects: vec![],
        }
    }

    /// A state in `dir` whose last complete run stored these parts.
    fn committed(dir: &Path, parts: &[(&str, &str)]) {
        let mut s = State::open(dir, "fp", false).unwrap();
        for (sha, text) in parts {
            s.store(sha, &part(text)).unwrap();
        }
        s.commit().unwrap();
    }

    #[test]
    fn parts_round_trip_and_survive_only_a_matching_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        assert!(State::open(dir.path(), "fp", false).unwrap().rebuilt.is_none());
        committed(dir.path(), &[("abc", "halo")]);
        let mut warn = |m: String| panic!("{m}");
        let mut s = State::open(dir.path(), "fp", false).unwrap();
        match s.lookup("abc", &mut warn) {
            Lookup::Cached(p) => assert_eq!(p.posts[0].text, "halo"),
            Lookup::Fresh => panic!("the stored part is not found"),
        }
        assert!(matches!(s.lookup("other", &mut warn), Lookup::Fresh));
        let mut s = State::open(dir.path(), "fp2", false).unwrap();
        assert!(s.rebuilt.is_some());
        assert!(matches!(s.lookup("abc", &mut warn), Lookup::Fresh));
        let mut s = State::open(dir.path(), "fp", true).unwrap();
        assert!(matches!(s.lookup("abc", &mut warn), Lookup::Fresh), "--full ignores the state");
    }

    #[test]
    fn a_corrupt_index_or_part_is_rebuilt_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        committed(dir.path(), &[("abc", "halo")]);
        std::fs::write(dir.path().join("abc.part"), b"SUARA-PART 1\ngarbage").unwrap();
        let mut warned = Vec::new();
        let mut s = State::open(dir.path(), "fp", false).unwrap();
        assert!(matches!(s.lookup("abc", &mut |m| warned.push(m)), Lookup::Fresh));
        assert!(warned[0].contains("corrupt"), "{warned:?}");
        std::fs::write(dir.path().join("index.json"), b"{ truncated").unwrap();
        let s = State::open(dir.path(), "fp", false).unwrap();
        assert!(s.rebuilt.as_deref().is_some_and(|r| r.contains("corrupt")));
    }

    #[test]
    fn commit_drops_parts_no_longer_used_and_dead_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        committed(dir.path(), &[("old", "a")]);
        // A temporary of a process that cannot exist (pid beyond pid_max).
        std::fs::write(dir.path().join("new.part.tmp-4194305"), b"half").unwrap();
        committed(dir.path(), &[("new", "b")]);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["index.json", "new.part"]);
    }
}

/// A shard's scored parts, written beside its Parquet partition by
/// `suara score --shard I/N` and read back by `suara run --scored DIR`.
#[derive(Debug, Serialize, Deserialize)]
struct ShardFile {
    shard: crate::pipeline::Shard,
    fingerprint: String,
    parts: Vec<FilePart>,
}

const SHARD_MAGIC: &[u8] = b"SUARA-SHARD 1\n";

/// Where a shard's scored parts go: beside its table, `.suara-shard`.
pub fn shard_path(table: &Path) -> PathBuf {
    table.with_extension("suara-shard")
}

/// Encodes a shard's parts (written once its table is in place).
pub fn encode_shard(shard: crate::pipeline::Shard, fingerprint: &str, parts: &[FilePart]) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Borrowed<'a> {
        shard: crate::pipeline::Shard,
        fingerprint: &'a str,
        parts: &'a [FilePart],
    }
    encode(SHARD_MAGIC, &Borrowed { shard, fingerprint, parts }, "the shard")
}

/// Reads every `*.suara-shard` in `dir`, checks that they are the N
/// shards of one scoring (same fingerprint as this run, same input files,
/// each index once), and joins them per input file.
pub fn read_shards(dir: &Path, fingerprint: &str) -> Result<Vec<FilePart>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("--scored {}: cannot read the folder", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "suara-shard"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        anyhow::bail!(
            "--scored {}: no *.suara-shard files (written by `suara score --shard I/N`)",
            dir.display()
        );
    }
    let mut shards: Vec<ShardFile> = Vec::with_capacity(paths.len());
    for p in &paths {
        let s: ShardFile = decode(p, SHARD_MAGIC, "a suara shard")?;
        if s.fingerprint != fingerprint {
            anyhow::bail!(
                "{} was scored with another suara version, config, watchlists or models than this run's",
                p.display()
            );
        }
        shards.push(s);
    }
    shards.sort_by_key(|s| s.shard.index);
    let n = shards[0].shard.count;
    let indices: Vec<u32> = shards.iter().map(|s| s.shard.index).collect();
    if shards.iter().any(|s| s.shard.count != n) || indices != (0..n).collect::<Vec<_>>() {
        anyhow::bail!("--scored {}: need shards 0..{n} of {n} once each, found {indices:?}", dir.display());
    }
    let files = |s: &ShardFile| s.parts.iter().map(|p| p.report.sha256.clone()).collect::<Vec<_>>();
    if shards.iter().any(|s| files(s) != files(&shards[0])) {
        anyhow::bail!("--scored {}: the shards read different input files", dir.display());
    }
    let mut it = shards.into_iter();
    let mut joined = it.next().expect("one shard at least").parts;
    for s in it {
        for (into, part) in joined.iter_mut().zip(s.parts) {
            into.report.read += part.report.read;
            into.report.kept += part.report.kept;
            into.report.rejected += part.report.rejected;
            into.posts.extend(part.posts);
            into.notes.extend(part.notes);
            into.rejects.extend(part.rejects);
        }
    }
    Ok(joined)
}
