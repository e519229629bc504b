//! The canonical post: what every export layout is mapped to.

use serde::Serialize;

/// Where a post was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Twitter,
    Tiktok,
    Facebook,
    Instagram,
    Youtube,
    Other,
}

impl Platform {
    pub const ALL: [Platform; 6] = [
        Platform::Twitter,
        Platform::Tiktok,
        Platform::Facebook,
        Platform::Instagram,
        Platform::Youtube,
        Platform::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Twitter => "twitter",
            Platform::Tiktok => "tiktok",
            Platform::Facebook => "facebook",
            Platform::Instagram => "instagram",
            Platform::Youtube => "youtube",
            Platform::Other => "other",
        }
    }

    /// Reads the names exports use for platforms (`x`, `fb`, `ig`, `tiktok.com`…).
    pub fn parse(s: &str) -> Option<Platform> {
        let s = s.trim().to_ascii_lowercase();
        let s = s.strip_suffix(".com").unwrap_or(&s);
        Some(match s {
            "twitter" | "x" | "tweet" => Platform::Twitter,
            "tiktok" => Platform::Tiktok,
            "facebook" | "fb" | "meta" => Platform::Facebook,
            "instagram" | "ig" => Platform::Instagram,
            "youtube" | "yt" => Platform::Youtube,
            "other" => Platform::Other,
            _ => return None,
        })
    }
}

/// What kind of post a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Post,
    Comment,
    Reply,
    Repost,
    Quote,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Comment => "comment",
            Kind::Reply => "reply",
            Kind::Repost => "repost",
            Kind::Quote => "quote",
        }
    }
}

/// One post as ingest produces it. The author is the raw handle here; it is
/// pseudonymised when tables are written.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Post {
    pub post_id: String,
    pub platform: Platform,
    pub kind: Kind,
    pub author: Option<String>,
    /// Unix seconds, UTC.
    pub created_at: Option<i64>,
    pub text: String,
    pub likes: Option<i64>,
    pub shares: Option<i64>,
    pub comments: Option<i64>,
    pub views: Option<i64>,
    /// The language the export claims (Twitter's `lang`), if any.
    pub source_lang: Option<String>,
    pub url: Option<String>,
    /// The post this one answers or shares (reply-to, retweeted, video id).
    pub parent_id: Option<String>,
    /// The link the post shares, from the export's link field (CrowdTangle's
    /// `Link`, the API's expanded URLs) as written; links in the text are
    /// found where they are needed.
    pub link: Option<String>,
    /// Index into the run's input file list.
    pub source_file: u32,
    /// Line of the file where the record starts (1-based).
    pub source_line: u64,
}

impl Post {
    /// A post that is only a text (labelled data, benchmarks).
    pub fn bare(text: &str) -> Post {
        Post {
            post_id: String::new(),
            platform: Platform::Other,
            kind: Kind::Post,
            author: None,
            created_at: None,
            text: text.to_string(),
            likes: None,
            shares: None,
            comments: None,
            views: None,
            source_lang: None,
            url: None,
            parent_id: None,
            link: None,
            source_file: 0,
            source_line: 0,
        }
    }

    /// A 128-bit digest of (platform, post id), what de-duplication and
    /// shards go by: SHA-256's first 16 bytes, so distinct posts never
    /// collide in practice (p ≈ n²/2¹²⁹) and the value is the same on
    /// every machine.
    pub fn key(&self) -> u128 {
        key_of(self.platform, &self.post_id)
    }

    /// Sum of the engagement metrics the export has; decides which copy of a
    /// duplicated post is newest (metrics only grow).
    pub fn engagement(&self) -> i64 {
        [self.likes, self.shares, self.comments].iter().flatten().sum()
    }
}

/// [`Post::key`] of a post with this platform and id.
pub fn key_of(platform: Platform, post_id: &str) -> u128 {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(platform.as_str().as_bytes());
    h.update([0x1f]);
    h.update(post_id.as_bytes());
    u128::from_le_bytes(h.finalize()[..16].try_into().expect("16 of 32 bytes"))
}
