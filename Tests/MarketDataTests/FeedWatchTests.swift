import MarketData
import MarketModel
import XCTest

/// When to tell the trader the feed is failing: once when it goes down, once when it is back,
/// never once per retry or per check.
final class FeedWatchTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!
    let eth = Symbol("ETHUSDT")!

    private func watch(stale: Double = 30, down: Double = 60) -> FeedWatch {
        var w = FeedWatch(thresholds: .init(staleAfter: stale, downAfter: down))
        w.watch([btc, eth], now: 0)
        w.connection(.live, now: 0)
        return w
    }

    func testTheDefaultThresholdIsThreeCadencesAndAtLeastThirtySeconds() {
        XCTAssertEqual(FeedWatch.Thresholds.defaultStaleAfter(cadence: 2), 30)
        XCTAssertEqual(FeedWatch.Thresholds.defaultStaleAfter(cadence: 20), 60)
    }

    func testOneSymbolGoingQuietIsOneDownAndOneRecovered() {
        var w = watch()
        var alerts: [FeedWatch.Alert] = []
        for t in stride(from: 1.0, through: 120, by: 1) {
            w.data(btc, now: t)
            // ETH goes quiet from 0 to 90 s, then flows again.
            if t >= 90 { w.data(eth, now: t) }
            if let a = w.check(now: t) { alerts.append(a) }
        }
        XCTAssertEqual(alerts.count, 2, "\(alerts)")
        guard case .down(let symbols, let sentence) = alerts[0] else { return XCTFail("\(alerts)") }
        XCTAssertEqual(symbols, [eth])
        XCTAssertEqual(sentence, "Feed down: no data for ETHUSDT for 30 s; reconnecting, you will be told when it is back.")
        XCTAssertEqual(alerts[1], .recovered(sentence: "Feed recovered: data is flowing again."))
    }

    func testReconnectsFailingForAMinuteAreOneDownWhateverTheRetries() {
        // Data thresholds out of the way: only the connection state decides.
        var w = watch(stale: 1_000, down: 60)
        var alerts: [FeedWatch.Alert] = []
        w.connection(.reconnecting, now: 10)
        for t in stride(from: 11.0, through: 200, by: 1) {
            // A retry every few seconds: each one connecting, then failing again.
            w.connection(Int(t) % 3 == 0 ? .connecting : .reconnecting, now: t)
            if let a = w.check(now: t) { alerts.append(a) }
        }
        XCTAssertEqual(alerts.count, 1, "\(alerts)")
        guard case .down(let symbols, let sentence) = alerts[0] else { return XCTFail("\(alerts)") }
        XCTAssertEqual(symbols, [])
        XCTAssertEqual(sentence, "Feed down: reconnects have failed for 60 s; still retrying, you will be told when it is back.")
        w.connection(.live, now: 201)
        XCTAssertEqual(w.check(now: 201), .recovered(sentence: "Feed recovered: data is flowing again."))
        XCTAssertNil(w.check(now: 202))
    }

    func testAShortReconnectSaysNothing() {
        var w = watch()
        w.connection(.reconnecting, now: 5)
        for t in stride(from: 5.0, through: 20, by: 1) {
            w.data(btc, now: t)
            w.data(eth, now: t)
            XCTAssertNil(w.check(now: t))
        }
        w.connection(.live, now: 21)
        XCTAssertNil(w.check(now: 21))
    }

    func testAnUnwatchedSymbolIsNoLongerWaitedFor() {
        var w = watch()
        w.unwatch([eth])
        for t in stride(from: 1.0, through: 100, by: 1) {
            w.data(btc, now: t)
            XCTAssertNil(w.check(now: t))
        }
    }
}
