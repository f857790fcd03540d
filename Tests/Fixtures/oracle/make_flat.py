#!/usr/bin/env python3
"""Synthetic flat / nearly flat candles with TA-Lib reference outputs (issue "TA-Lib parity on
flat windows").

usage: make_flat.py [OUTDIR]   (default: the directory of this script)

Writes flat_1em8.csv, flat_1em2.csv and flat_1e5.csv: the same candle shape quoted around
1e-8, 1e-2 and 1e5, in the format of btcusdt_1d_default.csv (open_time,open,high,low,close,
volume + one column per output of the default indicator list), and flat_*_params.csv with the
same candles and the PARAM_SPEC list below. Each series, 240 hourly bars:

  rows   0- 49  random walk (steps ~1e-3 relative) so every study is warmed up on real moves
  rows  50- 99  exactly flat: open = high = low = close, constant volume
  rows 100-139  nearly flat at the last bit: every price within 3 ulps of the flat level
  rows 140-169  flat close and open inside a constant nonzero high/low range
  rows 170-199  nearly flat but real: relative moves ~1e-10 (far above rounding residue)
  rows 200-239  random walk again, so the recursive studies recover from the flat stretch

Prices are built from a fixed seed and written with repr(), so the CSV is the truth and the
generator need not be bit-reproducible across numpy versions. The indicator columns come from
compute() in gen_spec_reference.py, the generator of the btcusdt reference files (TA-Lib through
the `ta-lib` wheel, see requirements.txt there), which must be importable: pass its directory in
GEN_SPEC_DIR (by default this folder, which holds a copy of it).
"""
import csv, math, os, sys
import numpy as np

SPEC = ("sma(20),ema(12),ema(26),wma(10),rsi(14),roc(10),macd(12,26,9),bbands(20,2,2),atr(14),"
        "adx(14),cci(20),willr(14),mfi(14),stoch(14,3,3),obv,vwap")
# Non-default parameters, short windows especially (ADX(2) on a decaying DM is where the fixed
# and exact zero tests part): the same candles, written to flat_*_params.csv.
PARAM_SPEC = ("cci(7),cci(2),willr(3),willr(2),mfi(5),mfi(2),stoch(5,3,4),stoch(9,1,1),stoch(3,5,2),"
              "rsi(2),rsi(30),adx(5),adx(3),adx(2),bbands(10,1.5,2.5),roc(1)")
SCALES = [("flat_1em8.csv", 1e-8), ("flat_1em2.csv", 1e-2), ("flat_1e5.csv", 1e5)]
T0 = 1_700_000_000_000 // 3_600_000 * 3_600_000  # an hour boundary (ms)


def candles(scale, seed):
    rng = np.random.default_rng(seed)
    rows = []
    close = scale * 1.2345678901
    def bar(o, h, l, c, v):
        rows.append((o, max(h, o, c), min(l, o, c), c, v))
    def walk(count):
        nonlocal close
        for _ in range(count):
            o = close
            c = o * (1 + 1e-3 * rng.standard_normal())
            h = max(o, c) * (1 + 5e-4 * abs(rng.standard_normal()))
            l = min(o, c) * (1 - 5e-4 * abs(rng.standard_normal()))
            bar(o, h, l, c, float(rng.integers(100, 5000)))
            close = c
    walk(50)
    level = close
    for _ in range(50):                       # exactly flat
        bar(level, level, level, level, 1000.0)
    for _ in range(40):                       # within 3 ulps of the level
        px = [level + int(rng.integers(-3, 4)) * math.ulp(level) for _ in range(4)]
        o, c = px[0], px[1]
        bar(o, max(px), min(px), c, 1000.0)
    for _ in range(30):                       # flat close, constant range
        bar(level, level * 1.001, level * 0.999, level, 1000.0)
    for _ in range(30):                       # nearly flat, real moves ~1e-10
        o = level * (1 + 1e-10 * rng.standard_normal())
        c = level * (1 + 1e-10 * rng.standard_normal())
        h = max(o, c) * (1 + 5e-11 * abs(rng.standard_normal()))
        l = min(o, c) * (1 - 5e-11 * abs(rng.standard_normal()))
        bar(o, h, l, c, float(rng.integers(500, 1500)))
    close = level
    walk(40)
    return rows


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.environ.get("GEN_SPEC_DIR", os.path.dirname(os.path.abspath(__file__))))
    import talib
    from gen_spec_reference import compute
    for k, (name, scale) in enumerate(SCALES):
        rows = candles(scale, 20260 + k)
        recs = [(T0 + i * 3_600_000, *r) for i, r in enumerate(rows)]
        for spec, path in ((SPEC, os.path.join(out_dir, name)),
                           (PARAM_SPEC, os.path.join(out_dir, name.replace(".csv", "_params.csv")))):
            t, (o, h, l, c, v), cols = compute(recs, spec)
            with open(path, "w", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(["open_time", "open", "high", "low", "close", "volume", *cols])
                for i in range(len(t)):
                    row = [int(t[i])] + [repr(float(x[i])) for x in (o, h, l, c, v)]
                    row += ["NaN" if np.isnan(cols[n][i]) else repr(float(cols[n][i])) for n in cols]
                    w.writerow(row)
            print(f"{path}: {len(t)} rows, {len(cols)} indicator columns (TA-Lib {talib.__ta_version__.decode()})")

if __name__ == "__main__":
    main()
