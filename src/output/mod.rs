//! Writing a run's outputs: tables (Parquet + spreadsheet-safe CSV), the
//! rejects, the manifest, all into a staging directory that is renamed into
//! place only when complete.

pub mod manifest;
pub mod table;

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// An exclusive claim on an output location, so that two runs started by
/// cron on the same reports never interleave. The lock is a file holding
/// the owner's pid, created atomically; one left by a run that died
/// (kill -9, power loss) names a process that no longer exists and is taken
/// over. Dropping the lock removes the file.
pub struct RunLock {
    path: PathBuf,
}

impl RunLock {
    /// Takes the lock file `path`, or fails naming the run that holds it.
    /// Returns the lock and, when a dead run's lock was taken over, its pid.
    pub fn acquire(path: &Path) -> Result<(RunLock, Option<u32>)> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut stale = None;
        for _ in 0..2 {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(mut f) => {
                    use std::io::Write;
                    writeln!(f, "{}", std::process::id())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    return Ok((RunLock { path: path.to_path_buf() }, stale));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let held = std::fs::read_to_string(path).unwrap_or_default();
                    match held.trim().parse::<u32>() {
                        Ok(pid) if process_alive(pid) => anyhow::bail!(
                            "another suara run (pid {pid}) is writing here; it holds {} (remove the file only if that process is gone)",
                            path.display()
                        ),
                        // A dead owner, or a lock cut short by a crash: take it over.
                        owner => {
                            stale = owner.ok();
                            std::fs::remove_file(path)
                                .with_context(|| format!("cannot remove stale lock {}", path.display()))?;
                        }
                    }
                }
                Err(e) => return Err(e).with_context(|| format!("cannot create lock {}", path.display())),
            }
        }
        anyhow::bail!("cannot take the lock {}: another run keeps taking it", path.display())
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        std::fs::remove_file(&self.path).ok();
    }
}

/// Whether a process with this pid exists (Linux: /proc; elsewhere a lock
/// is always taken as held).
pub(crate) fn process_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() { Path::new(&format!("/proc/{pid}")).exists() } else { true }
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

/// Writes a file atomically: a temporary sibling, flushed, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    write_synced(&tmp, |mut f| {
        f.write_all(bytes)?;
        Ok(f)
    })?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot rename {} into place", path.display()))
        .inspect_err(|_| {
            std::fs::remove_file(&tmp).ok();
        })
}

/// Creates `path`, lets `fill` write it, and syncs it to disk; on failure
/// (a full disk) nothing is left behind.
pub fn write_synced(path: &Path, fill: impl FnOnce(std::fs::File) -> Result<std::fs::File>) -> Result<()> {
    let written = (|| -> Result<()> {
        let file = std::fs::File::create(path)?;
        fill(file)?.sync_all()?;
        Ok(())
    })()
    .with_context(|| format!("cannot write {}", path.display()));
    if written.is_err() {
        std::fs::remove_file(path).ok();
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_owner_keeps_the_lock_and_a_dead_one_loses_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("reports/.suara.lock");
        let (lock, stale) = RunLock::acquire(&path).unwrap();
        assert_eq!(stale, None);
        assert_eq!(std::fs::read_to_string(&path).unwrap().trim(), std::process::id().to_string());
        // This process is alive: a second claim fails and names it.
        let err = RunLock::acquire(&path).err().unwrap().to_string();
        assert!(err.contains(&format!("pid {}", std::process::id())), "{err}");
        drop(lock);
        assert!(!path.exists(), "dropping the lock removes it");
        // A lock left by a killed run (a pid no process has) is taken over.
        std::fs::write(&path, "4294967000\n").unwrap();
        let (_lock, stale) = RunLock::acquire(&path).unwrap();
        assert_eq!(stale, Some(4_294_967_000));
        // So is a lock cut short before its pid was written.
        drop(_lock);
        std::fs::write(&path, "").unwrap();
        assert!(RunLock::acquire(&path).is_ok());
    }
}
