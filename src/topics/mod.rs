//! Stage 5, topics: what the kept posts talk about.
//!
//! Posts become bags of content terms ([`vocab`]), weighed by sublinear
//! TF-IDF and clustered by spherical k-means ([`kmeans`]); each cluster is
//! a topic, labelled by its class-based TF-IDF terms ([`labels`]) and
//! scored by NPMI and diversity ([`coherence`]). Every post with at least
//! one usable term gets exactly one topic: there is no outlier bucket.
//!
//! Why k-means and not LDA: a prototype compared the candidates on the same
//! tokenised posts (K = 20; NPMI of the top-10 terms over boolean document
//! co-occurrence): gensim's LdaModel (10 passes) scored −0.097 on 3,574 real
//! vaccine tweets and −0.081 on 19,608 election posts of the benchmark
//! corpus; scikit-learn NMF 0.011 and 0.049; a Dirichlet multinomial
//! mixture (GSDMM) 0.101 and −0.045; spherical k-means with c-TF-IDF terms
//! 0.072 and 0.108. Short posts carry one theme each, which is what a hard
//! clustering assumes and what LDA's per-word mixtures struggle to estimate
//! from ten words; k-means is also the only candidate whose steps are
//! exactly parallel and deterministic. As built, measured the standard way
//! from the posts table (`tools/topics_compare.py`, gensim's LdaModel at
//! suara's K on the same posts; the README has the table): at K = 20,
//! 3,594 real vaccine tweets 0.190 vs gensim's −0.096 (diversity 1.00 vs
//! 0.81), 55,301 election posts of the benchmark corpus 0.199 vs −0.047
//! (0.96 vs 0.76).
//!
//! Determinism: the seed lives in the config; the corpus is built in chunks
//! of a fixed size, the sample of posts the centres are fitted on is drawn
//! from the seed, and every float sum runs in post order, so topics, terms
//! and assignments are the same at any thread count.

pub mod carry;
pub mod coherence;
pub mod kmeans;
pub mod labels;
pub mod steps;
pub mod tables;
pub mod vocab;

use crate::text::Lexicon;
use crate::util::SplitMix64;
use coherence::Presence;
use kmeans::{Matrix, Nearest};
use rayon::prelude::*;
use serde::Serialize;
use vocab::{Corpus, DocInput, Stoplist, VocabParams};

/// How many topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicCount {
    /// Chosen by topic quality over [`AUTO_K`]: NPMI averaged over posts,
    /// times coverage, times diversity.
    Auto,
    Fixed(usize),
}

/// The numbers of topics `auto` tries.
///
/// Never fewer than five: fewer is no breakdown of an election
/// conversation, and coherence × diversity, measured on real posts, keeps
/// preferring two or three broad topics beside a catch-all. Set `k` for
/// fewer.
pub const AUTO_K: &[usize] = &[5, 6, 8, 10, 12, 15, 20, 25, 30];

/// Checked `[topics]` settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicSettings {
    pub enabled: bool,
    pub k: TopicCount,
    pub seed: u64,
    /// Centres are fitted on at most this many posts (a seeded sample);
    /// every post is then assigned.
    pub max_fit_posts: usize,
    /// `auto` compares candidates on at most this many posts.
    pub max_auto_posts: usize,
    /// Terms listed per topic in `topic_terms.csv`.
    pub top_terms: usize,
}

impl Default for TopicSettings {
    fn default() -> Self {
        TopicSettings {
            enabled: true,
            k: TopicCount::Auto,
            seed: 42,
            max_fit_posts: 200_000,
            max_auto_posts: 20_000,
            top_terms: 20,
        }
    }
}

/// Terms scored for NPMI and diversity (the usual top ten).
pub const QUALITY_TERMS: usize = 10;

/// One topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// 1-based, largest topic first.
    pub id: u32,
    pub label: String,
    /// Top terms by c-TF-IDF, with their weight.
    pub terms: Vec<(String, f64)>,
    pub size: usize,
    pub npmi: f64,
    /// Posts (indices into the input) nearest the centre, most typical first.
    pub examples: Vec<usize>,
}

/// A candidate K that `auto` scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KCandidate {
    pub k: usize,
    /// Mean NPMI over topics.
    pub npmi: f64,
    /// Mean NPMI over posts (each post counts its topic's NPMI).
    pub npmi_posts: f64,
    /// Share of posts in which at least one of their topic's scored terms
    /// occurs.
    pub coverage: f64,
    pub diversity: f64,
    /// `npmi_posts × coverage × diversity`: the score `auto` maximises.
    pub quality: f64,
    /// Fitted from the topics carried over from the last run (a nightly
    /// run scores its carried K this way too, beside the fresh fits).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub carried: bool,
}

/// What the manifest says about topics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicsReport {
    pub method: &'static str,
    pub k: usize,
    pub k_setting: TopicCount,
    pub k_candidates: Vec<KCandidate>,
    pub seed: u64,
    pub vocabulary: usize,
    pub stopwords: usize,
    pub posts: usize,
    pub posts_fitted: usize,
    pub posts_without_terms: usize,
    pub npmi: f64,
    pub diversity: f64,
    pub iterations: usize,
    /// Tonight's topics against the ones carried over from the last run
    /// (nightly runs with a state only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<carry::Changes>,
}

/// Topics and each post's topic (index into `topics`).
#[derive(Debug, Clone, PartialEq)]
pub struct TopicModel {
    pub topics: Vec<Topic>,
    pub assignment: Vec<Option<u32>>,
    pub report: TopicsReport,
}

impl TopicModel {
    /// Per topic, its posts' post-level labels counted (negative, neutral,
    /// positive); `posts[i]` is post `i` of the model.
    pub fn sentiment_counts(&self, posts: &[crate::core::Scored]) -> Vec<[u64; 3]> {
        let mut c = vec![[0u64; 3]; self.topics.len()];
        for (a, n) in self.assignment.iter().zip(posts.iter().map(|s| &s.notes)) {
            if let (Some(t), Some(s)) = (a, &n.sentiment) {
                c[*t as usize][s.post.label as usize] += 1;
            }
        }
        c
    }

    /// The 1-based topic id and label of post `i`.
    pub fn of(&self, i: usize) -> Option<(u32, &str)> {
        self.assignment[i].map(|t| (self.topics[t as usize].id, self.topics[t as usize].label.as_str()))
    }
}

/// A seeded sample of `n` of `rows`, in ascending order.
fn sample(rows: &[u32], n: usize, seed: u64) -> Vec<u32> {
    if rows.len() <= n {
        return rows.to_vec();
    }
    let mut v = rows.to_vec();
    let mut rng = SplitMix64::new(seed ^ 0x7091_C5A3_0000_0001);
    for i in 0..n {
        let j = i + rng.below(v.len() - i);
        v.swap(i, j);
    }
    v.truncate(n);
    v.sort_unstable();
    v
}

/// One clustering of the corpus and how good its topics are.
struct Scored {
    /// Per post: its centre and cosine similarity (None: no usable terms).
    found: Vec<Nearest>,
    centers: kmeans::Centers,
    /// Per centre.
    npmi: Vec<f64>,
    diversity: f64,
    /// NPMI averaged over posts: each post counts its topic's NPMI.
    npmi_posts: f64,
    coverage: f64,
    /// `npmi_posts × coverage × diversity`. Weighing by posts matters: a
    /// post in an incoherent catch-all topic gets a useless label, and the
    /// plain mean over topics favours a few broad topics beside one
    /// catch-all. Coverage matters because a topic's terms are chosen for
    /// coherence: two themes in one topic still find ten terms of one of
    /// them that hang together, but those terms miss the other theme's posts.
    quality: f64,
}

/// The seeds of `effort`'s seedings.
fn seeds(seed: u64, effort: Effort) -> Vec<u64> {
    let mut seeds = SplitMix64::new(seed);
    (0..effort.n_init.max(1)).map(|_| seeds.next_u64()).collect()
}

/// Fits `k` centres on `rows` from `n_init` seedings (those of `shared`,
/// drawn on `rows` for `k` or more centres, else drawn here), assigns
/// `assign_rows`, and keeps the seeding whose topics score best (ties: the
/// first). Coherence is counted over the posts `score_rows`.
#[allow(clippy::too_many_arguments)]
fn fit_scored(
    corpus: &Corpus,
    presence: &Presence,
    m: &Matrix,
    rows: &kmeans::FitRows,
    assign_rows: &[u32],
    score_rows: &[u32],
    k: usize,
    seed: u64,
    effort: Effort,
    shared: Option<&[kmeans::Seeding]>,
) -> Scored {
    // The seedings run side by side (each fit alone leaves cores idle in
    // its serial steps); the best is chosen in seeding order as before.
    let fits: Vec<Scored> = seeds(seed, effort)
        .par_iter()
        .enumerate()
        .map(|(n, &seed)| {
            let mut time =
                steps::Timer::start(if shared.is_some() { "auto seeding" } else { "final seeding" });
            let own;
            let seeding = match shared {
                Some(s) => {
                    // Shared seedings are drawn from the same seeds, in order.
                    debug_assert_eq!(s[n].seed, seed, "seeding {n} drawn from another seed");
                    &s[n]
                }
                None => {
                    own = kmeans::Seeding::new(m, rows, k, seed);
                    &own
                }
            };
            let (centers, last) = seeding.fit(m, rows, k, effort.max_iter);
            time.lap("lloyd");
            let known = last.as_deref().map(|f| (&rows.rows[..], f));
            score(corpus, presence, m, centers, assign_rows, score_rows, known, &mut time)
        })
        .collect();
    // The first of the best (ties: the earlier seeding).
    fits.into_iter().reduce(|b, x| if x.quality > b.quality { x } else { b }).expect("at least one seeding")
}

/// Assigns `assign_rows` to `centers` (reusing the nearest centres
/// `known` already, see [`kmeans::Centers::assign_known`]) and scores the
/// topics over the posts `score_rows`.
#[allow(clippy::too_many_arguments)]
fn score(
    corpus: &Corpus,
    presence: &Presence,
    m: &Matrix,
    centers: kmeans::Centers,
    assign_rows: &[u32],
    score_rows: &[u32],
    known: Option<(&[u32], &[Nearest])>,
    time: &mut steps::Timer,
) -> Scored {
    let assigned = match known {
        Some(known) => centers.assign_known(m, assign_rows, known),
        None => centers.assign(m, assign_rows),
    };
    let mut found = vec![None; corpus.n_docs()];
    for (&i, a) in assign_rows.iter().zip(assigned) {
        found[i as usize] = a;
    }
    let assignment: Vec<Option<u32>> = found.iter().map(|a| a.map(|x| x.0)).collect();
    time.lap("assign");
    let (npmi, coverage, diversity) = quality(corpus, presence, score_rows, &assignment, centers.k, time);
    let mut size = vec![0usize; centers.k];
    for a in assignment.iter().flatten() {
        size[*a as usize] += 1;
    }
    let total = size.iter().sum::<usize>().max(1) as f64;
    let npmi_posts = npmi.iter().zip(&size).map(|(x, &n)| x * n as f64).sum::<f64>() / total;
    Scored {
        found,
        centers,
        npmi,
        diversity,
        npmi_posts,
        coverage,
        quality: npmi_posts * coverage * diversity,
    }
}

impl KCandidate {
    fn of(k: usize, s: &Scored, carried: bool) -> KCandidate {
        KCandidate {
            k,
            npmi: mean(&s.npmi),
            npmi_posts: s.npmi_posts,
            coverage: s.coverage,
            diversity: s.diversity,
            quality: s.quality,
            carried,
        }
    }
}

/// NPMI per topic, coverage (the share of posts in which one of their
/// topic's scored terms occurs) and diversity of an assignment's scored
/// terms, counted over the posts `rows`.
fn quality(
    corpus: &Corpus,
    presence: &Presence,
    rows: &[u32],
    assignment: &[Option<u32>],
    k: usize,
    time: &mut steps::Timer,
) -> (Vec<f64>, f64, f64) {
    let choice = labels::Choice {
        scored: QUALITY_TERMS,
        listed: QUALITY_TERMS,
        candidates: CANDIDATES,
        starts: STARTS,
    };
    let top = labels::choose(corpus, presence, rows, assignment, k, choice);
    time.lap("choose terms");
    let ids: Vec<Vec<u32>> = top.iter().map(|t| t.iter().map(|x| x.0).collect()).collect();
    // Per topic and term, whether the term is one of the topic's scored.
    let v = corpus.terms.len();
    let mut scored = vec![false; ids.len() * v];
    for (t, terms) in ids.iter().enumerate() {
        for &x in terms {
            scored[t * v + x as usize] = true;
        }
    }
    let (mut assigned, mut covered) = (0usize, 0usize);
    for &r in rows {
        if let Some(t) = assignment[r as usize] {
            assigned += 1;
            let of = &scored[t as usize * v..(t as usize + 1) * v];
            covered += presence.row(r as usize).iter().any(|&x| of[x as usize]) as usize;
        }
    }
    let coverage = covered as f64 / assigned.max(1) as f64;
    let npmi = coherence::npmi_over(presence, rows, &ids);
    time.lap("coverage, npmi");
    (npmi, coverage, coherence::diversity(&ids))
}

/// A topic's scored terms are chosen among its this many most distinctive
/// terms.
const CANDIDATES: usize = 30;
/// Greedy selections of a topic's terms, each from one of its first
/// candidates.
const STARTS: usize = 8;

/// A topic whose posts hold fewer than `QUALITY_TERMS` distinct terms in
/// all (a handful of near-copies) cannot list its ten top terms, and its
/// NPMI over two or three would say nothing: its posts go to their nearest
/// topic among the others (ties: the lower centre). Unchanged when every
/// topic is that small.
fn fold_term_poor(m: &Matrix, centers: &kmeans::Centers, mut found: Vec<Nearest>) -> Vec<Nearest> {
    let kc = centers.k;
    // Distinct terms per topic.
    let v = m.n_terms;
    let mut seen = vec![false; kc * v];
    let mut terms = vec![0usize; kc];
    for (i, a) in found.iter().enumerate() {
        if let Some((c, _)) = a {
            for &t in m.row(i).0 {
                let s = &mut seen[*c as usize * v + t as usize];
                if !*s {
                    *s = true;
                    terms[*c as usize] += 1;
                }
            }
        }
    }
    let poor: Vec<bool> = terms.iter().map(|&n| n > 0 && n < QUALITY_TERMS).collect();
    let rich: Vec<usize> = (0..kc).filter(|&j| terms[j] >= QUALITY_TERMS).collect();
    if rich.is_empty() || !poor.contains(&true) {
        return found;
    }
    for (i, a) in found.iter_mut().enumerate() {
        let Some((c, _)) = *a else { continue };
        if !poor[c as usize] {
            continue;
        }
        let (idx, val) = m.row(i);
        let sim = |j: usize| {
            idx.iter().zip(val).map(|(&t, &x)| x * centers.centers[t as usize * kc + j]).sum::<f32>()
        };
        *a = rich
            .iter()
            .map(|&j| (j, sim(j)))
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
            .map(|(j, s)| (j as u32, s));
    }
    found
}

fn mean(x: &[f64]) -> f64 {
    if x.is_empty() { 0.0 } else { x.iter().sum::<f64>() / x.len() as f64 }
}

/// Topics of annotated posts: each post's text and language, its target
/// mentions masked.
pub fn fit_posts(posts: &[crate::core::Scored], lex: &Lexicon, settings: &TopicSettings) -> TopicModel {
    fit_posts_carried(posts, lex, settings, None, "").0
}

/// [`fit_posts`], recognising the topics `prev` carries over; returns what
/// the next run carries.
pub fn fit_posts_carried(
    posts: &[crate::core::Scored],
    lex: &Lexicon,
    settings: &TopicSettings,
    prev: Option<&carry::Carried>,
    run_id: &str,
) -> (TopicModel, carry::Carried) {
    // Every post's mention spans in one vector (a vector per post would be
    // millions of small allocations).
    let spans: Vec<(u32, u32)> =
        posts.iter().flat_map(|s| s.notes.mentions.iter().map(|m| (m.byte_start, m.byte_end))).collect();
    let mut at = 0;
    let docs: Vec<DocInput> = posts
        .iter()
        .map(|s| {
            let n = s.notes.mentions.len();
            at += n;
            DocInput { text: &s.post.text, lang: s.notes.lang, masked: &spans[at - n..at] }
        })
        .collect();
    fit_carried(&docs, lex, settings, prev, run_id)
}

/// Builds the corpus of `docs` and fits topics to it, recognising the
/// topics `prev` carries over.
pub fn fit_carried(
    docs: &[DocInput],
    lex: &Lexicon,
    settings: &TopicSettings,
    prev: Option<&carry::Carried>,
    run_id: &str,
) -> (TopicModel, carry::Carried) {
    let stop = Stoplist::builtin();
    let (corpus, presence) = corpus_and_presence(docs, lex, &stop);
    let (mut model, carried) = fit_corpus_carried(&corpus, &presence, settings, prev, run_id);
    model.report.stopwords = stop.len();
    (model, carried)
}

/// The corpus of `docs` and which of its terms occur in which post, the
/// presence table built beside the corpus's last steps.
pub fn corpus_and_presence(docs: &[DocInput], lex: &Lexicon, stop: &Stoplist) -> (Corpus, Presence) {
    vocab::build_with(docs, lex, stop, &VocabParams::for_corpus(docs.len()), |terms| {
        Presence::build(docs.par_iter().map(|d| d.text), terms)
    })
}

/// Builds the corpus of `docs` and fits topics to it.
pub fn fit(docs: &[DocInput], lex: &Lexicon, settings: &TopicSettings) -> TopicModel {
    fit_carried(docs, lex, settings, None, "").0
}

/// Seedings tried, and Lloyd iterations at most for each.
#[derive(Debug, Clone, Copy)]
struct Effort {
    n_init: usize,
    max_iter: usize,
}

/// The final model: later iterations move a few posts between neighbouring
/// topics and change no label.
const FINAL: Effort = Effort { n_init: 3, max_iter: 30 };
/// Each candidate K under `auto`: converged fits too (with 15 iterations
/// the winner on the vaccine tweets moved from 6 to 12 topics and NPMI
/// fell from 0.068 to 0.031).
const AUTO: Effort = Effort { n_init: 2, max_iter: 30 };

/// Fits topics to a corpus (one row per post); `presence` says which
/// terms occur in which post, counted the plain way, for coherence.
pub fn fit_corpus(corpus: &Corpus, presence: &Presence, settings: &TopicSettings) -> TopicModel {
    fit_corpus_carried(corpus, presence, settings, None, "").0
}

/// [`fit_corpus`], recognising the topics `prev` carries over (see
/// [`carry`]); returns what the next run carries, `run_id` naming this one.
pub fn fit_corpus_carried(
    corpus: &Corpus,
    presence: &Presence,
    settings: &TopicSettings,
    prev: Option<&carry::Carried>,
    run_id: &str,
) -> (TopicModel, carry::Carried) {
    let mut carried = carry::Carried {
        settings: carry::settings_hash(settings),
        run_id: run_id.to_string(),
        next_id: 1,
        topics: vec![],
    };
    if let Some(p) = prev {
        carried.next_id = p.next_id;
    }
    let mut time = steps::Timer::start("fit");
    let m = Matrix::tfidf(corpus);
    time.lap("tfidf");
    let usable: Vec<u32> = (0..corpus.n_docs() as u32).filter(|&i| !m.is_empty_row(i as usize)).collect();
    let mut report = TopicsReport {
        method: "spherical k-means on sublinear TF-IDF; c-TF-IDF terms",
        k: 0,
        k_setting: settings.k,
        k_candidates: Vec::new(),
        seed: settings.seed,
        vocabulary: corpus.terms.len(),
        stopwords: 0,
        posts: corpus.n_docs(),
        posts_fitted: 0,
        posts_without_terms: corpus.n_docs() - usable.len(),
        npmi: 0.0,
        diversity: 0.0,
        iterations: 0,
        changes: None,
    };
    if usable.len() < 2 {
        if let Some(p) = prev {
            report.changes = Some(carry::Changes {
                from_run: Some(p.run_id.clone()),
                retired: p.topics.iter().map(|t| t.id).collect(),
                ..Default::default()
            });
        }
        return (TopicModel { topics: Vec::new(), assignment: vec![None; corpus.n_docs()], report }, carried);
    }
    let fit_rows = sample(&usable, settings.max_fit_posts, settings.seed);
    // Last night's centres on tonight's vocabulary (largest topic first).
    let old: Vec<Vec<(u32, f32)>> = prev
        .map(|p| p.topics.iter().map(|t| carry::centre_on(corpus, &t.centre)).collect())
        .unwrap_or_default();
    let given: Vec<Vec<(u32, f32)>> = old.iter().filter(|c| !c.is_empty()).cloned().collect();
    time.lap("sample");
    let k = match settings.k {
        TopicCount::Fixed(k) => k.min(usable.len()),
        TopicCount::Auto => {
            let rows = sample(&fit_rows, settings.max_auto_posts, settings.seed.wrapping_add(1));
            let max_k = (rows.len() / 30).max(2);
            // Candidates are fitted side by side, and listed in order.
            let ks: Vec<usize> = AUTO_K.iter().copied().filter(|&k| k <= max_k).collect();
            // A nightly run also scores fits that start from the carried
            // centres: at the carried K, and at each larger K with the
            // seeding adding centres where posts are far from all carried
            // ones (where a new theme is). A fresh fit may land in a worse
            // optimum (two themes in one topic, or a small new theme inside
            // an old one), and then the K would change only by that
            // accident. Listed first, they win ties.
            let carried_k = given.len();
            let warm: Vec<usize> = if carried_k == 0 || carried_k > max_k {
                Vec::new()
            } else {
                std::iter::once(carried_k).chain(ks.iter().copied().filter(|&k| k > carried_k)).collect()
            };
            let fit_rows = kmeans::FitRows::new(&m, &rows);
            let mut candidates: Vec<KCandidate> = warm
                .par_iter()
                .map(|&k| {
                    let centers = kmeans::fit_from(&m, &fit_rows, k, &given, settings.seed, AUTO.max_iter);
                    let mut time = steps::Timer::start("auto carried");
                    KCandidate::of(
                        k,
                        &score(corpus, presence, &m, centers, &rows, &rows, None, &mut time),
                        true,
                    )
                })
                .collect();
            // The fresh fits share their seedings: drawn once, for the
            // largest K (the first K posts drawn are K's seeding).
            let shared: Vec<kmeans::Seeding> = match ks.iter().max() {
                Some(&k_max) => seeds(settings.seed, AUTO)
                    .par_iter()
                    .map(|&s| kmeans::Seeding::new(&m, &fit_rows, k_max, s))
                    .collect(),
                None => Vec::new(),
            };
            candidates.par_extend(ks.par_iter().map(|&k| {
                let s = fit_scored(
                    corpus,
                    presence,
                    &m,
                    &fit_rows,
                    &rows,
                    &rows,
                    k,
                    settings.seed,
                    AUTO,
                    Some(&shared),
                );
                KCandidate::of(k, &s, false)
            }));
            report.k_candidates = candidates;
            // Highest quality; on a tie the carried K, then fewer topics.
            report
                .k_candidates
                .iter()
                .fold(None::<&KCandidate>, |best, c| match best {
                    Some(b) if b.quality >= c.quality => Some(b),
                    _ => Some(c),
                })
                .map_or(2, |c| c.k)
        }
    };
    time.lap("auto candidates");
    // Coherence is counted over every post, as anyone recomputing it from
    // the posts table would.
    let all_rows: Vec<u32> = (0..corpus.n_docs() as u32).collect();
    // With topics carried over, tonight's start from last night's centres
    // (as many as there are topics tonight, largest first) and the seeding
    // adds centres where posts are far from all of them; then the centres
    // close to a carried one are that topic. Without, the best of FINAL's
    // seedings.
    let final_rows = kmeans::FitRows::new(&m, &fit_rows);
    let (found, centers, matched) = match prev {
        Some(_) => {
            let given = &given[..given.len().min(k)];
            let centers = kmeans::fit_from(&m, &final_rows, k, given, settings.seed, FINAL.max_iter);
            let mut found = vec![None; corpus.n_docs()];
            for (&i, a) in usable.iter().zip(centers.assign(&m, &usable)) {
                found[i as usize] = a;
            }
            let kc = centers.k;
            let sim: Vec<Vec<f32>> = (0..kc)
                .map(|j| {
                    old.iter()
                        .map(|c| c.iter().map(|&(t, x)| x * centers.centers[t as usize * kc + j]).sum())
                        .collect()
                })
                .collect();
            let mut matched = vec![None; kc];
            for (j, i) in carry::match_themes(&sim) {
                matched[j] = Some(i);
            }
            (found, centers, matched)
        }
        None => {
            let s = fit_scored(
                corpus,
                presence,
                &m,
                &final_rows,
                &usable,
                &all_rows,
                k,
                settings.seed,
                FINAL,
                None,
            );
            let matched = vec![None; s.centers.k];
            (s.found, s.centers, matched)
        }
    };
    time.lap("final fit");
    let found = fold_term_poor(&m, &centers, found);
    time.lap("fold term-poor");
    report.posts_fitted = fit_rows.len();
    report.iterations = centers.iterations;

    // Order topics by size, largest first (ties: lower centre).
    let mut size = vec![0usize; centers.k];
    for (c, _) in found.iter().flatten() {
        size[*c as usize] += 1;
    }
    let mut order: Vec<usize> = (0..centers.k).filter(|&c| size[c] > 0).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
    let mut rank = vec![u32::MAX; centers.k];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r as u32;
    }
    let assignment: Vec<Option<u32>> = found.iter().map(|a| a.map(|(c, _)| rank[c as usize])).collect();
    let k = order.len();
    let choice = labels::Choice {
        scored: QUALITY_TERMS,
        listed: settings.top_terms.max(QUALITY_TERMS),
        candidates: CANDIDATES,
        starts: STARTS,
    };
    time.lap("order");
    let terms = labels::choose(corpus, presence, &all_rows, &assignment, k, choice);
    time.lap("choose final terms");
    let scored_ids: Vec<Vec<u32>> =
        terms.iter().map(|t| t.iter().take(QUALITY_TERMS).map(|x| x.0).collect()).collect();
    let npmi = coherence::npmi_over(presence, &all_rows, &scored_ids);
    let diversity = coherence::diversity(&scored_ids);
    time.lap("final npmi");

    // The posts nearest each centre.
    let mut nearest: Vec<Vec<(f32, usize)>> = vec![Vec::new(); k];
    for (i, a) in found.iter().enumerate() {
        if let Some((c, s)) = a {
            nearest[rank[*c as usize] as usize].push((*s, i));
        }
    }
    // Ids: a carried topic keeps its own, a new theme takes the next.
    let mut changes = carry::Changes { from_run: prev.map(|p| p.run_id.clone()), ..Default::default() };
    let ids: Vec<u32> = order
        .iter()
        .map(|&c| match (matched[c], prev) {
            (Some(i), Some(p)) => {
                changes.kept.push(p.topics[i].id);
                p.topics[i].id
            }
            _ => {
                carried.next_id += 1;
                changes.new.push(carried.next_id - 1);
                carried.next_id - 1
            }
        })
        .collect();
    let topics: Vec<Topic> = (0..k)
        .map(|t| {
            let mut near = std::mem::take(&mut nearest[t]);
            near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let listed: Vec<(String, f64)> =
                terms[t].iter().map(|&(id, w)| (corpus.terms[id as usize].clone(), w)).collect();
            let mut label = labels::label(corpus, &terms[t]);
            // A carried label stays while its terms are still among the
            // topic's listed terms (the most distinctive of its posts): the
            // top ten alone change with the draw of posts, not the theme.
            if let (Some(i), Some(p)) = (matched[order[t]], prev) {
                let old = &p.topics[i].label;
                if old.split(" · ").all(|w| listed.iter().any(|x| x.0 == w)) {
                    label = old.clone();
                } else if *old != label {
                    changes.relabelled.push((ids[t], old.clone(), label.clone()));
                }
            }
            Topic {
                id: ids[t],
                label,
                terms: listed.into_iter().take(settings.top_terms).collect(),
                size: near.len(),
                npmi: npmi[t],
                examples: near.iter().take(3).map(|x| x.1).collect(),
            }
        })
        .collect();
    if let Some(p) = prev {
        changes.kept.sort_unstable();
        changes.retired = p.topics.iter().map(|t| t.id).filter(|id| !changes.kept.contains(id)).collect();
        changes.relabelled.sort();
        report.changes = Some(changes);
    }
    carried.topics = order
        .iter()
        .zip(&topics)
        .map(|(&c, t)| carry::CarriedTopic {
            id: t.id,
            label: t.label.clone(),
            centre: carry::centre_terms(corpus, &centers.centers, centers.k, c),
        })
        .collect();
    time.lap("topics, carry");
    report.k = k;
    report.npmi = mean(&npmi);
    report.diversity = diversity;
    (TopicModel { topics, assignment, report }, carried)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_is_seeded_sorted_and_bounded() {
        let rows: Vec<u32> = (0..1000).collect();
        let a = sample(&rows, 100, 5);
        assert_eq!(a.len(), 100);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, sample(&rows, 100, 5));
        assert_ne!(a, sample(&rows, 100, 6));
        assert_eq!(sample(&rows[..50], 100, 5).len(), 50);
    }
}
