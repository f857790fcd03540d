#!/usr/bin/env bash
# Live-feed benchmark: what a message costs `thebot stream`, the monitor and a Python peer
# (cryptofeed) when `thebot sim --firehose RATE` pushes RATE frames a second at them over loopback.
#
#   scripts/bench-live.sh [SECONDS]        (default 20 s of measurement per run; release binary)
#
# Environment: BIN (default .build/release/thebot), RATES (default "1000 10000 50000"),
# WARMUP (default 5 s), CLIENTS (default "stream monitor peer"), PEER=0 skips the Python peer,
# PEER_VENV (default $XDG_CACHE_HOME/thebot/bench-live-venv, made with `python3 -m venv` and
# `pip install cryptofeed uvloop` on first use), IDLE=0 skips the idle runs.
#
# Every client gets a simulator of its own (seed 7, speed 1), so it alone receives the whole rate;
# the firehose spreads it evenly over the client's kline and trade streams. Symbols: BTCUSDT,
# ETHUSDT, BNBUSDT, SOLUSDT, XRPUSDT, ADAUSDT, DOGEUSDT, SHIBUSDT, 1m klines:
#   stream   `thebot stream --json --no-signals`, stdout a pipe (as when a program reads the
#            stream) that `cat` drains into a file (8 kline streams);
#   monitor  `thebot --refresh 100` in a private tmux server, 160x48, TERM=xterm-256color
#            (8 kline streams);
#   peer     cryptofeed's Binance feed with its addresses pointed at the simulator, counting in
#            its callbacks, 8 kline (candles) + 8 trade streams.
# After the first data and WARMUP seconds, one window of SECONDS:
#   msgs/s   kline and trade frames the simulator wrote to that client's connection in the window
#            (GET /sim/stats: kline_frames_sent + trade_frames_sent), per second;
#   CPU s    utime+stime of the client process from /proc/PID/stat over the window;
#   us/msg   CPU s / messages; % core = CPU s / window seconds x 100;
#   RSS MiB  the process's peak resident set (VmHWM) at the end of the window.
# Lag ("kept up"): at the end of the window the simulator's feed is paused (POST /sim/control
# {"action":"stall"}: nothing more is sent on the connection) and the time until the client has
# finished what was already on its way is the lag: for the stream, until its output file last
# grew by a candle line; for the peer, until its callback count last rose (it writes the count
# every 20 ms); for the monitor, which has no output to watch, until its CPU last ran above half
# a core (polled every 100 ms; a proxy: a monitor that fell behind is busy until it caught up). A client keeps up when that lag is under 1 s and it received at
# least 99 % of the frames: "skipped" counts those the simulator left out because the client's
# socket was still full at the start of a tick (frames_skipped_slow_client).
# The simulator's own tick (10 ms) and the polling (50 ms, monitor 100 ms) are in the lag; "<0.05"
# means nothing came after the pause, ">4" that the client was still busy when the watch ended.
#
# Idle: the stream, the monitor and the peer connected at once to one simulator at --speed 0.001
# without the firehose: a market that barely moves, so after the first frames only pings (every
# 20 s) arrive; CPU over SECONDS as % of one core is what each costs at rest.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SECS=${1:-20}
BIN=${BIN:-.build/release/thebot}
[[ "$BIN" = /* ]] || BIN="$ROOT/$BIN"
RATES=${RATES:-"1000 10000 50000"}
WARMUP=${WARMUP:-5}
CLIENTS=${CLIENTS:-"stream monitor peer"}
PEER=${PEER:-1}
IDLE=${IDLE:-1}
PEER_VENV=${PEER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/thebot/bench-live-venv}
SYMBOLS="BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT,ADAUSDT,DOGEUSDT,SHIBUSDT"
STALL=5      # seconds the feed is paused for the lag measurement
LAG_WAIT=4   # seconds the lag is watched (longer lags are reported as ">4")
HZ=$(getconf CLK_TCK)

[[ -x "$BIN" ]] || { echo "bench-live: $BIN is missing; build it (make release)." >&2; exit 1; }
command -v tmux >/dev/null || { echo "bench-live: tmux is not installed." >&2; exit 1; }
command -v curl >/dev/null || { echo "bench-live: curl is not installed." >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/thebot-bench-live.XXXXXX")
TMUX_CMD=(tmux -L benchlive -f /dev/null -u)
TMUX_SOCKET="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/benchlive"
PIDS=()

kill_tmux() {
    "${TMUX_CMD[@]}" kill-server 2>/dev/null || true
    rm -f "$TMUX_SOCKET"
}

stop_pids() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
}

cleanup() {
    kill_tmux
    stop_pids
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
# utime+stime in clock ticks: fields 14 and 15 of /proc/PID/stat (after the "(comm)" field).
ticks() { sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
peak_kib() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
alive() { kill -0 "$1" 2>/dev/null; }

# A counter from the simulator's GET /sim/stats.
stat_of() { grep -oE "\"$2\":[0-9]+" <<<"$1" | cut -d: -f2; }
sim_stats() { curl -sf --max-time 5 "http://127.0.0.1:$SIM_PORT/sim/stats"; }
sim_frames() { local s; s=$(sim_stats); echo $(( $(stat_of "$s" kline_frames_sent) + $(stat_of "$s" trade_frames_sent) )); }
sim_skipped() { stat_of "$(sim_stats)" frames_skipped_slow_client; }
sim_connections() { stat_of "$(sim_stats)" connections_open; }
pause_feed() {
    curl -sf --max-time 5 -X POST -d "{\"action\":\"stall\",\"seconds\":$STALL}" "http://127.0.0.1:$SIM_PORT/sim/control" >/dev/null
}

# start_sim <args...>: a simulator on a free port; sets SIM_PID and SIM_PORT.
start_sim() {
    local log="$WORK/sim.$RANDOM.log" port=""
    "$BIN" sim --port 0 --seed 7 "$@" >"$log" 2>&1 &
    SIM_PID=$!
    PIDS+=("$SIM_PID")
    for _ in $(seq 150); do
        port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$log" | head -1 | cut -d: -f2 || true)
        [[ -n "$port" ]] && break
        sleep 0.1
    done
    [[ -n "$port" ]] || { echo "bench-live: the simulator printed no port:" >&2; cat "$log" >&2; exit 1; }
    SIM_PORT=$port
}

wait_for() {  # wait_for <what> <timeout s> <command...>
    local what=$1 deadline=$(( $(date +%s) + $2 ))
    shift 2
    until "$@"; do
        (( $(date +%s) < deadline )) || { echo "bench-live: timed out waiting for $what." >&2; return 1; }
        sleep 0.2
    done
}

# The clients. Each sets CLIENT_PID; the stream and the peer also name their progress file.
start_stream() {
    local home="$WORK/stream-home"
    mkdir -p "$home"
    STREAM_OUT="$WORK/stream.$1.out"
    env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" \
        "$BIN" stream --json --no-signals --symbols "$SYMBOLS" \
        --endpoint "ws://127.0.0.1:$SIM_PORT" --rest-endpoint "http://127.0.0.1:$SIM_PORT" \
        > >(cat >"$STREAM_OUT") 2>"$WORK/stream.$1.err" &
    CLIENT_PID=$!
    PIDS+=("$CLIENT_PID")
}

start_monitor() {
    local home="$WORK/monitor-home"
    mkdir -p "$home/config" "$home/state"
    "${TMUX_CMD[@]}" new-session -d -s bench -x 160 -y 48 \
        env -i PATH="$PATH" HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" \
        TERM=xterm-256color LANG=C.UTF-8 "$BIN" --symbols "$SYMBOLS" --refresh 100 \
        --endpoint "ws://127.0.0.1:$SIM_PORT" --rest-endpoint "http://127.0.0.1:$SIM_PORT" \; \
        set-option -g status off
    CLIENT_PID=$("${TMUX_CMD[@]}" display-message -p -t bench '#{pane_pid}')
}

stop_monitor() {
    "${TMUX_CMD[@]}" send-keys -t bench -l q 2>/dev/null || true
    sleep 0.3
    kill_tmux
}

monitor_ready() { "${TMUX_CMD[@]}" capture-pane -p -t bench 2>/dev/null | grep -q "BTCUSDT"; }

# Counts the messages the peer's callbacks get and writes the count to a file every 20 ms.
write_peer_script() {
    cat >"$WORK/peer.py" <<'PY'
import asyncio, os, sys
from cryptofeed import FeedHandler
from cryptofeed.connection import RestEndpoint, Routes, WebsocketEndpoint, WSAsyncConn
from cryptofeed.defines import CANDLES, TRADES
from cryptofeed.exchanges import Binance

port, symbols, count_path = int(sys.argv[1]), sys.argv[2].split(","), sys.argv[3]
# cryptofeed takes Binance's addresses from class attributes: point them at the simulator.
Binance.websocket_endpoints = [WebsocketEndpoint(f"ws://127.0.0.1:{port}")]
Binance.rest_endpoints = [RestEndpoint(f"http://127.0.0.1:{port}",
                                       routes=Routes("/api/v3/exchangeInfo", l2book="/api/v3/depth?symbol={}&limit={}"))]
# It also refuses any address but wss://; the simulator speaks plain ws:// on loopback.
_init = WSAsyncConn.__init__
def _plain_ws_init(self, address, *args, **kwargs):
    _init(self, "wss://" + address[len("ws://"):] if address.startswith("ws://") else address, *args, **kwargs)
    self.address = address
WSAsyncConn.__init__ = _plain_ws_init
count = 0

async def counted(*_):
    global count
    count += 1

async def report():
    while True:
        with open(count_path + ".tmp", "w") as f:
            f.write(f"{count}\n")
        os.replace(count_path + ".tmp", count_path)
        await asyncio.sleep(0.02)

handler = FeedHandler(config={"log": {"disabled": True}, "uvloop": True})
# Every kline update reaches the callback, as every one becomes a line in `thebot stream`.
handler.add_feed(Binance(symbols=[s[:-4] + "-USDT" for s in symbols], channels=[CANDLES, TRADES],
                         callbacks={CANDLES: counted, TRADES: counted}, candle_interval="1m", candle_closed_only=False))
# The handler sets uvloop's policy; its run() needs the loop to exist already.
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
handler.run(start_loop=False)
loop.create_task(report())
loop.run_forever()
PY
}

# Makes the peer's venv if needed; sets PEER_OK=1 or explains why not.
PEER_OK=0
PEER_WHY=""
prepare_peer() {
    [[ "$PEER" == 1 ]] || { PEER_WHY="PEER=0"; return; }
    command -v python3 >/dev/null || { PEER_WHY="python3 is not installed"; return; }
    if ! "$PEER_VENV/bin/python" -c 'import cryptofeed, uvloop' 2>/dev/null; then
        echo "bench-live: making the peer's venv in $PEER_VENV (cryptofeed, uvloop)" >&2
        mkdir -p "$(dirname "$PEER_VENV")"
        if ! python3 -m venv "$PEER_VENV" >"$WORK/venv.log" 2>&1; then
            PEER_WHY="python3 -m venv failed: $(tail -1 "$WORK/venv.log")"; return
        fi
        if ! "$PEER_VENV/bin/pip" install -q cryptofeed uvloop >"$WORK/pip.log" 2>&1; then
            PEER_WHY="pip install cryptofeed uvloop failed: $(tail -1 "$WORK/pip.log")"; return
        fi
    fi
    write_peer_script
    PEER_OK=1
}

start_peer() {
    PEER_COUNT="$WORK/peer.$1.count"
    echo 0 >"$PEER_COUNT"
    "$PEER_VENV/bin/python" "$WORK/peer.py" "$SIM_PORT" "$SYMBOLS" "$PEER_COUNT" >"$WORK/peer.$1.log" 2>&1 &
    CLIENT_PID=$!
    PIDS+=("$CLIENT_PID")
}

peer_count() { cat "$PEER_COUNT" 2>/dev/null || echo 0; }
candle_lines() { grep -c '"type":"candle"' "$STREAM_OUT" || true; }

# Progress probes for the lag: a number that grows while the client still works through its backlog.
progress() {
    case $1 in
        stream) stat -c %s "$STREAM_OUT" ;;
        peer) peer_count ;;
    esac
}

# measure_lag <client>: pauses the feed and prints the seconds until the client was done.
measure_lag() {
    local client=$1 start last t p q c0 c1 grew
    pause_feed
    start=$(now)
    last=$start
    if [[ "$client" == monitor ]]; then
        c0=$(ticks "$CLIENT_PID")
        while awk -v s="$start" -v t="$(now)" -v w="$LAG_WAIT" 'BEGIN { exit !(t - s < w) }'; do
            sleep 0.1
            c1=$(ticks "$CLIENT_PID")
            t=$(now)
            # Above half a core over the last 100 ms: still working through frames.
            if (( (c1 - c0) * 100 >= HZ * 5 )); then last=$t; fi
            c0=$c1
        done
    else
        p=$(progress "$client")
        while awk -v s="$start" -v t="$(now)" -v w="$LAG_WAIT" 'BEGIN { exit !(t - s < w) }'; do
            sleep 0.05
            q=$(progress "$client")
            t=$(now)
            grew=0
            if (( q > p )); then
                grew=1
                # Only candle lines count: a health line may be written while the feed is paused.
                if [[ "$client" == stream ]]; then
                    grew=$(tail -c +$(( p + 1 )) "$STREAM_OUT" | head -c $(( q - p )) | grep -c '"type":"candle"' || true)
                fi
            fi
            if (( grew > 0 )); then last=$t; fi
            p=$q
        done
    fi
    # Nothing after the pause: the lag was below one poll.
    awk -v s="$start" -v l="$last" -v t="$(now)" -v w="$LAG_WAIT" -v poll="$([[ $client == monitor ]] && echo 0.1 || echo 0.05)" 'BEGIN {
        if (l == s) printf "<%s", poll; else if (t - l < 0.15 && l - s > w - 0.2) printf ">%d", w; else printf "%.2f", l - s }'
}

ROWS=()
DETAILS=()
# run <rate> <client>
run() {
    local rate=$1 client=$2 t0 t1 c0 c1 f0 f1 s0 s1 x0 x1 lag peak
    start_sim --firehose "$rate"
    case $client in
        stream)  start_stream "$rate" ;;
        monitor) start_monitor ;;
        peer)    start_peer "$rate" ;;
    esac
    wait_for "$client to connect to the simulator" 30 bash -c "[[ \$(curl -sf http://127.0.0.1:$SIM_PORT/sim/stats | grep -oE '\"connections_open\":[0-9]+' | cut -d: -f2) -ge 1 ]]"
    if [[ "$client" == monitor ]]; then wait_for "the monitor's first frame" 30 monitor_ready; fi
    sleep "$WARMUP"
    alive "$CLIENT_PID" || { echo "bench-live: $client exited during the warm-up." >&2; exit 1; }
    # The line count (a grep over a file that grows by 100k lines a second) stays outside the
    # timed window, so the window is SECONDS long whatever the rate.
    case $client in stream) x0=$(candle_lines) ;; peer) x0=$(peer_count) ;; *) x0=0 ;; esac
    t0=$(now); c0=$(ticks "$CLIENT_PID"); f0=$(sim_frames); s0=$(sim_skipped)
    sleep "$SECS"
    t1=$(now); c1=$(ticks "$CLIENT_PID"); f1=$(sim_frames); s1=$(sim_skipped)
    case $client in stream) x1=$(candle_lines) ;; peer) x1=$(peer_count) ;; *) x1=0 ;; esac
    peak=$(peak_kib "$CLIENT_PID")
    lag=$(measure_lag "$client")
    alive "$CLIENT_PID" || { echo "bench-live: $client exited during the measurement." >&2; exit 1; }
    [[ "$client" == monitor ]] && stop_monitor
    stop_pids
    local name=$client
    [[ "$client" == stream ]] && name="thebot stream"
    [[ "$client" == monitor ]] && name="thebot monitor"
    [[ "$client" == peer ]] && name="cryptofeed"
    ROWS+=("$(awk -v r="$rate" -v n="$name" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v f0="$f0" -v f1="$f1" \
        -v s0="$s0" -v s1="$s1" -v hz="$HZ" -v kib="$peak" -v lag="$lag" 'BEGIN {
        e = t1 - t0; cpu = (c1 - c0) / hz; m = f1 - f0; skipped = s1 - s0
        us = m > 0 ? sprintf("%.2f", cpu / m * 1e6) : "-"
        kept = (lag !~ />/ && lag + 0 < 1 && skipped * 100 <= (m + skipped)) ? "yes" : "no"
        printf "%-7s %-15s %10.0f %7.2f %8s %7.1f %8.1f %7s %9d %4s\n", r, n, m / e, cpu, us, cpu / e * 100, kib / 1024, lag, skipped, kept
    }')")
    case $client in
        stream) DETAILS+=("rate $rate: thebot stream printed $((x1 - x0)) candle lines for $((f1 - f0)) kline frames in the window") ;;
        peer)   DETAILS+=("rate $rate: cryptofeed's callbacks ran $((x1 - x0)) times for $((f1 - f0)) frames in the window") ;;
    esac
    echo "  ${ROWS[-1]}" >&2
}

# idle: every client at once on one quiet simulator.
IDLE_ROWS=()
run_idle() {
    local names=() pids=() c0=() c1=() t0 t1 i
    start_sim --speed 0.001
    start_stream idle; names+=("thebot stream"); pids+=("$CLIENT_PID")
    start_monitor; names+=("thebot monitor"); pids+=("$CLIENT_PID")
    if (( PEER_OK )); then start_peer idle; names+=("cryptofeed"); pids+=("$CLIENT_PID"); fi
    wait_for "the idle clients to connect" 30 bash -c "[[ \$(curl -sf http://127.0.0.1:$SIM_PORT/sim/stats | grep -oE '\"connections_open\":[0-9]+' | cut -d: -f2) -ge ${#pids[@]} ]]"
    wait_for "the monitor's first frame" 30 monitor_ready
    sleep "$WARMUP"
    t0=$(now); for i in "${!pids[@]}"; do c0[i]=$(ticks "${pids[i]}"); done
    sleep "$SECS"
    t1=$(now); for i in "${!pids[@]}"; do c1[i]=$(ticks "${pids[i]}"); done
    for i in "${!pids[@]}"; do
        IDLE_ROWS+=("$(awk -v n="${names[i]}" -v t0="$t0" -v t1="$t1" -v c0="${c0[i]}" -v c1="${c1[i]}" -v hz="$HZ" \
            -v kib="$(peak_kib "${pids[i]}")" 'BEGIN {
            e = t1 - t0; cpu = (c1 - c0) / hz
            printf "%-7s %-15s %10s %7.2f %8s %7.2f %8.1f\n", "idle", n, "-", cpu, "-", cpu / e * 100, kib / 1024 }')")
        echo "  ${IDLE_ROWS[-1]}" >&2
    done
    stop_monitor
    stop_pids
}

echo "bench-live: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "bench-live: rates $RATES, ${WARMUP} s warm-up, ${SECS} s window, $BIN" >&2
prepare_peer
(( PEER_OK )) || echo "bench-live: the Python peer is skipped: $PEER_WHY." >&2

for rate in $RATES; do
    for client in $CLIENTS; do
        case $client in
            stream|monitor) run "$rate" "$client" ;;
            peer) if (( PEER_OK )); then run "$rate" peer; fi ;;
            *) echo "bench-live: unknown client $client (stream, monitor, peer)." >&2; exit 2 ;;
        esac
    done
done
if [[ "$IDLE" == 1 ]]; then run_idle; fi

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr), load average after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "window: ${SECS} s after ${WARMUP} s warm-up; lag = time to drain after the feed pauses (see the script's header)"
(( PEER_OK )) || echo "peer: skipped ($PEER_WHY)"
printf '%-7s %-15s %10s %7s %8s %7s %8s %7s %9s %4s\n' rate process "msgs/s" "CPU s" "us/msg" "% core" "RSS MiB" "lag s" skipped "kept up"
printf '%s\n' "${ROWS[@]}" "${IDLE_ROWS[@]}"
for d in "${DETAILS[@]}"; do echo "$d"; done
# cryptofeed us/msg over thebot stream us/msg, per rate.
if (( PEER_OK )); then
    printf '%s\n' "${ROWS[@]}" | awk '
        $2 == "thebot" && $3 == "stream" { s[$1] = $6 }
        $2 == "cryptofeed" { p[$1] = $5 }
        END { for (r in s) if (r in p && s[r] + 0 > 0 && p[r] != "-") printf "rate %s: cryptofeed us/msg / thebot stream us/msg = %.1f\n", r, p[r] / s[r] }' | sort -n -k2
fi
