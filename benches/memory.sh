#!/usr/bin/env bash
# Bounded memory at scale: one cold `suara run` over N posts of the seeded
# benchmark corpus, under /usr/bin/time -v, against a peak-RSS budget.
#
#     bash benches/memory.sh [N] [BUDGET_MIB]     (default 10000000 4096)
#
# The corpus is $WORK/posts_N.csv, built by the Python reference's
# make_corpus.py (seeded; same N gives the same bytes) unless present; a
# virtualenv with its requirements is made in $WORK/venv if needed. Prints
# wall seconds, posts/s, peak RSS and whether it kept within the budget
# (exit 1 if not). Env: WORK (default /tmp/suara-pyref), SUARA_PYREF,
# CARGO_TARGET_DIR.
set -euo pipefail
N=${1:-10000000}
BUDGET=${2:-4096}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REF=${SUARA_PYREF:-$ROOT/../shared/bench/python-reference}
WORK=${WORK:-/tmp/suara-pyref}
mkdir -p "$WORK"

CSV=$WORK/posts_$N.csv
if [ ! -f "$CSV" ]; then
  echo "== corpus: make_corpus.py --n $N --seed 42"
  if [ ! -x "$WORK/venv/bin/python" ]; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q -r "$REF/requirements.txt"
  fi
  "$WORK/venv/bin/python" "$REF/make_corpus.py" --n "$N" --seed 42 --out "$WORK"
fi

. "$ROOT/benches/lib.sh"
OUT=$WORK/suara_mem_$N
echo "== budget: $BUDGET MiB peak RSS"
suara_cold_run "$CSV" "$OUT" memory-bench

python3 - "$OUT" "$N" "$BUDGET" <<'EOF'
import json, re, sys
out, n, budget = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = open(f"{out}.time_v.txt").read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
man = json.load(open(f"{out}/manifest.json"))
print()
print("| stage | seconds |")
print("|---|---:|")
for s in man.get("stages", []):
    print(f"| {s['stage']} | {s['seconds']:.2f} |")
print()
print("| posts | posts kept | wall s | posts/s | peak RSS MiB | budget MiB |")
print("|---:|---:|---:|---:|---:|---:|")
kept = man["analysis"]["posts_written"]
print(f"| {n:,} | {kept:,} | {secs:.1f} | {n / secs:,.0f} | {rss:,.0f} | {budget:,} |")
ok = rss <= budget
print(f"\npeak RSS {'within' if ok else 'OVER'} the budget")
sys.exit(0 if ok else 1)
EOF
