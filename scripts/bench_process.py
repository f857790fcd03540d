#!/usr/bin/env python3
"""Process-level figures of the real binary, measured from outside: CPU from /proc/PID/stat,
memory, descriptors and threads from /proc/PID/status and /proc/PID/fd|task, terminal output as
the bytes read from the monitor's pty master, and message counts from the simulator's
GET /sim/stats. Prints one JSON object on stdout; progress goes to stderr.

    scripts/bench_process.py real-rates [--seconds 300] [--windows 5]
    scripts/bench_process.py idle [--seconds 60]
    scripts/bench_process.py rss [--symbols 20] [--intervals 1m,5m] [--bars 500]
    scripts/bench_process.py growth [--messages 10000000]

real-rates  One simulator at speed 1 (its default market), the monitor (`--refresh 100`, the
            default watchlist) on a 200x60 pty. After the first frame and a warm-up, the time is
            cut into windows; per window the monitor's CPU (% of one core), the bytes/s it wrote
            to the terminal and the messages/s the simulator sent it (kline_frames_sent +
            trade_frames_sent; all data frames, tickers included, are given too). The simulator's
            own trade rate per symbol (trades per closed 1m bar over REST) is reported beside it.
idle        `thebot stream --json --no-signals` and the monitor on one simulator at --speed 0.001
            (a market that barely moves): CPU % of one core of each over the window that starts
            after the first data and a short warm-up.
rss         The monitor with a config of N symbols x the given intervals and history_bars = BARS.
            The monitor keeps the series of the interval on screen only (an interval switch
            unsubscribes and drops the previous interval's series), so the way a trader gets every
            series loaded is to visit each interval with its number key: the run visits each one,
            waits until its backfill is over (the simulator's REST request count stops rising),
            waits 10 s and records VmRSS and VmHWM; then it goes back to the first interval and
            counts the REST requests that brings (a new backfill means the series had been
            dropped). For comparison, `thebot stream` with every symbol and interval at once (it
            does hold them all) is measured the same way.
growth      `thebot stream` (stdout to /dev/null) and then the monitor, each on its own
            `thebot sim --firehose RATE`, until that simulator has sent MESSAGES kline and trade
            frames; VmRSS, descriptors and threads after the first 10 % and at the end. When the
            client leaves more than 1 % of the frames unread during the warm-up
            (frames_skipped_slow_client), the run starts over at half the rate.

Every process started here is stopped at the end, on error and on Ctrl-C.
Environment: BIN (default .build/release/thebot).
"""
import argparse
import json
import os
import signal
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchkit  # noqa: E402

DEFAULT_SYMBOLS = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "SHIBUSDT"]
COLS, ROWS = 200, 60
MIB = 1024.0


class BenchError(Exception):
    """A run that cannot go on; its message is one sentence for the user."""


def log(message):
    print(f"bench_process: {message}", file=sys.stderr, flush=True)


def rnd(x, n=2):
    return None if x is None else round(x, n)


# --- processes --------------------------------------------------------------------------------

def start_monitor(sim, env, *extra):
    argv = [benchkit.binary(), "monitor", *sim.endpoint_args(), *map(str, extra)]
    return benchkit.PtyProcess(argv, env, cols=COLS, rows=ROWS)


def alive(proc, what):
    if proc.poll() is not None:
        raise BenchError(f"{what} exited with status {proc.returncode} during the run.")


def wait_for_screen(mon, needle, timeout=30.0):
    """Reads the pty until `needle` has been drawn; returns the seconds it took."""
    seen = bytearray()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        chunk = mon.read(0.2)
        if chunk:
            seen += chunk[1]
            if needle in seen:
                return time.monotonic() - mon.started
            del seen[:-len(needle)]
        alive(mon.proc, "the monitor")
    raise BenchError(f"the monitor drew no {needle.decode()} within {timeout:.0f} s.")


def pause(mon, seconds):
    """Sleeps, reading the monitor's pty meanwhile (a full pty would stall the monitor)."""
    if mon is None:
        time.sleep(seconds)
    else:
        mon.drain(seconds)


def memory(pid):
    return {"vmrss_mib": rnd(benchkit.status_kib(pid, "VmRSS") / MIB),
            "vmhwm_mib": rnd(benchkit.status_kib(pid, "VmHWM") / MIB),
            "fds": benchkit.fd_count(pid), "threads": benchkit.thread_count(pid)}


def wait_rest_settled(sim, mon, proc, least, base=None, quiet=3.0, timeout=180.0):
    """Waits until the simulator has answered at least `least` more REST requests than `base`
    (default: now) and then none for `quiet` seconds; returns (requests answered since `base`,
    seconds until the last of them)."""
    start = time.monotonic()
    last = sim.stats()["rest_requests"]
    base = last if base is None else base
    changed = time.monotonic()
    while True:
        pause(mon, 0.25)
        alive(proc, "the client")
        n = sim.stats()["rest_requests"]
        now = time.monotonic()
        if n != last:
            last, changed = n, now
        elif n - base >= least and now - changed >= quiet:
            return n - base, changed - start
        if now - start > timeout:
            raise BenchError(f"the backfill did not settle within {timeout:.0f} s "
                             f"({n - base} REST requests, {least} expected at least).")


def sim_symbols(sim):
    with urllib.request.urlopen(f"{sim.rest}/api/v3/exchangeInfo", timeout=10) as r:
        return [s["symbol"] for s in json.load(r)["symbols"]]


def trades_per_second(sim, symbol, bars=60):
    """The simulator's own trade rate for `symbol`: trades per closed 1m bar over the last
    `bars` minutes, per second."""
    url = f"{sim.rest}/api/v3/klines?symbol={symbol}&interval=1m&limit={bars + 1}"
    with urllib.request.urlopen(url, timeout=10) as r:
        rows = json.load(r)[:-1]
    return sum(int(row[8]) for row in rows) / (60.0 * len(rows)) if rows else None


def counters(sim):
    s = sim.stats()
    return {"t": time.monotonic(), "kline": s["kline_frames_sent"], "trade": s["trade_frames_sent"],
            "data": s["data_frames_sent"], "skipped": s["frames_skipped_slow_client"]}


# --- real-rates -------------------------------------------------------------------------------

def real_rates(args):
    sim = benchkit.Sim()
    _, env = benchkit.scratch_home("rates")
    mon = start_monitor(sim, env, "--refresh", 100)
    first = wait_for_screen(mon, b"BTCUSDT")
    log(f"first frame after {first:.2f} s; {args.warmup:.0f} s warm-up")
    mon.drain(args.warmup)
    window = args.seconds / args.windows
    rows = []
    c0, b0, s0 = benchkit.cpu_seconds(mon.pid), mon.total, counters(sim)
    for i in range(args.windows):
        mon.drain(window)
        alive(mon.proc, "the monitor")
        c1, b1, s1 = benchkit.cpu_seconds(mon.pid), mon.total, counters(sim)
        e = s1["t"] - s0["t"]
        msgs = (s1["kline"] - s0["kline"]) + (s1["trade"] - s0["trade"])
        rows.append({"seconds": rnd(e), "cpu_pct_core": rnd((c1 - c0) / e * 100, 3),
                     "pty_bytes_per_s": rnd((b1 - b0) / e, 1), "msgs_per_s": rnd(msgs / e, 3),
                     "kline_frames_per_s": rnd((s1["kline"] - s0["kline"]) / e, 3),
                     "trade_frames_per_s": rnd((s1["trade"] - s0["trade"]) / e, 3),
                     "all_data_frames_per_s": rnd((s1["data"] - s0["data"]) / e, 3)})
        log(f"window {i + 1}/{args.windows}: {rows[-1]}")
        c0, b0, s0 = c1, b1, s1
    n = len(DEFAULT_SYMBOLS)
    trades = {s: rnd(trades_per_second(sim, s), 3) for s in DEFAULT_SYMBOLS}

    def col(key):
        s = benchkit.summary([r[key] for r in rows])
        return {k: (v if k == "n" else rnd(v, 3)) for k, v in s.items()}

    return {
        "subcommand": "real-rates",
        "setup": {"simulator": "thebot sim --speed 1 --seed 7", "symbols": DEFAULT_SYMBOLS,
                  "monitor": f"thebot monitor --refresh 100 (default watchlist, 1m), {COLS}x{ROWS} pty, "
                             "TERM=xterm-256color",
                  "warmup_s": args.warmup, "window_s": rnd(window), "first_frame_s": rnd(first)},
        "windows": rows,
        "cpu_pct_core": col("cpu_pct_core"),
        "pty_bytes_per_s": col("pty_bytes_per_s"),
        "msgs_per_s": col("msgs_per_s"),
        "all_data_frames_per_s": col("all_data_frames_per_s"),
        "per_symbol": {
            "kline_frames_per_s": rnd(col("kline_frames_per_s")["median"] / n, 4),
            "trade_frames_per_s": rnd(col("trade_frames_per_s")["median"] / n, 4),
            # Kline + trade frames are counted by the simulator; the rest of its data frames
            # are the monitor's 24h ticker streams.
            "other_data_frames_per_s": rnd((col("all_data_frames_per_s")["median"]
                                            - col("msgs_per_s")["median"]) / n, 4),
            "simulator_trades_per_s": trades,
        },
        "binance_documented": {"kline_update_ms": 2000, "ticker_update_ms": 1000,
                               "note": "kline and ticker streams push on a timer; @trade/@aggTrade are real-time"},
    }


# --- idle -------------------------------------------------------------------------------------

def idle(args):
    sim = benchkit.Sim("--speed", "0.001")
    home_s, env_s = benchkit.scratch_home("idle-stream")
    out = os.path.join(home_s, "stream.ndjson")
    stream = benchkit.start_stream(sim, DEFAULT_SYMBOLS, env_s, out)
    _, env_m = benchkit.scratch_home("idle-monitor")
    mon = start_monitor(sim, env_m, "--refresh", args.refresh)
    wait_for_screen(mon, b"BTCUSDT")
    end = time.monotonic() + 30
    while True:
        mon.drain(0.2)
        alive(stream, "thebot stream")
        with open(out, "rb") as f:
            got = b'"type":"candle"' in f.read()
        # Each of the two connections gets one first kline frame per symbol at once.
        if got and sim.stats()["kline_frames_sent"] >= 2 * len(DEFAULT_SYMBOLS):
            break
        if time.monotonic() > end:
            raise BenchError("the stream or the monitor had no data from the simulator within 30 s.")
    log(f"first data in; {args.warmup:.0f} s warm-up, then {args.seconds:.0f} s")
    mon.drain(args.warmup)
    t0, s0, b0 = time.monotonic(), counters(sim), mon.total
    c0 = {"stream": benchkit.cpu_seconds(stream.pid), "monitor": benchkit.cpu_seconds(mon.pid)}
    mon.drain(args.seconds)
    alive(stream, "thebot stream")
    alive(mon.proc, "the monitor")
    t1, s1, b1 = time.monotonic(), counters(sim), mon.total
    c1 = {"stream": benchkit.cpu_seconds(stream.pid), "monitor": benchkit.cpu_seconds(mon.pid)}
    e = t1 - t0
    procs = {}
    for name, pid in (("stream", stream.pid), ("monitor", mon.pid)):
        procs[name] = {"cpu_s": rnd(c1[name] - c0[name], 3), "cpu_pct_core": rnd((c1[name] - c0[name]) / e * 100, 3),
                       **memory(pid)}
    procs["monitor"]["pty_bytes_per_s"] = rnd((b1 - b0) / e, 1)
    return {
        "subcommand": "idle",
        "setup": {"simulator": "thebot sim --speed 0.001 --seed 7", "symbols": DEFAULT_SYMBOLS,
                  "stream": "thebot stream --json --no-signals (1m), stdout to a file",
                  "monitor": f"thebot monitor --refresh {args.refresh} (default watchlist, 1m), {COLS}x{ROWS} pty",
                  "warmup_s": args.warmup, "window_s": rnd(e)},
        "data_frames_in_window": s1["data"] - s0["data"],
        **procs,
    }


# --- rss --------------------------------------------------------------------------------------

def toml_list(items):
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


def rss(args):
    intervals = [x.strip() for x in args.intervals.split(",") if x.strip()]
    if not 1 <= len(intervals) <= 9:
        raise BenchError("--intervals takes one to nine intervals (keys 1-9 pick them).")
    sim = benchkit.Sim()
    listed = sim_symbols(sim)
    if len(listed) < args.symbols:
        raise BenchError(f"the simulator lists {len(listed)} symbols, fewer than the {args.symbols} asked for.")
    symbols = listed[:args.symbols]
    home, env = benchkit.scratch_home("rss")
    benchkit.write_config(home, f"symbols = {toml_list(symbols)}\nintervals = {toml_list(intervals)}\n"
                                f"\n[endpoints]\nhistory_bars = {args.bars}\n")
    mon = start_monitor(sim, env, "--refresh", args.refresh)
    wait_for_screen(mon, symbols[0].encode())
    # One backfill per series: at least its klines request.
    visits = []
    for i, interval in enumerate(intervals + intervals[:1]):
        if i > 0:
            mon.send(str(intervals.index(interval) + 1))
        # The first backfill may have begun before the first frame: count from the start.
        requests, took = wait_rest_settled(sim, mon, mon.proc, least=len(symbols) if i < len(intervals) else 0,
                                           base=0 if i == 0 else None)
        log(f"interval {interval}: backfill settled after {took:.1f} s ({requests} REST requests); {args.settle:.0f} s more")
        mon.drain(args.settle)
        alive(mon.proc, "the monitor")
        visits.append({"interval": interval, "revisit": i >= len(intervals), "rest_requests": requests,
                       "backfill_s": rnd(took), **memory(mon.pid)})
        log(f"  {visits[-1]}")
    mon.stop()
    revisit = visits[-1]
    dropped = revisit["rest_requests"] >= len(symbols)

    # The stream holds every symbol x interval at once.
    _, env_s = benchkit.scratch_home("rss-stream")
    base = sim.stats()["rest_requests"]
    stream = benchkit.start_stream(sim, symbols, env_s, os.devnull,
                                   extra=["--interval", ",".join(intervals), "--history-bars", str(args.bars)])
    requests, took = wait_rest_settled(sim, None, stream, least=len(symbols) * len(intervals), base=base)
    log(f"stream: backfill settled after {took:.1f} s ({requests} REST requests); {args.settle:.0f} s more")
    time.sleep(args.settle)
    alive(stream, "thebot stream")
    stream_mem = {"series": len(symbols) * len(intervals), "rest_requests": requests, "backfill_s": rnd(took),
                  **memory(stream.pid)}
    return {
        "subcommand": "rss",
        "setup": {"symbols": symbols, "intervals": intervals, "history_bars": args.bars,
                  "monitor": f"thebot monitor --refresh {args.refresh}, config symbols/intervals/history_bars, "
                             f"{COLS}x{ROWS} pty",
                  "settled": f"no new REST request for 3 s, then {args.settle:.0f} s",
                  "backfill_s": "from the first frame (first visit) or the key press to the last REST request"},
        "monitor": {
            "series_held_at_once": len(symbols),
            "series_total": len(symbols) * len(intervals),
            "holds_only_interval_on_screen": dropped,
            "how_loaded": "each interval visited in turn with its number key (1..n), then the first again",
            "visits": visits,
            "vmrss_mib_max": max(v["vmrss_mib"] for v in visits),
            "vmhwm_mib": visits[-1]["vmhwm_mib"],
        },
        "stream_all_series": stream_mem,
    }


# --- growth -----------------------------------------------------------------------------------

def growth_run(client, rate, messages, timeout):
    """One client on its own firehose simulator until it was sent `messages` frames. Returns
    the figures, or None when the client left more than 1 % unread during the warm-up."""
    sim = benchkit.Sim("--firehose", rate)
    mon = proc = None
    try:
        if client == "stream":
            _, env = benchkit.scratch_home("growth-stream")
            proc = benchkit.start_stream(sim, DEFAULT_SYMBOLS, env, os.devnull)
            pid = proc.pid
        else:
            _, env = benchkit.scratch_home("growth-monitor")
            mon = start_monitor(sim, env, "--refresh", 100)
            proc, pid = mon.proc, mon.pid
            wait_for_screen(mon, b"BTCUSDT")
        start = time.monotonic()
        warm_at, warm = messages // 10, None
        base = counters(sim)
        while True:
            pause(mon, 0.2)
            alive(proc, f"thebot {client}")
            s = counters(sim)
            sent = (s["kline"] + s["trade"]) - (base["kline"] + base["trade"])
            if warm is None and sent >= warm_at:
                skipped = s["skipped"] - base["skipped"]
                if skipped > 0.01 * (sent + skipped):
                    log(f"{client} at {rate}/s: {skipped} of {sent + skipped} frames left unread in the warm-up")
                    return None
                warm = {"messages": sent, "seconds": rnd(s["t"] - start), "cpu_s": benchkit.cpu_seconds(pid),
                        "t": s["t"], "sent": sent, "skipped": s["skipped"], **memory(pid)}
                log(f"{client}: warm-up done at {sent} frames: {warm['vmrss_mib']} MiB")
            if sent >= messages:
                end = {"messages": sent, "seconds": rnd(s["t"] - start), **memory(pid)}
                cpu = benchkit.cpu_seconds(pid)
                e = s["t"] - warm["t"]
                skipped_total = s["skipped"] - base["skipped"]
                pop = lambda d: {k: v for k, v in d.items() if k not in ("t", "sent", "skipped", "cpu_s")}  # noqa: E731
                return {"rate": rate, "warm": pop(warm), "end": end,
                        "rss_growth_mib": rnd(end["vmrss_mib"] - warm["vmrss_mib"]),
                        "fds_change": end["fds"] - warm["fds"], "threads_change": end["threads"] - warm["threads"],
                        "msgs_per_s_after_warmup": rnd((sent - warm["sent"]) / e, 1),
                        "cpu_pct_core_after_warmup": rnd((cpu - warm["cpu_s"]) / e * 100, 2),
                        "frames_skipped_slow_client": skipped_total,
                        "skipped_fraction": rnd(skipped_total / (sent + skipped_total), 5)}
            if time.monotonic() - start > timeout:
                raise BenchError(f"thebot {client} was sent only {sent} of {messages} frames in {timeout:.0f} s.")
    finally:
        if mon is not None:
            mon.stop()
        elif proc is not None and proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=5)
        sim.stop()


def growth(args):
    result = {"subcommand": "growth",
              "setup": {"messages": args.messages, "symbols": DEFAULT_SYMBOLS,
                        "stream": "thebot stream --json --no-signals (1m), stdout to /dev/null",
                        "monitor": f"thebot monitor --refresh 100, {COLS}x{ROWS} pty",
                        "warmup": "the first 10 % of the messages",
                        "keeps_up": "at most 1 % of frames skipped in the warm-up, else half the rate"}}
    for client in args.clients.split(","):
        rate, tried = args.rate, []
        while True:
            log(f"{client}: firehose {rate} frames/s until {args.messages} frames")
            timeout = args.messages / rate * 4 + 120
            run = growth_run(client, rate, args.messages, timeout)
            if run is not None:
                break
            tried.append(rate)
            rate //= 2
            if rate < args.min_rate:
                raise BenchError(f"thebot {client} did not keep up even at {tried[-1]} frames/s.")
        run["rates_too_fast"] = tried
        result[client] = run
        log(f"{client}: {run['warm']['vmrss_mib']} -> {run['end']['vmrss_mib']} MiB")
    return result


# --- main -------------------------------------------------------------------------------------

def on_sigterm(*_):
    """SIGTERM ends the run like Ctrl-C: through the cleanup in main."""
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description="Process-level figures of thebot, measured from outside.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("real-rates", help="the monitor at the simulator's real pace")
    p.add_argument("--seconds", type=float, default=300)
    p.add_argument("--windows", type=int, default=5)
    p.add_argument("--warmup", type=float, default=10)
    p = sub.add_parser("idle", help="stream and monitor on a market that barely moves")
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--warmup", type=float, default=5)
    p.add_argument("--refresh", type=int, default=100)
    p = sub.add_parser("rss", help="resident memory with many series")
    p.add_argument("--symbols", type=int, default=20)
    p.add_argument("--intervals", default="1m,5m")
    p.add_argument("--bars", type=int, default=500)
    p.add_argument("--settle", type=float, default=10)
    p.add_argument("--refresh", type=int, default=100)
    p = sub.add_parser("growth", help="memory, descriptors and threads over many messages")
    p.add_argument("--messages", type=int, default=10_000_000)
    p.add_argument("--rate", type=int, default=100_000)
    p.add_argument("--min-rate", type=int, default=5_000)
    p.add_argument("--clients", default="stream,monitor", help="stream, monitor or both, one after the other")
    args = parser.parse_args()

    if getattr(args, "windows", 1) < 1 or getattr(args, "seconds", 1) <= 0:
        parser.error("--seconds and --windows must be positive.")
    binary = benchkit.binary()
    if not os.access(binary, os.X_OK):
        print(f"bench_process: {binary} is missing; build it with "
              "`swift build -c release --product thebot` (or set BIN).", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, on_sigterm)
    run = {"real-rates": real_rates, "idle": idle, "rss": rss, "growth": growth}[args.command]
    try:
        started = time.time()
        result = run(args)
        result["machine"] = benchkit.machine()
        result["binary"] = os.path.basename(binary)
        result["wall_s"] = rnd(time.time() - started, 1)
        print(json.dumps(result, indent=2))
        return 0
    except BenchError as e:
        print(f"bench_process: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench_process: interrupted.", file=sys.stderr)
        return 130
    finally:
        benchkit.stop_all()


if __name__ == "__main__":
    sys.exit(main())
