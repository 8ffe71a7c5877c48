#!/usr/bin/env bash
# Where the cached GET's CPU goes, feature by feature: the built server in a patched copy of dist/
# (bench/feature-budget.ablate.js; the product has no such switches) with its per-request features switched
# off one more per row, beside bare Fastify answering the same body and the fastify anchor (Fastify + fast-jwt +
# a Redis GET, when `npm run bench` has prepared the anchors). All servers run at once and are loaded in turn
# in short bursts (BURSTS=8 BURST=2s), so the machine's drift falls on every row alike; each row prints the
# median, least and most CPU time per request (from /proc) and what the row's feature cost (the median it saved).
#   bench/feature-budget.sh        (build first: npm run build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
OUT="${OUT:-/tmp/swy-budget}"; BURSTS="${BURSTS:-8}"; BURST="${BURST:-2s}"; LEGACY_PORT="${LEGACY_PORT:-3095}"
ANCHORS_WORK="${BENCH_WORK_DIR:-/tmp/switchyard-bench-anchors}"
# shellcheck source=bench/bench-server.sh
source "$ROOT/bench/bench-server.sh"
require_build "$ROOT"

rm -rf "$OUT/ablated"; mkdir -p "$OUT/ablated"
cp -a dist proto package.json "$OUT/ablated/"; ln -s "$ROOT/node_modules" "$OUT/ablated/node_modules"
node bench/feature-budget.ablate.js "$OUT/ablated/dist"
write_routing_rules "$OUT/routing.json"
PORT=$LEGACY_PORT node bench/legacy-stand-in.server.js & PIDS+=($!)

# name|settings: each row switches off one more feature than the row above it.
ROWS=("Switchyard, all features|"
  "- rollback sampling|SWY_ABLATE=rollback"
  "- routing gateway|SWY_ABLATE=rollback,gateway"
  "- access log|SWY_ABLATE=rollback,gateway LOG_LEVEL=warn"
  "- HTTP metrics|SWY_ABLATE=rollback,gateway,metrics LOG_LEVEL=warn"
  "- cache tier lookup|SWY_ABLATE=rollback,gateway,metrics,cache LOG_LEVEL=warn"
  "- token and session check|SWY_ABLATE=rollback,gateway,metrics,cache,answer LOG_LEVEL=warn")
NAMES=(); SERVER_PIDS=(); URLS=(); TOKENS=()
for i in "${!ROWS[@]}"; do
  IFS='|' read -r name settings <<<"${ROWS[$i]}"
  port=$((3560 + i)); fresh_stores "bench_budget_$i" $((2 + i))
  bench_env "bench_budget_$i" $((2 + i)) $port "$OUT/routing.json" "$LEGACY_PORT"
  # shellcheck disable=SC2086
  (cd "$OUT/ablated" && exec env "${BENCH_ENV[@]}" $settings node --require ./dist/apps/api/src/tracing.js dist/apps/api/src/main.js \
    >/dev/null 2>"$OUT/server-$port.stderr") & PIDS+=($!); SERVER_PIDS+=($!)
  IFS='|' read -r url token < <(SCENARIO=cached scenario_target "http://127.0.0.1:$port" "$OUT/server-$port.stderr") && [ -n "$url" ] || exit 1
  NAMES+=("$name"); URLS+=("$url"); TOKENS+=("$token")
done
curl -fsS -H "Authorization: Bearer ${TOKENS[0]}" "${URLS[0]}" > "$OUT/space.json"
BODY_FILE="$OUT/space.json" PORT=3570 node bench/feature-budget.bare.server.js & PIDS+=($!); SERVER_PIDS+=($!)
NAMES+=("bare Fastify, same answer"); URLS+=("http://127.0.0.1:3570/api/v1/spaces/x"); TOKENS+=("${TOKENS[0]}")
if [ -d "$ANCHORS_WORK/fastify/node_modules" ]; then
  (cd "$ANCHORS_WORK" && node seed.js | redis-cli -n 0 --pipe >/dev/null)
  (cd "$ANCHORS_WORK" && PORT=3571 exec node fastify/server.js >/dev/null 2>&1) & PIDS+=($!); SERVER_PIDS+=($!)
  NAMES+=("anchor: fastify (fast-jwt + Redis GET)"); URLS+=("http://127.0.0.1:3571/api/v1/spaces/1"); TOKENS+=("$(node "$ANCHORS_WORK/gen-jwt.js")")
else
  echo "no anchors at $ANCHORS_WORK: run npm run bench once to prepare them (the anchor row is left out)" >&2
fi
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:3570/api/v1/spaces/x" 2>/dev/null && break; sleep 0.1; done
for i in "${!NAMES[@]}"; do   # two reads fill the local cache tier, then the JIT settles
  for _ in 1 2 3; do curl -fsS -o /dev/null -H "Authorization: Bearer ${TOKENS[$i]}" "${URLS[$i]}"; done
  wrk -t2 -c64 -d3s -H "Authorization: Bearer ${TOKENS[$i]}" "${URLS[$i]}" >/dev/null
done
: > "$OUT/bursts.txt"
for _ in $(seq "$BURSTS"); do
  for i in "${!NAMES[@]}"; do
    line="$(DURATION=$BURST bash bench/cpu-per-request.sh "${SERVER_PIDS[$i]}" "${URLS[$i]}" -H "Authorization: Bearer ${TOKENS[$i]}")"
    echo "$i $line" >> "$OUT/bursts.txt"
  done
done
echo "CPU time per request of a cached GET, $BURSTS bursts of $BURST each ($(git log -1 --format=%h), $(date -u '+%Y-%m-%d %H:%M UTC'))"
printf '| %-40s | %8s | %8s | %8s | %9s |\n' row median least most "row costs"
printf '| %-40s | %8s | %8s | %8s | %9s |\n' --- ---: ---: ---: ---:
previous=""
for i in "${!NAMES[@]}"; do
  read -r median least most < <(awk -v row="$i" '$1==row {for (f=1; f<=NF; f++) if ($f=="total") print $(f+1)}' "$OUT/bursts.txt" | sort -n |
    awk '{v[NR]=$1} END {printf "%.1f %.1f %.1f\n", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2), v[1], v[NR]}')
  cost=""; if [ -n "$previous" ] && [ "$i" -lt "${#ROWS[@]}" ]; then cost="$(awk -v a="$previous" -v b="$median" 'BEGIN{printf "%.1f us", a-b}')"; fi
  printf '| %-40s | %5s us | %5s us | %5s us | %9s |\n' "${NAMES[$i]}" "$median" "$least" "$most" "$cost"
  previous="$median"
done
