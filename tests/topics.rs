//! Topics: planted themes are recovered, the result does not depend on the
//! thread count, and `auto` finds the planted number of topics.

use suara::text::{Lang, Lexicon};
use suara::topics::vocab::DocInput;
use suara::topics::{self, TopicCount, TopicModel, TopicSettings};
use suara::util::SplitMix64;

mod common;

use common::THEMES;

/// Words any post may use, whatever its theme.
const BACKGROUND: &str = "indonesia rakyat negara pemerintah jakarta warga kota daerah";

/// `per_theme` posts per theme: six theme words and two background words
/// each, drawn with a fixed seed. Returns the texts and their true theme.
fn planted(per_theme: usize, seed: u64) -> (Vec<String>, Vec<usize>) {
    let mut rng = SplitMix64::new(seed);
    let background: Vec<&str> = BACKGROUND.split(' ').collect();
    let (mut texts, mut truth) = (Vec::new(), Vec::new());
    for i in 0..per_theme * THEMES.len() {
        let theme = i % THEMES.len();
        let words: Vec<&str> = THEMES[theme].split(' ').collect();
        let mut post: Vec<&str> = (0..6).map(|_| words[rng.below(words.len())]).collect();
        post.extend((0..2).map(|_| background[rng.below(background.len())]));
        texts.push(post.join(" "));
        truth.push(theme);
    }
    (texts, truth)
}

fn fit(texts: &[String], settings: &TopicSettings) -> TopicModel {
    let docs: Vec<DocInput> =
        texts.iter().map(|t| DocInput { text: t, lang: Lang::Id, masked: &[] }).collect();
    topics::fit(&docs, &Lexicon::builtin(), settings)
}

/// Share of posts whose topic is their theme's majority topic, and whether
/// the themes' majority topics are all different.
fn recovery(model: &TopicModel, truth: &[usize]) -> (f64, bool) {
    let k = model.topics.len();
    let mut counts = vec![vec![0usize; k]; THEMES.len()];
    for (t, a) in truth.iter().zip(&model.assignment) {
        counts[*t][a.expect("every planted post has terms") as usize] += 1;
    }
    let majority: Vec<usize> =
        counts.iter().map(|c| (0..k).max_by_key(|&j| (c[j], std::cmp::Reverse(j))).unwrap()).collect();
    let hits: usize = counts.iter().zip(&majority).map(|(c, &m)| c[m]).sum();
    let mut distinct = majority.clone();
    distinct.sort_unstable();
    distinct.dedup();
    (hits as f64 / truth.len() as f64, distinct.len() == THEMES.len())
}

#[test]
fn planted_themes_are_recovered_and_labelled_by_their_words() {
    let (texts, truth) = planted(150, 11);
    let settings = TopicSettings { k: TopicCount::Fixed(6), ..Default::default() };
    let model = fit(&texts, &settings);
    assert_eq!(model.topics.len(), 6);
    let (accuracy, distinct) = recovery(&model, &truth);
    assert!(distinct, "two themes fell into one topic: {:?}", model.topics);
    assert!(accuracy >= 0.97, "only {accuracy:.3} of posts in their theme's topic");
    // Each label's terms come from one theme, never from the background.
    for t in &model.topics {
        let first = t.label.split(" · ").next().unwrap();
        let theme =
            THEMES.iter().position(|th| th.split(' ').any(|w| first.starts_with(w) || w.starts_with(first)));
        assert!(theme.is_some(), "label {:?} is not a theme word", t.label);
        assert!(!BACKGROUND.contains(first), "label {:?} leads with a background word", t.label);
    }
    assert!(model.report.npmi > 0.0 && model.report.diversity > 0.9, "{:?}", model.report);
}

#[test]
fn auto_finds_the_planted_number_of_topics() {
    let (texts, truth) = planted(150, 12);
    let model = fit(&texts, &TopicSettings::default());
    assert_eq!(model.report.k, 6, "{:?}", model.report.k_candidates);
    assert!(recovery(&model, &truth).0 >= 0.97);
}

#[test]
fn topics_do_not_depend_on_the_thread_count_or_the_run() {
    // Enough posts for several corpus chunks and a sampled fit.
    let (texts, _) = planted(1500, 13);
    let settings = TopicSettings { max_fit_posts: 2000, max_auto_posts: 1000, ..Default::default() };
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| fit(&texts, &settings))
    };
    let one = on(1);
    assert_eq!(one, on(2), "1 thread and 2 threads disagree");
    assert_eq!(one, on(3), "3 threads disagree");
    assert_eq!(one.report.posts_fitted, 2000);
    // Another seed is another sample and seeding: still six themes.
    let other = fit(&texts, &TopicSettings { seed: 7, ..settings });
    assert_eq!(other.report.seed, 7);
    assert_eq!(other.topics.len(), one.topics.len());
}

#[test]
fn posts_without_usable_terms_are_counted_not_forced_into_a_topic() {
    let (mut texts, _) = planted(20, 14);
    texts.push("wkwkwk yang itu sih".into());
    texts.push("https://t.co/abc @someone".into());
    let model = fit(&texts, &TopicSettings { k: TopicCount::Fixed(6), ..Default::default() });
    let n = texts.len();
    assert_eq!(model.assignment[n - 1], None);
    assert_eq!(model.assignment[n - 2], None);
    assert_eq!(model.report.posts_without_terms, 2);
    assert!(model.assignment[..n - 2].iter().all(Option::is_some));
}

/// Posts of the themes `themes` (indices into THEMES), `per_theme` each,
/// as [`planted`] writes them.
fn planted_of(themes: &[usize], per_theme: usize, seed: u64) -> (Vec<String>, Vec<usize>) {
    let (texts, truth) = planted(per_theme, seed);
    texts.into_iter().zip(truth).filter(|(_, t)| themes.contains(t)).unzip()
}

fn fit_carried(
    texts: &[String],
    settings: &TopicSettings,
    prev: Option<&topics::carry::Carried>,
    run: &str,
) -> (TopicModel, topics::carry::Carried) {
    let docs: Vec<DocInput> =
        texts.iter().map(|t| DocInput { text: t, lang: Lang::Id, masked: &[] }).collect();
    topics::fit_carried(&docs, &Lexicon::builtin(), settings, prev, run)
}

/// Per theme, the id of the topic most of its posts are in.
fn ids_of_themes(model: &TopicModel, truth: &[usize]) -> std::collections::BTreeMap<usize, u32> {
    let mut counts: std::collections::BTreeMap<(usize, u32), usize> = Default::default();
    for (t, a) in truth.iter().zip(&model.assignment) {
        *counts.entry((*t, model.topics[a.unwrap() as usize].id)).or_default() += 1;
    }
    let mut best: std::collections::BTreeMap<usize, (usize, u32)> = Default::default();
    for ((theme, id), n) in counts {
        let b = best.entry(theme).or_insert((0, id));
        if n > b.0 {
            *b = (n, id);
        }
    }
    best.into_iter().map(|(t, (_, id))| (t, id)).collect()
}

#[test]
fn carried_topics_keep_their_ids_new_themes_get_new_ones_and_vanished_ones_retire() {
    let settings = TopicSettings { k: TopicCount::Fixed(5), ..Default::default() };
    // Night 1: themes 0–4.
    let (texts, truth) = planted_of(&[0, 1, 2, 3, 4], 100, 21);
    let (one, carried) = fit_carried(&texts, &settings, None, "night-1");
    assert_eq!(one.report.changes, None);
    let ids1 = ids_of_themes(&one, &truth);
    let mut seen: Vec<u32> = ids1.values().copied().collect();
    seen.sort_unstable();
    assert_eq!(seen, vec![1, 2, 3, 4, 5], "{ids1:?}");

    // Night 2: theme 4 is gone (its file removed), theme 5 is new; the
    // posts of the others differ (another draw).
    let (texts, truth) = planted_of(&[0, 1, 2, 3, 5], 100, 22);
    let (two, carried) = fit_carried(&texts, &settings, Some(&carried), "night-2");
    let ids2 = ids_of_themes(&two, &truth);
    for theme in 0..4 {
        assert_eq!(ids2[&theme], ids1[&theme], "theme {theme}: {ids1:?} then {ids2:?}");
        let label = |m: &TopicModel| m.topics.iter().find(|t| t.id == ids1[&theme]).unwrap().label.clone();
        assert_eq!(label(&two), label(&one), "theme {theme} relabelled");
    }
    assert_eq!(ids2[&5], 6, "a new theme takes the next id: {ids2:?}");
    let c = two.report.changes.clone().unwrap();
    assert_eq!(c.from_run.as_deref(), Some("night-1"));
    assert_eq!(c.kept, {
        let mut v: Vec<u32> = (0..4).map(|t| ids1[&t]).collect();
        v.sort_unstable();
        v
    });
    assert_eq!((c.new, c.retired), (vec![6], vec![ids1[&4]]));

    // Night 3: theme 4 is back: a retired id is never given again.
    let (texts, truth) = planted_of(&[0, 1, 2, 4, 5], 100, 23);
    let (three, _) = fit_carried(&texts, &settings, Some(&carried), "night-3");
    let ids3 = ids_of_themes(&three, &truth);
    assert_eq!(ids3[&5], 6);
    assert_eq!(ids3[&4], 7, "{ids3:?}");
    assert_eq!(three.report.changes.unwrap().retired, vec![ids1[&3]]);
}
