#!/usr/bin/env bash
# UI benchmark for the monitor: terminal bytes per second and CPU, recorded, never asserted.
#
#   scripts/bench-ui.sh [SECONDS]        (default 20 s of measurement per scenario)
#
# Environment: SKIP_BUILD=1 uses the existing release binary; WIDTH/HEIGHT (default 200x60);
# SCENARIOS="demo-100 demo-1000 paused no-feed sim-100" picks which to run (all by default).
#
# Every scenario runs the release `thebot` in a private tmux server (its own socket, -f /dev/null,
# a throwaway HOME and XDG directories, TERM=tmux-256color, LANG=C.UTF-8) in a WIDTHxHEIGHT
# window with the default eight symbols. After the first frame and a warm-up, it measures for
# SECONDS seconds:
#   - bytes/s: everything the process wrote to its terminal (tmux pipe-pane -o), i.e. the
#     ncurses output after its own diffing;
#   - CPU %: utime+stime of the whole process from /proc/<pid>/stat over the window, divided by
#     the elapsed wall time (100 % = one core busy);
#   - UI %: the same for the "thebot-ui" thread alone (/proc/<pid>/task/<tid>/stat), which
#     composes, diffs and paints the frames.
#
# Scenarios:
#   demo-100   thebot --demo --refresh 100: the in-process simulator streams 8 symbols; the CPU
#              column includes the simulator's own work (it runs in the same process).
#   demo-1000  the same at --refresh 1000.
#   paused     --demo --refresh 1000, then `p`: data keeps flowing into the model (decode,
#              candles, indicators, simulator), drawing is frozen except the status-bar clock.
#   no-feed    --endpoint ws://127.0.0.1:1 --rest-endpoint http://127.0.0.1:1: nothing
#              arrives, so this is the monitor at rest (clock tick once a second, reconnect
#              attempts with backoff).
#   sim-100    `thebot sim` in its own process, the monitor connected to it over loopback at
#              --refresh 100: the monitor's cost without the simulator's (the "sim %" column is
#              the simulator process).
#   fast-100   --demo --speed 10 --refresh 100: ten simulated seconds per second, so prices move
#              and 1m candles close ten times as often (a candle close scrolls the whole chart).
#
# The chart changes most when a candle closes (every bar shifts), so bytes/s depends on how many
# minute boundaries fall in the window: measure 60 s (`scripts/bench-ui.sh 60`) for numbers that
# compare across scenarios.
set -euo pipefail

SECONDS_TO_MEASURE=${1:-20}
WIDTH=${WIDTH:-200}
HEIGHT=${HEIGHT:-60}
WARMUP=${WARMUP:-4}
SCENARIOS=${SCENARIOS:-"demo-100 demo-1000 paused no-feed sim-100 fast-100"}
SYMBOLS="BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT,ADAUSDT,DOGEUSDT,SHIBUSDT"

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.build/release/thebot"

command -v tmux >/dev/null || { echo "bench-ui: tmux is not installed." >&2; exit 1; }
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    swift build -c release --product thebot
fi
[[ -x "$BIN" ]] || { echo "bench-ui: $BIN is missing; build it (swift build -c release --product thebot)." >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/thebot-bench-ui.XXXXXX")
SOCKET="thebot-bench-$$"
TMUX_CMD=(tmux -L "$SOCKET" -f /dev/null -u)
SOCKET_PATH="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCKET"
SIM_PID=""
CLK_TCK=$(getconf CLK_TCK)

# tmux leaves its socket file behind after kill-server.
kill_tmux() {
    "${TMUX_CMD[@]}" kill-server 2>/dev/null || true
    rm -f "$SOCKET_PATH"
}

cleanup() {
    kill_tmux
    if [[ -n "$SIM_PID" ]]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }

# utime+stime in clock ticks: fields 14 and 15 of a stat line (after the "(comm)" field).
ticks() { sed -e 's/^.*) //' "$1" 2>/dev/null | awk '{print $12 + $13}'; }

ui_tid() {
    local pid=$1 t
    for t in /proc/"$pid"/task/*; do
        if [[ "$(cat "$t/comm" 2>/dev/null)" == "thebot-ui" ]]; then echo "${t##*/}"; return; fi
    done
}

wait_for_screen() {  # wait_for_screen <regex> <timeout s>
    local deadline=$(( $(date +%s) + $2 ))
    while (( $(date +%s) < deadline )); do
        if "${TMUX_CMD[@]}" capture-pane -p -t bench 2>/dev/null | grep -qE "$1"; then return 0; fi
        sleep 0.2
    done
    echo "bench-ui: timed out waiting for /$1/ on screen:" >&2
    "${TMUX_CMD[@]}" capture-pane -p -t bench >&2 || true
    return 1
}

# run_scenario <name> <ready-regex> <key to press or ""> <thebot args...>
RESULTS=()
run_scenario() {
    local name=$1 ready=$2 key=$3
    shift 3
    local home="$WORK/$name"
    mkdir -p "$home/config" "$home/state"
    "${TMUX_CMD[@]}" new-session -d -s bench -x "$WIDTH" -y "$HEIGHT" \
        env -i PATH="$PATH" HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" \
        TERM=tmux-256color LANG=C.UTF-8 "$BIN" "$@" \; set-option -g status off
    local pid
    pid=$("${TMUX_CMD[@]}" display-message -p -t bench '#{pane_pid}')
    wait_for_screen "$ready" 60
    if [[ -n "$key" ]]; then
        "${TMUX_CMD[@]}" send-keys -t bench -l "$key"
        [[ "$key" == p ]] && wait_for_screen "PAUSED" 10
    fi
    sleep "$WARMUP"
    local tid out="$WORK/$name.out"
    tid=$(ui_tid "$pid")
    : > "$out"
    local t0 c0 u0 s0 t1 c1 u1 s1
    "${TMUX_CMD[@]}" pipe-pane -o -t bench "cat >> '$out'"
    t0=$(now); c0=$(ticks /proc/"$pid"/stat); u0=$( [[ -n "$tid" ]] && ticks /proc/"$pid"/task/"$tid"/stat || echo 0)
    s0=$( [[ -n "$SIM_PID" ]] && ticks /proc/"$SIM_PID"/stat || echo 0)
    sleep "$SECONDS_TO_MEASURE"
    t1=$(now); c1=$(ticks /proc/"$pid"/stat); u1=$( [[ -n "$tid" ]] && ticks /proc/"$pid"/task/"$tid"/stat || echo 0)
    s1=$( [[ -n "$SIM_PID" ]] && ticks /proc/"$SIM_PID"/stat || echo 0)
    "${TMUX_CMD[@]}" pipe-pane -t bench
    sleep 0.3
    local bytes
    bytes=$(stat -c %s "$out")
    "${TMUX_CMD[@]}" send-keys -t bench -l q
    sleep 0.5
    kill_tmux
    RESULTS+=("$(awk -v n="$name" -v b="$bytes" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" \
        -v u0="$u0" -v u1="$u1" -v s0="$s0" -v s1="$s1" -v sim="$SIM_PID" -v hz="$CLK_TCK" -v tid="$tid" 'BEGIN {
            e = t1 - t0
            ui = (tid == "") ? "n/a" : sprintf("%.2f", (u1 - u0) / hz / e * 100)
            sp = (sim == "") ? "-" : sprintf("%.2f", (s1 - s0) / hz / e * 100)
            printf "%-10s %10.0f %10.2f %10s %8s %8.1f\n", n, b / e, (c1 - c0) / hz / e * 100, ui, sp, e
        }')")
    echo "  ${RESULTS[-1]}" >&2
}

# Starts `thebot sim` on a free port; sets SIM_PID and SIM_PORT (no subshell, so the pid is kept).
start_sim() {
    local log="$WORK/sim.log"
    "$BIN" sim --port 0 > "$log" 2>&1 &
    SIM_PID=$!
    local deadline=$(( $(date +%s) + 30 )) port=""
    while (( $(date +%s) < deadline )); do
        port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$log" | head -1 | cut -d: -f2 || true)
        [[ -n "$port" ]] && break
        sleep 0.2
    done
    [[ -n "$port" ]] || { echo "bench-ui: thebot sim printed no port:" >&2; cat "$log" >&2; exit 1; }
    SIM_PORT=$port
}

echo "bench-ui: ${WIDTH}x${HEIGHT}, 8 symbols, ${SECONDS_TO_MEASURE} s per scenario after ${WARMUP} s warm-up" >&2
echo "bench-ui: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for s in $SCENARIOS; do
    case $s in
        demo-100)  run_scenario demo-100 "BTCUSDT · 1m" "" --demo --symbols "$SYMBOLS" --refresh 100 ;;
        demo-1000) run_scenario demo-1000 "BTCUSDT · 1m" "" --demo --symbols "$SYMBOLS" --refresh 1000 ;;
        paused)    run_scenario paused "BTCUSDT · 1m" p --demo --symbols "$SYMBOLS" --refresh 1000 ;;
        no-feed)   run_scenario no-feed "thebot --demo" "" --symbols "$SYMBOLS" --refresh 1000 \
                       --endpoint ws://127.0.0.1:1 --rest-endpoint http://127.0.0.1:1 ;;
        sim-100)
            start_sim
            run_scenario sim-100 "BTCUSDT · 1m" "" --symbols "$SYMBOLS" --refresh 100 \
                --endpoint "ws://127.0.0.1:$SIM_PORT" --rest-endpoint "http://127.0.0.1:$SIM_PORT"
            kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; SIM_PID="" ;;
        fast-100)  run_scenario fast-100 "BTCUSDT · 1m" "" --demo --speed 10 --symbols "$SYMBOLS" --refresh 100 ;;
        *) echo "bench-ui: unknown scenario $s" >&2; exit 2 ;;
    esac
done
echo "bench-ui: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

printf '%-10s %10s %10s %10s %8s %8s\n' scenario "bytes/s" "CPU %" "UI %" "sim %" "secs"
printf '%s\n' "${RESULTS[@]}"
