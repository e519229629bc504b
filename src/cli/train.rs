//! `suara train --data FILE [--text-col C] [--label-col L] [--seed N] --out MODEL`

use crate::sentiment::eval::{EMOTION, SENTIMENT, read_labelled};
use crate::sentiment::features::Valence;
use crate::sentiment::train::{Example, TrainContext, TrainParams, train};
use crate::status::{ExitStatus, Status};
use crate::text::{Lang, Lexicon, Tokens};
use crate::watchlist::{Matcher, Watchlists};
use anyhow::{Context, Result, bail};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labelled data (`text<TAB>label` without header, or a table with
    /// text/label columns). Repeat to train on several files.
    #[arg(long, required = true)]
    pub data: Vec<PathBuf>,
    /// Text column: a header name, or a 0-based index for headerless files.
    #[arg(long)]
    pub text_col: Option<String>,
    /// Label column: a header name, or a 0-based index.
    #[arg(long)]
    pub label_col: Option<String>,
    /// Seed of the cross-validation folds.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Language of the data (default: what most texts are identified as).
    #[arg(long, value_parser = super::parse::text_lang)]
    pub lang: Option<Lang>,
    /// Name in the model id (default: the output file's stem).
    #[arg(long)]
    pub name: Option<String>,
    /// Values of C to cross-validate (default 3,10,30).
    #[arg(long, value_delimiter = ',')]
    pub c: Vec<f64>,
    /// Class weightings to cross-validate: uniform, balanced (default both).
    #[arg(long, value_delimiter = ',', value_parser = super::parse::class_weight)]
    pub class_weight: Vec<crate::sentiment::linear::ClassWeight>,
    /// Character n-gram sizes inside words, e.g. `2-5`, or `none`.
    #[arg(long, default_value = "2-5", value_parser = super::parse::ngram_range)]
    pub char_ngrams: (u8, u8),
    /// Leave out word bigrams.
    #[arg(long)]
    pub no_bigrams: bool,
    /// Add Indonesian stems as terms.
    #[arg(long)]
    pub stems: bool,
    /// Minimum number of training texts a feature must occur in.
    #[arg(long, default_value_t = 2)]
    pub min_df: u32,
    /// Hash buckets, as a power of two (10 to 24).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(10..=24))]
    pub bits: u32,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Choose the decision offsets on this labelled file (a development
    /// set of the posts the model is for, never the set you report)
    /// instead of on the training folds: the training data's class mix
    /// and register (reviews, say) are not your posts'. The model gets a
    /// new id and records the set (name and SHA-256) and its macro-F1
    /// before and after; confidence stays calibrated as trained. The file
    /// is read as `eval --data` reads it (header or layout detected).
    #[arg(long)]
    pub offsets_on: Option<PathBuf>,
    /// The method whose macro-F1 `--offsets-on` maximises: model or
    /// ensemble (the method you will run with).
    #[arg(long, default_value = "model", value_parser = super::parse::method, requires = "offsets_on")]
    pub offsets_method: crate::sentiment::Method,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitStatus> {
    let mut status = Status::new(quiet);
    // What `--offsets-on` needs is checked before the training, which
    // takes minutes.
    let dev = match &args.offsets_on {
        Some(path) => {
            use crate::sentiment::Method;
            if !matches!(args.offsets_method, Method::Model | Method::Ensemble) {
                bail!("--offsets-method: model or ensemble, not {}", args.offsets_method.as_str());
            }
            let data = read_labelled(path, None, None)?;
            if data.emotion {
                bail!("{}: emotion labels, but --offsets-on needs sentiment labels", path.display());
            }
            Some((path, data))
        }
        None => None,
    };
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    let mut digest_input = Vec::new();
    let mut names = Vec::new();
    for path in &args.data {
        let l = read_labelled(path, args.text_col.as_deref(), args.label_col.as_deref())?;
        status.info(format!("{}: {} rows ({})", path.display(), l.texts.len(), l.layout));
        texts.extend(l.texts);
        labels.extend(l.labels);
        digest_input.extend(std::fs::read(path)?);
        names.push(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    }
    let emotion = labels.iter().all(|l| EMOTION.contains(l));
    if emotion && dev.is_some() {
        bail!("--offsets-on is for sentiment models, and the training data has emotion labels");
    }
    let order: &[&str] = if emotion { &EMOTION } else { &SENTIMENT };
    if !emotion && labels.iter().any(|l| EMOTION.contains(l)) {
        bail!("the data mixes sentiment and emotion labels");
    }
    let classes: Vec<String> = order.iter().filter(|c| labels.contains(c)).map(|c| c.to_string()).collect();
    if classes.len() < 2 {
        bail!("at least two classes are needed, found {classes:?}");
    }
    let lex = Lexicon::builtin();
    let lang = match args.lang {
        Some(l) => l.as_str().to_string(),
        None => {
            let mut t = Tokens::default();
            let en = texts.iter().filter(|x| crate::text::analyze(x, &lex, &mut t) == Lang::En).count();
            if en * 2 > texts.len() { "en" } else { "id" }.to_string()
        }
    };
    let name = args.name.clone().unwrap_or_else(|| {
        args.out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or("model".into())
    });
    let examples: Vec<Example> = texts
        .into_iter()
        .zip(&labels)
        .map(|(text, l)| Example { text, label: classes.iter().position(|c| c == l).unwrap(), weight: 1.0 })
        .collect();
    // Target names are masked at training as at prediction: the built-in
    // watchlists say which words are names.
    let wl = Watchlists::load(&["pemilu-2024".into(), "us-2024".into()], std::path::Path::new("."))?;
    let mut lex = lex;
    let m = Matcher::with_vocabulary(&wl, &mut lex)?;
    let valence = Valence::builtin();
    let ctx = TrainContext { lex: &lex, valence: &valence, matcher: &m };
    let mut p = TrainParams::new(&name, if emotion { "emotion" } else { "sentiment" }, &lang);
    p.seed = args.seed;
    p.folds = args.folds;
    (p.spec.char_min, p.spec.char_max) = args.char_ngrams;
    p.spec.bigrams = !args.no_bigrams;
    p.spec.stems = args.stems;
    p.min_df = args.min_df;
    p.spec.bits = args.bits;
    if !args.c.is_empty() {
        p.c_grid = args.c.clone();
    }
    if !args.class_weight.is_empty() {
        p.class_weights = args.class_weight.clone();
    }
    p.training_data = names.join(" + ");
    p.training_sha256 = crate::sentiment::model::sha256_hex(&digest_input);
    status.info(format!(
        "training a {} model ({lang}) on {} examples, classes {classes:?}",
        p.task,
        examples.len()
    ));
    let p = p.check().context("training parameters")?;
    let mut model = train(&examples, classes, &p, &ctx, &mut |line| status.info(line))?;
    if let Some((path, data)) = dev {
        // The annotator loads models from files: the untuned one goes to
        // a sibling file, so that `--out` is written once, tuned.
        let mut untuned = args.out.clone().into_os_string();
        untuned.push(".untuned");
        let untuned = PathBuf::from(untuned);
        model.save(&untuned).with_context(|| format!("cannot write {}", untuned.display()))?;
        let tuned = offsets_on(&untuned, path, &data, args.offsets_method, &mut status);
        let _ = std::fs::remove_file(&untuned);
        let (bias, from) = tuned?;
        model.set_offsets(bias, from);
    }
    model.save(&args.out).with_context(|| format!("cannot write {}", args.out.display()))?;
    status.stage_done("train");
    status.info(format!("wrote {} ({}) in {:.1}s", args.out.display(), model.meta.id, status.elapsed()));
    Ok(ExitStatus::Success)
}

/// Decision offsets for the model written to `model`, chosen to maximise
/// `method`'s macro-F1 on the labelled file `dev` (read as `data`), scored
/// the way `suara eval --model` scores it; starting from the training
/// folds' offsets, which stay unless the file scores higher. Returns them
/// with the note the model keeps.
fn offsets_on(
    model: &std::path::Path,
    dev: &std::path::Path,
    data: &crate::sentiment::eval::Labelled,
    method: crate::sentiment::Method,
    status: &mut Status,
) -> Result<(Vec<f64>, String)> {
    use crate::annotate::evaluate::evaluate;
    let mut overrides = crate::config::Overrides::for_eval(Some(method));
    overrides.sentiment_model = Some(model.to_path_buf());
    let settings = super::load_settings(None, &overrides)?;
    let mut annotator = settings.annotator()?;
    let start = annotator.sentiment.id.model.meta.bias.clone();
    let before = evaluate(&annotator, data)?.report.macro_f1;
    status.info(format!(
        "choosing decision offsets on {} ({} rows, {} method; about 370 scorings of it)",
        dev.display(),
        data.texts.len(),
        method.as_str()
    ));
    // The model scores every language here (`eval --model`): both
    // scorers hold it, and both take the offsets tried.
    let mut score = |b: &[f64]| -> f64 {
        annotator.sentiment.id.model.meta.bias = b.to_vec();
        annotator.sentiment.en.model.meta.bias = b.to_vec();
        evaluate(&annotator, data).map_or(f64::NEG_INFINITY, |e| e.report.macro_f1)
    };
    let mut bias = crate::sentiment::train::ascend_offsets(start.clone(), &mut score);
    let mut after = score(&bias);
    // The search scores grid values; the offsets kept are rounded.
    if after < before {
        (bias, after) = (start.clone(), before);
    }
    let name = dev.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let digest = crate::sentiment::model::sha256_hex(&std::fs::read(dev)?);
    let from = format!(
        "{name} ({} rows, {} method; sha256 {}): macro-F1 {before:.4} with the training folds' offsets {start:?}, {after:.4} with these",
        data.texts.len(),
        method.as_str(),
        &digest[..16]
    );
    status.info(format!("decision offsets {bias:?} chosen on {from}"));
    Ok((bias, from))
}
