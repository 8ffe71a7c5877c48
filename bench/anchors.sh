#!/usr/bin/env bash
# npm run bench: Switchyard beside the performance anchors, in one run on this machine, with the ratios.
# Copies ../shared/bench-anchors (ANCHORS_DIR) to a writable folder (BENCH_WORK_DIR), applies
# bench/anchors.patch (adds switchyard_x2, switchyard_traced and the anonymous proxy configs) and runs its
# run.sh against this checkout, built first if needed. Results: bench/results/<time>/summary.md.
# Knobs (passed on to run.sh): CONFIGS, ROUNDS (2), DURATION (8s), WARMUP, CONNS, THREADS.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ANCHORS_DIR="${ANCHORS_DIR:-$ROOT/../shared/bench-anchors}"
WORK="${BENCH_WORK_DIR:-/tmp/switchyard-bench-anchors}"
[ -f "$ANCHORS_DIR/run.sh" ] || { echo "No anchors at $ANCHORS_DIR (set ANCHORS_DIR)" >&2; exit 1; }
command -v patch >/dev/null || { echo "patch is missing: apt-get install patch" >&2; exit 1; }

mkdir -p "$WORK"
cp -rT "$ANCHORS_DIR" "$WORK"        # keeps the anchors' installed node_modules and Gin binary between runs
chmod -R u+w "$WORK"
(cd "$WORK" && patch --quiet -p0 < "$ROOT/bench/anchors.patch")

[ -f "$ROOT/dist/apps/api/src/main.js" ] || (cd "$ROOT" && npm run build)
export CONFIGS="${CONFIGS:-fastify gin fastify_x2 switchyard switchyard_x2 switchyard_traced fastify_proxy switchyard_proxy fastify_proxy_anon switchyard_proxy_anon}"
export ROUNDS="${ROUNDS:-2}" DURATION="${DURATION:-8s}"
export SWY_DIR="$ROOT" RESULTS_DIR="${RESULTS_DIR:-$ROOT/bench/results}"
echo "node $(node -v), switchyard $(cd "$ROOT" && git log -1 --format=%h)" >&2
exec "$WORK/run.sh"
