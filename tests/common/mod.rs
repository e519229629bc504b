//! What several integration tests share.

use std::path::PathBuf;

/// `../shared/data` (the labelled data and lexicons that are not
/// redistributed): `SUARA_SHARED_DATA`, else `shared/data` beside the
/// checkout or above it. Missing, the test that needs it is skipped,
/// saying so — but under CI (`CI=true`) that is a failure, so that a check
/// never passes by not running.
pub fn shared_data_or_skip(what: &str) -> Option<PathBuf> {
    let found = match std::env::var("SUARA_SHARED_DATA") {
        Ok(p) => Some(PathBuf::from(p)).filter(|p| p.is_dir()),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .skip(1)
            .map(|a| a.join("shared/data"))
            .find(|p| p.is_dir()),
    };
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what} needs ../shared/data, which is missing under CI (set SUARA_SHARED_DATA)"
        );
        eprintln!("SKIPPED: {what}: ../shared/data not found (set SUARA_SHARED_DATA)");
    }
    found
}
