//! The command line (CONTRACT.md): one file per subcommand, each with its
//! arguments and a `run`.

mod check;
mod eval;
mod init;
mod inspect;
mod run;
mod score;
mod train;

use crate::config::{self, Settings};
use crate::status::ExitStatus;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// suara — electoral social-media analytics, as a nightly batch job.
#[derive(Debug, Parser)]
#[command(name = "suara", version, about, long_about = None)]
pub struct Cli {
    /// Only warnings and errors on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Messages as text lines or as JSON lines (for log collectors).
    #[arg(long, global = true, value_enum, default_value_t = crate::status::LogFormat::Text)]
    pub log_format: crate::status::LogFormat,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The batch job: ingest, analyse, write tables and report.
    Run(run::Args),
    /// The per-post stages alone; every post kept; one table out.
    Score(score::Args),
    /// Say what each input file is, without analysing it.
    Inspect(inspect::Args),
    /// Dry run: config, watchlists, models, output folder and inputs, in seconds.
    Check(check::Args),
    /// Write a commented suara.toml with a fresh random salt.
    Init(init::Args),
    /// Fit a sentiment (or emotion) model on labelled data.
    Train(train::Args),
    /// Score labelled data: accuracy, macro-F1, per class, confusion.
    Eval(eval::Args),
}

/// Parses arguments and runs the subcommand (`run` when none is given).
pub fn run(cli: Cli) -> Result<ExitStatus> {
    let quiet = cli.quiet;
    crate::status::set_log_format(cli.log_format);
    match cli.command {
        None => run::run(run::Args::default(), quiet),
        Some(Command::Run(a)) => run::run(a, quiet),
        Some(Command::Score(a)) => score::run(a, quiet),
        Some(Command::Inspect(a)) => inspect::run(a),
        Some(Command::Check(a)) => check::run(a),
        Some(Command::Init(a)) => init::run(a),
        Some(Command::Train(a)) => train::run(a, quiet),
        Some(Command::Eval(a)) => eval::run(a, quiet),
    }
}

/// Loads `--config FILE`, else `./suara.toml` if present, else defaults.
fn load_settings(config: Option<&Path>) -> Result<Settings> {
    match config {
        Some(p) => config::load(p),
        None => {
            let here = PathBuf::from("suara.toml");
            if here.exists() { config::load(&here) } else { config::defaults() }
        }
    }
    .context("configuration")
}
