//! Incremental runs. Next to the reports, a state folder keeps what ingest
//! and the per-post stages made of each input file, by the file's content
//! hash. A nightly run over a growing folder reads and scores only the new
//! or changed files, takes the others from the state, and merges them all
//! in input order through the same de-duplication a full run uses, so its
//! tables equal a full run's (`tests/cli.rs` checks this).
//!
//! Layout: `index.json` (format, fingerprint, the files of the last
//! complete run) and per file one `<sha256>.part` (a header line, the body
//! length, then zstd-compressed bincode of [`FilePart`]) and one
//! `<sha256>.misinfo` (its posts' misinfo records, written while the file
//! is scored: see [`crate::misinfo::records`]). A new part is
//! written as a temporary of this process as soon as its file is scored;
//! only once the report is in place are the temporaries renamed into place
//! and the index written: a run that fails or is killed at any moment
//! leaves the previous state as it was. A state whose
//! fingerprint (suara version, resolved config, watchlists, models) differs,
//! or that cannot be read, is set aside with a warning and rebuilt.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const PART_MAGIC: &[u8] = b"SUARA-PART 5\n";
const TOPICS_MAGIC: &[u8] = b"SUARA-TOPICS 1\n";
/// The topics of the last complete run, carried to the next.
const TOPICS_FILE: &str = "topics.carry";
const INDEX_FORMAT: u32 = 6;

pub use crate::annotate::parts::FilePart;
use crate::topics::carry::Carried;

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
    /// Parts read and scored by this run, written as temporaries and
    /// renamed into place by `commit`.
    pending: Vec<String>,
    /// Their misinfo records, likewise.
    pending_records: Vec<String>,
    /// Why the previous state is not used, when it is not.
    pub rebuilt: Option<String>,
    /// This run's topics were written as a temporary, for `commit`.
    topics_pending: Option<bool>,
}

/// What the state says of one input.
pub enum Lookup {
    Cached(Box<FilePart>),
    /// Not in the state (or unreadable there): read and score it.
    Fresh,
}

impl State {
    /// Opens the state folder (created by the first `store` or `commit`).
    /// `full` ignores what is there.
    pub fn open(dir: &Path, fingerprint: &str, full: bool) -> Result<State> {
        let mut s = State {
            dir: dir.to_path_buf(),
            fingerprint: fingerprint.to_string(),
            known: BTreeSet::new(),
            used: Vec::new(),
            pending: Vec::new(),
            pending_records: Vec::new(),
            rebuilt: None,
            topics_pending: None,
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

    fn records_path(&self, sha: &str) -> PathBuf {
        self.dir.join(format!("{sha}.misinfo"))
    }

    fn pending_records_path(&self, sha: &str) -> PathBuf {
        self.dir.join(format!("{sha}.misinfo.tmp-{}", std::process::id()))
    }

    /// Where a file about to be scored writes its misinfo records: a
    /// temporary of this run, renamed into place by `commit`.
    pub fn records_sink(&mut self, sha: &str) -> Result<crate::misinfo::records::RecordSink> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create state folder {}", self.dir.display()))?;
        let path = self.pending_records_path(sha);
        if !self.pending_records.iter().any(|s| s == sha) {
            self.pending_records.push(sha.to_string());
        }
        crate::misinfo::records::RecordSink::file(path)
    }

    /// The stored part of a file with content hash `sha`, if the last
    /// complete run left one that reads back whole; `warn` hears why a
    /// stored part was unusable.
    pub fn lookup(&mut self, sha: &str, warn: &mut dyn FnMut(String)) -> Lookup {
        if !self.known.contains(sha) {
            return Lookup::Fresh;
        }
        let records = self.records_path(sha);
        if !records.is_file() {
            warn(format!("state: {} is missing; the file is read again", records.display()));
            return Lookup::Fresh;
        }
        match read_part(&self.part_path(sha)) {
            Ok(mut part) => {
                self.used.push(sha.to_string());
                part.records = vec![crate::misinfo::records::RecordBlob {
                    key_offset: 0,
                    data: crate::misinfo::records::BlobData::File(records),
                }];
                Lookup::Cached(Box::new(part))
            }
            Err(e) => {
                warn(format!("state: {e:#}; the file is read again"));
                Lookup::Fresh
            }
        }
    }

    /// Writes a freshly read part as a temporary (`<sha>.part.tmp-<pid>`,
    /// cleaned up if this run dies), renamed into place by `commit`: the
    /// encoded part is not held in memory, and the previous run's parts
    /// stay as they are until then.
    pub fn store(&mut self, sha: &str, part: &mut FilePart) -> Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create state folder {}", self.dir.display()))?;
        // The records are a file of their own (see `records_sink`).
        let records = std::mem::take(&mut part.records);
        let written = write_encoded(&self.pending_path(sha), PART_MAGIC, &*part, "a state part");
        part.records = records;
        written?;
        self.pending.push(sha.to_string());
        self.used.push(sha.to_string());
        Ok(())
    }

    /// The topics the last complete run carried over, when this run may
    /// use them; otherwise why not (the manifest says it).
    pub fn carried_topics(&self, settings_hash: &str) -> std::result::Result<Carried, String> {
        match self.rebuilt.as_deref() {
            Some("--full") => return Err("--full".into()),
            Some(why) => return Err(format!("the state was rebuilt ({why})")),
            None => {}
        }
        let path = self.dir.join(TOPICS_FILE);
        if !path.exists() {
            return Err("no topics carried over (a first run)".into());
        }
        match decode::<Carried>(&path, TOPICS_MAGIC, "carried topics") {
            Err(e) => Err(format!("{e:#}")),
            Ok(c) if c.settings != settings_hash => Err("the [topics] settings changed".into()),
            Ok(c) => Ok(c),
        }
    }

    /// Writes this run's topics for the next run (a temporary until
    /// `commit`); `None` (topics off) leaves none to carry.
    pub fn store_topics(&mut self, topics: Option<&Carried>) -> Result<()> {
        match topics {
            Some(t) => {
                std::fs::create_dir_all(&self.dir)
                    .with_context(|| format!("cannot create state folder {}", self.dir.display()))?;
                write_encoded(&self.pending_path(TOPICS_FILE), TOPICS_MAGIC, t, "carried topics")?;
                self.topics_pending = Some(true);
            }
            None => self.topics_pending = Some(false),
        }
        Ok(())
    }

    fn pending_path(&self, sha: &str) -> PathBuf {
        self.dir.join(format!("{sha}.part.tmp-{}", std::process::id()))
    }

    /// Records this run as the last complete one (call after its report is
    /// in place): moves the new parts into place, writes the index, then
    /// deletes the parts no longer needed.
    pub fn commit(mut self) -> Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create state folder {}", self.dir.display()))?;
        for sha in std::mem::take(&mut self.pending_records) {
            let (from, to) = (self.pending_records_path(&sha), self.records_path(&sha));
            if from.exists() || !to.exists() {
                std::fs::rename(&from, &to)
                    .with_context(|| format!("cannot move {} into place", to.display()))?;
            }
        }
        for sha in std::mem::take(&mut self.pending) {
            let (from, to) = (self.pending_path(&sha), self.part_path(&sha));
            // The same content listed twice was stored (and renamed) once.
            if from.exists() || !to.exists() {
                std::fs::rename(&from, &to)
                    .with_context(|| format!("cannot move {} into place", to.display()))?;
            }
        }
        match self.topics_pending.take() {
            Some(true) => {
                let to = self.dir.join(TOPICS_FILE);
                std::fs::rename(self.pending_path(TOPICS_FILE), &to)
                    .with_context(|| format!("cannot move {} into place", to.display()))?;
            }
            Some(false) => {
                std::fs::remove_file(self.dir.join(TOPICS_FILE)).ok();
            }
            None => {}
        }
        let index =
            Index { format: INDEX_FORMAT, fingerprint: self.fingerprint.clone(), files: self.used.clone() };
        let json = serde_json::to_vec_pretty(&index).expect("the index serialises");
        crate::output::write_atomic(&self.dir.join("index.json"), &json)?;
        let keep: BTreeSet<&String> = self.used.iter().collect();
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if let Some(sha) = name.strip_suffix(".part").or_else(|| name.strip_suffix(".misinfo"))
                    && !keep.contains(&sha.to_string())
                {
                    std::fs::remove_file(e.path()).ok();
                }
            }
        }
        Ok(())
    }
}

impl Drop for State {
    /// A run that stops before `commit` (an error) takes its temporaries
    /// with it, and the state folder if it made it; a killed run leaves
    /// them to the next run's clean-up.
    fn drop(&mut self) {
        for sha in &self.pending {
            std::fs::remove_file(self.pending_path(sha)).ok();
        }
        if self.topics_pending == Some(true) {
            std::fs::remove_file(self.pending_path(TOPICS_FILE)).ok();
        }
        for sha in &self.pending_records {
            std::fs::remove_file(self.pending_records_path(sha)).ok();
        }
        // Only succeeds if empty: a folder this run made (its first part
        // may have failed to write, on a full disk) or one that holds
        // nothing.
        std::fs::remove_dir(&self.dir).ok();
    }
}

fn read_part(path: &Path) -> Result<FilePart> {
    decode(path, PART_MAGIC, "a state part")
}

/// A file of ours: a header line, the length of the bincode body (u64,
/// little-endian), then the body zstd-compressed. The length bounds what a
/// corrupt file can make the reader allocate.
fn encode<T: Serialize + ?Sized>(magic: &[u8], value: &T, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    encode_into(&mut bytes, magic, value, what)?;
    Ok(bytes)
}

/// [`encode`] into a writer, streaming: the body is never held whole.
fn encode_into<T: Serialize + ?Sized, W: std::io::Write>(
    mut out: W,
    magic: &[u8],
    value: &T,
    what: &str,
) -> Result<W> {
    let len = bincode::serialized_size(value).with_context(|| format!("encoding {what}"))?;
    out.write_all(magic)?;
    out.write_all(&len.to_le_bytes())?;
    let mut z = std::io::BufWriter::with_capacity(1 << 20, zstd::stream::Encoder::new(out, 1)?);
    bincode::serialize_into(&mut z, value).with_context(|| format!("encoding {what}"))?;
    let z = z.into_inner().map_err(|e| e.into_error())?;
    Ok(z.finish()?)
}

/// [`encode`] straight into a file (synced; removed on failure), so a
/// large part is never held in memory encoded as well.
fn write_encoded<T: Serialize + ?Sized>(path: &Path, magic: &[u8], value: &T, what: &str) -> Result<()> {
    crate::output::write_synced(path, |file| encode_into(file, magic, value, what))
}

/// Reads a file [`encode`] wrote, streaming (a large part is never held
/// whole as bytes besides its decoded value).
fn decode<T: serde::de::DeserializeOwned>(path: &Path, magic: &[u8], what: &str) -> Result<T> {
    use bincode::Options;
    use std::io::Read;
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, file);
    let mut head = vec![0u8; magic.len()];
    r.read_exact(&mut head).ok();
    if head != magic {
        anyhow::bail!("{} is not {what}", path.display());
    }
    let mut len = [0u8; 8];
    r.read_exact(&mut len).with_context(|| format!("{} is corrupt", path.display()))?;
    let z =
        zstd::stream::Decoder::with_buffer(r).with_context(|| format!("{} is corrupt", path.display()))?;
    // As `bincode::serialize` wrote it, allocating no more than the body.
    bincode::options()
        .with_fixint_encoding()
        .allow_trailing_bytes()
        .with_limit(u64::from_le_bytes(len))
        .deserialize_from(z)
        .with_context(|| format!("{} is corrupt", path.display()))
}

/// Bumped whenever per-post results change within one version without a
/// model, config or watchlist change, so that states scored before are
/// rebuilt: 2 — political figures' names masked at prediction, posts of no
/// identified language scored in their export's language; 3 — handles and
/// account URLs masked in stored posts and rejects; 4 — masked handles' words
/// left out of `why`; 5 — misinfo records (claims, hoax vocabulary,
/// copy-paste words) beside each part; 6 — a number with letters written
/// onto it (`1i`) is no ballot number, a context inside a hashtag counts
/// only right before the word.
const SCORING_REVISION: u32 = 6;

/// The fingerprint of everything that decides a file's part besides its
/// bytes.
pub fn fingerprint(settings: &crate::config::Settings, annotator: &crate::annotate::Annotator) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"suara-state\x1f");
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(SCORING_REVISION.to_le_bytes());
    h.update([0x1f]);
    h.update(settings.scoring_hash().as_bytes());
    for w in &annotator.watchlists.sources {
        h.update([0x1f]);
        h.update(w.sha256.as_bytes());
    }
    for m in annotator.sentiment.report().models {
        h.update([0x1f]);
        h.update(m.id.as_bytes());
    }
    // The claims matched in the per-post pass: a new fact-check table
    // scores every file again.
    for f in &annotator.misinfo.claims.files {
        h.update([0x1f]);
        h.update(f.sha256.as_bytes());
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text: &str) -> FilePart {
        use crate::annotate::parts::PostKey;
        let post = crate::core::Post { post_id: "1".into(), ..crate::core::Post::bare(text) };
        let key = PostKey {
            id: post.key(),
            engagement: 0,
            kept: 0,
            lang: crate::text::Lang::Id,
            matched: false,
            dated: false,
        };
        FilePart {
            report: crate::ingest::FileReport {
                path: "a.csv".into(),
                read: 1,
                kept: 1,
                ..Default::default()
            },
            keys: vec![key],
            posts: vec![crate::core::Scored {
                post,
                notes: crate::core::Notes { lang: crate::core::Lang::Id, mentions: vec![], sentiment: None },
            }],
            rejects: vec![],
            acts: Default::default(),
            records: vec![],
        }
    }

    /// A state in `dir` whose last complete run stored these parts.
    fn committed(dir: &Path, parts: &[(&str, &str)]) {
        let mut s = State::open(dir, "fp", false).unwrap();
        for (sha, text) in parts {
            s.records_sink(sha).unwrap().finish().unwrap();
            s.store(sha, &mut part(text)).unwrap();
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
            Lookup::Cached(p) => assert_eq!(p.posts[0].post.text, "halo"),
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
        std::fs::write(dir.path().join("abc.part"), b"SUARA-PART 5\ngarbage").unwrap();
        let mut warned = Vec::new();
        let mut s = State::open(dir.path(), "fp", false).unwrap();
        assert!(matches!(s.lookup("abc", &mut |m| warned.push(m)), Lookup::Fresh));
        assert!(warned[0].contains("corrupt"), "{warned:?}");
        std::fs::write(dir.path().join("index.json"), b"{ truncated").unwrap();
        let s = State::open(dir.path(), "fp", false).unwrap();
        assert!(s.rebuilt.as_deref().is_some_and(|r| r.contains("corrupt")));
    }

    #[test]
    fn commit_drops_parts_no_longer_used() {
        let dir = tempfile::tempdir().unwrap();
        committed(dir.path(), &[("old", "a")]);
        committed(dir.path(), &[("new", "b")]);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["index.json", "new.misinfo", "new.part"]);
    }
}

/// A shard's scored parts, written beside its Parquet partition by
/// `suara score --shard I/N` and read back by `suara run --scored DIR`.
#[derive(Debug, Serialize, Deserialize)]
struct ShardFile {
    shard: crate::core::Shard,
    fingerprint: String,
    parts: Vec<FilePart>,
}

const SHARD_MAGIC: &[u8] = b"SUARA-SHARD 6\n";

/// Where a shard's scored parts go: beside its table, `.suara-shard`.
pub fn shard_path(table: &Path) -> PathBuf {
    table.with_extension("suara-shard")
}

/// Encodes a shard's parts (written once its table is in place).
pub fn encode_shard(shard: crate::core::Shard, fingerprint: &str, parts: &[FilePart]) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Borrowed<'a> {
        shard: crate::core::Shard,
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
            into.append(part);
        }
    }
    Ok(joined)
}
