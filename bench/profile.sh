#!/usr/bin/env bash
# Profiles a built Switchyard under the anchors' load, the way bench-anchors/run.sh starts it
# (production mode, MariaDB + Redis, request log at info to /dev/null), and prints the top frames.
#   SCENARIO=cached (default): authenticated GET /api/v1/spaces/:id on a rule -> new, served from the cache
#   SCENARIO=proxy:            authenticated GET with no rule, forwarded to a legacy stand-in
#   SCENARIO=anonymous-proxy:  the same without a token
# Knobs: DURATION=10s CONNS=64 THREADS=2 LOG_LEVEL=info OUT=/tmp/swy-profile EXTRA_ENV="A=1 B=2"
#   PERF=1: sample with Linux perf (cpu-clock, JIT names from --perf-basic-prof) instead of V8's profiler, whose
#   attribution of native time is biased on this VM; prints the time by where it ran and the top symbols.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
SCENARIO="${SCENARIO:-cached}"; DURATION="${DURATION:-10s}"; CONNS="${CONNS:-64}"; THREADS="${THREADS:-2}"
OUT="${OUT:-/tmp/swy-profile}"; PORT="${PORT:-3014}"; LEGACY_PORT="${LEGACY_PORT:-3098}"
DB=bench_profile; REDIS_DB=12; mkdir -p "$OUT"
[ -f dist/apps/api/src/main.js ] || { echo "build first: npm run build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
redis-cli -n $REDIS_DB FLUSHDB >/dev/null
cat > "$OUT/routing.json" <<'JSON'
{"default":"legacy","features":[{"key":"spaces-api","enabled":true,"tenants":{"allow":["acme"],"deny":[]},"spaces":{"allow":[],"deny":[]},"percentage":0,"stickBy":"tenant","salt":"bench"}],"rules":[{"match":{"pathPrefix":"/api/v1/spaces","methods":["GET","POST","PATCH","DELETE"]},"feature":"spaces-api","target":"new","fallback":"safe","timeoutMs":5000}]}
JSON
PORT=$LEGACY_PORT node bench/legacy-stand-in.server.js & PIDS+=($!)

# shellcheck disable=SC2086
env NODE_ENV=production DATABASE_URL=mysql://root@127.0.0.1:3306/$DB REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB \
  JWT_SECRET=bench-secret-0123456789abcdef0123456789 DATASOURCE_ENCRYPTION_KEYS="k1:$(printf 'b%.0s' $(seq 32) | base64)" \
  PLATFORM_INTERNAL_TOKEN=bench-internal-token-0123456789abcdef GRPC_ENABLED=false BOOTSTRAP_TENANT=acme \
  BOOTSTRAP_ADMIN_USER=admin BOOTSTRAP_ADMIN_PASSWORD='Bench-admin-password-1' LEGACY_BASE_URL=http://127.0.0.1:$LEGACY_PORT \
  LEGACY_IDENTITY_SECRET=bench-legacy-identity-secret-0123456789 ROUTING_CONFIG="$OUT/routing.json" PORT=$PORT HOST=127.0.0.1 \
  LOG_LEVEL="${LOG_LEVEL:-info}" CPU_PROFILE_FILE="$OUT/$SCENARIO.cpuprofile" ${EXTRA_ENV:-} \
  node ${PERF:+--perf-basic-prof} --require ./bench/cpu-profiler.preload.js --require ./dist/apps/api/src/tracing.js dist/apps/api/src/main.js \
  >/dev/null 2>"$OUT/server.stderr" & SERVER=$!; PIDS+=($SERVER)

base="http://127.0.0.1:$PORT"
for _ in $(seq 300); do curl -fsS -o /dev/null "$base/health/live" 2>/dev/null && break; sleep 0.2; done
field() { node -pe "JSON.parse(require('fs').readFileSync(0, 'utf8')).$1"; }
TOKEN=""
for _ in $(seq 40); do
  TOKEN="$(curl -fsS -H 'content-type: application/json' -d '{"tenant":"acme","username":"admin","password":"Bench-admin-password-1"}' "$base/api/v1/auth/login" 2>/dev/null | field accessToken 2>/dev/null)" && [ -n "$TOKEN" ] && break
  sleep 0.5
done
[ -n "$TOKEN" ] || { echo "login failed; see $OUT/server.stderr" >&2; exit 1; }
SPACE="$(curl -fsS -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" -d '{"name":"bench-space"}' "$base/api/v1/spaces" | field id)"
case "$SCENARIO" in
  cached) URL="$base/api/v1/spaces/$SPACE"; HEADER=(-H "Authorization: Bearer $TOKEN");;
  proxy) URL="$base/api/v1/reports/1"; HEADER=(-H "Authorization: Bearer $TOKEN");;
  anonymous-proxy) URL="$base/api/v1/reports/1"; HEADER=();;
  *) echo "unknown SCENARIO $SCENARIO" >&2; exit 2;;
esac
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
  exit 0
fi
[ "${PROFILE:-1}" = 1 ] || exit 0
echo "with the profiler:"
kill -USR2 $SERVER
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${HEADER[@]}" "$URL" | tee "$OUT/$SCENARIO.wrk.txt" | grep -E 'Requests/sec|  50%|  99%|Non-2xx'
kill -USR2 $SERVER
for _ in $(seq 100); do [ -s "$OUT/$SCENARIO.cpuprofile" ] && break; sleep 0.1; done
node bench/cpu-profile-top.js "$OUT/$SCENARIO.cpuprofile" "${TOP:-25}" | tee "$OUT/$SCENARIO.top.txt"
