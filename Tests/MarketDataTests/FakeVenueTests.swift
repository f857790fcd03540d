import MarketModel
import NIOConcurrencyHelpers
import XCTest
@testable import MarketData

/// The venue-neutral stream manager driven through a venue that exists only here (FakeVenue:
/// its own names, path, frames and control messages) against a fake server whose bars are a
/// pure function of time: reconnects, backfill, rotation and in-place subscription changes must
/// work for any venue, and what reaches the consumer must be exactly the server's truth.
final class FakeVenueTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!
    let eth = Symbol("ETHUSDT")!
    let sol = Symbol("SOLUSDT")!

    /// After every connection drops and the market moves on while nobody can connect, the
    /// manager reconnects once and the closed bars are exactly the truth, the outage's from REST.
    func testAfterADropEveryClosedBarArrivesOnceInOrderAndTheOutageIsBackfilled() async throws {
        try await withFakeVenue { server, manager, recorder in
            for symbol in [btc, eth] { await manager.watchCandles(symbol: symbol, interval: .m1) }
            await manager.start()
            try await waitUntil(seconds: 10, "five live closes on each symbol") {
                [btc, eth].allSatisfy { recorder.liveCloses($0, .m1) >= 5 }
            }
            XCTAssertEqual(server.market.connectionsOpened, 1)

            // Forty steps are ten simulated minutes in which every upgrade is answered 503.
            try await server.dropAll(outageSteps: 40)
            try await waitUntil(seconds: 10, "a new connection after the outage") {
                server.market.connectionsOpened == 2
            }
            let reopenedAt = server.market.now
            try await waitUntil(seconds: 10, "closes past the reconnect on each symbol") {
                [btc, eth].allSatisfy { (recorder.closed($0, .m1).last?.candle.openTime ?? 0) > reopenedAt + 3 * Interval.minute }
            }

            let outage = server.market.outageCloses
            XCTAssertGreaterThanOrEqual(outage.count, 10, "bars must close while nobody is connected")
            XCTAssertGreaterThan(server.market.upgradesRefused, 0, "the manager dialled during the outage")
            let health = await manager.health()
            XCTAssertEqual(health.reconnects, 1, "one lost connection, one reconnect: \(health)")
            XCTAssertEqual(health.rotations, 0)
            for symbol in [btc, eth] {
                let got = recorder.closed(symbol, .m1)
                assertExactlyTheTruth(got, symbol, .m1)
                let byOpenTime = Dictionary(got.map { ($0.candle.openTime, $0.backfilled) }, uniquingKeysWith: { a, _ in a })
                for openTime in outage {
                    XCTAssertEqual(byOpenTime[openTime], true, "\(symbol) bar \(openTime), closed during the outage, must come from REST")
                }
            }
        }
    }

    /// Connections older than `rotateAfter` are replaced make-before-break: rotations, no
    /// reconnects, one server connection per rotation, and not a bar lost or repeated.
    func testAgeRotationKeepsTheClosedBarsExact() async throws {
        try await withFakeVenue(rotateAfter: 1) { server, manager, recorder in
            for symbol in [btc, eth] { await manager.watchCandles(symbol: symbol, interval: .m1) }
            await manager.start()
            try await waitUntil(seconds: 15, "two rotations") { await manager.health().rotations >= 2 }
            let rotatedBy = server.market.now
            try await waitUntil(seconds: 10, "closes past the second rotation") {
                [btc, eth].allSatisfy { (recorder.closed($0, .m1).last?.candle.openTime ?? 0) > rotatedBy + 3 * Interval.minute }
            }
            // Each connection the server opened after the first is one rotation (read together,
            // since the next rotation may be under way).
            var health = await manager.health()
            try await waitUntil(seconds: 5, "server connections = 1 + rotations") {
                health = await manager.health()
                return server.market.connectionsOpened == 1 + health.rotations
            }
            XCTAssertGreaterThanOrEqual(health.rotations, 2)
            XCTAssertEqual(health.reconnects, 0, "a rotation is no reconnect: \(health)")
            for symbol in [btc, eth] { assertExactlyTheTruth(recorder.closed(symbol, .m1), symbol, .m1) }
        }
    }

    /// A `bye` from the server moves the streams to a new connection before the old one closes:
    /// one rotation per `bye`, no reconnect, and the closed bars stay exact.
    func testServerByeRotatesWithoutAReconnect() async throws {
        try await withFakeVenue { server, manager, recorder in
            for symbol in [btc, eth] { await manager.watchCandles(symbol: symbol, interval: .m1) }
            await manager.start()
            try await waitUntil(seconds: 10, "live closes on each symbol") {
                [btc, eth].allSatisfy { recorder.liveCloses($0, .m1) >= 3 }
            }
            for round in 1...2 {
                // The old connection closes 40 steps (ten simulated minutes) after its `bye`.
                let told = try await server.bye(closeAfterSteps: 40)
                XCTAssertEqual(told, 1, "round \(round): one connection is open")
                try await waitUntil(seconds: 10, "round \(round): the replacement and only it is open") {
                    server.market.connectionsOpened == 1 + round && server.market.sessions.count == 1
                }
                let movedAt = server.market.now
                try await waitUntil(seconds: 10, "round \(round): closes past the move") {
                    [btc, eth].allSatisfy { (recorder.closed($0, .m1).last?.candle.openTime ?? 0) > movedAt + 3 * Interval.minute }
                }
            }
            let health = await manager.health()
            XCTAssertEqual(health.rotations, 2, "one rotation per bye: \(health)")
            XCTAssertEqual(health.reconnects, 0, "a rotation is no reconnect: \(health)")
            for symbol in [btc, eth] { assertExactlyTheTruth(recorder.closed(symbol, .m1), symbol, .m1) }
        }
    }

    /// Adding a symbol, dropping one and switching an interval (new series first, then the old
    /// one off, as the monitor does it) happen on the open connection with control messages.
    func testSubscriptionsChangeInPlaceOnTheOpenConnection() async throws {
        try await withFakeVenue { server, manager, recorder in
            for symbol in [btc, eth] { await manager.watchCandles(symbol: symbol, interval: .m1) }
            await manager.start()
            try await waitUntil(seconds: 10, "live closes on each symbol") {
                [btc, eth].allSatisfy { recorder.liveCloses($0, .m1) >= 3 }
            }
            let before = server.market.sessions
            XCTAssertEqual(before.count, 1)
            let session = try XCTUnwrap(before.keys.first)
            XCTAssertEqual(before[session], ["candles/BTCUSDT/1m", "candles/ETHUSDT/1m"], "the streams went in the URL")
            XCTAssertEqual(server.market.controls.count, 0)

            await manager.watchCandles(symbol: sol, interval: .m1)
            await manager.unwatchCandles(symbol: eth, interval: .m1)
            await manager.watchCandles(symbol: btc, interval: .m5)
            await manager.unwatchCandles(symbol: btc, interval: .m1)

            let expected: Set<String> = ["candles/BTCUSDT/5m", "candles/SOLUSDT/1m"]
            try await waitUntil(seconds: 10, "the server holds the new set") { server.market.sessions[session] == expected }
            let listed = await manager.serverSubscriptions(timeout: 5)
            XCTAssertEqual(listed, expected, "the answer to `?` on the open connection")
            let changedAt = server.market.now
            try await waitUntil(seconds: 10, "bars of the new series past the change") {
                recorder.liveCloses(sol, .m1) >= 3
                    && (recorder.closed(sol, .m1).last?.candle.openTime ?? 0) > changedAt + 3 * Interval.minute
                    && (recorder.closed(btc, .m5).last?.candle.openTime ?? 0) > changedAt
            }

            XCTAssertEqual(server.market.connectionsOpened, 1, "no connection was dialled for the changes")
            XCTAssertEqual(Set(server.market.sessions.keys), [session])
            let controls = server.market.controls
            XCTAssertTrue(controls.allSatisfy { $0.session == session })
            // Changes only, in the order they were made (the `?` of serverSubscriptions aside).
            let changes = controls.map(\.text).filter { $0.hasPrefix("+") || $0.hasPrefix("-") }
                .map { $0.split(separator: " ").first.map(String.init) ?? "" }
            XCTAssertEqual(changes, ["+candles/SOLUSDT/1m", "-candles/ETHUSDT/1m", "+candles/BTCUSDT/5m", "-candles/BTCUSDT/1m"])
            XCTAssertEqual(controls.filter { $0.text.hasPrefix("?") }.count, 1)

            // Nothing of ETHUSDT after the server applied its removal; every new series exact.
            let removedAt = try XCTUnwrap(controls.first { $0.text.hasPrefix("-candles/ETHUSDT/1m") }?.at)
            XCTAssertLessThanOrEqual(recorder.latestOpenTime(eth) ?? 0, removedAt)
            assertExactlyTheTruth(recorder.closed(sol, .m1), sol, .m1)
            assertExactlyTheTruth(recorder.closed(btc, .m5), btc, .m5)
        }
    }

    /// A venue's kline page marks a bar closed that had not closed yet by the server time the
    /// backfill asked for just before (the clock moved between the two requests). The feed must
    /// treat it as forming, as it judges by that server time, or the bar reaches the consumer
    /// closed twice: now, and again when it is committed.
    func testABarClosedBetweenServerTimeAndKlinesArrivesClosedOnce() async throws {
        try await withFakeVenue(serverTimeLag: Interval.minute) { server, manager, recorder in
            // Before start there is no live bar, so the backfill's page alone says what is forming.
            await manager.watchCandles(symbol: btc, interval: .m1)
            try await waitUntil(seconds: 10, "the history before the connection") { recorder.closed(btc, .m1).count >= 20 }
            await manager.start()
            try await waitUntil(seconds: 10, "live closes") { recorder.liveCloses(btc, .m1) >= 5 }
            assertExactlyTheTruth(recorder.closed(btc, .m1), btc, .m1)
        }
    }

    // MARK: - Helpers

    /// A fake venue server and a manager against it that always get stopped.
    func withFakeVenue(rotateAfter: Double = 23 * 3600, serverTimeLag: Int64 = 0,
                       _ body: (FakeVenueServer, StreamManager, FakeFeedRecorder) async throws -> Void) async throws {
        let server = try await FakeVenueServer.start()
        let recorder = FakeFeedRecorder()
        let options = StreamManagerOptions(endpoint: WebSocketEndpoint(secure: false, host: "127.0.0.1", port: server.port),
                                           staleAfter: 5, rotateAfter: rotateAfter, historyBars: 20,
                                           backoffBase: 0.05, backoffCap: 0.5, stableAfter: 5,
                                           controlMessagesPerSecond: 50)
        let history = FakeVenueHistory(market: server.market, serverTimeLag: serverTimeLag)
        let manager = StreamManager(options: options, venue: FakeVenue(), history: history, sink: recorder,
                                    attemptGuard: ConnectionAttemptGuard(limit: 280, window: 300))
        do {
            try await body(server, manager, recorder)
        } catch {
            await manager.stop()
            await server.stop()
            throw error
        }
        await manager.stop()
        await server.stop()
    }

    /// `got` is the truth from its first bar to its last: no gap, no repeat, in order, same values.
    func assertExactlyTheTruth(_ got: [FakeFeedRecorder.Bar], _ symbol: Symbol, _ interval: Interval,
                               file: StaticString = #filePath, line: UInt = #line) {
        guard let first = got.first, let last = got.last else {
            XCTFail("\(symbol) \(interval): no closed bars", file: file, line: line)
            return
        }
        let truth = FakeMarket.truth(symbol, interval, from: first.candle.openTime, through: last.candle.openTime)
        let times = got.map(\.candle.openTime)
        XCTAssertEqual(Set(times).count, times.count, "\(symbol) \(interval): repeated bars", file: file, line: line)
        XCTAssertEqual(times, truth.map(\.openTime), "\(symbol) \(interval): \(got.count) bars against \(truth.count) in the truth",
                       file: file, line: line)
        let differing = zip(got, truth).filter { !$0.0.candle.sameBar(as: $0.1) }
        XCTAssertEqual(differing.count, 0, "\(symbol) \(interval): first differing \(String(describing: differing.first))",
                       file: file, line: line)
    }
}

/// Keeps what the feed hands its sink: closed bars per series in arrival order, with their
/// backfilled flag, and the newest bar seen per symbol. `receive` runs on the event-loop thread
/// with the feed's lock held, so it only copies under its own lock.
final class FakeFeedRecorder: FeedSink {
    struct Bar: Sendable {
        let candle: Candle
        let backfilled: Bool
    }

    private struct Key: Hashable {
        let symbol: Symbol
        let interval: Interval
    }

    private struct State {
        var closed: [Key: [Bar]] = [:]
        var latestOpenTime: [Symbol: Int64] = [:]
    }

    private let state = NIOLockedValueBox(State())

    func receive(_ updates: FeedBatch) {
        state.withLockedValue { s in
            for update in updates {
                guard case .candle(let candle, let backfilled) = update else { continue }
                s.latestOpenTime[candle.symbol] = max(s.latestOpenTime[candle.symbol] ?? .min, candle.openTime)
                if candle.isClosed {
                    s.closed[Key(symbol: candle.symbol, interval: candle.interval), default: []]
                        .append(Bar(candle: candle, backfilled: backfilled))
                }
            }
        }
    }

    func closed(_ symbol: Symbol, _ interval: Interval) -> [Bar] {
        state.withLockedValue { $0.closed[Key(symbol: symbol, interval: interval)] ?? [] }
    }

    func liveCloses(_ symbol: Symbol, _ interval: Interval) -> Int {
        closed(symbol, interval).filter { !$0.backfilled }.count
    }

    func latestOpenTime(_ symbol: Symbol) -> Int64? {
        state.withLockedValue { $0.latestOpenTime[symbol] }
    }
}
