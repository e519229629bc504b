//! The report: charts render from fixtures (empty and one-day data too),
//! chart SVGs match their snapshots, and the PDF carries its sections in
//! both languages with numbers that are the tables' numbers.
//!
//! Snapshots live in tests/fixtures/report/; after an intended change,
//! rerun with `UPDATE_SNAPSHOTS=1` and review the diff.

use std::path::{Path, PathBuf};
use suara::report::charts::{self, Chart, Format, Line, Shape};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report").join(name)
}

fn snapshot(name: &str, got: &str) {
    let path = fixture(name);
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_SNAPSHOTS=1", path.display()));
    assert!(want == got, "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept)");
}

fn chart(name: &str, shape: Shape) -> Chart {
    Chart {
        name: name.into(),
        title: format!("Judul {name}"),
        x_label: "Tanggal".into(),
        y_label: "Unggahan".into(),
        empty_note: "Tidak ada data untuk grafik ini.".into(),
        lang: suara::report::i18n::Lang::Id,
        shape,
    }
}

fn lines(points: Vec<(i32, f64)>) -> Shape {
    let band = points.iter().map(|p| (p.0, p.1 - 1.0, p.1 + 1.0)).collect();
    Shape::Lines {
        lines: vec![Line {
            name: "Prabowo Subianto".into(),
            color: charts::PALETTE[0],
            points,
            band,
            marks: vec![],
        }],
        y: Format::Count,
        y_range: None,
        markers: vec![19_767],
    }
}

fn render(c: &Chart, dir: &Path) -> String {
    let svg = charts::render(c, dir).unwrap();
    let png = std::fs::read(dir.join(format!("{}.png", c.name))).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{} is a PNG", c.name);
    assert_eq!(&png[16..24], &[0, 0, 7, 208, 0, 0, 4, 96], "PNG at twice the SVG's 1000×560");
    assert!(svg.contains(&c.title), "the title is in the SVG");
    svg
}

#[test]
fn every_shape_renders_with_data_one_day_and_none() {
    let tmp = tempfile::tempdir().unwrap();
    let days: Vec<(i32, f64)> = (19_760..19_775).map(|d| (d, ((d * 7) % 13) as f64)).collect();
    let shapes = vec![
        ("lines", lines(days)),
        ("one_day", lines(vec![(19_767, 42.0)])),
        (
            "stacked",
            Shape::Stacked {
                rows: vec!["Anies Baswedan".into(), "Ganjar Pranowo".into()],
                parts: vec![("negatif".into(), charts::NEGATIVE), ("positif".into(), charts::POSITIVE)],
                values: vec![vec![0.25, 0.75], vec![0.6, 0.4]],
            },
        ),
        ("bars", Shape::Bars { rows: vec![("1. harga · beras · pangan".into(), 120.0, charts::POSITIVE)] }),
        (
            "heatmap",
            Shape::Heatmap {
                rows: vec!["1. debat".into(), "2. pangan".into()],
                cols: vec!["twitter".into(), "tiktok".into()],
                values: vec![vec![3.0, 0.0], vec![1.0, 9.0]],
            },
        ),
    ];
    for (name, shape) in shapes {
        let svg = render(&chart(name, shape), tmp.path());
        assert!(!svg.contains("Tidak ada data"), "{name} has data");
    }
    // The one-day chart still has dated ticks, and its point is drawn.
    let one = std::fs::read_to_string(tmp.path().join("one_day.svg")).unwrap();
    assert!(one.contains("13 Feb 24") || one.contains("14 Feb 24"), "dated axis");
    // Indonesian month names on Indonesian charts.
    let svg = std::fs::read_to_string(tmp.path().join("lines.svg")).unwrap();
    assert!(!svg.contains(" Dec ") && !svg.contains(" Aug "), "English month on an Indonesian axis");
    assert!(one.contains("<circle"), "a single point is drawn as a dot");
    for (name, shape) in [
        ("empty_lines", lines(vec![])),
        ("empty_stacked", Shape::Stacked { rows: vec![], parts: vec![], values: vec![] }),
        ("empty_bars", Shape::Bars { rows: vec![] }),
        ("empty_heatmap", Shape::Heatmap { rows: vec![], cols: vec!["x".into()], values: vec![] }),
    ] {
        let svg = render(&chart(name, shape), tmp.path());
        assert!(svg.contains("Tidak ada data untuk grafik ini."), "{name} says it is empty");
    }
}

#[test]
fn chart_svgs_match_their_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let days: Vec<(i32, f64)> = (19_760..19_768).map(|d| (d, ((d * 5) % 11) as f64)).collect();
    snapshot("lines.svg", &render(&chart("lines", lines(days)), tmp.path()));
    let heat = Shape::Heatmap {
        rows: vec!["1. debat · capres".into(), "2. harga · beras".into()],
        cols: vec!["Anies Baswedan".into(), "Prabowo Subianto".into(), "Ganjar Pranowo".into()],
        values: vec![vec![3.0, 0.0, 12.0], vec![1.0, 9.0, 4.0]],
    };
    snapshot("heatmap.svg", &render(&chart("heatmap", heat), tmp.path()));
}

/// The sample, through every stage up to the report's data.
struct Sample {
    settings: suara::config::Settings,
    annotator: suara::annotate::Annotator,
    ingested: suara::ingest::Ingested,
    annotated: suara::pipeline::Annotated,
    topics: suara::topics::TopicModel,
}

fn sample() -> Sample {
    let mut settings = suara::config::defaults().unwrap();
    settings.inputs = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")];
    let mut status = suara::status::Status::new(true);
    let annotator = settings.annotator().unwrap();
    let (ingested, annotated) =
        suara::pipeline::ingest_and_annotate(&settings, &annotator, false, &mut status).unwrap();
    let topics = suara::topics::fit_posts(&annotated.posts, &annotator.lexicon, &settings.topics);
    Sample { settings, annotator, ingested, annotated, topics }
}

#[test]
fn the_pdf_has_its_sections_and_the_tables_numbers_in_both_languages() {
    use suara::report::{ReportInput, ReportSettings, i18n::Lang, pdf, summary};
    let s = sample();
    let a = &s.annotated;
    let wl = &s.annotator.watchlists;
    let aggregates = suara::analytics::aggregate(&a.posts, wl, Some(&s.topics), &s.settings.privacy).unwrap();

    let mut manifest = suara::manifest::Manifest::new(
        s.settings.provenance("run", "test"),
        &s.ingested,
        &a.counts,
        vec![],
        vec![],
    );
    manifest.watchlists = wl.sources.clone();
    manifest.sentiment = Some(s.annotator.sentiment.report());
    manifest.topics = Some(s.topics.report.clone());
    let input = ReportInput {
        aggregates: &aggregates,
        watchlists: wl,
        topics: Some(&s.topics),
        manifest: &manifest,
        coordination: None,
    };

    // The numbers the summary must quote, counted here from the posts.
    let posts = a.posts.len();
    let busiest = {
        let mut per_day = std::collections::BTreeMap::<i64, usize>::new();
        for p in a.posts.iter().filter_map(|s| s.post.created_at) {
            *per_day.entry(p.div_euclid(86_400)).or_default() += 1;
        }
        per_day.values().copied().max().unwrap()
    };
    for (lang, sections) in [
        (
            Lang::Id,
            [
                "Daftar isi",
                "Ringkasan eksekutif",
                "Topik",
                "Metodologi",
                "Lampiran: reproduktibilitas",
                "Halaman",
            ],
        ),
        (
            Lang::En,
            ["Contents", "Executive summary", "Topics", "Methodology", "Appendix: reproducibility", "Page"],
        ),
    ] {
        let number = |n: usize| summary::int(lang, n as u64);
        let settings = ReportSettings { lang, ..Default::default() };
        let charts = suara::report::build_charts(&input, lang).unwrap();
        assert_eq!(charts.len(), 9, "nine charts");
        if lang == Lang::Id {
            // The volume chart's numbers are the posts: per candidate, its
            // daily points add up to the dated posts naming it.
            let volume = charts.iter().find(|c| c.name == "volume").unwrap();
            let Shape::Lines { lines, .. } = &volume.shape else { panic!("volume is a line chart") };
            for l in lines {
                let t = wl.targets.iter().position(|t| t.label == l.name).unwrap();
                let want = a
                    .posts
                    .iter()
                    .filter(|s| {
                        s.post.created_at.is_some() && s.notes.mentions.iter().any(|m| m.target as usize == t)
                    })
                    .count();
                assert_eq!(l.points.iter().map(|p| p.1).sum::<f64>() as usize, want, "{}", l.name);
            }
            // Chart tables, snapshotted: what each chart draws.
            let dir = tempfile::tempdir().unwrap();
            for name in ["composition", "topic_target"] {
                let c = charts.iter().find(|c| c.name == name).unwrap();
                let path = dir.path().join(format!("{name}.csv"));
                suara::output::table::write_csv(&c.table().unwrap(), &path).unwrap();
                snapshot(&format!("chart_{name}.csv"), &std::fs::read_to_string(&path).unwrap());
            }
        }
        let data = summary::document(&input, &settings, &charts).unwrap();
        let svgs: Vec<(String, String)> = charts
            .iter()
            .map(|c| {
                let dir = tempfile::tempdir().unwrap();
                (c.name.clone(), charts::render(c, dir.path()).unwrap())
            })
            .collect();
        let doc = pdf::typeset(include_str!("../src/report/template.typ"), &data.to_string(), &svgs).unwrap();
        let pages = pdf::page_texts(&doc);
        let all = pages.join("\n");
        for s in sections {
            assert!(all.contains(s), "{lang:?}: no {s:?} in the PDF");
        }
        assert!(pages.len() >= 12, "cover, contents, summary, nine charts and more: {} pages", pages.len());
        assert!(pages.iter().all(|p| !p.trim().is_empty()), "no empty page");
        let summary: Vec<String> = serde_json::from_value(data["summary"].clone()).unwrap();
        assert!(summary[0].starts_with(&number(posts)), "{:?} opens with the post count {posts}", summary[0]);
        assert!(summary.iter().any(|x| x.contains(&number(busiest))), "the busiest day's {busiest} posts");
        // Summary sentences are typeset as written.
        assert!(all.contains(summary[1].split(' ').next().unwrap()));
        let other = if lang == Lang::Id { "Executive summary" } else { "Ringkasan eksekutif" };
        assert!(!all.contains(other), "{lang:?} report holds the other language's heading");
    }
}
