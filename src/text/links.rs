//! Links and hashtags as posts share them: found in a text (or an export's
//! link field) and normalised, so the same article shared as
//! `https://www.Example.com/a/?utm_source=wa` and `http://example.com/a`
//! is one link.

/// Query parameters that only say where a click came from; a link without
/// them is the same link.
const TRACKING: &[&str] = &["fbclid", "gclid", "igshid", "si"];

/// The hashtags of a text, lower-cased, without `#`, each once, in order:
/// a `#` at the start of a whitespace-separated word, then its letters,
/// digits and `_` (at least two). The same rule counts `hashtags.csv`.
pub fn hashtags(text: &str, out: &mut Vec<String>) {
    out.clear();
    for w in text.split(char::is_whitespace) {
        let Some(tag) = w.strip_prefix('#') else { continue };
        let tag: String =
            tag.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>().to_lowercase();
        if tag.chars().count() >= 2 && !out.contains(&tag) {
            out.push(tag);
        }
    }
}

/// The links written in a text: words starting `http://`, `https://` or
/// `www.`, cut before trailing punctuation that closes a sentence or a
/// bracket. A link cut short with an ellipsis (`https://t.co/ab…`, as
/// some exports truncate) is no link: its end is unknown.
pub fn links_in(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"')).filter_map(|w| {
        let lower = w.get(..8).unwrap_or(w).to_ascii_lowercase();
        let at = ["https://", "http://", "www."].iter().find_map(|p| {
            if lower.starts_with(p) {
                Some(0)
            } else {
                // `(https://…)`, `"https://…`: one leading bracket or quote.
                let rest = w.get(1..)?;
                (w.starts_with(['(', '[', '\'', '“']) || w.starts_with('«'))
                    .then(|| rest.get(..p.len()))
                    .flatten()
                    .filter(|h| h.eq_ignore_ascii_case(p))
                    .map(|_| w.chars().next().map_or(1, char::len_utf8))
            }
        })?;
        let w = &w[at..];
        let w = w.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '”', '»']);
        (!w.contains('…') && w.len() > 4).then_some(w)
    })
}

/// The links an export's link field holds: one URL, or several separated
/// by spaces, commas or semicolons, or an R/Python list (`c("…", "…")`,
/// `['…']`). A value without a scheme is taken as one link when it looks
/// like a host (`example.com/a`).
pub fn links_in_field(value: &str) -> Vec<&str> {
    let found: Vec<&str> = value
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"' | '\'' | '[' | ']' | '(' | ')'))
        .filter(|w| {
            let l = w.get(..8).unwrap_or(w).to_ascii_lowercase();
            l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www.")
        })
        .filter(|w| !w.contains('…'))
        .collect();
    if !found.is_empty() {
        return found;
    }
    let v = value.trim();
    let host = v.split('/').next().unwrap_or("");
    if host.contains('.')
        && !v.contains(char::is_whitespace)
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
    {
        vec![v]
    } else {
        Vec::new()
    }
}

/// A link in its normal form: no scheme, host lower-cased without `www.`
/// and a default port, path as written without a trailing slash, the
/// query without tracking parameters (`utm_*`, `fbclid`, `gclid`,
/// `igshid`, `si`; the others in their order), no fragment.
/// `None` when no host is left.
pub fn normalize_link(raw: &str) -> Option<String> {
    let s = raw.trim();
    let lower8 = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    let s = if lower8.starts_with("https://") {
        &s[8..]
    } else if lower8.starts_with("http://") {
        &s[7..]
    } else {
        s.strip_prefix("//").unwrap_or(s)
    };
    let s = s.split('#').next().unwrap_or("");
    let (before_query, query) = match s.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (s, None),
    };
    let (host, path) = match before_query.find('/') {
        Some(i) => (&before_query[..i], &before_query[i..]),
        None => (before_query, ""),
    };
    // user:pass@ never belongs to the link's identity.
    let host = host.rsplit('@').next().unwrap_or(host).to_ascii_lowercase();
    let host = host.strip_suffix(":80").or_else(|| host.strip_suffix(":443")).unwrap_or(&host);
    let host = host.strip_prefix("www.").unwrap_or(host).trim_end_matches('.');
    if host.is_empty() || !host.contains(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let path = path.trim_end_matches('/');
    let mut out = String::with_capacity(host.len() + path.len() + 16);
    out.push_str(host);
    out.push_str(path);
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|p| {
                let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
                !name.is_empty() && !name.starts_with("utm_") && !TRACKING.contains(&name.as_str())
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    Some(out)
}

/// The host of a normalised link (`example.com`).
pub fn domain(normalized: &str) -> &str {
    let end = normalized.find(['/', '?']).unwrap_or(normalized.len());
    &normalized[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_normalise_to_one_form() {
        let same = [
            "https://www.Example.com/berita/123/?utm_source=wa&utm_medium=x",
            "http://example.com/berita/123",
            "https://example.com/berita/123/#komentar",
            "https://example.com:443/berita/123?fbclid=IwAR0x",
            "www.example.com/berita/123?gclid=1&igshid=2&si=3",
        ];
        for s in same {
            assert_eq!(normalize_link(s).as_deref(), Some("example.com/berita/123"), "{s}");
        }
        // What identifies a page stays: other parameters (in order), case of the path.
        assert_eq!(
            normalize_link("https://youtube.com/watch?v=AbC&si=xyz&t=10").as_deref(),
            Some("youtube.com/watch?v=AbC&t=10")
        );
        assert_ne!(normalize_link("https://t.co/AbC"), normalize_link("https://t.co/abc"));
        assert_eq!(normalize_link("https://Example.com/").as_deref(), Some("example.com"));
        assert_eq!(normalize_link("https://"), None);
        assert_eq!(domain("example.com/berita/123?x=1"), "example.com");
        assert_eq!(domain("example.com?x=1"), "example.com");
    }

    #[test]
    fn links_are_found_in_text_and_fields() {
        let t = "Baca (https://ex.com/a). Juga https://ex.com/b, dan www.ex.id/c! dan https://t.co/ab… putus";
        let got: Vec<&str> = links_in(t).collect();
        assert_eq!(got, ["https://ex.com/a", "https://ex.com/b", "www.ex.id/c"]);
        assert_eq!(
            links_in_field("c(\"https://a.com/1\", \"https://b.com/2\")"),
            ["https://a.com/1", "https://b.com/2"]
        );
        assert_eq!(links_in_field("https://a.com/1 https://b.com/2"), ["https://a.com/1", "https://b.com/2"]);
        assert_eq!(links_in_field("kompas.com/read/1"), ["kompas.com/read/1"]);
        assert!(links_in_field("bukan tautan").is_empty());
    }

    #[test]
    fn hashtags_are_lower_cased_once_each() {
        let mut v = Vec::new();
        hashtags("#Pemilu2024 damai #pemilu2024 #A #2019GantiPresiden, #tolak_hoaks!", &mut v);
        assert_eq!(v, ["pemilu2024", "2019gantipresiden", "tolak_hoaks"]);
    }
}
