//! The shipped models on the political development and test sets that
//! ship with the tests, and on the held-out sets of ../shared/data (not
//! redistributed). Scored through the library path `suara eval` uses, so
//! every figure here is the figure `datasets/models/figures.json` records
//! (checked). The thresholds guard against regressions.
//!
//! ../shared/data missing: skipped, saying so — and a failure under CI
//! (`CI=true`), where a skipped check would pass silently.

mod common;

use std::path::{Path, PathBuf};
use suara::annotate::evaluate::evaluate;
use suara::config::Overrides;
use suara::sentiment::Method;
use suara::sentiment::eval::read_labelled;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Macro-F1 of the built-in models on a labelled file, as `suara eval
/// --method <method>` computes it.
fn macro_f1(path: &Path, method: Method) -> f64 {
    let settings = suara::config::defaults_with(&Overrides::for_eval(Some(method))).unwrap();
    let a = settings.annotator().unwrap();
    let data = read_labelled(path, None, None).unwrap();
    let r = evaluate(&a, &data).unwrap().report;
    println!("{} ({}): n={} macro-F1 {:.4}", path.display(), method.as_str(), r.n, r.macro_f1);
    r.macro_f1
}

/// The figure `figures.json` records for a dataset and method.
fn recorded(dataset: &str, method: &str) -> Option<f64> {
    let figures: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("datasets/models/figures.json")).unwrap())
            .unwrap();
    figures.as_array()?.iter().find(|f| f["dataset"] == dataset && f["method"] == method)?["macro_f1"]
        .as_f64()
}

#[test]
fn political_development_set() {
    let dev = repo().join("tests/fixtures/sentiment");
    for (lang, floor) in [("id", 0.66), ("en", 0.42)] {
        let got = macro_f1(&dev.join(format!("political-dev-{lang}.tsv")), Method::Auto);
        assert!(got > floor, "political-dev-{lang}: {got}");
        // The default is the ensemble: what figures.json says of it.
        let want = recorded(&format!("political-dev-{lang}"), "ensemble").expect("figures.json has it");
        assert!((got - want).abs() < 5e-5, "political-dev-{lang}: tests {got:.4}, figures.json {want:.4}");
    }
}

#[test]
fn a_file_mixing_sentiment_and_emotion_labels_is_refused_naming_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("mixed.tsv");
    std::fs::write(&p, "bagus sekali\tpositive\njelek\tnegative\naku takut\tfear\n").unwrap();
    let err = read_labelled(&p, None, None).map(|_| ()).expect_err("refused").to_string();
    assert!(err.contains("mixed.tsv:3:") && err.contains("`fear`"), "{err}");
}

#[test]
fn held_out_benchmarks() {
    let Some(d) = common::shared_data_or_skip("held-out sentiment benchmarks") else { return };
    let smsa = d.join("indonlu-smsa/dataset/smsa_doc-sentiment-prosa/valid_preprocess.tsv");
    // The model alone on review-style text; the default (auto: the
    // ensemble with the lexicon, best on political posts) gives up ~0.015
    // here for the political posts it is chosen for. Masking politicians'
    // names cost ~0.008 here (0.867 → 0.859): SmSA's comments about named
    // politicians lean one way per name, which a model must not learn.
    assert!(macro_f1(&smsa, Method::Model) > 0.855);
    assert!(macro_f1(&smsa, Method::Auto) > 0.845);
    assert!(macro_f1(&d.join("nusax-senti/datasets/sentiment/english/test.csv"), Method::Auto) > 0.79);
    assert!(
        macro_f1(&d.join("indonlu-emot/dataset/emot_emotion-twitter/valid_preprocess.csv"), Method::Auto)
            > 0.66
    );
}
