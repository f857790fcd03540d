#!/usr/bin/env python3
"""What the monitor's screen shows, and when: measured on the real binary in a pty (200x60,
TERM=xterm-256color, a throwaway HOME), read through a small terminal emulator of our own.

ncurses rewrites only the cells that changed, with cursor moves, REP, ECH, EL and the like, so
the raw bytes never hold a whole price; `Screen` below replays them onto a grid of cells and
the figures are read off that grid, the way a person reads the terminal.

Subcommands (JSON on stdout):

  latency [--seconds 30] [--refresh 100] [--hold-ms 1000] [--warmup 5] [--seed 1]
      One simulator (`thebot sim`, speed 1, its own process) and the monitor on it. Once the
      first full frame (below) is up and `--warmup` seconds have passed, a mark is sent about
      every 300 ms (uniformly 200-400 ms apart, from a random.Random(--seed)), rotating over the
      watchlist's symbols in their on-screen order. Each mark
      (`{"action":"mark","symbol":S,"hold_ms":H}`) makes the simulator print a marker price for
      S as a trade and as the forming kline's close, then hold S's price for H ms. Its latency
      is the monotonic time of the pty read after which the emulated screen shows the marker in
      S's "Last" cell of the watchlist (formatted as the monitor formats it: the tick's decimals,
      thousands grouped with commas) minus the mark's `sent_ns` from `GET /sim/stats`
      (CLOCK_MONOTONIC, taken by the simulator just before it flushed the frames to the first
      connection carrying them). A mark not seen within 2 s of `sent_ns` is missed. The marks are
      posted from a thread so the pty is read all the time; every change of every "Last" cell is
      logged with its read time, so a marker drawn before the control's reply came back is still
      timed right. A mark whose price the cell already showed when it was posted is "ambiguous"
      and left out of "marks" (the simulator avoids recent prices, so this is rare).
      `--hold-ms` (default 1000) is how long the simulator keeps the symbol's price still after
      the marker; the other symbols keep flowing meanwhile. `--detail` adds every mark.
      Output: {"refresh_ms","marks","seen","missed","p50_ms","p99_ms","max_ms","samples_ms",...}.

  first-frame [--runs 5] [--timeout 60]
      `thebot --demo` (simulator in-process, backfill included), N times. Per run: the time from
      spawning the process to the pty read after which the emulated screen is the first FULL
      frame, defined as all of:
        1. status bar (row 1) starts with " thebot", shows "● LIVE" and no "backfilling…";
        2. watchlist: a row for every symbol of the default watchlist, each with a price in
           its "Last" column (not "–");
        3. chart pane: its title reads "<selected symbol> · <interval>" and carries the newest
           bar's "O … H … L … C …", its time axis shows at least 3 "HH:MM" labels, and its body
           holds at least 40 cells of candle glyphs (┃│╽╿╷╵╹╻), i.e. the backfill is drawn;
        4. indicator table: every row (one per indicator line) ends in a number;
        5. footer (last row) shows the key help (" q quit").
      Output: {"runs_ms":[...],"median_ms","min_ms","max_ms","runs"}.

  verify [--seconds 8]
      Checks the emulator against tmux: records every byte `thebot --demo` writes in the pty,
      replays the same bytes into a 200x60 tmux pane (`cat` of the recording) and compares
      `tmux capture-pane -p` with the emulated screen, row by row, at the first full frame and
      at the end. Output: {"checks":[{"at","rows","equal_rows","differing":[...]}]}.

The monitor is quit with `q` at the end (SIGTERM, then SIGKILL, if it lingers); every process
started is stopped on exit. Python standard library only.
"""
import argparse
import codecs
import json
import os
import queue
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchkit  # noqa: E402

COLS, ROWS = 200, 60
DEFAULT_SYMBOLS = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "SHIBUSDT"]
MISS_AFTER_NS = 2_000_000_000

# DEC special graphics (ESC ( 0), for a terminal that draws lines with the alternate charset.
DEC_GRAPHICS = dict(zip("`abcdefghijklmnopqrstuvwxyz{|}~",
                        "◆▒␉␌␍␊°±␤␋┘┐┌└┼⎺⎻─⎼⎽├┤┴┬│≤≥π≠£·"))


def char_width(ch):
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class Screen:
    """A terminal of cols x rows: the xterm subset that ncurses uses for xterm-256color.

    Printing (UTF-8, wide glyphs, xterm's deferred autowrap), CR LF BS HT, CUP/HVP, CUU/CUD/CUF/
    CUB, CNL/CPL, CHA/HPA, VPA, EL, ED, ECH, REP, ICH, DCH, IL, DL, SU/SD, DECSTBM with IND/RI/
    NEL, save/restore cursor, the alternate screen (1049/1047/47), G0/G1 designations with SO/SI
    and DEC line drawing. Colours and attributes (SGR), modes and OSC strings change no text and
    are skipped."""

    def __init__(self, cols=COLS, rows=ROWS):
        self.cols, self.rows = cols, rows
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.main = self._blank()
        self.alt = self._blank()
        self.grid = self.main
        self.x = self.y = 0
        self.wrap_pending = False
        self.top, self.bottom = 0, rows - 1
        self.saved = (0, 0)
        self.last_char = " "
        self.g = ["B", "B", "B", "B"]
        self.shift = 0
        self.state = "ground"
        self.seq = ""
        self.unknown = {}

    def _blank(self):
        return [[" "] * self.cols for _ in range(self.rows)]

    # --- reading the screen ---------------------------------------------------------------

    def line(self, y):
        return "".join(c for c in self.grid[y] if c is not None)

    def text(self):
        return "\n".join(self.line(y).rstrip() for y in range(self.rows))

    # --- feeding bytes ----------------------------------------------------------------------

    def feed(self, data):
        for ch in self.decoder.decode(data):
            st = self.state
            if st == "ground":
                o = ord(ch)
                if o >= 0x20 and o != 0x7F:
                    self._print(ch)
                elif ch == "\x1b":
                    self.state, self.seq = "esc", ""
                else:
                    self._control(ch)
            elif st == "esc":
                self._escape(ch)
            elif st == "csi":
                if "\x40" <= ch <= "\x7e":
                    self.state = "ground"
                    self._csi(self.seq, ch)
                elif ch == "\x1b":
                    self.state, self.seq = "esc", ""
                elif ch in "\x18\x1a":
                    self.state = "ground"
                elif ord(ch) < 0x20:
                    self._control(ch)
                else:
                    self.seq += ch
            elif st == "charset":
                self.g[self.seq_slot] = ch
                self.state = "ground"
            elif st == "esc_intermediate":
                self.state = "ground"  # ESC # 8, ESC % G, ...: no text
            elif st == "string":  # OSC, DCS, APC, PM: up to BEL or ST
                if ch == "\x07":
                    self.state = "ground"
                elif ch == "\x1b":
                    self.state = "string_esc"
            elif st == "string_esc":
                self.state = "ground" if ch == "\\" else "string"

    def _control(self, ch):
        if ch == "\r":
            self.x, self.wrap_pending = 0, False
        elif ch in "\n\x0b\x0c":
            self.wrap_pending = False
            self._index()
        elif ch == "\b":
            self.wrap_pending = False
            self.x = max(0, self.x - 1)
        elif ch == "\t":
            self.wrap_pending = False
            self.x = min(self.cols - 1, (self.x // 8 + 1) * 8)
        elif ch == "\x0e":
            self.shift = 1
        elif ch == "\x0f":
            self.shift = 0
        # BEL, NUL and the rest: nothing on the screen

    def _escape(self, ch):
        self.state = "ground"
        if ch == "[":
            self.state, self.seq = "csi", ""
        elif ch in "()":
            self.state, self.seq_slot = "charset", 0 if ch == "(" else 1
        elif ch in "*+-./":
            self.state, self.seq_slot = "charset", 2 if ch in "*-." else 3  # G2/G3: never shifted in
        elif ch in "]PX^_":
            self.state = "string"
        elif ch in "#% ":
            self.state = "esc_intermediate"
        elif ch == "7":
            self.saved = (self.x, self.y)
        elif ch == "8":
            self.x, self.y = self.saved
            self.wrap_pending = False
        elif ch == "D":
            self._index()
        elif ch == "E":
            self.x = 0
            self._index()
        elif ch == "M":
            self._reverse_index()
        elif ch == "c":
            self.__init__(self.cols, self.rows)
        # ESC = / ESC > (keypad), ESC \ (stray ST): nothing on the screen

    def _print(self, ch):
        if self.g[self.shift] == "0":
            ch = DEC_GRAPHICS.get(ch, ch)
        w = char_width(ch)
        if w == 0:
            return
        if self.wrap_pending:
            self.x = 0
            self._index()
            self.wrap_pending = False
        if w == 2 and self.x == self.cols - 1:
            self.grid[self.y][self.x] = " "
            self.x = 0
            self._index()
        row = self.grid[self.y]
        self._clear_wide(row, self.x)
        row[self.x] = ch
        if w == 2:
            self._clear_wide(row, self.x + 1)
            row[self.x + 1] = None  # the right half of a wide glyph
        self.last_char = ch
        if self.x + w >= self.cols:
            self.x = self.cols - 1
            self.wrap_pending = True
        else:
            self.x += w

    def _clear_wide(self, row, x):
        """Overwriting half of a wide glyph blanks its other half."""
        if row[x] is None and x > 0:
            row[x - 1] = " "
        elif x + 1 < self.cols and row[x + 1] is None:
            row[x + 1] = " "

    def _index(self):
        if self.y == self.bottom:
            self._scroll_up(1)
        elif self.y < self.rows - 1:
            self.y += 1

    def _reverse_index(self):
        if self.y == self.top:
            self._scroll_down(1)
        elif self.y > 0:
            self.y -= 1

    def _scroll_up(self, n, top=None):
        top = self.top if top is None else top
        for _ in range(min(n, self.bottom - top + 1)):
            del self.grid[top]
            self.grid.insert(self.bottom, [" "] * self.cols)

    def _scroll_down(self, n, top=None):
        top = self.top if top is None else top
        for _ in range(min(n, self.bottom - top + 1)):
            del self.grid[self.bottom]
            self.grid.insert(top, [" "] * self.cols)

    def _erase(self, y, x0, x1):
        row = self.grid[y]
        x0, x1 = max(0, x0), min(self.cols, x1)
        if x0 >= x1:
            return
        if row[x0] is None and x0 > 0:
            row[x0 - 1] = " "
        if x1 < self.cols and row[x1] is None:
            row[x1] = " "
        for x in range(x0, x1):
            row[x] = " "

    def _csi(self, seq, final):
        private = seq[:1] if seq[:1] in "?>=<" else ""
        body = seq[len(private):]
        if any(c in body for c in " !\"#$%&'*+,-./"):  # intermediates: DECSCUSR, DECSTR, ...
            if final == "p" and "!" in body:
                self.__init__(self.cols, self.rows)
            return
        params = [int(p) if p.isdigit() else 0 for p in body.replace(":", ";").split(";")] if body else []

        def p(i=0, default=1):
            v = params[i] if i < len(params) else 0
            return v if v else default

        if private:
            if final in "hl" and private == "?":
                for mode in params:
                    if mode in (1049, 1047, 47):
                        self._alternate(final == "h", save_cursor=mode == 1049)
            return
        if final not in "bm":
            self.wrap_pending = False
        if final in "Hf":
            self.y = min(self.rows - 1, p(0) - 1)
            self.x = min(self.cols - 1, p(1) - 1)
        elif final == "A":
            self.y = max(self.top if self.y >= self.top else 0, self.y - p())
        elif final == "B":
            self.y = min(self.bottom if self.y <= self.bottom else self.rows - 1, self.y + p())
        elif final in "Ca":
            self.x = min(self.cols - 1, self.x + p())
        elif final == "D":
            self.x = max(0, self.x - p())
        elif final == "E":
            self.y, self.x = min(self.rows - 1, self.y + p()), 0
        elif final == "F":
            self.y, self.x = max(0, self.y - p()), 0
        elif final in "G`":
            self.x = min(self.cols - 1, p() - 1)
        elif final == "d":
            self.y = min(self.rows - 1, p() - 1)
        elif final == "e":
            self.y = min(self.rows - 1, self.y + p())
        elif final == "K":
            mode = p(0, 0)
            if mode == 0:
                self._erase(self.y, self.x, self.cols)
            elif mode == 1:
                self._erase(self.y, 0, self.x + 1)
            else:
                self._erase(self.y, 0, self.cols)
        elif final == "J":
            mode = p(0, 0)
            if mode == 0:
                self._erase(self.y, self.x, self.cols)
                for y in range(self.y + 1, self.rows):
                    self._erase(y, 0, self.cols)
            elif mode == 1:
                for y in range(0, self.y):
                    self._erase(y, 0, self.cols)
                self._erase(self.y, 0, self.x + 1)
            elif mode in (2, 3):
                for y in range(self.rows):
                    self._erase(y, 0, self.cols)
        elif final == "X":
            self._erase(self.y, self.x, self.x + p())
        elif final == "b":
            for _ in range(p()):
                self._print(self.last_char)
        elif final == "@":
            row, n = self.grid[self.y], min(p(), self.cols - self.x)
            self._clear_wide(row, self.x)
            row[self.x:self.cols] = [" "] * n + row[self.x:self.cols - n]
            if row[-1] is not None and char_width(row[-1]) == 2:
                row[-1] = " "
        elif final == "P":
            row, n = self.grid[self.y], min(p(), self.cols - self.x)
            self._clear_wide(row, self.x)
            row[self.x:self.cols] = row[self.x + n:self.cols] + [" "] * n
            if row[self.x] is None:
                row[self.x] = " "
        elif final == "L":
            if self.top <= self.y <= self.bottom:
                self._scroll_down(p(), top=self.y)
                self.x = 0
        elif final == "M":
            if self.top <= self.y <= self.bottom:
                self._scroll_up(p(), top=self.y)
                self.x = 0
        elif final == "S":
            self._scroll_up(p())
        elif final == "T":
            self._scroll_down(p())
        elif final == "r":
            top, bottom = p(0) - 1, p(1, self.rows) - 1
            if top < bottom <= self.rows - 1:
                self.top, self.bottom = top, bottom
                self.x = self.y = 0
        elif final == "s":
            self.saved = (self.x, self.y)
        elif final == "u":
            self.x, self.y = self.saved
        elif final in "mhlntcgqi":
            pass  # SGR, modes, reports, tab clears, printing: no text
        else:
            self.unknown[final] = self.unknown.get(final, 0) + 1

    def _alternate(self, on, save_cursor):
        if on and self.grid is self.main:
            if save_cursor:
                self.saved = (self.x, self.y)
            self.alt = self._blank()
            self.grid = self.alt
        elif not on and self.grid is self.alt:
            self.grid = self.main
            if save_cursor:
                self.x, self.y = self.saved


# --- what the monitor draws -----------------------------------------------------------------

def grouped_price(text):
    """A price as the watchlist writes it: "67123.45" -> "67,123.45"."""
    sign = "-" if text.startswith("-") else ""
    body = text.lstrip("-")
    whole, _, frac = body.partition(".")
    if len(whole) > 3:
        whole = "{:,}".format(int(whole))
    return sign + whole + ("." + frac if frac else "")


WATCH_ROW = re.compile(r"^│[▌ ]([A-Z0-9]{2,20})\s+(\S+)\s")


def watchlist(screen):
    """{symbol: last-price text} of the watchlist rows on screen (left pane, from row 3)."""
    rows = {}
    for y in range(2, screen.rows - 1):
        line = screen.line(y)
        if line.startswith("╰"):
            break
        m = WATCH_ROW.match(line)
        if m and m.group(1) not in ("Symbol",):
            rows.setdefault(m.group(1), m.group(2))
    return rows


CANDLE_GLYPHS = set("┃│╽╿╷╵╹╻")
CLOCK = re.compile(r"\d\d:\d\d")
OHLC = re.compile(r"O [\d.]+ H [\d.]+ L [\d.]+ C [\d.]+")
NUMBER_END = re.compile(r"-?\d[\d,]*(\.\d+)?[KMBT%]?$")


def full_frame(screen, symbols=DEFAULT_SYMBOLS):
    """The first-frame definition of the module docstring; returns (ok, what is missing)."""
    lines = [screen.line(y) for y in range(screen.rows)]
    missing = []
    status = lines[0]
    if not status.startswith(" thebot") or "● LIVE" not in status or "backfilling" in status:
        missing.append("status")
    prices = watchlist(screen)
    if any(prices.get(s) in (None, "–") or not re.search(r"\d", prices.get(s, "")) for s in symbols):
        missing.append("watchlist")
    # The chart pane: between the watchlist's right border and the signals pane.
    title_row = lines[1]
    m = re.search(r"╭─ ([A-Z0-9]+) · (\w+) ", title_row)
    if not m or not OHLC.search(title_row):
        missing.append("chart title")
    left = title_row.find("╮╭") + 2 if "╮╭" in title_row else 56
    right = title_row.find("╮╭", left)
    right = right if right > 0 else screen.cols
    chart = [ln[left:right] for ln in lines[2:-2]]
    if not any(len(CLOCK.findall(ln)) >= 3 and "·" in ln for ln in chart):
        missing.append("time axis")
    if sum(ch in CANDLE_GLYPHS for ln in chart for ch in ln) < 40:
        missing.append("candles")
    # The indicator table: the left pane under the watchlist.
    start = next((y for y, ln in enumerate(lines) if ln.startswith("╭─ Indicators")), None)
    if start is None:
        missing.append("indicators")
    else:
        rows = []
        for ln in lines[start + 1:-1]:
            cell = ln[:56]
            if not cell.startswith("│") or cell.startswith("╰"):
                break
            inner = cell[1:].split("│")[0].rstrip()
            if not inner:
                break
            rows.append(inner)
        if not rows or not all(NUMBER_END.search(r) for r in rows):
            missing.append("indicators")
    if not lines[-1].startswith(" q quit"):
        missing.append("footer")
    return not missing, missing


# --- running the monitor --------------------------------------------------------------------

def spawn_monitor(args):
    _home, env = benchkit.scratch_home("screen")
    env.pop("TMUX", None)
    return benchkit.PtyProcess([benchkit.binary(), *args], env, cols=COLS, rows=ROWS, term="xterm-256color")


def quit_monitor(proc):
    """`q`, then SIGTERM and SIGKILL if it lingers; closes the pty."""
    try:
        proc.send("q")
    except OSError:
        pass
    end = time.monotonic() + 5
    while proc.proc.poll() is None and time.monotonic() < end:
        proc.read(0.05)
    proc.stop()
    return proc.proc.returncode


def wait_full_frame(proc, screen, timeout, log=None):
    """Reads until the emulated screen is a full frame; the read's monotonic time, or None."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        chunk = proc.read(0.2)
        if chunk is None or not chunk[1]:
            if proc.proc.poll() is not None:
                return None
            continue
        if log is not None:
            log.append(chunk[1])
        screen.feed(chunk[1])
        if full_frame(screen)[0]:
            return chunk[0]
    return None


def first_frame(args):
    runs = []
    for _ in range(args.runs):
        screen = Screen()
        proc = spawn_monitor(["--demo"])
        started = proc.started
        at = wait_full_frame(proc, screen, args.timeout)
        missing = None if at else full_frame(screen)[1]
        quit_monitor(proc)
        runs.append(round((at - started) * 1000, 1) if at else None)
        if at is None:
            print(f"first-frame: no full frame within {args.timeout} s (missing: {', '.join(missing)})", file=sys.stderr)
    done = [r for r in runs if r is not None]
    out = {"runs_ms": runs, "runs": len(runs), "failed": len(runs) - len(done),
           "median_ms": statistics.median(done) if done else None,
           "min_ms": min(done) if done else None, "max_ms": max(done) if done else None}
    return out


def latency(args):
    sim = benchkit.Sim("--speed", "1", seed=args.seed)
    screen = Screen()
    proc = spawn_monitor([*sim.endpoint_args(), "--refresh", str(args.refresh)])
    try:
        if wait_full_frame(proc, screen, 60) is None:
            raise SystemExit("latency: the monitor never drew a full frame: " + ", ".join(full_frame(screen)[1]))
        symbols = list(watchlist(screen))
        # Every change of every "Last" cell, with the read time after which it showed.
        shown = {s: [] for s in symbols}
        current = {}

        def absorb(chunk):
            t_ns = int(chunk[0] * 1e9)
            screen.feed(chunk[1])
            for s, text in watchlist(screen).items():
                if current.get(s) != text:
                    current[s] = text
                    if s in shown:
                        shown[s].append((t_ns, text))

        warm_end = time.monotonic() + args.warmup
        while time.monotonic() < warm_end:
            chunk = proc.read(0.1)
            if chunk and chunk[1]:
                absorb(chunk)

        posted = queue.Queue()
        stop = threading.Event()
        errors = []

        def poster():
            rng = random.Random(args.seed)
            k = 0
            end = time.monotonic() + args.seconds
            next_at = time.monotonic()
            while not stop.is_set() and next_at < end:
                delay = next_at - time.monotonic()
                if delay > 0 and stop.wait(delay):
                    break
                symbol = symbols[k % len(symbols)]
                k += 1
                before = time.monotonic_ns()
                try:
                    reply = json.loads(sim.control({"action": "mark", "symbol": symbol, "hold_ms": args.hold_ms}))
                    posted.put((before, reply["marks"][0]))
                except Exception as error:  # a failed post is reported, not fatal
                    errors.append(str(error))
                next_at += rng.uniform(0.2, 0.4)

        thread = threading.Thread(target=poster, daemon=True)
        thread.start()
        while thread.is_alive():
            chunk = proc.read(0.05)
            if chunk and chunk[1]:
                absorb(chunk)
        # The last marks get their 2 s to show.
        tail_end = time.monotonic() + MISS_AFTER_NS / 1e9 + 0.2
        while time.monotonic() < tail_end:
            chunk = proc.read(0.05)
            if chunk and chunk[1]:
                absorb(chunk)
        stop.set()
        stats = {m["id"]: m for m in sim.stats().get("marks", [])}
        marks = []
        while not posted.empty():
            marks.append(posted.get())
    finally:
        code = quit_monitor(proc)
        sim.stop()

    samples, missed, ambiguous, per_symbol, detail = [], 0, 0, {}, []
    for before, mark in marks:
        sent = stats.get(mark["id"], {}).get("sent_ns")
        target = grouped_price(mark["price"])
        history = shown.get(mark["symbol"], [])
        if [text for t, text in history if t < before][-1:] == [target]:
            ambiguous += 1  # the cell showed that price already: nothing to time
            continue
        seen = next((t for t, text in history if t >= before and text == target), None)
        if args.detail:
            was = [text for t, text in history if t < (seen or before)][-1:]
            detail.append({"id": mark["id"], "symbol": mark["symbol"], "price": target, "shown_before": was,
                           "post_to_sent_ms": round((sent - before) / 1e6, 2) if sent else None,
                           "latency_ms": round((seen - sent) / 1e6, 2) if sent and seen else None})
        if sent is None or seen is None or seen - sent > MISS_AFTER_NS:
            missed += 1
            continue
        ms = round((seen - sent) / 1e6, 2)
        samples.append(ms)
        per_symbol.setdefault(mark["symbol"], []).append(ms)
    ordered = sorted(samples)
    return {"refresh_ms": args.refresh, "marks": len(marks) - ambiguous, "seen": len(samples), "missed": missed,
            "ambiguous": ambiguous,
            "p50_ms": benchkit.percentile(ordered, 50), "p99_ms": benchkit.percentile(ordered, 99),
            "max_ms": ordered[-1] if ordered else None, "samples_ms": samples,
            "hold_ms": args.hold_ms, "seconds": args.seconds, "symbols": symbols,
            "p50_ms_by_symbol": {s: statistics.median(v) for s, v in per_symbol.items()},
            "post_errors": len(errors), "monitor_exit": code, **({"detail": detail} if args.detail else {})}


def verify(args):
    """The emulator against tmux, on the same bytes."""
    if not shutil.which("tmux"):
        raise SystemExit("verify: tmux is not installed")
    log = []
    screen = Screen()
    proc = spawn_monitor(["--demo", "--refresh", "100"])
    checks = []
    try:
        at = wait_full_frame(proc, screen, 60, log=log)
        cut_first = len(b"".join(log)) if at else None
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            chunk = proc.read(0.1)
            if chunk and chunk[1]:
                log.append(chunk[1])
                screen.feed(chunk[1])
    finally:
        quit_monitor(proc)
    data = b"".join(log)
    work = tempfile.mkdtemp(prefix="thebot-verify-")
    try:
        cuts = [("first full frame", cut_first)]
        cuts += [(f"{k}/4 of the rest", cut_first + (len(data) - cut_first) * k // 4) for k in (1, 2, 3) if cut_first]
        cuts.append(("end", len(data)))
        for label, cut in cuts:
            if cut is None:
                continue
            replay = Screen()
            replay.feed(data[:cut])
            path = os.path.join(work, "bytes")
            with open(path, "wb") as f:
                f.write(data[:cut])
            theirs = tmux_render(path, work)
            ours = [replay.line(y).rstrip() for y in range(ROWS)]
            differing = [{"row": y + 1, "emulator": ours[y], "tmux": theirs[y]}
                         for y in range(ROWS) if ours[y] != (theirs[y] if y < len(theirs) else "")]
            checks.append({"at": label, "bytes": cut, "rows": ROWS, "equal_rows": ROWS - len(differing),
                           "differing": differing, "unknown_sequences": replay.unknown})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"checks": checks}


def tmux_render(path, work):
    """The screen tmux draws from the bytes in `path` (a 200x60 pane on a private server)."""
    socket = os.path.join(work, "tmux.sock")
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("TMUX", None)
    base = ["tmux", "-S", socket, "-f", "/dev/null"]
    subprocess.run(base + ["new-session", "-d", "-x", str(COLS), "-y", str(ROWS),
                           f"stty raw -echo; cat '{path}'; touch '{path}.done'; sleep 600"], env=env, check=True)
    try:
        subprocess.run(base + ["set-option", "-g", "status", "off"], env=env, check=True)
        end = time.monotonic() + 10
        while not os.path.exists(path + ".done") and time.monotonic() < end:
            time.sleep(0.05)
        time.sleep(0.3)
        # What the pane shows now (the monitor's alternate screen).
        out = subprocess.run(base + ["capture-pane", "-p"], env=env, capture_output=True, check=True)
        return [ln.rstrip() for ln in out.stdout.decode("utf-8", "replace").split("\n")][:ROWS]
    finally:
        subprocess.run(base + ["kill-server"], env=env, check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("latency", help="mark-to-screen latency of the watchlist price")
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--refresh", type=int, default=100, choices=[100, 500, 1000])
    p.add_argument("--hold-ms", type=int, default=1000)
    p.add_argument("--warmup", type=float, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--detail", action="store_true", help="add every mark's symbol, price and timings")
    p = sub.add_parser("first-frame", help="spawn to first full frame of thebot --demo")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--timeout", type=float, default=60)
    p = sub.add_parser("verify", help="the terminal emulator against tmux")
    p.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    try:
        result = {"latency": latency, "first-frame": first_frame, "verify": verify}[args.command](args)
    finally:
        benchkit.stop_all()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
