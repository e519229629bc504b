//! `suara eval --data FILE [--text-col C] [--label-col L] [--model MODEL] [--json]`

use crate::annotate::evaluate::evaluate;
use crate::sentiment::eval::read_labelled;
use crate::sentiment::model::TextModel;
use crate::status::{ExitStatus, Status};
use anyhow::Result;
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
    let mut overrides = crate::config::Overrides::for_eval(args.method);
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
    let annotator = settings.annotator()?;
    let ev = evaluate(&annotator, &data)?;
    let (r, classes, langs) = (&ev.report, &ev.classes, &ev.languages);
    if langs.other > 0 {
        status.info(format!(
            "{} text(s) of no identified language scored as {} (the file has {} English, {} Indonesian)",
            langs.other, langs.other_scored_as, langs.en, langs.id
        ));
    }
    let emotion = data.emotion;
    let methods: Vec<String> = [("id", &annotator.sentiment.id), ("en", &annotator.sentiment.en)]
        .iter()
        .map(|(l, s)| format!("{l}: {} ({}; {})", s.method.as_str(), s.model.meta.id, s.reason))
        .collect();
    if args.json {
        let mut v = serde_json::to_value(r)?;
        v["model"] = serde_json::json!(model_id);
        v["task"] = serde_json::json!(if emotion { "emotion" } else { "sentiment" });
        v["two_class"] = serde_json::json!(!emotion && classes.len() == 2);
        v["methods"] = serde_json::json!(methods);
        v["languages"] = serde_json::to_value(langs)?;
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
        for c in classes {
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
