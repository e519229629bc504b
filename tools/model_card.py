#!/usr/bin/env python3
"""The evaluation tables of datasets/models/MODEL_CARD.md and README.md, from
figures and references that scripts measured, never typed in by hand.

    # the reference columns: scikit-learn TF-IDF + LR and VADER on every set
    # of tools/model_figures.py (needs scikit-learn and vaderSentiment, see
    # tools/sentiment_baselines.py); writes datasets/models/reference.json
    python3 tools/model_card.py --measure ../shared/data
    # the tables, from figures.json + reference.json (standard library only)
    python3 tools/model_card.py            # rewrites both files between their markers
    python3 tools/model_card.py --check    # exit 1 when a file is not what it would write

The scikit-learn reference is the Python reference pipeline's classifier:
TF-IDF (word 1-2 grams + char_wb 2-5, min_df 2, sublinear tf, lower-cased)
+ LogisticRegression(C=10, lbfgs), trained on exactly the training files
suara's model of the same name is trained on (datasets/models/build.sh).
VADER: compound >= 0.05 positive, <= -0.05 negative, else neutral, on the
raw text (English sets only).
"""
import json
import os
import re
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIGURES = os.path.join(HERE, "datasets/models/figures.json")
REFERENCE = os.path.join(HERE, "datasets/models/reference.json")
CARD = os.path.join(HERE, "datasets/models/MODEL_CARD.md")
README = os.path.join(HERE, "README.md")
BEGIN, END = "<!-- figures: tools/model_card.py -->", "<!-- /figures -->"

# The training files of each model, as datasets/models/build.sh passes them.
TRAINING = {
    "sentiment-id": ["datasets/training/sentiment-id.tsv"],
    "sentiment-en": ["datasets/training/sentiment-en.tsv", "datasets/training/sentiment-en-vader.tsv"],
    "emotion-id": ["datasets/training/emotion-id.tsv"],
}
# Floors the public review-style sets are held to (macro-F1).
FLOORS = {"smsa-valid": 0.87, "nusax-id-test-no-smsa": 0.92, "nusax-en-test": 0.80}
NAMES = {
    "political-dev-id": "political posts, Indonesian, **development** (`political-dev-id.tsv`)",
    "political-test-id": "political posts, Indonesian, **test** (`political-test-id.tsv`)",
    "political-dev-en": "political posts, English, **development** (`political-dev-en.tsv`)",
    "political-test-en": "political posts, English, **test** (`political-test-en.tsv`)",
    "smsa-valid": "IndoNLU SmSA valid",
    "nusax-id-test-no-smsa": "NusaX-id test, texts also in SmSA train removed",
    "nusax-en-test": "NusaX-en test",
    "emot-valid": "IndoNLU EmoT valid (emotion, 5 classes)",
}


def measure(data):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import csv

    import numpy as np
    from model_figures import evaluation_sets
    from sentiment_baselines import macro_f1, read_labelled, resolve_labels, tfidf_lr
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    def emotion_rows(path):
        with open(path, encoding="utf-8-sig", newline="") as f:
            tsv = path.endswith(".tsv")
            rows = list(csv.DictReader(f, delimiter="\t" if tsv else ",",
                                       quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL))
        text = "tweet" if "tweet" in rows[0] else "text"
        return [r[text] for r in rows], [r["label"] for r in rows]

    def rows(model, source):
        if not isinstance(source, str):
            return [t for t, _ in source], resolve_labels([l for _, l in source])
        return emotion_rows(source) if model == "emotion-id" else read_labelled(source)

    fitted, out, vader = {}, [], SentimentIntensityAnalyzer()
    for name, model, _, source in evaluation_sets(data):
        if any(r["dataset"] == name for r in out):
            continue
        if model not in fitted:
            x, y = [], []
            for f in TRAINING[model]:
                t, l = emotion_rows(os.path.join(HERE, f)) if model == "emotion-id" else read_labelled(os.path.join(HERE, f))
                x += t
                y += l
            classes = sorted(set(y))
            fitted[model] = (tfidf_lr(10, "uniform").fit([t.lower() for t in x], [classes.index(l) for l in y]), classes)
        clf, classes = fitted[model]
        texts, labels = rows(model, source)
        gold = np.array([classes.index(l) for l in labels])
        pred = clf.predict([t.lower() for t in texts])
        entry = {"dataset": name, "n": len(gold), "tfidf_lr": round(macro_f1(gold, pred, len(classes)), 4)}
        if model == "sentiment-en":
            comp = np.array([vader.polarity_scores(t)["compound"] for t in texts])
            vp = np.where(comp >= 0.05, classes.index("positive"),
                          np.where(comp <= -0.05, classes.index("negative"), classes.index("neutral")))
            entry["vader"] = round(macro_f1(gold, vp, len(classes)), 4)
        out.append(entry)
        print(f"{name}: {entry}", file=sys.stderr)
    with open(REFERENCE, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


def table(figures, reference, public):
    fig = {(r["dataset"], r["method"]): r for r in figures}
    ref = {r["dataset"]: r for r in reference}
    lines = [
        "| set | n | suara: model / lexicon / ensemble | scikit-learn TF-IDF + LR | VADER | floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    seen = []
    for r in figures:
        if r["dataset"] not in seen:
            seen.append(r["dataset"])
    for name in seen:
        if not public and not name.startswith("political-"):
            continue
        methods = [fig.get((name, m)) for m in ("model", "lexicon", "ensemble")]
        if all(methods):
            best = max(m["macro_f1"] for m in methods)
            cells = " / ".join((f"**{m['macro_f1']:.3f}**" if m["macro_f1"] == best else f"{m['macro_f1']:.3f}")
                               for m in methods)
        else:
            cells = f"{fig[(name, 'model')]['macro_f1']:.3f} (model)"
        n = next(m for m in methods if m)["n"]
        rr = ref.get(name, {})
        if rr and rr["n"] != n:
            sys.exit(f"{name}: reference.json scored {rr['n']} texts, figures.json {n}: re-run --measure")
        floor = FLOORS.get(name)
        got = fig[(name, "model")]["macro_f1"]
        floor_cell = "—" if floor is None else f"{floor:.2f} {'✓' if got >= floor else '✗'}"
        tfidf = f"{rr['tfidf_lr']:.3f}" if "tfidf_lr" in rr else "—"
        vader = f"{rr['vader']:.3f}" if "vader" in rr else "—"
        lines.append(f"| {NAMES.get(name, name)} | {n:,} | {cells} | {tfidf} | {vader} | {floor_cell} |")
    return "\n".join(lines)


def render(check):
    with open(FIGURES, encoding="utf-8") as f:
        figures = json.load(f)
    with open(REFERENCE, encoding="utf-8") as f:
        reference = json.load(f)
    public = any(not r["dataset"].startswith("political-") for r in figures)
    block = f"{BEGIN}\n{table(figures, reference, public)}\n{END}"
    stale = []
    for path in (CARD, README):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
        if not pattern.search(text):
            sys.exit(f"{path}: no {BEGIN} … {END} block")
        new = pattern.sub(lambda _: block, text)
        if new != text:
            stale.append(path)
            if not check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
    if check and stale:
        sys.exit("the evaluation table differs from figures.json + reference.json in: " + ", ".join(stale)
                 + " (python3 tools/model_card.py)")


if __name__ == "__main__":
    if sys.argv[1:2] and sys.argv[1] not in ("--measure", "--check"):
        sys.exit(f"unknown argument {sys.argv[1]!r} (see the docstring)")
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../shared/data"))
    else:
        render("--check" in sys.argv)
