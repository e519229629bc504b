//! Configuration in three layers, as ruff has it: [`Options`] mirror
//! `suara.toml` (every field optional, unknown keys refused);
//! [`configure`] merges the command line's [`Overrides`] into them, once,
//! before anything is checked; [`check`] turns the merged options into
//! [`Settings`], what the stages see, checked and resolved. So the
//! manifest's `config` and `config_hash` describe what actually ran, flags
//! included, and nothing downstream parses config strings.

use crate::core::Platform;
use crate::ingest::time::{DateOrder, TimeSettings, zone_offset};
use crate::ingest::{IngestSettings, PresetChoice, presets};
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use crate::core::privacy::DEFAULT_SALT;

/// The config file as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    pub input: Option<InputOptions>,
    pub privacy: Option<PrivacyOptions>,
    pub output: Option<OutputOptions>,
    pub text: Option<TextOptions>,
    pub watchlist: Option<WatchlistOptions>,
    pub sentiment: Option<SentimentOptions>,
    pub topics: Option<TopicsOptions>,
    pub coordination: Option<CoordinationOptions>,
    pub report: Option<ReportOptions>,
    pub misinfo: Option<MisinfoOptions>,
}

/// `[misinfo]`: debunked claims, the hoax vocabulary, copy-paste clusters.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MisinfoOptions {
    /// `false`: no claims, vocabulary or clusters (their tables are not
    /// written).
    pub enabled: Option<bool>,
    /// Fact-check tables (CSV, TSV, JSON, NDJSON, Parquet; gz/zst).
    pub claims: Option<Vec<String>>,
    /// A post matches its best claim from this score (0..1).
    pub claim_threshold: Option<f64>,
    /// Two posts are copies from this Jaccard similarity of their words.
    pub copy_threshold: Option<f64>,
    /// Posts with fewer words are left out of copy-paste clusters.
    pub copy_min_words: Option<u32>,
    /// Count the built-in hoax and black-campaign vocabulary.
    pub vocabulary: Option<bool>,
    pub columns: Option<ClaimColumnOptions>,
}

/// `[misinfo.columns]`: where a fact-check table keeps each field.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimColumnOptions {
    pub claim: Option<String>,
    pub id: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub verdict: Option<String>,
    pub lang: Option<String>,
}

/// `[coordination]`: accounts acting together, and bursts.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CoordinationOptions {
    /// `false` skips coordination and bursts (no tables, no section).
    pub enabled: Option<bool>,
    /// "auto" (estimated from the data), or seconds: `45`, `"45s"`, `"2m"`.
    pub window: Option<TopicK>,
    /// The range an estimated window is clamped to, seconds.
    pub window_min: Option<u32>,
    pub window_max: Option<u32>,
    /// CooRnet's q and p for the estimate.
    pub estimate_quickest: Option<f64>,
    pub estimate_share: Option<f64>,
    /// Distinct objects and summed weight an edge needs.
    pub min_objects: Option<u32>,
    pub min_weight: Option<f64>,
    /// Objects done by this many accounts or fewer count whole.
    pub crowd: Option<u32>,
    /// Objects done by more accounts than this are not paired.
    pub max_crowd: Option<u32>,
    /// Components larger than this are split into communities when the
    /// split's modularity reaches `min_modularity`.
    pub split_above: Option<usize>,
    pub min_modularity: Option<f64>,
    /// Bursts: robust score, posts, ratio to the baseline an hour needs,
    /// and the days of baseline (same hour on previous days).
    pub burst_score: Option<f64>,
    pub burst_min_posts: Option<u64>,
    pub burst_ratio: Option<f64>,
    pub burst_days: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportOptions {
    /// `false` writes tables only (no charts, no PDF).
    pub enabled: Option<bool>,
    /// "id" or "en".
    pub lang: Option<String>,
    pub title: Option<String>,
    /// A typst template replacing the built-in one.
    pub template: Option<String>,
    /// "all" (default) or the last N days of the data, e.g. "30d".
    pub window: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicsOptions {
    /// `false` skips the topic stage.
    pub enabled: Option<bool>,
    /// "auto" or a number of topics.
    pub k: Option<TopicK>,
    pub seed: Option<u64>,
    /// Centres are fitted on a seeded sample of at most this many posts.
    pub max_fit_posts: Option<usize>,
}

/// A number or a name: `k = "auto"` or `k = 12`; `window = "auto"`,
/// `window = 60` or `window = "2m"`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum TopicK {
    Number(i64),
    Name(String),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentOptions {
    /// auto (best evaluated per language), model, lexicon, ensemble.
    pub method: Option<String>,
    /// A model file for Indonesian (and other-language) posts.
    pub model: Option<String>,
    /// A model file for English posts.
    pub model_en: Option<String>,
    /// InSet-layout lexicon files (`word<TAB>weight`) for the lexicon scorer.
    pub lexicon: Option<Vec<String>>,
    /// Emotion of Indonesian posts (anger, fear, happy, love, sadness).
    pub emotion: Option<bool>,
    /// A model file for emotion (from `suara train` on emotion labels).
    pub emotion_model: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TextOptions {
    /// A slang lexicon in the kamus-alay CSV layout (`slang,formal,…`).
    pub slang: Option<String>,
    /// An Indonesian root-word list (one per line) for the stemmer.
    pub roots: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WatchlistOptions {
    /// Built-in names (`pemilu-2024`, `us-2024`) and/or TOML files.
    #[serde(rename = "use")]
    pub use_: Option<Vec<String>>,
    /// Keep posts that match no target (they are counted either way).
    pub keep_unmatched: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InputOptions {
    pub paths: Option<Vec<String>>,
    pub preset: Option<String>,
    /// Offset for timestamps without a zone: "UTC", "WIB", "+07:00".
    pub timezone: Option<String>,
    /// Order of ambiguous slash dates: "mdy" or "dmy".
    pub date_order: Option<String>,
    pub max_text_bytes: Option<usize>,
    pub columns: Option<ColumnOptions>,
}

/// `[input.columns]`: where a generic table keeps each field.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnOptions {
    pub text: Option<String>,
    pub id: Option<String>,
    pub created_at: Option<String>,
    pub author: Option<String>,
    pub likes: Option<String>,
    pub shares: Option<String>,
    pub comments: Option<String>,
    pub views: Option<String>,
    /// A column name, or a constant written `=twitter`.
    pub platform: Option<String>,
    pub kind: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    /// The post a row replies to, reposts or quotes (its id).
    pub parent: Option<String>,
    /// The link a row shares (not the row's own `url`).
    pub link: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyOptions {
    pub salt: Option<String>,
    /// `false` writes raw handles into the tables (for public accounts only).
    pub pseudonymise: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutputOptions {
    /// Where `run` writes `<run-id>/` and the `latest` link.
    pub dir: Option<String>,
}

pub use crate::core::Privacy;
pub use crate::ingest::columns::{Columns, PlatformColumn};

pub use crate::text::TextSettings;
pub use crate::watchlist::WatchlistSettings;

/// Everything the stages see: checked, with paths resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file, if one was read.
    pub source: Option<PathBuf>,
    pub inputs: Vec<PathBuf>,
    pub ingest: IngestSettings,
    pub privacy: Privacy,
    pub output_dir: PathBuf,
    pub text: TextSettings,
    pub watchlist: WatchlistSettings,
    pub sentiment: crate::sentiment::SentimentSettings,
    pub topics: crate::topics::TopicSettings,
    pub coordination: crate::coordination::CoordinationSettings,
    pub report: crate::report::ReportSettings,
    pub misinfo: crate::misinfo::MisinfoSettings,
    /// The options as resolved (defaults filled in), for the manifest.
    pub resolved: Options,
}

impl Settings {
    /// The per-post stages, built from their settings: word lists,
    /// watchlists, models and the masker (every error surfaces here).
    pub fn annotator(&self) -> Result<crate::annotate::Annotator> {
        crate::annotate::Annotator::new(
            &self.text,
            &self.watchlist,
            &self.sentiment,
            &self.privacy,
            &self.misinfo,
            &self.ingest,
        )
    }

    /// What the manifest says produced a run: the command, the run id and
    /// this configuration.
    pub fn provenance<'a>(&'a self, command: &'a str, run_id: &'a str) -> crate::manifest::Provenance<'a> {
        crate::manifest::Provenance {
            command,
            run_id,
            config_file: self.source.as_ref().map(|p| p.display().to_string()),
            config_hash: self.hash(),
            config: self.resolved_for_manifest(),
            privacy: &self.privacy,
        }
    }

    /// SHA-256 of the sections that decide what a file's posts become
    /// (`[input]` but its paths, `[privacy]`, `[text]`, `[watchlist]`,
    /// `[sentiment]`, `[misinfo]`): what the incremental state is keyed by,
    /// so that a new input list, report language or topic count does not
    /// rescore everything.
    pub fn scoring_hash(&self) -> String {
        let mut v = self.resolved_for_manifest();
        if let Some(o) = v.as_object_mut() {
            o.retain(|k, _| {
                matches!(k.as_str(), "input" | "privacy" | "text" | "watchlist" | "sentiment" | "misinfo")
            });
            if let Some(input) = o.get_mut("input").and_then(|i| i.as_object_mut()) {
                input.remove("paths");
            }
            // The claims' contents are in the state's fingerprint; where
            // they are read from does not change a post's part.
            if let Some(m) = o.get_mut("misinfo").and_then(|i| i.as_object_mut()) {
                m.remove("claims");
            }
        }
        hex::encode(sha(v.to_string().as_bytes()))
    }

    /// SHA-256 of the resolved config (canonical JSON, keys sorted), so a
    /// manifest says exactly which configuration produced it.
    pub fn hash(&self) -> String {
        hex::encode(sha(self.resolved_for_manifest().to_string().as_bytes()))
    }

    /// The resolved config for the manifest, salt replaced by its hash.
    pub fn resolved_for_manifest(&self) -> serde_json::Value {
        let mut r = self.resolved.clone();
        if let Some(p) = r.privacy.as_mut() {
            p.salt = p.salt.as_ref().map(|s| format!("sha256:{}", hex::encode(sha(s.as_bytes()))));
        }
        serde_json::to_value(&r).expect("options serialise")
    }
}

fn sha(b: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(b).to_vec()
}

/// What the command line says on top of the config, typed at the edge
/// (clap parses each flag into its type before it gets here).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// INPUT paths, relative to the working directory (replace `[input]
    /// paths`).
    pub inputs: Vec<PathBuf>,
    /// `--lang`: the report's language.
    pub lang: Option<crate::report::i18n::Lang>,
    /// `--preset`.
    pub preset: Option<String>,
    /// `--text-col`, `--id-col`, `--time-col`, `--author-col`.
    pub text_col: Option<String>,
    pub id_col: Option<String>,
    pub time_col: Option<String>,
    pub author_col: Option<String>,
    /// `--parent-col`, `--link-col`: the replied/reposted post id and the
    /// shared link.
    pub parent_col: Option<String>,
    pub link_col: Option<String>,
    /// `eval --method`.
    pub method: Option<crate::sentiment::Method>,
    /// `eval --model FILE`: a sentiment model for posts of every language.
    pub sentiment_model: Option<PathBuf>,
    /// `eval --model FILE` of an emotion model.
    pub emotion_model: Option<PathBuf>,
    /// Watchlists used on top of the config's (`eval` masks the names of
    /// every built-in one, as training does).
    pub watchlists: Vec<String>,
}

impl Overrides {
    /// What `suara eval` runs with: every built-in watchlist's names masked
    /// (as training masks them), the method and model given. The tests use
    /// it too, so they measure what the command measures.
    pub fn for_eval(method: Option<crate::sentiment::Method>) -> Overrides {
        Overrides { method, watchlists: vec!["pemilu-2024".into(), "us-2024".into()], ..Default::default() }
    }
}

/// Merges the command line into the options (flags win). Input paths
/// from the command line stay as written (they are taken from the working
/// directory, the config's own from its directory: see [`load`]).
pub fn configure(mut opts: Options, o: &Overrides) -> Options {
    let input = opts.input.get_or_insert_with(Default::default);
    if !o.inputs.is_empty() {
        input.paths = Some(o.inputs.iter().map(|p| p.display().to_string()).collect());
    }
    if let Some(p) = &o.preset {
        input.preset = Some(p.clone());
    }
    let flags = [&o.text_col, &o.id_col, &o.time_col, &o.author_col, &o.parent_col, &o.link_col];
    if flags.iter().any(|c| c.is_some()) {
        let cols = input.columns.get_or_insert_with(Default::default);
        for (slot, flag) in [
            (&mut cols.text, &o.text_col),
            (&mut cols.id, &o.id_col),
            (&mut cols.created_at, &o.time_col),
            (&mut cols.author, &o.author_col),
            (&mut cols.parent, &o.parent_col),
            (&mut cols.link, &o.link_col),
        ] {
            if flag.is_some() {
                slot.clone_from(flag);
            }
        }
    }
    if let Some(l) = o.lang {
        opts.report.get_or_insert_with(Default::default).lang = Some(l.as_str().to_string());
    }
    // Model files named on the command line are the working directory's.
    let abs = |p: &PathBuf| std::path::absolute(p).unwrap_or_else(|_| p.clone()).display().to_string();
    let sentiment = opts.sentiment.get_or_insert_with(Default::default);
    if let Some(m) = o.method {
        sentiment.method = Some(m.as_str().to_string());
    }
    if let Some(p) = &o.sentiment_model {
        sentiment.model = Some(abs(p));
        sentiment.model_en = Some(abs(p));
    }
    if let Some(p) = &o.emotion_model {
        sentiment.emotion_model = Some(abs(p));
    }
    if !o.watchlists.is_empty() {
        let lists = opts
            .watchlist
            .get_or_insert_with(Default::default)
            .use_
            .get_or_insert_with(|| vec!["pemilu-2024".into()]);
        for w in &o.watchlists {
            if !lists.contains(w) {
                lists.push(w.clone());
            }
        }
    }
    opts
}

/// Reads a config file, merges the command line into it and checks the
/// result. Relative paths in the file are taken from its directory, so
/// `suara run --config elsewhere/suara.toml` works.
pub fn load(path: &Path, overrides: &Overrides) -> Result<Settings> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read config {}", path.display()))?;
    let opts = parse(&text, &path.display().to_string())?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    // Inputs named on the command line are the working directory's.
    let inputs_base = if overrides.inputs.is_empty() { base.clone() } else { PathBuf::new() };
    check_in(configure(opts, overrides), &base, &inputs_base, Some(path.to_path_buf()))
}

/// Settings for running without a config file, with the command line's
/// overrides.
pub fn defaults_with(overrides: &Overrides) -> Result<Settings> {
    check(configure(Options::default(), overrides), Path::new("."), None)
}

/// Settings for running without a config file.
pub fn defaults() -> Result<Settings> {
    defaults_with(&Overrides::default())
}

/// Parses TOML into options; an unknown key is an error naming the file,
/// line and column, and the nearest valid key.
pub fn parse(text: &str, name: &str) -> Result<Options> {
    toml::from_str::<Options>(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        let msg = e.message();
        let hint = unknown_field_hint(msg).unwrap_or_default();
        anyhow::anyhow!("{name}:{line}:{col}: {}{hint}", msg.trim_end())
    })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// From serde's "unknown field `x`, expected one of `a`, `b`" builds
/// "; did you mean `a`?".
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let best = nearest(field, &expected)?;
    Some(format!("; did you mean `{best}`?"))
}

pub use crate::util::nearest;

/// Checks options into settings, filling defaults; relative paths are
/// taken from `base` (the config file's directory).
pub fn check(opts: Options, base: &Path, source: Option<PathBuf>) -> Result<Settings> {
    check_in(opts, base, base, source)
}

/// [`check`], with the input paths taken from `inputs_base`.
fn check_in(mut opts: Options, base: &Path, inputs_base: &Path, source: Option<PathBuf>) -> Result<Settings> {
    let input = opts.input.get_or_insert_with(Default::default);
    let paths = input.paths.get_or_insert_with(|| vec!["datasets/sample".into()]);
    let inputs: Vec<PathBuf> = paths.iter().map(|p| resolve(inputs_base, p)).collect();
    let preset_name = input.preset.get_or_insert_with(|| "auto".into()).clone();
    let preset = match preset_name.as_str() {
        "auto" => PresetChoice::Auto,
        "generic" => PresetChoice::Generic,
        name => match presets::by_name(name) {
            Some(p) => PresetChoice::Named(p),
            None => {
                let names = presets::names();
                let hint =
                    nearest(name, &names).map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
                bail!("[input] preset: unknown preset `{name}`{hint} (known: {})", names.join(", "));
            }
        },
    };
    let tz = input.timezone.get_or_insert_with(|| "UTC".into()).clone();
    let default_offset = parse_offset(&tz).with_context(|| format!("[input] timezone = \"{tz}\""))?;
    let date_order = match input.date_order.get_or_insert_with(|| "mdy".into()).as_str() {
        "mdy" => DateOrder::Mdy,
        "dmy" => DateOrder::Dmy,
        other => bail!("[input] date_order: `{other}` is neither \"mdy\" nor \"dmy\""),
    };
    let max_text_bytes = *input.max_text_bytes.get_or_insert(256 * 1024);
    if max_text_bytes < 1024 {
        bail!("[input] max_text_bytes = {max_text_bytes} is below 1024");
    }
    let columns = check_columns(input.columns.clone().unwrap_or_default())?;
    if matches!(preset, PresetChoice::Generic) && columns.text.is_none() {
        bail!("[input] preset = \"generic\" needs [input.columns] text = \"<column>\"");
    }

    let privacy = opts.privacy.get_or_insert_with(Default::default);
    let salt_is_default = privacy.salt.as_deref().is_none_or(str::is_empty);
    let salt = privacy.salt.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| DEFAULT_SALT.into());
    let pseudonymise = *privacy.pseudonymise.get_or_insert(true);

    let output = opts.output.get_or_insert_with(Default::default);
    let output_dir = resolve(base, output.dir.get_or_insert_with(|| "reports".into()));

    let text_opts = opts.text.get_or_insert_with(Default::default);
    let text = TextSettings {
        slang: text_opts.slang.as_deref().map(|p| resolve(base, p)),
        roots: text_opts.roots.as_deref().map(|p| resolve(base, p)),
    };
    for (key, p) in [("slang", &text.slang), ("roots", &text.roots)] {
        if let Some(p) = p
            && !p.is_file()
        {
            bail!("[text] {key} = \"{}\": no such file", p.display());
        }
    }
    let wl = opts.watchlist.get_or_insert_with(Default::default);
    let lists = wl.use_.get_or_insert_with(|| vec!["pemilu-2024".into()]).clone();
    if lists.is_empty() {
        let builtin: Vec<&str> = crate::watchlist::BUILTIN.iter().map(|(n, _)| *n).collect();
        bail!("[watchlist] use is empty: name at least one watchlist (built-in: {})", builtin.join(", "));
    }
    let so = opts.sentiment.get_or_insert_with(Default::default);
    let method_name = so.method.get_or_insert_with(|| "auto".into()).clone();
    let Some(method) = crate::sentiment::Method::parse(&method_name) else {
        let names = ["auto", "model", "lexicon", "ensemble"];
        let hint =
            nearest(&method_name, &names).map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
        bail!("[sentiment] method = \"{method_name}\" is not one of auto, model, lexicon, ensemble{hint}");
    };
    let file = |key: &str, p: &str| -> Result<PathBuf> {
        let path = resolve(base, p);
        if !path.is_file() {
            bail!("[sentiment] {key} = \"{p}\": no such file");
        }
        Ok(path)
    };
    let sentiment = crate::sentiment::SentimentSettings {
        method,
        model: so.model.as_deref().map(|p| file("model", p)).transpose()?,
        model_en: so.model_en.as_deref().map(|p| file("model_en", p)).transpose()?,
        lexicon: so
            .lexicon
            .clone()
            .unwrap_or_default()
            .iter()
            .map(|p| file("lexicon", p))
            .collect::<Result<_>>()?,
        emotion: *so.emotion.get_or_insert(true),
        emotion_model: so.emotion_model.as_deref().map(|p| file("emotion_model", p)).transpose()?,
    };
    let topics = check_topics(opts.topics.get_or_insert_with(Default::default))?;
    let coordination = check_coordination(opts.coordination.get_or_insert_with(Default::default))?;
    let misinfo = check_misinfo(opts.misinfo.get_or_insert_with(Default::default), base)?;
    let report = check_report(opts.report.get_or_insert_with(Default::default), base)?;
    let watchlist = WatchlistSettings {
        lists,
        base: if base.as_os_str().is_empty() { PathBuf::from(".") } else { base.to_path_buf() },
        keep_unmatched: *wl.keep_unmatched.get_or_insert(false),
        vocabulary: opts.misinfo.as_ref().and_then(|m| m.vocabulary).unwrap_or(true),
    };

    Ok(Settings {
        source,
        inputs,
        ingest: IngestSettings {
            preset,
            columns,
            time: TimeSettings { default_offset, date_order },
            max_text_bytes,
            masker: pseudonymise.then(|| crate::core::privacy::Masker::new(&salt, [])),
            record_limit: None,
        },
        privacy: Privacy { salt, salt_is_default, pseudonymise },
        output_dir,
        text,
        watchlist,
        sentiment,
        topics,
        coordination,
        report,
        misinfo,
        resolved: opts,
    })
}

/// `[misinfo]`, defaults filled in place.
fn check_misinfo(m: &mut MisinfoOptions, base: &Path) -> Result<crate::misinfo::MisinfoSettings> {
    use crate::misinfo::{self as mi, claims::ClaimColumns};
    let claims: Vec<PathBuf> =
        m.claims.get_or_insert_with(Vec::new).iter().map(|p| resolve(base, p)).collect();
    for (p, written) in claims.iter().zip(m.claims.iter().flatten()) {
        if !p.exists() {
            bail!("[misinfo] claims: \"{written}\": no such file");
        }
    }
    let claim_threshold = *m.claim_threshold.get_or_insert(mi::DEFAULT_CLAIM_THRESHOLD as f64);
    if !(claim_threshold > 0.0 && claim_threshold <= 1.0) {
        bail!("[misinfo] claim_threshold = {claim_threshold}: use a score above 0 and at most 1");
    }
    let copy_threshold = *m.copy_threshold.get_or_insert(mi::DEFAULT_COPY_THRESHOLD);
    if !(copy_threshold > 0.0 && copy_threshold <= 1.0) {
        bail!("[misinfo] copy_threshold = {copy_threshold}: use a similarity above 0 and at most 1");
    }
    let copy_min_words = *m.copy_min_words.get_or_insert(mi::DEFAULT_COPY_MIN_WORDS);
    if copy_min_words == 0 {
        bail!(
            "[misinfo] copy_min_words = 0: use at least 1 (8 leaves out the posts too short to tell copies from chance)"
        );
    }
    m.vocabulary.get_or_insert(true);
    let c = m.columns.get_or_insert_with(Default::default);
    Ok(mi::MisinfoSettings {
        enabled: *m.enabled.get_or_insert(true),
        claims,
        columns: ClaimColumns {
            claim: c.claim.clone(),
            id: c.id.clone(),
            url: c.url.clone(),
            date: c.date.clone(),
            verdict: c.verdict.clone(),
            lang: c.lang.clone(),
        },
        claim_threshold: claim_threshold as f32,
        copy_threshold,
        copy_min_words,
    })
}

/// `[report]`, defaults filled in place.
fn check_report(r: &mut ReportOptions, base: &Path) -> Result<crate::report::ReportSettings> {
    use crate::report::i18n::Lang;
    let name = r.lang.get_or_insert_with(|| "id".into()).clone();
    let Some(lang) = Lang::parse(&name) else {
        bail!("[report] lang = \"{name}\": use \"id\" or \"en\"");
    };
    let template = match &r.template {
        Some(p) => {
            let path = resolve(base, p);
            if !path.is_file() {
                bail!("[report] template = \"{p}\": no such file");
            }
            Some(path)
        }
        None => None,
    };
    let window = r.window.get_or_insert_with(|| "all".into()).clone();
    let window_days = match window.as_str() {
        "all" => None,
        w => match w.strip_suffix('d').and_then(|n| n.parse::<u32>().ok()) {
            Some(n) if n > 0 => Some(n),
            _ => bail!("[report] window = \"{w}\": use \"all\" or a number of days such as \"30d\""),
        },
    };
    Ok(crate::report::ReportSettings {
        enabled: *r.enabled.get_or_insert(true),
        lang,
        title: r.title.clone(),
        template,
        window_days,
    })
}

/// A window written as seconds: `45`, `"45s"`, `"2m"`.
fn window_seconds(w: &TopicK) -> Option<u32> {
    match w {
        TopicK::Number(n) => u32::try_from(*n).ok(),
        TopicK::Name(s) => {
            let s = s.trim();
            let (num, mult) = match s.strip_suffix('m') {
                Some(n) => (n, 60),
                None => (s.strip_suffix('s').unwrap_or(s), 1),
            };
            num.trim().parse::<u32>().ok().and_then(|n| n.checked_mul(mult))
        }
    }
}

/// `[coordination]`, defaults filled in place.
fn check_coordination(c: &mut CoordinationOptions) -> Result<crate::coordination::CoordinationSettings> {
    use crate::coordination::{CoordinationSettings, WindowChoice};
    let d = CoordinationSettings::default();
    let window = match c.window.get_or_insert_with(|| TopicK::Name("auto".into())) {
        TopicK::Name(n) if n == "auto" => WindowChoice::Auto,
        w => match window_seconds(w) {
            Some(s) if s <= 86_400 => WindowChoice::Fixed(s),
            _ => bail!(
                "[coordination] window = {}: use \"auto\" or seconds up to a day, e.g. 60, \"45s\", \"2m\"",
                match w {
                    TopicK::Number(n) => n.to_string(),
                    TopicK::Name(s) => format!("\"{s}\""),
                }
            ),
        },
    };
    let window_min = *c.window_min.get_or_insert(d.window_min);
    let window_max = *c.window_max.get_or_insert(d.window_max);
    if window_min > window_max || window_max > 86_400 {
        bail!(
            "[coordination] window_min = {window_min}, window_max = {window_max}: need window_min ≤ window_max ≤ 86400"
        );
    }
    let share = |key: &str, v: f64| -> Result<f64> {
        if !(v > 0.0 && v <= 1.0) {
            bail!("[coordination] {key} = {v}: use a share above 0 and at most 1");
        }
        Ok(v)
    };
    let estimate_quickest =
        share("estimate_quickest", *c.estimate_quickest.get_or_insert(d.estimate_quickest))?;
    let estimate_share = share("estimate_share", *c.estimate_share.get_or_insert(d.estimate_share))?;
    let min_objects = *c.min_objects.get_or_insert(d.min_objects);
    if min_objects < 2 {
        bail!("[coordination] min_objects = {min_objects}: an edge needs repetition, use 2 or more");
    }
    let min_weight = *c.min_weight.get_or_insert(d.min_weight);
    if !(min_weight >= 0.0 && min_weight.is_finite()) {
        bail!("[coordination] min_weight = {min_weight}: use a number ≥ 0");
    }
    let crowd = *c.crowd.get_or_insert(d.crowd);
    let max_crowd = *c.max_crowd.get_or_insert(d.max_crowd);
    if crowd < 1 || max_crowd < crowd + 1 {
        bail!(
            "[coordination] crowd = {crowd}, max_crowd = {max_crowd}: need crowd ≥ 1 and max_crowd > crowd"
        );
    }
    let min_modularity = *c.min_modularity.get_or_insert(d.min_modularity);
    if !(-0.5..=1.0).contains(&min_modularity) {
        bail!("[coordination] min_modularity = {min_modularity}: modularity lies between −0.5 and 1");
    }
    let b = &d.bursts;
    let bursts = crate::coordination::bursts::BurstSettings {
        score: *c.burst_score.get_or_insert(b.score),
        min_posts: *c.burst_min_posts.get_or_insert(b.min_posts),
        min_ratio: *c.burst_ratio.get_or_insert(b.min_ratio),
        days: *c.burst_days.get_or_insert(b.days),
        min_days: b.min_days,
    };
    if !(bursts.score > 0.0 && bursts.min_ratio >= 1.0 && bursts.min_posts >= 1 && bursts.days >= b.min_days)
    {
        bail!(
            "[coordination] bursts: need burst_score > 0, burst_ratio ≥ 1, burst_min_posts ≥ 1 and burst_days ≥ {}",
            b.min_days
        );
    }
    Ok(CoordinationSettings {
        enabled: *c.enabled.get_or_insert(true),
        window,
        window_min,
        window_max,
        estimate_quickest,
        estimate_share,
        min_objects,
        min_weight,
        crowd,
        max_crowd,
        split_above: *c.split_above.get_or_insert(d.split_above),
        min_modularity,
        bursts,
    })
}

/// `[topics]`, defaults filled in place.
fn check_topics(t: &mut TopicsOptions) -> Result<crate::topics::TopicSettings> {
    use crate::topics::{TopicCount, TopicSettings};
    let d = TopicSettings::default();
    let k = match t.k.get_or_insert_with(|| TopicK::Name("auto".into())) {
        TopicK::Name(n) if n == "auto" => TopicCount::Auto,
        TopicK::Number(n) if (2..=200).contains(n) => TopicCount::Fixed(*n as usize),
        TopicK::Number(n) => bail!("[topics] k = {n}: use a number from 2 to 200, or \"auto\""),
        TopicK::Name(n) => bail!("[topics] k = \"{n}\": use \"auto\" or a number from 2 to 200"),
    };
    let max_fit_posts = *t.max_fit_posts.get_or_insert(d.max_fit_posts);
    if max_fit_posts < 100 {
        bail!("[topics] max_fit_posts = {max_fit_posts} is below 100");
    }
    Ok(TopicSettings {
        enabled: *t.enabled.get_or_insert(true),
        k,
        seed: *t.seed.get_or_insert(d.seed),
        max_fit_posts,
        ..d
    })
}

fn resolve(base: &Path, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() || base.as_os_str().is_empty() || base == Path::new(".") {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// "UTC", "WIB", "+07:00", "-0500" → seconds east of UTC.
pub fn parse_offset(s: &str) -> Result<i32> {
    if let Some(o) = zone_offset(s) {
        return Ok(o);
    }
    let probe = format!("2000-01-01T00:00:00{s}");
    match crate::ingest::time::parse_timestamp(&probe, &TimeSettings::default()) {
        Ok(t) => Ok(-(t - 946_684_800) as i32),
        Err(_) => bail!("not a time zone: use UTC, WIB, WITA, WIT or an offset like +07:00"),
    }
}

fn check_columns(c: ColumnOptions) -> Result<Columns> {
    let platform = match c.platform {
        None => None,
        Some(p) => match p.strip_prefix('=') {
            Some(constant) => Some(PlatformColumn::Constant(Platform::parse(constant).with_context(|| {
                format!("[input.columns] platform = \"={constant}\": not one of twitter, tiktok, facebook, instagram, youtube, other")
            })?)),
            None => Some(PlatformColumn::Column(p)),
        },
    };
    Ok(Columns {
        text: c.text,
        id: c.id,
        created_at: c.created_at,
        author: c.author,
        likes: c.likes,
        shares: c.shares,
        comments: c.comments,
        views: c.views,
        platform,
        kind: c.kind,
        url: c.url,
        lang: c.lang,
        parent: c.parent,
        link: c.link,
    })
}

/// The commented config `suara init` writes.
pub fn init_template(salt: &str) -> String {
    format!(
        r#"# suara configuration — every key is optional; shown values are defaults.
# Docs: README.md, section "Configuration".

[input]
# Files or directories (walked recursively; *.csv, *.tsv, *.json, *.jsonl,
# *.ndjson, *.parquet, optionally .gz / .zst). Relative to this file.
paths = ["datasets/sample"]
# "auto" recognises the export layout per file; or one of:
# {presets}
preset = "auto"
# Offset for timestamps that carry no zone ("UTC", "WIB", "+07:00").
timezone = "UTC"
# Ambiguous Excel dates like 03/04/2024: "mdy" (US) or "dmy".
date_order = "mdy"

# For tables no preset knows: name the columns (only text is required).
# A constant platform is written with "=", e.g. platform = "=twitter".
# [input.columns]
# text = "tweet"
# id = "no"
# created_at = "tanggal"
# author = "akun"
# likes = "suka"
# platform = "=twitter"

[privacy]
# Authors are replaced by a salted hash in every output. Keep this secret
# and keep it the same across runs that must be comparable.
salt = "{salt}"
pseudonymise = true

[output]
# run writes <dir>/<run-id>/ and points <dir>/latest at it.
dir = "reports"

[watchlist]
# Built-in watchlists (pemilu-2024, us-2024, pilpres-2019, pilkada-dki-2017,
# us-2016) and/or your own TOML files; README.md, section "Watchlists",
# shows how to write one.
use = ["pemilu-2024"]
# run keeps the posts that name a target; true keeps every post.
keep_unmatched = false

[sentiment]
# auto takes, per language, what scored best on the political development set
# (model, lexicon or ensemble); the manifest says which.
method = "auto"
# model = "my-model.suara"          # a model from `suara train` (Indonesian)
# model_en = "my-model-en.suara"    # … for English posts
# lexicon = ["positive.tsv", "negative.tsv"]   # InSet-layout lexicon for the lexicon scorer
emotion = true

[topics]
# "auto" picks the number of topics by quality (NPMI × diversity) among
# 5–30; or give a number. The same seed gives the same topics on every run.
k = "auto"
seed = 42
# enabled = false                    # skip topics

[coordination]
# Accounts acting together: two accounts are linked when they repost the
# same post, share the same link, paste the same message or use the same
# uncommon set of hashtags within `window` of each other, on at least
# min_objects distinct things. "auto" estimates the window from the data
# (CooRnet's method, clamped to window_min..window_max seconds); or give
# seconds, e.g. 60 or "2m". README.md, section "Accounts acting together".
window = "auto"
min_objects = 3
min_weight = 2.0
# enabled = false                    # no coordination tables, no section

[report]
# Language of the charts and the PDF: "id" (Bahasa Indonesia) or "en".
lang = "id"
# title = "Pemilu 2024 — percakapan media sosial"
# template = "my-report.typ"         # your own typst template (copy src/report/template.typ)
# enabled = false                    # tables only: no charts, no PDF

[misinfo]
# Debunked claims: your fact-check tables (CSV, TSV, JSON, NDJSON, Parquet),
# columns found by name (claim/title/judul/headline, id, url, date, verdict,
# lang) or named below. Every post read is matched, not only those naming
# a target; copy-paste clusters and the hoax vocabulary are found too.
# claims = ["factchecks.csv"]
# claim_threshold = 0.5              # a post matches its best claim from this score (0..1)
# copy_threshold = 0.7               # two posts are copies from this share of shared words
# copy_min_words = 8                 # shorter posts are never copies
# vocabulary = true                  # count the built-in hoax and black-campaign words
# [misinfo.columns]
# claim = "Narasi"

[text]
# Optional: your own slang lexicon in the kamus-alay CSV layout
# (slang,formal,…) and an Indonesian root-word list for the stemmer.
# slang = "kamus-alay.csv"
# roots = "kata-dasar.txt"
"#,
        presets = presets::names().join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_line_and_nearest_key() {
        let err =
            parse("[input]\npreset = \"auto\"\npathz = [\"x\"]\n", "suara.toml").unwrap_err().to_string();
        assert!(err.starts_with("suara.toml:3:1:"), "{err}");
        assert!(err.contains("did you mean `paths`"), "{err}");
        let err = parse("[inptu]\n", "c.toml").unwrap_err().to_string();
        assert!(err.contains("did you mean `input`"), "{err}");
    }

    #[test]
    fn presets_and_zones_are_checked() {
        let o = parse("[input]\npreset = \"tweet-harvset\"\n", "c").unwrap();
        let err = check(o, Path::new("."), None).unwrap_err().to_string();
        assert!(err.contains("did you mean `tweet-harvest`"), "{err}");
        assert_eq!(parse_offset("WIB").unwrap(), 7 * 3600);
        assert_eq!(parse_offset("+05:30").unwrap(), 5 * 3600 + 1800);
        assert!(parse_offset("Mars").is_err());
    }

    #[test]
    fn defaults_fill_and_hash_is_stable() {
        let a = check(Options::default(), Path::new(""), None).unwrap();
        let b = check(parse("[input]\npreset = \"auto\"\n", "c").unwrap(), Path::new(""), None).unwrap();
        assert_eq!(a.hash(), b.hash(), "an explicit default equals the implicit one");
        assert!(a.privacy.salt_is_default);
        let c = check(parse("[privacy]\nsalt = \"s3cret\"\n", "c").unwrap(), Path::new(""), None).unwrap();
        assert_ne!(a.hash(), c.hash());
        assert!(!c.resolved_for_manifest().to_string().contains("s3cret"));
    }

    #[test]
    fn init_template_parses() {
        let o = parse(&init_template("abc"), "init").unwrap();
        let s = check(o, Path::new(""), None).unwrap();
        assert_eq!(s.privacy.salt, "abc");
    }

    #[test]
    fn topic_counts_are_checked() {
        let s = |t: &str| check(parse(t, "c").unwrap(), Path::new(""), None);
        assert_eq!(s("").unwrap().topics.k, crate::topics::TopicCount::Auto);
        assert_eq!(s("[topics]\nk = 12\nseed = 7\n").unwrap().topics.k, crate::topics::TopicCount::Fixed(12));
        assert!(s("[topics]\nk = 1\n").unwrap_err().to_string().contains("from 2 to 200"));
        assert!(s("[topics]\nk = \"many\"\n").unwrap_err().to_string().contains("\"auto\""));
        let err = parse("[topics]\nseeds = 3\n", "c").unwrap_err().to_string();
        assert!(err.contains("did you mean `seed`"), "{err}");
    }

    #[test]
    fn coordination_settings_are_checked() {
        use crate::coordination::WindowChoice;
        let s = |t: &str| check(parse(t, "c").unwrap(), Path::new(""), None);
        assert_eq!(s("").unwrap().coordination.window, WindowChoice::Auto);
        for (w, secs) in [("45", 45), ("\"45s\"", 45), ("\"2m\"", 120)] {
            let c = s(&format!("[coordination]\nwindow = {w}\n")).unwrap().coordination;
            assert_eq!(c.window, WindowChoice::Fixed(secs), "{w}");
        }
        for bad in [
            "window = \"soon\"",
            "window = -3",
            "min_objects = 1",
            "crowd = 30\nmax_crowd = 20",
            "window_min = 900",
        ] {
            assert!(s(&format!("[coordination]\n{bad}\n")).is_err(), "{bad}");
        }
        let err = parse("[coordination]\nmin_object = 3\n", "c").unwrap_err().to_string();
        assert!(err.contains("did you mean `min_objects`"), "{err}");
    }

    #[test]
    fn generic_needs_a_text_column() {
        let o = parse("[input]\npreset = \"generic\"\n", "c").unwrap();
        assert!(check(o, Path::new(""), None).is_err());
        let o = parse(
            "[input]\npreset = \"generic\"\n[input.columns]\ntext = \"tweet\"\nplatform = \"=x\"\n",
            "c",
        )
        .unwrap();
        let s = check(o, Path::new(""), None).unwrap();
        assert_eq!(s.ingest.columns.platform, Some(PlatformColumn::Constant(Platform::Twitter)));
    }
}
