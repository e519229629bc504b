//! Tokenising a post into typed tokens that keep their byte span in the
//! original text: words, numbers, hashtags and handles (with their split
//! parts), URLs, emoji, emoticons and punctuation. Nothing is thrown away:
//! emoji carry sentiment, hashtags carry topics, URLs mark link posts.

use super::lexicon::Lexicon;
use super::normalize::{normalize_word, split_tag};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    /// A whole `#hashtag` (norm: lower-cased, without `#`).
    Hashtag,
    /// A word inside a hashtag, after splitting (`#AminAjaDulu` → amin, aja, dulu).
    HashtagPart,
    /// A whole `@handle` (norm: lower-cased, without `@`).
    Mention,
    /// A word inside a handle, after splitting (`@AniesBaswedan` → anies, baswedan).
    MentionPart,
    Url,
    Emoji,
    Emoticon,
    Punct,
}

/// Token flags.
pub mod flag {
    /// A letter was stretched (`bangeeet`).
    pub const ELONGATED: u8 = 1;
    /// Written in capitals (`AMIN`), at least two letters.
    pub const ALL_CAPS: u8 = 2;
    /// Reduplicated (`kata-kata`, `kata2`): the norm holds the base once.
    pub const REDUP: u8 = 4;
    /// `!!`, `?!` and longer runs.
    pub const EMPHASIS: u8 = 8;
    /// English possessive `'s` was removed.
    pub const POSSESSIVE: u8 = 16;
}

/// One token. `start..end` is its byte span in the original text; its
/// normalised form lives in the owning [`Tokens`] buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: u32,
    pub end: u32,
    norm: (u32, u32),
    pub flags: u8,
}

impl Token {
    pub fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    /// Words a reader sees as words: plain words and the parts of hashtags
    /// and handles.
    pub fn is_wordlike(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::HashtagPart | TokenKind::MentionPart)
    }
}

/// The tokens of one post and the buffer holding their normalised forms.
/// Reused across posts to avoid allocating per token.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    pub list: Vec<Token>,
    buf: String,
    /// Scratch for splitting letter/digit runs.
    segs: Vec<(usize, usize, bool)>,
    /// Per token, its formal form (see [`Tokens::fold_forms`]): a span of
    /// `buf`, or of `forms_buf` when the form came from the slang list.
    forms: Vec<(u32, u32, bool)>,
    forms_buf: String,
}

/// A word's formal form: clitic split off, slang folded.
fn fold<'a>(n: &'a str, lex: &'a Lexicon) -> &'a str {
    let base = super::normalize::split_clitic(n, lex).map_or(n, |(b, _)| b);
    super::normalize::formal(base, lex)
}

impl Tokens {
    pub fn norm(&self, t: &Token) -> &str {
        &self.buf[t.norm.0 as usize..t.norm.1 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Token, &str)> {
        self.list.iter().map(|t| (t, self.norm(t)))
    }

    fn clear(&mut self) {
        self.list.clear();
        self.buf.clear();
        self.forms.clear();
        self.forms_buf.clear();
    }

    /// Computes every word token's formal form once: clitic split off
    /// (`bukunya` → `buku`), slang folded (`gak` → `tidak`; a form may be
    /// several words). Sentiment reads it for the post, each target's
    /// clause and the lexicon scorer, so the lexicon lookups run once.
    pub fn fold_forms(&mut self, lex: &Lexicon) {
        self.forms.clear();
        self.forms_buf.clear();
        let base_ptr = self.buf.as_ptr() as usize;
        for t in &self.list {
            if !matches!(t.kind, TokenKind::Word | TokenKind::HashtagPart | TokenKind::MentionPart) {
                self.forms.push((t.norm.0, t.norm.1, false));
                continue;
            }
            let n = &self.buf[t.norm.0 as usize..t.norm.1 as usize];
            let form = fold(n, lex);
            let at = (form.as_ptr() as usize).wrapping_sub(base_ptr);
            if at <= self.buf.len() && at + form.len() <= self.buf.len() {
                self.forms.push((at as u32, (at + form.len()) as u32, false));
            } else {
                let start = self.forms_buf.len() as u32;
                self.forms_buf.push_str(form);
                self.forms.push((start, self.forms_buf.len() as u32, true));
            }
        }
    }

    /// Token `i`'s formal form (computed here when [`Tokens::fold_forms`]
    /// has not run).
    pub fn form<'a>(&'a self, i: usize, lex: &'a Lexicon) -> &'a str {
        match self.forms.get(i) {
            Some(&(s, e, false)) if self.forms.len() == self.list.len() => &self.buf[s as usize..e as usize],
            Some(&(s, e, true)) if self.forms.len() == self.list.len() => {
                &self.forms_buf[s as usize..e as usize]
            }
            _ => fold(self.norm(&self.list[i]), lex),
        }
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize, norm: &str, flags: u8) {
        let a = self.buf.len();
        self.buf.push_str(norm);
        self.record(kind, start, end, a, flags);
    }

    /// Pushes a word normalised straight into the buffer.
    fn push_word(&mut self, kind: TokenKind, text: &str, start: usize, end: usize, lex: &Lexicon) {
        let a = self.buf.len();
        let flags = normalize_word(&text[start..end], lex, &mut self.buf);
        if self.buf.len() > a {
            self.record(kind, start, end, a, flags);
        }
    }

    /// Adds a token whose normal form is `buf[norm_start..]`.
    fn record(&mut self, kind: TokenKind, start: usize, end: usize, norm_start: usize, flags: u8) {
        self.list.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
            norm: (norm_start as u32, self.buf.len() as u32),
            flags,
        });
    }
}

/// Emoticons recognised at token boundaries, longest first where they share
/// a prefix. `:v` is Indonesian Twitter's grin.
const EMOTICONS: &[&str] = &[
    ":'-(", ":'(", ":')", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ";-)", "^_^", "-_-", "T_T", "T.T", ">_<",
    "^^", ":)", ":(", ":D", ":P", ":p", ";)", ":v", ":V", ":3", ":/", ":|", ":*", ":O", ":o", "=)", "=(",
    "<3", "</3", "XD", "xD", ":((", ":))",
];

/// Is this a pictographic emoji (or a part that joins one)?
pub fn is_emoji(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF | 0x25A0..=0x25FF
        | 0x2190..=0x21FF | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x203C | 0x2049 | 0x2934 | 0x2935)
}

fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0xFE0F | 0xFE0E | 0x1F3FB..=0x1F3FF | 0x20E3 | 0xE0020..=0xE007F)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Tokenises `text` into `out` (cleared first).
pub fn tokenize(text: &str, lex: &Lexicon, out: &mut Tokens) {
    out.clear();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = if b[i] < 0x80 { b[i] as char } else { text[i..].chars().next().unwrap_or(' ') };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        // URLs
        if (c == 'h' || c == 'H' || c == 'w' || c == 'W') && starts_url(&b[i..]) {
            let mut j = i;
            while j < b.len() && !(b[j] as char).is_ascii_whitespace() && b[j] >= 0x21 {
                j += 1;
            }
            while j > i
                && matches!(b[j - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'"' | b'\'')
            {
                j -= 1;
            }
            out.push(TokenKind::Url, i, j, "<url>", 0);
            i = j;
            continue;
        }
        // @handles and #hashtags
        if (c == '@' || c == '#' || c == '＃') && text[i + clen..].chars().next().is_some_and(is_word_char) {
            let mut j = i + clen;
            for ch in text[j..].chars() {
                if !is_word_char(ch) {
                    break;
                }
                j += ch.len_utf8();
            }
            let body = &text[i + clen..j];
            let (whole, part) = if c == '@' {
                (TokenKind::Mention, TokenKind::MentionPart)
            } else {
                (TokenKind::Hashtag, TokenKind::HashtagPart)
            };
            let lower = body.to_lowercase();
            out.push(whole, i, j, &lower, 0);
            for (s, e) in split_tag(body, lex) {
                out.push_word(part, text, i + clen + s, i + clen + e, lex);
            }
            i = j;
            continue;
        }
        // Emoticons, only where a token may start.
        if matches!(c, ':' | ';' | '=' | '<' | '^' | '-' | '>' | 'T' | 'X' | 'x') {
            let boundary = i == 0 || text[..i].chars().next_back().is_some_and(char::is_whitespace);
            if boundary
                && let Some(e) =
                    EMOTICONS.iter().filter(|e| text[i..].starts_with(**e)).max_by_key(|e| e.len())
            {
                let end = i + e.len();
                let after_ok = text[end..].chars().next().is_none_or(|n| !n.is_alphanumeric());
                if after_ok {
                    out.push(TokenKind::Emoticon, i, end, e, 0);
                    i = end;
                    continue;
                }
            }
        }
        if c.is_alphanumeric() {
            i = word_run(text, i, lex, out);
            continue;
        }
        if is_emoji(c) {
            let mut j = i + clen;
            let mut base = String::from(c);
            let mut prev_ri = (0x1F1E6..=0x1F1FF).contains(&(c as u32));
            for ch in text[j..].chars() {
                let ri = (0x1F1E6..=0x1F1FF).contains(&(ch as u32));
                if is_emoji_modifier(ch) {
                    j += ch.len_utf8();
                } else if ch == '\u{200D}' {
                    j += ch.len_utf8();
                    if let Some(next) = text[j..].chars().next() {
                        j += next.len_utf8();
                        base.push('\u{200D}');
                        base.push(next);
                    }
                } else if ri && prev_ri {
                    // A flag is a pair of regional indicators.
                    j += ch.len_utf8();
                    base.push(ch);
                    prev_ri = false;
                    continue;
                } else {
                    break;
                }
                prev_ri = false;
            }
            out.push(TokenKind::Emoji, i, j, &base, 0);
            i = j;
            continue;
        }
        if c == '!' || c == '?' {
            let mut j = i;
            while j < b.len() && matches!(b[j], b'!' | b'?') {
                j += 1;
            }
            let flags = if j - i >= 2 { flag::EMPHASIS } else { 0 };
            let norm = if b[i..j].contains(&b'!') { "!" } else { "?" };
            out.push(TokenKind::Punct, i, j, norm, flags);
            i = j;
            continue;
        }
        if c.is_control() || c.is_whitespace() || is_emoji_modifier(c) || c == '\u{200D}' {
            i += clen;
            continue;
        }
        out.push(TokenKind::Punct, i, i + clen, &text[i..i + clen], 0);
        i += clen;
    }
    merge_reduplication(text, out);
}

fn starts_url(b: &[u8]) -> bool {
    let lower = |n: usize| b.get(..n).map(|s| s.to_ascii_lowercase());
    lower(7).as_deref() == Some(b"http://".as_slice())
        || lower(8).as_deref() == Some(b"https://".as_slice())
        || (lower(4).as_deref() == Some(b"www.".as_slice()) && b.len() > 5)
}

/// A run of letters and digits: words and numbers split where letters meet
/// digits (`pemilu2024` → pemilu 2024), `kata2` read as reduplication,
/// numbers keeping their separators (`1.000`, `19:00`), apostrophes inside
/// words kept (`don't`, `Trump's`).
fn word_run(text: &str, start: usize, lex: &Lexicon, out: &mut Tokens) -> usize {
    let mut segs = std::mem::take(&mut out.segs); // (start, end, digits?)
    segs.clear();
    let mut i = start;
    let mut seg_start = start;
    let mut seg_digit: Option<bool> = None;
    let b = text.as_bytes();
    while i < text.len() {
        // ASCII letters and digits, the bulk of any run, without decoding.
        if b[i].is_ascii_alphanumeric() {
            let d = b[i].is_ascii_digit();
            match seg_digit {
                Some(prev) if prev != d => {
                    segs.push((seg_start, i, prev));
                    seg_start = i;
                    seg_digit = Some(d);
                }
                None => seg_digit = Some(d),
                _ => {}
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap();
        let is_mark = !c.is_ascii() && unicode_normalization::char::canonical_combining_class(c) != 0;
        if c.is_alphanumeric() || is_mark {
            let d = c.is_ascii_digit();
            match seg_digit {
                Some(prev) if prev != d && !is_mark => {
                    segs.push((seg_start, i, prev));
                    seg_start = i;
                    seg_digit = Some(d);
                }
                None => seg_digit = Some(d),
                _ => {}
            }
            i += c.len_utf8();
            continue;
        }
        // Separators that stay inside a token.
        let next = text[i + c.len_utf8()..].chars().next();
        let inside_number = seg_digit == Some(true)
            && matches!(c, '.' | ',' | ':' | '/')
            && next.is_some_and(|n| n.is_ascii_digit());
        let inside_word =
            seg_digit == Some(false) && matches!(c, '\'' | '’') && next.is_some_and(char::is_alphabetic);
        if inside_number || inside_word {
            i += c.len_utf8();
            continue;
        }
        break;
    }
    if let Some(d) = seg_digit {
        segs.push((seg_start, i, d));
    }
    // `kata2`: a word followed by the digit 2 and nothing else.
    let segs_done = |out: &mut Tokens, segs: Vec<(usize, usize, bool)>| out.segs = segs;
    if segs.len() == 2
        && !segs[0].2
        && segs[1].2
        && &text[segs[1].0..segs[1].1] == "2"
        && segs[0].1 - segs[0].0 >= 2
    {
        let before = out.list.len();
        out.push_word(TokenKind::Word, text, segs[0].0, segs[0].1, lex);
        if let Some(t) = out.list.get_mut(before) {
            t.end = segs[1].1 as u32;
            t.flags |= flag::REDUP;
        }
        segs_done(out, segs);
        return i;
    }
    for &(s, e, digits) in &segs {
        if digits {
            out.push(TokenKind::Number, s, e, &text[s..e], 0);
        } else {
            out.push_word(TokenKind::Word, text, s, e, lex);
        }
    }
    segs_done(out, segs);
    i
}

/// `kata-kata` → one token `kata` flagged reduplicated.
fn merge_reduplication(text: &str, out: &mut Tokens) {
    let mut k = 0;
    while k + 2 < out.list.len() {
        let (a, h, c) = (out.list[k], out.list[k + 1], out.list[k + 2]);
        let adjacent = a.end == h.start && h.end == c.start;
        if a.kind == TokenKind::Word
            && c.kind == TokenKind::Word
            && h.kind == TokenKind::Punct
            && &text[h.start as usize..h.end as usize] == "-"
            && adjacent
            && out.norm(&a) == out.norm(&c)
        {
            out.list[k].end = c.end;
            out.list[k].flags |= flag::REDUP | c.flags;
            out.list.drain(k + 1..k + 3);
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_forms_match_the_live_fold_and_reset_per_post() {
        let lx = Lexicon::builtin();
        let mut t = Tokens::default();
        let text = "gak suka bukunya @kpu_ri #JanganGolput 2024 😡";
        tokenize(text, &lx, &mut t);
        let live: Vec<String> = (0..t.list.len()).map(|i| t.form(i, &lx).to_string()).collect();
        t.fold_forms(&lx);
        let cached: Vec<String> = (0..t.list.len()).map(|i| t.form(i, &lx).to_string()).collect();
        assert_eq!(live, cached);
        assert_eq!(&cached[..3], ["tidak", "suka", "buku"], "slang folded, clitic split");
        // A new post drops the old forms instead of reading stale spans.
        tokenize("bgt", &lx, &mut t);
        assert_eq!(t.form(0, &lx), "banget");
    }

    fn toks(s: &str) -> Vec<(TokenKind, String, String)> {
        let lx = Lexicon::builtin();
        let mut t = Tokens::default();
        tokenize(s, &lx, &mut t);
        t.iter()
            .map(|(tok, n)| (tok.kind, s[tok.start as usize..tok.end as usize].to_string(), n.to_string()))
            .collect()
    }

    fn norms(s: &str) -> Vec<String> {
        toks(s).into_iter().map(|t| t.2).collect()
    }

    #[test]
    fn typed_tokens_keep_their_spans() {
        let t = toks("Cek https://t.co/AbC1, @KPU_ID #AminAjaDulu 😂👍🏽 :) !!!");
        let kinds: Vec<TokenKind> = t.iter().map(|x| x.0).collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            vec![
                Word,
                Url,
                Punct,
                Mention,
                MentionPart,
                MentionPart,
                Hashtag,
                HashtagPart,
                HashtagPart,
                HashtagPart,
                Emoji,
                Emoji,
                Emoticon,
                Punct
            ]
        );
        assert_eq!(t[1].1, "https://t.co/AbC1");
        assert_eq!(t[3].2, "kpu_id");
        assert_eq!((t[4].2.as_str(), t[5].2.as_str()), ("kpu", "id"));
        assert_eq!(t[6].2, "aminajadulu");
        assert_eq!(norms("#AminAjaDulu")[1..], ["amin", "aja", "dulu"]);
        assert_eq!((t[11].1.as_str(), t[11].2.as_str()), ("👍🏽", "👍"), "skin tone dropped from the norm");
        assert_eq!(t[13].1, "!!!");
    }

    #[test]
    fn words_numbers_and_reduplication() {
        assert_eq!(
            norms("pemilu2024 nomor 02, 1.000 orang"),
            ["pemilu", "2024", "nomor", "02", ",", "1.000", "orang"]
        );
        let t = toks("kata-kata dan kata2 itu");
        assert_eq!((t[0].1.as_str(), t[0].2.as_str()), ("kata-kata", "kata"));
        assert_eq!((t[2].1.as_str(), t[2].2.as_str()), ("kata2", "kata"));
        assert_eq!(norms("anies-muhaimin"), ["anies", "-", "muhaimin"], "different words stay apart");
    }

    #[test]
    fn normalises_case_width_and_elongation() {
        assert_eq!(norms("PRABOWO 𝐏𝐫𝐚𝐛𝐨𝐰𝐨 Ｐｒａｂｏｗｏ"), ["prabowo", "prabowo", "prabowo"]);
        assert_eq!(norms("bangeeeet mantaaap"), ["banget", "mantap"]);
        assert_eq!(norms("Trump's plan"), ["trump", "plan"]);
    }

    #[test]
    fn hashtags_split_on_case_digits_and_dictionary() {
        assert_eq!(norms("#PrabowoGibran2024")[1..], ["prabowo", "gibran", "2024"]);
        assert_eq!(norms("#pemilu_damai")[1..], ["pemilu", "damai"]);
        assert_eq!(norms("#pemilucurang")[1..], ["pemilu", "curang"]);
    }

    #[test]
    fn emoticons_only_at_boundaries() {
        let t = toks("oke :v mantap:) XD");
        assert!(t.iter().any(|x| x.0 == TokenKind::Emoticon && x.1 == ":v"));
        assert!(t.iter().any(|x| x.1 == "XD" && x.0 == TokenKind::Emoticon));
        assert!(
            !t.iter().any(|x| x.1 == ":)" && x.0 == TokenKind::Emoticon),
            "glued to a word: not at a boundary"
        );
    }
}
