//! The core every stage shares, and that imports no stage: the post
//! record and what the per-post stages say of it ([`notes`]), the label
//! sets, shard keys, day buckets, and pseudonyms.

pub mod days;
pub mod labels;
pub mod notes;
pub mod post;
pub mod privacy;
pub mod shard;

pub use labels::{EMOTION, SENTIMENT};
pub use notes::{Lang, Mention, Notes, PostSentiment, Rule, Scored, Verdict};
pub use post::{Kind, Platform, Post};
pub use privacy::{Masker, Privacy, pseudonym};
pub use shard::Shard;
