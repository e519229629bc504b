//! `suara init [DIR]`

use crate::status::ExitStatus;
use anyhow::{Context, Result, bail};
use std::io::Read;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to write suara.toml into (default: here).
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitStatus> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("suara.toml");
    if path.exists() {
        bail!("{} exists; not overwriting it", path.display());
    }
    let salt = random_salt().context("cannot read random bytes for the salt")?;
    crate::output::write_atomic(&path, crate::config::init_template(&salt).as_bytes())?;
    eprintln!(
        "suara: wrote {} (with a random [privacy] salt: keep it private and unchanged)",
        path.display()
    );
    Ok(ExitStatus::Success)
}

/// 128 random bits from the OS, as hex.
fn random_salt() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(hex::encode(bytes))
}
