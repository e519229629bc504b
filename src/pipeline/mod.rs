//! The batch job, stage by stage: what `suara run` and `suara score` do.

pub mod state;

use crate::analytics::window::Window;
use crate::annotate::Annotator;
use crate::annotate::parts::{FilePart, PartBuilder};
use crate::config::Settings;
use crate::ingest::{self, Ingested, Reject};
use crate::manifest::{Manifest, StageTiming};
use crate::output::posts::{PostMisinfo, PostsFrame, PostsSource, mentions_frame};
use crate::output::{self, Destination, RunLock, Staging, table};
use crate::pipeline::state::{Lookup, State};
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

/// The clock, in Unix seconds: only for the run id, a directory name that
/// is never inside a table.
fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// The input files, or an error when there are none; what the walk
/// skipped (a folder or file reached again through a link) is said.
fn input_files(settings: &Settings, status: &Status) -> Result<Vec<PathBuf>> {
    let ingest::InputList { files, notes } = ingest::walk_inputs(&settings.inputs)?;
    for n in notes {
        status.warn(n);
    }
    if files.is_empty() {
        bail!(
            "no input files in {} (looked for *.csv, *.tsv, *.json, *.jsonl, *.ndjson, *.parquet, optionally .gz/.zst)",
            settings.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(files)
}

/// Logs what ingest counted and fails when the counts do not add up or
/// nothing usable came in.
fn check_ingested(ingested: &Ingested, status: &mut Status) -> Result<()> {
    let c = &ingested.counts;
    status.info(format!(
        "ingest: {} read, {} kept, {} rejected, {} duplicates",
        c.read, c.kept, c.rejected, c.duplicates
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
    Ok(())
}

fn summarise_rejects(rejects: &[Reject], status: &Status) {
    for r in rejects.iter().take(10) {
        status.warn(format!("{}:{}: {}", r.source_file, r.line, r.reason));
    }
    if rejects.len() > 10 {
        status.warn(format!("… and {} more rejects", rejects.len() - 10));
    }
}

pub use crate::annotate::parts::{AnalysisCounts, Annotated};

/// Ingest, then the per-post stages; `keep_all` keeps unmatched posts.
pub fn ingest_and_annotate(
    settings: &Settings,
    annotator: &Annotator,
    keep_all: bool,
    status: &mut Status,
) -> Result<(Ingested, Annotated)> {
    ingest_and_annotate_with(settings, annotator, keep_all, None, status)
}

pub use crate::core::Shard;

/// [`ingest_and_annotate`] with an incremental [`State`]: a file whose
/// content the state holds is taken from it; the others are read, scored
/// and stored. Files are then merged in input order through the same
/// de-duplication as a full run, so the result is the same.
pub fn ingest_and_annotate_with(
    settings: &Settings,
    annotator: &Annotator,
    keep_all: bool,
    state: Option<&mut State>,
    status: &mut Status,
) -> Result<(Ingested, Annotated)> {
    let files = input_files(settings, status)?;
    let parts = read_parts(&files, settings, annotator, keep_all, state, None, status)?;
    merge_parts(parts, keep_all, status)
}

/// Every input file read (or taken from the state) and its posts scored,
/// in input order; with `shard`, only that shard's posts. A file is read
/// and scored in chunks and each fresh part goes to the state as soon as
/// it is complete, so memory holds what the run keeps, not the input.
pub fn read_parts(
    files: &[PathBuf],
    settings: &Settings,
    annotator: &Annotator,
    keep_all: bool,
    mut state: Option<&mut State>,
    shard: Option<Shard>,
    status: &mut Status,
) -> Result<Vec<FilePart>> {
    status.info(format!("reading {} file(s)", files.len()));
    let mut parts: Vec<FilePart> = Vec::with_capacity(files.len());
    let (mut fresh, mut scored, mut scoring_secs, mut state_secs) = (0usize, 0u64, 0.0, 0.0);
    let bar = status.progress(files.len() as u64, "ingest+score (files)");
    let posts_done = std::sync::atomic::AtomicU64::new(0);
    let tick = |n: u64| {
        let done = posts_done.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
        bar.set_message(format!("ingest+score ({done} posts)"));
    };
    for (i, path) in files.iter().enumerate() {
        bar.inc(1);
        let display = ingest::display_path(path);
        // With a state, the file is hashed first to look it up; reading
        // it then reuses the hash.
        let mut hashed = None;
        if let Some(st) = state.as_deref_mut() {
            match ingest::source::sha256_file(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_err() => {
                    bail!("input {display} vanished while the run was reading it")
                }
                // Unreadable: read_file reports it as a file reject.
                Err(_) => {}
                Ok(h) => {
                    if let Lookup::Cached(mut part) = st.lookup(&h.0, &mut |m| status.warn(m)) {
                        part.relocate(i as u32, &display);
                        parts.push(*part);
                        continue;
                    }
                    hashed = Some(h);
                }
            }
        }
        let sha = hashed.as_ref().map(|h| h.0.clone());
        let mut builder = PartBuilder::new(annotator, keep_all, shard, &tick);
        // With a state, the file's misinfo records stream into it.
        if let (Some(st), Some(sha)) = (state.as_deref_mut(), &sha) {
            builder = builder.records_to(st.records_sink(sha)?);
        }
        let report = ingest::read_file_hashed(
            i as u32,
            path,
            &display,
            &settings.ingest,
            hashed,
            &mut |c: ingest::Chunk| builder.push(c),
        );
        // Gone, not a link that leads nowhere (that is one unreadable input).
        if report.error.is_some() && path.symlink_metadata().is_err() {
            bail!("input {display} vanished while the run was reading it");
        }
        let (mut part, secs) = builder.finish(report)?;
        scoring_secs += secs;
        scored += part.keys.len() as u64;
        fresh += 1;
        if let (Some(st), Some(sha)) = (state.as_deref_mut(), sha) {
            let started = std::time::Instant::now();
            st.store(&sha, &mut part)?;
            state_secs += started.elapsed().as_secs_f64();
        }
        parts.push(part);
    }
    bar.finish_and_clear();
    status.stage_done_split("ingest", &[("text+watchlist+sentiment", scoring_secs), ("state", state_secs)]);
    let reused = if state.is_some() {
        format!("; {} unchanged file(s) taken from the state", files.len() - fresh)
    } else {
        String::new()
    };
    status.info(format!(
        "text+watchlist+sentiment: {scored} posts of {fresh} new or changed file(s) scored in {scoring_secs:.2}s{reused}",
    ));
    Ok(parts)
}

/// Merges file parts ([`crate::annotate::parts::merge`]) and checks the accounting.
pub fn merge_parts(
    parts: Vec<FilePart>,
    keep_all: bool,
    status: &mut Status,
) -> Result<(Ingested, Annotated)> {
    status.begin("merging files, removing duplicates");
    let (merged, annotated) = crate::annotate::parts::merge(parts, keep_all)?;
    // What the per-post stage freed goes back before topics allocate.
    crate::util::release_free_memory();
    status.stage_done("merge");
    check_ingested(&merged, status)?;
    let c = &annotated.counts;
    status.info(format!(
        "{} of {} posts name a target ({} id, {} en, {} other)",
        c.matched,
        c.matched + c.unmatched,
        c.lang.id,
        c.lang.en,
        c.lang.other
    ));
    Ok((merged, annotated))
}

/// Claims the output (runs into the reports folder share `latest`, and
/// so one lock), then removes what runs killed here left behind: holding
/// the lock, nothing else is writing here.
fn lock_output(dest: &Destination, status: &Status) -> Result<RunLock> {
    let path = dest.lock_path();
    let (lock, stale) = RunLock::acquire(&path).map_err(|e| match e {
        output::LockError::Held { .. } => anyhow::Error::new(e),
        output::LockError::Io { .. } => anyhow::Error::new(e)
            .context(format!("cannot write the output {}", dest.target("<run-id>").display())),
    })?;
    if let Some(pid) = stale {
        status.warn(format!("took over {} from run {pid}, which is no longer running", path.display()));
    }
    let removed = output::location::remove_leftovers(&dest.leftovers());
    if !removed.is_empty() {
        let mb = removed.iter().map(|r| r.1).sum::<u64>() as f64 / 1e6;
        let mut shown: Vec<String> = removed.iter().take(5).map(|r| r.0.display().to_string()).collect();
        if removed.len() > 5 {
            shown.push(format!("and {} more", removed.len() - 5));
        }
        status.warn(format!(
            "removed {} leftover(s) of runs killed before finishing ({mb:.1} MB): {}",
            removed.len(),
            shown.join(", ")
        ));
    }
    Ok(lock)
}

/// The misinfo stage over every post read ([`crate::misinfo::stage`]):
/// its records are read back and the per-file winners dropped.
pub fn find_misinfo(
    annotator: &Annotator,
    annotated: &mut Annotated,
    status: &mut Status,
) -> Result<crate::misinfo::stage::MisinfoOutcome> {
    status.begin("claims, hoax vocabulary, copy-paste clusters");
    let parts = std::mem::take(&mut annotated.misinfo);
    let records: Vec<crate::misinfo::stage::PartRecords> = parts
        .iter()
        .map(|p| crate::misinfo::stage::PartRecords { blobs: &p.blobs, winners: &p.winners })
        .collect();
    let out = crate::misinfo::stage::run(&records, &annotator.misinfo)?;
    drop(records);
    drop(parts);
    let secs = status.stage_done("misinfo");
    let r = &out.report;
    status.info(format!(
        "misinfo: {} post(s) match {} of {} claim(s); {} copy-paste cluster(s) hold {} post(s) ({} compared, {} distinct word sets); {} post(s) use the hoax vocabulary; in {secs:.2}s",
        r.claim_matches,
        r.claims_matched,
        annotator.misinfo.claims.claims.len(),
        r.clusters,
        r.posts_in_clusters,
        r.posts_compared,
        r.join.sets,
        r.posts_with_vocabulary,
    ));
    Ok(out)
}

/// Logs what the fact-check files gave, and each file that gave nothing.
fn log_claims(annotator: &Annotator, status: &Status) {
    let c = &annotator.misinfo.claims;
    if c.files.is_empty() {
        return;
    }
    status.info(format!("[misinfo] claims: {}", c.summary()));
    for f in &c.files {
        if let Some(e) = &f.error {
            status.warn(format!("[misinfo] claims: {}: {e}", f.path));
        } else if f.kept == 0 {
            status.warn(format!("[misinfo] claims: {}: no claim read ({} rejected)", f.path, f.rejected));
        }
    }
}

/// Topics of the posts `run` writes (none when `[topics] enabled = false`).
/// With a state, the topics of the last complete run are carried over
/// (their ids kept) unless it was rebuilt, `--full` was asked or the
/// `[topics]` settings changed; this run's are stored for the next.
fn fit_topics(
    settings: &Settings,
    annotator: &Annotator,
    a: &Annotated,
    state: Option<&mut State>,
    run_id: &str,
    status: &mut Status,
) -> Result<Option<topics::TopicModel>> {
    if !settings.topics.enabled {
        if let Some(st) = state {
            st.store_topics(None)?;
        }
        return Ok(None);
    }
    status.begin("topics");
    let hash = topics::carry::settings_hash(&settings.topics);
    let prev = state.as_ref().map(|st| st.carried_topics(&hash));
    let carried = prev.as_ref().and_then(|p| p.as_ref().ok());
    let (mut model, next) =
        topics::fit_posts_carried(&a.posts, &annotator.lexicon, &settings.topics, carried, run_id);
    if let Some(Err(why)) = &prev {
        // A nightly run that could not carry its topics over says why.
        let ids: Vec<u32> = model.topics.iter().map(|t| t.id).collect();
        model.report.changes =
            Some(topics::carry::Changes { refit: Some(why.clone()), new: ids, ..Default::default() });
    }
    if let Some(st) = state {
        st.store_topics(Some(&next))?;
    }
    // And what topics freed, before the tables (the peak at 1 M posts).
    crate::util::release_free_memory();
    let secs = status.stage_done("topics");
    let r = &model.report;
    status.info(format!(
        "topics: {} topics over {} posts (vocabulary {}, NPMI {:.3}, diversity {:.2}; {} posts without usable terms) in {secs:.2}s",
        r.k, r.posts - r.posts_without_terms, r.vocabulary, r.npmi, r.diversity, r.posts_without_terms
    ));
    if let Some(c) = &r.changes {
        match (&c.from_run, &c.refit) {
            (Some(from), _) => status.info(format!(
                "topics: carried over from run {from}: {} kept, {} new, {} retired, {} relabelled",
                c.kept.len(),
                c.new.len(),
                c.retired.len(),
                c.relabelled.len()
            )),
            (None, Some(why)) => status.info(format!("topics: fitted afresh: {why}")),
            (None, None) => {}
        }
    }
    Ok(Some(model))
}

/// Accounts acting together and bursts, over what every post read
/// pushed (`a.acts`, emptied here: its memory goes back before topics).
fn find_coordination(
    settings: &Settings,
    annotator: &Annotator,
    a: &mut Annotated,
    misinfo: Option<&crate::misinfo::stage::MisinfoOutcome>,
    status: &mut Status,
) -> Option<crate::coordination::Coordination> {
    let mut acts = std::mem::take(&mut a.acts);
    if !settings.coordination.enabled {
        return None;
    }
    status.begin("coordination");
    // Co-text: the misinfo stage's copy-paste clusters (over every post
    // read; see coordination::copytext).
    let min_words = settings.misinfo.copy_min_words;
    let pasted = match misinfo {
        Some(m) => crate::coordination::copytext::add_clusters(&mut acts, m, &settings.privacy, min_words),
        None => crate::coordination::copytext::CopyPasteReport::off(min_words),
    };
    let claims = misinfo
        .map(|m| crate::coordination::copytext::claim_evidence(m, &annotator.misinfo.claims.claims))
        .unwrap_or_default();
    let mut c = crate::coordination::run_with_claims(
        &acts,
        &a.posts,
        &annotator.watchlists,
        &settings.privacy,
        &settings.coordination,
        &claims,
    );
    drop(claims);
    drop(acts);
    let (posts, messages) = (pasted.posts, pasted.messages);
    c.report.copy_paste = Some(pasted);
    crate::util::release_free_memory();
    let secs = status.stage_done("coordination");
    let r = &c.report;
    status.info(format!(
        "coordination: window {} s ({}); {posts} posts pasted {messages} copy-paste message(s) of two accounts or more; {} accounts acted together in {} cluster(s) ({} links between them); {} burst(s) in {secs:.2}s",
        r.window.seconds, r.window.method, r.linked_accounts, r.clusters, r.edges, r.bursts
    ));
    Some(c)
}

/// How `run` is asked to work.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Output directory (default `<output.dir>/<run-id>` with `latest`).
    pub out: Option<PathBuf>,
    /// Ignore the incremental state: read and score every file again.
    pub full: bool,
    /// Build everything from the shards `suara score --shard` wrote here
    /// instead of reading inputs.
    pub scored: Option<PathBuf>,
}

/// `suara run`: every stage, into `opts.out` (or `<output.dir>/<run-id>`).
pub fn run(settings: &Settings, opts: &RunOptions, status: &mut Status) -> Result<RunOutcome> {
    let dest = match &opts.out {
        Some(dir) => Destination::Folder(dir.clone()),
        None => Destination::Reports(settings.output_dir.clone()),
    };
    // What can be refused is refused before anything is written: an output
    // that is not ours or that holds an input, a missing input.
    let files = match &opts.scored {
        Some(dir) => {
            dest.guard(std::slice::from_ref(dir))?;
            if !dir.is_dir() {
                bail!("--scored {}: no such folder", dir.display());
            }
            Vec::new()
        }
        None => {
            dest.guard(&settings.inputs)?;
            input_files(settings, status)?
        }
    };
    let _lock = lock_output(&dest, status)?;
    // Chosen holding the lock: two runs in one second get two ids.
    let id = dest.run_id(now_secs());
    let target = dest.target(&id);
    let latest_dir = dest.reports().map(Path::to_path_buf);
    let annotator = settings.annotator()?;
    let fingerprint = crate::pipeline::state::fingerprint(settings, &annotator);
    let keep = settings.watchlist.keep_unmatched;
    let (mut state, (ingested, mut annotated)) = match &opts.scored {
        Some(dir) => {
            status.stage_done("setup");
            let parts = crate::pipeline::state::read_shards(dir, &fingerprint)?;
            status.stage_done("ingest");
            (None, merge_parts(parts, keep, status)?)
        }
        None => {
            let mut state = State::open(&dest.state_dir(), &fingerprint, opts.full)?;
            if let Some(why) = &state.rebuilt {
                status.info(format!("state: every file is read again ({why})"));
            }
            status.stage_done("setup");
            let parts = read_parts(&files, settings, &annotator, keep, Some(&mut state), None, status)?;
            (Some(state), merge_parts(parts, keep, status)?)
        }
    };
    if annotated.counts.matched == 0 {
        status.warn("no post names a watchlist target: the posts table is empty (check [watchlist] use)");
    }
    log_claims(&annotator, status);
    let enabled = settings.misinfo.enabled;
    let mut misinfo =
        if enabled { find_misinfo(&annotator, &mut annotated, status)? } else { Default::default() };
    annotated.misinfo.clear();
    let coordination =
        find_coordination(settings, &annotator, &mut annotated, enabled.then_some(&misinfo), status);
    let staging = Staging::begin(&target)?;
    let mut outputs = vec!["tables/posts.parquet".to_string(), "tables/posts.csv".to_string()];
    if enabled {
        // The per-post misinfo tables now: a campaign can put millions of
        // posts in clusters, whose rows go before topics need the memory.
        status.begin("writing claim matches and copy-paste posts");
        let claims = &annotator.misinfo.claims;
        table::write_csv(
            &crate::output::misinfo::claim_matches_frame(&misinfo, claims)?,
            &staging.path("tables/claim_matches.csv")?,
        )?;
        table::write_parquet(
            &mut crate::output::misinfo::claim_matches_frame(&misinfo, claims)?,
            &staging.path("tables/claim_matches.parquet")?,
        )?;
        crate::output::misinfo::write_copy_posts(
            &misinfo,
            &staging.path("tables/copypasta_posts.csv")?,
            &staging.path("tables/copypasta_posts.parquet")?,
        )?;
        outputs.extend(
            ["claim_matches.csv", "claim_matches.parquet", "copypasta_posts.csv", "copypasta_posts.parquet"]
                .map(|f| format!("tables/{f}")),
        );
        misinfo.copy_posts = Vec::new();
        misinfo.copy_ids = Default::default();
        misinfo.claim_matches = Vec::new();
        crate::util::release_free_memory();
        status.stage_done("write");
    }
    let topics = fit_topics(settings, &annotator, &annotated, state.as_mut(), &id, status)?;
    let files: Vec<String> = ingested.files.iter().map(|f| f.path.clone()).collect();
    status.begin("writing posts and mentions");
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
    let (posts_csv, posts_pq) = (staging.path("tables/posts.csv")?, staging.path("tables/posts.parquet")?);
    let source = PostsSource {
        posts: &annotated.posts,
        matcher: &annotator.matcher,
        files: &files,
        privacy: &settings.privacy,
        topics: topics.as_ref(),
        misinfo: enabled.then_some(PostMisinfo {
            outcome: &misinfo,
            claims: &annotator.misinfo.claims,
            clusters: true,
        }),
    };
    PostsFrame::write(&source, Some(&posts_csv), Some(&posts_pq))?;
    // Each kept post's claim and cluster are in the posts table now.
    misinfo.links = Default::default();
    // `why` is in the posts table now and nothing later reads it; its
    // memory goes to the aggregates (at 10 M posts they are the peak).
    for s in annotated.posts.iter_mut().filter_map(|s| s.notes.sentiment.as_mut()) {
        s.why = String::new();
    }
    write("mentions", &mut mentions_frame(&annotated.posts, &annotator.matcher)?, true)?;
    write("targets", &mut output::tables::targets_frame(&annotator.watchlists, &annotated.posts)?, false)?;
    if let Some(model) = &topics {
        let posts = &annotated.posts;
        write("topics", &mut topics::tables::topics_frame(model, posts, &annotator.matcher)?, false)?;
        write("topic_terms", &mut topics::tables::topic_terms_frame(model)?, false)?;
        write("topic_daily", &mut topics::tables::topic_daily_frame(model, posts)?, false)?;
    }
    if let Some(c) = &coordination {
        for (name, mut df) in crate::coordination::tables::frames(c)? {
            write(name, &mut df, true)?;
        }
    }
    // The aggregates' frames are large allocations of their own (mmap):
    // freed table buffers would otherwise stay resident beneath them.
    crate::util::release_free_memory();
    status.stage_done("write");
    status.begin("aggregates");
    // The aggregates and the report cover the window; the tables above
    // keep every post.
    let window = settings.report.window_days.map(|d| Window::of(&annotated.posts, d));
    let windowed = window.as_ref().map(|w| w.select(&annotated.posts, topics.as_ref()));
    let (posts, topics_w) = match &windowed {
        Some((p, t)) => (p.as_slice(), t.as_ref()),
        None => (annotated.posts.as_slice(), topics.as_ref()),
    };
    let mut aggregates =
        crate::analytics::aggregate(posts, &annotator.watchlists, topics_w, &settings.privacy)?;
    if enabled {
        aggregates.misinfo =
            Some(crate::analytics::misinfo::tables(&misinfo, &annotator.misinfo, &annotator.watchlists)?);
    }
    for (name, df) in aggregates.tables() {
        write(name, &mut df.clone(), false)?;
    }
    // The fact-check files' rejects beside the posts' (their counts are
    // apart, in the manifest's misinfo section).
    let mut rejects = ingested.rejects.clone();
    rejects.extend(annotator.misinfo.claims.rejects.iter().cloned());
    table::write_csv(&output::tables::rejects_frame(&rejects)?, &staging.path("rejects.csv")?)?;
    drop(rejects);
    outputs.push("rejects.csv".into());
    status.stage_done("aggregate");

    let mut manifest = Manifest::new(
        settings.provenance("run", &id),
        &ingested,
        &annotated.counts,
        StageTiming::of(status),
        outputs,
    );
    manifest.watchlists = annotator.watchlists.sources.clone();
    manifest.sentiment = Some(annotator.sentiment.report());
    manifest.topics = topics.as_ref().map(|t| t.report.clone());
    manifest.report_window = window.as_ref().map(|w| w.report.clone());
    manifest.coordination = coordination.as_ref().map(|c| c.report.clone());
    if enabled {
        manifest.misinfo =
            Some(crate::manifest::MisinfoReport::new(&annotator.misinfo, &misinfo.report, true));
    }
    if settings.report.enabled {
        status.begin("charts and report.pdf");
        let input = crate::report::ReportInput {
            aggregates: &aggregates,
            watchlists: &annotator.watchlists,
            topics: topics_w,
            manifest: &manifest,
            coordination: coordination.as_ref(),
        };
        let rendered = crate::report::render(&input, &settings.report, &staging.path("")?)?;
        for (name, df) in &rendered.chart_tables {
            let rel = format!("tables/{name}.csv");
            table::write_csv(df, &staging.path(&rel)?)?;
            manifest.outputs.push(rel);
        }
        let secs = status.stage_done("report");
        let charts = rendered.files.iter().filter(|f| f.ends_with(".svg")).count();
        status.info(format!("report: {charts} charts and report.pdf in {secs:.2}s"));
        manifest.outputs.extend(rendered.files);
        manifest.stages = StageTiming::of(status);
    }
    std::fs::write(staging.path("manifest.json")?, manifest.to_json())
        .context("cannot write manifest.json")?;
    let dir = staging.commit()?;
    if let Some(reports) = latest_dir {
        output::update_latest(&reports, &id)?;
    }
    // Last: a run killed before this point leaves the previous state.
    if let Some(state) = state.take() {
        state.commit()?;
    }
    let rejected = ingested.counts.rejected + annotator.misinfo.claims.counts.rejected;
    let status_code = if rejected > 0 { ExitStatus::Partial } else { ExitStatus::Success };
    Ok(RunOutcome { dir, status: status_code, ingested, analysis: annotated.counts })
}

/// `suara score`: the per-post stages, every post kept, one table out;
/// with `shard`, that shard's posts, and beside the table the scored parts
/// that `run --scored` builds the rest from.
pub fn score(
    settings: &Settings,
    out: &Path,
    shard: Option<Shard>,
    status: &mut Status,
) -> Result<(ExitStatus, Ingested, AnalysisCounts)> {
    output::location::guard_file(out, &settings.inputs)?;
    let files = input_files(settings, status)?;
    let annotator = settings.annotator()?;
    let parts = read_parts(&files, settings, &annotator, true, None, shard, status)?;
    let sidecar = match shard {
        Some(s) => Some(crate::pipeline::state::encode_shard(
            s,
            &crate::pipeline::state::fingerprint(settings, &annotator),
            &parts,
        )?),
        None => None,
    };
    let (ingested, mut a) = merge_parts(parts, true, status)?;
    log_claims(&annotator, status);
    // Claims are the post's own; clusters need every post read, which one
    // shard does not see (`run --scored` finds them whole).
    let enabled = settings.misinfo.enabled;
    let misinfo = if enabled { find_misinfo(&annotator, &mut a, status)? } else { Default::default() };
    let files: Vec<String> = ingested.files.iter().map(|f| f.path.clone()).collect();
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let tmp = out.with_extension(format!("{ext}.tmp-{}", std::process::id()));
    let (csv, parquet) = match ext.as_str() {
        "parquet" | "pq" => (None, Some(tmp.as_path())),
        "csv" => (Some(tmp.as_path()), None),
        other => bail!("--out {}: extension .{other} is neither .csv nor .parquet", out.display()),
    };
    if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let source = PostsSource {
        posts: &a.posts,
        matcher: &annotator.matcher,
        files: &files,
        privacy: &settings.privacy,
        topics: None,
        misinfo: enabled.then_some(PostMisinfo {
            outcome: &misinfo,
            claims: &annotator.misinfo.claims,
            clusters: shard.is_none(),
        }),
    };
    let written = PostsFrame::write(&source, csv, parquet);
    if let Err(e) = written {
        std::fs::remove_file(&tmp).ok();
        return Err(e);
    }
    std::fs::rename(&tmp, out).with_context(|| format!("cannot rename into {}", out.display()))?;
    if let Some(bytes) = sidecar {
        let path = crate::pipeline::state::shard_path(out);
        if let Err(e) = output::write_atomic(&path, &bytes) {
            // A table without its scored parts would be a silent hole.
            std::fs::remove_file(out).ok();
            return Err(e);
        }
    }
    status.stage_done("write");
    let rejected = ingested.counts.rejected + annotator.misinfo.claims.counts.rejected;
    let code = if rejected > 0 { ExitStatus::Partial } else { ExitStatus::Success };
    Ok((code, ingested, a.counts))
}
