//! `manifest.json`: what produced a run's outputs, so an academic can
//! reproduce every number (CONTRACT.md).

use crate::ingest::{Counts, FileReport};
use serde::Serialize;

/// Seconds a stage took (the only wall-clock values in a run's outputs).
#[derive(Debug, Clone, Serialize)]
pub struct StageTiming {
    pub stage: String,
    pub seconds: f64,
}

/// Record accounting with its check.
#[derive(Debug, Clone, Serialize)]
pub struct CountsReport {
    #[serde(flatten)]
    pub counts: Counts,
    /// read = kept + rejected + duplicates holds.
    pub balanced: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrivacyReport {
    pub pseudonymised: bool,
    /// "config" when the config set a salt, "default" when it did not.
    pub salt: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub suara_version: &'static str,
    pub command: String,
    pub run_id: String,
    pub config_file: Option<String>,
    pub config_hash: String,
    pub config: serde_json::Value,
    pub privacy: PrivacyReport,
    pub inputs: Vec<FileReport>,
    pub counts: CountsReport,
    /// The watchlists used (name, origin, sha256).
    pub watchlists: Vec<crate::watchlist::Source>,
    /// What the per-post stages found.
    pub analysis: Option<crate::annotate::parts::AnalysisCounts>,
    /// Sentiment models, their figures and the method per language.
    pub sentiment: Option<crate::sentiment::SentimentReport>,
    /// The topic model: method, K and how it was chosen, seed, quality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topics: Option<crate::topics::TopicsReport>,
    /// The days the aggregates and the report cover, when `[report]
    /// window` narrows them (the posts and mentions tables keep every post).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_window: Option<crate::analytics::window::ReportWindow>,
    /// Accounts acting together: the window and how it was set, the
    /// thresholds, and what was counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordination: Option<crate::coordination::CoordinationReport>,
    /// Claims, the hoax vocabulary and copy-paste clusters: the thresholds
    /// in force, the fact-check files and their own accounting, and what
    /// the stage found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub misinfo: Option<MisinfoReport>,
    pub stages: Vec<StageTiming>,
    pub outputs: Vec<String>,
    pub notes: Vec<String>,
}

/// The manifest's `misinfo` section.
#[derive(Debug, Clone, Serialize)]
pub struct MisinfoReport {
    pub thresholds: crate::misinfo::Thresholds,
    /// The fact-check files, each as ingest reports an input.
    pub claim_files: Vec<FileReport>,
    /// The fact-check records' own accounting (apart from the posts'):
    /// read = kept + rejected + duplicates (a claim id seen before).
    pub claim_counts: CountsReport,
    /// Terms of the hoax and black-campaign vocabulary counted.
    pub vocabulary_terms: usize,
    pub found: crate::misinfo::stage::StageReport,
    /// Whether `copypasta_*` and the posts' `cluster_id` cover every post
    /// read (always in `run`; one shard's `score` sees only its own).
    pub clusters_whole: bool,
}

impl MisinfoReport {
    pub fn new(
        m: &crate::misinfo::Misinfo,
        found: &crate::misinfo::stage::StageReport,
        clusters_whole: bool,
    ) -> MisinfoReport {
        MisinfoReport {
            thresholds: m.settings.thresholds(),
            claim_files: m.claims.files.clone(),
            claim_counts: CountsReport {
                counts: m.claims.counts.clone(),
                balanced: m.claims.counts.balanced(),
            },
            vocabulary_terms: m.terms.len(),
            found: found.clone(),
            clusters_whole,
        }
    }
}

impl Manifest {
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("manifest serialises");
        s.push('\n');
        s
    }
}

/// What produced a run, as the pipeline knows it: the command, the run id
/// and the configuration that ran.
pub struct Provenance<'a> {
    pub command: &'a str,
    pub run_id: &'a str,
    pub config_file: Option<String>,
    pub config_hash: String,
    /// The resolved configuration, salt replaced by its hash.
    pub config: serde_json::Value,
    pub privacy: &'a crate::core::Privacy,
}

impl StageTiming {
    /// Seconds per stage, to the millisecond.
    pub fn of(status: &crate::status::Status) -> Vec<StageTiming> {
        status
            .timings
            .iter()
            .map(|(s, t)| StageTiming { stage: s.clone(), seconds: (t * 1000.0).round() / 1000.0 })
            .collect()
    }
}

impl Manifest {
    /// The manifest of a run or score; later stages fill in their parts
    /// (watchlists, sentiment, topics, window).
    pub fn new(
        p: Provenance,
        ingested: &crate::ingest::Ingested,
        analysis: &crate::annotate::parts::AnalysisCounts,
        stages: Vec<StageTiming>,
        outputs: Vec<String>,
    ) -> Manifest {
        let mut notes = Vec::new();
        if p.privacy.pseudonymise && p.privacy.salt_is_default {
            notes.push(format!(
                "no [privacy] salt in the config: authors were pseudonymised with the public default salt \"{}\"; set your own (suara init writes one)",
                crate::core::privacy::DEFAULT_SALT
            ));
        }
        if !p.privacy.pseudonymise {
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
            command: p.command.to_string(),
            run_id: p.run_id.to_string(),
            config_file: p.config_file,
            config_hash: p.config_hash,
            config: p.config,
            privacy: PrivacyReport {
                pseudonymised: p.privacy.pseudonymise,
                salt: if p.privacy.salt_is_default { "default" } else { "config" },
            },
            inputs: ingested.files.clone(),
            counts: CountsReport { counts: ingested.counts.clone(), balanced: ingested.counts.balanced() },
            watchlists: Vec::new(),
            analysis: Some(analysis.clone()),
            sentiment: None,
            topics: None,
            report_window: None,
            coordination: None,
            misinfo: None,
            stages,
            outputs,
            notes,
        }
    }
}
