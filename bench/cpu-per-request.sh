#!/usr/bin/env bash
# CPU cost per request of one server process: its user and system CPU time (from /proc) over a wrk run,
# divided by the requests wrk completed. Steadier than req/s on a machine where wrk shares the cores.
# The line ends with the same total split by thread name (MainThread, the span export's WorkerThread, V8's
# garbage-collection helpers, libuv's pool), because work moved off the request thread still takes a core.
# usage: bench/cpu-per-request.sh <pid> <url> [wrk header args...]   (DURATION=8s CONNS=64 THREADS=2)
set -euo pipefail
PID=$1; URL=$2; shift 2
ticks() { awk '{print $14, $15}' "/proc/$PID/stat"; }
# "<thread name> <user+system ticks>" per live thread, summed by name (a thread's name has no spaces in Node).
thread_ticks() {
  for task in /proc/"$PID"/task/*; do
    name=$(tr -d ' ' < "$task/comm" 2>/dev/null) || continue
    # the name is field 2 in parentheses; the fields after it are counted from the closing one
    sed -E 's/^.*\) //' "$task/stat" 2>/dev/null | awk -v n="$name" '{print n, $12 + $13}' || true
  done | awk '{t[$1]+=$2} END {for (n in t) print n, t[n]}' | sort
}
HZ=$(getconf CLK_TCK)
read -r u0 s0 < <(ticks); T0=$(thread_ticks)
OUT=$(wrk -t"${THREADS:-2}" -c"${CONNS:-64}" -d"${DURATION:-8s}" --latency "$@" "$URL")
read -r u1 s1 < <(ticks); T1=$(thread_ticks)
REQUESTS=$(awk '/requests in/{print $1}' <<<"$OUT")
RPS=$(awk '/^Requests\/sec/{print $2}' <<<"$OUT"); P99=$(awk '$1=="99%"{print $2}' <<<"$OUT")
NON2XX=$(awk -F: '/Non-2xx/{gsub(/ /,"",$2);print $2}' <<<"$OUT")
SPLIT=$(join -a 2 -e 0 -o 0,1.2,2.2 <(echo "$T0") <(echo "$T1") | awk -v n="$REQUESTS" -v hz="$HZ" \
  '{d=$3-$2; if (d>0) printf " %s %.1f", $1, d*1e6/hz/n}')
awk -v u=$((u1-u0)) -v s=$((s1-s0)) -v n="$REQUESTS" -v hz="$HZ" -v rps="$RPS" -v p99="$P99" -v bad="${NON2XX:-0}" -v threads="$SPLIT" \
  'BEGIN{printf "%8.0f req/s  p99 %-8s  cpu/request: user %5.1f us  sys %5.1f us  total %5.1f us  non2xx=%s  threads (us):%s\n", rps, p99, u*1e6/hz/n, s*1e6/hz/n, (u+s)*1e6/hz/n, bad, threads}'
