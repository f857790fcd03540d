import Indicators
import MarketModel
import XCTest
@testable import Signals

final class CrossRuleTests: XCTestCase {
    typealias F = SeriesFixture

    func testMovingAverageCrossFiresOnlyWhereTheAveragesSwapSides() throws {
        // sma(2) vs sma(4): equal up to bar 3, below from bar 4, above at 8, below again at 11.
        let closes: [Double] = [10, 10, 10, 10, 9, 8, 7, 8, 10, 12, 11, 9, 7]
        let rule = try SignalRule(name: "ma", kind: .movingAverageCross(fast: .sma(period: 2), slow: .sma(period: 4)))
        let events = F.fire(rule, F.candles(closes))
        XCTAssertEqual(F.describe(events), "8:bullish 11:bearish")
    }

    func testMovingAverageCrossAcceptsMixedAveragesAndRejectsOthers() throws {
        let closes = F.prices((0..<80).map { (i: Int) -> Double in 100 + 10 * sin(Double(i) / 6) })
        let rule = try SignalRule(name: "mixed", kind: .movingAverageCross(fast: .ema(period: 3), slow: .wma(period: 8)))
        var ema = EMA(period: 3), wma = WMA(period: 8)
        var expected: [(Int, SignalDirection)] = []
        var side = 0
        for (i, c) in closes.enumerated() {
            let bar = Bar(openTime: 0, open: c, high: c, low: c, close: c, volume: 1)
            ema.update(bar)
            wma.update(bar)
            guard let f = ema.value, let s = wma.value, f != s else { continue }
            let now = f > s ? 1 : -1
            if side != 0 && now != side { expected.append((i, now > 0 ? .bullish : .bearish)) }
            side = now
        }
        XCTAssertGreaterThanOrEqual(expected.count, 4, "the sine must cross several times")
        XCTAssertEqual(F.describe(F.fire(rule, F.candles(closes))), F.describe(expected))

        XCTAssertThrowsError(try SignalRule(name: "bad", kind: .movingAverageCross(fast: .rsi(period: 14), slow: .ema(period: 26)))) {
            XCTAssertEqual("\($0)", "Rule 'bad': 'rsi(14)' is not a moving average; use sma, ema or wma.")
        }
    }

    func testMACDSignalAndZeroCrossesMatchTheLinesSignChanges() throws {
        let closes = F.prices((0..<160).map { (i: Int) -> Double in
            let x = Double(i)
            return 100 + 8 * sin(x / 9) + x * 0.02
        })
        let spec = IndicatorSpec.macd(fast: 5, slow: 10, signal: 4)
        var macd = MACD(fast: 5, slow: 10, signal: 4)
        var expectedSignal: [(Int, SignalDirection)] = [], expectedZero: [(Int, SignalDirection)] = []
        var signalSide = 0, zeroSide = 0
        for (i, c) in closes.enumerated() {
            macd.update(Bar(openTime: 0, open: c, high: c, low: c, close: c, volume: 1))
            guard let v = macd.value else { continue }
            if v.line != v.signal {
                let now = v.line > v.signal ? 1 : -1
                if signalSide != 0 && now != signalSide { expectedSignal.append((i, now > 0 ? .bullish : .bearish)) }
                signalSide = now
            }
            if v.line != 0 {
                let now = v.line > 0 ? 1 : -1
                if zeroSide != 0 && now != zeroSide { expectedZero.append((i, now > 0 ? .bullish : .bearish)) }
                zeroSide = now
            }
        }
        XCTAssertGreaterThanOrEqual(expectedSignal.count, 4)
        XCTAssertGreaterThanOrEqual(expectedZero.count, 2)
        let signalRule = try SignalRule(name: "macd", kind: .macdSignalCross(spec))
        let zeroRule = try SignalRule(name: "macd0", kind: .macdZeroCross(spec))
        XCTAssertEqual(F.describe(F.fire(signalRule, F.candles(closes))), F.describe(expectedSignal))
        XCTAssertEqual(F.describe(F.fire(zeroRule, F.candles(closes))), F.describe(expectedZero))
    }

    func testPriceLevelCrossUsesItsBandAgainstFlapping() throws {
        // Level 100, band 1 %: the side flips only beyond 99 or 101.
        let closes: [Double] = [98, 101.5, 100.5, 99.5, 100.8, 98.9, 99.5, 100.9, 101.2, 101.3]
        let rule = try SignalRule(name: "level", kind: .priceLevel(ExactDecimal("100")!), hysteresis: 0.01)
        XCTAssertEqual(F.describe(F.fire(rule, F.candles(closes))), "1:bullish 5:bearish 8:bullish")

        let bare = try SignalRule(name: "level", kind: .priceLevel(ExactDecimal("100")!), hysteresis: 0)
        XCTAssertEqual(F.describe(F.fire(bare, F.candles(closes))), "1:bullish 3:bearish 4:bullish 5:bearish 7:bullish")
    }

    func testStochasticCrossFiresOnlyInsideItsZones() throws {
        let closes = F.prices((0..<200).map { (i: Int) -> Double in
            let x = Double(i)
            return 100 + 10 * sin(x / 7) + 3 * sin(x / 1.7)
        })
        let spec = IndicatorSpec.stoch(fastK: 5, slowK: 3, slowD: 3)
        var stoch = Stochastic(fastK: 5, slowK: 3, slowD: 3)
        var expected: [(Int, SignalDirection)] = []
        var side = 0
        var outsideZoneCrosses = 0
        for (i, c) in closes.enumerated() {
            stoch.update(Bar(openTime: 0, open: c, high: c, low: c, close: c, volume: 1))
            guard let v = stoch.value, v.k != v.d else { continue }
            let now = v.k > v.d ? 1 : -1
            if side != 0 && now != side {
                if now > 0 && v.d < 20 {
                    expected.append((i, .bullish))
                } else if now < 0 && v.d > 80 {
                    expected.append((i, .bearish))
                } else {
                    outsideZoneCrosses += 1
                }
            }
            side = now
        }
        XCTAssertGreaterThanOrEqual(expected.count, 2)
        XCTAssertGreaterThan(outsideZoneCrosses, 0, "the series must also cross outside the zones")
        let rule = try SignalRule(name: "stoch", kind: .stochasticCross(spec, lower: 20, upper: 80))
        // The candles' high and low equal the close, as in the reference above.
        XCTAssertEqual(F.describe(F.fire(rule, F.candles(closes))), F.describe(expected))
    }
}
