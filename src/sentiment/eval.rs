//! Labelled data and metrics: reading `text, label` tables as researchers
//! have them (header or none, any delimiter, labels in Indonesian or English
//! spellings or as numbers), and accuracy / macro-F1 / confusion as
//! `suara eval` reports them.

use crate::ingest::presets::{name_in_words, text_in_words};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::path::Path;

pub use crate::core::labels::{EMOTION, SENTIMENT};

/// Reads a label spelling: positive/positif/pos, neutral/netral/neu,
/// negative/negatif/neg (any case), the emotions in English or Indonesian.
/// Numbers are resolved per file by [`resolve_labels`].
pub fn label_name(raw: &str) -> Option<&'static str> {
    Some(match raw.trim().trim_matches('"').to_lowercase().as_str() {
        "positive" | "positif" | "pos" | "p" | "+" | "+1" => "positive",
        "neutral" | "netral" | "neu" | "neut" | "n" | "none" => "neutral",
        "negative" | "negatif" | "neg" | "-" | "-1" => "negative",
        "anger" | "angry" | "marah" => "anger",
        "fear" | "takut" => "fear",
        "happy" | "joy" | "senang" | "bahagia" => "happy",
        "love" | "cinta" => "love",
        "sadness" | "sad" | "sedih" => "sadness",
        _ => return None,
    })
}

/// Labels of a whole file: names, or numbers — `-1/0/1` and `0/1/2` as
/// negative/neutral/positive, `0/1` as negative/positive when the file has
/// only those two (`1.0` as pandas writes it counts as `1`).
pub fn resolve_labels(raw: &[String]) -> Result<Vec<&'static str>> {
    let trimmed: Vec<&str> = raw.iter().map(|s| s.trim().trim_matches('"')).collect();
    let number = |s: &str| -> Option<i8> {
        let v: f64 = s.parse().ok()?;
        (v.fract() == 0.0 && (-1.0..=2.0).contains(&v)).then_some(v as i8)
    };
    let numbers: Option<Vec<i8>> = trimmed.iter().map(|s| number(s)).collect();
    if let Some(numbers) = numbers {
        let (low, high) = (numbers.contains(&-1), numbers.contains(&2));
        if low && high {
            bail!("numeric labels run from -1 to 2: say which is which with label names");
        }
        let binary = !low && !high;
        return Ok(numbers
            .iter()
            .map(|&v| match (binary, v - i8::from(high)) {
                (true, 0) | (false, -1) => "negative",
                (false, 0) => "neutral",
                _ => "positive",
            })
            .collect());
    }
    trimmed
        .iter()
        .enumerate()
        .map(|(i, s)| {
            label_name(s)
                .with_context(|| format!("row {}: label `{s}` is not a sentiment or emotion label", i + 1))
        })
        .collect()
}

/// Labelled rows read from a file.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub texts: Vec<String>,
    pub labels: Vec<&'static str>,
    /// How the columns were chosen, for the report.
    pub layout: String,
    /// The labels are emotions (else sentiment): a file holds one task.
    pub emotion: bool,
}

const TEXT_NAMES: &[&str] =
    &["text", "tweet", "content", "sentence", "review", "kalimat", "teks", "full_text", "message"];
const LABEL_NAMES: &[&str] =
    &["label", "sentiment", "sentimen", "polarity", "class", "emotion", "emosi", "kelas"];

/// Header words that mark a column as something other than the label
/// (`sentiment_confidence`, `sentiment_gold`).
const NOT_LABEL: &[&str] = &["confidence", "score", "gold", "prob", "probability", "id"];

/// The text column of a header: a usual name (`text`, `tweet` …), else a
/// header holding one as a word (`Text Tweet`, `clean_text`; see
/// [`text_in_words`]); among several, the one with the longest values.
fn text_column(header: &[String], rows: &[csv::StringRecord]) -> Option<usize> {
    if let Some(i) = header.iter().position(|h| TEXT_NAMES.contains(&h.as_str())) {
        return Some(i);
    }
    let length =
        |i: usize| rows.iter().skip(1).take(500).map(|r| r.get(i).map_or(0, str::len)).sum::<usize>();
    (0..header.len())
        .filter(|&i| text_in_words(&header[i], TEXT_NAMES))
        .max_by_key(|&i| (length(i), std::cmp::Reverse(i)))
}

/// The label column of a header: a usual name, else the first header
/// holding one as a word (and no word of [`NOT_LABEL`]) whose values all
/// read as labels.
fn label_column(header: &[String], rows: &[csv::StringRecord]) -> Option<usize> {
    if let Some(i) = header.iter().position(|h| LABEL_NAMES.contains(&h.as_str())) {
        return Some(i);
    }
    (0..header.len()).find(|&i| {
        name_in_words(&header[i], LABEL_NAMES, NOT_LABEL)
            && resolve_labels(
                &rows
                    .iter()
                    .skip(1)
                    .filter_map(|r| r.get(i))
                    .filter(|v| !v.trim().is_empty())
                    .map(String::from)
                    .collect::<Vec<_>>(),
            )
            .is_ok()
    })
}

/// Reads a labelled table. Columns are names (header) or 0-based indices
/// (no header); without either, a header with the usual names is used, else
/// the first column is the text and the last the label.
pub fn read_labelled(path: &Path, text_col: Option<&str>, label_col: Option<&str>) -> Result<Labelled> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let dialect = crate::ingest::sniff::sniff_dialect(&bytes[..bytes.len().min(1 << 20)]);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(dialect.delimiter != b'\t')
        .from_reader(bytes);
    let rows: Vec<csv::StringRecord> = rdr
        .records()
        .enumerate()
        .map(|(i, r)| r.with_context(|| format!("{}: row {}", path.display(), i + 1)))
        .collect::<Result<_>>()?;
    if rows.is_empty() {
        bail!("{}: no rows", path.display());
    }
    let is_index = |s: &str| s.parse::<usize>().is_ok();
    let header: Vec<String> = rows[0].iter().map(|h| h.trim().to_lowercase()).collect();
    let by_name = |c: &str| header.iter().position(|h| h == &c.trim().to_lowercase());
    let (ti, li, skip, layout) = match (text_col, label_col) {
        (Some(t), Some(l)) if is_index(t) && is_index(l) => {
            (t.parse()?, l.parse()?, 0, format!("no header; text column {t}, label column {l}"))
        }
        (t, l) if t.is_some_and(|t| !is_index(t)) || l.is_some_and(|l| !is_index(l)) => {
            let ti = match t {
                Some(t) => by_name(t).with_context(|| format!("no column `{t}` in header {header:?}"))?,
                None => text_column(&header, &rows)
                    .context("no text column in the header: name it with --text-col")?,
            };
            let li = match l {
                Some(l) => by_name(l).with_context(|| format!("no column `{l}` in header {header:?}"))?,
                None => label_column(&header, &rows)
                    .context("no label column in the header: name it with --label-col")?,
            };
            (ti, li, 1, format!("header; text `{}`, label `{}`", header[ti], header[li]))
        }
        _ => match (text_column(&header, &rows), label_column(&header, &rows)) {
            (Some(ti), Some(li)) => {
                (ti, li, 1, format!("header; text `{}`, label `{}`", header[ti], header[li]))
            }
            _ => {
                let n = rows[0].len();
                if n < 2 {
                    bail!("{}: need at least two columns (text and label)", path.display());
                }
                let (ti, li) = match (text_col, label_col) {
                    (Some(t), None) => (t.parse()?, n - 1),
                    (None, Some(l)) => (0, l.parse()?),
                    _ => (0, n - 1),
                };
                (ti, li, 0, format!("no header; text column {ti}, label column {li}"))
            }
        },
    };
    let (mut texts, mut raw, mut lines) = (Vec::new(), Vec::new(), Vec::new());
    for (i, r) in rows.iter().enumerate().skip(skip) {
        let (Some(t), Some(l)) = (r.get(ti), r.get(li)) else {
            bail!("{}: row {} has {} columns", path.display(), i + 1, r.len());
        };
        if l.trim().is_empty() {
            continue;
        }
        texts.push(t.to_string());
        raw.push(l.to_string());
        lines.push(r.position().map_or(i as u64 + 1, |p| p.line()));
    }
    let labels = resolve_labels(&raw).map_err(|e| {
        // Name the first row whose label is not a label name, by line.
        match raw.iter().position(|x| label_name(x).is_none()) {
            Some(j) if raw.iter().any(|x| label_name(x).is_some()) => anyhow::anyhow!(
                "{}:{}: column {}: label `{}` is not a sentiment or emotion label ({})",
                path.display(),
                lines[j],
                li + 1,
                raw[j].trim(),
                "positive/neutral/negative in English or Indonesian, or -1/0/1"
            ),
            _ => e.context(path.display().to_string()),
        }
    })?;
    // One task per file: a sentiment label among emotions (or the other
    // way round) is named by its line, never guessed.
    let is_emotion = |l: &str| EMOTION.contains(&l);
    let emotion = labels.first().is_some_and(|l| is_emotion(l));
    if let Some(j) = labels.iter().position(|l| is_emotion(l) != emotion) {
        let task = |e: bool| if e { "an emotion" } else { "a sentiment" };
        bail!(
            "{}:{}: column {}: label `{}` is {} label, but line {} has {} label: a file holds sentiment or emotion labels, not both",
            path.display(),
            lines[j],
            li + 1,
            raw[j].trim(),
            task(!emotion),
            lines[0],
            task(emotion)
        );
    }
    Ok(Labelled { texts, labels, layout, emotion })
}

/// Per-class figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClassFigures {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// What `suara eval` prints.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class: std::collections::BTreeMap<String, ClassFigures>,
    /// Rows: gold class; columns: predicted class, in `labels` order.
    pub confusion: Vec<Vec<usize>>,
    pub labels: Vec<String>,
    pub n: usize,
}

/// Computes the report over `classes` (the label set scored).
pub fn report(gold: &[usize], pred: &[usize], classes: &[&str]) -> Report {
    let k = classes.len();
    let mut conf = vec![vec![0usize; k]; k];
    for (&g, &p) in gold.iter().zip(pred) {
        conf[g][p] += 1;
    }
    let mut per_class = std::collections::BTreeMap::new();
    let mut f1s = Vec::new();
    for c in 0..k {
        let tp = conf[c][c] as f64;
        let support: usize = conf[c].iter().sum();
        let predicted: usize = conf.iter().map(|r| r[c]).sum();
        let precision = if predicted > 0 { tp / predicted as f64 } else { 0.0 };
        let recall = if support > 0 { tp / support as f64 } else { 0.0 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        f1s.push(f1);
        per_class.insert(
            classes[c].to_string(),
            ClassFigures { precision: r4(precision), recall: r4(recall), f1: r4(f1), support },
        );
    }
    let n = gold.len();
    let correct: usize = (0..k).map(|c| conf[c][c]).sum();
    Report {
        accuracy: r4(if n > 0 { correct as f64 / n as f64 } else { 0.0 }),
        macro_f1: r4(f1s.iter().sum::<f64>() / k.max(1) as f64),
        per_class,
        confusion: conf,
        labels: classes.iter().map(|s| s.to_string()).collect(),
        n,
    }
}

fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Macro-F1 over classes `0..k`.
pub fn macro_f1(gold: &[usize], pred: &[usize], k: usize) -> f64 {
    let names: Vec<String> = (0..k).map(|i| i.to_string()).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let r = report(gold, pred, &refs);
    r.per_class.values().map(|c| c.f1).sum::<f64>() / k as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_spellings() {
        assert_eq!(label_name("Positif"), Some("positive"));
        assert_eq!(label_name("NETRAL"), Some("neutral"));
        assert_eq!(label_name("neg"), Some("negative"));
        assert_eq!(label_name("sedih"), Some("sadness"));
        assert_eq!(label_name("maybe"), None);
        let bin = resolve_labels(&["0".into(), "1".into(), "1".into()]).unwrap();
        assert_eq!(bin, ["negative", "positive", "positive"]);
        let tri = resolve_labels(&["-1".into(), "0".into(), "1".into()]).unwrap();
        assert_eq!(tri, ["negative", "neutral", "positive"]);
        let tri = resolve_labels(&["2".into(), "0".into(), "1".into(), "1.0".into()]).unwrap();
        assert_eq!(tri, ["positive", "negative", "neutral", "neutral"], "0/1/2 as TweetEval writes it");
        let bin = resolve_labels(&["1.0".into(), "0.0".into()]).unwrap();
        assert_eq!(bin, ["positive", "negative"]);
        assert!(resolve_labels(&["-1".into(), "2".into()]).is_err(), "ambiguous");
    }

    #[test]
    fn metrics_by_hand() {
        // gold: 0 0 1 1 2 2; pred: 0 1 1 1 2 0
        let r = report(&[0, 0, 1, 1, 2, 2], &[0, 1, 1, 1, 2, 0], &["a", "b", "c"]);
        assert_eq!(r.accuracy, 0.6667);
        // a: p=1/2 r=1/2 f=.5; b: p=2/3 r=1 f=.8; c: p=1 r=.5 f=.6667
        assert_eq!(r.per_class["b"].f1, 0.8);
        assert_eq!(r.macro_f1, 0.6556);
        assert_eq!(r.confusion, vec![vec![1, 1, 0], vec![0, 2, 0], vec![1, 0, 1]]);
    }

    #[test]
    fn reads_headerless_tsv_and_headed_csv() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.tsv");
        std::fs::write(&a, "bagus sekali\tpositive\njelek\tnegatif\n").unwrap();
        let l = read_labelled(&a, None, None).unwrap();
        assert_eq!(l.labels, ["positive", "negative"]);
        let l = read_labelled(&a, Some("0"), Some("1")).unwrap();
        assert_eq!(l.texts[1], "jelek");
        let b = dir.path().join("b.csv");
        std::fs::write(&b, "id,tweet,sentimen\n1,\"oke, mantap\",Positif\n2,biasa,netral\n").unwrap();
        let l = read_labelled(&b, None, None).unwrap();
        assert_eq!(l.texts[0], "oke, mantap");
        assert_eq!(l.labels, ["positive", "neutral"]);
    }

    #[test]
    fn finds_columns_as_election_datasets_name_them() {
        let dir = tempfile::tempdir().unwrap();
        // Pilkada DKI 2017 layout: `Text Tweet`, two classes.
        let a = dir.path().join("dki.csv");
        std::fs::write(&a, "Id,Sentiment,Pasangan Calon,Text Tweet\n1,negative,Agus-Sylvi,jelek sekali\n2,positive,Anies-Sandi,mantap\n").unwrap();
        let l = read_labelled(&a, None, None).unwrap();
        assert_eq!(l.texts, ["jelek sekali", "mantap"]);
        assert_eq!(l.labels, ["negative", "positive"]);
        // Crowdflower debate layout: ids and times around the text, a
        // confidence column next to the label.
        let b = dir.path().join("debate.csv");
        std::fs::write(
            &b,
            "tweet_id,sentiment_confidence,airline_sentiment,tweet_created,tweet_text\n7,0.9,Negative,2015-08-07,RT @x: so bad\n",
        )
        .unwrap();
        let l = read_labelled(&b, None, None).unwrap();
        assert_eq!((l.texts[0].as_str(), l.labels[0]), ("RT @x: so bad", "negative"));
        // A label that is none: file, line and column.
        let c = dir.path().join("bad.tsv");
        std::fs::write(&c, "bagus\tpositive\nentah\tmixed\n").unwrap();
        let e = read_labelled(&c, None, None).unwrap_err().to_string();
        assert!(e.contains("bad.tsv:2: column 2: label `mixed`"), "{e}");
    }
}
