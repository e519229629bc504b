//! What the per-post stages say of a post: its language, the targets it
//! names (with the alias and offsets behind each), and its sentiment.
//! The stages that compute them live above; these are the shared types.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    Id,
    En,
    Other,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }

    /// An export's language tag (Twitter's `lang`, BCP 47 elsewhere):
    /// `en`, `en-GB` … are English, `in` (Twitter's) and `id` Indonesian;
    /// anything else says nothing here.
    pub fn from_export_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "in" | "id" => Some(Lang::Id),
            _ => None,
        }
    }
}

/// The rule an alias follows (see the module docs of `watchlist`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    Word,
    Tag,
    Handle,
    Named,
    Ballot,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Word => "word",
            Rule::Tag => "tag",
            Rule::Handle => "handle",
            Rule::Named => "named",
            Rule::Ballot => "ballot",
        }
    }
}

/// One target found in one post. Offsets are characters into the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Mention {
    pub target: u32,
    pub alias: u32,
    pub rule: Rule,
    pub start: u32,
    pub end: u32,
    pub byte_start: u32,
    pub byte_end: u32,
}

/// Sentiment of a post or of a target's clause.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Verdict {
    /// Index into [`crate::core::SENTIMENT`] (negative, neutral, positive).
    pub label: u8,
    /// P(positive) − P(negative), −1..1.
    pub score: f32,
    pub confidence: f32,
}

/// What the stage says of one post.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct PostSentiment {
    pub post: Verdict,
    /// Top contributing words, e.g. `kecewa (+0.61); korupsi (+0.40)`.
    pub why: String,
    /// Index into [`crate::core::EMOTION`] and its probability.
    pub emotion: Option<(u8, f32)>,
    /// One per mention, in the mentions' order.
    pub targets: Vec<Verdict>,
}

/// What the per-post stages learnt about one post.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Notes {
    pub lang: Lang,
    pub mentions: Vec<Mention>,
    /// `None` for a post that names no target when unmatched posts are not
    /// kept: sentiment is most of the per-post cost, and `run` drops them.
    pub sentiment: Option<PostSentiment>,
}

impl Notes {
    pub fn matched(&self) -> bool {
        !self.mentions.is_empty()
    }
}

/// A post with what the per-post stages said of it. The two travel together
/// from scoring to the tables, so no stage can pair a post with another's
/// notes.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Scored {
    pub post: crate::core::Post,
    pub notes: Notes,
}
