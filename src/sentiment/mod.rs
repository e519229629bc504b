//! Stage 4, sentiment: post-level and per-target sentiment (Indonesian and
//! English), emotion (Indonesian), each label with the words that decided
//! it.
//!
//! Three methods share the text stage's tokens: the supervised model
//! ([`model`], trained by `suara train`), the rule-based lexicon scorer
//! ([`lexicon`]) and their ensemble. `method = "auto"` takes, per language,
//! the one that scored best on the political development set recorded in the
//! model (see `datasets/models/MODEL_CARD.md`); the manifest says which.

pub mod eval;
pub mod features;
pub mod lexicon;
pub mod linear;
pub mod model;
pub mod targeted;
pub mod train;

pub use crate::core::{PostSentiment, Verdict};
use crate::text::{Lang, Lexicon, Tokens};
use crate::watchlist::Mention;
use anyhow::{Context, Result};
use eval::SENTIMENT;
use features::{Features, Valence};
use lexicon::{LexScore, LexiconScorer};
use model::TextModel;
use serde::Serialize;

/// The default models, compiled in (`datasets/models/`).
pub const DEFAULT_ID: &[u8] = include_bytes!("../../datasets/models/sentiment-id.model");
pub const DEFAULT_EN: &[u8] = include_bytes!("../../datasets/models/sentiment-en.model");
pub const DEFAULT_EMOTION: &[u8] = include_bytes!("../../datasets/models/emotion-id.model");

/// How a post's sentiment is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Auto,
    Model,
    Lexicon,
    Ensemble,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "auto" => Method::Auto,
            "model" => Method::Model,
            "lexicon" => Method::Lexicon,
            "ensemble" => Method::Ensemble,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Model => "model",
            Method::Lexicon => "lexicon",
            Method::Ensemble => "ensemble",
        }
    }
}

/// Checked `[sentiment]`.
#[derive(Debug, Clone)]
pub struct SentimentSettings {
    pub method: Method,
    /// Indonesian model (default: the shipped one).
    pub model: Option<std::path::PathBuf>,
    pub model_en: Option<std::path::PathBuf>,
    /// InSet-layout lexicon files for the Indonesian lexicon scorer.
    pub lexicon: Vec<std::path::PathBuf>,
    pub emotion: bool,
    /// An emotion model (default: the shipped one).
    pub emotion_model: Option<std::path::PathBuf>,
}

impl Default for SentimentSettings {
    fn default() -> Self {
        SentimentSettings {
            method: Method::Auto,
            model: None,
            model_en: None,
            lexicon: Vec::new(),
            emotion: true,
            emotion_model: None,
        }
    }
}

/// One language's scorers.
pub struct Scorers {
    pub model: TextModel,
    pub lexicon: LexiconScorer,
    /// The method in use (never `Auto`).
    pub method: Method,
    /// Why that method (for the manifest).
    pub reason: String,
}

/// The stage: models loaded once, shared by every thread.
pub struct Sentiment {
    pub id: Scorers,
    pub en: Scorers,
    pub emotion: Option<TextModel>,
    valence: Valence,
}

/// Shrinkage of a clause towards its post, in words (see `analyze`).
const CLAUSE_PRIOR_WORDS: f64 = 4.0;

/// Index of the largest value (the first, on ties).
pub fn argmax(xs: &[f64]) -> usize {
    let mut best = 0;
    for (i, x) in xs.iter().enumerate() {
        if *x > xs[best] {
            best = i;
        }
    }
    best
}

/// The verdict of probabilities in [`SENTIMENT`] order.
fn verdict_of(probs: &[f64; 3], confidence: f64) -> Verdict {
    let best = argmax(probs);
    Verdict {
        label: best as u8,
        score: ((probs[2] - probs[0]) as f32 * 1e4).round() / 1e4,
        confidence: (confidence as f32 * 1e4).round() / 1e4,
    }
}

/// Per-thread buffers, with a word cache per model (Indonesian, English,
/// emotion).
#[derive(Default)]
pub struct Scratch {
    feats: Features,
    per_token: Vec<f32>,
    models: [model::ModelScratch; 3],
}

/// Which of [`Scratch::models`] a model uses.
const EMOTION_SLOT: usize = 2;

fn load_model(path: &Option<std::path::PathBuf>, default: &[u8], what: &str) -> Result<TextModel> {
    match path {
        Some(p) => TextModel::load(p).with_context(|| format!("[sentiment] {what}")),
        None => TextModel::from_bytes(default).with_context(|| format!("the built-in {what} model")),
    }
}

/// Macro-F1 of a method on the political development set, as recorded in
/// the model's evaluation figures (`political-dev:<method>`).
fn dev_score(m: &TextModel, method: Method) -> Option<f64> {
    model::figures()
        .into_iter()
        .find(|e| {
            e.model == m.meta.id && e.dataset.starts_with("political-dev") && e.method == method.as_str()
        })
        .map(|e| e.macro_f1)
}

fn resolve(method: Method, model: &TextModel, user_lexicon: bool) -> (Method, String) {
    if method != Method::Auto {
        return (method, "set in config".into());
    }
    if user_lexicon {
        // A user lexicon has no recorded figures: stay with the model.
        return (Method::Model, "auto: a user lexicon has no evaluation figures, the model is used".into());
    }
    let cands = [Method::Model, Method::Lexicon, Method::Ensemble];
    let scored: Vec<(Method, f64)> =
        cands.iter().filter_map(|&c| dev_score(model, c).map(|s| (c, s))).collect();
    let Some(&(best, _)) = scored.iter().fold(None, |b: Option<&(Method, f64)>, x| match b {
        Some(b) if b.1 >= x.1 => Some(b),
        _ => Some(x),
    }) else {
        return (Method::Model, "auto: no recorded figures, the model is used".into());
    };
    let figures: Vec<String> = scored.iter().map(|(c, v)| format!("{} {v:.3}", c.as_str())).collect();
    (
        best,
        format!("auto: macro-F1 on the political development set {} → {}", figures.join(", "), best.as_str()),
    )
}

/// A model as the manifest describes it.
#[derive(Debug, Clone, Serialize)]
pub struct ModelReport {
    pub id: String,
    pub task: String,
    pub lang: String,
    pub classes: Vec<String>,
    pub training_data: String,
    pub training_sha256: String,
    pub c: f64,
    pub class_weight: String,
    pub seed: u64,
    /// Held-out figures recorded for this model (datasets/models/figures.json).
    pub figures: Vec<model::EvalFigure>,
}

/// The method in use per language, and why.
#[derive(Debug, Clone, Serialize)]
pub struct MethodReport {
    pub lang: &'static str,
    pub method: Method,
    pub reason: String,
    pub model: String,
    pub lexicon: String,
}

/// The manifest's `sentiment` section.
#[derive(Debug, Clone, Serialize)]
pub struct SentimentReport {
    pub methods: Vec<MethodReport>,
    pub models: Vec<ModelReport>,
}

fn model_report(m: &TextModel) -> ModelReport {
    ModelReport {
        id: m.meta.id.clone(),
        task: m.meta.task.clone(),
        lang: m.meta.lang.clone(),
        classes: m.meta.classes.clone(),
        training_data: m.meta.training_data.clone(),
        training_sha256: m.meta.training_sha256.clone(),
        c: m.meta.c,
        class_weight: m.meta.class_weight.clone(),
        seed: m.meta.seed,
        figures: model::figures().into_iter().filter(|f| f.model == m.meta.id).collect(),
    }
}

impl Sentiment {
    /// What the manifest records of the stage.
    pub fn report(&self) -> SentimentReport {
        let methods = [("id", &self.id), ("en", &self.en)]
            .into_iter()
            .map(|(lang, s)| MethodReport {
                lang,
                method: s.method,
                reason: s.reason.clone(),
                model: s.model.meta.id.clone(),
                lexicon: s.lexicon.source.clone(),
            })
            .collect();
        let mut models = vec![model_report(&self.id.model), model_report(&self.en.model)];
        if let Some(e) = &self.emotion {
            models.push(model_report(e));
        }
        SentimentReport { methods, models }
    }

    pub fn load(s: &SentimentSettings) -> Result<Sentiment> {
        let id_model = load_model(&s.model, DEFAULT_ID, "model")?;
        let en_model = load_model(&s.model_en, DEFAULT_EN, "model_en")?;
        let id_lex = if s.lexicon.is_empty() {
            LexiconScorer::from_model(&id_model.meta.lexicon, &format!("model:{}", id_model.meta.id))
        } else {
            LexiconScorer::inset(&s.lexicon).context("[sentiment] lexicon")?
        };
        let (m_id, r_id) = resolve(s.method, &id_model, !s.lexicon.is_empty());
        let (m_en, r_en) = resolve(s.method, &en_model, false);
        let emotion = if s.emotion {
            Some(load_model(&s.emotion_model, DEFAULT_EMOTION, "emotion_model")?)
        } else {
            None
        };
        Ok(Sentiment {
            id: Scorers { model: id_model, lexicon: id_lex, method: m_id, reason: r_id },
            en: Scorers { model: en_model, lexicon: LexiconScorer::vader(), method: m_en, reason: r_en },
            emotion,
            valence: Valence::builtin(),
        })
    }

    pub fn scorers(&self, lang: Lang) -> &Scorers {
        self.scorers_slot(lang).0
    }

    /// The scorers of a language and their slot in [`Scratch::models`].
    fn scorers_slot(&self, lang: Lang) -> (&Scorers, usize) {
        match lang {
            Lang::En => (&self.en, 1),
            // Other languages get the Indonesian scorers: suara's data is
            // mostly Indonesian and code-mixed.
            _ => (&self.id, 0),
        }
    }

    /// Scores a post and each of its mentions.
    pub fn analyze(
        &self,
        text: &str,
        tokens: &Tokens,
        lang: Lang,
        mentions: &[Mention],
        lex: &Lexicon,
        scratch: &mut Scratch,
    ) -> PostSentiment {
        let sc = self.scorers_slot(lang);
        let mask: Vec<(u32, u32)> = mentions.iter().map(|m| (m.byte_start, m.byte_end)).collect();
        let all = 0..tokens.list.len();
        let (post, why, post_probs) = self.verdict(sc, text, tokens, all.clone(), &mask, lex, scratch, true);
        let emotion = match (&self.emotion, lang) {
            (Some(e), Lang::Id | Lang::Other) => {
                // The post's terms are already built when the sentiment
                // model's spec gives the same terms (the shipped ones do).
                if sc.0.method == Method::Lexicon || !sc.0.model.meta.spec.same_terms(&e.meta.spec) {
                    e.featurizer(lex, &self.valence).extract_terms(
                        tokens,
                        all.clone(),
                        &mask,
                        &mut scratch.feats,
                    );
                }
                let s = e.score(&scratch.feats, lex, &mut scratch.models[EMOTION_SLOT]);
                let best = s.best();
                let idx = eval::EMOTION.iter().position(|c| *c == e.classes()[best]).unwrap_or(0);
                Some((idx as u8, s.probs[best] as f32))
            }
            _ => None,
        };
        let mut targets = Vec::with_capacity(mentions.len());
        if !mentions.is_empty() {
            let spans = targeted::mention_tokens(tokens, mentions);
            let windows = targeted::windows(text, tokens, mentions, &spans, lex);
            // Clauses already scored: a clause that is the whole post, or
            // that several mentions share, is scored once.
            let mut seen: Vec<(std::ops::Range<usize>, [f64; 3])> = vec![(all, post_probs)];
            for (w, sp) in windows.iter().zip(&spans) {
                let words = targeted::content_words(tokens, w, sp);
                if words == 0 {
                    targets.push(post.clone());
                    continue;
                }
                // A clause of a few words says less than the whole post: its
                // probabilities are shrunk towards the post's, the more the
                // shorter it is (weight n / (n + 4) for n words).
                let p = match seen.iter().find(|(r, _)| r == w) {
                    Some((_, p)) => *p,
                    None => {
                        let (_, _, p) = self.verdict(sc, text, tokens, w.clone(), &mask, lex, scratch, false);
                        seen.push((w.clone(), p));
                        p
                    }
                };
                let a = words as f64 / (words as f64 + CLAUSE_PRIOR_WORDS);
                // When the post splits into clauses about different targets,
                // its overall tone belongs to the others as much as to this
                // one: shrink towards no opinion instead.
                let split = windows.iter().any(|o| o != w);
                let prior = if split { [1.0 / 3.0; 3] } else { post_probs };
                let mixed: [f64; 3] = std::array::from_fn(|i| a * p[i] + (1.0 - a) * prior[i]);
                targets.push(verdict_of(&mixed, mixed.iter().cloned().fold(0.0, f64::max)));
            }
        }
        PostSentiment { post, why, emotion, targets }
    }

    #[allow(clippy::too_many_arguments)]
    fn verdict(
        &self,
        (sc, slot): (&Scorers, usize),
        text: &str,
        tokens: &Tokens,
        range: std::ops::Range<usize>,
        mask: &[(u32, u32)],
        lex: &Lexicon,
        scratch: &mut Scratch,
        explain: bool,
    ) -> (Verdict, String, [f64; 3]) {
        let masked = |i: usize| {
            let t = &tokens.list[i];
            mask.iter().any(|(s, e)| t.start >= *s && t.start < *e)
        };
        let model_probs = |scratch: &mut Scratch| {
            let f = sc.model.featurizer(lex, &self.valence);
            f.extract_terms(tokens, range.clone(), mask, &mut scratch.feats);
            let s = sc.model.score(&scratch.feats, lex, &mut scratch.models[slot]);
            // Reorder to SENTIMENT order.
            let mut p = [0.0f64; 3];
            for (c, name) in sc.model.classes().iter().enumerate() {
                if let Some(i) = SENTIMENT.iter().position(|x| x == name) {
                    p[i] = s.probs[c];
                }
            }
            (p, s)
        };
        let lex_probs = |l: &LexScore| {
            let c = l.compound;
            [(-c).max(0.0), 1.0 - c.abs(), c.max(0.0)]
        };
        let (probs, why, confidence) = match sc.method {
            Method::Lexicon => {
                let l = sc.lexicon.score(text, tokens, range.clone(), lex, &masked, explain);
                let why = l
                    .hits
                    .iter()
                    .take(3)
                    .map(|(w, v)| format!("{w} ({v:+.2})"))
                    .collect::<Vec<_>>()
                    .join("; ");
                let label = SENTIMENT.iter().position(|x| *x == l.label()).unwrap_or(1);
                let mut p = lex_probs(&l);
                // The lexicon's label follows VADER's thresholds.
                p[label] = p[label].max(p.iter().cloned().fold(0.0, f64::max) + 1e-9);
                let c = p[label];
                (p, why, c)
            }
            Method::Model | Method::Auto => {
                let (p, s) = model_probs(scratch);
                let why = if explain { self.explain((sc, slot), scratch, &s, &p) } else { String::new() };
                (p, why, s.confidence)
            }
            Method::Ensemble => {
                let (pm, s) = model_probs(scratch);
                let l = sc.lexicon.score(text, tokens, range.clone(), lex, &masked, false);
                let pl = lex_probs(&l);
                let p = [0.7 * pm[0] + 0.3 * pl[0], 0.7 * pm[1] + 0.3 * pl[1], 0.7 * pm[2] + 0.3 * pl[2]];
                let why = if explain { self.explain((sc, slot), scratch, &s, &p) } else { String::new() };
                let c = p.iter().cloned().fold(0.0, f64::max);
                (p, why, c)
            }
        };
        (verdict_of(&probs, confidence), why, probs)
    }

    fn explain(
        &self,
        (sc, slot): (&Scorers, usize),
        scratch: &mut Scratch,
        scored: &model::Scored,
        probs: &[f64; 3],
    ) -> String {
        let best = argmax(probs);
        let Some(class) = sc.model.classes().iter().position(|c| c == SENTIMENT[best]) else {
            return String::new();
        };
        sc.model
            .explain(&scratch.feats, scored, class, 3, &scratch.models[slot], &mut scratch.per_token)
            .into_iter()
            .map(|(w, c)| format!("{w} ({c:+.2})"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}
