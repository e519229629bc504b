//! The house stays one-way: every module of `src/` imports only the core,
//! the helpers and the stages before it, in the order a post flows
//! through them. A module that imports a later stage (or a new top-level
//! module missing from the order below) fails this test, naming the file
//! and the import.

use std::path::Path;

/// Top-level modules, lowest first. A module may import the modules of
/// earlier layers; modules of one layer may not import each other.
const LAYERS: &[&[&str]] = &[
    // Helpers: no stage at all.
    &["util", "par", "status"],
    // What every stage shares: the post, its notes, labels, shards, days,
    // pseudonyms.
    &["core"],
    &["text"],
    &["watchlist"],
    &["ingest"],
    &["sentiment"],
    // Claims, the hoax vocabulary and copy-paste clusters: their per-post
    // part runs inside the per-post pass, their stage after the merge.
    &["misinfo"],
    // The per-post pass (text → watchlist → sentiment) and the file parts.
    &["annotate"],
    &["topics"],
    // Accounts acting together and bursts, over every post read.
    &["coordination"],
    &["analytics"],
    // The run record, which the report quotes.
    &["manifest"],
    &["report"],
    &["output"],
    // Options → Configuration → Settings: assembles every stage's settings.
    &["config"],
    &["pipeline"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The `crate::x` modules a source file names outside its tests and
/// comments.
fn imports(text: &str) -> Vec<String> {
    let code = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let code: String =
        code.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c}`
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name: String =
                    item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_stage_imports_only_the_stages_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut wrong = Vec::new();
    let mut seen = 0;
    for path in &all {
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(here) = layer(&top) else {
            wrong.push(format!(
                "src/{}: module `{top}` has no place in the layering (add it to LAYERS)",
                rel.display()
            ));
            continue;
        };
        seen += 1;
        for m in imports(&std::fs::read_to_string(path).unwrap()) {
            if m == top {
                continue;
            }
            match layer(&m) {
                Some(there) if there < here => {}
                Some(_) => wrong.push(format!(
                    "src/{}: `{top}` imports `crate::{m}`, a later or equal stage",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "src/{}: imports `crate::{m}`, which has no place in the layering",
                    rel.display()
                )),
            }
        }
    }
    assert!(seen > 50, "the source files were found ({seen})");
    assert!(wrong.is_empty(), "the house is not one-way:\n{}", wrong.join("\n"));
}

#[test]
fn the_check_finds_an_upward_import() {
    // The check itself must be able to fail.
    let text = "use crate::core::Post;\nuse crate::{text, report::charts};\n// crate::cli in a comment\n#[cfg(test)]\nmod tests { use crate::cli; }\n";
    assert_eq!(imports(text), ["core", "text", "report"]);
    assert!(layer("report") > layer("analytics") && layer("core") < layer("text"));
}
