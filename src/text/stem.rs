//! A light Indonesian affix stemmer for topic features (no dictionary
//! needed), in the spirit of Nazief–Adriani: particles (-lah -kah -tah -pun),
//! possessives (-ku -mu -nya), derivational suffixes (-kan -an -i) and up to
//! two prefixes (di- ke- se- ter- ber- per- and me-/pe- with their nasal
//! recoding: menulis → tulis, memukul → pukul, menyapu → sapu, mengirim →
//! kirim). Candidates are checked against a vocabulary, most stripped first:
//! the shipped Indonesian word list, or a root-word list the user supplies
//! (`[text] roots = "…"`), which makes it precise. English words go through
//! the Snowball English stemmer.

use super::lexicon::Lexicon;
use std::borrow::Cow;

const PARTICLES: &[&str] = &["lah", "kah", "tah", "pun"];
const POSSESSIVES: &[&str] = &["nya", "ku", "mu"];
const SUFFIXES: &[&str] = &["kan", "an", "i"];

/// Stems an Indonesian word (lower case). Short words, non-ASCII words and
/// words whose candidates are all unknown are returned as they are.
pub fn stem_id<'w>(w: &'w str, lex: &Lexicon) -> Cow<'w, str> {
    if w.len() < 5 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(w);
    }
    let mut cands: Vec<String> = Vec::with_capacity(16);
    let mut bases = vec![w.to_string()];
    let mut cur = w.to_string();
    if let Some(p) = PARTICLES.iter().find(|p| cur.ends_with(**p) && cur.len() - p.len() >= 4) {
        cur.truncate(cur.len() - p.len());
        bases.push(cur.clone());
    }
    if let Some(p) = POSSESSIVES.iter().find(|p| cur.ends_with(**p) && cur.len() - p.len() >= 4) {
        cur.truncate(cur.len() - p.len());
        bases.push(cur.clone());
    }
    // -kan also ends in -an: try every suffix that fits (ke-bijak-an).
    for s in SUFFIXES.iter().filter(|s| cur.ends_with(**s) && cur.len() - s.len() >= 4) {
        bases.push(cur[..cur.len() - s.len()].to_string());
    }
    for b in &bases {
        cands.push(b.clone());
        for p1 in strip_prefix(b) {
            cands.push(p1.clone());
            for p2 in strip_prefix(&p1) {
                cands.push(p2);
            }
        }
    }
    // The most stripped known candidate wins; between equally short ones
    // (nulis / tulis), the commoner.
    let best = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.len() >= 3 && c.as_str() != w && lex.is_root(c))
        // A "root" far rarer than the word itself is a coincidence
        // (pemilu is not pe- + pilu).
        .filter(|(_, c)| lex.roots.is_some() || lex.id_count(c) * 5 >= lex.id_count(w))
        .min_by_key(|(i, c)| (c.len(), std::cmp::Reverse(lex.id_count(c)), *i))
        .map(|(_, c)| c.clone());
    match best {
        Some(b) => Cow::Owned(b),
        None => Cow::Borrowed(w),
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The words a prefix may hide (several for ambiguous nasal forms):
/// `menghapus` → hapus, kapus; `dilantik` → lantik. Unchecked against any
/// vocabulary.
pub fn strip_prefix(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    let rest = |n: usize| w[n..].to_string();
    let mut out = Vec::new();
    if b.len() < 5 {
        return out;
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    for simple in ["di", "ke", "se"] {
        if w.starts_with(simple) {
            out.push(rest(2));
        }
    }
    if w.starts_with("ter") {
        out.push(rest(3));
    }
    if w.starts_with("ber") {
        out.push(rest(3));
    } else if w.starts_with("be") {
        out.push(rest(2));
    }
    if w.starts_with("per") {
        out.push(rest(3));
    }
    for (me, base) in [("me", 2usize), ("pe", 2usize)] {
        if !w.starts_with(me) {
            continue;
        }
        if matches!(at(base), b'l' | b'm' | b'n' | b'r' | b'w' | b'y') {
            out.push(rest(base));
        }
        if w[base..].starts_with("ng") {
            out.push(rest(base + 2));
            if is_vowel(at(base + 2)) {
                out.push(format!("k{}", &w[base + 2..]));
            }
        } else if w[base..].starts_with("ny") && is_vowel(at(base + 2)) {
            out.push(format!("s{}", &w[base + 2..]));
        } else if w[base..].starts_with('m') {
            if is_vowel(at(base + 1)) {
                out.push(format!("p{}", &w[base + 1..]));
            } else {
                out.push(rest(base + 1));
            }
        } else if w[base..].starts_with('n') {
            if is_vowel(at(base + 1)) {
                out.push(format!("t{}", &w[base + 1..]));
            } else {
                out.push(rest(base + 1));
            }
        }
    }
    out.retain(|s| s.len() >= 3);
    out
}

/// Snowball English stem.
pub fn stem_en(w: &str) -> String {
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    STEMMER.with(|s| s.stem(w).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_affixes() {
        let lx = Lexicon::builtin();
        let s = |w: &str| stem_id(w, &lx).into_owned();
        assert_eq!(s("membaca"), "baca");
        assert_eq!(s("menulis"), "tulis");
        assert_eq!(s("memilih"), "pilih");
        assert_eq!(s("pemilihan"), "pilih");
        assert_eq!(s("kebijakan"), "bijak");
        assert_eq!(s("dukungannya"), "dukung");
        assert_eq!(s("pemilu"), "pemilu", "a known root is not over-stripped");
        assert_eq!(s("xyzabc"), "xyzabc");
    }

    #[test]
    fn english_snowball() {
        assert_eq!(stem_en("elections"), "elect");
        assert_eq!(stem_en("voting"), "vote");
    }
}
