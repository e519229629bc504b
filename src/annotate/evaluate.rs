//! `suara eval` as a library: a labelled file scored by the annotator the
//! way a run scores posts. The command and the tests call this one path,
//! so the figures they print are the same (`datasets/models/figures.json`
//! is made by the command).

use super::{Annotator, Scratch};
use crate::core::{EMOTION, Lang, Notes, PostSentiment, SENTIMENT};
use crate::sentiment::eval::{Labelled, Report, report};
use anyhow::{Result, bail};
use rayon::prelude::*;
use serde::Serialize;

/// Languages of the texts as identified, and how the rest were scored.
#[derive(Debug, Clone, Serialize)]
pub struct Languages {
    pub id: usize,
    pub en: usize,
    pub other: usize,
    /// Texts of no identified language were scored as this one (the
    /// file's majority).
    pub other_scored_as: &'static str,
}

/// What scoring a labelled file gives.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub report: Report,
    /// The classes scored (two when the data has no neutral).
    pub classes: Vec<&'static str>,
    pub languages: Languages,
}

/// Scores every text of `data` and compares with its labels. Texts
/// identified as neither language (short, names and tags only) are scored
/// in the file's majority language: an English debate set's "Carson? lol"
/// is English. Sentiment data without a neutral class is scored on its two
/// classes, by the sign of P(positive) − P(negative).
pub fn evaluate(annotator: &Annotator, data: &Labelled) -> Result<Evaluation> {
    if data.emotion && annotator.sentiment.emotion.is_none() {
        bail!("emotion labels, but emotion is off in the config");
    }
    let mut notes: Vec<Notes> = data
        .texts
        .par_iter()
        .map_init(Scratch::default, |s, t| annotator.annotate_text(t, true, s))
        .collect();
    let count = |l: Lang| notes.iter().filter(|n| n.lang == l).count();
    let (en, id, other) = (count(Lang::En), count(Lang::Id), count(Lang::Other));
    let other_as = if en > id { Lang::En } else { Lang::Id };
    // Without a tag they were scored as Indonesian above; only an English
    // majority scores them again.
    if other_as == Lang::En {
        notes
            .par_iter_mut()
            .zip(&data.texts)
            .filter(|(n, _)| n.lang == Lang::Other)
            .for_each_init(Scratch::default, |s, (n, t)| {
                *n = annotator.annotate_text_as(t, Some(Lang::En), true, s)
            });
    }
    fn scored(n: &Notes) -> &PostSentiment {
        n.sentiment.as_ref().expect("eval scores every text")
    }
    let classes: Vec<&'static str> = if data.emotion {
        EMOTION.to_vec()
    } else if !data.labels.contains(&"neutral") {
        vec!["negative", "positive"]
    } else {
        SENTIMENT.to_vec()
    };
    let index = |l: &str| classes.iter().position(|c| *c == l).expect("labels are of the file's task");
    let gold: Vec<usize> = data.labels.iter().map(|l| index(l)).collect();
    let pred: Vec<usize> = notes
        .iter()
        .map(|n| {
            let s = scored(n);
            if data.emotion {
                s.emotion.map_or(0, |(e, _)| e as usize)
            } else if classes.len() == 2 {
                usize::from(s.post.score > 0.0)
            } else {
                s.post.label as usize
            }
        })
        .collect();
    Ok(Evaluation {
        report: report(&gold, &pred, &classes),
        classes,
        languages: Languages { id, en, other, other_scored_as: other_as.as_str() },
    })
}
