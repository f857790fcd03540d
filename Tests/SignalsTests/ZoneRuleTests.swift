import Indicators
import MarketModel
import XCTest
@testable import Signals

final class ZoneRuleTests: XCTestCase {
    typealias F = SeriesFixture

    func testRSIZonesFireOnEntryAndExitWithABand() throws {
        // A slide, a hover just above 30 (inside the band), a second slide, a recovery, a rally.
        var closes: [Double] = Array(repeating: 100, count: 5)
        var x = 100.0
        for step in [-1.0, 1, -1, 1, -1, 1, -1, 1] { x += step; closes.append(x) }
        for _ in 0..<8 { x -= 1.5; closes.append(x) }
        for step in [0.6, -0.4, 0.7, -0.5, 0.4, -0.6, 0.5, -0.3] { x += step; closes.append(x) }
        for _ in 0..<10 { x += 1.2; closes.append(x) }
        for step in [-0.5, 0.6, -0.4, 0.5] { x += step; closes.append(x) }
        for _ in 0..<10 { x -= 1.4; closes.append(x) }
        closes = F.prices(closes)

        var rsi = RSI(period: 5)
        var values: [Double?] = []
        for c in closes {
            rsi.update(Bar(openTime: 0, open: c, high: c, low: c, close: c, volume: 1))
            values.append(rsi.value)
        }
        // Reference walk: 0 unknown, 1 neutral, 2 oversold, 3 overbought; band 2.
        var zone = 0
        var expected: [(Int, SignalDirection)] = []
        var hoversInsideBand = 0
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            switch zone {
            case 0: zone = v < 30 ? 2 : v > 70 ? 3 : 1
            case 1:
                if v < 30 { zone = 2; expected.append((i, .bullish)) } else if v > 70 { zone = 3; expected.append((i, .bearish)) }
            case 2:
                if v > 32 { zone = 1; expected.append((i, .bullish)) } else if v > 30 { hoversInsideBand += 1 }
            default:
                if v < 68 { zone = 1; expected.append((i, .bearish)) } else if v < 70 { hoversInsideBand += 1 }
            }
        }
        XCTAssertGreaterThanOrEqual(expected.count, 4, "values: \(values)")
        XCTAssertGreaterThan(hoversInsideBand, 0, "the series must hover inside a band to test hysteresis: \(values)")

        let rule = try SignalRule(name: "rsi", kind: .rsiZones(.rsi(period: 5), oversold: 30, overbought: 70))
        XCTAssertEqual(rule.hysteresis, 2)
        XCTAssertEqual(F.describe(F.fire(rule, F.candles(closes))), F.describe(expected))
    }

    func testRSIReasonNamesTheValue() throws {
        let closes = F.prices([100, 101, 102, 101, 99, 97, 95])
        var aggregator = SignalAggregator(rules: [try SignalRule(name: "rsi", kind: .rsiZones(.rsi(period: 2), oversold: 30, overbought: 70))])
        var out: [Signal] = []
        for c in F.candles(closes) { aggregator.update(c, into: &out) }
        let fell = try XCTUnwrap(out.first { $0.reason.contains("fell below 30") })
        XCTAssertTrue(fell.reason.hasPrefix("RSI(2) fell below 30 ("), fell.reason)
        XCTAssertEqual(fell.rule, "rsi")
    }

    func testBollingerBreakoutsAndReentries() throws {
        var closes: [Double] = Array(repeating: 100, count: 12)
        closes += [100.5, 99.6, 100.2, 99.8, 106, 108, 103, 100.5, 100, 99.7, 100.1, 93, 92, 97, 100, 100.4, 99.9]
        closes += (0..<30).map { (i: Int) -> Double in 100 + 6 * sin(Double(i) / 2) }
        closes = F.prices(closes)
        let spec = IndicatorSpec.bbands(period: 10, up: 1.5, down: 1.5)
        var bands = BollingerBands(period: 10, upperDeviations: 1.5, lowerDeviations: 1.5)
        var expected: [(Int, SignalDirection)] = []
        var zone = 0  // 0 unknown, 1 inside, 2 above, 3 below
        for (i, c) in closes.enumerated() {
            bands.update(Bar(openTime: 0, open: c, high: c, low: c, close: c, volume: 1))
            guard let b = bands.value else { continue }
            let margin = (b.upper - b.lower) * 0.05
            if zone == 0 { zone = c > b.upper ? 2 : c < b.lower ? 3 : 1; continue }
            if zone != 2 && c > b.upper { zone = 2; expected.append((i, .bullish)) }
            else if zone != 3 && c < b.lower { zone = 3; expected.append((i, .bearish)) }
            else if zone == 2 && c < b.upper - margin { zone = 1; expected.append((i, .bearish)) }
            else if zone == 3 && c > b.lower + margin { zone = 1; expected.append((i, .bullish)) }
        }
        XCTAssertGreaterThanOrEqual(expected.count, 4)
        XCTAssertTrue(expected.contains { $0.0 == 16 && $0.1 == .bullish }, "the jump to 106 breaks out: \(expected)")
        let rule = try SignalRule(name: "bb", kind: .bollinger(spec))
        XCTAssertEqual(F.describe(F.fire(rule, F.candles(closes))), F.describe(expected))
    }

    func testPercentMoveOverNBars() throws {
        let closes: [Double] = [100, 100, 100, 100, 106, 107, 104, 103.5, 110, 100, 98, 99, 97, 93]
        let rule = try SignalRule(name: "move", kind: .percentMove(percent: 5, bars: 3))
        XCTAssertEqual(rule.hysteresis, 1)
        XCTAssertEqual(F.describe(F.fire(rule, F.candles(closes))), "4:bullish 10:bearish 13:bearish")
    }

    func testVolumeSpikeAgainstTheAverageOfThePreviousBars() throws {
        let volumes: [Double] = [100, 100, 100, 100, 100, 350, 100, 500, 520, 100, 100, 100, 100, 299]
        let opens: [Int: Double] = [5: 99, 7: 101]
        let candles = volumes.enumerated().map { i, v in F.candle(i, close: 100, open: opens[i] ?? 100, volume: v) }
        let rule = try SignalRule(name: "vol", kind: .volumeSpike(factor: 3, bars: 4))
        XCTAssertEqual(F.describe(F.fire(rule, candles)), "5:bullish 7:bearish")
        var aggregator = SignalAggregator(rules: [rule])
        let all = candles.flatMap { aggregator.update($0) }
        XCTAssertEqual(all.first?.reason, "Volume 350 is 3.5x its 4-bar average (100).")
    }
}
