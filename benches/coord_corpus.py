#!/usr/bin/env python3
"""Gives the benchmark corpus (make_corpus.py's posts_N.csv, which has no
reposts and only unique t.co links) what the coordination stage works on,
streaming, with the standard library only:

    python3 benches/coord_corpus.py IN.csv OUT.csv TRUTH.json [--seed 7]

Adds three columns, `kind`, `parent_id` and `link`, and changes some rows:

* reposts (20 % of rows): half of them of 2,000 "viral" posts (Zipf-like
  popularity, the most popular reposted tens of thousands of times at
  10 M), each viral post's reposts coming within hours of it (exponential
  delay, mean 2 h; the viral post's own time is moved to its start) --
  the organic bursts and fans that must not count as coordination; the
  other half of a post drawn uniformly (its time unchanged);
* links (10 % of rows, in the `link` column): 50,000 news articles on
  eight domains, Zipf-like popularity, a third with tracking parameters
  (`utm_*`, `fbclid`, `si`) and `www.` / `http://` variants that
  normalise to the same link;
* planted groups: 40 groups of 6-15 new accounts (`koorGG_MM`); each
  group pushes 12 objects of its own (a post to repost or a link), every
  member within 60 s of the group's moment. Their rows replace every
  50th row of the corpus, so the row count stays N.

TRUTH.json lists the planted groups' handles (for recall) and the
corpus's other accounts are background. Same input and seed => same
bytes.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import json
import random
import sys
from datetime import datetime, timezone

T0 = int(datetime(2023, 11, 28, tzinfo=timezone.utc).timestamp())
T1 = int(datetime(2024, 3, 20, 23, 59, 59, tzinfo=timezone.utc).timestamp())
DOMAINS = ["kompas.com", "detik.com", "tempo.co", "cnnindonesia.com", "liputan6.com",
           "tribunnews.com", "kumparan.com", "antaranews.com"]
TRACKING = ["?utm_source=twitter&utm_medium=social", "?fbclid=IwAR0x", "?si=abc123",
            "?utm_campaign=pemilu"]


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def zipf_cdf(n: int, s: float) -> list[float]:
    acc, out = 0.0, []
    for k in range(1, n + 1):
        acc += 1.0 / k ** s
        out.append(acc)
    return [x / acc for x in out]


def article(i: int, rng: random.Random) -> str:
    d = DOMAINS[i % len(DOMAINS)]
    base = f"{d}/read/2024/{i:06d}/berita-pemilu-{i}"
    r = rng.random()
    if r < 0.33:
        return "https://" + base + rng.choice(TRACKING)
    if r < 0.45:
        return "http://www." + base + "/"
    return "https://" + base


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("truth")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    csv.field_size_limit(sys.maxsize)

    # Count rows first (ids are 1..N in the corpus, but do not rely on it).
    with open(a.inp, newline="", encoding="utf-8") as f:
        n = sum(1 for _ in csv.reader(f)) - 1
    rng = random.Random(a.seed)

    viral_ids = rng.sample(range(1, n + 1), 2000)
    viral_time = {v: rng.randint(T0, T1 - 86400) for v in viral_ids}
    viral_cdf = zipf_cdf(len(viral_ids), 1.1)
    link_cdf = zipf_cdf(50_000, 1.0)

    # Planted groups: 40 x (6-15 members) x 12 objects, members within 60 s.
    planted: list[tuple[str, int, str, str, str]] = []  # (author, time, kind, parent, link)
    groups = []
    for g in range(40):
        members = [f"koor{g:02d}_{m:02d}" for m in range(rng.randint(6, 15))]
        groups.append(members)
        repost = g % 2 == 0
        for j in range(12):
            t = rng.randint(T0, T1 - 3600)
            parent = str(rng.randint(1, n)) if repost else ""
            link = "" if repost else f"https://www.suara-bersama-{g:02d}.id/kabar/{j}?utm_source=wa"
            for m in members:
                planted.append((m, t + rng.randint(0, 60), "repost" if repost else "post", parent, link))
    rng.shuffle(planted)
    if len(planted) > n // 50:
        sys.exit(f"corpus too small for {len(planted)} planted rows (need N >= {50 * len(planted)})")

    with open(a.inp, newline="", encoding="utf-8") as f, open(a.out, "w", newline="", encoding="utf-8") as o:
        r = csv.reader(f)
        w = csv.writer(o, lineterminator="\n")
        head = next(r)
        col = {c: i for i, c in enumerate(head)}
        w.writerow(head + ["kind", "parent_id", "link"])
        for i, row in enumerate(r):
            kind, parent, link = "post", "", ""
            pid = int(row[col["post_id"]])
            if pid in viral_time:
                row[col["created_at"]] = iso(viral_time[pid])
            if i % 50 == 7 and planted:
                author, t, kind, parent, link = planted.pop()
                row[col["author_id"]] = author
                row[col["created_at"]] = iso(t)
            else:
                x = rng.random()
                if x < 0.10:
                    v = viral_ids[bisect.bisect_left(viral_cdf, rng.random())]
                    if v != pid:
                        kind, parent = "repost", str(v)
                        t = viral_time[v] + int(rng.expovariate(1 / 7200))
                        row[col["created_at"]] = iso(min(t, T1))
                elif x < 0.20:
                    p = rng.randint(1, n)
                    if p != pid:
                        kind, parent = "repost", str(p)
                if rng.random() < 0.10:
                    link = article(bisect.bisect_left(link_cdf, rng.random()), rng)
            w.writerow(row + [kind, parent, link])
    with open(a.truth, "w", encoding="utf-8") as t:
        json.dump({"groups": groups, "rows": n, "seed": a.seed}, t, indent=1)
    print(f"wrote {a.out}: {n} rows, {sum(len(g) for g in groups)} planted accounts in {len(groups)} groups")


if __name__ == "__main__":
    main()
