# Shared by the bench scripts (sourced, not run). Needs ROOT (the checkout).

# suara_cold_run CSV OUT SALT: a release build, then a cold `suara run
# --full` over CSV into OUT under /usr/bin/time -v (its report in
# OUT.time_v.txt); sets BIN. Exit 1 (rows rejected) counts as finished.
suara_cold_run() {
  local csv=$1 out=$2 salt=$3 code=0
  echo "== suara: release build"
  (cd "$ROOT" && cargo build --release --locked -q)
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/suara
  rm -rf "$out" "$out.toml" "$(dirname "$out")/.$(basename "$out").state"
  cat > "$out.toml" <<EOF
[input]
paths = ["$csv"]
[privacy]
salt = "$salt"
EOF
  echo "== suara run --full ($(basename "$csv"))"
  uptime
  /usr/bin/time -v "$BIN" --quiet run --full --config "$out.toml" --out "$out" 2> "$out.time_v.txt" || code=$?
  if [ "$code" != 0 ] && [ "$code" != 1 ]; then
    tail -n 30 "$out.time_v.txt" >&2
    exit "$code"
  fi
  uptime
}
