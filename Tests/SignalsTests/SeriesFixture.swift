import Foundation
import Indicators
import MarketModel
@testable import Signals

/// Builds crafted candle series and runs an aggregator over them, reporting signals by bar index.
enum SeriesFixture {
    static let symbol = Symbol("BTCUSDT")!
    static let base: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z

    static func candle(_ index: Int, close: Double, open: Double? = nil, high: Double? = nil, low: Double? = nil,
                       volume: Double = 100, closed: Bool = true, symbol: Symbol = SeriesFixture.symbol) -> Candle {
        let o = open ?? close
        let openTime = base + Int64(index) * 60_000
        return Candle(symbol: symbol, interval: .m1, openTime: openTime, closeTime: openTime + 59_999,
                      open: ExactDecimal(rounding: o, scale: 4),
                      high: ExactDecimal(rounding: high ?? max(o, close), scale: 4),
                      low: ExactDecimal(rounding: low ?? min(o, close), scale: 4),
                      close: ExactDecimal(rounding: close, scale: 4),
                      volume: ExactDecimal(rounding: volume, scale: 4), isClosed: closed)
    }

    /// Prices as the candles will carry them (4 decimals), so reference computations in the
    /// tests see exactly what the aggregator sees.
    static func prices(_ xs: [Double]) -> [Double] {
        xs.map { ExactDecimal(rounding: $0, scale: 4).doubleValue }
    }

    static func candles(_ closes: [Double]) -> [Candle] {
        closes.enumerated().map { candle($0.offset, close: $0.element) }
    }

    /// Bar index a closed-bar signal belongs to (its time is the bar's close time).
    static func index(of signal: Signal) -> Int {
        Int((signal.time - base) / 60_000)
    }

    /// Runs the rule over closed candles; returns (bar index, direction) of every signal.
    static func fire(_ rule: SignalRule, _ candles: [Candle]) -> [(index: Int, direction: SignalDirection)] {
        var aggregator = SignalAggregator(rules: [rule])
        var out: [Signal] = []
        for c in candles { aggregator.update(c, into: &out) }
        return out.map { (index(of: $0), $0.direction) }
    }

    static func describe(_ events: [(index: Int, direction: SignalDirection)]) -> String {
        events.map { "\($0.index):\($0.direction.rawValue)" }.joined(separator: " ")
    }

    static func signal(_ n: Int, time: Int64? = nil, symbol: String = "BTCUSDT", rule: String = "rsi",
                       direction: SignalDirection = .bullish, strength: Double = 0.5,
                       reason: String = "RSI(14) fell below 30 (28.4).") -> Signal {
        Signal(time: time ?? base + Int64(n) * 60_000, symbol: Symbol(symbol)!, interval: .m1, rule: rule,
               direction: direction, strength: strength, price: ExactDecimal("4261.48")!, reason: reason)
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "signals-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
