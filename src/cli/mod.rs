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

/// Loads `--config FILE`, else `./suara.toml` if present, else defaults,
/// with the command line's overrides merged in before checking.
fn load_settings(config: Option<&Path>, overrides: &config::Overrides) -> Result<Settings> {
    match config {
        Some(p) => config::load(p, overrides),
        None => {
            let here = PathBuf::from("suara.toml");
            if here.exists() { config::load(&here, overrides) } else { config::defaults_with(overrides) }
        }
    }
    .context("configuration")
}

/// Flag values parsed into types at the edge.
mod parse {
    use crate::core::{Lang, Shard};

    /// `--lang id|en` of the report.
    pub fn report_lang(s: &str) -> Result<crate::report::i18n::Lang, String> {
        crate::report::i18n::Lang::parse(s).ok_or_else(|| format!("`{s}`: use id or en"))
    }

    /// `--lang id|en` of training data.
    pub fn text_lang(s: &str) -> Result<Lang, String> {
        match s {
            "id" => Ok(Lang::Id),
            "en" => Ok(Lang::En),
            _ => Err(format!("`{s}`: use id or en")),
        }
    }

    /// `--shard I/N`.
    pub fn shard(s: &str) -> Result<Shard, String> {
        Shard::parse(s).map_err(|e| format!("{e:#}"))
    }

    /// `--method auto|model|lexicon|ensemble`.
    pub fn method(s: &str) -> Result<crate::sentiment::Method, String> {
        crate::sentiment::Method::parse(s)
            .ok_or_else(|| format!("`{s}`: use auto, model, lexicon or ensemble"))
    }

    /// `--class-weight uniform|balanced`.
    pub fn class_weight(s: &str) -> Result<crate::sentiment::linear::ClassWeight, String> {
        use crate::sentiment::linear::ClassWeight;
        match s {
            "uniform" => Ok(ClassWeight::Uniform),
            "balanced" => Ok(ClassWeight::Balanced),
            _ => Err(format!("`{s}`: use uniform or balanced")),
        }
    }

    /// `--char-ngrams 2-5` (sizes inside words) or `none`.
    pub fn ngram_range(s: &str) -> Result<(u8, u8), String> {
        if s == "none" {
            return Ok((1, 0));
        }
        let bad = || format!("`{s}`: write a range such as 2-5, or none");
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let (a, b): (u8, u8) = (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?);
        if a == 0 || a > b || b > 8 {
            return Err(format!("`{s}`: sizes from 1 to 8, the first not above the second"));
        }
        Ok((a, b))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn flags_are_typed_at_the_edge() {
            assert_eq!(ngram_range("2-5"), Ok((2, 5)));
            assert_eq!(ngram_range("none"), Ok((1, 0)));
            assert!(ngram_range("5-2").is_err() && ngram_range("x").is_err() && ngram_range("0-3").is_err());
            assert!(shard("3/2").is_err());
            assert_eq!(shard("1/4").map(|s| (s.index, s.count)), Ok((1, 4)));
            assert!(text_lang("fr").is_err() && report_lang("EN").is_ok());
            assert!(class_weight("balanced").is_ok() && class_weight("none").is_err());
        }
    }
}
