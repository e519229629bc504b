//! The batch job, stage by stage: what `suara run` and `suara score` do.

use crate::config::Settings;
use crate::ingest::{self, Ingested, Reject};
use crate::output::manifest::{CountsReport, Manifest, PrivacyReport, StageTiming};
use crate::output::{self, Staging, table};
use crate::posts::PostsFrame;
use crate::status::{ExitStatus, Status};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// What a finished run produced.
#[derive(Debug)]
pub struct RunOutcome {
    pub dir: PathBuf,
    pub status: ExitStatus,
    pub ingested: Ingested,
}

/// A run id from the clock: only a directory name, never inside a table.
pub fn run_id() -> String {
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    chrono::DateTime::from_timestamp(now as i64, 0)
        .map(|d| d.format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|| "run".into())
}

/// Reads every input; fails (exit 2) only when nothing usable came in.
pub fn ingest_all(settings: &Settings, status: &mut Status) -> Result<Ingested> {
    let files = ingest::list_inputs(&settings.inputs)?;
    if files.is_empty() {
        bail!(
            "no input files in {} (looked for *.csv, *.tsv, *.json, *.jsonl, *.ndjson, *.parquet, optionally .gz/.zst)",
            settings.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    status.info(format!("reading {} file(s)", files.len()));
    let ingested = ingest::ingest(&files, &settings.ingest);
    let secs = status.stage_done("ingest");
    let c = &ingested.counts;
    status.info(format!(
        "ingest: {} read, {} kept, {} rejected, {} duplicates in {:.2}s",
        c.read, c.kept, c.rejected, c.duplicates, secs
    ));
    if !c.balanced() {
        bail!(
            "internal error: counts do not add up (read {} ≠ kept {} + rejected {} + duplicates {})",
            c.read,
            c.kept,
            c.rejected,
            c.duplicates
        );
    }
    for f in &ingested.files {
        if let Some(e) = &f.error {
            status.warn(format!("{}: {e}", f.path));
        }
    }
    if c.kept == 0 {
        summarise_rejects(&ingested.rejects, status);
        bail!("no usable input: all {} records or files were rejected", c.read);
    }
    Ok(ingested)
}

fn summarise_rejects(rejects: &[Reject], status: &Status) {
    for r in rejects.iter().take(10) {
        status.warn(format!("{}:{}: {}", r.source_file, r.line, r.reason));
    }
    if rejects.len() > 10 {
        status.warn(format!("… and {} more rejects", rejects.len() - 10));
    }
}

/// The rejects table.
pub fn rejects_frame(rejects: &[Reject]) -> Result<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let df = DataFrame::new(
        rejects.len(),
        vec![
            Column::new(
                "source_file".into(),
                rejects.iter().map(|r| r.source_file.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("line".into(), rejects.iter().map(|r| r.line).collect::<Vec<u64>>()),
            Column::new("reason".into(), rejects.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>()),
            Column::new("excerpt".into(), rejects.iter().map(|r| r.excerpt.as_str()).collect::<Vec<_>>()),
            Column::new("column".into(), rejects.iter().map(|r| r.column).collect::<Vec<Option<u64>>>()),
            Column::new("field".into(), rejects.iter().map(|r| r.field.as_deref()).collect::<Vec<_>>()),
        ],
    )?;
    Ok(df)
}

/// Sorts posts into their output order: time, platform, id (nulls last).
pub fn sort_posts(posts: &mut [crate::posts::Post]) {
    posts.sort_by(|a, b| {
        (a.created_at.is_none(), a.created_at, a.platform, &a.post_id).cmp(&(
            b.created_at.is_none(),
            b.created_at,
            b.platform,
            &b.post_id,
        ))
    });
}

/// `suara run`: every stage, into `out` (or `<output.dir>/<run-id>`).
pub fn run(settings: &Settings, out: Option<&Path>, status: &mut Status) -> Result<RunOutcome> {
    let mut ingested = ingest_all(settings, status)?;
    sort_posts(&mut ingested.posts);
    let files: Vec<String> = ingested.files.iter().map(|f| f.path.clone()).collect();
    let frame = PostsFrame::build(&ingested.posts, &files, &settings.privacy)?;

    let id = run_id();
    let (target, latest_dir) = match out {
        Some(dir) => (dir.to_path_buf(), None),
        None => (settings.output_dir.join(&id), Some(settings.output_dir.clone())),
    };
    let staging = Staging::begin(&target)?;
    let mut outputs = Vec::new();
    let mut df = frame.into_df();
    table::write_parquet(&mut df, &staging.path("tables/posts.parquet")?)?;
    table::write_csv(&df, &staging.path("tables/posts.csv")?)?;
    outputs.extend(["tables/posts.parquet".to_string(), "tables/posts.csv".to_string()]);
    table::write_csv(&rejects_frame(&ingested.rejects)?, &staging.path("rejects.csv")?)?;
    outputs.push("rejects.csv".into());
    status.stage_done("write");

    let manifest = build_manifest(settings, "run", &id, &ingested, status, outputs);
    std::fs::write(staging.path("manifest.json")?, manifest.to_json())
        .context("cannot write manifest.json")?;
    let dir = staging.commit()?;
    if let Some(reports) = latest_dir {
        output::update_latest(&reports, &id)?;
    }
    let status_code = if ingested.counts.rejected > 0 { ExitStatus::Partial } else { ExitStatus::Success };
    Ok(RunOutcome { dir, status: status_code, ingested })
}

/// The manifest of a run or score.
pub fn build_manifest(
    settings: &Settings,
    command: &str,
    run_id: &str,
    ingested: &Ingested,
    status: &Status,
    outputs: Vec<String>,
) -> Manifest {
    let mut notes = Vec::new();
    if settings.privacy.pseudonymise && settings.privacy.salt_is_default {
        notes.push(format!(
            "no [privacy] salt in the config: authors were pseudonymised with the public default salt \"{}\"; set your own (suara init writes one)",
            crate::config::DEFAULT_SALT
        ));
    }
    if !settings.privacy.pseudonymise {
        notes.push("[privacy] pseudonymise = false: author_hash holds raw handles".into());
    }
    let undated = ingested.posts.iter().filter(|p| p.created_at.is_none()).count();
    if undated > 0 {
        notes.push(format!("{undated} posts have no timestamp; they count everywhere except in time series"));
    }
    Manifest {
        suara_version: env!("CARGO_PKG_VERSION"),
        command: command.to_string(),
        run_id: run_id.to_string(),
        config_file: settings.source.as_ref().map(|p| p.display().to_string()),
        config_hash: settings.hash(),
        config: settings.resolved_for_manifest(),
        privacy: PrivacyReport {
            pseudonymised: settings.privacy.pseudonymise,
            salt: if settings.privacy.salt_is_default { "default" } else { "config" },
        },
        inputs: ingested.files.clone(),
        counts: CountsReport { counts: ingested.counts.clone(), balanced: ingested.counts.balanced() },
        stages: status
            .timings
            .iter()
            .map(|(s, t)| StageTiming { stage: s.clone(), seconds: (t * 1000.0).round() / 1000.0 })
            .collect(),
        outputs,
        notes,
    }
}

/// `suara score`: the per-post stages, every post kept, one table out.
pub fn score(settings: &Settings, out: &Path, status: &mut Status) -> Result<(ExitStatus, Ingested)> {
    let mut ingested = ingest_all(settings, status)?;
    sort_posts(&mut ingested.posts);
    let files: Vec<String> = ingested.files.iter().map(|f| f.path.clone()).collect();
    let mut df = PostsFrame::build(&ingested.posts, &files, &settings.privacy)?.into_df();
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let tmp = out.with_extension(format!("{ext}.tmp-{}", std::process::id()));
    if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let written = match ext.as_str() {
        "parquet" | "pq" => table::write_parquet(&mut df, &tmp),
        "csv" => table::write_csv(&df, &tmp),
        other => bail!("--out {}: extension .{other} is neither .csv nor .parquet", out.display()),
    };
    if let Err(e) = written {
        std::fs::remove_file(&tmp).ok();
        return Err(e);
    }
    std::fs::rename(&tmp, out).with_context(|| format!("cannot rename into {}", out.display()))?;
    status.stage_done("write");
    let code = if ingested.counts.rejected > 0 { ExitStatus::Partial } else { ExitStatus::Success };
    Ok((code, ingested))
}
