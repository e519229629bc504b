#!/usr/bin/env python3
"""scikit-learn TF-IDF + LogisticRegression references for suara's model card,
with the Python reference pipeline's settings (word 1-2 + char_wb 2-5 grams,
min_df 2, sublinear tf, C=10; lower-cased text):

    python3 tools/reference_lr.py ../shared/data      # needs scikit-learn

Prints macro-F1 on: EmoT valid (trained on EmoT train), SmSA valid (trained
on SmSA train), the political development set (tests/fixtures/sentiment,
trained on suara's datasets/training files).
"""
import csv
import os
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import FeatureUnion, Pipeline

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def model():
    feats = FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                 token_pattern=r"(?u)\b\w+\b")),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
    ])
    return Pipeline([("f", feats), ("clf", LogisticRegression(C=10, max_iter=3000))])


def rows_csv(path, text, label):
    with open(path, encoding="utf-8") as f:
        r = list(csv.DictReader(f, delimiter="\t" if path.endswith(".tsv") else ","))
    return [x[text].lower() for x in r], [x[label] for x in r]


def rows_tsv(path):
    with open(path, encoding="utf-8") as f:
        pairs = [l.rstrip("\n").rsplit("\t", 1) for l in f if "\t" in l]
    return [p[0].lower() for p in pairs], [p[1] for p in pairs]


def score(name, train, test):
    m = model().fit(*train)
    pred = m.predict(test[0])
    print(f"{name}: macro-F1 {f1_score(test[1], pred, average='macro'):.4f} (n={len(test[1])})")


emot = os.path.join(data, "indonlu-emot/dataset/emot_emotion-twitter")
score("EmoT valid (TF-IDF+LR on EmoT train)", rows_csv(f"{emot}/train_preprocess.csv", "tweet", "label"),
      rows_csv(f"{emot}/valid_preprocess.csv", "tweet", "label"))
smsa = os.path.join(data, "indonlu-smsa/dataset/smsa_doc-sentiment-prosa")
score("SmSA valid (TF-IDF+LR on SmSA train)", rows_tsv(f"{smsa}/train_preprocess.tsv"), rows_tsv(f"{smsa}/valid_preprocess.tsv"))
tr_id = rows_csv(os.path.join(here, "datasets/training/sentiment-id.tsv"), "text", "label")
tr_en = rows_csv(os.path.join(here, "datasets/training/sentiment-en.tsv"), "text", "label")
dev = os.path.join(here, "tests/fixtures/sentiment")
score("political-dev id (TF-IDF+LR on sentiment-id.tsv)", tr_id, rows_csv(f"{dev}/political-dev-id.tsv", "text", "label"))
score("political-dev en (TF-IDF+LR on sentiment-en.tsv)", tr_en, rows_csv(f"{dev}/political-dev-en.tsv", "text", "label"))
