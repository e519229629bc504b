//! What several integration tests share (each uses a part).
#![allow(dead_code)]

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

/// Six themes of election talk, twelve words each, for planted topic posts.
pub const THEMES: [&str; 6] = [
    "harga beras pangan minyak goreng inflasi subsidi pasar petani impor gula cabai",
    "debat moderator panelis segmen argumen gagasan visi misi tema podium sesi closing",
    "logistik kotak surat tps petugas distribusi gudang segel tinta formulir rekapitulasi saksi",
    "vaksin rumah sakit dokter pasien obat puskesmas perawat klinik gejala demam imunisasi",
    "sekolah guru murid kurikulum ujian beasiswa kampus mahasiswa dosen kuliah pelajaran rapor",
    "banjir sampah hutan polusi sungai limbah emisi karbon tambang deforestasi iklim kebakaran",
];
