//! Class-based TF-IDF (Grootendorst 2022): a topic's terms ranked by how
//! much more often its posts use them than the corpus does, so labels name
//! what sets a topic apart rather than what every post says.

use super::vocab::Corpus;

/// For each of `k` topics, its `top` terms by c-TF-IDF
/// `tf(t, c) / |c| · ln(1 + A / f(t))`, where `tf(t, c)` counts the
/// topic's posts using the term (a word repeated within one post counts
/// once: one spammy post cannot name a topic), `|c|` sums those counts,
/// `A` is their mean per topic and `f(t)` the term's count over all
/// topics. On the vaccine tweets and the sample this ranks terms whose
/// NPMI is 0.02 higher than raw occurrence counts do. Ties go to the
/// alphabetically first term (term ids are alphabetical).
pub fn class_tfidf(
    corpus: &Corpus,
    assignment: &[Option<u32>],
    k: usize,
    top: usize,
) -> Vec<Vec<(u32, f64)>> {
    weights(corpus, &topic_counts(corpus, assignment, k), k, top)
}

/// Per topic and term (`counts[c * terms + t]`), the topic's posts using
/// the term.
fn topic_counts(corpus: &Corpus, assignment: &[Option<u32>], k: usize) -> Vec<u64> {
    let v = corpus.terms.len();
    let mut counts = vec![0u64; k * v];
    for (d, a) in assignment.iter().enumerate() {
        if let Some(c) = a {
            for &t in corpus.row(d).0 {
                counts[*c as usize * v + t as usize] += 1;
            }
        }
    }
    counts
}

fn weights(corpus: &Corpus, counts: &[u64], k: usize, top: usize) -> Vec<Vec<(u32, f64)>> {
    let v = corpus.terms.len();
    let mut f = vec![0u64; v];
    for row in counts.chunks_exact(v.max(1)) {
        for (s, x) in f.iter_mut().zip(row) {
            *s += x;
        }
    }
    let a = f.iter().sum::<u64>() as f64 / k.max(1) as f64;
    (0..k)
        .map(|c| {
            let row = &counts[c * v..(c + 1) * v];
            let size = row.iter().sum::<u64>().max(1) as f64;
            let mut w: Vec<(u32, f64)> = row
                .iter()
                .enumerate()
                .filter(|(_, x)| **x > 0)
                .map(|(t, &x)| (t as u32, x as f64 / size * (1.0 + a / f[t] as f64).ln()))
                .collect();
            w.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            w.truncate(top);
            w
        })
        .collect()
}

/// How a topic's listed terms are chosen.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// Terms scored for coherence (the usual ten).
    pub scored: usize,
    /// Terms listed in all (`topic_terms.csv`).
    pub listed: usize,
    /// Candidates a topic's scored terms are chosen among: its most
    /// distinctive terms by c-TF-IDF.
    pub candidates: usize,
    /// Greedy selections tried, each from one of the first candidates.
    pub starts: usize,
}

/// Each topic's terms: distinctive, coherent and its own.
///
/// A term is a candidate of the one topic where its c-TF-IDF weight is
/// highest (so no two topics list the same term) and that uses it in at
/// least max(3, 1 %) of its posts; a topic with fewer than `scored` such
/// terms borrows the missing ones among its most distinctive others, then
/// among its rarer words. Of a topic's `candidates` most
/// distinctive candidates, the first is taken, then one at a time the one
/// whose NPMI with those taken (by document co-occurrence over the posts
/// `rows` of `p`, counted the plain way) sums highest — a term that
/// shares a word with a term taken (`uang` beside `politik uang`) is
/// skipped, as it would co-occur with it by construction. The scored terms
/// come first, ordered by weight, then the topic's other terms by weight
/// up to `listed` (a topic with fewer candidates lists only its scored terms).
pub fn choose(
    corpus: &Corpus,
    p: &super::coherence::Presence,
    rows: &[u32],
    assignment: &[Option<u32>],
    k: usize,
    c: Choice,
) -> Vec<Vec<(u32, f64)>> {
    let mut time = super::steps::Timer::start("choose");
    let counts = topic_counts(corpus, assignment, k);
    time.lap("counts");
    let all = weights(corpus, &counts, k, usize::MAX);
    time.lap("weights");
    let v = corpus.terms.len();
    let mut size = vec![0usize; k];
    for a in assignment.iter().flatten() {
        size[*a as usize] += 1;
    }
    // Each term's owner: the topic where it weighs most (ties: the first).
    let mut owner: Vec<(f64, u32)> = vec![(f64::NEG_INFINITY, u32::MAX); v];
    for (topic, terms) in all.iter().enumerate() {
        for &(t, w) in terms {
            if w > owner[t as usize].0 {
                owner[t as usize] = (w, topic as u32);
            }
        }
    }
    let cands: Vec<Vec<(u32, f64)>> = (0..k)
        .map(|topic| {
            let floor = (size[topic] as u64 / 100).max(3);
            let common = |t: u32| counts[topic * v + t as usize] >= floor;
            let mut cand: Vec<(u32, f64)> = all[topic]
                .iter()
                .filter(|(t, _)| owner[*t as usize].1 == topic as u32 && common(*t))
                .take(c.candidates)
                .copied()
                .collect();
            // A topic too close to others to own enough terms of its own
            // borrows theirs, as few as it needs.
            if cand.len() < c.scored {
                let borrowed: Vec<(u32, f64)> = all[topic]
                    .iter()
                    .filter(|(t, _)| owner[*t as usize].1 != topic as u32 && common(*t))
                    .take(c.scored - cand.len())
                    .copied()
                    .collect();
                cand.extend(borrowed);
            }
            // A small topic may still lack them: its rarer words, by weight
            // (every topic's posts hold at least ten terms, see
            // `fold_term_poor`).
            if cand.len() < c.scored {
                let rare: Vec<(u32, f64)> = all[topic]
                    .iter()
                    .filter(|(t, _)| !common(*t))
                    .take(c.scored - cand.len())
                    .copied()
                    .collect();
                cand.extend(rare);
            }
            cand
        })
        .collect();
    let ids: Vec<u32> = cands.iter().flatten().map(|x| x.0).collect();
    time.lap("candidates");
    let cooc = super::coherence::Cooc::new(p, rows, &ids);
    time.lap("cooc");
    let words = |t: u32| corpus.terms[t as usize].split(' ');
    let overlaps = |a: u32, b: u32| words(a).any(|x| words(b).any(|y| x == y));
    let chosen = cands
        .iter()
        .enumerate()
        .map(|(topic, cand)| {
            // Greedy from each of the first few candidates; the fullest set,
            // then the one whose pairs score best, is kept (ties: the
            // earlier start).
            let grow = |start: usize| {
                let mut taken: Vec<(u32, f64)> = vec![cand[start]];
                let mut left: Vec<(u32, f64)> = cand.clone();
                left.remove(start);
                while taken.len() < c.scored && !left.is_empty() {
                    let mut best: Option<(usize, f64)> = None;
                    for (j, &(t, _)) in left.iter().enumerate() {
                        if taken.iter().any(|&(s, _)| overlaps(s, t)) {
                            continue;
                        }
                        let gain: f64 = taken.iter().map(|&(s, _)| cooc.npmi(s, t)).sum();
                        if best.is_none_or(|b| gain > b.1) {
                            best = Some((j, gain));
                        }
                    }
                    let Some((j, _)) = best else { break };
                    taken.push(left.remove(j));
                }
                let ids: Vec<u32> = taken.iter().map(|x| x.0).collect();
                (cooc.topic(&ids), taken)
            };
            let mut taken: Vec<(u32, f64)> = Vec::new();
            let mut best_score = f64::NEG_INFINITY;
            for start in 0..cand.len().min(c.starts) {
                let (score, set) = grow(start);
                if set.len() > taken.len() || (set.len() == taken.len() && score > best_score) {
                    best_score = score;
                    taken = set;
                }
            }
            taken.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            // Terms beyond the scored ones only after a full set: the first
            // `scored` listed are always exactly the terms scored.
            if taken.len() < c.scored {
                return taken;
            }
            let chosen: Vec<u32> = taken.iter().map(|x| x.0).collect();
            let rest = all[topic]
                .iter()
                .filter(|(t, _)| !chosen.contains(t))
                .take(c.listed.saturating_sub(taken.len()))
                .copied()
                .collect::<Vec<_>>();
            taken.extend(rest);
            taken
        })
        .collect();
    time.lap("greedy");
    chosen
}

/// A topic's label: its first three terms.
pub fn label(corpus: &Corpus, terms: &[(u32, f64)]) -> String {
    terms.iter().take(3).map(|(t, _)| corpus.terms[*t as usize].as_str()).collect::<Vec<_>>().join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinctive_terms_outrank_shared_ones() {
        // "harga" is in every post of both topics; "beras" only in topic 0.
        let docs = vec![
            vec!["harga", "beras"],
            vec!["harga", "beras", "harga"],
            vec!["harga", "debat"],
            vec!["harga", "debat"],
        ];
        let c = Corpus::from_words(&docs);
        let a = [Some(0), Some(0), Some(1), Some(1)];
        let t = class_tfidf(&c, &a, 2, 2);
        assert_eq!(c.terms[t[0][0].0 as usize], "beras");
        assert_eq!(c.terms[t[1][0].0 as usize], "debat");
        assert_eq!(label(&c, &t[0]), "beras · harga");
    }
}
