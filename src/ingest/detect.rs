//! `preset = "auto"`: recognising a layout from its CSV header or its first
//! JSON record, and saying why.

use super::json_reader::has_path;
use super::map::{FieldMap, KindSpec, PlatformSpec};
use super::presets::{self, Container, NOT_POSTS, PRESETS, Preset};
use super::source::FileError;
use serde_json::Value;

/// The keys a file offers: a CSV header or a JSON record.
#[derive(Clone, Copy)]
pub enum Keys<'a> {
    Header(&'a [String]),
    Json(&'a Value),
}

impl Keys<'_> {
    pub fn has(&self, key: &str) -> bool {
        match self {
            Keys::Header(h) => h.iter().any(|c| c == key || c.eq_ignore_ascii_case(key)),
            Keys::Json(v) => has_path(v, key),
        }
    }

    /// Top-level names, for guessing a generic mapping.
    fn names(&self) -> Vec<String> {
        match self {
            Keys::Header(h) => h.to_vec(),
            Keys::Json(v) => v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default(),
        }
    }

    fn describe(&self) -> String {
        let names = self.names();
        let shown: Vec<&str> = names.iter().take(12).map(String::as_str).collect();
        let more = names.len().saturating_sub(12);
        if more > 0 { format!("{} … (+{more})", shown.join(", ")) } else { shown.join(", ") }
    }
}

/// The mapping chosen for a file and the reason, as `inspect` prints it.
#[derive(Debug, Clone)]
pub struct Detection {
    pub map: FieldMap,
    pub reason: String,
}

/// How well a preset fits: all signature keys present (else `None`), then
/// the number of hints present.
fn fit(p: &Preset, keys: Keys<'_>, prefix: &str) -> Option<(usize, Vec<&'static str>)> {
    let with = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    if !p.signature.iter().all(|k| keys.has(&with(k))) {
        return None;
    }
    if !p.text.iter().any(|k| keys.has(&with(k))) && !p.signature.iter().any(|k| k.starts_with("data")) {
        return None;
    }
    let hits: Vec<&str> = p.hints.iter().copied().filter(|k| keys.has(&with(k))).collect();
    Some((p.signature.len() + hits.len(), hits))
}

/// Picks the best preset for these keys.
pub fn detect(keys: Keys<'_>) -> Result<Detection, FileError> {
    for (sig, what) in NOT_POSTS {
        if sig.iter().all(|k| keys.has(k)) && !keys.has("text") && !keys.has("data.text") {
            return Err(FileError::NotPosts(format!("this file holds {what}")));
        }
    }
    let mut best: Option<(usize, &Preset, Container, Vec<&str>)> = None;
    for p in PRESETS {
        let mut tries = vec![(
            "",
            if p.container == Container::TwitterPages { Container::TwitterPages } else { Container::Rows },
        )];
        if let Container::Pages(path) = p.container {
            tries.insert(0, (path, p.container));
        }
        for (prefix, container) in tries {
            if let Some((score, hits)) = fit(p, keys, prefix)
                && best.as_ref().is_none_or(|b| score > b.0)
            {
                best = Some((score, p, container, hits));
            }
        }
    }
    if let Some((_, p, container, hits)) = best {
        let mut map = FieldMap::from(p);
        map.container = container;
        let place = match container {
            Container::Pages(path) => format!(" in API pages under `{path}`"),
            Container::TwitterPages => " in API pages (`data` + `includes`)".into(),
            Container::Rows => String::new(),
        };
        let reason = format!(
            "{} ({}): has {}{}{place}",
            p.name,
            p.tool,
            p.signature.join(", "),
            if hits.is_empty() { String::new() } else { format!(" and {}", hits.join(", ")) },
        );
        return Ok(Detection { map, reason });
    }
    guess_generic(keys)
}

/// No preset fits: guess a generic mapping from common column names, and say
/// which preset came closest and what it lacked.
fn guess_generic(keys: Keys<'_>) -> Result<Detection, FileError> {
    let names = keys.names();
    let find = |cands: &[&str]| -> Option<String> {
        cands.iter().find_map(|c| names.iter().find(|n| n.trim().eq_ignore_ascii_case(c)).cloned())
    };
    let words = || names.iter().find(|n| presets::text_in_words(n, presets::GUESS_TEXT)).cloned();
    let Some(text) = find(presets::GUESS_TEXT).or_else(words) else {
        return Err(FileError::NoText {
            tried: "the text keys of every preset and the common names text, content, tweet, message…".into(),
            header: keys.describe(),
        });
    };
    let mut map = FieldMap::generic();
    map.text = vec![text.clone()];
    let mut found = vec![format!("text='{text}'")];
    let mut put = |slot: &mut Vec<String>, cands: &[&str], label: &str| {
        if let Some(c) = find(cands) {
            found.push(format!("{label}='{c}'"));
            *slot = vec![c];
        }
    };
    put(&mut map.id, presets::GUESS_ID, "id");
    put(&mut map.created_at, presets::GUESS_TIME, "created_at");
    put(&mut map.author, presets::GUESS_AUTHOR, "author");
    put(&mut map.parent, presets::GUESS_PARENT, "parent");
    put(&mut map.link, presets::GUESS_LINK, "link");
    let mut metric = |slot: &mut Vec<Vec<String>>, cands: &[&str], label: &str| {
        if let Some(c) = find(cands) {
            found.push(format!("{label}='{c}'"));
            *slot = vec![vec![c]];
        }
    };
    metric(&mut map.likes, presets::GUESS_LIKES, "likes");
    metric(&mut map.shares, presets::GUESS_SHARES, "shares");
    metric(&mut map.comments, presets::GUESS_COMMENTS, "comments");
    metric(&mut map.views, presets::GUESS_VIEWS, "views");
    if let Some(c) = find(presets::GUESS_PLATFORM) {
        found.push(format!("platform='{c}'"));
        map.platform = PlatformSpec::Column(c, crate::core::Platform::Other);
    }
    if let Some(c) = find(&["kind", "type", "post_type"]) {
        map.kind = KindSpec::Column(c);
    }
    let closest = PRESETS
        .iter()
        .map(|p| {
            let missing: Vec<&str> = p.signature.iter().copied().filter(|k| !keys.has(k)).collect();
            (p.signature.len() - missing.len(), p, missing)
        })
        .filter(|(hit, _, _)| *hit > 0)
        .max_by_key(|(hit, _, _)| *hit);
    let near = match closest {
        Some((_, p, missing)) => format!("; closest preset {} lacks {}", p.name, missing.join(", ")),
        None => String::new(),
    };
    Ok(Detection { map, reason: format!("generic (no preset matched; guessed {}){near}", found.join(", ")) })
}

/// Applies the user's explicit column names over a mapping.
pub fn apply_columns(map: &mut FieldMap, cols: &super::columns::Columns) {
    let set = |slot: &mut Vec<String>, v: &Option<String>| {
        if let Some(c) = v {
            *slot = vec![c.clone()];
        }
    };
    set(&mut map.text, &cols.text);
    set(&mut map.id, &cols.id);
    set(&mut map.created_at, &cols.created_at);
    set(&mut map.author, &cols.author);
    set(&mut map.url, &cols.url);
    set(&mut map.lang, &cols.lang);
    set(&mut map.parent, &cols.parent);
    set(&mut map.link, &cols.link);
    let metric = |slot: &mut Vec<Vec<String>>, v: &Option<String>| {
        if let Some(c) = v {
            *slot = vec![vec![c.clone()]];
        }
    };
    metric(&mut map.likes, &cols.likes);
    metric(&mut map.shares, &cols.shares);
    metric(&mut map.comments, &cols.comments);
    metric(&mut map.views, &cols.views);
    if cols.text.is_some() {
        // A user-named text column replaces the preset's text rules whole.
        map.text_extra.clear();
        map.retweet_text.clear();
    }
    match &cols.platform {
        Some(super::columns::PlatformColumn::Constant(p)) => map.platform = PlatformSpec::Fixed(*p),
        Some(super::columns::PlatformColumn::Column(c)) => {
            map.platform = PlatformSpec::Column(c.clone(), crate::core::Platform::Other)
        }
        None => {}
    }
    if let Some(k) = &cols.kind {
        map.kind = KindSpec::Column(k.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn csv_headers_pick_their_presets() {
        let th = header(&[
            "",
            "conversation_id_str",
            "created_at",
            "favorite_count",
            "full_text",
            "id_str",
            "tweet_url",
            "username",
        ]);
        assert_eq!(detect(Keys::Header(&th)).unwrap().map.preset, "tweet-harvest");
        let sn = header(&["date", "url", "user", "content", "label"]);
        assert_eq!(detect(Keys::Header(&sn)).unwrap().map.preset, "snscrape");
        let ct = header(&["Page Name", "User Name", "Post Created", "Total Interactions", "Message", "URL"]);
        assert_eq!(detect(Keys::Header(&ct)).unwrap().map.preset, "crowdtangle");
        let r = header(&[
            "",
            "text",
            "favorited",
            "favoriteCount",
            "replyToSN",
            "created",
            "screenName",
            "isRetweet",
            "id",
        ]);
        assert_eq!(detect(Keys::Header(&r)).unwrap().map.preset, "twitter-r");
    }

    #[test]
    fn json_records_and_pages() {
        let tiktok = json!({"data": {"videos": [{"id": 1, "video_description": "x", "create_time": 1, "username": "a"}]}});
        let d = detect(Keys::Json(&tiktok)).unwrap();
        assert_eq!(d.map.preset, "tiktok-research");
        assert_eq!(d.map.container, Container::Pages("data.videos"));
        let bare = json!({"id": 1, "video_description": "x", "create_time": 1, "region_code": "ID"});
        assert_eq!(detect(Keys::Json(&bare)).unwrap().map.container, Container::Rows);
        let page = json!({"data": [{"id": "1", "text": "t", "author_id": "2"}], "includes": {}});
        assert_eq!(detect(Keys::Json(&page)).unwrap().map.preset, "twitter-v2");
    }

    #[test]
    fn non_post_endpoints_are_named() {
        let counts = json!({"data": [{"end": "x", "start": "y", "tweet_count": 3}]});
        let err = detect(Keys::Json(&counts)).unwrap_err().to_string();
        assert!(err.contains("tweet counts"), "{err}");
    }

    #[test]
    fn unknown_tables_get_a_guessed_mapping_or_a_clear_error() {
        let g = header(&["no", "tweet", "tanggal", "akun", "suka"]);
        let d = detect(Keys::Header(&g)).unwrap();
        assert_eq!(d.map.preset, "generic");
        assert_eq!(d.map.text, vec!["tweet"]);
        assert_eq!(d.map.created_at, vec!["tanggal"]);
        assert!(d.reason.contains("guessed"), "{}", d.reason);
        // Pilkada DKI 2017 tweets: the text column's name holds `text`.
        let dki = header(&["Id", "Sentiment", "Pasangan Calon", "Text Tweet"]);
        assert_eq!(detect(Keys::Header(&dki)).unwrap().map.text, vec!["Text Tweet"]);
        let ids_only = header(&["tweet_id", "tweet_created", "x"]);
        assert!(matches!(detect(Keys::Header(&ids_only)), Err(FileError::NoText { .. })));
        let none = header(&["a", "b", "c"]);
        assert!(matches!(detect(Keys::Header(&none)), Err(FileError::NoText { .. })));
    }
}
