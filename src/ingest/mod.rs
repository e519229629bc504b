//! Stage 1, ingest: reads post exports as they come into canonical
//! [`Post`]s, and accounts for every record.
//!
//! Per file: [`source`] opens it (compression by magic bytes), [`sniff`]
//! recognises format, encoding and dialect, [`detect`] picks the layout
//! (`preset = "auto"`), a reader ([`csv_reader`], [`json_reader`], Parquet)
//! streams records, and [`map`] turns each into a post or a [`Reject`]. No
//! record is dropped silently: each one read is kept, rejected with a
//! reason, or counted as a duplicate, and [`Counts::balanced`] checks it.

pub mod columns;
pub mod csv_reader;
pub mod decode;
pub mod detect;
pub mod json_reader;
pub mod map;
pub mod presets;
pub mod sniff;
pub mod source;
pub mod time;

use crate::core::Post;
use crate::par::ordered_pipeline;
use columns::Columns;
use csv_reader::{CsvBatch, CsvRecords};
use detect::{Detection, Keys};
use json_reader::{JsonPath, JsonRecord, records_of};
use map::{
    FieldMap, KeyName, MapContext, MapCounters, RecordView, RowError, excerpt, is_null_like, map_record,
};
use presets::Preset;
use serde::Serialize;
use serde_json::Value;
use sniff::{Encoding, Format};
use source::FileError;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// Extensions read when walking a directory; files named explicitly are
/// always read (compression and format are sniffed from the bytes).
const DATA_EXTENSIONS: &[&str] = &["csv", "tsv", "tab", "txt", "json", "jsonl", "ndjson", "parquet", "pq"];
const COMPRESSED_EXTENSIONS: &[&str] = &["gz", "gzip", "zst", "zstd"];

/// Expands inputs: files as given, directories walked recursively (sorted,
/// hidden entries skipped, data extensions only).
pub fn list_inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    Ok(walk_inputs(paths)?.files)
}

/// The input files, and what the walk skipped and why.
#[derive(Debug, Default)]
pub struct InputList {
    pub files: Vec<PathBuf>,
    /// A folder or file reached a second time through a link (each is read
    /// once), said so the user knows.
    pub notes: Vec<String>,
}

/// A file or folder's identity, so that links never make one be read
/// twice (or a link to a parent folder, forever).
fn identity(meta: &std::fs::Metadata, path: &Path) -> (u64, u64, PathBuf) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        (meta.dev(), meta.ino(), PathBuf::new())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 0, path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// [`list_inputs`] with its notes. Symbolic links are followed, each folder
/// and file once (by device and inode): a link back to a parent folder
/// ends there. A link that leads nowhere (dangling, or a loop) named
/// explicitly or met in a folder under a data file's name is listed, to be
/// rejected as one unreadable input; a missing input is an error.
pub fn walk_inputs(paths: &[PathBuf]) -> anyhow::Result<InputList> {
    let mut out = InputList::default();
    let mut seen: std::collections::HashMap<(u64, u64, PathBuf), PathBuf> = Default::default();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => {
                if seen.insert(identity(&meta, p), p.clone()).is_none() {
                    walk(p, &mut out, &mut seen)?;
                }
            }
            Ok(meta) => add_file(p, &meta, &mut out, &mut seen),
            // The link is there, its target is not: an unreadable input.
            Err(_) if std::fs::symlink_metadata(p).is_ok() => out.files.push(p.clone()),
            Err(e) => anyhow::bail!("input {}: {e}", p.display()),
        }
    }
    Ok(out)
}

fn add_file(
    p: &Path,
    meta: &std::fs::Metadata,
    out: &mut InputList,
    seen: &mut std::collections::HashMap<(u64, u64, PathBuf), PathBuf>,
) {
    match seen.get(&identity(meta, p)) {
        Some(first) => out.notes.push(format!(
            "{} skipped: the same file as {} (through a link)",
            display_path(p),
            display_path(first)
        )),
        None => {
            seen.insert(identity(meta, p), p.to_path_buf());
            out.files.push(p.to_path_buf());
        }
    }
}

fn walk(
    dir: &Path,
    out: &mut InputList,
    seen: &mut std::collections::HashMap<(u64, u64, PathBuf), PathBuf>,
) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("input directory {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
        .collect();
    entries.sort();
    for p in entries {
        match std::fs::metadata(&p) {
            Ok(meta) if meta.is_dir() => match seen.get(&identity(&meta, &p)) {
                Some(first) => out.notes.push(format!(
                    "{} skipped: a link to the folder {}, which is read once",
                    display_path(&p),
                    display_path(first)
                )),
                None => {
                    seen.insert(identity(&meta, &p), p.clone());
                    walk(&p, out, seen)?;
                }
            },
            Ok(meta) if is_data_file(&p) => add_file(&p, &meta, out, seen),
            Ok(_) => {}
            // A dangling or looping link under a data file's name.
            Err(_) if is_data_file(&p) => out.files.push(p),
            Err(_) => {}
        }
    }
    Ok(())
}

fn is_data_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let mut parts: Vec<&str> = name.rsplit('.').collect();
    if parts.len() > 2 && COMPRESSED_EXTENSIONS.contains(&parts[0]) {
        parts.remove(0);
    }
    parts.len() > 1 && DATA_EXTENSIONS.contains(&parts[0])
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
    let result = match sniffed.format {
        Format::Csv(dialect) => read_csv(&mut file, opened, sniffed.encoding, dialect, &mut report, sink),
        Format::JsonLines => read_ndjson(&file, opened, sniffed.encoding, &mut report, sink),
        Format::Json | Format::Parquet => read_document(&file, opened, sniffed, &mut report, sink),
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

fn tally(report: &mut FileReport, chunk: &Chunk) {
    report.read += chunk.read;
    report.kept += chunk.posts.len() as u64;
    report.rejected += chunk.rejects.len() as u64;
    report.repairs.add(&chunk.repairs);
}

// ---------------------------------------------------------------- CSV ----

/// A resolved CSV column.
#[derive(Debug, Clone)]
pub struct Col {
    pub idx: usize,
    pub name: Arc<str>,
}

impl KeyName for Col {
    fn name(&self) -> String {
        self.name.to_string()
    }
}

struct CsvRow<'a> {
    fields: &'a [&'a [u8]],
    cp1252: Cell<bool>,
}

impl RecordView for CsvRow<'_> {
    type Key = Col;
    fn get(&self, key: &Col) -> Option<Cow<'_, str>> {
        let raw = self.fields.get(key.idx)?;
        let (s, how) = decode::decode_field(raw);
        if how == decode::Decoded::Cp1252 {
            self.cp1252.set(true);
        }
        if is_null_like(&s) { None } else { Some(s) }
    }
}

fn header_names(fields: Vec<Vec<u8>>) -> Vec<String> {
    fields
        .into_iter()
        .map(|f| {
            let (s, _) = decode::decode_field(&f);
            s.trim_start_matches('\u{FEFF}').trim().to_string()
        })
        .collect()
}

fn read_csv(
    file: &mut FileCtx<'_>,
    opened: source::Opened,
    encoding: Encoding,
    dialect: sniff::Dialect,
    report: &mut FileReport,
    sink: &mut dyn FnMut(Chunk),
) -> Result<(), FileError> {
    report.line_endings = if dialect.cr_only {
        "CR"
    } else if dialect.crlf {
        "CRLF"
    } else {
        "LF"
    }
    .into();
    // Kept to infer the file's date order once the time column is known.
    let head_sample: Vec<u8> = match encoding {
        Encoding::Utf16 { .. } => Vec::new(),
        _ => opened.head[..opened.head.len().min(256 * 1024)].to_vec(),
    };
    let stream: Box<dyn Read + Send> = match encoding {
        Encoding::Utf16 { little_endian } => {
            let (bytes, err) = source::read_all(opened.head, opened.rest);
            if let Some(e) = err {
                report.problems.push(format!("stream ended early: {e}"));
            }
            Box::new(std::io::Cursor::new(decode::decode_utf16(&bytes, little_endian).into_bytes()))
        }
        Encoding::Utf8Bom => Box::new(std::io::Cursor::new(opened.head[3..].to_vec()).chain(opened.rest)),
        Encoding::Utf8 => Box::new(std::io::Cursor::new(opened.head).chain(opened.rest)),
    };
    let mut records = CsvRecords::new(stream, &dialect);
    let Some(mut header) = records.next_record() else {
        return Err(FileError::Empty);
    };
    let mut wrapped_header = false;
    if header.len() == 1 && header[0].contains(&dialect.delimiter) {
        header = csv_reader::unwrap_row(&header[0], dialect.delimiter);
        wrapped_header = true;
    }
    let names = header_names(header);
    for (i, n) in names.iter().enumerate() {
        let first = names.iter().position(|m| m.eq_ignore_ascii_case(n)).unwrap_or(i);
        if first < i && !n.is_empty() {
            report.problems.push(format!(
                "the header names '{n}' twice (columns {} and {}): column {} is the one read",
                first + 1,
                i + 1,
                first + 1
            ));
        }
    }
    let det = file.choose(Keys::Header(&names))?;
    record_mapping(report, &det);
    let map: FieldMap<Col> = det.map.resolve(|key| {
        let idx = names
            .iter()
            .position(|n| n == key)
            .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(key)))?;
        Some(Col { idx, name: names[idx].as_str().into() })
    });
    if map.text.is_empty() {
        return Err(FileError::NoText { tried: det.map.text.join(", "), header: names.join(", ") });
    }
    if let Some(time_col) = map.created_at.first() {
        let rows = sniff::parse_records(&head_sample, dialect.delimiter, 5000);
        let values = rows
            .iter()
            .skip(1)
            .filter_map(|r| r.get(time_col.idx))
            .filter_map(|f| std::str::from_utf8(f).ok());
        if let Some(order) = time::infer_date_order(values) {
            if order != file.time.date_order {
                report.problems.push(format!(
                    "slash dates in '{}' are {} here (inferred from the values)",
                    time_col.name,
                    if order == time::DateOrder::Dmy { "day-first" } else { "month-first" }
                ));
            }
            file.time.date_order = order;
        }
    }
    if wrapped_header || dialect.wrapped {
        report.problems.push("rows are wrapped whole in one quoted field; unwrapped".into());
    }
    let header_len = names.len();
    if !(wrapped_header || dialect.wrapped) {
        records.expect_fields(header_len);
    }
    let needed = map_max_col(&map) + 1;
    let delimiter = dialect.delimiter;
    let tail = ordered_pipeline(
        |emit| {
            let limit = file.settings.record_limit.unwrap_or(u64::MAX);
            let mut rows = 0u64;
            while rows < limit
                && let Some(batch) = records.next_batch(8192.min(limit - rows) as usize, 8 << 20)
            {
                rows += batch.len() as u64;
                emit(batch);
            }
            (records.error.take(), records.line(), records.cut_row)
        },
        |batch: CsvBatch| map_csv_batch(&*file, &map, &names, &batch, header_len, needed, delimiter),
        |chunk| {
            tally(report, &chunk);
            sink(chunk);
        },
    );
    if let (Some(err), line, cut_row) = tail {
        // The row the error cut was already rejected as truncated; if the
        // stream broke between rows, the unread tail is one reject.
        report.problems.push(format!("{} stream ended early at line {line}: {err}", report.compression));
        if !cut_row {
            tail_reject(file, report, line, &err, sink);
        }
    }
    Ok(())
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

fn map_max_col(map: &FieldMap<Col>) -> usize {
    let mut m = 0;
    for list in [&map.id, &map.text, &map.created_at, &map.author] {
        for c in list.iter() {
            m = m.max(c.idx);
        }
    }
    m
}

fn map_csv_batch(
    file: &FileCtx<'_>,
    map: &FieldMap<Col>,
    names: &[String],
    batch: &CsvBatch,
    header_len: usize,
    needed: usize,
    delimiter: u8,
) -> Chunk {
    let counters = MapCounters::default();
    let ctx = file.map_ctx(map, &counters);
    let mut chunk = Chunk { read: batch.len() as u64, ..Default::default() };
    let mut fields: Vec<&[u8]> = Vec::with_capacity(header_len + 1);
    // Fields as read, joined; with pseudonyms, the author column and any
    // column named for an account hold pseudonyms, the rest masked as text.
    let excerpt_of = |fs: &[&[u8]]| -> String {
        fs.iter()
            .enumerate()
            .map(|(i, f)| {
                let raw = String::from_utf8_lossy(f);
                match &file.settings.masker {
                    Some(m) => {
                        let name = names.get(i).map_or("", String::as_str);
                        let author = map.author.iter().any(|c| c.idx == i);
                        m.field(name, &raw, author).into_owned()
                    }
                    None => raw.into_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join(&(delimiter as char).to_string())
    };
    for i in 0..batch.len() {
        let meta = batch.rows[i];
        fields.clear();
        fields.extend(batch.fields(i));
        if meta.oversize {
            let reason = format!(
                "record spans lines {}–{} and exceeds {} MB: an unclosed quote?",
                meta.line,
                meta.last_line,
                csv_reader::MAX_RECORD_BYTES >> 20
            );
            chunk.rejects.push(file.reject(meta.line, RowError { reason, field: None }, "", None));
            continue;
        }
        if let Some(column) = meta.unclosed_quote {
            let reason = format!(
                "unclosed quote: the quoted field opening in field {column} of line {} ran on to line {} and swallowed the rows between; this line is rejected and the lines after it were read again as rows",
                meta.line, meta.last_line
            );
            chunk.rejects.push(file.reject_masked(
                meta.line,
                RowError { reason, field: names.get(column as usize - 1).cloned() },
                &excerpt_of(&fields),
                Some(column as u64),
            ));
            continue;
        }
        if meta.truncated {
            let reason = "truncated input: the stream ended inside this record".to_string();
            chunk.rejects.push(file.reject_masked(
                meta.line,
                RowError { reason, field: None },
                &excerpt_of(&fields),
                None,
            ));
            continue;
        }
        let unwrapped: Vec<Vec<u8>>;
        let unwrapped_refs: Vec<&[u8]>;
        let row_fields: &[&[u8]] = if fields.len() == 1 && header_len > 1 && fields[0].contains(&delimiter) {
            unwrapped = csv_reader::unwrap_row(fields[0], delimiter);
            unwrapped_refs = unwrapped.iter().map(Vec::as_slice).collect();
            chunk.repairs.unwrapped_rows += 1;
            &unwrapped_refs
        } else if header_len == 1 && fields.len() > 1 {
            // A one-column file (a text per line): the delimiter is part of
            // the text.
            unwrapped = vec![fields.join(&delimiter)];
            unwrapped_refs = unwrapped.iter().map(Vec::as_slice).collect();
            &unwrapped_refs
        } else {
            &fields
        };
        if row_fields.len() > header_len
            && row_fields[header_len..].iter().any(|f| !f.is_empty() && *f != b"\r")
        {
            let reason = format!(
                "row has {} fields, header has {header_len} (an unquoted delimiter in the text?)",
                row_fields.len()
            );
            chunk.rejects.push(file.reject_masked(
                meta.line,
                RowError { reason, field: None },
                &excerpt_of(row_fields),
                Some(header_len as u64 + 1),
            ));
            continue;
        }
        if row_fields.len() < needed {
            let reason = format!(
                "row has {} fields, header has {header_len} (a line break inside unquoted text?)",
                row_fields.len()
            );
            chunk.rejects.push(file.reject_masked(
                meta.line,
                RowError { reason, field: None },
                &excerpt_of(row_fields),
                Some(row_fields.len() as u64),
            ));
            continue;
        }
        let row = CsvRow { fields: row_fields, cp1252: Cell::new(false) };
        match map_record(&row, meta.line, &ctx) {
            Ok(post) => chunk.posts.push(post),
            Err(e) => {
                let column = e.field.as_ref().and_then(|f| {
                    [&map.text, &map.created_at, &map.id]
                        .iter()
                        .flat_map(|l| l.iter())
                        .find(|c| &*c.name == f)
                        .map(|c| c.idx as u64 + 1)
                });
                chunk.rejects.push(file.reject_masked(meta.line, e, &excerpt_of(row_fields), column));
            }
        }
        if row.cp1252.get() {
            chunk.repairs.windows_1252_rows += 1;
        }
    }
    chunk.repairs.absorb(&counters);
    chunk
}

// --------------------------------------------------------------- JSON ----

/// Lines of an NDJSON file, batched.
struct LineBatch {
    data: Vec<u8>,
    /// (start, end, line number) of each non-empty line.
    lines: Vec<(usize, usize, u64)>,
}

fn read_ndjson(
    file: &FileCtx<'_>,
    opened: source::Opened,
    encoding: Encoding,
    report: &mut FileReport,
    sink: &mut dyn FnMut(Chunk),
) -> Result<(), FileError> {
    report.line_endings = "LF".into();
    let stream: Box<dyn Read + Send> = match encoding {
        Encoding::Utf16 { little_endian } => {
            let (bytes, _) = source::read_all(opened.head, opened.rest);
            Box::new(std::io::Cursor::new(decode::decode_utf16(&bytes, little_endian).into_bytes()))
        }
        Encoding::Utf8Bom => Box::new(std::io::Cursor::new(opened.head[3..].to_vec()).chain(opened.rest)),
        Encoding::Utf8 => {
            // Detection looks at the first parseable line of the head.
            let det = detect_from_lines(file, &opened.head)?;
            record_mapping(report, &det);
            let chained = std::io::Cursor::new(opened.head).chain(opened.rest);
            return stream_ndjson(file, Box::new(chained), det, report, sink);
        }
    };
    let mut stream = stream;
    let mut head = Vec::new();
    let _ = (&mut stream).take(source::HEAD_BYTES as u64).read_to_end(&mut head);
    let det = detect_from_lines(file, &head)?;
    record_mapping(report, &det);
    let chained = std::io::Cursor::new(head).chain(stream);
    stream_ndjson(file, Box::new(chained), det, report, sink)
}

fn detect_from_lines(file: &FileCtx<'_>, head: &[u8]) -> Result<Detection, FileError> {
    let mut first_error = None;
    for (i, line) in head.split(|&b| b == b'\n').enumerate().take(200) {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Value>(line) {
            Ok(v) => return file.choose(Keys::Json(&v)),
            Err(e) => {
                first_error.get_or_insert(format!("line {}: {e}", i + 1));
            }
        }
    }
    Err(FileError::Parse(format!(
        "no valid JSON in the first lines ({})",
        first_error.unwrap_or_else(|| "no lines".into())
    )))
}

fn stream_ndjson(
    file: &FileCtx<'_>,
    stream: Box<dyn Read + Send>,
    det: Detection,
    report: &mut FileReport,
    sink: &mut dyn FnMut(Chunk),
) -> Result<(), FileError> {
    let map: FieldMap<JsonPath> = det.map.resolve(|k| Some(JsonPath::parse(k)));
    let container = det.map.container;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, stream);
    let tail = ordered_pipeline(
        |emit| {
            let mut line_no = 0u64;
            let mut error = None;
            let mut cut_line = false;
            let mut batch = LineBatch { data: Vec::with_capacity(4 << 20), lines: Vec::new() };
            let limit = file.settings.record_limit.unwrap_or(u64::MAX);
            while line_no < limit {
                let start = batch.data.len();
                line_no += 1;
                match std::io::BufRead::read_until(&mut reader, b'\n', &mut batch.data) {
                    Ok(0) => break,
                    Ok(_) => {
                        let end = batch.data.len();
                        if !batch.data[start..end].trim_ascii().is_empty() {
                            batch.lines.push((start, end, line_no));
                        }
                    }
                    Err(e) => {
                        // Keep what arrived of the cut line: it is rejected as
                        // truncated JSON, which is what it is.
                        let end = batch.data.len();
                        cut_line = !batch.data[start..end].trim_ascii().is_empty();
                        if cut_line {
                            batch.lines.push((start, end, line_no));
                        }
                        error = Some(e);
                        break;
                    }
                }
                if batch.data.len() >= 4 << 20 || batch.lines.len() >= 8192 {
                    emit(std::mem::replace(
                        &mut batch,
                        LineBatch { data: Vec::with_capacity(4 << 20), lines: Vec::new() },
                    ));
                }
            }
            if !batch.lines.is_empty() {
                emit(batch);
            }
            (error, line_no, cut_line)
        },
        |batch: LineBatch| {
            let mut chunk = Chunk::default();
            for &(s, e, line) in &batch.lines {
                let raw = &batch.data[s..e];
                map_json_text(file, &map, container, raw, line, &mut chunk);
            }
            chunk
        },
        |chunk| {
            tally(report, &chunk);
            sink(chunk);
        },
    );
    if let (Some(err), line, cut_line) = tail {
        report.problems.push(format!("{} stream ended early near line {line}: {err}", report.compression));
        if !cut_line {
            tail_reject(file, report, line, &err, sink);
        }
    }
    Ok(())
}

/// Parses one JSON text (a line or an array element) and maps its records.
fn map_json_text(
    file: &FileCtx<'_>,
    map: &FieldMap<JsonPath>,
    container: presets::Container,
    raw: &[u8],
    line: u64,
    chunk: &mut Chunk,
) {
    chunk.read += 1;
    let value: Value = match serde_json::from_slice(raw) {
        Ok(v) => v,
        Err(e) => {
            let (text, _) = decode::decode_field(raw);
            let reason =
                if e.is_eof() { format!("truncated JSON: {e}") } else { format!("invalid JSON: {e}") };
            chunk.rejects.push(file.reject(
                line + e.line() as u64 - 1,
                RowError { reason, field: None },
                &text,
                Some(e.column() as u64),
            ));
            return;
        }
    };
    map_json_value(file, map, container, value, line, chunk);
    // A line is one read unit; the records it held are counted instead.
    chunk.read -= 1;
}

fn map_json_value(
    file: &FileCtx<'_>,
    map: &FieldMap<JsonPath>,
    container: presets::Container,
    value: Value,
    line: u64,
    chunk: &mut Chunk,
) {
    if let Some(errors) = value.get("errors").and_then(Value::as_array) {
        chunk.repairs.api_errors += errors.len() as u64;
    }
    let api_error = value
        .get("error")
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .filter(|c| *c != "ok")
        .map(str::to_string);
    let records = records_of(value, container);
    if records.is_empty() {
        if let Some(code) = api_error {
            chunk.read += 1;
            chunk.rejects.push(file.reject(
                line,
                RowError { reason: format!("API error page: {code}"), field: None },
                "",
                None,
            ));
        }
        return;
    }
    let counters = MapCounters::default();
    let ctx = file.map_ctx(map, &counters);
    for rec in &records {
        chunk.read += 1;
        match map_record(&JsonRecord(rec), line, &ctx) {
            Ok(p) => chunk.posts.push(p),
            Err(e) => {
                let text = serde_json::to_string(rec).unwrap_or_default();
                chunk.rejects.push(file.reject(line, e, &text, None));
            }
        }
    }
    chunk.repairs.absorb(&counters);
}

/// Whole JSON documents (arrays, page objects) and Parquet files.
fn read_document(
    file: &FileCtx<'_>,
    opened: source::Opened,
    sniffed: sniff::Sniffed,
    report: &mut FileReport,
    sink: &mut dyn FnMut(Chunk),
) -> Result<(), FileError> {
    report.line_endings = "-".into();
    let (bytes, err) = source::read_all(opened.head, opened.rest);
    if let Some(e) = &err {
        report.problems.push(format!("{} stream ended early: {e}", report.compression));
    }
    let doc: Cow<[u8]> = match sniffed.encoding {
        Encoding::Utf16 { little_endian } => decode::decode_utf16(&bytes, little_endian).into_bytes().into(),
        Encoding::Utf8Bom => bytes[3..].to_vec().into(),
        Encoding::Utf8 => bytes.into(),
    };
    if sniffed.format == Format::Parquet {
        return read_parquet(file, &doc, report, sink);
    }
    let doc: Cow<[u8]> = if std::str::from_utf8(&doc).is_err() {
        report.repairs.windows_1252_rows += 1;
        report.problems.push("JSON is not UTF-8; decoded as Windows-1252".into());
        decode::decode_cp1252(&doc).into_bytes().into()
    } else {
        doc
    };
    if let Some(parts) = json_reader::split_array(&doc) {
        let lines = json_reader::lines_of(&doc, parts.iter().map(|p| p.0));
        let first = parts.iter().find_map(|&(s, e, _)| serde_json::from_slice::<Value>(&doc[s..e]).ok());
        let Some(first) = first else {
            return Err(FileError::Parse("a JSON array without one valid element".into()));
        };
        let det = file.choose(Keys::Json(&first))?;
        record_mapping(report, &det);
        let map: FieldMap<JsonPath> = det.map.resolve(|k| Some(JsonPath::parse(k)));
        let container = det.map.container;
        let units: Vec<(usize, usize, u64)> =
            parts.iter().zip(&lines).map(|(&(s, e, _), &l)| (s, e, l)).collect();
        let doc_ref: &[u8] = &doc;
        ordered_pipeline(
            |emit| {
                for group in units.chunks(2048) {
                    emit(group);
                }
            },
            |group: &[(usize, usize, u64)]| {
                let mut chunk = Chunk::default();
                for &(s, e, line) in group {
                    map_json_text(file, &map, container, &doc_ref[s..e], line, &mut chunk);
                }
                chunk
            },
            |chunk| {
                tally(report, &chunk);
                sink(chunk);
            },
        );
        return Ok(());
    }
    // One or more concatenated JSON objects (pretty-printed API pages).
    let mut values = Vec::new();
    let mut stream = serde_json::Deserializer::from_slice(&doc).into_iter::<Value>();
    let mut tail_error = None;
    loop {
        let offset = stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Ok(v)) => values.push((v, offset)),
            Some(Err(e)) => {
                tail_error = Some((e, offset));
                break;
            }
        }
    }
    let Some((first, _)) = values.first() else {
        let (e, _) = tail_error.expect("an empty document was rejected by sniffing");
        return Err(FileError::Parse(format!(
            "invalid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )));
    };
    let det = file.choose(Keys::Json(first))?;
    record_mapping(report, &det);
    let map: FieldMap<JsonPath> = det.map.resolve(|k| Some(JsonPath::parse(k)));
    let lines = json_reader::lines_of(&doc, values.iter().map(|(_, o)| skip_ws(&doc, *o)));
    let mut chunk = Chunk::default();
    for ((v, _), line) in values.into_iter().zip(lines) {
        map_json_value(file, &map, det.map.container, v, line, &mut chunk);
    }
    if let Some((e, offset)) = tail_error {
        let line = json_reader::lines_of(&doc, std::iter::once(skip_ws(&doc, offset)))[0];
        chunk.read += 1;
        let reason = if e.is_eof() { format!("truncated JSON: {e}") } else { format!("invalid JSON: {e}") };
        chunk.rejects.push(file.reject(
            line,
            RowError { reason, field: None },
            &String::from_utf8_lossy(&doc[offset..doc.len().min(offset + 200)]),
            Some(e.column() as u64),
        ));
    }
    tally(report, &chunk);
    sink(chunk);
    Ok(())
}

fn skip_ws(doc: &[u8], mut o: usize) -> usize {
    while o < doc.len() && doc[o].is_ascii_whitespace() {
        o += 1;
    }
    o.min(doc.len())
}

fn read_parquet(
    file: &FileCtx<'_>,
    bytes: &[u8],
    report: &mut FileReport,
    sink: &mut dyn FnMut(Chunk),
) -> Result<(), FileError> {
    use polars::prelude::*;
    report.line_endings = "-".into();
    let df = ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .map_err(|e| FileError::Parse(format!("unreadable Parquet: {e}")))?;
    let names: Vec<String> = df.get_column_names().iter().map(|s| s.to_string()).collect();
    let mut cols: Vec<Vec<Option<String>>> = Vec::with_capacity(names.len());
    for c in df.columns() {
        let s = c.as_materialized_series();
        let as_str = match s.dtype() {
            DataType::List(_) | DataType::Binary | DataType::Null => None,
            _ => s.cast(&DataType::String).ok(),
        };
        cols.push(match as_str {
            Some(ss) => {
                ss.str().map(|ca| ca.iter().map(|v| v.map(str::to_string)).collect()).unwrap_or_default()
            }
            None => vec![None; df.height()],
        });
    }
    let row_value = |i: usize| -> Value {
        let mut m = serde_json::Map::new();
        for (name, col) in names.iter().zip(&cols) {
            if let Some(Some(v)) = col.get(i) {
                m.insert(name.clone(), Value::String(v.clone()));
            }
        }
        Value::Object(m)
    };
    if df.height() == 0 {
        return Err(FileError::Empty);
    }
    let det = file.choose(Keys::Header(&names))?;
    record_mapping(report, &det);
    let map: FieldMap<JsonPath> = det.map.resolve(|k| Some(JsonPath::parse_flat(k)));
    let mut chunk = Chunk::default();
    for i in 0..df.height() {
        map_json_value(file, &map, presets::Container::Rows, row_value(i), i as u64 + 1, &mut chunk);
        if chunk.posts.len() >= 8192 {
            tally(report, &chunk);
            sink(std::mem::take(&mut chunk));
        }
    }
    tally(report, &chunk);
    sink(chunk);
    Ok(())
}

// -------------------------------------------------------------- dedupe ---

/// Everything ingest produced for a run.
#[derive(Debug, Default)]
pub struct Ingested {
    pub posts: Vec<Post>,
    pub rejects: Vec<Reject>,
    pub files: Vec<FileReport>,
    pub counts: Counts,
}

/// The run's record accounting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub files: u64,
    pub files_unreadable: u64,
    pub read: u64,
    pub kept: u64,
    pub rejected: u64,
    pub duplicates: u64,
}

impl Counts {
    /// read = kept + rejected + duplicates.
    pub fn balanced(&self) -> bool {
        self.read == self.kept + self.rejected + self.duplicates
    }
}

/// Removes duplicates across overlapping exports as posts stream in:
/// (platform, post_id) is the key (as [`Post::key`]) and the copy with the
/// most engagement (metrics only grow) is kept; on a tie the first one read
/// stays.
#[derive(Default)]
pub struct Dedupe {
    seen: crate::util::FxHashMap<u128, u32>,
    /// Duplicates per source file index.
    pub dropped: HashMap<u32, u64>,
}

impl Dedupe {
    pub fn with_capacity(posts: usize) -> Dedupe {
        Dedupe {
            seen: crate::util::FxHashMap::with_capacity_and_hasher(posts, Default::default()),
            ..Default::default()
        }
    }

    /// Adds `post` to `kept` unless it duplicates one already there.
    pub fn push(&mut self, kept: &mut Vec<Post>, post: Post) {
        self.push_by(kept, post, |p| (p.key(), p.engagement(), p.source_file))
    }

    /// [`Dedupe::push`] for anything that stands for a post: `of` gives its
    /// key, engagement and source file.
    pub fn push_by<T>(&mut self, kept: &mut Vec<T>, item: T, of: impl Fn(&T) -> (u128, i64, u32)) {
        let (key, engagement, _) = of(&item);
        match self.seen.get(&key) {
            Some(&i) => {
                let slot = &mut kept[i as usize];
                let loser = if engagement > of(slot).1 { std::mem::replace(slot, item) } else { item };
                *self.dropped.entry(of(&loser).2).or_default() += 1;
            }
            None => {
                let at = u32::try_from(kept.len()).expect("fewer than 2^32 posts in one run");
                self.seen.insert(key, at);
                kept.push(item);
            }
        }
    }
}

/// Display form of an input path (as given, relative where it was).
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Reads every input, deduplicates, and checks the accounting.
pub fn ingest(files: &[PathBuf], settings: &IngestSettings) -> Ingested {
    let mut out = Ingested::default();
    let mut dedupe = Dedupe::default();
    for (i, path) in files.iter().enumerate() {
        let display = display_path(path);
        let report = read_file(i as u32, path, &display, settings, &mut |chunk: Chunk| {
            out.rejects.extend(chunk.rejects);
            for p in chunk.posts {
                dedupe.push(&mut out.posts, p);
            }
        });
        out.files.push(report);
    }
    finish_counts(&mut out, &dedupe);
    out
}

/// Moves duplicate counts into the file reports and totals the counts.
pub fn finish_counts(out: &mut Ingested, dedupe: &Dedupe) {
    let mut c = Counts { files: out.files.len() as u64, ..Default::default() };
    for (i, f) in out.files.iter_mut().enumerate() {
        let dups = dedupe.dropped.get(&(i as u32)).copied().unwrap_or(0);
        f.duplicates = dups;
        f.kept -= dups;
        c.read += f.read;
        c.kept += f.kept;
        c.rejected += f.rejected;
        c.duplicates += dups;
        c.files_unreadable += f.error.is_some() as u64;
    }
    out.counts = c;
}
