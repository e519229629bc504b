//! The classes the models predict, in model order: label indices in
//! notes and models point into these.

/// The three sentiment classes, in model order.
pub const SENTIMENT: [&str; 3] = ["negative", "neutral", "positive"];
/// The five EmoT emotions, in model order.
pub const EMOTION: [&str; 5] = ["anger", "fear", "happy", "love", "sadness"];
