//! From posts to a bag-of-terms corpus for topics: the words of each post
//! as it is written (lower-cased; no stemming, so every term shown is a
//! word of the posts), stopwords and social-media filler dropped (also
//! when written in slang: `gak`, `bgt`), links, handles, numbers, ids and
//! word fragments left out, target aliases masked; frequent adjacent pairs
//! (`politik uang`, `food estate`) joined into single terms, and a
//! vocabulary cut by document frequency.
//!
//! Target aliases are masked because every kept post names a target: the
//! names would top every topic and say nothing about what is discussed
//! (each topic's target mix is reported beside it instead).

use crate::text::{Lang, Lexicon, normalize};
use crate::util::{FxHashMap, FxHashSet};
use rayon::prelude::*;

/// English words that carry no theme in posts, beside the shared function
/// words of [`crate::text::stopwords::EN`] (written for suara).
const STOPWORDS_EN_EXTRA: &str = "also get got gets getting go going gone goes make made say said says like one \
two know think want really even still much many way well back thing things lot let us im ive youre dont \
cant wont isnt arent didnt doesnt thats theres whats";

/// Social-media filler in both languages: platform words, address terms,
/// particles and fillers that slang folding leaves (written for suara).
const STOPWORDS_SOCIAL: &str = "rt amp via cc url http https www com co id html dm repost retweet follow \
followers unfollow like likes subscribe komen comment reply thread utas link bio pic video foto \
ya yaa yah iya sih deh dong kok nih tuh loh lho kan kak kakak gan bang bro sis min admin om mas mbak pak \
bu bapak ibu bund bunda cuy bos guys gaes gengs woi woy eh ah oh wah wow duh aduh anjir gitu gini aja \
udah udh sdh emang banget bgt kalo klo tau tahu bilang kata orang hari ini itu mau bisa ada jadi sama \
juga lagi sudah belum masih akan baru terus pun lah kah nya yang nyah \
fyp fypage fyppage foryou foryoupage xyzbca xybca beranda ber trending viral capcut tiktok reels shorts";

/// Laughter and keyboard mashing (`wkwk`, `hahaha`, `xixixi`, `awokawok`).
fn is_laughter(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 4 {
        return false;
    }
    let only = |set: &[u8]| b.iter().all(|c| set.contains(c));
    only(b"wk") || only(b"ha") || only(b"he") || only(b"hi") || only(b"xi") || only(b"awok") || only(b"kw")
}

/// `run` lower-cased into `buf` (cleared first); ASCII without a detour
/// through chars.
pub(super) fn lower_into(buf: &mut String, run: &str) {
    buf.clear();
    if run.is_ascii() {
        buf.push_str(run);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(run.chars().flat_map(char::to_lowercase));
    }
}

/// The words no topic term is made of.
#[derive(Debug, Clone)]
pub struct Stoplist(FxHashSet<String>);

impl Stoplist {
    pub fn builtin() -> Stoplist {
        let words = crate::text::stopwords::words()
            .chain(STOPWORDS_EN_EXTRA.split_whitespace())
            .chain(STOPWORDS_SOCIAL.split_whitespace());
        Stoplist(words.map(str::to_string).collect())
    }

    pub fn contains(&self, w: &str) -> bool {
        self.0.contains(w)
    }

    /// How many words it holds (for the manifest).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the corpus builder needs of one post.
#[derive(Debug, Clone, Copy)]
pub struct DocInput<'a> {
    pub text: &'a str,
    pub lang: Lang,
    /// Byte spans of target mentions, masked out of the terms.
    pub masked: &'a [(u32, u32)],
}

/// How the vocabulary is cut.
#[derive(Debug, Clone, PartialEq)]
pub struct VocabParams {
    /// A term must occur in at least this many posts…
    pub min_df: u32,
    /// …and in at most this share of them.
    pub max_df: f64,
    pub max_terms: usize,
    /// Adjacent pairs seen at least this often, with a normalised PMI of at
    /// least `bigram_npmi`, become one term.
    pub bigram_min_count: u32,
    pub bigram_npmi: f64,
}

impl VocabParams {
    /// Cuts that scale with the corpus: rare terms cannot shape a topic and
    /// only slow the model down.
    pub fn for_corpus(n_docs: usize) -> VocabParams {
        VocabParams {
            min_df: (n_docs / 10_000).max(3) as u32,
            max_df: 0.5,
            max_terms: 20_000,
            bigram_min_count: (n_docs / 5_000).max(5) as u32,
            bigram_npmi: 0.5,
        }
    }
}

/// Posts as sparse term counts over a vocabulary sorted by term.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corpus {
    /// Each term as the posts write it, lower-cased (`a b` for a pair of
    /// adjacent words).
    pub terms: Vec<String>,
    /// Posts containing each term.
    pub df: Vec<u32>,
    /// Row `i` is `ids[indptr[i]..indptr[i + 1]]` (ascending) with `counts`.
    pub indptr: Vec<usize>,
    pub ids: Vec<u32>,
    pub counts: Vec<u32>,
}

impl Corpus {
    pub fn n_docs(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    pub fn row(&self, i: usize) -> (&[u32], &[u32]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.ids[a..b], &self.counts[a..b])
    }

    /// Builds a corpus from documents already given as terms (tests,
    /// planted fixtures): every distinct word is a term, no cuts.
    pub fn from_words(docs: &[Vec<&str>]) -> Corpus {
        let mut terms: Vec<String> = docs.iter().flatten().map(|w| w.to_string()).collect();
        terms.sort();
        terms.dedup();
        let rows: Vec<Vec<u32>> = docs
            .iter()
            .map(|d| {
                d.iter().map(|w| terms.binary_search_by(|t| t.as_str().cmp(w)).unwrap() as u32).collect()
            })
            .collect();
        Corpus::from_rows(terms, rows)
    }

    /// Counts each row's term ids into the sparse layout (the rows are
    /// sorted in place, in parallel). Each row is freed as soon as it is
    /// counted.
    fn from_rows(terms: Vec<String>, mut rows: Vec<Vec<u32>>) -> Corpus {
        rows.par_iter_mut().for_each(|r| r.sort_unstable());
        let entries: usize = rows.iter().map(Vec::len).sum();
        let mut c = Corpus { df: vec![0; terms.len()], terms, indptr: vec![0], ..Default::default() };
        c.indptr.reserve(rows.len());
        c.ids.reserve(entries);
        c.counts.reserve(entries);
        for sorted in rows {
            let mut i = 0;
            while i < sorted.len() {
                let mut j = i + 1;
                while j < sorted.len() && sorted[j] == sorted[i] {
                    j += 1;
                }
                c.ids.push(sorted[i]);
                c.counts.push((j - i) as u32);
                c.df[sorted[i] as usize] += 1;
                i = j;
            }
            c.indptr.push(c.ids.len());
        }
        c
    }
}

/// Marks a break between words that were not adjacent (a dropped word,
/// punctuation, a mention): no bigram spans it.
const GAP: u32 = u32::MAX;
/// Posts per parallel chunk: fixed, so interning order (and with it every
/// tie-break) does not depend on the thread count.
const CHUNK: usize = 4096;
/// In a chunk's stream, a word new to the corpus: its index in the
/// chunk's `spellings`, with this bit set (other ids are the corpus's).
const LOCAL: u32 = 1 << 31;
/// In a chunk's table, a word new to the corpus that is no content word.
const REJECTED: u32 = u32::MAX - 1;

/// Words → ids (keyed in registers up to 16 bytes).
type WordMap = crate::util::WordMap<u32>;

/// One chunk of posts as word ids.
#[derive(Default)]
struct Chunk {
    /// Content words new to the corpus, in first-occurrence order.
    spellings: Vec<String>,
    /// Other words new to the corpus (no content words).
    rejected: Vec<String>,
    /// Each post's stream of ids (the corpus's, or `LOCAL`) with `GAP`s,
    /// flat.
    stream: Vec<u32>,
    ends: Vec<usize>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ')
}

/// The candidate words of `text` in order, as `f(Some(word))`, with
/// `f(None)` where something that cannot be part of a term breaks the
/// sequence: a link (every piece of it), a handle, a word joined to
/// another by an apostrophe (`ma'ruf` → no `ruf`), a run holding a digit
/// (numbers, ids), a masked span, punctuation other than a hyphen.
/// Words are the plain words of [`super::coherence::plain_words`],
/// lower-cased, hashtags included whole (`#PemiluCurang` → pemilucurang).
fn candidate_words(
    text: &str,
    masked: &[(u32, u32)],
    buf: &mut String,
    chars: &mut Vec<(usize, char)>,
    mut f: impl FnMut(Option<&str>),
) {
    let starts_ci = |p: &str, pre: &str| {
        p.len() >= pre.len() && p.as_bytes()[..pre.len()].eq_ignore_ascii_case(pre.as_bytes())
    };
    let mut pos = 0;
    for piece in text.split(char::is_whitespace) {
        let base = pos;
        pos += piece.len() + text[pos + piece.len()..].chars().next().map_or(0, char::len_utf8);
        if piece.is_empty() {
            continue;
        }
        let link = |b: &[u8]| memchr::memchr_iter(b':', b).any(|i| b[i + 1..].starts_with(b"//"));
        if starts_ci(piece, "http") || starts_ci(piece, "www.") || link(piece.as_bytes()) {
            f(None);
            continue;
        }
        // An ASCII piece is read byte by byte (a byte is a char there);
        // others char by char. The same runs either way.
        if piece.is_ascii() {
            piece_words(piece, &Ascii(piece.as_bytes()), base, masked, buf, &mut f);
        } else {
            chars.clear();
            chars.extend(piece.char_indices());
            piece_words(piece, &Decoded(chars), base, masked, buf, &mut f);
        }
    }
}

/// A piece's chars, by index: (byte offset, char).
trait PieceChars {
    fn len(&self) -> usize;
    /// Char `j < len()`.
    fn at(&self, j: usize) -> (usize, char);
}

struct Ascii<'a>(&'a [u8]);

impl PieceChars for Ascii<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn at(&self, j: usize) -> (usize, char) {
        (j, self.0[j] as char)
    }
}

struct Decoded<'a>(&'a [(usize, char)]);

impl PieceChars for Decoded<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn at(&self, j: usize) -> (usize, char) {
        self.0[j]
    }
}

/// The candidate words of one whitespace-free piece that is no link, which
/// starts at byte `base` of its post (see [`candidate_words`]).
fn piece_words(
    piece: &str,
    chars: &impl PieceChars,
    base: usize,
    masked: &[(u32, u32)],
    buf: &mut String,
    f: &mut impl FnMut(Option<&str>),
) {
    let n = chars.len();
    let alnum = |j: usize| j < n && chars.at(j).1.is_alphanumeric();
    let mut i = 0;
    let mut in_handle = false;
    let mut prev_end: Option<usize> = None;
    while i < n {
        if !alnum(i) {
            i += 1;
            continue;
        }
        let s = i;
        while alnum(i) {
            i += 1;
        }
        let (bs, be) = (chars.at(s).0, if i < n { chars.at(i).0 } else { piece.len() });
        // What comes before the run: the piece's head, or what separates
        // it from the previous run.
        let sep = &piece[prev_end.unwrap_or(0)..bs];
        prev_end = Some(be);
        if sep.ends_with('@') {
            in_handle = true;
        } else if sep != "_" && sep != "." {
            in_handle = false;
        }
        if !matches!(sep, "" | "#" | "-") {
            f(None);
        }
        let fragment = (s >= 2 && is_apostrophe(chars.at(s - 1).1) && alnum(s - 2))
            || (i < n && is_apostrophe(chars.at(i).1) && alnum(i + 1));
        let (gs, ge) = ((base + bs) as u32, (base + be) as u32);
        let is_masked = masked.iter().any(|&(ms, me)| gs < me && ms < ge);
        let run = &piece[bs..be];
        if in_handle || fragment || is_masked || run.chars().any(char::is_numeric) {
            f(None);
            continue;
        }
        lower_into(buf, run);
        f(Some(buf));
    }
    // Punctuation after the last word of a piece breaks pairs too.
    if prev_end.is_none_or(|e| e < piece.len()) {
        f(None);
    }
}

/// Whether a word can be (part of) a topic term: letters only, at least
/// three, no stopword or filler — also once slang is folded (`gak` →
/// tidak) or a clitic split off (`katanya` → kata) — and no laughter.
fn content_word(w: &str, lex: &Lexicon, stop: &Stoplist) -> bool {
    if w.chars().count() < 3
        || !w.chars().all(|c| c.is_alphabetic() && !('\u{1D400}'..='\u{1D7FF}').contains(&c))
        || stop.contains(w)
        || is_laughter(w)
    {
        return false;
    }
    let base = normalize::split_clitic(w, lex).map_or(w, |(b, _)| b);
    let formal = normalize::formal(base, lex);
    !(formal.split(' ').all(|x| x.chars().count() < 3 || stop.contains(x)))
}

/// Tokenises a chunk of posts; `known` holds the words of the chunks
/// before (each a content word's id, or `GAP`), so that only words new to
/// the corpus are judged.
fn tokenize_chunk(docs: &[DocInput], lex: &Lexicon, stop: &Stoplist, known: &WordMap) -> Chunk {
    let mut chunk = Chunk::default();
    // A word new to the corpus → its id in the stream, or `REJECTED`.
    let mut local = WordMap::default();
    let (mut buf, mut chars) = (String::new(), Vec::new());
    for d in docs {
        let start = chunk.stream.len();
        candidate_words(d.text, d.masked, &mut buf, &mut chars, |w| {
            let id = match w {
                None => GAP,
                Some(w) => match known.get(w).or_else(|| local.get(w)) {
                    Some(id) => id,
                    None => {
                        let id = if content_word(w, lex, stop) {
                            chunk.spellings.push(w.to_string());
                            LOCAL | (chunk.spellings.len() - 1) as u32
                        } else {
                            chunk.rejected.push(w.to_string());
                            REJECTED
                        };
                        local.insert(w, id);
                        id
                    }
                },
            };
            if id != GAP && id != REJECTED {
                chunk.stream.push(id);
            } else if chunk.stream.len() > start && chunk.stream.last() != Some(&GAP) {
                chunk.stream.push(GAP);
            }
        });
        chunk.ends.push(chunk.stream.len());
    }
    chunk
}

/// Builds the corpus: words → bigrams → vocabulary cut.
pub fn build(docs: &[DocInput], lex: &Lexicon, stop: &Stoplist, params: &VocabParams) -> Corpus {
    build_with(docs, lex, stop, params, |_| ()).0
}

/// [`build`], also running `with_terms` on the vocabulary as soon as it is
/// cut, beside the last steps of the corpus (the presence table the fits
/// score with needs only the terms).
pub fn build_with<R: Send>(
    docs: &[DocInput],
    lex: &Lexicon,
    stop: &Stoplist,
    params: &VocabParams,
    with_terms: impl FnOnce(&[String]) -> R + Send,
) -> (Corpus, R) {
    // Chunks are tokenised a group at a time (each holds its own spelling
    // table, and all of them at once would outweigh the corpus), then their
    // new spellings merged into the corpus's, in chunk order. A small first
    // group lets the later ones find most words known.
    let mut labels: Vec<String> = Vec::new();
    // Every word seen: a content word's id, or `GAP`.
    let mut known = WordMap::default();
    let mut streams: Vec<Vec<u32>> = Vec::with_capacity(docs.len());
    let mut time = super::steps::Timer::start("corpus");
    let mut at = 0;
    while at < docs.len() {
        let group = &docs[at..docs.len().min(at + CHUNK * if at == 0 { 8 } else { 32 })];
        at += group.len();
        let chunks: Vec<Chunk> =
            group.par_chunks(CHUNK).map(|c| tokenize_chunk(c, lex, stop, &known)).collect();
        time.lap("tokenise");
        let maps: Vec<Vec<u32>> = chunks
            .iter()
            .map(|chunk| {
                chunk
                    .spellings
                    .iter()
                    .map(|s| match known.get(s) {
                        Some(id) => id,
                        None => {
                            let id = labels.len() as u32;
                            labels.push(s.clone());
                            known.insert(s, id);
                            id
                        }
                    })
                    .collect()
            })
            .collect();
        for chunk in &chunks {
            for w in &chunk.rejected {
                known.insert(w, GAP);
            }
        }
        time.lap("merge");
        let rows: Vec<Vec<Vec<u32>>> = chunks
            .par_iter()
            .zip(&maps)
            .map(|(chunk, map)| {
                let mut start = 0;
                chunk
                    .ends
                    .iter()
                    .map(|&end| {
                        let row = chunk.stream[start..end]
                            .iter()
                            .map(|&t| if t == GAP || t & LOCAL == 0 { t } else { map[(t & !LOCAL) as usize] })
                            .collect();
                        start = end;
                        row
                    })
                    .collect()
            })
            .collect();
        streams.extend(rows.into_iter().flatten());
        time.lap("remap");
    }
    drop(known);
    join_bigrams(&mut streams, &mut labels, params, &mut time);
    cut(streams, &labels, params, with_terms, &mut time)
}

/// Finds frequent, strongly associated adjacent pairs and rewrites each
/// stream with them as single terms (greedy, left to right).
fn join_bigrams(
    streams: &mut [Vec<u32>],
    labels: &mut Vec<String>,
    params: &VocabParams,
    time: &mut super::steps::Timer,
) {
    let mut unigrams = vec![0u64; labels.len()];
    let mut pairs: FxHashMap<u64, u32> = FxHashMap::default();
    let mut total = 0u64;
    for s in streams.iter() {
        for (i, &t) in s.iter().enumerate() {
            if t == GAP {
                continue;
            }
            unigrams[t as usize] += 1;
            total += 1;
            if let Some(&u) = s.get(i + 1).filter(|&&u| u != GAP && u != t) {
                *pairs.entry((t as u64) << 32 | u as u64).or_insert(0) += 1;
            }
        }
    }
    time.lap("bigram count");
    if total == 0 {
        return;
    }
    let n = total as f64;
    let mut kept: Vec<u64> = pairs
        .into_iter()
        .filter(|&(key, c)| {
            let (a, b) = ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize);
            let p_ab = c as f64 / n;
            let npmi = (p_ab / (unigrams[a] as f64 / n * unigrams[b] as f64 / n)).ln() / -p_ab.ln();
            c >= params.bigram_min_count && npmi >= params.bigram_npmi
        })
        .map(|(key, _)| key)
        .collect();
    kept.sort_unstable();
    let ids: FxHashMap<u64, u32> = kept
        .iter()
        .map(|&key| {
            let (a, b) = ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize);
            labels.push(format!("{} {}", labels[a], labels[b]));
            (key, (labels.len() - 1) as u32)
        })
        .collect();
    time.lap("bigram filter");
    streams.par_iter_mut().for_each(|s| {
        let mut out = Vec::with_capacity(s.len());
        let mut i = 0;
        while i < s.len() {
            let t = s[i];
            if let Some(&j) = s.get(i + 1).and_then(|&u| ids.get(&((t as u64) << 32 | u as u64))) {
                out.push(j);
                i += 2;
            } else {
                out.push(t);
                i += 1;
            }
        }
        out.retain(|&t| t != GAP);
        *s = out;
    });
    time.lap("bigram rewrite");
}

/// Keeps terms by document frequency and renumbers them alphabetically.
fn cut<R: Send>(
    mut streams: Vec<Vec<u32>>,
    labels: &[String],
    params: &VocabParams,
    with_terms: impl FnOnce(&[String]) -> R + Send,
    time: &mut super::steps::Timer,
) -> (Corpus, R) {
    let mut df = vec![0u32; labels.len()];
    let mut seen = vec![u32::MAX; labels.len()];
    for (d, s) in streams.iter().enumerate() {
        for &t in s {
            if seen[t as usize] != d as u32 {
                seen[t as usize] = d as u32;
                df[t as usize] += 1;
            }
        }
    }
    time.lap("cut df");
    let max_df = (params.max_df * streams.len() as f64).floor().max(1.0) as u32;
    let mut keep: Vec<u32> = (0..labels.len() as u32)
        .filter(|&t| df[t as usize] >= params.min_df && df[t as usize] <= max_df)
        .collect();
    // A pair and a word never share a spelling; kept for safety.
    keep.sort_by(|&a, &b| {
        df[b as usize].cmp(&df[a as usize]).then(labels[a as usize].cmp(&labels[b as usize]))
    });
    let mut taken: FxHashSet<&str> = FxHashSet::default();
    keep.retain(|&t| taken.insert(labels[t as usize].as_str()));
    keep.truncate(params.max_terms);
    keep.sort_by(|&a, &b| labels[a as usize].cmp(&labels[b as usize]));
    time.lap("cut keep");
    let mut new_id = vec![u32::MAX; labels.len()];
    for (i, &t) in keep.iter().enumerate() {
        new_id[t as usize] = i as u32;
    }
    let terms: Vec<String> = keep.iter().map(|&t| labels[t as usize].clone()).collect();
    let (r, c) = rayon::join(
        || with_terms(&terms),
        || {
            // Renumbered in place: a second set of per-post rows would
            // double the largest structure of the stage.
            streams.par_iter_mut().for_each(|s| {
                for t in s.iter_mut() {
                    *t = new_id[*t as usize];
                }
                s.retain(|&t| t != u32::MAX);
            });
            Corpus::from_rows(terms.clone(), streams)
        },
    );
    time.lap("renumber, rows (and with the terms)");
    (c, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(texts: &[&str], params: &VocabParams) -> Corpus {
        let lex = Lexicon::builtin();
        let docs: Vec<DocInput> =
            texts.iter().map(|t| DocInput { text: t, lang: Lang::Id, masked: &[] }).collect();
        build(&docs, &lex, &Stoplist::builtin(), params)
    }

    fn loose() -> VocabParams {
        VocabParams { min_df: 1, max_df: 1.0, max_terms: 100, bigram_min_count: 3, bigram_npmi: 0.5 }
    }

    #[test]
    fn stopwords_filler_and_laughter_are_not_terms() {
        let c = corpus(&["wkwkwk yang itu sih harga beras mahal lagi https://t.co/x @someone rt"], &loose());
        assert_eq!(c.terms, vec!["beras", "harga", "mahal"]);
    }

    #[test]
    fn masked_spans_are_not_terms() {
        let lex = Lexicon::builtin();
        let text = "prabowo bicara soal pangan";
        let docs = [DocInput { text, lang: Lang::Id, masked: &[(0, 7)] }];
        let c = build(&docs, &lex, &Stoplist::builtin(), &loose());
        assert!(!c.terms.iter().any(|t| t.contains("prabowo")), "{:?}", c.terms);
        assert!(c.terms.contains(&"pangan".to_string()));
    }

    #[test]
    fn frequent_pairs_become_one_term_only_when_adjacent() {
        let mut texts = vec!["politik uang merusak demokrasi"; 4];
        texts.push("uang rakyat, politik kampus");
        let c = corpus(&texts, &loose());
        assert!(c.terms.contains(&"politik uang".to_string()), "{:?}", c.terms);
        // The last post has both words, but not side by side.
        let last = c.row(4).0.iter().map(|&t| c.terms[t as usize].as_str()).collect::<Vec<_>>();
        assert!(!last.contains(&"politik uang") && last.contains(&"politik"), "{last:?}");
    }

    #[test]
    fn document_frequency_cuts() {
        let texts = ["beras mahal", "beras murah", "beras langka", "minyak mahal"];
        let p = VocabParams { min_df: 2, max_df: 0.5, ..loose() };
        // beras is in 3 of 4 posts (over half), minyak/murah/langka in one.
        assert_eq!(corpus(&texts, &p).terms, vec!["mahal"]);
    }

    /// `i` written in the letters a–z (base 26), for words without digits.
    fn letters(mut i: usize) -> String {
        let mut s = Vec::new();
        loop {
            s.push(b'a' + (i % 26) as u8);
            i /= 26;
            if i == 0 {
                break;
            }
        }
        String::from_utf8(s).unwrap()
    }

    #[test]
    fn every_post_keeps_its_own_words_across_chunk_groups() {
        // Enough posts for several groups of chunks: later chunks find most
        // words known from earlier ones, and bring new ones.
        let pool = [
            "harga",
            "beras",
            "yang",
            "naik",
            "dan",
            "turun",
            "gak",
            "katanya",
            "pemilu",
            "jujur",
            "wkwkwk",
            "@kpu_ri",
            "#PemiluDamai",
            "https://t.co/x",
            "rp10",
            "ma'ruf",
            "tol",
            "BBM",
            "Çok",
            "ekonomi",
        ];
        let mut rng = crate::util::SplitMix64::new(11);
        let texts: Vec<String> = (0..12 * CHUNK)
            .map(|i| {
                let mut words: Vec<String> =
                    (0..rng.below(8)).map(|_| pool[rng.below(pool.len())].to_string()).collect();
                // A content word first seen in each later group (letters
                // only: a word with digits is no content word), and one
                // seen in a single post.
                words.push(format!("kata{}", ["satu", "dua", "tiga", "empat"][i / (3 * CHUNK)]));
                if i % 5000 == 7 {
                    words.push(format!("sekali{}", letters(i)));
                }
                words.join(" ")
            })
            .collect();
        let docs: Vec<DocInput> =
            texts.iter().map(|t| DocInput { text: t, lang: Lang::Id, masked: &[] }).collect();
        let lex = Lexicon::builtin();
        let stop = Stoplist::builtin();
        let p = VocabParams {
            min_df: 1,
            max_df: 1.0,
            max_terms: 1000,
            bigram_min_count: u32::MAX,
            bigram_npmi: 2.0,
        };
        let c = build(&docs, &lex, &stop, &p);
        for late in ["katasatu", "katadua", "katatiga", "kataempat", "sekalih"] {
            assert!(c.terms.iter().any(|t| t == late), "{late} is a term");
        }
        let (mut buf, mut chars) = (String::new(), Vec::new());
        for (i, d) in docs.iter().enumerate() {
            let mut want: Vec<String> = Vec::new();
            candidate_words(d.text, d.masked, &mut buf, &mut chars, |w| {
                if let Some(w) = w.filter(|w| content_word(w, &lex, &stop)) {
                    want.push(w.to_string());
                }
            });
            want.sort();
            let (ids, counts) = c.row(i);
            let got: Vec<String> = ids
                .iter()
                .zip(counts)
                .flat_map(|(&t, &n)| std::iter::repeat_n(c.terms[t as usize].clone(), n as usize))
                .collect();
            assert_eq!(got, want, "post {i}: {}", d.text);
        }
    }

    #[test]
    fn chunking_does_not_change_the_corpus() {
        let texts: Vec<String> =
            (0..3 * CHUNK).map(|i| format!("harga beras{} naik di pasar{}", i % 7, i % 13)).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| corpus(&refs, &loose()));
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| corpus(&refs, &loose()));
        assert_eq!(one, two);
        assert_eq!(one.n_docs(), 3 * CHUNK);
    }
}
