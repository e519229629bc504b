//! Writing a run's outputs: tables (Parquet + spreadsheet-safe CSV), the
//! rejects, the manifest, all into a staging directory that is renamed into
//! place only when complete.

pub mod location;
pub mod misinfo;
pub mod posts;
pub mod table;
pub mod tables;

pub use location::{Destination, LockError, RunLock};

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Sets what two signals do, before anything runs:
/// - a write past a file-size limit (`ulimit -f`, a quota) fails with
///   EFBIG, which the run reports and cleans up after (exit 2), instead of
///   SIGXFSZ killing the process with its staging folder and lock left;
/// - a closed pipe on stdout (`suara inspect --json … | head`) ends the
///   process quietly, as Unix filters do, instead of Rust's default of
///   ignoring SIGPIPE and then panicking in `println!`.
pub fn set_signals() {
    #[cfg(unix)]
    // SAFETY: SIG_IGN and SIG_DFL install no handler code; they only
    // change what the kernel does on those two events.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// A directory being written. Dropped without [`Staging::commit`], it is
/// removed: a failed run leaves no half-written output.
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts writing `target` in a temporary sibling directory.
    pub fn begin(target: &Path) -> Result<Staging> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target.file_name().context("output path has no name")?.to_string_lossy();
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).ok();
        }
        std::fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(Staging { tmp, target: target.to_path_buf(), committed: false })
    }

    /// Path of a file inside the staging directory (parents created).
    pub fn path(&self, rel: &str) -> Result<PathBuf> {
        let p = self.tmp.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Ok(p)
    }

    /// Renames the finished directory into place, replacing an older one of
    /// the same name only after the new one is complete.
    pub fn commit(mut self) -> Result<PathBuf> {
        sync_dir(&self.tmp);
        if self.target.exists() {
            // Checked before the run began too (Destination::guard); a
            // folder that became something else meanwhile is still not ours.
            let empty = std::fs::read_dir(&self.target).is_ok_and(|mut e| e.next().is_none());
            if !empty && !location::is_suara_report(&self.target) {
                anyhow::bail!(
                    "{} is not a suara report (no manifest.json of ours): not replaced",
                    self.target.display()
                );
            }
            let old = self.tmp.with_extension("old");
            std::fs::rename(&self.target, &old)
                .with_context(|| format!("cannot move aside {}", self.target.display()))?;
            std::fs::rename(&self.tmp, &self.target)
                .with_context(|| format!("cannot rename into {}", self.target.display()))?;
            std::fs::remove_dir_all(&old).ok();
        } else {
            std::fs::rename(&self.tmp, &self.target)
                .with_context(|| format!("cannot rename into {}", self.target.display()))?;
        }
        if let Some(parent) = self.target.parent() {
            sync_dir(parent);
        }
        self.committed = true;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            std::fs::remove_dir_all(&self.tmp).ok();
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        f.sync_all().ok();
    }
}

/// Points `<dir>/latest` at `name` atomically (a new link renamed over the
/// old one), so readers never see a missing or half-made link.
pub fn update_latest(dir: &Path, name: &str) -> Result<()> {
    let link = dir.join("latest");
    let tmp = dir.join(format!(".latest.tmp-{}", std::process::id()));
    std::fs::remove_file(&tmp).ok();
    #[cfg(unix)]
    std::os::unix::fs::symlink(name, &tmp)
        .with_context(|| format!("cannot create link {}", tmp.display()))?;
    #[cfg(not(unix))]
    std::fs::write(&tmp, name).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &link).with_context(|| format!("cannot update {}", link.display()))?;
    Ok(())
}

pub use crate::util::{write_atomic, write_synced};
