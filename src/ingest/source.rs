//! Opening an input: compression by magic bytes (never by extension), the
//! decompressed head for sniffing, and the file's SHA-256.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// Compression recognised from the first bytes of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// A file-level failure: the file is one reject and the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read file: {0}")]
    Io(#[from] io::Error),
    #[error("empty file")]
    Empty,
    #[error("binary data, not a text or Parquet export ({0})")]
    Binary(String),
    #[error("{0} archives are not supported: decompress or unzip it first")]
    Unsupported(&'static str),
    #[error("{0}")]
    NotPosts(String),
    #[error(
        "no text column: none of {tried} in header [{header}]; name it with [input.columns] text = \"…\" or --text-col"
    )]
    NoText { tried: String, header: String },
    #[error("{0}")]
    Parse(String),
}

/// The first bytes of a file, read to sniff it.
pub const HEAD_BYTES: usize = 1 << 20;

/// An opened input: its decompressed stream and what was learnt on the way.
pub struct Opened {
    pub compression: Compression,
    /// Up to [`HEAD_BYTES`] of decompressed data, for sniffing.
    pub head: Vec<u8>,
    /// The rest of the decompressed stream, after `head`.
    pub rest: Box<dyn Read + Send>,
    /// A read error met while filling `head` (a truncated small gzip).
    pub head_error: Option<io::Error>,
}

/// Opens a file and recognises its compression.
pub fn open(path: &Path) -> Result<Opened, FileError> {
    let mut file = File::open(path)?;
    let mut magic = [0u8; 6];
    let n = read_up_to(&mut file, &mut magic)?;
    let magic = &magic[..n];
    let prefix = io::Cursor::new(magic.to_vec());
    let raw = BufReader::with_capacity(1 << 16, prefix.chain(file));
    let (compression, mut stream): (Compression, Box<dyn Read + Send>) = match magic {
        [0x1F, 0x8B, ..] => (Compression::Gzip, Box::new(flate2::read::MultiGzDecoder::new(raw))),
        [0x28, 0xB5, 0x2F, 0xFD, ..] => (Compression::Zstd, Box::new(zstd::Decoder::with_buffer(raw)?)),
        [b'P', b'K', 0x03, 0x04, ..] => return Err(FileError::Unsupported("zip (or xlsx)")),
        [b'B', b'Z', b'h', ..] => return Err(FileError::Unsupported("bzip2")),
        [0xFD, b'7', b'z', b'X', b'Z', 0x00] => return Err(FileError::Unsupported("xz")),
        [b'7', b'z', 0xBC, 0xAF, ..] => return Err(FileError::Unsupported("7z")),
        _ => (Compression::None, Box::new(raw)),
    };
    let mut head = vec![0u8; HEAD_BYTES];
    let mut filled = 0;
    let mut head_error = None;
    while filled < head.len() {
        match stream.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                head_error = Some(e);
                break;
            }
        }
    }
    head.truncate(filled);
    // Whoever reads on after the head must see the error, not a clean end.
    let rest: Box<dyn Read + Send> = match &head_error {
        Some(e) => Box::new(Failed(e.kind(), e.to_string())),
        None => stream,
    };
    Ok(Opened { compression, head, rest, head_error })
}

impl Opened {
    /// Removes NUL bytes from the stream, head and rest, counting them in
    /// `removed`: a text export with a few NULs (a writer's glitch, a
    /// padded tail) is text, and NUL is no character of any post.
    pub fn strip_nul(&mut self, removed: std::sync::Arc<std::sync::atomic::AtomicU64>) {
        let before = self.head.len();
        self.head.retain(|&b| b != 0);
        removed.fetch_add((before - self.head.len()) as u64, std::sync::atomic::Ordering::Relaxed);
        let rest = std::mem::replace(&mut self.rest, Box::new(io::empty()));
        self.rest = Box::new(NulStripped { inner: rest, removed });
    }
}

/// A reader that drops NUL bytes.
struct NulStripped {
    inner: Box<dyn Read + Send>,
    removed: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Read for NulStripped {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 || memchr::memchr(0, &buf[..n]).is_none() {
                return Ok(n);
            }
            let mut kept = 0;
            for i in 0..n {
                if buf[i] != 0 {
                    buf[kept] = buf[i];
                    kept += 1;
                }
            }
            self.removed.fetch_add((n - kept) as u64, std::sync::atomic::Ordering::Relaxed);
            // A read of NULs only is not the end of the stream.
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

/// Why a file cannot be opened, naming a broken symbolic link as such.
pub fn open_error(path: &Path, e: io::Error) -> FileError {
    match std::fs::read_link(path) {
        Ok(target) if e.kind() == io::ErrorKind::NotFound => {
            FileError::Parse(format!("broken symbolic link: {} does not exist", target.display()))
        }
        #[cfg(unix)]
        Ok(_) if e.raw_os_error() == Some(libc::ELOOP) => {
            FileError::Parse("symbolic link loop: the link leads back to itself".into())
        }
        _ if path.is_dir() => FileError::Parse(format!("a folder that cannot be read ({e})")),
        _ => FileError::Io(e),
    }
}

/// A reader that only fails, replaying an error met earlier.
struct Failed(io::ErrorKind, String);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(self.0, self.1.clone()))
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// SHA-256 of a file's bytes as stored (before decompression), and its size.
pub fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Reads a stream to its end or its first error, keeping what arrived.
pub fn read_all(head: Vec<u8>, mut rest: impl Read) -> (Vec<u8>, Option<io::Error>) {
    let mut data = head;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match rest.read(&mut buf) {
            Ok(0) => return (data, None),
            Ok(n) => data.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return (data, Some(e)),
        }
    }
}
