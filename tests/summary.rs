//! The executive summary says only what is true: every sentence and every
//! figure of its table is checked against the tables of the same run —
//! and against the posts table, counted independently — on runs with and
//! without `keep_unmatched`, with and without an author column, with and
//! without dates. Unknown is written as unknown, never as 0; a report
//! without dates says so once and leaves out the charts over time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const TEXTS: &[&str] = &[
    "prabowo hebat sekali, saya bangga",
    "anies mengecewakan dan bohong",
    "ganjar biasa saja hari ini",
    "prabowo dan anies debat soal pangan",
    "cuaca cerah di jakarta, makan siang enak",
    "gibran bagus, semoga menang",
    "anies luar biasa, pemimpin yang cerdas",
    "ganjar jelek, kecewa sekali",
];

/// A CSV of 64 posts (a few naming no target), with or without the author
/// and time columns.
fn csv(authors: bool, dates: bool) -> String {
    let mut head = vec!["id", "text"];
    if dates {
        head.push("created_at");
    }
    if authors {
        head.push("author");
    }
    let mut s = head.join(",") + "\n";
    for i in 0..64usize {
        let mut row = vec![format!("{}", 1000 + i), format!("\"{}\"", TEXTS[(i * 5 + i / 8) % TEXTS.len()])];
        if dates {
            row.push(format!("2024-02-{:02}T{:02}:00:00Z", 10 + (i * 7) % 5, i % 24));
        }
        if authors {
            row.push(format!("akun{}", i % 11));
        }
        s += &(row.join(",") + "\n");
    }
    s
}

fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    csv::Reader::from_path(path).unwrap().deserialize().map(Result::unwrap).collect()
}

/// 1,234 as the English report writes it.
fn int(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn run(keep_unmatched: bool, authors: bool, dates: bool) {
    let case = format!("keep_unmatched={keep_unmatched} authors={authors} dates={dates}");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("in.csv"), csv(authors, dates)).unwrap();
    std::fs::write(
        tmp.path().join("suara.toml"),
        format!(
            "[input]\npaths = [\"in.csv\"]\n[privacy]\nsalt = \"t\"\n[watchlist]\nkeep_unmatched = {keep_unmatched}\n[report]\nlang = \"en\"\n[topics]\nk = 2\n"
        ),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_suara"))
        .current_dir(tmp.path())
        .args(["run", "--config", "suara.toml", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{case}: {}", String::from_utf8_lossy(&o.stderr));
    let out = tmp.path().join("out");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report-data.json")).unwrap()).unwrap();
    let summary: Vec<String> =
        data["summary"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
    let all = summary.join("\n");

    // Counted here from the posts table, independently of the aggregates.
    let posts = rows(&out.join("tables/posts.csv"));
    let named: Vec<&BTreeMap<String, String>> = posts.iter().filter(|p| !p["targets"].is_empty()).collect();
    let overview = &rows(&out.join("tables/overview.csv"))[0];
    assert_eq!(overview["posts"], posts.len().to_string(), "{case}");
    assert_eq!(overview["posts_naming_a_target"], named.len().to_string(), "{case}");
    assert_eq!(posts.len() > named.len(), keep_unmatched, "{case}: the data has posts naming no target");

    // 1. How many posts name a target, and by how many authors.
    let first = &summary[0];
    assert!(
        first.starts_with(&format!("{} posts named at least one watchlist target", int(named.len()))),
        "{case}: {first}"
    );
    let distinct: BTreeSet<&str> =
        named.iter().map(|p| p["author_hash"].as_str()).filter(|a| !a.is_empty()).collect();
    if authors {
        assert_eq!(overview["authors"], distinct.len().to_string(), "{case}");
        assert!(
            first.contains(&format!("written by {} unique authors", int(distinct.len()))),
            "{case}: {first}"
        );
    } else {
        assert!(distinct.is_empty());
        assert_eq!(overview["authors"], "", "{case}: unknown is null, not 0");
        assert!(
            first.contains("authors the export does not name") && !first.contains(" 0 "),
            "{case}: {first}"
        );
    }
    // 2. With unmatched posts kept, the summary says what it covers.
    let covers = format!(
        "The report covers {} posts; {} of them name no target.",
        int(posts.len()),
        int(posts.len() - named.len())
    );
    assert_eq!(summary.contains(&covers), keep_unmatched, "{case}: {all}");
    // 3. Dates: the period and the busiest day, or once that there are none.
    let mut per_day: BTreeMap<String, usize> = BTreeMap::new();
    for p in &named {
        if !p["created_at"].is_empty() {
            *per_day.entry(p["created_at"][..10].to_string()).or_default() += 1;
        }
    }
    let charts: Vec<&str> =
        data["charts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    if dates {
        let (day, n) = per_day.iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0))).unwrap();
        assert_eq!(&overview["busiest_day"], day, "{case}");
        let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let shown = format!("The busiest day was {}: {} posts.", d.format("%-d %B %Y"), int(*n));
        assert!(summary.contains(&shown), "{case}: want «{shown}» in {all}");
        assert!(charts.contains(&"volume") && out.join("charts/volume.svg").exists(), "{case}");
    } else {
        assert_eq!(
            summary.iter().filter(|s| s.contains("No post has a date")).count(),
            1,
            "{case}: said once"
        );
        assert!(!all.contains("busiest"), "{case}");
        for c in ["volume", "net", "sov", "issues"] {
            assert!(
                !charts.contains(&c) && !out.join(format!("charts/{c}.svg")).exists(),
                "{case}: {c} left out"
            );
        }
        assert!(charts.contains(&"composition"), "{case}: the other charts stay");
    }
    // 4. The summary's table: each target's posts and share are
    //    sentiment_by_target's, and its posts are the posts naming it.
    let by_target = rows(&out.join("tables/sentiment_by_target.csv"));
    let targets = rows(&out.join("tables/targets.csv"));
    for k in data["key"].as_array().unwrap() {
        let label = k["label"].as_str().unwrap();
        let id = &targets.iter().find(|t| t["label"] == label).unwrap()["target_id"];
        let row = by_target.iter().find(|r| &r["target_id"] == id).unwrap();
        assert_eq!(k["posts"], int(row["posts"].parse().unwrap()), "{case}: {label}");
        let naming = named.iter().filter(|p| p["targets"].split(';').any(|t| t == id)).count();
        assert_eq!(row["posts"], naming.to_string(), "{case}: {label}");
    }
}

#[test]
fn the_summary_says_only_what_the_tables_say() {
    // Each of the three conditions once on and once off.
    for (keep, authors, dates) in
        [(false, true, true), (true, false, true), (true, true, false), (false, false, false)]
    {
        run(keep, authors, dates);
    }
}
