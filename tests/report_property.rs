//! Property: the report stage never panics on what users feed it. Random
//! small tables (empty series, one post, one day, every mention of one
//! label, undated posts only, far past and future dates, no authors) go
//! through ingest, the per-post stages, topics, the aggregates, every chart
//! (drawn as SVG: the PNG is drawn by the same code) and the report's
//! document, and each must come back as a value: every table here is valid
//! input, so neither a panic nor an error is allowed.
//!
//! Regression: issue 15, case 1 (a candidate named only neutrally crashed
//! the volume and net charts: `NaiveDate + Days out of range`).

use proptest::prelude::*;
use std::sync::OnceLock;
use suara::annotate::Annotator;
use suara::config::Settings;

/// Texts by the sentiment the built-in models give them; `None` names no
/// target.
const TEXTS: &[&str] = &[
    "prabowo oke",
    "ganjar oke",
    "anies hari ini",
    "prabowo bagus sekali, saya sangat senang",
    "ganjar jelek, mengecewakan dan bohong",
    "anies hebat luar biasa",
    "gibran debat capres cawapres pilpres",
    "cuaca cerah hari ini di jakarta",
    "#pemilucurang politik uang di tps",
    "kpu bawaslu sirekap",
];

/// Timestamps: none, four days of 2024, or far from the data's days.
const TIMES: &[&str] = &[
    "",
    "2024-01-01T10:00:00Z",
    "2024-01-01T23:00:00Z",
    "2024-01-02T10:00:00Z",
    "2024-02-14T07:00:00Z",
    "1971-03-01T00:00:00Z",
    "2099-12-31T23:59:59Z",
];

fn settings() -> &'static (Settings, Annotator) {
    static S: OnceLock<(Settings, Annotator)> = OnceLock::new();
    S.get_or_init(|| {
        let settings = suara::config::defaults().unwrap();
        let annotator = settings.annotator().unwrap();
        (settings, annotator)
    })
}

#[derive(Debug, Clone)]
struct Table {
    /// (text, time, author) indices; author 0 is none.
    rows: Vec<(usize, usize, usize)>,
    author_column: bool,
    keep_unmatched: bool,
    english: bool,
}

fn table() -> impl Strategy<Value = Table> {
    // Narrow pools make the edge cases common: one text, one time.
    (1usize..=TEXTS.len(), 1usize..=TIMES.len(), 0usize..4)
        .prop_flat_map(|(texts, times, authors)| {
            (
                prop::collection::vec((0..texts, 0..times, 0..=authors), 1..14),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                0..TEXTS.len(),
                0..TIMES.len(),
            )
        })
        .prop_map(|(rows, author_column, keep_unmatched, english, text_shift, time_shift)| Table {
            // Shifted so that every text and time can be the only one.
            rows: rows
                .into_iter()
                .map(|(x, t, a)| ((x + text_shift) % TEXTS.len(), (t + time_shift) % TIMES.len(), a))
                .collect(),
            author_column,
            keep_unmatched,
            english,
        })
}

fn csv(t: &Table) -> String {
    let mut s =
        String::from(if t.author_column { "id,text,created_at,author\n" } else { "id,text,created_at\n" });
    for (i, &(x, time, a)) in t.rows.iter().enumerate() {
        s.push_str(&format!("{},\"{}\",{}", i + 1, TEXTS[x], TIMES[time]));
        if t.author_column {
            s.push(',');
            if a > 0 {
                s.push_str(&format!("akun{a}"));
            }
        }
        s.push('\n');
    }
    s
}

/// Every stage `run` goes through after reading, up to the PDF's input.
fn report(t: &Table) -> anyhow::Result<()> {
    let (base, annotator) = settings();
    let tmp = tempfile::tempdir()?;
    let file = tmp.path().join("posts.csv");
    std::fs::write(&file, csv(t))?;
    let mut settings = base.clone();
    settings.inputs = vec![file];
    settings.watchlist.keep_unmatched = t.keep_unmatched;
    settings.report.lang =
        if t.english { suara::report::i18n::Lang::En } else { suara::report::i18n::Lang::Id };
    let mut status = suara::status::Status::new(true);
    let (ingested, a) =
        suara::pipeline::ingest_and_annotate(&settings, annotator, t.keep_unmatched, &mut status)?;
    let model = suara::topics::fit_posts(&a.posts, &annotator.lexicon, &settings.topics);
    let aggregates =
        suara::analytics::aggregate(&a.posts, &annotator.watchlists, Some(&model), &settings.privacy)?;
    for (_, df) in aggregates.tables() {
        suara::output::table::write_csv(df, &tmp.path().join("t.csv"))?;
    }
    let manifest = suara::manifest::Manifest::new(
        settings.provenance("run", "test"),
        &ingested,
        &a.counts,
        vec![],
        vec![],
    );
    let input = suara::report::ReportInput {
        aggregates: &aggregates,
        watchlists: &annotator.watchlists,
        topics: Some(&model),
        manifest: &manifest,
        coordination: None,
    };
    let charts = suara::report::build_charts(&input, settings.report.lang)?;
    for c in &charts {
        let svg = suara::report::charts::svg(c)?;
        assert!(svg.contains("<svg"), "{} is an SVG", c.name);
        c.table()?;
    }
    suara::report::summary::document(&input, &settings.report, &charts)?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_report_of_any_small_table_is_built_without_panicking(t in table()) {
        // Every table here is valid input: an error fails the case as
        // surely as a panic.
        match std::panic::catch_unwind(|| report(&t)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                let why = format!("{e:#}");
                prop_assert!(false, "failed ({}) on\n{}", why, csv(&t));
            }
            Err(_) => prop_assert!(false, "panicked on\n{}", csv(&t)),
        }
    }
}

/// The issue's own reproduction, and its variants: every charted
/// candidate named only neutrally; one post; undated posts only.
#[test]
fn a_candidate_named_only_neutrally_builds_every_chart() {
    for rows in [
        vec![(0, 1, 1), (1, 3, 2)],
        vec![(0, 1, 1)],
        vec![(0, 0, 1), (1, 0, 2), (2, 0, 3)],
        vec![(3, 1, 1), (1, 1, 2)],
    ] {
        let t = Table { rows, author_column: true, keep_unmatched: false, english: false };
        report(&t).unwrap();
    }
}
