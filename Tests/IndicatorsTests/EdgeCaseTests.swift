@testable import Indicators
import Testing

/// The degenerate inputs where TA-Lib's special cases decide the value.
@Suite("edge cases")
struct EdgeCaseTests {
    static func flat(_ count: Int, price: Double = 1.0001, volume: Double = 5) -> [Bar] {
        (0..<count).map { Bar(openTime: Int64($0) * 60_000, open: price, high: price, low: price, close: price, volume: volume) }
    }

    @Test("a flat market gives the documented zeros")
    func flatMarket() throws {
        let specs = try IndicatorSpec.parseList("rsi(14),bbands(20,2,2),willr(14),stoch(14,3,3),cci(20),mfi(14),roc(10)")
        let set = IndicatorSet(specs: specs, history: Self.flat(200))
        let v = Dictionary(uniqueKeysWithValues: zip(set.columns, set.values))
        #expect(v["rsi_14"] == 0)
        #expect(v["bb_upper_20_2_2"] == 1.0001 && v["bb_lower_20_2_2"] == 1.0001, "a constant window has sigma 0")
        #expect(v["willr_14"] == 0)
        #expect(v["stoch_k_14_3_3"] == 0 && v["stoch_d_14_3_3"] == 0)
        #expect(v["cci_20"] == 0)
        #expect(v["mfi_14"] == 0)
        #expect(v["roc_10"] == 0)
    }

    /// TA-Lib 0.8.1 dropped the old "0 when pos+neg < 1" rule (it zeroed every coin quoted
    /// near 1e-8): a small flow is still a flow. talib.MFI gives [nan, nan, 100, 100] here.
    @Test("MFI does not zero a money flow below 1")
    func mfiTinyFlow() {
        var mfi = MFI(period: 2)
        for (i, close) in [1.0, 1.1, 1.2].enumerated() {
            mfi.update(Bar(openTime: Int64(i), open: close, high: close, low: close, close: close, volume: 0.3))
        }
        #expect(mfi.value == 100, "pos = 0.33 + 0.36, neg = 0")
        mfi.update(Bar(openTime: 3, open: 2, high: 2, low: 2, close: 2, volume: 1))
        #expect(mfi.value == 100)
    }

    /// A window whose bars moved but traded nothing has no money flow: 0, decided by counting
    /// bars, not by the running sums (they keep rounding residue of the flows that left).
    /// talib.MFI(c, c, c, v, 3) on these bars gives 0 from row 9 on.
    @Test("MFI is 0 when no bar of the window carried a money flow")
    func mfiNoFlow() {
        let closes = [1.1, 1.3, 1.7, 1.2, 1.9, 2.3, 1.4, 1.5, 1.6, 1.5, 1.6, 1.5, 1.6, 1.5]
        let volumes = [0.7, 1.3, 2.9, 3.1, 1.7, 0.3, 1.1, 0, 0, 0, 0, 0, 0, 0]
        var mfi = MFI(period: 3)
        for (i, (c, v)) in zip(closes, volumes).enumerated() {
            mfi.update(Bar(openTime: Int64(i), open: c, high: c, low: c, close: c, volume: v))
            if i >= 9 { #expect(mfi.value == 0, "bar \(i)") }
        }
    }

    /// Sub-cent coins: identical candles leave rounding residue in window means and ranges,
    /// which TA-Lib 0.8.1 treats as flat relative to the price (~90 ulps), at any price level.
    @Test("identical candles read flat at any price", arguments: [1e-8, 1.234e-8, 0.0123, 0.3, 12345.67, 1e5])
    func flatAtAnyPrice(_ price: Double) throws {
        let specs = try IndicatorSpec.parseList("rsi(14),willr(14),stoch(14,3,3),cci(20),mfi(14),adx(14)")
        let set = IndicatorSet(specs: specs, history: Self.flat(60, price: price))
        for (column, value) in zip(set.columns, set.values) {
            #expect(abs(value) < 1e-12, "\(column) at \(price)")
        }
    }

    @Test("ROC over a zero base price is 0, like TA-Lib")
    func rocZeroBase() {
        var roc = ROC(period: 1)
        for (i, c) in [0.0, 5.0].enumerated() {
            roc.update(Bar(openTime: Int64(i), open: c, high: c, low: c, close: c, volume: 1))
        }
        #expect(roc.value == 0)
    }

    @Test("VWAP has no value until some volume traded; OBV starts at the first volume")
    func volumeEdges() {
        var vwap = VWAP()
        var obv = OBV()
        #expect(obv.value == nil)
        for bar in Self.flat(3, volume: 0) { vwap.update(bar); obv.update(bar) }
        #expect(vwap.value == nil)
        #expect(obv.value == 0)
        var obv2 = OBV()
        obv2.update(Self.flat(1, volume: 7)[0])
        #expect(obv2.value == 7)
    }

    @Test("session VWAP restarts at 00:00 UTC")
    func sessionVWAPResets() {
        var session = VWAP(anchor: .utcSession)
        var cumulative = VWAP(anchor: .cumulative)
        let day: Int64 = 86_400_000
        let bars = [
            Bar(openTime: day - 7_200_000, open: 10, high: 10, low: 10, close: 10, volume: 1),
            Bar(openTime: day - 3_600_000, open: 20, high: 20, low: 20, close: 20, volume: 1),
            Bar(openTime: day, open: 40, high: 40, low: 40, close: 40, volume: 3),
            Bar(openTime: day + 3_600_000, open: 50, high: 50, low: 50, close: 50, volume: 1),
        ]
        var seen: [Double?] = []
        for bar in bars {
            session.update(bar)
            cumulative.update(bar)
            seen.append(session.value)
        }
        #expect(seen == [10, 15, 40, 42.5])
        #expect(cumulative.value == (10 + 20 + 120 + 50) / 6.0)
        var beforeEpoch = VWAP(anchor: .utcSession)
        beforeEpoch.update(Bar(openTime: -3_600_000, open: 1, high: 1, low: 1, close: 1, volume: 1))
        beforeEpoch.update(Bar(openTime: 0, open: 3, high: 3, low: 3, close: 3, volume: 1))
        #expect(beforeEpoch.value == 3, "1969-12-31 23:00 and 1970-01-01 00:00 are different sessions")
    }

    @Test("MACD swaps a slow period shorter than the fast one, as TA-Lib does")
    func macdSwap() {
        let bars = Fixtures.daily.bars
        let a = batchColumns([.macd(fast: 26, slow: 12, signal: 9)], bars).columns
        let b = batchColumns([.macd(fast: 12, slow: 26, signal: 9)], bars).columns
        #expect(zip(a, b).allSatisfy { identical($0, $1) })
    }

    @Test("windowed extremes equal a brute-force scan", arguments: [1, 2, 3, 7, 50])
    func windowExtremes(_ window: Int) {
        var rng = SplitMix(seed: UInt64(window))
        var high = WindowExtreme.highest(window: window)
        var low = WindowExtreme.lowest(window: window)
        var xs: [Double] = []
        for i in 0..<2_000 {
            // Coarse values so ties and plateaus happen often.
            let x = Double(Int(rng.unit() * 20)) - 10
            xs.append(x)
            high.push(x)
            low.push(x)
            let w = xs[max(0, i - window + 1)...i]
            #expect(high.extreme == w.max()! && low.extreme == w.min()!)
            #expect(high.isFull == (i + 1 >= window))
        }
    }

    @Test("rolling moments stay exact across many pivot changes")
    func rollingMoments() {
        var m = RollingMoments(window: 5)
        var xs: [Double] = []
        for i in 0..<1_000 {
            let x = 30_000 + Double(i % 7) * 0.01
            xs.append(x)
            m.push(x)
        }
        let w = xs.suffix(5)
        let mean = w.reduce(0, +) / 5
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5
        #expect(abs(m.mean - mean) <= 1e-11)
        #expect(abs(m.variance - variance) <= 1e-12)
    }

    @Test("CSV numbers are shortest round-trip and Python-readable",
          arguments: [(1e-05, "1e-05"), (100.0, "100"), (-0.0, "0"), (4333.681000000002, "4333.681000000002"),
                      (Double.nan, "NaN"), (-1912.0520140000003, "-1912.0520140000003"), (1e20, "1e+20"), (0.5, "0.5")])
    func numberText(_ value: Double, _ text: String) {
        #expect(NumberText.format(value) == text)
        #expect(value.isNaN || Double(NumberText.format(value)) == value)
    }

    @Test("ISO dates convert to epoch milliseconds UTC",
          arguments: [("2017-08-16", Int64(1_502_841_600_000)), ("2021-01-12 03:00:00", 1_610_420_400_000),
                      ("2021-01-12T03:00:00Z", 1_610_420_400_000), ("2021-01-12T03:00", 1_610_420_400_000),
                      ("2021-01-12T05:00:00+02:00", 1_610_420_400_000), ("2021-01-12T03:00:00.250Z", 1_610_420_400_250),
                      ("2020-02-29", 1_582_934_400_000), ("1969-12-31", -86_400_000)])
    func isoDates(_ text: String, _ millis: Int64) {
        #expect(ISODateTime.epochMilliseconds(text) == millis)
    }

    @Test("malformed dates are rejected", arguments: ["2021-13-01", "2021-02-30", "2021-1-1", "20210101", "2021-01-01T25:00", "2021-01-01x"])
    func badDates(_ text: String) {
        #expect(ISODateTime.epochMilliseconds(text) == nil)
    }
}
