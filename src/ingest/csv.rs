//! CSV and TSV exports, one complete format: records are parsed with
//! `csv_core` on one thread into flat batches (no allocation per row; the
//! `csv` crate's `StringRecord` costs one per row, and parsing is this
//! stage's hot loop), then mapped to posts on the others.
//!
//! Line ends: LF is the record terminator and a CR before it is dropped, so a
//! stray bare CR inside unquoted text (pandas writes those) stays in its
//! field instead of splitting the row. CR-only files are read with CR as LF.
//! An unclosed quote is found and the rows it swallowed read again
//! ([`SUSPECT_LINES`]).

use super::detect::Keys;
use super::map::{FieldMap, KeyName, MapCounters, RecordView, RowError, is_null_like, map_record};
use super::sniff::Dialect;
use super::sniff::Encoding;
use super::source::{self, FileError};
use super::{Chunk, FileCtx, FileReport, decode, record_mapping, sniff, tail_reject, tally, time};
use crate::par::ordered_pipeline;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder, Terminator};
use std::borrow::Cow;
use std::cell::Cell;
use std::io::{self, Read};
use std::sync::Arc;

/// Records longer than this are rejected without being kept in memory: only
/// an unclosed quote makes rows this long.
pub const MAX_RECORD_BYTES: usize = 8 << 20;

/// A quoted field running over more lines than this is checked for an
/// unclosed quote (as is one that leaves its row with the wrong number of
/// fields, or grows past [`MAX_RECORD_BYTES`]).
pub const SUSPECT_LINES: u64 = 64;

/// Where one row of a batch lies.
#[derive(Debug, Clone, Copy)]
pub struct RowMeta {
    first_end: u32,
    nfields: u32,
    /// Start offset of the row's first field in `data`.
    start: u32,
    pub line: u64,
    pub last_line: u64,
    /// The row was longer than [`MAX_RECORD_BYTES`] and was dropped.
    pub oversize: bool,
    /// The stream failed inside this row: it is incomplete.
    pub truncated: bool,
    /// The row is the line of an unclosed quote, whose field swallowed the
    /// lines up to `last_line` (re-read from the next line on): the
    /// 1-based field where the quote opens.
    pub unclosed_quote: Option<u32>,
}

/// Consecutive rows in one flat buffer.
#[derive(Debug, Default)]
pub struct CsvBatch {
    /// Field bytes; only `data[..used]` is meaningful (the rest is spare
    /// room, allocated once so that rows are not zero-filled one by one).
    data: Vec<u8>,
    used: usize,
    ends: Vec<u32>,
    pub rows: Vec<RowMeta>,
}

impl CsvBatch {
    /// The fields of row `i` (a trailing CR of the last field removed).
    pub fn fields(&self, i: usize) -> impl Iterator<Item = &[u8]> {
        let m = self.rows[i];
        let ends = &self.ends[m.first_end as usize..(m.first_end + m.nfields) as usize];
        let mut start = m.start as usize;
        let n = ends.len();
        ends.iter().enumerate().map(move |(k, &e)| {
            let mut f = &self.data[start..e as usize];
            start = e as usize;
            if k + 1 == n {
                f = f.strip_suffix(b"\r").unwrap_or(f);
            }
            f
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn bytes(&self) -> usize {
        self.used
    }
}

/// Reads records from a byte stream.
pub struct CsvRecords<R: Read> {
    src: R,
    core: Reader,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    done: bool,
    cr_only: bool,
    /// Line where the next record starts.
    line: u64,
    /// A read error that ended the stream early.
    pub error: Option<io::Error>,
    /// Bytes of the current record consumed so far (0 at a boundary).
    in_record: usize,
    /// A record was cut by a read error (and flagged `truncated`).
    pub cut_row: bool,
    scratch_ends: Vec<usize>,
    delimiter: u8,
    /// Fields a row has (the header's), once known: what tells a quote
    /// that swallowed rows from a quoted field that spans lines.
    expected_fields: Option<usize>,
    /// The current record's raw bytes from earlier buffer fills, and where
    /// it starts in the current one (for re-reading after an unclosed
    /// quote).
    raw_carry: Vec<u8>,
    raw_from: usize,
    /// The raw bytes grew past what is kept: no re-reading.
    raw_lost: bool,
    /// The last byte parsed was a newline (the record ended on it).
    after_newline: bool,
}

impl<R: Read> CsvRecords<R> {
    pub fn new(src: R, dialect: &Dialect) -> CsvRecords<R> {
        let core =
            ReaderBuilder::new().delimiter(dialect.delimiter).terminator(Terminator::Any(b'\n')).build();
        CsvRecords {
            src,
            core,
            buf: vec![0; 1 << 20],
            pos: 0,
            len: 0,
            eof: false,
            done: false,
            cr_only: dialect.cr_only,
            line: 1,
            error: None,
            in_record: 0,
            cut_row: false,
            scratch_ends: vec![0; 256],
            delimiter: dialect.delimiter,
            expected_fields: None,
            raw_carry: Vec::new(),
            raw_from: 0,
            raw_lost: false,
            after_newline: false,
        }
    }

    /// Rows have `n` fields (the header's): from now on a quote that
    /// swallows rows is found and the rows re-read (see [`SUSPECT_LINES`]).
    pub fn expect_fields(&mut self, n: usize) {
        self.expected_fields = (n > 1).then_some(n);
    }

    fn fill(&mut self) {
        if self.eof || self.pos < self.len {
            return;
        }
        // The buffer is about to be overwritten: keep the current record's
        // bytes (bounded), should it have to be read again.
        if !self.raw_lost {
            if self.raw_carry.len() + (self.len - self.raw_from) > MAX_RECORD_BYTES + (1 << 20) {
                self.raw_lost = true;
                self.raw_carry = Vec::new();
            } else {
                self.raw_carry.extend_from_slice(&self.buf[self.raw_from..self.len]);
            }
        }
        self.raw_from = 0;
        loop {
            match self.src.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    self.len = 0;
                }
                Ok(n) => {
                    if self.cr_only {
                        for b in &mut self.buf[..n] {
                            if *b == b'\r' {
                                *b = b'\n';
                            }
                        }
                    }
                    self.len = n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                    self.len = 0;
                }
            }
            self.pos = 0;
            return;
        }
    }

    /// Appends the next record to `batch`; `false` at the end.
    fn read_into(&mut self, batch: &mut CsvBatch) -> bool {
        if self.done {
            return false;
        }
        let rec_start = batch.used;
        let first_end = batch.ends.len();
        let mut out_len = rec_start;
        let mut nends = 0usize;
        let mut oversize = false;
        let start_line = self.line;
        self.in_record = 0;
        self.raw_carry.clear();
        self.raw_from = self.pos;
        self.raw_lost = false;
        loop {
            self.fill();
            let input = &self.buf[self.pos..self.len];
            if batch.data.len() < out_len + 4096 {
                let grow = (batch.data.len() * 2).max(out_len + (1 << 20));
                batch.data.resize(grow, 0);
            }
            let (res, nin, nout, nend) =
                self.core.read_record(input, &mut batch.data[out_len..], &mut self.scratch_ends[nends..]);
            let input_was_empty = input.is_empty();
            self.line += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
            if nin > 0 {
                self.after_newline = input[nin - 1] == b'\n';
            }
            self.pos += nin;
            self.in_record += nin;
            out_len += nout;
            nends += nend;
            if out_len - rec_start > MAX_RECORD_BYTES {
                if !oversize
                    && self.reread_after_unclosed_quote(batch, rec_start, first_end, start_line, self.line)
                {
                    return true;
                }
                oversize = true;
                // Keep parsing to find the record's end, but not its bytes.
                out_len = rec_start;
            }
            match res {
                ReadRecordResult::InputEmpty => {
                    if self.eof && self.pos >= self.len && input_was_empty {
                        // csv_core needs one call with empty input to flush.
                        continue;
                    }
                }
                ReadRecordResult::OutputFull => {
                    let grow = batch.data.len() * 2;
                    batch.data.resize(grow, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let grow = self.scratch_ends.len() * 2;
                    self.scratch_ends.resize(grow, 0);
                }
                ReadRecordResult::Record => {
                    let truncated = self.eof && self.error.is_some() && self.pos >= self.len;
                    // An LF-terminated record ended on a newline already counted.
                    let last_line =
                        if self.in_record > 0 && self.after_newline { self.line - 1 } else { self.line };
                    let lines = last_line.saturating_sub(start_line);
                    if !truncated
                        && lines > 0
                        && self.expected_fields.is_some_and(|n| n != nends || lines > SUSPECT_LINES)
                        && self
                            .reread_after_unclosed_quote(batch, rec_start, first_end, start_line, last_line)
                    {
                        return true;
                    }
                    self.cut_row |= truncated;
                    if !oversize {
                        for &e in &self.scratch_ends[..nends] {
                            batch.ends.push((rec_start + e) as u32);
                        }
                    }
                    batch.used = if oversize { rec_start } else { out_len };
                    batch.rows.push(RowMeta {
                        first_end: first_end as u32,
                        nfields: if oversize { 0 } else { nends as u32 },
                        start: rec_start as u32,
                        line: start_line,
                        last_line: last_line.max(start_line),
                        oversize,
                        truncated,
                        unclosed_quote: None,
                    });
                    self.in_record = 0;
                    return true;
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return false;
                }
            }
        }
    }

    /// The record just read, which started at `start_line` and spans
    /// lines, may be a quote that never closed and swallowed the rows after
    /// it. If most of the lines after its first read as rows of this file
    /// (the header's number of fields), it was: its first line becomes a
    /// row of its own, flagged [`RowMeta::unclosed_quote`], and reading
    /// goes on from the line after it. Otherwise nothing changes (a long
    /// quoted text is a long quoted text).
    fn reread_after_unclosed_quote(
        &mut self,
        batch: &mut CsvBatch,
        rec_start: usize,
        first_end: usize,
        start_line: u64,
        last_line: u64,
    ) -> bool {
        let Some(expected) = self.expected_fields else { return false };
        if self.raw_lost {
            return false;
        }
        let mut raw = std::mem::take(&mut self.raw_carry);
        raw.extend_from_slice(&self.buf[self.raw_from..self.pos]);
        let Some(nl) = memchr::memchr(b'\n', &raw) else {
            self.raw_carry = raw;
            return false;
        };
        let (good, all) = count_rows(&raw[nl + 1..], self.delimiter, expected);
        if good == 0 || good * 2 < all {
            self.raw_carry = raw;
            return false;
        }
        // The first line alone, as its fields (the last is the open quote).
        let first = raw[..nl].strip_suffix(b"\r").unwrap_or(&raw[..nl]);
        let fields =
            super::sniff::parse_records(first, self.delimiter, 1).into_iter().next().unwrap_or_default();
        batch.ends.truncate(first_end);
        let mut at = rec_start;
        for f in &fields {
            if batch.data.len() < at + f.len() {
                batch.data.resize(at + f.len() + (1 << 16), 0);
            }
            batch.data[at..at + f.len()].copy_from_slice(f);
            at += f.len();
            batch.ends.push(at as u32);
        }
        batch.used = at;
        batch.rows.push(RowMeta {
            first_end: first_end as u32,
            nfields: fields.len() as u32,
            start: rec_start as u32,
            line: start_line,
            last_line: last_line.max(start_line),
            oversize: false,
            truncated: false,
            unclosed_quote: Some(fields.len().max(1) as u32),
        });
        // Read on from the line after the quote's: what the record
        // swallowed, then what was not yet parsed.
        let mut again = raw.split_off(nl + 1);
        again.extend_from_slice(&self.buf[self.pos..self.len]);
        let filled = again.len();
        if again.len() < (1 << 20) {
            again.resize(1 << 20, 0);
        }
        self.buf = again;
        self.pos = 0;
        self.len = filled;
        self.line = start_line + 1;
        self.core.reset();
        self.in_record = 0;
        true
    }

    /// The next record on its own (the header).
    pub fn next_record(&mut self) -> Option<Vec<Vec<u8>>> {
        let mut batch = CsvBatch::default();
        if !self.read_into(&mut batch) {
            return None;
        }
        Some(batch.fields(0).map(<[u8]>::to_vec).collect())
    }

    /// Up to `max_rows` records, or fewer when the batch reaches `max_bytes`.
    pub fn next_batch(&mut self, max_rows: usize, max_bytes: usize) -> Option<CsvBatch> {
        let mut batch = CsvBatch { data: vec![0; max_bytes.min(1 << 22) + (1 << 16)], ..Default::default() };
        while batch.len() < max_rows && batch.bytes() < max_bytes {
            if !self.read_into(&mut batch) {
                break;
            }
        }
        (!batch.is_empty()).then_some(batch)
    }

    /// Line where reading stopped (for a reject of a failed stream's tail).
    pub fn line(&self) -> u64 {
        self.line
    }
}

/// (rows with `expected` fields, all rows) of `bytes` read as CSV.
fn count_rows(bytes: &[u8], delimiter: u8, expected: usize) -> (usize, usize) {
    let mut core = ReaderBuilder::new().delimiter(delimiter).terminator(Terminator::Any(b'\n')).build();
    let mut out = vec![0u8; 1 << 16];
    let mut ends = vec![0usize; 1024];
    let (mut input, mut fields, mut good, mut all) = (bytes, 0usize, 0usize, 0usize);
    loop {
        let (res, nin, _, nend) = core.read_record(input, &mut out, &mut ends);
        input = &input[nin..];
        fields += nend;
        match res {
            // Only field counts matter: the bytes may be dropped.
            ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::Record => {
                all += 1;
                good += (fields == expected) as usize;
                fields = 0;
            }
            ReadRecordResult::End => return (good, all),
        }
    }
}

/// Splits a row that was wrapped whole in one quoted field
/// (`"1,""halo, dunia"",2024"` → `1`, `halo, dunia`, `2024`).
pub fn unwrap_row(field: &[u8], delimiter: u8) -> Vec<Vec<u8>> {
    super::sniff::parse_records(field, delimiter, 1).into_iter().next().unwrap_or_default()
}

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

pub(super) fn read(
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
        header = unwrap_row(&header[0], dialect.delimiter);
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
                MAX_RECORD_BYTES >> 20
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
            unwrapped = unwrap_row(fields[0], delimiter);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(input: &[u8], dialect: Dialect) -> Vec<(u64, Vec<String>)> {
        let mut r = CsvRecords::new(input, &dialect);
        let mut out = Vec::new();
        while let Some(b) = r.next_batch(2, 1 << 20) {
            for i in 0..b.len() {
                let fields = b.fields(i).map(|f| String::from_utf8_lossy(f).into_owned()).collect();
                out.push((b.rows[i].line, fields));
            }
        }
        out
    }

    fn d(delimiter: u8) -> Dialect {
        Dialect { delimiter, cr_only: false, wrapped: false, crlf: false }
    }

    #[test]
    fn multiline_fields_and_line_numbers() {
        let got = rows(b"id,text\n1,\"satu\ndua\"\n2,tiga\n", d(b','));
        assert_eq!(got[1], (2, vec!["1".into(), "satu\ndua".into()]));
        assert_eq!(got[2], (4, vec!["2".into(), "tiga".into()]));
    }

    #[test]
    fn crlf_and_stray_cr() {
        let got = rows(b"id,text\r\n1,\"a\"\r\n2,b\rc\r\n", d(b','));
        assert_eq!(got[1].1, vec!["1", "a"]);
        assert_eq!(got[2].1, vec!["2", "b\rc"], "a bare CR inside a field stays there");
    }

    #[test]
    fn cr_only_lines() {
        let dialect = Dialect { cr_only: true, ..d(b',') };
        let got = rows(b"id,text\r1,a\r2,b", dialect);
        assert_eq!(got.len(), 3);
        assert_eq!(got[2], (3, vec!["2".into(), "b".into()]));
    }

    #[test]
    fn oversize_records_are_dropped_not_kept() {
        let mut input = b"id,text\n1,\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        input.extend_from_slice(b"\"\n2,ok\n");
        let mut r = CsvRecords::new(&input[..], &d(b','));
        let b = r.next_batch(10, usize::MAX).unwrap();
        assert!(b.rows[1].oversize);
        assert_eq!(b.fields(2).collect::<Vec<_>>(), vec![&b"2"[..], &b"ok"[..]]);
    }

    /// (line, fields, unclosed quote's field) of every row after the header.
    fn read_all(input: &[u8], expected: usize) -> Vec<(u64, usize, Option<u32>)> {
        let mut r = CsvRecords::new(input, &d(b','));
        let header = r.next_record().unwrap();
        assert_eq!(header.len(), expected);
        r.expect_fields(expected);
        let mut out = Vec::new();
        while let Some(b) = r.next_batch(7, 1 << 20) {
            for i in 0..b.len() {
                out.push((b.rows[i].line, b.fields(i).count(), b.rows[i].unclosed_quote));
            }
        }
        out
    }

    #[test]
    fn an_unclosed_quote_loses_its_line_not_the_rows_it_swallowed() {
        // Row 3 opens a quote that never closes: before, the rest of the
        // file was one record; now its line is rejected and rows 4… read.
        let mut csv = b"id,text,created_at\n".to_vec();
        for i in 1..=1000 {
            let text = if i == 3 { "\"kutip tak ditutup".to_string() } else { format!("teks {i}") };
            csv.extend_from_slice(format!("{i},{text},2024-01-01\n").as_bytes());
        }
        let rows = read_all(&csv, 3);
        assert_eq!(rows.len(), 1000, "every physical row is a record");
        assert_eq!(rows[2], (4, 2, Some(2)), "line 4 (row 3): the quote opens in field 2");
        assert!(rows.iter().enumerate().all(|(i, r)| i == 2 || (r.1 == 3 && r.2.is_none())));
        assert_eq!(rows[999].0, 1001, "line numbers stay right after the re-read");
    }

    #[test]
    fn a_quote_closed_by_a_later_rows_quote_is_found_too() {
        // The stray quote pairs with row 80's opening one: the record has
        // the right number of fields but spans 78 lines of rows.
        let mut csv = b"id,text,created_at\n".to_vec();
        for i in 1..=100 {
            let text = match i {
                3 => "\"kutip tak ditutup".to_string(),
                80 => "\"dikutip, dengan koma\"".to_string(),
                _ => format!("teks {i}"),
            };
            csv.extend_from_slice(format!("{i},{text},2024-01-01\n").as_bytes());
        }
        let rows = read_all(&csv, 3);
        assert_eq!(rows.len(), 100);
        assert_eq!(rows[2].2, Some(2));
        assert_eq!(rows[79], (81, 3, None), "row 80 reads as itself");
    }

    #[test]
    fn long_quoted_texts_over_many_lines_stay_one_record() {
        let mut csv = b"id,text,created_at\n1,\"".to_vec();
        for i in 0..200 {
            csv.extend_from_slice(format!("paragraf {i} tanpa koma\n").as_bytes());
        }
        csv.extend_from_slice(b"akhir\",2024-01-01\n2,dua,2024-01-02\n");
        let rows = read_all(&csv, 3);
        assert_eq!(rows, vec![(2, 3, None), (203, 3, None)]);
    }

    #[test]
    fn an_unclosed_quote_past_the_record_limit_is_read_again() {
        // 9 MB of rows after the quote: past MAX_RECORD_BYTES the record is
        // checked while still open.
        let mut csv = b"id,text\n1,satu\n2,\"kutip\n".to_vec();
        let mut n = 2;
        while csv.len() < MAX_RECORD_BYTES + (1 << 20) {
            n += 1;
            csv.extend_from_slice(
                format!("{n},baris yang cukup panjang untuk mengisi berkas {n}\n").as_bytes(),
            );
        }
        let rows = read_all(&csv, 2);
        assert_eq!(rows.len(), n);
        assert_eq!(rows[1].2, Some(2));
        assert!(rows[2..].iter().all(|r| r.1 == 2 && r.2.is_none()));
    }

    #[test]
    fn wrapped_rows_unwrap() {
        assert_eq!(
            unwrap_row(b"1,\"halo, dunia\",2024-01-01", b','),
            vec![b"1".to_vec(), b"halo, dunia".to_vec(), b"2024-01-01".to_vec()]
        );
    }

    #[test]
    fn read_error_marks_last_row_truncated() {
        struct Failing<'a>(&'a [u8], bool);
        impl Read for Failing<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.1 {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "gzip cut"));
                }
                self.1 = true;
                let n = self.0.len().min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                Ok(n)
            }
        }
        let mut r = CsvRecords::new(Failing(b"id,text\n1,a\n2,hal", false), &d(b','));
        let b = r.next_batch(10, 1 << 20).unwrap();
        assert_eq!(b.len(), 3);
        assert!(!b.rows[1].truncated);
        assert!(b.rows[2].truncated, "the row cut by the error is flagged");
        assert!(r.error.is_some());
    }
}
