#!/usr/bin/env bash
# CPU cost per request of one server process: its user and system CPU time (from /proc) over a wrk run,
# divided by the requests wrk completed. Steadier than req/s on a machine where wrk shares the cores.
# usage: bench/cpu-per-request.sh <pid> <url> [wrk header args...]   (DURATION=8s CONNS=64 THREADS=2)
set -euo pipefail
PID=$1; URL=$2; shift 2
ticks() { awk '{print $14, $15}' "/proc/$PID/stat"; }
HZ=$(getconf CLK_TCK)
read -r u0 s0 < <(ticks)
OUT=$(wrk -t"${THREADS:-2}" -c"${CONNS:-64}" -d"${DURATION:-8s}" --latency "$@" "$URL")
read -r u1 s1 < <(ticks)
REQUESTS=$(awk '/requests in/{print $1}' <<<"$OUT")
RPS=$(awk '/^Requests\/sec/{print $2}' <<<"$OUT"); P99=$(awk '$1=="99%"{print $2}' <<<"$OUT")
NON2XX=$(awk -F: '/Non-2xx/{gsub(/ /,"",$2);print $2}' <<<"$OUT")
awk -v u=$((u1-u0)) -v s=$((s1-s0)) -v n="$REQUESTS" -v hz="$HZ" -v rps="$RPS" -v p99="$P99" -v bad="${NON2XX:-0}" \
  'BEGIN{printf "%8.0f req/s  p99 %-8s  cpu/request: user %5.1f us  sys %5.1f us  total %5.1f us  non2xx=%s\n", rps, p99, u*1e6/hz/n, s*1e6/hz/n, (u+s)*1e6/hz/n, bad}'
