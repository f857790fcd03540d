import MarketModel
import XCTest
@testable import MarketData

final class CandleSeriesTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!

    func candle(_ minute: Int64, close: String = "100.00", closed: Bool = true) -> Candle {
        let open = minute * 60_000
        return Candle(symbol: btc, interval: .m1, openTime: open, closeTime: open + 59_999,
                      open: ExactDecimal("100.00")!, high: ExactDecimal("101.00")!, low: ExactDecimal("99.00")!,
                      close: ExactDecimal(close)!, volume: ExactDecimal("1.5")!, isClosed: closed)
    }

    func testConsecutiveBarsAppendAndDuplicatesAreRefused() {
        var series = CandleSeries(symbol: btc, interval: .m1, capacity: 10)
        XCTAssertEqual(series.appendClosed(candle(1), backfilled: true), .appended)
        XCTAssertEqual(series.appendClosed(candle(2), backfilled: false), .appended)
        XCTAssertEqual(series.appendClosed(candle(2), backfilled: false), .duplicate)
        XCTAssertEqual(series.appendClosed(candle(1), backfilled: false), .duplicate)
        XCTAssertEqual(series.closedBars.map(\.candle.openTime), [60_000, 120_000])
        XCTAssertEqual(series.closedBars.map(\.backfilled), [true, false])
    }

    func testAHoleIsRefusedUnlessTheExchangeItselfHasIt() {
        var series = CandleSeries(symbol: btc, interval: .m1, capacity: 10)
        _ = series.appendClosed(candle(1), backfilled: false)
        XCTAssertEqual(series.appendClosed(candle(3), backfilled: false), .gap(expected: 120_000))
        XCTAssertEqual(series.count, 1)
        XCTAssertEqual(series.appendClosed(candle(3), backfilled: true, acceptingHole: true), .appended)
        XCTAssertEqual(series.holes, [120_000])
        XCTAssertEqual(series.nextExpectedOpenTime, 240_000)
    }

    func testTheRingKeepsTheNewestBarsInOrder() {
        var series = CandleSeries(symbol: btc, interval: .m1, capacity: 3)
        for m in 1...7 { XCTAssertEqual(series.appendClosed(candle(Int64(m)), backfilled: false), .appended) }
        XCTAssertEqual(series.count, 3)
        XCTAssertEqual(series.closedBars.map { $0.candle.openTime / 60_000 }, [5, 6, 7])
        XCTAssertEqual(series.lastClosed?.candle.openTime, 7 * 60_000)
    }

    func testFormingBarIsReplacedAndClearedByItsClose() {
        var series = CandleSeries(symbol: btc, interval: .m1, capacity: 10)
        _ = series.appendClosed(candle(1), backfilled: false)
        XCTAssertEqual(series.updateForming(candle(2, close: "100.50", closed: false)), .formingUpdated)
        XCTAssertEqual(series.updateForming(candle(1, closed: false)), .stale)
        XCTAssertEqual(series.forming?.close, ExactDecimal("100.50"))
        XCTAssertEqual(series.candlesForDisplay.count, 2)
        _ = series.appendClosed(candle(2, close: "100.70"), backfilled: false)
        XCTAssertNil(series.forming)
        XCTAssertEqual(series.candlesForDisplay.last?.close, ExactDecimal("100.70"))
        XCTAssertTrue(series.candlesForDisplay.last!.isClosed)
    }

    func testCapacityIsBoundedByTheDocumentedMaximum() {
        XCTAssertEqual(CandleSeries(symbol: btc, interval: .m1, capacity: 100_000).capacity, 5000)
        XCTAssertEqual(CandleSeries(symbol: btc, interval: .m1, capacity: 0).capacity, 1)
    }
}

final class ReconnectPolicyTests: XCTestCase {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func testFirstRetryIsImmediateThenExponentialWithFullJitterUpToTheCap() {
        var backoff = Backoff(base: 0.5, cap: 30)
        var rng = SeededGenerator(state: 42)
        XCTAssertEqual(backoff.nextDelay(using: &rng), 0)
        var ceilings: [Double] = []
        for _ in 0..<10 {
            let ceiling = backoff.nextCeiling
            ceilings.append(ceiling)
            let delay = backoff.nextDelay(using: &rng)
            XCTAssertGreaterThanOrEqual(delay, 0)
            XCTAssertLessThanOrEqual(delay, ceiling)
        }
        XCTAssertEqual(Array(ceilings.prefix(7)), [0.5, 1, 2, 4, 8, 16, 30])
        XCTAssertEqual(ceilings.last, 30)
        backoff.reset()
        XCTAssertEqual(backoff.nextDelay(using: &rng), 0)
    }

    func testJitterSpreadsDelaysAcrossTheWholeRange() {
        var rng = SeededGenerator(state: 7)
        var delays: [Double] = []
        for _ in 0..<200 {
            var backoff = Backoff(base: 0.5, cap: 30)
            for _ in 0..<6 { _ = backoff.nextDelay(using: &rng) }
            delays.append(backoff.nextDelay(using: &rng))
        }
        XCTAssertLessThan(delays.min()!, 2)
        XCTAssertGreaterThan(delays.max()!, 14)
    }

    func testTheAttemptGuardHoldsTheProcessUnderItsBudget() {
        let guardian = ConnectionAttemptGuard(limit: 3, window: 300)
        XCTAssertEqual(guardian.reserve(now: 0), 0)
        XCTAssertEqual(guardian.reserve(now: 1), 0)
        XCTAssertEqual(guardian.reserve(now: 2), 0)
        XCTAssertEqual(guardian.reserve(now: 3), 297, accuracy: 1e-9)
        XCTAssertEqual(guardian.attemptsInWindow(now: 3), 3)
        XCTAssertEqual(guardian.reserve(now: 300.5), 0)
    }
}

final class WebSocketEndpointTests: XCTestCase {
    func testBinanceAndLocalURLsParse() throws {
        let binance = try WebSocketEndpoint(parsing: "wss://stream.binance.com:9443")
        XCTAssertEqual(binance, WebSocketEndpoint(secure: true, host: "stream.binance.com", port: 9443))
        XCTAssertEqual(binance.combinedPath(streams: ["btcusdt@kline_1m", "ethusdt@kline_1m"]),
                       "/stream?streams=btcusdt@kline_1m/ethusdt@kline_1m")
        let vision = try WebSocketEndpoint(parsing: "wss://data-stream.binance.vision/ws")
        XCTAssertEqual(vision.port, 443)
        XCTAssertEqual(vision.basePath, "")
        let local = try WebSocketEndpoint(parsing: "ws://127.0.0.1:8080/")
        XCTAssertEqual(local, WebSocketEndpoint(secure: false, host: "127.0.0.1", port: 8080))
        let testnet = try WebSocketEndpoint(parsing: "wss://stream.testnet.binance.vision/ws")
        XCTAssertEqual(testnet.host, "stream.testnet.binance.vision")
        let v6 = try WebSocketEndpoint(parsing: "ws://[::1]:9000")
        XCTAssertEqual(v6.host, "::1")
        XCTAssertEqual(v6.port, 9000)
    }

    func testBadURLsAreRefusedWithASentence() {
        for bad in ["http://x", "wss://", "ws://host:99999", "stream.binance.com", "ws://host:abc"] {
            XCTAssertThrowsError(try WebSocketEndpoint(parsing: bad), bad) { error in
                XCTAssertTrue("\(error)".contains(bad), "\(error)")
            }
        }
    }
}
