import Indicators
import Testing

/// Parity for parameters the TA-Lib files do not cover, against the slow windowed reference.
@Suite("non-default parameters")
struct ParameterParityTests {
    static let specs = [
        "sma(7)", "sma(2)", "ema(5)", "ema(2)", "wma(3)", "wma(2)", "rsi(2)", "rsi(30)", "roc(1)", "roc(25)",
        "macd(5,35,5)", "macd(3,10,16)", "macd(12,26,1)", "macd(26,12,9)", "macd(8,8,3)",
        "bbands(10,1.5,2.5)", "bbands(2,1,1)", "bbands(50,0.5,3)", "atr(1)", "atr(3)", "adx(5)", "adx(2)",
        "cci(7)", "cci(2)", "willr(3)", "willr(2)", "mfi(5)", "mfi(2)",
        "stoch(5,3,4)", "stoch(9,1,1)", "stoch(1,1,1)", "stoch(3,5,2)", "svwap",
    ]

    @Test("streaming indicator equals the slow reference", arguments: specs)
    func matchesSlowReference(_ text: String) throws {
        let spec = try IndicatorSpec(parsing: text)
        for (name, bars) in Fixtures.allBars {
            let (columns, values) = batchColumns([spec], bars)
            let expected = SlowReference.columns(spec, bars)
            #expect(columns == spec.columnNames)
            for k in columns.indices {
                if let problem = firstScaledMismatch(values[k], expected[k]) {
                    Issue.record("\(text) \(name) \(columns[k]): \(problem)")
                }
                #expect(values[k].contains { !$0.isNaN }, "\(text) warms up on \(name)")
            }
        }
    }

    /// Running sums are re-added from the window periodically, so a feed far longer than the
    /// reference files stays exact: compare the tail of a long random walk with direct windows.
    @Test("no drift over a long feed")
    func noDriftOverLongFeed() throws {
        var rng = SplitMix(seed: 42)
        var bars: [Bar] = []
        var price = 30_000.0
        for i in 0..<200_000 {
            let open = price
            price *= 1 + (rng.unit() - 0.5) * 0.002
            let high = max(open, price) * (1 + rng.unit() * 0.0005)
            let low = min(open, price) * (1 - rng.unit() * 0.0005)
            bars.append(Bar(openTime: Int64(i) * 60_000, open: open, high: high, low: low, close: price,
                            volume: rng.unit() * 50))
        }
        let specs = try IndicatorSpec.parseList("sma(20),wma(10),bbands(20,2,2),mfi(14),stoch(14,3,3),cci(20)")
        let set = IndicatorSet(specs: specs, history: bars)
        let tail = Array(bars.suffix(200))
        for spec in specs {
            let expected = SlowReference.columns(spec, tail).map { $0.last! }
            let actual = set.slots(of: spec).map { Array(set.values[$0]) } ?? []
            if let problem = firstMismatch(actual, expected, tolerance: 1e-11) {
                Issue.record("\(spec) after 200k bars: \(problem)")
            }
        }
        let allFinite = set.values.allSatisfy { $0.isFinite }
        #expect(allFinite)
    }
}

/// Deterministic generator so the long-feed test is reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
