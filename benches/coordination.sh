#!/usr/bin/env bash
# What coordination costs at scale: two cold `suara run --full` over the
# same N-post corpus, with `[coordination] enabled = false` and with the
# defaults, under /usr/bin/time -v; then the SQLite self-join the QUT
# coordination network toolkit uses, on the same CSV and window.
#
#     bash benches/coordination.sh [N]          (default 10000000)
#
# The corpus is the Python reference's seeded posts_N.csv (make_corpus.py,
# built into $WORK unless present), given reposts, shared links, viral
# bursts and 40 planted groups by benches/coord_corpus.py
# (posts_N_coord.csv, truth_N.json). Prints per run: wall seconds,
# posts/s, peak RSS, the coordination stage's seconds; the added time;
# planted recall and the share of other accounts flagged; the reference's
# seconds and peak RSS beside (REFERENCE=0 skips it). Env: WORK (default
# /tmp/suara-pyref), SUARA_PYREF, CARGO_TARGET_DIR, PY (a Python with
# numpy and pandas for make_corpus.py).
set -euo pipefail
N=${1:-10000000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REF=${SUARA_PYREF:-$ROOT/../shared/bench/python-reference}
WORK=${WORK:-/tmp/suara-pyref}
mkdir -p "$WORK"

CSV=$WORK/posts_$N.csv
COORD=$WORK/posts_${N}_coord.csv
if [ ! -f "$CSV" ] && [ ! -f "$COORD" ]; then
  echo "== corpus: make_corpus.py --n $N --seed 42"
  PY=${PY:-$WORK/venv/bin/python}
  if [ ! -x "$PY" ]; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q -r "$REF/requirements.txt"
  fi
  "$PY" "$REF/make_corpus.py" --n "$N" --seed 42 --out "$WORK" --no-parquet
fi
if [ ! -f "$COORD" ]; then
  echo "== corpus: reposts, links, viral bursts and planted groups"
  python3 "$ROOT/benches/coord_corpus.py" "$CSV" "$COORD.tmp" "$WORK/truth_$N.json"
  mv "$COORD.tmp" "$COORD"
fi

echo "== suara: release build"
(cd "$ROOT" && cargo build --release --locked -q)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/suara

run() { # NAME EXTRA_TOML
  local out=$WORK/coord_${1}_$N code=0
  rm -rf "$out" "$out.toml" "$(dirname "$out")/.$(basename "$out").state"
  printf '[input]\npaths = ["%s"]\n[privacy]\nsalt = "coordination-bench"\n%b' "$COORD" "$2" > "$out.toml"
  echo "== suara run --full, coordination $1"
  uptime
  /usr/bin/time -v "$BIN" --quiet run --full --config "$out.toml" --out "$out" 2> "$out.time_v.txt" || code=$?
  if [ "$code" != 0 ] && [ "$code" != 1 ]; then
    tail -n 30 "$out.time_v.txt" >&2
    exit "$code"
  fi
}
run off '[coordination]\nenabled = false\n'
run on ''

REF_OUT=$WORK/coord_reference_$N.txt
if [ "${REFERENCE:-1}" = 1 ]; then
  WINDOW=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['coordination']['window']['seconds'])" "$WORK/coord_on_$N/manifest.json")
  echo "== reference: SQLite self-join (QUT toolkit's approach), window $WINDOW s"
  /usr/bin/time -v python3 "$ROOT/benches/coord_reference.py" "$COORD" "$WINDOW" "$WORK/coord_reference.sqlite" > "$REF_OUT" 2> "$REF_OUT.time_v.txt" || echo "(reference failed: see $REF_OUT.time_v.txt)"
fi

python3 - "$WORK" "$N" "$REF_OUT" <<'EOF'
import csv, hashlib, json, os, re, sys
work, n, ref_out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def time_v(path):
    t = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    secs = 0.0
    if wall:
        for part in wall.group(1).split(":"):
            secs = secs * 60 + float(part)
    return secs, (int(rss.group(1)) / 1024 if rss else float("nan"))
def cpu(path):
    t = open(path).read()
    return sum(float(re.search(rf"{k} time \(seconds\): (\S+)", t).group(1)) for k in ("User", "System"))
rows = {}
for name in ("off", "on"):
    out = f"{work}/coord_{name}_{n}"
    wall, rss = time_v(f"{out}.time_v.txt")
    man = json.load(open(f"{out}/manifest.json"))
    stages = {s["stage"]: s["seconds"] for s in man["stages"]}
    rows[name] = (wall, rss, stages, man)
print(f"\n### Coordination at {n:,} posts (same CSV, same machine, one after the other)\n")
print("| run | wall s | CPU s (user+sys) | posts/s | peak RSS MiB | coordination stage s |")
print("|---|---:|---:|---:|---:|---:|")
for name, (wall, rss, stages, _) in rows.items():
    c = cpu(f"{work}/coord_{name}_{n}.time_v.txt")
    print(f"| coordination {name} | {wall:.1f} | {c:.1f} | {n / wall:,.0f} | {rss:,.0f} | {stages.get('coordination', 0):.1f} |")
(w0, r0, s0, _), (w1, r1, s1, man) = rows["off"], rows["on"]
c0, c1 = cpu(f"{work}/coord_off_{n}.time_v.txt"), cpu(f"{work}/coord_on_{n}.time_v.txt")
print(f"\nadded: wall {w1 - w0:+.1f} s, CPU {c1 - c0:+.1f} s (coordination stage {s1.get('coordination', 0):.1f} s, "
      f"state {s1.get('state', 0) - s0.get('state', 0):+.1f} s, merge {s1.get('merge', 0) - s0.get('merge', 0):+.1f} s); peak RSS {r1 - r0:+,.0f} MiB")
print("stages, off → on: " + "; ".join(f"{k} {s0.get(k, 0):.1f} → {v:.1f}" for k, v in s1.items()))
c = man["coordination"]
print(f"window {c['window']['seconds']} s ({c['window']['method']}); acting posts {c['acting_posts']:,}, accounts {c['accounts_seen']:,}, "
      f"candidate pairs {c['candidate_pairs']:,}, edges {c['edges']:,}, linked accounts {c['linked_accounts']:,}, clusters {c['clusters']:,}, bursts {c['bursts']:,}")
truth = json.load(open(f"{work}/truth_{n}.json"))
pseud = lambda h: hashlib.sha256(b"coordination-bench\x1f" + h.lower().encode()).hexdigest()[:16]
planted = {pseud(h) for g in truth["groups"] for h in g}
found = set()
with open(f"{work}/coord_on_{n}/tables/coordination_accounts.csv", newline="") as f:
    for r in csv.DictReader(f):
        found.add(r["account"])
hit = len(planted & found)
other = len(found - planted)
print(f"planted recall {hit}/{len(planted)} = {hit / len(planted):.3f}; other accounts flagged {other:,} of {c['accounts_seen'] - len(planted):,} "
      f"that pushed something ({100 * other / max(1, c['accounts_seen'] - len(planted)):.3f} %)")
if os.path.exists(ref_out) and open(ref_out).read().strip():
    rw, rr = time_v(ref_out + ".time_v.txt")
    print(f"\n| yardstick | wall s | peak RSS MiB |\n|---|---:|---:|\n| suara, coordination stage | {s1.get('coordination', 0):.1f} | {r1:,.0f} (whole run) |\n| SQLite self-join (QUT toolkit's approach) | {rw:.1f} | {rr:,.0f} |")
    print(open(ref_out).read().strip())
py = f"{work}/out_{n}/timings.json"
if os.path.exists(py):
    t = json.load(open(py))
    print(f"Python reference pipeline (no coordination stage) on posts_{n}.csv: {t.get('total_s', 'n/a')} s, peak RSS {t.get('peak_rss_mb', 'n/a')} MB")
EOF
