import Binance
import AsyncHTTPClient
import MarketModel
import NIOPosix
import Simulator
import XCTest
@testable import MarketData

/// A stream the exchange does not know must not keep the others on its connection down: the
/// manager finds it (by splitting the refused set, or from a SUBSCRIBE's error), leaves it out
/// with one sentence, and carries on with the rest.
final class RefusedStreamTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!
    let eth = Symbol("ETHUSDT")!
    let unknown = Symbol("BTCUSTD")!

    func makeHarness() async throws -> SimulatorHarness {
        var simulator = SimulatorOptions()
        simulator.seed = 5
        simulator.speed = 120
        simulator.historyDays = 1
        return try await SimulatorHarness.start(simulator: simulator, staleAfter: 5, historyBars: 60)
    }

    /// One connection URL carries a known and an unknown stream; the simulator answers the
    /// upgrade with HTTP 400 like Binance.
    func testRefusedConnectionURLLeavesOutTheUnknownStream() async throws {
        let h = try await makeHarness()
        let seen = Seen()
        let pump = Task {
            for await update in h.manager.updates { await seen.take(update) }
        }
        // Four streams on one connection so the search splits more than once.
        await h.manager.watchCandles(symbol: btc, interval: .m1)
        await h.manager.watchCandles(symbol: eth, interval: .m1)
        await h.manager.watchCandles(symbol: unknown, interval: .m1)
        await h.manager.watchCandles(symbol: btc, interval: .m5)
        await h.manager.start()

        let refused = "btcustd@kline_1m"
        try await waitUntil(seconds: 20, "no health sentence named \(refused)") {
            await seen.sentences.contains { $0.contains("refused the stream \(refused)") }
        }
        try await waitUntil(seconds: 20, "no live BTCUSDT candle arrived") { await seen.liveCandles(self.btc) > 0 }
        try await waitUntil(seconds: 20, "health did not end up live") { await h.manager.health().state == .live }
        let streams = await h.manager.subscribedStreams
        XCTAssertEqual(streams, ["btcusdt@kline_1m", "ethusdt@kline_1m", "btcusdt@kline_5m"])
        let connections = await h.manager.health().connections.count
        XCTAssertEqual(connections, 1)
        let unknownSeries = await h.manager.subscriptions.contains(.candles(unknown, .m1))
        XCTAssertFalse(unknownSeries, "the refused stream's series is dropped with it")
        let unknownLive = await seen.liveCandles(unknown)
        XCTAssertEqual(unknownLive, 0)

        await h.shutdown()
        pump.cancel()
    }

    /// A stream added to an open connection is refused by SUBSCRIBE's error answer; the
    /// connection keeps its other streams and the one added with it.
    func testRefusedSubscribeLeavesOutTheUnknownStream() async throws {
        let h = try await makeHarness()
        let seen = Seen()
        let pump = Task {
            for await update in h.manager.updates { await seen.take(update) }
        }
        await h.manager.watchCandles(symbol: btc, interval: .m1)
        await h.manager.start()
        try await waitUntil(seconds: 20, "the first connection did not open") { await h.manager.health().state == .live }
        await h.manager.add(streams: ["btcustd@kline_1m", "ethusdt@kline_1m"])

        let refused = "btcustd@kline_1m"
        try await waitUntil(seconds: 20, "no health sentence named \(refused)") {
            await seen.sentences.contains { $0.contains("refused the stream \(refused)") }
        }
        try await waitUntil(seconds: 20, "no live ETHUSDT candle arrived") { await seen.liveCandles(self.eth) > 0 }
        try await waitUntil(seconds: 20, "no live BTCUSDT candle arrived") { await seen.liveCandles(self.btc) > 0 }
        let health = await h.manager.health()
        XCTAssertEqual(health.state, .live)
        let streams = await h.manager.subscribedStreams
        XCTAssertEqual(streams, ["btcusdt@kline_1m", "ethusdt@kline_1m"])

        await h.shutdown()
        pump.cancel()
    }

    /// The dialer reports the refusal's HTTP status and the exchange's error body.
    func testDialerReportsTheRefusalStatus() async throws {
        let h = try await makeHarness()
        let endpoint = WebSocketEndpoint(secure: false, host: "127.0.0.1", port: h.sim.port)
        do {
            let channel = try await WebSocketDialer.connect(
                to: endpoint, path: endpoint.combinedPath(streams: ["btcustd@kline_1m"]),
                group: MultiThreadedEventLoopGroup.singleton)
            try? await channel.executeThenClose { _, _ in }
            XCTFail("the simulator accepted an unknown stream")
        } catch WebSocketDialer.DialError.upgradeRefused(_, let status, let body) {
            XCTAssertEqual(status, 400)
            XCTAssertTrue(body?.contains("-1100") == true, "body: \(body ?? "nil")")
            XCTAssertNotNil(StreamManager.streamRefusalStatus(
                WebSocketDialer.DialError.upgradeRefused("x", status: 400, body: body)))
            XCTAssertNil(StreamManager.streamRefusalStatus(
                WebSocketDialer.DialError.upgradeRefused("x", status: 503, body: nil)))
        }
        await h.shutdown()
    }
}

/// What the manager published: live (non-backfilled) candles per symbol and every health sentence.
private actor Seen {
    private var live: [Symbol: Int] = [:]
    private(set) var sentences: [String] = []

    func take(_ update: StreamUpdate) {
        switch update {
        case .candle(let candle, let backfilled):
            if !backfilled { live[candle.symbol, default: 0] += 1 }
        case .health(let health):
            sentences += [health.lastError].compactMap { $0 } + health.connections.compactMap(\.lastError)
        default:
            break
        }
    }

    func liveCandles(_ symbol: Symbol) -> Int { live[symbol] ?? 0 }
}
