//! A text classifier: hashed tf–idf features ([`super::features`]), a
//! multinomial logistic regression ([`super::linear`]) and a calibration
//! map fitted with linfa on out-of-fold scores. Trained by `suara train`,
//! stored as one zstd-compressed file, loaded once per run.
//!
//! Scoring is additive over words (see [`super::features`]): each thread
//! keeps, per model, the class sums of every word it has met
//! ([`ModelScratch`]), so a post costs one cache lookup per word and one
//! table lookup per bigram.
//!
//! File layout (all little-endian, then zstd level 19, so the same model is
//! the same bytes): `SUARA-MODEL 2\n`, one line of JSON metadata, then per
//! stored bucket `u32 bucket, f32 idf, f32 × K weights`, then the dense
//! feature weights and the intercepts. Version 1 files (suara before the
//! additive weighting) are refused with a request to retrain.

use super::features::{
    DENSE, DENSE_NAMES, Features, Featurizer, Spec, Term, Valence, Weighted, block_scale, weigh,
};
use super::linear::softmax;
use crate::text::{Lexicon, Tokens};
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::path::Path;

const MAGIC: &[u8] = b"SUARA-MODEL 2\n";
const MAGIC_V1: &[u8] = b"SUARA-MODEL 1\n";

/// A model's stored buckets in an open-addressing table probed from the
/// bucket's low bits (buckets are hashes already): the keys in one array
/// (probing a bucket the model never saw touches nothing else), idf and K
/// weights per entry in another. A model keeps ~5–10 % of its 2^20
/// buckets; held densely they filled 16–24 MB per model.
#[derive(Debug, Clone)]
struct Slots {
    keys: Vec<u32>,
    values: Vec<f32>,
    /// idf + K weights.
    width: usize,
    mask: usize,
}

const EMPTY: u32 = u32::MAX;

impl Slots {
    fn new<'a>(entries: impl Iterator<Item = (u32, &'a [f32])> + Clone, w: usize) -> Slots {
        let n = entries.clone().count();
        let size = (n * 3 / 2 + 1).next_power_of_two();
        let mut keys = vec![EMPTY; size];
        let mut values = vec![0.0f32; size * w];
        let mask = size - 1;
        for (bucket, slot) in entries {
            let mut at = bucket as usize & mask;
            while keys[at] != EMPTY {
                at = (at + 1) & mask;
            }
            keys[at] = bucket;
            values[at * w..(at + 1) * w].copy_from_slice(slot);
        }
        Slots { keys, values, width: w, mask }
    }

    /// Where a bucket's entry is, if stored.
    #[inline]
    fn find(&self, bucket: u32) -> Option<u32> {
        let mut at = bucket as usize & self.mask;
        loop {
            match self.keys[at] {
                k if k == bucket => return Some(at as u32),
                EMPTY => return None,
                _ => at = (at + 1) & self.mask,
            }
        }
    }

    /// The idf and weights of the entry at `at` (from [`Slots::find`]).
    #[inline]
    fn at(&self, at: u32) -> &[f32] {
        let at = at as usize * self.width;
        &self.values[at..at + self.width]
    }

    /// Entries in bucket order (for the model file).
    fn sorted(&self) -> Vec<(u32, &[f32])> {
        let mut v: Vec<(u32, &[f32])> = (0..self.keys.len())
            .filter(|&i| self.keys[i] != EMPTY)
            .map(|i| (self.keys[i], self.at(i as u32)))
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }
}

/// Most classes a model may have (emotion has five).
pub const MAX_CLASSES: usize = 8;

thread_local! {
    /// Per-thread buffers of [`weigh`].
    static WEIGHED: std::cell::RefCell<(Vec<u32>, Vec<Weighted>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// Held-out figures of a model, as `suara eval` computes them; kept in
/// `datasets/models/figures.json` (not in the model, so that `suara train`
/// alone rebuilds a model byte for byte).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalFigure {
    pub model: String,
    pub dataset: String,
    pub method: String,
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
}

/// The recorded figures of the shipped models.
pub fn figures() -> Vec<EvalFigure> {
    serde_json::from_str(include_str!("../../datasets/models/figures.json")).unwrap_or_default()
}

/// What a model is and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    /// `<name>@<first 12 hex of the weights' SHA-256>` (with the offsets
    /// when they were chosen after training: see [`TextModel::set_offsets`]).
    pub id: String,
    pub task: String,
    pub lang: String,
    pub classes: Vec<String>,
    pub spec: Spec,
    pub c: f64,
    pub class_weight: String,
    pub seed: u64,
    pub n_train: usize,
    pub training_data: String,
    pub training_sha256: String,
    /// Cross-validated macro-F1 per grid point (C, class weight).
    pub cv: Vec<(f64, String, f64)>,
    /// Confidence calibration, fitted with linfa's logistic regression on
    /// out-of-fold predictions: P(the label is right) = σ(w·[log p_top,
    /// log p_top − log p_second] + b). Labels are never changed by it.
    pub calibration: Option<(Vec<f64>, f64)>,
    /// Per-class offsets added to the logits, chosen on the out-of-fold
    /// predictions to maximise macro-F1 (small classes such as neutral
    /// otherwise lose to the prior), or on a development set of the
    /// domain the model is for (`offsets_from`).
    #[serde(default)]
    pub bias: Vec<f64>,
    /// Where the offsets were chosen when not on the training folds
    /// (`train --offsets-on`): the set, the method and its macro-F1
    /// before and after. Empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub offsets_from: String,
    /// The offsets the confidence calibration was fitted with (the
    /// training folds'), when `bias` was chosen later: confidence is
    /// computed from logits shifted by these, as it was fitted, so a label
    /// changes with the new offsets but a confidence means what it did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calibrated_with: Vec<f64>,
    /// Words with the weight they add to positive minus negative, most
    /// decisive first: the model's own lexicon (for the lexicon scorer and
    /// for reading the model).
    pub lexicon: Vec<(String, f32)>,
    pub suara_version: String,
}

/// A loaded classifier.
#[derive(Debug, Clone)]
pub struct TextModel {
    pub meta: ModelMeta,
    /// The stored buckets: idf then K weights each.
    table: Slots,
    dense: Vec<f32>,
    intercept: Vec<f32>,
    k: usize,
    /// Which [`ModelScratch`] caches belong to this model.
    uid: u64,
}

/// A fresh [`TextModel::uid`].
fn next_uid() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Most distinct words a [`ModelScratch`] keeps (~14 k words of Zipfian
/// text cover ~95 % of a corpus's word occurrences; a cache of 2^17 words
/// costs ~4–10 MB per model and thread).
const CACHE_WORDS: usize = 1 << 17;

/// One thread's scoring buffers for one model, with its word cache. A
/// cached word holds, for the word block (its own term and stem) and the
/// character block (its n-grams), the K class sums Σ idf·w and Σ idf²:
/// everything scoring needs of it, whatever post it occurs in. Entries are
/// computed by the same code whether or not the cache was warm, so
/// results do not depend on what a thread scored before.
#[derive(Debug, Default)]
pub struct ModelScratch {
    owner: u64,
    /// Cached words by [`ModelScratch::key`]: their entry's number.
    words: crate::util::WordMap<u32>,
    /// Per cached word, `2K + 2` values: word-block sums, character-block
    /// sums, word-block Σ idf², character-block Σ idf².
    entries: Vec<f32>,
    /// A term's cache key: its flags (one character, 1–4, never NUL, so
    /// that short keys pack in registers), then its word.
    key: String,
    pad: Vec<u8>,
    /// The last scored features: each term's entry, and each bigram's
    /// closing token and table slot.
    term_entry: Vec<u32>,
    bigrams: Vec<(u32, u32)>,
}

impl ModelScratch {
    fn reset(&mut self, owner: u64) {
        self.owner = owner;
        self.words.clear();
        self.entries.clear();
    }
}

/// A post's (or window's) classification.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Class probabilities (softmax of the logits), in `meta.classes` order.
    pub probs: Vec<f64>,
    pub logits: Vec<f64>,
    /// Calibrated probability that the top class is right.
    pub confidence: f64,
    /// The scale of the word and character blocks (for
    /// [`TextModel::explain`]).
    pub block_scale: [f64; 2],
}

impl Scored {
    pub fn best(&self) -> usize {
        super::argmax(&self.probs)
    }
}

/// The calibration inputs of a prediction: log p of the top class and its
/// margin over the second.
pub(crate) fn confidence_features(logits: &[f64]) -> [f64; 2] {
    let lp = log_softmax(logits);
    let mut sorted = lp.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    [sorted[0], sorted[0] - sorted.get(1).copied().unwrap_or(f64::NEG_INFINITY).max(-50.0)]
}

impl TextModel {
    /// Builds a model from trained parts (see `train`).
    pub(crate) fn from_parts(
        mut meta: ModelMeta,
        table: Vec<f32>,
        dense: Vec<f32>,
        intercept: Vec<f32>,
        name: &str,
    ) -> TextModel {
        let k = meta.classes.len();
        let w = k + 1;
        let stored = table.chunks(w).enumerate().filter(|(_, s)| s[0] != 0.0).map(|(b, s)| (b as u32, s));
        let table = Slots::new(stored, w);
        let mut m = TextModel { meta: meta.clone(), table, dense, intercept, k, uid: next_uid() };
        let digest = sha256_hex(&m.body());
        meta.id = format!("{name}@{}", &digest[..12]);
        m.meta = meta;
        m
    }

    /// Replaces the decision offsets with ones chosen on a development
    /// set (`from` says which and how), and gives the model a new id: the
    /// same weights with other offsets label posts differently, so they
    /// are another model (its figures and the incremental state's scores
    /// must not be taken for this one's).
    pub fn set_offsets(&mut self, bias: Vec<f64>, from: String) {
        let mut signed = self.body();
        signed.extend_from_slice(b"offsets");
        for b in &bias {
            signed.extend_from_slice(&b.to_le_bytes());
        }
        signed.extend_from_slice(from.as_bytes());
        let name = self.meta.id.rsplit_once('@').map_or(self.meta.id.as_str(), |(n, _)| n).to_string();
        self.meta.id = format!("{name}@{}", &sha256_hex(&signed)[..12]);
        if self.meta.calibrated_with.is_empty() {
            self.meta.calibrated_with = std::mem::take(&mut self.meta.bias);
        }
        self.meta.bias = bias;
        self.meta.offsets_from = from;
    }

    pub fn classes(&self) -> &[String] {
        &self.meta.classes
    }

    /// The featurizer this model was trained with.
    pub fn featurizer<'a>(&self, lex: &'a Lexicon, valence: &'a Valence) -> Featurizer<'a> {
        Featurizer { spec: self.meta.spec, lex, valence: self.meta.spec.vader.then_some(valence) }
    }

    /// A bucket's idf and K weights, if the model knows it.
    #[inline]
    fn slot(&self, bucket: u32) -> Option<&[f32]> {
        self.table.find(bucket).map(|at| self.table.at(at))
    }

    /// Raw decision values of a hashed feature set ([`Featurizer::extract`]),
    /// the training way: f32 sums in bucket order ([`weigh`]). `train`
    /// derives the model's lexicon from these, so that a rebuild gives the
    /// same bytes; [`TextModel::score`] agrees with it to f32 rounding.
    pub fn logits(&self, f: &Features) -> Vec<f64> {
        WEIGHED.with(|cell| {
            let (keys, weighted) = &mut *cell.borrow_mut();
            weigh(&f.occ, |b| self.slot(b).map_or(0.0, |s| s[0]), keys, weighted);
            let mut z = vec![0.0f32; self.k];
            for w in weighted.iter() {
                let Some(s) = self.slot(w.bucket) else { continue };
                for c in 0..self.k {
                    z[c] += w.weight * s[1 + c];
                }
            }
            for (j, d) in f.dense.iter().enumerate() {
                for (zc, wc) in z.iter_mut().zip(&self.dense[j * self.k..(j + 1) * self.k]) {
                    *zc += d * wc;
                }
            }
            let bias = |c: usize| self.meta.bias.get(c).copied().unwrap_or(0.0);
            z.iter().zip(&self.intercept).enumerate().map(|(c, (a, b))| (*a + *b) as f64 + bias(c)).collect()
        })
    }

    /// The cache entry of a term, computed on first sight.
    fn entry(&self, t: Term<'_>, fz: &Featurizer<'_>, s: &mut ModelScratch) -> u32 {
        s.key.clear();
        s.key.push(char::from(1 + (t.negated as u8 | (t.chars as u8) << 1)));
        s.key.push_str(t.word);
        if let Some(at) = s.words.get(&s.key) {
            return at;
        }
        let k = self.k;
        let at = s.entries.len() / (2 * k + 2);
        s.entries.resize(s.entries.len() + 2 * k + 2, 0.0);
        let e = &mut s.entries[at * (2 * k + 2)..];
        fz.term_buckets(t, &mut s.pad, |bucket, char_block| {
            if let Some(w) = self.slot(bucket) {
                let b = char_block as usize;
                for c in 0..k {
                    e[b * k + c] += w[0] * w[1 + c];
                }
                e[2 * k + b] += w[0] * w[0];
            }
        });
        s.words.insert(&s.key, at as u32);
        at as u32
    }

    /// Class probabilities and calibrated confidence of unhashed features
    /// ([`Featurizer::extract_terms`]). `s` must be used by one thread;
    /// it may be shared by several models (it resets when the model
    /// changes), but one per model keeps each model's cache warm.
    pub fn score(&self, f: &Features, lex: &crate::text::Lexicon, s: &mut ModelScratch) -> Scored {
        let k = self.k;
        let n_terms = f.terms().count();
        if s.owner != self.uid || s.words.len() + n_terms > CACHE_WORDS {
            s.reset(self.uid);
        }
        let fz = Featurizer { spec: self.meta.spec, lex, valence: None };
        let mut zb = [[0.0f64; MAX_CLASSES]; 2];
        let mut sq = [0.0f64; 2];
        s.term_entry.clear();
        for t in f.terms() {
            let at = self.entry(t, &fz, s);
            s.term_entry.push(at);
            let e = &s.entries[at as usize * (2 * k + 2)..(at as usize + 1) * (2 * k + 2)];
            for b in 0..2 {
                for c in 0..k {
                    zb[b][c] += e[b * k + c] as f64;
                }
                sq[b] += e[2 * k + b] as f64;
            }
        }
        s.bigrams.clear();
        if self.meta.spec.bigrams {
            for (a, b) in f.bigram_pairs() {
                let Some(at) = self.table.find(fz.bigram_bucket(a, b)) else { continue };
                s.bigrams.push((b.token, at));
                let w = self.table.at(at);
                for c in 0..k {
                    zb[0][c] += (w[0] * w[1 + c]) as f64;
                }
                sq[0] += (w[0] * w[0]) as f64;
            }
        }
        let scale = sq.map(|v| block_scale(v as f32) as f64);
        let mut logits = vec![0.0f64; k];
        for (c, z) in logits.iter_mut().enumerate() {
            *z = zb[0][c] * scale[0] + zb[1][c] * scale[1] + self.intercept[c] as f64;
            for (j, d) in f.dense.iter().enumerate() {
                *z += (d * self.dense[j * k + c]) as f64;
            }
            *z += self.meta.bias.get(c).copied().unwrap_or(0.0);
        }
        let probs = softmax(&logits);
        let top = probs.iter().cloned().fold(0.0, f64::max);
        let confidence = match &self.meta.calibration {
            Some((w, b)) => {
                // As calibrated: with the offsets it was fitted with, when
                // the model's were chosen later.
                let fitted: std::borrow::Cow<[f64]> = if self.meta.calibrated_with.is_empty() {
                    (&logits[..]).into()
                } else {
                    let at = |v: &[f64], c: usize| v.get(c).copied().unwrap_or(0.0);
                    let shift = |(c, z): (usize, &f64)| {
                        z - at(&self.meta.bias, c) + at(&self.meta.calibrated_with, c)
                    };
                    logits.iter().enumerate().map(shift).collect::<Vec<f64>>().into()
                };
                let x = confidence_features(&fitted);
                1.0 / (1.0 + (-(w[0] * x[0] + w[1] * x[1] + b)).exp())
            }
            None => top,
        };
        Scored { probs, logits, confidence, block_scale: scale }
    }

    /// The words that pushed a post towards `class` most, with their
    /// contribution to that class's logit over the mean of the others.
    /// `scored` is this model's [`TextModel::score`] of `f` with scratch
    /// `s` (which remembers each term's entry).
    pub fn explain(
        &self,
        f: &Features,
        scored: &Scored,
        class: usize,
        top: usize,
        s: &ModelScratch,
        per_token: &mut Vec<f32>,
    ) -> Vec<(String, f32)> {
        let k = self.k;
        let scale = scored.block_scale.map(|v| v as f32);
        // Margin of `class` over the mean of the others, from K sums.
        let margin = |v: &[f32]| {
            let others: f32 = (0..k).filter(|&c| c != class).map(|c| v[c]).sum::<f32>() / (k as f32 - 1.0);
            v[class] - others
        };
        // A word's own term, its stem and character n-grams belong to it;
        // a bigram belongs to the word that closes it.
        per_token.clear();
        let mut add = |token: u32, c: f32| {
            let t = token as usize;
            if per_token.len() <= t {
                per_token.resize(t + 1, 0.0);
            }
            per_token[t] += c;
        };
        for (t, &at) in f.terms().zip(&s.term_entry) {
            let e = &s.entries[at as usize * (2 * k + 2)..];
            add(t.token, margin(&e[..k]) * scale[0] + margin(&e[k..2 * k]) * scale[1]);
        }
        for &(token, at) in &s.bigrams {
            let w = self.table.at(at);
            let x: Vec<f32> = w[1..].iter().map(|v| v * w[0]).collect();
            add(token, margin(&x) * scale[0]);
        }
        let mut ranked: Vec<(u32, f32)> =
            per_token.iter().enumerate().filter(|(_, c)| **c > 0.0).map(|(t, c)| (t as u32, *c)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut labelled: Vec<(String, f32)> = Vec::with_capacity(top + DENSE);
        for (t, c) in ranked {
            if labelled.len() == top {
                break;
            }
            if let Some(l) = f.token_label(t)
                && !labelled.iter().any(|(x, _)| *x == l)
            {
                labelled.push((l, c));
            }
        }
        for (j, d) in f.dense.iter().enumerate() {
            if *d != 0.0 {
                let c = d * margin(&self.dense[j * k..(j + 1) * k]);
                if c > 0.0 {
                    labelled.push((DENSE_NAMES[j].to_string(), c));
                }
            }
        }
        labelled.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        labelled.truncate(top);
        labelled
    }

    fn body(&self) -> Vec<u8> {
        let mut b = Vec::new();
        let w = self.k + 1;
        debug_assert_eq!(w, self.table.width);
        for (bucket, slot) in self.table.sorted() {
            b.extend_from_slice(&bucket.to_le_bytes());
            for v in slot {
                b.extend_from_slice(&v.to_le_bytes());
            }
        }
        for v in self.dense.iter().chain(&self.intercept) {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b
    }

    /// Writes the model (byte-identical for the same model).
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut raw = MAGIC.to_vec();
        raw.extend_from_slice(serde_json::to_string(&self.meta)?.as_bytes());
        raw.push(b'\n');
        let body = self.body();
        raw.extend_from_slice(&(body.len() as u64).to_le_bytes());
        raw.extend_from_slice(&body);
        let packed = zstd::bulk::compress(&raw, 19).context("compressing the model")?;
        crate::util::write_atomic(path, &packed)
    }

    /// Reads a model written by [`TextModel::save`].
    pub fn load(path: &Path) -> Result<TextModel> {
        let packed = std::fs::read(path).with_context(|| format!("cannot read model {}", path.display()))?;
        Self::from_bytes(&packed).with_context(|| format!("model {}", path.display()))
    }

    pub fn from_bytes(packed: &[u8]) -> Result<TextModel> {
        let raw = zstd::stream::decode_all(packed).context("not a zstd-compressed suara model")?;
        if raw.starts_with(MAGIC_V1) {
            bail!(
                "a model from an older suara (format 1, before additive word weighting): retrain it with `suara train`"
            );
        }
        let rest = raw.strip_prefix(MAGIC).context("not a suara model (bad magic)")?;
        let nl = rest.iter().position(|&b| b == b'\n').context("truncated model header")?;
        let meta: ModelMeta = serde_json::from_slice(&rest[..nl]).context("bad model metadata")?;
        let mut body = &rest[nl + 1..];
        if body.len() < 8 {
            bail!("truncated model body");
        }
        let len = u64::from_le_bytes(body[..8].try_into().unwrap()) as usize;
        body = &body[8..];
        if body.len() != len {
            bail!("model body is {} bytes, header says {len}", body.len());
        }
        let k = meta.classes.len();
        let w = k + 1;
        let tail = (DENSE * k + k) * 4;
        if k > MAX_CLASSES || len < tail || !(len - tail).is_multiple_of(4 + w * 4) || meta.spec.bits > 24 {
            bail!("model body has an impossible size");
        }
        let f = |b: &[u8]| f32::from_le_bytes(b.try_into().unwrap());
        let records = &body[..len - tail];
        let mut parsed = Vec::with_capacity(records.len() / (4 + w * 4));
        let mut last = None;
        for rec in records.chunks(4 + w * 4) {
            let bucket = u32::from_le_bytes(rec[..4].try_into().unwrap());
            if bucket >= 1 << meta.spec.bits || last.is_some_and(|l| l >= bucket) {
                bail!("bucket {bucket} out of range or order");
            }
            last = Some(bucket);
            let slot: Vec<f32> = (0..w).map(|j| f(&rec[4 + j * 4..8 + j * 4])).collect();
            parsed.push((bucket, slot));
        }
        let table = Slots::new(parsed.iter().map(|(b, s)| (*b, s.as_slice())), w);
        let nums: Vec<f32> = body[len - tail..].chunks(4).map(f).collect();
        Ok(TextModel {
            dense: nums[..DENSE * k].to_vec(),
            intercept: nums[DENSE * k..].to_vec(),
            table,
            k,
            meta,
            uid: next_uid(),
        })
    }
}

pub(crate) fn log_softmax(z: &[f64]) -> Vec<f64> {
    let m = z.iter().cloned().fold(f64::MIN, f64::max);
    let lse = m + z.iter().map(|v| (v - m).exp()).sum::<f64>().ln();
    z.iter().map(|v| v - lse).collect()
}

pub(crate) fn sha256_hex(b: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(b))
}

/// Tokens and target masks of one text, for the featurizer.
pub fn tokenize_for_model(text: &str, lex: &Lexicon, tokens: &mut Tokens) {
    crate::text::tokenize::tokenize(text, lex, tokens);
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: &[&str] = &[
        "pelayanan buruk banget, saya kecewa dan kecewa lagi!!!",
        "gak bagus sama sekali, tapi makanannya enak 😂",
        "hahaha mantaaap keren KEREN #pemilu2024 @kpu_ri https://t.co/x",
        "",
        "pemilu damai, jangan golput",
    ];

    fn featurize(m: &TextModel, lex: &Lexicon, text: &str, hashed: bool) -> Features {
        featurize_part(m, lex, text, hashed, false)
    }

    /// Features of a text, or (`clause`) of all tokens but the first, with
    /// the first word masked as a target.
    fn featurize_part(m: &TextModel, lex: &Lexicon, text: &str, hashed: bool, clause: bool) -> Features {
        let mut t = Tokens::default();
        tokenize_for_model(text, lex, &mut t);
        let valence = Valence::builtin();
        let fz = m.featurizer(lex, &valence);
        let mut f = Features::default();
        let (range, mask) = match (clause, t.list.first()) {
            (true, Some(first)) => (1..t.list.len(), vec![(first.start, first.end)]),
            _ => (0..t.list.len(), vec![]),
        };
        fz.extract_terms(&t, range, &mask, &mut f);
        if hashed {
            fz.hash_terms(&mut f);
        }
        f
    }

    #[test]
    fn cached_scoring_agrees_with_the_training_path() {
        let lex = Lexicon::builtin();
        let m = TextModel::from_bytes(crate::sentiment::DEFAULT_ID).unwrap();
        let mut s = ModelScratch::default();
        for text in TEXTS {
            for clause in [false, true] {
                let want = m.logits(&featurize_part(&m, &lex, text, true, clause));
                let got = m.score(&featurize_part(&m, &lex, text, false, clause), &lex, &mut s).logits;
                for (a, b) in want.iter().zip(&got) {
                    assert!((a - b).abs() < 1e-4, "{text:?}: training path {want:?}, scoring {got:?}");
                }
            }
        }
    }

    #[test]
    fn a_warm_cache_gives_the_same_bits_as_a_cold_one() {
        let lex = Lexicon::builtin();
        let m = TextModel::from_bytes(crate::sentiment::DEFAULT_ID).unwrap();
        let mut warm = ModelScratch::default();
        for text in TEXTS {
            m.score(&featurize(&m, &lex, text, false), &lex, &mut warm);
        }
        let mut per_token = Vec::new();
        for text in TEXTS {
            let f = featurize(&m, &lex, text, false);
            let mut cold = ModelScratch::default();
            let (a, b) = (m.score(&f, &lex, &mut warm), m.score(&f, &lex, &mut cold));
            assert_eq!(a, b, "{text:?}");
            let best = a.best();
            assert_eq!(
                m.explain(&f, &a, best, 3, &warm, &mut per_token),
                m.explain(&f, &b, best, 3, &cold, &mut per_token)
            );
        }
        // A scratch handed to another model starts over instead of reusing
        // the first model's sums.
        let e = TextModel::from_bytes(crate::sentiment::DEFAULT_EMOTION).unwrap();
        let f = featurize(&e, &lex, TEXTS[0], false);
        assert_eq!(e.score(&f, &lex, &mut warm), e.score(&f, &lex, &mut ModelScratch::default()));
    }

    #[test]
    fn explanations_name_the_deciding_words() {
        let lex = Lexicon::builtin();
        let m = TextModel::from_bytes(crate::sentiment::DEFAULT_ID).unwrap();
        let mut s = ModelScratch::default();
        let f = featurize(&m, &lex, "pelayanan buruk, saya kecewa", false);
        let scored = m.score(&f, &lex, &mut s);
        let neg = m.classes().iter().position(|c| c == "negative").unwrap();
        assert_eq!(scored.best(), neg);
        let why: Vec<String> =
            m.explain(&f, &scored, neg, 3, &s, &mut Vec::new()).into_iter().map(|w| w.0).collect();
        let mut top2 = why[..2].to_vec();
        top2.sort();
        assert_eq!(top2, ["buruk", "kecewa"], "{why:?}");
    }

    #[test]
    fn models_of_the_first_format_are_refused_with_advice() {
        let mut raw = MAGIC_V1.to_vec();
        raw.extend_from_slice(b"{}\n");
        let packed = zstd::bulk::compress(&raw, 1).unwrap();
        let err = TextModel::from_bytes(&packed).unwrap_err().to_string();
        assert!(err.contains("suara train"), "{err}");
    }
}
