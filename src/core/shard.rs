//! Shards: deterministic slices of the posts for `score --shard`.

use anyhow::{Context, Result, bail};

/// One of `count` deterministic slices of the posts, by a hash of
/// (platform, post id): copies of one post always fall in one shard, so
/// each shard de-duplicates on its own exactly as a whole run would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Parses `I/N` (0 ≤ I < N).
    pub fn parse(s: &str) -> Result<Shard> {
        let (i, n) = s.split_once('/').context("--shard takes I/N, e.g. 0/8")?;
        let (index, count): (u32, u32) =
            (i.trim().parse().context("--shard I/N: I")?, n.trim().parse().context("--shard I/N: N")?);
        if count == 0 || index >= count {
            bail!("--shard {s}: need 0 ≤ I < N");
        }
        Ok(Shard { index, count })
    }

    /// Whether the post with this [`crate::core::Post::key`] is the
    /// shard's.
    pub fn owns_key(&self, key: u128) -> bool {
        (key as u64) % self.count as u64 == self.index as u64
    }
}
