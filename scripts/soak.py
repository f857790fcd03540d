#!/usr/bin/env python3
"""Soak: the monitor (in tmux) and `thebot stream` against the simulator with every fault on.

    make soak HOURS=24        # simulated hours (default 24); SPEED=1000 simulated s per real s

Both clients follow SYMBOLS (default 8) at 1m on one `thebot sim --speed SPEED` that drops
every connection every simulated hour, stalls them every 5000 simulated seconds (out of step
with the drops), sends malformed frames and answers REST slowly. The run passes when:

  - neither client dies;
  - every closed candle `stream` printed equals the simulator's own history (its REST
    klines, the truth the live bars are cut from), and no bar in between is missing;
  - resident memory after warm-up (the first fifth of the run) grows by less than 2 MB,
    and file descriptors and threads end where they stood after warm-up;
  - every fault shows in health: reconnects (drops), decode errors (malformed frames),
    and the watchdog's "received nothing" (stalls), in `stream`'s health lines and in the
    monitor's log.

Prints a Markdown summary for RELIABILITY.md; exits 1 when a check fails.
Environment: BIN (default .build/release/thebot), HOURS, SPEED, SYMBOLS, SEED.
"""
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build/release/thebot"))
if not os.path.isabs(BIN):
    BIN = os.path.join(ROOT, BIN)
HOURS = float(os.environ.get("HOURS", "24"))
SPEED = float(os.environ.get("SPEED", "1000"))
SEED = os.environ.get("SEED", "7")
SYMBOLS = os.environ.get("SYMBOLS", "BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT,ADAUSDT,DOGEUSDT,SHIBUSDT").split(",")
SAMPLE_S = 2.0
# Faults, in simulated seconds where the simulator counts them so.
FAULTS = ["--drop-every", "3600", "--malformed-rate", "0.002", "--stall-every", "5000",
          "--stall-seconds", "3", "--rest-delay-ms", "20"]
STALE_AFTER = "2"


def fail(message):
    print(f"soak: {message}", file=sys.stderr)
    sys.exit(2)


def proc_stats(pid):
    """(resident kB, open descriptors, threads) of a live process, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            status = f.read()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        return rss, fds, threads
    except (OSError, AttributeError):
        return None


def klines(port, symbol, start, end):
    """The simulator's closed 1m bars with open times in [start, end], paged."""
    bars = {}
    while start <= end:
        url = (f"http://127.0.0.1:{port}/api/v3/klines?symbol={symbol}&interval=1m"
               f"&startTime={start}&endTime={end}&limit=1000")
        with urllib.request.urlopen(url, timeout=30) as response:
            page = json.load(response)
        if not page:
            break
        for row in page:
            bars[row[0]] = row
        start = page[-1][0] + 60_000
    return bars


def main():
    if not os.access(BIN, os.X_OK):
        fail(f"{BIN} is missing; build it (make release).")
    if shutil.which("tmux") is None:
        fail("tmux is missing (make deps installs it).")
    real_seconds = HOURS * 3600 / SPEED
    work = tempfile.mkdtemp(prefix="thebot-soak-")
    env = dict(os.environ, HOME=work, XDG_CONFIG_HOME=f"{work}/config", XDG_STATE_HOME=f"{work}/state",
               XDG_DATA_HOME=f"{work}/data", TERM="xterm-256color", NO_COLOR="")
    env.pop("NO_COLOR")
    procs = []
    session = f"thebot-soak-{os.getpid()}"
    try:
        sim = subprocess.Popen([BIN, "sim", "--port", "0", "--seed", SEED, "--speed", str(SPEED), *FAULTS],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        procs.append(sim)
        line = sim.stdout.readline()
        match = re.search(r"127\.0\.0\.1:(\d+)", line)
        if not match:
            fail(f"the simulator did not start: {line.strip()}")
        port = match.group(1)
        endpoints = ["--endpoint", f"ws://127.0.0.1:{port}", "--rest-endpoint", f"http://127.0.0.1:{port}"]
        common = ["--symbols", ",".join(SYMBOLS), "--interval", "1m", "--stale-after", STALE_AFTER, *endpoints]

        out_path = f"{work}/stream.ndjson"
        with open(out_path, "wb") as out, open(f"{work}/stream.err", "wb") as err:
            stream = subprocess.Popen([BIN, "stream", "--json", *common], stdout=out, stderr=err, env=env)
        procs.append(stream)

        command = " ".join(["exec", BIN, "monitor", *common])
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "48", command],
                       check=True, env=env)
        monitor_pid = int(subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                                         capture_output=True, text=True, check=True).stdout.split()[0])

        started = time.monotonic()
        samples = {"stream": [], "monitor": []}
        died = {}
        while time.monotonic() - started < real_seconds:
            time.sleep(SAMPLE_S)
            elapsed = time.monotonic() - started
            for name, pid in (("stream", stream.pid), ("monitor", monitor_pid)):
                if name in died:
                    continue
                stats = proc_stats(pid)
                if stats is None or (name == "stream" and stream.poll() is not None):
                    died[name] = elapsed
                else:
                    samples[name].append((elapsed, *stats))
        with open(f"{work}/samples.csv", "w") as f:
            f.write("process,seconds,rss_kb,fds,threads\n")
            for name, rows in samples.items():
                for row in rows:
                    f.write(f"{name},{row[0]:.1f},{row[1]},{row[2]},{row[3]}\n")
        screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                text=True).stdout

        # Stop the clients the way a trader would, then read what they left.
        if stream.poll() is None:
            stream.send_signal(signal.SIGTERM)
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], env=env)
        try:
            stream.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stream.kill()

        closed = {}
        health = []
        with open(out_path) as f:
            for raw in f:
                try:
                    obj = json.loads(raw)
                except ValueError:
                    continue
                if obj.get("type") == "candle" and obj.get("closed"):
                    closed.setdefault(obj["symbol"], {})[obj["open_time"]] = obj
                elif obj.get("type") == "health":
                    health.append(obj)

        checks = []

        def check(name, ok, detail):
            checks.append((name, ok, detail))

        check("no crash", not died, "both ran to the end" if not died else f"died: {died}")

        compared = mismatched = missing = 0
        for symbol in SYMBOLS:
            bars = closed.get(symbol, {})
            if not bars:
                missing += 1
                continue
            first, last = min(bars), max(bars)
            truth = klines(port, symbol, first, last)
            for open_time, row in truth.items():
                mine = bars.get(open_time)
                if mine is None:
                    missing += 1
                    continue
                compared += 1
                if (mine["open"], mine["high"], mine["low"], mine["close"], mine["volume"], mine["trades"]) != \
                        (row[1], row[2], row[3], row[4], row[5], row[8]):
                    mismatched += 1
        check("closed candles equal the simulator's truth", compared > 0 and mismatched == 0 and missing == 0,
              f"{compared} bars compared, {mismatched} different, {missing} missing")

        for name in ("stream", "monitor"):
            rows = samples[name]
            if len(rows) < 10:
                check(f"{name} memory flat", False, f"only {len(rows)} samples")
                continue
            warm = [r for r in rows if r[0] >= real_seconds / 5]
            head, tail = warm[: max(3, len(warm) // 10)], warm[-max(3, len(warm) // 10):]
            growth_kb = statistics.median(r[1] for r in tail) - statistics.median(r[1] for r in head)
            check(f"{name} resident memory flat after warm-up", growth_kb < 2048,
                  f"{statistics.median(r[1] for r in head) / 1024:.1f} -> {statistics.median(r[1] for r in tail) / 1024:.1f} MiB "
                  f"({growth_kb / 1024:+.2f} MiB)")
            fds = (warm[0][2], warm[-1][2], max(r[2] for r in warm))
            threads = (warm[0][3], warm[-1][3], max(r[3] for r in warm))
            check(f"{name} descriptors and threads flat", fds[1] <= fds[0] + 2 and threads[1] <= threads[0] + 2,
                  f"fds {fds[0]} -> {fds[1]} (max {fds[2]}), threads {threads[0]} -> {threads[1]} (max {threads[2]})")

        last = health[-1] if health else {}
        errors = {h.get("last_error") or "" for h in health}
        stalls = any("nothing for" in e for e in errors)
        check("faults visible in stream's health", last.get("reconnects", 0) > 0 and last.get("decode_errors", 0) > 0 and stalls,
              f"reconnects {last.get('reconnects')}, decode errors {last.get('decode_errors')}, stall noticed: {stalls}")

        log_text = ""
        log_dir = f"{work}/state/thebot"
        if os.path.isdir(log_dir):
            for name in os.listdir(log_dir):
                if name.endswith(".log"):
                    with open(os.path.join(log_dir, name), errors="replace") as f:
                        log_text += f.read()
        log_lower = log_text.lower()
        check("faults visible in the monitor's log",
              "nothing for" in log_lower and "malformed" in log_lower and "reconnect" in log_lower,
              f"stall: {'nothing for' in log_lower}, malformed: {'malformed' in log_lower}, "
              f"reconnect: {'reconnect' in log_lower}")

        cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                             capture_output=True, text=True).stdout.strip()
        print(f"## Soak: {HOURS:g} simulated hours at {SPEED:g}x ({real_seconds:.0f} s)\n")
        print(f"- command: `make soak HOURS={HOURS:g}` (SPEED={SPEED:g}, seed {SEED}, {len(SYMBOLS)} symbols at 1m)")
        print(f"- faults: `{' '.join(FAULTS)}`, clients with `--stale-after {STALE_AFTER}`")
        print(f"- machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}; "
              f"date {time.strftime('%Y-%m-%d')}")
        print()
        print("| check | result | detail |")
        print("| --- | --- | --- |")
        for name, ok, detail in checks:
            print(f"| {name} | {'pass' if ok else 'FAIL'} | {detail} |")
        if not all(ok for _, ok, _ in checks):
            print(f"\nsoak: a check failed; the run's files are in {work}", file=sys.stderr)
            work = None
            return 1
        return 0
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        if work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
