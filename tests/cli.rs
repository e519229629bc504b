//! End to end: the `suara` binary as cron and users' scripts run it.

mod common;
use common::THEMES;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn suara(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_suara")).current_dir(dir).args(args).output().expect("suara runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path).unwrap().records().map(Result::unwrap).collect()
}

/// A config next to the sample (paths relative to the config file).
fn sample_config(dir: &Path, extra: &str) -> PathBuf {
    let cfg = dir.join("suara.toml");
    let sample = repo().join("datasets/sample");
    std::fs::write(
        &cfg,
        format!("[input]\npaths = [\"{}\"]\n[privacy]\nsalt = \"test-salt\"\n{extra}", sample.display()),
    )
    .unwrap();
    cfg
}

#[test]
fn run_on_the_sample_writes_balanced_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "");
    let out = tmp.path().join("out");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    // The sample holds deliberately broken rows: finished, but partial.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = json(&out.join("manifest.json"));
    let c = &m["counts"];
    let n = |k: &str| c[k].as_u64().unwrap();
    assert_eq!(n("read"), n("kept") + n("rejected") + n("duplicates"));
    assert_eq!(c["balanced"], true);
    // The generator's own count of what it wrote (datasets/sample/README.md):
    // 5 broken rows, and 60 tweets present in both X exports.
    assert_eq!((n("read"), n("kept"), n("rejected"), n("duplicates")), (4462, 4397, 5, 60), "{c}");
    // run keeps the posts that name a watchlist target; the rest are counted.
    let a = &m["analysis"];
    assert_eq!(a["matched"].as_u64().unwrap() + a["unmatched"].as_u64().unwrap(), n("kept"));
    let posts = csv_rows(&out.join("tables/posts.csv"));
    assert_eq!(posts.len() as u64, a["posts_written"].as_u64().unwrap());
    assert_eq!(posts.len() as u64, a["matched"].as_u64().unwrap());
    assert!(posts.len() > 2000 && (posts.len() as u64) < n("kept"), "the sample holds off-topic posts too");
    let rejects = csv_rows(&out.join("rejects.csv"));
    assert_eq!(rejects.len() as u64, n("rejected"));
    for r in &rejects {
        assert!(!r[2].is_empty(), "every reject has a reason: {r:?}");
    }
    // Authors are pseudonymised: 16 hex digits, never a handle.
    let header = csv::Reader::from_path(out.join("tables/posts.csv")).unwrap().headers().unwrap().clone();
    let ah = header.iter().position(|h| h == "author_hash").unwrap();
    assert!(
        posts
            .iter()
            .all(|r| r[ah].is_empty() || (r[ah].len() == 16 && r[ah].bytes().all(|b| b.is_ascii_hexdigit())))
    );
    assert!(out.join("tables/posts.parquet").metadata().unwrap().len() > 0);
    // Every mention points at its text: the character span is the matched text.
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let texts: std::collections::HashMap<&str, &str> =
        posts.iter().map(|r| (&r[0], &r[col("text")])).collect();
    let tg = col("targets");
    assert!(posts.iter().all(|r| !r[tg].is_empty()), "every kept post names a target");
    let mentions = csv_rows(&out.join("tables/mentions.csv"));
    assert_eq!(mentions.len() as u64, a["mentions"].as_u64().unwrap());
    for r in &mentions {
        let text = texts[&r[0]].trim_start_matches('\'');
        let (s, e): (usize, usize) = (r[4].parse().unwrap(), r[5].parse().unwrap());
        let span: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(span, r[6].trim_start_matches('\''), "mention {r:?}");
    }
    assert_eq!(m["inputs"].as_array().unwrap().len(), 5);
    assert!(m["inputs"].as_array().unwrap().iter().all(|f| f["sha256"].as_str().unwrap().len() == 64));
    // The manifest's label counts are the posts table's, and every label
    // is one of the three.
    let s = col("sentiment");
    for (label, key) in [("negative", "negative"), ("neutral", "neutral"), ("positive", "positive")] {
        let in_table = posts.iter().filter(|r| &r[s] == label).count() as u64;
        assert_eq!(in_table, a["sentiment"][key].as_u64().unwrap(), "{label}");
    }
    assert!(posts.iter().all(|r| ["negative", "neutral", "positive"].contains(&&r[s])));
    // The manifest names the model in use and its recorded figures.
    let models = m["sentiment"]["models"].as_array().unwrap();
    assert!(models.iter().any(|x| x["id"].as_str().unwrap().starts_with("sentiment-id@")));
    assert!(models.iter().all(|x| !x["figures"].as_array().unwrap().is_empty()));
    // Every post with usable terms has a topic; the manifest counts the rest.
    let t = &m["topics"];
    let (tid, tl) = (col("topic_id"), col("topic_label"));
    let untopical = posts.iter().filter(|r| r[tid].is_empty()).count() as u64;
    assert_eq!(untopical, t["posts_without_terms"].as_u64().unwrap());
    assert!(untopical * 20 < posts.len() as u64, "{untopical} posts without a topic");
    let topics = csv_rows(&out.join("tables/topics.csv"));
    assert_eq!(topics.len() as u64, t["k"].as_u64().unwrap());
    let sizes: u64 = topics.iter().map(|r| r[3].parse::<u64>().unwrap()).sum();
    assert_eq!(sizes + untopical, posts.len() as u64, "topic sizes add up to the posts table");
    for r in posts.iter().filter(|r| !r[tid].is_empty()) {
        let topic = &topics[r[tid].parse::<usize>().unwrap() - 1];
        assert_eq!(&r[tl], &topic[1], "a post's label is its topic's");
    }
    let terms = csv_rows(&out.join("tables/topic_terms.csv"));
    assert!(topics.iter().all(|tp| terms.iter().filter(|r| r[0] == tp[0]).count() >= 10));
    // Daily counts add up to the dated posts with a topic.
    let daily = csv_rows(&out.join("tables/topic_daily.csv"));
    let ca = col("created_at");
    let dated = posts.iter().filter(|r| !r[tid].is_empty() && !r[ca].is_empty()).count() as u64;
    assert_eq!(daily.iter().map(|r| r[2].parse::<u64>().unwrap()).sum::<u64>(), dated);
}

#[test]
fn same_inputs_give_byte_identical_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    // The second run on one thread: the thread count must not show.
    for (out, threads) in [(&a, "2"), (&b, "1")] {
        Command::new(env!("CARGO_BIN_EXE_suara"))
            .current_dir(tmp.path())
            .env("RAYON_NUM_THREADS", threads)
            .args(["run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .output()
            .expect("suara runs");
    }
    for f in [
        "tables/posts.csv",
        "tables/posts.parquet",
        "tables/topics.csv",
        "tables/topic_terms.csv",
        "tables/topic_daily.csv",
        "tables/volume_daily.csv",
        "tables/events.csv",
        "charts/volume.svg",
        "charts/volume.png",
        "charts/topic_target.svg",
        "report-data.json",
        "report.pdf",
        "rejects.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

#[test]
fn default_output_goes_to_a_run_dir_and_latest_points_at_it() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "[output]\ndir = \"reps\"\n");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let latest = tmp.path().join("reps/latest");
    assert!(latest.join("manifest.json").exists(), "latest must point at a complete run");
    let entries: Vec<_> =
        std::fs::read_dir(tmp.path().join("reps")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(
        !entries.iter().any(|n| n.to_string_lossy().contains(".tmp")),
        "no staging dir left: {entries:?}"
    );
}

#[test]
fn no_usable_input_fails_with_exit_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = repo().join("tests/fixtures/ingest/bad");
    let out = tmp.path().join("out");
    let o = suara(
        tmp.path(),
        &[
            "run",
            "--out",
            out.to_str().unwrap(),
            bad.join("empty.csv").to_str().unwrap(),
            bad.join("garbage.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no usable input"), "{}", stderr(&o));
    assert!(!out.exists(), "a failed run must leave no output");
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none(), "nor a staging directory");
}

#[test]
fn unknown_config_key_names_file_line_and_nearest_key() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("suara.toml");
    std::fs::write(&cfg, "[input]\npreset = \"auto\"\npathz = [\"x\"]\n").unwrap();
    let o = suara(tmp.path(), &["run"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("suara.toml:3:1"), "{err}");
    assert!(err.contains("did you mean `paths`"), "{err}");
}

#[test]
fn init_writes_a_working_config_with_its_own_salt() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for d in [&a, &b] {
        let o = suara(tmp.path(), &["init", d.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let salt = |d: &Path| {
        let t: toml::Table = toml::from_str(&std::fs::read_to_string(d.join("suara.toml")).unwrap()).unwrap();
        t["privacy"]["salt"].as_str().unwrap().to_string()
    };
    assert_eq!(salt(&a).len(), 32);
    assert_ne!(salt(&a), salt(&b), "each init draws a fresh salt");
    let again = suara(tmp.path(), &["init", a.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "init never overwrites a config");
}

#[test]
fn inspect_names_presets_and_json_is_one_document() {
    let fx = repo().join("tests/fixtures/ingest");
    let o = suara(
        &fx,
        &[
            "inspect",
            "--json",
            "tweet_harvest/debat_capres_2023-12_pandas.csv",
            "crowdtangle",
            "bad/empty.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "one input is rejected: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files[0]["preset"], "tweet-harvest");
    assert!(files[0]["preset_reason"].as_str().unwrap().contains("full_text"));
    assert_eq!(files[0]["repairs"]["lossy_ids"], 8);
    assert!(files[1..4].iter().all(|f| f["preset"] == "crowdtangle"));
    assert!(files[4]["error"].as_str().unwrap().contains("empty"));
    let text = suara(&fx, &["inspect", "twitter_r"]);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(out.contains("preset     twitter-r"), "{out}");
    assert!(out.contains("windows-1252"), "{out}");
}

#[test]
fn run_counts_posts_without_a_timestamp_in_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("mine.csv"),
        "isi\nPrabowo kampanye di Bandung\nAnies debat malam ini\ncuaca cerah hari ini\n",
    )
    .unwrap();
    let cfg = tmp.path().join("suara.toml");
    std::fs::write(
        &cfg,
        "[input]\npaths = [\"mine.csv\"]\n[input.columns]\ntext = \"isi\"\n[privacy]\nsalt = \"s\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = json(&out.join("manifest.json"));
    // All three kept posts are undated, the off-topic one too.
    assert_eq!(m["analysis"]["undated"], 3, "{}", m["analysis"]);
    let notes: Vec<&str> = m["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.starts_with("3 posts have no timestamp")), "{notes:?}");
}

#[test]
fn score_maps_a_generic_table_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("mine.tsv");
    std::fs::write(&input, "nomor\tisi\twaktu\n1\tsatu\t2024-02-14 10:00\n2\tdua\t2024-02-14 11:00\n")
        .unwrap();
    let out = tmp.path().join("scored.csv");
    let o = suara(
        tmp.path(),
        &[
            "score",
            "--text-col",
            "isi",
            "--id-col",
            "nomor",
            "--time-col",
            "waktu",
            "--out",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "1");
    assert_eq!(&rows[1][4], "2024-02-14T11:00:00Z");
    let pq = tmp.path().join("scored.parquet");
    let o = suara(
        tmp.path(),
        &["score", "--text-col", "isi", "--out", pq.to_str().unwrap(), input.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(pq.metadata().unwrap().len() > 0);
}

#[test]
fn a_run_where_no_post_names_a_target_still_writes_a_readable_report() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("posts.csv"),
        "id,text,created_at\n1,halo apa kabar semua,2024-01-01T10:00:00Z\n2,makan siang enak sekali,2024-01-02T10:00:00Z\n",
    )
    .unwrap();
    let cfg = tmp.path().join("suara.toml");
    std::fs::write(
        &cfg,
        "[input]\npaths = [\"posts.csv\"]\npreset = \"generic\"\n[input.columns]\ntext = \"text\"\nid = \"id\"\ncreated_at = \"created_at\"\n[privacy]\nsalt = \"t\"\n[report]\nlang = \"en\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("no post names a watchlist target"), "{}", stderr(&o));
    assert!(std::fs::read(out.join("report.pdf")).unwrap().starts_with(b"%PDF-"));
    let svg = std::fs::read_to_string(out.join("charts/volume.svg")).unwrap();
    assert!(svg.contains("No data for this chart."), "an empty chart says so");
    let data = json(&out.join("report-data.json"));
    assert_eq!(data["summary"][0], "No post names a watchlist target.");
}

#[test]
fn a_second_run_on_the_same_reports_is_refused_while_the_first_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "[output]\ndir = \"reps\"\n");
    let mut first = Command::new(env!("CARGO_BIN_EXE_suara"))
        .current_dir(tmp.path())
        .args(["run", "--config", cfg.to_str().unwrap()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lock = tmp.path().join("reps/.suara.lock");
    let t0 = std::time::Instant::now();
    while !lock.exists() && t0.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(lock.exists(), "the first run takes the lock");
    let second = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap()]);
    let status = first.wait().unwrap();
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(stderr(&second).contains("another suara run"), "{}", stderr(&second));
    // Who holds it is the whole story: the folder is writable.
    assert!(!stderr(&second).contains("writable"), "{}", stderr(&second));
    assert_eq!(status.code(), Some(1), "the first run finishes (partial: the sample's broken rows)");
    assert!(!lock.exists(), "the lock is released");
    let runs: Vec<_> = std::fs::read_dir(tmp.path().join("reps"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "latest" && !n.starts_with('.'))
        .collect();
    assert_eq!(runs.len(), 1, "only the first run wrote a report: {runs:?}");
}

#[test]
fn check_is_a_dry_run_that_names_what_would_fail() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "[output]\ndir = \"reps\"\n");
    let o = suara(tmp.path(), &["check", "--config", cfg.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert_eq!(out.lines().filter(|l| l.starts_with("ok   input:")).count(), 5, "{out}");
    assert!(
        out.contains(
            "youtube-comments.json.gz (gzip, json, utf-8; youtube-comments; first 640 records: 640 usable"
        ),
        "{out}"
    );
    assert!(out.contains("a run can start"));
    assert!(!tmp.path().join("reps").exists(), "check writes nothing, not even the output folder");
    // A missing input and an unreadable file are named; exit 2.
    std::fs::write(tmp.path().join("empty.csv"), b"").unwrap();
    let o = suara(tmp.path(), &["check", "--config", cfg.to_str().unwrap(), "empty.csv", "missing.csv"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("FAIL inputs") && out.contains("missing.csv"), "{out}");
}

#[test]
fn json_logs_are_one_object_per_line_errors_included() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "[report]\nenabled = false\n");
    let out = tmp.path().join("out");
    let o = suara(
        tmp.path(),
        &["--log-format", "json", "run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stderr(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    assert!(lines.len() >= 4, "{lines:?}");
    assert!(
        lines.iter().all(|l| l["level"].is_string() && l["msg"].is_string() && l["elapsed_s"].is_number())
    );
    assert!(lines.iter().any(|l| l["msg"].as_str().unwrap().starts_with("done in")));
    assert!(!out.join("report.pdf").exists(), "[report] enabled = false writes no PDF");
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[inptu]\n").unwrap();
    let o = suara(tmp.path(), &["--log-format", "json", "run", "--config", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let line: serde_json::Value = serde_json::from_str(stderr(&o).trim()).unwrap();
    assert_eq!(line["level"], "error");
    assert!(line["msg"].as_str().unwrap().contains("did you mean `input`"), "{line}");
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    v.sort();
    v
}

/// Runs `suara run` with a config and extra arguments; returns the output.
fn run_with(dir: &Path, cfg: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["run", "--config", cfg.to_str().unwrap()];
    args.extend_from_slice(extra);
    suara(dir, &args)
}

/// A config reading `inputs` (a folder), with the sample's salt.
fn folder_config(dir: &Path, inputs: &Path, extra: &str) -> PathBuf {
    let cfg = dir.join("suara.toml");
    std::fs::write(
        &cfg,
        format!("[input]\npaths = [\"{}\"]\n[privacy]\nsalt = \"test-salt\"\n{extra}", inputs.display()),
    )
    .unwrap();
    cfg
}

const COMPARED: &[&str] = &[
    "tables/posts.csv",
    "tables/mentions.csv",
    "tables/topics.csv",
    "tables/volume_daily.csv",
    "tables/sentiment_by_target.csv",
    "rejects.csv",
    "report.pdf",
];

fn same_tables(a: &Path, b: &Path) {
    for f in COMPARED {
        assert!(std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(), "{f} differs");
    }
}

/// A CSV's rows without its `topic_*` columns.
fn without_topics(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let keep: Vec<usize> = r
        .headers()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.starts_with("topic_"))
        .map(|x| x.0)
        .collect();
    r.records().map(|x| keep.iter().map(|&i| x.as_ref().unwrap()[i].to_string()).collect()).collect()
}

/// A nightly run's tables equal a full run's, except its topics: those
/// are carried over from the night before (a full run fits them afresh).
fn same_tables_but_topics(nightly: &Path, full: &Path) {
    for f in COMPARED.iter().filter(|f| !f.contains("topics") && !f.ends_with(".pdf")) {
        if *f == "tables/posts.csv" {
            assert_eq!(without_topics(&nightly.join(f)), without_topics(&full.join(f)), "{f} differs");
        } else {
            assert!(
                std::fs::read(nightly.join(f)).unwrap() == std::fs::read(full.join(f)).unwrap(),
                "{f} differs"
            );
        }
    }
}

/// The manifest's account of a run's topics against the last run's.
fn topic_changes(report: &Path) -> serde_json::Value {
    json(&report.join("manifest.json"))["topics"]["changes"].clone()
}

#[test]
fn a_nightly_run_over_a_growing_folder_reads_only_new_files_and_equals_a_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("exports");
    std::fs::create_dir(&inputs).unwrap();
    let sample = repo().join("datasets/sample");
    let copy = |name: &str| std::fs::copy(sample.join(name), inputs.join(name)).unwrap();
    copy("x-tweet-harvest.csv");
    copy("facebook-crowdtangle.csv");
    let cfg = folder_config(tmp.path(), &inputs, "");
    let nightly = tmp.path().join("nightly");
    let o = run_with(tmp.path(), &cfg, &["--out", nightly.to_str().unwrap()]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    // The next night: three more exports, one of them compressed.
    copy("tiktok-research-videos.jsonl");
    copy("x-twitter-v2-pages.jsonl");
    copy("youtube-comments.json.gz");
    let o = run_with(tmp.path(), &cfg, &["--out", nightly.to_str().unwrap()]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("of 3 new or changed file(s)")
            && stderr(&o).contains("2 unchanged file(s) taken"),
        "{}",
        stderr(&o)
    );
    let full = tmp.path().join("full");
    let o = run_with(tmp.path(), &cfg, &["--out", full.to_str().unwrap(), "--full"]);
    assert!(stderr(&o).contains("of 5 new or changed file(s)"), "{}", stderr(&o));
    same_tables_but_topics(&nightly, &full);
    assert!(topic_changes(&nightly)["from_run"].is_string(), "{}", topic_changes(&nightly));
    assert_eq!(topic_changes(&full)["refit"], "--full", "{}", topic_changes(&full));
    let counts = |d: &Path| json(&d.join("manifest.json"))["counts"].clone();
    assert_eq!(counts(&nightly), counts(&full));

    // A changed file is read again; a corrupt state is rebuilt, not fatal.
    let mut text = std::fs::read_to_string(inputs.join("x-tweet-harvest.csv")).unwrap();
    text.truncate(text.len() / 2);
    text.truncate(text.rfind('\n').unwrap() + 1);
    std::fs::write(inputs.join("x-tweet-harvest.csv"), text).unwrap();
    let o = run_with(tmp.path(), &cfg, &["--out", nightly.to_str().unwrap()]);
    assert!(stderr(&o).contains("of 1 new or changed file(s)"), "{}", stderr(&o));
    std::fs::write(tmp.path().join(".nightly.state/index.json"), b"{ half an index").unwrap();
    let o = run_with(tmp.path(), &cfg, &["--out", nightly.to_str().unwrap()]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("corrupt") && stderr(&o).contains("of 5 new"), "{}", stderr(&o));
    let o = run_with(tmp.path(), &cfg, &["--out", full.to_str().unwrap(), "--full"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    same_tables(&nightly, &full);
}

#[test]
fn a_report_window_narrows_the_aggregates_not_the_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let all = tmp.path().join("all");
    let cfg = sample_config(tmp.path(), "");
    run_with(tmp.path(), &cfg, &["--out", all.to_str().unwrap()]);
    let cfg = sample_config(tmp.path(), "[report]\nwindow = \"7d\"\n");
    let week = tmp.path().join("week");
    let o = run_with(tmp.path(), &cfg, &["--out", week.to_str().unwrap()]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let w = json(&week.join("manifest.json"))["report_window"].clone();
    let (from, to) = (w["from"].as_str().unwrap().to_string(), w["to"].as_str().unwrap().to_string());
    assert_eq!(w["days"], 7);
    // The window ends on the latest post's day.
    let days: Vec<String> =
        csv_rows(&all.join("tables/volume_daily.csv")).iter().map(|r| r[0].to_string()).collect();
    assert_eq!(&to, days.iter().max().unwrap());
    let inside: Vec<String> =
        csv_rows(&week.join("tables/volume_daily.csv")).iter().map(|r| r[0].to_string()).collect();
    assert!(
        !inside.is_empty() && inside.iter().all(|d| *d >= from && *d <= to),
        "{inside:?} outside {from}..{to}"
    );
    assert!(inside.len() < days.len());
    assert_eq!(
        csv_rows(&week.join("tables/posts.csv")).len(),
        csv_rows(&all.join("tables/posts.csv")).len(),
        "the posts table keeps every post"
    );
    let bad = sample_config(tmp.path(), "[report]\nwindow = \"a month\"\n");
    let o = run_with(tmp.path(), &bad, &["--out", tmp.path().join("x").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("30d"), "{}", stderr(&o));
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_last_report_and_the_next_run_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "[output]\ndir = \"reps\"\n");
    let o = run_with(tmp.path(), &cfg, &[]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let reps = tmp.path().join("reps");
    let latest = || std::fs::read_link(reps.join("latest")).unwrap();
    let first = latest();
    let index = std::fs::read(reps.join(".suara-state/index.json")).unwrap();
    for ms in [30, 150, 400, 900, 1600, 2500, 5000, 9000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_suara"))
            .current_dir(tmp.path())
            .args(["run", "--full", "--config", cfg.to_str().unwrap()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever moment it died at, `latest` is a complete report and the
        // state is the last complete run's (unless the run had finished).
        let now = latest();
        assert!(reps.join(&now).join("manifest.json").exists(), "killed after {ms} ms: latest is incomplete");
        if now == first {
            assert_eq!(std::fs::read(reps.join(".suara-state/index.json")).unwrap(), index, "after {ms} ms");
        }
    }
    // The next run takes over the dead run's lock and finishes (its topics
    // carried over from the last complete run).
    std::thread::sleep(std::time::Duration::from_millis(1100)); // a new run id
    let o = run_with(tmp.path(), &cfg, &[]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    same_tables_but_topics(&reps.join(&first), &reps.join(latest()));
    assert!(topic_changes(&reps.join(latest()))["from_run"].is_string());
    // Holding the lock, the run removed what the killed ones left.
    let left: Vec<String> =
        names(&reps).into_iter().filter(|n| n.contains(".tmp") || n.ends_with(".old")).collect();
    assert!(left.is_empty(), "{left:?}");
    let state: Vec<String> =
        names(&reps.join(".suara-state")).into_iter().filter(|n| n.contains(".tmp")).collect();
    assert!(state.is_empty(), "{state:?}");
}

#[test]
fn a_full_disk_fails_with_exit_2_and_leaves_no_half_written_output() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "");
    let out = tmp.path().join("out");
    // A file-size limit stands in for a full disk: suara ignores SIGXFSZ
    // itself, so writes past it fail with EFBIG (the shell does not help:
    // no `trap` here).
    let script = format!(
        "ulimit -f 256; exec '{}' run --config '{}' --out '{}'",
        env!("CARGO_BIN_EXE_suara"),
        cfg.display(),
        out.display()
    );
    let o = Command::new("sh").current_dir(tmp.path()).args(["-c", &script]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("File too large") || stderr(&o).contains("cannot write"), "{}", stderr(&o));
    assert!(!out.exists(), "no output from a failed run");
    let left = names(tmp.path());
    assert!(left.iter().all(|n| n == "suara.toml"), "left behind: {left:?}");
}

#[test]
fn n_shards_and_a_reduce_give_the_tables_of_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "");
    let single = tmp.path().join("single");
    let o = run_with(tmp.path(), &cfg, &["--out", single.to_str().unwrap()]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let shards = tmp.path().join("shards");
    let sample = repo().join("datasets/sample");
    let mut rows = 0;
    for i in 0..3 {
        let out = shards.join(format!("part-{i}.parquet"));
        let shard = format!("{i}/3");
        let o = suara(
            tmp.path(),
            &[
                "score",
                "--config",
                cfg.to_str().unwrap(),
                "--shard",
                &shard,
                "--out",
                out.to_str().unwrap(),
                sample.to_str().unwrap(),
            ],
        );
        assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
        let df = polars::prelude::ParquetReader::new(std::fs::File::open(&out).unwrap());
        use polars::prelude::SerReader;
        let n = df.finish().unwrap().height();
        assert!(n > 0, "shard {i} is empty");
        rows += n;
    }
    let counts = json(&single.join("manifest.json"))["counts"].clone();
    assert_eq!(rows as u64, counts["kept"].as_u64().unwrap(), "the shards partition the kept posts");
    let reduced = tmp.path().join("reduced");
    let o = run_with(
        tmp.path(),
        &cfg,
        &["--scored", shards.to_str().unwrap(), "--out", reduced.to_str().unwrap()],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    same_tables(&single, &reduced);
    assert_eq!(json(&reduced.join("manifest.json"))["counts"], counts);
    // A missing shard is named, not silently skipped.
    std::fs::remove_file(shards.join("part-1.suara-shard")).unwrap();
    let o = run_with(
        tmp.path(),
        &cfg,
        &["--scored", shards.to_str().unwrap(), "--out", reduced.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("need shards 0..3"), "{}", stderr(&o));
}

#[test]
fn an_unwritable_output_or_a_missing_input_fails_with_exit_2_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = sample_config(tmp.path(), "");
    // sysfs refuses new files even to root: an output folder nobody may
    // write (tests run as root, which ignores permission bits).
    let o = run_with(tmp.path(), &cfg, &["--out", "/sys/suara-test-out"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("/sys/suara-test-out") && stderr(&o).contains("writable"), "{}", stderr(&o));
    let out = tmp.path().join("out");
    let missing = tmp.path().join("gone.csv");
    let o = run_with(tmp.path(), &cfg, &["--out", out.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("gone.csv"), "{}", stderr(&o));
    let left = names(tmp.path());
    assert_eq!(left, ["suara.toml"], "a failed run leaves nothing");
}

#[test]
fn the_manifest_config_is_what_ran_flags_included() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("in.csv"), "no,isi\n1,prabowo dan gibran\n").unwrap();
    let cfg = tmp.path().join("suara.toml");
    std::fs::write(&cfg, "[privacy]\nsalt = \"t\"\n[report]\nenabled = false\n").unwrap();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["run", "--config", cfg.to_str().unwrap(), "--out", out];
        args.extend_from_slice(extra);
        let o = suara(tmp.path(), &args);
        assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
        json(&tmp.path().join(out).join("manifest.json"))
    };
    let a = run("a", &["in.csv"]);
    let b = run("b", &["--lang", "en", "in.csv"]);
    // The command line is in the config the manifest records, and in its hash.
    assert_eq!(b["config"]["report"]["lang"], "en");
    assert_eq!(a["config"]["report"]["lang"], "id");
    let paths = b["config"]["input"]["paths"].to_string();
    assert!(paths.contains("in.csv"), "{paths}");
    assert_ne!(a["config_hash"], b["config_hash"]);
    // A flag is typed at the edge: a wrong value never reaches the run.
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--lang", "fr", "in.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use id or en"), "{}", stderr(&o));
}

#[test]
fn score_with_a_preset_keeps_the_configs_relative_paths() {
    // Regression: --preset re-checked the config with an empty base
    // directory, so paths relative to a config elsewhere broke.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("conf")).unwrap();
    std::fs::write(tmp.path().join("conf/lex.tsv"), "bagus\t3\njelek\t-3\n").unwrap();
    std::fs::write(
        tmp.path().join("conf/suara.toml"),
        "[privacy]\nsalt = \"t\"\n[sentiment]\nlexicon = [\"lex.tsv\"]\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("in.csv"), "id,text\n1,prabowo bagus\n").unwrap();
    let o = suara(
        tmp.path(),
        &[
            "score",
            "--config",
            "conf/suara.toml",
            "--preset",
            "generic",
            "--text-col",
            "text",
            "--out",
            "s.csv",
            "in.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(tmp.path().join("s.csv").exists());
}

#[test]
fn the_watchlist_formats_own_example_runs_and_rolls_up_its_group() {
    let tmp = tempfile::tempdir().unwrap();
    // CONTRACT.md's watchlist, as written there.
    std::fs::write(
        tmp.path().join("wl.toml"),
        r##"name = "pemilu-2024"
[[target]]
id = "prabowo"
label = "Prabowo Subianto"
kind = "candidate"            # candidate | pair | party | institution | issue
group = "02"                  # optional: pair / coalition this target rolls up to
aliases = ["prabowo", "@prabowo", "#prabowo", "pak prabowo", "bowo"]
exclude = []                  # phrases that look like an alias but are not
[[event]]
date = "2024-02-14"
label = "Hari pemungutan suara"
"##,
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("in.csv"),
        "id,text,created_at\n1,pak prabowo hebat,2024-02-13T10:00:00Z\n2,#prabowo menang,2024-02-14T10:00:00Z\n",
    )
    .unwrap();
    let cfg = tmp.path().join("suara.toml");
    std::fs::write(
        &cfg,
        "[privacy]\nsalt = \"t\"\n[watchlist]\nuse = [\"wl.toml\"]\n[report]\nenabled = false\n",
    )
    .unwrap();
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", "out", "in.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let groups = csv_rows(&tmp.path().join("out/tables/group_daily.csv"));
    let posts: u64 = groups.iter().filter(|r| &r[1] == "02").map(|r| r[2].parse::<u64>().unwrap()).sum();
    assert_eq!(posts, 2, "both posts roll up to group 02");
    let targets = std::fs::read_to_string(tmp.path().join("out/tables/targets.csv")).unwrap();
    assert!(targets.lines().any(|l| l.starts_with("02,02,pair")), "{targets}");
}

#[test]
fn eval_on_mixed_sentiment_and_emotion_labels_exits_2_naming_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("mixed.csv"), "text,label\nbagus sekali,positive\naku senang,happy\n")
        .unwrap();
    let o = suara(tmp.path(), &["eval", "--data", "mixed.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("mixed.csv:3:") && stderr(&o).contains("`happy`"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

/// The plain tokenisation of a post, written here apart from suara's:
/// lower-cased runs of letters and digits (anything else, `_` included,
/// separates), and those runs that follow a `#`.
fn plain(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut words, mut tags) = (BTreeSet::new(), BTreeSet::new());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
        if start > 0 && chars[start - 1] == '#' {
            tags.insert(word.clone());
        }
        words.insert(word);
    }
    (words, tags)
}

/// Whether a term occurs in a post: a word where it is one of the post's
/// words; several words where all of them are, or joined as one hashtag.
fn occurs(term: &str, post: &(BTreeSet<String>, BTreeSet<String>)) -> bool {
    let parts: Vec<&str> = term.split(' ').collect();
    parts.iter().all(|p| post.0.contains(*p)) || (parts.len() > 1 && post.1.contains(&parts.concat()))
}

/// Mean NPMI over the pairs of `terms`, counted over `posts`.
fn npmi(terms: &[&str], posts: &[(BTreeSet<String>, BTreeSet<String>)]) -> f64 {
    let n = posts.len() as f64;
    let has: Vec<Vec<bool>> = terms.iter().map(|t| posts.iter().map(|p| occurs(t, p)).collect()).collect();
    let count = |v: &[bool]| v.iter().filter(|x| **x).count() as f64;
    let mut sum = 0.0;
    let mut pairs = 0;
    for a in 0..terms.len() {
        for b in a + 1..terms.len() {
            let both: Vec<bool> = has[a].iter().zip(&has[b]).map(|(x, y)| *x && *y).collect();
            let (pa, pb, pab) = (count(&has[a]) / n, count(&has[b]) / n, count(&both) / n);
            sum += if pab == 0.0 {
                -1.0
            } else if pab == 1.0 {
                1.0
            } else {
                (pab / (pa * pb)).ln() / -pab.ln()
            };
            pairs += 1;
        }
    }
    sum / pairs as f64
}

#[test]
fn the_npmi_in_topics_csv_is_the_plain_figure_and_every_term_is_in_the_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // Every post kept, so that there are enough for several topics.
    let cfg = sample_config(tmp.path(), "[watchlist]\nkeep_unmatched = true\n[topics]\nk = 5\n");
    let o = run_with(tmp.path(), &cfg, &["--out", out.to_str().unwrap()]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let mut r = csv::Reader::from_path(out.join("tables/posts.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (text, topic) = (col("text"), col("topic_id"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let posts: Vec<_> = rows.iter().map(|x| plain(&x[text])).collect();
    let topics = csv_rows(&out.join("tables/topics.csv"));
    assert!(topics.len() >= 3, "{} topics", topics.len());
    for t in &topics {
        let (id, label, terms, written) = (&t[0], &t[1], &t[2], &t[5]);
        let terms: Vec<&str> = terms.split("; ").collect();
        assert_eq!(terms.len(), 10, "{terms:?}");
        let expected = npmi(&terms, &posts);
        let written: f64 = written.parse().unwrap();
        assert!((written - expected).abs() <= 0.00006, "topic {id}: written {written}, plain {expected:.5}");
        // Every term shown, label included, occurs in a post of its topic.
        let mine: Vec<usize> = (0..rows.len()).filter(|&i| &rows[i][topic] == id).collect();
        for term in terms.iter().chain(label.split(" · ").collect::<Vec<_>>().iter()) {
            assert!(
                mine.iter().any(|&i| occurs(term, &posts[i])),
                "topic {id}: {term:?} is in none of its posts"
            );
        }
    }
}

/// A night's export: `per_theme` posts of each theme in `themes` on each
/// of `days` (January 2024), six theme words each, drawn with `seed`.
fn night_export(path: &Path, themes: &[usize], days: &[u32], per_theme: usize, seed: u64) {
    let mut rng = suara::util::SplitMix64::new(seed);
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["id", "created_at", "text"]).unwrap();
    for &day in days {
        for i in 0..per_theme {
            for &t in themes {
                let words: Vec<&str> = THEMES[t].split(' ').collect();
                let text: Vec<&str> = (0..6).map(|_| words[rng.below(words.len())]).collect();
                let id = format!("{seed}-{day}-{t}-{i}");
                w.write_record([id.as_str(), &format!("2024-01-{day:02}T10:00:00Z"), &text.join(" ")])
                    .unwrap();
            }
        }
    }
}

/// A run's topic per theme (the topic most of the theme's posts are in),
/// read from posts.csv.
fn topic_of_theme(out: &Path) -> Vec<Option<String>> {
    let mut r = csv::Reader::from_path(out.join("tables/posts.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (text, topic) = (col("text"), col("topic_id"));
    let mut counts: std::collections::BTreeMap<(usize, String), usize> = Default::default();
    for row in r.records().map(Result::unwrap) {
        let first = row[text].split(' ').next().unwrap().to_string();
        let theme = THEMES.iter().position(|t| t.split(' ').any(|w| w == first)).unwrap();
        *counts.entry((theme, row[topic].to_string())).or_default() += 1;
    }
    (0..THEMES.len())
        .map(|t| counts.iter().filter(|x| x.0.0 == t).max_by_key(|x| *x.1).map(|x| x.0.1.clone()))
        .collect()
}

/// `topic_daily.csv`'s rows of the days in `days`.
fn daily_rows(out: &Path, days: &[&str]) -> Vec<Vec<String>> {
    csv_rows(&out.join("tables/topic_daily.csv"))
        .iter()
        .filter(|r| days.contains(&&r[0]))
        .map(|r| r.iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn three_nights_over_a_growing_folder_keep_each_themes_topic_id() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("exports");
    std::fs::create_dir(&inputs).unwrap();
    let cfg =
        folder_config(tmp.path(), &inputs, "[watchlist]\nkeep_unmatched = true\n[report]\nenabled = false\n");
    let out = tmp.path().join("nightly");
    let night = |n: usize| {
        let o = run_with(tmp.path(), &cfg, &["--out", out.to_str().unwrap()]);
        assert!(o.status.code().unwrap() < 2, "night {n}: {}", stderr(&o));
        let changes = json(&out.join("manifest.json"))["topics"]["changes"].clone();
        (topic_of_theme(&out), changes, csv_rows(&out.join("tables/topics.csv")))
    };
    let label =
        |topics: &[csv::StringRecord], id: &str| topics.iter().find(|r| &r[0] == id).unwrap()[1].to_string();
    let old_days = ["2024-01-01", "2024-01-02", "2024-01-03"];

    // Night 1: five themes over three days.
    night_export(&inputs.join("night1.csv"), &[0, 1, 2, 3, 4], &[1, 2, 3], 40, 1);
    let (ids1, c1, topics1) = night(1);
    assert_eq!(c1["refit"], "no topics carried over (a first run)", "{c1}");
    assert!(ids1[..5].iter().all(Option::is_some) && ids1[5].is_none(), "{ids1:?}");
    let daily1 = daily_rows(&out, &old_days);

    // Night 2: the same themes on two more days.
    night_export(&inputs.join("night2.csv"), &[0, 1, 2, 3, 4], &[4, 5], 40, 2);
    let (ids2, c2, topics2) = night(2);
    assert_eq!(ids2, ids1, "a theme changed topic id");
    for id in ids1.iter().flatten() {
        assert_eq!(label(&topics2, id), label(&topics1, id), "topic {id} relabelled");
    }
    assert!(c2["from_run"].is_string() && c2["new"] == serde_json::json!([]), "{c2}");
    assert_eq!(c2["retired"], serde_json::json!([]), "{c2}");

    // Night 3: a new theme comes up beside the five.
    night_export(&inputs.join("night3.csv"), &[0, 1, 2, 3, 4, 5], &[6, 7], 60, 3);
    let (ids3, c3, _) = night(3);
    assert_eq!(ids3[..5], ids1[..5], "a theme changed topic id");
    let new = ids3[5].clone().expect("the new theme has a topic");
    assert!(!ids1.contains(&Some(new.clone())), "the new theme took an old id: {ids3:?}");
    assert_eq!(c3["new"], serde_json::json!([new.parse::<u32>().unwrap()]), "{c3}");
    assert_eq!(c3["retired"], serde_json::json!([]), "{c3}");
    // The first nights' days read the same in the daily topic table.
    assert_eq!(daily_rows(&out, &old_days), daily1);

    // --full fits afresh (and says so).
    let full = tmp.path().join("full");
    let o = run_with(tmp.path(), &cfg, &["--out", full.to_str().unwrap(), "--full"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert_eq!(json(&full.join("manifest.json"))["topics"]["changes"]["refit"], "--full");
}
