//! Topic quality as the literature measures it: NPMI of each topic's top
//! terms over boolean document co-occurrence (Bouma 2009; Lau et al. 2014),
//! and topic diversity, the share of distinct terms among all topics' top
//! terms (Dieng et al. 2020).
//!
//! Occurrence is counted the plain way, so that anyone can recompute the
//! figure from `topics.csv` and the posts (`tools/topics_compare.py` does):
//! a post is lower-cased and split into runs of letters and digits
//! (anything else separates words); a term of one word occurs in a post
//! where that word does, a term of several words where all of its words
//! occur or where they occur joined as one hashtag (`pemilu curang` in a
//! post saying `#PemiluCurang`). No stemming, slang folding, masking or
//! link removal happens here: what a reader sees in the post is what
//! counts.

use super::vocab::Corpus;
use crate::util::FxHashMap;
use rayon::prelude::*;

/// The plain words of `text`: each maximal run of alphanumeric characters,
/// lower-cased, with whether a `#` opens it (a hashtag). `f` hears each.
pub fn plain_words(text: &str, buf: &mut String, mut f: impl FnMut(&str, bool)) {
    let mut start: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut flush = |s: usize, e: usize, buf: &mut String| {
        super::vocab::lower_into(buf, &text[s..e]);
        f(buf, s > 0 && bytes[s - 1] == b'#');
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            flush(s, i, buf);
        }
    }
    if let Some(s) = start {
        flush(s, text.len(), buf);
    }
}

/// Which terms occur in which posts, counted the plain way: per post, the
/// ascending ids of the terms of a term list that occur in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Presence {
    pub indptr: Vec<usize>,
    pub ids: Vec<u32>,
}

/// Posts per parallel chunk of [`Presence::build`].
const CHUNK: usize = 4096;

impl Presence {
    pub fn n_docs(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    pub fn row(&self, i: usize) -> &[u32] {
        &self.ids[self.indptr[i]..self.indptr[i + 1]]
    }

    /// Occurrence of `terms` (words separated by single spaces) in `texts`.
    pub fn build<'a>(texts: impl IndexedParallelIterator<Item = &'a str>, terms: &[String]) -> Presence {
        let mut time = super::steps::Timer::start("presence");
        // Each word of a term is an atom; a term of several words also
        // occurs as its words joined into one hashtag.
        let mut atoms: FxHashMap<&str, u32> = FxHashMap::default();
        let mut single: Vec<Option<u32>> = Vec::new();
        let mut multi: Vec<(u32, Vec<u32>)> = Vec::new();
        let mut joined: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (t, term) in terms.iter().enumerate() {
            let parts: Vec<u32> = term
                .split(' ')
                .map(|w| {
                    let next = atoms.len() as u32;
                    *atoms.entry(w).or_insert(next)
                })
                .collect();
            if parts.len() == 1 {
                single.resize(atoms.len(), None);
                single[parts[0] as usize] = Some(t as u32);
            } else {
                joined.entry(term.replace(' ', "")).or_default().push(t as u32);
                multi.push((t as u32, parts));
            }
        }
        single.resize(atoms.len(), None);
        // Multi-word terms by their first atom.
        let mut by_first: Vec<Vec<usize>> = vec![Vec::new(); atoms.len()];
        for (j, (_, parts)) in multi.iter().enumerate() {
            by_first[parts[0] as usize].push(j);
        }
        let texts: Vec<&str> = texts.collect();
        time.lap("atoms");
        let rows: Vec<(Vec<usize>, Vec<u32>)> = texts
            .par_chunks(CHUNK)
            .map(|chunk| {
                let (mut ends, mut ids) = (Vec::with_capacity(chunk.len()), Vec::new());
                let mut buf = String::new();
                let mut present = vec![false; atoms.len()];
                let mut seen: Vec<u32> = Vec::new();
                let mut found: Vec<u32> = Vec::new();
                for text in chunk {
                    found.clear();
                    plain_words(text, &mut buf, |w, tag| {
                        if let Some(&a) = atoms.get(w)
                            && !present[a as usize]
                        {
                            present[a as usize] = true;
                            seen.push(a);
                        }
                        if tag && let Some(ts) = joined.get(w) {
                            found.extend_from_slice(ts);
                        }
                    });
                    for &a in &seen {
                        if let Some(t) = single[a as usize] {
                            found.push(t);
                        }
                        for &j in &by_first[a as usize] {
                            let (t, parts) = &multi[j];
                            if parts.iter().all(|&p| present[p as usize]) {
                                found.push(*t);
                            }
                        }
                    }
                    for &a in &seen {
                        present[a as usize] = false;
                    }
                    seen.clear();
                    found.sort_unstable();
                    found.dedup();
                    ids.extend_from_slice(&found);
                    ends.push(ids.len());
                }
                (ends, ids)
            })
            .collect();
        time.lap("words");
        let mut p = Presence { indptr: vec![0], ids: Vec::new() };
        p.ids.reserve(rows.iter().map(|r| r.1.len()).sum());
        for (ends, ids) in rows {
            let base = p.ids.len();
            p.indptr.extend(ends.iter().map(|e| base + e));
            p.ids.extend(ids);
        }
        time.lap("concat");
        p
    }

    /// Each term of a corpus that occurs in each of its own rows, taken as
    /// is: for tests and fixtures built with [`Corpus::from_words`].
    pub fn of_corpus(c: &Corpus) -> Presence {
        Presence { indptr: c.indptr.clone(), ids: c.ids.clone() }
    }
}

/// Occurrence and co-occurrence counts of a few terms over a set of posts.
pub struct Cooc {
    n: usize,
    /// Per term id, its slot (`NONE`: not counted).
    slot: Vec<u32>,
    /// Slots.
    s: usize,
    df: Vec<u64>,
    /// `co[x * s + y]`: posts holding both terms of slots x and y.
    co: Vec<u64>,
}

/// Posts per parallel task of [`Cooc::new`].
const COOC_CHUNK: usize = 1 << 15;
/// No slot.
const NONE: u32 = u32::MAX;

impl Cooc {
    /// Counts `terms` over the posts `rows` of `p`.
    pub fn new(p: &Presence, rows: &[u32], terms: &[u32]) -> Cooc {
        let mut slot = vec![NONE; terms.iter().max().map_or(0, |&t| t as usize + 1)];
        let mut s = 0;
        for &t in terms {
            if slot[t as usize] == NONE {
                slot[t as usize] = s as u32;
                s += 1;
            }
        }
        // Integer counts, folded per thread and summed: the same at any
        // thread count, with only a few tables alive at once. Pairs are
        // counted once (x < y as found) and mirrored at the end.
        let zero = || (vec![0u64; s], vec![0u64; s * s]);
        let (df, mut co) =
            rows.par_chunks(COOC_CHUNK)
                .fold(zero, |(mut df, mut co), chunk| {
                    let mut here: Vec<usize> = Vec::new();
                    for &r in chunk {
                        here.clear();
                        here.extend(p.row(r as usize).iter().filter_map(|&t| {
                            slot.get(t as usize).filter(|&&x| x != NONE).map(|&x| x as usize)
                        }));
                        for (i, &x) in here.iter().enumerate() {
                            df[x] += 1;
                            for &y in &here[i + 1..] {
                                co[x * s + y] += 1;
                            }
                        }
                    }
                    (df, co)
                })
                .reduce(zero, |(mut df, mut co), (d, c)| {
                    df.iter_mut().zip(&d).for_each(|(x, y)| *x += y);
                    co.iter_mut().zip(&c).for_each(|(x, y)| *x += y);
                    (df, co)
                });
        for x in 0..s {
            for y in x + 1..s {
                let both = co[x * s + y] + co[y * s + x];
                co[x * s + y] = both;
                co[y * s + x] = both;
            }
        }
        Cooc { n: rows.len(), slot, s, df, co }
    }

    fn slot(&self, t: u32) -> Option<usize> {
        self.slot.get(t as usize).filter(|&&x| x != NONE).map(|&x| x as usize)
    }

    /// Posts holding term `t` (0 for a term not counted).
    pub fn df(&self, t: u32) -> u64 {
        self.slot(t).map_or(0, |x| self.df[x])
    }

    /// NPMI of a pair of the terms: −1 when they never occur together (or
    /// one was not counted).
    pub fn npmi(&self, a: u32, b: u32) -> f64 {
        let (Some(x), Some(y)) = (self.slot(a), self.slot(b)) else { return -1.0 };
        let n = self.n as f64;
        let both = if x == y { self.df[x] } else { self.co[x * self.s + y] };
        pair_npmi(self.df[x] as f64 / n, self.df[y] as f64 / n, both as f64 / n)
    }

    /// Mean NPMI over the pairs of `terms` (0 for fewer than two).
    pub fn topic(&self, terms: &[u32]) -> f64 {
        let mut sum = 0.0;
        let mut pairs = 0usize;
        for (i, &a) in terms.iter().enumerate() {
            for &b in &terms[i + 1..] {
                sum += self.npmi(a, b);
                pairs += 1;
            }
        }
        if pairs == 0 { 0.0 } else { sum / pairs as f64 }
    }
}

/// Mean NPMI over the pairs of each topic's terms, occurrence read from
/// `p` over all its posts:
/// `NPMI(a, b) = ln(P(a,b) / (P(a) P(b))) / −ln P(a,b)`, and −1 for a pair
/// that never occurs together.
pub fn npmi(p: &Presence, topics: &[Vec<u32>]) -> Vec<f64> {
    let rows: Vec<u32> = (0..p.n_docs() as u32).collect();
    npmi_over(p, &rows, topics)
}

/// [`npmi`] over the posts `rows` only, as if `p` held just those.
pub fn npmi_over(p: &Presence, rows: &[u32], topics: &[Vec<u32>]) -> Vec<f64> {
    if rows.is_empty() {
        return vec![0.0; topics.len()];
    }
    let all: Vec<u32> = topics.iter().flatten().copied().collect();
    let counts = Cooc::new(p, rows, &all);
    topics.iter().map(|t| counts.topic(t)).collect()
}

/// NPMI of one pair from its probabilities.
pub fn pair_npmi(pa: f64, pb: f64, pab: f64) -> f64 {
    if pab <= 0.0 {
        -1.0
    } else if pab >= 1.0 {
        1.0
    } else {
        (pab / (pa * pb)).ln() / -pab.ln()
    }
}

/// Distinct terms over all terms listed (1 = no topic shares a term).
pub fn diversity(topics: &[Vec<u32>]) -> f64 {
    let all: Vec<u32> = topics.iter().flatten().copied().collect();
    if all.is_empty() {
        return 0.0;
    }
    let mut distinct = all.clone();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() as f64 / all.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn presence(docs: &[&str], terms: &[&str]) -> Presence {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        Presence::build(docs.par_iter().copied(), &terms)
    }

    #[test]
    fn npmi_matches_a_hand_computation() {
        // Four posts. a: posts 0,1,2; b: posts 0,1; c: post 3.
        let p = presence(&["a b", "A, b!", "a", "c"], &["a", "b", "c"]);
        // a,b: P(a)=3/4, P(b)=1/2, P(ab)=1/2 → ln((1/2)/(3/8)) / −ln(1/2)
        //      = ln(4/3) / ln 2 = 0.287682 / 0.693147 = 0.415037.
        // a,c never together → −1. b,c → −1.
        let got = npmi(&p, &[vec![0, 1], vec![0, 1, 2]]);
        assert!((got[0] - 0.415037).abs() < 1e-6, "{got:?}");
        assert!((got[1] - (0.415037 - 1.0 - 1.0) / 3.0).abs() < 1e-6, "{got:?}");
    }

    #[test]
    fn cooccurrence_counts_match_a_plain_count() {
        let words = ["a", "b", "c", "d", "e", "f"];
        let mut rng = crate::util::SplitMix64::new(5);
        let docs: Vec<String> = (0..3000)
            .map(|_| (0..rng.below(6)).map(|_| words[rng.below(6)]).collect::<Vec<_>>().join(" "))
            .collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let p = presence(&refs, &words);
        let rows: Vec<u32> = (0..3000).filter(|i| i % 5 != 1).collect();
        // Term 5 is not counted; 1 is listed twice.
        let counted = [3, 1, 0, 1, 4, 2];
        let c = Cooc::new(&p, &rows, &counted);
        let has = |r: u32, t: u32| p.row(r as usize).contains(&t);
        for a in 0..6u32 {
            let df = rows.iter().filter(|&&r| has(r, a)).count() as u64;
            assert_eq!(c.df(a), if a == 5 { 0 } else { df });
            for b in 0..6u32 {
                let both = rows.iter().filter(|&&r| has(r, a) && has(r, b)).count() as f64;
                let n = rows.len() as f64;
                let dfb = rows.iter().filter(|&&r| has(r, b)).count() as f64;
                let want = if a == 5 || b == 5 { -1.0 } else { pair_npmi(df as f64 / n, dfb / n, both / n) };
                assert_eq!(c.npmi(a, b).to_bits(), want.to_bits(), "{a} {b}");
            }
        }
    }

    #[test]
    fn plain_occurrence_of_words_and_multi_word_terms() {
        let p = presence(
            &[
                "Politik uang lagi",               // both words
                "uang, dan POLITIK",               // both words, apart
                "#PolitikUang merajalela",         // joined as a hashtag
                "politikuang tanpa tagar",         // joined, but no hashtag
                "https://x.id/politik_uang @uang", // link and handle pieces count
                "politik saja",
            ],
            &["politik", "politik uang", "uang"],
        );
        let rows: Vec<Vec<u32>> = (0..p.n_docs()).map(|i| p.row(i).to_vec()).collect();
        assert_eq!(rows, vec![vec![0, 1, 2], vec![0, 1, 2], vec![1], vec![], vec![0, 1, 2], vec![0]]);
    }

    #[test]
    fn npmi_over_a_subset_counts_only_its_posts() {
        // Over posts 0 and 2 only, a and b always occur together (NPMI 1);
        // over all four posts they do not.
        let p = presence(&["a b", "a", "a b c", "b c"], &["a", "b", "c"]);
        let topics = [vec![0, 1], vec![1, 2]];
        let sub = npmi_over(&p, &[0, 2], &topics);
        assert!((sub[0] - 1.0).abs() < 1e-12, "{sub:?}");
        // b and c: P(b) = 1, P(c) = 1/2, P(bc) = 1/2 -> ln 1 / ln 2 = 0.
        assert!(sub[1].abs() < 1e-12, "{sub:?}");
        assert!(npmi(&p, &topics)[0] < 0.5);
    }

    #[test]
    fn terms_always_together_score_one_and_diversity_counts_shared_terms() {
        let p = presence(&["x y", "z", "x y", "z"], &["x", "y", "z"]);
        assert!((npmi(&p, &[vec![0, 1]])[0] - 1.0).abs() < 1e-12);
        assert_eq!(diversity(&[vec![0, 1], vec![1, 2]]), 0.75);
    }

    #[test]
    fn plain_words_split_at_anything_but_letters_and_digits() {
        let mut got = Vec::new();
        plain_words("RT @a_b: #Vaksin2021 ma'ruf e-KTP Çok", &mut String::new(), |w, tag| {
            got.push((w.to_string(), tag))
        });
        let want = [("rt", false), ("a", false), ("b", false), ("vaksin2021", true), ("ma", false)];
        assert_eq!(&got[..5], &want.map(|(w, t)| (w.to_string(), t)));
        let rest: Vec<&str> = got[5..].iter().map(|x| x.0.as_str()).collect();
        assert_eq!(rest, ["ruf", "e", "ktp", "çok"]);
    }
}
