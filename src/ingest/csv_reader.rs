//! Streaming CSV/TSV reading with `csv_core`: records are parsed on one
//! thread into flat batches (no allocation per row) and mapped to posts on
//! the others.
//!
//! Line ends: LF is the record terminator and a CR before it is dropped, so a
//! stray bare CR inside unquoted text (pandas writes those) stays in its
//! field instead of splitting the row. CR-only files are read with CR as LF.

use super::sniff::Dialect;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder, Terminator};
use std::io::{self, Read};

/// Records longer than this are rejected without being kept in memory: only
/// an unclosed quote makes rows this long.
pub const MAX_RECORD_BYTES: usize = 8 << 20;

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
        }
    }

    fn fill(&mut self) {
        if self.eof || self.pos < self.len {
            return;
        }
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
        loop {
            self.fill();
            let input = &self.buf[self.pos..self.len];
            if batch.data.len() < out_len + 4096 {
                let grow = (batch.data.len() * 2).max(out_len + (1 << 20));
                batch.data.resize(grow, 0);
            }
            let (res, nin, nout, nend) =
                self.core.read_record(input, &mut batch.data[out_len..], &mut self.scratch_ends[nends..]);
            self.line += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
            self.pos += nin;
            self.in_record += nin;
            out_len += nout;
            nends += nend;
            if out_len - rec_start > MAX_RECORD_BYTES {
                oversize = true;
                // Keep parsing to find the record's end, but not its bytes.
                out_len = rec_start;
            }
            match res {
                ReadRecordResult::InputEmpty => {
                    if self.eof && self.pos >= self.len && input.is_empty() {
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
                    self.cut_row |= truncated;
                    if !oversize {
                        for &e in &self.scratch_ends[..nends] {
                            batch.ends.push((rec_start + e) as u32);
                        }
                    }
                    batch.used = if oversize { rec_start } else { out_len };
                    // An LF-terminated record ended on a newline already counted.
                    let last_line = if self.in_record > 0 && input_ended_with_newline(self) {
                        self.line - 1
                    } else {
                        self.line
                    };
                    batch.rows.push(RowMeta {
                        first_end: first_end as u32,
                        nfields: if oversize { 0 } else { nends as u32 },
                        start: rec_start as u32,
                        line: start_line,
                        last_line: last_line.max(start_line),
                        oversize,
                        truncated,
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

fn input_ended_with_newline<R: Read>(r: &CsvRecords<R>) -> bool {
    r.pos > 0 && r.buf.get(r.pos - 1) == Some(&b'\n')
}

/// Splits a row that was wrapped whole in one quoted field
/// (`"1,""halo, dunia"",2024"` → `1`, `halo, dunia`, `2024`).
pub fn unwrap_row(field: &[u8], delimiter: u8) -> Vec<Vec<u8>> {
    super::sniff::parse_records(field, delimiter, 1).into_iter().next().unwrap_or_default()
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
