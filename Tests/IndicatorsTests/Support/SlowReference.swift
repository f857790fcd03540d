import Indicators

/// Deliberately plain implementations written from CONVENTIONS.md: each windowed value is
/// recomputed from its whole window, each recursive one by a straightforward loop over the
/// full series. Slow, obvious, and sharing no code with the module.
enum SlowReference {
    /// Outputs of `spec` over `bars`, aligned with `spec.columnNames`, NaN in warm-up.
    static func columns(_ spec: IndicatorSpec, _ bars: [Bar]) -> [[Double]] {
        let c = bars.map(\.close)
        let p = spec.parameters.map { Int($0) }
        switch spec.name {
        case "sma": return [sma(c, p[0])]
        case "ema": return [ema(c, p[0], from: 0)]
        case "wma": return [wma(c, p[0])]
        case "rsi": return [rsi(c, p[0])]
        case "roc": return [roc(c, p[0])]
        case "macd": return macd(c, p[0], p[1], p[2])
        case "bbands": return bbands(c, p[0], spec.parameters[1], spec.parameters[2])
        case "atr": return [atr(bars, p[0])]
        case "adx": return [adx(bars, p[0])]
        case "cci": return [cci(bars, p[0])]
        case "willr": return [willr(bars, p[0])]
        case "mfi": return [mfi(bars, p[0])]
        case "stoch": return stoch(bars, p[0], p[1], p[2])
        case "obv": return [obv(bars)]
        case "vwap": return [vwap(bars, session: false)]
        case "svwap": return [vwap(bars, session: true)]
        default: return []  // no reference: the catalog test fails on a spec that lands here
        }
    }

    static func nans(_ count: Int) -> [Double] { Array(repeating: .nan, count: count) }

    static func mean(_ x: ArraySlice<Double>) -> Double { x.reduce(0, +) / Double(x.count) }

    static func sma(_ x: [Double], _ n: Int) -> [Double] {
        var out = nans(x.count)
        for i in x.indices where i >= n - 1 { out[i] = mean(x[(i - n + 1)...i]) }
        return out
    }

    /// SMA-seeded EMA of `x[from...]`: seed = mean of its first n values, emitted at from+n-1.
    static func ema(_ x: [Double], _ n: Int, from start: Int) -> [Double] {
        var out = nans(x.count)
        let k = 2.0 / Double(n + 1)
        guard start + n - 1 < x.count else { return out }
        var e = mean(x[start..<(start + n)])
        out[start + n - 1] = e
        for i in (start + n)..<x.count {
            e = (x[i] - e) * k + e
            out[i] = e
        }
        return out
    }

    static func wma(_ x: [Double], _ n: Int) -> [Double] {
        var out = nans(x.count)
        let divider = Double(n * (n + 1)) / 2
        for i in x.indices where i >= n - 1 {
            var s = 0.0
            for w in 1...n { s += Double(w) * x[i - n + w] }
            out[i] = s / divider
        }
        return out
    }

    static func rsi(_ x: [Double], _ n: Int) -> [Double] {
        var out = nans(x.count)
        guard x.count > n else { return out }
        var gain = 0.0, loss = 0.0
        for i in 1...n {
            let d = x[i] - x[i - 1]
            gain += max(d, 0)
            loss += max(-d, 0)
        }
        gain /= Double(n)
        loss /= Double(n)
        func value() -> Double { gain + loss == 0 ? 0 : 100 * gain / (gain + loss) }
        out[n] = value()
        for i in stride(from: n + 1, to: x.count, by: 1) {
            let d = x[i] - x[i - 1]
            gain = (gain * Double(n - 1) + max(d, 0)) / Double(n)
            loss = (loss * Double(n - 1) + max(-d, 0)) / Double(n)
            out[i] = value()
        }
        return out
    }

    static func roc(_ x: [Double], _ n: Int) -> [Double] {
        var out = nans(x.count)
        for i in x.indices where i >= n { out[i] = x[i - n] == 0 ? 0 : (x[i] / x[i - n] - 1) * 100 }
        return out
    }

    static func macd(_ x: [Double], _ fast: Int, _ slow: Int, _ signal: Int) -> [[Double]] {
        let (f, s) = slow < fast ? (slow, fast) : (fast, slow)  // TA-Lib swaps them
        let slowEMA = ema(x, s, from: 0)
        let fastEMA = ema(x, f, from: s - f)
        var line = nans(x.count)
        for i in x.indices where i >= s - 1 { line[i] = fastEMA[i] - slowEMA[i] }
        let sig = ema(line, signal, from: s - 1)
        var outs = [nans(x.count), nans(x.count), nans(x.count)]
        for i in x.indices where i >= s + signal - 2 {
            outs[0][i] = line[i]
            outs[1][i] = sig[i]
            outs[2][i] = line[i] - sig[i]
        }
        return outs
    }

    static func bbands(_ x: [Double], _ n: Int, _ up: Double, _ dn: Double) -> [[Double]] {
        var outs = [nans(x.count), nans(x.count), nans(x.count)]
        for i in x.indices where i >= n - 1 {
            let w = x[(i - n + 1)...i]
            let m = mean(w)
            let sd = (w.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(n)).squareRoot()
            outs[0][i] = m + up * sd
            outs[1][i] = m
            outs[2][i] = m - dn * sd
        }
        return outs
    }

    static func tr(_ b: [Bar], _ i: Int) -> Double {
        max(b[i].high - b[i].low, abs(b[i].high - b[i - 1].close), abs(b[i].low - b[i - 1].close))
    }

    static func atr(_ b: [Bar], _ n: Int) -> [Double] {
        var out = nans(b.count)
        guard b.count > n else { return out }
        var a = (1...n).map { tr(b, $0) }.reduce(0, +) / Double(n)
        out[n] = a
        for i in stride(from: n + 1, to: b.count, by: 1) {
            a = (a * Double(n - 1) + tr(b, i)) / Double(n)
            out[i] = a
        }
        return out
    }

    static func adx(_ b: [Bar], _ n: Int) -> [Double] {
        var out = nans(b.count)
        guard b.count > 2 * n - 1 else { return out }
        func dm(_ i: Int) -> (plus: Double, minus: Double) {
            let up = b[i].high - b[i - 1].high
            let down = b[i - 1].low - b[i].low
            return (up > down && up > 0 ? up : 0, down > up && down > 0 ? down : 0)
        }
        // Wilder sums: the first n-1 moves are summed, then smoothed bar by bar from bar n.
        var sp = 0.0, sm = 0.0, st = 0.0
        for i in stride(from: 1, to: n, by: 1) {
            sp += dm(i).plus
            sm += dm(i).minus
            st += tr(b, i)
        }
        var dx = nans(b.count)
        for i in n..<b.count {
            let d = dm(i)
            sp = sp - sp / Double(n) + d.plus
            sm = sm - sm / Double(n) + d.minus
            st = st - st / Double(n) + tr(b, i)
            // TA-Lib 0.8.1 skips the DX when the TR sum is exactly 0 or the DI sum (percentages)
            // is within the fixed 1e-14 band.
            guard st != 0 else { continue }
            let pdi = 100 * sp / st, mdi = 100 * sm / st
            guard !(pdi + mdi > -1e-14 && pdi + mdi < 1e-14) else { continue }
            dx[i] = 100 * abs(pdi - mdi) / (pdi + mdi)
        }
        // A skipped DX adds nothing to the seed but still counts in its divisor.
        var a = dx[n...(2 * n - 1)].filter { !$0.isNaN }.reduce(0, +) / Double(n)
        out[2 * n - 1] = a
        for i in stride(from: 2 * n, to: b.count, by: 1) {
            if !dx[i].isNaN { a = (a * Double(n - 1) + dx[i]) / Double(n) }
            out[i] = a
        }
        return out
    }

    /// TA-Lib 0.8.1's flat test, `TA_IS_ZERO_SCALED`.
    static func flat(_ v: Double, _ scale: Double) -> Bool { abs(v) <= 1e-14 * scale }

    static func cci(_ b: [Bar], _ n: Int) -> [Double] {
        let tp = b.map { ($0.high + $0.low + $0.close) / 3 }
        var out = nans(b.count)
        for i in b.indices where i >= n - 1 {
            // TA-Lib adds the window in circular-buffer order: bar j sits in slot j % n.
            let w = (0..<n).map { slot in tp[i - ((i - slot) % n)] }
            let m = w.reduce(0, +) / Double(n)
            let md = w.map { abs($0 - m) }.reduce(0, +) / Double(n)
            out[i] = flat(tp[i] - m, abs(m)) || flat(md, abs(m)) ? 0 : (tp[i] - m) / (0.015 * md)
        }
        return out
    }

    static func willr(_ b: [Bar], _ n: Int) -> [Double] {
        var out = nans(b.count)
        for i in b.indices where i >= n - 1 {
            let w = b[(i - n + 1)...i]
            let hh = w.map(\.high).max()!, ll = w.map(\.low).min()!
            out[i] = flat(hh - ll, abs(hh) + abs(ll)) ? 0 : -100 * (hh - b[i].close) / (hh - ll)
        }
        return out
    }

    static func mfi(_ b: [Bar], _ n: Int) -> [Double] {
        let tp = b.map { ($0.high + $0.low + $0.close) / 3 }
        var out = nans(b.count)
        for i in b.indices where i >= n {
            var pos = 0.0, neg = 0.0, flows = 0
            for j in (i - n + 1)...i {
                let d = tp[j] - tp[j - 1]
                if flat(d, abs(tp[j]) + abs(tp[j - 1])) { continue }
                let f = tp[j] * b[j].volume
                if f != 0 { flows += 1 }
                if d < 0 { neg += f } else { pos += f }
            }
            out[i] = flows == 0 ? 0 : 100 * pos / (pos + neg)
        }
        return out
    }

    static func stoch(_ b: [Bar], _ k: Int, _ sk: Int, _ sd: Int) -> [[Double]] {
        var raw = nans(b.count)
        for i in b.indices where i >= k - 1 {
            let w = b[(i - k + 1)...i]
            let hh = w.map(\.high).max()!, ll = w.map(\.low).min()!
            raw[i] = flat(hh - ll, abs(hh) + abs(ll)) ? 0 : 100 * (b[i].close - ll) / (hh - ll)
        }
        var slowK = nans(b.count), slowD = nans(b.count)
        for i in b.indices where i >= k - 1 + sk - 1 { slowK[i] = mean(raw[(i - sk + 1)...i]) }
        let first = k - 1 + sk - 1 + sd - 1
        for i in b.indices where i >= first { slowD[i] = mean(slowK[(i - sd + 1)...i]) }
        for i in b.indices where i < first { slowK[i] = .nan }
        return [slowK, slowD]
    }

    static func obv(_ b: [Bar]) -> [Double] {
        var out = nans(b.count)
        guard !b.isEmpty else { return out }
        out[0] = b[0].volume
        for i in b.indices.dropFirst() {
            out[i] = out[i - 1] + (b[i].close > b[i - 1].close ? b[i].volume : b[i].close < b[i - 1].close ? -b[i].volume : 0)
        }
        return out
    }

    static func vwap(_ b: [Bar], session: Bool) -> [Double] {
        var out = nans(b.count)
        let day = { (t: Int64) in t >= 0 ? t / 86_400_000 : (t + 1) / 86_400_000 - 1 }
        for i in b.indices {
            var start = 0
            if session { start = i; while start > 0 && day(b[start - 1].openTime) == day(b[i].openTime) { start -= 1 } }
            var pv = 0.0, vol = 0.0
            for j in start...i {
                pv += (b[j].high + b[j].low + b[j].close) / 3 * b[j].volume
                vol += b[j].volume
            }
            out[i] = vol == 0 ? .nan : pv / vol
        }
        return out
    }
}
