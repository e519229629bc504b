//! Parquet exports: every column read as text by name, each row mapped as
//! a flat record.

use super::detect::Keys;
use super::json::map_json_value;
use super::json_reader::JsonPath;
use super::map::FieldMap;
use super::source::{self, FileError};
use super::{Chunk, FileCtx, FileReport, presets, read_whole, record_mapping, tally};
use serde_json::Value;

/// A Parquet file, read by column name (nested columns are skipped).
pub(super) fn read(
    file: &FileCtx<'_>,
    opened: source::Opened,
    report: &mut FileReport,
    sink: &mut dyn FnMut(Chunk),
) -> Result<(), FileError> {
    use polars::prelude::*;
    report.line_endings = "-".into();
    let bytes = read_whole(opened, report);
    let df = ParquetReader::new(std::io::Cursor::new(&bytes[..]))
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
