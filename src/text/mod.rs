//! Stage 2, text: normalisation, tokenisation, stemming and language
//! identification, shared by every later stage so that training and
//! prediction see the same text.
//!
//! A post becomes [`Tokens`]: typed tokens (words, numbers, hashtags and
//! their parts, handles and their parts, URLs, emoji, emoticons,
//! punctuation) each with its byte span in the original text and a
//! normalised form (NFKC, lower case, elongation repaired, reduplication
//! folded). Slang, clitics and stems are views on top, taken by the stage
//! that needs them ([`normalize::formal`], [`normalize::split_clitic`],
//! [`stem::stem_id`]). [`links`] finds and normalises the links and
//! hashtags posts share.

pub mod lang;
pub mod lexicon;
pub mod links;
pub mod normalize;
pub mod stem;
pub mod stopwords;
pub mod tokenize;

pub use lang::Lang;
pub use lexicon::Lexicon;
pub use tokenize::{Token, TokenKind, Tokens, flag};

/// Tokenises a post and identifies its language.
pub fn analyze(text: &str, lex: &Lexicon, out: &mut Tokens) -> Lang {
    tokenize::tokenize(text, lex, out);
    lang::identify(text, out, lex)
}

/// Checked `[text]`.
#[derive(Debug, Clone, Default)]
pub struct TextSettings {
    pub slang: Option<std::path::PathBuf>,
    pub roots: Option<std::path::PathBuf>,
}
