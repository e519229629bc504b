//! Stage 1, ingest: reads post exports as they come into canonical
//! [`Post`]s, and accounts for every record.
//!
//! [`walk`] lists the files. Per file: [`source`] opens it (compression by
//! magic bytes), [`sniff`] recognises format, encoding and dialect,
//! [`detect`] picks the layout (`preset = "auto"`), then the reader of its
//! format — one complete file each, [`csv`], [`ndjson`], [`json`],
//! [`parquet`], the set closed by [`sniff::Format`] — streams records, and
//! [`map`] turns each into a post or a [`Reject`]. [`dedupe`] accounts across
//! files: no record is dropped silently, each one read is kept, rejected
//! with a reason, or counted as a duplicate, and [`Counts::balanced`]
//! checks it.

pub mod columns;
pub mod csv;
pub mod decode;
pub mod dedupe;
pub mod detect;
pub mod json;
pub mod json_reader;
pub mod map;
pub mod ndjson;
pub mod parquet;
pub mod presets;
pub mod sniff;
pub mod source;
pub mod time;
pub mod walk;

pub use dedupe::{Counts, Dedupe, Ingested, finish_counts, ingest};
pub use walk::{InputList, display_path, list_inputs, walk_inputs};

use crate::core::Post;
use columns::Columns;
use detect::{Detection, Keys};
use map::{FieldMap, MapContext, MapCounters, RowError, excerpt};
use presets::Preset;
use serde::Serialize;
use sniff::{Encoding, Format};
use source::FileError;
use std::path::Path;

/// Which layout to read files as.
#[derive(Debug, Clone, Copy)]
pub enum PresetChoice {
    Auto,
    Named(&'static Preset),
    /// Only `[input.columns]` (or `--text-col` …) say where fields are.
    Generic,
}

/// Checked ingest settings (from `[input]`).
#[derive(Debug, Clone)]
pub struct IngestSettings {
    pub preset: PresetChoice,
    pub columns: Columns,
    pub time: time::TimeSettings,
    /// Texts longer than this are rejected.
    pub max_text_bytes: usize,
    /// With `[privacy] pseudonymise`: masks handles in rejects' excerpts.
    pub masker: Option<crate::core::privacy::Masker>,
    /// Stop after about this many records (`check` reads a first batch of
    /// each file as a run would, not the whole file).
    pub record_limit: Option<u64>,
}

impl Default for IngestSettings {
    fn default() -> Self {
        IngestSettings {
            preset: PresetChoice::Auto,
            columns: Columns::default(),
            time: time::TimeSettings::default(),
            max_text_bytes: 256 * 1024,
            masker: None,
            record_limit: None,
        }
    }
}

/// A record or file that could not become a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Reject {
    pub source_file: String,
    /// Line where the record starts (0 for a whole-file reject).
    pub line: u64,
    pub reason: String,
    pub excerpt: String,
    /// 1-based column (CSV field position, or character in a JSON line).
    pub column: Option<u64>,
    /// The field at fault, when one is.
    pub field: Option<String>,
}

/// Repairs and oddities counted per file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Repairs {
    /// Rows with a field that was not UTF-8 and was read as Windows-1252.
    pub windows_1252_rows: u64,
    pub mojibake_repaired: u64,
    /// Rows that were wrapped whole in one quoted field.
    pub unwrapped_rows: u64,
    /// Ids that went through a float and may have lost digits.
    pub lossy_ids: u64,
    /// Posts without an id, given one derived from their content.
    pub derived_ids: u64,
    pub metrics_unparsed: u64,
    /// Retweets whose cut text was replaced by the full original.
    pub retweets_expanded: u64,
    /// API error objects found in pages (missing referenced tweets/users).
    pub api_errors: u64,
    /// NUL bytes removed from a text file.
    pub nul_bytes: u64,
}

impl Repairs {
    fn add(&mut self, o: &Repairs) {
        self.windows_1252_rows += o.windows_1252_rows;
        self.mojibake_repaired += o.mojibake_repaired;
        self.unwrapped_rows += o.unwrapped_rows;
        self.lossy_ids += o.lossy_ids;
        self.derived_ids += o.derived_ids;
        self.metrics_unparsed += o.metrics_unparsed;
        self.retweets_expanded += o.retweets_expanded;
        self.api_errors += o.api_errors;
        self.nul_bytes += o.nul_bytes;
    }

    fn absorb(&mut self, c: &MapCounters) {
        self.mojibake_repaired += c.mojibake_repaired.get();
        self.lossy_ids += c.lossy_ids.get();
        self.derived_ids += c.derived_ids.get();
        self.metrics_unparsed += c.metrics_unparsed.get();
        self.retweets_expanded += c.retweets_expanded.get();
        self.nul_bytes += c.nul_bytes.get();
    }
}

/// What was learnt about one input file; `inspect` prints it and the
/// manifest records it.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct FileReport {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub compression: String,
    pub format: String,
    pub encoding: String,
    pub line_endings: String,
    pub preset: Option<String>,
    pub preset_reason: String,
    /// Where each canonical field was read from.
    pub mapping: Vec<FieldSource>,
    pub read: u64,
    pub kept: u64,
    pub rejected: u64,
    pub duplicates: u64,
    pub repairs: Repairs,
    /// Things a user should know that are not row rejects.
    pub problems: Vec<String>,
    /// Set when the file could not be read at all.
    pub error: Option<String>,
}

/// One line of a file's mapping: canonical field ← source keys.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct FieldSource {
    pub field: String,
    pub source: String,
}

/// Posts and rejects as they stream out of a file, in file order.
#[derive(Debug, Default)]
pub struct Chunk {
    pub posts: Vec<Post>,
    pub rejects: Vec<Reject>,
    pub read: u64,
    pub repairs: Repairs,
}

/// Reads one file, handing its posts and rejects to `sink` in order.
pub fn read_file(
    index: u32,
    path: &Path,
    display: &str,
    settings: &IngestSettings,
    sink: &mut dyn FnMut(Chunk),
) -> FileReport {
    read_file_hashed(index, path, display, settings, None, sink)
}

/// [`read_file`] for a file whose SHA-256 and size the caller has already
/// computed (incremental runs hash a file to look it up first).
pub fn read_file_hashed(
    index: u32,
    path: &Path,
    display: &str,
    settings: &IngestSettings,
    hashed: Option<(String, u64)>,
    sink: &mut dyn FnMut(Chunk),
) -> FileReport {
    let mut report = FileReport { path: display.to_string(), ..Default::default() };
    match hashed.map_or_else(|| source::sha256_file(path), Ok) {
        Ok((sha, bytes)) => {
            report.sha256 = sha;
            report.bytes = bytes;
        }
        Err(e) => return fail(report, source::open_error(path, e), sink),
    }
    let mut opened = match source::open(path) {
        Ok(o) => o,
        Err(e) => return fail(report, e, sink),
    };
    report.compression = opened.compression.as_str().to_string();
    let sniffed = match sniff::sniff(&opened.head) {
        Ok(s) => s,
        Err(e) => {
            if let Some(err) = &opened.head_error {
                let what = format!("{} stream unreadable: {err}", opened.compression.as_str());
                return fail(report, FileError::Parse(what), sink);
            }
            return fail(report, e, sink);
        }
    };
    report.format = sniffed.format.name();
    report.encoding = sniffed.encoding.name().to_string();
    let nuls = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    if sniffed.format != Format::Parquet && !matches!(sniffed.encoding, Encoding::Utf16 { .. }) {
        opened.strip_nul(nuls.clone());
    }
    let mut file = FileCtx { index, display, settings, time: settings.time };
    // One reader per format, the set closed by `Format`.
    let result = match sniffed.format {
        Format::Csv(dialect) => csv::read(&mut file, opened, sniffed.encoding, dialect, &mut report, sink),
        Format::JsonLines => ndjson::read(&file, opened, sniffed.encoding, &mut report, sink),
        Format::Json => json::read(&file, opened, sniffed.encoding, &mut report, sink),
        Format::Parquet => parquet::read(&file, opened, &mut report, sink),
    };
    report.repairs.nul_bytes += nuls.load(std::sync::atomic::Ordering::Relaxed);
    if let Err(e) = result {
        return fail(report, e, sink);
    }
    if report.repairs.nul_bytes > 0 {
        report.problems.push(format!("{} NUL bytes removed (no text holds them)", report.repairs.nul_bytes));
    }
    if report.repairs.windows_1252_rows > 0 {
        report.encoding = if report.encoding.starts_with("utf-8") {
            format!("windows-1252 ({} rows not UTF-8)", report.repairs.windows_1252_rows)
        } else {
            report.encoding.clone()
        };
    }
    if report.repairs.lossy_ids > 0 {
        report.problems.push(format!(
            "{} ids went through floating point (e.g. 1.7355111797816568e+18) and may have lost digits; duplicates among them cannot be told apart reliably",
            report.repairs.lossy_ids
        ));
    }
    if report.repairs.derived_ids > 0 {
        report.problems.push(format!(
            "{} posts have no id; post_id was derived from text, author and time",
            report.repairs.derived_ids
        ));
    }
    if report.repairs.api_errors > 0 {
        report.problems.push(format!(
            "{} API error objects in pages (deleted or protected referenced tweets/users)",
            report.repairs.api_errors
        ));
    }
    report
}

/// A whole-file failure: one reject, and the report says why.
fn fail(mut report: FileReport, e: FileError, sink: &mut dyn FnMut(Chunk)) -> FileReport {
    let reason = e.to_string();
    sink(Chunk {
        rejects: vec![Reject {
            source_file: report.path.clone(),
            line: 0,
            reason: format!("file not read: {reason}"),
            excerpt: String::new(),
            column: None,
            field: None,
        }],
        read: 1,
        ..Default::default()
    });
    report.read += 1;
    report.rejected += 1;
    report.error = Some(reason);
    report
}

struct FileCtx<'a> {
    index: u32,
    display: &'a str,
    settings: &'a IngestSettings,
    /// The settings' time rules, with the date order this file's values
    /// prove (see [`time::infer_date_order`]).
    time: time::TimeSettings,
}

impl FileCtx<'_> {
    /// A reject whose excerpt is cut from `raw`, the record as read (its
    /// handles masked first when the run pseudonymises).
    fn reject(&self, line: u64, e: RowError, raw: &str, column: Option<u64>) -> Reject {
        match &self.settings.masker {
            Some(m) if !raw.is_empty() => self.reject_masked(line, e, &m.raw(raw), column),
            _ => self.reject_masked(line, e, raw, column),
        }
    }

    /// A reject whose excerpt text is already masked (CSV fields are, one
    /// by one, by what their column holds).
    fn reject_masked(&self, line: u64, e: RowError, excerpt_text: &str, column: Option<u64>) -> Reject {
        Reject {
            source_file: self.display.to_string(),
            line,
            reason: e.reason,
            excerpt: excerpt(excerpt_text, 120),
            column,
            field: e.field,
        }
    }

    /// The mapping for a file: explicit preset or detection, then the
    /// user's columns on top.
    fn choose(&self, keys: Keys<'_>) -> Result<Detection, FileError> {
        let s = self.settings;
        let mut det = match s.preset {
            PresetChoice::Named(p) => {
                let mut map = FieldMap::from(p);
                if let (presets::Container::Pages(path), Keys::Json(v)) = (p.container, keys)
                    && !json_reader::has_path(v, path)
                {
                    map.container = presets::Container::Rows;
                }
                Detection { map, reason: format!("{} (set in config)", p.name) }
            }
            PresetChoice::Generic => Detection {
                map: FieldMap::generic(),
                reason: "generic (set in config; columns from [input.columns])".into(),
            },
            PresetChoice::Auto if s.columns.text.is_some() => Detection {
                map: FieldMap::generic(),
                reason: "generic (columns named in config or on the command line)".into(),
            },
            PresetChoice::Auto => detect::detect(keys)?,
        };
        detect::apply_columns(&mut det.map, &s.columns);
        Ok(det)
    }

    fn map_ctx<'m, K>(&'m self, map: &'m FieldMap<K>, counters: &'m MapCounters) -> MapContext<'m, K> {
        MapContext {
            map,
            time: &self.time,
            source_file: self.index,
            file_name: self.display,
            max_text_bytes: self.settings.max_text_bytes,
            counters,
        }
    }
}

fn record_mapping(report: &mut FileReport, det: &Detection) {
    report.preset = Some(det.map.preset.clone());
    report.preset_reason = det.reason.clone();
    report.mapping = det
        .map
        .describe()
        .into_iter()
        .map(|(k, v)| FieldSource { field: k.to_string(), source: v })
        .collect();
}

/// A stream that failed between records: what followed is one reject.
fn tail_reject(
    file: &FileCtx<'_>,
    report: &mut FileReport,
    line: u64,
    err: &std::io::Error,
    sink: &mut dyn FnMut(Chunk),
) {
    let reason = format!(
        "truncated input: {} stream ended early ({err}); the rest of the file is unreadable",
        report.compression
    );
    let chunk = Chunk {
        rejects: vec![file.reject(line, RowError { reason, field: None }, "", None)],
        read: 1,
        ..Default::default()
    };
    tally(report, &chunk);
    sink(chunk);
}

/// The whole decompressed stream of a document format (JSON, Parquet);
/// a stream that ends early is said in the report.
fn read_whole(opened: source::Opened, report: &mut FileReport) -> Vec<u8> {
    let (bytes, err) = source::read_all(opened.head, opened.rest);
    if let Some(e) = &err {
        report.problems.push(format!("{} stream ended early: {e}", report.compression));
    }
    bytes
}

fn tally(report: &mut FileReport, chunk: &Chunk) {
    report.read += chunk.read;
    report.kept += chunk.posts.len() as u64;
    report.rejected += chunk.rejects.len() as u64;
    report.repairs.add(&chunk.repairs);
}
