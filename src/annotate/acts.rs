//! What coordination needs of every post read, kept small enough for tens
//! of millions of posts: who (the account's pseudonym as a number), when
//! (Unix seconds), which post (its id, a number when it is one), and what
//! it pushed that other accounts can push too — the post it reposts or
//! quotes, the links it shares, its hashtags — each an [`Object`] key.
//! The strings behind links, hashtags, non-numeric post ids (and handles,
//! when not pseudonymised) are kept once per file in [`Names`], for the
//! tables.
//!
//! A post that pushes nothing (no repost, link or hashtag), or has no
//! author or time, leaves nothing here. Copy-paste clusters come later
//! (they are found across files): [`Acts::push_text`] adds them.

use crate::core::{Kind, Platform, Post, Privacy};
use crate::util::{FxHashSet, stable_hash64};
use serde::{Deserialize, Serialize};

/// Something several accounts can do: repost one post, share one link,
/// paste one message, use one hashtag. The kind sits in the top two bits,
/// a stable hash of what it is in the rest.
pub type Object = u64;

/// The kinds of [`Object`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ObjectKind {
    /// Reposting or quoting one post.
    Repost = 0,
    /// Sharing one (normalised) link.
    Link = 1,
    /// Posting one copy-paste message (a cluster of near-identical texts).
    Text = 2,
    /// Using one hashtag (sets of them are built from these).
    Tag = 3,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 4] =
        [ObjectKind::Repost, ObjectKind::Link, ObjectKind::Text, ObjectKind::Tag];

    pub fn of(o: Object) -> ObjectKind {
        Self::ALL[(o >> 62) as usize]
    }

    /// The object of this kind whose identity hashes to `h`.
    pub fn object(self, h: u64) -> Object {
        ((self as u64) << 62) | (h >> 2)
    }

    /// The object of this kind named by `bytes`.
    pub fn named(self, bytes: &[u8]) -> Object {
        self.object(stable_hash64(0x5EED_0000 + self as u64, bytes))
    }
}

/// Post ids that are not a plain number (< 2⁶³) are this bit and a hash;
/// their text is in [`Acts::ids`].
pub const NAMED_ID: u64 = 1 << 63;

/// Strings by key, written once: a key per entry, sorted once finished,
/// the texts in one buffer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Names {
    keys: Vec<u64>,
    ends: Vec<u32>,
    bytes: String,
    #[serde(skip)]
    seen: FxHashSet<u64>,
    /// Keys are in order (binary search works).
    #[serde(skip)]
    dirty: bool,
}

impl PartialEq for Names {
    fn eq(&self, other: &Names) -> bool {
        (&self.keys, &self.ends, &self.bytes) == (&other.keys, &other.ends, &other.bytes)
    }
}

impl Names {
    /// Records `text` for `key` unless the key has one.
    pub fn insert(&mut self, key: u64, text: &str) {
        if self.seen.insert(key) {
            self.keys.push(key);
            self.bytes.push_str(text);
            self.ends.push(self.bytes.len() as u32);
            self.dirty = true;
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    fn text_at(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    /// Sorts the entries by key and drops the insertion set: what is
    /// stored and searched.
    pub fn finish(&mut self) {
        self.seen = FxHashSet::default();
        if !self.dirty && self.keys.is_sorted() {
            return;
        }
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        order.sort_unstable_by_key(|&i| self.keys[i as usize]);
        let mut keys = Vec::with_capacity(self.keys.len());
        let mut ends = Vec::with_capacity(self.keys.len());
        let mut bytes = String::with_capacity(self.bytes.len());
        for i in order {
            let i = i as usize;
            if keys.last() == Some(&self.keys[i]) {
                continue;
            }
            keys.push(self.keys[i]);
            bytes.push_str(self.text_at(i));
            ends.push(bytes.len() as u32);
        }
        (self.keys, self.ends, self.bytes, self.dirty) = (keys, ends, bytes, false);
    }

    /// The text of `key` (after [`Names::finish`]).
    pub fn get(&self, key: u64) -> Option<&str> {
        self.keys.binary_search(&key).ok().map(|i| self.text_at(i))
    }

    /// Every (key, text), in key order (after [`Names::finish`]).
    pub fn iter(&self) -> impl Iterator<Item = (u64, &str)> {
        (0..self.keys.len()).map(|i| (self.keys[i], self.text_at(i)))
    }
}

/// The acts of one file (or of a whole run, merged): one row per post that
/// pushed something, its objects in `objects[ends[i-1]..ends[i]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Acts {
    /// Index of the post among its file part's keys (de-duplication).
    pub key: Vec<u32>,
    /// [`crate::core::privacy::pseudonym_key`] of the author.
    pub account: Vec<u64>,
    /// Unix seconds.
    pub time: Vec<u32>,
    /// The post id: the number it is, or [`NAMED_ID`] and a hash.
    pub post: Vec<u64>,
    /// [`Platform`] as its index in [`Platform::ALL`].
    pub platform: Vec<u8>,
    /// Cumulative ends of each post's objects.
    pub ends: Vec<u32>,
    pub objects: Vec<Object>,
    /// Links and hashtags by object.
    pub names: Names,
    /// Post ids that are not numbers, by [`Acts::post`].
    pub ids: Names,
    /// Raw handles by account, only when not pseudonymised.
    pub handles: Names,
}

/// What one post did, before it is filed.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub account: u64,
    pub time: u32,
    pub post: u64,
    pub platform: u8,
    /// Objects with the text to remember (links, hashtags).
    pub objects: Vec<(Object, Option<String>)>,
    pub id_text: Option<String>,
    pub handle: Option<String>,
}

/// A post's id as [`Acts::post`] keeps it, and its text when it is not a
/// number.
pub fn post_ref(platform: Platform, id: &str) -> (u64, Option<&str>) {
    match id.parse::<u64>() {
        Ok(n) if n < NAMED_ID && n.to_string() == id => (n, None),
        _ => {
            let mut b = Vec::with_capacity(id.len() + 2);
            b.push(platform as u8);
            b.push(0x1f);
            b.extend_from_slice(id.as_bytes());
            (NAMED_ID | (stable_hash64(0x1D, &b) >> 1), Some(id))
        }
    }
}

/// The platform of [`Acts::platform`].
pub fn platform_of(i: u8) -> Platform {
    Platform::ALL.get(i as usize).copied().unwrap_or(Platform::Other)
}

fn platform_index(p: Platform) -> u8 {
    Platform::ALL.iter().position(|x| *x == p).unwrap_or(5) as u8
}

/// How the acts key a post, (its [`Acts::platform`], its [`Acts::post`]),
/// for matching a post of another table (by its id as written) to its
/// rows.
pub fn post_key(platform: Platform, id: &str) -> (u8, u64) {
    (platform_index(platform), post_ref(platform, id).0)
}

/// The repost object of a post that reposts or quotes another: by the
/// parent's id when the export names it, else (a retweet written `RT @h:
/// …` without the retweeted id) by the retweet's text.
fn reposted(post: &Post) -> Option<Object> {
    if !matches!(post.kind, Kind::Repost | Kind::Quote) {
        return None;
    }
    let mut b = Vec::with_capacity(48);
    b.push(platform_index(post.platform));
    b.push(0x1f);
    match post.parent_id.as_deref().filter(|p| !p.is_empty()) {
        Some(parent) => b.extend_from_slice(parent.as_bytes()),
        None if post.kind == Kind::Repost && post.text.starts_with("RT @") => {
            b.extend_from_slice(b"RT\x1f");
            for w in post.text.split_whitespace() {
                b.extend_from_slice(w.to_lowercase().as_bytes());
                b.push(b' ');
            }
        }
        None => return None,
    }
    Some(ObjectKind::Repost.named(&b))
}

/// What `post` pushed, or `None` when it takes no part (no author, no
/// time, nothing pushed). Links are masked with `masker` (accounts in
/// link paths) before they are normalised, so the tables hold no handle.
pub fn extract(post: &Post, privacy: &Privacy, masker: Option<&crate::core::Masker>) -> Option<Extracted> {
    let author = post.author.as_deref().filter(|a| !a.is_empty())?;
    let time = u32::try_from(post.created_at?).ok()?;
    let mut objects: Vec<(Object, Option<String>)> = Vec::new();
    if let Some(o) = reposted(post) {
        objects.push((o, None));
    }
    let field = post.link.as_deref().map(crate::text::links::links_in_field).unwrap_or_default();
    for raw in field.into_iter().chain(crate::text::links::links_in(&post.text)) {
        let masked = match masker {
            Some(m) => m.url(raw),
            None => std::borrow::Cow::Borrowed(raw),
        };
        if let Some(link) = crate::text::links::normalize_link(&masked) {
            let o = ObjectKind::Link.named(link.as_bytes());
            if !objects.iter().any(|x| x.0 == o) {
                objects.push((o, Some(link)));
            }
        }
    }
    let mut tags = Vec::new();
    crate::text::links::hashtags(&post.text, &mut tags);
    for t in tags {
        objects.push((ObjectKind::Tag.named(t.as_bytes()), Some(t)));
    }
    if objects.is_empty() {
        return None;
    }
    // The id as the kept post will carry it: a URL-shaped id (CrowdTangle's)
    // loses its account part, so evidence ids name no handle and match
    // the posts table.
    let id = match masker {
        Some(m) => m.url(&post.post_id),
        None => std::borrow::Cow::Borrowed(post.post_id.as_str()),
    };
    let (post_key, id_text) = post_ref(post.platform, &id);
    Some(Extracted {
        account: crate::core::privacy::pseudonym_key(&privacy.salt, author.trim_start_matches('@')),
        time,
        post: post_key,
        platform: platform_index(post.platform),
        objects,
        id_text: id_text.map(str::to_string),
        handle: (!privacy.pseudonymise).then(|| author.to_lowercase()),
    })
}

impl Acts {
    pub fn len(&self) -> usize {
        self.key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// Posts with a row, each once: a copy-pasted post that also pushed a
    /// link or hashtag has two rows (its own and its co-text one).
    /// Counted a platform at a time, to hold one platform's ids at most.
    pub fn distinct_posts(&self) -> u64 {
        let mut rows = [0usize; 256];
        for &p in &self.platform {
            rows[p as usize] += 1;
        }
        let mut total = 0;
        let mut ids: Vec<u64> = Vec::new();
        for (p, &n) in rows.iter().enumerate().filter(|(_, n)| **n > 0) {
            ids.clear();
            ids.reserve_exact(n);
            ids.extend(
                self.platform.iter().zip(&self.post).filter(|(q, _)| **q as usize == p).map(|(_, id)| *id),
            );
            ids.sort_unstable();
            ids.dedup();
            total += ids.len() as u64;
        }
        total
    }

    /// The post of row `i`, keyed as [`post_key`] keys it.
    pub fn post_at(&self, i: usize) -> (u8, u64) {
        (self.platform[i], self.post[i])
    }

    /// The objects of row `i`.
    pub fn objects_of(&self, i: usize) -> &[Object] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.objects[start..self.ends[i] as usize]
    }

    /// Files what post `key` (its index among the part's keys) did.
    pub fn push(&mut self, key: u32, e: Extracted) {
        self.key.push(key);
        self.account.push(e.account);
        self.time.push(e.time);
        self.post.push(e.post);
        self.platform.push(e.platform);
        for (o, text) in e.objects {
            self.objects.push(o);
            if let Some(t) = text {
                self.names.insert(o, &t);
            }
        }
        self.ends.push(self.objects.len() as u32);
        if let Some(t) = e.id_text {
            self.ids.insert(e.post, &t);
        }
        if let Some(h) = e.handle {
            self.handles.insert(e.account, &h);
        }
    }

    /// Adds a post that pasted copy-paste message `cluster` (found across
    /// files, after the merge). `key` is [`u32::MAX`]: the post was
    /// de-duplicated already.
    pub fn push_text(&mut self, account: u64, time: u32, platform: Platform, post_id: &str, cluster: u64) {
        let (post, text) = post_ref(platform, post_id);
        self.push(
            u32::MAX,
            Extracted {
                account,
                time,
                post,
                platform: platform_index(platform),
                objects: vec![(ObjectKind::Text.named(&cluster.to_le_bytes()), None)],
                id_text: text.map(str::to_string),
                handle: None,
            },
        );
    }

    /// Sorts the names for lookup and storage, and gives back what growing
    /// the vectors over-allocated.
    pub fn finish(&mut self) {
        self.names.finish();
        self.ids.finish();
        self.handles.finish();
        self.key.shrink_to_fit();
        self.account.shrink_to_fit();
        self.time.shrink_to_fit();
        self.post.shrink_to_fit();
        self.platform.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.objects.shrink_to_fit();
    }

    /// Room for `rows` more rows and `objects` more objects.
    pub fn reserve(&mut self, rows: usize, objects: usize) {
        self.key.reserve_exact(rows);
        self.account.reserve_exact(rows);
        self.time.reserve_exact(rows);
        self.post.reserve_exact(rows);
        self.platform.reserve_exact(rows);
        self.ends.reserve_exact(rows);
        self.objects.reserve_exact(objects);
    }

    /// Appends another part's acts (another shard of the same file, whose
    /// keys come after `key_offset` of this part's); call
    /// [`Acts::finish`] before looking names up.
    pub fn append(&mut self, other: Acts, key_offset: u32) {
        let base = self.objects.len() as u32;
        self.key.extend(other.key.iter().map(|k| if *k == u32::MAX { *k } else { k + key_offset }));
        self.account.extend(other.account);
        self.time.extend(other.time);
        self.post.extend(other.post);
        self.platform.extend(other.platform);
        self.ends.extend(other.ends.iter().map(|e| e + base));
        self.objects.extend(other.objects);
        for (names, more) in
            [(&mut self.names, other.names), (&mut self.ids, other.ids), (&mut self.handles, other.handles)]
        {
            for (k, t) in more.iter() {
                names.insert(k, t);
            }
        }
    }

    /// Keeps the rows whose `keep` flag is set (one per row), in order.
    pub fn retain(&mut self, keep: &[bool]) {
        let mut ends = Vec::with_capacity(self.ends.len());
        let mut objects = Vec::with_capacity(self.objects.len());
        for (i, &k) in keep.iter().enumerate() {
            if k {
                objects.extend_from_slice(self.objects_of(i));
                ends.push(objects.len() as u32);
            }
        }
        crate::util::retain_marked(&mut self.key, keep);
        crate::util::retain_marked(&mut self.account, keep);
        crate::util::retain_marked(&mut self.time, keep);
        crate::util::retain_marked(&mut self.post, keep);
        crate::util::retain_marked(&mut self.platform, keep);
        self.ends = ends;
        self.objects = objects;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn privacy() -> Privacy {
        Privacy { salt: "s".into(), salt_is_default: false, pseudonymise: true }
    }

    #[test]
    fn distinct_posts_counts_a_post_once_per_platform() {
        let mut acts = Acts::default();
        acts.push_text(1, 10, Platform::Twitter, "7", 1);
        acts.push_text(2, 11, Platform::Twitter, "7", 2);
        acts.push_text(1, 12, Platform::Tiktok, "7", 1);
        acts.push_text(1, 13, Platform::Twitter, "https://x.com/a/status/8", 1);
        acts.push_text(1, 14, Platform::Twitter, "https://x.com/a/status/8", 3);
        assert_eq!(acts.len(), 5);
        assert_eq!(acts.distinct_posts(), 3, "7 on Twitter, 7 on TikTok, the named id");
        assert_eq!(Acts::default().distinct_posts(), 0);
    }

    fn post(id: &str, kind: Kind, text: &str) -> Post {
        Post {
            post_id: id.into(),
            platform: Platform::Twitter,
            kind,
            author: Some("Budi".into()),
            created_at: Some(1_700_000_000),
            ..Post::bare(text)
        }
    }

    #[test]
    fn a_post_files_what_it_pushed() {
        let mut p = post("17", Kind::Quote, "Lihat https://www.Ex.com/a/?utm_source=x #Pemilu #damai");
        p.parent_id = Some("9".into());
        p.link = Some("https://ex.com/a".into());
        let e = extract(&p, &privacy(), None).unwrap();
        assert_eq!(e.account, crate::core::privacy::pseudonym_key("s", "budi"));
        assert_eq!(e.post, 17);
        let kinds: Vec<ObjectKind> = e.objects.iter().map(|o| ObjectKind::of(o.0)).collect();
        // The field's link and the text's are one link.
        assert_eq!(kinds, [ObjectKind::Repost, ObjectKind::Link, ObjectKind::Tag, ObjectKind::Tag]);
        assert_eq!(e.objects[1].1.as_deref(), Some("ex.com/a"));
        // Nothing pushed, no author, no time: no act.
        assert!(extract(&post("1", Kind::Post, "biasa saja"), &privacy(), None).is_none());
        let mut anon = p.clone();
        anon.author = None;
        assert!(extract(&anon, &privacy(), None).is_none());
        // A retweet without the retweeted id is known by its text.
        let a = extract(&post("2", Kind::Repost, "RT @x: Sama  persis"), &privacy(), None).unwrap();
        let b = extract(&post("3", Kind::Repost, "RT @X: sama persis"), &privacy(), None).unwrap();
        assert_eq!(a.objects[0].0, b.objects[0].0);
        assert_eq!(ObjectKind::of(a.objects[0].0), ObjectKind::Repost);
    }

    #[test]
    fn links_lose_the_handles_they_carry() {
        let masker = crate::core::Masker::new("s", []);
        let p = post("5", Kind::Post, "https://x.com/budi/status/5");
        let e = extract(&p, &privacy(), Some(&masker)).unwrap();
        let link = e.objects[0].1.as_deref().unwrap();
        assert!(!link.contains("budi"), "{link}");
        assert!(link.starts_with("x.com/") && link.ends_with("/status/5"), "{link}");
        // A URL-shaped post id is kept as the masked post carries it.
        let mut p = post("https://x.com/budi/status/6", Kind::Post, "#satu");
        let e = extract(&p, &privacy(), Some(&masker)).unwrap();
        let id = e.id_text.clone().unwrap();
        assert!(!id.contains("budi") && id.ends_with("/status/6"), "{id}");
        let mut notes =
            crate::core::Notes { lang: crate::core::Lang::Other, mentions: vec![], sentiment: None };
        masker.post(&mut p, &mut notes);
        assert_eq!(e.post, post_ref(p.platform, &p.post_id).0, "the key the kept post has");
    }

    #[test]
    fn ids_and_names_round_trip() {
        assert_eq!(post_ref(Platform::Twitter, "123"), (123, None));
        let (k, t) = post_ref(Platform::Facebook, "https://fb.com/p/1");
        assert!(k & NAMED_ID != 0 && t.is_some());
        assert_ne!(post_ref(Platform::Twitter, "007").0, 7, "not the number it looks like");
        let mut acts = Acts::default();
        let mut p = post("abc", Kind::Post, "#satu #dua");
        acts.push(0, extract(&p, &privacy(), None).unwrap());
        p.post_id = "42".into();
        p.text = "#dua https://a.id/x".into();
        acts.push(1, extract(&p, &privacy(), None).unwrap());
        acts.finish();
        assert_eq!(acts.len(), 2);
        assert_eq!(acts.objects_of(1).len(), 2);
        let tags: Vec<&str> = acts.objects_of(0).iter().filter_map(|o| acts.names.get(*o)).collect();
        assert_eq!(tags, ["satu", "dua"]);
        assert_eq!(acts.ids.get(acts.post[0]), Some("abc"));
        assert_eq!(acts.names.len(), 3, "each name once");
        let mut other = acts.clone();
        acts.append(other.clone(), 2);
        assert_eq!(acts.key, [0, 1, 2, 3]);
        assert_eq!(acts.objects_of(3), other.objects_of(1));
        acts.retain(&[false, true, true, false]);
        assert_eq!(acts.key, [1, 2]);
        assert_eq!(acts.objects_of(1), other.objects_of(0));
        other.retain(&[true, false]);
        assert_eq!(other.objects, acts.objects_of(1));
    }
}
