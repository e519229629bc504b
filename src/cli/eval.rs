//! `suara eval --data FILE [--text-col C] [--label-col L] [--model MODEL] [--json]`

use crate::annotate::Scratch;
use crate::sentiment::eval::{EMOTION, SENTIMENT, read_labelled, report};
use crate::sentiment::model::TextModel;
use crate::status::{ExitStatus, Status};
use crate::text::Lang;
use anyhow::{Result, bail};
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labelled data (`text<TAB>label` without header, or a table with
    /// text/label columns).
    #[arg(long)]
    pub data: PathBuf,
    /// Text column: a header name, or a 0-based index for headerless files.
    #[arg(long)]
    pub text_col: Option<String>,
    /// Label column: a header name, or a 0-based index.
    #[arg(long)]
    pub label_col: Option<String>,
    /// A model file (used for every post), or `auto` (default): the
    /// built-in Indonesian and English models, chosen per post by language.
    #[arg(long)]
    pub model: Option<String>,
    /// auto, model, lexicon or ensemble (default: the config's, else auto).
    #[arg(long, value_parser = super::parse::method)]
    pub method: Option<crate::sentiment::Method>,
    /// Config file (default: ./suara.toml when present).
    #[arg(long, short)]
    pub config: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitStatus> {
    let status = Status::new(quiet);
    let mut overrides = crate::config::Overrides {
        method: args.method,
        // Names are masked with every built-in watchlist, as at training.
        watchlists: vec!["pemilu-2024".into(), "us-2024".into()],
        ..Default::default()
    };
    let mut model_id = "auto".to_string();
    match args.model.as_deref() {
        None | Some("auto") => {}
        Some(path) => {
            let p = PathBuf::from(path);
            let m = TextModel::load(&p)?;
            model_id = m.meta.id.clone();
            if m.meta.task == "emotion" {
                overrides.emotion_model = Some(p);
            } else {
                overrides.sentiment_model = Some(p);
            }
        }
    }
    let settings = super::load_settings(args.config.as_deref(), &overrides)?;
    let data = read_labelled(&args.data, args.text_col.as_deref(), args.label_col.as_deref())?;
    status.info(format!("{}: {} rows ({})", args.data.display(), data.texts.len(), data.layout));
    let emotion = data.labels.iter().all(|l| EMOTION.contains(l));
    let annotator = settings.annotator()?;
    let mut notes: Vec<_> = data
        .texts
        .par_iter()
        .map_init(Scratch::default, |s, t| annotator.annotate_text(t, true, s))
        .collect();
    // Texts identified as neither language (short, names and tags only)
    // are scored in the file's majority language: an English debate set's
    // "Carson? lol" is English. Without a tag they were scored as
    // Indonesian above; only an English majority scores them again.
    let count = |l: Lang| notes.iter().filter(|n| n.lang == l).count();
    let (en, id, other) = (count(Lang::En), count(Lang::Id), count(Lang::Other));
    let other_as = if en > id { Lang::En } else { Lang::Id };
    if other > 0 {
        status.info(format!(
            "{other} text(s) of no identified language scored as {} (the file has {en} English, {id} Indonesian)",
            if other_as == Lang::En { "English" } else { "Indonesian" }
        ));
    }
    if other_as == Lang::En {
        notes
            .par_iter_mut()
            .zip(&data.texts)
            .filter(|(n, _)| n.lang == Lang::Other)
            .for_each_init(Scratch::default, |s, (n, t)| {
                *n = annotator.annotate_text_as(t, Some(Lang::En), true, s)
            });
    }
    // Every text was scored (`score_unmatched`).
    fn scored(n: &crate::annotate::Notes) -> &crate::sentiment::PostSentiment {
        n.sentiment.as_ref().expect("eval scores every text")
    }
    let (classes, gold, pred): (Vec<&str>, Vec<usize>, Vec<usize>) = if emotion {
        let classes: Vec<&str> = EMOTION.to_vec();
        let gold = data.labels.iter().map(|l| classes.iter().position(|c| c == l).unwrap()).collect();
        let pred = notes.iter().map(|n| scored(n).emotion.map_or(0, |(e, _)| e as usize)).collect();
        if annotator.sentiment.emotion.is_none() {
            bail!("emotion labels, but emotion is off in the config");
        }
        (classes, gold, pred)
    } else {
        let two_class = !data.labels.contains(&"neutral");
        let classes: Vec<&str> = if two_class { vec!["negative", "positive"] } else { SENTIMENT.to_vec() };
        let gold = data.labels.iter().map(|l| classes.iter().position(|c| c == l).unwrap()).collect();
        let pred = notes
            .iter()
            .map(|n| {
                let v = &scored(n).post;
                if two_class {
                    // Scored on its two classes: the sign of P(pos) − P(neg).
                    usize::from(v.score > 0.0)
                } else {
                    v.label as usize
                }
            })
            .collect();
        (classes, gold, pred)
    };
    let r = report(&gold, &pred, &classes);
    let methods: Vec<String> = [("id", &annotator.sentiment.id), ("en", &annotator.sentiment.en)]
        .iter()
        .map(|(l, s)| format!("{l}: {} ({}; {})", s.method.as_str(), s.model.meta.id, s.reason))
        .collect();
    if args.json {
        let mut v = serde_json::to_value(&r)?;
        v["model"] = serde_json::json!(model_id);
        v["task"] = serde_json::json!(if emotion { "emotion" } else { "sentiment" });
        v["two_class"] = serde_json::json!(!emotion && classes.len() == 2);
        v["methods"] = serde_json::json!(methods);
        v["languages"] =
            serde_json::json!({"id": id, "en": en, "other": other, "other_scored_as": other_as.as_str()});
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        if classes.len() == 2 && !emotion {
            println!("two-class data (no neutral): scored on negative vs positive only");
        }
        for m in &methods {
            println!("method    {m}");
        }
        println!("n         {}", r.n);
        println!("accuracy  {:.4}", r.accuracy);
        println!("macro-F1  {:.4}", r.macro_f1);
        println!("{:<10} {:>9} {:>9} {:>9} {:>8}", "class", "precision", "recall", "f1", "support");
        for c in &classes {
            let f = &r.per_class[*c];
            println!("{c:<10} {:>9.4} {:>9.4} {:>9.4} {:>8}", f.precision, f.recall, f.f1, f.support);
        }
        println!("confusion (rows gold, columns predicted: {})", classes.join(", "));
        for (c, row) in classes.iter().zip(&r.confusion) {
            println!("  {c:<10} {}", row.iter().map(|x| format!("{x:>6}")).collect::<String>());
        }
    }
    Ok(ExitStatus::Success)
}
