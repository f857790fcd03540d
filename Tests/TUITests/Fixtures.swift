import MarketModel
@testable import TUI

/// Small hand-made candles with known extremes, so chart geometry can be checked exactly.
enum Fixtures {
    static let t0: Int64 = 1_700_000_040_000 - 1_700_000_040_000 % 60_000

    static func candle(_ i: Int, open: Double, high: Double, low: Double, close: Double, volume: Double = 10,
                       closed: Bool = true, interval: Interval = .m1) -> Candle {
        let t = t0 + Int64(i) * interval.nominalMilliseconds
        return Candle(symbol: Symbol("BTCUSDT")!, interval: interval, openTime: t,
                      closeTime: t + interval.nominalMilliseconds - 1,
                      open: ExactDecimal(rounding: open, scale: 2), high: ExactDecimal(rounding: high, scale: 2),
                      low: ExactDecimal(rounding: low, scale: 2), close: ExactDecimal(rounding: close, scale: 2),
                      volume: ExactDecimal(rounding: volume, scale: 2), isClosed: closed)
    }

    /// Ten candles; candle 3 has the highest high (120), candle 7 the lowest low (80); candle 9
    /// closes at 101 (a bull candle, forming).
    static func tenCandles() -> [Candle] {
        var c: [Candle] = []
        for i in 0..<10 {
            let base = 100.0 + Double(i % 3)
            switch i {
            case 3: c.append(candle(i, open: 101, high: 120, low: 99, close: 110))
            case 7: c.append(candle(i, open: 104, high: 105, low: 80, close: 90))
            case 9: c.append(candle(i, open: 99, high: 102, low: 98, close: 101, closed: false))
            default: c.append(candle(i, open: base, high: base + 2, low: base - 2, close: base + (i % 2 == 0 ? 1 : -1)))
            }
        }
        return c
    }

    static let theme = Theme.dark

    static func render(_ state: MonitorState, _ w: Int, _ h: Int, theme: Theme = .dark) -> Buffer {
        MonitorRenderer(theme: theme).render(state, width: w, height: h)
    }
}

extension Buffer {
    /// Every (x, y) whose character is in `scalars`, inside `rect`.
    func positions(of scalars: Set<Unicode.Scalar>, in rect: Rect) -> [(x: Int, y: Int)] {
        var out: [(Int, Int)] = []
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX where scalars.contains(self[x, y].scalar) { out.append((x, y)) }
        }
        return out
    }

    func row(_ y: Int) -> String { textLines()[y] }
}
