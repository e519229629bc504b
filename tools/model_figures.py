#!/usr/bin/env python3
"""Runs `suara eval --json` over the held-out sets and prints the figures of
the built-in models as JSON (datasets/models/figures.json). Standard library
only. Usage: model_figures.py SUARA_BINARY SHARED_DATA_DIR"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

suara, data = sys.argv[1], sys.argv[2]
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
models = os.environ.get("SUARA_MODELS_DIR") or os.path.join(here, "datasets", "models")


def model_id(path):
    out = subprocess.run([suara, "eval", "-q", "--json", "--model", path, "--data",
                          os.path.join(here, "tests/fixtures/sentiment/political-dev-id.tsv")],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["model"]


def run(model, path, method, name, extra=()):
    out = subprocess.run([suara, "eval", "-q", "--json", "--model", model, "--method", method, "--data", path, *extra],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out)
    return {"model": r["model"], "dataset": name, "method": method, "n": r["n"],
            "accuracy": r["accuracy"], "macro_f1": r["macro_f1"]}


figs = []
sid, sen, emo = (os.path.join(models, f) for f in ("sentiment-id.model", "sentiment-en.model", "emotion-id.model"))
dev = os.path.join(here, "tests/fixtures/sentiment")
for method in ("model", "lexicon", "ensemble"):
    figs.append(run(sid, f"{dev}/political-dev-id.tsv", method, "political-dev-id"))
    figs.append(run(sen, f"{dev}/political-dev-en.tsv", method, "political-dev-en"))
if os.path.isdir(data):
    smsa = os.path.join(data, "indonlu-smsa/dataset/smsa_doc-sentiment-prosa/valid_preprocess.tsv")
    figs.append(run(sid, smsa, "model", "smsa-valid"))
    # NusaX-id test without the texts that also occur in SmSA train.
    key = lambda t: re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()
    with open(os.path.join(data, "indonlu-smsa/dataset/smsa_doc-sentiment-prosa/train_preprocess.tsv"), encoding="utf-8") as f:
        seen = {key(l.rsplit("\t", 1)[0]) for l in f}
    with open(os.path.join(data, "nusax-senti/datasets/sentiment/indonesian/test.csv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if key(r["text"]) not in seen]
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as t:
        t.write("text\tlabel\n")
        for r in rows:
            t.write(re.sub(r"[\t\r\n]+", " ", r["text"]) + "\t" + r["label"] + "\n")
    figs.append(run(sid, t.name, "model", "nusax-id-test-no-smsa"))
    os.unlink(t.name)
    figs.append(run(sen, os.path.join(data, "nusax-senti/datasets/sentiment/english/test.csv"), "model", "nusax-en-test"))
    figs.append(run(emo, os.path.join(data, "indonlu-emot/dataset/emot_emotion-twitter/valid_preprocess.csv"),
                    "model", "emot-valid"))
print(json.dumps(figs, indent=1))
