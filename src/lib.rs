//! suara — batch analytics of electoral social-media exports.
//!
//! A run reads post exports as researchers have them (X/Twitter, TikTok,
//! Facebook/Instagram via CrowdTangle, YouTube; CSV, JSON, Parquet; gzip or
//! zstd) into one canonical posts table, accounts for every record, and
//! writes tables and a manifest that let anyone reproduce the numbers.
//!
//! Stages, each a module, in the order a post flows through them; each
//! imports only the helpers ([`util`], [`par`], [`status`]), the [`core`]
//! every stage shares and the stages before it (`tests/layering.rs`
//! keeps it so):
//!
//! [`text`] → [`watchlist`] → [`ingest`] → [`sentiment`] → [`misinfo`]
//! (claims, the hoax vocabulary, copy-paste clusters: its per-post part
//! runs inside the per-post pass, its stage after the merge) →
//! [`annotate`] (the per-post pass) → [`topics`] → [`coordination`]
//! (accounts acting together, bursts) → [`analytics`] → [`manifest`] →
//! [`report`] → [`output`], then [`config`] (Options → Settings),
//! [`pipeline`] (the stages of `run` and `score`) and [`cli`]. The binary
//! is a thin shell over [`cli`].
//!
//! ```no_run
//! let settings = suara::config::load(std::path::Path::new("suara.toml"), &Default::default())?;
//! let mut status = suara::status::Status::new(true);
//! let outcome = suara::pipeline::run(&settings, &Default::default(), &mut status)?;
//! println!("{} posts kept", outcome.ingested.counts.kept);
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod analytics;
pub mod annotate;
pub mod cli;
pub mod config;
pub mod coordination;
pub mod core;
pub mod ingest;
pub mod manifest;
pub mod misinfo;
pub mod output;
pub mod par;
pub mod pipeline;
pub mod report;
pub mod sentiment;
pub mod status;
pub mod text;
pub mod topics;
pub mod util;
pub mod watchlist;
