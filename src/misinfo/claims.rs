//! Fact-check tables in: the debunked claims a team keeps (`[misinfo]
//! claims`), read by ingest's own readers — CSV (any dialect, encoding,
//! quoted newlines, unclosed quotes), NDJSON, JSON, Parquet, compressed or
//! not — through a layout of their own ([`FACTCHECK`]), so a bad row is
//! a reject naming file, line and reason, exactly as a post's would be.
//! Columns are found by name (the claim in `claim`, `title`, `judul`,
//! `headline` …) or named in `[misinfo.columns]`. Every record read is
//! kept, rejected or counted as a duplicate (a claim id seen before), and
//! the counts are the claims' own, apart from the posts'.

use crate::core::{Kind, Platform};
use crate::ingest::presets::{Container, KindRule, PlatformRule, Preset};
use crate::ingest::{self, Counts, FileReport, IngestSettings, PresetChoice, Reject};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The fact-check layout: where a claim's fields are found when
/// `[misinfo.columns]` does not say. CSV headers match case-insensitively;
/// JSON paths as written (Google's Fact Check Tools API `claims[]` with its
/// first `claimReview` included). Ingest maps a claim as it maps a post:
/// the claim is the text, its date the timestamp, and the verdict rides in
/// the author field (nothing else reads it there).
pub static FACTCHECK: Preset = Preset {
    name: "factcheck",
    tool: "fact-check table ([misinfo] claims)",
    container: Container::Pages("claims"),
    signature: &[],
    hints: &[],
    platform: PlatformRule::Fixed(Platform::Other),
    id: &["claim_id", "id", "claimId", "kode", "nomor"],
    id_from_url: &[],
    text: &[
        "claim",
        "klaim",
        "claim_text",
        "title",
        "judul",
        "headline",
        "narasi",
        "hoax",
        "hoaks",
        "text",
        "claimReview.0.title",
    ],
    text_extra: &[],
    retweet_text: &[],
    created_at: &[
        "date",
        "tanggal",
        "debunked",
        "debunk_date",
        "date_published",
        "published",
        "published_at",
        "datePublished",
        "reviewDate",
        "claimReview.0.reviewDate",
    ],
    author: &[
        "verdict",
        "rating",
        "label",
        "kategori",
        "category",
        "status",
        "textualRating",
        "claimReview.0.textualRating",
    ],
    likes: &[],
    shares: &[],
    comments: &[],
    views: &[],
    lang: &["lang", "language", "bahasa", "languageCode", "claimReview.0.languageCode"],
    url: &["url", "link", "tautan", "source", "sumber", "claimReview.0.url"],
    parent: &[],
    link: &[],
    kind: KindRule::Always(Kind::Post),
    html_entities: false,
};

/// Where a fact-check table keeps each field (`[misinfo.columns]`); a
/// column not named is found by [`FACTCHECK`]'s names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClaimColumns {
    pub claim: Option<String>,
    pub id: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub verdict: Option<String>,
    pub lang: Option<String>,
}

/// One debunked claim.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Claim {
    pub id: String,
    /// The claim as the fact-checker wrote it.
    pub text: String,
    /// The fact-check article.
    pub url: Option<String>,
    /// SALAH, HOAKS, false, misleading … as written.
    pub verdict: Option<String>,
    /// When it was debunked (Unix seconds, UTC).
    pub date: Option<i64>,
    pub lang: Option<String>,
    /// Where it was read.
    pub source_file: String,
    pub source_line: u64,
}

/// The claims of a run, as read, with their accounting.
#[derive(Debug, Clone, Default)]
pub struct ClaimSet {
    /// In the order read (files in the config's order); ids unique.
    pub claims: Vec<Claim>,
    pub files: Vec<FileReport>,
    pub rejects: Vec<Reject>,
    pub counts: Counts,
}

/// Ingest settings for fact-check files: the [`FACTCHECK`] layout with the
/// user's columns on top, the posts' time rules and text limit, nothing
/// masked on the way in (claims are masked once read).
fn ingest_settings(columns: &ClaimColumns, input: &IngestSettings) -> IngestSettings {
    let cols = crate::ingest::columns::Columns {
        text: columns.claim.clone(),
        id: columns.id.clone(),
        created_at: columns.date.clone(),
        author: columns.verdict.clone(),
        url: columns.url.clone(),
        lang: columns.lang.clone(),
        ..Default::default()
    };
    IngestSettings {
        preset: PresetChoice::Named(&FACTCHECK),
        columns: cols,
        time: input.time,
        max_text_bytes: input.max_text_bytes,
        masker: None,
        record_limit: input.record_limit,
    }
}

/// The id a claim gets when its table has no id column: `c-` and 12 hex
/// digits of SHA-256 over its text (lower-cased, spaces collapsed), so the
/// same claim in two tables is one claim.
pub fn derived_id(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let norm: String = text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    format!("c-{}", &hex::encode(Sha256::digest(norm.as_bytes()))[..12])
}

impl ClaimSet {
    /// Reads every fact-check file; a file or row that cannot be read is a
    /// reject (with file, line and reason) and reading goes on. `masker`
    /// (when pseudonymising) masks handles in claim texts and links.
    pub fn read(
        paths: &[PathBuf],
        columns: &ClaimColumns,
        input: &IngestSettings,
        masker: Option<&crate::core::Masker>,
    ) -> ClaimSet {
        let settings = ingest_settings(columns, input);
        let mut set = ClaimSet::default();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for (i, path) in paths.iter().enumerate() {
            let display = ingest::display_path(path);
            let mut claims = Vec::new();
            let mut rejects = Vec::new();
            let mut report = ingest::read_file(i as u32, path, &display, &settings, &mut |c| {
                claims.extend(c.posts);
                rejects.extend(c.rejects);
            });
            claims_wording(&mut report, &mut rejects);
            // Ingest derives `d-` + 16 hex digits for a record without an
            // id; a claim's is derived from its text alone.
            let derived = |id: &str| {
                report.repairs.derived_ids > 0
                    && id.len() == 18
                    && id.starts_with("d-")
                    && id[2..].bytes().all(|b| b.is_ascii_hexdigit())
            };
            let mut duplicates = 0u64;
            for p in claims {
                let id = if derived(&p.post_id) { derived_id(&p.text) } else { p.post_id };
                if !seen.insert(id.clone()) {
                    duplicates += 1;
                    continue;
                }
                let (text, url) = match masker {
                    Some(m) => {
                        (m.text(&p.text).map_or(p.text, |x| x.text), p.url.map(|u| m.url(&u).into_owned()))
                    }
                    None => (p.text, p.url),
                };
                set.claims.push(Claim {
                    id,
                    text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                    url,
                    verdict: p.author,
                    date: p.created_at,
                    lang: p.source_lang,
                    source_file: display.clone(),
                    source_line: p.source_line,
                });
            }
            for problem in &mut report.problems {
                if problem.contains("have no id") {
                    *problem = format!(
                        "{} claims have no id; claim_id was derived from the claim's text (c- and 12 hex digits)",
                        report.repairs.derived_ids
                    );
                }
            }
            report.duplicates = duplicates;
            report.kept -= duplicates;
            set.counts.files += 1;
            set.counts.files_unreadable += report.error.is_some() as u64;
            set.counts.read += report.read;
            set.counts.kept += report.kept;
            set.counts.rejected += report.rejected;
            set.counts.duplicates += duplicates;
            set.rejects.extend(rejects);
            set.files.push(report);
        }
        set
    }

    /// A claim's index by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.claims.iter().position(|c| c.id == id)
    }

    /// What a run says of the claims it loaded (a log line): the count, or
    /// why there is none.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut s = format!(
            "{} claim(s) from {} file(s): {} read, {} rejected, {} duplicate(s)",
            c.kept, c.files, c.read, c.rejected, c.duplicates
        );
        if c.kept == 0 && c.files > 0 {
            s.push_str(": no claim to match posts against");
        }
        s
    }
}

/// Ingest speaks of posts and their text; a fact-check file's reasons
/// speak of claims.
fn claims_wording(report: &mut FileReport, rejects: &mut [Reject]) {
    let fix = |s: &str| -> String {
        if let Some(rest) = s.strip_prefix("no text column") {
            let rest = rest.split("; name it").next().unwrap_or(rest);
            format!("no claim column{rest}; name it with [misinfo.columns] claim = \"<column>\"")
        } else if s == "empty text" {
            "empty claim".to_string()
        } else if s.contains("holds no posts") || s.contains("no posts") {
            s.replace("posts", "claims")
        } else {
            s.to_string()
        }
    };
    if let Some(e) = &report.error {
        report.error = Some(fix(e));
    }
    for r in rejects {
        r.reason = match r.reason.strip_prefix("file not read: ") {
            Some(rest) => format!("file not read: {}", fix(rest)),
            None => fix(&r.reason),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, body: &[u8], columns: &ClaimColumns) -> ClaimSet {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        ClaimSet::read(&[p], columns, &IngestSettings::default(), None)
    }

    #[test]
    fn columns_are_found_by_name_in_any_case() {
        let s = read(
            "f.csv",
            "\u{feff}No,Judul,Tanggal,Label,Link\n7,\"KPU hapus 10 juta\nsuara paslon\",2024-01-05,SALAH,https://cekfakta.example/7\n"
                .as_bytes(),
            &ClaimColumns::default(),
        );
        assert_eq!(s.claims.len(), 1, "{:?}", s.rejects);
        let c = &s.claims[0];
        assert_eq!(c.text, "KPU hapus 10 juta suara paslon", "quoted newline kept as a space");
        assert_eq!(c.verdict.as_deref(), Some("SALAH"));
        assert_eq!(c.date, Some(1_704_412_800));
        assert!(c.id.starts_with("c-"), "no id column: derived from the claim ({})", c.id);
        assert_eq!(c.id, derived_id("kpu  hapus 10 juta suara PASLON"));
    }

    #[test]
    fn named_columns_override_and_ids_are_read() {
        let cols = ClaimColumns { claim: Some("isi".into()), id: Some("kode".into()), ..Default::default() };
        let s = read("f.tsv", b"kode\tisi\ttitle\nA1\tklaim satu\tjudul lain\n", &cols);
        assert_eq!((s.claims[0].id.as_str(), s.claims[0].text.as_str()), ("A1", "klaim satu"));
    }

    #[test]
    fn broken_rows_are_rejected_and_counted_and_the_rest_is_read() {
        let s = read(
            "f.csv",
            b"id,claim,date\n1,klaim pertama,2024-01-01\n2,,2024-01-02\n3,klaim ketiga,kemarin sore\n1,klaim pertama lagi,2024-01-03\n4,klaim keempat,2024-01-04\n",
            &ClaimColumns::default(),
        );
        let ids: Vec<&str> = s.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["1", "4"]);
        assert_eq!((s.counts.read, s.counts.kept, s.counts.rejected, s.counts.duplicates), (5, 2, 2, 1));
        assert!(s.counts.balanced());
        assert_eq!(s.rejects[0].line, 3);
        assert_eq!(s.rejects[0].reason, "empty claim");
        assert_eq!(s.rejects[1].line, 4);
        assert!(s.rejects[1].reason.contains("kemarin sore"), "{}", s.rejects[1].reason);
    }

    #[test]
    fn json_and_ndjson_and_the_fact_check_api_layout() {
        let s = read(
            "f.ndjson",
            b"{\"id\":\"a\",\"title\":\"klaim a\",\"verdict\":\"HOAKS\"}\n{broken\n{\"id\":\"b\",\"title\":\"klaim b\"}\n",
            &ClaimColumns::default(),
        );
        assert_eq!(s.claims.len(), 2);
        assert_eq!(s.rejects.len(), 1);
        let api = br#"{"claims":[{"text":"Surat suara sudah dicoblos","claimReview":[{"url":"https://x.example/1","title":"[SALAH] Surat suara","reviewDate":"2024-02-01T00:00:00Z","textualRating":"Salah","languageCode":"id"}]}],"nextPageToken":"x"}"#;
        let s = read("api.json", api, &ClaimColumns::default());
        assert_eq!(s.claims.len(), 1, "{:?}", s.rejects);
        let c = &s.claims[0];
        assert_eq!(c.text, "Surat suara sudah dicoblos");
        assert_eq!((c.verdict.as_deref(), c.url.as_deref()), (Some("Salah"), Some("https://x.example/1")));
        assert_eq!(c.lang.as_deref(), Some("id"));
    }

    #[test]
    fn an_empty_file_or_one_without_a_claim_column_is_one_reject_with_a_clear_reason() {
        let s = read("empty.csv", b"", &ClaimColumns::default());
        assert!(s.claims.is_empty());
        assert_eq!((s.counts.read, s.counts.rejected), (1, 1));
        assert!(s.rejects[0].reason.contains("empty"), "{}", s.rejects[0].reason);
        assert!(s.summary().contains("no claim to match"), "{}", s.summary());
        let s = read("cols.csv", b"a,b\n1,2\n", &ClaimColumns::default());
        assert!(s.rejects[0].reason.contains("no claim column"), "{}", s.rejects[0].reason);
    }
}
