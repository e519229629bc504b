//! Per-post stage throughput on 1 M posts, with peak RSS: the text stage
//! and watchlist match alone (tokenise, normalise, language id, pemilu-2024
//! matcher), then every per-post stage (adding post and per-target
//! sentiment, emotion and the `why` explanation); sentiment's own rate is
//! derived from the two. Run with `cargo bench --bench text`;
//! `SUARA_BENCH_N` sets the size. The posts are real texts when
//! ../shared/data is present (SmSA, EmoT, vaccine tweets, cycled), else a
//! few synthetic ones.

mod common;
use common::peak_rss_mb;

use std::time::Instant;
use suara::annotate::Annotator;
use suara::core::{Platform, Post};

fn main() {
    let n: usize = std::env::var("SUARA_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let pool = real_texts().unwrap_or_else(synthetic_texts);
    let posts: Vec<Post> = (0..n)
        .map(|i| Post {
            post_id: i.to_string(),
            platform: Platform::Twitter,
            ..Post::bare(&pool[i % pool.len()])
        })
        .collect();
    let bytes: usize = posts.iter().map(|p| p.text.len()).sum();
    let settings = suara::config::defaults().unwrap();
    let t0 = Instant::now();
    let a = settings.annotator().unwrap();
    let setup = t0.elapsed().as_secs_f64();
    // The Python reference's stage: post sentiment by the model alone (no
    // lexicon ensemble, no emotion).
    let mut lean = settings.clone();
    lean.sentiment.method = suara::sentiment::Method::Model;
    lean.sentiment.emotion = false;
    let lean = lean.annotator().unwrap();
    println!("| stages | threads | posts | MB text | seconds | posts/s | matched | peak RSS MB |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let text_only = |p: &Post,
                     s: &mut (
        suara::text::Tokens,
        suara::watchlist::matcher::Scratch,
        Vec<suara::watchlist::Mention>,
    )| {
        suara::text::analyze(&p.text, &a.lexicon, &mut s.0);
        a.matcher.find(&p.text, &s.0, &mut s.1, &mut s.2);
        !s.2.is_empty()
    };
    let mut rates = Vec::new();
    for threads in [1, rayon::current_num_threads()] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        for stages in ["text+watchlist", "all per-post", "all, model-only sentiment"] {
            // Best of three: the machine is shared and its timing noisy.
            let mut secs = f64::MAX;
            let mut matched = 0;
            for _ in 0..3 {
                let t = Instant::now();
                matched = if stages == "all per-post" {
                    pool.install(|| a.annotate_all(&posts, true)).iter().filter(|x| x.matched()).count()
                } else if stages.starts_with("all, model") {
                    pool.install(|| lean.annotate_all(&posts, true)).iter().filter(|x| x.matched()).count()
                } else {
                    use rayon::prelude::*;
                    pool.install(|| {
                        posts
                            .par_iter()
                            .map_init(Default::default, |s, p| text_only(p, s))
                            .filter(|m| *m)
                            .count()
                    })
                };
                secs = secs.min(t.elapsed().as_secs_f64());
            }
            rates.push((threads, stages, n as f64 / secs));
            println!(
                "| {stages} | {threads} | {n} | {:.0} | {secs:.3} | {:.0} | {matched} | {:.0} |",
                bytes as f64 / 1e6,
                n as f64 / secs,
                peak_rss_mb()
            );
        }
    }
    for threads in [1, rayon::current_num_threads()] {
        let r = |st: &str| rates.iter().find(|x| x.0 == threads && x.1 == st).unwrap().2;
        let alone = |st: &str| 1.0 / (1.0 / r(st) - 1.0 / r("text+watchlist"));
        println!(
            "{threads} thread(s), derived: sentiment + emotion + why alone {:.0} posts/s; model-only sentiment + why alone {:.0} posts/s",
            alone("all per-post"),
            alone("all, model-only sentiment")
        );
    }
    // Sentiment alone, measured directly: tokens, language and mentions of
    // the first 200 k posts are computed first, then only
    // `Sentiment::analyze` (post + per-target sentiment, emotion, `why`) is
    // timed, as `run` calls it (one scratch per thread).
    let m = n.min(200_000);
    let prepared = prepare(&a, &posts[..m]);
    println!("\n| sentiment stage alone | threads | posts | seconds | posts/s |");
    println!("|---|---:|---:|---:|---:|");
    for (label, ann) in [("default: ensemble + emotion + why", &a), ("model only + why", &lean)] {
        for threads in [1, rayon::current_num_threads()] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let mut secs = f64::MAX;
            for _ in 0..3 {
                let t = Instant::now();
                let positive = pool.install(|| score_prepared(ann, &posts, &prepared));
                secs = secs.min(t.elapsed().as_secs_f64());
                std::hint::black_box(positive);
            }
            println!("| {label} | {threads} | {m} | {secs:.3} | {:.0} |", m as f64 / secs);
        }
    }
    // The rows above meet each word many times (the pool is cycled). Worst
    // case for the word caches: every distinct text once, fresh models.
    let distinct = &posts[..pool.len().min(n)];
    let prepared = prepare(&a, distinct);
    let cold = settings.annotator().unwrap();
    let t = Instant::now();
    std::hint::black_box(score_prepared(&cold, distinct, &prepared));
    let secs = t.elapsed().as_secs_f64();
    println!(
        "| default, each distinct text once, cold caches | {} | {} | {secs:.3} | {:.0} |",
        rayon::current_num_threads(),
        distinct.len(),
        distinct.len() as f64 / secs
    );
    println!("(setup: lexicons + watchlist compile {setup:.3} s; text pool {} distinct posts)", pool.len());
}

type Prepared = (suara::text::Tokens, suara::text::Lang, Vec<suara::watchlist::Mention>);

/// The text stage's and matcher's output for each post.
fn prepare(a: &Annotator, posts: &[Post]) -> Vec<Prepared> {
    use rayon::prelude::*;
    posts
        .par_iter()
        .map_init(suara::watchlist::matcher::Scratch::default, |s, p| {
            let mut t = suara::text::Tokens::default();
            let lang = suara::text::analyze(&p.text, &a.lexicon, &mut t);
            let mut mentions = Vec::new();
            a.matcher.find(&p.text, &t, s, &mut mentions);
            t.fold_forms(&a.lexicon);
            (t, lang, mentions)
        })
        .collect()
}

/// Runs the sentiment stage over prepared posts; returns how many came out
/// positive (so the work cannot be optimised away).
fn score_prepared(a: &Annotator, posts: &[Post], prepared: &[Prepared]) -> usize {
    use rayon::prelude::*;
    thread_local! {
        static SCRATCH: std::cell::RefCell<suara::sentiment::Scratch> = std::cell::RefCell::default();
    }
    prepared
        .par_iter()
        .enumerate()
        .with_min_len(256)
        .filter(|(i, (t, lang, mentions))| {
            SCRATCH.with_borrow_mut(|s| {
                a.sentiment.analyze(&posts[*i].text, t, *lang, mentions, &a.lexicon, s).post.label == 2
            })
        })
        .count()
}

fn real_texts() -> Option<Vec<String>> {
    let base = std::env::var("SUARA_SHARED_DATA")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data").into());
    let smsa = std::fs::read_to_string(format!(
        "{base}/indonlu-smsa/dataset/smsa_doc-sentiment-prosa/train_preprocess.tsv"
    ))
    .ok()?;
    let mut out: Vec<String> =
        smsa.lines().filter_map(|l| l.rsplit_once('\t').map(|(t, _)| t.to_string())).collect();
    for (file, col) in [
        ("indonlu-emot/dataset/emot_emotion-twitter/train_preprocess.csv", "tweet"),
        ("id-vaksin2021-tweets-hyuto/data/sample-data.csv", "content"),
    ] {
        let mut r = csv::Reader::from_path(format!("{base}/{file}")).ok()?;
        let i = r.headers().ok()?.iter().position(|h| h == col)?;
        out.extend(r.records().filter_map(|x| x.ok().map(|x| x[i].to_string())));
    }
    Some(out)
}

fn synthetic_texts() -> Vec<String> {
    [
        "Debat capres semalam seru banget, Anies keren tapi Prabowo gemoy 😂 #PrabowoGibran2024",
        "gak ada yg bisa dipercaya, semua janji palsu @kpu_ri https://t.co/x",
        "Semoga lancar semuanya, amin ya Allah 🙏",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}
