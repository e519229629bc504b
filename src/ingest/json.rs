//! JSON documents (arrays of records, API page objects), and the mapping of
//! one JSON value to posts that NDJSON and Parquet rows share.

use super::detect::Keys;
use super::json_reader::{self, JsonPath, JsonRecord, records_of};
use super::map::{FieldMap, MapCounters, RowError, map_record};
use super::sniff::Encoding;
use super::source::{self, FileError};
use super::{Chunk, FileCtx, FileReport, decode, presets, read_whole, record_mapping, tally};
use crate::par::ordered_pipeline;
use serde_json::Value;
use std::borrow::Cow;

/// A whole JSON document: an array of records, or one or more API page
/// objects (pretty-printed pages concatenated).
pub(super) fn read(
    file: &FileCtx<'_>,
    opened: source::Opened,
    encoding: Encoding,
    report: &mut FileReport,
    sink: &mut dyn FnMut(Chunk),
) -> Result<(), FileError> {
    report.line_endings = "-".into();
    let bytes = read_whole(opened, report);
    let doc: Cow<[u8]> = match encoding {
        Encoding::Utf16 { little_endian } => decode::decode_utf16(&bytes, little_endian).into_bytes().into(),
        Encoding::Utf8Bom => bytes[3..].to_vec().into(),
        Encoding::Utf8 => bytes.into(),
    };
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

/// Parses one JSON text (a line or an array element) and maps its records.
pub(super) fn map_json_text(
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

pub(super) fn map_json_value(
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
