//! Per-target sentiment on 223 hand-labelled multi-target posts
//! (tests/fixtures/targeted/, most of them real): each target's label comes
//! from its own clause. The test reports accuracy and macro-F1 over (post,
//! target) pairs, against the baseline of giving every target the post's
//! label, and requires the clause method to beat that baseline where a
//! post's targets carry different labels.

use std::collections::BTreeMap;
use std::path::Path;
use suara::annotate::Scratch;
use suara::sentiment::eval::{SENTIMENT, report};

#[test]
fn per_target_sentiment_beats_post_labels_where_targets_differ() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut settings = suara::config::defaults().unwrap();
    settings.watchlist.lists = vec!["tests/fixtures/targeted/watchlist.toml".into()];
    settings.watchlist.base = root.to_path_buf();
    let a = settings.annotator().unwrap();
    let text = std::fs::read_to_string(root.join("tests/fixtures/targeted/labelled.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (ct, cl, cs) = (col("text"), col("labels"), col("source"));
    let (mut gold, mut clause, mut post, mut real) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Pairs from posts whose targets carry different gold labels: there a
    // post label must be wrong for some target, and clauses earn their keep.
    let mut split = Vec::new();
    let mut scratch = Scratch::default();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let notes = a.annotate_text(f[ct], true, &mut scratch);
        let sentiment = notes.sentiment.expect("every text is scored");
        // The first mention of each target decides its label.
        let mut by_target: BTreeMap<&str, u8> = BTreeMap::new();
        for (m, v) in notes.mentions.iter().zip(&sentiment.targets) {
            by_target.entry(a.matcher.target_id(m.target)).or_insert(v.label);
        }
        let labels: Vec<&str> = f[cl].split(';').filter_map(|p| p.split_once(':')).map(|p| p.1).collect();
        let disagree = labels.iter().any(|l| *l != labels[0]);
        for pair in f[cl].split(';') {
            let (target, label) = pair.split_once(':').unwrap();
            let Some(&got) = by_target.get(target) else { continue };
            gold.push(SENTIMENT.iter().position(|s| *s == label).unwrap());
            clause.push(got as usize);
            post.push(sentiment.post.label as usize);
            real.push(f[cs] != "written");
            split.push(disagree);
        }
    }
    let r_clause = report(&gold, &clause, &SENTIMENT);
    let r_post = report(&gold, &post, &SENTIMENT);
    let pick = |v: &[usize]| v.iter().zip(&real).filter(|(_, r)| **r).map(|(x, _)| *x).collect::<Vec<_>>();
    let r_real = report(&pick(&gold), &pick(&clause), &SENTIMENT);
    let on_split =
        |v: &[usize]| v.iter().zip(&split).filter(|(_, s)| **s).map(|(x, _)| *x).collect::<Vec<_>>();
    let (s_clause, s_post) = (
        report(&on_split(&gold), &on_split(&clause), &SENTIMENT),
        report(&on_split(&gold), &on_split(&post), &SENTIMENT),
    );
    println!(
        "targets of one post labelled differently ({} pairs): clause accuracy {:.3} macro-F1 {:.3}; post label accuracy {:.3} macro-F1 {:.3}",
        s_clause.n, s_clause.accuracy, s_clause.macro_f1, s_post.accuracy, s_post.macro_f1
    );
    println!(
        "per-target: {} pairs; clause accuracy {:.3} macro-F1 {:.3}; post-label baseline accuracy {:.3} macro-F1 {:.3}; real posts only ({}): accuracy {:.3} macro-F1 {:.3}",
        r_clause.n,
        r_clause.accuracy,
        r_clause.macro_f1,
        r_post.accuracy,
        r_post.macro_f1,
        r_real.n,
        r_real.accuracy,
        r_real.macro_f1
    );
    assert!(r_clause.n >= 400, "{} labelled pairs found", r_clause.n);
    // Where a post's targets differ, the post label is wrong for some of
    // them: the clause must do better there. (Over all pairs, most of which
    // share one label, the post label is a strong baseline; both figures
    // are in the model card.)
    assert!(s_clause.n >= 200, "{} pairs with differing labels", s_clause.n);
    assert!(
        s_clause.macro_f1 > s_post.macro_f1 + 0.03,
        "clauses must beat the post label where targets differ: {} vs {}",
        s_clause.macro_f1,
        s_post.macro_f1
    );
    // Over all pairs there is no claim: with the fixture's 98 SmSA rows no
    // longer trained on, the clause scores 0.433 against the post label's
    // 0.443 (the earlier 0.500 vs 0.481 was measured with those rows in
    // training). The model card and the README say so.
}
