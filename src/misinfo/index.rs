//! Matching posts to debunked claims: an inverted index from claim terms
//! to claims, so a post costs a few lookups whatever the number of claims.
//!
//! A claim and a post are read alike: the text stage's tokens, each word
//! folded (case, stretched letters, slang and abbreviations: `yg` →
//! `yang`, `gak` → `tidak`, clitics split off) and stemmed (`dihapus`,
//! `menghapus` → `hapus`; English words by Snowball); stopwords dropped;
//! a watchlist target's name, however written (`KPU`, `Komisi Pemilihan
//! Umum`, `#kpu`), becomes one term for the target. A word of five letters
//! or more that suara does not know (a typo) also meets a claim word one
//! edit away (`kontainr` ~ `kontainer`).
//!
//! A claim's terms weigh by rarity (`ln(1 + 1000 / (1 + count))`, counts
//! from the shipped Indonesian and English word lists), target names and
//! numbers a fixed weight: the people a claim is about are what news about
//! them shares, the rare words are what the claim says of them. A post's
//! **score** for a claim is the share of the claim's weight its terms
//! cover (1 = every term of the claim is in the post, in any order,
//! however much else the post says). A post matches its best claim when
//! the score reaches `[misinfo] claim_threshold` and at least
//! [`MIN_WORDS`] of the claim's words (not names) are in the post.

use crate::core::Mention;
use crate::text::{Lexicon, TokenKind, Tokens, normalize, stem};
use crate::util::FxHashMap;
use crate::watchlist::matcher;

/// Weight of a watchlist target named in a claim.
pub const ENTITY_WEIGHT: f32 = 1.5;
/// Weight of a number (`10 juta`, `7 kontainer`).
pub const NUMBER_WEIGHT: f32 = 2.0;
/// A typo's match counts this much of the word it stands for.
pub const FUZZY_FACTOR: f32 = 0.8;
/// Words (not target names) of the claim that a match must contain, or
/// all of them when the claim has fewer.
pub const MIN_WORDS: u16 = 2;
/// Smoothing of word rarity: a word seen `n` times in the word lists
/// weighs `ln(1 + SMOOTHING / (1 + n))`.
pub const SMOOTHING: f32 = 1000.0;
/// Election words (the watchlists' context words: pemilu, capres, debat,
/// kampanye, surat suara …) are rare in the shipped word lists but common
/// in any election corpus: they weigh as a word seen this often.
pub const ELECTION_WORD_COUNT: u32 = 300;
/// Typos are looked for in words of at least this many letters.
const FUZZY_MIN_LEN: usize = 5;
const NONE: u32 = u32::MAX;

/// Words of every claim and post that say nothing of what is claimed: the
/// shared stopwords and the platform's own.
const STOPWORDS_EXTRA: &str = "rt amp via";

/// FNV-1a, 64 bits: a stable key for terms (the same in every run and on
/// every machine, unlike a seeded hasher).
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Numbers written as words, as the digits they stand for (`sepuluh
/// juta` and `10 juta` are one claim).
fn number_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "satu" | "one" => "1",
        "dua" | "two" => "2",
        "tiga" | "three" => "3",
        "empat" | "four" => "4",
        "lima" | "five" => "5",
        "enam" | "six" => "6",
        "tujuh" | "seven" => "7",
        "delapan" | "eight" => "8",
        "sembilan" | "nine" => "9",
        "sepuluh" | "ten" => "10",
        "seratus" | "hundred" => "100",
        "seribu" | "thousand" => "1000",
        _ => return None,
    })
}

/// Colloquial Jakarta verbs (`ngehapus`, `nyoblos` aside, which slang
/// folds): `nge-` before a known root.
fn colloquial_root<'w>(w: &'w str, lex: &Lexicon) -> &'w str {
    match w.strip_prefix("nge") {
        Some(root) if root.len() >= 4 && lex.known(root) => root,
        _ => w,
    }
}

/// A word's term key: its fold (slang, clitic), stemmed (English words by
/// Snowball, others by the Indonesian stemmer).
fn term_of(norm: &str, lex: &Lexicon) -> Option<(String, u32)> {
    let base = normalize::split_clitic(norm, lex).map_or(norm, |(b, _)| b);
    let form = colloquial_root(normalize::formal(base, lex), lex);
    // A slang expansion may be several words (`dgn` → `dengan`, `dont` →
    // `do not`): the last content word stands for it.
    let form = form.split(' ').rev().find(|w| !is_stopword(w)).unwrap_or(form);
    if is_stopword(form) || form.chars().count() < 2 {
        return None;
    }
    let stemmed = if lex.en_count(form) > lex.id_count(form) {
        stem::stem_en(form)
    } else {
        stem::stem_id(form, lex).into_owned()
    };
    // A rare form of a common word is a common word (`memasukkan`, `masuk`).
    let count =
        (lex.id_count(form) + lex.en_count(form)).max(lex.id_count(&stemmed) + lex.en_count(&stemmed));
    Some((stemmed, count))
}

fn is_stopword(w: &str) -> bool {
    thread_local! {
        static STOP: crate::util::FxHashSet<&'static str> =
            crate::text::stopwords::words().chain(STOPWORDS_EXTRA.split_whitespace()).collect();
    }
    STOP.with(|s| s.contains(w))
}

/// Weight of a word seen `count` times in the word lists.
pub fn rarity(count: u32) -> f32 {
    (1.0 + SMOOTHING / (1.0 + count as f32)).ln()
}

/// One word of a post as the index sees it (cached per thread: a thread
/// meets a word once). Small and `Copy`, kept in the cache's own slots.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    /// Term id when a claim has this term, else NONE.
    exact: u32,
    /// Claim terms one edit away (typos), when the word is unknown: a
    /// range of [`Scratch::fuzzy`].
    fuzzy: (u32, u32),
    /// The word for copy-paste comparison (its fold), hashed.
    copy: u32,
}

impl WordInfo {
    /// Its typos' claim terms, in `pool` ([`Scratch::fuzzy`]).
    fn typos<'a>(&self, pool: &'a [u32]) -> &'a [u32] {
        &pool[self.fuzzy.0 as usize..(self.fuzzy.0 + self.fuzzy.1) as usize]
    }
}

/// Words read, by the word as normalised (keyed in registers up to 16
/// bytes: no `memcmp` per probe).
type WordCache = crate::util::WordMap<WordInfo>;

/// Per-thread buffers.
#[derive(Default)]
pub struct Scratch {
    /// The index the cached words were read for (threads outlive runs).
    index: u64,
    /// The words read so far ([`ClaimIndex::word`]), apart for number
    /// tokens (`[words, numbers]`): a number and a word that normalise
    /// alike are read differently, and a cache shared by both would answer
    /// with whichever this thread met first.
    words: [WordCache; 2],
    /// Their typos' claim terms, end to end.
    fuzzy: Vec<u32>,
    /// Which tokens a mention covers, for the post being read.
    cover: Vec<bool>,
    /// The people the post names (sorted, once each).
    people: Vec<u32>,
    seen: Vec<bool>,
    touched: Vec<u32>,
    terms: Vec<(u32, f32)>,
}

/// What a post's text gives the misinfo stage: the words for the
/// copy-paste rule, and its best claim.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostTerms {
    /// Words counted for the copy rule (with repeats).
    pub words: u32,
    /// The distinct words, hashed and sorted.
    pub set: Vec<u32>,
    pub claim: Option<ClaimHit>,
}

/// A post's best claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClaimHit {
    /// Index into the run's claims.
    pub claim: u32,
    /// The share of the claim's weight the post covers, 0..1.
    pub score: f32,
    /// The post's words that matched, as written, `; `-joined (`≈` marks a
    /// typo and the claim word it stands for).
    pub terms: String,
}

/// Each index a number of its own, so a thread's word cache is never read
/// against another index than the one that filled it.
static INDEXES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The claims, indexed.
pub struct ClaimIndex {
    /// This index's number ([`INDEXES`]).
    id: u64,
    /// Term key → term id.
    ids: FxHashMap<u64, u32>,
    /// Per term: weight, whether it is a target's name, the claims that
    /// have it.
    weight: Vec<f32>,
    entity: Vec<bool>,
    postings: Vec<Vec<u32>>,
    /// For one threshold, per term: the claims that have it among their
    /// heaviest terms, those without which no post can reach the threshold
    /// ([`ClaimIndex::for_threshold`]).
    prefix: Option<(f32, Vec<Vec<u32>>)>,
    /// Per watchlist target: its term id, or NONE.
    targets: Vec<u32>,
    /// One-edit neighbours: a deletion variant's key → term ids.
    variants: FxHashMap<u64, Vec<u32>>,
    /// Per claim: total weight, number of word terms, terms (for audits).
    total: Vec<f32>,
    words_in: Vec<u16>,
    claim_terms: Vec<Vec<u32>>,
    /// Term id → the stem it stands for (for `≈` in matched terms).
    stems: Vec<String>,
    /// Term id → the forms it was written in (the stem, the words of the
    /// claims; a target's name as the claims wrote it), for typos.
    forms: Vec<Vec<String>>,
    /// Per watchlist target: the targets that name the same people (itself,
    /// the groups it rolls up to, its members) and its family; none for
    /// issues.
    kin: Vec<Option<Kin>>,
    /// Per claim: the people and institutions it names (targets).
    people: Vec<Vec<u32>>,
}

/// Who a watchlist target is, for telling whether a post names the
/// people of a claim or others of their kind.
#[derive(Debug, Clone)]
pub struct Kin {
    /// The targets that name the same people, sorted.
    pub same: Vec<u32>,
    /// 0: candidates, tickets, parties, coalitions; 1: institutions;
    /// 2: other figures.
    pub family: u8,
}

/// Per watchlist target, the targets that name the same people: itself,
/// the groups it rolls up to and its members (a candidate and their
/// ticket); none for issue targets, which name no one.
pub fn kinship(w: &crate::watchlist::Watchlists) -> Vec<Option<Kin>> {
    use crate::watchlist::TargetKind as K;
    let index = |id: &str| w.targets.iter().position(|t| t.id == id).map(|i| i as u32);
    let up: Vec<Vec<u32>> =
        w.targets.iter().map(|t| w.ancestors(&t.id).into_iter().filter_map(index).collect()).collect();
    (0..w.targets.len())
        .map(|i| {
            let family = match w.targets[i].kind {
                K::Issue => return None,
                K::Candidate | K::Pair | K::Party | K::Coalition => 0,
                K::Institution => 1,
                K::Figure => 2,
            };
            let mut k: Vec<u32> = vec![i as u32];
            k.extend(&up[i]);
            k.extend((0..up.len()).filter(|&j| up[j].contains(&(i as u32))).map(|j| j as u32));
            k.sort_unstable();
            k.dedup();
            Some(Kin { same: k, family })
        })
        .collect()
}

fn entity_key(target: &str) -> u64 {
    fnv64(format!("\u{1}{target}").as_bytes())
}

/// Every string one character shorter than `w` (its deletion neighbours).
fn deletions(w: &str) -> impl Iterator<Item = String> + '_ {
    let idx: Vec<usize> = w.char_indices().map(|(i, _)| i).collect();
    idx.into_iter().map(move |i| {
        let c = w[i..].chars().next().map_or(0, char::len_utf8);
        format!("{}{}", &w[..i], &w[i + c..])
    })
}

/// Whether a token is a word the index reads (hashtags count by their
/// parts; handles, links and emoji never).
fn readable(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Word | TokenKind::HashtagPart | TokenKind::Number)
}

/// Tokens covered by a mention (its words are the target's term).
fn covered(tokens: &Tokens, mentions: &[Mention], out: &mut Vec<bool>) {
    out.clear();
    out.resize(tokens.list.len(), false);
    for m in mentions {
        for (i, t) in tokens.list.iter().enumerate() {
            if t.start >= m.byte_start && t.end <= m.byte_end {
                out[i] = true;
            }
        }
    }
}

impl ClaimIndex {
    /// Indexes claim texts; `analyze` tokenises a text and finds its
    /// watchlist mentions as a post's would be.
    pub fn new(
        claims: &[&str],
        lex: &Lexicon,
        matcher: &crate::watchlist::Matcher,
        kin: Vec<Option<Kin>>,
        election_words: &[String],
        analyze: impl Fn(&str, &mut Tokens, &mut Vec<Mention>),
    ) -> ClaimIndex {
        let common: crate::util::FxHashSet<String> = election_words
            .iter()
            .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .flat_map(|w| {
                let w = w.to_lowercase();
                let stemmed = term_of(&w, lex).map(|t| t.0);
                std::iter::once(w).chain(stemmed)
            })
            .collect();
        let mut ix = ClaimIndex {
            id: INDEXES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ids: FxHashMap::default(),
            weight: Vec::new(),
            entity: Vec::new(),
            postings: Vec::new(),
            prefix: None,
            targets: vec![NONE; matcher.target_count()],
            variants: FxHashMap::default(),
            total: Vec::new(),
            words_in: Vec::new(),
            claim_terms: Vec::new(),
            stems: Vec::new(),
            forms: Vec::new(),
            kin,
            people: Vec::new(),
        };
        let mut tokens = Tokens::default();
        let mut mentions = Vec::new();
        let mut cover = Vec::new();
        for (ci, text) in claims.iter().enumerate() {
            analyze(text, &mut tokens, &mut mentions);
            covered(&tokens, &mentions, &mut cover);
            let mut people: Vec<u32> = mentions
                .iter()
                .map(|m| m.target)
                .filter(|&t| ix.kin.get(t as usize).is_some_and(Option::is_some))
                .collect();
            people.sort_unstable();
            people.dedup();
            ix.people.push(people);
            let mut terms: Vec<u32> = Vec::new();
            let add = |ix: &mut ClaimIndex, key: u64, weight: f32, entity: bool, stem: String| -> u32 {
                let next = ix.weight.len() as u32;
                let id = *ix.ids.entry(key).or_insert(next);
                if id == next {
                    ix.weight.push(weight);
                    ix.entity.push(entity);
                    ix.postings.push(Vec::new());
                    ix.forms.push(if entity { Vec::new() } else { vec![stem.clone()] });
                    ix.stems.push(stem);
                } else {
                    // The same word is as rare in every claim; keep the
                    // rarer reading of its forms.
                    ix.weight[id as usize] = ix.weight[id as usize].max(weight);
                }
                id
            };
            for m in &mentions {
                let target = matcher.target_id(m.target);
                let id = add(&mut ix, entity_key(target), ENTITY_WEIGHT, true, format!("@{target}"));
                ix.targets[m.target as usize] = id;
                terms.push(id);
                // A name's words, for typos (`Gbran` ~ `Gibran`).
                let written = text[m.byte_start as usize..m.byte_end as usize].to_lowercase();
                for w in written.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                    ix.forms[id as usize].push(w.to_string());
                }
            }
            for (i, t) in tokens.list.iter().enumerate() {
                if !readable(t.kind) || cover[i] {
                    continue;
                }
                let norm = tokens.norm(t);
                if let Some(n) = (t.kind == TokenKind::Number).then_some(norm).or_else(|| number_word(norm)) {
                    terms.push(add(&mut ix, fnv64(n.as_bytes()), NUMBER_WEIGHT, false, n.to_string()));
                    continue;
                }
                if let Some((s, count)) = term_of(norm, lex) {
                    let count = if common.contains(&s) || common.contains(norm) {
                        count.max(ELECTION_WORD_COUNT)
                    } else {
                        count
                    };
                    let id = add(&mut ix, fnv64(s.as_bytes()), rarity(count), false, s.clone());
                    ix.forms[id as usize].push(norm.to_string());
                    // Spoken Indonesian drops verb prefixes (`dilantik` →
                    // `lantik`, `menghapus` → `hapus`): the bare forms meet
                    // the claim word as a typo would.
                    let base = normalize::split_clitic(norm, lex).map_or(norm, |(b, _)| b);
                    for bare in stem::strip_prefix(base).into_iter().filter(|b| b.len() >= 4) {
                        ix.forms[id as usize].push(bare);
                    }
                    terms.push(id);
                }
            }
            terms.sort_unstable();
            terms.dedup();
            for &t in &terms {
                ix.postings[t as usize].push(ci as u32);
            }
            ix.total.push(terms.iter().map(|&t| ix.weight[t as usize]).sum());
            ix.words_in.push(terms.iter().filter(|&&t| !ix.entity[t as usize]).count() as u16);
            ix.claim_terms.push(terms);
        }
        // A term many claims share tells them apart less: its weight is
        // scaled by ln(1 + N/df) / ln(1 + N) (1 for a term of one claim).
        let n = claims.len() as f32;
        for (t, w) in ix.weight.iter_mut().enumerate() {
            let df = ix.postings[t].len().max(1) as f32;
            *w *= (1.0 + n / df).ln() / (1.0 + n).ln();
        }
        for (c, terms) in ix.claim_terms.iter().enumerate() {
            ix.total[c] = terms.iter().map(|&t| ix.weight[t as usize]).sum();
        }
        // One-edit neighbours of the longer word terms: a typo in a post
        // (substitution, insertion or deletion) shares a deletion variant
        // with the word, or is one.
        for (id, forms) in ix.forms.iter_mut().enumerate() {
            forms.sort();
            forms.dedup();
            for s in forms.iter() {
                if s.chars().count() < FUZZY_MIN_LEN || s.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                for v in std::iter::once(s.clone()).chain(deletions(s)) {
                    let e = ix.variants.entry(fnv64(v.as_bytes())).or_default();
                    if !e.contains(&(id as u32)) {
                        e.push(id as u32);
                    }
                }
            }
        }
        ix
    }

    /// An index of no claims.
    pub fn empty() -> ClaimIndex {
        ClaimIndex {
            id: INDEXES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ids: FxHashMap::default(),
            weight: Vec::new(),
            entity: Vec::new(),
            postings: Vec::new(),
            prefix: None,
            targets: Vec::new(),
            variants: FxHashMap::default(),
            total: Vec::new(),
            words_in: Vec::new(),
            claim_terms: Vec::new(),
            stems: Vec::new(),
            forms: Vec::new(),
            kin: Vec::new(),
            people: Vec::new(),
        }
    }

    /// The index as read at `threshold`: each claim is found only by its
    /// heaviest terms, as many as it takes for the weight of the rest to
    /// stay below `threshold` of the claim's (with a margin for rounding).
    /// A post covering less than that cannot reach the threshold, so a
    /// post visits only the claims it could match (the prefix filter of
    /// set-similarity joins, weighted), and each is scored in full.
    pub fn for_threshold(mut self, threshold: f32) -> ClaimIndex {
        let mut prefix: Vec<Vec<u32>> = vec![Vec::new(); self.weight.len()];
        for (c, terms) in self.claim_terms.iter().enumerate() {
            let mut by_weight = terms.clone();
            by_weight
                .sort_by(|a, b| self.weight[*b as usize].total_cmp(&self.weight[*a as usize]).then(a.cmp(b)));
            // The weight of the terms after each (in f64, from the lightest
            // up); a margin of 1e-4 of the claim's weight covers rounding
            // in the f32 score whatever the threshold.
            let mut after = vec![0.0f64; by_weight.len()];
            for k in (0..by_weight.len().saturating_sub(1)).rev() {
                after[k] = after[k + 1] + self.weight[by_weight[k + 1] as usize] as f64;
            }
            let total = self.total[c] as f64;
            let bound = threshold as f64 * total - 1e-4 * total;
            for (k, &t) in by_weight.iter().enumerate() {
                prefix[t as usize].push(c as u32);
                if after[k] < bound {
                    break;
                }
            }
        }
        self.prefix = Some((threshold, prefix));
        self
    }

    /// Whether a post naming `post_people` may repeat claim `c`: a claim
    /// about someone is not repeated by a post that names others of their
    /// kind and not them (`Anies ditangkap KPK` does not repeat `Muhaimin
    /// ditangkap KPK`; a remark naming Bawaslu beside a claim about a
    /// candidate still may).
    fn same_people(&self, c: u32, post_people: &[u32]) -> bool {
        let kin = |t: u32| self.kin.get(t as usize).and_then(Option::as_ref);
        for family in 0..3u8 {
            let claim: Vec<&Kin> = self.people[c as usize]
                .iter()
                .filter_map(|&t| kin(t))
                .filter(|k| k.family == family)
                .collect();
            let post: Vec<u32> =
                post_people.iter().copied().filter(|&p| kin(p).is_some_and(|k| k.family == family)).collect();
            if claim.is_empty() || post.is_empty() {
                continue;
            }
            if !claim.iter().any(|k| post.iter().any(|p| k.same.binary_search(p).is_ok())) {
                return false;
            }
        }
        true
    }

    pub fn len(&self) -> usize {
        self.total.len()
    }

    pub fn is_empty(&self) -> bool {
        self.total.is_empty()
    }

    /// How the index reads the word `norm` (a token of kind `kind`), read
    /// once per thread.
    fn word(&self, norm: &str, kind: TokenKind, lex: &Lexicon, s: &mut Scratch) -> WordInfo {
        if s.index != self.id {
            s.words.iter_mut().for_each(WordCache::clear);
            s.fuzzy.clear();
            s.seen.clear();
            s.index = self.id;
        }
        let which = usize::from(kind == TokenKind::Number);
        if let Some(info) = s.words[which].get(norm) {
            return info;
        }
        if s.words[which].len() > 400_000 {
            // Both, so that no word's typos are left behind in `fuzzy`.
            s.words.iter_mut().for_each(WordCache::clear);
            s.fuzzy.clear();
        }
        let base = normalize::split_clitic(norm, lex).map_or(norm, |(b, _)| b);
        let copy = fnv64(normalize::formal(base, lex).as_bytes()) as u32;
        let mut info = WordInfo { exact: NONE, fuzzy: (0, 0), copy };
        let key = if self.is_empty() {
            None
        } else if let Some(n) = (kind == TokenKind::Number).then_some(norm).or_else(|| number_word(norm)) {
            Some(n.to_string())
        } else {
            term_of(norm, lex).map(|(stemmed, _)| stemmed)
        };
        if let Some(k) = key {
            if let Some(&id) = self.ids.get(&fnv64(k.as_bytes())) {
                info.exact = id;
            } else if kind != TokenKind::Number && k.chars().count() >= FUZZY_MIN_LEN - 1 && !lex.known(base)
            {
                let mut near: Vec<u32> = Vec::new();
                let written = (base != k).then_some(base.to_string());
                // Spoken forms of prefixed verbs: `ngaku` (mengaku), `nyebut`
                // (menyebut).
                let spoken = match base.strip_prefix("ng").or_else(|| base.strip_prefix("ny")) {
                    Some(r) if r.len() >= 3 && r.starts_with(['a', 'e', 'i', 'o', 'u']) => {
                        let lead = if base.starts_with("ny") { "s" } else { "k" };
                        vec![r.to_string(), format!("{lead}{r}")]
                    }
                    _ => Vec::new(),
                };
                for form in std::iter::once(k.clone()).chain(written).chain(spoken) {
                    let form = form.as_str();
                    for v in std::iter::once(form.to_string()).chain(deletions(form)) {
                        if let Some(ids) = self.variants.get(&fnv64(v.as_bytes())) {
                            near.extend(ids);
                        }
                    }
                }
                near.sort_unstable();
                near.dedup();
                info.fuzzy = (s.fuzzy.len() as u32, near.len() as u32);
                s.fuzzy.extend(near);
            }
        }
        s.words[which].insert(norm, info);
        info
    }

    /// Reads a post: its copy-paste words and its best claim (when it
    /// scores at least `threshold`).
    pub fn read_post(
        &self,
        text: &str,
        tokens: &Tokens,
        mentions: &[Mention],
        lex: &Lexicon,
        threshold: f32,
        s: &mut Scratch,
    ) -> PostTerms {
        // Sized once: grown word by word it would be allocated four times.
        let mut out = PostTerms { set: Vec::with_capacity(tokens.list.len()), ..Default::default() };
        covered(tokens, mentions, &mut s.cover);
        s.terms.clear();
        for (i, t) in tokens.list.iter().enumerate() {
            if !readable(t.kind) {
                continue;
            }
            let info = self.word(tokens.norm(t), t.kind, lex, s);
            if t.kind != TokenKind::HashtagPart {
                out.words += 1;
                out.set.push(info.copy);
            }
            if s.cover[i] {
                continue;
            }
            if info.exact != NONE {
                s.terms.push((info.exact, 1.0));
            }
            s.terms.extend(info.typos(&s.fuzzy).iter().map(|&f| (f, FUZZY_FACTOR)));
        }
        out.set.sort_unstable();
        out.set.dedup();
        for m in mentions {
            let id = self.targets.get(m.target as usize).copied().unwrap_or(NONE);
            if id != NONE {
                s.terms.push((id, 1.0));
            }
        }
        if s.terms.len() < 2 || self.is_empty() {
            return out;
        }
        // A term found exactly and as a typo counts once, exactly.
        s.terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        s.terms.dedup_by_key(|t| t.0);
        if s.seen.len() != self.len() {
            s.seen = vec![false; self.len()];
        }
        let postings = match &self.prefix {
            Some((t, p)) if *t == threshold => p,
            _ => &self.postings,
        };
        for &(term, _) in &s.terms {
            for &c in &postings[term as usize] {
                if !std::mem::replace(&mut s.seen[c as usize], true) {
                    s.touched.push(c);
                }
            }
        }
        s.people.clear();
        s.people.extend(
            mentions
                .iter()
                .map(|m| m.target)
                .filter(|&t| self.kin.get(t as usize).is_some_and(Option::is_some)),
        );
        s.people.sort_unstable();
        s.people.dedup();
        let mut best: Option<(u32, f32)> = None;
        for &c in &s.touched {
            s.seen[c as usize] = false;
            // The claim's terms the post has, in term order (both sorted).
            let (mut acc, mut found) = (0.0f32, 0u16);
            let (terms, mut i) = (&self.claim_terms[c as usize], 0);
            for &t in terms {
                while i < s.terms.len() && s.terms[i].0 < t {
                    i += 1;
                }
                if i < s.terms.len() && s.terms[i].0 == t {
                    acc += self.weight[t as usize] * s.terms[i].1;
                    found += !self.entity[t as usize] as u16;
                }
            }
            let total = self.total[c as usize];
            if total <= 0.0 || found < MIN_WORDS.min(self.words_in[c as usize]) {
                continue;
            }
            let score = (acc / total).min(1.0);
            if score >= threshold
                && best.is_none_or(|(b, bs)| score > bs || (score == bs && c < b))
                && self.same_people(c, &s.people)
            {
                best = Some((c, score));
            }
        }
        s.touched.clear();
        if let Some((c, score)) = best {
            out.claim = Some(ClaimHit {
                claim: c,
                score,
                terms: self.matched_terms(c, text, tokens, mentions, lex, s),
            });
        }
        out
    }

    /// The post's words behind a match, as written, in order.
    #[allow(clippy::too_many_arguments)]
    fn matched_terms(
        &self,
        claim: u32,
        text: &str,
        tokens: &Tokens,
        mentions: &[Mention],
        lex: &Lexicon,
        s: &mut Scratch,
    ) -> String {
        let terms = &self.claim_terms[claim as usize];
        let mut spans: Vec<(u32, String)> = Vec::new();
        for m in mentions {
            let id = self.targets.get(m.target as usize).copied().unwrap_or(NONE);
            if id != NONE && terms.binary_search(&id).is_ok() {
                spans.push((m.byte_start, text[m.byte_start as usize..m.byte_end as usize].to_string()));
            }
        }
        for (i, t) in tokens.list.iter().enumerate() {
            if !readable(t.kind) || s.cover[i] {
                continue;
            }
            let info = self.word(tokens.norm(t), t.kind, lex, s);
            let surface = &text[t.start as usize..t.end as usize];
            if info.exact != NONE && terms.binary_search(&info.exact).is_ok() {
                spans.push((t.start, surface.to_string()));
            } else if let Some(&f) = info.typos(&s.fuzzy).iter().find(|f| terms.binary_search(f).is_ok()) {
                spans.push((t.start, format!("{surface}≈{}", self.stems[f as usize])));
            }
        }
        spans.sort_by_key(|s| s.0);
        let mut seen: Vec<String> = Vec::new();
        for (_, w) in spans {
            if !seen.iter().any(|x| x.eq_ignore_ascii_case(&w)) {
                seen.push(w);
            }
        }
        seen.join("; ")
    }
}

/// The main watchlist's mentions of a text, as the per-post pass finds
/// them (for indexing claims).
pub fn analyze_with<'a>(
    lex: &'a Lexicon,
    watch: &'a crate::watchlist::Matcher,
) -> impl Fn(&str, &mut Tokens, &mut Vec<Mention>) + 'a {
    move |text, tokens, mentions| {
        crate::text::analyze(text, lex, tokens);
        let mut scratch = matcher::Scratch::default();
        watch.find(text, tokens, &mut scratch, mentions);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watchlist::{Matcher, Watchlists};

    fn setup(claims: &[&str]) -> (Lexicon, Matcher, ClaimIndex) {
        let w = Watchlists::load(&["pemilu-2024".into()], std::path::Path::new(".")).unwrap();
        let mut lex = Lexicon::builtin();
        let m = Matcher::with_vocabulary(&w, &mut lex).unwrap();
        let ix =
            ClaimIndex::new(claims, &lex, &m, kinship(&w), &w.rules.election_context, analyze_with(&lex, &m));
        (lex, m, ix)
    }

    fn best(ix: &ClaimIndex, lex: &Lexicon, m: &Matcher, post: &str) -> Option<ClaimHit> {
        let mut tokens = Tokens::default();
        let mut mentions = Vec::new();
        analyze_with(lex, m)(post, &mut tokens, &mut mentions);
        ix.read_post(post, &tokens, &mentions, lex, 0.6, &mut Scratch::default()).claim
    }

    #[test]
    fn claims_found_by_their_heaviest_terms_match_as_claims_found_by_every_term() {
        // The dev fixtures: retold, embedded and mistyped claims, unlisted
        // hoaxes and news about the same people.
        let read = |name: &str, column: &str| -> Vec<String> {
            let path = format!("{}/tests/fixtures/misinfo/{name}", env!("CARGO_MANIFEST_DIR"));
            let mut r = csv::Reader::from_path(path).unwrap();
            let at = r.headers().unwrap().iter().position(|h| h == column).unwrap();
            r.records().map(|x| x.unwrap()[at].to_string()).collect()
        };
        let claims = read("claims-dev.csv", "claim");
        let posts = read("posts-dev.csv", "text");
        let texts: Vec<&str> = claims.iter().map(String::as_str).collect();
        let (lex, m, _) = setup(&[]);
        let w = Watchlists::load(&["pemilu-2024".into()], std::path::Path::new(".")).unwrap();
        let index = || {
            ClaimIndex::new(&texts, &lex, &m, kinship(&w), &w.rules.election_context, analyze_with(&lex, &m))
        };
        for t in [0.3f32, 0.5, 0.6, 0.8, 1.0] {
            let (full, prefix) = (index(), index().for_threshold(t));
            assert!(prefix.prefix.is_some() && full.prefix.is_none());
            let (mut a, mut b) = (Scratch::default(), Scratch::default());
            let mut matched = 0;
            for post in &posts {
                let mut tokens = Tokens::default();
                let mut mentions = Vec::new();
                analyze_with(&lex, &m)(post, &mut tokens, &mut mentions);
                let x = full.read_post(post, &tokens, &mentions, &lex, t, &mut a);
                let y = prefix.read_post(post, &tokens, &mentions, &lex, t, &mut b);
                assert_eq!(x, y, "threshold {t}: {post}");
                matched += x.claim.is_some() as usize;
            }
            assert!(matched > 100 || t == 1.0, "threshold {t}: {matched} matches");
        }
    }

    #[test]
    fn a_post_reads_the_same_whatever_the_thread_read_before() {
        // A number and a hashtag part both normalise to `7`; the words
        // cache once answered the number with the hashtag part's reading
        // when that came first (claim_matches.csv changed between runs).
        let (lex, m, ix) = setup(&["KPU memundurkan pemilu ke tanggal 7 Juli di Papua"]);
        let read = |post: &str, s: &mut Scratch| {
            let mut tokens = Tokens::default();
            let mut mentions = Vec::new();
            analyze_with(&lex, &m)(post, &mut tokens, &mut mentions);
            ix.read_post(post, &tokens, &mentions, &lex, 0.6, s)
        };
        let post = "katanya KPU memundurkan pemilu ke tanggal 7 Juli di Papua";
        let fresh = read(post, &mut Scratch::default());
        assert!(fresh.claim.as_ref().is_some_and(|c| c.terms.split("; ").any(|t| t == "7")), "{fresh:?}");
        let mut warm = Scratch::default();
        read("ramai #Pemilu7 #Juli7 #7 di Papua hari ini", &mut warm);
        assert_eq!(read(post, &mut warm), fresh);
    }

    #[test]
    fn a_retold_claim_matches_and_news_about_the_same_people_does_not() {
        let claims = [
            "Tujuh kontainer surat suara sudah dicoblos untuk Prabowo ditemukan di Tanjung Priok",
            "KPU menghapus sepuluh juta suara Anies di Sirekap",
        ];
        let (lex, m, ix) = setup(&claims);
        let hit = best(
            &ix,
            &lex,
            &m,
            "tujuh kontainer surat suara SUDAH DICOBLOS utk prabowo ditemukan di tanjung priok",
        )
        .unwrap();
        assert_eq!(hit.claim, 0);
        assert!(hit.score > 0.99, "{hit:?}");
        // Slang, a typo, words dropped and reordered, inside a longer remark.
        let hit = best(
            &ix,
            &lex,
            &m,
            "Beredar kabar di Sirekap @KPU_ID udah ngehapus 10 juta suara Anies, padahal itu hoaks ya gaes",
        );
        assert_eq!(hit.as_ref().map(|h| h.claim), Some(1), "{hit:?}");
        let hit = best(&ix, &lex, &m, "katanya ada kontainr isi surat suara dicoblos buat Prabowo di Priok")
            .unwrap();
        assert_eq!(hit.claim, 0);
        assert!(hit.terms.contains("kontainr≈kontainer"), "{}", hit.terms);
        // A sibling story about someone else.
        let (lex2, m2, ix2) = setup(&["Muhaimin ditangkap KPK sehari sebelum debat cawapres"]);
        assert!(
            best(&ix2, &lex2, &m2, "Anies ditangkap KPK setelah debat pertama karena kasus Formula E")
                .is_none()
        );
        // News about the same people and the same institution.
        assert!(best(&ix, &lex, &m, "Prabowo hadiri kampanye akbar di Tanjung Priok hari ini").is_none());
        assert!(
            best(&ix, &lex, &m, "KPU umumkan hasil rekapitulasi suara Anies dan Prabowo di Sirekap")
                .is_none()
        );
    }

    #[test]
    fn copy_words_leave_out_handles_links_tags_and_emoji() {
        let (lex, m, ix) = setup(&[]);
        let read = |t: &str| {
            let mut tokens = Tokens::default();
            let mut mentions = Vec::new();
            analyze_with(&lex, &m)(t, &mut tokens, &mut mentions);
            ix.read_post(t, &tokens, &mentions, &lex, 0.6, &mut Scratch::default())
        };
        let a = read("Ayo datang ke TPS pagi pagi jangan golput ya semua");
        let b =
            read("@budi Ayo datang ke TPS pagi pagi 🔥 jangan golput ya semua #Pemilu2024 https://t.co/x");
        assert_eq!(a.set, b.set);
        assert_eq!(a.words, 10);
        assert!(a.claim.is_none());
    }
}
