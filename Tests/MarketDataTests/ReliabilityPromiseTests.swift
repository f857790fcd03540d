import Binance
import MarketModel
import Simulator
import XCTest
@testable import MarketData

/// The README's reliability promises, each driven by the simulator's faults against the real
/// client. Time only bounds a wait (failing with a message); the assertions are on order and counts.
final class ReliabilityPromiseTests: XCTestCase {
    func simulator(seed: UInt64, speed: Double = 60, historyDays: Int = 1) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.seed = seed
        options.speed = speed
        options.historyDays = historyDays
        return options
    }

    /// "Connections are rotated make-before-break before 24 h": with a 2 s age limit the
    /// connection is replaced again and again, the exchange sees each new connection, health
    /// counts rotations (not reconnects) and no closed candle is lost, doubled or different.
    func testAnOldConnectionIsRotatedWithoutLosingACandle() async throws {
        let h = try await SimulatorHarness.start(simulator: simulator(seed: 21), staleAfter: 30, historyBars: 20) {
            $0.rotateAfter = 2
        }
        // Shut down however the test ends (a second shutdown does nothing).
        addTeardownBlock { await h.shutdown() }
        let collector = Collector()
        let pump = Task { for await update in h.manager.updates { await collector.take(update) } }
        let symbols = ["BTCUSDT", "ETHUSDT"].compactMap { Symbol($0) }
        for s in symbols { await h.manager.watchCandles(symbol: s, interval: .m1) }
        await h.manager.start()
        try await waitUntil(seconds: 60, "three rotations") { await h.manager.health().rotations >= 3 }
        // Settled: live, history done, and every connection the exchange saw is the first or a rotation.
        try await waitUntil(seconds: 15, "the feed settles after the last rotation") {
            let health = await h.manager.health()
            return health.state == .live && health.backfilling == 0
                && h.sim.stats().connectionsTotal == 1 + health.rotations
        }
        let health = await h.manager.health()
        let stats = h.sim.stats()
        var got: [Symbol: [Candle]] = [:]
        var truth: [Symbol: [Candle]] = [:]
        for s in symbols {
            let bars = await collector.closed(s, .m1)
            got[s] = bars
            truth[s] = h.sim.truth(symbol: s, interval: .m1, from: bars.first?.openTime, to: bars.last?.openTime)
        }
        await h.shutdown()
        pump.cancel()

        XCTAssertGreaterThanOrEqual(health.rotations, 3)
        XCTAssertEqual(health.reconnects, 0, "a rotation is not a reconnect")
        XCTAssertEqual(stats.connectionsTotal, 1 + health.rotations, "the exchange saw one new connection per rotation")
        for s in symbols {
            let bars = got[s] ?? [], expected = truth[s] ?? []
            // 20 bars of history, then at least one a second at 60x over three 2 s rotations.
            XCTAssertGreaterThanOrEqual(bars.count, 25, "\(s)")
            XCTAssertEqual(bars.map(\.openTime), expected.map(\.openTime), "\(s): closed bars differ from the truth in time")
            XCTAssertEqual(zip(bars, expected).filter { !$0.sameBar(as: $1) }.count, 0, "\(s): bars differ from the truth")
        }
    }

    /// "exponential backoff ..., reset after a stable minute" (the minute is `stableAfter`):
    /// drops in quick succession wait longer each time; after a connection stayed up for
    /// `stableAfter`, the next drop starts again at the first step. Jitter is taken out so the
    /// delays the manager announces are the steps themselves.
    func testBackoffGrowsUntilAConnectionIsStableThenStartsOver() async throws {
        let stableAfter = 3.0
        let h = try await SimulatorHarness.start(simulator: simulator(seed: 22), staleAfter: 30) {
            $0.backoffBase = 0.2
            $0.backoffCap = 10
            $0.stableAfter = stableAfter
            $0.jitter = { $0 }
        }
        // Shut down however the test ends (a second shutdown does nothing).
        addTeardownBlock { await h.shutdown() }
        let announced = Announcements()
        let pump = Task {
            for await update in h.manager.updates {
                guard case .health(let health) = update, let connection = health.connections.first,
                      connection.state == .reconnecting, let sentence = connection.lastError else { continue }
                await announced.note(reconnect: connection.reconnects, sentence: sentence)
            }
        }
        await h.manager.add(streams: ["btcusdt@aggTrade"])
        await h.manager.start()
        var drops = 0
        func dropAndWaitForTheReconnect() async throws {
            try await waitUntil(seconds: 15, "connection \(drops + 1) is up on both sides") {
                await h.manager.health().state == .live && h.sim.stats().connectionsOpen == 1
            }
            h.sim.apply(.dropAllNow)
            drops += 1
            let expected = drops
            try await waitUntil(seconds: 15, "reconnect \(expected) is announced") {
                await announced.sentence(reconnect: expected) != nil
            }
        }
        for _ in 0..<4 { try await dropAndWaitForTheReconnect() }
        try await waitUntil(seconds: 15, "connection 5 is up") {
            await h.manager.health().state == .live && h.sim.stats().connectionsOpen == 1
        }
        // Stay up past stableAfter: the next loss starts the backoff over.
        try await Task.sleep(nanoseconds: UInt64((stableAfter + 0.5) * 1e9))
        for _ in 0..<2 { try await dropAndWaitForTheReconnect() }
        let sentences = await announced.inOrder
        await h.shutdown()
        pump.cancel()

        let delays = sentences.map { sentence -> String in
            guard let range = sentence.range(of: "; reconnecting ") else { return "?" }
            return String(sentence[range.upperBound...].dropLast())
        }
        XCTAssertEqual(delays, ["now", "in 0.2 s", "in 0.4 s", "in 0.8 s", "now", "in 0.2 s"], "\(sentences)")
    }

    /// "One request is in flight at a time": sixteen series backfilling at once (two pages each
    /// for the 1m ones), and the exchange never has two REST requests open together.
    func testManySeriesBackfillingAtOnceKeepOneRESTRequestInFlight() async throws {
        var options = simulator(seed: 23, historyDays: 2)
        options.faults.restDelayMilliseconds = 15
        let h = try await SimulatorHarness.start(simulator: options, staleAfter: 30, historyBars: 1500)
        // Shut down however the test ends (a second shutdown does nothing).
        addTeardownBlock { await h.shutdown() }
        let collector = Collector()
        let pump = Task { for await update in h.manager.updates { await collector.take(update) } }
        let symbols = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "SHIBUSDT"]
            .compactMap { Symbol($0) }
        for s in symbols {
            for i in [Interval.m1, .m5] { await h.manager.watchCandles(symbol: s, interval: i) }
        }
        await h.manager.start()
        // 1500 1m bars (two pages) and the two simulated days of 5m bars (one page) per symbol.
        try await waitUntil(seconds: 120, "every series has its history") {
            for s in symbols {
                let minutes = await collector.closed(s, .m1).count, fives = await collector.closed(s, .m5).count
                if minutes < 1500 || fives < 500 { return false }
            }
            return await h.manager.health().backfilling == 0
        }
        let stats = h.sim.stats()
        await h.shutdown()
        pump.cancel()
        XCTAssertGreaterThanOrEqual(stats.restRequests, 16 * 2, "every series asked over REST")
        XCTAssertEqual(stats.restMaxInFlight, 1, "REST requests in flight at once, as the exchange saw them")
    }

    /// "Pongs echo the ping payload": the exchange pings with a payload every 0.3 s and checks
    /// that each pong carries the payload of one of its latest pings.
    func testPongsEchoThePingPayload() async throws {
        var options = simulator(seed: 24)
        options.pingInterval = 0.3
        options.pongTimeout = 10
        let h = try await SimulatorHarness.start(simulator: options, staleAfter: 30)
        // Shut down however the test ends (a second shutdown does nothing).
        addTeardownBlock { await h.shutdown() }
        let pump = Task { for await _ in h.manager.updates {} }
        await h.manager.add(streams: ["btcusdt@aggTrade"])
        await h.manager.start()
        try await waitUntil(seconds: 20, "three pongs that echo the ping") { h.sim.stats().pongsEchoingPing >= 3 }
        let stats = h.sim.stats()
        await h.shutdown()
        pump.cancel()
        XCTAssertGreaterThanOrEqual(stats.pingsSent, 3)
        XCTAssertEqual(stats.pongsNotEchoingPing, 0, "pongs with another payload than the ping's")
        XCTAssertEqual(stats.dropsByReason["pong_timeout"] ?? 0, 0)
    }

    /// "an error answer reaches health as a sentence": the exchange answers a SUBSCRIBE made at
    /// run time with an error; health (what the status line and the NDJSON health line show)
    /// carries the sentence, naming the request.
    func testAnErrorAnswerToASubscriptionReachesHealth() async throws {
        let h = try await SimulatorHarness.start(simulator: simulator(seed: 25), staleAfter: 30)
        // Shut down however the test ends (a second shutdown does nothing).
        addTeardownBlock { await h.shutdown() }
        let seen = Announcements()
        let pump = Task {
            for await update in h.manager.updates {
                if case .health(let health) = update, let sentence = health.lastError { await seen.note(sentence: sentence) }
            }
        }
        await h.manager.add(streams: ["btcusdt@aggTrade"])
        await h.manager.start()
        try await waitUntil(seconds: 15, "the stream is live") { await h.manager.health().state == .live }
        h.sim.apply(.rejectSubscribe(count: 1, code: 1, message: "Too many subscriptions on this connection"))
        await h.manager.add(streams: ["ethusdt@aggTrade"])
        let expected = "Binance rejected SUBSCRIBE ethusdt@aggTrade: Too many subscriptions on this connection (code 1)."
        try await waitUntil(seconds: 15, "the refusal reaches health") { await h.manager.health().lastError == expected }
        try await waitUntil(seconds: 5, "the refusal is published with health") { await seen.all.contains(expected) }
        let stats = h.sim.stats()
        await h.shutdown()
        pump.cancel()
        XCTAssertEqual(stats.subscribesRejected, 1)
    }

    /// A REST error body reaches health too: the exchange answers the backfill's requests with
    /// 503 and Binance's error body until the client's retries are spent.
    func testARESTErrorBodyReachesHealth() async throws {
        let h = try await SimulatorHarness.start(simulator: simulator(seed: 26), staleAfter: 30, historyBars: 10)
        // Shut down however the test ends (a second shutdown does nothing).
        addTeardownBlock { await h.shutdown() }
        let seen = Announcements()
        let pump = Task {
            for await update in h.manager.updates {
                if case .health(let health) = update, let sentence = health.lastError { await seen.note(sentence: sentence) }
            }
        }
        // One attempt and four retries, all refused.
        h.sim.apply(.rest5xx(count: 5, status: 503))
        let btc = Symbol("BTCUSDT")!
        await h.manager.watchCandles(symbol: btc, interval: .m1)
        await h.manager.start()
        let expected = "Candle backfill over REST failed: The exchange's server failed (HTTP 503): "
            + "Server is currently overloaded with other requests. Please try again in a few minutes"
        try await waitUntil(seconds: 20, "the REST failure reaches health") {
            await seen.all.contains { $0.hasPrefix(expected) }
        }
        // And the backfill then recovers.
        try await waitUntil(seconds: 20, "the backfill recovers") { await h.manager.health().backfilling == 0 }
        let stats = h.sim.stats()
        await h.shutdown()
        pump.cancel()
        XCTAssertEqual(stats.rest5xx, 5)
    }
}

/// Sentences the manager published, in order.
actor Announcements {
    private var byReconnect: [Int: String] = [:]
    private(set) var all: [String] = []

    /// Keeps the first sentence announced for each reconnect.
    func note(reconnect: Int, sentence: String) {
        if byReconnect[reconnect] == nil { byReconnect[reconnect] = sentence }
    }

    func note(sentence: String) {
        if all.last != sentence { all.append(sentence) }
    }

    func sentence(reconnect: Int) -> String? { byReconnect[reconnect] }

    var inOrder: [String] { byReconnect.keys.sorted().compactMap { byReconnect[$0] } }
}
