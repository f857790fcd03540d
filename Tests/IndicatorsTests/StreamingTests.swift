import Indicators
import Testing

/// Live use: closed bars committed one by one with forming-bar previews in between.
@Suite("streaming and previews")
struct StreamingTests {
    static let specs: [IndicatorSpec] = IndicatorSpec.defaultList + [
        .sma(period: 2), .macd(fast: 3, slow: 10, signal: 16), .bbands(period: 10, up: 1.5, down: 2.5),
        .stoch(fastK: 5, slowK: 3, slowD: 4), .adx(period: 3), .mfi(period: 2), .sessionVWAP,
    ]

    /// Three ticks of the forming candle on the way to `bar`; the last tick equals `bar`.
    static func ticks(toward bar: Bar) -> [Bar] {
        [0.3, 0.7, 1.0].map { f in
            let close = bar.open + (bar.close - bar.open) * f
            return Bar(openTime: bar.openTime, open: bar.open,
                       high: f == 1 ? bar.high : max(bar.open, close),
                       low: f == 1 ? bar.low : min(bar.open, close),
                       close: close, volume: bar.volume * f)
        }
    }

    @Test("committed values equal batch and previews equal batch with the forming bar closed",
          arguments: 0..<5)
    func streamingEqualsBatch(_ which: Int) {
        // The real candles' first 120 bars; the flat fixtures whole (240 bars, every stretch).
        let bars = Array(Fixtures.allBars[which].bars.prefix(which < 2 ? 120 : 240))
        let (_, batch) = batchColumns(Self.specs, bars)
        var live = IndicatorSet(specs: Self.specs)
        var buffer: [Double] = []
        for (i, bar) in bars.enumerated() {
            for tick in Self.ticks(toward: bar) {
                let preview = live.preview(tick)
                live.preview(tick, into: &buffer)
                let closedNow = IndicatorSet(specs: Self.specs, history: bars[..<i] + [tick]).values
                #expect(identical(preview, closedNow), "preview at bar \(i)")
                #expect(identical(buffer, closedNow), "preview into buffer at bar \(i)")
            }
            live.commit(bar)
            let row = batch.map { $0[i] }
            #expect(identical(live.values, row), "committed values at bar \(i)")
            #expect(live.barCount == i + 1)
        }
    }

    @Test("a preview leaves the committed state alone")
    func previewDoesNotCommit() {
        let bars = Array(Fixtures.daily.bars.prefix(60))
        var a = IndicatorSet(specs: Self.specs, history: bars.prefix(59))
        var b = a
        for tick in Self.ticks(toward: bars[59]) { _ = a.preview(tick) }
        let before = a.values
        _ = a.preview(Bar(openTime: 0, open: 1, high: 1e9, low: 0, close: 5, volume: 1e9))
        #expect(identical(a.values, before))
        a.commit(bars[59])
        b.commit(bars[59])
        #expect(identical(a.values, b.values))
    }

    @Test("single indicators preview by copying the value")
    func valueSemanticsPreview() {
        let bars = Fixtures.daily.bars
        var rsi = RSI(period: 14)
        for bar in bars.prefix(30) { rsi.update(bar) }
        var copy = rsi
        copy.update(bars[30])
        #expect(rsi.value != copy.value)
        rsi.update(bars[30])
        #expect(rsi.value == copy.value)
    }

    @Test("adding and removing indicators at run time")
    func addAndRemove() throws {
        let bars = Fixtures.daily.bars
        let history = Array(bars.prefix(100))
        var set = IndicatorSet(specs: [.sma(period: 20), .obv], history: history)
        let added = set.add(.macd(fast: 12, slow: 26, signal: 9), history: history)
        let addedAgain = set.add(.obv, history: history)
        #expect(added && !addedAgain, "a spec already present is not added twice")
        #expect(set.columns == ["sma_20", "obv", "macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9"])
        let removed = set.remove(.obv)
        let removedAgain = set.remove(.obv)
        #expect(removed && !removedAgain)
        #expect(set.columns == ["sma_20", "macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9"])
        set.commit(bars[100])
        let fresh = IndicatorSet(specs: [.sma(period: 20), .macd(fast: 12, slow: 26, signal: 9)],
                                 history: bars.prefix(101))
        #expect(identical(set.values, fresh.values))
        #expect(set.slots(of: .macd(fast: 12, slow: 26, signal: 9)) == 1..<4)
        #expect(set.value(column: "sma_20") == fresh.values[0])
        #expect(set.namedValues.map(\.column) == set.columns)
        let rebuilt = IndicatorSet(specs: [.sma(period: 30)], history: bars.prefix(101))
        #expect(rebuilt.values[0] == SlowReference.sma(bars.prefix(101).map(\.close), 30)[100])
    }

    @Test("warm-up reads as NaN in the set and nil on the indicator")
    func warmUp() {
        var set = IndicatorSet(specs: [.ema(period: 3)])
        #expect(set.values.count == 1 && set.values[0].isNaN)
        var ema = EMA(period: 3)
        for (i, bar) in Fixtures.daily.bars.prefix(3).enumerated() {
            set.commit(bar)
            ema.update(bar)
            #expect((ema.value == nil) == (i < 2))
            #expect(set.values[0].isNaN == (i < 2))
        }
        #expect(set.value(column: "ema_3") == ema.value)
    }
}
