//! Normalise + tokenise + language id + watchlist match throughput on 1 M
//! posts (the built-in pemilu-2024 watchlist), with peak RSS. Run with
//! `cargo bench --bench text`. `SUARA_BENCH_N` sets the size. The posts
//! are real texts when ../shared/data is present (SmSA, EmoT, vaccine
//! tweets, cycled), else the synthetic generator's.

use std::time::Instant;
use suara::annotate::Annotator;
use suara::posts::{Kind, Platform, Post};

fn main() {
    let n: usize = std::env::var("SUARA_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let pool = real_texts().unwrap_or_else(synthetic_texts);
    let posts: Vec<Post> = (0..n)
        .map(|i| Post {
            post_id: i.to_string(),
            platform: Platform::Twitter,
            kind: Kind::Post,
            author: None,
            created_at: None,
            text: pool[i % pool.len()].clone(),
            likes: None,
            shares: None,
            comments: None,
            views: None,
            source_lang: None,
            url: None,
            parent_id: None,
            source_file: 0,
            source_line: 0,
        })
        .collect();
    let bytes: usize = posts.iter().map(|p| p.text.len()).sum();
    let settings = suara::config::defaults().unwrap();
    let t0 = Instant::now();
    let a = Annotator::new(&settings).unwrap();
    let setup = t0.elapsed().as_secs_f64();
    println!("| threads | posts | MB text | seconds | posts/s | matched | peak RSS MB |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for threads in [1, rayon::current_num_threads()] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        // Best of three: the machine is shared and its timing noisy.
        let mut secs = f64::MAX;
        let mut notes = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            notes = pool.install(|| a.annotate_all(&posts));
            secs = secs.min(t.elapsed().as_secs_f64());
        }
        let matched = notes.iter().filter(|x| x.matched()).count();
        println!(
            "| {threads} | {n} | {:.0} | {secs:.3} | {:.0} | {matched} | {:.0} |",
            bytes as f64 / 1e6,
            n as f64 / secs,
            peak_rss_mb()
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

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}
