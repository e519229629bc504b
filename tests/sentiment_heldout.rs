//! The shipped models on the held-out sets of ../shared/data (not
//! redistributed: skipped, saying so, when absent), and on the political
//! development set that ships with the tests. The thresholds guard against
//! regressions; the figures themselves are in datasets/models/figures.json
//! and the model card.

use std::path::PathBuf;
use suara::annotate::Scratch;
use suara::sentiment::eval::{EMOTION, SENTIMENT, read_labelled, report};

fn shared() -> Option<PathBuf> {
    let base = std::env::var("SUARA_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    base.is_dir().then_some(base)
}

fn macro_f1(path: &std::path::Path, emotion: bool) -> f64 {
    macro_f1_with(path, emotion, suara::sentiment::Method::Auto)
}

fn macro_f1_with(path: &std::path::Path, emotion: bool, method: suara::sentiment::Method) -> f64 {
    let mut settings = suara::config::defaults().unwrap();
    settings.sentiment.method = method;
    let a = settings.annotator().unwrap();
    let data = read_labelled(path, None, None).unwrap();
    let mut s = Scratch::default();
    let classes: &[&str] = if emotion { &EMOTION } else { &SENTIMENT };
    let gold: Vec<usize> = data.labels.iter().map(|l| classes.iter().position(|c| c == l).unwrap()).collect();
    let pred: Vec<usize> = data
        .texts
        .iter()
        .map(|t| {
            let n = a.annotate_text(t, true, &mut s).sentiment.expect("every text is scored");
            if emotion { n.emotion.map_or(0, |e| e.0 as usize) } else { n.post.label as usize }
        })
        .collect();
    let r = report(&gold, &pred, classes);
    println!("{}: n={} macro-F1 {:.4}", path.display(), r.n, r.macro_f1);
    r.macro_f1
}

#[test]
fn political_development_set() {
    let dev = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sentiment");
    // The Python reference (TF-IDF + LR, tools/reference_lr.py) scores 0.645
    // and 0.332 here.
    assert!(macro_f1(&dev.join("political-dev-id.tsv"), false) > 0.66);
    assert!(macro_f1(&dev.join("political-dev-en.tsv"), false) > 0.42);
}

#[test]
fn held_out_benchmarks() {
    let Some(d) = shared() else {
        eprintln!("SKIPPED: ../shared/data not found (set SUARA_SHARED_DATA)");
        return;
    };
    let smsa = d.join("indonlu-smsa/dataset/smsa_doc-sentiment-prosa/valid_preprocess.tsv");
    // The model alone on review-style text; the default (auto: the
    // ensemble with the lexicon, best on political posts) gives up ~0.015
    // here for the political posts it is chosen for. Masking politicians'
    // names cost ~0.008 here (0.867 → 0.859): SmSA's comments about named
    // politicians lean one way per name, which a model must not learn.
    assert!(macro_f1_with(&smsa, false, suara::sentiment::Method::Model) > 0.855);
    assert!(macro_f1(&smsa, false) > 0.845);
    assert!(macro_f1(&d.join("nusax-senti/datasets/sentiment/english/test.csv"), false) > 0.79);
    assert!(macro_f1(&d.join("indonlu-emot/dataset/emot_emotion-twitter/valid_preprocess.csv"), true) > 0.66);
}
