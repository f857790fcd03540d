import Indicators
import Testing

/// The forming-bar preview computes from the committed state without copying it. Its
/// definition stays "copy, update with the forming bar, read", so every check here compares
/// against exactly that, bit for bit (NaN == NaN).
@Suite("preview equals copy-and-update")
struct PreviewTests {
    /// Every indicator type, at the default periods, at other periods, and at period 1 where
    /// the windows degenerate (evict on every push, re-sum on every push).
    static func indicators() -> [(name: String, indicator: any Indicator)] {
        var list: [(String, any Indicator)] = (IndicatorSpec.defaultList + [
            .sma(period: 2), .ema(period: 2), .wma(period: 3), .rsi(period: 2), .roc(period: 3),
            .macd(fast: 3, slow: 10, signal: 16), .macd(fast: 26, slow: 12, signal: 9),
            .bbands(period: 10, up: 1.5, down: 2.5), .atr(period: 3), .adx(period: 3), .cci(period: 3),
            .willr(period: 2), .mfi(period: 2), .stoch(fastK: 5, slowK: 3, slowD: 4), .sessionVWAP,
        ]).map { ($0.description, $0.makeIndicator()) }
        list += [
            ("SMA(1)", SMA(period: 1)), ("EMA(1)", EMA(period: 1)), ("WMA(1)", WMA(period: 1)),
            ("RSI(1)", RSI(period: 1)), ("ROC(1)", ROC(period: 1)), ("MACD(1,1,1)", MACD(fast: 1, slow: 1, signal: 1)),
            ("BBANDS(1)", BollingerBands(period: 1, upperDeviations: 2, lowerDeviations: 2)),
            ("ATR(1)", ATR(period: 1)), ("ADX(1)", ADX(period: 1)), ("CCI(1)", CCI(period: 1)),
            ("WILLR(1)", WilliamsR(period: 1)), ("MFI(1)", MFI(period: 1)),
            ("STOCH(1,1,1)", Stochastic(fastK: 1, slowK: 1, slowD: 1)),
        ]
        return list
    }

    /// Forming bars on the way to `bars[i]`, plus bars that tie with values at every window
    /// edge (the value about to be evicted, the newest kept one) and bars that break out of
    /// the window on both sides: the cases where the deque and running-sum shortcuts differ
    /// from a real push if they are wrong.
    static func ticks(_ bars: [Bar], at i: Int) -> [Bar] {
        let bar = bars[i]
        var ticks = StreamingTests.ticks(toward: bar)
        for lag in [1, 2, 3, 9, 10, 13, 14, 19, 20, 26] where i >= lag {
            var tie = bars[i - lag]
            tie.openTime = bar.openTime
            ticks.append(tie)
        }
        ticks.append(Bar(openTime: bar.openTime, open: bar.open, high: bar.high * 3, low: bar.low / 3,
                         close: bar.close * 2, volume: bar.volume * 5))
        ticks.append(Bar(openTime: bar.openTime, open: bar.open, high: bar.open, low: bar.open,
                         close: bar.open, volume: 0))
        return ticks
    }

    /// `nil` when every preview matched, else where the first one did not.
    static func firstDifference(_ prototype: any Indicator, _ bars: [Bar],
                                ticks: ([Bar], Int) -> [Bar]) -> String? {
        var state = prototype
        let n = prototype.outputCount
        var previewed = [Double](repeating: 0, count: n)
        var updated = [Double](repeating: 0, count: n)
        for i in bars.indices {
            for (t, tick) in ticks(bars, i).enumerated() {
                state.writePreview(of: tick, into: &previewed, at: 0)
                var copy = state
                copy.update(tick)
                copy.write(into: &updated, at: 0)
                if !identical(previewed, updated) {
                    return "bar \(i) tick \(t): preview \(previewed) vs copy-and-update \(updated)"
                }
            }
            state.update(bars[i])
        }
        return nil
    }

    @Test("every indicator, every bar of the oracle datasets, many forming bars", arguments: 0..<5)
    func everyIndicatorOnOracleData(_ which: Int) {
        let (dataset, bars) = Fixtures.allBars[which]
        for (name, indicator) in Self.indicators() {
            if let problem = Self.firstDifference(indicator, bars, ticks: Self.ticks) {
                Issue.record("\(dataset) \(name): \(problem)")
            }
        }
    }

    @Test("the whole set previews into a buffer exactly as a copy commits", arguments: 0..<5)
    func setPreviewEqualsCopyCommit(_ which: Int) {
        let bars = Fixtures.allBars[which].bars
        var set = IndicatorSet(specs: StreamingTests.specs)
        var buffer: [Double] = []
        for i in bars.indices {
            for (t, tick) in Self.ticks(bars, at: i).enumerated() {
                set.preview(tick, into: &buffer)
                var copy = set
                copy.commit(tick)
                #expect(identical(buffer, copy.values), "bar \(i) tick \(t)")
                #expect(identical(set.preview(tick), copy.values), "bar \(i) tick \(t), returned array")
            }
            set.commit(bars[i])
        }
    }

    /// Prices from a handful of levels (ties everywhere), zero volumes, and NaN or infinite
    /// fields both committed and previewed: a preview must follow the committed update even
    /// where no real feed goes.
    @Test("ties, zero volume, NaN and infinities")
    func degenerateInputs() {
        var state: UInt64 = 0xC0FFEE
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let levels: [Double] = [10, 10.5, 11, 11, 12, 0, .nan, .infinity]
        func level() -> Double { next(20) == 0 ? levels[5 + next(3)] : levels[next(5)] }
        let bars: [Bar] = (0..<1_500).map { i in
            let a = level(), b = level(), c = level()
            return Bar(openTime: Int64(i) * 3_600_000, open: a, high: Swift.max(a, b, c), low: Swift.min(a, b, c),
                       close: b, volume: next(4) == 0 ? 0 : Double(next(7)))
        }
        let ticks: ([Bar], Int) -> [Bar] = { bars, i in
            let b = bars[i]
            return [b, bars[(i * 7 + 3) % bars.count],
                    Bar(openTime: b.openTime, open: b.open, high: .nan, low: b.low, close: b.close, volume: 1),
                    Bar(openTime: b.openTime, open: b.open, high: b.high, low: -.infinity, close: .nan, volume: 1)]
        }
        for (name, indicator) in Self.indicators() {
            if let problem = Self.firstDifference(indicator, bars, ticks: ticks) {
                Issue.record("\(name): \(problem)")
            }
        }
    }
}
