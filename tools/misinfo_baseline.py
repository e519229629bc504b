#!/usr/bin/env python3
"""The TF-IDF cosine baseline for suara's claim matching and copy-paste
clusters, on the same seeded test set (tests/fixtures/misinfo/).

    /tmp/suara-venv/bin/python tools/misinfo_baseline.py     # needs scikit-learn

Claims: scikit-learn's TfidfVectorizer (lower-case, word unigrams and
bigrams, sublinear tf) fitted on the split's claims and posts; each post's
best claim by cosine; a match when the cosine reaches the threshold. The
threshold is chosen on the dev split (the best F1 among 0.05 steps) and
applied unchanged to the held-out split, as suara's are.

Copies: the same vectoriser over the posts (reposts and posts under 8
whitespace words left out, as suara's rule does); pairs of posts with cosine
at or above the threshold linked, clusters as connected groups; pairwise
precision and recall; threshold chosen on dev likewise.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

FIX = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "misinfo"


def rows(name):
    with open(FIX / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def claims_scores(split):
    claims = rows(f"claims-{split}.csv")
    posts = rows(f"posts-{split}.csv")
    v = TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True)
    v.fit([c["claim"] for c in claims] + [p["text"] for p in posts])
    C = v.transform([c["claim"] for c in claims])
    P = v.transform([p["text"] for p in posts])
    sim = (P @ C.T).toarray()
    best = sim.argmax(axis=1)
    score = sim.max(axis=1)
    pred = [claims[b]["id"] for b in best]
    truth = [p["truth_claim"] for p in posts]
    return pred, score, truth


def pr_claims(pred, score, truth, t):
    got = [(p, tr) for p, s, tr in zip(pred, score, truth) if s >= t]
    right = sum(1 for p, tr in got if p == tr)
    positives = sum(1 for tr in truth if tr)
    return right / max(1, len(got)), right / positives


def f1(p, r):
    return 0 if p + r == 0 else 2 * p * r / (p + r)


def copies_graph(split):
    posts = rows(f"copies-{split}.csv")
    keep = [p for p in posts if p["kind"] != "repost" and not p["text"].startswith("RT @")
            and len(p["text"].split()) >= 8]
    v = TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True)
    X = v.fit_transform([p["text"] for p in keep])
    sim = (X @ X.T).toarray()
    return posts, keep, sim


def pr_copies(posts, keep, sim, t):
    n = len(keep)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ii, jj = np.nonzero(np.triu(sim >= t, 1))
    for i, j in zip(ii, jj):
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    comp = {}
    for i in range(n):
        comp.setdefault(find(i), []).append(keep[i]["post_id"])
    got = set()
    for members in comp.values():
        if len(members) < 2:
            continue
        members.sort()
        got |= {(members[a], members[b]) for b in range(len(members)) for a in range(b)}
    by = {}
    for p in posts:
        if p["truth_cluster"]:
            by.setdefault(p["truth_cluster"], []).append(p["post_id"])
    truth = set()
    for members in by.values():
        members.sort()
        truth |= {(members[a], members[b]) for b in range(len(members)) for a in range(b)}
    both = len(truth & got)
    return both / max(1, len(got)), both / max(1, len(truth))


def main():
    steps = [round(0.05 * k, 2) for k in range(2, 20)]
    dev = claims_scores("dev")
    best = max(steps, key=lambda t: (f1(*pr_claims(*dev, t)), -t))
    print(f"TF-IDF cosine, claims: threshold {best} (best F1 on dev)")
    for split in ["dev", "heldout"]:
        p, r = pr_claims(*claims_scores(split), best)
        print(f"  {split}: precision {p:.3f} recall {r:.3f}")
    # The reference point: the threshold at which dev precision is
    # about 0.98, and the recall that leaves.
    t98 = min((t for t in steps if pr_claims(*dev, t)[0] >= 0.98), default=None)
    if t98 is not None:
        print(f"  at precision >= 0.98 on dev (threshold {t98}):")
        for split in ["dev", "heldout"]:
            p, r = pr_claims(*claims_scores(split), t98)
            print(f"    {split}: precision {p:.3f} recall {r:.3f}")
    devc = copies_graph("dev")
    bestc = max(steps, key=lambda t: (f1(*pr_copies(*devc, t)), -t))
    print(f"TF-IDF cosine, copies: threshold {bestc} (best F1 on dev)")
    for split in ["dev", "heldout"]:
        p, r = pr_copies(*copies_graph(split), bestc)
        print(f"  {split}: pairwise precision {p:.3f} recall {r:.3f}")


if __name__ == "__main__":
    main()
