//! `suara check [--config FILE] [INPUT...]`: a dry run for operators. In
//! seconds, without analysing a post: the config parses and checks, the
//! watchlists compile, the models and lexicons load, the report template
//! (if any) is readable, the output folder is writable, and every input
//! file opens and is recognised (compression, format, encoding from its
//! first bytes). Exit 0 when a run could start, 2 otherwise. `inspect`
//! reads whole files and says how each would be mapped.

use crate::annotate::Annotator;
use crate::ingest::{self, sniff, source};
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

pub fn run(args: Args) -> Result<ExitStatus> {
    let mut settings = super::load_settings(args.config.as_deref())?;
    if !args.inputs.is_empty() {
        settings.inputs = args.inputs;
    }
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
    match Annotator::new(&settings) {
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
        }
        Err(e) => line(false, "watchlists and models", format!("{e:#}")),
    }
    if let Some(t) = &settings.report.template {
        match std::fs::read_to_string(t) {
            Ok(_) => line(true, "report template", t.display().to_string()),
            Err(e) => line(false, "report template", format!("{}: {e}", t.display())),
        }
    }
    let out = &settings.output_dir;
    let probe = out.join(format!(".suara-check-{}", std::process::id()));
    match std::fs::create_dir_all(out).and_then(|_| std::fs::write(&probe, b"")) {
        Ok(()) => {
            std::fs::remove_file(&probe).ok();
            line(true, "output", format!("{} is writable", out.display()));
        }
        Err(e) => line(false, "output", format!("{} is not writable: {e}", out.display())),
    }
    match ingest::list_inputs(&settings.inputs) {
        Ok(files) if files.is_empty() => line(false, "inputs", "no input files found".into()),
        Ok(files) => {
            for f in &files {
                let shown = ingest::display_path(f);
                match source::open(f).map_err(|e| e.to_string()).and_then(|o| {
                    let s = sniff::sniff(&o.head).map_err(|e| e.to_string())?;
                    Ok(format!("{}, {}, {}", o.compression.as_str(), s.format.name(), s.encoding.name()))
                }) {
                    Ok(what) => line(true, "input", format!("{shown} ({what})")),
                    Err(e) => line(false, "input", format!("{shown}: {e}")),
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
