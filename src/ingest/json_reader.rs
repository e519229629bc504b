//! JSON inputs: NDJSON lines, whole documents (arrays or API page objects),
//! and the record view over `serde_json` values that the mapper reads.

use super::map::{KeyName, RecordView, is_null_like};
use super::presets::Container;
use serde_json::Value;
use std::borrow::Cow;

/// A parsed dotted path (`public_metrics.like_count`, `referenced_tweets.0.id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    name: String,
    segs: Vec<Seg>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    /// A numeric segment: an array index, or an object key of digits.
    Index(usize, String),
}

impl JsonPath {
    pub fn parse(path: &str) -> JsonPath {
        let segs = path
            .split('.')
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Seg::Index(i, s.to_string()),
                Err(_) => Seg::Key(s.to_string()),
            })
            .collect();
        JsonPath { name: path.to_string(), segs }
    }

    /// A single key that may itself contain dots (a flat column name).
    pub fn parse_flat(name: &str) -> JsonPath {
        JsonPath { name: name.to_string(), segs: vec![Seg::Key(name.to_string())] }
    }

    pub fn lookup<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        let mut cur = v;
        for seg in &self.segs {
            cur = match (seg, cur) {
                (Seg::Key(k), Value::Object(m)) => m.get(k)?,
                (Seg::Index(i, _), Value::Array(a)) => a.get(*i)?,
                (Seg::Index(_, k), Value::Object(m)) => m.get(k)?,
                _ => return None,
            };
        }
        Some(cur)
    }
}

impl KeyName for JsonPath {
    fn name(&self) -> String {
        self.name.clone()
    }
}

/// One JSON record.
pub struct JsonRecord<'v>(pub &'v Value);

impl RecordView for JsonRecord<'_> {
    type Key = JsonPath;
    fn get(&self, key: &JsonPath) -> Option<Cow<'_, str>> {
        match key.lookup(self.0)? {
            Value::String(s) if !is_null_like(s) => Some(Cow::Borrowed(s.as_str())),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }
}

/// Does a value have this dotted path? Arrays are looked through (their
/// first element stands for all), as layout signatures are written.
pub fn has_path(v: &Value, path: &str) -> bool {
    fn walk(v: &Value, segs: &[&str]) -> bool {
        match v {
            Value::Array(a) => a.iter().take(3).any(|x| walk(x, segs)),
            _ if segs.is_empty() => !v.is_null(),
            Value::Object(m) => m.get(segs[0]).is_some_and(|x| walk(x, &segs[1..])),
            _ => false,
        }
    }
    let segs: Vec<&str> = path.split('.').collect();
    walk(v, &segs)
}

/// The records a top-level value holds, given the layout's container.
/// Twitter pages are enriched in place first (see [`enrich_twitter_page`]).
pub fn records_of(top: Value, container: Container) -> Vec<Value> {
    match container {
        Container::Rows => vec![top],
        Container::Pages(path) => {
            let jp = JsonPath::parse(path);
            match jp.lookup(&top) {
                Some(Value::Array(_)) => match take_path(top, path) {
                    Value::Array(items) => items,
                    _ => vec![],
                },
                // A file of bare records, as some tools save them.
                _ if !top.is_null() && !is_page_without(&top, path) => vec![top],
                _ => vec![],
            }
        }
        Container::TwitterPages => {
            if top.get("data").is_some() {
                enrich_twitter_page(top)
            } else {
                vec![top]
            }
        }
    }
}

/// A page object whose record array is missing or null (an empty API page).
fn is_page_without(v: &Value, path: &str) -> bool {
    let root = path.split('.').next().unwrap_or(path);
    v.get(root).is_some() || v.get("error").is_some() || v.get("has_more").is_some()
}

fn take_path(mut v: Value, path: &str) -> Value {
    for seg in path.split('.') {
        v = match v {
            Value::Object(mut m) => m.remove(seg).unwrap_or(Value::Null),
            _ => return Value::Null,
        };
    }
    v
}

/// Splits a Twitter API v2 page into tweets, resolving what `includes`
/// holds: the author's username (`author.username`, as twarc's flattened
/// lines have it) and the full text of referenced tweets
/// (`referenced_tweets[i].text`), so one mapping serves pages and flat lines.
pub fn enrich_twitter_page(mut page: Value) -> Vec<Value> {
    let includes = page.get_mut("includes").map(Value::take).unwrap_or(Value::Null);
    let users: std::collections::HashMap<&str, &Value> = includes
        .get("users")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|u| Some((u.get("id")?.as_str()?, u))).collect())
        .unwrap_or_default();
    let tweets: std::collections::HashMap<&str, &Value> = includes
        .get("tweets")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|t| Some((t.get("id")?.as_str()?, t))).collect())
        .unwrap_or_default();
    let data = page.get_mut("data").map(Value::take).unwrap_or(Value::Null);
    let mut items = match data {
        Value::Array(a) => a,
        Value::Object(_) => vec![data],
        _ => vec![],
    };
    for tweet in &mut items {
        let Some(obj) = tweet.as_object_mut() else { continue };
        if !obj.contains_key("author")
            && let Some(user) = obj.get("author_id").and_then(Value::as_str).and_then(|id| users.get(id))
        {
            obj.insert("author".into(), (*user).clone());
        }
        if let Some(Value::Array(refs)) = obj.get_mut("referenced_tweets") {
            for r in refs.iter_mut() {
                let Some(id) = r.get("id").and_then(Value::as_str) else { continue };
                if let Some(full) = tweets.get(id)
                    && let Some(ro) = r.as_object_mut()
                {
                    for key in ["text", "note_tweet", "author_id"] {
                        if let Some(v) = full.get(key) {
                            ro.entry(key).or_insert_with(|| v.clone());
                        }
                    }
                }
            }
        }
    }
    items
}

/// Byte ranges of the elements of a top-level JSON array, found by
/// tracking strings and nesting only, so that one broken element (or a file
/// cut short) loses that element, not the file. The flag marks an element
/// the input ended inside.
pub fn split_array(doc: &[u8]) -> Option<Vec<(usize, usize, bool)>> {
    let start = doc.iter().position(|b| !b.is_ascii_whitespace())?;
    if doc[start] != b'[' {
        return None;
    }
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    let mut elem_start: Option<usize> = None;
    for (i, &b) in doc.iter().enumerate().skip(start + 1) {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => {
                in_str = true;
                elem_start.get_or_insert(i);
            }
            b'{' | b'[' => {
                elem_start.get_or_insert(i);
                depth += 1;
            }
            b'}' | b']' if depth > 0 => depth -= 1,
            b']' => {
                if let Some(s) = elem_start.take() {
                    out.push((s, i, false));
                }
                return Some(out);
            }
            b',' if depth == 0 => {
                if let Some(s) = elem_start.take() {
                    out.push((s, i, false));
                }
            }
            b if b.is_ascii_whitespace() => {}
            _ => {
                elem_start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = elem_start {
        out.push((s, doc.len(), true));
    }
    Some(out)
}

/// 1-based line numbers of byte offsets (offsets ascending).
pub fn lines_of(doc: &[u8], offsets: impl Iterator<Item = usize>) -> Vec<u64> {
    let mut line = 1u64;
    let mut at = 0usize;
    offsets
        .map(|o| {
            line += memchr::memchr_iter(b'\n', &doc[at..o]).count() as u64;
            at = o;
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_walk_objects_and_arrays() {
        let v = json!({"a": {"b": [ {"c": 1}, {"c": "x"} ]}, "n": null, "s": "NA"});
        let rec = JsonRecord(&v);
        assert_eq!(rec.get(&JsonPath::parse("a.b.1.c")).as_deref(), Some("x"));
        assert_eq!(rec.get(&JsonPath::parse("a.b.0.c")).as_deref(), Some("1"));
        assert_eq!(rec.get(&JsonPath::parse("n")), None);
        assert_eq!(rec.get(&JsonPath::parse("s")), None);
        assert!(has_path(&v, "a.b.c"));
        assert!(!has_path(&v, "a.b.d"));
    }

    #[test]
    fn twitter_pages_resolve_includes() {
        let page = json!({
            "data": [{"id": "2", "text": "RT @ana: awal…", "author_id": "u1",
                      "referenced_tweets": [{"type": "retweeted", "id": "1"}]}],
            "includes": {"users": [{"id": "u1", "username": "budi"}],
                         "tweets": [{"id": "1", "text": "awal dan akhir yang lengkap"}]}
        });
        let tweets = enrich_twitter_page(page);
        assert_eq!(tweets[0]["author"]["username"], "budi");
        assert_eq!(tweets[0]["referenced_tweets"][0]["text"], "awal dan akhir yang lengkap");
    }

    #[test]
    fn array_split_survives_a_cut_tail() {
        let doc = br#" [ {"a": "x,]"}, {"b": [1,2]} , {"c": "cut"#;
        let parts = split_array(doc).unwrap();
        assert_eq!(parts.len(), 3);
        assert!(!parts[0].2 && !parts[1].2 && parts[2].2);
        let first: Value = serde_json::from_slice(&doc[parts[0].0..parts[0].1]).unwrap();
        assert_eq!(first["a"], "x,]");
    }
}
