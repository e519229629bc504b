//! Word normalisation and the rules that need a vocabulary: NFKC and case
//! folding, elongation, clitics, slang, hashtag segmentation.

use super::lexicon::Lexicon;
use super::tokenize::flag;
use unicode_normalization::UnicodeNormalization;

/// Normalises one word into `out`: NFKC (fullwidth and mathematical letters
/// become plain), lower case, English possessive removed, apostrophes
/// dropped, stretched letters repaired against the vocabulary
/// (`bangeeet` → `banget`, `maaaaf` → `maaf`). Returns the token flags.
pub fn normalize_word(raw: &str, lex: &Lexicon, out: &mut String) -> u8 {
    let mut flags = 0;
    let start = out.len();
    let (mut apostrophe, mut stretch) = (false, false);
    if raw.is_ascii() {
        // The common case, in one pass and without allocating.
        let b = raw.as_bytes();
        let (mut upper, mut lower) = (0, 0);
        for (k, &c) in b.iter().enumerate() {
            upper += c.is_ascii_uppercase() as usize;
            lower += c.is_ascii_lowercase() as usize;
            apostrophe |= c == b'\'';
            stretch |= k >= 2
                && c.is_ascii_alphabetic()
                && (c | 0x20) == (b[k - 1] | 0x20)
                && (c | 0x20) == (b[k - 2] | 0x20);
        }
        if upper >= 2 && lower == 0 {
            flags |= flag::ALL_CAPS;
        }
        out.push_str(raw);
        // SAFETY: lower-casing ASCII bytes keeps them ASCII, so the string
        // stays valid UTF-8.
        unsafe { out.as_mut_vec()[start..].make_ascii_lowercase() };
    } else {
        let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 && raw.chars().all(|c| !c.is_lowercase()) && raw.chars().any(char::is_uppercase) {
            flags |= flag::ALL_CAPS;
        }
        out.extend(raw.nfkc().flat_map(char::to_lowercase));
        apostrophe = out[start..].contains(['\'', '’']);
        stretch = has_stretch(&out[start..]);
    }
    if apostrophe {
        for suffix in ["'s", "’s"] {
            let w = &out[start..];
            if w.len() > suffix.len() + 1 && w.ends_with(suffix) {
                out.truncate(out.len() - suffix.len());
                flags |= flag::POSSESSIVE;
            }
        }
        let cleaned: String = out[start..].chars().filter(|&c| c != '\'' && c != '’').collect();
        out.truncate(start);
        out.push_str(&cleaned);
    }
    if stretch {
        flags |= flag::ELONGATED;
        let repaired = repair_elongation(&out[start..], lex);
        out.truncate(start);
        out.push_str(&repaired);
    }
    flags
}

/// Three or more of the same letter in a row.
fn has_stretch(w: &str) -> bool {
    if w.is_ascii() {
        let b = w.as_bytes();
        return b.windows(3).any(|x| x[0] == x[1] && x[1] == x[2] && x[0].is_ascii_alphabetic());
    }
    let mut prev = '\0';
    let mut run = 0;
    for c in w.chars() {
        if c == prev && c.is_alphabetic() {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            prev = c;
            run = 1;
        }
    }
    false
}

/// Collapses runs of ≥ 3 equal letters to one, or to two when only that
/// spelling is a known word (Indonesian keeps real double letters: maaf,
/// saat, taat). Runs of two are left as written.
pub fn repair_elongation(w: &str, lex: &Lexicon) -> String {
    let mut runs: Vec<(char, usize)> = Vec::new();
    for c in w.chars() {
        match runs.last_mut() {
            Some((p, n)) if *p == c => *n += 1,
            _ => runs.push((c, 1)),
        }
    }
    let collapse = |keep: usize| -> String {
        runs.iter().flat_map(|&(c, n)| std::iter::repeat_n(c, if n >= 3 { keep } else { n })).collect()
    };
    let (one, two) = (collapse(1), collapse(2));
    match (lex.known(&one), lex.known(&two)) {
        (true, true) if lex.frequency(&two) > lex.frequency(&one) => two,
        (false, true) => two,
        _ => one,
    }
}

/// Indonesian clitics: `-nya -lah -kah -pun -ku -mu` and `ku- kau-`.
const SUFFIX_CLITICS: &[&str] = &["nya", "lah", "kah", "pun", "ku", "mu"];
const PREFIX_CLITICS: &[&str] = &["kau", "ku"];

/// Splits a clitic off a word when what remains is a known word and the
/// whole is not itself commoner than its base (`masalah` stays, `rumahnya`
/// → `rumah` + `nya`). Returns (base, clitic).
pub fn split_clitic<'w>(w: &'w str, lex: &Lexicon) -> Option<(&'w str, &'w str)> {
    let whole = lex.id_count(w);
    for c in SUFFIX_CLITICS {
        if let Some(base) = w.strip_suffix(c)
            && base.chars().count() >= 3
            && lex.known(base)
            && whole * 4 < lex.id_count(base).max(1)
        {
            return Some((base, &w[base.len()..]));
        }
    }
    for c in PREFIX_CLITICS {
        if let Some(base) = w.strip_prefix(c)
            && base.chars().count() >= 4
            && lex.id_count(base) > 0
            && whole == 0
        {
            return Some((base, &w[..c.len()]));
        }
    }
    None
}

/// The formal form of a slang word, Indonesian first (`gak` → `tidak`).
pub fn formal<'a>(w: &'a str, lex: &'a Lexicon) -> &'a str {
    lex.slang_id(w).or_else(|| lex.slang_en(w)).unwrap_or(w)
}

/// Splits a hashtag or handle body (without `#`/`@`) into word spans:
/// at `_`, at case changes (`AminAjaDulu`, `KPUPusat` → KPU Pusat), between
/// letters and digits, and — for long lower-case runs that are no known
/// word — by dictionary segmentation (`pemilucurang` → pemilu curang).
/// Returns byte ranges into `body`.
pub fn split_tag(body: &str, lex: &Lexicon) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut pieces = Vec::new();
    let mut start = 0usize;
    for k in 0..chars.len() {
        let (i, c) = chars[k];
        if c == '_' {
            if i > start {
                pieces.push((start, i));
            }
            start = i + 1;
            continue;
        }
        if k == 0 || i == start {
            continue;
        }
        let p = chars[k - 1].1;
        let next_lower = chars.get(k + 1).is_some_and(|(_, n)| n.is_lowercase());
        let boundary = (p.is_lowercase() && c.is_uppercase())
            || (p.is_uppercase() && c.is_uppercase() && next_lower)
            || (p.is_alphabetic() && c.is_ascii_digit())
            || (p.is_ascii_digit() && c.is_alphabetic());
        if boundary {
            pieces.push((start, i));
            start = i;
        }
    }
    if start < body.len() {
        pieces.push((start, body.len()));
    }
    let mut out = Vec::with_capacity(pieces.len());
    for (s, e) in pieces {
        let piece = &body[s..e];
        let lower = piece.to_lowercase();
        if lower.len() >= 6
            && lower.len() == piece.len()
            && lower.bytes().all(|b| b.is_ascii_lowercase())
            && !lex.known(&lower)
            && let Some(cuts) = segment(&lower, lex)
        {
            let mut a = s;
            for len in cuts {
                out.push((a, a + len));
                a += len;
            }
            continue;
        }
        out.push((s, e));
    }
    out
}

/// Splits a lower-case ASCII run into known words, preferring fewer, longer
/// and commoner words; `None` unless the whole run is covered.
fn segment(s: &str, lex: &Lexicon) -> Option<Vec<usize>> {
    const MAX: usize = 40;
    if s.len() > MAX {
        return None;
    }
    let n = s.len();
    let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0));
    for j in 1..=n {
        for i in j.saturating_sub(20)..j {
            let Some((score, _)) = best[i] else { continue };
            let w = &s[i..j];
            if w.len() < 2 {
                continue;
            }
            let f = lex.frequency(w);
            if f == 0 {
                continue;
            }
            let cand = score + (w.len() * w.len()) as f64 + (f as f64).ln();
            if best[j].is_none_or(|(b, _)| cand > b) {
                best[j] = Some((cand, i));
            }
        }
    }
    best[n]?;
    let mut cuts = Vec::new();
    let mut j = n;
    while j > 0 {
        let (_, i) = best[j]?;
        cuts.push(j - i);
        j = i;
    }
    cuts.reverse();
    (cuts.len() > 1).then_some(cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(w: &str) -> String {
        let mut s = String::new();
        normalize_word(w, &Lexicon::builtin(), &mut s);
        s
    }

    #[test]
    fn elongation_keeps_real_double_letters() {
        assert_eq!(norm("bangeeeet"), "banget");
        assert_eq!(norm("maaaaf"), "maaf");
        assert_eq!(norm("gooood"), "good");
        assert_eq!(norm("saat"), "saat", "two letters are never touched");
    }

    #[test]
    fn caps_flag_and_apostrophes() {
        let lx = Lexicon::builtin();
        let mut s = String::new();
        assert!(normalize_word("AMIN", &lx, &mut s) & flag::ALL_CAPS != 0);
        assert!(normalize_word("Amin", &lx, &mut s) & flag::ALL_CAPS == 0);
        assert_eq!(norm("don't"), "dont");
        assert_eq!(norm("Jum'at"), "jumat");
    }

    #[test]
    fn clitics_split_only_off_known_bases() {
        let lx = Lexicon::builtin();
        assert_eq!(split_clitic("rumahnya", &lx), Some(("rumah", "nya")));
        assert_eq!(split_clitic("masalah", &lx), None);
        assert_eq!(split_clitic("punya", &lx), None);
        assert_eq!(split_clitic("bukumu", &lx), Some(("buku", "mu")));
    }

    #[test]
    fn slang_maps_to_formal() {
        let lx = Lexicon::builtin();
        assert_eq!(formal("gak", &lx), "tidak");
        assert_eq!(formal("bgt", &lx), "banget");
        assert_eq!(formal("pemilu", &lx), "pemilu");
    }

    #[test]
    fn tag_splitting() {
        let lx = Lexicon::builtin();
        let parts =
            |b: &str| split_tag(b, &lx).into_iter().map(|(s, e)| b[s..e].to_string()).collect::<Vec<_>>();
        assert_eq!(parts("AminAjaDulu"), ["Amin", "Aja", "Dulu"]);
        assert_eq!(parts("KPUPusat"), ["KPU", "Pusat"]);
        assert_eq!(parts("Jokowi2Periode"), ["Jokowi", "2", "Periode"]);
        assert_eq!(parts("tolak_politik_uang"), ["tolak", "politik", "uang"]);
        assert_eq!(parts("xqzvwkrt"), ["xqzvwkrt"], "unknown runs stay whole");
    }
}
