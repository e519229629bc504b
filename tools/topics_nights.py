#!/usr/bin/env python3
"""Topics over nights of a growing folder: what carrying them over costs and
keeps.

    python3 tools/topics_nights.py NIGHT1 NIGHT2 ... [--k 20|auto] [--keep-unmatched]

Night n copies the n-th export into a folder and runs `suara run` over it
twice: as a nightly run (the state of the nights before: topics carried
over) and with `--full` (topics fitted afresh). Per night it prints both
runs' K, NPMI and diversity (the manifest's figures, the standard ones that
tools/topics_compare.py recomputes), the carried run's kept / new / retired
ids, and the share of the posts of the night before that keep their topic
id. `--suara` names the binary (default: $CARGO_TARGET_DIR/release/suara).
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

csv.field_size_limit(1 << 30)


def run(binary, cfg, out, full):
    args = [binary, "--quiet", "run", "--config", str(cfg), "--out", str(out)] + (["--full"] if full else [])
    p = subprocess.run(args)
    if p.returncode not in (0, 1):
        sys.exit(f"suara run failed with exit {p.returncode}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    with open(out / "tables" / "posts.csv", encoding="utf-8", newline="") as f:
        topic = {r["post_id"]: r["topic_id"] for r in csv.DictReader(f)}
    return manifest["topics"], topic


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("nights", nargs="+", type=Path)
    ap.add_argument("--k", default="auto")
    ap.add_argument("--keep-unmatched", action="store_true")
    ap.add_argument("--suara")
    a = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", str(Path(__file__).resolve().parent.parent / "target"))
    binary = a.suara or str(Path(target) / "release" / "suara")
    tmp = Path(tempfile.mkdtemp(prefix="suara-topics-nights-"))
    folder = tmp / "exports"
    folder.mkdir()
    k = '"auto"' if a.k == "auto" else a.k
    cfg = tmp / "nights.toml"
    cfg.write_text(
        f'[input]\npaths = ["{folder}"]\n[watchlist]\nuse = ["pemilu-2024"]\n'
        f"keep_unmatched = {str(a.keep_unmatched).lower()}\n[topics]\nk = {k}\n[report]\nenabled = false\n",
        encoding="utf-8",
    )
    print("| night | posts | carried: K, NPMI, diversity | kept / new / retired | posts keeping their id | --full: K, NPMI, diversity |")
    print("|---:|---:|---|---|---:|---|")
    before = None
    for n, path in enumerate(a.nights, 1):
        shutil.copy(path, folder / f"night{n:02}{''.join(path.suffixes)}")
        carried, topic = run(binary, cfg, tmp / "nightly", False)
        full, _ = run(binary, cfg, tmp / "full", True)
        c = carried.get("changes") or {}
        moved = "–"
        if before is not None:
            common = [p for p in before if p in topic and before[p]]
            same = sum(1 for p in common if before[p] == topic[p])
            moved = f"{same / max(len(common), 1):.3f}"
        before = topic
        print(
            f"| {n} | {carried['posts']} | {carried['k']}, {carried['npmi']:.3f}, {carried['diversity']:.2f} "
            f"| {len(c.get('kept', []))} / {len(c.get('new', []))} / {len(c.get('retired', []))} | {moved} "
            f"| {full['k']}, {full['npmi']:.3f}, {full['diversity']:.2f} |"
        )
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
