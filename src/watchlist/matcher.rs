//! Matching a watchlist against posts: every alias, context phrase and
//! exclude phrase of every target compiled into one Aho–Corasick automaton,
//! run once over a post's normalised word sequence; matches are then checked
//! against token boundaries and their rule, and mapped back to character
//! offsets in the original text.
//!
//! The word sequence: each token's normalised form, separated by single
//! spaces; a hashtag contributes its whole form (`#aminajadulu`) followed by
//! its split parts (`amin aja dulu`), a handle likewise (`@kpu_id kpu id`);
//! commas, brackets, URLs and emoji break phrases. Aliases are normalised
//! by the very same tokeniser, so "Anies-Muhaimin", "ANIES MUHAIMIN" and
//! "#AniesMuhaimin" all meet the alias "anies-muhaimin".

use super::{TargetKind, Watchlists};
pub use crate::core::{Mention, Rule};
use crate::text::{Lexicon, TokenKind, Tokens, flag};
use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::Result;

const CTX_BALLOT: u8 = 1;
const CTX_NAMED: u8 = 2;
const CTX_ELECTION: u8 = 4;

#[derive(Debug, Clone, Copy)]
enum Payload {
    Alias { target: u32, alias: u32, rule: Rule },
    Context(u8),
    Exclude { target: u32 },
}

#[derive(Debug, Clone)]
struct TargetInfo {
    id: String,
    kind: TargetKind,
    needs_context: bool,
    aliases: Vec<String>,
}

/// A compiled watchlist set.
pub struct Matcher {
    ac: AhoCorasick,
    payloads: Vec<Payload>,
    targets: Vec<TargetInfo>,
    /// The first word of every alias (a tag's or handle's without its
    /// sigil), for [`Matcher::could_match`].
    starts: crate::util::WordMap<()>,
    /// Their first four bytes (and those of each with a clitic after it),
    /// hashed into a bit set that stays in the core's first-level cache.
    heads: Box<[u64]>,
}

/// Bits of [`Matcher::heads`]: 2^16 (8 KiB).
const HEAD_BITS: u32 = 16;

/// The bit of a word's first four bytes (fewer when it is shorter, or
/// when a space ends it sooner).
#[inline]
fn head_bit(w: &str) -> usize {
    let b = w.as_bytes();
    let n = b.iter().take(4).take_while(|&&c| c != b' ').count();
    let mut k = (n as u64) << 32;
    for (i, &c) in b[..n].iter().enumerate() {
        k |= (c as u64) << (8 * i);
    }
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - HEAD_BITS)) as usize
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Plain,
    Number,
    TagWhole,
    TagPart,
    HandleWhole,
    HandlePart,
    Break,
}

#[derive(Debug, Clone, Copy)]
struct MWord {
    start: u32,
    end: u32,
    tok: u32,
    kind: WordKind,
    /// For parts: the index of their whole tag/handle word.
    parent: u32,
    caps: bool,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    target: u32,
    alias: u32,
    rule: Rule,
    first: usize,
    last: usize,
    ms_start: usize,
    ms_end: usize,
    /// Bytes of the last word left after the alias (a clitic).
    clitic: usize,
}

/// Per-thread buffers, reused across posts.
#[derive(Default)]
pub struct Scratch {
    ms: String,
    words: Vec<MWord>,
    ctx_end: Vec<u8>,
    cands: Vec<Cand>,
    excludes: Vec<(u32, usize, usize)>,
}

/// Clitics that may follow a word or named alias inside the same token.
const CLITICS: &[&str] = &["nya", "lah", "kah", "pun", "ku", "mu"];

/// Punctuation that ends a phrase (a comma between two names keeps them
/// two names); hyphens, dots, slashes and apostrophes do not.
fn breaks_phrase(p: &str) -> bool {
    matches!(
        p,
        "," | ";" | "!" | "?" | "(" | ")" | "[" | "]" | "{" | "}" | "\"" | "“" | "”" | "…" | "|" | "«" | "»"
    )
}

/// Builds the word sequence of a tokenised text.
fn build(tokens: &Tokens, ms: &mut String, words: &mut Vec<MWord>) {
    ms.clear();
    words.clear();
    let mut whole_idx = u32::MAX;
    let push = |ms: &mut String,
                words: &mut Vec<MWord>,
                s: &str,
                tok: usize,
                kind: WordKind,
                parent: u32,
                caps: bool| {
        if kind == WordKind::Break && words.last().is_none_or(|w| w.kind == WordKind::Break) {
            return;
        }
        if !ms.is_empty() {
            ms.push(' ');
        }
        let start = ms.len() as u32;
        ms.push_str(s);
        words.push(MWord { start, end: ms.len() as u32, tok: tok as u32, kind, parent, caps });
    };
    for (i, (t, n)) in tokens.iter().enumerate() {
        let caps = t.has(flag::ALL_CAPS);
        match t.kind {
            TokenKind::Word => push(ms, words, n, i, WordKind::Plain, u32::MAX, caps),
            TokenKind::Number => push(ms, words, n, i, WordKind::Number, u32::MAX, false),
            TokenKind::Hashtag | TokenKind::Mention => {
                let (sigil, kind) = if t.kind == TokenKind::Hashtag {
                    ('#', WordKind::TagWhole)
                } else {
                    ('@', WordKind::HandleWhole)
                };
                // Whole forms sit between phrases: a phrase never runs into them.
                push(ms, words, "|", i, WordKind::Break, u32::MAX, false);
                whole_idx = words.len() as u32;
                let mut s = String::with_capacity(n.len() + 1);
                s.push(sigil);
                s.push_str(n);
                push(ms, words, &s, i, kind, u32::MAX, false);
            }
            TokenKind::HashtagPart => push(ms, words, n, i, WordKind::TagPart, whole_idx, caps),
            TokenKind::MentionPart => push(ms, words, n, i, WordKind::HandlePart, whole_idx, caps),
            TokenKind::Url | TokenKind::Emoji | TokenKind::Emoticon => {
                push(ms, words, "|", i, WordKind::Break, u32::MAX, false)
            }
            TokenKind::Punct if breaks_phrase(n) => push(ms, words, "|", i, WordKind::Break, u32::MAX, false),
            TokenKind::Punct => {}
        }
        // Parts end where the next non-part token begins.
        if !matches!(
            t.kind,
            TokenKind::Hashtag | TokenKind::Mention | TokenKind::HashtagPart | TokenKind::MentionPart
        ) {
            whole_idx = u32::MAX;
        }
    }
}

/// The pattern text of an alias or phrase: its words after the same
/// tokenising and normalising as posts get. `None` if nothing is left.
fn pattern(text: &str, lex: &Lexicon) -> Option<String> {
    let mut tokens = Tokens::default();
    crate::text::tokenize::tokenize(text, lex, &mut tokens);
    let mut words: Vec<String> = Vec::new();
    for (t, n) in tokens.iter() {
        match t.kind {
            TokenKind::Hashtag => return Some(format!("#{n}")),
            TokenKind::Mention => return Some(format!("@{n}")),
            TokenKind::Word | TokenKind::Number => words.push(n.to_string()),
            _ => {}
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Every lower-case word the watchlists use, so the text stage treats them
/// as known (elongation repair, hashtag segmentation keep them whole).
pub fn vocabulary(w: &Watchlists) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |s: &str| {
        for part in s.split(|c: char| !c.is_alphanumeric()) {
            if part.len() >= 2 && part.chars().any(char::is_alphabetic) {
                out.push(part.to_lowercase());
            }
        }
    };
    for t in &w.targets {
        t.aliases.iter().for_each(|a| add(&a.text));
        t.exclude.iter().for_each(|e| add(e));
    }
    w.rules
        .ballot_context
        .iter()
        .chain(&w.rules.named_context)
        .chain(&w.rules.election_context)
        .for_each(|c| add(c));
    out.sort();
    out.dedup();
    out
}

impl Matcher {
    /// Compiles the watchlists. `lex` must already know the watchlists'
    /// words ([`vocabulary`]), as it will when posts are tokenised.
    /// Teaches the lexicon every word the watchlists use ([`vocabulary`]),
    /// then compiles the matcher: the way every caller builds one, so that
    /// tokens and aliases agree.
    pub fn with_vocabulary(w: &Watchlists, lex: &mut Lexicon) -> Result<Matcher> {
        let vocab = vocabulary(w);
        lex.add_known(vocab.iter().map(String::as_str));
        Matcher::new(w, lex)
    }

    pub fn new(w: &Watchlists, lex: &Lexicon) -> Result<Matcher> {
        let mut pats: Vec<String> = Vec::new();
        let mut payloads = Vec::new();
        let mut add = |p: Option<String>, payload: Payload| {
            if let Some(p) = p {
                pats.push(p);
                payloads.push(payload);
            }
        };
        let mut targets = Vec::with_capacity(w.targets.len());
        let mut starts = crate::util::WordMap::default();
        let mut heads = vec![0u64; 1 << (HEAD_BITS - 6)].into_boxed_slice();
        for (ti, t) in w.targets.iter().enumerate() {
            for (ai, a) in t.aliases.iter().enumerate() {
                let Some(p) = pattern(&a.text, lex) else {
                    anyhow::bail!("target `{}`: alias `{}` has no words", t.id, a.text);
                };
                let (target, alias) = (ti as u32, ai as u32);
                let whole = p.starts_with('#') || p.starts_with('@');
                let rule = match (a.rule, p.chars().next()) {
                    (Rule::Word, Some('#')) => Rule::Tag,
                    (Rule::Word, Some('@')) => Rule::Handle,
                    (r, _) => r,
                };
                // A one-word alias or named word also counts as a whole
                // hashtag or handle (#prabowogibran, @bawaslu_ri aside).
                if !whole && !p.contains(' ') && matches!(a.rule, Rule::Word | Rule::Named) {
                    add(Some(format!("#{p}")), Payload::Alias { target, alias, rule: Rule::Tag });
                    add(Some(format!("@{p}")), Payload::Alias { target, alias, rule: Rule::Handle });
                }
                let first = p.split(' ').next().unwrap_or_default().trim_start_matches(['#', '@']);
                starts.insert(first, ());
                for form in
                    std::iter::once(first.to_string()).chain(CLITICS.iter().map(|c| format!("{first}{c}")))
                {
                    let bit = head_bit(&form);
                    heads[bit / 64] |= 1 << (bit % 64);
                }
                add(Some(p), Payload::Alias { target, alias, rule });
            }
            for e in &t.exclude {
                add(pattern(e, lex), Payload::Exclude { target: ti as u32 });
            }
            targets.push(TargetInfo {
                id: t.id.clone(),
                kind: t.kind,
                needs_context: t.needs_context,
                aliases: t.aliases.iter().map(|a| a.text.clone()).collect(),
            });
        }
        for (list, bit) in [
            (&w.rules.ballot_context, CTX_BALLOT),
            (&w.rules.named_context, CTX_NAMED),
            (&w.rules.election_context, CTX_ELECTION),
        ] {
            for c in list {
                add(pattern(c, lex), Payload::Context(bit));
            }
        }
        // A DFA: more memory (a few MB for the built-in lists), but the
        // fastest overlapping search, and this runs on every post.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&pats)?;
        Ok(Matcher { ac, payloads, targets, starts, heads })
    }

    /// Whether [`Matcher::find`] can find anything in these tokens: false
    /// when no word of theirs begins an alias (as is, or with a clitic
    /// after a one-word alias). A cheap test before the automaton, for a
    /// matcher whose aliases most posts never use (the hoax vocabulary):
    /// an alias matches from the start of a word, and its first word is a
    /// whole word of the sequence, or the whole word less a clitic (which
    /// only a one-word alias allows; any first word is let through here).
    pub fn could_match(&self, tokens: &Tokens) -> bool {
        // A match begins where a word of the sequence begins: at the start
        // of a token's form, never after a space inside it.
        let starts = |n: &str| {
            let bit = head_bit(n);
            if self.heads[bit / 64] & (1 << (bit % 64)) == 0 {
                return false;
            }
            let w = n.as_bytes().iter().position(|&c| c == b' ').map_or(n, |i| &n[..i]);
            self.starts.get(w).is_some()
                || CLITICS.iter().any(|c| w.strip_suffix(c).is_some_and(|b| self.starts.get(b).is_some()))
        };
        tokens.iter().any(|(t, n)| {
            !matches!(t.kind, TokenKind::Punct | TokenKind::Url | TokenKind::Emoji | TokenKind::Emoticon)
                && starts(n)
        })
    }

    pub fn target_id(&self, target: u32) -> &str {
        &self.targets[target as usize].id
    }

    pub fn alias_text(&self, target: u32, alias: u32) -> &str {
        &self.targets[target as usize].aliases[alias as usize]
    }

    pub fn target_count(&self) -> usize {
        self.targets.len()
    }

    /// Finds the targets of one post (`tokens` from the text stage).
    pub fn find(&self, text: &str, tokens: &Tokens, s: &mut Scratch, out: &mut Vec<Mention>) {
        out.clear();
        build(tokens, &mut s.ms, &mut s.words);
        if s.words.is_empty() {
            return;
        }
        s.cands.clear();
        s.excludes.clear();
        s.ctx_end.clear();
        s.ctx_end.resize(s.words.len(), 0);
        let mut election = false;
        let words = &s.words;
        let word_at = |byte: usize| words.binary_search_by_key(&(byte as u32), |w| w.start).ok();
        for m in self.ac.find_overlapping_iter(&s.ms) {
            let Some(first) = word_at(m.start()) else { continue };
            // The word the match ends in, and what is left of it.
            let last = match words.binary_search_by_key(&(m.end() as u32), |w| w.end) {
                Ok(i) => i,
                Err(i) => i,
            };
            if last >= words.len() || (words[last].start as usize) > m.end() {
                continue;
            }
            let rest = words[last].end as usize - m.end();
            let tail = &s.ms[m.end()..words[last].end as usize];
            match self.payloads[m.pattern().as_usize()] {
                Payload::Context(bit) => {
                    if rest == 0 {
                        s.ctx_end[last] |= bit;
                        election |= bit & CTX_ELECTION != 0;
                    }
                }
                Payload::Exclude { target } => {
                    if rest == 0 || CLITICS.contains(&tail) {
                        s.excludes.push((target, m.start(), m.end()));
                    }
                }
                Payload::Alias { target, alias, rule } => {
                    let clitic_ok = matches!(rule, Rule::Word | Rule::Named)
                        && CLITICS.contains(&tail)
                        && matches!(
                            words[last].kind,
                            WordKind::Plain | WordKind::TagPart | WordKind::HandlePart
                        );
                    if rest != 0 && !clitic_ok {
                        continue;
                    }
                    s.cands.push(Cand {
                        target,
                        alias,
                        rule,
                        first,
                        last,
                        ms_start: m.start(),
                        ms_end: m.end(),
                        clitic: rest,
                    });
                }
            }
        }
        if s.cands.is_empty() {
            return;
        }
        let mostly_caps = mostly_caps(text);
        let last_plain = words.iter().rposition(|w| w.kind == WordKind::Plain);
        let ctx_before = |first: usize, bit: u8, gap: usize| -> bool {
            // Walk back over content words only (whole tags/handles are
            // duplicates of their parts); a break stops the search. A
            // context inside a hashtag or handle counts only right before
            // the word (`#Coblos 02`, `#paslon01`), not words before it:
            // `#DukungSehatkanBangsa 2` names no ticket.
            let mut seen = 0;
            let mut k = first;
            while k > 0 && seen <= gap {
                k -= 1;
                let part = match words[k].kind {
                    WordKind::Break => return false,
                    WordKind::TagWhole | WordKind::HandleWhole => continue,
                    kind => matches!(kind, WordKind::TagPart | WordKind::HandlePart),
                };
                if s.ctx_end[k] & bit != 0 && (seen == 0 || !part) {
                    return true;
                }
                seen += 1;
            }
            false
        };
        let valid = |c: &Cand| -> bool {
            let range = &words[c.first..=c.last];
            let parts = range.iter().all(|w| matches!(w.kind, WordKind::TagPart | WordKind::HandlePart));
            let same_parent = range.iter().all(|w| w.parent == range[0].parent);
            let plain = range.iter().all(|w| matches!(w.kind, WordKind::Plain | WordKind::Number));
            match c.rule {
                Rule::Tag => range.len() == 1 && range[0].kind == WordKind::TagWhole,
                Rule::Handle => range.len() == 1 && range[0].kind == WordKind::HandleWhole,
                Rule::Word => (parts && same_parent) || plain,
                Rule::Named => {
                    (parts && same_parent)
                        || (plain
                            && range.iter().all(|w| w.caps)
                            && !mostly_caps
                            && last_plain.is_some_and(|lp| c.last < lp))
                        || (plain && ctx_before(c.first, CTX_NAMED, 1))
                        || (parts && same_parent && ctx_before(c.first, CTX_NAMED, 1))
                }
                Rule::Ballot => {
                    c.clitic == 0
                        && range.len() == 1
                        && matches!(range[0].kind, WordKind::Number | WordKind::Plain | WordKind::TagPart)
                        && !(range[0].kind == WordKind::Number
                            && letters_after(tokens, range[0].tok as usize))
                        && ctx_before(c.first, CTX_BALLOT, 2)
                }
            }
        };
        let excludes = &s.excludes;
        let excluded =
            |c: &Cand| excludes.iter().any(|&(t, a, b)| t == c.target && a <= c.ms_start && c.ms_end <= b);
        let mut ok: Vec<bool> = s.cands.iter().map(|c| valid(c) && !excluded(c)).collect();
        // A named word in a list next to a target of its own kind is one of
        // them: "gerindra, pan, pks" names PAN the party.
        for i in 0..s.cands.len() {
            let c = &s.cands[i];
            if ok[i] || c.rule != Rule::Named || excluded(c) {
                continue;
            }
            let kind = self.targets[c.target as usize].kind;
            ok[i] = s.cands.iter().zip(&ok).any(|(o, &o_ok)| {
                o_ok && o.target != c.target
                    && self.targets[o.target as usize].kind == kind
                    && listed_together(words, &s.ms, c, o)
            });
        }
        crate::util::retain_marked(&mut s.cands, &ok);
        // The most specific reference wins: longer spans first; a span inside
        // (or across) an accepted one is dropped; equal spans of different
        // targets all stay.
        s.cands.sort_by(|a, b| {
            (b.ms_end - b.ms_start, a.ms_start, a.target, a.alias).cmp(&(
                a.ms_end - a.ms_start,
                b.ms_start,
                b.target,
                b.alias,
            ))
        });
        let mut accepted: Vec<Cand> = Vec::new();
        for c in s.cands.iter() {
            let clash = accepted.iter().any(|a| {
                let overlap = c.ms_start < a.ms_end && a.ms_start < c.ms_end;
                let same_span = c.ms_start == a.ms_start && c.ms_end == a.ms_end;
                overlap && !(same_span && c.target != a.target)
            });
            // The same target's whole-tag and part forms cover one reference.
            let dup = accepted.iter().any(|a| a.target == c.target && same_token(words, a, c));
            if !clash && !dup {
                accepted.push(*c);
            }
        }
        let anchored = election || accepted.iter().any(|c| !self.targets[c.target as usize].needs_context);
        if !anchored {
            accepted.retain(|c| !self.targets[c.target as usize].needs_context);
        }
        for c in &accepted {
            let (bs, be) = byte_span(text, tokens, words, c);
            out.push(Mention {
                target: c.target,
                alias: c.alias,
                rule: c.rule,
                start: char_offset(text, bs),
                end: char_offset(text, be),
                byte_start: bs as u32,
                byte_end: be as u32,
            });
        }
        out.sort_by_key(|a| (a.start, a.end, a.target));
    }
}

/// Words that join the items of a list.
const CONNECTORS: &[&str] = &["dan", "atau", "serta", "and", "or", "&"];

/// Are two matches neighbours in a list: nothing between them but list
/// separators (commas, hyphens) and at most one connector word?
fn listed_together(words: &[MWord], ms: &str, a: &Cand, b: &Cand) -> bool {
    let (lo, hi) = if a.last < b.first {
        (a.last, b.first)
    } else if b.last < a.first {
        (b.last, a.first)
    } else {
        return false;
    };
    let between = &words[lo + 1..hi];
    let connectors = between
        .iter()
        .filter(|w| w.kind != WordKind::Break)
        .map(|w| &ms[w.start as usize..w.end as usize])
        .collect::<Vec<_>>();
    between.len() <= 2 && connectors.len() <= 1 && connectors.iter().all(|w| CONNECTORS.contains(w))
}

/// Is a number written with letters right after it (`1i`, `3zk`: the
/// suffixes pasted posts carry to look distinct), other than a clitic
/// (`02nya`)? Such a number is no ballot number.
fn letters_after(tokens: &Tokens, tok: usize) -> bool {
    let (Some(t), Some(next)) = (tokens.list.get(tok), tokens.list.get(tok + 1)) else {
        return false;
    };
    next.kind == TokenKind::Word && next.start == t.end && !CLITICS.contains(&tokens.norm(next))
}

/// Do two candidates refer to the same hashtag or handle token?
fn same_token(words: &[MWord], a: &Cand, b: &Cand) -> bool {
    let tok = |c: &Cand| {
        let w = &words[c.first];
        match w.kind {
            WordKind::TagPart | WordKind::HandlePart => Some(words[w.parent as usize].tok),
            WordKind::TagWhole | WordKind::HandleWhole => Some(w.tok),
            _ => None,
        }
    };
    matches!((tok(a), tok(b)), (Some(x), Some(y)) if x == y)
}

/// Byte span in the original text of a candidate: from its first token to
/// its last, minus a clitic the alias did not cover.
fn byte_span(text: &str, tokens: &Tokens, words: &[MWord], c: &Cand) -> (usize, usize) {
    let first = &tokens.list[words[c.first].tok as usize];
    let last = &tokens.list[words[c.last].tok as usize];
    let (start, mut end) = (first.start as usize, last.end as usize);
    if c.clitic > 0 {
        let original = &text[start..end];
        let lower = original.to_lowercase();
        if lower.len() == original.len() && lower.len() >= c.clitic {
            end -= c.clitic;
        }
    }
    (start, end)
}

fn char_offset(text: &str, byte: usize) -> u32 {
    text[..byte].chars().count() as u32
}

/// A post written mostly in capitals: capitals there say nothing.
fn mostly_caps(text: &str) -> bool {
    let (mut up, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        up += c.is_uppercase() as usize;
    }
    letters >= 8 && up * 10 > letters * 6
}

/// Kinds that count for share of voice.
pub fn is_actor(kind: TargetKind) -> bool {
    matches!(kind, TargetKind::Candidate | TargetKind::Pair | TargetKind::Party | TargetKind::Coalition)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn setup() -> (Watchlists, Lexicon, Matcher) {
        let w = Watchlists::load(&["pemilu-2024".into(), "us-2024".into()], Path::new(".")).unwrap();
        let mut lex = Lexicon::builtin();
        let m = Matcher::with_vocabulary(&w, &mut lex).unwrap();
        (w, lex, m)
    }

    fn find(text: &str) -> Vec<(String, String, String)> {
        thread_local! { static S: (Watchlists, Lexicon, Matcher) = setup(); }
        S.with(|(_, lex, m)| {
            let mut t = Tokens::default();
            crate::text::tokenize::tokenize(text, lex, &mut t);
            let mut out = Vec::new();
            m.find(text, &t, &mut Scratch::default(), &mut out);
            out.iter()
                .map(|x| {
                    let span: String =
                        text.chars().skip(x.start as usize).take((x.end - x.start) as usize).collect();
                    (m.target_id(x.target).to_string(), x.rule.as_str().to_string(), span)
                })
                .collect()
        })
    }

    fn ids(text: &str) -> Vec<String> {
        let mut v: Vec<String> = find(text).into_iter().map(|x| x.0).collect();
        v.dedup();
        v
    }

    #[test]
    fn names_in_text_hashtags_and_handles() {
        assert_eq!(
            find("Prabowonya bilang begitu"),
            vec![("prabowo".into(), "word".into(), "Prabowo".into())]
        );
        assert_eq!(ids("#AniesBaswedan hebat"), ["anies"]);
        assert_eq!(ids("PRABOWO!!!"), ["prabowo"]);
        assert_eq!(ids("pak @ganjarpranowo mantap"), ["ganjar"]);
        assert_eq!(ids("Anies-Muhaimin dan Ganjar"), ["amin", "ganjar"]);
    }

    #[test]
    fn ordinary_words_need_a_named_form() {
        assert!(ids("Semoga lancar, amin ya Allah").is_empty());
        assert!(ids("Aamiin, semoga sehat selalu").is_empty());
        assert_eq!(ids("Pilih AMIN di TPS nanti"), ["amin"]);
        assert_eq!(ids("#AminAjaDulu"), ["amin"]);
        assert!(ids("dapat ganjaran yang setimpal").is_empty());
        assert_eq!(ids("tenggelamkan gerindra, pan, pks"), ["gerindra", "pan", "pks"]);
        assert!(ids("goreng di pan dan wajan").is_empty());
    }

    #[test]
    fn ballot_numbers_only_in_ballot_phrases() {
        assert_eq!(ids("saya dukung paslon 02"), ["prabowo-gibran"]);
        assert_eq!(ids("nomor urut 3 pasti menang"), ["ganjar-mahfud"]);
        assert!(ids("harga naik 02 persen").is_empty());
        assert!(ids("salah satu capres").is_empty());
        assert_eq!(ids("#paslon01 menang"), ["amin"]);
        assert_eq!(ids("dukung paslon01 sekarang"), ["amin"]);
        // Real pasted posts (vaccine tweets, 2021): a suffix of letters
        // after a digit makes each copy look distinct; no ballot number.
        assert!(ids("Wajib Bebas Covid, Ayo #DukungSehatkanBangsa\n1i").is_empty());
        assert!(ids("Ayo #DukungSehatkanBangsa 3zk").is_empty());
        // Nor do the digits alone, after a context words back inside a tag,
        // or glued into it.
        assert!(ids("Ayo #DukungSehatkanBangsa\n2").is_empty());
        assert!(ids("#DukungSehatkanBangsa1i").is_empty());
        assert_eq!(ids("ayo #Coblos 02"), ["prabowo-gibran"]);
        assert_eq!(ids("#DukungPaslon02"), ["prabowo-gibran"]);
        assert_eq!(ids("pokoknya dukung 02nya"), ["prabowo-gibran"]);
    }

    #[test]
    fn the_most_specific_reference_wins() {
        assert_eq!(ids("#PrabowoGibran2024"), ["prabowo-gibran"]);
        assert_eq!(ids("Prabowo-Gibran menang"), ["prabowo-gibran"]);
        assert_eq!(ids("Kahlil Gibran menulis puisi"), Vec::<String>::new());
    }

    #[test]
    fn issues_need_an_election_context() {
        assert!(ids("awas hoaks vaksin beredar").is_empty());
        assert_eq!(ids("hoaks soal pemilu beredar lagi"), ["hoaks"]);
        assert_eq!(ids("Jokowi dukung Prabowo"), ["jokowi", "prabowo"]);
        assert!(ids("Presiden Jokowi divaksin hari ini").is_empty());
    }

    #[test]
    fn the_first_word_test_never_turns_away_a_post_the_automaton_matches() {
        let (mut w, mut lex, m) = setup();
        w.add_builtin_vocabulary().unwrap();
        let vocab = w.vocabulary_set();
        lex.add_known(vocabulary(&vocab).iter().map(String::as_str));
        let v = Matcher::new(&vocab, &lex).unwrap();
        let texts = [
            "Prabowonya bilang begitu",
            "#AniesBaswedan hebat",
            "pak @ganjarpranowo mantap",
            "Anies-Muhaimin dan Ganjar",
            "Pilih AMIN di TPS nanti",
            "#AminAjaDulu",
            "tenggelamkan gerindra, pan, pks",
            "saya dukung paslon 02",
            "#paslon01 menang",
            "#PrabowoGibran2024",
            "hoaks soal pemilu beredar lagi",
            "Awas HOAKSNYA makin banyak, jangan termakan fitnah!",
            "ini #hoaks dan berita bohong, stop kampanye hitam",
            "Black campaign and disinformation everywhere @KPU_ID",
            "beredar kabar bohong soal surat suara",
            "selamat pagi semua, cuaca cerah hari ini",
            "harga cabai naik 02 persen",
        ];
        let (mut found, mut turned_away) = (0, 0);
        for text in texts {
            let mut t = Tokens::default();
            crate::text::tokenize::tokenize(text, &lex, &mut t);
            for matcher in [&m, &v] {
                let mut out = Vec::new();
                matcher.find(text, &t, &mut Scratch::default(), &mut out);
                if !out.is_empty() {
                    found += 1;
                    assert!(matcher.could_match(&t), "{text:?}: found {out:?} but turned away");
                }
                turned_away += usize::from(!matcher.could_match(&t));
            }
        }
        // Both sides are exercised: matches found, and posts the test spares
        // the automaton.
        assert!(found >= 15, "{found}");
        assert!(turned_away >= 8, "{turned_away}");
        // Every alias of both lists, as written, as a hashtag and a handle,
        // with a clitic, and inside a sentence after a context word.
        let mut forms = 0;
        for (matcher, list) in [(&m, &w), (&v, &vocab)] {
            for a in list.targets.iter().flat_map(|t| &t.aliases) {
                let joined: String = a.text.chars().filter(|c| c.is_alphanumeric()).collect();
                for text in [
                    a.text.clone(),
                    format!("#{joined}"),
                    format!("@{joined}"),
                    format!("{}nya", a.text),
                    format!("kata paslon {} di pemilu", a.text),
                ] {
                    let mut t = Tokens::default();
                    crate::text::tokenize::tokenize(&text, &lex, &mut t);
                    let mut out = Vec::new();
                    matcher.find(&text, &t, &mut Scratch::default(), &mut out);
                    if !out.is_empty() {
                        forms += 1;
                        assert!(matcher.could_match(&t), "{text:?}: found {out:?} but turned away");
                    }
                }
            }
        }
        assert!(forms >= 500, "{forms}");
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "😀 Kata PAK Prabowooo: \"Anies Baswedan?\"";
        for (_, _, span) in find(text) {
            assert!(text.contains(&span));
        }
        assert_eq!(
            find(text).iter().map(|x| x.2.as_str()).collect::<Vec<_>>(),
            ["Prabowooo", "Anies Baswedan"]
        );
    }
}
