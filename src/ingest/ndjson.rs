//! NDJSON / JSONL exports (one JSON value per line: a record, or an API
//! page as twarc writes them), streamed in batches of lines.

use super::detect::{Detection, Keys};
use super::json::map_json_text;
use super::json_reader::JsonPath;
use super::map::FieldMap;
use super::sniff::Encoding;
use super::source::{self, FileError};
use super::{Chunk, FileCtx, FileReport, decode, record_mapping, tail_reject, tally};
use crate::par::ordered_pipeline;
use serde_json::Value;
use std::io::Read;

/// Lines of an NDJSON file, batched.
struct LineBatch {
    data: Vec<u8>,
    /// (start, end, line number) of each non-empty line.
    lines: Vec<(usize, usize, u64)>,
}

pub(super) fn read(
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
