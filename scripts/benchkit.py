"""Shared parts of the benchmark scripts: the simulator, clients in a pty or with a pipe, and what
the kernel says about a process (/proc/PID/stat and status).

Python standard library only. Every process started here is stopped by `stop_all()` (also at
exit).
"""
import atexit
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import tempfile
import termios
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HZ = os.sysconf("SC_CLK_TCK")
_PROCS = []
_DIRS = []


def binary():
    """The thebot binary under test: $BIN, else the release build."""
    path = os.environ.get("BIN", os.path.join(ROOT, ".build/release/thebot"))
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


def stop_all():
    for p in reversed(_PROCS):
        if p.poll() is None:
            try:
                p.terminate()
                p.wait(timeout=3)
            except Exception:
                try:
                    p.kill()
                except Exception:
                    pass
    _PROCS.clear()
    for d in _DIRS:
        shutil.rmtree(d, ignore_errors=True)
    _DIRS.clear()


atexit.register(stop_all)


def track(proc):
    _PROCS.append(proc)
    return proc


def scratch_home(tag="bench"):
    """A throwaway HOME with XDG directories inside; the environment for a client."""
    home = tempfile.mkdtemp(prefix=f"thebot-{tag}-")
    _DIRS.append(home)
    os.chmod(home, 0o700)
    env = dict(os.environ)
    env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_STATE_HOME=f"{home}/state",
               XDG_CACHE_HOME=f"{home}/cache", XDG_DATA_HOME=f"{home}/data", LANG="C.UTF-8")
    for d in ("config/thebot", "state", "cache", "data"):
        os.makedirs(f"{home}/{d}", mode=0o700, exist_ok=True)
    return home, env


def write_config(home, text):
    """Writes $HOME/config/thebot/config.toml (0600) and returns its path."""
    path = f"{home}/config/thebot/config.toml"
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


# --- the kernel's view of a process ---------------------------------------------------------

def cpu_seconds(pid, tid=None):
    """utime + stime of the process (or one thread) in seconds, from /proc."""
    path = f"/proc/{pid}/task/{tid}/stat" if tid else f"/proc/{pid}/stat"
    with open(path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def status_kib(pid, key):
    """A `kB` line of /proc/PID/status (VmRSS, VmHWM, ...), in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def thread_count(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cpu": model, "cores": os.cpu_count(), "kernel": os.uname().release,
            "load": open("/proc/loadavg").read().split()[:3]}


# --- the simulator ------------------------------------------------------------------------

class Sim:
    """`thebot sim --port 0 ...` in its own process; `port`, `stats()`, `control(...)`."""

    def __init__(self, *args, seed=7):
        self.log = tempfile.NamedTemporaryFile(prefix="thebot-sim-", suffix=".log", delete=False)
        _DIRS.append(self.log.name)
        self.proc = track(subprocess.Popen([binary(), "sim", "--port", "0", "--seed", str(seed), *map(str, args)],
                                           stdout=self.log, stderr=subprocess.STDOUT))
        self.pid = self.proc.pid
        deadline = time.monotonic() + 15
        self.port = None
        while self.port is None:
            with open(self.log.name) as f:
                m = re.search(r"127\.0\.0\.1:(\d+)", f.read())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the simulator printed no port: " + open(self.log.name).read())
            else:
                time.sleep(0.05)

    @property
    def ws(self):
        return f"ws://127.0.0.1:{self.port}"

    @property
    def rest(self):
        return f"http://127.0.0.1:{self.port}"

    def endpoint_args(self):
        return ["--endpoint", self.ws, "--rest-endpoint", self.rest]

    def stats(self):
        with urllib.request.urlopen(f"{self.rest}/sim/stats", timeout=5) as r:
            return json.load(r)

    def frames_sent(self):
        s = self.stats()
        return s.get("kline_frames_sent", 0) + s.get("trade_frames_sent", 0)

    def control(self, body):
        req = urllib.request.Request(f"{self.rest}/sim/control", data=json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=5)


# --- clients --------------------------------------------------------------------------------

class PtyProcess:
    """A program on a pty of cols x rows; `read(timeout)` returns (monotonic time, bytes) chunks
    as the program wrote them; `total` counts every byte read from the master."""

    def __init__(self, argv, env, cols=200, rows=60, term="xterm-256color"):
        env = dict(env)
        env["TERM"] = term
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.started = time.monotonic()
        self.proc = track(subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave,
                                           start_new_session=True, close_fds=True))
        os.close(slave)
        self.pid = self.proc.pid
        self.master = master
        self.total = 0

    def read(self, timeout):
        """The next chunk within `timeout` seconds: (time, bytes), or None."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return None
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return (time.monotonic(), b"")
        self.total += len(data)
        return (time.monotonic(), data)

    def drain(self, seconds):
        """Reads (and counts) everything for `seconds`; returns the bytes."""
        end = time.monotonic() + seconds
        out = bytearray()
        while (left := end - time.monotonic()) > 0:
            chunk = self.read(left)
            if chunk:
                out += chunk[1]
        return bytes(out)

    def send(self, text):
        os.write(self.master, text.encode())

    def stop(self, sig=signal.SIGTERM, timeout=5):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            end = time.monotonic() + timeout
            while self.proc.poll() is None and time.monotonic() < end:
                self.read(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
        try:
            os.close(self.master)
        except OSError:
            pass


def start_stream(sim, symbols, env, out_path, extra=()):
    """`thebot stream --json --no-signals` on `sim`, stdout to `out_path`."""
    out = open(out_path, "wb")
    return track(subprocess.Popen([binary(), "stream", "--json", "--no-signals", "--symbols", ",".join(symbols),
                                   *sim.endpoint_args(), *extra],
                                  env=env, stdout=out, stderr=subprocess.DEVNULL))


# --- figures --------------------------------------------------------------------------------

def summary(values):
    """median, min, max and n of a list of numbers (None when empty)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def percentile(sorted_values, p):
    """The p-th percentile (0-100) of sorted values, nearest rank."""
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
