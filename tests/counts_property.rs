//! Property: for any mix of good rows, bad rows and duplicates, in CSV or
//! NDJSON, every record is accounted for — read = kept + rejected +
//! duplicates — and each of the three equals what the mix was built with.

use proptest::prelude::*;
use suara::ingest::{IngestSettings, ingest};

#[derive(Debug, Clone)]
enum Row {
    Good(u32),
    /// Same id as an earlier good row (a duplicate when one exists).
    Dup(u32),
    EmptyText,
    BadDate(u32),
    UnknownZone(u32),
}

fn row() -> impl Strategy<Value = Row> {
    prop_oneof![
        6 => (0u32..10_000).prop_map(Row::Good),
        2 => (0u32..10_000).prop_map(Row::Dup),
        1 => Just(Row::EmptyText),
        1 => (0u32..10_000).prop_map(Row::BadDate),
        1 => (0u32..10_000).prop_map(Row::UnknownZone),
    ]
}

/// (kept, rejected, duplicates).
type Expected = (u64, u64, u64);
/// (id, text, time).
type Line = (String, String, String);

/// Expected counts and the rows to write.
fn plan(rows: &[Row]) -> (Expected, Vec<Line>) {
    let mut out = Vec::new();
    let mut good_ids: Vec<String> = Vec::new();
    let (mut kept, mut rejected, mut dups) = (0, 0, 0);
    for (i, r) in rows.iter().enumerate() {
        let fresh = format!("{}{i}", 1000 + i);
        match r {
            Row::Good(n) => {
                out.push((
                    fresh.clone(),
                    format!("pemilu damai {n}, \"kutip\"\nbaris dua"),
                    "2024-02-14T01:02:03Z".into(),
                ));
                good_ids.push(fresh);
                kept += 1;
            }
            Row::Dup(n) => match good_ids.get(*n as usize % good_ids.len().max(1)) {
                Some(id) => {
                    out.push((id.clone(), format!("salinan {n}"), "2024-02-14T01:02:03Z".into()));
                    dups += 1;
                }
                None => {
                    out.push((fresh.clone(), format!("pertama {n}"), "2024-02-14T01:02:03Z".into()));
                    good_ids.push(fresh);
                    kept += 1;
                }
            },
            Row::EmptyText => {
                out.push((fresh, "   ".into(), "2024-02-14T01:02:03Z".into()));
                rejected += 1;
            }
            Row::BadDate(n) => {
                out.push((fresh, format!("tanggal rusak {n}"), format!("kemarin sore {n}")));
                rejected += 1;
            }
            Row::UnknownZone(n) => {
                out.push((fresh, format!("zona aneh {n}"), "2024-02-13 21:04:11 XYZ".into()));
                rejected += 1;
            }
        }
    }
    ((kept, rejected, dups), out)
}

fn check(path: &std::path::Path, expected: Expected) -> Result<(), TestCaseError> {
    let got = ingest(&[path.to_path_buf()], &IngestSettings::default());
    let c = &got.counts;
    prop_assert!(c.balanced(), "{c:?}");
    prop_assert_eq!((c.kept, c.rejected, c.duplicates), expected, "{:?}", got.rejects);
    prop_assert_eq!(got.posts.len() as u64, c.kept);
    prop_assert_eq!(got.rejects.len() as u64, c.rejected);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn csv_counts_add_up(rows in prop::collection::vec(row(), 1..60), crlf in any::<bool>()) {
        let (expected, data) = plan(&rows);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mix.csv");
        let mut w = csv::WriterBuilder::new()
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_path(&path).unwrap();
        w.write_record(["id", "text", "created_at", "author"]).unwrap();
        for (id, text, time) in &data {
            w.write_record([id.as_str(), text, time, "akun"]).unwrap();
        }
        w.flush().unwrap();
        check(&path, expected)?;
    }

    #[test]
    fn ndjson_counts_add_up(rows in prop::collection::vec(row(), 1..60)) {
        let (expected, data) = plan(&rows);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mix.jsonl");
        let mut s = String::new();
        for (id, text, time) in &data {
            s.push_str(&serde_json::json!({"id": id, "text": text, "created_at": time, "author": "akun"}).to_string());
            s.push('\n');
        }
        std::fs::write(&path, s).unwrap();
        check(&path, expected)?;
    }
}
