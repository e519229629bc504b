//! Debunked claims and copy-paste campaigns (issue 18), end to end: the
//! seeded test set of `tests/fixtures/misinfo/` (built by
//! `tools/make_misinfo_testset.py`; how, in its docstring and the README)
//! run through `suara run`, its tables read back and scored against the
//! known truth. Thresholds were chosen on the dev split; the figures the
//! README gives are the held-out split's, which nothing was tuned on.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/misinfo")
}

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let h: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records().map(|x| h.iter().cloned().zip(x.unwrap().iter().map(String::from)).collect()).collect()
}

/// Runs suara over `posts` (the test set's layout) with `extra` config,
/// into `out`; the exit code.
fn run(dir: &Path, posts: &Path, extra: &str, out: &Path) -> suara::status::ExitStatus {
    let cfg = dir.join("suara.toml");
    std::fs::write(
        &cfg,
        format!(
            "[input]\npaths = [\"{}\"]\n[input.columns]\ntext = \"text\"\nid = \"post_id\"\ncreated_at = \"created_at\"\nauthor = \"author\"\nplatform = \"platform\"\nkind = \"kind\"\n[privacy]\nsalt = \"misinfo-test\"\n[topics]\nenabled = false\n[report]\nenabled = false\n{extra}",
            posts.display()
        ),
    )
    .unwrap();
    let settings = suara::config::load(&cfg, &Default::default()).unwrap();
    let mut status = suara::status::Status::new(true);
    let opts = suara::pipeline::RunOptions { out: Some(out.to_path_buf()), ..Default::default() };
    suara::pipeline::run(&settings, &opts, &mut status).unwrap().status
}

/// Precision and recall of claim matching on one split: a match is right
/// when its claim is the one the post repeats.
fn claims_split(split: &str, threshold: Option<f64>) -> (f64, f64, usize, usize) {
    let tmp = tempfile::tempdir().unwrap();
    let claims = fixtures().join(format!("claims-{split}.csv"));
    let t = threshold.map(|t| format!("claim_threshold = {t}\n")).unwrap_or_default();
    let out = tmp.path().join("out");
    run(
        tmp.path(),
        &fixtures().join(format!("posts-{split}.csv")),
        &format!("[misinfo]\nclaims = [\"{}\"]\n{t}", claims.display()),
        &out,
    );
    let truth: HashMap<String, String> = rows(&fixtures().join(format!("posts-{split}.csv")))
        .into_iter()
        .map(|r| (r["post_id"].clone(), r["truth_claim"].clone()))
        .collect();
    let got: HashMap<String, String> = rows(&out.join("tables/claim_matches.csv"))
        .into_iter()
        .map(|r| (r["post_id"].clone(), r["claim_id"].clone()))
        .collect();
    let right = got.iter().filter(|(p, c)| truth.get(*p) == Some(c)).count();
    let positives = truth.values().filter(|c| !c.is_empty()).count();
    (right as f64 / got.len().max(1) as f64, right as f64 / positives as f64, got.len(), positives)
}

/// Pairwise precision and recall of copy-paste clusters on one split: over
/// pairs of posts, "in one cluster" against "copies of one campaign".
fn copies_split(split: &str, extra: &str) -> (f64, f64, usize) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run(tmp.path(), &fixtures().join(format!("copies-{split}.csv")), extra, &out);
    let truth: HashMap<String, String> = rows(&fixtures().join(format!("copies-{split}.csv")))
        .into_iter()
        .filter(|r| !r["truth_cluster"].is_empty())
        .map(|r| (r["post_id"].clone(), r["truth_cluster"].clone()))
        .collect();
    let got: HashMap<String, String> = rows(&out.join("tables/copypasta_posts.csv"))
        .into_iter()
        .map(|r| (r["post_id"].clone(), r["cluster_id"].clone()))
        .collect();
    let pairs = |m: &HashMap<String, String>| -> BTreeSet<(String, String)> {
        let mut by: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
        for (p, c) in m {
            by.entry(c).or_default().push(p);
        }
        let mut out = BTreeSet::new();
        for members in by.values_mut() {
            members.sort();
            for i in 0..members.len() {
                for j in 0..i {
                    out.insert((members[j].clone(), members[i].clone()));
                }
            }
        }
        out
    };
    let (t, g) = (pairs(&truth), pairs(&got));
    let both = t.intersection(&g).count();
    let clusters: BTreeSet<&String> = got.values().collect();
    (both as f64 / g.len().max(1) as f64, both as f64 / t.len().max(1) as f64, clusters.len())
}

#[test]
fn claim_matching_on_the_seeded_test_set() {
    for split in ["dev", "heldout"] {
        let (p, r, n, pos) = claims_split(split, None);
        println!(
            "claims {split}: precision {p:.3} recall {r:.3} ({n} matches, {pos} posts repeat a listed claim)"
        );
        if split == "heldout" {
            assert!(p >= 0.97, "held-out precision {p:.3}");
            assert!(r >= 0.93, "held-out recall {r:.3}");
        }
    }
}

#[test]
fn copy_paste_clusters_on_the_seeded_test_set() {
    for split in ["dev", "heldout"] {
        let (p, r, k) = copies_split(split, "");
        println!("copies {split}: pairwise precision {p:.3} recall {r:.3} ({k} clusters, 30 planted)");
        if split == "heldout" {
            assert!(p >= 0.97, "held-out precision {p:.3}");
            assert!(r >= 0.93, "held-out recall {r:.3}");
        }
    }
}

/// Five made-up messages pasted among the 3,595 real vaccine tweets of
/// 2021 (`../shared/data`, MIT), as the check plants a campaign
/// among real posts: each pasted 10 times by other accounts within three
/// hours, each copy with 0–3 edits (a handle, hashtag, link or emoji
/// added, a word changed, words in capitals). Decoys per message: two real
/// tweets with five of its words inserted, two quoting its first two
/// thirds with a comment a quarter as long, one real tweet with a hashtag
/// its copies use, two platform reposts of it. Pairwise over the pairs that hold a pasted post, as the
/// seeded set is scored; the goals are the (precision 0.97,
/// recall 0.93), nothing was chosen on this set. The real tweets' own
/// copy-paste clusters (their truth is unknown) are counted, not scored.
#[test]
fn campaigns_planted_among_real_tweets_are_found_whole_and_alone() {
    let Some(data) = common::shared_data_or_skip("campaigns planted among real tweets") else { return };
    let real = rows(&data.join("id-vaksin2021-tweets-hyuto/data/sample-data.csv"));
    assert!(real.len() > 3000, "{} tweets", real.len());
    let messages = [
        "Vaksin dari pemerintah ternyata mengandung chip pelacak supaya semua warga bisa dipantau, jangan mau disuntik sebelum ada penjelasan resmi",
        "Sertifikat vaksin akan jadi syarat wajib untuk mencoblos di TPS nanti, yang belum vaksin tidak boleh ikut memilih",
        "Relawan kami membagikan sembako gratis di posko vaksinasi kelurahan setiap hari Sabtu pagi, ajak keluarga dan tetangga datang bersama",
        "Data penerima vaksin bocor dan dijual di forum gelap, cek segera apakah nomor induk kependudukan kamu termasuk di dalamnya",
        "Jangan percaya berita bahwa vaksin booster menyebabkan kemandulan, itu hoaks yang sengaja disebar untuk membuat masyarakat takut",
    ];
    let tags = ["#VaksinAman", "#SehatBersama", "#IndonesiaSehat", "#LawanCovid"];
    let mut rng = suara::util::SplitMix64::new(2026);
    let long: Vec<&String> =
        real.iter().map(|r| &r["content"]).filter(|t| t.split_whitespace().count() > 12).collect();
    let tmp = tempfile::tempdir().unwrap();
    let posts = tmp.path().join("posts.csv");
    let mut w = csv::Writer::from_path(&posts).unwrap();
    w.write_record(["post_id", "platform", "author", "created_at", "text", "kind"]).unwrap();
    for (i, r) in real.iter().enumerate() {
        w.write_record([&format!("t{i}"), "twitter", &r["user"], &r["date"], &r["content"], "post"]).unwrap();
    }
    let mut truth: HashMap<String, usize> = HashMap::new();
    let decoy = |w: &mut csv::Writer<std::fs::File>, id: String, text: String, kind: &str| {
        w.write_record([&id, "twitter", &format!("a-{id}"), "2021-06-01T00:00:00Z", &text, kind]).unwrap();
    };
    for (c, m) in messages.iter().enumerate() {
        let start = 1_609_459_200 + rng.below(200) as i64 * 86_400;
        for k in 0..10 {
            let mut words: Vec<String> = m.split(' ').map(String::from).collect();
            for _ in 0..rng.below(4) {
                match rng.below(6) {
                    0 => words.insert(0, format!("@user{}", rng.below(999))),
                    1 => words.push(tags[rng.below(4)].to_string()),
                    2 => words.push(["🙏", "🔥", "‼️", "😡"][rng.below(4)].to_string()),
                    3 => words.push(format!("https://t.co/{}", 1_000_000 + rng.below(9_000_000))),
                    4 => {
                        let i = rng.below(words.len());
                        words[i] = ["banget", "katanya", "loh"][rng.below(3)].to_string();
                    }
                    _ => words.iter_mut().filter(|_| rng.below(3) == 0).for_each(|x| *x = x.to_uppercase()),
                }
            }
            let at = chrono::DateTime::from_timestamp(start + rng.below(3 * 3600) as i64, 0).unwrap();
            let id = format!("p{c}-{k}");
            w.write_record([
                &id,
                "twitter",
                &format!("buzz{c}-{k}"),
                &at.to_rfc3339(),
                &words.join(" "),
                "post",
            ])
            .unwrap();
            truth.insert(id, c);
        }
        let words: Vec<&str> = m.split(' ').collect();
        for k in 0..2 {
            let s = rng.below(words.len() - 5);
            let mut other: Vec<&str> = long[rng.below(long.len())].split_whitespace().collect();
            let phrase = words[s..s + 5].join(" ");
            other.insert(other.len() / 2, &phrase);
            decoy(&mut w, format!("d{c}-phrase{k}"), other.join(" "), "post");
            // Two thirds of it quoted, a comment a quarter as long: half of
            // the two posts' words shared, under the copy rule's 0.7.
            let comment: Vec<&str> =
                long[rng.below(long.len())].split_whitespace().take(words.len() / 4).collect();
            let quote = format!("\"{}...\" {}", words[..words.len() * 2 / 3].join(" "), comment.join(" "));
            decoy(&mut w, format!("d{c}-quote{k}"), quote, "post");
            decoy(&mut w, format!("d{c}-repost{k}"), m.to_string(), "repost");
        }
        decoy(
            &mut w,
            format!("d{c}-tag"),
            format!("{} {}", long[rng.below(long.len())], tags[c % 4]),
            "post",
        );
    }
    w.flush().unwrap();
    drop(w);
    let out = tmp.path().join("out");
    run(tmp.path(), &posts, "", &out);
    let mut clusters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rows(&out.join("tables/copypasta_posts.csv")) {
        assert!(!r["post_id"].contains("repost"), "a platform repost clustered: {}", r["post_id"]);
        clusters.entry(r["cluster_id"].clone()).or_default().push(r["post_id"].clone());
    }
    let (mut found, mut right, mut real_only, mut real_posts) = (0usize, 0usize, 0usize, 0usize);
    for members in clusters.values() {
        if !members.iter().any(|p| truth.contains_key(p)) {
            if members.iter().all(|p| p.starts_with('t')) {
                real_only += 1;
                real_posts += members.len();
            }
            continue;
        }
        for i in 0..members.len() {
            for j in 0..i {
                let (a, b) = (truth.get(&members[i]), truth.get(&members[j]));
                if a.is_some() || b.is_some() {
                    found += 1;
                    right += usize::from(a.is_some() && a == b);
                }
            }
        }
    }
    let expected = messages.len() * 10 * 9 / 2;
    let (p, r) = (right as f64 / found.max(1) as f64, right as f64 / expected as f64);
    println!(
        "planted among {} real tweets: pairwise precision {p:.3} recall {r:.3} ({right} of {expected} pairs; {real_only} clusters of real tweets alone, {real_posts} posts)",
        real.len()
    );
    assert!(p >= 0.97, "precision {p:.3}");
    assert!(r >= 0.93, "recall {r:.3}");
}

/// How the defaults were chosen: precision and recall on the dev split
/// only, over a sweep (`cargo test --test misinfo -- --ignored --nocapture`).
#[test]
#[ignore]
fn sweep_on_the_dev_split() {
    for t in [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8] {
        let (p, r, n, _) = claims_split("dev", Some(t));
        println!("claim_threshold {t}: precision {p:.3} recall {r:.3} ({n} matches)");
    }
    for t in [0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9] {
        let (p, r, k) = copies_split("dev", &format!("[misinfo]\ncopy_threshold = {t}\n"));
        println!("copy_threshold {t}: pairwise precision {p:.3} recall {r:.3} ({k} clusters)");
    }
}

fn suara(dir: &Path, threads: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_suara"))
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .args(args)
        .output()
        .expect("suara runs")
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The held-out posts and copies in one folder, and a config over it with
/// `claims` as the fact-check files (`report` on or off).
fn heldout_setup(dir: &Path, claims: &[&Path], report: bool) -> PathBuf {
    let inputs = dir.join("exports");
    std::fs::create_dir_all(&inputs).unwrap();
    for f in ["posts-heldout.csv", "copies-heldout.csv"] {
        std::fs::copy(fixtures().join(f), inputs.join(f)).unwrap();
    }
    let list: Vec<String> = claims.iter().map(|p| format!("\"{}\"", p.display())).collect();
    let cfg = dir.join("suara.toml");
    std::fs::write(
        &cfg,
        format!(
            "[input]\npaths = [\"{}\"]\n[input.columns]\ntext = \"text\"\nid = \"post_id\"\ncreated_at = \"created_at\"\nauthor = \"author\"\nplatform = \"platform\"\nkind = \"kind\"\n[privacy]\nsalt = \"misinfo-test\"\n[topics]\nenabled = false\n[report]\nenabled = {report}\n[misinfo]\nclaims = [{}]\n",
            inputs.display(),
            list.join(", ")
        ),
    )
    .unwrap();
    cfg
}

fn header(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.headers().unwrap().iter().map(String::from).collect()
}

const MISINFO_TABLES: [&str; 10] = [
    "tables/claim_matches.csv",
    "tables/claim_matches.parquet",
    "tables/claims.csv",
    "tables/claims_daily.csv",
    "tables/copypasta_clusters.csv",
    "tables/copypasta_posts.csv",
    "tables/copypasta_posts.parquet",
    "tables/misinfo_terms.csv",
    "tables/misinfo_daily.csv",
    "tables/misinfo_target.csv",
];

#[test]
fn each_table_has_its_columns_and_the_tables_agree_with_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let claims = fixtures().join("claims-heldout.csv");
    let cfg = heldout_setup(tmp.path(), &[&claims], false);
    let out = tmp.path().join("out");
    let o =
        suara(tmp.path(), "2", &["run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let t = |name: &str| out.join("tables").join(name);
    assert_eq!(
        header(&t("claim_matches.csv")),
        ["post_id", "claim_id", "score", "matched_terms", "platform", "created_at", "author_hash"]
    );
    let claims_cols = header(&t("claims.csv"));
    assert_eq!(
        claims_cols[..11],
        [
            "claim_id",
            "claim",
            "url",
            "verdict",
            "date",
            "posts",
            "accounts",
            "platforms",
            "first_seen",
            "last_seen",
            "posts_after_factcheck"
        ]
    );
    assert_eq!(
        header(&t("claims_daily.csv")),
        ["date", "claim_id", "posts", "accounts", "posts_after_factcheck"]
    );
    assert_eq!(
        header(&t("copypasta_clusters.csv"))[..10],
        [
            "cluster_id",
            "posts",
            "accounts",
            "platforms",
            "first_seen",
            "last_seen",
            "span_s",
            "text",
            "targets",
            "claim_id"
        ]
    );
    assert_eq!(header(&t("copypasta_posts.csv"))[..3], ["post_id", "cluster_id", "similarity"]);
    let posts_cols = header(&t("posts.csv"));
    assert!(posts_cols.contains(&"claim_id".to_string()) && posts_cols.contains(&"cluster_id".to_string()));

    // Counts agree across tables.
    let matches = rows(&t("claim_matches.csv"));
    let claims_rows = rows(&t("claims.csv"));
    assert_eq!(claims_rows.len(), 60, "every listed claim has a row, matched or not");
    let n = |r: &HashMap<String, String>, c: &str| r[c].parse::<u64>().unwrap();
    assert_eq!(claims_rows.iter().map(|r| n(r, "posts")).sum::<u64>(), matches.len() as u64);
    let daily = rows(&t("claims_daily.csv"));
    assert_eq!(
        daily.iter().map(|r| n(r, "posts")).sum::<u64>(),
        matches.len() as u64,
        "every match is dated"
    );
    for r in &claims_rows {
        assert!(n(r, "posts_after_factcheck") <= n(r, "posts"));
        assert!(n(r, "accounts") <= n(r, "posts"));
        let mine: Vec<&HashMap<String, String>> =
            matches.iter().filter(|m| m["claim_id"] == r["claim_id"]).collect();
        assert_eq!(mine.len() as u64, n(r, "posts"), "{}", r["claim_id"]);
        // After the fact-check: dated at or after the debunk day (ISO
        // strings of one format compare as times).
        let after = mine.iter().filter(|m| m["created_at"][..10] >= r["date"][..10]).count() as u64;
        assert_eq!(after, n(r, "posts_after_factcheck"), "{}", r["claim_id"]);
    }
    for m in &matches {
        let s: f64 = m["score"].parse().unwrap();
        assert!((0.5..=1.0).contains(&s), "score {s} below the threshold in force");
        assert!(!m["matched_terms"].is_empty(), "every match says which words matched");
    }
    let clusters = rows(&t("copypasta_clusters.csv"));
    let members = rows(&t("copypasta_posts.csv"));
    assert_eq!(clusters.iter().map(|r| n(r, "posts")).sum::<u64>(), members.len() as u64);
    assert!(clusters.iter().all(|c| n(c, "posts") >= 2 && c["cluster_id"].starts_with("cp-")));
    let sizes: Vec<u64> = clusters.iter().map(|c| n(c, "posts")).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "largest first");
    // The posts table's claim and cluster are the misinfo tables'.
    let by_post: HashMap<&str, &str> =
        matches.iter().map(|m| (m["post_id"].as_str(), m["claim_id"].as_str())).collect();
    let in_cluster: HashMap<&str, &str> =
        members.iter().map(|m| (m["post_id"].as_str(), m["cluster_id"].as_str())).collect();
    let posts = rows(&t("posts.csv"));
    let mut linked = 0;
    for p in &posts {
        let id = p["post_id"].as_str();
        assert_eq!(p["claim_id"].as_str(), by_post.get(id).copied().unwrap_or(""), "{id}");
        assert_eq!(p["cluster_id"].as_str(), in_cluster.get(id).copied().unwrap_or(""), "{id}");
        linked += !p["claim_id"].is_empty() as usize;
    }
    assert!(linked > 0, "some kept post names a target and repeats a claim");
    // Pseudonymised as the posts are: no account name or handle of the
    // inputs in any misinfo table.
    for f in MISINFO_TABLES.iter().filter(|f| f.ends_with(".csv")) {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        for leak in ["akun0", "akun1", "@warga", "@pengguna"] {
            assert!(!text.contains(leak), "{f} holds `{leak}`");
        }
    }
    // The manifest records the thresholds in force.
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let th = &m["misinfo"]["thresholds"];
    assert_eq!(th["copy_min_words"], 8);
    assert!((th["claim_threshold"].as_f64().unwrap() - 0.5).abs() < 1e-6);
    assert!((th["copy_threshold"].as_f64().unwrap() - 0.7).abs() < 1e-9);
    assert_eq!(m["misinfo"]["claim_counts"]["kept"], 60);
}

#[test]
fn one_and_two_threads_and_two_shards_give_the_same_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let claims = fixtures().join("claims-heldout.csv");
    let cfg = heldout_setup(tmp.path(), &[&claims], false);
    let c = cfg.to_str().unwrap();
    let (one, two, reduced) = (tmp.path().join("one"), tmp.path().join("two"), tmp.path().join("reduced"));
    for (out, threads) in [(&two, "2"), (&one, "1")] {
        let o = suara(tmp.path(), threads, &["run", "--config", c, "--out", out.to_str().unwrap()]);
        assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    }
    let shards = tmp.path().join("shards");
    let inputs = tmp.path().join("exports");
    for i in 0..2 {
        let out = shards.join(format!("part-{i}.parquet"));
        let shard = format!("{i}/2");
        let o = suara(
            tmp.path(),
            "2",
            &[
                "score",
                "--config",
                c,
                "--shard",
                &shard,
                "--out",
                out.to_str().unwrap(),
                inputs.to_str().unwrap(),
            ],
        );
        assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    }
    let o = suara(
        tmp.path(),
        "2",
        &["run", "--config", c, "--scored", shards.to_str().unwrap(), "--out", reduced.to_str().unwrap()],
    );
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let mut compared = MISINFO_TABLES.to_vec();
    compared.extend(["tables/posts.csv", "tables/posts.parquet", "rejects.csv"]);
    for f in compared {
        let a = std::fs::read(two.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(a.len() > 100 || f.contains("misinfo_") || f == "rejects.csv", "{f} is nearly empty");
        assert!(a == std::fs::read(one.join(f)).unwrap(), "{f}: 1 thread differs from 2");
        assert!(a == std::fs::read(reduced.join(f)).unwrap(), "{f}: 2 shards differ from one run");
    }
}

#[test]
fn a_fact_check_file_with_broken_rows_rejects_them_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let claims = tmp.path().join("factchecks.csv");
    std::fs::write(
        &claims,
        "id,judul,tanggal,label,link\n\
         K1,Suara Ganjar di Bali dinolkan oleh operator Sirekap,2024-01-04,SALAH,https://x.example/1\n\
         K2,,2024-01-05,SALAH,https://x.example/2\n\
         K3,\"Bawaslu menyatakan paslon 01 didiskualifikasi\nkarena pelanggaran kampanye\",kemarin sore,HOAKS,https://x.example/3\n\
         K1,Duplikat dari klaim pertama,2024-01-06,SALAH,https://x.example/4\n\
         K5,Prabowo menyebut rakyat miskin tidak perlu ikut pemilu,2024-01-22,misleading,https://x.example/5\n",
    )
    .unwrap();
    let cfg = heldout_setup(tmp.path(), &[&claims], false);
    // `check` names the file, its claims and the first rows it rejects.
    let o = suara(tmp.path(), "2", &["check", "--config", cfg.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        said.contains("factchecks.csv: 2 claims, 2 rejected, 1 duplicate ids: line 3: empty claim; line 4:"),
        "{said}"
    );
    assert_eq!(o.status.code(), Some(0), "a run can start: {said}");
    let out = tmp.path().join("out");
    let o =
        suara(tmp.path(), "2", &["run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "partial: rows were rejected; {}", stderr(&o));
    let rejects = rows(&out.join("rejects.csv"));
    let mine: Vec<&HashMap<String, String>> =
        rejects.iter().filter(|r| r["source_file"].ends_with("factchecks.csv")).collect();
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert_eq!((mine[0]["line"].as_str(), mine[0]["reason"].as_str()), ("3", "empty claim"));
    assert_eq!(mine[1]["line"], "4");
    assert!(mine[1]["reason"].contains("kemarin sore"), "{}", mine[1]["reason"]);
    let ids: Vec<String> =
        rows(&out.join("tables/claims.csv")).into_iter().map(|r| r["claim_id"].clone()).collect();
    assert_eq!(ids, ["K1", "K5"]);
    let matched: BTreeSet<String> =
        rows(&out.join("tables/claim_matches.csv")).into_iter().map(|r| r["claim_id"].clone()).collect();
    assert_eq!(matched.into_iter().collect::<Vec<_>>(), ["K1", "K5"], "the good claims are matched");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let c = &m["misinfo"]["claim_counts"];
    assert_eq!((c["read"].as_u64(), c["kept"].as_u64(), c["rejected"].as_u64()), (Some(5), Some(2), Some(2)));
    assert_eq!(c["duplicates"], 1);
    assert_eq!(m["counts"]["rejected"], 0, "the posts' own accounting is apart");
}

#[test]
fn an_empty_claims_file_is_named_and_nothing_else_breaks() {
    let tmp = tempfile::tempdir().unwrap();
    let claims = tmp.path().join("kosong.csv");
    std::fs::write(&claims, "").unwrap();
    let cfg = heldout_setup(tmp.path(), &[&claims], true);
    let o = suara(tmp.path(), "2", &["check", "--config", cfg.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(said.contains("FAIL claims: ") && said.contains("kosong.csv"), "{said}");
    assert_eq!(o.status.code(), Some(2), "{said}");
    let out = tmp.path().join("out");
    let o =
        suara(tmp.path(), "2", &["run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no claim to match posts against"), "{}", stderr(&o));
    assert!(stderr(&o).contains("kosong.csv"), "{}", stderr(&o));
    assert!(rows(&out.join("tables/claims.csv")).is_empty());
    assert!(rows(&out.join("tables/claim_matches.csv")).is_empty());
    assert!(!rows(&out.join("tables/copypasta_clusters.csv")).is_empty(), "clusters need no claims");
    assert!(out.join("report.pdf").exists());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report-data.json")).unwrap()).unwrap();
    let bullets: Vec<&str> =
        doc["misinfo"]["bullets"].as_array().unwrap().iter().map(|b| b.as_str().unwrap()).collect();
    assert!(bullets[0].contains("Tidak ada klaim cek fakta yang terbaca"), "{bullets:?}");
    assert!(bullets.iter().any(|b| b.contains("pesan berantai (copy-paste) ditemukan")), "{bullets:?}");
}

/// CrowdTangle-style ids are post URLs whose page part is pseudonymised in
/// the posts table: the table still carries each post's claim and cluster.
#[test]
fn url_shaped_ids_keep_their_claim_and_cluster_in_the_posts_table() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let msg = "Beredar kabar Prabowo akan membagikan uang tunai kepada semua warga desa minggu ini";
    let mut w = csv::Writer::from_path(dir.join("posts.csv")).unwrap();
    w.write_record(["post_id", "text", "created_at", "author", "platform", "kind"]).unwrap();
    for (i, page) in ["budipage", "anipage", "cicipage"].iter().enumerate() {
        let id = format!("https://www.facebook.com/{page}/posts/{}", 1001 + i);
        let when = format!("2024-02-0{}T10:00:00Z", i + 1);
        w.write_record([id.as_str(), msg, when.as_str(), page, "facebook", "post"]).unwrap();
    }
    w.flush().unwrap();
    std::fs::write(
        dir.join("claims.csv"),
        "id,claim,date,verdict\nC-UANG,Prabowo akan membagikan uang tunai kepada semua warga desa,2024-01-15,SALAH\n",
    )
    .unwrap();
    let out = dir.join("out");
    run(dir, &dir.join("posts.csv"), "[misinfo]\nclaims = [\"claims.csv\"]\n", &out);
    let posts = rows(&out.join("tables/posts.csv"));
    assert_eq!(posts.len(), 3, "{posts:?}");
    for p in &posts {
        assert!(!p["post_id"].contains("page"), "the page is pseudonymised: {}", p["post_id"]);
        assert_eq!(p["claim_id"], "C-UANG", "{p:?}");
        assert!(p["cluster_id"].starts_with("cp-"), "{p:?}");
    }
}
