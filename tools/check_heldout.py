#!/usr/bin/env python3
"""Checks that the held-out political sentiment test set is held out
(run from the repository root):

    python3 tools/check_heldout.py

Loads tests/fixtures/sentiment/political-test.tsv and fails (exit 1) if any of
its texts also occurs, after the normalisation of datasets/training/build.py
(lower-cased, every run of characters other than a-z and 0-9 made one space),
in a training file (datasets/training/*.tsv), in the development set
(tests/fixtures/sentiment/political-dev*.tsv) or twice in the test set itself.
It also fails if build.py no longer excludes the test set from training, if a
row is malformed, or if the per-language files political-test-id.tsv and
political-test-en.tsv are not exactly the test set's text and label columns.
Texts that differ only in links, @handles or numbers are reported as warnings
(templated buzzer and police posts), not failures. Prints counts per language
and label, and per source.
"""
import collections
import glob
import importlib.util
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures", "sentiment")
TEST = os.path.join(FIX, "political-test.tsv")
LABELS = ("positive", "neutral", "negative")


def load_build():
    path = os.path.join(ROOT, "datasets", "training", "build.py")
    spec = importlib.util.spec_from_file_location("training_build", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # defines key(), HELD_OUT; main() is not run
    return mod


def read_tsv(path):
    """Header and rows of a tab-separated file without quoting."""
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    if "\r" in data:
        raise ValueError(f"{path}: CR line endings")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    if header == ["text", "label"]:
        # training layout: texts hold no tabs, but split as build.py does
        return header, [l.rsplit("\t", 1) for l in lines[1:] if "\t" in l]
    return header, [l.split("\t") for l in lines[1:]]


def texts(path):
    header, rows = read_tsv(path)
    ti = header.index("text")
    return [r[ti] for r in rows]


def loose(t):
    t = re.sub(r"https?://\S+|@\w+|\[(USERNAME|URL)\]|\d+", " ", t.lower())
    return re.sub(r"[^a-z]+", " ", t).strip()


def main():
    build = load_build()
    key = build.key
    errors = []

    header, rows = read_tsv(TEST)
    want = ["id", "source", "lang", "label", "text", "notes"]
    if header != want:
        errors.append(f"political-test.tsv: header {header}, want {want}")
    counts = collections.Counter()
    by_source = collections.Counter()
    per_lang = {"id": [["text", "label"]], "en": [["text", "label"]]}
    seen = {}
    seen_loose = {}
    n = {"id": 0, "en": 0}
    for line, r in enumerate(rows, 2):
        where = f"political-test.tsv:{line}"
        if len(r) != 6:
            errors.append(f"{where}: {len(r)} columns, want 6")
            continue
        i, src, lang, label, text, _notes = r
        if lang not in n:
            errors.append(f"{where}: lang {lang!r}")
            continue
        n[lang] += 1
        if i != f"t-{lang}-{n[lang]:03d}":
            errors.append(f"{where}: id {i!r}, want t-{lang}-{n[lang]:03d}")
        if label not in LABELS:
            errors.append(f"{where}: label {label!r}")
        if not src or ":" not in src:
            errors.append(f"{where}: source {src!r}")
        k = key(text)
        if not k:
            errors.append(f"{where}: text is empty after normalisation")
        elif k in seen:
            errors.append(f"{where}: {i} repeats {seen[k]} (same text after normalisation)")
        else:
            seen[k] = i
        lk = loose(text)
        if lk and lk in seen_loose and seen_loose[lk] != seen.get(k):
            print(f"warning: {i} and {seen_loose[lk]} differ only in links, handles or numbers")
        seen_loose.setdefault(lk, i)
        counts[(lang, label)] += 1
        by_source[(src.split(":")[0] + (":" + src.split(":")[1] if src.startswith("twarc:") else ""), label)] += 1
        per_lang[lang].append([text, label])

    for lang in ("id", "en"):
        path = os.path.join(FIX, f"political-test-{lang}.tsv")
        try:
            h, got = read_tsv(path)
            if [h] + got != per_lang[lang]:
                errors.append(f"political-test-{lang}.tsv is not the {lang} rows' text and label of political-test.tsv")
        except OSError as e:
            errors.append(f"political-test-{lang}.tsv: {e}")

    if not any(os.path.normpath(os.path.join(ROOT, "datasets", "training", rel)) == os.path.normpath(TEST)
               for rel in build.HELD_OUT):
        errors.append("datasets/training/build.py: HELD_OUT does not list political-test.tsv")

    others = sorted(glob.glob(os.path.join(ROOT, "datasets", "training", "*.tsv")))
    others += sorted(glob.glob(os.path.join(FIX, "political-dev*.tsv")))
    if not others:
        errors.append("no training or development files found")
    for path in others:
        rel = os.path.relpath(path, ROOT)
        hits = 0
        for t in texts(path):
            k = key(t)
            if k in seen:
                hits += 1
                if hits <= 5:
                    errors.append(f"{rel}: {seen[k]} also occurs here: {t[:80]!r}")
            elif loose(t) in seen_loose and loose(t):
                print(f"warning: {seen_loose[loose(t)]} differs from a text of {rel} only in links, handles or numbers")
        if hits > 5:
            errors.append(f"{rel}: {hits} overlapping texts in all")
        print(f"checked against {rel}: {hits} overlapping")

    print()
    print("| lang | positive | neutral | negative | total |")
    print("|---|---:|---:|---:|---:|")
    for lang in ("id", "en"):
        c = [counts[(lang, l)] for l in LABELS]
        print(f"| {lang} | {c[0]} | {c[1]} | {c[2]} | {sum(c)} |")
    c = [sum(counts[(lang, l)] for lang in ("id", "en")) for l in LABELS]
    print(f"| all | {c[0]} | {c[1]} | {c[2]} | {sum(c)} |")
    print()
    print("| source | positive | neutral | negative |")
    print("|---|---:|---:|---:|")
    for s in sorted({s for s, _ in by_source}):
        print(f"| `{s}` | " + " | ".join(str(by_source[(s, l)]) for l in LABELS) + " |")

    if errors:
        print(file=sys.stderr)
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        print(f"FAILED: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    print("\nOK: no test text occurs in training, in the development set or twice in the test set")
    return 0


if __name__ == "__main__":
    sys.exit(main())
