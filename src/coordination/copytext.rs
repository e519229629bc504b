//! Co-text: the copy-paste clusters of the misinfo stage (issue 18) as
//! objects of the co-action network.
//!
//! That stage joins every post read (not only those naming a target) into
//! clusters of the same message with small edits: at least `[misinfo]
//! copy_min_words` words, Jaccard ≥ its copy threshold over their distinct
//! words, reposts left out (co-repost
//! covers them). Here each clustered post of a cluster that at least two
//! accounts posted is added to the acts as one [`ObjectKind::Text`] act
//! (weighed against how many accounts posted it, as every object is), so
//! two accounts that pasted the same message within the window are
//! linked. With `[misinfo] enabled = false` no clusters are found and
//! there is no co-text network (the manifest says so).
//!
//! [`ObjectKind::Text`]: crate::annotate::acts::ObjectKind::Text

use crate::annotate::acts::Acts;
use crate::core::Privacy;
use crate::misinfo::stage::{CopyPost, MisinfoOutcome};

/// How the copy-paste messages were found, for the manifest.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CopyPasteReport {
    pub method: &'static str,
    pub over: &'static str,
    pub min_words: u32,
    /// Clustered posts (with an author and a time) in a message at least
    /// two accounts posted.
    pub posts: u64,
    pub messages: u64,
}

impl CopyPasteReport {
    fn clusters(posts: u64, messages: u64, min_words: u32) -> CopyPasteReport {
        CopyPasteReport {
            method: "copy-paste clusters of the misinfo stage (Jaccard over distinct words, see [misinfo])",
            over: "every post read",
            min_words,
            posts,
            messages,
        }
    }

    /// No clusters were looked for (`[misinfo] enabled = false`).
    pub fn off(min_words: u32) -> CopyPasteReport {
        CopyPasteReport {
            method: "none: [misinfo] enabled = false finds no copy-paste clusters",
            over: "no post",
            min_words,
            posts: 0,
            messages: 0,
        }
    }
}

/// What the claim matching found, as coordination reads it: the claim of
/// each matched post, by the key [`Acts`] file posts under (for the
/// clusters' `claims` column), and the times of each claim's posts (for
/// its bursts).
pub fn claim_evidence(
    misinfo: &MisinfoOutcome,
    claims: &[crate::misinfo::claims::Claim],
) -> super::ClaimEvidence {
    let mut times: Vec<(String, Vec<i64>)> = claims.iter().map(|c| (c.id.clone(), Vec::new())).collect();
    let mut of_post = crate::util::FxHashMap::default();
    for m in &misinfo.claim_matches {
        let Some(c) = claims.get(m.claim as usize) else { continue };
        of_post.insert(crate::annotate::acts::post_key(m.platform, &m.post_id), c.id.as_str().into());
        if let Some(t) = m.created_at {
            times[m.claim as usize].1.push(t);
        }
    }
    super::ClaimEvidence { of_post, times }
}

/// The account key of an `author_hash` as the misinfo records hold it:
/// the pseudonym itself when handles are masked, else the handle.
fn account_key(author: &str, privacy: &Privacy) -> u64 {
    if privacy.pseudonymise
        && author.len() == 16
        && let Ok(k) = u64::from_str_radix(author, 16)
    {
        return k;
    }
    crate::core::privacy::pseudonym_key(&privacy.salt, author.trim_start_matches('@'))
}

/// Adds to `acts` every dated, authored post of a copy-paste cluster that
/// at least two accounts posted; gives back the report (posts, messages).
/// Reads `misinfo.copy_posts`, so it runs before they are released;
/// `min_words` is the rule the clusters were found with, for the report.
pub fn add_clusters(
    acts: &mut Acts,
    misinfo: &MisinfoOutcome,
    privacy: &Privacy,
    min_words: u32,
) -> CopyPasteReport {
    let keys: Vec<u64> = misinfo.authors.iter().map(|a| account_key(a, privacy)).collect();
    // Cluster ids are stable across runs (a hash of the central post's
    // words): the object is named by the id, not the cluster's index.
    let shared: Vec<bool> = misinfo.clusters.iter().map(|c| c.accounts >= 2).collect();
    let acting = |p: &CopyPost| {
        let c = p.cluster as usize;
        if !shared.get(c).copied().unwrap_or(false) {
            return None;
        }
        Some((c, p.author()?, p.created_at().and_then(|t| u32::try_from(t).ok())?))
    };
    // Room made once: the acts may be millions of rows already, and
    // growing them row by row would, for a moment, hold them twice.
    let rows = misinfo.copy_posts.iter().filter(|p| acting(p).is_some()).count();
    acts.reserve(rows, rows);
    let (mut posts, mut messages) = (0u64, vec![false; misinfo.clusters.len()]);
    for p in &misinfo.copy_posts {
        let Some((c, a, t)) = acting(p) else { continue };
        let object = crate::util::stable_hash64(0xC0_7E47, misinfo.clusters[c].id.as_bytes());
        acts.push_text(keys[a as usize], t, p.platform, misinfo.copy_post_id(p), object);
        if !privacy.pseudonymise {
            // Named as the account's other acts name it (raw handles are
            // shown only when not pseudonymising).
            let handle = misinfo.authors[a as usize].trim_start_matches('@').to_lowercase();
            acts.handles.insert(keys[a as usize], &handle);
        }
        posts += 1;
        messages[c] = true;
    }
    if posts > 0 {
        acts.finish();
    }
    CopyPasteReport::clusters(posts, messages.iter().filter(|&&m| m).count() as u64, min_words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::acts::ObjectKind;
    use crate::core::Platform;
    use crate::misinfo::stage::{Cluster, CopyPost, PostIds};

    fn cluster(id: &str, accounts: u64) -> Cluster {
        Cluster {
            id: id.into(),
            posts: 0,
            accounts,
            platforms: vec![Platform::Twitter],
            first_seen: None,
            last_seen: None,
            text: String::new(),
            targets: vec![],
            claim: None,
            sample_accounts: vec![],
            variants: 1,
        }
    }

    fn copy(ids: &mut PostIds, id: &str, cluster: u32, author: Option<u32>, t: Option<i64>) -> CopyPost {
        CopyPost::new(ids.push(id), cluster, 1.0, Platform::Twitter, t, author)
    }

    #[test]
    fn posts_of_clusters_two_accounts_pasted_become_text_acts() {
        let privacy = Privacy { salt: "s".into(), salt_is_default: false, pseudonymise: true };
        let masked = |h: &str| crate::core::privacy::pseudonym("s", h);
        let mut ids = PostIds::default();
        let copy_posts = vec![
            copy(&mut ids, "1", 0, Some(0), Some(100)),
            copy(&mut ids, "2", 0, Some(1), Some(150)),
            copy(&mut ids, "3", 0, Some(1), None),
            copy(&mut ids, "4", 0, None, Some(160)),
            copy(&mut ids, "5", 1, Some(2), Some(170)),
        ];
        let m = MisinfoOutcome {
            clusters: vec![cluster("cp-000000000001", 2), cluster("cp-000000000002", 1)],
            copy_posts,
            copy_ids: ids,
            authors: vec![masked("ani").into(), masked("budi").into(), masked("cici").into()],
            ..Default::default()
        };
        let mut acts = Acts::default();
        let r = add_clusters(&mut acts, &m, &privacy, 8);
        assert_eq!(
            (r.posts, r.messages),
            (2, 1),
            "ani and budi dated; not the undated, the authorless, cici alone"
        );
        assert_eq!(acts.len(), 2);
        assert!(acts.objects.iter().all(|&o| ObjectKind::of(o) == ObjectKind::Text));
        assert_eq!(acts.objects[0], acts.objects[1], "one message");
        assert_eq!(acts.key, [u32::MAX; 2], "already de-duplicated");
        // The same account as the other acts of the post's author.
        let post = crate::core::Post {
            author: Some("@Budi".into()),
            created_at: Some(150),
            text: "https://example.com/a".into(),
            ..crate::core::Post::bare("")
        };
        let e = crate::annotate::acts::extract(&post, &privacy, None).expect("a link");
        assert_eq!(acts.account[1], e.account);
        // Handles kept: the author field is the handle.
        let open = Privacy { pseudonymise: false, ..privacy.clone() };
        let m2 = MisinfoOutcome { authors: vec!["ani".into(), "@budi".into(), "cici".into()], ..m };
        let mut acts2 = Acts::default();
        add_clusters(&mut acts2, &m2, &open, 8);
        assert_eq!(acts2.account, acts.account);
        assert_eq!(acts2.handles.get(acts2.account[1]), Some("budi"), "named as its other acts name it");
        assert_eq!(acts.handles.get(acts.account[1]), None, "no handle when pseudonymised");
    }
}
