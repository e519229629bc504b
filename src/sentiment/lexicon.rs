//! A rule-based lexicon scorer in the spirit of VADER, for explainability
//! and as a user option: word valences summed with negation (×−0.74 within
//! three words), intensifiers (`sangat`, `very` before a word; `banget`,
//! `sekali`, `bgt` after it), contrast (`tapi`, `but`: before ×0.5, after
//! ×1.5), capitals and `!` emphasis; compound = s / √(s² + 15).
//!
//! Lexicons: VADER for English (shipped, MIT), the sentiment model's own
//! learned word weights for Indonesian, or a user file in the InSet layout
//! (`word<TAB>weight`, phrases allowed). Target mentions are masked, so
//! names never count (InSet scores `ganjar` +5 and `amin` +3).

use super::features::{CONTRAST, NEGATORS};
use crate::text::{Lexicon, TokenKind, Tokens, flag};
use crate::util::FxHashMap;
use anyhow::{Context, Result};
use std::path::Path;

const BOOST_BEFORE: &[&str] = &[
    "sangat",
    "amat",
    "paling",
    "terlalu",
    "sungguh",
    "super",
    "very",
    "really",
    "so",
    "extremely",
    "totally",
    "absolutely",
    "incredibly",
    "most",
];
const BOOST_AFTER: &[&str] = &["banget", "sekali", "bener", "abis"];
const BOOST: f32 = 0.293;

/// Word (or phrase) valences on VADER's −4..4 scale.
#[derive(Debug, Clone, Default)]
pub struct LexiconScorer {
    words: FxHashMap<String, f32>,
    /// Longest phrase, in words.
    max_words: usize,
    /// First words of multi-word phrases: only these start a longer match.
    phrase_starts: crate::util::FxHashSet<String>,
    pub source: String,
}

/// A lexicon score with its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct LexScore {
    pub compound: f64,
    /// The words that counted, with their (adjusted) valence.
    pub hits: Vec<(String, f32)>,
}

impl LexScore {
    /// VADER's thresholds.
    pub fn label(&self) -> &'static str {
        if self.compound >= 0.05 {
            "positive"
        } else if self.compound <= -0.05 {
            "negative"
        } else {
            "neutral"
        }
    }
}

impl LexiconScorer {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, f32)>, source: &str) -> LexiconScorer {
        let mut words: FxHashMap<String, f32> = FxHashMap::default();
        for (w, v) in pairs {
            *words.entry(w.to_lowercase()).or_default() += v;
        }
        let max_words = words.keys().map(|k| k.split(' ').count()).max().unwrap_or(1);
        let phrase_starts =
            words.keys().filter_map(|k| k.split_once(' ').map(|(first, _)| first.to_string())).collect();
        LexiconScorer { words, max_words, phrase_starts, source: source.into() }
    }

    /// VADER's lexicon and emoji valences (English).
    pub fn vader() -> LexiconScorer {
        let text = include_str!("../../datasets/lexicons/vader-lexicon.tsv");
        let emoji = include_str!("../../datasets/lexicons/emoji-valence.tsv");
        let pairs = text.lines().chain(emoji.lines()).filter(|l| !l.starts_with('#')).filter_map(|l| {
            let (w, v) = l.split_once('\t')?;
            Some((w.to_string(), v.trim().parse::<f32>().ok()?))
        });
        LexiconScorer::from_pairs(pairs, "vader")
    }

    /// A model's own lexicon (logit differences), scaled to VADER's range,
    /// plus the emoji valences.
    pub fn from_model(lexicon: &[(String, f32)], source: &str) -> LexiconScorer {
        let emoji = include_str!("../../datasets/lexicons/emoji-valence.tsv");
        let emoji_pairs = emoji.lines().filter(|l| !l.starts_with('#')).filter_map(|l| {
            let (w, v) = l.split_once('\t')?;
            Some((w.to_string(), v.trim().parse::<f32>().ok()?))
        });
        let words = lexicon.iter().map(|(w, v)| (w.clone(), (v * 1.5).clamp(-4.0, 4.0)));
        LexiconScorer::from_pairs(words.chain(emoji_pairs), source)
    }

    /// InSet-layout files: `word<TAB>weight` (±1..5) with a header.
    pub fn inset(paths: &[std::path::PathBuf]) -> Result<LexiconScorer> {
        let mut pairs = Vec::new();
        for p in paths {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("cannot read lexicon {}", p.display()))?;
            for (i, line) in text.lines().enumerate() {
                let line = line.trim_end_matches('\r');
                let Some((w, v)) = line.split_once('\t') else { continue };
                let Ok(v) = v.trim().parse::<f32>() else {
                    if i == 0 {
                        continue; // header
                    }
                    anyhow::bail!("{}:{}: weight `{v}` is not a number", p.display(), i + 1);
                };
                pairs.push((w.trim().to_string(), v * 0.8));
            }
        }
        let names: Vec<String> = paths.iter().map(|p| file_name(p)).collect();
        Ok(LexiconScorer::from_pairs(pairs, &format!("user:{}", names.join("+"))))
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Scores tokens `range` of a post; `masked(token)` says which tokens
    /// belong to target mentions. `hits` are listed only when `explain`.
    pub fn score(
        &self,
        text: &str,
        tokens: &Tokens,
        range: std::ops::Range<usize>,
        lex: &Lexicon,
        masked: &dyn Fn(usize) -> bool,
        explain: bool,
    ) -> LexScore {
        // Words (after slang), with their token's flags, skipping masks.
        let mut words: Vec<(&str, u8, usize)> = Vec::new();
        let mut emphasis = 0usize;
        for i in range {
            let t = &tokens.list[i];
            let n = tokens.norm(t);
            if masked(i) {
                words.push(("<target>", 0, i));
                continue;
            }
            match t.kind {
                TokenKind::Word | TokenKind::HashtagPart => {
                    for w in tokens.form(i, lex).split(' ') {
                        let name = super::features::is_political_name(w);
                        words.push(if name { ("<target>", 0, i) } else { (w, t.flags, i) });
                    }
                }
                TokenKind::Emoji | TokenKind::Emoticon => words.push((n, 0, i)),
                TokenKind::Punct if n == "!" => emphasis += (t.end - t.start) as usize,
                TokenKind::Punct if matches!(n, "." | "," | ";" | "?") => words.push((".", 0, i)),
                _ => {}
            }
        }
        let caps_post = {
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            let upper = text.chars().filter(|c| c.is_uppercase()).count();
            letters >= 8 && upper * 10 > letters * 6
        };
        let mut vals: Vec<f32> = vec![0.0; words.len()];
        let mut hits: Vec<(std::borrow::Cow<str>, f32, usize)> = Vec::new();
        let mut phrase = String::new();
        let mut j = 0;
        while j < words.len() {
            // Longest phrase first (only words that start one try longer).
            let mut matched = None;
            if self.max_words > 1 && self.phrase_starts.contains(words[j].0) {
                for len in (2..=self.max_words.min(words.len() - j)).rev() {
                    phrase.clear();
                    for (x, w) in words[j..j + len].iter().enumerate() {
                        if x > 0 {
                            phrase.push(' ');
                        }
                        phrase.push_str(w.0);
                    }
                    if let Some(&v) = self.words.get(phrase.as_str()) {
                        matched = Some((len, v, std::borrow::Cow::Owned(phrase.clone())));
                        break;
                    }
                }
            }
            if matched.is_none()
                && let Some(&v) = self.words.get(words[j].0)
            {
                matched = Some((1, v, std::borrow::Cow::Borrowed(words[j].0)));
            }
            let Some((len, mut v, phrase)) = matched else {
                j += 1;
                continue;
            };
            let before = |k: usize| j.checked_sub(k).map(|i| words[i].0);
            if before(1).is_some_and(|w| BOOST_BEFORE.contains(&w)) {
                v += BOOST * v.signum();
            }
            if words.get(j + len).is_some_and(|w| BOOST_AFTER.contains(&w.0)) {
                v += BOOST * v.signum();
            }
            if words[j].1 & flag::ALL_CAPS != 0 && !caps_post {
                v += 0.733 * v.signum();
            }
            for k in 1..=3 {
                match before(k) {
                    Some(".") | None => break,
                    Some(w) if NEGATORS.contains(&w) => {
                        v *= -0.74;
                        break;
                    }
                    Some(w) if CONTRAST.contains(&w) => break,
                    _ => {}
                }
            }
            vals[j] = v;
            if explain {
                hits.push((phrase, v, j));
            }
            j += len;
        }
        // Contrast: what comes after "but" weighs more than what came before.
        if let Some(c) = words.iter().position(|w| CONTRAST.contains(&w.0)) {
            for (i, v) in vals.iter_mut().enumerate() {
                *v *= if i < c { 0.5 } else { 1.5 };
            }
            for h in hits.iter_mut() {
                h.1 *= if h.2 < c { 0.5 } else { 1.5 };
            }
        }
        let mut s: f32 = vals.iter().sum();
        if s != 0.0 {
            s += (emphasis.min(4) as f32 * 0.292) * s.signum();
        }
        let compound = (s / (s * s + 15.0).sqrt()) as f64;
        let mut hits: Vec<(String, f32)> =
            hits.into_iter().map(|(p, v, _)| (p.into_owned(), (v * 100.0).round() / 100.0)).collect();
        hits.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        LexScore { compound: (compound * 1e4).round() / 1e4, hits }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(s: &LexiconScorer, text: &str) -> LexScore {
        let lex = Lexicon::builtin();
        let mut t = Tokens::default();
        crate::text::tokenize::tokenize(text, &lex, &mut t);
        s.score(text, &t, 0..t.list.len(), &lex, &|_| false, true)
    }

    #[test]
    fn vader_rules() {
        let v = LexiconScorer::vader();
        assert_eq!(score(&v, "good").label(), "positive");
        assert!(score(&v, "not good").compound < 0.0, "negation flips");
        assert!(score(&v, "very good").compound > score(&v, "good").compound, "intensifier");
        assert!(score(&v, "GOOD film").compound > score(&v, "good film").compound, "capitals");
        assert!(score(&v, "good!!!").compound > score(&v, "good").compound, "emphasis");
        assert_eq!(score(&v, "the table is made of wood").label(), "neutral");
        assert!(score(&v, "good but terrible").compound < 0.0, "contrast weighs the second clause");
    }

    #[test]
    fn indonesian_word_order_and_phrases() {
        let s = LexiconScorer::from_pairs(
            [("bagus".to_string(), 2.0), ("tidak masuk akal".to_string(), -2.5)],
            "test",
        );
        assert!(
            score(&s, "bagus banget").compound > score(&s, "bagus").compound,
            "intensifier after the word"
        );
        assert!(score(&s, "gak bagus").compound < 0.0, "slang negator");
        assert!(score(&s, "itu tidak masuk akal").compound < 0.0, "phrase wins over its words");
    }

    #[test]
    fn political_names_never_score() {
        // InSet's own trap: `ganjar` +5 ("reward") and `amin` +3 ("amen").
        let s = LexiconScorer::from_pairs(
            [("ganjar".to_string(), 5.0), ("amin".to_string(), 3.0), ("bagus".to_string(), 2.0)],
            "inset-like",
        );
        assert_eq!(score(&s, "Ganjar dan Amin datang").label(), "neutral");
        assert!(score(&s, "Ganjar bagus").compound > 0.0, "the other words still count");
        assert_eq!(score(&s, "Ganjar bagus").hits.len(), 1);
    }
}
