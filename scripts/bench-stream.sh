#!/usr/bin/env bash
# CPU per message of the running `thebot stream --json`, measured from outside: a simulator at
# SPEED feeds 8 kline streams; after a 5 s warm-up, the stream process's user+system CPU is read
# from /proc/PID/stat before and after SECONDS, and divided by the candle lines it printed.
# usage: scripts/bench-stream.sh [SPEED] [SECONDS]   (release binary: make release first)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/thebot}
SPEED=${1:-100}
SECS=${2:-20}
WORK=$(mktemp -d)
trap 'kill $STREAM $SIM 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN" sim --port 0 --speed "$SPEED" --seed 7 >"$WORK/sim.out" 2>&1 &
SIM=$!
PORT=""
for _ in $(seq 100); do
    PORT=$(grep -oE '127\.0\.0\.1:[0-9]+' "$WORK/sim.out" | head -1 | cut -d: -f2 || true)
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "the simulator did not start" >&2; exit 1; }
"$BIN" stream --json --no-signals --symbols BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT,ADAUSDT,DOGEUSDT,SHIBUSDT \
    --endpoint "ws://127.0.0.1:$PORT" --rest-endpoint "http://127.0.0.1:$PORT" >"$WORK/stream.out" 2>/dev/null &
STREAM=$!
cpu() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$STREAM/stat"; }
lines() { grep -c '"type":"candle"' "$WORK/stream.out" || true; }
sleep 5
C0=$(cpu); L0=$(lines)
sleep "$SECS"
C1=$(cpu); L1=$(lines)
RSS=$(awk '/VmRSS/ { print $2 }' "/proc/$STREAM/status")
TICK=$(getconf CLK_TCK)
awk -v c0="$C0" -v c1="$C1" -v l0="$L0" -v l1="$L1" -v t="$TICK" -v s="$SECS" -v sp="$SPEED" -v rss="$RSS" 'BEGIN {
    cpu = (c1 - c0) / t; n = l1 - l0; if (n < 1) n = 1
    printf "speed %s: %d candle lines in %d s (%.0f/s), stream CPU %.2f s = %.1f us/line, RSS %d KiB\n", sp, n, s, n / s, cpu, cpu / n * 1e6, rss
}'
