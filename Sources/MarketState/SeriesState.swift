import Indicators
import MarketData
import MarketModel
import Signals

/// Everything known about one series, kept once and read by every consumer: the closed-bar
/// ring, the forming bar, the indicator set (committed once per close, previewed once per
/// update), the committed values per bar for overlays, and the rule states.
///
/// A class so the ring and the buffers are updated where they are, never copied per update.
/// Only `SeriesStore` touches it, under its lock; consumers read it from inside the store's
/// callbacks or through `SeriesStore.read`.
public final class SeriesState {
    public let id: SeriesID
    // Every access happens under the store's lock, which already makes it exclusive, so the
    // runtime's per-access check (a thread-local lookup, several per message) is left out.

    /// Closed bars (with their backfilled flag and the holes the venue's own history has).
    @exclusivity(unchecked) public private(set) var bars: CandleSeries
    @exclusivity(unchecked) public private(set) var indicators: IndicatorSet
    /// `indicators.values` after each closed bar in `bars`, aligned with it.
    @exclusivity(unchecked) public private(set) var history: ValueRing
    /// Values with the forming bar previewed (the committed ones when there is none).
    @exclusivity(unchecked) public private(set) var preview: [Double]
    @exclusivity(unchecked) public private(set) var rules: SeriesRules
    public var forming: Candle? { bars.forming }

    init(id: SeriesID, capacity: Int, specs: [IndicatorSpec], rules: [SignalRule]) {
        self.id = id
        bars = CandleSeries(symbol: id.symbol, interval: id.interval, capacity: capacity)
        indicators = IndicatorSet(specs: specs)
        history = ValueRing(width: indicators.values.count, capacity: capacity)
        preview = indicators.values
        self.rules = SeriesRules(rules: rules, layout: indicators)
    }

    public var columns: [String] { indicators.columns }

    /// A closed bar: commits it once; rules run on the committed values. False when it is not
    /// the next bar (a repeat or older).
    func close(_ candle: Candle, backfilled: Bool, emit: Bool, into signals: inout [Signal]) -> Bool {
        guard bars.appendClosed(candle, backfilled: backfilled, acceptingHole: true) == .appended else { return false }
        let bar = Bar(candle)
        let index = indicators.barCount
        if !rules.isEmpty { rules.noteBeforeCommit(indicators.values) }
        indicators.commit(bar)
        history.append(indicators.values)
        copyCommitted()
        if !rules.isEmpty {
            var closed = candle
            closed.isClosed = true
            rules.closed(closed, bar: bar, index: index, values: indicators.values, emit: emit, into: &signals)
        }
        return true
    }

    /// A forming update: previewed once; intrabar rules run on the preview.
    func form(_ candle: Candle, eventTime: Int64, emit: Bool, into signals: inout [Signal]) -> Bool {
        guard bars.updateForming(candle) == .formingUpdated else { return false }
        guard !indicators.specs.isEmpty else { return true }
        let bar = Bar(candle)
        indicators.preview(bar, into: &preview)
        if rules.wantsPreviews {
            rules.previewed(candle, bar: bar, index: indicators.barCount, preview: preview,
                            committed: indicators.values, time: eventTime, emit: emit, into: &signals)
        }
        return true
    }

    /// New indicator list (rules' indicators first, so their slots stay where the rules bound
    /// them): every value is recomputed from the bars kept.
    func rebuild(specs: [IndicatorSpec]) {
        indicators = IndicatorSet(specs: specs)
        history.removeAll(width: indicators.values.count)
        for kept in bars.closedBars {
            indicators.commit(Bar(kept.candle))
            history.append(indicators.values)
        }
        copyCommitted()
        if let f = bars.forming { indicators.preview(Bar(f), into: &preview) }
    }

    private func copyCommitted() {
        if preview.count != indicators.values.count {
            preview = indicators.values
        } else {
            for i in preview.indices { preview[i] = indicators.values[i] }
        }
    }

    // MARK: - Reading

    /// Closed bars then the forming one: what a chart draws.
    public var candles: [Candle] { bars.candlesForDisplay }

    /// One column's values aligned with `candles` (the forming bar gets its preview).
    public func values(column: String) -> [Double] {
        guard let index = indicators.columns.firstIndex(of: column) else { return [] }
        var values = history.column(index)
        if bars.forming != nil { values.append(preview[index]) }
        return values
    }

    /// A column's value now (the forming bar previewed).
    public func currentValue(column: String) -> Double {
        guard let index = indicators.columns.firstIndex(of: column) else { return .nan }
        return preview[index]
    }
}
