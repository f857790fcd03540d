#!/usr/bin/env python3
"""`make bench`: every figure the project quotes, measured in one run, written to BENCHMARKS.md.

    make bench                         # builds the release binaries, then runs this
    scripts/bench.py [--only a,b] [--quick] [--out FILE]

Each measure runs the release binaries (`thebot`, `thebot-bench`) and, where the goal is a ratio,
its peer in the same run. Figures are the median of repeated runs with their spread (min–max).
Process figures (CPU, bytes, memory, latency to the screen) come from outside the process:
/proc/PID/stat and status, and the bytes read from the pty master the monitor writes to.

The Python peers (orjson, the TA-Lib recompute pipeline, cryptofeed) run in their own virtualenv,
`.bench-venv`, made from `Benchmarks/requirements.txt`; when it cannot be made the document says
the peer was not run and everything else still runs.

--quick shortens every window (for trying the script; its figures are not the ones to quote).
--only runs some measures and writes the document with the others marked "not run".
Environment: BIN and BENCH_BIN (the binaries; default .build/release/thebot and thebot-bench).
"""
import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchkit  # noqa: E402

ROOT = benchkit.ROOT
VENV = os.path.join(ROOT, ".bench-venv")
REQUIREMENTS = os.path.join(ROOT, "Benchmarks/requirements.txt")
KLINE_STREAM = "Tests/Fixtures/oracle/kline_stream.jsonl"


def log(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)


def run(argv, env=None, timeout=1800, cwd=ROOT):
    """Runs a command; returns its stdout (raises with its stderr on failure)."""
    started = time.monotonic()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"{' '.join(map(str, argv[:3]))} exited {done.returncode}: " + " / ".join(tail))
    log(f"  {' '.join(map(str, argv[:4]))} took {time.monotonic() - started:.0f} s")
    return done.stdout


def bench_bin():
    path = os.environ.get("BENCH_BIN", os.path.join(ROOT, ".build/release/thebot-bench"))
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


# --- the peers' virtualenv ----------------------------------------------------------------------

class Venv:
    def __init__(self):
        self.python = None
        self.why = None
        self.versions = {}

    def make(self):
        python = os.path.join(VENV, "bin/python")
        stamp = os.path.join(VENV, ".requirements")
        wanted = open(REQUIREMENTS).read() + open(os.path.join(ROOT, "Benchmarks/peer/requirements.txt")).read()
        try:
            if not (os.path.exists(python) and os.path.exists(stamp) and open(stamp).read() == wanted):
                base = shutil.which("python3")
                if not base:
                    raise RuntimeError("python3 is not installed")
                log("making the peers' virtualenv (.bench-venv) from Benchmarks/requirements.txt")
                run([base, "-m", "venv", "--clear", VENV], timeout=300)
                run([python, "-m", "pip", "install", "-q", "-r", REQUIREMENTS], timeout=900)
                with open(stamp, "w") as f:
                    f.write(wanted)
            out = run([python, "-c", "import sys, importlib.metadata as m, orjson, talib, numpy, cryptofeed, uvloop; "
                       "print(sys.version.split()[0], *(m.version(p) for p in "
                       "('orjson', 'ta-lib', 'numpy', 'cryptofeed', 'uvloop')))"])
            v = out.split()
            self.versions = dict(zip(["Python", "orjson", "TA-Lib (Python)", "numpy", "cryptofeed", "uvloop"], v))
            self.python = python
        except Exception as e:  # noqa: BLE001 - any failure means "peer not run"
            self.why = f"the peers' virtualenv could not be made ({one_line(e)})"
            log(self.why)


def one_line(error):
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


# --- results ----------------------------------------------------------------------------------

class Figure:
    """One figure: its runs, median and spread, unit and goal."""

    def __init__(self, values, unit, fmt="{:,.0f}"):
        self.values = [v for v in values if v is not None]
        self.unit = unit
        self.fmt = fmt

    @property
    def median(self):
        return statistics.median(self.values) if self.values else None

    def text(self, spread=True):
        if not self.values:
            return "–"
        f = self.fmt
        s = f.format(self.median) + (f" {self.unit}" if self.unit else "")
        if spread and len(self.values) > 1:
            s += f" ({f.format(min(self.values))}–{f.format(max(self.values))}, n={len(self.values)})"
        return s


class Results:
    """Rows and sections, kept in the order of MEASURES whatever order the measures ran in."""

    def __init__(self):
        self.rows = []      # (measure, figure text, goal text, verdict, section anchor)
        self.sections = []  # (title, markdown)
        self.notes = []
        self.order = 0
        self._row_order = []
        self._section_order = []

    def row(self, measure, figure, goal, met, anchor):
        verdict = "–" if met is None else ("met" if met else "**missed**")
        self.rows.append((measure, figure, goal, verdict, anchor))
        self._row_order.append((self.order, len(self.rows)))

    def section(self, title, body):
        self.sections.append((title, body.strip() + "\n"))
        self._section_order.append((self.order, len(self.sections)))

    def sort(self):
        self.rows = [r for _, r in sorted(zip(self._row_order, self.rows), key=lambda x: x[0])]
        self.sections = [t for _, t in sorted(zip(self._section_order, self.sections), key=lambda x: x[0])]
        self._row_order.sort()
        self._section_order.sort()


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def anchor(title):
    return "#" + re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")


# --- thebot-bench ---------------------------------------------------------------------------

def thebot_bench(section, env=None):
    full = dict(os.environ)
    full.update(env or {})
    return run([bench_bin(), section], env=full, timeout=900)


def number(pattern, text, cast=float):
    m = re.search(pattern, text)
    return cast(m.group(1).replace(",", "")) if m else None


# --- measures ---------------------------------------------------------------------------------
# Each takes (results, venv, opts) and adds its rows and its section.

def measure_decoder(res, venv, opts):
    """Kline frames decoded per second on one core, against orjson parsing the same frames."""
    frames_file = os.path.join(opts.work, "decoder-frames.jsonl")
    ours, peer = [], []
    for _ in range(opts.repeats):
        out = thebot_bench("decoder", {"DECODER_FRAMES_OUT": frames_file,
                                       "DECODER_FRAMES": str(int(200000 * opts.quick_scale)), "DECODER_FOUNDATION": "0"})
        ours.append(number(r"decoder_kline_frames_per_s\s+([\d.]+)", out))
        if venv.python:
            p = run([venv.python, "Benchmarks/peer/decode_peer.py", frames_file])
            peer.append(number(r"orjson_frames_per_s:?\s+([\d,.]+)", p))
    f = Figure(ours, "frames/s")
    ratios = [a / b for a, b in zip(ours, peer) if a and b]
    if peer:
        r = Figure(ratios, "×", "{:.1f}")
        res.row("`stream` decoder, kline frames/s on one core, against orjson parse-only", f"{f.text(False)}; {r.text()} orjson",
                "≥ 8× orjson", r.median >= 8 if r.values else None, "Decoder")
    else:
        res.row("`stream` decoder, kline frames/s on one core", f.text(), "≥ 8× orjson", None, "Decoder")
    body = f"""
`thebot-bench decoder` (`Sources/thebot-bench/DecoderBench.swift`) decodes 200,000 combined kline
frames (`{{"stream":"btcusdt@kline_1m","data":{{…}}}}`, about 330 bytes each) with the byte-level
stream decoder. They are **synthetic**: one real 2020 BTCUSDT frame with its numbers varied per
frame. The same frames are written to a file (`DECODER_FRAMES_OUT`) and parsed by
`Benchmarks/peer/decode_peer.py` with `orjson.loads`, which is what a Python client does first with
each frame. Both sides time one thread's CPU clock, median of their passes.

{table(["run", "thebot decoder (frames/s)", "orjson parse (frames/s)", "ratio"],
       [(i + 1, f"{a:,.0f}" if a else "–", f"{b:,.0f}" if b else "not run", f"{a / b:.1f}×" if a and b else "–")
        for i, (a, b) in enumerate(zip(ours, peer or [None] * len(ours)))])}
"""
    if not venv.python:
        body += f"\nThe peer was not run: {venv.why}.\n"
    res.section("Decoder", body)
    try:
        os.remove(frames_file)
    except OSError:
        pass


def measure_pipeline(res, venv, opts):
    """The in-process pipeline on kline_stream.jsonl against the Python recompute peer."""
    ours, peer, parse = [], [], []
    for _ in range(opts.repeats):
        out = thebot_bench("pipeline", {"KLINE_STREAM": KLINE_STREAM})
        ours.append(number(r"pipeline_msgs_per_s:\s+([\d,.]+)", out))
        if "MISMATCH" in out:
            raise RuntimeError("the pipeline's committed values do not match the oracle")
        if venv.python:
            p = run([venv.python, "Benchmarks/peer/peer_bench.py", "--stream-in", KLINE_STREAM])
            peer.append(number(r"peer_recompute_msgs_per_s:\s+([\d.]+)", p))
            parse.append(number(r"peer_parse_msgs_per_s:\s+([\d.]+)", p))
    f = Figure(ours, "msgs/s")
    ratios = [a / b for a, b in zip(ours, peer) if a and b]
    r = Figure(ratios, "×", "{:.1f}")
    res.row("in-process pipeline on `kline_stream.jsonl`, against the Python recompute peer",
            f"{f.text(False)}; {r.text()} the peer" if peer else f.text(), "≥ 40×",
            (r.median >= 40) if ratios else None, "Pipeline")
    body = f"""
`KLINE_STREAM={KLINE_STREAM} thebot-bench pipeline` (`PipelineBench.swift`). The input is
**generated from daily candles**: 19,936 Binance-format kline messages built from the real BTCUSDT
daily OHLCV rows of the oracle data, 16 per candle (15 forming, 1 closing), as
`Tests/Fixtures/oracle/SOURCES.md` says. Each message is decoded, turned into a bar, kept in the
forming-bar series, and every forming message previews the whole default indicator list (16
specs, 21 columns) while a closing one commits it; the committed values are checked against
TA-Lib's. The peer, `Benchmarks/peer/peer_bench.py`, does what a typical Python monitor does per
message: orjson parse, a 500-candle window, TA-Lib recompute of RSI, EMA12, EMA26, MACD and
BBANDS. Wall time, median of the passes each side makes.

{table(["run", "thebot (msgs/s)", "peer recompute (msgs/s)", "peer parse-only (msgs/s)", "thebot / recompute"],
       [(i + 1, f"{a:,.0f}", f"{b:,.0f}" if b else "not run", f"{c:,.0f}" if c else "not run", f"{a / b:.1f}×" if a and b else "–")
        for i, (a, b, c) in enumerate(zip(ours, peer or [None] * len(ours), parse or [None] * len(ours)))])}
"""
    if not venv.python:
        body += f"\nThe peer was not run: {venv.why}.\n"
    res.section("Pipeline", body)


LIVE_ROW = re.compile(r"^(\d+)\s+(thebot stream|thebot monitor|cryptofeed)\s+(\d+)\s+([\d.]+)\s+(\S+)\s+([\d.]+)\s+"
                      r"([\d.]+)\s+(\S+)\s+(\d+)\s+(yes|no)\s*$")


def bench_live(rates, clients, secs, warmup, venv):
    env = dict(os.environ, BIN=benchkit.binary(), RATES=" ".join(map(str, rates)), CLIENTS=clients, IDLE="0",
               WARMUP=str(warmup))
    if venv.python:
        env["PEER_VENV"] = VENV
    else:
        env["PEER"] = "0"
    out = run(["bash", "scripts/bench-live.sh", str(secs)], env=env, timeout=1800)
    rows = []
    for line in out.splitlines():
        m = LIVE_ROW.match(line.strip())
        if m:
            rows.append({"rate": int(m.group(1)), "process": m.group(2), "msgs_per_s": float(m.group(3)),
                         "cpu_s": float(m.group(4)), "us_per_msg": None if m.group(5) == "-" else float(m.group(5)),
                         "core_pct": float(m.group(6)), "rss_mib": float(m.group(7)), "lag": m.group(8),
                         "skipped": int(m.group(9)), "kept_up": m.group(10) == "yes"})
    return rows


def measure_live(res, venv, opts):
    """`thebot stream` CPU per message at 10k msgs/s against cryptofeed, same simulator build, same run."""
    clients = "stream peer" if venv.python else "stream"
    runs = []
    for _ in range(opts.repeats):
        runs.append(bench_live([10000], clients, opts.live_secs, opts.warmup, venv))
    ours = [next((r["us_per_msg"] for r in rows if r["process"] == "thebot stream"), None) for rows in runs]
    peer = [next((r["us_per_msg"] for r in rows if r["process"] == "cryptofeed"), None) for rows in runs]
    ratios = [b / a for a, b in zip(ours, peer) if a and b]
    f = Figure(ours, "µs/msg", "{:.2f}")
    r = Figure(ratios, "×", "{:.1f}")
    res.row("`thebot stream` CPU per message at 10k msgs/s, against cryptofeed",
            f"{f.text(False)}; cryptofeed {r.text()} more" if ratios else f.text(), "≤ 1/10 of cryptofeed",
            (r.median >= 10) if ratios else None, "Live feed")
    lines = []
    for i, rows in enumerate(runs):
        for row in rows:
            lines.append((i + 1, row["process"], f"{row['msgs_per_s']:,.0f}", f"{row['cpu_s']:.2f}",
                          f"{row['us_per_msg']:.2f}" if row["us_per_msg"] else "–", f"{row['core_pct']:.1f}",
                          f"{row['rss_mib']:.1f}", row["lag"], "yes" if row["kept_up"] else f"no ({row['skipped']:,} skipped)"))
    body = f"""
`scripts/bench-live.sh` (also `make bench-live`) starts `thebot sim --firehose 10000` (10,000
**synthetic** kline and trade frames a second from the simulator's market, in 10 ms bursts, 8
symbols) and one client at a time on its own simulator: `thebot stream --json --no-signals`
(stdout a pipe drained into a file) and the Python library cryptofeed (uvloop) with its Binance
addresses pointed at the simulator. CPU is utime+stime from `/proc/PID/stat` over a
{opts.live_secs} s window after {opts.warmup} s of warm-up, messages are the frames the simulator
wrote to that client; each run measures both, one after the other. The script's header says
exactly how lag and "kept up" are read.

{table(["run", "process", "msgs/s", f"CPU s ({opts.live_secs} s)", "µs/msg", "% of one core", "peak RSS MiB", "lag s", "kept up"], lines)}
"""
    if not venv.python:
        body += f"\ncryptofeed was not run: {venv.why}.\n"
    res.section("Live feed", body)


def measure_max_rate(res, venv, opts):
    """The highest firehose rate `thebot stream` keeps up with (lag under 1 s, 99 % received)."""
    rates = opts.max_rates
    rows = bench_live(rates, "stream", opts.rate_secs, opts.warmup, venv)
    kept = [r["rate"] for r in rows if r["kept_up"]]
    best = max(kept) if kept else None
    res.row("highest sustained rate of `thebot stream` (lag < 1 s)",
            f"≥ {best:,} msgs/s (the highest rate tried{' and kept up with' if best == max(rates) else ''})" if best else "none of the rates tried",
            "≥ 100k msgs/s", (best or 0) >= 100000, "Highest sustained rate")
    lines = [(f"{r['rate']:,}", f"{r['msgs_per_s']:,.0f}", f"{r['us_per_msg']:.2f}" if r["us_per_msg"] else "–",
              f"{r['core_pct']:.1f}", r["lag"], f"{r['skipped']:,}", "yes" if r["kept_up"] else "no") for r in rows]
    res.section("Highest sustained rate", f"""
`thebot stream` alone on `thebot sim --firehose RATE` for each rate, {opts.rate_secs} s windows
(`scripts/bench-live.sh`, `CLIENTS=stream`). It keeps up when it finishes what was sent within 1 s
of the feed pausing and received at least 99 % of the frames (the simulator skips frames for a
client whose socket is still full). The simulator runs on the same 2 cores, so the highest rate
tried is also bounded by the simulator's own work.

{table(["rate", "msgs/s received", "µs/msg", "% of one core", "lag s", "skipped", "kept up"], lines)}
""")


def measure_signal_latency(res, venv, opts):
    """Frame received → signal emitted, in process, HdrHistogram."""
    runs = []
    for _ in range(opts.repeats):
        out = thebot_bench("signal-latency", {"SIGNAL_LATENCY_FRAMES": str(int(15000 * opts.quick_scale) or 1000),
                                              "SIGNAL_LATENCY_PACED_FRAMES": str(int(15000 * opts.quick_scale) or 1000),
                                              "SIGNAL_LATENCY_RATE": "1000"})
        m = re.search(r"signal-latency (paced [\d,]+/s): frame -> signal emitted, frames that fired: n=(\d+) p50 ([\d.]+) us, "
                      r"p99 ([\d.]+) us, p99\.9 ([\d.]+) us, max ([\d.]+) us", out)
        if not m:
            raise RuntimeError("thebot-bench signal-latency printed no paced 'frame -> signal emitted' line")
        runs.append({"label": m.group(1), "n": int(m.group(2)), "p50": float(m.group(3)), "p99": float(m.group(4)),
                     "p999": float(m.group(5)), "max": float(m.group(6))})
    p50 = Figure([r["p50"] for r in runs], "µs", "{:.1f}")
    p99 = Figure([r["p99"] for r in runs], "µs", "{:.1f}")
    mx = Figure([r["max"] for r in runs], "µs", "{:.0f}")
    res.row("frame received → signal emitted (HdrHistogram)", f"p50 {p50.text(False)}, p99 {p99.text()}, max {mx.text(False)}",
            "p99 < 1 ms", p99.median < 1000, "Frame to signal")
    res.section("Frame to signal", f"""
`thebot-bench signal-latency` (`SignalLatencyBench.swift`): 15,000 combined kline frames of a
**synthetic** market (20 symbols, 1m, a swinging price so the default rules fire), fed at a steady
pace ({runs[0]['label']}) through the path the live feed takes, in process: the venue's frame
decoder appends the candle to a batch, the series store folds it into the bars, the default
indicators and the default rules, and hands the signals to its readers. For every frame that
fires, the time from the frame's bytes being handed to the decoder to the reader receiving the
signals goes into an HdrHistogram (3 significant digits); the figures are its percentiles, in µs.
The socket read before the decoder is not included (see the frame-to-screen figure for the whole
path measured from outside).

{table(["run", "frames that fired", "p50 µs", "p99 µs", "p99.9 µs", "max µs"],
       [(i + 1, f"{r['n']:,}", f"{r['p50']:.1f}", f"{r['p99']:.1f}", f"{r['p999']:.1f}", f"{r['max']:.0f}") for i, r in enumerate(runs)])}
""")


def measure_frame(res, venv, opts):
    """Compose and paint a 200x60 frame."""
    runs = []
    for _ in range(opts.repeats):
        out = thebot_bench("frame", {"FRAME_PAINT_TRUECOLOR": "0",
                                     "FRAME_PAINT_FRAMES": str(int(2000 * opts.quick_scale) or 200)})
        runs.append({k: number(rf"{k}:?\s+([\d.]+)", out) for k in
                     ("compose_paint_200x60_p50_us", "compose_paint_200x60_p99_us", "compose_paint_200x60_max_us",
                      "compose_paint_200x60_bytes_per_frame")})
    p50 = Figure([r["compose_paint_200x60_p50_us"] for r in runs], "µs", "{:.0f}")
    p99 = Figure([r["compose_paint_200x60_p99_us"] for r in runs], "µs", "{:.0f}")
    res.row("compose and paint a 200x60 frame", f"p50 {p50.text(False)}, p99 {p99.text()}", "p99 < 2 ms",
            p99.median < 2000 if p99.values else None, "Compose and paint")
    res.section("Compose and paint", f"""
`thebot-bench frame` (`FrameBench.swift`): a full 200x60 frame (500 candles, overlays, bands, RSI
and MACD panes, watchlist, indicator table, signals, a toast) of a **synthetic** market that moves
between frames is composed into a cell buffer, diffed against the previous frame and painted
with the monitor's own ncurses screen (`newterm` for xterm-256color, 256 colours) onto a
pseudo-terminal that another thread drains, ncurses' write included. Wall time per frame over
2,000 frames after a warm-up.

{table(["run", "p50 µs", "p99 µs", "max µs", "bytes per frame"],
       [(i + 1, *(f"{r[k]:,.0f}" if r[k] is not None else "–" for k in
                  ("compose_paint_200x60_p50_us", "compose_paint_200x60_p99_us", "compose_paint_200x60_max_us",
                   "compose_paint_200x60_bytes_per_frame"))) for i, r in enumerate(runs)])}
""")


def measure_reconnect(res, venv, opts):
    """Drop → live again; drop → backfill complete."""
    runs = []
    for _ in range(opts.repeats):
        out = thebot_bench("reconnect", {"RECONNECT_DROPS": str(int(10 * opts.quick_scale) or 3)})
        row = {}
        for key in ("drop_to_live", "drop_to_backfilled"):
            m = re.search(rf"reconnect\.{key} ms median=([\d.]+) p90=([\d.]+) max=([\d.]+) n=(\d+)", out)
            if not m:
                raise RuntimeError(f"thebot-bench reconnect printed no {key} line")
            row[key] = {"median": float(m.group(1)), "p90": float(m.group(2)), "max": float(m.group(3)), "n": int(m.group(4))}
        runs.append(row)
    live = Figure([r["drop_to_live"]["median"] for r in runs], "ms", "{:.1f}")
    back = Figure([r["drop_to_backfilled"]["median"] for r in runs], "ms", "{:.1f}")
    back_max = max(r["drop_to_backfilled"]["max"] for r in runs)
    res.row("drop → live again", f"p50 {live.text()}", "p50 < 1 s", live.median < 1000, "Reconnect")
    res.row("drop → backfill complete", f"p50 {back.text()}; max {back_max:.1f} ms", "< 2 s", back_max < 2000, "Reconnect")
    res.section("Reconnect", f"""
`thebot-bench reconnect` (`ReconnectBench.swift`): the stream manager on the simulator (in
process, loopback) with the connection dropped by the server again and again; per drop, the time
from the drop to the first live frame on the new connection, and to the REST backfill of the gap
being complete. The simulator's market is **synthetic**.

{table(["run", "drops", "drop → live p50 / p90 / max (ms)", "drop → backfill p50 / p90 / max (ms)"],
       [(i + 1, r["drop_to_live"]["n"],
         "{median:.1f} / {p90:.1f} / {max:.1f}".format(**r["drop_to_live"]),
         "{median:.1f} / {p90:.1f} / {max:.1f}".format(**r["drop_to_backfilled"])) for i, r in enumerate(runs)])}
""")


def script_json(argv, timeout=1800):
    return json.loads(run([sys.executable, *argv], env=dict(os.environ, BIN=benchkit.binary()), timeout=timeout))


# --- profiles for missed goals ----------------------------------------------------------------

def perf_top(argv=None, pid=None, seconds=10, limit=8):
    """The hottest symbols of a command (or a running pid) by `perf record -e cpu-clock`."""
    perf = shutil.which("perf")
    if not perf:
        return None
    data = os.path.join(BENCH_WORK, f"perf-{time.monotonic_ns()}.data")
    target = ["-p", str(pid), "--", "sleep", str(seconds)] if pid else ["--", *argv]
    try:
        subprocess.run([perf, "record", "-q", "-e", "cpu-clock", "-F", "999", "-o", data, *target],
                       capture_output=True, timeout=seconds + 600, cwd=ROOT)
    except Exception:  # noqa: BLE001 - a profile is extra information
        return None
    return perf_report(data, limit)


def perf_report(data, limit=8):
    """The hottest symbols of a `perf record` file, demangled, with their library."""
    try:
        report = subprocess.run([shutil.which("perf") or "perf", "report", "-i", data, "--stdio", "--no-children",
                                 "--sort", "dso,symbol", "--percent-limit", "1.5"],
                                capture_output=True, text=True, timeout=300).stdout
    except Exception:  # noqa: BLE001
        return None
    found = []
    for line in report.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(\S+)", line)
        if m:
            found.append((float(m.group(1)), m.group(2), m.group(3)))
        if len(found) >= limit:
            break
    names = [f[2] for f in found]
    try:  # Swift symbols, readable
        names = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(names), capture_output=True,
                               text=True, timeout=60).stdout.splitlines() or names
    except (OSError, subprocess.SubprocessError):
        pass
    rows = [f"{pct:.1f} % `{name[:120]}` ({dso})" for (pct, dso, _), name in zip(found, names)]
    return rows or None


# --- the document ---------------------------------------------------------------------------

MEASURES = {}  # name -> function, filled below in the order of the summary


def git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def swift_version():
    try:
        out = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout + \
              subprocess.run(["swift", "--version"], capture_output=True, text=True).stderr
        m = re.search(r"Swift version (\S+)", out)
        return m.group(1) if m else "unknown"
    except OSError:
        return "unknown"


def os_name():
    try:
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return "Linux"


def write_document(res, opts, venv, started, load_before, load_after, failures, skipped):
    res.sort()
    commit = git("rev-parse", "--short=12", "HEAD")
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    m = benchkit.machine()
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    minutes = (time.monotonic() - started) / 60
    make_started = os.environ.get("BENCH_MAKE_STARTED")
    whole = ""
    if make_started and make_started.isdigit():
        total = (time.time() - int(make_started)) / 60
        whole = f"; `make bench` took {total:.1f} minutes in all, build and virtualenv included"
    peers = ", ".join(f"{k} {v}" for k, v in venv.versions.items()) if venv.python else f"not run: {venv.why}"
    command = "make bench" + (f" ARGS='{' '.join(opts.argv)}'" if opts.argv else "")
    out = [f"""# Benchmarks

Every figure here comes from one run of `{command}` (`scripts/bench.py`), which rewrites this
file; do not edit it by hand. The run also states what each input is: **synthetic** (made by the
simulator or the benchmark), **recorded** (real exchange data) or **generated from daily candles**.

- Date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; the measures took {minutes:.1f} minutes{whole}.
- Commit: `{commit}`{dirty}.
- Machine: {m['cpu']}, {m['cores']} cores, {mem_gib:.0f} GiB, {os_name()}, Linux {m['kernel']};
  load average {' '.join(load_before)} at the start, {' '.join(load_after)} at the end.
- Build: Swift {swift_version()}, release (`swift build -c release`).
- Peers (`.bench-venv`, from `Benchmarks/requirements.txt`): {peers}.
- Each figure is the median of the runs, with the spread (min–max) and the number of runs in
  parentheses. Ratios are taken only between two sides of the same run.
""" + ("- **Quick run** (`--quick`): shortened windows; these figures are not the ones to quote.\n" if opts.quick else "")]
    out.append("## Summary\n")
    out.append(table(["measure", "result", "goal", ""],
                     [(f"[{r[0]}]({anchor(r[4])})", r[1], r[2], r[3]) for r in res.rows]))
    if failures:
        out.append("\nThese measures failed in this run:\n")
        out += [f"- {name}: {why}" for name, why in failures]
    if skipped:
        out.append("\nNot run in this run (`--only`): " + ", ".join(skipped) + ".")
    missed = [r for r in res.rows if r[3] == "**missed**"]
    if missed:
        out.append("\nMissed goals are discussed under [Missed goals](#missed-goals).")
    for title, body in res.sections:
        out.append(f"\n## {title}\n\n{body}")
    if res.notes:
        out.append("\n## Missed goals\n")
        out += res.notes
    out.append("""
## How to run

```sh
make bench                                  # everything above; rewrites BENCHMARKS.md
scripts/bench.py --only decoder,pipeline    # some measures (the others are marked "not run")
.build/release/thebot-bench SECTION         # one in-process section, printed
make bench-live RATES="1000 10000"          # the live feed at other rates, printed
```
""")
    text = "\n".join(out).replace("\n\n\n", "\n\n")
    with open(opts.out, "w") as f:
        f.write(text)
    log(f"wrote {os.path.relpath(opts.out, ROOT)}")


BENCH_WORK = None


def main():
    global BENCH_WORK
    p = argparse.ArgumentParser(description="Every benchmark figure in one run; rewrites BENCHMARKS.md.")
    p.add_argument("--only", default="", help="comma-separated measures: " + ", ".join(MEASURES))
    p.add_argument("--quick", action="store_true", help="short windows, for trying the script")
    p.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    p.add_argument("--make-venv", action="store_true", help="only make the peers' virtualenv")
    opts = p.parse_args()
    if opts.make_venv:
        venv = Venv()
        venv.make()
        return 0 if venv.python else 1
    opts.argv = sys.argv[1:]
    only = [s for s in opts.only.split(",") if s]
    unknown = [s for s in only if s not in MEASURES]
    if unknown:
        p.error(f"unknown measure {unknown[0]} (one of {', '.join(MEASURES)})")
    for path, what in ((benchkit.binary(), "thebot"), (bench_bin(), "thebot-bench")):
        if not os.access(path, os.X_OK):
            sys.exit(f"bench: {os.path.relpath(path, ROOT)} is missing; `make bench` builds it.")
    opts.repeats = 2 if opts.quick else 3
    opts.warmup = 2 if opts.quick else 3
    opts.live_secs = 5 if opts.quick else 10
    opts.rate_secs = 4 if opts.quick else 10
    opts.max_rates = [100000, 200000, 300000]
    opts.quick_scale = 0.1 if opts.quick else 1.0
    opts.screen_secs = 10 if opts.quick else 45
    opts.first_runs = 3 if opts.quick else 5
    opts.real_secs = 60 if opts.quick else 300
    opts.real_windows = 2 if opts.quick else 5
    opts.idle_secs = 10 if opts.quick else 40
    opts.growth_messages = 1_000_000 if opts.quick else 10_000_000
    BENCH_WORK = opts.work = benchkit.tempfile.mkdtemp(prefix="thebot-bench-")
    started = time.monotonic()
    load_before = benchkit.machine()["load"]
    venv = Venv()
    venv.make()
    res = Results()
    failures = []
    wanted = [n for n in MEASURES if not only or n in only]
    skipped = [n for n in MEASURES if n not in wanted]
    # The 5-minute monitor measurement runs beside the in-process sections (one core each).
    opts.background = {}
    beside = ["decoder", "pipeline", "frame", "signal-latency", "reconnect", "first-frame", "idle", "screen-latency"]
    if "real-rates" in wanted:
        opts.background["real-rates"] = start_real_rates(opts)
        wanted = [n for n in beside if n in wanted] + ["real-rates"] + [n for n in wanted if n not in beside + ["real-rates"]]
    try:
        for name in wanted:
            fn = MEASURES[name]
            res.order = list(MEASURES).index(name)
            log(f"{name}")
            t = time.monotonic()
            try:
                fn(res, venv, opts)
            except Exception as e:  # noqa: BLE001 - one failed measure must not lose the others
                failures.append((name, one_line(e)))
                log(f"{name} failed: {one_line(e)}")
            finally:
                benchkit.stop_all()
            log(f"{name}: {time.monotonic() - t:.0f} s")
        add_missed_notes(res, opts)
    finally:
        for proc in opts.background.values():
            proc.kill()
        load_after = benchkit.machine()["load"]
        write_document(res, opts, venv, started, load_before, load_after, failures, skipped)
        shutil.rmtree(opts.work, ignore_errors=True)
    return 1 if failures else 0


# What is known to dominate each measure and what would reduce it; printed only when its goal is
# missed in the run, under the profile taken in that run.
FIXES = {
    "Decoder": "The kline fast path copies each frame into a zero-padded buffer before reading it; "
               "reading in place when the buffer has room after the frame would remove that copy.",
    "Pipeline": "The preview of all 16 indicator specs dominates; previewing only the indicators on screen "
                "(or the ones a rule reads) would cut it.",
    "Live feed": "Per message the stream decodes, filters and writes one line: the decimal formatting and "
                 "the fast path's padded copy of each frame are the largest parts of the user time, the "
                 "kernel (socket reads and pipe writes) about a fifth. Fewer, larger writes and reading "
                 "frames in place would reduce it.",
    "Compose and paint": "Composing redraws every pane into the cell buffer each frame; composing only the "
                         "panes whose data changed would cut it.",
    "Frame to signal": "Signal rules are evaluated on every frame of the symbol; evaluating only rules whose "
                       "inputs changed would cut the tail.",
    "Monitor at Binance's rates": "The monitor redraws at most once per refresh; the chart and indicator "
                                  "panes are composed whole. Composing only changed panes would cut it.",
    "Idle": "At rest the process wakes for the status-bar clock (monitor, once a second) and the "
            "connection's ping and watchdog timers.",
    "Frame to screen": "A frame waits for the next refresh tick (100 ms) before it is drawn; drawing a "
                       "changed price at once when the last frame is older than the refresh would cut it.",
    "Memory": "Most of the resident set is code: the binary (NIO, TLS, SQLite bindings linked in) and the "
              "Swift runtime and Foundation libraries are file-backed pages counted in full; the bars and "
              "indicators of 40 series add a few MiB. Linking only FoundationEssentials and leaving "
              "unused dependencies out of the monitor's binary would cut the fixed part.",
    "Start to first frame": "With `--demo` most of the start is the simulator in the same process generating the "
                            "minutes of trades behind the history it serves (`MinuteTrades.walk` and its "
                            "sin/cos/log/exp), on the same cores as the monitor's backfill; against an exchange "
                            "that work does not exist. Generating only the minutes a REST request asks for, "
                            "and caching them, would cut it.",
}


def profile_for(title, opts):
    """A profile of the process behind a section, taken after its measure (not during it)."""
    if title in ("Decoder", "Pipeline", "Compose and paint", "Frame to signal", "Reconnect"):
        section = {"Decoder": "decoder", "Pipeline": "pipeline", "Compose and paint": "frame",
                   "Frame to signal": "signal-latency", "Reconnect": "reconnect"}[title]
        return (f"`perf record -e cpu-clock -- thebot-bench {section}`",
                perf_top(argv=[bench_bin(), section]))
    if title == "Live feed":
        sim = benchkit.Sim("--firehose", 10000)
        _, env = benchkit.scratch_home("profile")
        proc = benchkit.start_stream(sim, ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT",
                                           "DOGEUSDT", "SHIBUSDT"], env, os.path.join(opts.work, "profile.out"))
        time.sleep(3)
        rows = perf_top(pid=proc.pid, seconds=10)
        benchkit.stop_all()
        return ("`perf record -e cpu-clock -p PID` of `thebot stream` at 10k msgs/s for 10 s", rows)
    if title in ("Monitor at Binance's rates", "Frame to screen", "Idle"):
        sim = benchkit.Sim()
        _, env = benchkit.scratch_home("profile")
        mon = benchkit.PtyProcess([benchkit.binary(), "--refresh", "100", *sim.endpoint_args()], env)
        mon.drain(5)
        rows = perf_top(pid=mon.pid, seconds=15)
        mon.drain(0.1)
        benchkit.stop_all()
        return ("`perf record -e cpu-clock -p PID` of the monitor on the simulator at speed 1 for 15 s", rows)
    if title == "Memory":
        sim = benchkit.Sim()
        _, env = benchkit.scratch_home("profile")
        mon = benchkit.PtyProcess([benchkit.binary(), "--refresh", "100", *sim.endpoint_args()], env)
        mon.drain(8)
        total = benchkit.status_kib(mon.pid, "VmRSS")
        top = smaps_top(mon.pid, 8)
        benchkit.stop_all()
        rows = [f"{kib / 1024:.1f} MiB {name}" for name, kib in top]
        return (f"the monitor's mappings by resident size (`/proc/PID/smaps`), default watchlist on the simulator, "
                f"{total / 1024:.1f} MiB in all", rows)
    if title == "Start to first frame":
        perf = shutil.which("perf")
        if not perf:
            return (None, None)
        data = os.path.join(BENCH_WORK, "perf-start.data")
        _, env = benchkit.scratch_home("profile")
        mon = benchkit.PtyProcess([perf, "record", "-q", "-e", "cpu-clock", "-F", "999", "-o", data, "--",
                                   benchkit.binary(), "--demo"], env)
        mon.drain(1.5)
        mon.send("q")
        mon.drain(2)
        mon.stop()
        return ("`perf record -e cpu-clock` of `thebot --demo` for its first 1.5 s", perf_report(data))
    return (None, None)


def add_missed_notes(res, opts):
    titles = []
    for r in res.rows:
        if r[3] == "**missed**" and r[4] not in titles:
            titles.append(r[4])
    for title in titles:
        measures = "; ".join(f"{r[0]}: {r[1]} (goal {r[2]})" for r in res.rows if r[4] == title and r[3] == "**missed**")
        note = [f"### {title}\n", f"Missed: {measures}.\n"]
        try:
            how, rows = profile_for(title, opts)
        except Exception as e:  # noqa: BLE001
            how, rows = None, None
            log(f"profile of {title} failed: {one_line(e)}")
        if rows:
            note.append(f"Where it went ({how}):\n")
            note += [f"- {row}" for row in rows]
            note.append("")
        if title in FIXES:
            note.append(f"What would fix it: {FIXES[title]}\n")
        res.notes.append("\n".join(note))


def measure_screen_latency(res, venv, opts):
    """Frame received → visible on the terminal at 100 ms refresh, from the pty's bytes."""
    runs = []
    runs = [script_json(["scripts/bench_screen.py", "latency", "--seconds", str(opts.screen_secs), "--refresh", "100"])]
    samples = sorted(x for r in runs for x in r["samples_ms"])
    p50 = benchkit.percentile(samples, 50)
    p99 = benchkit.percentile(samples, 99)
    seen = sum(r["seen"] for r in runs)
    missed = sum(r["missed"] for r in runs)
    run_p99 = ", ".join(f"{r['p99_ms']:.1f}" for r in runs)
    res.row("frame received → visible on the terminal, `--refresh 100` (pty bytes)",
            f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {samples[-1]:.1f} ms ({seen} marks, {missed} missed; "
            f"runs' p99 {run_p99})",
            "p99 ≤ refresh + 5 ms (105 ms)", p99 <= 105 and missed == 0, "Frame to screen")
    res.section("Frame to screen", f"""
`scripts/bench_screen.py latency --seconds {opts.screen_secs}`: `thebot sim` in its own
process and the monitor connected to it (`--refresh 100`) on a 200x60 pseudo-terminal,
TERM=xterm-256color. Every 200–400 ms the script asks the simulator for a **mark**
(`POST /sim/control {{"action":"mark",…}}`, rotating over the 8 watchlist symbols): on its next tick
the simulator sends that symbol a trade, kline and ticker at a new price near the market's and
holds the symbol for a second, and records the monotonic time it handed the frames to the
connection. The script reads the pty master continuously and keeps the screen in a small terminal
emulator (checked against tmux's own rendering of the same bytes, row for row, by
`scripts/bench_screen.py verify`); a mark is visible at the read after which that symbol's Last
cell shows the marker as the monitor formats it. Latency is that read's monotonic time minus the
simulator's. A mark not seen within 2 s is missed.

{table(["run", "marks", "seen", "missed", "p50 ms", "p99 ms", "max ms"],
       [(i + 1, r["marks"], r["seen"], r["missed"], f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}", f"{r['max_ms']:.1f}")
        for i, r in enumerate(runs)])}
""")


def measure_first_frame(res, venv, opts):
    """Start to the first full frame with --demo, backfill included."""
    r = script_json(["scripts/bench_screen.py", "first-frame", "--runs", str(opts.first_runs)])
    f = Figure(r["runs_ms"], "ms", "{:.0f}")
    res.row("start to first full frame, `--demo` (backfill included)", f.text(), "< 500 ms",
            (f.median < 500 and not r.get("failed")) if f.values else None, "Start to first frame")
    res.section("Start to first frame", f"""
`scripts/bench_screen.py first-frame --runs {opts.first_runs}`: `thebot --demo` (the simulator in
process, its **synthetic** market) on a 200x60 pseudo-terminal, TERM=xterm-256color; the time from
spawning the process to the pty read after which the emulated screen first holds a full frame:
the status bar says LIVE (not backfilling), all 8 watchlist rows have a price, the chart shows
its OHLC title, time labels and candles from the backfill, every indicator row ends in a number,
and the footer is drawn.

{table(["run", "ms"], [(i + 1, f"{v:.0f}") for i, v in enumerate(r["runs_ms"])])}
""" + (f"\n{r['failed']} run(s) did not reach a full frame.\n" if r.get("failed") else ""))


def start_real_rates(opts):
    """Starts the 5-minute monitor measurement; `measure_real_rates` collects it."""
    return subprocess.Popen([sys.executable, "scripts/bench_process.py", "real-rates", "--seconds", str(opts.real_secs),
                             "--windows", str(opts.real_windows)], cwd=ROOT, env=dict(os.environ, BIN=benchkit.binary()),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def measure_real_rates(res, venv, opts):
    """The monitor's CPU and terminal bytes at the simulator's real-time pace, 8 symbols, 100 ms."""
    proc = opts.background.pop("real-rates", None) or start_real_rates(opts)
    out, err = proc.communicate(timeout=opts.real_secs + 600)
    if proc.returncode != 0:
        raise RuntimeError("bench_process.py real-rates: " + (err.strip().splitlines() or ["failed"])[-1])
    r = json.loads(out)
    cpu = Figure([w["cpu_pct_core"] for w in r["windows"]], "% of one core", "{:.2f}")
    out = Figure([w["pty_bytes_per_s"] for w in r["windows"]], "bytes/s", "{:,.0f}")
    res.row("monitor CPU, 8 symbols at Binance's kline and ticker pace, `--refresh 100`",
            f"{cpu.text()} over {opts.real_secs / 60:.0f} min", "< 2 % of one core", cpu.median < 2,
            "Monitor at Binance's rates")
    res.row("bytes written to the terminal per second, same load", out.text(), "< 30 KB/s", out.median < 30000,
            "Monitor at Binance's rates")
    ps = r["per_symbol"]
    res.section("Monitor at Binance's rates", f"""
`scripts/bench_process.py real-rates --seconds {opts.real_secs} --windows {opts.real_windows}`:
`thebot sim` at speed 1 in its own process and the monitor connected to it (`--refresh 100`, the
default watchlist of 8 symbols, 1m) on a 200x60 pseudo-terminal, TERM=xterm-256color. After the
first frame and a warm-up, {opts.real_windows} windows of {opts.real_secs // opts.real_windows} s:
the monitor's CPU from `/proc/PID/stat`, every byte read from the pty master, and the frames the
simulator sent it. The monitor subscribes a kline and a 24h ticker stream per symbol, which
Binance pushes on timers (klines every 2 s, tickers every second) and the simulator pushes on the
same timers: {ps['kline_frames_per_s']:.2f} kline and {ps['other_data_frames_per_s']:.2f} ticker frames a second per
symbol here. It runs beside the in-process sections (decoder, pipeline, compose and paint, frame
to signal, reconnect), which keep one core busy and leave the other to the monitor, which sleeps
between frames, and then beside start to first frame, idle and frame to screen. The market is **synthetic**; its trades are rarer than on Binance's majors
({', '.join(f'{k} {v:.1f}/s' for k, v in list(ps['simulator_trades_per_s'].items())[:3])}), which changes only the trades
tape, not this load.

{table(["window", "seconds", "CPU % of one core", "bytes/s to the terminal", "frames/s received"],
       [(i + 1, f"{w['seconds']:.0f}", f"{w['cpu_pct_core']:.2f}", f"{w['pty_bytes_per_s']:,.0f}",
         f"{w['all_data_frames_per_s']:.1f}") for i, w in enumerate(r["windows"])])}
""")


def measure_idle(res, venv, opts):
    """The monitor and `stream` connected, no traffic."""
    runs = [script_json(["scripts/bench_process.py", "idle", "--seconds", str(opts.idle_secs)])]
    mon = Figure([r["monitor"]["cpu_pct_core"] for r in runs], "%", "{:.2f}")
    st = Figure([r["stream"]["cpu_pct_core"] for r in runs], "%", "{:.2f}")
    res.row("CPU at rest (connected, no traffic): monitor / `stream`", f"{mon.text()} / {st.text()} of one core",
            "< 0.3 % / < 0.2 %", mon.median < 0.3 and st.median < 0.2, "Idle")
    r = runs[0]
    res.section("Idle", f"""
`scripts/bench_process.py idle --seconds {opts.idle_secs}`: `thebot stream --json --no-signals` and the
monitor (`--refresh 100`, 200x60 pty) connected to one simulator at `--speed 0.001`, a market
that barely moves ({r['data_frames_in_window']} data frames in the window: only pings and the rare
update arrive). CPU from `/proc/PID/stat` over the window, in clock ticks of 10 ms.

{table(["process", "CPU s", "% of one core", "RSS MiB", "threads", "bytes/s to the terminal"],
       [("monitor", f"{r['monitor']['cpu_s']:.2f}", f"{r['monitor']['cpu_pct_core']:.3f}", f"{r['monitor']['vmrss_mib']:.1f}",
         r['monitor']['threads'], f"{r['monitor']['pty_bytes_per_s']:.0f}"),
        ("`thebot stream`", f"{r['stream']['cpu_s']:.2f}", f"{r['stream']['cpu_pct_core']:.3f}", f"{r['stream']['vmrss_mib']:.1f}",
         r['stream']['threads'], "–")])}
""")


def smaps_top(pid, limit=6):
    """The mappings holding most of a process's resident memory."""
    sizes = {}
    name = "?"
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                parts = line.split()
                if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                    name = parts[5] if len(parts) > 5 else "[anonymous]"
                    name = os.path.basename(name) if name.startswith("/") else name
                elif parts and parts[0] == "Rss:":
                    sizes[name] = sizes.get(name, 0) + int(parts[1])
    except OSError:
        return []
    return sorted(sizes.items(), key=lambda kv: -kv[1])[:limit]


def measure_rss(res, venv, opts):
    """Resident memory with 20 symbols x 2 intervals x 500 bars."""
    r = script_json(["scripts/bench_process.py", "rss", "--symbols", "20", "--intervals", "1m,5m", "--bars", "500"])
    m = r["monitor"]
    s = r["stream_all_series"]
    res.row("resident memory, 20 symbols × 2 intervals × 500 bars",
            f"monitor {m['vmrss_mib_max']:.1f} MiB ({m['vmrss_mib_max'] * 1.048576:.1f} MB) at most, after visiting both intervals; "
            f"`stream` holding all 40 series {s['vmrss_mib']:.1f} MiB", "< 60 MB",
            m["vmrss_mib_max"] * 1.048576 < 60, "Memory")
    visits = [(v["interval"] + (" (again)" if v.get("revisit") else ""), v["rest_requests"], f"{v['vmrss_mib']:.1f}",
               f"{v['vmhwm_mib']:.1f}", v["threads"]) for v in m["visits"]]
    res.section("Memory", f"""
`scripts/bench_process.py rss --symbols 20 --intervals 1m,5m --bars 500`: the monitor with a config
of 20 symbols, intervals 1m and 5m and `history_bars = 500` on `thebot sim` (**synthetic** market),
on a 200x60 pty. The monitor keeps the series of the interval on screen for every watchlist
symbol ({m['series_held_at_once']} at once) and drops the other interval's when the trader switches,
so the script visits each interval with its number key and then the first again, and reads VmRSS
after each backfill has settled (no REST request for 3 s, then 10 s). `thebot stream --interval
1m,5m` holds all {s['series']} series at once.

{table(["interval on screen", "REST requests", "VmRSS MiB", "VmHWM MiB", "threads"], visits)}

`thebot stream` with all {s['series']} series: {s['vmrss_mib']:.1f} MiB (VmHWM {s['vmhwm_mib']:.1f} MiB).
""" + GROWTH_PLACEHOLDER)


GROWTH_PLACEHOLDER = "\n<!-- growth -->\n"


def measure_growth(res, venv, opts):
    """Memory growth over 10 million messages: `stream` and the monitor at once, each on its own simulator."""
    argv = ["scripts/bench_process.py", "growth", "--messages", str(opts.growth_messages)]
    env = dict(os.environ, BIN=benchkit.binary())
    procs = {c: subprocess.Popen([sys.executable, *argv, "--clients", c], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for c in ("stream", "monitor")}
    results = {}
    for c, p in procs.items():
        out, err = p.communicate(timeout=1800)
        if p.returncode != 0:
            raise RuntimeError(f"growth of {c}: " + (err.strip().splitlines() or ["failed"])[-1])
        results[c] = json.loads(out)[c]
    worst = max(results[c]["rss_growth_mib"] for c in results)
    res.row(f"memory growth over {opts.growth_messages / 1e6:g} million messages",
            f"`stream` {results['stream']['rss_growth_mib']:+.2f} MiB, monitor {results['monitor']['rss_growth_mib']:+.2f} MiB",
            "< 2 MB", worst * 1.048576 < 2, "Memory")
    rows = [(f"`thebot {c}`" if c == "stream" else "monitor", f"{r['rate']:,}", f"{r['msgs_per_s_after_warmup']:,.0f}",
             f"{r['warm']['vmrss_mib']:.2f}", f"{r['end']['vmrss_mib']:.2f}", f"{r['rss_growth_mib']:+.2f}",
             f"{r['warm']['fds']} → {r['end']['fds']}", f"{r['warm']['threads']} → {r['end']['threads']}",
             f"{r['cpu_pct_core_after_warmup']:.1f}") for c, r in results.items()]
    text = f"""
Growth: `scripts/bench_process.py growth --messages {opts.growth_messages}`, `thebot stream --json
--no-signals` (output to /dev/null) and the monitor (`--refresh 100`, 200x60 pty) at the same time,
each on its own `thebot sim --firehose` (**synthetic** kline and trade frames), until its simulator
has sent it {opts.growth_messages:,} frames. Memory after the first 10 % (warm-up) and at the end.

{table(["process", "firehose rate", "msgs/s received", "VmRSS after warm-up MiB", "VmRSS at the end MiB", "growth", "fds", "threads", "% of one core"], rows)}
"""
    for i, (title, body) in enumerate(res.sections):
        if title == "Memory":
            res.sections[i] = (title, body.replace(GROWTH_PLACEHOLDER, text))
            return
    res.section("Memory", text)


MEASURES.update({
    "decoder": measure_decoder,
    "pipeline": measure_pipeline,
    "live": measure_live,
    "max-rate": measure_max_rate,
    "signal-latency": measure_signal_latency,
    "screen-latency": measure_screen_latency,
    "frame": measure_frame,
    "real-rates": measure_real_rates,
    "idle": measure_idle,
    "rss": measure_rss,
    "growth": measure_growth,
    "first-frame": measure_first_frame,
    "reconnect": measure_reconnect,
})

if __name__ == "__main__":
    sys.exit(main())
