#!/usr/bin/env python3
"""The yardstick for the coordination stage's speed: the approach of the
QUT coordination network toolkit (Python + SQLite), on the same CSV that
benches/coord_corpus.py writes, standard library only.

    python3 benches/coord_reference.py posts_N_coord.csv WINDOW_S [DB]

As the toolkit does: every post that reposts or shares a link becomes a
row (user, object, time) in an SQLite table with an index on (object,
time); the co-repost and co-link networks are one self-join each --
same object, the other user's time within WINDOW_S seconds, another user
-- grouped by pair, kept with 3 distinct objects or more (suara's
min_objects). Links are normalised as suara does (scheme, `www.`,
trailing slash, tracking parameters). No weighing against the crowd
(the toolkit has none). Prints the seconds of each step and the edges;
peak RSS comes from /usr/bin/time around it.
"""
from __future__ import annotations

import csv
import os
import sqlite3
import sys
import time
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

TRACKING = ("utm_", "fbclid", "gclid", "igshid", "si")


def norm_link(u: str) -> str:
    u = u.strip()
    for p in ("https://", "http://"):
        if u.lower().startswith(p):
            u = u[len(p):]
    if u.lower().startswith("www."):
        u = u[4:]
    path, _, query = u.partition("?")
    query = query.split("#")[0]
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
            if not (k.startswith("utm_") or k in TRACKING)]
    path = path.split("#")[0].rstrip("/")
    host, _, rest = path.partition("/")
    out = host.lower() + ("/" + rest if rest else "")
    return out + ("?" + urlencode(kept) if kept else "")


def main() -> None:
    src, window = sys.argv[1], int(sys.argv[2])
    db = sys.argv[3] if len(sys.argv) > 3 else "/tmp/coord_reference.sqlite"
    if os.path.exists(db):
        os.remove(db)
    csv.field_size_limit(sys.maxsize)
    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("create table message (user text, kind text, object text, ts integer)")
    rows = []

    def flush():
        con.executemany("insert into message values (?, ?, ?, ?)", rows)
        rows.clear()

    with open(src, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        for rec in r:
            ts = int(datetime.strptime(rec["created_at"], "%Y-%m-%dT%H:%M:%SZ").timestamp())
            if rec["kind"] == "repost" and rec["parent_id"]:
                rows.append((rec["author_id"], "repost", rec["parent_id"], ts))
            if rec["link"]:
                rows.append((rec["author_id"], "link", norm_link(rec["link"]), ts))
            if len(rows) >= 100_000:
                flush()
    flush()
    con.commit()
    t1 = time.perf_counter()
    con.execute("create index message_object_ts on message (kind, object, ts)")
    t2 = time.perf_counter()
    n = con.execute("select count(*) from message").fetchone()[0]
    con.execute("""
        create table edge as
        select m1.kind as kind, m1.user as user_a, m2.user as user_b,
               count(distinct m1.object) as objects
        from message m1 join message m2
          on m2.kind = m1.kind and m2.object = m1.object
         and m2.ts between m1.ts - ? and m1.ts + ?
         and m1.user < m2.user
        group by m1.kind, m1.user, m2.user
        having count(distinct m1.object) >= 3
    """, (window, window))
    con.commit()
    t3 = time.perf_counter()
    edges = con.execute("select count(*) from edge").fetchone()[0]
    accounts = con.execute(
        "select count(*) from (select user_a from edge union select user_b from edge)").fetchone()[0]
    print(f"reference (SQLite self-join, window {window} s): {n} acts; load {t1 - t0:.1f} s, "
          f"index {t2 - t1:.1f} s, networks {t3 - t2:.1f} s, total {t3 - t0:.1f} s; "
          f"{edges} edges over {accounts} accounts")
    con.close()
    os.remove(db)


if __name__ == "__main__":
    main()
