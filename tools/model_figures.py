#!/usr/bin/env python3
"""Runs `suara eval --json` over the political development and test sets and
the public held-out sets, and prints the figures of the built-in models as
JSON (datasets/models/figures.json). Standard library only.

    python3 tools/model_figures.py SUARA_BINARY SHARED_DATA_DIR

The figures are those of the models built into SUARA_BINARY (a model file
is only read for its id), so build it from the committed models first.
`evaluation_sets` is the one list of those sets; tools/model_card.py scores
the scikit-learn and VADER references on the same list.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
POLITICAL = os.path.join(HERE, "tests/fixtures/sentiment")


def key(text):
    """build.py's normalisation: lower-cased, every other run of characters one space."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def nusax_id_without_smsa(data):
    """NusaX-id test as (text, label) rows, without the texts that also occur in SmSA train."""
    with open(os.path.join(data, "indonlu-smsa/dataset/smsa_doc-sentiment-prosa/train_preprocess.tsv"),
              encoding="utf-8") as f:
        seen = {key(l.rsplit("\t", 1)[0]) for l in f}
    with open(os.path.join(data, "nusax-senti/datasets/sentiment/indonesian/test.csv"), encoding="utf-8") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f) if key(r["text"]) not in seen]


def evaluation_sets(data):
    """(dataset name, model name, methods, path or list of rows), in figures.json's order.
    The development set chose the runtime method (`auto` reads its figures); the
    test set is reported beside it and nothing is chosen on it."""
    methods = ("model", "lexicon", "ensemble")
    sets = []
    for split in ("dev", "test"):
        for method in methods:
            for lang in ("id", "en"):
                sets.append((f"political-{split}-{lang}", f"sentiment-{lang}", (method,),
                             os.path.join(POLITICAL, f"political-{split}-{lang}.tsv")))
    if os.path.isdir(data):
        sets += [
            ("smsa-valid", "sentiment-id", ("model",),
             os.path.join(data, "indonlu-smsa/dataset/smsa_doc-sentiment-prosa/valid_preprocess.tsv")),
            ("nusax-id-test-no-smsa", "sentiment-id", ("model",), nusax_id_without_smsa(data)),
            ("nusax-en-test", "sentiment-en", ("model",),
             os.path.join(data, "nusax-senti/datasets/sentiment/english/test.csv")),
            ("emot-valid", "emotion-id", ("model",),
             os.path.join(data, "indonlu-emot/dataset/emot_emotion-twitter/valid_preprocess.csv")),
        ]
    return sets


def model_id(suara, model):
    """The id (name@hash) of a model file, as `suara eval --model` reports it."""
    out = subprocess.run([suara, "eval", "-q", "--json", "--model", model, "--data",
                          os.path.join(POLITICAL, "political-dev-id.tsv")],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["model"]


def run(suara, model, path, method, name):
    """The built-in models on a labelled file, each post scored by the model
    of its language as a run scores it (a set in one language can hold a few
    posts identified as the other)."""
    out = subprocess.run([suara, "eval", "-q", "--json", "--method", method, "--data", path],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out)
    # The binary must embed the committed models (a stale build would
    # measure other models under these ids): its sentiment models are named
    # in `methods`.
    if model.startswith("sentiment-") and not any(model in m for m in r["methods"]):
        sys.exit(f"{suara} does not embed {model} (it uses {r['methods']}): rebuild it first")
    return {"model": model, "dataset": name, "method": method, "n": r["n"],
            "accuracy": r["accuracy"], "macro_f1": r["macro_f1"]}


def main():
    suara, data = sys.argv[1], sys.argv[2]
    models = os.path.join(HERE, "datasets", "models")
    ids = {}
    figs = []
    for name, model, methods, source in evaluation_sets(data):
        path = source
        if not isinstance(source, str):
            with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as t:
                t.write("text\tlabel\n")
                for text, label in source:
                    t.write(re.sub(r"[\t\r\n]+", " ", text) + "\t" + label + "\n")
            path = t.name
        for method in methods:
            if model not in ids:
                ids[model] = model_id(suara, os.path.join(models, model + ".model"))
            figs.append(run(suara, ids[model], path, method, name))
        if path is not source:
            os.unlink(path)
    print(json.dumps(figs, indent=1))


if __name__ == "__main__":
    main()
