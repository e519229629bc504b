//! `suara run [--config FILE] [--out DIR] [INPUT...]`

use crate::pipeline;
use crate::status::{ExitStatus, Status};
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Config file (default: ./suara.toml when present).
    #[arg(long, short)]
    pub config: Option<PathBuf>,
    /// Output directory (default: <[output] dir>/<run-id>, with a `latest` link).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Report language (id or en), instead of [report] lang.
    #[arg(long, value_parser = super::parse::report_lang)]
    pub lang: Option<crate::report::i18n::Lang>,
    /// Read and score every input again, ignoring the incremental state
    /// (which is rebuilt).
    #[arg(long)]
    pub full: bool,
    /// Build topics, aggregates and the report from the shards `suara score
    /// --shard I/N` wrote into this folder, instead of reading inputs.
    #[arg(long, conflicts_with = "full")]
    pub scored: Option<PathBuf>,
    /// Input files or directories, instead of [input] paths.
    pub inputs: Vec<PathBuf>,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitStatus> {
    let overrides = crate::config::Overrides { inputs: args.inputs, lang: args.lang, ..Default::default() };
    let settings = super::load_settings(args.config.as_deref(), &overrides)?;
    let mut status = Status::new(quiet);
    if settings.privacy.pseudonymise && settings.privacy.salt_is_default {
        status.warn("no [privacy] salt set: authors are pseudonymised with the public default salt (run `suara init` for a config with your own)");
    }
    let opts = pipeline::RunOptions { out: args.out.clone(), full: args.full, scored: args.scored.clone() };
    let outcome = pipeline::run(&settings, &opts, &mut status)?;
    let c = &outcome.ingested.counts;
    status.info(format!(
        "done in {:.1}s: {} read, {} kept, {} rejected, {} duplicates; {} name a target → {}",
        status.elapsed(),
        c.read,
        c.kept,
        c.rejected,
        c.duplicates,
        outcome.analysis.matched,
        outcome.dir.display()
    ));
    if c.rejected > 0 {
        status.info(format!(
            "rejected rows and files are listed in {}",
            outcome.dir.join("rejects.csv").display()
        ));
    }
    Ok(outcome.status)
}
