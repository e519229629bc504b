//! Per-target sentiment: each mention is scored on its own clause — the
//! tokens around it up to a sentence end, a contrast word (tapi, namun,
//! sedangkan, padahal, but, while …) or another target's mention — so
//! "Anies bagus, tapi Prabowo mengecewakan" gives Anies positive and
//! Prabowo negative.

use super::features::CONTRAST;
use crate::text::{Lexicon, TokenKind, Tokens, normalize};
use crate::watchlist::Mention;
use std::ops::Range;

/// Token index range of each mention.
pub fn mention_tokens(tokens: &Tokens, mentions: &[Mention]) -> Vec<Range<usize>> {
    mentions
        .iter()
        .map(|m| {
            let first = tokens.list.iter().position(|t| t.end > m.byte_start).unwrap_or(tokens.list.len());
            let last = tokens.list.iter().rposition(|t| t.start < m.byte_end).map_or(first, |i| i + 1);
            first..last.max(first)
        })
        .collect()
}

fn is_boundary(tokens: &Tokens, i: usize, lex: &Lexicon) -> bool {
    let t = &tokens.list[i];
    let n = tokens.norm(t);
    match t.kind {
        TokenKind::Punct => matches!(n, "." | "!" | "?" | ";" | "|" | "…"),
        TokenKind::Word => CONTRAST.contains(&normalize::formal(n, lex)),
        _ => false,
    }
}

/// Words that join targets into one group ("Prabowo dan Ganjar sama saja").
const CONNECTORS: &[&str] = &["dan", "atau", "serta", "and", "or", "&", ",", "-", "/"];

/// The clause (token range) of each mention, given their token ranges
/// ([`mention_tokens`]). Mentions of the same target do not bound each
/// other; other targets' mentions do, unless only a connector stands
/// between them: then they share one clause.
pub fn windows(
    text: &str,
    tokens: &Tokens,
    mentions: &[Mention],
    spans: &[Range<usize>],
    lex: &Lexicon,
) -> Vec<Range<usize>> {
    // Group mentions joined by connectors.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&k| spans[k].start);
    let mut group = vec![0usize; spans.len()];
    for w in 1..order.len() {
        let (a, b) = (order[w - 1], order[w]);
        let joined =
            (spans[a].end..spans[b].start).all(|i| CONNECTORS.contains(&tokens.norm(&tokens.list[i])));
        group[b] = if joined && spans[a].end <= spans[b].start { group[a] } else { w };
    }
    let other = |i: usize, k: usize| {
        spans
            .iter()
            .enumerate()
            .any(|(j, r)| r.contains(&i) && mentions[j].target != mentions[k].target && group[j] != group[k])
    };
    // A line break between two tokens ends a clause too (parts of a hashtag
    // lie inside the whole tag: no gap there).
    let newline_before = |i: usize| {
        i > 0 && i < tokens.list.len() && {
            let (prev, cur) = (tokens.list[i - 1].end as usize, tokens.list[i].start as usize);
            prev < cur && text[prev..cur].contains('\n')
        }
    };
    spans
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let mut lo = r.start;
            while lo > 0 && !is_boundary(tokens, lo - 1, lex) && !other(lo - 1, k) && !newline_before(lo) {
                lo -= 1;
            }
            let mut hi = r.end;
            while hi < tokens.list.len()
                && !is_boundary(tokens, hi, lex)
                && !other(hi, k)
                && !newline_before(hi)
            {
                hi += 1;
            }
            lo..hi
        })
        .collect()
}

/// How many words (and emoji) a window holds besides the mention itself.
pub fn content_words(tokens: &Tokens, window: &Range<usize>, mention: &Range<usize>) -> usize {
    window
        .clone()
        .filter(|i| {
            !mention.contains(i)
                && matches!(
                    tokens.list[*i].kind,
                    TokenKind::Word | TokenKind::HashtagPart | TokenKind::Emoji | TokenKind::Emoticon
                )
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watchlist::Rule;

    fn mention(text: &str, word: &str, target: u32) -> Mention {
        let s = text.find(word).unwrap();
        Mention {
            target,
            alias: 0,
            rule: Rule::Word,
            start: s as u32,
            end: (s + word.len()) as u32,
            byte_start: s as u32,
            byte_end: (s + word.len()) as u32,
        }
    }

    #[test]
    fn clauses_split_at_contrast_and_other_targets() {
        let lex = Lexicon::builtin();
        let text = "Anies bagus, tapi Prabowo mengecewakan";
        let mut t = Tokens::default();
        crate::text::tokenize::tokenize(text, &lex, &mut t);
        let ms = [mention(text, "Anies", 0), mention(text, "Prabowo", 1)];
        let w = windows(text, &t, &ms, &mention_tokens(&t, &ms), &lex);
        fn words(t: &Tokens, r: &Range<usize>) -> String {
            r.clone().map(|i| t.norm(&t.list[i]).to_string()).collect::<Vec<_>>().join(" ")
        }
        assert_eq!(words(&t, &w[0]), "anies bagus ,");
        assert_eq!(words(&t, &w[1]), "prabowo mengecewakan");
        let text2 = "Prabowo dan Ganjar sama saja";
        crate::text::tokenize::tokenize(text2, &lex, &mut t);
        let ms = [mention(text2, "Prabowo", 1), mention(text2, "Ganjar", 2)];
        let w = windows(text2, &t, &ms, &mention_tokens(&t, &ms), &lex);
        assert_eq!(words(&t, &w[0]), "prabowo dan ganjar sama saja", "joined targets share a clause");
        assert_eq!(words(&t, &w[1]), "prabowo dan ganjar sama saja");
    }
}
