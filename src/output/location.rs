//! Where a run writes, and the rules that keep it from touching anything
//! it did not write: the report folder, and beside it the lock, the state
//! and the `latest` link.
//!
//! Two layouts: runs into a reports folder (`reports/<run-id>/`, with
//! `reports/latest`, `reports/.suara.lock` and `reports/.suara-state/`),
//! and a run into a folder named with `--out D` (`.D.lock` and `.D.state/`
//! beside it). suara replaces only what it wrote itself: an existing `--out`
//! folder that is not a suara report is refused, as is any input inside the
//! output (or an output inside an input folder, whose tables later runs
//! would read as posts), before anything is written.

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// The output of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `<dir>/<run-id>/` with `<dir>/latest`.
    Reports(PathBuf),
    /// One folder, replaced by each run (`--out`).
    Folder(PathBuf),
}

impl Destination {
    /// The folder a run with this id writes.
    pub fn target(&self, run_id: &str) -> PathBuf {
        match self {
            Destination::Reports(dir) => dir.join(run_id),
            Destination::Folder(dir) => dir.clone(),
        }
    }

    /// The reports folder whose `latest` a run re-points, if any.
    pub fn reports(&self) -> Option<&Path> {
        match self {
            Destination::Reports(dir) => Some(dir),
            Destination::Folder(_) => None,
        }
    }

    /// The folder the lock, the state and the staging folders live in.
    fn home(&self) -> PathBuf {
        match self {
            Destination::Reports(dir) => dir.clone(),
            Destination::Folder(dir) => parent_of(dir).to_path_buf(),
        }
    }

    /// `.<name>` for a `--out` folder, the prefix of what lives beside it.
    fn folder_name(&self) -> Option<String> {
        match self {
            Destination::Reports(_) => None,
            Destination::Folder(dir) => Some(
                dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into()),
            ),
        }
    }

    /// `reports/.suara.lock`, or `.<name>.lock` beside an `--out` folder.
    pub fn lock_path(&self) -> PathBuf {
        match self.folder_name() {
            None => self.home().join(".suara.lock"),
            Some(name) => self.home().join(format!(".{name}.lock")),
        }
    }

    /// `reports/.suara-state`, or `.<name>.state` beside an `--out` folder.
    pub fn state_dir(&self) -> PathBuf {
        match self.folder_name() {
            None => self.home().join(".suara-state"),
            Some(name) => self.home().join(format!(".{name}.state")),
        }
    }

    /// A run id from the clock to the second, with `-2`, `-3` … when a
    /// report of that second is already there (runs into a reports folder
    /// only; call it holding the lock, so that no other run picks the
    /// same). Never inside a table.
    pub fn run_id(&self, now_secs: i64) -> String {
        let base = chrono::DateTime::from_timestamp(now_secs, 0)
            .map(|d| d.format("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_else(|| "run".into());
        let Destination::Reports(dir) = self else { return base };
        let taken = |id: &str| {
            dir.join(id).symlink_metadata().is_ok()
                || std::fs::read_dir(dir).is_ok_and(|mut entries| {
                    let staging = format!(".{id}.tmp-");
                    entries.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with(&staging)))
                })
        };
        if !taken(&base) {
            return base;
        }
        (2u32..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).expect("an unused suffix")
    }

    /// Refuses, before anything is written, an output that would replace
    /// or read what suara did not write: an existing `--out` path that is
    /// not a suara report (a file, or a folder with content and no manifest
    /// of ours), an input inside the output, or an output inside an input
    /// folder.
    pub fn guard(&self, inputs: &[PathBuf]) -> Result<()> {
        let (out, what) = match self {
            Destination::Reports(dir) => (dir, "the reports folder"),
            Destination::Folder(dir) => (dir, "--out"),
        };
        let out_abs = resolved(out);
        for input in inputs {
            let input_abs = resolved(input);
            if input_abs.starts_with(&out_abs) {
                bail!(
                    "input {} lies inside {what} {}: a run would replace or read its own output; move the input or choose another output",
                    input.display(),
                    out.display()
                );
            }
            if input_abs.is_dir() && out_abs.starts_with(&input_abs) {
                bail!(
                    "{what} {} lies inside the input folder {}: later runs would read its tables as posts; choose an output outside the inputs",
                    out.display(),
                    input.display()
                );
            }
        }
        if let Destination::Folder(dir) = self
            && let Ok(meta) = std::fs::symlink_metadata(dir)
        {
            if !meta.is_dir() {
                bail!(
                    "--out {}: exists and is not a folder; suara replaces only a report folder it wrote",
                    dir.display()
                );
            }
            let empty = std::fs::read_dir(dir).map(|mut e| e.next().is_none()).unwrap_or(false);
            if !empty && !is_suara_report(dir) {
                bail!(
                    "--out {}: the folder exists and is not a suara report (no manifest.json of ours); suara would replace it, so it refuses: name a new folder, or one an earlier run wrote",
                    dir.display()
                );
            }
        }
        Ok(())
    }

    /// What runs killed before finishing left here: staging folders
    /// (`.<name>.tmp-<pid>`), folders moved aside (`.<name>.old`), link
    /// temporaries (`.latest.tmp-<pid>`) and the state's temporaries
    /// (`*.tmp-<pid>`). Only call it holding the lock: then no other run is
    /// writing here, and every such entry is a dead run's.
    pub fn leftovers(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let home = self.home();
        let ours = |name: &str| -> bool {
            let Some(rest) = name.strip_prefix('.') else { return false };
            match self.folder_name() {
                // Every run of a reports folder stages beside the others,
                // under its run id: `.<run-id>.tmp-<pid>`, `.<run-id>.old`,
                // and `latest`'s `.latest.tmp-<pid>`; nothing else there
                // is touched.
                None => match rest.rsplit_once('.') {
                    Some((id, "old")) => is_run_id(id),
                    Some((id, tail)) => {
                        tail.strip_prefix("tmp-")
                            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
                            && (is_run_id(id) || id == "latest")
                    }
                    None => false,
                },
                Some(folder) => rest
                    .strip_prefix(folder.as_str())
                    .is_some_and(|r| r == ".old" || (r.starts_with(".tmp-") && is_temporary(r))),
            }
        };
        if let Ok(entries) = std::fs::read_dir(&home) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if ours(&name) {
                    out.push(e.path());
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(self.state_dir()) {
            for e in entries.flatten() {
                if is_temporary(&e.file_name().to_string_lossy()) {
                    out.push(e.path());
                }
            }
        }
        out.sort();
        out
    }
}

/// Refuses a `score --out FILE` that is an input or lies inside an input
/// folder (a later run would read the scored table as posts).
pub fn guard_file(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    let out_abs = resolved(out);
    for input in inputs {
        let input_abs = resolved(input);
        if input_abs == out_abs {
            bail!("--out {}: is an input; suara does not write over its inputs", out.display());
        }
        if input_abs.is_dir() && out_abs.starts_with(&input_abs) {
            bail!(
                "--out {} lies inside the input folder {}: later runs would read it as posts; write it elsewhere",
                out.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// A run id as [`Destination::run_id`] makes them: `20240214T010203Z`,
/// `20240214T010203Z-2` (or `run`).
fn is_run_id(s: &str) -> bool {
    let (stamp, suffix) = match s.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let b = stamp.as_bytes();
    let stamped = b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit);
    (stamped || stamp == "run")
        && suffix.is_none_or(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
}

/// `….tmp-<pid>`: a temporary of some run.
fn is_temporary(name: &str) -> bool {
    name.rsplit_once(".tmp-")
        .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Removes `paths` (files or folders); returns each with the bytes it held.
pub fn remove_leftovers(paths: &[PathBuf]) -> Vec<(PathBuf, u64)> {
    paths
        .iter()
        .filter_map(|p| {
            let bytes = size_of(p);
            let gone = if p.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                std::fs::remove_dir_all(p)
            } else {
                std::fs::remove_file(p)
            };
            gone.ok().map(|_| (p.clone(), bytes))
        })
        .collect()
}

fn size_of(p: &Path) -> u64 {
    match p.symlink_metadata() {
        Ok(m) if m.is_dir() => std::fs::read_dir(p)
            .map(|entries| entries.flatten().map(|e| size_of(&e.path())).sum())
            .unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

/// Whether `dir` holds a report suara wrote: a `manifest.json` with the
/// fields only suara's manifest has.
pub fn is_suara_report(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else { return false };
    serde_json::from_str::<serde_json::Value>(&text)
        .is_ok_and(|m| m.get("suara_version").is_some_and(|v| v.is_string()) && m.get("run_id").is_some())
}

fn parent_of(p: &Path) -> &Path {
    p.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// `p` made absolute with links resolved as far as it exists (the output
/// and missing inputs may not exist yet).
fn resolved(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    match (p.parent().filter(|x| !x.as_os_str().is_empty()), p.file_name()) {
        (Some(parent), Some(name)) => resolved(parent).join(name),
        (None, Some(name)) => {
            std::env::current_dir().map(|d| resolved(&d).join(name)).unwrap_or_else(|_| p.into())
        }
        _ => std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
    }
}

/// An exclusive claim on an output location, so that two runs started by
/// cron on the same reports never interleave: an OS lock (`flock`) on a
/// file that holds the owner's pid, for messages. The OS releases the lock
/// when its process dies however it dies, so a killed run's lock is free
/// for the next run, which finds the dead run's pid still in the file and
/// says so. Dropping the lock removes the file.
pub struct RunLock {
    path: PathBuf,
    file: Option<std::fs::File>,
}

/// Why a lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another suara run{} is writing here: it holds {}", holder.map(|p| format!(" (pid {p})")).unwrap_or_default(), path.display())]
    Held { path: PathBuf, holder: Option<u32> },
    #[error("cannot create the lock {}: {source}; is the output's folder writable (and the disk not full)?", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl RunLock {
    /// Takes the lock at `path`. Returns the lock and, when the last run
    /// here died holding it, that run's pid.
    pub fn acquire(path: &Path) -> Result<(RunLock, Option<u32>), LockError> {
        use std::io::{Read, Seek, Write};
        let io = |source| LockError::Io { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        loop {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut held = String::new();
                    file.read_to_string(&mut held).ok();
                    return Err(LockError::Held {
                        path: path.to_path_buf(),
                        holder: held.trim().parse().ok(),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
            // The file may have been removed by the run that held it
            // between our open and our lock: then we hold a lock nobody
            // else can see; open it anew.
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let same = match (file.metadata(), std::fs::metadata(path)) {
                    (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
                    _ => false,
                };
                if !same {
                    continue;
                }
            }
            let mut held = String::new();
            file.read_to_string(&mut held).ok();
            let stale = held.trim().parse::<u32>().ok();
            file.set_len(0).map_err(io)?;
            file.rewind().map_err(io)?;
            writeln!(file, "{}", std::process::id()).and_then(|_| file.sync_all()).map_err(io)?;
            return Ok((RunLock { path: path.to_path_buf(), file: Some(file) }, stale));
        }
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Removed while still locked, so a run that opened the file just
        // before sees it gone once it gets the lock, and opens anew.
        std::fs::remove_file(&self.path).ok();
        drop(self.file.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_refused_naming_its_owner_and_a_dead_owners_is_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("reports/.suara.lock");
        let (lock, stale) = RunLock::acquire(&path).unwrap();
        assert_eq!(stale, None);
        assert_eq!(std::fs::read_to_string(&path).unwrap().trim(), std::process::id().to_string());
        // Held (by this process, through another open file): refused, and
        // the message says who holds it, not that the folder is unwritable.
        let err = RunLock::acquire(&path).err().unwrap();
        assert!(matches!(err, LockError::Held { holder: Some(p), .. } if p == std::process::id()), "{err}");
        assert!(!err.to_string().contains("writable"), "{err}");
        drop(lock);
        assert!(!path.exists(), "dropping the lock removes it");
        // A killed run leaves its pid in an unlocked file: taken over.
        std::fs::write(&path, "4294967000\n").unwrap();
        let (lock, stale) = RunLock::acquire(&path).unwrap();
        assert_eq!(stale, Some(4_294_967_000));
        drop(lock);
        // So is a lock cut short before its pid was written.
        std::fs::write(&path, "").unwrap();
        assert!(matches!(RunLock::acquire(&path), Ok((_, None))));
    }

    #[test]
    fn run_ids_are_unique_within_a_second() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = Destination::Reports(tmp.path().to_path_buf());
        let t = 1_733_000_000;
        let a = dest.run_id(t);
        std::fs::create_dir(tmp.path().join(&a)).unwrap();
        let b = dest.run_id(t);
        assert_eq!(b, format!("{a}-2"));
        // A run of that id still being staged counts as taken too.
        std::fs::create_dir(tmp.path().join(format!(".{b}.tmp-77"))).unwrap();
        assert_eq!(dest.run_id(t), format!("{a}-3"));
        assert_eq!(dest.run_id(t + 1).len(), a.len(), "the next second starts again");
    }

    #[test]
    fn leftovers_are_only_what_runs_of_this_output_leave() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path();
        for dir in [".D.tmp-123", ".D.old", ".E.tmp-9", ".D.state", "D"] {
            std::fs::create_dir_all(home.join(dir)).unwrap();
        }
        for file in [".D.state/abc.part.tmp-5", ".D.state/abc.part", ".D.lock", "x.tmp-1"] {
            std::fs::write(home.join(file), b"x").unwrap();
        }
        let dest = Destination::Folder(home.join("D"));
        let got: Vec<String> =
            dest.leftovers().iter().map(|p| p.strip_prefix(home).unwrap().display().to_string()).collect();
        assert_eq!(got, [".D.old", ".D.state/abc.part.tmp-5", ".D.tmp-123"]);
        // In a reports folder only what runs stage under their run ids:
        // a user's own hidden `.old` or `.tmp-` files stay.
        for dir in [".20240101T000000Z.tmp-7", ".20240101T000000Z-2.old", ".latest.tmp-7"] {
            std::fs::create_dir_all(home.join(dir)).unwrap();
        }
        std::fs::write(home.join(".notes.old"), b"mine").unwrap();
        let reports = Destination::Reports(home.to_path_buf());
        let got: Vec<String> = reports
            .leftovers()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(got, [".20240101T000000Z-2.old", ".20240101T000000Z.tmp-7", ".latest.tmp-7"]);
    }

    #[test]
    fn the_guard_refuses_foreign_folders_and_inputs_inside_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("D");
        std::fs::create_dir_all(d.join("src")).unwrap();
        std::fs::write(d.join("src/main.rs"), "x").unwrap();
        let err = Destination::Folder(d.clone()).guard(&[]).unwrap_err().to_string();
        assert!(err.contains("not a suara report"), "{err}");
        // A report of ours may be replaced; an empty folder too.
        std::fs::remove_dir_all(d.join("src")).unwrap();
        std::fs::write(d.join("manifest.json"), r#"{"suara_version":"0.1.0","run_id":"x"}"#).unwrap();
        Destination::Folder(d.clone()).guard(&[]).unwrap();
        // An input inside the output, and an output inside an input folder.
        let input = d.join("exports");
        let err = Destination::Folder(d.clone()).guard(std::slice::from_ref(&input)).unwrap_err().to_string();
        assert!(err.contains("lies inside"), "{err}");
        let err = Destination::Folder(tmp.path().join("in/out"))
            .guard(&[tmp.path().join("in")])
            .err()
            .map(|e| e.to_string());
        // `in` does not exist: nothing to read there yet, nothing refused.
        assert_eq!(err, None);
        std::fs::create_dir(tmp.path().join("in")).unwrap();
        let err = Destination::Folder(tmp.path().join("in/out"))
            .guard(&[tmp.path().join("in")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("inside the input folder"), "{err}");
    }
}
