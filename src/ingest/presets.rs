//! Export layouts ("presets"): one mapping table per tool, all in this file.
//!
//! A preset says where each canonical field lives in a record (a CSV column
//! name or a dotted JSON path; the first non-empty alternative wins), which
//! keys identify the layout for `preset = "auto"`, and the few derived rules
//! (kind, platform, retweet text) a layout needs. The mapping engine in
//! `map.rs` interprets these tables; no reader knows about any tool.

use crate::core::{Kind, Platform};

/// How records sit inside a file of this layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// One record per CSV row, JSON line or array element.
    Rows,
    /// API pages holding records in an array at a path (`data.videos`,
    /// `items`); a file may also hold the bare records.
    Pages(&'static str),
    /// Twitter API v2 pages: `data` (array or one object) with `includes`
    /// supplying usernames and the full text of retweeted tweets.
    TwitterPages,
}

/// How a post's kind is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindRule {
    Always(Kind),
    /// Twitter API v2 `referenced_tweets[].type`.
    TwitterRefs,
    /// Flag columns; a text starting `RT @` also marks a repost.
    Flags {
        repost: Option<&'static str>,
        quote: Option<&'static str>,
        reply: Option<&'static str>,
    },
    /// TikTok comments: a reply when `parent_comment_id` is not the video.
    TiktokComment,
}

/// How the platform is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformRule {
    Fixed(Platform),
    /// CrowdTangle writes Facebook and Instagram in one layout family:
    /// Instagram when the URL is on instagram.com or the file has `Account`.
    FacebookOrInstagram,
    /// A column naming the platform (generic tables), else the fallback.
    Column(&'static str, Platform),
}

/// One canonical metric: the sum of its terms, each term the first present
/// of its alternatives (`shares` on Twitter = retweets + quotes).
pub type Metric = &'static [&'static [&'static str]];

/// One export layout.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    pub name: &'static str,
    /// Shown by `inspect` and in the README.
    pub tool: &'static str,
    pub container: Container,
    /// Keys (CSV columns or JSON paths) that must all be present for
    /// `auto` to pick this preset; more matched keys win ties.
    pub signature: &'static [&'static str],
    /// Keys that make the preset more likely but are not required.
    pub hints: &'static [&'static str],
    pub platform: PlatformRule,
    pub id: &'static [&'static str],
    /// A URL whose last numeric path segment is the id, when `id` is absent.
    pub id_from_url: &'static [&'static str],
    pub text: &'static [&'static str],
    /// Appended to the text after a blank line (TikTok speech transcripts).
    pub text_extra: &'static [&'static str],
    /// Twitter: the full text of a retweeted tweet, for cut `RT @x: …` texts.
    pub retweet_text: &'static [&'static str],
    pub created_at: &'static [&'static str],
    pub author: &'static [&'static str],
    pub likes: Metric,
    pub shares: Metric,
    pub comments: Metric,
    pub views: Metric,
    pub lang: &'static [&'static str],
    pub url: &'static [&'static str],
    pub parent: &'static [&'static str],
    /// The link a post shares (not its own URL).
    pub link: &'static [&'static str],
    pub kind: KindRule,
    /// Text arrives HTML-escaped (`&amp;`, `&lt;`, `&gt;`): Twitter's APIs.
    pub html_entities: bool,
}

const NONE: &[&str] = &[];
const NO_METRIC: Metric = &[];

/// Base for the table entries below.
const BLANK: Preset = Preset {
    name: "",
    tool: "",
    container: Container::Rows,
    signature: NONE,
    hints: NONE,
    platform: PlatformRule::Fixed(Platform::Other),
    id: NONE,
    id_from_url: NONE,
    text: NONE,
    text_extra: NONE,
    retweet_text: NONE,
    created_at: NONE,
    author: NONE,
    likes: NO_METRIC,
    shares: NO_METRIC,
    comments: NO_METRIC,
    views: NO_METRIC,
    lang: NONE,
    url: NONE,
    parent: NONE,
    link: NONE,
    kind: KindRule::Always(Kind::Post),
    html_entities: false,
};

/// Twitter API v2 tweet fields, shared by raw pages and twarc's flattened lines.
const TWEET_V2: Preset = Preset {
    platform: PlatformRule::Fixed(Platform::Twitter),
    id: &["id"],
    text: &["note_tweet.text", "text"],
    retweet_text: &["referenced_tweets.0.note_tweet.text", "referenced_tweets.0.text"],
    created_at: &["created_at"],
    author: &["author.username", "author_id"],
    likes: &[&["public_metrics.like_count"]],
    shares: &[&["public_metrics.retweet_count"], &["public_metrics.quote_count"]],
    comments: &[&["public_metrics.reply_count"]],
    views: &[&["public_metrics.impression_count"]],
    lang: &["lang"],
    parent: &["referenced_tweets.0.id"],
    link: &["entities.urls.0.unwound_url", "entities.urls.0.expanded_url"],
    kind: KindRule::TwitterRefs,
    html_entities: true,
    ..BLANK
};

/// Every layout suara reads, in the order `auto` breaks ties.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "twitter-v2",
        tool: "X/Twitter API v2 pages (twarc2 raw output)",
        container: Container::TwitterPages,
        signature: &["data", "data.id", "data.text"],
        hints: &["includes", "meta", "__twarc", "data.author_id", "data.public_metrics"],
        ..TWEET_V2
    },
    Preset {
        name: "twarc-flat",
        tool: "twarc2 flattened tweets (one tweet per line, author inline)",
        signature: &["id", "text", "author_id", "created_at"],
        hints: &["author.username", "public_metrics", "__twarc", "conversation_id", "edit_history_tweet_ids"],
        ..TWEET_V2
    },
    Preset {
        name: "twarc-csv",
        tool: "twarc-csv (flattened tweets as CSV, dotted column names)",
        signature: &["id", "text", "author_id", "public_metrics.like_count"],
        hints: &["author.username", "referenced_tweets.retweeted.id", "conversation_id"],
        platform: PlatformRule::Fixed(Platform::Twitter),
        id: &["id"],
        text: &["note_tweet.text", "text"],
        created_at: &["created_at"],
        author: &["author.username", "author_id"],
        likes: &[&["public_metrics.like_count"]],
        shares: &[&["public_metrics.retweet_count"], &["public_metrics.quote_count"]],
        comments: &[&["public_metrics.reply_count"]],
        views: &[&["public_metrics.impression_count"]],
        lang: &["lang"],
        parent: &[
            "referenced_tweets.retweeted.id",
            "referenced_tweets.quoted.id",
            "referenced_tweets.replied_to.id",
        ],
        kind: KindRule::Flags {
            repost: Some("referenced_tweets.retweeted.id"),
            quote: Some("referenced_tweets.quoted.id"),
            reply: Some("referenced_tweets.replied_to.id"),
        },
        html_entities: true,
        ..BLANK
    },
    Preset {
        name: "tweet-harvest",
        tool: "tweet-harvest CSV (Indonesian research's most used X scraper)",
        signature: &["full_text", "id_str", "favorite_count"],
        hints: &["tweet_url", "username", "conversation_id_str", "in_reply_to_screen_name", "user_id_str"],
        platform: PlatformRule::Fixed(Platform::Twitter),
        id: &["id_str"],
        id_from_url: &["tweet_url"],
        text: &["full_text"],
        created_at: &["created_at"],
        author: &["username", "user_id_str"],
        likes: &[&["favorite_count"]],
        shares: &[&["retweet_count"], &["quote_count"]],
        comments: &[&["reply_count"]],
        lang: &["lang"],
        url: &["tweet_url"],
        kind: KindRule::Flags { repost: None, quote: None, reply: Some("in_reply_to_screen_name") },
        html_entities: true,
        ..BLANK
    },
    Preset {
        name: "snscrape",
        tool: "snscrape / twint CSV (pandas-saved)",
        signature: &["date", "url"],
        hints: &[
            "content",
            "rawContent",
            "user",
            "id",
            "replyCount",
            "likeCount",
            "retweetCount",
            "renderedContent",
        ],
        platform: PlatformRule::Fixed(Platform::Twitter),
        id: &["id"],
        id_from_url: &["url"],
        text: &["rawContent", "content", "renderedContent", "tweet"],
        created_at: &["date"],
        author: &["user.username", "username", "user"],
        likes: &[&["likeCount"]],
        shares: &[&["retweetCount"], &["quoteCount"]],
        comments: &[&["replyCount"]],
        views: &[&["viewCount"]],
        lang: &["lang"],
        url: &["url"],
        parent: &["inReplyToTweetId", "conversationId"],
        link: &["outlinks", "links"],
        kind: KindRule::Flags { repost: None, quote: Some("quotedTweet"), reply: Some("inReplyToTweetId") },
        ..BLANK
    },
    Preset {
        name: "twitter-r",
        tool: "twitteR (R) data frame written with write.csv",
        signature: &["text", "favoriteCount", "screenName", "isRetweet"],
        hints: &["replyToSN", "created", "statusSource", "retweetCount", "replyToSID"],
        platform: PlatformRule::Fixed(Platform::Twitter),
        id: &["id"],
        text: &["text"],
        created_at: &["created"],
        author: &["screenName"],
        likes: &[&["favoriteCount"]],
        shares: &[&["retweetCount"]],
        parent: &["replyToSID"],
        kind: KindRule::Flags { repost: Some("isRetweet"), quote: None, reply: Some("replyToSID") },
        ..BLANK
    },
    Preset {
        name: "rtweet",
        tool: "rtweet (R) save_as_csv / write_as_csv",
        signature: &["status_id", "screen_name", "text"],
        hints: &[
            "created_at",
            "is_retweet",
            "favorite_count",
            "retweet_count",
            "reply_to_status_id",
            "is_quote",
        ],
        platform: PlatformRule::Fixed(Platform::Twitter),
        id: &["status_id"],
        id_from_url: &["status_url"],
        text: &["text"],
        created_at: &["created_at"],
        author: &["screen_name", "user_id"],
        likes: &[&["favorite_count"]],
        shares: &[&["retweet_count"], &["quote_count"]],
        comments: &[&["reply_count"]],
        lang: &["lang"],
        url: &["status_url"],
        parent: &["reply_to_status_id", "retweet_status_id", "quoted_status_id"],
        link: &["urls_expanded_url"],
        kind: KindRule::Flags {
            repost: Some("is_retweet"),
            quote: Some("is_quote"),
            reply: Some("reply_to_status_id"),
        },
        ..BLANK
    },
    Preset {
        name: "tiktok-research",
        tool: "TikTok Research API, video query",
        container: Container::Pages("data.videos"),
        signature: &["video_description", "create_time", "id"],
        hints: &["region_code", "username", "view_count", "hashtag_names", "voice_to_text", "music_id"],
        platform: PlatformRule::Fixed(Platform::Tiktok),
        id: &["id"],
        text: &["video_description"],
        text_extra: &["voice_to_text"],
        created_at: &["create_time"],
        author: &["username"],
        likes: &[&["like_count"]],
        shares: &[&["share_count"]],
        comments: &[&["comment_count"]],
        views: &[&["view_count"]],
        ..BLANK
    },
    Preset {
        name: "tiktok-comments",
        tool: "TikTok Research API, video comments",
        container: Container::Pages("data.comments"),
        signature: &["video_id", "text", "create_time", "id"],
        hints: &["parent_comment_id", "like_count", "reply_count"],
        platform: PlatformRule::Fixed(Platform::Tiktok),
        id: &["id"],
        text: &["text"],
        created_at: &["create_time"],
        author: &["username"],
        likes: &[&["like_count"]],
        comments: &[&["reply_count"]],
        parent: &["parent_comment_id", "video_id"],
        kind: KindRule::TiktokComment,
        ..BLANK
    },
    Preset {
        name: "tiktok-scraper",
        tool: "TikTok scraper JSON (Apify-style)",
        signature: &["text", "authorMeta"],
        hints: &["createTimeISO", "createTime", "diggCount", "playCount", "webVideoUrl", "shareCount"],
        platform: PlatformRule::Fixed(Platform::Tiktok),
        id: &["id"],
        id_from_url: &["webVideoUrl"],
        text: &["text"],
        created_at: &["createTimeISO", "createTime"],
        author: &["authorMeta.name", "authorMeta.uniqueId", "authorMeta.id"],
        likes: &[&["diggCount"]],
        shares: &[&["shareCount"]],
        comments: &[&["commentCount"]],
        views: &[&["playCount"]],
        url: &["webVideoUrl"],
        ..BLANK
    },
    Preset {
        name: "zeeschuimer",
        tool: "Zeeschuimer / 4CAT NDJSON (TikTok items)",
        signature: &["item_id", "data.desc"],
        hints: &[
            "source_platform",
            "timestamp_collected",
            "data.createTime",
            "data.stats",
            "data.author.uniqueId",
        ],
        platform: PlatformRule::Fixed(Platform::Tiktok),
        id: &["data.id", "item_id"],
        text: &["data.desc"],
        created_at: &["data.createTime"],
        author: &["data.author.uniqueId", "data.author"],
        likes: &[&["data.stats.diggCount", "data.statsV2.diggCount"]],
        shares: &[&["data.stats.shareCount", "data.statsV2.shareCount"]],
        comments: &[&["data.stats.commentCount", "data.statsV2.commentCount"]],
        views: &[&["data.stats.playCount", "data.statsV2.playCount"]],
        url: &["source_url"],
        ..BLANK
    },
    Preset {
        name: "crowdtangle",
        tool: "CrowdTangle CSV (Facebook pages/groups, Instagram accounts)",
        signature: &["Post Created", "Total Interactions"],
        hints: &[
            "Page Name",
            "User Name",
            "Facebook Id",
            "Message",
            "Likes at Posting",
            "Account",
            "URL",
            "Overperforming Score",
        ],
        platform: PlatformRule::FacebookOrInstagram,
        // CrowdTangle has no post id column; the post URL is unique and stable.
        id: &["URL"],
        text: &["Message", "Description", "Image Text", "Title", "Link Text"],
        created_at: &["Post Created"],
        author: &["User Name", "Page Name", "Account", "Facebook Id"],
        likes: &[&["Likes"]],
        shares: &[&["Shares"]],
        comments: &[&["Comments"]],
        views: &[&["Post Views", "Views", "Total Views"]],
        url: &["URL"],
        link: &["Final Link", "Link"],
        ..BLANK
    },
    Preset {
        name: "youtube-comments",
        tool: "YouTube Data API commentThreads",
        container: Container::Pages("items"),
        signature: &["snippet.topLevelComment.snippet.textOriginal"],
        hints: &["snippet.totalReplyCount", "snippet.videoId", "kind"],
        platform: PlatformRule::Fixed(Platform::Youtube),
        id: &["id", "snippet.topLevelComment.id"],
        text: &[
            "snippet.topLevelComment.snippet.textOriginal",
            "snippet.topLevelComment.snippet.textDisplay",
        ],
        created_at: &["snippet.topLevelComment.snippet.publishedAt"],
        author: &[
            "snippet.topLevelComment.snippet.authorChannelId.value",
            "snippet.topLevelComment.snippet.authorDisplayName",
        ],
        likes: &[&["snippet.topLevelComment.snippet.likeCount"]],
        comments: &[&["snippet.totalReplyCount"]],
        parent: &["snippet.videoId", "snippet.topLevelComment.snippet.videoId"],
        kind: KindRule::Always(Kind::Comment),
        ..BLANK
    },
];

/// Layouts that hold no posts at all (API endpoints besides search), so a
/// file of them is rejected with a clear reason instead of being mapped by
/// guesswork: (keys that identify it, what it is).
pub const NOT_POSTS: &[(&[&str], &str)] = &[
    (&["data.tweet_count", "data.start", "data.end"], "Twitter API v2 tweet counts, not posts"),
    (&["data.username", "data.public_metrics.followers_count"], "Twitter API v2 user profiles, not posts"),
    (&["username", "public_metrics.followers_count"], "Twitter API v2 user profiles, not posts"),
    (&["tweet_count", "start", "end"], "Twitter API v2 tweet counts, not posts"),
];

/// Looks a preset up by name (as written in config or on the command line).
pub fn by_name(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Every name `[input] preset` accepts, for error messages.
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    v.extend(["generic", "auto"]);
    v
}

/// Column names a generic table's fields are guessed from, most specific
/// first. Matched case-insensitively; used only when no preset fits and the
/// config gives no `[input.columns]`.
pub const GUESS_TEXT: &[&str] = &[
    "text",
    "full_text",
    "rawcontent",
    "content",
    "tweet",
    "message",
    "caption",
    "body",
    "comment",
    "comment_text",
    "post_text",
    "description",
    "desc",
    "isi",
    "teks",
    "komentar",
    "status",
    "title",
];

/// Header words that make a column something other than the text, in
/// longer names such as `tweet_id`, `tweet_created`, `text_length`.
const NOT_TEXT_WORDS: &[&str] = &[
    "id",
    "date",
    "time",
    "created",
    "coord",
    "coordinates",
    "location",
    "count",
    "url",
    "lang",
    "user",
    "length",
    "len",
    "author",
    "name",
];

/// Whether a longer header names a text column: one of its words (split
/// at anything not alphanumeric, case ignored) is one of `names` and none
/// is an id, time, place, count…: `Text Tweet`, `tweet_text`, `clean_text`,
/// but not `tweet_id`.
pub fn text_in_words(header: &str, names: &[&str]) -> bool {
    name_in_words(header, names, NOT_TEXT_WORDS)
}

/// Whether one of a header's words (split at anything not alphanumeric,
/// case ignored) is one of `names` and none is one of `not`.
pub fn name_in_words(header: &str, names: &[&str], not: &[&str]) -> bool {
    let words: Vec<String> = header
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().any(|w| names.contains(&w.as_str())) && !words.iter().any(|w| not.contains(&w.as_str()))
}

pub const GUESS_ID: &[&str] =
    &["post_id", "id", "tweet_id", "status_id", "id_str", "comment_id", "video_id", "item_id"];
pub const GUESS_TIME: &[&str] = &[
    "created_at",
    "date",
    "datetime",
    "timestamp",
    "time",
    "created",
    "published_at",
    "publishedat",
    "create_time",
    "createtime",
    "posted_at",
    "tanggal",
    "waktu",
    "post created",
];
pub const GUESS_AUTHOR: &[&str] = &[
    "author",
    "username",
    "screen_name",
    "user",
    "user_name",
    "author_id",
    "user_id",
    "account",
    "handle",
    "akun",
    "name",
    "author_name",
];
pub const GUESS_LIKES: &[&str] =
    &["likes", "like_count", "favorite_count", "favorites", "likecount", "diggcount", "suka"];
pub const GUESS_SHARES: &[&str] =
    &["shares", "share_count", "retweets", "retweet_count", "retweetcount", "sharecount"];
pub const GUESS_COMMENTS: &[&str] =
    &["comments", "comment_count", "replies", "reply_count", "replycount", "commentcount"];
pub const GUESS_VIEWS: &[&str] =
    &["views", "view_count", "impressions", "impression_count", "playcount", "play_count"];
pub const GUESS_PLATFORM: &[&str] = &["platform", "source_platform", "network", "site"];
/// The post a row replies to, reposts or quotes.
pub const GUESS_PARENT: &[&str] = &[
    "parent_id",
    "parent",
    "repost_of",
    "retweeted_id",
    "retweet_id",
    "quoted_id",
    "in_reply_to",
    "in_reply_to_id",
    "reply_to_id",
    "shared_post_id",
];
/// The link a row shares (not the row's own URL).
pub const GUESS_LINK: &[&str] =
    &["link", "links", "shared_link", "shared_url", "expanded_url", "link_url", "outlinks", "tautan"];
