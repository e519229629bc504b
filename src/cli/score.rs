//! `suara score [--config FILE] [--text-col C] [--id-col C] [--time-col C] --out FILE INPUT...`

use crate::pipeline;
use crate::status::{ExitStatus, Status};
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Config file (default: ./suara.toml when present).
    #[arg(long, short)]
    pub config: Option<PathBuf>,
    /// Column holding the post text (a generic table).
    #[arg(long)]
    pub text_col: Option<String>,
    /// Column holding the post id.
    #[arg(long)]
    pub id_col: Option<String>,
    /// Column holding the timestamp.
    #[arg(long)]
    pub time_col: Option<String>,
    /// Column holding the author handle.
    #[arg(long)]
    pub author_col: Option<String>,
    /// Export layout instead of auto-detection.
    #[arg(long)]
    pub preset: Option<String>,
    /// Score only shard I of N (e.g. `3/16`, a deterministic split by post
    /// id) and write its scored parts beside the table for `run --scored`.
    #[arg(long)]
    pub shard: Option<String>,
    /// Output table: .csv or .parquet.
    #[arg(long, required = true)]
    pub out: PathBuf,
    /// Input files or directories.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitStatus> {
    let mut settings = super::load_settings(args.config.as_deref())?;
    settings.inputs = args.inputs;
    let cols = &mut settings.ingest.columns;
    for (slot, v) in [
        (&mut cols.text, args.text_col),
        (&mut cols.id, args.id_col),
        (&mut cols.created_at, args.time_col),
        (&mut cols.author, args.author_col),
    ] {
        if v.is_some() {
            *slot = v;
        }
    }
    if let Some(p) = args.preset {
        let mut opts = settings.resolved.clone();
        opts.input.get_or_insert_with(Default::default).preset = Some(p);
        let base = std::path::Path::new("");
        let checked = crate::config::check(opts, base, settings.source.clone())?;
        settings.ingest.preset = checked.ingest.preset;
    }
    let mut status = Status::new(quiet);
    let shard = args.shard.as_deref().map(pipeline::Shard::parse).transpose()?;
    let (code, ingested, _) = pipeline::score(&settings, &args.out, shard, &mut status)?;
    let c = &ingested.counts;
    status.info(format!(
        "scored {} posts ({} read, {} rejected, {} duplicates) → {}",
        c.kept,
        c.read,
        c.rejected,
        c.duplicates,
        args.out.display()
    ));
    for r in ingested.rejects.iter().take(5) {
        status.warn(format!("{}:{}: {}", r.source_file, r.line, r.reason));
    }
    if ingested.rejects.len() > 5 {
        status.warn(format!("… and {} more rejects", ingested.rejects.len() - 5));
    }
    Ok(code)
}
