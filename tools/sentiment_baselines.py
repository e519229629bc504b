#!/usr/bin/env python3
"""suara against two English sentiment baselines, side by side, on labelled
files (macro-F1 over negative/neutral/positive, as `suara eval` computes it):

  (a) suara: `suara eval --json` (a model file, or the built-in models; the
      method as given, by default `auto`: per language the method with the
      best recorded figures on the political development set; a model file
      without recorded figures is scored with `model`);
  (b) VADER (vaderSentiment, the standard compound thresholds: >= 0.05
      positive, <= -0.05 negative, else neutral), on the raw text;
  (c) scikit-learn TF-IDF (word 1-2 grams + char_wb 2-5 grams, min_df 2,
      sublinear tf, lower-cased) + LogisticRegression (lbfgs), trained on
      exactly the training file(s) given with --train (suara's English
      training files). C and class weighting: C=10, uniform, as
      tools/model_card.py, or chosen by stratified 5-fold cross-validation
      on the training data over the grid --c x --class-weight (seeded).

A file without neutral labels is scored on its two classes as `suara eval`
does (positive iff P(pos) - P(neg) > 0; VADER: compound > 0).

Bootstrap 95 % intervals (percentile, --boot resamples of the items, seeded).
suara's interval is a bootstrap of its confusion matrix: macro-F1 depends on
the (gold, predicted) pairs only, so resampling items and resampling those
pairs are the same. `suara eval` prints no per-item predictions, so paired
intervals of the differences suara - baseline need --paired: one `suara eval`
per item, on a two-row file holding the item and a fixed anchor sentence in
the file's majority language (so that the file keeps its classes and a text
of no identified language is scored in the same language as in the whole
file); the anchor's own prediction is taken out, and the per-item
predictions must add up to the whole file's confusion matrix (checked).
About 0.5 s per item and method.

Needs scikit-learn and vaderSentiment (built and checked with Python 3.11,
scikit-learn==1.9.1, numpy==2.4.6, scipy==1.17.1, vaderSentiment==3.3.2):

    python3 -m venv /tmp/suara-venv
    /tmp/suara-venv/bin/pip install scikit-learn==1.9.1 vaderSentiment==3.3.2
    /tmp/suara-venv/bin/python tools/sentiment_baselines.py \\
        --suara target/release/suara --model datasets/models/sentiment-en.model \\
        --train datasets/training/sentiment-en.tsv --train datasets/training/sentiment-en-vader.tsv \\
        tests/fixtures/sentiment/political-dev-en.tsv

Labelled files are read as `suara eval` reads them: tab-separated files
without quoting, CSV with quoting; a header naming the text and label
columns (text, tweet, content …; label, sentiment …), else text in the first
column and the label in the last; labels in English or Indonesian spellings
or as -1/0/1, 0/1/2 numbers. Every version used is printed first.
"""
import argparse
import csv
import json
import os
import platform
import subprocess
import sys
from importlib import metadata

import numpy as np

CLASSES = ["negative", "neutral", "positive"]
TEXT_NAMES = ["text", "tweet", "content", "sentence", "review", "kalimat", "teks", "full_text", "message"]
LABEL_NAMES = ["label", "sentiment", "sentimen", "polarity", "class", "emotion", "emosi", "kelas"]
SPELLINGS = {
    "positive": "positive", "positif": "positive", "pos": "positive", "p": "positive", "+": "positive",
    "+1": "positive", "neutral": "neutral", "netral": "neutral", "neu": "neutral", "neut": "neutral",
    "n": "neutral", "none": "neutral", "negative": "negative", "negatif": "negative", "neg": "negative",
    "-": "negative", "-1": "negative",
}


def resolve_labels(raw):
    """Label names as suara's `resolve_labels` reads them."""
    vals = [s.strip().strip('"') for s in raw]
    try:
        nums = [float(v) for v in vals]
        if all(x == int(x) and -1 <= x <= 2 for x in nums):
            nums = [int(x) for x in nums]
            low, high = -1 in nums, 2 in nums
            if low and high:
                sys.exit("numeric labels run from -1 to 2: ambiguous")
            binary = not low and not high
            out = []
            for v in nums:
                v -= int(high)
                out.append("negative" if (binary and v == 0) or (not binary and v == -1)
                           else "neutral" if not binary and v == 0 else "positive")
            return out
    except ValueError:
        pass
    out = []
    for i, v in enumerate(vals):
        name = SPELLINGS.get(v.lower())
        if name is None:
            sys.exit(f"row {i + 1}: label `{v}` is not a sentiment label")
        out.append(name)
    return out


def read_labelled(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        first = f.readline()
        f.seek(0)
        if "\t" in first:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        else:
            rows = list(csv.reader(f))
    header = [h.strip().lower() for h in rows[0]]
    ti = next((i for i, h in enumerate(header) if h in TEXT_NAMES), None)
    li = next((i for i, h in enumerate(header) if h in LABEL_NAMES), None)
    if ti is not None and li is not None:
        body = rows[1:]
    else:
        ti, li, body = 0, len(rows[0]) - 1, rows
    pairs = [(r[ti], r[li]) for r in body if len(r) > max(ti, li) and r[li].strip()]
    return [t for t, _ in pairs], resolve_labels([l for _, l in pairs])


def confusion(gold, pred, k):
    c = np.zeros((k, k), dtype=np.int64)
    np.add.at(c, (gold, pred), 1)
    return c


def macro_f1_conf(c):
    tp = np.diag(c).astype(float)
    support, predicted = c.sum(1), c.sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(predicted > 0, tp / np.maximum(predicted, 1), 0.0)
        r = np.where(support > 0, tp / np.maximum(support, 1), 0.0)
        f = np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0)
    return float(f.mean())


def macro_f1(gold, pred, k):
    return macro_f1_conf(confusion(np.asarray(gold), np.asarray(pred), k))


def suara_eval(binary, model, method, data):
    cmd = [binary, "eval", "-q", "--json", "--data", data]
    if model:
        cmd += ["--model", model]
    if method:
        cmd += ["--method", method]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


ANCHORS = {"en": "The meeting is on Tuesday at noon.", "id": "Rapat diadakan hari Selasa pukul dua belas."}


def suara_per_item(binary, model, method, texts, y, classes, lang, whole):
    """Per-item predictions of `suara eval` (see --paired in the docstring)."""
    import re
    import tempfile

    anchor, anchor_label = ANCHORS[lang], ("neutral" if "neutral" in classes else "negative")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "item.tsv")

        def run(rows):
            with open(path, "w", encoding="utf-8") as f:
                f.write("text\tlabel\n")
                for t, l in rows:
                    f.write(re.sub(r"[\t\r\n]+", " ", t) + "\t" + l + "\n")
            r = suara_eval(binary, model, method, path)
            return np.array(r["confusion"]), r["languages"]

        c0, langs = run([(anchor, anchor_label)])
        if langs[lang] != 1:
            sys.exit(f"the {lang} anchor is not identified as {lang}: {langs}")
        pred = []
        for t, l in zip(texts, y):
            c, _ = run([(anchor, anchor_label), (t, l)])
            (g, p), = np.argwhere(c - c0)
            if classes[g] != l:
                sys.exit(f"per-item evaluation out of step at {t[:60]!r}")
            pred.append(int(p))
    pred = np.array(pred)
    gold = np.array([classes.index(l) for l in y])
    if not np.array_equal(confusion(gold, pred, len(classes)), whole):
        sys.exit("per-item predictions do not add up to the whole file's confusion matrix")
    return pred


def tfidf_lr(c, class_weight):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    feats = FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                 token_pattern=r"(?u)\b\w+\b")),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
    ])
    cw = None if class_weight == "uniform" else "balanced"
    return Pipeline([("f", feats), ("clf", LogisticRegression(C=c, class_weight=cw, max_iter=3000))])


def fit_baseline(texts, labels, cs, weights, seed, log):
    from sklearn.model_selection import StratifiedKFold

    x = [t.lower() for t in texts]
    y = np.array([CLASSES.index(l) for l in labels])
    grid = [(c, w) for w in weights for c in cs]
    chosen, cv = grid[0], []
    if len(grid) > 1:
        folds = list(StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y))
        best = -1.0
        for c, w in grid:
            pred = np.zeros_like(y)
            for tr, te in folds:
                m = tfidf_lr(c, w).fit([x[i] for i in tr], y[tr])
                pred[te] = m.predict([x[i] for i in te])
            s = macro_f1(y, pred, len(CLASSES))
            cv.append((c, w, s))
            log(f"  TF-IDF+LR cv: C={c} class_weight={w}: macro-F1 {s:.4f}")
            if s > best:
                best, chosen = s, (c, w)
    model = tfidf_lr(*chosen).fit(x, y)
    return model, chosen, cv


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suara", required=True, help="the suara binary")
    ap.add_argument("--model", help="a model file for `suara eval --model` (default: the built-in models)")
    ap.add_argument("--method", default="auto",
                    help="suara's method(s), comma-separated: auto, model, lexicon, ensemble (default auto)")
    ap.add_argument("--train", action="append", required=True,
                    help="suara's training file(s) (text<TAB>label with header); repeat for several")
    ap.add_argument("--c", default="10", help="C for TF-IDF+LR; several (3,10,30) are cross-validated")
    ap.add_argument("--class-weight", default="uniform",
                    help="uniform and/or balanced, comma-separated; several are cross-validated")
    ap.add_argument("--boot", type=int, default=1000, help="bootstrap resamples (0: none)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--paired", action="store_true",
                    help="per-item suara predictions (one eval per item) for paired intervals of the differences")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    ap.add_argument("data", nargs="+", help="labelled files")
    a = ap.parse_args()
    log = (lambda s: print(s, file=sys.stderr)) if a.json else print

    import sklearn
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    suara_version = subprocess.run([a.suara, "--version"], capture_output=True, text=True).stdout.strip()
    versions = {
        "python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": np.__version__,
        "scipy": metadata.version("scipy"), "vaderSentiment": metadata.version("vaderSentiment"),
        "suara": suara_version, "seed": a.seed, "bootstrap": a.boot,
    }
    log("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))

    texts, labels = [], []
    for path in a.train:
        t, l = read_labelled(path)
        texts += t
        labels += l
    cs = [float(c) for c in a.c.split(",")]
    weights = a.class_weight.split(",")
    log(f"TF-IDF+LR training data: {' + '.join(os.path.basename(p) for p in a.train)}, {len(texts)} texts")
    lr, chosen, cv = fit_baseline(texts, labels, cs, weights, a.seed, log)
    lr_name = f"TF-IDF+LR (C={chosen[0]:g}, {chosen[1]})"
    vader = SentimentIntensityAnalyzer()
    rng = np.random.default_rng(a.seed)
    report = {"versions": versions, "tfidf_lr": {"c": chosen[0], "class_weight": chosen[1],
                                                  "train": a.train, "train_n": len(texts), "cv": cv},
              "sets": []}
    for path in a.data:
        x, y = read_labelled(path)
        two = "neutral" not in y
        classes = ["negative", "positive"] if two else CLASSES
        k = len(classes)
        gold = np.array([classes.index(l) for l in y])
        preds, rows = {}, []
        for method in a.method.split(","):
            r = suara_eval(a.suara, a.model, method, path)
            if r["n"] != len(y):
                sys.exit(f"{path}: suara read {r['n']} rows, this script {len(y)}")
            conf = np.array(r["confusion"])
            if a.paired:
                g2 = gold
                p2 = suara_per_item(a.suara, a.model, method, x, y, classes,
                                    r["languages"]["other_scored_as"], conf)
            else:
                # Pairs rebuilt from the confusion matrix (their order is irrelevant to macro-F1).
                g2 = np.repeat(np.repeat(np.arange(k), k), conf.flatten())
                p2 = np.repeat(np.tile(np.arange(k), k), conf.flatten())
            en = [m for m in r["methods"] if m.startswith("en:")]
            name = f"suara {method}" + (f" [{en[0][4:].split(' (')[0]}]" if method == "auto" and en else "")
            rows.append((name, r["macro_f1"], r["accuracy"], g2, p2, r["methods"]))
        comp = [vader.polarity_scores(t)["compound"] for t in x]
        if two:
            pv = [int(c > 0) for c in comp]
        else:
            pv = [2 if c >= 0.05 else 0 if c <= -0.05 else 1 for c in comp]
        proba = lr.predict_proba([t.lower() for t in x])
        if two:
            pl = [int(p[2] - p[0] > 0) for p in proba]
        else:
            pl = list(np.argmax(proba, 1))
        for name, pred in (("VADER (compound ±0.05)", pv), (lr_name, pl)):
            rows.append((name, macro_f1(gold, pred, k), float(np.mean(np.array(pred) == gold)), gold,
                         np.array(pred), None))
        n = len(gold)
        draws = [rng.integers(0, n, n) for _ in range(a.boot)]
        cis = {}
        if a.boot:
            for name, _, _, g, p, _ in rows:
                vals = np.array([macro_f1(g[ix], p[ix], k) for ix in draws])
                cis[name] = (float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5)), vals)
        counts = ", ".join(f"{c} {y.count(c)}" for c in classes)
        log(f"\n{path} (n={n}: {counts}{'; two classes' if two else ''})")
        log(f"  {'system':<44} {'macro-F1':>8}  {'95% CI':<15} {'accuracy':>8}")
        out = {"data": path, "n": n, "two_class": two, "counts": {c: y.count(c) for c in classes},
               "systems": []}
        for name, f1, acc, _, _, methods in rows:
            ci = cis.get(name)
            cs_ = f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""
            log(f"  {name:<44} {f1:>8.4f}  {cs_:<15} {acc:>8.4f}")
            out["systems"].append({"system": name, "macro_f1": round(f1, 4), "accuracy": round(acc, 4),
                                   "ci95": [round(ci[0], 4), round(ci[1], 4)] if ci else None,
                                   **({"methods": methods} if methods else {})})
        if a.boot:
            vname = "VADER (compound ±0.05)"
            d = cis[lr_name][2] - cis[vname][2]
            log(f"  paired: TF-IDF+LR - VADER {rows[-1][1] - rows[-2][1]:+.4f} "
                f"[{np.percentile(d, 2.5):+.3f}, {np.percentile(d, 97.5):+.3f}]")
            out["tfidf_minus_vader_ci95"] = [round(float(np.percentile(d, 2.5)), 4),
                                             round(float(np.percentile(d, 97.5)), 4)]
        for name, f1, _, _, _, _ in rows[:-2]:
            line = f"  {name} - VADER {f1 - rows[-2][1]:+.4f}, - TF-IDF+LR {f1 - rows[-1][1]:+.4f}"
            if a.paired and a.boot:
                diffs = {}
                for other, label in ((rows[-2][0], "vader"), (rows[-1][0], "tfidf_lr")):
                    d = cis[name][2] - cis[other][2]
                    diffs[label] = [round(float(np.percentile(d, 2.5)), 4), round(float(np.percentile(d, 97.5)), 4)]
                line = (f"  {name} - VADER {f1 - rows[-2][1]:+.4f} [{diffs['vader'][0]:+.3f}, {diffs['vader'][1]:+.3f}], "
                        f"- TF-IDF+LR {f1 - rows[-1][1]:+.4f} [{diffs['tfidf_lr'][0]:+.3f}, {diffs['tfidf_lr'][1]:+.3f}] (paired)")
                out.setdefault("paired_ci95", {})[name] = diffs
            log(line)
        report["sets"].append(out)
    if a.json:
        print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
