#!/usr/bin/env bash
# A/B of two built checkouts under the same load, both running at once and loaded in turn in short bursts,
# so the machine's drift (its speed moves by tens of per cent from minute to minute) falls on both alike.
# Prints CPU time per request (from /proc) of every burst and the mean and median per side.
#   bench/ab.sh <checkout A> <checkout B>      SCENARIO=cached|proxy|anonymous-proxy BURSTS=12 BURST=2s
# Each side runs as bench/profile.sh starts a server (production mode, MariaDB + Redis, request log at info);
# ENV_A / ENV_B add settings to one side ("LOG_LEVEL=warn"), NODE_FLAGS_A / NODE_FLAGS_B flags for node, to
# compare one checkout with itself.
set -euo pipefail
A="$(cd "$1" && pwd)"; B="$(cd "$2" && pwd)"
SCENARIO="${SCENARIO:-cached}"; BURSTS="${BURSTS:-12}"; BURST="${BURST:-2s}"; CONNS="${CONNS:-64}"; THREADS="${THREADS:-2}"
OUT="${OUT:-/tmp/swy-ab}"; LEGACY_PORT="${LEGACY_PORT:-3097}"; mkdir -p "$OUT"
# shellcheck source=bench/bench-server.sh
source "$(dirname "$0")/bench-server.sh"
require_build "$A" "$B"
write_routing_rules "$OUT/routing.json"
PORT=$LEGACY_PORT node "$(dirname "$0")/legacy-stand-in.server.js" & PIDS+=($!)

# start <dir> <port> <database> <redis db> [extra env...]: prints the server's pid (NODE_FLAGS: flags for node)
start() {
  bench_env "$3" "$4" "$2" "$OUT/routing.json" "$LEGACY_PORT"
  # shellcheck disable=SC2086
  (cd "$1" && exec env "${BENCH_ENV[@]}" "${@:5}" node ${NODE_FLAGS:-} --require ./dist/apps/api/src/tracing.js dist/apps/api/src/main.js \
    >/dev/null 2>"$OUT/server-$2.stderr") &
  echo $!
}
# In this shell, not in start's subshell: the stores are dropped when this script exits.
fresh_stores bench_ab_a 10; fresh_stores bench_ab_b 11
# shellcheck disable=SC2086
PID_A=$(NODE_FLAGS="${NODE_FLAGS_A:-}" start "$A" 3015 bench_ab_a 10 ${ENV_A:-}); PIDS+=("$PID_A")
# shellcheck disable=SC2086
PID_B=$(NODE_FLAGS="${NODE_FLAGS_B:-}" start "$B" 3016 bench_ab_b 11 ${ENV_B:-}); PIDS+=("$PID_B")
IFS='|' read -r URL_A TOKEN_A < <(scenario_target http://127.0.0.1:3015 "$OUT/server-3015.stderr") && [ -n "$URL_A" ] || exit 1
IFS='|' read -r URL_B TOKEN_B < <(scenario_target http://127.0.0.1:3016 "$OUT/server-3016.stderr") && [ -n "$URL_B" ] || exit 1
headers() { [ -n "$1" ] && printf '%s\n' -H "Authorization: Bearer $1"; return 0; }
mapfile -t H_A < <(headers "$TOKEN_A"); mapfile -t H_B < <(headers "$TOKEN_B")
for side in A B; do   # warm-up: the local cache tier fills after the second read, then the JIT settles
  url=URL_$side; h="H_$side[@]"; curl -fsS -o /dev/null "${!h}" "${!url}"; curl -fsS -o /dev/null "${!h}" "${!url}"
  wrk -t"$THREADS" -c"$CONNS" -d3s "${!h}" "${!url}" >/dev/null
done
: > "$OUT/bursts.txt"
for i in $(seq "$BURSTS"); do
  for side in A B; do
    pid=PID_$side; url=URL_$side; h="H_$side[@]"
    line="$(DURATION=$BURST CONNS=$CONNS THREADS=$THREADS bash "$(dirname "$0")/cpu-per-request.sh" "${!pid}" "${!url}" "${!h}")"
    echo "$side $line" | tee -a "$OUT/bursts.txt"
  done
done
awk '{for(i=1;i<=NF;i++) if($i=="total") v[$1]=v[$1] " " $(i+1)} END {
  for (s in v) { n=split(substr(v[s],2), a, " "); asort(a); sum=0; for(i=1;i<=n;i++) sum+=a[i];
    med = n%2 ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2; printf "%s: mean %.1f us, median %.1f us of CPU per request over %d bursts\n", s, sum/n, med, n } }' "$OUT/bursts.txt" | sort
echo "A = $A ($(git -C "$A" log -1 --format=%h)), B = $B ($(git -C "$B" log -1 --format=%h))"
