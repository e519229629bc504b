//! Regression tests for the bad-input and fault sweep of issue 15, one (or
//! more) per case, named after it. Each runs the `suara` binary as a user
//! or an operator would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn suara(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_suara")).current_dir(dir).args(args).output().expect("suara runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Names in a folder, sorted (hidden ones included).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// A config with its own salt, reading `inputs` (relative to `dir`).
fn config(dir: &Path, inputs: &[&str], extra: &str) -> PathBuf {
    let cfg = dir.join("suara.toml");
    let list: Vec<String> = inputs.iter().map(|i| format!("\"{i}\"")).collect();
    std::fs::write(
        &cfg,
        format!("[input]\npaths = [{}]\n[privacy]\nsalt = \"sweep-salt\"\n{extra}", list.join(", ")),
    )
    .unwrap();
    cfg
}

// ------------------------------------------------------------ case 1 ----

#[test]
fn case_01_a_candidate_named_only_neutrally_gets_a_report_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    // The issue's reproduction: both candidates' mentions are neutral.
    std::fs::write(
        tmp.path().join("in.csv"),
        "id,text,created_at,author\n1,prabowo bagus,2024-01-01T10:00:00Z,a1\n2,ganjar oke,2024-01-02T10:00:00Z,a2\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = suara(tmp.path(), &["run", "--out", out.to_str().unwrap(), "in.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(std::fs::read(out.join("report.pdf")).unwrap().starts_with(b"%PDF-"));
    for chart in ["volume", "net", "composition", "sov"] {
        assert!(out.join(format!("charts/{chart}.png")).exists(), "{chart}.png");
    }
}

// ------------------------------------------------------------ case 3 ----

/// Every account handle the sample's inputs hold: the authors suara reads
/// (a run with `pseudonymise = false` writes them raw), and every
/// `@handle` written anywhere in the input files' bytes, but the accounts
/// the built-in watchlist names (public accounts under study, kept).
fn sample_handles(tmp: &Path) -> Vec<String> {
    let cfg = config(
        tmp,
        &[repo().join("datasets/sample").to_str().unwrap()],
        "pseudonymise = false\n[topics]\nenabled = false\n[report]\nenabled = false\n",
    );
    let raw = tmp.join("raw");
    let o = suara(tmp, &["run", "--config", cfg.to_str().unwrap(), "--out", raw.to_str().unwrap()]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    let mut handles: std::collections::BTreeSet<String> =
        csv::Reader::from_path(raw.join("tables/posts.csv"))
            .unwrap()
            .deserialize::<std::collections::HashMap<String, String>>()
            .map(|r| r.unwrap()["author_hash"].to_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
    let named: Vec<String> = std::fs::read_to_string(repo().join("src/watchlist/builtin/pemilu-2024.toml"))
        .unwrap()
        .split('"')
        .filter_map(|s| s.strip_prefix('@'))
        .map(str::to_lowercase)
        .collect();
    for e in std::fs::read_dir(repo().join("datasets/sample")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "md") {
            continue; // the sample's own documentation
        }
        let bytes = std::fs::read(e.path()).unwrap();
        let text = if e.path().extension().is_some_and(|x| x == "gz") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(&bytes[..]), &mut s)
                .unwrap();
            s
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        for (i, _) in text.match_indices('@') {
            if text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // an e-mail address
            }
            let h: String =
                text[i + 1..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
            if h.len() >= 4 && !named.contains(&h.to_lowercase()) {
                handles.insert(h.to_lowercase());
            }
        }
    }
    handles.into_iter().filter(|h| h.len() >= 4).collect()
}

/// Every text an output holds: files as text, Parquet tables cell by cell.
fn output_texts(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(".parquet") {
                use polars::prelude::*;
                let df = ParquetReader::new(std::fs::File::open(&p).unwrap()).finish().unwrap();
                let mut cells = String::new();
                for c in df.columns() {
                    for v in c.as_materialized_series().iter() {
                        cells.push_str(&format!("{v}\n"));
                    }
                }
                out.push((name, cells));
            } else if !name.ends_with(".png") {
                // The PDF's words are all in report-data.json; its own bytes
                // (compressed streams) are searched too, for what shows.
                out.push((name, String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned()));
            }
        }
    }
    out
}

#[test]
fn case_03_no_output_of_a_pseudonymised_run_holds_an_input_handle() {
    let tmp = tempfile::tempdir().unwrap();
    let handles = sample_handles(tmp.path());
    assert!(handles.len() > 300, "the sample's handles were found ({})", handles.len());
    let cfg = config(tmp.path(), &[repo().join("datasets/sample").to_str().unwrap()], "");
    let out = tmp.path().join("out");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let texts = output_texts(&out);
    assert!(
        texts.iter().any(|(n, _)| n == "tables/posts.parquet")
            && texts.iter().any(|(n, _)| n == "rejects.csv")
    );
    let mut leaks = Vec::new();
    for (name, text) in &texts {
        let lower = text.to_lowercase();
        for h in &handles {
            let found = lower.match_indices(h.as_str()).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + h.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if found {
                leaks.push(format!("{h} in {name}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{} handles leak: {:?}", leaks.len(), &leaks[..leaks.len().min(20)]);
    // The pseudonyms link: a retweet's `RT @x` names an author_hash.
    let posts = std::fs::read_to_string(out.join("tables/posts.csv")).unwrap();
    assert!(posts.contains("RT @") && posts.contains("https://x.com/"), "masked, not dropped");
}

// ------------------------------------------------------------ case 2 ----

#[test]
fn case_02_out_refuses_a_folder_that_is_not_a_suara_report() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("in.csv"), "id,text\n1,prabowo dan gibran\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("D/src")).unwrap();
    std::fs::write(tmp.path().join("D/src/main.rs"), "x").unwrap();
    let o = suara(tmp.path(), &["run", "--out", "D", "in.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a suara report"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(tmp.path().join("D/src/main.rs")).unwrap(), "x", "nothing deleted");
    assert_eq!(names(tmp.path()), ["D", "in.csv"], "nothing written beside it");
    // A file in the way is refused too.
    std::fs::write(tmp.path().join("F"), "mine").unwrap();
    let o = suara(tmp.path(), &["run", "--out", "F", "in.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(tmp.path().join("F")).unwrap(), "mine");
    // A report suara wrote is replaced, run after run.
    let cfg = config(tmp.path(), &["in.csv"], "[report]\nenabled = false\n");
    for _ in 0..2 {
        let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", "R"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}

#[test]
fn case_02_an_input_inside_the_output_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("exports")).unwrap();
    std::fs::write(tmp.path().join("exports/a.csv"), "id,text\n1,prabowo dan gibran\n").unwrap();
    let o = suara(tmp.path(), &["run", "--out", "exports", "exports"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("lies inside"), "{}", stderr(&o));
    assert_eq!(names(&tmp.path().join("exports")), ["a.csv"], "the input is untouched");
    assert_eq!(names(tmp.path()), ["exports"], "no lock, no state, no staging");
    // Nor may the output sit inside an input folder (its tables would be
    // read as posts by the next run).
    let o = suara(tmp.path(), &["run", "--out", "exports/report", "exports"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("inside the input folder"), "{}", stderr(&o));
    assert_eq!(names(&tmp.path().join("exports")), ["a.csv"]);
}

#[test]
fn case_02_a_missing_input_creates_no_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = config(tmp.path(), &["gone.csv"], "[output]\ndir = \"reports\"\n");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("gone.csv"), "{}", stderr(&o));
    assert_eq!(names(tmp.path()), ["suara.toml"], "no reports folder");
}

// ------------------------------------------------------------ case 7 ----

#[test]
fn case_07_the_next_run_removes_what_killed_runs_left_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("in.csv"), "id,text\n1,prabowo dan gibran\n").unwrap();
    let cfg = config(tmp.path(), &["in.csv"], "[output]\ndir = \"reports\"\n[report]\nenabled = false\n");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let reports = tmp.path().join("reports");
    // What two killed runs leave: staging folders with tables, a link
    // temporary, a state temporary, and the lock file with a dead pid.
    for d in [".20240101T000000Z.tmp-4194301/tables", ".20240101T000001Z.tmp-4194302"] {
        std::fs::create_dir_all(reports.join(d)).unwrap();
    }
    std::fs::write(reports.join(".20240101T000000Z.tmp-4194301/tables/posts.csv"), vec![b'x'; 200_000])
        .unwrap();
    std::fs::write(reports.join(".latest.tmp-4194302"), "").unwrap();
    std::fs::write(reports.join(".suara-state/abc.part.tmp-4194302"), "half").unwrap();
    std::fs::write(reports.join(".suara.lock"), "4194302\n").unwrap();
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("took over") && err.contains("4194302"), "{err}");
    assert!(err.contains("removed 4 leftover(s)") && err.contains(".20240101T000000Z.tmp-4194301"), "{err}");
    let left: Vec<String> = names(&reports).into_iter().filter(|n| n.starts_with('.')).collect();
    assert_eq!(left, [".suara-state"], "only the state stays (the lock is released)");
    assert!(names(&reports.join(".suara-state")).iter().all(|n| !n.contains(".tmp-")));
}

// ----------------------------------------------------------- case 10 ----

#[test]
fn case_10_runs_within_one_second_get_reports_of_their_own() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("in.csv"), "id,text\n1,prabowo dan gibran\n").unwrap();
    let cfg = config(
        tmp.path(),
        &["in.csv"],
        "[output]\ndir = \"reports\"\n[report]\nenabled = false\n[topics]\nenabled = false\n",
    );
    for _ in 0..4 {
        let o = suara(tmp.path(), &["--quiet", "run", "--config", cfg.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let runs: Vec<String> = names(&tmp.path().join("reports"))
        .into_iter()
        .filter(|n| !n.starts_with('.') && n != "latest")
        .collect();
    assert_eq!(runs.len(), 4, "four runs, four reports: {runs:?}");
    for r in &runs {
        assert!(tmp.path().join("reports").join(r).join("manifest.json").exists(), "{r}");
    }
    let latest = std::fs::read_link(tmp.path().join("reports/latest")).unwrap();
    let newest = runs.iter().max_by_key(|r| {
        json(&tmp.path().join("reports").join(r).join("manifest.json"))["run_id"]
            .as_str()
            .unwrap()
            .to_string()
    });
    assert!(newest.is_some() && runs.contains(&latest.to_string_lossy().into_owned()));
}

// ------------------------------------------------------------ case 4 ----

#[test]
fn case_04_a_few_nul_bytes_are_stripped_wherever_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    for row in [10usize, 500] {
        let mut csv = b"id,text,created_at\n".to_vec();
        for i in 1..=1000 {
            let text =
                if i == row { "prabowo\0 dan gibran".to_string() } else { format!("prabowo dan gibran {i}") };
            csv.extend_from_slice(format!("{i},{text},2024-01-01T10:00:00Z\n").as_bytes());
        }
        let name = format!("nul-{row}.csv");
        std::fs::write(tmp.path().join(&name), &csv).unwrap();
        let cfg = config(tmp.path(), &[&name], "[report]\nenabled = false\n[topics]\nenabled = false\n");
        let out = format!("out-{row}");
        let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", &out]);
        assert_eq!(o.status.code(), Some(0), "row {row}: {}", stderr(&o));
        let m = json(&tmp.path().join(&out).join("manifest.json"));
        assert_eq!(m["counts"]["kept"], 1000, "row {row}");
        assert_eq!(m["inputs"][0]["repairs"]["nul_bytes"], 1, "row {row}: the repair is counted");
        let posts = std::fs::read(tmp.path().join(&out).join("tables/posts.csv")).unwrap();
        assert!(!posts.contains(&0), "row {row}: no NUL is written");
    }
    // NDJSON: a NUL inside a string would make the line invalid JSON.
    std::fs::write(tmp.path().join("nul.jsonl"), b"{\"id\":\"1\",\"text\":\"prabowo\0 dan gibran\"}\n")
        .unwrap();
    let o = suara(tmp.path(), &["inspect", "--json", "nul.jsonl"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["files"][0]["kept"], 1, "{}", stdout(&o));
    // A file that is mostly binary is still refused.
    let mut bin = vec![0u8; 5000];
    bin.extend_from_slice(b"id,text\n1,prabowo\n");
    std::fs::write(tmp.path().join("bin.csv"), &bin).unwrap();
    let o = suara(tmp.path(), &["inspect", "--json", "bin.csv"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["files"][0]["error"].as_str().unwrap().contains("binary"), "{}", stdout(&o));
}

// ------------------------------------------------------------ case 5 ----

#[test]
fn case_05_a_file_size_limit_fails_with_exit_2_and_leaves_nothing() {
    // As the README says it is tested: a file-size limit stands in for a
    // full disk. No `trap` in the shell: suara itself must turn SIGXFSZ
    // into a failed write. Limits cut the run in the state, the tables and
    // the report.
    for kb in [16, 256, 1024] {
        let tmp = tempfile::tempdir().unwrap();
        let cfg = config(tmp.path(), &[repo().join("datasets/sample").to_str().unwrap()], "");
        let script = format!(
            "ulimit -f {kb}; exec '{}' run --config '{}' --out out",
            env!("CARGO_BIN_EXE_suara"),
            cfg.display()
        );
        let o = Command::new("sh").current_dir(tmp.path()).args(["-c", &script]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{kb} KB: {}", stderr(&o));
        assert!(stderr(&o).contains("File too large"), "{kb} KB: {}", stderr(&o));
        assert_eq!(names(tmp.path()), ["suara.toml"], "{kb} KB: no output, staging, state or lock left");
    }
}

// ------------------------------------------------------------ case 6 ----

#[test]
fn case_06_check_fails_the_inputs_a_run_would_reject_entirely() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("header-only.csv"), "id,text,created_at\n").unwrap();
    std::fs::write(d.join("nested.json"), r#"{"meta": {"count": 2}, "result": {"ok": true}}"#).unwrap();
    std::fs::copy("/etc/passwd", d.join("passwd.txt")).unwrap();
    // A Parquet file cut short: its magic, but no footer.
    let mut pq = b"PAR1".to_vec();
    pq.extend(std::iter::repeat_n(7u8, 300));
    std::fs::write(d.join("cut.parquet"), &pq).unwrap();
    std::fs::write(d.join("good.csv"), "id,text\n1,prabowo dan gibran\n").unwrap();
    for bad in ["header-only.csv", "nested.json", "passwd.txt", "cut.parquet"] {
        let o = suara(d, &["check", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stdout(&o));
        assert!(stdout(&o).contains(&format!("FAIL input: {bad}")), "{bad}: {}", stdout(&o));
        assert!(!stdout(&o).contains("a run can start"), "{bad}");
        // … and a run agrees: nothing usable.
        let r = suara(d, &["run", "--out", "out", bad]);
        assert_eq!(r.status.code(), Some(2), "{bad}: {}", stderr(&r));
    }
    let o = suara(d, &["check", "good.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 usable") && stdout(&o).contains("a run can start"), "{}", stdout(&o));
}

// ------------------------------------------------------------ case 8 ----

#[test]
fn case_08_an_unclosed_quote_rejects_its_line_and_the_rows_after_it_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,text,created_at\n");
    for i in 1..=1000 {
        let text = if i == 3 { "\"prabowo kutip tak ditutup".to_string() } else { format!("prabowo {i}") };
        csv.push_str(&format!("{i},{text},2024-01-01T10:00:00Z\n"));
    }
    std::fs::write(tmp.path().join("quote.csv"), &csv).unwrap();
    let cfg = config(tmp.path(), &["quote.csv"], "[report]\nenabled = false\n[topics]\nenabled = false\n");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = json(&tmp.path().join("out/manifest.json"));
    let c = &m["counts"];
    assert_eq!(
        (c["read"].as_u64(), c["kept"].as_u64(), c["rejected"].as_u64()),
        (Some(1000), Some(999), Some(1)),
        "{c}"
    );
    let rejects: Vec<csv::StringRecord> = csv::Reader::from_path(tmp.path().join("out/rejects.csv"))
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rejects.len(), 1);
    let reason = &rejects[0][2];
    assert_eq!(&rejects[0][1], "4", "the line where the quote opens");
    assert!(
        reason.contains("unclosed quote") && reason.contains("line 4") && reason.contains("line 1001"),
        "{reason}"
    );
    assert_eq!(&rejects[0][4], "2", "the field where it opens");
}

// ------------------------------------------------------------ case 9 ----

#[test]
fn case_09_links_are_followed_once_and_a_broken_one_is_one_unreadable_input() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("in/sub")).unwrap();
    std::fs::write(d.join("in/sub/a.csv"), "id,text\n1,prabowo dan gibran\n2,anies\n").unwrap();
    // A link back to a parent folder, a second link to the same file.
    std::os::unix::fs::symlink("..", d.join("in/sub/back")).unwrap();
    std::os::unix::fs::symlink("a.csv", d.join("in/sub/b.csv")).unwrap();
    let cfg = config(d, &["in"], "[report]\nenabled = false\n[topics]\nenabled = false\n");
    let o = suara(d, &["run", "--config", cfg.to_str().unwrap(), "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = json(&d.join("out/manifest.json"));
    assert_eq!(m["counts"]["read"], 2, "a.csv is read once: {}", m["counts"]);
    assert_eq!(m["inputs"].as_array().unwrap().len(), 1);
    assert!(stderr(&o).contains("back skipped") && stderr(&o).contains("b.csv skipped"), "{}", stderr(&o));
    // A dangling link and a link to itself: each one unreadable input,
    // the run goes on (exit 1) and says which.
    std::os::unix::fs::symlink("nowhere.csv", d.join("in/gone.csv")).unwrap();
    std::os::unix::fs::symlink("loop.csv", d.join("in/loop.csv")).unwrap();
    let o = suara(d, &["run", "--config", cfg.to_str().unwrap(), "--out", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("vanished"), "{}", stderr(&o));
    let rejects = std::fs::read_to_string(d.join("out/rejects.csv")).unwrap();
    assert!(rejects.contains("gone.csv") && rejects.contains("broken symbolic link"), "{rejects}");
    assert!(rejects.contains("loop.csv") && rejects.contains("symbolic link loop"), "{rejects}");
    let m = json(&d.join("out/manifest.json"));
    assert_eq!((m["counts"]["kept"].as_u64(), m["counts"]["rejected"].as_u64()), (Some(2), Some(2)));
}

// ----------------------------------------------------- smaller cases ----

#[test]
fn case_15_smaller_a_duplicate_header_name_is_said_in_inspect_and_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("dup.csv"), "id,text,text\n1,prabowo pertama,anies kedua\n").unwrap();
    let o = suara(tmp.path(), &["inspect", "dup.csv"]);
    assert!(stdout(&o).contains("'text' twice (columns 2 and 3)"), "{}", stdout(&o));
    let cfg = config(tmp.path(), &["dup.csv"], "[report]\nenabled = false\n");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = json(&tmp.path().join("out/manifest.json"));
    let problems = m["inputs"][0]["problems"].to_string();
    assert!(problems.contains("column 2 is the one read"), "{problems}");
}

#[test]
fn case_15_smaller_an_alias_without_words_names_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("wl.toml"),
        "name = \"x\"\n[[target]]\nid = \"a\"\nlabel = \"A\"\naliases = [\"[\"]\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("in.csv"), "id,text\n1,halo\n").unwrap();
    let cfg = config(tmp.path(), &["in.csv"], "[watchlist]\nuse = [\"wl.toml\"]\n");
    let o = suara(tmp.path(), &["run", "--config", cfg.to_str().unwrap(), "--out", "out"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("wl.toml:5: target `a`: alias `[`"), "{}", stderr(&o));
}

#[test]
fn case_15_smaller_a_closed_pipe_ends_inspect_quietly() {
    // `suara inspect --json … | head -c 100`: the reader goes away early,
    // with far more than a pipe's buffer still to write.
    let tmp = tempfile::tempdir().unwrap();
    let csv = std::fs::read(repo().join("datasets/sample/x-tweet-harvest.csv")).unwrap();
    for i in 0..40 {
        let mut copy = csv.clone();
        copy.extend_from_slice(format!("{i}\n").as_bytes()); // distinct bytes, distinct files
        std::fs::write(tmp.path().join(format!("copy-{i:02}.csv")), copy).unwrap();
    }
    let script = format!(
        "'{}' inspect --json '{}' | head -c 100 > /dev/null; echo ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_suara"),
        tmp.path().display()
    );
    let o = Command::new("bash").args(["-c", &script]).output().unwrap();
    let code: i32 = String::from_utf8_lossy(&o.stdout).trim().parse().unwrap();
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(code, 141, "ended by SIGPIPE, as a Unix filter is");
}
