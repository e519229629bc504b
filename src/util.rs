//! Small shared helpers.

use anyhow::{Context, Result};
use std::path::Path;

/// rustc's Fx hash (the `rustc-hash` crate): much faster than SipHash on
/// the short keys of word lists. Only for maps that are looked up, never
/// iterated into output.
pub use rustc_hash::{FxHashMap, FxHashSet};

/// 1–16 bytes without NUL packed into a u128 (zero-padded, so distinct
/// strings give distinct keys): a hash key compared in registers, where a
/// boxed string costs a pointer chase and a `memcmp` per probe.
#[inline]
pub fn key16(b: &[u8]) -> Option<u128> {
    if b.is_empty() || b.len() > 16 || b.contains(&0) {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    Some(u128::from_le_bytes(buf))
}

/// Words → values, for hot per-word caches: a word of up to 16 bytes is
/// keyed in registers ([`key16`]), with no allocation and no `memcmp` per
/// probe; longer ones (and words with NUL bytes) by their text.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap { short: FxHashMap::default(), long: FxHashMap::default() }
    }
}

impl<V: Copy> WordMap<V> {
    pub fn get(&self, w: &str) -> Option<V> {
        match key16(w.as_bytes()) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(w).copied(),
        }
    }

    /// Keeps the value already there, if any.
    pub fn insert(&mut self, w: &str, v: V) {
        match key16(w.as_bytes()) {
            Some(k) => {
                self.short.entry(k).or_insert(v);
            }
            None => {
                if !self.long.contains_key(w) {
                    self.long.insert(w.into(), v);
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// SplitMix64: a tiny seeded generator whose sequence never changes between
/// versions or platforms, so seeds in configs stay meaningful.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// A 64-bit hash of bytes that never changes between versions, platforms
/// or runs (unlike the std and Fx hashers): what object and post keys
/// stored in the incremental state are made of. Eight bytes at a time
/// through a multiply-rotate, then SplitMix64's finaliser.
pub fn stable_hash64(seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf)).wrapping_mul(K).rotate_left(29);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Keeps the items of `v` whose `keep` flag is set, in order (`keep` is
/// as long as `v`).
pub fn retain_marked<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// Hands the heap's free pages back to the system between stages.
///
/// A stage frees much of what it allocated (the unkept posts of every
/// chunk, per-thread buffers, a stage's frames) but glibc keeps freed
/// memory in its per-thread arenas, so the next stage's allocations would
/// come on top of it in the peak RSS. `malloc_trim(0)` releases every free
/// page, not only the top of the heap. The price is page faults when the
/// memory is used again (a few per cent of a run); at 10 M posts the peak
/// fell by ~150 MiB. A no-op elsewhere.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The candidate closest to `word` by edit distance (Levenshtein, from
/// `strsim`), if reasonably close: for "did you mean" hints.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 2).max(2))
        .min()
        .map(|(_, c)| c)
}

/// Writes a file atomically: a temporary sibling, flushed, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    write_synced(&tmp, |mut f| {
        f.write_all(bytes)?;
        Ok(f)
    })?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot rename {} into place", path.display()))
        .inspect_err(|_| {
            std::fs::remove_file(&tmp).ok();
        })
}

/// Creates `path`, lets `fill` write it, and syncs it to disk; on failure
/// (a full disk) nothing is left behind.
pub fn write_synced(path: &Path, fill: impl FnOnce(std::fs::File) -> Result<std::fs::File>) -> Result<()> {
    let written = (|| -> Result<()> {
        let file = std::fs::File::create(path)?;
        fill(file)?.sync_all()?;
        Ok(())
    })()
    .with_context(|| format!("cannot write {}", path.display()));
    if written.is_err() {
        std::fs::remove_file(path).ok();
    }
    written
}

/// An f32 figure as the f64 with four decimals it stands for (so tables
/// show 0.3502, not 0.35019999742507935).
pub fn round4(x: f32) -> f64 {
    (x as f64 * 1e4).round() / 1e4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // First outputs of SplitMix64 seeded with 1234567 (Vigna's reference).
        let mut r = SplitMix64::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
    }

    #[test]
    fn stable_hash_is_pinned() {
        // Stored in state parts: a change here must bump their format.
        assert_eq!(stable_hash64(0, b""), stable_hash64(0, b""));
        assert_ne!(stable_hash64(0, b"a"), stable_hash64(1, b"a"));
        assert_ne!(stable_hash64(0, b"abcdefgh"), stable_hash64(0, b"abcdefgh\0"));
        assert_eq!(stable_hash64(7, b"https://example.com/a"), 18_222_099_314_369_815_672);
    }

    #[test]
    fn nearest_suggests_close_keys_only() {
        assert_eq!(nearest("pathz", &["paths", "preset"]), Some("paths"));
        assert_eq!(nearest("zzzzzz", &["paths", "preset"]), None);
    }

    #[test]
    fn fx_maps_work() {
        let mut m: FxHashMap<&str, u32> = FxHashMap::default();
        m.insert("prabowo", 1);
        m.insert("anies", 2);
        assert_eq!(m.get("anies"), Some(&2));
        assert_eq!(m.get("ganjar"), None);
    }
}
