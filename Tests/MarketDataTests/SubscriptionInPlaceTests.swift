import Binance
import MarketModel
import Simulator
import XCTest
@testable import MarketData

/// Switching the chart interval and adding or removing symbols change the streams of the open
/// connection with SUBSCRIBE/UNSUBSCRIBE: the simulator sees no new connection and no reconnect.
final class SubscriptionInPlaceTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!
    let eth = Symbol("ETHUSDT")!
    let sol = Symbol("SOLUSDT")!

    func testIntervalSwitchAndSymbolChangesKeepTheConnection() async throws {
        var simulator = SimulatorOptions()
        simulator.seed = 8
        simulator.speed = 120
        simulator.historyDays = 1
        let h = try await SimulatorHarness.start(simulator: simulator, staleAfter: 5, historyBars: 60)
        let live = LiveCounts()
        let pump = Task { for await update in h.manager.updates { await live.take(update) } }
        defer { pump.cancel() }

        await h.manager.watchCandles(symbol: btc, interval: .m1)
        await h.manager.watchCandles(symbol: eth, interval: .m1)
        await h.manager.subscribe([.ticker(btc), .ticker(eth)])
        await h.manager.start()
        try await waitUntil(seconds: 20, "no live 1m candles") {
            let a = await live.count(self.btc, .m1), b = await live.count(self.eth, .m1)
            return a > 0 && b > 0
        }
        let opened = h.sim.stats().connectionsTotal
        XCTAssertEqual(opened, 1)

        // The interval switch as the monitor orders it: the new series first, then the old go.
        await h.manager.watchCandles(symbol: btc, interval: .m5)
        await h.manager.watchCandles(symbol: eth, interval: .m5)
        await h.manager.unwatchCandles(symbol: btc, interval: .m1)
        await h.manager.unwatchCandles(symbol: eth, interval: .m1)
        // Add a symbol, remove another.
        await h.manager.watchCandles(symbol: sol, interval: .m5)
        await h.manager.subscribe([.ticker(sol)])
        await h.manager.unwatchCandles(symbol: eth, interval: .m5)
        await h.manager.unsubscribe([.ticker(eth)])

        let expected: Set<String> = ["btcusdt@kline_5m", "solusdt@kline_5m", "btcusdt@miniTicker", "solusdt@miniTicker"]
        try await waitUntil(seconds: 20, "the exchange never listed the new subscriptions") {
            await h.manager.serverSubscriptions(timeout: 2) == expected
        }
        try await waitUntil(seconds: 20, "no live 5m candles for the new series") {
            let a = await live.count(self.btc, .m5), b = await live.count(self.sol, .m5)
            return a > 0 && b > 0
        }
        let subscribed = await h.manager.subscribedStreams
        XCTAssertEqual(subscribed, expected)
        XCTAssertEqual(h.sim.stats().connectionsTotal, opened, "no connection was dialled for the changes")
        XCTAssertEqual(h.sim.stats().connectionsOpen, 1)

        // Old streams out before the new one comes in: the connection carries nothing for a
        // moment and still stays, so the next subscription goes on it.
        await h.manager.unwatchCandles(symbol: btc, interval: .m5)
        await h.manager.unwatchCandles(symbol: sol, interval: .m5)
        await h.manager.unsubscribe([.ticker(btc), .ticker(sol)])
        await h.manager.watchCandles(symbol: btc, interval: .h1)
        try await waitUntil(seconds: 20, "the exchange never listed the 1h stream alone") {
            await h.manager.serverSubscriptions(timeout: 2) == ["btcusdt@kline_1h"]
        }
        try await waitUntil(seconds: 20, "no live 1h candle") { await live.count(self.btc, .h1) > 0 }
        XCTAssertEqual(h.sim.stats().connectionsTotal, opened, "emptying the connection did not close it")
        let health = await h.manager.health()
        XCTAssertEqual(health.reconnects, 0)
        XCTAssertEqual(health.connections.count, 1)
        await h.shutdown()
    }
}

private actor LiveCounts {
    private var counts: [String: Int] = [:]

    func take(_ update: StreamUpdate) {
        if case .candle(let candle, false) = update {
            counts["\(candle.symbol) \(candle.interval)", default: 0] += 1
        }
    }

    func count(_ symbol: Symbol, _ interval: Interval) -> Int { counts["\(symbol) \(interval)"] ?? 0 }
}
