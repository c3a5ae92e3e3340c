#!/usr/bin/env bash
# Run complyscan next to Prowler on the shared benchmark estate.
# Usage: bench/run.sh -n 5 [--latency-ms 50] [other run_pair.sh options]
# Needs ../shared/bench (setup.sh run once) and complyscan installed in ./.venv.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED_BENCH:-$here/../shared/bench}"
# CS_BIN / CS_PY select another installation (e.g. a clean venv built from a release)
export CS_PY="${CS_PY:-$here/.venv/bin/python}" CS_BIN="${CS_BIN:-$here/.venv/bin/complyscan}"
export CS_PAIRS="$here/bench/pairs.py"
cd "$shared"
exec ./run_pair.sh -o "${BENCH_OUT_DIR:-$here/bench-out/$(printf '%s' "$*" | tr ' ' '_' | tr -d -)}" "$@" -- sh -c '
  "$CS_BIN" --log-level error scan --provider aws --region "$BENCH_REGIONS" \
      --output-dir "$BENCH_OUT" --fail-on none --quiet ${CS_EXTRA:-}
  rc=$?
  "$CS_PY" "$CS_PAIRS" "$BENCH_OUT/complyscan-report.json" "$BENCH_OUT/pairs.json"
  exit $rc'
