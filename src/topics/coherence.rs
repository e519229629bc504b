//! Topic quality as the literature measures it: NPMI of each topic's top
//! terms over boolean document co-occurrence (Bouma 2009; Lau et al. 2014),
//! and topic diversity, the share of distinct terms among all topics' top
//! terms (Dieng et al. 2020).

use super::vocab::Corpus;
use crate::util::FxHashMap;

/// Mean NPMI over the pairs of each topic's terms, counting co-occurrence
/// in the posts of `corpus`:
/// `NPMI(a, b) = ln(P(a,b) / (P(a) P(b))) / −ln P(a,b)`, and −1 for a pair
/// that never occurs together.
pub fn npmi(corpus: &Corpus, topics: &[Vec<u32>]) -> Vec<f64> {
    npmi_over(corpus, |_| true, topics)
}

/// [`npmi`] over the posts `keep` accepts only, as if the corpus held
/// just those (without the copy).
pub fn npmi_over(corpus: &Corpus, keep: impl Fn(usize) -> bool, topics: &[Vec<u32>]) -> Vec<f64> {
    let n = (0..corpus.n_docs()).filter(|&d| keep(d)).count();
    if n == 0 {
        return vec![0.0; topics.len()];
    }
    // One bitset over posts per term that appears in some topic.
    let mut slot: FxHashMap<u32, usize> = FxHashMap::default();
    for &t in topics.iter().flatten() {
        let next = slot.len();
        slot.entry(t).or_insert(next);
    }
    let words = n.div_ceil(64);
    let mut bits = vec![0u64; slot.len() * words];
    for (d, row) in (0..corpus.n_docs()).filter(|&d| keep(d)).enumerate() {
        for t in corpus.row(row).0 {
            if let Some(&s) = slot.get(t) {
                bits[s * words + d / 64] |= 1 << (d % 64);
            }
        }
    }
    let set = |t: u32| &bits[slot[&t] * words..(slot[&t] + 1) * words];
    let count = |a: &[u64]| a.iter().map(|x| x.count_ones() as u64).sum::<u64>();
    let nf = n as f64;
    topics
        .iter()
        .map(|terms| {
            let mut sum = 0.0;
            let mut pairs = 0usize;
            for (i, &a) in terms.iter().enumerate() {
                for &b in &terms[i + 1..] {
                    let (sa, sb) = (set(a), set(b));
                    let both = sa.iter().zip(sb).map(|(x, y)| (x & y).count_ones() as u64).sum::<u64>();
                    sum += pair_npmi(count(sa) as f64 / nf, count(sb) as f64 / nf, both as f64 / nf);
                    pairs += 1;
                }
            }
            if pairs == 0 { 0.0 } else { sum / pairs as f64 }
        })
        .collect()
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

    #[test]
    fn npmi_matches_a_hand_computation() {
        // Four posts. a: posts 0,1,2; b: posts 0,1; c: post 3.
        let docs = vec![vec!["a", "b"], vec!["a", "b"], vec!["a"], vec!["c"]];
        let c = Corpus::from_words(&docs);
        let (a, b, cc) = (0, 1, 2);
        // a,b: P(a)=3/4, P(b)=1/2, P(ab)=1/2 → ln((1/2)/(3/8)) / −ln(1/2)
        //      = ln(4/3) / ln 2 = 0.287682 / 0.693147 = 0.415037.
        // a,c never together → −1. b,c → −1.
        let got = npmi(&c, &[vec![a, b], vec![a, b, cc]]);
        assert!((got[0] - 0.415037).abs() < 1e-6, "{got:?}");
        assert!((got[1] - (0.415037 - 1.0 - 1.0) / 3.0).abs() < 1e-6, "{got:?}");
    }

    #[test]
    fn npmi_over_a_subset_counts_only_its_posts() {
        // Over posts 0 and 2 only, a and b always occur together (NPMI 1);
        // over all four posts they do not.
        let docs = vec![vec!["a", "b"], vec!["a"], vec!["a", "b", "c"], vec!["b", "c"]];
        let c = Corpus::from_words(&docs);
        let topics = [vec![0, 1], vec![1, 2]];
        let sub = npmi_over(&c, |d| d % 2 == 0, &topics);
        assert!((sub[0] - 1.0).abs() < 1e-12, "{sub:?}");
        // b and c: P(b) = 1, P(c) = 1/2, P(bc) = 1/2 -> ln 1 / ln 2 = 0.
        assert!(sub[1].abs() < 1e-12, "{sub:?}");
        assert!(npmi(&c, &topics)[0] < 0.5);
    }

    #[test]
    fn terms_always_together_score_one_and_diversity_counts_shared_terms() {
        let docs = vec![vec!["x", "y"], vec!["z"], vec!["x", "y"], vec!["z"]];
        let c = Corpus::from_words(&docs);
        assert!((npmi(&c, &[vec![0, 1]])[0] - 1.0).abs() < 1e-12);
        assert_eq!(diversity(&[vec![0, 1], vec![1, 2]]), 0.75);
    }
}
