//! `suara check [--config FILE] [INPUT...]`: a dry run for operators. In
//! seconds, without analysing a post: the config parses and checks, the
//! watchlists compile, the models and lexicons load, the report template
//! (if any) is readable, the output folder is writable, and every input
//! file opens as a run would open it: the same recognition (compression,
//! format, encoding, layout) and its first records through the same
//! mapping, at least one of which must be a post. Exit 0 when a run could
//! start, 2 otherwise. `inspect` reads whole files and says how each would
//! be mapped.

use crate::ingest;
use crate::status::ExitStatus;
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Config file (default: ./suara.toml when present).
    #[arg(long, short)]
    pub config: Option<PathBuf>,
    /// Input files or directories, instead of [input] paths.
    pub inputs: Vec<PathBuf>,
}

/// Records of each input `check` reads through the mapping.
const PROBE_RECORDS: u64 = 1000;

pub fn run(args: Args) -> Result<ExitStatus> {
    let overrides = crate::config::Overrides { inputs: args.inputs, ..Default::default() };
    let settings = super::load_settings(args.config.as_deref(), &overrides)?;
    let mut problems = 0usize;
    let mut line = |ok: bool, what: &str, detail: String| {
        problems += !ok as usize;
        println!("{} {what}: {detail}", if ok { "ok  " } else { "FAIL" });
    };
    line(
        true,
        "config",
        settings.source.as_ref().map_or("defaults (no suara.toml)".into(), |p| p.display().to_string()),
    );
    match settings.annotator() {
        Ok(a) => {
            let names: Vec<&str> = a.watchlists.sources.iter().map(|s| s.name.as_str()).collect();
            line(
                true,
                "watchlists",
                format!(
                    "{} ({} targets, {} events)",
                    names.join(", "),
                    a.watchlists.targets.len(),
                    a.watchlists.events.len()
                ),
            );
            let models: Vec<String> = a.sentiment.report().models.iter().map(|m| m.id.clone()).collect();
            line(true, "models", models.join(", "));
            // Fact-check tables are read whole (they are small): each
            // file's claims, and the first reasons rows were rejected.
            let claims = &a.misinfo.claims;
            for f in &claims.files {
                let mut reasons: Vec<String> = claims
                    .rejects
                    .iter()
                    .filter(|r| r.source_file == f.path)
                    .take(3)
                    .map(|r| format!("line {}: {}", r.line, r.reason))
                    .collect();
                if f.rejected > reasons.len() as u64 {
                    reasons.push("…".into());
                }
                let why =
                    if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join("; ")) };
                match &f.error {
                    Some(e) => line(false, "claims", format!("{}: {e}", f.path)),
                    None if f.kept == 0 => {
                        line(false, "claims", format!("{}: no claim to match posts against{why}", f.path))
                    }
                    None => line(
                        true,
                        "claims",
                        format!(
                            "{}: {} claims, {} rejected, {} duplicate ids{why}",
                            f.path, f.kept, f.rejected, f.duplicates
                        ),
                    ),
                }
            }
        }
        Err(e) => line(false, "watchlists and models", format!("{e:#}")),
    }
    if let Some(t) = &settings.report.template {
        match std::fs::read_to_string(t) {
            Ok(_) => line(true, "report template", t.display().to_string()),
            Err(e) => line(false, "report template", format!("{}: {e}", t.display())),
        }
    }
    // Writable without writing the output: a file made and removed in the
    // output folder, or in the nearest folder above it that exists.
    let out = &settings.output_dir;
    let existing = out.ancestors().find(|a| a.is_dir()).unwrap_or(std::path::Path::new("."));
    let probe = existing.join(format!(".suara-check-{}", std::process::id()));
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            std::fs::remove_file(&probe).ok();
            line(true, "output", format!("{} is writable", out.display()));
        }
        Err(e) => line(false, "output", format!("{} is not writable: {e}", out.display())),
    }
    if let Err(e) = crate::output::Destination::Reports(out.clone()).guard(&settings.inputs) {
        line(false, "output", format!("{e:#}"));
    }
    match ingest::list_inputs(&settings.inputs) {
        Ok(files) if files.is_empty() => line(false, "inputs", "no input files found".into()),
        Ok(files) => {
            // Each file opened as a run opens it: the same recognition, then
            // a first batch of records through the same mapping.
            let probe =
                ingest::IngestSettings { record_limit: Some(PROBE_RECORDS), ..settings.ingest.clone() };
            for (i, f) in files.iter().enumerate() {
                let shown = ingest::display_path(f);
                let mut reasons: Vec<String> = Vec::new();
                let report = ingest::read_file(i as u32, f, &shown, &probe, &mut |c: ingest::Chunk| {
                    reasons.extend(c.rejects.into_iter().map(|r| r.reason));
                });
                let what = format!(
                    "{}, {}, {}; {}",
                    report.compression,
                    report.format,
                    report.encoding,
                    report.preset.as_deref().unwrap_or("no layout")
                );
                match &report.error {
                    Some(e) => line(false, "input", format!("{shown}: {e}")),
                    None if report.kept == 0 => {
                        reasons.sort();
                        reasons.dedup();
                        let why =
                            if reasons.is_empty() { "no records".to_string() } else { reasons.join("; ") };
                        line(
                            false,
                            "input",
                            format!("{shown} ({what}): no usable record in the first {}: {why}", report.read),
                        )
                    }
                    None => line(
                        true,
                        "input",
                        format!(
                            "{shown} ({what}; first {} records: {} usable, {} rejected)",
                            report.read, report.kept, report.rejected
                        ),
                    ),
                }
            }
        }
        Err(e) => line(false, "inputs", format!("{e:#}")),
    }
    if problems == 0 {
        println!("a run can start");
        Ok(ExitStatus::Success)
    } else {
        println!("{problems} problem(s): a run would fail or miss data");
        Ok(ExitStatus::Failure)
    }
}
