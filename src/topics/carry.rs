//! Topics carried from night to night. A nightly run starts k-means from
//! last night's centres, so last night's posts mostly stay where they
//! were, and the k-means++ seeding adds any further centres where posts are
//! far from all of them (where a new theme is); under `auto` those warm
//! fits, at the carried K and at each larger one, compete with the fresh
//! fits on the same quality score. Then a topic whose centre is close to a
//! carried one (cosine ≥ [`SAME_THEME`], best pairs first, one to one)
//! keeps that topic's id; a topic close to none is a new theme and gets a
//! new id; a carried topic close to none is retired (its id is never given
//! again). A topic keeps its label while the
//! label's terms are still among its listed terms (`topic_terms.csv`).
//!
//! What is carried is small and readable by term, not by column number
//! (the vocabulary changes as posts come in): per topic its id, label and
//! the heaviest terms of its centre. The pipeline keeps it with the
//! incremental state; `--full`, a rebuilt state or other `[topics]`
//! settings start afresh.

use super::TopicSettings;
use super::vocab::Corpus;
use serde::{Deserialize, Serialize};

/// Centres at least this close (cosine over TF-IDF) are one theme. Chosen
/// before measuring and not tuned to a result (cosine 0.5: an angle of
/// 60° between the two centres).
pub const SAME_THEME: f32 = 0.5;

/// Terms of a centre kept for the next night (by weight): enough for its
/// cosine to anything that matters.
const CENTRE_TERMS: usize = 300;

/// The topics of the last complete run, as the next run reads them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Carried {
    /// [`settings_hash`] of the settings they were fitted with.
    pub settings: String,
    /// The run that fitted them.
    pub run_id: String,
    /// The first id never given.
    pub next_id: u32,
    pub topics: Vec<CarriedTopic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarriedTopic {
    pub id: u32,
    pub label: String,
    /// The centre's heaviest terms and their weights.
    pub centre: Vec<(String, f32)>,
}

/// What tonight's topics are, compared with the ones carried over (for
/// the manifest).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// The run whose topics were carried over (none: a fresh fit).
    pub from_run: Option<String>,
    /// Why the topics were fitted afresh, when they were.
    pub refit: Option<String>,
    /// Ids carried over (their label kept unless listed in `relabelled`).
    pub kept: Vec<u32>,
    /// Ids given tonight to new themes.
    pub new: Vec<u32>,
    /// Ids of carried topics no topic of tonight matches: not used again.
    pub retired: Vec<u32>,
    /// Carried ids whose label changed: `[id, old label, new label]`.
    pub relabelled: Vec<(u32, String, String)>,
}

/// A hash of the `[topics]` settings: carried topics are used only by a
/// run with the same ones.
pub fn settings_hash(s: &TopicSettings) -> String {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_string(s).expect("topic settings serialise");
    hex::encode(Sha256::digest(format!("topics-carry-1\x1f{json}").as_bytes()))
}

/// A carried centre on this corpus's vocabulary (term-major index `t`),
/// unit length; terms the corpus no longer has are dropped.
pub fn centre_on(corpus: &Corpus, centre: &[(String, f32)]) -> Vec<(u32, f32)> {
    let mut v: Vec<(u32, f32)> = centre
        .iter()
        .filter_map(|(w, x)| corpus.terms.binary_search(w).ok().map(|t| (t as u32, *x)))
        .collect();
    v.sort_unstable_by_key(|x| x.0);
    let norm = v.iter().map(|x| (x.1 as f64).powi(2)).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| x.1 = (x.1 as f64 / norm) as f32);
    }
    v
}

/// Centre `c` of term-major centres as (term, weight), heaviest first
/// (ties: the term), at most [`CENTRE_TERMS`].
pub fn centre_terms(corpus: &Corpus, centers: &[f32], k: usize, c: usize) -> Vec<(String, f32)> {
    let mut v: Vec<(u32, f32)> = centers
        .chunks_exact(k)
        .enumerate()
        .filter(|(_, row)| row[c] > 0.0)
        .map(|(t, row)| (t as u32, row[c]))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(CENTRE_TERMS);
    v.into_iter().map(|(t, x)| (corpus.terms[t as usize].clone(), x)).collect()
}

/// One-to-one pairs (fresh topic, carried topic) of cosine ≥ [`SAME_THEME`],
/// the closest first (ties: lower fresh, then lower carried index).
pub fn match_themes(sim: &[Vec<f32>]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f32, usize, usize)> = sim
        .iter()
        .enumerate()
        .flat_map(|(j, row)| row.iter().enumerate().map(move |(i, &s)| (s, j, i)))
        .filter(|x| x.0 >= SAME_THEME)
        .collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut fresh, mut carried) = (Vec::new(), Vec::new());
    let mut out = Vec::new();
    for (_, j, i) in pairs {
        if !fresh.contains(&j) && !carried.contains(&i) {
            fresh.push(j);
            carried.push(i);
            out.push((j, i));
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_match_one_to_one_closest_first_above_the_threshold() {
        // Fresh 0 is close to carried 1 and (less) to carried 0; fresh 1
        // is close to carried 1 too, but carried 1 is taken; fresh 2 is
        // close to nothing.
        let sim = vec![vec![0.6, 0.9, 0.0], vec![0.2, 0.8, 0.1], vec![0.1, 0.3, 0.4]];
        assert_eq!(match_themes(&sim), vec![(0, 1)]);
        let sim = vec![vec![0.6, 0.9], vec![0.7, 0.95]];
        assert_eq!(match_themes(&sim), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn a_carried_centre_keeps_the_terms_the_corpus_still_has() {
        let c = Corpus::from_words(&[vec!["beras", "harga"], vec!["debat"]]);
        let centre =
            vec![("harga".to_string(), 3.0), ("hilang".to_string(), 5.0), ("beras".to_string(), 4.0)];
        let on = centre_on(&c, &centre);
        assert_eq!(on.iter().map(|x| x.0).collect::<Vec<_>>(), vec![0, 2]);
        assert!((on[0].1 - 0.8).abs() < 1e-6 && (on[1].1 - 0.6).abs() < 1e-6, "{on:?}");
    }
}
