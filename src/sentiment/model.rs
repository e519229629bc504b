//! A text classifier: hashed tf–idf features ([`super::features`]), a
//! multinomial logistic regression ([`super::linear`]) and a calibration
//! map fitted with linfa on out-of-fold scores. Trained by `suara train`,
//! stored as one zstd-compressed file, loaded once per run.
//!
//! File layout (all little-endian, then zstd level 19, so the same model is
//! the same bytes): `SUARA-MODEL 1\n`, one line of JSON metadata, then per
//! stored bucket `u32 bucket, f32 idf, f32 × K weights`, then the dense
//! feature weights and the intercepts.

use super::features::{DENSE, DENSE_NAMES, Features, Featurizer, Spec, Valence, Weighted, weigh};
use super::linear::softmax;
use crate::text::{Lexicon, Tokens};
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::path::Path;

const MAGIC: &[u8] = b"SUARA-MODEL 1\n";

/// A model's stored buckets in an open-addressing table probed from the
/// bucket's low bits (buckets are hashes already): the keys in one array
/// (small enough for L2: probing a bucket the model never saw touches
/// nothing else), idf and K weights per entry in another. A model keeps
/// ~5–10 % of its 2^20 buckets; held densely they filled 16–24 MB per
/// model and every lookup missed the cache.
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

    #[inline]
    fn get(&self, bucket: u32) -> Option<&[f32]> {
        self.find(bucket).map(|at| self.at(at))
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

    /// Asks the CPU to start loading a bucket's home key and values: the
    /// lookups of a post are independent, and overlapping their cache
    /// misses is most of scoring's speed.
    #[inline]
    fn prefetch(&self, bucket: u32) {
        #[cfg(target_arch = "x86_64")]
        {
            let at = bucket as usize & self.mask;
            let k = self.keys[at..].as_ptr() as *const i8;
            let v = self.values[at * self.width..].as_ptr() as *const i8;
            // SAFETY: prefetching is a hint; both pointers are in bounds.
            #[allow(unused_unsafe)]
            unsafe {
                use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
                _mm_prefetch::<_MM_HINT_T0>(k);
                _mm_prefetch::<_MM_HINT_T0>(v);
            };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = bucket;
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

/// ln of a term count, tabulated for the common small counts.
#[inline]
fn ln_count(c: u32) -> f32 {
    const LN: [f32; 8] =
        [0.0, 0.0, std::f32::consts::LN_2, 1.098_612_3, 1.386_294_4, 1.609_438, 1.791_759_5, 1.945_910_1];
    if (c as usize) < LN.len() { LN[c as usize] } else { (c as f32).ln() }
}

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
    /// `<name>@<first 12 hex of the weights' SHA-256>`.
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
    /// otherwise lose to the prior).
    #[serde(default)]
    pub bias: Vec<f64>,
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
}

/// A post's (or window's) classification.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Class probabilities (softmax of the logits), in `meta.classes` order.
    pub probs: Vec<f64>,
    pub logits: Vec<f64>,
    /// Calibrated probability that the top class is right.
    pub confidence: f64,
    /// The unit-length scale of the word and character blocks (for
    /// [`TextModel::explain`]).
    pub block_scale: [f64; 2],
    /// Per distinct term of the features, its entry in the model (or
    /// `u32::MAX`), so that explaining needs no second lookup.
    found: Vec<u32>,
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
        let mut m = TextModel { meta: meta.clone(), table, dense, intercept, k };
        let digest = sha256_hex(&m.body());
        meta.id = format!("{name}@{}", &digest[..12]);
        m.meta = meta;
        m
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
        self.table.get(bucket)
    }

    /// Raw decision values of a feature set, the training way: f32 sums
    /// in bucket order ([`weigh`]). `train` derives the model's lexicon
    /// from these; [`TextModel::score`]'s one-pass f64 sums differ in the
    /// last f32 digit, enough to move one shipped lexicon weight (`ditipu`)
    /// by 0.001 and break the byte-for-byte rebuild of `sentiment-id`.
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

    /// Block-scaled weights of a post's distinct terms, folded into class
    /// scores: one table read per distinct term (idf and the K weights
    /// share a slot), no sort. Sums run in f64, so the result equals
    /// [`TextModel::logits`] (the training path) to f32 rounding.
    fn fast_logits(&self, f: &Features, found: &mut Vec<u32>) -> ([f64; MAX_CLASSES], [f64; 2]) {
        let k = self.k;
        found.clear();
        let mut zb = [[0.0f64; MAX_CLASSES]; 2];
        let mut norm = [0.0f64; 2];
        const AHEAD: usize = 12;
        for &(key, _) in f.distinct.iter().take(AHEAD) {
            self.table.prefetch(key >> 1);
        }
        for (i, &(key, count)) in f.distinct.iter().enumerate() {
            if let Some(&(next, _)) = f.distinct.get(i + AHEAD) {
                self.table.prefetch(next >> 1);
            }
            let Some(at) = self.table.find(key >> 1) else {
                found.push(u32::MAX);
                continue;
            };
            found.push(at);
            let s = self.table.at(at);
            let idf = s[0];
            let x = (1.0 + ln_count(count)) * idf;
            let b = (key & 1) as usize;
            norm[b] += (x * x) as f64;
            for c in 0..k {
                zb[b][c] += (x * s[1 + c]) as f64;
            }
        }
        let scale = norm.map(|n| if n > 0.0 { 1.0 / n.sqrt() } else { 0.0 });
        let mut z = [0.0f64; MAX_CLASSES];
        for c in 0..k {
            z[c] = zb[0][c] * scale[0] + zb[1][c] * scale[1] + self.intercept[c] as f64;
            for (j, d) in f.dense.iter().enumerate() {
                z[c] += (d * self.dense[j * k + c]) as f64;
            }
            z[c] += self.meta.bias.get(c).copied().unwrap_or(0.0);
        }
        (z, scale)
    }

    /// Class probabilities and calibrated confidence.
    pub fn score(&self, f: &Features) -> Scored {
        let mut found = Vec::with_capacity(f.distinct.len());
        let (z, block_scale) = self.fast_logits(f, &mut found);
        let logits = z[..self.k].to_vec();
        let probs = softmax(&logits);
        let top = probs.iter().cloned().fold(0.0, f64::max);
        let confidence = match &self.meta.calibration {
            Some((w, b)) => {
                let x = confidence_features(&logits);
                1.0 / (1.0 + (-(w[0] * x[0] + w[1] * x[1] + b)).exp())
            }
            None => top,
        };
        Scored { probs, logits, confidence, block_scale, found }
    }

    /// The words that pushed a post towards `class` most, with their
    /// contribution to that class's logit over the mean of the others.
    /// `scored` is this model's [`TextModel::score`] of `f`.
    pub fn explain(
        &self,
        f: &Features,
        scored: &Scored,
        class: usize,
        top: usize,
        per_token: &mut Vec<f32>,
    ) -> Vec<(String, f32)> {
        let k = self.k as f32;
        let scale = scored.block_scale;
        // A feature's contribution is shared among the tokens it came from:
        // a word's own term, its character n-grams and the bigram it closes
        // all belong to it.
        // Each distinct term's contribution per occurrence, then summed
        // per token.
        let contrib: Vec<f32> = f
            .distinct
            .iter()
            .zip(&scored.found)
            .map(|(&(key, count), &at)| {
                if at == u32::MAX {
                    return 0.0;
                }
                let s = self.table.at(at);
                let x = (1.0 + ln_count(count)) * s[0] * scale[(key & 1) as usize] as f32;
                let others: f32 =
                    (0..self.k).filter(|&c| c != class).map(|c| s[1 + c]).sum::<f32>() / (k - 1.0);
                x * (s[1 + class] - others) / count as f32
            })
            .collect();
        per_token.clear();
        for (o, &d) in f.occ.iter().zip(&f.occ_distinct) {
            if o.token == u32::MAX {
                continue;
            }
            let t = o.token as usize;
            if per_token.len() <= t {
                per_token.resize(t + 1, 0.0);
            }
            per_token[t] += contrib[d as usize];
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
                let others: f32 =
                    (0..self.k).filter(|&c| c != class).map(|c| self.dense[j * self.k + c]).sum::<f32>()
                        / (k - 1.0);
                let c = d * (self.dense[j * self.k + class] - others);
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
        crate::output::write_atomic(path, &packed)
    }

    /// Reads a model written by [`TextModel::save`].
    pub fn load(path: &Path) -> Result<TextModel> {
        let packed = std::fs::read(path).with_context(|| format!("cannot read model {}", path.display()))?;
        Self::from_bytes(&packed).with_context(|| format!("model {}", path.display()))
    }

    pub fn from_bytes(packed: &[u8]) -> Result<TextModel> {
        let raw = zstd::stream::decode_all(packed).context("not a zstd-compressed suara model")?;
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
    crate::ingest::source::hex(&Sha256::digest(b))
}

/// Tokens and target masks of one text, for the featurizer.
pub fn tokenize_for_model(text: &str, lex: &Lexicon, tokens: &mut Tokens) {
    crate::text::tokenize::tokenize(text, lex, tokens);
}
