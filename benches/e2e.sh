#!/usr/bin/env bash
# End to end, side by side: suara against the pandas / scikit-learn pipeline
# it replaces, on the same seeded corpus, on this machine, one after the
# other.
#
#     bash benches/e2e.sh [N]          (default 1000000)
#
# 1. The Python reference (../shared/bench/python-reference/run_bench.sh):
#    venv, reference models, the seeded corpus $WORK/posts_N.csv, and its
#    timed run into $WORK/out_N/. SKIP_PYTHON=1 reuses an earlier
#    $WORK/out_N/timings.json.
# 2. suara: a release build, then `suara run` on the same CSV under
#    /usr/bin/time -v, into $WORK/suara_N/.
# 3. A table: seconds per stage, total, posts/s, peak RSS, and the ratio.
#
# Env: WORK (default /tmp/suara-pyref), SUARA_PYREF (the reference folder),
# CARGO_TARGET_DIR (where the release binary is built).
set -euo pipefail
N=${1:-1000000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REF=${SUARA_PYREF:-$ROOT/../shared/bench/python-reference}
export WORK=${WORK:-/tmp/suara-pyref}
mkdir -p "$WORK"

if [ "${SKIP_PYTHON:-0}" = 1 ] && [ -f "$WORK/out_$N/timings.json" ]; then
  echo "== Python reference: reusing $WORK/out_$N/timings.json"
else
  echo "== Python reference (N=$N)"
  bash "$REF/run_bench.sh" "$N"
fi

. "$ROOT/benches/lib.sh"
OUT=$WORK/suara_$N
suara_cold_run "$WORK/posts_$N.csv" "$OUT" e2e-bench

python3 - "$WORK" "$N" <<'EOF'
import json, re, sys
work, n = sys.argv[1], int(sys.argv[2])
py = json.load(open(f"{work}/out_{n}/timings.json"))
man = json.load(open(f"{work}/suara_{n}/manifest.json"))
def time_v(path):
    t = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    secs = 0.0
    if wall:
        for part in wall.group(1).split(":"):
            secs = secs * 60 + float(part)
    return secs, (int(rss.group(1)) / 1024 if rss else float("nan"))
py_wall, py_rss = time_v(f"{work}/out_{n}/time_v.txt")
su_wall, su_rss = time_v(f"{work}/suara_{n}.time_v.txt")
print(f"\n### End to end, {n:,} posts (same CSV, same machine)\n")
print("| pipeline | stage | seconds |")
print("|---|---|---:|")
for s in py["stages"]:
    print(f"| Python | {s['stage']} | {s['seconds']:.2f} |")
for s in man["stages"]:
    print(f"| suara | {s['stage']} | {s['seconds']:.2f} |")
print()
print("| pipeline | wall seconds (process) | posts/s | peak RSS MB | posts kept | topic docs |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| Python (pandas, scikit-learn, matplotlib) | {py_wall:.1f} | {n / py_wall:,.0f} | {py_rss:,.0f} | {py['n_election']:,} | {py['n_topic_docs']:,} |")
a = man["analysis"]
print(f"| suara | {su_wall:.1f} | {n / su_wall:,.0f} | {su_rss:,.0f} | {a['posts_written']:,} | {man.get('topics', {}).get('posts', 0):,} |")
print(f"\nsuara is **{py_wall / su_wall:.0f}×** the Python pipeline end to end (process wall time).")
EOF

# The next night with no new exports: everything comes from the state.
/usr/bin/time -f "%e %M" -o "$WORK/suara_$N.rerun.txt" "$BIN" --quiet run --config "$OUT.toml" --out "$OUT" || true
read -r secs kb < "$WORK/suara_$N.rerun.txt"
echo "suara nightly re-run, no new files (incremental state): ${secs} s wall, $((kb / 1024)) MB peak RSS"
