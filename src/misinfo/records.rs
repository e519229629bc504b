//! What every post read leaves for the misinfo stage, whether or not the
//! run keeps it: a small [`Record`] for each post that matched a claim,
//! used a word of the hoax vocabulary, or can be a copy (enough words, not
//! a repost). Records stream to disk as files are scored (beside the
//! incremental state, as `<sha256>.misinfo`, so an unchanged file's
//! records are reused) or to memory (`score --shard`, whose sidecar
//! carries them): at 10 M posts they would not fit beside the posts a run
//! keeps. The misinfo stage reads them back after the merge, twice.
//!
//! A blob is a sequence of frames, written a chunk of posts at a time and
//! read back in parallel, frame by frame. A frame is `[u32 length of the
//! rest][u32 length of the word sets][zstd(word sets)][zstd(bincode
//! Vec<Record>)]`: the word sets (`[record][key_index][n][n words]`, u32
//! little-endian, for the records that have words) stand apart, so the
//! stage's first pass, which needs nothing else, reads only them.

use super::index::ClaimHit;
use crate::core::Platform;
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::PathBuf;

/// One post, as the misinfo stage needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Index of the post among its part's keys (de-duplication decides
    /// which copy of a post counts).
    pub key_index: u32,
    /// [`crate::core::Post::key`].
    pub key: u128,
    /// Whether the run keeps the post whole (the posts table gains its
    /// claim and cluster).
    pub kept: bool,
    /// As written in tables (handles masked when pseudonymising).
    pub post_id: String,
    pub platform: Platform,
    pub created_at: Option<i64>,
    /// As `author_hash` writes it.
    pub author: Option<String>,
    /// Watchlist targets the post names (indices), in order, once each.
    pub targets: Vec<u32>,
    /// Vocabulary terms found: (term, alias) indices, once per term.
    pub terms: Vec<(u16, u16)>,
    pub claim: Option<ClaimHit>,
    /// The distinct words of the copy rule, hashed and sorted; empty when
    /// the post cannot be a copy (too few words, or a repost). Stored in
    /// the frame's word sets, not with the rest.
    #[serde(skip)]
    pub words: Vec<u32>,
    /// The post's text (masked), kept only with `words`: a cluster shows
    /// its central post.
    pub text: String,
}

impl Record {
    /// The record of a post the per-post pass examined, or none when it
    /// holds nothing for the stage. Handles are masked here (`masker`,
    /// when pseudonymising), as the posts a run keeps are masked. A post
    /// the run does not keep (`kept` false) gives the record its text and
    /// id instead of a copy: nothing else reads them.
    pub fn of(
        post: &mut crate::core::Post,
        key_index: u32,
        key: u128,
        kept: bool,
        mentions: &[crate::core::Mention],
        examined: super::Examined,
        masker: Option<&crate::core::Masker>,
    ) -> Option<Record> {
        if examined.is_empty() {
            return None;
        }
        let mut targets: Vec<u32> = Vec::new();
        for m in mentions {
            if !targets.contains(&m.target) {
                targets.push(m.target);
            }
        }
        let owned = |s: &mut String| if kept { s.clone() } else { std::mem::take(s) };
        let text = match (examined.words.is_empty(), masker) {
            (true, _) => String::new(),
            (false, Some(m)) => match m.text(&post.text) {
                Some(masked) => masked.text,
                None => owned(&mut post.text),
            },
            (false, None) => owned(&mut post.text),
        };
        let post_id = match masker.map(|m| m.url(&post.post_id)) {
            Some(std::borrow::Cow::Owned(masked)) => masked,
            _ => owned(&mut post.post_id),
        };
        Some(Record {
            key_index,
            key,
            kept,
            post_id,
            platform: post.platform,
            created_at: post.created_at,
            author: post.author.as_deref().map(|a| masker.map_or_else(|| a.to_string(), |m| m.handle(a))),
            targets,
            terms: examined.terms,
            claim: examined.claim,
            words: examined.words,
            text,
        })
    }
}

/// Where a part's records are.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum BlobData {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// A run of records of one part; `key_offset` is added to their
/// `key_index` (a part joined from shards holds one blob per shard).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordBlob {
    pub key_offset: u32,
    pub data: BlobData,
}

/// Records per frame: small enough to decode in parallel, large enough to
/// compress well.
const FRAME: usize = 4096;

/// Frames decoded at a time per thread.
const FRAMES_AT_ONCE: usize = 8;

fn encode_frame(records: &[Record]) -> Result<Vec<u8>> {
    let mut sets: Vec<u8> = Vec::new();
    for (i, r) in records.iter().enumerate().filter(|(_, r)| !r.words.is_empty()) {
        for x in [i as u32, r.key_index, r.words.len() as u32].iter().chain(&r.words) {
            sets.extend_from_slice(&x.to_le_bytes());
        }
    }
    let sets = zstd::bulk::compress(&sets, 1).context("compressing misinfo records")?;
    let raw = bincode::serialize(records).context("encoding misinfo records")?;
    let rest = zstd::bulk::compress(&raw, 1).context("compressing misinfo records")?;
    let mut out = Vec::with_capacity(8 + sets.len() + rest.len());
    out.extend_from_slice(&((4 + sets.len() + rest.len()) as u32).to_le_bytes());
    out.extend_from_slice(&(sets.len() as u32).to_le_bytes());
    out.extend_from_slice(&sets);
    out.extend_from_slice(&rest);
    Ok(out)
}

/// A frame's two parts (after its length).
fn split_frame(z: &[u8]) -> Result<(&[u8], &[u8])> {
    let corrupt = || anyhow::anyhow!("misinfo records are corrupt");
    let len = z.get(..4).ok_or_else(corrupt)?;
    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let rest = &z[4..];
    if len > rest.len() {
        return Err(corrupt());
    }
    Ok(rest.split_at(len))
}

/// The word sets of a frame's records, as stored (see the module's
/// documentation).
#[derive(Debug, Default)]
pub struct WordSets(Vec<u32>);

impl WordSets {
    fn decode(z: &[u8], offset: u32) -> Result<WordSets> {
        let raw = zstd::stream::decode_all(z).context("misinfo records are corrupt")?;
        if !raw.len().is_multiple_of(4) {
            anyhow::bail!("misinfo records are corrupt");
        }
        let mut v: Vec<u32> =
            raw.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        // Checked once here, so that iterating cannot go out of bounds.
        // Records in increasing order, each with words, none past the end.
        let (mut i, mut last) = (0, None);
        while i < v.len() {
            let n = *v.get(i + 2).context("misinfo records are corrupt")? as usize;
            if n == 0 || last.is_some_and(|l| v[i] <= l) {
                anyhow::bail!("misinfo records are corrupt");
            }
            last = Some(v[i]);
            v[i + 1] = v[i + 1].checked_add(offset).context("misinfo records are corrupt")?;
            i = n
                .checked_add(3)
                .and_then(|k| i.checked_add(k))
                .filter(|&e| e <= v.len())
                .context("misinfo records are corrupt")?;
        }
        Ok(WordSets(v))
    }

    /// (record's place in its frame, key_index (offset), words) of each
    /// record that has words, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32, &[u32])> {
        let v = &self.0;
        let mut i = 0;
        std::iter::from_fn(move || {
            if i >= v.len() {
                return None;
            }
            let n = v[i + 2] as usize;
            let out = (v[i], v[i + 1], &v[i + 3..i + 3 + n]);
            i += 3 + n;
            Some(out)
        })
    }
}

fn decode_frame(z: &[u8], offset: u32) -> Result<Vec<Record>> {
    use bincode::Options;
    let (sets, rest) = split_frame(z)?;
    let raw = zstd::stream::decode_all(rest).context("misinfo records are corrupt")?;
    let mut recs: Vec<Record> = bincode::options()
        .with_fixint_encoding()
        .allow_trailing_bytes()
        .with_limit(raw.len() as u64 + 16)
        .deserialize(&raw)
        .context("misinfo records are corrupt")?;
    // The word sets name their record and its key: both must agree.
    for (i, key, words) in WordSets::decode(sets, 0)?.iter() {
        let r =
            recs.get_mut(i as usize).filter(|r| r.key_index == key).context("misinfo records are corrupt")?;
        r.words = words.to_vec();
    }
    for r in &mut recs {
        r.key_index = r.key_index.checked_add(offset).context("misinfo records are corrupt")?;
    }
    Ok(recs)
}

/// Where records go while a file is scored.
pub enum RecordSink {
    /// Nothing is kept (`score` without shards writes no clusters).
    Discard,
    Memory(Vec<u8>),
    File {
        path: PathBuf,
        out: std::io::BufWriter<std::fs::File>,
    },
}

impl RecordSink {
    /// A sink writing to `path` (created, truncated).
    pub fn file(path: PathBuf) -> Result<RecordSink> {
        let f = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(RecordSink::File { path, out: std::io::BufWriter::with_capacity(1 << 20, f) })
    }

    /// Appends records (frames compressed in parallel).
    pub fn write(&mut self, records: &[Record]) -> Result<()> {
        if records.is_empty() || matches!(self, RecordSink::Discard) {
            return Ok(());
        }
        let frames: Vec<Vec<u8>> = records.par_chunks(FRAME).map(encode_frame).collect::<Result<Vec<_>>>()?;
        match self {
            RecordSink::Discard => {}
            RecordSink::Memory(v) => frames.iter().for_each(|f| v.extend_from_slice(f)),
            RecordSink::File { path, out } => {
                for f in &frames {
                    out.write_all(f).with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
        }
        Ok(())
    }

    /// The blob written (synced to disk for a file).
    pub fn finish(self) -> Result<Option<RecordBlob>> {
        Ok(match self {
            RecordSink::Discard => None,
            RecordSink::Memory(v) => Some(RecordBlob { key_offset: 0, data: BlobData::Bytes(v) }),
            RecordSink::File { path, out } => {
                let f = out
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                f.sync_all().with_context(|| format!("cannot write {}", path.display()))?;
                Some(RecordBlob { key_offset: 0, data: BlobData::File(path) })
            }
        })
    }
}

impl RecordBlob {
    /// Calls `f` on every frame's records (their `key_index` already
    /// offset), in parallel, and hands the results to `sink` in blob order
    /// (a few frames at a time: a blob is never decoded whole).
    pub fn scan<T: Send>(&self, f: impl Fn(Vec<Record>) -> T + Sync, sink: impl FnMut(T)) -> Result<()> {
        let offset = self.key_offset;
        self.frames(|z| decode_frame(z, offset).map(&f), sink)
    }

    /// [`RecordBlob::scan`] over the frames' word sets only (the rest is
    /// not decoded).
    pub fn scan_words<T: Send>(&self, f: impl Fn(WordSets) -> T + Sync, sink: impl FnMut(T)) -> Result<()> {
        let offset = self.key_offset;
        self.frames(|z| WordSets::decode(split_frame(z)?.0, offset).map(&f), sink)
    }

    fn frames<T: Send>(
        &self,
        decode: impl Fn(&[u8]) -> Result<T> + Sync,
        mut sink: impl FnMut(T),
    ) -> Result<()> {
        let mut reader: Box<dyn Read> = match &self.data {
            BlobData::Bytes(b) => Box::new(b.as_slice()),
            BlobData::File(p) => Box::new(std::io::BufReader::with_capacity(
                1 << 20,
                std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?,
            )),
        };
        let what = match &self.data {
            BlobData::Bytes(_) => "misinfo records".to_string(),
            BlobData::File(p) => p.display().to_string(),
        };
        let at_once = FRAMES_AT_ONCE * rayon::current_num_threads().max(1);
        loop {
            let mut frames: Vec<Vec<u8>> = Vec::with_capacity(at_once);
            while frames.len() < at_once {
                let mut len = [0u8; 4];
                match reader.read_exact(&mut len) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                    Err(e) => return Err(e).with_context(|| format!("cannot read {what}")),
                }
                let mut z = vec![0u8; u32::from_le_bytes(len) as usize];
                reader.read_exact(&mut z).with_context(|| format!("{what} is truncated"))?;
                frames.push(z);
            }
            if frames.is_empty() {
                break;
            }
            let done: Vec<T> = frames
                .par_iter()
                .map(|z| decode(z).with_context(|| what.clone()))
                .collect::<Result<Vec<T>>>()?;
            done.into_iter().for_each(&mut sink);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(i: u32) -> Record {
        Record {
            key_index: i,
            key: i as u128 * 7,
            kept: i.is_multiple_of(2),
            post_id: format!("p{i}"),
            platform: Platform::Twitter,
            created_at: Some(i as i64),
            author: None,
            targets: vec![1, 2],
            terms: vec![],
            claim: None,
            words: if i.is_multiple_of(3) { vec![] } else { vec![i, i + 1] },
            text: "teks".into(),
        }
    }

    #[test]
    fn records_round_trip_through_memory_and_files_in_order() {
        let recs: Vec<Record> = (0..10_000).map(rec).collect();
        let dir = tempfile::tempdir().unwrap();
        for mut sink in [RecordSink::Memory(Vec::new()), RecordSink::file(dir.path().join("r")).unwrap()] {
            sink.write(&recs[..6000]).unwrap();
            sink.write(&recs[6000..]).unwrap();
            let mut blob = sink.finish().unwrap().unwrap();
            blob.key_offset = 5;
            let mut back: Vec<Record> = Vec::new();
            blob.scan(|r| r, |r| back.extend(r)).unwrap();
            assert_eq!(back.len(), recs.len());
            assert!(back.iter().zip(&recs).all(|(b, r)| b.key_index == r.key_index + 5
                && b.post_id == r.post_id
                && b.words == r.words));
            let mut sets: Vec<(u32, Vec<u32>)> = Vec::new();
            blob.scan_words(|w| w, |w| sets.extend(w.iter().map(|(_, k, s)| (k, s.to_vec())))).unwrap();
            let want: Vec<(u32, Vec<u32>)> = recs
                .iter()
                .filter(|r| !r.words.is_empty())
                .map(|r| (r.key_index + 5, r.words.clone()))
                .collect();
            assert_eq!(sets, want, "the word sets alone, without the rest");
        }
        let bad = RecordBlob { key_offset: 0, data: BlobData::Bytes(vec![9, 0, 0, 0, 1, 2]) };
        assert!(bad.scan(|r| r.len(), |_| {}).is_err(), "a truncated frame is an error, not a panic");
        // A frame whose word sets claim more words than they hold.
        let sets = zstd::bulk::compress(&[0u8, 0, 0, 0, 0, 0, 0, 0, 200, 0, 0, 0], 1).unwrap();
        let mut frame = ((4 + sets.len()) as u32).to_le_bytes().to_vec();
        frame.extend_from_slice(&(sets.len() as u32).to_le_bytes());
        frame.extend_from_slice(&sets);
        let bad = RecordBlob { key_offset: 0, data: BlobData::Bytes(frame) };
        assert!(bad.scan_words(|w| w.iter().count(), |_| {}).is_err(), "corrupt word sets are an error");
    }
}
