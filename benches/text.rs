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
use suara::posts::{Platform, Post};

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
    let a = Annotator::new(&settings).unwrap();
    let setup = t0.elapsed().as_secs_f64();
    // The Python reference's stage: post sentiment by the model alone (no
    // lexicon ensemble, no emotion).
    let mut lean = settings.clone();
    lean.sentiment.method = suara::sentiment::Method::Model;
    lean.sentiment.emotion = false;
    let lean = Annotator::new(&lean).unwrap();
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
    println!("(setup: lexicons + watchlist compile {setup:.3} s; text pool {} distinct posts)", pool.len());
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
