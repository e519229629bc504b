//! Training a [`TextModel`]: featurize (target names masked), build the
//! vocabulary of hashed buckets (min document frequency 2) with idf, pick
//! C and the class weighting by stratified k-fold cross-validation on the
//! training data only, calibrate on the out-of-fold scores (linfa), fit on
//! everything. Seeded and deterministic: the same data, seed and version
//! give the same bytes.

use super::argmax;
use super::eval::macro_f1;
use super::features::{DENSE, Features, Featurizer, Spec, Valence, weigh};
use super::linear::{ClassWeight, Dataset, LogisticModel, LogisticParams, SparseRow};
use super::model::{ModelMeta, TextModel};
use crate::text::{Lexicon, Tokens};
use crate::util::SplitMix64;
use crate::watchlist::{Matcher, matcher};
use anyhow::{Result, bail};
use rayon::prelude::*;

/// One labelled text.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub label: usize,
    pub weight: f64,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainParams {
    pub name: String,
    pub task: String,
    pub lang: String,
    pub seed: u64,
    pub folds: usize,
    pub c_grid: Vec<f64>,
    pub class_weights: Vec<ClassWeight>,
    pub spec: Spec,
    pub min_df: u32,
    pub training_data: String,
    pub training_sha256: String,
}

impl TrainParams {
    pub fn new(name: &str, task: &str, lang: &str) -> TrainParams {
        TrainParams {
            name: name.into(),
            task: task.into(),
            lang: lang.into(),
            seed: 42,
            folds: 5,
            c_grid: vec![3.0, 10.0, 30.0],
            class_weights: vec![ClassWeight::Uniform, ClassWeight::Balanced],
            spec: Spec { vader: lang == "en", ..Spec::default() },
            min_df: 2,
            training_data: String::new(),
            training_sha256: String::new(),
        }
    }
}

/// Why training parameters were refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TrainParamError {
    #[error("task `{0}`: use sentiment or emotion")]
    Task(String),
    #[error("lang `{0}`: use id or en")]
    Lang(String),
    #[error("folds = {0}: at least 2")]
    Folds(usize),
    #[error("no value of C to try")]
    NoC,
    #[error("C = {0}: must be positive and finite")]
    C(f64),
    #[error("no class weighting to try")]
    NoClassWeight,
    #[error("bits = {0}: use 10 to 24")]
    Bits(u32),
    #[error("character n-grams {0}-{1}: sizes from 1 to 8, the first not above the second (or none)")]
    CharNgrams(u8, u8),
    #[error("min_df = 0: at least 1")]
    MinDf,
}

/// Training parameters that passed [`TrainParams::check`].
#[derive(Debug, Clone)]
pub struct ValidTrainParams(TrainParams);

impl std::ops::Deref for ValidTrainParams {
    type Target = TrainParams;
    fn deref(&self) -> &TrainParams {
        &self.0
    }
}

impl TrainParams {
    /// Checks the parameters, as `LogisticParams::check` does the
    /// classifier's: what `train` fits with is known to be usable.
    pub fn check(self) -> Result<ValidTrainParams, TrainParamError> {
        use TrainParamError as E;
        if !matches!(self.task.as_str(), "sentiment" | "emotion") {
            return Err(E::Task(self.task));
        }
        if !matches!(self.lang.as_str(), "id" | "en") {
            return Err(E::Lang(self.lang));
        }
        if self.folds < 2 {
            return Err(E::Folds(self.folds));
        }
        if self.c_grid.is_empty() {
            return Err(E::NoC);
        }
        if let Some(&c) = self.c_grid.iter().find(|c| !(**c > 0.0 && c.is_finite())) {
            return Err(E::C(c));
        }
        if self.class_weights.is_empty() {
            return Err(E::NoClassWeight);
        }
        if !(10..=24).contains(&self.spec.bits) {
            return Err(E::Bits(self.spec.bits));
        }
        let (a, b) = (self.spec.char_min, self.spec.char_max);
        // (1, 0) is "none".
        if !((a, b) == (1, 0) || (1 <= a && a <= b && b <= 8)) {
            return Err(E::CharNgrams(a, b));
        }
        if self.min_df == 0 {
            return Err(E::MinDf);
        }
        Ok(ValidTrainParams(self))
    }
}

/// What training needs besides the data: word lists and the matcher whose
/// targets are masked.
pub struct TrainContext<'a> {
    pub lex: &'a Lexicon,
    pub valence: &'a Valence,
    pub matcher: &'a Matcher,
}

/// Features of many texts, in parallel (order kept).
pub fn featurize_all(texts: &[&str], spec: Spec, ctx: &TrainContext<'_>) -> Vec<Features> {
    texts
        .par_iter()
        .map_init(
            || (Tokens::default(), matcher::Scratch::default(), Vec::new()),
            |(tokens, scratch, mentions), text| {
                crate::text::tokenize::tokenize(text, ctx.lex, tokens);
                ctx.matcher.find(text, tokens, scratch, mentions);
                let mask: Vec<(u32, u32)> = mentions.iter().map(|m| (m.byte_start, m.byte_end)).collect();
                let f = Featurizer { spec, lex: ctx.lex, valence: spec.vader.then_some(ctx.valence) };
                let mut out = Features::default();
                f.extract(tokens, &mask, &mut out);
                out.compact();
                out
            },
        )
        .collect()
}

/// Vocabulary: document frequency per bucket and the compact column of
/// each kept bucket.
struct Vocab {
    idf: Vec<f32>,
    col: Vec<u32>,
    buckets: Vec<u32>,
}

const NONE: u32 = u32::MAX;

fn vocabulary(feats: &[Features], bits: u32, min_df: u32) -> Vocab {
    let size = 1usize << bits;
    let mut df = vec![0u32; size];
    let mut seen: Vec<u32> = Vec::new();
    for f in feats {
        seen.clear();
        seen.extend(f.occ.iter().map(|o| o.bucket));
        seen.sort_unstable();
        seen.dedup();
        for &b in &seen {
            df[b as usize] += 1;
        }
    }
    let n = feats.len() as f32;
    let mut idf = vec![0.0f32; size];
    let mut col = vec![NONE; size];
    let mut buckets = Vec::new();
    for b in 0..size {
        if df[b] >= min_df {
            idf[b] = ((1.0 + n) / (1.0 + df[b] as f32)).ln() + 1.0;
            col[b] = buckets.len() as u32;
            buckets.push(b as u32);
        }
    }
    Vocab { idf, col, buckets }
}

/// A feature set as a sparse row over the vocabulary's columns, weighted
/// exactly as [`TextModel::logits`] weighs it ([`weigh`]).
fn row(f: &Features, v: &Vocab) -> SparseRow {
    let (mut keys, mut weighted) = (Vec::new(), Vec::new());
    weigh(&f.occ, |b| v.idf[b as usize], &mut keys, &mut weighted);
    // Word and character blocks may share a bucket: their weights add, as
    // they do at prediction.
    let mut pairs: Vec<(u32, f32)> = weighted.iter().map(|w| (v.col[w.bucket as usize], w.weight)).collect();
    pairs.sort_unstable_by_key(|p| p.0);
    let mut r = SparseRow::default();
    for (c, x) in pairs {
        if r.idx.last() == Some(&c) {
            *r.val.last_mut().unwrap() += x;
        } else {
            r.idx.push(c);
            r.val.push(x);
        }
    }
    let m = v.buckets.len() as u32;
    for (j, d) in f.dense.iter().enumerate() {
        if *d != 0.0 {
            r.idx.push(m + j as u32);
            r.val.push(*d);
        }
    }
    r
}

/// Stratified fold of each example, from a seeded shuffle.
fn folds(labels: &[usize], k: usize, seed: u64) -> Vec<usize> {
    let classes = labels.iter().copied().max().unwrap_or(0) + 1;
    let mut fold = vec![0usize; labels.len()];
    let mut rng = SplitMix64::new(seed);
    for c in 0..classes {
        let mut idx: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == c).collect();
        for i in (1..idx.len()).rev() {
            let j = rng.below(i + 1);
            idx.swap(i, j);
        }
        for (r, &i) in idx.iter().enumerate() {
            fold[i] = r % k;
        }
    }
    fold
}

fn fit(
    rows: &[&SparseRow],
    y: &[usize],
    w: &[f64],
    d: usize,
    k: usize,
    c: f64,
    cw: ClassWeight,
) -> Result<LogisticModel> {
    let data = Dataset {
        rows: rows.iter().map(|r| (*r).clone()).collect(),
        y: y.to_vec(),
        weight: w.to_vec(),
        n_features: d,
        n_classes: k,
    };
    let p = LogisticParams { c, class_weight: cw, max_iter: 300, tol: 1e-4, ..Default::default() }.check()?;
    Ok(p.fit(&data)?)
}

/// Trains a classifier; `status` receives progress lines.
pub fn train(
    examples: &[Example],
    classes: Vec<String>,
    p: &ValidTrainParams,
    ctx: &TrainContext<'_>,
    status: &mut dyn FnMut(String),
) -> Result<TextModel> {
    let k = classes.len();
    if examples.len() < p.folds * 2 {
        bail!("{} examples are too few to train and cross-validate", examples.len());
    }
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let feats = featurize_all(&texts, p.spec, ctx);
    let vocab = vocabulary(&feats, p.spec.bits, p.min_df);
    let d = vocab.buckets.len() + DENSE;
    status(format!(
        "{} examples, {} features (buckets with df ≥ {})",
        examples.len(),
        vocab.buckets.len(),
        p.min_df
    ));
    let rows: Vec<SparseRow> = feats.par_iter().map(|f| row(f, &vocab)).collect();
    let y: Vec<usize> = examples.iter().map(|e| e.label).collect();
    let w: Vec<f64> = examples.iter().map(|e| e.weight).collect();
    let fold = folds(&y, p.folds, p.seed);

    let mut cv = Vec::new();
    let mut best: Option<(f64, f64, ClassWeight, Vec<Vec<f64>>)> = None;
    for &cw in &p.class_weights {
        for &c in &p.c_grid {
            let mut oof = vec![vec![0.0; k]; rows.len()];
            for f in 0..p.folds {
                let tr: Vec<usize> = (0..rows.len()).filter(|&i| fold[i] != f).collect();
                let m = fit(
                    &tr.iter().map(|&i| &rows[i]).collect::<Vec<_>>(),
                    &tr.iter().map(|&i| y[i]).collect::<Vec<_>>(),
                    &tr.iter().map(|&i| w[i]).collect::<Vec<_>>(),
                    d,
                    k,
                    c,
                    cw,
                )?;
                for i in (0..rows.len()).filter(|&i| fold[i] == f) {
                    oof[i] = m.decision(&rows[i]);
                }
            }
            let pred: Vec<usize> = oof.iter().map(|z| argmax(z)).collect();
            let score = macro_f1(&y, &pred, k);
            let name = weight_name(cw);
            status(format!("cv: C={c} class_weight={name}: macro-F1 {score:.4}"));
            cv.push((c, name.to_string(), (score * 1e4).round() / 1e4));
            if best.as_ref().is_none_or(|b| score > b.0 + 1e-9) {
                best = Some((score, c, cw, oof));
            }
        }
    }
    let (score, c, cw, oof) = best.expect("a non-empty grid");
    status(format!("chosen: C={c} class_weight={} (cv macro-F1 {score:.4})", weight_name(cw)));
    let bias = tune_bias(&oof, &y, k);
    status(format!(
        "decision offsets {:?}: out-of-fold macro-F1 {score:.4} → {:.4}",
        bias,
        macro_f1(&y, &oof.iter().map(|z| argmax_biased(z, &bias)).collect::<Vec<_>>(), k)
    ));
    let shifted: Vec<Vec<f64>> =
        oof.iter().map(|z| z.iter().zip(&bias).map(|(a, b)| a + b).collect()).collect();
    let calibration = calibrate(&shifted, &y);

    let all: Vec<&SparseRow> = rows.iter().collect();
    let m = fit(&all, &y, &w, d, k, c, cw)?;
    let size = 1usize << p.spec.bits;
    let mut table = vec![0.0f32; size * (k + 1)];
    for (ci, &b) in vocab.buckets.iter().enumerate() {
        let at = b as usize * (k + 1);
        table[at] = vocab.idf[b as usize];
        table[at + 1..at + 1 + k].copy_from_slice(&m.weights[ci * k..ci * k + k]);
    }
    let dense = m.weights[vocab.buckets.len() * k..].to_vec();
    let meta = ModelMeta {
        id: String::new(),
        task: p.task.clone(),
        lang: p.lang.clone(),
        classes: classes.clone(),
        spec: p.spec,
        c,
        class_weight: weight_name(cw).into(),
        seed: p.seed,
        n_train: examples.len(),
        training_data: p.training_data.clone(),
        training_sha256: p.training_sha256.clone(),
        cv,
        calibration,
        bias,
        offsets_from: String::new(),
        calibrated_with: Vec::new(),
        lexicon: Vec::new(),
        suara_version: env!("CARGO_PKG_VERSION").into(),
    };
    let mut model = TextModel::from_parts(meta, table, dense, m.intercept.clone(), &p.name);
    model.meta.lexicon = lexicon_of(&model, &feats, ctx);
    Ok(model)
}

fn weight_name(cw: ClassWeight) -> &'static str {
    match cw {
        ClassWeight::Uniform => "uniform",
        ClassWeight::Balanced => "balanced",
    }
}

fn argmax_biased(z: &[f64], b: &[f64]) -> usize {
    let mut best = 0;
    for i in 1..z.len() {
        if z[i] + b[i] > z[best] + b[best] {
            best = i;
        }
    }
    best
}

/// Per-class logit offsets maximising out-of-fold macro-F1, by coordinate
/// ascent over a grid (class 0 fixed at 0). Chosen on training folds only.
fn tune_bias(oof: &[Vec<f64>], y: &[usize], k: usize) -> Vec<f64> {
    let f1 = |b: &[f64]| macro_f1(y, &oof.iter().map(|z| argmax_biased(z, b)).collect::<Vec<_>>(), k);
    ascend_offsets(vec![0.0; k], f1)
}

/// Per-class logit offsets from `start` that maximise `score`, by
/// coordinate ascent: three rounds, each trying every offset of
/// −1.5..1.5 in steps of 0.05 for each class but the first (fixed), a
/// change kept only when it scores higher. Rounded to 0.01.
pub fn ascend_offsets(start: Vec<f64>, mut score: impl FnMut(&[f64]) -> f64) -> Vec<f64> {
    let mut b = start;
    let mut best = score(&b);
    for _round in 0..3 {
        for c in 1..b.len() {
            let mut best_v = b[c];
            for step in -30..=30 {
                let v = step as f64 * 0.05;
                let mut t = b.clone();
                t[c] = v;
                let s = score(&t);
                if s > best + 1e-9 {
                    best = s;
                    best_v = v;
                }
            }
            b[c] = best_v;
        }
    }
    b.iter().map(|v| (v * 100.0).round() / 100.0).collect()
}

/// Confidence calibration: linfa's logistic regression predicting whether
/// an out-of-fold prediction was right from its top log-probability and
/// margin (Platt scaling of the confidence; labels are left as they are).
fn calibrate(oof: &[Vec<f64>], y: &[usize]) -> Option<(Vec<f64>, f64)> {
    use linfa::prelude::*;
    use linfa_logistic::LogisticRegression;
    let x = ndarray::Array2::from_shape_fn((oof.len(), 2), |(i, j)| {
        super::model::confidence_features(&oof[i])[j]
    });
    let right: Vec<&str> =
        oof.iter().zip(y).map(|(z, &t)| if argmax(z) == t { "right" } else { "wrong" }).collect();
    if right.iter().all(|r| *r == right[0]) {
        return None;
    }
    let data = linfa::Dataset::new(x, ndarray::Array1::from_vec(right));
    let fitted = LogisticRegression::<f64>::default().alpha(1e-4).max_iterations(200).fit(&data).ok()?;
    // linfa models the second label in sorted order ("wrong" after "right"):
    // flip the signs so the map gives P(right).
    let positive_is_wrong = fitted.labels().pos.class == "wrong";
    let sign = if positive_is_wrong { -1.0 } else { 1.0 };
    let w: Vec<f64> = fitted.params().iter().map(|v| sign * v).collect();
    Some((w, sign * fitted.intercept()))
}

/// The model's own word lexicon: for each training word (document
/// frequency ≥ 3), the logit of positive minus negative it adds alone, over
/// an empty text's. Kept: the 5,000 most decisive.
fn lexicon_of(model: &TextModel, feats: &[Features], ctx: &TrainContext<'_>) -> Vec<(String, f32)> {
    let classes = model.classes();
    let (Some(pos), Some(neg)) =
        (classes.iter().position(|c| c == "positive"), classes.iter().position(|c| c == "negative"))
    else {
        return Vec::new();
    };
    let mut df: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    for f in feats {
        let mut words: Vec<&str> = f.plain_words().filter(|l| l.chars().all(char::is_alphabetic)).collect();
        words.sort_unstable();
        words.dedup();
        for w in words {
            *df.entry(w).or_default() += 1;
        }
    }
    let words: Vec<&str> = df.into_iter().filter(|(_, n)| *n >= 3).map(|(w, _)| w).collect();
    let base = {
        let z = model.logits(&Features::default());
        z[pos] - z[neg]
    };
    let feats = featurize_all(&words, model.meta.spec, ctx);
    let mut lex: Vec<(String, f32)> = words
        .iter()
        .zip(&feats)
        .map(|(w, f)| {
            let z = model.logits(f);
            (w.to_string(), ((z[pos] - z[neg] - base) as f32 * 1000.0).round() / 1000.0)
        })
        .collect();
    lex.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    lex.truncate(5000);
    lex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_parameters_are_checked() {
        let ok = || TrainParams::new("m", "sentiment", "id");
        assert!(ok().check().is_ok());
        assert_eq!(TrainParams { folds: 1, ..ok() }.check().unwrap_err(), TrainParamError::Folds(1));
        assert_eq!(TrainParams { c_grid: vec![0.0], ..ok() }.check().unwrap_err(), TrainParamError::C(0.0));
        assert_eq!(
            TrainParams::new("m", "topic", "id").check().unwrap_err(),
            TrainParamError::Task("topic".into())
        );
        let mut p = ok();
        p.spec.char_min = 4;
        p.spec.char_max = 3;
        assert_eq!(p.check().unwrap_err(), TrainParamError::CharNgrams(4, 3));
    }

    #[test]
    fn folds_are_stratified_and_seeded() {
        let y: Vec<usize> = (0..100).map(|i| if i < 70 { 0 } else { 1 }).collect();
        let f = folds(&y, 5, 7);
        for k in 0..5 {
            let ones = (0..100).filter(|&i| f[i] == k && y[i] == 1).count();
            assert_eq!(ones, 6);
        }
        assert_eq!(f, folds(&y, 5, 7));
        assert_ne!(f, folds(&y, 5, 8));
    }
}
