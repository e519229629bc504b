//! The batch job, stage by stage: what `suara run` and `suara score` do.

use crate::annotate::{Annotator, LangCounts, Notes, SentimentCounts};
use crate::config::Settings;
use crate::ingest::{self, Ingested, Reject};
use crate::output::manifest::{CountsReport, Manifest, PrivacyReport, StageTiming};
use crate::output::{self, Staging, table};
use crate::posts::{PostsFrame, mentions_frame};
use crate::status::{ExitStatus, Status};
use crate::topics;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// What a finished run produced.
#[derive(Debug)]
pub struct RunOutcome {
    pub dir: PathBuf,
    pub status: ExitStatus,
    pub ingested: Ingested,
    pub analysis: AnalysisCounts,
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

/// Posts and what the per-post stages found, aligned.
pub struct Annotated {
    pub posts: Vec<crate::posts::Post>,
    pub notes: Vec<Notes>,
    pub counts: AnalysisCounts,
}

/// What the per-post stages counted (the manifest's `analysis`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AnalysisCounts {
    /// Posts naming at least one target.
    pub matched: u64,
    /// Posts naming none (dropped by `run` unless `keep_unmatched`).
    pub unmatched: u64,
    /// Rows in the posts table.
    pub posts_written: u64,
    pub mentions: u64,
    pub lang: LangCounts,
    /// Post-level labels of the posts written.
    pub sentiment: SentimentCounts,
    /// Kept posts (matched or not) without a timestamp.
    pub undated: u64,
}

/// Ingest, then the per-post stages; `keep_all` keeps unmatched posts.
pub fn ingest_and_annotate(
    settings: &Settings,
    annotator: &Annotator,
    keep_all: bool,
    status: &mut Status,
) -> Result<(Ingested, Annotated)> {
    let mut ingested = ingest_all(settings, status)?;
    let mut posts = std::mem::take(&mut ingested.posts);
    sort_posts(&mut posts);
    let bar = status.progress(posts.len() as u64, "text+watchlist+sentiment");
    let notes = annotator.annotate_all_with(&posts, keep_all, |n| bar.inc(n));
    bar.finish_and_clear();
    let secs = status.stage_done("text+watchlist+sentiment");
    let matched = notes.iter().filter(|n| n.matched()).count() as u64;
    let mut counts = AnalysisCounts {
        matched,
        unmatched: notes.len() as u64 - matched,
        lang: LangCounts::of(&notes),
        undated: posts.iter().filter(|p| p.created_at.is_none()).count() as u64,
        ..Default::default()
    };
    status.info(format!(
        "text+watchlist+sentiment: {} of {} posts name a target ({} id, {} en, {} other) in {secs:.2}s",
        matched,
        notes.len(),
        counts.lang.id,
        counts.lang.en,
        counts.lang.other
    ));
    let (posts, notes): (Vec<_>, Vec<_>) = if keep_all {
        (posts, notes)
    } else {
        posts.into_iter().zip(notes).filter(|(_, n)| n.matched()).unzip()
    };
    counts.posts_written = posts.len() as u64;
    counts.mentions = notes.iter().map(|n| n.mentions.len() as u64).sum();
    counts.sentiment = SentimentCounts::of(&notes);
    Ok((ingested, Annotated { posts, notes, counts }))
}

/// The watchlist targets with how often each was found, for `targets.csv`.
fn targets_frame(annotator: &Annotator, a: &Annotated) -> Result<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let n = annotator.matcher.target_count();
    let (mut posts, mut mentions) = (vec![0u64; n], vec![0u64; n]);
    for note in &a.notes {
        let mut seen = vec![];
        for m in &note.mentions {
            mentions[m.target as usize] += 1;
            if !seen.contains(&m.target) {
                seen.push(m.target);
                posts[m.target as usize] += 1;
            }
        }
    }
    let t = &annotator.watchlists.targets;
    Ok(DataFrame::new(
        t.len(),
        vec![
            Column::new("target_id".into(), t.iter().map(|x| x.id.as_str()).collect::<Vec<_>>()),
            Column::new("label".into(), t.iter().map(|x| x.label.as_str()).collect::<Vec<_>>()),
            Column::new("kind".into(), t.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>()),
            Column::new("group".into(), t.iter().map(|x| x.group.as_deref()).collect::<Vec<_>>()),
            Column::new("watchlist".into(), t.iter().map(|x| x.watchlist.as_str()).collect::<Vec<_>>()),
            Column::new("needs_context".into(), t.iter().map(|x| x.needs_context).collect::<Vec<_>>()),
            Column::new("posts".into(), posts),
            Column::new("mentions".into(), mentions),
        ],
    )?)
}

/// Claims the output: `reports/.suara.lock` for runs into the reports
/// folder (they share `latest`), `.<name>.lock` beside an `--out` directory.
fn lock_output(target: &Path, reports: Option<&Path>, status: &Status) -> Result<output::RunLock> {
    let path = match reports {
        Some(dir) => dir.join(".suara.lock"),
        None => {
            let name =
                target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
            target.parent().unwrap_or(Path::new(".")).join(format!(".{name}.lock"))
        }
    };
    let (lock, stale) = output::RunLock::acquire(&path)?;
    if let Some(pid) = stale {
        status.warn(format!("took over {} from run {pid}, which is no longer running", path.display()));
    }
    Ok(lock)
}

/// Topics of the posts `run` writes (none when `[topics] enabled = false`).
fn fit_topics(
    settings: &Settings,
    annotator: &Annotator,
    a: &Annotated,
    status: &mut Status,
) -> Option<topics::TopicModel> {
    if !settings.topics.enabled {
        return None;
    }
    let model = topics::fit_posts(&a.posts, &a.notes, &annotator.lexicon, &settings.topics);
    let secs = status.stage_done("topics");
    let r = &model.report;
    status.info(format!(
        "topics: {} topics over {} posts (vocabulary {}, NPMI {:.3}, diversity {:.2}; {} posts without usable terms) in {secs:.2}s",
        r.k, r.posts - r.posts_without_terms, r.vocabulary, r.npmi, r.diversity, r.posts_without_terms
    ));
    Some(model)
}

/// `suara run`: every stage, into `out` (or `<output.dir>/<run-id>`).
pub fn run(settings: &Settings, out: Option<&Path>, status: &mut Status) -> Result<RunOutcome> {
    let id = run_id();
    let (target, latest_dir) = match out {
        Some(dir) => (dir.to_path_buf(), None),
        None => (settings.output_dir.join(&id), Some(settings.output_dir.clone())),
    };
    let _lock = lock_output(&target, latest_dir.as_deref(), status)?;
    let annotator = Annotator::new(settings)?;
    status.stage_done("setup");
    let (ingested, annotated) =
        ingest_and_annotate(settings, &annotator, settings.watchlist.keep_unmatched, status)?;
    if annotated.counts.matched == 0 {
        status.warn("no post names a watchlist target: the posts table is empty (check [watchlist] use)");
    }
    let topics = fit_topics(settings, &annotator, &annotated, status);
    let files: Vec<String> = ingested.files.iter().map(|f| f.path.clone()).collect();
    let frame = PostsFrame::build(
        &annotated.posts,
        &annotated.notes,
        &annotator.matcher,
        &files,
        &settings.privacy,
        topics.as_ref(),
    )?;

    let staging = Staging::begin(&target)?;
    let mut outputs = Vec::new();
    let mut write = |name: &str, df: &mut polars::prelude::DataFrame, parquet: bool| -> Result<()> {
        let csv = staging.path(&format!("tables/{name}.csv"))?;
        if parquet {
            // The two copies are independent: write them side by side.
            let pq = staging.path(&format!("tables/{name}.parquet"))?;
            let mut copy = df.clone();
            let (a, b) = rayon::join(|| table::write_parquet(&mut copy, &pq), || table::write_csv(df, &csv));
            a?;
            b?;
            outputs.push(format!("tables/{name}.parquet"));
        } else {
            table::write_csv(df, &csv)?;
        }
        outputs.push(format!("tables/{name}.csv"));
        Ok(())
    };
    write("posts", &mut frame.into_df(), true)?;
    write("mentions", &mut mentions_frame(&annotated.posts, &annotated.notes, &annotator.matcher)?, true)?;
    write("targets", &mut targets_frame(&annotator, &annotated)?, false)?;
    if let Some(model) = &topics {
        let (posts, notes) = (&annotated.posts, &annotated.notes);
        write("topics", &mut topics::tables::topics_frame(model, posts, notes, &annotator.matcher)?, false)?;
        write("topic_terms", &mut topics::tables::topic_terms_frame(model)?, false)?;
        write("topic_daily", &mut topics::tables::topic_daily_frame(model, posts, notes)?, false)?;
    }
    status.stage_done("write");
    let aggregates = crate::analytics::aggregate(
        &annotated.posts,
        &annotated.notes,
        &annotator.watchlists,
        topics.as_ref(),
    )?;
    for (name, df) in &aggregates.tables {
        write(name, &mut df.clone(), false)?;
    }
    table::write_csv(&rejects_frame(&ingested.rejects)?, &staging.path("rejects.csv")?)?;
    outputs.push("rejects.csv".into());
    status.stage_done("aggregate");

    let mut manifest = build_manifest(settings, "run", &id, &ingested, &annotated.counts, status, outputs);
    manifest.watchlists = annotator.watchlists.sources.clone();
    manifest.sentiment = Some(annotator.sentiment.report());
    manifest.topics = topics.as_ref().map(|t| t.report.clone());
    if settings.report.enabled {
        let input = crate::report::ReportInput {
            aggregates: &aggregates,
            posts: &annotated.posts,
            notes: &annotated.notes,
            watchlists: &annotator.watchlists,
            topics: topics.as_ref(),
            manifest: &manifest,
            privacy: &settings.privacy,
        };
        let written = crate::report::render(&input, &settings.report, &staging.path("")?)?;
        let secs = status.stage_done("report");
        let charts = written.iter().filter(|f| f.ends_with(".svg")).count();
        status.info(format!("report: {charts} charts and report.pdf in {secs:.2}s"));
        manifest.outputs.extend(written);
        manifest.stages = stage_timings(status);
    }
    std::fs::write(staging.path("manifest.json")?, manifest.to_json())
        .context("cannot write manifest.json")?;
    let dir = staging.commit()?;
    if let Some(reports) = latest_dir {
        output::update_latest(&reports, &id)?;
    }
    let status_code = if ingested.counts.rejected > 0 { ExitStatus::Partial } else { ExitStatus::Success };
    Ok(RunOutcome { dir, status: status_code, ingested, analysis: annotated.counts })
}

/// Seconds per stage, to the millisecond.
fn stage_timings(status: &Status) -> Vec<StageTiming> {
    status
        .timings
        .iter()
        .map(|(s, t)| StageTiming { stage: s.clone(), seconds: (t * 1000.0).round() / 1000.0 })
        .collect()
}

/// The manifest of a run or score.
pub fn build_manifest(
    settings: &Settings,
    command: &str,
    run_id: &str,
    ingested: &Ingested,
    analysis: &AnalysisCounts,
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
    if analysis.undated > 0 {
        notes.push(format!(
            "{} posts have no timestamp; they count everywhere except in time series",
            analysis.undated
        ));
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
        watchlists: Vec::new(),
        analysis: Some(analysis.clone()),
        sentiment: None,
        topics: None,
        stages: stage_timings(status),
        outputs,
        notes,
    }
}

/// `suara score`: the per-post stages, every post kept, one table out.
pub fn score(
    settings: &Settings,
    out: &Path,
    status: &mut Status,
) -> Result<(ExitStatus, Ingested, AnalysisCounts)> {
    let annotator = Annotator::new(settings)?;
    let (ingested, a) = ingest_and_annotate(settings, &annotator, true, status)?;
    let files: Vec<String> = ingested.files.iter().map(|f| f.path.clone()).collect();
    let mut df =
        PostsFrame::build(&a.posts, &a.notes, &annotator.matcher, &files, &settings.privacy, None)?.into_df();
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
    Ok((code, ingested, a.counts))
}
