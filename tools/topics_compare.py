#!/usr/bin/env python3
"""suara's topics beside gensim's LdaModel on the same posts, both scored the
standard way.

    python3 tools/topics_compare.py INPUT... [--k 20|auto] [--keep-unmatched]
    python3 tools/topics_compare.py --score REPORT_DIR       # recompute a run's figures only

Runs `suara run` on INPUT (a temporary config: the given K, the report off),
reads the posts it wrote (`tables/posts.csv`) and its topics
(`tables/topics.csv`), fits gensim's LdaModel with the same K on the same
posts, and prints for both the standard coherence and diversity:

- **NPMI** of each topic's 10 top terms by document co-occurrence over the
  posts of posts.csv: P(t) is the share of posts in which term t occurs,
  NPMI(a, b) = ln(P(a,b) / (P(a) P(b))) / -ln P(a,b), -1 for a pair that
  never occurs together (1 for a pair in every post); a topic's NPMI is the
  mean over its 45 pairs, the model's the mean over topics.
- **Posts are tokenised the plain way**: lower-cased, split into runs of
  letters and digits (anything else, `_` included, separates words). A term
  of one word occurs where that word does; a term of several words where all
  of its words occur, or where they occur joined as one hashtag
  (`pemilu curang` in a post saying `#PemiluCurang`).
- **Diversity**: distinct terms among all topics' top 10, over 10 K.

It also checks that the NPMI suara wrote in topics.csv is this figure,
topic by topic (the largest difference is printed).

gensim gets the same posts tokenised the same plain way, with links and
@handles removed, words of fewer than three letters, numbers and the
stopwords suara uses (stopwords-iso Indonesian and English function words)
dropped, and `filter_extremes(no_below=5, no_above=0.5)`; LdaModel with
--passes (default 10) and random_state --seed.

Needs gensim and numpy (`pip install gensim`). `--suara` names the binary
(default: target/release/suara, or $CARGO_TARGET_DIR/release/suara).
"""
import argparse
import csv
import itertools
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

csv.field_size_limit(1 << 30)

WORD = re.compile(r"[^\W_]+")
HASHTAG = re.compile(r"#([^\W_]+)")


def plain(text):
    """The plain tokenisation: (words, hashtags), each a set of lower-cased
    runs of letters and digits."""
    t = text.lower()
    return set(WORD.findall(t)), set(HASHTAG.findall(t))


def occurs(term, words, tags):
    parts = term.split()
    if len(parts) == 1:
        return parts[0] in words
    return all(p in words for p in parts) or "".join(parts) in tags


def npmi_topics(topics, docs):
    """Per topic, mean NPMI over pairs of its terms; docs are plain() pairs."""
    n = len(docs)
    terms = {t for topic in topics for t in topic}
    posting = {t: set() for t in terms}
    for i, (words, tags) in enumerate(docs):
        for t in terms:
            if occurs(t, words, tags):
                posting[t].add(i)
    out = []
    for topic in topics:
        vals = []
        for a, b in itertools.combinations(topic, 2):
            pa, pb = len(posting[a]) / n, len(posting[b]) / n
            pab = len(posting[a] & posting[b]) / n
            if pab == 0:
                vals.append(-1.0)
            elif pab >= 1:
                vals.append(1.0)
            else:
                vals.append(math.log(pab / (pa * pb)) / -math.log(pab))
        out.append(sum(vals) / len(vals) if vals else 0.0)
    return out


def diversity(topics):
    words = [w for t in topics for w in t]
    return len(set(words)) / len(words) if words else 0.0


def read_report(report):
    with open(report / "tables" / "posts.csv", encoding="utf-8", newline="") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    with open(report / "tables" / "topics.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    topics = [[t.strip() for t in r["top_terms"].split(";") if t.strip()] for r in rows]
    written = [float(r["npmi"]) for r in rows]
    return texts, topics, written


def stopwords(repo):
    words = set((repo / "datasets/lexicons/stopwords-id.txt").read_text(encoding="utf-8").split())
    # The English function words of src/topics/vocab.rs.
    src = (repo / "src/topics/vocab.rs").read_text(encoding="utf-8")
    m = re.search(r'const STOPWORDS_EN: &str = "(.*?)";', src, re.S)
    if m:
        words |= set(m.group(1).replace("\\\n", " ").split())
    return words


def gensim_topics(texts, k, passes, seed, stop):
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    url = re.compile(r"https?://\S+|www\.\S+|@\w+")
    docs = []
    for t in texts:
        words = WORD.findall(url.sub(" ", t.lower()))
        docs.append([w for w in words if len(w) >= 3 and not w.isdigit() and w not in stop])
    dictionary = Dictionary(docs)
    dictionary.filter_extremes(no_below=5, no_above=0.5, keep_n=100000)
    bow = [dictionary.doc2bow(d) for d in docs]
    started = time.perf_counter()
    lda = LdaModel(bow, id2word=dictionary, num_topics=k, passes=passes, random_state=seed)
    secs = time.perf_counter() - started
    return [[dictionary[i] for i, _ in lda.get_topic_terms(j, 10)] for j in range(k)], secs


def suara_binary(given):
    if given:
        return given
    target = os.environ.get("CARGO_TARGET_DIR", str(Path(__file__).resolve().parent.parent / "target"))
    return str(Path(target) / "release" / "suara")


def run_suara(binary, inputs, k, keep_unmatched, watchlists, out):
    cfg = out.parent / "compare.toml"
    paths = ", ".join(f'"{Path(p).resolve()}"' for p in inputs)
    use = ", ".join(f'"{w}"' for w in watchlists)
    k_value = '"auto"' if k == "auto" else k
    cfg.write_text(
        f"[input]\npaths = [{paths}]\n[watchlist]\nuse = [{use}]\nkeep_unmatched = {str(keep_unmatched).lower()}\n"
        f"[topics]\nk = {k_value}\n[report]\nenabled = false\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    p = subprocess.run([binary, "--quiet", "run", "--config", str(cfg), "--full", "--out", str(out)])
    if p.returncode not in (0, 1):
        sys.exit(f"suara run failed with exit {p.returncode}")
    return time.perf_counter() - started


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", type=Path)
    ap.add_argument("--score", type=Path, help="a report folder: recompute its figures, fit no gensim")
    ap.add_argument("--k", default="auto")
    ap.add_argument("--keep-unmatched", action="store_true", help="topics over every post, not only those naming a target")
    ap.add_argument("--watchlist", action="append", default=None)
    ap.add_argument("--passes", type=int, default=10)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--suara")
    ap.add_argument("--no-gensim", action="store_true")
    a = ap.parse_args()
    repo = Path(__file__).resolve().parent.parent
    suara_secs = None
    if a.score:
        report = a.score
    else:
        if not a.inputs:
            ap.error("give INPUT files or folders, or --score REPORT_DIR")
        tmp = Path(tempfile.mkdtemp(prefix="suara-topics-compare-"))
        report = tmp / "out"
        suara_secs = run_suara(suara_binary(a.suara), a.inputs, a.k, a.keep_unmatched, a.watchlist or ["pemilu-2024"], report)
    texts, topics, written = read_report(report)
    docs = [plain(t) for t in texts]
    ours = npmi_topics(topics, docs)
    k = len(topics)
    print(f"{len(texts)} posts, K = {k}" + (f" (suara run {suara_secs:.1f} s)" if suara_secs else ""))
    if written:
        gap = max(abs(x - y) for x, y in zip(ours, written))
        print(f"suara's written NPMI vs this computation: largest difference {gap:.5f} over {k} topics")
    print("| model | NPMI (standard, top 10) | diversity | fit seconds |")
    print("|---|---:|---:|---:|")
    mean = sum(ours) / k if k else 0.0
    print(f"| suara | {mean:.3f} | {diversity(topics):.3f} | (whole run above) |")
    if not a.no_gensim and k > 0:
        g, secs = gensim_topics(texts, k, a.passes, a.seed, stopwords(repo))
        gn = npmi_topics(g, docs)
        print(f"| gensim LdaModel, {a.passes} passes | {sum(gn) / k:.3f} | {diversity(g):.3f} | {secs:.1f} |")
        if os.environ.get("SHOW_TOPICS"):
            for t in g:
                print("  gensim:", " ".join(t))
    if os.environ.get("SHOW_TOPICS"):
        for t, x in zip(topics, ours):
            print(f"  suara {x:+.3f}:", " · ".join(t))


if __name__ == "__main__":
    main()
