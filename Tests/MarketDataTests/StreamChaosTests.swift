import Binance
import AsyncHTTPClient
import MarketModel
import NIOPosix
import Simulator
import XCTest
@testable import MarketData

/// The stream manager against the simulator with faults on: what it delivers must equal the
/// simulator's truth, whatever the network does.
final class StreamChaosTests: XCTestCase {
    let symbols = ["BTCUSDT", "ETHUSDT", "SHIBUSDT"].compactMap { Symbol($0) }
    let intervals: [Interval] = [.m1, .m5]

    func makeHarness(simulator: SimulatorOptions, staleAfter: Double = 2, historyBars: Int = 120) async throws -> SimulatorHarness {
        try await SimulatorHarness.start(simulator: simulator, staleAfter: staleAfter, historyBars: historyBars)
    }

    /// Ten simulated hours at 1200x on 3 symbols x 2 intervals with drops, a stall longer than
    /// stale_after, 2% malformed frames, a serverShutdown, refused connections, REST 429 and 5xx.
    func testChaosLeavesNoCandleMissingDuplicatedOrDifferent() async throws {
        var options = SimulatorOptions()
        options.seed = 11
        options.speed = 1200
        options.historyDays = 2
        options.pingInterval = 1
        options.pongTimeout = 10
        options.faults.dropEverySimulatedSeconds = 20 * 60
        options.faults.malformedRate = 0.02
        let h = try await makeHarness(simulator: options)
        let collector = Collector()
        let pump = Task {
            for await update in h.manager.updates {
                await collector.take(update)
            }
        }
        for s in symbols {
            for i in intervals { await h.manager.watchCandles(symbol: s, interval: i) }
        }
        await h.manager.start()
        let start = h.sim.simulatedNow
        let end = start + 10 * Interval.hour
        // Each fault at its point of the simulated day (minutes after the start), and only once
        // the feed is live again after the one before: the schedule follows the market and the
        // client, not the test machine's speed.
        let faults: [(Int64, FaultControl)] = [
            (80, .stall(seconds: 3.5)),
            (200, .serverShutdown(closeAfter: 0.3)),
            (280, .refuseConnections(seconds: 2)),
            (360, .rest429(count: 2, retryAfter: 1)),
            (400, .dropAllNow),
            (460, .rest5xx(count: 3, status: 503)),
            (480, .dropAllNow),
        ]
        var pending = faults
        while h.sim.simulatedNow < end || !pending.isEmpty {
            if let next = pending.first, h.sim.simulatedNow >= start + next.0 * Interval.minute,
               await h.manager.health().state == .live {
                h.sim.apply(next.1)
                pending.removeFirst()
            }
            if h.sim.simulatedNow > end + 5 * Interval.hour {
                XCTFail("the feed did not come back live for the faults \(pending.map(\.1))")
                break
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        // Let the last backfills finish before reading the result.
        h.sim.apply(.reset)
        do {
            try await waitUntil(seconds: 15) { await h.manager.health().backfilling == 0 }
        } catch {
            let stuck = await h.manager.health()
            XCTFail("still backfilling: \(stuck)")
        }
        // Every connection after the first was a reconnect, and health counted each one.
        try? await waitUntil(seconds: 10) {
            let reconnects = await h.manager.health().reconnects
            let live = await h.manager.health().state == .live
            let rotations = await h.manager.health().rotations
            return live && reconnects + rotations == h.sim.stats().connectionsTotal - 1
        }
        let health = await h.manager.health()
        let stats = h.sim.stats()
        var truths: [String: [Candle]] = [:]
        // The bars compared are the ones read here, beside their truth: at 1200x another bar can
        // close between this read and the shutdown below.
        var snapshots: [String: [Candle]] = [:]
        for s in symbols {
            for i in intervals {
                let got = await collector.closed(s, i)
                snapshots["\(s)|\(i)"] = got
                if let first = got.first, let last = got.last {
                    truths["\(s)|\(i)"] = h.sim.truth(symbol: s, interval: i, from: first.openTime, to: last.openTime)
                }
            }
        }
        await h.shutdown()
        pump.cancel()

        for s in symbols {
            for i in intervals {
                let got = snapshots["\(s)|\(i)"] ?? []
                XCTAssertGreaterThan(got.count, i == .m1 ? 500 : 100, "\(s) \(i)")
                guard let first = got.first, let last = got.last else { continue }
                let truth = truths["\(s)|\(i)"] ?? []
                let gotTimes = got.map(\.openTime)
                XCTAssertEqual(Set(gotTimes).count, gotTimes.count, "\(s) \(i): duplicated bars")
                let truthTimes = truth.map(\.openTime)
                let missing = Set(truthTimes).subtracting(gotTimes).sorted()
                let extra = Set(gotTimes).subtracting(truthTimes).sorted()
                XCTAssertTrue(missing.isEmpty && extra.isEmpty && gotTimes == truthTimes,
                              "\(s) \(i): \(missing.count) missing (first \(missing.prefix(3))), \(extra.count) extra (first \(extra.prefix(3))), got \(gotTimes.count) truth \(truthTimes.count)")
                let differing = zip(got, truth).filter { !$0.sameBar(as: $1) }
                XCTAssertEqual(differing.count, 0, "\(s) \(i): \(differing.count) bars differ, first \(String(describing: differing.first))")
                XCTAssertGreaterThanOrEqual(last.openTime, end - 2 * i.nominalMilliseconds - 30 * Interval.minute,
                                            "\(s) \(i) stopped early")
            }
        }
        XCTAssertEqual(stats.protocolViolations["control_rate"], 0)
        XCTAssertEqual(stats.protocolViolations["rest_weight"], 0)
        XCTAssertGreaterThan(stats.drops, 10)
        XCTAssertGreaterThan(stats.malformedSent, 0)
        XCTAssertGreaterThan(stats.rest429 + stats.rest5xx, 0)
        // Every connection after the first that got through the upgrade was a reconnect, and
        // health counted each one.
        XCTAssertEqual(health.reconnects + health.rotations, stats.connectionsTotal - 1,
                       "health \(health.reconnects) + \(health.rotations) vs connections \(stats.connectionsTotal)")
        XCTAssertGreaterThanOrEqual(health.rotations, 1, "the serverShutdown rotation is in health")
        XCTAssertGreaterThan(health.decodeErrors, 0)
    }

    /// A connection whose data and pongs stop (socket open) is replaced once it has been silent
    /// for stale_after, long before the stall ends.
    func testASilentConnectionIsReplacedAfterStaleAfter() async throws {
        var options = SimulatorOptions()
        options.seed = 3
        options.speed = 60
        options.historyDays = 1
        let staleAfter = 2.0
        let h = try await makeHarness(simulator: options, staleAfter: staleAfter, historyBars: 10)
        let pump = Task { for await _ in h.manager.updates {} }
        await h.manager.add(streams: ["btcusdt@aggTrade", "btcusdt@kline_1s"])
        await h.manager.start()
        try await waitUntil(seconds: 10) { await h.manager.health().state == .live }
        // The client can see its upgrade before the simulator has counted it.
        try await waitUntil(seconds: 10, "the simulator counted the connection") { h.sim.stats().connectionsOpen == 1 }
        let before = h.sim.stats().connectionsTotal
        // The stall lasts 30 s; the connection is replaced long before it ends, and by the
        // watchdog's silence check (its sentence names stale_after), not by anything else.
        h.sim.apply(.stall(seconds: 30))
        try await waitUntil(seconds: 15) { h.sim.stats().connectionsTotal > before }
        try await waitUntil(seconds: 5) { await h.manager.health().state == .live }
        let health = await h.manager.health()
        XCTAssertEqual(health.reconnects, 1)
        XCTAssertTrue(health.lastError?.contains("received nothing for \(Int(staleAfter)) s") == true,
                      health.lastError ?? "no error recorded")
        await h.shutdown()
        pump.cancel()
    }

    /// After a reconnect the exchange has exactly the subscriptions the manager had before it,
    /// including streams added and removed at run time.
    func testAReconnectRestoresExactlyTheActiveSubscriptionSet() async throws {
        var options = SimulatorOptions()
        options.seed = 5
        options.historyDays = 1
        let h = try await makeHarness(simulator: options)
        let pump = Task { for await _ in h.manager.updates {} }
        await h.manager.add(streams: ["btcusdt@aggTrade", "ethusdt@trade", "solusdt@bookTicker"])
        await h.manager.start()
        try await waitUntil(seconds: 10) { await h.manager.health().state == .live }
        await h.manager.add(streams: ["xrpusdt@miniTicker", "btcusdt@kline_1m", "adausdt@depth5"])
        await h.manager.remove(streams: ["ethusdt@trade"])
        let expected: Set<String> = ["btcusdt@aggTrade", "solusdt@bookTicker", "xrpusdt@miniTicker",
                                     "btcusdt@kline_1m", "adausdt@depth5"]
        var serverSide: Set<String> = []
        try await waitUntil(seconds: 10) {
            serverSide = await h.manager.serverSubscriptions()
            return serverSide == expected
        }
        XCTAssertEqual(serverSide, expected)
        let managerSide = await h.manager.subscribedStreams
        XCTAssertEqual(managerSide, expected)

        let before = h.sim.stats().connectionsTotal
        h.sim.apply(.dropAllNow)
        try await waitUntil(seconds: 10) { h.sim.stats().connectionsTotal > before }
        try await waitUntil(seconds: 10) { await h.manager.health().state == .live }
        let afterReconnect = await h.manager.serverSubscriptions()
        XCTAssertEqual(afterReconnect, expected)
        await h.shutdown()
        pump.cancel()
    }

    /// A local order book syncs from a snapshot plus diffs, stays uncrossed, and is rebuilt after
    /// a reconnect.
    func testAnOrderBookSyncsAndResyncsAfterAReconnect() async throws {
        var options = SimulatorOptions()
        options.seed = 4
        options.historyDays = 1
        let h = try await makeHarness(simulator: options)
        let pump = Task { for await _ in h.manager.updates {} }
        let btc = Symbol("BTCUSDT")!
        await h.manager.watchOrderBook(symbol: btc, snapshotLimit: 100)
        await h.manager.start()
        try await waitUntil(seconds: 10) { await h.manager.orderBook(symbol: btc)?.isSynced == true }
        var first: Int64 = 0
        try await waitUntil(seconds: 10) {
            guard let book = await h.manager.orderBook(symbol: btc), let id = book.lastUpdateId else { return false }
            if first == 0 { first = id }
            return id > first
        }
        let book = await h.manager.orderBook(symbol: btc)
        let bid = try XCTUnwrap(book?.bestBid), ask = try XCTUnwrap(book?.bestAsk)
        XCTAssertLessThan(bid.price, ask.price, "the book is not crossed")
        XCTAssertGreaterThan(book?.bids(depth: 10).count ?? 0, 5)

        h.sim.apply(.dropAllNow)
        try await waitUntil(seconds: 10) { await h.manager.orderBookResyncs(symbol: btc) >= 1 }
        try await waitUntil(seconds: 10) { await h.manager.orderBook(symbol: btc)?.isSynced == true }
        let after = await h.manager.orderBook(symbol: btc)
        XCTAssertGreaterThan(after?.lastUpdateId ?? 0, first)
        XCTAssertLessThan(try XCTUnwrap(after?.bestBid).price, try XCTUnwrap(after?.bestAsk).price)
        await h.shutdown()
        pump.cancel()
    }

    /// Streams shard over connections at the configured size.
    func testStreamsAreShardedAcrossConnections() async throws {
        var options = SimulatorOptions()
        options.historyDays = 1
        let sim = SimulatedExchange(options: options)
        let port = try await sim.start()
        let manager = StreamManager(
            options: StreamManagerOptions(endpoint: WebSocketEndpoint(secure: false, host: "127.0.0.1", port: port),
                                          streamsPerConnection: 2),
            venue: BinanceVenue(), history: nil, attemptGuard: ConnectionAttemptGuard(limit: 280, window: 300))
        let pump = Task { for await _ in manager.updates {} }
        await manager.add(streams: ["btcusdt@aggTrade", "ethusdt@aggTrade", "solusdt@aggTrade", "xrpusdt@aggTrade", "adausdt@aggTrade"])
        await manager.start()
        try await waitUntil(seconds: 10) { await manager.health().state == .live }
        let health = await manager.health()
        XCTAssertEqual(health.connections.map(\.streams), [2, 2, 1])
        try await waitUntil(seconds: 5) { sim.stats().connectionsOpen == 3 }
        await manager.stop()
        await sim.stop()
        pump.cancel()
    }
}

/// Gathers closed bars per series in arrival order.
actor Collector {
    private var bars: [String: [Candle]] = [:]

    func take(_ update: StreamUpdate) {
        if case .candle(let c, _) = update, c.isClosed {
            bars["\(c.symbol)|\(c.interval)", default: []].append(c)
        }
    }

    func closed(_ s: Symbol, _ i: Interval) -> [Candle] {
        bars["\(s)|\(i)"] ?? []
    }
}
