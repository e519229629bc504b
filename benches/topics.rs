//! Topic stage throughput and memory: corpus building (tokens, stems,
//! bigrams, vocabulary) plus k-means fit and assignment, on the posts of a
//! real export. `cargo bench --bench topics`.
//!
//! Environment:
//! - `SUARA_BENCH_INPUT`: the export to read (default: the Python
//!   reference corpus, `/tmp/suara-pyref/posts_1000000.csv`).
//! - `SUARA_BENCH_ALL=1`: topics over every post, not only the posts that
//!   name a watchlist target (to time a million posts).
//! - `SUARA_BENCH_K`: a fixed K (default `auto`).
//! - `SUARA_TOPICS_DUMP=DIR`: also write the tokenised corpus
//!   (`corpus.txt`, one post per line, multi-word terms joined by `_`) and
//!   the top-10 terms per topic (`suara_topics.txt`) for
//!   `tools/topics_compare.py`, which runs gensim on the same corpus.

mod common;
use common::peak_rss_mb;

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;
use suara::topics::{self, TopicCount, vocab};

fn main() {
    let input =
        std::env::var("SUARA_BENCH_INPUT").unwrap_or_else(|_| "/tmp/suara-pyref/posts_1000000.csv".into());
    if !std::path::Path::new(&input).exists() {
        eprintln!(
            "topics bench: {input} not found; build it with ../shared/bench/python-reference/run_bench.sh or set SUARA_BENCH_INPUT"
        );
        return;
    }
    let all = std::env::var("SUARA_BENCH_ALL").is_ok_and(|v| v == "1");
    let mut settings = suara::config::defaults().unwrap();
    settings.inputs = vec![PathBuf::from(&input)];
    if let Some(k) = std::env::var("SUARA_BENCH_K").ok().and_then(|v| v.parse().ok()) {
        settings.topics.k = TopicCount::Fixed(k);
    }
    let mut status = suara::status::Status::new(true);
    let annotator = settings.annotator().unwrap();
    let (_, a) = suara::pipeline::ingest_and_annotate(&settings, &annotator, all, &mut status).unwrap();
    let masked: Vec<Vec<(u32, u32)>> = a
        .posts
        .iter()
        .map(|s| s.notes.mentions.iter().map(|m| (m.byte_start, m.byte_end)).collect())
        .collect();
    let docs: Vec<vocab::DocInput> = a
        .posts
        .iter()
        .zip(&masked)
        .map(|(s, m)| vocab::DocInput { text: &s.post.text, lang: s.notes.lang, masked: m })
        .collect();
    let rss_before = peak_rss_mb();

    // Best of three (the machine is shared); the result is the same each time.
    let stop = vocab::Stoplist::builtin();
    let (mut t_corpus, mut t_fit) = (f64::MAX, f64::MAX);
    let mut built = None;
    for _ in 0..3 {
        let t = Instant::now();
        let (corpus, presence) = topics::corpus_and_presence(&docs, &annotator.lexicon, &stop);
        t_corpus = t_corpus.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let model = topics::fit_corpus(&corpus, &presence, &settings.topics);
        t_fit = t_fit.min(t.elapsed().as_secs_f64());
        if let Some((_, m)) = &built {
            assert_eq!(m, &model, "the same corpus gave different topics");
        }
        built = Some((corpus, model));
    }
    let (corpus, model) = built.unwrap();
    let r = &model.report;
    let total = t_corpus + t_fit;
    println!(
        "| input | threads | posts | vocabulary | K | corpus s | fit+assign s | total s | posts/s | NPMI | diversity | peak RSS MB (before topics) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {} | {} | {} | {} | {t_corpus:.2} | {t_fit:.2} | {total:.2} | {:.0} | {:.3} | {:.3} | {:.0} ({rss_before:.0}) |",
        std::path::Path::new(&input).file_name().unwrap().to_string_lossy(),
        rayon::current_num_threads(),
        docs.len(),
        r.vocabulary,
        r.k,
        docs.len() as f64 / total,
        r.npmi,
        r.diversity,
        peak_rss_mb()
    );
    for c in &r.k_candidates {
        println!(
            "auto K candidate: K={:>2} NPMI {:+.3} (over posts {:+.3}) coverage {:.3} diversity {:.3} quality {:+.4}",
            c.k, c.npmi, c.npmi_posts, c.coverage, c.diversity, c.quality
        );
    }
    println!("final fit: {} iterations on {} posts", r.iterations, r.posts_fitted);
    for t in &model.topics {
        println!("topic {:>2} ({:>6} posts, NPMI {:+.3}): {}", t.id, t.size, t.npmi, t.label);
    }
    if let Ok(dir) = std::env::var("SUARA_TOPICS_DUMP") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let term = |i: u32| corpus.terms[i as usize].replace(' ', "_");
        let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("corpus.txt")).unwrap());
        for d in 0..corpus.n_docs() {
            let (ids, counts) = corpus.row(d);
            let words: Vec<String> = ids
                .iter()
                .zip(counts)
                .flat_map(|(&i, &c)| std::iter::repeat_n(term(i), c as usize))
                .collect();
            writeln!(out, "{}", words.join(" ")).unwrap();
        }
        let assigned: Vec<String> =
            model.assignment.iter().map(|a| a.map_or("-".to_string(), |t| t.to_string())).collect();
        std::fs::write(dir.join("assignment.txt"), assigned.join("\n") + "\n").unwrap();
        let mut out = std::fs::File::create(dir.join("suara_topics.txt")).unwrap();
        for t in &model.topics {
            let words: Vec<String> =
                t.terms.iter().take(topics::QUALITY_TERMS).map(|(w, _)| w.replace(' ', "_")).collect();
            writeln!(out, "{}", words.join(" ")).unwrap();
        }
        println!("wrote {}/corpus.txt and suara_topics.txt (K = {})", dir.display(), r.k);
    }
}
