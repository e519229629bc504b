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
    /// Column holding the id of the post a row replies to, reposts or quotes.
    #[arg(long)]
    pub parent_col: Option<String>,
    /// Column holding the link a row shares.
    #[arg(long)]
    pub link_col: Option<String>,
    /// Export layout instead of auto-detection.
    #[arg(long)]
    pub preset: Option<String>,
    /// Score only shard I of N (e.g. `3/16`, a deterministic split by post
    /// id) and write its scored parts beside the table for `run --scored`.
    #[arg(long, value_parser = super::parse::shard)]
    pub shard: Option<crate::core::Shard>,
    /// Output table: .csv or .parquet.
    #[arg(long, required = true)]
    pub out: PathBuf,
    /// Input files or directories.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitStatus> {
    let overrides = crate::config::Overrides {
        inputs: args.inputs,
        preset: args.preset,
        text_col: args.text_col,
        id_col: args.id_col,
        time_col: args.time_col,
        author_col: args.author_col,
        parent_col: args.parent_col,
        link_col: args.link_col,
        ..Default::default()
    };
    let settings = super::load_settings(args.config.as_deref(), &overrides)?;
    let mut status = Status::new(quiet);
    let (code, ingested, _) = pipeline::score(&settings, &args.out, args.shard, &mut status)?;
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
