//! Tables as files: Parquet (raw values) and CSV (RFC 4180, UTF-8, safe to
//! open in a spreadsheet).

use anyhow::{Context, Result, bail};
use polars::prelude::*;
use std::path::Path;

/// Text cells starting with one of these are formulas to a spreadsheet;
/// suara prefixes them with `'` in CSV (CONTRACT.md).
const FORMULA_LEADS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Makes a text cell inert in spreadsheets.
pub fn safe_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(FORMULA_LEADS) { format!("'{s}").into() } else { s.into() }
}

/// Writes a DataFrame as Parquet (zstd).
pub fn write_parquet(df: &mut DataFrame, path: &Path) -> Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(df)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

/// A Parquet file written a frame at a time (each frame one or more row
/// groups), for tables too large to hold whole.
pub struct ParquetBatches {
    w: polars::io::parquet::write::BatchedWriter<std::fs::File>,
    path: std::path::PathBuf,
}

impl ParquetBatches {
    pub fn create(path: &Path, schema: &Schema) -> Result<ParquetBatches> {
        let file =
            std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let w = ParquetWriter::new(file)
            .with_compression(ParquetCompression::Zstd(None))
            .batched(schema)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        Ok(ParquetBatches { w, path: path.to_path_buf() })
    }

    pub fn append(&mut self, df: &DataFrame) -> Result<()> {
        self.w.write_batch(df).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", self.path.display()))
    }

    pub fn finish(self) -> Result<()> {
        self.w.finish().map_err(|e| anyhow::anyhow!("cannot write {}: {e}", self.path.display()))?;
        Ok(())
    }
}

enum Cells<'a> {
    Str(&'a StringChunked),
    I64(&'a Int64Chunked),
    I32(&'a Int32Chunked),
    U32(&'a UInt32Chunked),
    U64(&'a UInt64Chunked),
    F64(&'a Float64Chunked),
    Bool(&'a BooleanChunked),
    Datetime(&'a DatetimeChunked),
    Date(&'a DateChunked),
    /// A list column's cells, `;`-joined once per batch (taking each row
    /// as a Series of its own cost ~2 µs a row).
    List(Vec<Option<String>>),
}

/// Writes a DataFrame as CSV: text cells made spreadsheet-safe, datetimes as
/// ISO-8601 UTC, dates as YYYY-MM-DD, lists `;`-joined, nulls empty.
pub fn write_csv(df: &DataFrame, path: &Path) -> Result<()> {
    let mut w = CsvBatches::create(path, df)?;
    w.append(df)?;
    w.finish()
}

/// A CSV file written a frame at a time (the header from the first).
pub struct CsvBatches {
    w: csv::Writer<std::io::BufWriter<std::fs::File>>,
    path: std::path::PathBuf,
}

impl CsvBatches {
    /// Creates the file and writes the header of `df`'s columns.
    pub fn create(path: &Path, df: &DataFrame) -> Result<CsvBatches> {
        let file =
            std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
        w.write_record(df.get_column_names().iter().map(|n| n.as_str()))?;
        Ok(CsvBatches { w, path: path.to_path_buf() })
    }

    /// Writes `df`'s rows (same columns as the header's).
    pub fn append(&mut self, df: &DataFrame) -> Result<()> {
        let mut df = df.clone();
        df.rechunk_mut();
        let mut cols = Vec::with_capacity(df.width());
        for c in df.columns() {
            let s = c.as_materialized_series();
            cols.push(match s.dtype() {
                DataType::String => Cells::Str(s.str()?),
                DataType::Int64 => Cells::I64(s.i64()?),
                DataType::Int32 => Cells::I32(s.i32()?),
                DataType::UInt32 => Cells::U32(s.u32()?),
                DataType::UInt64 => Cells::U64(s.u64()?),
                DataType::Float64 => Cells::F64(s.f64()?),
                DataType::Boolean => Cells::Bool(s.bool()?),
                DataType::Datetime(_, _) => Cells::Datetime(s.datetime()?),
                DataType::Date => Cells::Date(s.date()?),
                DataType::List(inner) if inner.as_ref() == &DataType::String => {
                    let mut joined = Vec::with_capacity(s.len());
                    for row in s.list()?.amortized_iter() {
                        joined.push(match row {
                            Some(v) => Some(v.as_ref().str()?.iter().flatten().collect::<Vec<_>>().join(";")),
                            None => None,
                        });
                    }
                    Cells::List(joined)
                }
                other => bail!("column {} has type {other}, which the CSV writer does not handle", s.name()),
            });
        }
        let w = &mut self.w;
        let mut cell = String::new();
        let mut rows = || -> Result<()> {
            for i in 0..df.height() {
                for c in &cols {
                    cell.clear();
                    match c {
                        Cells::Str(a) => {
                            if let Some(v) = a.get(i) {
                                cell.push_str(&safe_cell(v));
                            }
                        }
                        Cells::I64(a) => push_opt(&mut cell, a.get(i)),
                        Cells::I32(a) => push_opt(&mut cell, a.get(i)),
                        Cells::U32(a) => push_opt(&mut cell, a.get(i)),
                        Cells::U64(a) => push_opt(&mut cell, a.get(i)),
                        Cells::F64(a) => push_opt(&mut cell, a.get(i)),
                        Cells::Bool(a) => push_opt(&mut cell, a.get(i)),
                        Cells::Datetime(a) => {
                            if let Some(v) = a.physical().get(i) {
                                let secs = match a.time_unit() {
                                    TimeUnit::Milliseconds => v.div_euclid(1000),
                                    TimeUnit::Microseconds => v.div_euclid(1_000_000),
                                    TimeUnit::Nanoseconds => v.div_euclid(1_000_000_000),
                                };
                                cell.push_str(&crate::ingest::time::format_utc(secs));
                            }
                        }
                        Cells::Date(a) => {
                            if let Some(d) = a.physical().get(i) {
                                cell.push_str(&format_date(d));
                            }
                        }
                        Cells::List(a) => {
                            if let Some(v) = &a[i] {
                                cell.push_str(&safe_cell(v));
                            }
                        }
                    }
                    w.write_field(cell.as_bytes())?;
                }
                w.write_record(None::<&[u8]>)?;
            }
            Ok(())
        };
        rows().with_context(|| format!("cannot write {}", self.path.display()))
    }

    pub fn finish(mut self) -> Result<()> {
        self.w.flush().with_context(|| format!("cannot write {}", self.path.display()))
    }
}

fn push_opt<T: std::fmt::Display>(cell: &mut String, v: Option<T>) {
    use std::fmt::Write;
    if let Some(v) = v {
        let _ = write!(cell, "{v}");
    }
}

/// Days since 1970-01-01 as YYYY-MM-DD.
pub fn format_date(days: i32) -> String {
    chrono::DateTime::from_timestamp(days as i64 * 86_400, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("-1 tidak setuju"), "'-1 tidak setuju");
        assert_eq!(safe_cell("@kpu_ri halo"), "'@kpu_ri halo");
        assert_eq!(safe_cell("biasa saja"), "biasa saja");
    }

    #[test]
    fn csv_writer_formats_every_type() {
        let df = DataFrame::new(
            2,
            vec![
                Column::new("t".into(), ["=1+1", "a,\"b\""]),
                Column::new("n".into(), [Some(3i64), None]),
                Column::new("d".into(), [Some(1_702_613_084_000i64), None])
                    .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                    .unwrap(),
            ],
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        write_csv(&df, &p).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text, "t,n,d\r\n'=1+1,3,2023-12-15T04:04:44Z\r\n\"a,\"\"b\"\"\",,\r\n");
    }
}
