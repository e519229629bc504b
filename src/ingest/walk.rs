//! Which files a run reads: inputs as given, folders walked recursively
//! (sorted, hidden entries skipped, data extensions only), links followed
//! once.

use std::path::{Path, PathBuf};

/// Extensions read when walking a directory; files named explicitly are
/// always read (compression and format are sniffed from the bytes).
const DATA_EXTENSIONS: &[&str] = &["csv", "tsv", "tab", "txt", "json", "jsonl", "ndjson", "parquet", "pq"];
const COMPRESSED_EXTENSIONS: &[&str] = &["gz", "gzip", "zst", "zstd"];

/// Expands inputs: files as given, directories walked recursively (sorted,
/// hidden entries skipped, data extensions only).
pub fn list_inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    Ok(walk_inputs(paths)?.files)
}

/// The input files, and what the walk skipped and why.
#[derive(Debug, Default)]
pub struct InputList {
    pub files: Vec<PathBuf>,
    /// A folder or file reached a second time through a link (each is read
    /// once), said so the user knows.
    pub notes: Vec<String>,
}

/// A file or folder's identity, so that links never make one be read
/// twice (or a link to a parent folder, forever).
fn identity(meta: &std::fs::Metadata, path: &Path) -> (u64, u64, PathBuf) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        (meta.dev(), meta.ino(), PathBuf::new())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 0, path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// [`list_inputs`] with its notes. Symbolic links are followed, each folder
/// and file once (by device and inode): a link back to a parent folder
/// ends there. A link that leads nowhere (dangling, or a loop) named
/// explicitly or met in a folder under a data file's name is listed, to be
/// rejected as one unreadable input; a missing input is an error.
pub fn walk_inputs(paths: &[PathBuf]) -> anyhow::Result<InputList> {
    let mut out = InputList::default();
    let mut seen: std::collections::HashMap<(u64, u64, PathBuf), PathBuf> = Default::default();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => {
                if seen.insert(identity(&meta, p), p.clone()).is_none() {
                    walk(p, &mut out, &mut seen)?;
                }
            }
            Ok(meta) => add_file(p, &meta, &mut out, &mut seen),
            // The link is there, its target is not: an unreadable input.
            Err(_) if std::fs::symlink_metadata(p).is_ok() => out.files.push(p.clone()),
            Err(e) => anyhow::bail!("input {}: {e}", p.display()),
        }
    }
    Ok(out)
}

fn add_file(
    p: &Path,
    meta: &std::fs::Metadata,
    out: &mut InputList,
    seen: &mut std::collections::HashMap<(u64, u64, PathBuf), PathBuf>,
) {
    match seen.get(&identity(meta, p)) {
        Some(first) => out.notes.push(format!(
            "{} skipped: the same file as {} (through a link)",
            display_path(p),
            display_path(first)
        )),
        None => {
            seen.insert(identity(meta, p), p.to_path_buf());
            out.files.push(p.to_path_buf());
        }
    }
}

fn walk(
    dir: &Path,
    out: &mut InputList,
    seen: &mut std::collections::HashMap<(u64, u64, PathBuf), PathBuf>,
) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("input directory {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
        .collect();
    entries.sort();
    for p in entries {
        match std::fs::metadata(&p) {
            Ok(meta) if meta.is_dir() => match seen.get(&identity(&meta, &p)) {
                Some(first) => out.notes.push(format!(
                    "{} skipped: a link to the folder {}, which is read once",
                    display_path(&p),
                    display_path(first)
                )),
                None => {
                    seen.insert(identity(&meta, &p), p.clone());
                    // A folder inside the inputs that cannot be listed
                    // (permissions) is one unreadable input, not the end
                    // of the run.
                    if std::fs::read_dir(&p).is_err() {
                        out.files.push(p);
                        continue;
                    }
                    walk(&p, out, seen)?;
                }
            },
            Ok(meta) if is_data_file(&p) => add_file(&p, &meta, out, seen),
            Ok(_) => {}
            // A dangling or looping link under a data file's name.
            Err(_) if is_data_file(&p) => out.files.push(p),
            Err(_) => {}
        }
    }
    Ok(())
}

fn is_data_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let mut parts: Vec<&str> = name.rsplit('.').collect();
    if parts.len() > 2 && COMPRESSED_EXTENSIONS.contains(&parts[0]) {
        parts.remove(0);
    }
    parts.len() > 1 && DATA_EXTENSIONS.contains(&parts[0])
}

/// Display form of an input path (as given, relative where it was).
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
