//! Recognising what a file is from its first megabyte: format, text
//! encoding, CSV delimiter, line endings, and rows wrapped whole in quotes.

use super::decode::sniff_utf16;
use super::source::FileError;

/// A file's container format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv(Dialect),
    /// One JSON value per line (NDJSON / JSONL, twarc pages).
    JsonLines,
    /// One JSON document: an array of records or an API page object.
    Json,
    Parquet,
}

impl Format {
    pub fn name(&self) -> String {
        match self {
            Format::Csv(d) => match d.delimiter {
                b'\t' => "tsv".into(),
                b',' => "csv".into(),
                other => format!("csv ('{}'-separated)", other as char),
            },
            Format::JsonLines => "ndjson".into(),
            Format::Json => "json".into(),
            Format::Parquet => "parquet".into(),
        }
    }
}

/// How a delimited text file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    /// Lines end in CR alone (classic Mac, some R exports): CR is read as LF.
    pub cr_only: bool,
    /// Most rows are wrapped whole in one quoted field.
    pub wrapped: bool,
    pub crlf: bool,
}

/// Text encoding detected for the whole file. Windows-1252 is decided per
/// field (see `decode.rs`); only UTF-16 is transcoded up front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16 { little_endian: bool },
}

impl Encoding {
    /// As reports and the manifest name it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8 (BOM)",
            Encoding::Utf16 { little_endian: true } => "utf-16le",
            Encoding::Utf16 { little_endian: false } => "utf-16be",
        }
    }
}

/// What sniffing found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub format: Format,
    pub encoding: Encoding,
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Sniffs a file from its head (already decompressed, UTF-16 not yet
/// transcoded).
pub fn sniff(head: &[u8]) -> Result<Sniffed, FileError> {
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty);
    }
    if head.starts_with(b"PAR1") {
        return Ok(Sniffed { format: Format::Parquet, encoding: Encoding::Utf8 });
    }
    if let Some(le) = sniff_utf16(head) {
        return Ok(Sniffed {
            format: sniff_text(&super::decode::decode_utf16(head, le).into_bytes())?,
            encoding: Encoding::Utf16 { little_endian: le },
        });
    }
    let (encoding, body) = match head.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (Encoding::Utf8Bom, rest),
        None => (Encoding::Utf8, head),
    };
    check_binary(body)?;
    // The readers drop the few NULs a text file may hold; so does sniffing.
    let stripped: Vec<u8>;
    let body = if memchr::memchr(0, body).is_some() {
        stripped = body.iter().copied().filter(|&b| b != 0).collect();
        &stripped[..]
    } else {
        body
    };
    Ok(Sniffed { format: sniff_text(body)?, encoding })
}

/// A file whose first 8 KB are more than a tenth NUL and other control
/// bytes is no text export (executables, images, databases). A text file
/// with a few NULs is text: readers strip them (see `Opened::strip_nul`).
fn check_binary(body: &[u8]) -> Result<(), FileError> {
    let sample = &body[..body.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C) || b == 0x7F)
        .count();
    if control * 10 > sample.len() {
        return Err(FileError::Binary(format!(
            "{nul} NUL and {control} control bytes in the first {} bytes",
            sample.len()
        )));
    }
    Ok(())
}

fn sniff_text(body: &[u8]) -> Result<Format, FileError> {
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).ok_or(FileError::Empty)?;
    match body[start] {
        b'[' => return Ok(Format::Json),
        b'{' => {
            // NDJSON if several lines start with '{' (pretty-printed JSON
            // indents its inner objects) or the whole head is one line.
            let lines_with_objects =
                body.split(|&b| b == b'\n').filter(|l| l.first() == Some(&b'{')).take(2).count();
            let one_line = !body[start..].trim_ascii_end().contains(&b'\n');
            return Ok(if lines_with_objects >= 2 || one_line { Format::JsonLines } else { Format::Json });
        }
        _ => {}
    }
    Ok(Format::Csv(sniff_dialect(body)))
}

/// Picks the delimiter whose parse gives the most rows with the same number
/// (> 1) of fields; detects CR-only lines and rows wrapped whole in quotes.
pub fn sniff_dialect(body: &[u8]) -> Dialect {
    let lf = memchr::memchr_iter(b'\n', body).count();
    let cr = memchr::memchr_iter(b'\r', body).count();
    let crlf = memchr::memmem::find_iter(body, b"\r\n").count();
    let cr_only = lf == 0 && cr > 0;
    let text: std::borrow::Cow<[u8]> = if cr_only {
        body.iter().map(|&b| if b == b'\r' { b'\n' } else { b }).collect::<Vec<u8>>().into()
    } else {
        body.into()
    };
    let mut best = (0.0f64, b',', false);
    for wrapped in [false, true] {
        for &d in &DELIMITERS {
            let score = score_delimiter(&text, d, wrapped);
            if score > best.0 + 1e-9 {
                best = (score, d, wrapped);
            }
        }
        if best.0 > 0.0 {
            break;
        }
    }
    Dialect { delimiter: best.1, cr_only, wrapped: best.2, crlf: crlf * 2 > lf.max(1) }
}

/// Parses the records of `text` with one field per record (`wrapped`) or
/// with `d`, and scores how consistent the field counts are.
fn score_delimiter(text: &[u8], d: u8, wrapped: bool) -> f64 {
    let counts: Vec<usize> = if wrapped {
        parse_records(text, b'\x1F', 60)
            .iter()
            .map(|r| r.first().map(|f| parse_records(f, d, 1).first().map_or(1, Vec::len)).unwrap_or(0))
            .collect()
    } else {
        parse_records(text, d, 60).iter().map(Vec::len).collect()
    };
    // The last record of the head may be cut; leave it out.
    let counts = &counts[..counts.len().saturating_sub(1).max(counts.len().min(1))];
    if counts.is_empty() {
        return 0.0;
    }
    let mut freq = std::collections::BTreeMap::new();
    for &c in counts {
        *freq.entry(c).or_insert(0usize) += 1;
    }
    let (&mode, &n) = freq.iter().max_by_key(|(c, n)| (**n, **c)).unwrap();
    if mode < 2 {
        return 0.0;
    }
    // Consistency first; more columns break near-ties (a ',' inside text
    // makes a few rows longer, but never consistently).
    n as f64 / counts.len() as f64 + (mode as f64).ln() * 0.01
}

/// Minimal RFC 4180 record splitter for sniffing (csv_core does the real
/// parse). `limit` records at most.
pub fn parse_records(text: &[u8], d: u8, limit: usize) -> Vec<Vec<Vec<u8>>> {
    use csv_core::ReadRecordResult as R;
    let mut rdr =
        csv_core::ReaderBuilder::new().delimiter(d).terminator(csv_core::Terminator::Any(b'\n')).build();
    let mut out = Vec::new();
    let mut input = text;
    let mut field = vec![0u8; text.len() + 1];
    let mut ends = vec![0usize; 4096];
    let (mut outlen, mut endlen) = (0, 0);
    while out.len() < limit {
        let (res, nin, nout, nend) = rdr.read_record(input, &mut field[outlen..], &mut ends[endlen..]);
        input = &input[nin..];
        outlen += nout;
        endlen += nend;
        match res {
            R::Record => {
                let mut rec = Vec::with_capacity(endlen);
                let mut start = 0;
                for &e in &ends[..endlen] {
                    let f = &field[start..e];
                    rec.push(f.strip_suffix(b"\r").unwrap_or(f).to_vec());
                    start = e;
                }
                out.push(rec);
                (outlen, endlen) = (0, 0);
            }
            // An empty input tells csv_core the text ended; it then flushes.
            R::InputEmpty => {}
            R::End | R::OutputFull | R::OutputEndsFull => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialect(s: &[u8]) -> Dialect {
        match sniff(s).unwrap().format {
            Format::Csv(d) => d,
            other => panic!("not csv: {other:?}"),
        }
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(dialect(b"id,text\n1,halo\n2,apa kabar\n").delimiter, b',');
        assert_eq!(
            dialect(b"no;tweet;tanggal\n1;halo, dunia;2024-01-01\n2;oke, siap;2024-01-02\n").delimiter,
            b';'
        );
        assert_eq!(dialect(b"id\ttext\n1\thalo, dunia\n2\tya, ya\n").delimiter, b'\t');
    }

    #[test]
    fn line_endings_and_wrapping() {
        let d = dialect(b"id,text\r1,halo\r2,apa\r");
        assert!(d.cr_only);
        let d = dialect(b"id,text\r\n1,halo\r\n2,apa\r\n");
        assert!(d.crlf && !d.cr_only);
        let d = dialect(b"\"id,text,date\"\n\"1,\"\"halo, dunia\"\",2024-01-01\"\n\"2,apa,2024-01-02\"\n");
        assert!(d.wrapped, "{d:?}");
        assert_eq!(d.delimiter, b',');
    }

    #[test]
    fn json_shapes() {
        assert_eq!(sniff(b"{\"a\":1}\n{\"a\":2}\n").unwrap().format, Format::JsonLines);
        assert_eq!(sniff(b"{\"a\":1}").unwrap().format, Format::JsonLines);
        assert_eq!(sniff(b"{\n  \"data\": {\n    \"videos\": []\n  }\n}\n").unwrap().format, Format::Json);
        assert_eq!(sniff(b"  [ {\"a\":1} ]").unwrap().format, Format::Json);
    }

    #[test]
    fn empty_and_binary_are_file_errors() {
        assert!(matches!(sniff(b""), Err(FileError::Empty)));
        assert!(matches!(sniff(b"  \n\n"), Err(FileError::Empty)));
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert!(matches!(sniff(&garbage), Err(FileError::Binary(_))));
        assert_eq!(sniff(b"PAR1....").unwrap().format, Format::Parquet);
    }

    #[test]
    fn a_few_nuls_leave_a_text_file_text() {
        let mut csv = b"id,text\n".to_vec();
        for i in 0..100 {
            csv.extend_from_slice(format!("{i},halo dunia {i}\n").as_bytes());
        }
        csv.insert(40, 0);
        let s = sniff(&csv).unwrap();
        assert!(matches!(s.format, Format::Csv(d) if d.delimiter == b','), "{s:?}");
        // Mostly NULs and control bytes: binary.
        let mut bin = vec![0u8; 3000];
        bin.extend_from_slice(&csv);
        assert!(matches!(sniff(&bin), Err(FileError::Binary(_))));
    }
}
