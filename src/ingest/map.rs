//! The mapping engine: turns one record of any layout into a canonical
//! [`Post`], following a [`FieldMap`] built from a preset table or from the
//! user's `[input.columns]`.

use super::decode::repair_mojibake;
use super::presets::{Container, KindRule, PlatformRule, Preset};
use super::time::{TimeSettings, parse_timestamp};
use crate::core::{Kind, Platform, Post};
use std::borrow::Cow;
use std::cell::Cell;

/// Derives the kind of a post (owned form of [`KindRule`]). `K` is a source
/// key: a name before resolution, a column index or JSON path after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindSpec<K = String> {
    Always(Kind),
    /// `referenced_tweets.{0,1,2}.type`.
    TwitterRefs(Vec<K>),
    Flags {
        repost: Option<K>,
        quote: Option<K>,
        reply: Option<K>,
    },
    TiktokComment {
        parent: Option<K>,
        video: Option<K>,
    },
    /// A column whose values name the kind (generic tables).
    Column(K),
}

/// Where the platform comes from (owned form of [`PlatformRule`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlatformSpec<K = String> {
    Fixed(Platform),
    /// Instagram when the URL says so or the file has an `Account` key.
    FacebookOrInstagram {
        account: Option<K>,
    },
    Column(K, Platform),
}

/// A complete field mapping for one file: the source keys of each field,
/// each list tried in order. Built from a preset or from config with names
/// as keys, then resolved once per file to column indices or JSON paths.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMap<K = String> {
    pub preset: String,
    pub container: Container,
    pub platform: PlatformSpec<K>,
    pub id: Vec<K>,
    pub id_from_url: Vec<K>,
    pub text: Vec<K>,
    pub text_extra: Vec<K>,
    pub retweet_text: Vec<K>,
    pub created_at: Vec<K>,
    pub author: Vec<K>,
    pub likes: Vec<Vec<K>>,
    pub shares: Vec<Vec<K>>,
    pub comments: Vec<Vec<K>>,
    pub views: Vec<Vec<K>>,
    pub lang: Vec<K>,
    pub url: Vec<K>,
    pub parent: Vec<K>,
    /// The link a post shares (not the post's own URL).
    pub link: Vec<K>,
    pub kind: KindSpec<K>,
    /// Text arrives HTML-escaped (`&amp;`), as Twitter's APIs send it.
    pub html_entities: bool,
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn owned_metric(m: &[&[&str]]) -> Vec<Vec<String>> {
    m.iter().map(|t| owned(t)).collect()
}

impl From<&Preset> for FieldMap {
    fn from(p: &Preset) -> FieldMap {
        let col = |c: Option<&str>| c.map(str::to_string);
        FieldMap {
            preset: p.name.to_string(),
            container: p.container,
            platform: match p.platform {
                PlatformRule::Fixed(x) => PlatformSpec::Fixed(x),
                PlatformRule::FacebookOrInstagram => {
                    PlatformSpec::FacebookOrInstagram { account: Some("Account".into()) }
                }
                PlatformRule::Column(c, d) => PlatformSpec::Column(c.to_string(), d),
            },
            id: owned(p.id),
            id_from_url: owned(p.id_from_url),
            text: owned(p.text),
            text_extra: owned(p.text_extra),
            retweet_text: owned(p.retweet_text),
            created_at: owned(p.created_at),
            author: owned(p.author),
            likes: owned_metric(p.likes),
            shares: owned_metric(p.shares),
            comments: owned_metric(p.comments),
            views: owned_metric(p.views),
            lang: owned(p.lang),
            url: owned(p.url),
            parent: owned(p.parent),
            link: owned(p.link),
            html_entities: p.html_entities,
            kind: match p.kind {
                KindRule::Always(k) => KindSpec::Always(k),
                KindRule::TwitterRefs => {
                    KindSpec::TwitterRefs((0..3).map(|i| format!("referenced_tweets.{i}.type")).collect())
                }
                KindRule::Flags { repost, quote, reply } => {
                    KindSpec::Flags { repost: col(repost), quote: col(quote), reply: col(reply) }
                }
                KindRule::TiktokComment => KindSpec::TiktokComment {
                    parent: Some("parent_comment_id".into()),
                    video: Some("video_id".into()),
                },
            },
        }
    }
}

impl FieldMap {
    /// An empty generic mapping; callers fill in the fields they know.
    pub fn generic() -> FieldMap {
        FieldMap {
            preset: "generic".into(),
            container: Container::Rows,
            platform: PlatformSpec::Fixed(Platform::Other),
            id: vec![],
            id_from_url: vec![],
            text: vec![],
            text_extra: vec![],
            retweet_text: vec![],
            created_at: vec![],
            author: vec![],
            likes: vec![],
            shares: vec![],
            comments: vec![],
            views: vec![],
            lang: vec![],
            url: vec![],
            parent: vec![],
            link: vec![],
            kind: KindSpec::Always(Kind::Post),
            html_entities: false,
        }
    }

    /// `(field, sources)` pairs for `inspect` and the manifest.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let join = |v: &[String]| v.join(" | ");
        let metric = |m: &[Vec<String>]| m.iter().map(|t| join(t)).collect::<Vec<_>>().join(" + ");
        let mut out = vec![
            ("post_id", join(&self.id)),
            ("text", join(&self.text)),
            ("created_at", join(&self.created_at)),
            ("author", join(&self.author)),
            ("likes", metric(&self.likes)),
            ("shares", metric(&self.shares)),
            ("comments", metric(&self.comments)),
            ("views", metric(&self.views)),
            ("parent_id", join(&self.parent)),
            ("link", join(&self.link)),
        ];
        if !self.id_from_url.is_empty() {
            out.push(("post_id (from url)", join(&self.id_from_url)));
        }
        if !self.text_extra.is_empty() {
            out.push(("text (appended)", join(&self.text_extra)));
        }
        out.push((
            "platform",
            match &self.platform {
                PlatformSpec::Fixed(p) => format!("={}", p.as_str()),
                PlatformSpec::FacebookOrInstagram { .. } => "facebook, or instagram by URL/Account".into(),
                PlatformSpec::Column(c, d) => format!("{c} (else {})", d.as_str()),
            },
        ));
        out.retain(|(_, v)| !v.is_empty());
        out
    }

    /// Resolves every key once (to a column index or a parsed JSON path);
    /// keys the file does not have are dropped.
    pub fn resolve<K2>(&self, mut f: impl FnMut(&str) -> Option<K2>) -> FieldMap<K2> {
        let mut list = |v: &[String]| v.iter().filter_map(|k| f(k)).collect::<Vec<K2>>();
        let id = list(&self.id);
        let id_from_url = list(&self.id_from_url);
        let text = list(&self.text);
        let text_extra = list(&self.text_extra);
        let retweet_text = list(&self.retweet_text);
        let created_at = list(&self.created_at);
        let author = list(&self.author);
        let lang = list(&self.lang);
        let url = list(&self.url);
        let parent = list(&self.parent);
        let link = list(&self.link);
        let mut metric = |m: &[Vec<String>]| {
            m.iter()
                .map(|t| t.iter().filter_map(|k| f(k)).collect::<Vec<K2>>())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
        };
        let (likes, shares, comments, views) =
            (metric(&self.likes), metric(&self.shares), metric(&self.comments), metric(&self.views));
        let mut one = |k: &Option<String>| k.as_deref().and_then(&mut f);
        let kind = match &self.kind {
            KindSpec::Always(k) => KindSpec::Always(*k),
            KindSpec::TwitterRefs(keys) => {
                KindSpec::TwitterRefs(keys.iter().filter_map(|k| one(&Some(k.clone()))).collect())
            }
            KindSpec::Flags { repost, quote, reply } => {
                KindSpec::Flags { repost: one(repost), quote: one(quote), reply: one(reply) }
            }
            KindSpec::TiktokComment { parent, video } => {
                KindSpec::TiktokComment { parent: one(parent), video: one(video) }
            }
            KindSpec::Column(c) => match one(&Some(c.clone())) {
                Some(k) => KindSpec::Column(k),
                None => KindSpec::Always(Kind::Post),
            },
        };
        let platform = match &self.platform {
            PlatformSpec::Fixed(p) => PlatformSpec::Fixed(*p),
            PlatformSpec::FacebookOrInstagram { account } => {
                PlatformSpec::FacebookOrInstagram { account: one(account) }
            }
            PlatformSpec::Column(c, d) => match one(&Some(c.clone())) {
                Some(k) => PlatformSpec::Column(k, *d),
                None => PlatformSpec::Fixed(*d),
            },
        };
        FieldMap {
            preset: self.preset.clone(),
            container: self.container,
            platform,
            id,
            id_from_url,
            text,
            text_extra,
            retweet_text,
            created_at,
            author,
            likes,
            shares,
            comments,
            views,
            lang,
            url,
            parent,
            link,
            kind,
            html_entities: self.html_entities,
        }
    }
}

/// Read access to one record, whatever its format. `get` returns `None` for
/// absent keys and for the null spellings exports use (`NA`, `null`, …).
pub trait RecordView {
    /// A resolved source key (column index, JSON path).
    type Key;
    fn get(&self, key: &Self::Key) -> Option<Cow<'_, str>>;
}

/// Values that mean "no value" in pandas, R, SQL and Excel exports.
pub fn is_null_like(s: &str) -> bool {
    matches!(
        s.trim(),
        "" | "NA" | "N/A" | "n/a" | "null" | "NULL" | "None" | "nan" | "NaN" | "#N/A" | "<NA>" | "NaT"
    )
}

/// Counters a file's mapping accumulates; reported by `inspect` and in the
/// manifest. Cells, so the record views and the mapper can share them.
#[derive(Debug, Default)]
pub struct MapCounters {
    pub mojibake_repaired: Cell<u64>,
    pub lossy_ids: Cell<u64>,
    pub derived_ids: Cell<u64>,
    pub metrics_unparsed: Cell<u64>,
    pub retweets_expanded: Cell<u64>,
    /// NUL characters removed from text (Parquet strings; text files lose
    /// theirs as they are read).
    pub nul_bytes: Cell<u64>,
}

impl MapCounters {
    fn bump(c: &Cell<u64>) {
        c.set(c.get() + 1);
    }
}

/// Why a record was rejected, and which field was at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub reason: String,
    pub field: Option<String>,
}

impl RowError {
    fn new(reason: impl Into<String>, field: Option<&str>) -> RowError {
        RowError { reason: reason.into(), field: field.map(str::to_string) }
    }
}

/// What the mapper needs besides the record.
pub struct MapContext<'a, K> {
    pub map: &'a FieldMap<K>,
    pub time: &'a TimeSettings,
    pub source_file: u32,
    /// Display name of the file, for derived ids.
    pub file_name: &'a str,
    /// Fields longer than this are rejected (a runaway quote swallows rows).
    pub max_text_bytes: usize,
    pub counters: &'a MapCounters,
}

fn first<'r, R: RecordView + ?Sized>(rec: &'r R, keys: &[R::Key]) -> Option<Cow<'r, str>> {
    keys.iter().find_map(|k| rec.get(k))
}

fn first_value<R: RecordView + ?Sized>(rec: &R, keys: &[R::Key]) -> Option<String> {
    first(rec, keys).map(|v| v.trim().to_string())
}

/// Twitter's APIs send text with `&`, `<` and `>` escaped as HTML entities.
fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Parses an engagement count as exports write it: `12`, `12.0`, `1,234`,
/// `1.2K`, `3M`, `1,2 rb`. `None` for text that is not a count.
pub fn parse_count(raw: &str) -> Option<i64> {
    let s = raw.trim();
    if let Ok(v) = s.parse::<i64>() {
        return (v >= 0).then_some(v);
    }
    let lower = s.to_ascii_lowercase();
    let (num, mult) = [("k", 1e3), ("rb", 1e3), ("m", 1e6), ("jt", 1e6), ("b", 1e9)]
        .iter()
        .find_map(|(suf, m)| lower.strip_suffix(suf).map(|n| (n.trim().to_string(), *m)))
        .unwrap_or((lower.clone(), 1.0));
    let plain = if mult == 1.0 && is_thousands(&num) { num.replace(',', "") } else { num.replace(',', ".") };
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Some((v * mult).round() as i64),
        _ => None,
    }
}

/// `1,234` or `12,345,678`: comma as a thousands separator.
fn is_thousands(s: &str) -> bool {
    let mut groups = s.split(',');
    let head = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&head.len())
        && head.bytes().all(|c| c.is_ascii_digit())
        && rest.iter().all(|g| g.len() == 3 && g.bytes().all(|c| c.is_ascii_digit()))
}

/// Normalises an id: integers as they are; a float-ised id
/// (`1.7355111797816568e+18`, `123.0`) becomes the integer the float denotes,
/// flagged lossy when the float could not hold every digit (≥ 2^53).
pub fn normalise_id(raw: &str) -> (String, bool) {
    let s = raw.trim();
    // rtweet's write_as_csv writes ids as `x1234…` so spreadsheets keep them.
    let s = match s.strip_prefix('x') {
        Some(digits) if digits.len() >= 5 && digits.bytes().all(|c| c.is_ascii_digit()) => digits,
        _ => s,
    };
    if s.bytes().all(|c| c.is_ascii_digit()) || !s.bytes().next().is_some_and(|c| c.is_ascii_digit()) {
        return (s.to_string(), false);
    }
    let looks_float = s.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+'));
    if looks_float
        && let Ok(f) = s.parse::<f64>()
        && f.is_finite()
        && f >= 0.0
        && f.fract() == 0.0
        && f < 1.8e19
    {
        let n = f as u64;
        return (n.to_string(), f >= 9_007_199_254_740_992.0);
    }
    (s.to_string(), false)
}

/// The last all-digit path segment of a URL (`…/status/123?s=20` → `123`).
fn id_from_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    path.rsplit('/')
        .find(|seg| !seg.is_empty() && seg.bytes().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
}

/// A flag column is set when it holds a true boolean, or any other non-null
/// value (`in_reply_to_screen_name`, `replyToSID`, a referenced tweet id).
fn flag_set(v: &str) -> bool {
    !matches!(v.trim().to_ascii_lowercase().as_str(), "false" | "f" | "0" | "no" | "n")
}

fn parse_kind(v: &str) -> Option<Kind> {
    Some(match v.trim().to_ascii_lowercase().as_str() {
        "post" | "tweet" | "video" | "status" | "original" => Kind::Post,
        "comment" => Kind::Comment,
        "reply" | "replied_to" => Kind::Reply,
        "repost" | "retweet" | "retweeted" | "share" => Kind::Repost,
        "quote" | "quoted" => Kind::Quote,
        _ => return None,
    })
}

/// Short hex digest used for derived ids.
fn digest16(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    let d = h.finalize();
    d[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Maps one record to a post, or says why it cannot be one.
pub fn map_record<R: RecordView + ?Sized>(
    rec: &R,
    line: u64,
    ctx: &MapContext<'_, R::Key>,
) -> Result<Post, RowError>
where
    R::Key: KeyName,
{
    let m = ctx.map;

    // Text first: a record without text is not a post.
    let mut text = first(rec, &m.text).map(Cow::into_owned).unwrap_or_default();
    if let Some(extra) = first_value(rec, &m.text_extra).filter(|e| !e.is_empty()) {
        if text.trim().is_empty() {
            text = extra;
        } else {
            text.push_str("\n\n");
            text.push_str(&extra);
        }
    }
    let kind = derive_kind(rec, m, &text);
    // The API cuts a retweet's own text ("RT @x: …"); the original's full
    // text replaces the cut part, and only then.
    let cut = text.trim_end().ends_with('…') || text.trim_end().ends_with("...");
    if kind == Kind::Repost
        && text.starts_with("RT @")
        && cut
        && let Some(full) = first_value(rec, &m.retweet_text)
        && let Some((prefix, cut)) = text.split_once(": ")
        && full.len() > cut.len()
    {
        text = format!("{prefix}: {full}");
        MapCounters::bump(&ctx.counters.retweets_expanded);
    }
    if let Some(fixed) = repair_mojibake(&text) {
        text = fixed;
        MapCounters::bump(&ctx.counters.mojibake_repaired);
    }
    if m.html_entities && text.contains('&') {
        text = unescape_html(&text);
    }
    if text.contains('\0') {
        let before = text.len();
        text.retain(|c| c != '\0');
        ctx.counters.nul_bytes.set(ctx.counters.nul_bytes.get() + (before - text.len()) as u64);
    }
    if text.trim().is_empty() {
        let field = m.text.first().map(KeyName::name);
        return Err(RowError::new("empty text", field.as_deref()));
    }
    if text.len() > ctx.max_text_bytes {
        return Err(RowError::new(
            format!(
                "text too long: {} bytes, over the {} byte limit (an unclosed quote can swallow rows)",
                text.len(),
                ctx.max_text_bytes
            ),
            m.text.first().map(KeyName::name).as_deref(),
        ));
    }

    let created_at = match first(rec, &m.created_at) {
        Some(raw) => match parse_timestamp(&raw, ctx.time) {
            Ok(t) => Some(t),
            Err(e) => {
                let field = m.created_at.iter().find(|k| rec.get(k).is_some()).map(KeyName::name);
                return Err(RowError::new(format!("{e}: '{}'", excerpt(&raw, 60)), field.as_deref()));
            }
        },
        None => None,
    };

    let mut author = first_value(rec, &m.author).map(|a| a.trim_start_matches('@').to_string());
    if let Some(a) = &author
        && let Some(fixed) = repair_mojibake(a)
    {
        author = Some(fixed);
    }
    let url = first_value(rec, &m.url);

    let post_id = match first_value(rec, &m.id) {
        Some(raw) => {
            let (id, lossy) = normalise_id(&raw);
            if lossy {
                MapCounters::bump(&ctx.counters.lossy_ids);
                // A float-ised id is only an approximation; the URL, when the
                // export has one, still carries every digit.
                m.id_from_url.iter().find_map(|k| rec.get(k).and_then(|u| id_from_url(&u))).unwrap_or(id)
            } else {
                id
            }
        }
        None => match m.id_from_url.iter().find_map(|k| rec.get(k).and_then(|u| id_from_url(&u))) {
            Some(id) => id,
            None => {
                MapCounters::bump(&ctx.counters.derived_ids);
                let time = first_value(rec, &m.created_at).unwrap_or_default();
                match &author {
                    Some(a) => format!("d-{}", digest16(&[&text, a, &time])),
                    None if !time.is_empty() => format!("d-{}", digest16(&[&text, &time])),
                    None => format!("d-{}", digest16(&[ctx.file_name, &line.to_string()])),
                }
            }
        },
    };

    let platform = match &m.platform {
        PlatformSpec::Fixed(p) => *p,
        PlatformSpec::FacebookOrInstagram { account } => {
            let ig = url.as_deref().is_some_and(|u| u.contains("instagram.com"))
                || account.as_ref().is_some_and(|k| rec.get(k).is_some());
            if ig { Platform::Instagram } else { Platform::Facebook }
        }
        PlatformSpec::Column(c, default) => rec.get(c).and_then(|v| Platform::parse(&v)).unwrap_or(*default),
    };

    let metric = |terms: &[Vec<R::Key>]| -> Option<i64> {
        let mut total: Option<i64> = None;
        for alternatives in terms {
            if let Some(raw) = first(rec, alternatives) {
                match parse_count(&raw) {
                    Some(v) => total = Some(total.unwrap_or(0) + v),
                    None => MapCounters::bump(&ctx.counters.metrics_unparsed),
                }
            }
        }
        total
    };

    Ok(Post {
        post_id,
        platform,
        kind,
        author,
        created_at,
        text,
        likes: metric(&m.likes),
        shares: metric(&m.shares),
        comments: metric(&m.comments),
        views: metric(&m.views),
        source_lang: first_value(rec, &m.lang),
        url,
        parent_id: first_value(rec, &m.parent).map(|p| normalise_id(&p).0),
        link: first_value(rec, &m.link).filter(|l| !l.is_empty()),
        source_file: ctx.source_file,
        source_line: line,
    })
}

fn derive_kind<R: RecordView + ?Sized>(rec: &R, m: &FieldMap<R::Key>, text: &str) -> Kind {
    match &m.kind {
        KindSpec::Always(k) => *k,
        KindSpec::TwitterRefs(keys) => {
            let mut kind = Kind::Post;
            for key in keys {
                match rec.get(key).as_deref() {
                    Some("retweeted") => return Kind::Repost,
                    Some("quoted") => kind = Kind::Quote,
                    Some("replied_to") if kind == Kind::Post => kind = Kind::Reply,
                    _ => {}
                }
            }
            kind
        }
        KindSpec::Flags { repost, quote, reply } => {
            let set = |c: &Option<R::Key>| c.as_ref().and_then(|c| rec.get(c)).is_some_and(|v| flag_set(&v));
            if set(repost) || text.starts_with("RT @") {
                Kind::Repost
            } else if set(quote) {
                Kind::Quote
            } else if set(reply) {
                Kind::Reply
            } else {
                Kind::Post
            }
        }
        KindSpec::TiktokComment { parent, video } => {
            let parent = parent.as_ref().and_then(|k| rec.get(k));
            let video = video.as_ref().and_then(|k| rec.get(k));
            match (parent, video) {
                (Some(p), Some(v)) if p != v && p != "0" => Kind::Reply,
                _ => Kind::Comment,
            }
        }
        KindSpec::Column(c) => rec.get(c).and_then(|v| parse_kind(&v)).unwrap_or(Kind::Post),
    }
}

/// A resolved key's human name, for reject reasons.
pub trait KeyName {
    fn name(&self) -> String;
}

impl KeyName for String {
    fn name(&self) -> String {
        self.clone()
    }
}

/// The first `max` characters of a value, on one line, for reject excerpts.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Row(BTreeMap<&'static str, &'static str>);
    impl RecordView for Row {
        type Key = String;
        fn get(&self, key: &String) -> Option<Cow<'_, str>> {
            self.0.get(key.as_str()).filter(|v| !is_null_like(v)).map(|v| Cow::Borrowed(*v))
        }
    }

    fn ctx<'a>(
        map: &'a FieldMap,
        counters: &'a MapCounters,
        time: &'a TimeSettings,
    ) -> MapContext<'a, String> {
        MapContext { map, time, source_file: 0, file_name: "f.csv", max_text_bytes: 1 << 20, counters }
    }

    #[test]
    fn counts_parse_like_exports_write_them() {
        assert_eq!(parse_count("12"), Some(12));
        assert_eq!(parse_count("12.0"), Some(12));
        assert_eq!(parse_count("1,234"), Some(1234));
        assert_eq!(parse_count("1.2K"), Some(1200));
        assert_eq!(parse_count("3M"), Some(3_000_000));
        assert_eq!(parse_count("1,5 rb"), Some(1500));
        assert!(parse_count("banyak").is_none());
        assert!(parse_count("-3").is_none());
    }

    #[test]
    fn float_ised_ids_are_flagged_lossy() {
        assert_eq!(normalise_id("1.7355111797816568e+18"), ("1735511179781656832".into(), true));
        assert_eq!(normalise_id("123.0"), ("123".into(), false));
        assert_eq!(normalise_id("1394735776701816833"), ("1394735776701816833".into(), false));
        assert_eq!(normalise_id("abc-1"), ("abc-1".into(), false));
        assert_eq!(normalise_id("x1394735776701816833"), ("1394735776701816833".into(), false));
    }

    #[test]
    fn tweet_harvest_row_maps() {
        let preset = super::super::presets::by_name("tweet-harvest").unwrap();
        let map = FieldMap::from(preset);
        let counters = MapCounters::default();
        let time = TimeSettings::default();
        let row = Row(BTreeMap::from([
            ("id_str", "1735511179781656900"),
            ("full_text", "Debat malam ini seru"),
            ("created_at", "Fri Dec 15 04:04:44 +0000 2023"),
            ("username", "warga62"),
            ("favorite_count", "10"),
            ("retweet_count", "2"),
            ("quote_count", "1"),
            ("reply_count", "3"),
            ("in_reply_to_screen_name", "kpu_ri"),
        ]));
        let post = map_record(&row, 7, &ctx(&map, &counters, &time)).unwrap();
        assert_eq!(post.post_id, "1735511179781656900");
        assert_eq!(post.kind, Kind::Reply);
        assert_eq!(post.shares, Some(3));
        assert_eq!(post.comments, Some(3));
        assert_eq!(post.created_at, Some(1702613084));
        assert_eq!(post.source_line, 7);
    }

    #[test]
    fn missing_id_is_derived_from_content() {
        let mut map = FieldMap::generic();
        map.text = vec!["t".into()];
        map.author = vec!["a".into()];
        let counters = MapCounters::default();
        let time = TimeSettings::default();
        let a = Row(BTreeMap::from([("t", "sama"), ("a", "x")]));
        let b = Row(BTreeMap::from([("t", "sama"), ("a", "y")]));
        let c = ctx(&map, &counters, &time);
        let (pa, pb) = (map_record(&a, 1, &c).unwrap(), map_record(&b, 1, &c).unwrap());
        assert!(pa.post_id.starts_with("d-"));
        assert_ne!(pa.post_id, pb.post_id, "same text by two accounts is two posts");
        assert_eq!(pa.post_id, map_record(&a, 9, &c).unwrap().post_id, "stable across positions");
        assert_eq!(counters.derived_ids.get(), 3);
    }

    #[test]
    fn empty_text_and_bad_time_are_row_errors() {
        let preset = super::super::presets::by_name("tweet-harvest").unwrap();
        let map = FieldMap::from(preset);
        let counters = MapCounters::default();
        let time = TimeSettings::default();
        let c = ctx(&map, &counters, &time);
        let empty = Row(BTreeMap::from([("id_str", "1"), ("full_text", "  ")]));
        assert!(map_record(&empty, 2, &c).unwrap_err().reason.contains("empty text"));
        let bad = Row(BTreeMap::from([("id_str", "1"), ("full_text", "x"), ("created_at", "not a date")]));
        let err = map_record(&bad, 2, &c).unwrap_err();
        assert!(err.reason.contains("timestamp"), "{}", err.reason);
        assert_eq!(err.field.as_deref(), Some("created_at"));
    }
}
