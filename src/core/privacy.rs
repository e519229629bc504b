//! Pseudonyms for accounts, wherever a handle would reach an output.
//!
//! An author's handle is replaced by [`pseudonym`] (the `author_hash`
//! column). With `[privacy] pseudonymise = true` the same pseudonym also
//! replaces every other place an account shows: `@mentions` in post text
//! (`RT @budi: …` → `RT @3fa9…: …`, so replies and retweets still link to
//! the author_hash of the account), the account part of post URLs and
//! URL-shaped ids (`https://x.com/budi/status/1` → `https://x.com/3fa9…/status/1`;
//! CrowdTangle's ids are such URLs), and handle fields in the excerpts of
//! rejected records. Handles a watchlist names (`"@prabowo"`) are public
//! accounts under study and stay, so their mentions can be audited.
//!
//! Posts are masked after the per-post stages (which read the text as
//! written) and before anything is stored or written; mention offsets are
//! carried over to the masked text.

use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;

/// Pseudonymisation of authors.
#[derive(Debug, Clone, Serialize)]
pub struct Privacy {
    #[serde(skip)]
    pub salt: String,
    pub salt_is_default: bool,
    pub pseudonymise: bool,
}

/// The salt used when the config has none: pseudonyms are then stable
/// across everyone's runs, so they protect less. `suara init` writes a
/// random salt; a run without one says so.
pub const DEFAULT_SALT: &str = "suara-default-salt-set-your-own";

/// Salted pseudonym of a handle: the first 16 hex digits of
/// SHA-256(salt, 0x1F, lower-cased handle). Handles are case-insensitive on
/// the platforms, so `@KPU_ID` and `@kpu_id` are one author.
pub fn pseudonym(salt: &str, handle: &str) -> String {
    pseudonym_hex(pseudonym_key(salt, handle))
}

/// [`pseudonym`] as a number (its 16 hex digits read big-endian): what
/// stages that hold millions of accounts keep, 8 bytes each.
pub fn pseudonym_key(salt: &str, handle: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0x1f]);
    h.update(handle.to_lowercase().as_bytes());
    u64::from_be_bytes(h.finalize()[..8].try_into().expect("8 of 32 bytes"))
}

/// A [`pseudonym_key`] written as the pseudonym it is.
pub fn pseudonym_hex(key: u64) -> String {
    format!("{key:016x}")
}

/// Masks handles with their pseudonyms.
#[derive(Clone)]
pub struct Masker {
    salt: String,
    /// Lower-cased handles (no `@`) that stay as written.
    spared: HashSet<String>,
}

impl std::fmt::Debug for Masker {
    /// Never the salt: it is what keeps the pseudonyms from being reversed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Masker").field("spared", &self.spared.len()).finish_non_exhaustive()
    }
}

/// One replaced byte range of a text: `old` in the original, `new_len`
/// bytes in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub old: (usize, usize),
    pub new_len: usize,
}

/// A text with its handles and URLs masked, and where it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    pub text: String,
    pub edits: Vec<Edit>,
    /// The handles masked, lower-cased, without `@`.
    pub handles: Vec<String>,
}

impl Masked {
    /// Where byte offset `b` of the original lies in the masked text; an
    /// offset inside a replaced range goes to that range's start (`end =
    /// false`) or end (`end = true`), so a span inside a handle covers its
    /// whole pseudonym.
    pub fn map_byte(&self, b: usize, end: bool) -> usize {
        let mut shift: isize = 0;
        for e in &self.edits {
            let (s, t) = e.old;
            if b <= s {
                break;
            }
            if b < t || (end && b == t) {
                return (s as isize + shift) as usize + if end { e.new_len } else { 0 };
            }
            shift += e.new_len as isize - (t - s) as isize;
        }
        (b as isize + shift) as usize
    }
}

/// First path segments of X/Twitter URLs that are not accounts.
const TWITTER_RESERVED: &[&str] = &[
    "i",
    "search",
    "hashtag",
    "home",
    "intent",
    "share",
    "explore",
    "settings",
    "notifications",
    "messages",
    "compose",
    "login",
    "tos",
    "privacy",
];

/// Hosts whose URLs carry an account, and the first path segments that are
/// not accounts there.
const ACCOUNT_HOSTS: &[(&str, &[&str])] = &[
    ("twitter.com", TWITTER_RESERVED),
    ("x.com", TWITTER_RESERVED),
    (
        "facebook.com",
        &[
            "permalink.php",
            "profile.php",
            "story.php",
            "photo.php",
            "photo",
            "photos",
            "watch",
            "share",
            "sharer",
            "sharer.php",
            "hashtag",
            "events",
            "groups",
            "pages",
            "reel",
            "login",
            "help",
            "policies",
            "privacy",
            "marketplace",
            "gaming",
            "video.php",
            "l.php",
            "plugins",
            "dialog",
            "tr",
        ],
    ),
    ("fb.com", &["permalink.php", "profile.php", "story.php", "watch", "share", "groups", "hashtag"]),
    (
        "instagram.com",
        &["p", "reel", "reels", "tv", "explore", "accounts", "direct", "about", "legal", "developer", "web"],
    ),
    (
        "tiktok.com",
        &["t", "tag", "music", "discover", "search", "foryou", "following", "live", "embed", "v", "share"],
    ),
    (
        "youtube.com",
        &[
            "watch",
            "shorts",
            "embed",
            "playlist",
            "results",
            "feed",
            "hashtag",
            "live",
            "v",
            "redirect",
            "attribution_link",
            "t",
            "post",
        ],
    ),
];

/// Query parameters that hold an account id (`profile.php?id=…`).
const ACCOUNT_PARAMS: &[&str] = &["id", "user", "username", "screen_name"];

/// Subdomains that serve the same accounts as the bare host.
const SUBDOMAINS: [&str; 6] = ["www.", "m.", "mobile.", "web.", "vm.", "vt."];

impl Masker {
    /// Masks with `salt`; `spared` handles (with or without `@`, any case)
    /// stay as written.
    pub fn new(salt: &str, spared: impl IntoIterator<Item = String>) -> Masker {
        Masker {
            salt: salt.to_string(),
            spared: spared.into_iter().map(|h| h.trim_start_matches('@').to_lowercase()).collect(),
        }
    }

    /// The pseudonym of `handle` (without `@`).
    pub fn handle(&self, handle: &str) -> String {
        pseudonym(&self.salt, handle.trim_start_matches('@'))
    }

    fn spared(&self, handle: &str) -> bool {
        self.spared.contains(&handle.to_lowercase())
    }

    /// A URL with its account part pseudonymised (`x.com/<h>/status/…`,
    /// `tiktok.com/@<h>/…`, `facebook.com/<page>/posts/…`,
    /// `youtube.com/@<h>`, `/channel/<id>`, `profile.php?id=…`); anything
    /// else as it is.
    pub fn url<'a>(&self, url: &'a str) -> Cow<'a, str> {
        let Some(scheme_end) = url.find("://").map(|i| i + 3).or_else(|| {
            // Scheme-less links in text: `x.com/budi`, `www.tiktok.com/@budi`,
            // `web.facebook.com/budi` (the same subdomains as below).
            let lower = url.get(..20).unwrap_or(url).to_ascii_lowercase();
            let bare = SUBDOMAINS.iter().find_map(|p| lower.strip_prefix(p)).unwrap_or(&lower);
            ACCOUNT_HOSTS.iter().any(|(h, _)| bare.starts_with(h)).then_some(0)
        }) else {
            return Cow::Borrowed(url);
        };
        let rest = &url[scheme_end..];
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = rest[..host_end].to_ascii_lowercase();
        let host = host.split(':').next().unwrap_or("");
        let bare = SUBDOMAINS.iter().find_map(|p| host.strip_prefix(p)).unwrap_or(host);
        let Some((_, reserved)) = ACCOUNT_HOSTS.iter().find(|(h, _)| bare == *h) else {
            return Cow::Borrowed(url);
        };
        let base = scheme_end + host_end;
        let tail = &url[base..];
        let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
        let (path, query) = (&tail[..path_end], &tail[path_end..]);
        let mut out = String::with_capacity(url.len() + 8);
        out.push_str(&url[..base]);
        let mut changed = false;
        let segments: Vec<&str> = path.split('/').collect();
        // segments[0] is the empty string before the first '/'.
        let mut mask_at: Vec<usize> = Vec::new();
        if let Some(first) = segments.get(1).filter(|s| !s.is_empty()) {
            let lower = first.to_ascii_lowercase();
            if let Some(h) = first.strip_prefix('@') {
                if !h.is_empty() && !self.spared(h) {
                    mask_at.push(1);
                }
            } else if (bare == "youtube.com" && matches!(lower.as_str(), "channel" | "c" | "user"))
                || (bare == "instagram.com" && lower == "stories")
            {
                // `/channel/<id>`, `/stories/<h>/…`: the account is second.
                mask_at.push(2);
            } else if !reserved.contains(&lower.as_str())
                && !matches!(bare, "youtube.com" | "tiktok.com")
                && !self.spared(first)
            {
                mask_at.push(1);
            }
        }
        for (i, seg) in segments.iter().enumerate() {
            if i > 0 {
                out.push('/');
            }
            if mask_at.contains(&i) && !seg.is_empty() {
                let (at, h) = match seg.strip_prefix('@') {
                    Some(h) => ("@", h),
                    None => ("", *seg),
                };
                out.push_str(at);
                out.push_str(&self.handle(h));
                changed = true;
            } else {
                out.push_str(seg);
            }
        }
        // `profile.php?id=…`, `permalink.php?story_fbid=…&id=…`.
        if let Some(q) = query.strip_prefix('?') {
            let (params, frag) = match q.find('#') {
                Some(i) => (&q[..i], &q[i..]),
                None => (q, ""),
            };
            out.push('?');
            for (i, kv) in params.split('&').enumerate() {
                if i > 0 {
                    out.push('&');
                }
                match kv.split_once('=') {
                    Some((k, v)) if ACCOUNT_PARAMS.contains(&k) && !v.is_empty() && bare != "youtube.com" => {
                        out.push_str(k);
                        out.push('=');
                        out.push_str(&self.handle(v));
                        changed = true;
                    }
                    _ => out.push_str(kv),
                }
            }
            out.push_str(frag);
        } else {
            out.push_str(query);
        }
        if changed { Cow::Owned(out) } else { Cow::Borrowed(url) }
    }

    /// `text` with `@handles` (not those spared) and the account parts of
    /// URLs masked; `None` when nothing changed.
    pub fn text(&self, text: &str) -> Option<Masked> {
        if !text.contains('@') && !text.contains('/') {
            return None;
        }
        let b = text.as_bytes();
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        let mut handles: Vec<String> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            // URLs (and scheme-less links to the account hosts).
            if (c == b'h'
                || c == b'H'
                || c == b'w'
                || c == b'x'
                || c == b't'
                || c == b'f'
                || c == b'i'
                || c == b'y')
                && (i == 0 || !is_word_byte(b[i - 1]))
                && looks_like_url(&b[i..])
            {
                let mut j = i;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] >= 0x21 && b[j] < 0x80 {
                    j += 1;
                }
                while j > i
                    && matches!(
                        b[j - 1],
                        b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'"' | b'\''
                    )
                {
                    j -= 1;
                }
                if let Cow::Owned(masked) = self.url(&text[i..j]) {
                    edits.push((i, j, masked));
                }
                i = j.max(i + 1);
                continue;
            }
            if c == b'@' && (i == 0 || !is_word_byte_or_char_before(text, i)) {
                let start = i + 1;
                let mut j = start;
                for ch in text[start..].chars() {
                    if ch.is_alphanumeric() || ch == '_' {
                        j += ch.len_utf8();
                    } else if ch == '.'
                        && text[j + 1..].chars().next().is_some_and(|n| n.is_alphanumeric() || n == '_')
                    {
                        // TikTok and Instagram handles hold dots (`@budi.s`).
                        j += 1;
                    } else {
                        break;
                    }
                }
                if j > start {
                    let handle = &text[start..j];
                    if !self.spared(handle) {
                        edits.push((i, j, format!("@{}", self.handle(handle))));
                        handles.push(handle.to_lowercase());
                    }
                }
                i = j.max(i + 1);
                continue;
            }
            i += 1;
        }
        if edits.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + edits.len() * 8);
        let mut at = 0;
        let mut spans = Vec::with_capacity(edits.len());
        for (s, e, new) in edits {
            out.push_str(&text[at..s]);
            out.push_str(&new);
            spans.push(Edit { old: (s, e), new_len: new.len() });
            at = e;
        }
        out.push_str(&text[at..]);
        Some(Masked { text: out, edits: spans, handles })
    }

    /// One field of a rejected record, for its excerpt: a handle field
    /// (by its name, or `is_handle` when the mapping says it is the
    /// author) becomes its pseudonym, any other is masked as text is.
    pub fn field<'a>(&self, name: &str, value: &'a str, is_handle: bool) -> Cow<'a, str> {
        if value.trim().is_empty() {
            return Cow::Borrowed(value);
        }
        if is_handle || is_handle_key(name) {
            return Cow::Owned(self.handle(value.trim()));
        }
        match self.text(value) {
            Some(m) => Cow::Owned(m.text),
            None => Cow::Borrowed(value),
        }
    }

    /// A raw record (a JSON line or a CSV row that could not be split) for
    /// a reject's excerpt: text masking, and the string value of every
    /// JSON key that names an account (`"username": "…"`) pseudonymised.
    pub fn raw(&self, raw: &str) -> String {
        let text = match self.text(raw) {
            Some(m) => m.text,
            None => raw.to_string(),
        };
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        let mut i = 0;
        while let Some(q) = memchr::memchr(b'"', &b[i..]).map(|q| q + i) {
            // "key" : "value"
            let Some(kend) = memchr::memchr(b'"', &b[q + 1..]).map(|k| k + q + 1) else { break };
            let key = &text[q + 1..kend];
            let mut v = kend + 1;
            while v < b.len() && b[v].is_ascii_whitespace() {
                v += 1;
            }
            if v < b.len() && b[v] == b':' && is_handle_key(key) {
                v += 1;
                while v < b.len() && b[v].is_ascii_whitespace() {
                    v += 1;
                }
                if v < b.len() && b[v] == b'"' {
                    let vs = v + 1;
                    let mut ve = vs;
                    while ve < b.len() && b[ve] != b'"' {
                        ve += if b[ve] == b'\\' { 2 } else { 1 };
                    }
                    let ve = ve.min(b.len());
                    if ve > vs && text.is_char_boundary(ve) {
                        out.push_str(&text[at..vs]);
                        out.push_str(&self.handle(&text[vs..ve]));
                        at = ve;
                    }
                    i = ve.max(kend + 1);
                    continue;
                }
            }
            i = kend + 1;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Masks a post in place after the per-post stages: its text (with
    /// its mentions' offsets carried over), URL, id and parent id, and the
    /// words of a masked handle among the `why` of its sentiment (a
    /// handle's parts are features: `@budi_kecewa` gives `budi`).
    pub fn post(&self, post: &mut crate::core::Post, notes: &mut crate::core::Notes) {
        if let Some(m) = self.text(&post.text) {
            for x in notes.mentions.iter_mut() {
                let (bs, be) =
                    (m.map_byte(x.byte_start as usize, false), m.map_byte(x.byte_end as usize, true));
                x.byte_start = bs as u32;
                x.byte_end = be as u32;
                x.start = m.text[..bs].chars().count() as u32;
                x.end = x.start + m.text[bs..be].chars().count() as u32;
            }
            if let Some(s) = notes.sentiment.as_mut() {
                s.why = scrub_why(&s.why, &m.handles);
            }
            post.text = m.text;
        }
        for field in
            [Some(&mut post.post_id), post.url.as_mut(), post.parent_id.as_mut()].into_iter().flatten()
        {
            if let Cow::Owned(masked) = self.url(field) {
                *field = masked;
            }
        }
    }
}

/// A `why` (`kecewa (+0.61); NEG_budi (+0.40)`) without the entries whose
/// word is part of one of `handles`.
fn scrub_why(why: &str, handles: &[String]) -> String {
    why.split("; ")
        .filter(|entry| {
            let word = entry.split(" (").next().unwrap_or("");
            let word = word.strip_prefix("NEG_").unwrap_or(word).to_lowercase();
            word.is_empty() || word.starts_with('<') || !handles.iter().any(|h| h.contains(&word))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the character before byte `i` continues a word (an e-mail
/// address's `@` is not a mention).
fn is_word_byte_or_char_before(text: &str, i: usize) -> bool {
    text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn looks_like_url(b: &[u8]) -> bool {
    let lower = |n: usize| b.get(..n).map(|s| s.to_ascii_lowercase());
    if lower(7).is_some_and(|s| s == b"http://") || lower(8).is_some_and(|s| s == b"https://") {
        return true;
    }
    let head = lower(b.len().min(18)).unwrap_or_default();
    let head = head.strip_prefix(b"www.").unwrap_or(&head);
    ACCOUNT_HOSTS.iter().any(|(h, _)| head.starts_with(h.as_bytes()) && head.get(h.len()) == Some(&b'/'))
}

/// A field or JSON key that holds an account: `username`, `screen_name`,
/// `User Name`, `authorMeta.name`, `in_reply_to_screen_name`, `channel` …
pub fn is_handle_key(key: &str) -> bool {
    let norm: String = key.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
    norm.ends_with("username")
        || norm.ends_with("screenname")
        || norm.ends_with("handle")
        || matches!(
            norm.as_str(),
            "user"
                | "author"
                | "authorname"
                | "account"
                | "accountname"
                | "channel"
                | "channelname"
                | "channeltitle"
                | "owner"
                | "nickname"
                | "uniqueid"
                | "name"
                | "login"
                | "pagename"
                | "authordisplayname"
                | "displayname"
                | "fullname"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Masker {
        Masker::new("s", ["@Prabowo".to_string()])
    }

    #[test]
    fn post_urls_lose_their_account_and_keep_their_id() {
        let m = m();
        let h = m.handle("budi_s");
        assert_eq!(m.url("https://x.com/Budi_S/status/17?s=20"), format!("https://x.com/{h}/status/17?s=20"));
        assert_eq!(m.url("https://twitter.com/i/web/status/17"), "https://twitter.com/i/web/status/17");
        assert_eq!(
            m.url("https://www.facebook.com/budi_s/posts/9451"),
            format!("https://www.facebook.com/{h}/posts/9451")
        );
        assert_eq!(
            m.url("https://www.tiktok.com/@budi_s/video/733"),
            format!("https://www.tiktok.com/@{h}/video/733")
        );
        assert_eq!(m.url("https://www.youtube.com/watch?v=abc"), "https://www.youtube.com/watch?v=abc");
        assert_eq!(m.url("https://www.youtube.com/@budi_s"), format!("https://www.youtube.com/@{h}"));
        assert_eq!(m.url("https://www.instagram.com/p/Cx1/"), "https://www.instagram.com/p/Cx1/");
        let id = m.handle("1000123");
        assert_eq!(
            m.url("https://www.facebook.com/profile.php?id=1000123"),
            format!("https://www.facebook.com/profile.php?id={id}")
        );
        // Other sites, and accounts a watchlist names, stay.
        assert_eq!(m.url("https://kompas.com/budi_s/2024"), "https://kompas.com/budi_s/2024");
        assert_eq!(m.url("https://x.com/prabowo/status/1"), "https://x.com/prabowo/status/1");
        assert_eq!(m.url("d-1234abcd"), "d-1234abcd");
    }

    #[test]
    fn scheme_less_links_on_mobile_and_web_subdomains_are_masked() {
        let m = m();
        let h = m.handle("budi");
        for host in ["facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"] {
            assert_eq!(m.url(&format!("{host}/budi")), format!("{host}/{h}"), "{host}");
        }
        assert_eq!(m.url("mobile.twitter.com/budi/status/1"), format!("mobile.twitter.com/{h}/status/1"));
        assert_eq!(m.url("web.example.com/budi"), "web.example.com/budi");
    }

    #[test]
    fn mentions_and_links_in_text_are_masked_and_offsets_follow() {
        let m = m();
        let h = m.handle("budi_s");
        let t = "RT @Budi_S: lihat https://x.com/budi_s/status/1 dan @prabowo, email a@b.com";
        let got = m.text(t).unwrap();
        assert_eq!(
            got.text,
            format!("RT @{h}: lihat https://x.com/{h}/status/1 dan @prabowo, email a@b.com")
        );
        // "lihat" moves by the pseudonym's length difference.
        let at = t.find("lihat").unwrap();
        assert_eq!(&got.text[got.map_byte(at, false)..got.map_byte(at + 5, true)], "lihat");
        // A span inside the handle covers the whole pseudonym.
        let inner = t.find("Budi").unwrap();
        assert_eq!(&got.text[got.map_byte(inner, false)..got.map_byte(inner + 4, true)], format!("@{h}"));
        assert_eq!(m.text("tidak ada akun di sini"), None);
        // Dotted handles (TikTok, Instagram) are masked whole.
        assert_eq!(m.text("cek @budi.s ya").unwrap().text, format!("cek @{} ya", m.handle("budi.s")));
    }

    #[test]
    fn a_masked_handles_words_leave_the_why() {
        let why = "kecewa (+0.61); NEG_rinaldi (+0.40); <emphasis> (+0.10); bagus (+0.05)";
        assert_eq!(scrub_why(why, &["rinaldi_kecewa".into()]), "<emphasis> (+0.10); bagus (+0.05)");
        assert_eq!(scrub_why(why, &[]), why);
    }

    #[test]
    fn excerpts_lose_handle_fields() {
        let m = m();
        let h = m.handle("komang96");
        assert_eq!(m.field("username", "komang96", false), h);
        assert_eq!(m.field("x", "komang96", true), h);
        assert_eq!(m.field("full_text", "halo @komang96", false), format!("halo @{h}"));
        assert_eq!(
            m.raw(r#"{"id":1,"user":{"screen_name": "komang96","followers":3},"text":"hi"}"#),
            format!(r#"{{"id":1,"user":{{"screen_name": "{h}","followers":3}},"text":"hi"}}"#)
        );
        assert!(
            is_handle_key("User Name") && is_handle_key("in_reply_to_screen_name") && !is_handle_key("text")
        );
    }
}
