import Foundation
import MarketModel
import Simulator
import XCTest

/// `thebot serve` and `stream --feed` on a real nats-server: one feed, viewers that come at
/// different times, a NATS restart in the middle; every viewer shows the simulator's bars.
final class NatsFeedTests: XCTestCase {
    typealias LineSink = StreamCommandTests.LineSink

    struct Launched {
        let process: Process
        let out: LineSink
        let err: LineSink
    }

    private var launched: [Process] = []

    override func tearDown() {
        for process in launched where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        launched = []
        super.tearDown()
    }

    func launch(_ arguments: [String], home: URL) throws -> Launched {
        guard FileManager.default.isExecutableFile(atPath: StreamCommandTests.binary) else {
            XCTFail("the thebot binary is not built at \(StreamCommandTests.binary); `make test` builds it first")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: StreamCommandTests.binary)
        process.arguments = arguments
        process.environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config", "XDG_STATE_HOME": home.path + "/state",
                               "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            .merging(SanitizerEnvironment.variables) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        launched.append(process)
        return Launched(process: process, out: LineSink(out), err: LineSink(err))
    }

    func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Waits for `condition`, failing with `what` after `seconds` (generous: CI machines are slow).
    func waitFor(_ what: String, seconds: Double = 120, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else {
                XCTFail("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// Closed candle lines per "SYMBOL|interval", in the order printed.
    static func closedBars(_ lines: [String]) -> [String: [[String: Any]]] {
        var result: [String: [[String: Any]]] = [:]
        for line in lines {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["type"] as? String == "candle", object["closed"] as? Bool == true else { continue }
            result["\(object["symbol"]!)|\(object["interval"]!)", default: []].append(object)
        }
        return result
    }

    static func openTime(_ line: [String: Any]) -> Int64 { (line["open_time"] as! NSNumber).int64Value }

    func testViewersThroughANatsRestartShowTheSimulatorsBarsAndTheSameBars() async throws {
        let nats = try NatsServer()
        defer { nats.remove() }
        try nats.start()
        var options = SimulatorOptions()
        options.seed = 33
        options.speed = 300
        options.historyDays = 1
        let sim = SimulatedExchange(options: options)
        let port = try await sim.start()
        let home = try temporaryHome()
        let series = ["BTCUSDT|1m", "SOLUSDT|1m", "BTCUSDT|5m", "SOLUSDT|5m"]
        let serve = try launch([
            "serve", "--nats", nats.url, "--endpoint", "ws://127.0.0.1:\(port)", "--rest-endpoint", "http://127.0.0.1:\(port)",
            "--symbols", "BTCUSDT,SOLUSDT", "--interval", "1m,5m", "--history-bars", "100",
        ], home: home)
        try await waitFor("serve to start") { serve.err.lines.contains { $0.contains("serving") } }
        let viewerArgs = ["stream", "--json", "--feed", nats.url, "--symbols", "BTCUSDT,SOLUSDT", "--interval", "1m,5m"]
        func lastOpen(_ viewer: Launched) -> Int64 {
            let bars = Self.closedBars(viewer.out.lines)
            return series.map { bars[$0]?.last.map(Self.openTime) ?? 0 }.min() ?? 0
        }
        let first = try launch(viewerArgs, home: home)
        try await waitFor("the first viewer's backfill") { lastOpen(first) > 0 }
        // The second comes while bars are flowing; the simulator runs 5 minutes a second.
        try await Task.sleep(nanoseconds: 2_000_000_000)
        let second = try launch(viewerArgs, home: home)
        try await waitFor("the second viewer's backfill") { lastOpen(second) > 0 }

        // NATS goes away and comes back on the same port and store.
        let beforeRestart = lastOpen(first)
        nats.stop()
        try await Task.sleep(nanoseconds: 2_000_000_000)
        try nats.start()
        try await waitFor("the feed to notice the restart") { serve.err.lines.contains { $0.contains("is back") } }
        let third = try launch(viewerArgs, home: home)
        // Every viewer follows well past the restart: 30 simulated minutes after the last bar
        // the first viewer had before it.
        let target = beforeRestart + 30 * Interval.m1.nominalMilliseconds
        for (name, viewer) in [("first", first), ("second", second), ("third", third)] {
            try await waitFor("the \(name) viewer to pass the restart") { lastOpen(viewer) >= target }
        }
        for viewer in [first, second, third, serve] {
            viewer.process.terminate()
            viewer.process.waitUntilExit()
            XCTAssertEqual(viewer.process.terminationStatus, 0, viewer.err.lines.joined(separator: "\n"))
        }
        XCTAssertTrue(first.out.lines.contains { $0.contains(#""type":"bus","state":"reconnecting""#) },
                      "the viewer reports its own bus going away")

        let views = [first, second, third].map { Self.closedBars($0.out.lines) }
        for key in series {
            let parts = key.split(separator: "|")
            let symbol = Symbol(String(parts[0]))!
            let interval = Interval(rawValue: String(parts[1]))!
            var byOpenTime: [Int64: [String: Any]] = [:]
            for (index, view) in views.enumerated() {
                let got = view[key] ?? []
                guard let from = got.first.map(Self.openTime), let to = got.last.map(Self.openTime) else {
                    XCTFail("viewer \(index + 1) has no \(key) bars")
                    continue
                }
                let truth = sim.truth(symbol: symbol, interval: interval, from: from, to: to)
                XCTAssertEqual(got.map(Self.openTime), truth.map(\.openTime),
                               "viewer \(index + 1) \(key): missing, extra or duplicated bars")
                for (line, bar) in zip(got, truth) {
                    func value(_ name: String) -> ExactDecimal? { (line[name] as? String).flatMap { ExactDecimal($0) } }
                    let same = value("open") == bar.open && value("high") == bar.high && value("low") == bar.low
                        && value("close") == bar.close && value("volume") == bar.volume
                    if !same {
                        XCTFail("viewer \(index + 1) \(key) \(bar.openTime) differs from the truth: \(line)")
                        break
                    }
                    // The same bar in every viewer, to the digit.
                    if let other = byOpenTime[bar.openTime] {
                        XCTAssertEqual(other as NSDictionary, line.filter { $0.key != "backfilled" } as NSDictionary,
                                       "\(key) \(bar.openTime) differs between viewers")
                    } else {
                        byOpenTime[bar.openTime] = line.filter { $0.key != "backfilled" }
                    }
                }
            }
        }
        await sim.stop()
    }

    /// Signals are computed once, by the feed: a viewer prints the feed's signals, and
    /// `history --feed` reads back the same ones (same ids) from the bus.
    func testHistoryFromTheFeedHasTheSignalsViewersSaw() async throws {
        let nats = try NatsServer()
        defer { nats.remove() }
        try nats.start()
        let home = try temporaryHome()
        let serve = try launch(["serve", "--nats", nats.url, "--demo", "--speed", "300", "--symbols", "BTCUSDT", "--interval", "1m"],
                               home: home)
        try await waitFor("serve to start") { serve.err.lines.contains { $0.contains("serving") } }
        let viewer = try launch(["stream", "--json", "--feed", nats.url, "--symbols", "BTCUSDT", "--interval", "1m"], home: home)
        func signalIDs(_ lines: [String]) -> [String] {
            lines.compactMap { line in
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      o["type"] as? String == "signal" else { return nil }
                XCTAssertEqual(o["symbol"] as? String, "BTCUSDT", line)
                return o["id"] as? String
            }
        }
        try await waitFor("three signals at the viewer") { signalIDs(viewer.out.lines).count >= 3 }
        viewer.process.terminate()
        viewer.process.waitUntilExit()
        let seen = signalIDs(viewer.out.lines)
        let history = try launch(["history", "--feed", nats.url, "--format", "json"], home: home)
        history.process.waitUntilExit()
        XCTAssertEqual(history.process.terminationStatus, 0, history.err.lines.joined(separator: "\n"))
        try await waitFor("the history lines") { signalIDs(history.out.lines).count >= seen.count }
        let kept = Set(signalIDs(history.out.lines))
        XCTAssertEqual(Set(seen).subtracting(kept), [], "every signal a viewer saw is in the feed's history")
        let other = try launch(["history", "--feed", nats.url, "--symbol", "ETHUSDT", "--format", "json"], home: home)
        other.process.waitUntilExit()
        XCTAssertEqual(other.process.terminationStatus, 0)
        XCTAssertEqual(signalIDs(other.out.lines), [], "--symbol filters the feed's history")
        serve.process.terminate()
        serve.process.waitUntilExit()
    }

    /// Trades and book tops go over the bus too: a viewer asking for them prints the same line
    /// types `stream` prints from the exchange, and only what it asked for.
    func testTradesAndBookTopsReachAViewerThatAsksForThem() async throws {
        let nats = try NatsServer()
        defer { nats.remove() }
        try nats.start()
        let home = try temporaryHome()
        let serve = try launch(["serve", "--nats", nats.url, "--demo", "--speed", "60", "--no-signals",
                                "--symbols", "BTCUSDT,ETHUSDT", "--interval", "1m"], home: home)
        try await waitFor("serve to start") { serve.err.lines.contains { $0.contains("serving") } }
        let viewer = try launch(["stream", "--json", "--feed", nats.url, "--no-signals", "--symbols", "BTCUSDT",
                                 "--channels", "trade,bookTicker"], home: home)
        func objects(_ type: String) -> [[String: Any]] {
            viewer.out.lines.compactMap { line in
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      o["type"] as? String == type else { return nil }
                return o
            }
        }
        try await waitFor("trade and book_top lines") { objects("trade").count >= 3 && objects("book_top").count >= 3 }
        for trade in objects("trade") {
            XCTAssertEqual(trade["symbol"] as? String, "BTCUSDT")
            XCTAssertTrue(["buy", "sell"].contains(trade["side"] as? String ?? ""), "\(trade)")
            XCTAssertNotNil((trade["price"] as? String).flatMap { Double($0) }, "prices stay exact strings: \(trade)")
        }
        for top in objects("book_top") {
            let bid = Double(top["bid_price"] as? String ?? "") ?? .nan, ask = Double(top["ask_price"] as? String ?? "") ?? .nan
            XCTAssertLessThan(bid, ask, "\(top)")
        }
        XCTAssertTrue(objects("candle").isEmpty, "no candles without the kline channel")
        XCTAssertTrue(objects("ticker").isEmpty, "no tickers without the ticker channel")

        // What the bus does not carry is one sentence, for the viewer and for the feed.
        for args in [["stream", "--json", "--feed", nats.url, "--channels", "kline,depth"],
                     ["serve", "--nats", nats.url, "--demo", "--channels", "depth"]] {
            let run = try launch(args, home: home)
            run.process.waitUntilExit()
            try await waitFor("stderr of \(args)", seconds: 10) { !run.err.lines.isEmpty }
            XCTAssertEqual(run.process.terminationStatus, 2, run.err.lines.joined(separator: "\n"))
            XCTAssertEqual(run.err.lines.count, 1, run.err.lines.joined(separator: "\n"))
            XCTAssertTrue(run.err.lines.first?.contains("depth") == true, run.err.lines.joined(separator: "\n"))
        }
        viewer.process.terminate()
        viewer.process.waitUntilExit()
        serve.process.terminate()
        serve.process.waitUntilExit()
    }

    func testBadBusInputsGiveOneSentenceAndExitCode2() async throws {
        let home = try temporaryHome()
        let withoutJetStream = try NatsServer(jetStream: false)
        defer { withoutJetStream.remove() }
        try withoutJetStream.start()
        let empty = try NatsServer()
        defer { empty.remove() }
        try empty.start()
        let guarded = try NatsServer(extra: ["--user", "alice", "--pass", "s3cret-pw"])
        defer { guarded.remove() }
        try guarded.start()
        let closedPort = try NatsServer.freePort()
        for (args, fragment) in [
            (["serve", "--nats", "http://127.0.0.1:4222", "--demo"], "is not a NATS URL"),
            (["serve", "--nats", "nats://127.0.0.1:\(closedPort)", "--demo"], "Could not reach the NATS server"),
            (["serve", "--nats", withoutJetStream.url, "--demo"], "has no JetStream"),
            (["serve", "--nats", empty.url, "--nats-user", "alice", "--demo"], "go together"),
            (["serve", "--nats", empty.url, "--nats-creds", "/nonexistent.creds", "--demo"], "cannot be read"),
            (["stream", "--json", "--feed", "nats://user:secret@127.0.0.1:\(closedPort)"], "not in the URL"),
            (["stream", "--json", "--feed", empty.url], "Nothing is published"),
            (["serve", "--nats", guarded.url, "--nats-user", "alice", "--nats-password", "wrong-pw", "--demo"], "refused the user and password"),
            (["stream", "--json", "--feed", guarded.url], "wants a login"),
            // The right login gets in: what is missing then is the feed.
            (["stream", "--json", "--feed", guarded.url, "--nats-user", "alice", "--nats-password", "s3cret-pw"], "Nothing is published"),
        ] {
            let run = try launch(args, home: home)
            run.process.waitUntilExit()
            // The pipe reader may lag the exit by a moment.
            try await waitFor("stderr of \(args)", seconds: 10) { !run.err.lines.isEmpty }
            let text = run.err.lines.joined(separator: "\n")
            XCTAssertEqual(run.process.terminationStatus, 2, "\(args): \(text)")
            XCTAssertTrue(text.contains(fragment), "\(args): \(text)")
            XCTAssertEqual(run.err.lines.count, 1, "one sentence: \(text)")
            XCTAssertFalse(text.contains("secret") || text.contains("-pw"), "credentials are never shown: \(text)")
        }
    }
}
