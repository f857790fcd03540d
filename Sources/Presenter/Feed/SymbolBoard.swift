import Indicators
import MarketModel
import TUI

/// Everything the monitor knows about one symbol on the chart interval: its bars, indicator
/// values per bar (so overlays can be drawn across the chart), the forming bar's preview, and the
/// 24 h ticker. A value type updated on the feed task and copied into frames on the UI thread.
struct SymbolBoard: Sendable {
    let symbol: Symbol
    var priceDecimals: Int
    var capacity: Int
    var last: ExactDecimal?
    var flash: Flash = .none
    var flashUntilMs: Int64 = 0
    var changePercent: Double?
    var quoteVolume: Double?
    private(set) var closed: [Candle] = []
    private(set) var backfilled: Set<Int64> = []
    private(set) var gaps: Set<Int64> = []
    private(set) var forming: Candle?
    private(set) var indicators: IndicatorSet
    /// Indicator values after each closed bar, aligned with `closed`.
    private(set) var valueHistory: [[Double]] = []
    /// Values with the forming bar previewed (committed values when there is none).
    private(set) var previewValues: [Double]

    init(symbol: Symbol, specs: [IndicatorSpec], capacity: Int, priceDecimals: Int = 2) {
        self.symbol = symbol
        self.capacity = capacity
        self.priceDecimals = priceDecimals
        indicators = IndicatorSet(specs: specs)
        previewValues = indicators.values
    }

    var columns: [String] { indicators.columns }
    var specs: [IndicatorSpec] { indicators.specs }

    /// A closed bar, in order; an older or repeated one is ignored. Returns false when ignored.
    @discardableResult
    mutating func close(_ candle: Candle, backfilled isBackfilled: Bool, nowMs: Int64) -> Bool {
        if let lastClosed = closed.last {
            guard candle.openTime > lastClosed.openTime else { return false }
            let expected = candle.interval.nextOpenTime(after: lastClosed.openTime)
            if candle.openTime != expected { gaps.insert(expected) }
        }
        var bar = candle
        bar.isClosed = true
        closed.append(bar)
        if isBackfilled { backfilled.insert(bar.openTime) }
        indicators.commit(Self.bar(bar))
        valueHistory.append(indicators.values)
        if closed.count > capacity {
            let drop = closed.count - capacity
            for c in closed.prefix(drop) { backfilled.remove(c.openTime); gaps.remove(c.openTime) }
            closed.removeFirst(drop)
            valueHistory.removeFirst(drop)
        }
        if let f = forming, f.openTime <= bar.openTime { forming = nil }
        previewValues = indicators.values
        note(price: bar.close, nowMs: nowMs)
        return true
    }

    mutating func update(forming candle: Candle, nowMs: Int64) {
        if let lastClosed = closed.last, candle.openTime <= lastClosed.openTime { return }
        forming = candle
        indicators.preview(Self.bar(candle), into: &previewValues)
        note(price: candle.close, nowMs: nowMs)
    }

    mutating func note(price: ExactDecimal, nowMs: Int64) {
        if let previous = last, previous != price {
            flash = price > previous ? .up : .down
            flashUntilMs = nowMs + 700
        }
        last = price
    }

    mutating func note(ticker: Ticker24h, nowMs: Int64) {
        changePercent = ticker.changePercent
        quoteVolume = ticker.quoteVolume.doubleValue
        if forming == nil { note(price: ticker.last, nowMs: nowMs) }
    }

    /// Swaps the indicator list, recomputing every value from the bars kept.
    mutating func rebuild(specs: [IndicatorSpec]) {
        indicators = IndicatorSet(specs: specs)
        valueHistory = []
        for c in closed {
            indicators.commit(Self.bar(c))
            valueHistory.append(indicators.values)
        }
        previewValues = indicators.values
        if let f = forming { indicators.preview(Self.bar(f), into: &previewValues) }
    }

    /// Drops every bar (the chart interval changed).
    mutating func resetBars() {
        closed = []
        backfilled = []
        gaps = []
        forming = nil
        rebuild(specs: indicators.specs)
    }

    var candles: [Candle] {
        forming.map { closed + [$0] } ?? closed
    }

    /// One column's values aligned with `candles` (the forming bar gets its preview).
    func series(column: String) -> [Double] {
        guard let index = indicators.columns.firstIndex(of: column) else { return [] }
        var values = valueHistory.map { $0[index] }
        if forming != nil { values.append(previewValues[index]) }
        return values
    }

    func currentValue(column: String) -> Double {
        guard let index = indicators.columns.firstIndex(of: column) else { return .nan }
        return previewValues[index]
    }

    static func bar(_ c: Candle) -> Bar {
        Bar(openTime: c.openTime, open: c.open.doubleValue, high: c.high.doubleValue, low: c.low.doubleValue,
            close: c.close.doubleValue, volume: c.volume.doubleValue)
    }
}
