#!/usr/bin/env python3
"""One feed, many viewers: what `thebot serve` and N `thebot stream --json --feed` viewers cost.

    scripts/bench-feed.py [SECONDS]      (default 20 s measured; release binary)

Environment: BIN (default .build/release/thebot), VIEWERS (default 50), RATE (default 500 kline
frames a second from `thebot sim --firehose`), WARMUP (default 5 s), SYMBOLS (default eight majors).

Set-up, all on loopback: `nats-server -js` (free port, temp store), `thebot sim --firehose RATE`,
`thebot serve` on it (1m klines of SYMBOLS), then VIEWERS `stream --json --feed --no-signals`
viewers, each read by this script, which stamps every line on arrival. A tap, a plain core-NATS
subscriber written here (the NATS text protocol over a socket), stamps every candle message as
the server hands it out. After the first line at every viewer and WARMUP seconds, one window of
SECONDS:
  exchange connections  established TCP connections to the simulator's port (ss), with all viewers up
  feed CPU              utime+stime of `serve` from /proc/PID/stat over the window, % of one core
  viewer CPU/msg        each viewer's CPU over the window / the candle lines it printed in it
  latency               viewer arrival - tap arrival of the same candle line, over every
                        viewer's lines in the window: p50 / p99 (ms). Both stamps are taken by this
                        script, so its own scheduling on a loaded machine is in the figure.
"""
import json, os, selectors, shutil, signal, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECS = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
BIN = os.path.join(ROOT, os.environ.get("BIN", ".build/release/thebot"))
VIEWERS = int(os.environ.get("VIEWERS", "50"))
RATE = int(os.environ.get("RATE", "500"))
WARMUP = float(os.environ.get("WARMUP", "5"))
SYMBOLS = os.environ.get("SYMBOLS", "BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT,ADAUSDT,DOGEUSDT,SHIBUSDT")
HZ = os.sysconf("SC_CLK_TCK")
procs = []


def die(text):
    print(f"bench-feed: {text}", file=sys.stderr)
    stop_all()
    sys.exit(1)


def stop_all():
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, what):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    die(f"{what} did not listen on {port}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def start(args, **kw):
    p = subprocess.Popen(args, **kw)
    procs.append(p)
    return p


class Tap(threading.Thread):
    """Core NATS subscriber: the arrival times of every candle payload (the same forming bar can
    be published several times unchanged, so the k-th copy at a viewer is matched with the k-th
    at the tap)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.arrivals = {}
        self.lock = threading.Lock()

    def run(self):
        f = self.sock.makefile("rb")
        f.readline()  # INFO
        self.sock.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\n'
                          b"SUB thebot.*.*.kline.*.forming 1\r\nSUB thebot.*.*.kline.* 2\r\n")
        while True:
            line = f.readline()
            if not line:
                return
            if line.startswith(b"PING"):
                self.sock.sendall(b"PONG\r\n")
            elif line.startswith(b"MSG"):
                size = int(line.split()[-1])
                payload = f.read(size + 2)[:-2]
                now = time.monotonic()
                with self.lock:
                    self.arrivals.setdefault(payload, []).append(now)


def main():
    if not os.access(BIN, os.X_OK):
        die(f"{BIN} is missing; build it (make release).")
    nats_server = shutil.which("nats-server") or "/usr/sbin/nats-server"
    if not os.access(nats_server, os.X_OK):
        die("nats-server is not installed (make deps).")
    store = tempfile.mkdtemp(prefix="bench-feed-")
    home = tempfile.mkdtemp(prefix="bench-feed-home-")
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home + "/config", XDG_STATE_HOME=home + "/state")
    nats_port = free_port()
    start([nats_server, "-js", "-sd", store, "-a", "127.0.0.1", "-p", str(nats_port)],
          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(nats_port, "nats-server")
    url = f"nats://127.0.0.1:{nats_port}"
    sim = start([BIN, "sim", "--port", "0", "--seed", "7", "--firehose", str(RATE)],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    first = sim.stdout.readline().decode()
    try:
        sim_port = int(first.split("127.0.0.1:")[1].split()[0].strip("():,"))
    except (IndexError, ValueError):
        die(f"no port in the simulator's first line: {first!r}")
    threading.Thread(target=lambda: sim.stdout.read(), daemon=True).start()
    serve = start([BIN, "serve", "--nats", url, "--endpoint", f"ws://127.0.0.1:{sim_port}",
                   "--rest-endpoint", f"http://127.0.0.1:{sim_port}", "--symbols", SYMBOLS, "--interval", "1m",
                   "--no-signals"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.time() + 120
    while b"serving" not in serve.stderr.readline():
        if time.time() > deadline or serve.poll() is not None:
            die("serve did not start")
    threading.Thread(target=lambda: serve.stderr.read(), daemon=True).start()
    tap = Tap(nats_port)
    tap.start()

    sel = selectors.DefaultSelector()
    viewers = []
    for i in range(VIEWERS):
        v = start([BIN, "stream", "--json", "--feed", url, "--symbols", SYMBOLS, "--interval", "1m", "--no-signals"],
                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        os.set_blocking(v.stdout.fileno(), False)
        state = {"proc": v, "buf": b"", "lines": 0, "arrivals": [], "copies": {}}
        viewers.append(state)
        sel.register(v.stdout, selectors.EVENT_READ, state)

    window = {"open": False}

    def pump(timeout):
        for key, _ in sel.select(timeout):
            st = key.data
            try:
                chunk = os.read(key.fileobj.fileno(), 1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                sel.unregister(key.fileobj)
                continue
            now = time.monotonic()
            data = st["buf"] + chunk
            *lines, st["buf"] = data.split(b"\n")
            for line in lines:
                if not line.startswith(b'{"type":"candle"'):
                    continue
                copy = st["copies"].get(line, 0)
                st["copies"][line] = copy + 1
                if window["open"]:
                    st["lines"] += 1
                    st["arrivals"].append((line, copy, now))
                else:
                    st["seen"] = True

    deadline = time.time() + 120
    while not all(v.get("seen") for v in viewers):
        if time.time() > deadline:
            die(f"only {sum(1 for v in viewers if v.get('seen'))} of {VIEWERS} viewers printed a candle")
        pump(0.1)
    end = time.time() + WARMUP
    while time.time() < end:
        pump(0.1)
    connections = subprocess.run(["ss", "-Htn", "state", "established", f"( dport = :{sim_port} )"],
                                 capture_output=True, text=True).stdout.strip().splitlines()
    feed_cpu0 = cpu_seconds(serve.pid)
    viewer_cpu0 = [cpu_seconds(v["proc"].pid) for v in viewers]
    t0 = time.monotonic()
    window["open"] = True
    while time.monotonic() - t0 < SECS:
        pump(0.05)
    window["open"] = False
    elapsed = time.monotonic() - t0
    feed_cpu = cpu_seconds(serve.pid) - feed_cpu0
    viewer_cpu = [cpu_seconds(v["proc"].pid) - c for v, c in zip(viewers, viewer_cpu0)]
    time.sleep(0.5)
    with tap.lock:
        tapped = {k: list(v) for k, v in tap.arrivals.items()}
    latencies = sorted((t - tapped[line][copy]) * 1000 for v in viewers for line, copy, t in v["arrivals"]
                       if copy < len(tapped.get(line, ())))
    matched = len(latencies)
    total = sum(v["lines"] for v in viewers)
    stop_all()
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")

    per_msg = sorted(c / v["lines"] * 1e6 for v, c in zip(viewers, viewer_cpu) if v["lines"])
    lines_per_viewer = total / VIEWERS
    print(f"window {elapsed:.1f} s, {VIEWERS} viewers, {SYMBOLS.count(',') + 1} symbols 1m, firehose {RATE} frames/s")
    print(f"exchange connections: {len(connections)} (one feed) instead of {VIEWERS}")
    print(f"feed (serve) CPU: {feed_cpu:.2f} s = {feed_cpu / elapsed * 100:.1f} % of one core")
    print(f"candle lines per viewer: {lines_per_viewer:.0f} ({lines_per_viewer / elapsed:.0f}/s)")
    if per_msg:
        print(f"viewer CPU per message: median {per_msg[len(per_msg) // 2]:.1f} us, max {per_msg[-1]:.1f} us; "
              f"all viewers together {sum(viewer_cpu) / elapsed * 100:.1f} % of one core")
    print(f"feed-to-viewer latency over {matched} of {total} lines: p50 {pct(50):.2f} ms, p99 {pct(99):.2f} ms")


if __name__ == "__main__":
    signal.signal(signal.SIGINT, lambda *_: die("interrupted"))
    main()
