import Indicators
import MarketModel
import XCTest
@testable import Signals

final class AggregatorTests: XCTestCase {
    typealias F = SeriesFixture

    func testCooldownHoldsARuleForItsBars() throws {
        let closes: [Double] = [99, 101, 99, 101, 99, 101, 99]
        let rule = try SignalRule(name: "level", kind: .priceLevel(ExactDecimal("100")!), cooldownBars: 3, hysteresis: 0)
        var aggregator = SignalAggregator(rules: [rule])
        var out: [Signal] = []
        for c in F.candles(closes) { aggregator.update(c, into: &out) }
        XCTAssertEqual(out.map(F.index), [1, 4])
        XCTAssertEqual(aggregator.heldByCooldown, 4, "crosses at 2, 3, 5 and 6 are held")
    }

    func testIntrabarFiresOnPreviewAtMostOncePerBarWhileOnCloseWaits() throws {
        let level = ExactDecimal("100")!
        let intrabar = try SignalRule(name: "intra", kind: .priceLevel(level), evaluation: .intrabar, hysteresis: 0)
        let onClose = try SignalRule(name: "close", kind: .priceLevel(level), hysteresis: 0)
        var aggregator = SignalAggregator(rules: [intrabar, onClose])
        var out: [Signal] = []
        aggregator.update(F.candle(0, close: 99), into: &out)
        // Bar 1 pokes above 100 while forming, but closes below: only the intrabar rule fires, once.
        for (k, price) in [99.5, 100.5, 101, 99.2, 100.7].enumerated() {
            aggregator.update(F.candle(1, close: price, closed: false), eventTime: F.base + 60_000 + Int64(k) * 1000, into: &out)
        }
        aggregator.update(F.candle(1, close: 99.8), into: &out)
        XCTAssertEqual(out.map(\.rule), ["intra"])
        XCTAssertEqual(out.first?.price, ExactDecimal("100.5"))
        XCTAssertEqual(out.first?.time, F.base + 61_000)
        // Bar 2 crosses and closes above: intrabar fires on the preview, on-close on the close,
        // and the intrabar rule does not fire a second time at the close.
        aggregator.update(F.candle(2, close: 100.9, closed: false), into: &out)
        aggregator.update(F.candle(2, close: 101), into: &out)
        XCTAssertEqual(out.map(\.rule), ["intra", "intra", "close"])
        XCTAssertEqual(out.last?.time, F.base + 3 * 60_000 - 1)
    }

    func testPreviewsNeverMoveTheCommittedState() throws {
        let rule = try SignalRule(name: "ma", kind: .movingAverageCross(fast: .sma(period: 2), slow: .sma(period: 3)),
                                  evaluation: .intrabar)
        var aggregator = SignalAggregator(rules: [rule])
        var out: [Signal] = []
        for c in F.candles([10, 10, 9, 8]) { aggregator.update(c, into: &out) }
        let key = SeriesKey(symbol: F.symbol, interval: .m1)
        let before = try XCTUnwrap(aggregator.indicators(of: key)).values
        aggregator.update(F.candle(4, close: 20, closed: false), into: &out)
        XCTAssertEqual(out.count, 1, "the preview crosses")
        XCTAssertEqual(try XCTUnwrap(aggregator.indicators(of: key)).values, before)
    }

    func testStaleAndRepeatedClosedCandlesAreIgnored() throws {
        let rule = try SignalRule(name: "level", kind: .priceLevel(ExactDecimal("100")!), hysteresis: 0)
        var aggregator = SignalAggregator(rules: [rule])
        var out: [Signal] = []
        for c in F.candles([99, 101]) { aggregator.update(c, into: &out) }
        aggregator.update(F.candle(1, close: 101), into: &out)
        aggregator.update(F.candle(0, close: 99), into: &out)
        XCTAssertEqual(out.count, 1)
        XCTAssertEqual(aggregator.staleCandles, 2)
    }

    func testWarmUpAdvancesStateWithoutEmitting() throws {
        let rule = try SignalRule(name: "level", kind: .priceLevel(ExactDecimal("100")!), hysteresis: 0)
        var aggregator = SignalAggregator(rules: [rule])
        aggregator.warmUp(F.candles([99, 101, 99]))
        var out: [Signal] = []
        aggregator.update(F.candle(3, close: 99.5), into: &out)
        XCTAssertTrue(out.isEmpty)
        aggregator.update(F.candle(4, close: 100.5), into: &out)
        XCTAssertEqual(out.map(F.index), [4])
    }

    func testSeriesAreIndependent() throws {
        let rule = try SignalRule(name: "level", kind: .priceLevel(ExactDecimal("100")!), hysteresis: 0)
        var aggregator = SignalAggregator(rules: [rule])
        var out: [Signal] = []
        let eth = Symbol("ETHUSDT")!
        aggregator.update(F.candle(0, close: 99), into: &out)
        aggregator.update(F.candle(0, close: 101, symbol: eth), into: &out)
        aggregator.update(F.candle(1, close: 101), into: &out)
        aggregator.update(F.candle(1, close: 102, symbol: eth), into: &out)
        XCTAssertEqual(out.map(\.symbol), [F.symbol])
    }

    func testConsensusFollowsDirectionsAndDecays() {
        var consensus = SignalConsensus(settings: ConsensusSettings(halfLife: 60_000))
        let t = F.base
        XCTAssertEqual(consensus.consensus(for: F.symbol, at: t).level, .neutral)
        consensus.record(F.signal(0, time: t, direction: .bullish, strength: 0.5))
        XCTAssertEqual(consensus.consensus(for: F.symbol, at: t).level, .buy)
        consensus.record(F.signal(0, time: t, direction: .bullish, strength: 0.9))
        XCTAssertEqual(consensus.consensus(for: F.symbol, at: t).level, .strongBuy)
        XCTAssertEqual(consensus.consensus(for: F.symbol, at: t + 60_000).level, .buy, "one half-life later: 0.7")
        XCTAssertEqual(consensus.consensus(for: F.symbol, at: t + 180_000).level, .neutral)
        consensus.record(F.signal(0, time: t + 180_000, direction: .bearish, strength: 1))
        consensus.record(F.signal(0, time: t + 180_000, direction: .bearish, strength: 1))
        XCTAssertEqual(consensus.consensus(for: F.symbol, at: t + 180_000).level, .strongSell)
        XCTAssertEqual(consensus.consensus(for: Symbol("ETHUSDT")!, at: t).level, .neutral)
    }

    func testAggregatorFeedsItsConsensus() throws {
        let rule = try SignalRule(name: "level", kind: .priceLevel(ExactDecimal("100")!), hysteresis: 0)
        var aggregator = SignalAggregator(rules: [rule])
        var out: [Signal] = []
        for c in F.candles([99, 101]) { aggregator.update(c, into: &out) }
        XCTAssertEqual(aggregator.consensus(for: F.symbol, at: out[0].time).level, .buy)
    }

    func testSignalJSONLineShape() throws {
        var s = F.signal(0, reason: "say \"hi\"\n")
        s.id = UUID(uuidString: "00000000-0000-0000-0000-00000000002A")!
        XCTAssertEqual(s.jsonLine, """
            {"type":"signal","id":"00000000-0000-0000-0000-00000000002a","time":1767225600000,"time_iso":"2026-01-01T00:00:00Z","symbol":"BTCUSDT","interval":"1m","rule":"rsi","direction":"bullish","strength":0.5,"price":"4261.48","reason":"say \\"hi\\"\\n"}
            """)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: s.jsonData) as? [String: Any])
        XCTAssertEqual(object["reason"] as? String, "say \"hi\"\n")
    }

    func testDefaultRulesAreValidAndShareIndicators() {
        let rules = SignalRule.defaults
        XCTAssertEqual(rules.count, 7)
        let aggregator = SignalAggregator(rules: rules)
        XCTAssertEqual(aggregator.requiredIndicators.filter { $0 == .macd(fast: 12, slow: 26, signal: 9) }.count, 1)
    }
}
