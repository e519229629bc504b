//! Byte-level repairs: Windows-1252 decoding, mojibake repair, UTF-16.
//!
//! Exports re-saved by Excel or R on Windows arrive in Windows-1252; text that
//! was UTF-8, read as Windows-1252 and saved again arrives as mojibake
//! (`ðŸ‘‡` for 👇, `Ã©` for é). Both are repaired field by field and counted,
//! so one bad field never changes how the rest of a file is read.

use std::borrow::Cow;

/// Windows-1252 bytes 0x80–0x9F. The five bytes Windows-1252 leaves undefined
/// map to the C1 controls of the same value, as WHATWG's decoder does, so the
/// mapping stays reversible (mojibake repair relies on that).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decodes Windows-1252 (a superset of printable Latin-1); never fails.
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// The Windows-1252 byte that decodes to `c`, if any.
fn encode_cp1252(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    CP1252_HIGH.iter().position(|&h| h == c).map(|i| 0x80 + i as u8)
}

/// How a field's bytes became text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    Utf8,
    /// Not valid UTF-8: decoded as Windows-1252.
    Cp1252,
}

/// UTF-8 if the bytes are valid UTF-8, Windows-1252 otherwise.
pub fn decode_field(bytes: &[u8]) -> (Cow<'_, str>, Decoded) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), Decoded::Utf8),
        Err(_) => (Cow::Owned(decode_cp1252(bytes)), Decoded::Cp1252),
    }
}

/// Repairs mojibake: UTF-8 bytes that were decoded as Windows-1252 and
/// encoded again. Returns `None` when the text has none.
///
/// Works on runs of characters that Windows-1252 can encode: a run is
/// replaced only if its bytes are valid UTF-8 and contain a multi-byte
/// sequence, which real Latin-1 text (`café`, `Ñ`) never is. Applied twice
/// at most, for text that went through the round trip twice.
pub fn repair_mojibake(text: &str) -> Option<String> {
    // Every mojibake lead character (U+00C2..U+00F4) is encoded C3 xx.
    memchr::memchr(0xC3, text.as_bytes())?;
    let once = repair_pass(text)?;
    Some(repair_pass(&once).unwrap_or(once))
}

fn repair_pass(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<u8> = Vec::new();
    let mut run_text = String::new();
    let mut changed = false;
    let flush = |run: &mut Vec<u8>, run_text: &mut String, out: &mut String, changed: &mut bool| {
        if run.iter().any(|&b| b >= 0x80)
            && let Some(fixed) = fix_run(run)
        {
            out.push_str(&fixed);
            *changed = true;
            run.clear();
            run_text.clear();
            return;
        }
        out.push_str(run_text);
        run.clear();
        run_text.clear();
    };
    for c in text.chars() {
        match encode_cp1252(c) {
            Some(b) => {
                run.push(b);
                run_text.push(c);
            }
            None => {
                flush(&mut run, &mut run_text, &mut out, &mut changed);
                out.push(c);
            }
        }
    }
    flush(&mut run, &mut run_text, &mut out, &mut changed);
    changed.then_some(out)
}

/// Decodes the UTF-8 sequences hidden in a run; bytes that do not form one
/// stay as they were. `None` if no sequence was found.
fn fix_run(run: &[u8]) -> Option<String> {
    let mut out = String::new();
    let mut i = 0;
    let mut fixed_any = false;
    while i < run.len() {
        let b = run[i];
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        if len > 0
            && i + len <= run.len()
            && let Ok(s) = std::str::from_utf8(&run[i..i + len])
        {
            out.push_str(s);
            fixed_any = true;
            i += len;
            continue;
        }
        // Keep the original character for this byte.
        out.push(match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        });
        i += 1;
    }
    fixed_any.then_some(out)
}

/// Detects UTF-16 by its byte-order mark, or by the zero bytes of mostly-ASCII
/// text (Excel's "Unicode text" export). Returns little-endian?
pub fn sniff_utf16(head: &[u8]) -> Option<bool> {
    match head {
        [0xFF, 0xFE, ..] => return Some(true),
        [0xFE, 0xFF, ..] => return Some(false),
        _ => {}
    }
    let n = head.len().min(512) & !1;
    if n < 8 {
        return None;
    }
    let zeros_odd = head[..n].iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let zeros_even = head[..n].iter().step_by(2).filter(|&&b| b == 0).count();
    let half = n / 2;
    if zeros_odd * 10 > half * 9 && zeros_even * 10 < half {
        Some(true)
    } else if zeros_even * 10 > half * 9 && zeros_odd * 10 < half {
        Some(false)
    } else {
        None
    }
}

/// Transcodes UTF-16 to UTF-8 (dropping the BOM); unpaired surrogates become
/// U+FFFD.
pub fn decode_utf16(bytes: &[u8], little_endian: bool) -> String {
    let body = match bytes {
        [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] => rest,
        _ => bytes,
    };
    let units = body.chunks_exact(2).map(|p| {
        if little_endian { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) }
    });
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_decodes_specials() {
        assert_eq!(decode_cp1252(b"caf\xe9 \x93kutip\x94 \x96 \x80"), "café “kutip” – €");
    }

    #[test]
    fn field_decoding_prefers_utf8() {
        assert_eq!(decode_field("café".as_bytes()), (Cow::Borrowed("café"), Decoded::Utf8));
        let (s, how) = decode_field(b"caf\xe9");
        assert_eq!((s.as_ref(), how), ("café", Decoded::Cp1252));
    }

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(repair_mojibake("Lihat ini ðŸ‘‡").as_deref(), Some("Lihat ini 👇"));
        assert_eq!(repair_mojibake("cafÃ© â€œenakâ€\u{9d}").as_deref(), Some("café “enak”"));
        assert_eq!(repair_mojibake("harga\u{C2}\u{A0}naik").as_deref(), Some("harga\u{A0}naik"));
        // Twice-encoded text is repaired in two passes.
        let twice = "ÃƒÂ©";
        assert_eq!(repair_mojibake(twice).as_deref(), Some("é"));
    }

    #[test]
    fn clean_text_is_left_alone() {
        for s in ["café au lait", "Señor Ñandú", "plain ascii", "emoji 👍 ok", "São Paulo — Ãlvaro"]
        {
            assert_eq!(repair_mojibake(s), None, "{s} must stay as it is");
        }
    }

    #[test]
    fn utf16_is_sniffed_and_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "id\ttext\n1\thalo".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(sniff_utf16(&bytes), Some(true));
        assert_eq!(decode_utf16(&bytes, true), "id\ttext\n1\thalo");
        assert_eq!(sniff_utf16(b"id,text\n1,halo there friends"), None);
    }
}
