//! Language identification per post: `id`, `en` or `other`.
//!
//! Method: a word-level log-likelihood ratio between the Indonesian and
//! English word counts that ship with suara (each word's ratio clipped, so
//! one word cannot decide a post), plus the slang lists as evidence. Words
//! both languages share (`video`, `online`) weigh little; hashtags, handles,
//! URLs and emoji are ignored. A post with too few known words is `other`.
//! It is made for short, code-mixed posts: "debat semalam so boring, anies
//! keren" is `id` because most of its known words are. Measured on NusaX's
//! parallel sentences: see the README (section "Language identification").

use super::lexicon::Lexicon;
use super::tokenize::{TokenKind, Tokens};

pub use crate::core::Lang;

/// Per-word evidence is clipped to ±CLIP nats.
const CLIP: f64 = 3.0;
/// Below this share of known words a post is `other`.
const MIN_KNOWN_SHARE: f64 = 0.35;
/// Words weighed per post: the first 24 decide (a long post's language is
/// clear by then, and lookups are most of the cost).
const MAX_WORDS: usize = 24;

/// Log-likelihood ratio ln P(w|id) − ln P(w|en) of a lexicon entry (slang
/// entries count as 20 sightings); 0 for words known only as aliases.
pub(crate) fn evidence_of(e: &super::lexicon::Entry, id_total: f64, en_total: f64) -> f64 {
    let id = e.id as f64 + if e.slang_id.is_some() { 20.0 } else { 0.0 };
    let en = e.en as f64 + if e.slang_en.is_some() { 20.0 } else { 0.0 };
    if id == 0.0 && en == 0.0 {
        return 0.0;
    }
    (((id + 0.5) / id_total).ln() - ((en + 0.5) / en_total).ln()).clamp(-CLIP, CLIP)
}

/// Language evidence of one word, if it is a known word of either language.
pub fn word_evidence(w: &str, lex: &Lexicon) -> Option<f64> {
    lex.evidence(w).map(f64::from)
}

/// Identifies the language of a tokenised post.
pub fn identify(text: &str, tokens: &Tokens, lex: &Lexicon) -> Lang {
    identify_with(text, tokens, lex, MIN_KNOWN_SHARE)
}

/// [`identify`] with another known-word threshold (for measuring).
pub fn identify_with(text: &str, tokens: &Tokens, lex: &Lexicon, min_known_share: f64) -> Lang {
    let mut total = 0usize;
    let mut known = 0usize;
    let mut score = 0.0;
    let mut sentence_start = true;
    for (t, w) in tokens.iter() {
        let starts = sentence_start;
        sentence_start = t.kind == TokenKind::Punct && matches!(w, "." | "!" | "?" | ":");
        if t.kind != TokenKind::Word || w.len() < 2 || (w.len() < 5 && w.chars().count() < 2) {
            continue;
        }
        // A capitalised word inside a sentence is a name (Jakarta, Lazada,
        // Mandiri): it says nothing about the language around it.
        let capitalised = text[t.start as usize..].chars().next().is_some_and(char::is_uppercase);
        if capitalised && !starts && !t.has(super::tokenize::flag::ALL_CAPS) {
            continue;
        }
        if total == MAX_WORDS {
            break;
        }
        total += 1;
        if let Some(e) = word_evidence(w, lex) {
            known += 1;
            score += e;
        }
    }
    if known == 0 || (known as f64) < min_known_share * total as f64 {
        return Lang::Other;
    }
    if score > 0.0 {
        Lang::Id
    } else if score < 0.0 {
        Lang::En
    } else {
        Lang::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn lang(s: &str) -> Lang {
        let lx = Lexicon::builtin();
        let mut t = Tokens::default();
        tokenize(s, &lx, &mut t);
        identify(s, &t, &lx)
    }

    #[test]
    fn short_and_code_mixed_posts() {
        assert_eq!(lang("Debat semalam seru banget, anies keren"), Lang::Id);
        assert_eq!(lang("gak ada yg bisa dipercaya"), Lang::Id);
        assert_eq!(lang("The debate last night was a disaster for him"), Lang::En);
        assert_eq!(lang("debat semalam so boring sih, tapi jawabannya oke"), Lang::Id);
        assert_eq!(lang("😂😂 #Pemilu2024 @kpu_ri https://t.co/x"), Lang::Other);
        assert_eq!(lang("Je pense que c'est très important aujourd'hui"), Lang::Other);
    }
}
