//! The per-post stages after ingest, run in one parallel pass so a post is
//! tokenised once: text (tokens, language) → watchlist (mentions) →
//! sentiment (post, per target, emotion, why), and for every post read the
//! misinfo stage's per-post part (its best claim, the hoax vocabulary, the
//! words of the copy rule).

use crate::core::Post;
use crate::core::Privacy;
use crate::misinfo::{Examined, Misinfo, MisinfoSettings};
use crate::sentiment::SentimentSettings;
use crate::sentiment::{self, Sentiment};
use crate::text::TextSettings;
use crate::text::{self, Lang, Lexicon, Tokens};
use crate::watchlist::WatchlistSettings;
use crate::watchlist::{Matcher, Watchlists, matcher};
pub mod acts;
pub mod evaluate;
pub mod parts;

use anyhow::{Context, Result};
use rayon::prelude::*;

pub use crate::core::Notes;

/// Everything the per-post stages need, built once per run.
pub struct Annotator {
    pub lexicon: Lexicon,
    pub watchlists: Watchlists,
    pub matcher: Matcher,
    pub sentiment: Sentiment,
    /// With `[privacy] pseudonymise`, masks the handles and account URLs
    /// of each post once it is annotated (the handles the watchlists name
    /// stay).
    pub masker: Option<crate::core::privacy::Masker>,
    /// The salt and whether handles are masked: accounts are kept by
    /// pseudonym for coordination ([`acts`]).
    pub privacy: Privacy,
    /// Claims, the hoax vocabulary and the copy rule (`[misinfo]`).
    pub misinfo: Misinfo,
}

/// Per-thread buffers.
#[derive(Default)]
pub struct Scratch {
    tokens: Tokens,
    matcher: matcher::Scratch,
    sentiment: sentiment::Scratch,
    misinfo: crate::misinfo::Scratch,
}

impl Annotator {
    /// Loads word lists and watchlists and compiles the matcher; every
    /// config error surfaces here, before any input is read.
    pub fn new(
        text: &TextSettings,
        watchlist: &WatchlistSettings,
        sentiment: &SentimentSettings,
        privacy: &Privacy,
        misinfo: &MisinfoSettings,
        ingest: &crate::ingest::IngestSettings,
    ) -> Result<Annotator> {
        let mut lexicon = Lexicon::builtin();
        if let Some(p) = &text.slang {
            lexicon.add_slang_csv(p).context("[text] slang")?;
        }
        if let Some(p) = &text.roots {
            lexicon.add_roots(p).context("[text] roots")?;
        }
        let mut watchlists = Watchlists::load(&watchlist.lists, &watchlist.base).context("[watchlist]")?;
        if misinfo.enabled && watchlist.vocabulary {
            watchlists.add_builtin_vocabulary().context("[misinfo] vocabulary")?;
        }
        if !misinfo.enabled {
            watchlists.vocabulary.clear();
        }
        // The vocabulary's words are known words before anything is
        // tokenised (the watchlists' are, by `with_vocabulary`).
        let terms = crate::watchlist::matcher::vocabulary(&watchlists.vocabulary_set());
        lexicon.add_known(terms.iter().map(String::as_str));
        let matcher = Matcher::with_vocabulary(&watchlists, &mut lexicon)?;
        let sentiment = Sentiment::load(sentiment)?;
        let masker = privacy.pseudonymise.then(|| {
            let named = watchlists.targets.iter().flat_map(|t| &t.aliases).map(|a| &a.text);
            crate::core::privacy::Masker::new(&privacy.salt, named.filter(|a| a.starts_with('@')).cloned())
        });
        let misinfo = Misinfo::new(misinfo, ingest, &lexicon, &matcher, &watchlists, masker.as_ref())
            .context("[misinfo]")?;
        Ok(Annotator { lexicon, watchlists, matcher, sentiment, masker, privacy: privacy.clone(), misinfo })
    }

    /// Annotates one post; with `score_unmatched` false, a post that names
    /// no target gets no sentiment.
    pub fn annotate(&self, post: &Post, score_unmatched: bool, scratch: &mut Scratch) -> Notes {
        let tagged = post.source_lang.as_deref().and_then(Lang::from_export_tag);
        self.annotate_text_as(&post.text, tagged, score_unmatched, scratch)
    }

    /// [`Annotator::annotate`], and what the misinfo stage needs of the
    /// post (read from the same tokens and mentions).
    pub fn annotate_post(
        &self,
        post: &Post,
        score_unmatched: bool,
        scratch: &mut Scratch,
    ) -> (Notes, Examined) {
        let notes = self.annotate(post, score_unmatched, scratch);
        let examined =
            self.misinfo.examine(post, &scratch.tokens, &notes.mentions, &self.lexicon, &mut scratch.misinfo);
        (notes, examined)
    }

    /// Annotates a bare text (for `eval`).
    pub fn annotate_text(&self, body: &str, score_unmatched: bool, scratch: &mut Scratch) -> Notes {
        self.annotate_text_as(body, None, score_unmatched, scratch)
    }

    /// Annotates a text whose language identification may fall back on
    /// `other_as`: a post identified as neither Indonesian nor English
    /// (short, names and tags only) is scored in that language — the
    /// export's own tag, or the majority of a labelled file — and as
    /// Indonesian without one. `Notes::lang` stays what was identified.
    pub fn annotate_text_as(
        &self,
        body: &str,
        other_as: Option<Lang>,
        score_unmatched: bool,
        scratch: &mut Scratch,
    ) -> Notes {
        let lang = text::analyze(body, &self.lexicon, &mut scratch.tokens);
        let scoring = match lang {
            Lang::Other => other_as.unwrap_or(Lang::Other),
            known => known,
        };
        let mut mentions = Vec::new();
        self.matcher.find(body, &scratch.tokens, &mut scratch.matcher, &mut mentions);
        let sentiment = (score_unmatched || !mentions.is_empty()).then(|| {
            scratch.tokens.fold_forms(&self.lexicon);
            self.sentiment.analyze(
                body,
                &scratch.tokens,
                scoring,
                &mentions,
                &self.lexicon,
                &mut scratch.sentiment,
            )
        });
        Notes { lang, mentions, sentiment }
    }

    /// Annotates every post, in parallel; the result is the same as
    /// annotating them one by one (each post is independent).
    pub fn annotate_all(&self, posts: &[Post], score_unmatched: bool) -> Vec<Notes> {
        self.annotate_all_with(posts, score_unmatched, |_| {})
    }

    /// [`Annotator::annotate_all`], calling `done(n)` as each batch of `n`
    /// posts is finished (for a progress bar).
    pub fn annotate_all_with(
        &self,
        posts: &[Post],
        score_unmatched: bool,
        done: impl Fn(u64) + Sync,
    ) -> Vec<Notes> {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        posts
            .par_iter()
            .with_min_len(256)
            .map(|p| SCRATCH.with_borrow_mut(|s| self.annotate(p, score_unmatched, s)))
            .chunks(1024)
            .inspect(|c| done(c.len() as u64))
            .flat_map_iter(|c| c.into_iter())
            .collect()
    }

    /// [`Annotator::annotate_post`] over every post, in parallel.
    pub fn annotate_all_posts(
        &self,
        posts: &[Post],
        score_unmatched: bool,
        done: impl Fn(u64) + Sync,
    ) -> Vec<(Notes, Examined)> {
        // One scratch per thread for the whole pass (rayon's `map_init`
        // would make one per split): the sentiment models' word caches stay
        // warm from post to post.
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        posts
            .par_iter()
            .with_min_len(256)
            .map(|p| SCRATCH.with_borrow_mut(|s| self.annotate_post(p, score_unmatched, s)))
            .chunks(1024)
            .inspect(|c| done(c.len() as u64))
            .flat_map_iter(|c| c.into_iter())
            .collect()
    }
}

/// Languages counted, for the manifest.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LangCounts {
    pub id: u64,
    pub en: u64,
    pub other: u64,
}

impl LangCounts {
    /// Counts one post (the merge counts from post keys, not notes).
    pub fn add(&mut self, lang: Lang) {
        match lang {
            Lang::Id => self.id += 1,
            Lang::En => self.en += 1,
            Lang::Other => self.other += 1,
        }
    }
}

/// Sentiment labels of the posts written, for the manifest.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SentimentCounts {
    pub negative: u64,
    pub neutral: u64,
    pub positive: u64,
}

impl SentimentCounts {
    pub fn of<'a>(notes: impl Iterator<Item = &'a Notes>) -> SentimentCounts {
        let mut c = SentimentCounts::default();
        for s in notes.filter_map(|n| n.sentiment.as_ref()) {
            match crate::sentiment::eval::SENTIMENT.get(s.post.label as usize) {
                Some(&"negative") => c.negative += 1,
                Some(&"positive") => c.positive += 1,
                _ => c.neutral += 1,
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unidentified_posts_follow_the_exports_language_tag() {
        assert_eq!(Lang::from_export_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_export_tag("in"), Some(Lang::Id));
        assert_eq!(Lang::from_export_tag("und"), None);
        let a = crate::config::defaults().unwrap().annotator().unwrap();
        let mut s = Scratch::default();
        // Too short and name-heavy for the identifier; Twitter tags it `en`.
        let text = "Kasich sounded reasonable tonight";
        let as_en = a.annotate_text_as(text, Some(Lang::En), true, &mut s);
        assert_eq!(as_en.lang, Lang::Other, "what was identified is kept");
        let as_id = a.annotate_text_as(text, None, true, &mut s);
        let score = |n: &Notes| n.sentiment.as_ref().unwrap().post.score;
        assert_ne!(score(&as_en), score(&as_id), "scored by another model");
        let mut post = Post::bare(text);
        post.source_lang = Some("en".into());
        assert_eq!(score(&a.annotate(&post, true, &mut s)), score(&as_en));
        // English emotion does not exist: only Indonesian posts carry one.
        assert!(as_en.sentiment.as_ref().unwrap().emotion.is_none());
    }
}
