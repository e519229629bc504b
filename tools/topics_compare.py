#!/usr/bin/env python3
"""suara's topics beside gensim's LdaModel on the same tokenised corpus.

    SUARA_TOPICS_DUMP=/tmp/topics cargo bench --bench topics
    python3 tools/topics_compare.py /tmp/topics [--passes 10]

Reads DIR/corpus.txt (one post per line, as suara tokenised it: stopwords,
target names and filler removed, stems, bigrams joined by `_`) and
DIR/suara_topics.txt (suara's top-10 terms per topic), fits gensim LdaModel
with the same K on the same posts, and prints NPMI (top-10 terms, boolean
document co-occurrence, -1 for pairs never seen together; the definition in
src/topics/coherence.rs) and topic diversity for both, and gensim's time.
Needs gensim and numpy (the Python reference venv has them).
"""
import argparse
import itertools
import math
import time
from pathlib import Path


def npmi(topics, doc_sets):
    n = len(doc_sets)
    words = {w for t in topics for w in t}
    posting = {w: set() for w in words}
    for i, s in enumerate(doc_sets):
        for w in s & words:
            posting[w].add(i)
    out = []
    for t in topics:
        vals = []
        for a, b in itertools.combinations(t, 2):
            pa, pb = len(posting[a]) / n, len(posting[b]) / n
            pab = len(posting[a] & posting[b]) / n
            if pab == 0:
                vals.append(-1.0)
            elif pab >= 1:
                vals.append(1.0)
            else:
                vals.append(math.log(pab / (pa * pb)) / -math.log(pab))
        out.append(sum(vals) / len(vals) if vals else 0.0)
    return sum(out) / len(out)


def diversity(topics):
    words = [w for t in topics for w in t]
    return len(set(words)) / len(words)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--passes", type=int, default=10)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    docs = [line.split() for line in (a.dir / "corpus.txt").read_text(encoding="utf-8").splitlines()]
    docs = [d for d in docs if d]
    suara = [line.split() for line in (a.dir / "suara_topics.txt").read_text(encoding="utf-8").splitlines()]
    k = len(suara)
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    dictionary = Dictionary(docs)
    bow = [dictionary.doc2bow(d) for d in docs]
    t = time.perf_counter()
    lda = LdaModel(bow, id2word=dictionary, num_topics=k, passes=a.passes, random_state=a.seed)
    secs = time.perf_counter() - t
    gensim = [[dictionary[i] for i, _ in lda.get_topic_terms(j, 10)] for j in range(k)]
    sets = [set(d) for d in docs]
    print(f"{len(docs)} posts with terms, vocabulary {len(dictionary)}, K = {k}")
    print("| model | NPMI (top 10) | diversity | fit seconds |")
    print("|---|---:|---:|---:|")
    print(f"| suara (spherical k-means, c-TF-IDF) | {npmi(suara, sets):.3f} | {diversity(suara):.3f} | see the bench |")
    print(f"| gensim LdaModel, {a.passes} passes | {npmi(gensim, sets):.3f} | {diversity(gensim):.3f} | {secs:.1f} |")


if __name__ == "__main__":
    main()
