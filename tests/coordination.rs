//! Coordination against known truth: planted groups (co-repost, co-link,
//! co-text, co-hashtag) inside thousands of ordinary accounts, with fans
//! of viral posts and organic viral bursts as decoys, from the seeded
//! generator in `src/coordination/synth.rs`.
//!
//! Thresholds were chosen on the development seed (1); the figures the
//! README reports, and the goals asserted here, are those of the held-out
//! seed (2), which nothing was tuned on.

use std::collections::{BTreeMap, BTreeSet};
use suara::annotate::acts::{self, Acts};
use suara::coordination::synth::{self, Synth, SynthConfig};
use suara::coordination::{self, Coordination, CoordinationSettings};
use suara::core::{Privacy, pseudonym};

const SALT: &str = "synth-salt";

fn privacy() -> Privacy {
    Privacy { salt: SALT.into(), salt_is_default: false, pseudonymise: true }
}

/// The acts a run would keep of the generated posts (copy-paste clusters
/// handed over as the copy-paste stage would).
fn acts_of(s: &Synth) -> Acts {
    let p = privacy();
    let mut a = Acts::default();
    for (i, post) in s.posts.iter().enumerate() {
        if let Some(e) = acts::extract(post, &p, None) {
            a.push(i as u32, e);
        }
    }
    for &(i, cluster) in &s.text_clusters {
        let post = &s.posts[i];
        let account = suara::core::privacy::pseudonym_key(SALT, post.author.as_deref().unwrap());
        a.push_text(account, post.created_at.unwrap() as u32, post.platform, &post.post_id, cluster);
    }
    a.finish();
    a
}

fn watchlists() -> suara::watchlist::Watchlists {
    suara::watchlist::Watchlists::load(&["pemilu-2024".to_string()], std::path::Path::new(".")).unwrap()
}

fn run(s: &Synth, settings: &CoordinationSettings) -> Coordination {
    coordination::run(&acts_of(s), &[], &watchlists(), &privacy(), settings)
}

/// What a run found, against the truth.
#[derive(Debug)]
struct Figures {
    planted: usize,
    recall: f64,
    background: usize,
    background_flagged: usize,
    fans: usize,
    fans_flagged: usize,
    /// Groups whose found members sit in one cluster of their own.
    groups_apart: usize,
    groups: usize,
    window: u32,
}

fn figures(s: &Synth, c: &Coordination) -> Figures {
    let cluster: BTreeMap<&str, u32> =
        c.accounts.iter().map(|a| (a.account.as_str(), a.cluster_id)).collect();
    let hash = |h: &String| pseudonym(SALT, h);
    let planted: Vec<String> = s.planted.iter().flatten().map(hash).collect();
    let found = planted.iter().filter(|p| cluster.contains_key(p.as_str())).count();
    let background: BTreeSet<String> = s.background.iter().map(hash).collect();
    let fans: BTreeSet<String> = s.fans.iter().map(hash).collect();
    let flagged = |set: &BTreeSet<String>| set.iter().filter(|a| cluster.contains_key(a.as_str())).count();
    // A group is kept apart when all its found members share one cluster
    // and that cluster holds no account of another group.
    let group_of: BTreeMap<String, usize> =
        s.planted.iter().enumerate().flat_map(|(g, m)| m.iter().map(move |h| (hash(h), g))).collect();
    let mut apart = 0;
    for (g, members) in s.planted.iter().enumerate() {
        let ids: BTreeSet<u32> =
            members.iter().filter_map(|h| cluster.get(hash(h).as_str()).copied()).collect();
        if ids.len() != 1 {
            continue;
        }
        let id = *ids.iter().next().unwrap();
        let pure = c
            .accounts
            .iter()
            .filter(|a| a.cluster_id == id)
            .all(|a| group_of.get(&a.account).is_none_or(|&o| o == g));
        if pure {
            apart += 1;
        }
    }
    Figures {
        planted: planted.len(),
        recall: found as f64 / planted.len() as f64,
        background: background.len(),
        background_flagged: flagged(&background),
        fans: fans.len(),
        fans_flagged: flagged(&fans),
        groups_apart: apart,
        groups: s.planted.len(),
        window: c.report.window.seconds,
    }
}

/// The figures of seed `seed` with the default settings, printed.
fn seed_figures(seed: u64) -> (Synth, Coordination, Figures) {
    let s = synth::generate(&SynthConfig::development(seed));
    let c = run(&s, &CoordinationSettings::default());
    let f = figures(&s, &c);
    println!(
        "seed {seed}: {} posts, {} planted accounts in {} groups, {} ordinary ({} fans); window {} s; \
         recall {:.3}; ordinary accounts flagged {} ({:.2} %), fans flagged {}; groups kept apart {}/{}",
        s.posts.len(),
        f.planted,
        f.groups,
        f.background,
        f.fans,
        f.window,
        f.recall,
        f.background_flagged,
        100.0 * f.background_flagged as f64 / f.background as f64,
        f.fans_flagged,
        f.groups_apart,
        f.groups
    );
    (s, c, f)
}

#[test]
fn development_seed_figures() {
    // The seed the thresholds were chosen on: printed, for the README.
    let (_, _, f) = seed_figures(1);
    assert!(f.recall > 0.0);
}

#[test]
fn held_out_seed_finds_the_groups_and_not_the_fans() {
    // Nothing was tuned on this seed. The goals of issue 19.
    let (_, c, f) = seed_figures(2);
    assert!(f.recall >= 0.95, "planted recall {:.3} < 0.95", f.recall);
    assert!(
        f.background_flagged as f64 <= 0.005 * f.background as f64,
        "{} of {} ordinary accounts flagged (> 0.5 %)",
        f.background_flagged,
        f.background
    );
    assert!(f.fans_flagged as f64 <= 0.005 * f.background as f64, "{} fans flagged", f.fans_flagged);
    assert_eq!(f.groups_apart, f.groups, "every group in a cluster of its own");
    // The window was estimated, near the groups' 60 s.
    assert_eq!(c.report.window.method, "auto");
}

/// The identity of what a post pushed, computed here from the raw posts
/// (not by suara's code): the reposted id, the link's host and path, the
/// set of hashtags, the copy-paste cluster.
fn objects_of(s: &Synth) -> Vec<Vec<(String, String)>> {
    let clusters: BTreeMap<usize, u64> = s.text_clusters.iter().copied().collect();
    s.posts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut out = Vec::new();
            if let Some(parent) = &p.parent_id {
                out.push(("co-repost".to_string(), parent.clone()));
            }
            for w in p.text.split_whitespace().filter(|w| w.starts_with("https://")) {
                let rest = &w["https://".len()..];
                let rest = rest.strip_prefix("www.").unwrap_or(rest);
                let rest = rest.split('?').next().unwrap().trim_end_matches('/');
                out.push(("co-link".to_string(), rest.to_string()));
            }
            let mut tags: Vec<String> =
                p.text.split_whitespace().filter(|w| w.starts_with('#')).map(|w| w.to_lowercase()).collect();
            tags.sort();
            tags.dedup();
            if tags.len() >= 2 {
                out.push(("co-hashtag".to_string(), tags.join(" ")));
            }
            if let Some(c) = clusters.get(&i) {
                out.push(("co-text".to_string(), c.to_string()));
            }
            out
        })
        .collect()
}

#[test]
fn every_edge_is_recomputed_from_its_evidence_posts() {
    let s = synth::generate(&SynthConfig::development(2));
    let settings = CoordinationSettings::default();
    let c = run(&s, &settings);
    assert!(!c.edges.is_empty());
    let window = c.report.window.seconds as i64;
    let by_id: BTreeMap<&str, usize> =
        s.posts.iter().enumerate().map(|(i, p)| (p.post_id.as_str(), i)).collect();
    let objects = objects_of(&s);
    // How many accounts did each object, anywhere in the data.
    let mut doers: BTreeMap<(String, String), BTreeSet<&str>> = BTreeMap::new();
    for (i, o) in objects.iter().enumerate() {
        for k in o {
            doers.entry(k.clone()).or_default().insert(s.posts[i].author.as_deref().unwrap());
        }
    }
    // Read back from the table as written, not from the structs.
    let df = suara::coordination::tables::edges_frame(&c).unwrap();
    let col = |n: &str| df.column(n).unwrap().clone();
    let (a, b, kind) = (col("account_a"), col("account_b"), col("kind"));
    let (weight, n_objects, mean) = (col("weight"), col("objects"), col("mean_delta_s"));
    let evidence = col("evidence_post_ids");
    for r in 0..df.height() {
        let get = |c: &polars::prelude::Column| c.get(r).unwrap().to_string().trim_matches('"').to_string();
        let kind = get(&kind);
        let pairs: Vec<(usize, usize)> = get(&evidence)
            .split(';')
            .map(|p| {
                let (x, y) = p.split_once(' ').unwrap();
                (by_id[x], by_id[y])
            })
            .collect();
        let mut seen = BTreeSet::new();
        let (mut w, mut dt) = (0.0f64, 0.0f64);
        for &(x, y) in &pairs {
            let (px, py) = (&s.posts[x], &s.posts[y]);
            assert_eq!(pseudonym(SALT, px.author.as_deref().unwrap()), get(&a));
            assert_eq!(pseudonym(SALT, py.author.as_deref().unwrap()), get(&b));
            let d = (px.created_at.unwrap() - py.created_at.unwrap()).abs();
            assert!(d <= window, "{d} s apart, window {window}");
            let shared: Vec<&(String, String)> =
                objects[x].iter().filter(|o| o.0 == kind && objects[y].contains(o)).collect();
            assert_eq!(shared.len(), 1, "posts {x} and {y} share one {kind} object");
            assert!(seen.insert(shared[0].clone()), "each object once per edge");
            let n = doers[shared[0]].len() as f64;
            w += if n <= settings.crowd as f64 + 1.0 { 1.0 } else { settings.crowd as f64 / (n - 1.0) };
            dt += d as f64;
        }
        assert_eq!(get(&n_objects).parse::<usize>().unwrap(), pairs.len());
        assert!((get(&weight).parse::<f64>().unwrap() - w).abs() < 1e-3, "weight {} vs {w}", get(&weight));
        let m: f64 = get(&mean).parse().unwrap();
        assert!((m - dt / pairs.len() as f64).abs() <= 0.05 + 1e-9, "mean Δt {m}");
        assert!(pairs.len() >= settings.min_objects as usize && w >= settings.min_weight - 1e-9);
    }
}

#[test]
fn the_estimated_window_recovers_a_known_delay() {
    // Groups post within D seconds of each push; the window should hold
    // nearly all of a push (CooRnet's time to 90 % of its accounts).
    for delay in [30u32, 120] {
        let mut cfg = SynthConfig::development(1);
        cfg.delay = delay;
        let s = synth::generate(&cfg);
        let c = run(&s, &CoordinationSettings::default());
        let w = c.report.window.seconds;
        println!("delay {delay} s: window {w} s ({:?})", c.report.window.estimate);
        assert!((0.7 * delay as f64..=1.1 * delay as f64).contains(&(w as f64)), "delay {delay}: window {w}");
    }
}

/// Acts of hand-made posts: (account, time, link).
fn acts_from(rows: &[(&str, i64, &str)]) -> Acts {
    let p = privacy();
    let mut a = Acts::default();
    for (i, (who, t, link)) in rows.iter().enumerate() {
        let post = suara::core::Post {
            post_id: (i + 1).to_string(),
            author: Some(who.to_string()),
            created_at: Some(*t),
            ..suara::core::Post::bare(&format!("baca {link}"))
        };
        a.push(i as u32, acts::extract(&post, &p, None).unwrap());
    }
    a.finish();
    a
}

#[test]
fn a_copy_pasted_post_that_also_shares_a_link_counts_once() {
    // Two accounts paste the same messages with the same links, a minute
    // apart, on three occasions: each post has its own row (the link) and
    // a co-text row.
    let p = privacy();
    let mut a = Acts::default();
    let mut posts = Vec::new();
    for (j, who) in ["ani", "budi"].iter().enumerate() {
        for k in 0..3i64 {
            let post = suara::core::Post {
                post_id: format!("{}", 100 + j as i64 * 10 + k),
                author: Some(who.to_string()),
                created_at: Some(1_700_000_000 + k * 86_400 + j as i64 * 60),
                ..suara::core::Post::bare(&format!("baca https://kabar.id/artikel/{k}"))
            };
            a.push(posts.len() as u32, acts::extract(&post, &p, None).unwrap());
            posts.push(post);
        }
    }
    for post in &posts {
        let account = suara::core::privacy::pseudonym_key(SALT, post.author.as_deref().unwrap());
        let message = post.created_at.unwrap() / 86_400;
        a.push_text(account, post.created_at.unwrap() as u32, post.platform, &post.post_id, message as u64);
    }
    a.finish();
    assert_eq!(a.len(), 12);
    let c = coordination::run(&a, &[], &watchlists(), &privacy(), &CoordinationSettings::default());
    assert_eq!(c.report.acting_posts, 6);
    assert_eq!(c.accounts.len(), 2, "{:?}", c.accounts);
    assert!(c.accounts.iter().all(|x| x.posts == 3), "{:?}", c.accounts);
    assert_eq!(c.clusters.len(), 1);
    assert_eq!(c.clusters[0].posts, 6);
}

#[test]
fn a_pair_one_second_apart_across_a_minute_boundary_is_linked() {
    // 10:00:59 and 10:01:00, three times: fixed bins of a minute would
    // never put them together. A pair 61 s apart is not linked in 60 s.
    let t = synth::T0 + 10 * 3600;
    let mut rows = Vec::new();
    for k in 0..3i64 {
        let link = format!("https://kabar.id/{k}");
        let at = t + k * 86_400;
        rows.push(("ani", at + 59, link.clone()));
        rows.push(("budi", at + 60, link.clone()));
        let other = format!("https://lain.id/{k}");
        rows.push(("cici", at + 1000, other.clone()));
        rows.push(("dodi", at + 1061, other));
    }
    let rows: Vec<(&str, i64, &str)> = rows.iter().map(|(a, t, l)| (*a, *t, l.as_str())).collect();
    let settings = CoordinationSettings {
        window: suara::coordination::WindowChoice::Fixed(60),
        ..CoordinationSettings::default()
    };
    let c = coordination::run(&acts_from(&rows), &[], &watchlists(), &privacy(), &settings);
    assert_eq!(c.edges.len(), 1, "{:?}", c.edges);
    let e = &c.edges[0];
    let mut pair = [e.account_a.clone(), e.account_b.clone()];
    pair.sort();
    let mut want = [pseudonym(SALT, "ani"), pseudonym(SALT, "budi")];
    want.sort();
    assert_eq!(pair, want);
    assert_eq!((e.objects, e.mean_delta_s), (3, 1.0));
}

#[test]
fn tables_do_not_depend_on_the_thread_count() {
    let mut cfg = SynthConfig::development(5);
    cfg.background = 1500;
    let s = synth::generate(&cfg);
    let acts = acts_of(&s);
    let wl = watchlists();
    let at = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let c =
            pool.install(|| coordination::run(&acts, &[], &wl, &privacy(), &CoordinationSettings::default()));
        suara::coordination::tables::frames(&c).unwrap()
    };
    let (one, two) = (at(1), at(2));
    assert!(one[0].1.height() > 0, "edges were found");
    for ((name, a), (_, b)) in one.iter().zip(&two) {
        assert!(a.equals_missing(b), "{name} differs between 1 and 2 threads");
    }
}

#[test]
fn raw_handles_only_when_not_pseudonymised() {
    let mut cfg = SynthConfig::development(6);
    cfg.background = 800;
    let s = synth::generate(&cfg);
    let raw = Privacy { pseudonymise: false, ..privacy() };
    let mut a = Acts::default();
    for (i, post) in s.posts.iter().enumerate() {
        if let Some(e) = acts::extract(post, &raw, None) {
            a.push(i as u32, e);
        }
    }
    a.finish();
    let c = coordination::run(&a, &[], &watchlists(), &raw, &CoordinationSettings::default());
    let handles: BTreeSet<&str> = s.posts.iter().filter_map(|p| p.author.as_deref()).collect();
    assert!(!c.accounts.is_empty());
    assert!(c.accounts.iter().all(|x| handles.contains(x.account.as_str())), "handles, as written");
    assert!(
        c.edges
            .iter()
            .all(|e| handles.contains(e.account_a.as_str()) && handles.contains(e.account_b.as_str()))
    );
    let c = run(&s, &CoordinationSettings::default());
    assert!(c.accounts.iter().all(|x| x.account.len() == 16 && !x.account.starts_with("akun")));
}

/// Surges found within an hour, and false alerts, over seeds.
fn burst_figures(seeds: std::ops::RangeInclusive<u64>) -> (usize, usize, usize, usize) {
    use suara::coordination::bursts::{BurstSettings, SeriesKind, detect};
    let s = BurstSettings::default();
    let (mut found_in_time, mut worst_false, mut calm_worst, mut n) = (0, 0, 0, 0);
    for seed in seeds {
        // Four weeks of a daily rhythm; on day 20 the volume triples for
        // three hours, at a busy or a quiet hour.
        let at = 20 * 24 + if seed % 2 == 0 { 13 } else { 2 };
        let series = synth::seasonal_series(seed, 28, 40.0, Some((at, 3, 3.0)));
        let found = detect("x", SeriesKind::Target, &series, 0, &s);
        if found.iter().any(|b| (b.start - at).abs() <= 1) {
            found_in_time += 1;
        } else {
            println!("seed {seed}: the surge at hour {at} is not found in time: {found:?}");
        }
        worst_false = worst_false.max(found.iter().filter(|b| b.end <= at || b.start >= at + 3).count());
        let calm = synth::seasonal_series(seed, 28, 40.0, None);
        calm_worst = calm_worst.max(detect("x", SeriesKind::Target, &calm, 0, &s).len());
        n += 1;
    }
    (n, found_in_time, worst_false, calm_worst)
}

#[test]
fn a_planted_burst_in_a_seasonal_baseline_is_found_within_an_hour() {
    // Seeds 1–20 were looked at while the method was chosen (a first
    // design scoring single hours missed seed 15's quiet-hour surge);
    // 101–140 are held out.
    let (n, hit, worst, calm) = burst_figures(1..=20);
    println!(
        "bursts, development seeds: {hit}/{n} surges found within an hour, ≤ {worst} false alert(s) beside a surge, ≤ {calm} in a calm series"
    );
    let (n, hit, worst, calm) = burst_figures(101..=140);
    println!(
        "bursts, held-out seeds: {hit}/{n} surges found within an hour, ≤ {worst} false alert(s) beside a surge, ≤ {calm} in a calm series"
    );
    assert_eq!(hit, n, "every planted surge found within an hour");
    assert!(worst <= 1 && calm <= 1, "at most one false alert per series");
}

#[test]
fn a_debunked_claim_repeated_in_a_surge_is_a_claim_burst() {
    // Posts repeating one claim at a daily rhythm for four weeks, three
    // times as many for three hours on day 20; a second claim stays calm.
    let at = 20 * 24 + 13;
    let times = |series: Vec<(i64, u64)>| -> Vec<i64> {
        series.into_iter().flat_map(|(h, n)| (0..n as i64).map(move |k| h * 3600 + k % 3600)).collect()
    };
    let evidence = suara::coordination::ClaimEvidence {
        of_post: Default::default(),
        times: vec![
            ("C-SURGE".to_string(), times(synth::seasonal_series(102, 28, 40.0, Some((at, 3, 3.0))))),
            ("C-CALM".to_string(), times(synth::seasonal_series(102, 28, 40.0, None))),
        ],
    };
    let c = coordination::run_with_claims(
        &suara::annotate::acts::Acts::default(),
        &[],
        &watchlists(),
        &privacy(),
        &CoordinationSettings::default(),
        &evidence,
    );
    let claims: Vec<_> =
        c.bursts.iter().filter(|b| b.kind == suara::coordination::bursts::SeriesKind::Claim).collect();
    assert!(claims.iter().any(|b| b.series == "C-SURGE" && (b.start - at).abs() <= 1), "{claims:?}");
    assert!(claims.iter().all(|b| b.series != "C-CALM"), "{claims:?}");
}

/// Writes generated posts as a generic CSV export, in `files` files; the
/// last `dupes` posts of each file are repeated at the head of the next
/// (overlapping exports: each post must count once).
fn write_exports(s: &Synth, dir: &std::path::Path, files: usize, dupes: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let per = s.posts.len().div_ceil(files);
    for f in 0..files {
        let from = (f * per).saturating_sub(if f > 0 { dupes } else { 0 });
        let to = ((f + 1) * per).min(s.posts.len());
        let mut w = csv::Writer::from_path(dir.join(format!("export-{f}.csv"))).unwrap();
        w.write_record(["id", "author", "created_at", "text", "kind", "parent_id", "link"]).unwrap();
        for p in &s.posts[from..to] {
            let t = chrono::DateTime::from_timestamp(p.created_at.unwrap(), 0).unwrap();
            w.write_record([
                p.post_id.as_str(),
                p.author.as_deref().unwrap(),
                &t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                &p.text,
                p.kind.as_str(),
                p.parent_id.as_deref().unwrap_or(""),
                p.link.as_deref().unwrap_or(""),
            ])
            .unwrap();
        }
        w.flush().unwrap();
    }
}

fn suara_cmd(dir: &std::path::Path, threads: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_suara"))
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .args(args)
        .output()
        .expect("suara runs")
}

const TABLES: [(&str, &[&str]); 4] = [
    (
        "coordination_edges",
        &["account_a", "account_b", "kind", "weight", "objects", "mean_delta_s", "evidence_post_ids"],
    ),
    (
        "coordination_accounts",
        &["account", "cluster_id", "degree", "strength", "posts", "kinds", "first_seen", "last_seen"],
    ),
    (
        "coordination_clusters",
        &[
            "cluster_id",
            "accounts",
            "edges",
            "kinds",
            "targets",
            "net_sentiment",
            "top_links",
            "top_domains",
            "top_hashtags",
            "claims",
            "first_seen",
            "last_seen",
        ],
    ),
    ("bursts", &["series", "kind", "start", "end", "posts", "baseline", "score"]),
];

#[test]
fn a_run_writes_the_tables_the_same_at_any_thread_count_and_from_shards() {
    let mut cfg = SynthConfig::development(7);
    cfg.background = 1500;
    let s = synth::generate(&cfg);
    let tmp = tempfile::tempdir().unwrap();
    write_exports(&s, &tmp.path().join("exports"), 3, 50);
    // One planted copy-paste message is also a debunked claim: its
    // cluster's `claims` column names it.
    let message = &s.posts[s.text_clusters[0].0].text;
    let mut w = csv::Writer::from_path(tmp.path().join("factchecks.csv")).unwrap();
    w.write_record(["id", "claim", "date", "verdict"]).unwrap();
    w.write_record(["C-PLANTED", message.as_str(), "2024-01-01", "SALAH"]).unwrap();
    w.flush().unwrap();
    let config = tmp.path().join("suara.toml");
    std::fs::write(
        &config,
        format!(
            "[input]\npaths = [\"exports\"]\npreset = \"generic\"\n[input.columns]\ntext = \"text\"\nid = \"id\"\n\
             created_at = \"created_at\"\nauthor = \"author\"\nkind = \"kind\"\nparent = \"parent_id\"\nlink = \"link\"\n\
             platform = \"=twitter\"\n[privacy]\nsalt = \"{SALT}\"\n[topics]\nenabled = false\n[report]\nenabled = false\n\
             [misinfo]\nclaims = [\"factchecks.csv\"]\n"
        ),
    )
    .unwrap();
    let cfg_s = config.to_str().unwrap();
    let run_into = |out: &str, threads: &str, extra: &[&str]| {
        let mut args = vec!["run", "--config", cfg_s, "--out", out];
        args.extend_from_slice(extra);
        let o = suara_cmd(tmp.path(), threads, &args);
        assert!(o.status.code().unwrap() < 2, "{}", String::from_utf8_lossy(&o.stderr));
        tmp.path().join(out)
    };
    let two = run_into("two", "2", &[]);
    let one = run_into("one", "1", &["--full"]);
    for i in 0..3 {
        let out = format!("shards/part-{i}.parquet");
        let shard = format!("{i}/3");
        let o = suara_cmd(
            tmp.path(),
            "2",
            &["score", "--config", cfg_s, "--shard", &shard, "--out", &out, "exports"],
        );
        assert!(o.status.code().unwrap() < 2, "{}", String::from_utf8_lossy(&o.stderr));
    }
    let reduced = run_into("reduced", "2", &["--scored", "shards"]);
    for (name, columns) in TABLES {
        for ext in ["csv", "parquet"] {
            let f = format!("tables/{name}.{ext}");
            let a = std::fs::read(two.join(&f)).unwrap();
            assert!(a == std::fs::read(one.join(&f)).unwrap(), "{f}: 1 thread ≠ 2 threads");
            assert!(a == std::fs::read(reduced.join(&f)).unwrap(), "{f}: shards ≠ one run");
        }
        let header = csv::Reader::from_path(two.join(format!("tables/{name}.csv")))
            .unwrap()
            .headers()
            .unwrap()
            .clone();
        assert_eq!(header.iter().collect::<Vec<_>>(), columns, "{name} columns");
    }
    // Found through ingest and the merge (each duplicated post once): the
    // planted groups, copy-paste ones through the misinfo stage's
    // copy-paste clusters.
    let accounts: BTreeSet<String> = csv::Reader::from_path(two.join("tables/coordination_accounts.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    let mut planted = 0;
    let mut found = 0;
    let mut text_groups = 0;
    for (g, members) in s.planted.iter().enumerate() {
        text_groups += (cfg.groups[g].kind == suara::coordination::NetKind::Text) as usize;
        for h in members {
            planted += 1;
            found += accounts.contains(&pseudonym(SALT, h)) as usize;
        }
    }
    assert!(found as f64 >= 0.95 * planted as f64, "{found} of {planted} planted accounts found end to end");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(two.join("manifest.json")).unwrap()).unwrap();
    let w = &manifest["coordination"]["window"];
    assert_eq!(w["method"], "auto");
    assert!(w["seconds"].as_u64().unwrap() >= 10 && w["estimate"]["basis"] == "repeated", "{w}");
    assert_eq!(manifest["coordination"]["settings"]["min_objects"], 3);
    let pasted = &manifest["coordination"]["copy_paste"];
    assert!(text_groups > 0 && pasted["messages"].as_u64().unwrap() > 0, "{pasted}");
    let kinds = std::fs::read_to_string(two.join("tables/coordination_edges.csv")).unwrap();
    assert!(kinds.contains(",co-text,"), "co-text edges end to end");
    let claimed = csv::Reader::from_path(two.join("tables/coordination_clusters.csv"))
        .unwrap()
        .records()
        .filter(|r| r.as_ref().unwrap()[9].contains("C-PLANTED"))
        .count();
    assert_eq!(claimed, 1, "the cluster that pasted the debunked claim names it");
}

/// Writes a development corpus as CSV exports into `$SUARA_DEMO_DIR`, for
/// looking at the report by eye: `cargo test --test coordination demo --
/// --ignored`.
#[test]
#[ignore]
fn demo_corpus() {
    let Ok(dir) = std::env::var("SUARA_DEMO_DIR") else { return };
    let mut cfg = SynthConfig::development(1);
    cfg.background = 2000;
    write_exports(&synth::generate(&cfg), std::path::Path::new(&dir), 2, 0);
}
