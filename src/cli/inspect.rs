//! `suara inspect [--json] INPUT...`: per file, what it is and how suara
//! would read it, without analysing anything.

use crate::ingest::{self, Chunk, Dedupe, FileReport, IngestSettings, Reject};
use crate::status::ExitStatus;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print one JSON document instead of text.
    #[arg(long)]
    pub json: bool,
    /// Files or directories.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

/// One file's findings.
#[derive(Debug, Serialize)]
struct Inspection {
    #[serde(flatten)]
    report: FileReport,
    /// Reject reasons (the part before any quoted value) with counts and
    /// the first line each occurred on.
    reject_summary: Vec<RejectGroup>,
}

#[derive(Debug, Serialize)]
struct RejectGroup {
    reason: String,
    count: u64,
    first_line: u64,
}

pub fn run(args: Args) -> Result<ExitStatus> {
    let files = ingest::list_inputs(&args.inputs)?;
    let settings = IngestSettings::default();
    let mut out = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let mut rejects: Vec<Reject> = Vec::new();
        let mut kept = Vec::new();
        let mut dedupe = Dedupe::default();
        let display = ingest::display_path(path);
        let mut report = ingest::read_file(i as u32, path, &display, &settings, &mut |c: Chunk| {
            rejects.extend(c.rejects);
            for p in c.posts {
                dedupe.push(&mut kept, p);
            }
        });
        report.duplicates = dedupe.dropped.values().sum();
        report.kept -= report.duplicates;
        out.push(Inspection { report, reject_summary: group(&rejects) });
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "files": out }))?);
    } else {
        for f in &out {
            print_text(f);
        }
    }
    let any_bad = out.iter().any(|f| f.report.rejected > 0);
    Ok(if any_bad { ExitStatus::Partial } else { ExitStatus::Success })
}

fn group(rejects: &[Reject]) -> Vec<RejectGroup> {
    let mut map: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for r in rejects {
        let key = r.reason.split(": '").next().unwrap_or(&r.reason).to_string();
        let e = map.entry(key).or_insert((0, r.line));
        e.0 += 1;
        e.1 = e.1.min(r.line);
    }
    let mut v: Vec<RejectGroup> = map
        .into_iter()
        .map(|(reason, (count, first_line))| RejectGroup { reason, count, first_line })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    v
}

fn print_text(f: &Inspection) {
    let r = &f.report;
    println!("{}", r.path);
    if let Some(e) = &r.error {
        println!("  error      {e}");
        println!();
        return;
    }
    println!(
        "  file       {} bytes, compression {}, sha256 {}",
        r.bytes,
        r.compression,
        &r.sha256[..16.min(r.sha256.len())]
    );
    println!("  format     {}, {}, line endings {}", r.format, r.encoding, r.line_endings);
    if let Some(p) = &r.preset {
        println!("  preset     {p}");
        println!("  why        {}", r.preset_reason);
    }
    for m in &r.mapping {
        println!("  map        {:<18} ← {}", m.field, m.source);
    }
    println!(
        "  records    {} read, {} kept, {} rejected, {} duplicates",
        r.read, r.kept, r.rejected, r.duplicates
    );
    let rep = &r.repairs;
    let repairs: Vec<String> = [
        (rep.windows_1252_rows, "rows decoded from Windows-1252"),
        (rep.mojibake_repaired, "texts repaired from mojibake"),
        (rep.unwrapped_rows, "rows unwrapped from one quoted field"),
        (rep.lossy_ids, "lossy float-ised ids"),
        (rep.derived_ids, "derived ids"),
        (rep.metrics_unparsed, "unparsed metric values"),
        (rep.retweets_expanded, "retweets given their full text"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !repairs.is_empty() {
        println!("  repairs    {}", repairs.join("; "));
    }
    for g in &f.reject_summary {
        println!("  rejects    {}× {} (first at line {})", g.count, g.reason, g.first_line);
    }
    for p in &r.problems {
        println!("  note       {p}");
    }
    println!();
}
