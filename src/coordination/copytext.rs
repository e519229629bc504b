//! Co-text for now: copy-paste messages found by exact match of the
//! normalised text, over the posts the run keeps (those naming a target).
//!
//! A stand-in for the copy-paste clusters of the near-duplicate stage
//! (issue 18), which find edited copies too and work over every post
//! read: when that lands, its clusters feed [`Acts::push_text`] the same
//! way and this module goes. What it does:
//!
//! * a post's text is lower-cased; links, `@mentions` (masked or not) and
//!   everything but letters and digits dropped; words joined by one
//!   space (so `#Pemilu` and `pemilu`, `RT`-less copies with another link
//!   or greeting-free punctuation, meet);
//! * texts of fewer than [`MIN_WORDS`] words are left out: "setuju",
//!   "mantap pak" are said by many independently, not pasted;
//! * reposts are left out (their text is their parent's: co-repost covers
//!   them);
//! * a message is a copy-paste cluster when at least two accounts posted
//!   it; each of its posts is added to the acts as [`ObjectKind::Text`]
//!   (weighed against how many accounts posted it, as every object is).

use crate::annotate::acts::Acts;
use crate::core::{Kind, Privacy, Scored};
use crate::util::FxHashMap;

/// How the copy-paste messages were found, for the manifest.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CopyPasteReport {
    pub method: &'static str,
    pub over: &'static str,
    pub min_words: usize,
    /// Kept posts in a message at least two accounts posted.
    pub posts: u64,
    pub messages: u64,
}

impl CopyPasteReport {
    pub fn exact(posts: u64, messages: u64) -> CopyPasteReport {
        CopyPasteReport {
            method: "exact match of the normalised text (lower case; links, mentions, punctuation dropped)",
            over: "posts naming a target",
            min_words: MIN_WORDS,
            posts,
            messages,
        }
    }
}

/// Fewest words a pasted message has.
pub const MIN_WORDS: usize = 8;

/// The message key of a text: a hash of its normalised words, or `None`
/// when it has fewer than [`MIN_WORDS`].
pub fn message_key(text: &str) -> Option<u64> {
    let mut norm = String::with_capacity(text.len());
    let mut words = 0usize;
    for w in text.split_whitespace() {
        let lower = w.get(..8).unwrap_or(w).to_ascii_lowercase();
        if w.starts_with('@')
            || lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
        {
            continue;
        }
        let before = norm.len();
        if words > 0 {
            norm.push(' ');
        }
        let body = norm.len();
        for c in w.chars().filter(|c| c.is_alphanumeric()) {
            norm.extend(c.to_lowercase());
        }
        if norm.len() == body {
            norm.truncate(before);
        } else {
            words += 1;
        }
    }
    (words >= MIN_WORDS).then(|| crate::util::stable_hash64(0xC0_7E47, norm.as_bytes()))
}

/// Adds to `acts` every kept post whose message at least two accounts
/// posted; gives back how many posts and messages.
pub fn add_copy_paste(acts: &mut Acts, posts: &[Scored], privacy: &Privacy) -> (u64, u64) {
    use rayon::prelude::*;
    let keyed: Vec<Option<(u64, u64, u32)>> = posts
        .par_iter()
        .with_min_len(1024)
        .map(|s| {
            let p = &s.post;
            if matches!(p.kind, Kind::Repost) {
                return None;
            }
            let author = p.author.as_deref().filter(|a| !a.is_empty())?;
            let time = u32::try_from(p.created_at?).ok()?;
            let key = message_key(&p.text)?;
            Some((key, crate::core::privacy::pseudonym_key(&privacy.salt, author), time))
        })
        .collect();
    // Messages with their posts, in post order; then those of two accounts
    // or more, in key order (the acts' rows come out the same every run).
    let mut by_key: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (i, k) in keyed.iter().enumerate() {
        if let Some((key, _, _)) = k {
            by_key.entry(*key).or_default().push(i as u32);
        }
    }
    let mut shared: Vec<(u64, Vec<u32>)> = by_key
        .into_iter()
        .filter(|(_, rows)| {
            let first = keyed[rows[0] as usize].expect("keyed").1;
            rows.iter().any(|&r| keyed[r as usize].expect("keyed").1 != first)
        })
        .collect();
    shared.sort_unstable_by_key(|x| x.0);
    let (mut n_posts, n_messages) = (0u64, shared.len() as u64);
    for (key, rows) in shared {
        for r in rows {
            let (_, account, time) = keyed[r as usize].expect("keyed");
            let p = &posts[r as usize].post;
            acts.push_text(account, time, p.platform, &p.post_id, key);
            n_posts += 1;
        }
    }
    if n_posts > 0 {
        acts.finish();
    }
    (n_posts, n_messages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::acts::ObjectKind;
    use crate::core::{Lang, Notes, Platform, Post};

    #[test]
    fn copies_meet_whatever_their_links_mentions_case_and_punctuation() {
        let a = message_key("Pilih Budi, jangan pilih yang lain! Dia jujur dan merakyat https://t.co/abc");
        let b =
            message_key("@3fa9c0d1e2f3a4b5 pilih budi jangan pilih yang lain... dia JUJUR dan merakyat #");
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_ne!(a, message_key("Pilih Budi, jangan pilih yang lain! Dia jujur dan pintar"));
        // Short texts are said, not pasted.
        assert_eq!(message_key("setuju banget pak https://t.co/x @a @b @c @d @e"), None);
    }

    fn scored(id: &str, author: &str, kind: Kind, text: &str, t: i64) -> Scored {
        Scored {
            post: Post {
                post_id: id.into(),
                platform: Platform::Twitter,
                kind,
                author: Some(author.into()),
                created_at: Some(t),
                ..Post::bare(text)
            },
            notes: Notes { lang: Lang::Id, mentions: vec![], sentiment: None },
        }
    }

    #[test]
    fn a_message_two_accounts_pasted_becomes_an_object() {
        let msg = "kami warga desa sepakat mendukung pasangan nomor satu sampai menang";
        let posts = vec![
            scored("1", "ani", Kind::Post, msg, 100),
            scored("2", "ani", Kind::Post, msg, 200),
            scored("3", "budi", Kind::Reply, &msg.to_uppercase(), 150),
            scored("4", "cici", Kind::Repost, msg, 160),
            scored("5", "dodi", Kind::Post, "pesan lain yang hanya satu akun tulis di sini saja ya", 170),
            scored("6", "dodi", Kind::Post, "pesan lain yang hanya satu akun tulis di sini saja ya", 171),
        ];
        let privacy = Privacy { salt: "s".into(), salt_is_default: false, pseudonymise: true };
        let mut acts = Acts::default();
        assert_eq!(
            add_copy_paste(&mut acts, &posts, &privacy),
            (3, 1),
            "ani twice and budi; not the repost, not dodi alone"
        );
        assert_eq!(acts.len(), 3);
        assert!(acts.objects.iter().all(|&o| ObjectKind::of(o) == ObjectKind::Text));
        assert!(acts.objects.windows(2).all(|w| w[0] == w[1]), "one message");
        assert_eq!(acts.post, [1, 2, 3]);
        assert_eq!(acts.key, [u32::MAX; 3], "already de-duplicated");
        let budi = crate::core::privacy::pseudonym_key("s", "budi");
        assert_eq!(acts.account[2], budi);
    }
}
