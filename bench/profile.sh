#!/usr/bin/env bash
# Profiles a built Switchyard under the anchors' load, the way bench-anchors/run.sh starts it
# (production mode, MariaDB + Redis, request log at info to /dev/null), and prints the top frames.
#   SCENARIO=cached (default): authenticated GET /api/v1/spaces/:id on a rule -> new, served from the cache
#   SCENARIO=proxy:            authenticated GET with no rule, forwarded to a legacy stand-in
#   SCENARIO=anonymous-proxy:  the same without a token
# Knobs: DURATION=10s CONNS=64 THREADS=2 LOG_LEVEL=info OUT=/tmp/swy-profile EXTRA_ENV="A=1 B=2"
#   PERF=1: sample with Linux perf (cpu-clock, JIT names from --perf-basic-prof; each sample also charged to its nearest
#           JavaScript frame by bench/perf-nearest-js.js) instead of V8's profiler, whose
#   attribution of native time is biased on this VM; prints the time by where it ran and the top symbols.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
SCENARIO="${SCENARIO:-cached}"; DURATION="${DURATION:-10s}"; CONNS="${CONNS:-64}"; THREADS="${THREADS:-2}"
OUT="${OUT:-/tmp/swy-profile}"; PORT="${PORT:-3014}"; LEGACY_PORT="${LEGACY_PORT:-3098}"
DB=bench_profile; REDIS_DB=12; mkdir -p "$OUT"
# shellcheck source=bench/bench-server.sh
source "$ROOT/bench/bench-server.sh"
require_build "$ROOT"
fresh_stores $DB $REDIS_DB
write_routing_rules "$OUT/routing.json"
PORT=$LEGACY_PORT node bench/legacy-stand-in.server.js & PIDS+=($!)

bench_env $DB $REDIS_DB "$PORT" "$OUT/routing.json" "$LEGACY_PORT"
# shellcheck disable=SC2086
env "${BENCH_ENV[@]}" CPU_PROFILE_FILE="$OUT/$SCENARIO.cpuprofile" ${EXTRA_ENV:-} \
  node ${PERF:+--perf-basic-prof} --require ./bench/cpu-profiler.preload.js --require ./dist/apps/api/src/tracing.js dist/apps/api/src/main.js \
  >/dev/null 2>"$OUT/server.stderr" & SERVER=$!; PIDS+=($SERVER)

IFS='|' read -r URL TOKEN < <(scenario_target "http://127.0.0.1:$PORT" "$OUT/server.stderr") && [ -n "$URL" ] || exit 1
HEADER=(); [ -n "$TOKEN" ] && HEADER=(-H "Authorization: Bearer $TOKEN")
curl -fsS -o /dev/null "${HEADER[@]}" "$URL"
wrk -t"$THREADS" -c"$CONNS" -d3s "${HEADER[@]}" "$URL" >/dev/null
echo "without the profiler:"
DURATION="$DURATION" CONNS="$CONNS" THREADS="$THREADS" bash bench/cpu-per-request.sh $SERVER "$URL" "${HEADER[@]}" | tee "$OUT/$SCENARIO.cpu.txt"
if [ "${PERF:-0}" = 1 ]; then
  command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }
  echo "with perf:"
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${HEADER[@]}" "$URL" > "$OUT/$SCENARIO.wrk.txt" & LOAD=$!
  sleep 1
  perf record -q -e cpu-clock -F 1999 -g -p $SERVER -o "$OUT/$SCENARIO.perf.data" -- sleep "$(( ${DURATION%s} - 2 ))" 2>/dev/null
  wait $LOAD; grep -E 'Requests/sec' "$OUT/$SCENARIO.wrk.txt"
  perf report -i "$OUT/$SCENARIO.perf.data" --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
  perf report -i "$OUT/$SCENARIO.perf.data" --no-children --sort sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -"${TOP:-25}" | tee "$OUT/$SCENARIO.perf.txt"
  # The builtins above charged to the JavaScript that runs them: whose time it is.
  perf script -i "$OUT/$SCENARIO.perf.data" -F ip,sym 2>/dev/null | node bench/perf-nearest-js.js "${TOP:-25}" | tee "$OUT/$SCENARIO.perf-js.txt"
  exit 0
fi
[ "${PROFILE:-1}" = 1 ] || exit 0
echo "with the profiler:"
kill -USR2 $SERVER
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${HEADER[@]}" "$URL" | tee "$OUT/$SCENARIO.wrk.txt" | grep -E 'Requests/sec|  50%|  99%|Non-2xx'
kill -USR2 $SERVER
for _ in $(seq 100); do [ -s "$OUT/$SCENARIO.cpuprofile" ] && break; sleep 0.1; done
node bench/cpu-profile-top.js "$OUT/$SCENARIO.cpuprofile" "${TOP:-25}" | tee "$OUT/$SCENARIO.top.txt"
