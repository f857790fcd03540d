import Foundation
import Simulator
import XCTest

/// The feed failing is told once, and its recovery once, through the signal channels: with the
/// simulator refusing every connection for two minutes, the monitor runs `notify_command`
/// exactly once for "down" and once for "recovered" (never once per retry); `stream` prints one
/// `{"type":"feed"}` line for each.
final class FeedAlertTests: XCTestCase {
    private func feedCalls(_ path: String) -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { ReliabilityHarness.json(String($0)) }
            .filter { $0["type"] as? String == "feed" }
    }

    func testTwoMinutesOfRefusedConnectionsAreOneDownAndOneRecoveredNotification() async throws {
        let (sim, endpoints) = try await ReliabilityHarness.simulator(speed: 1)
        let callsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-calls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: callsDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: callsDirectory) }
        let calls = callsDirectory.appendingPathComponent("calls").path
        // The command gets the alert's JSON on stdin: one line per call.
        let t = try TmuxDriver(config: """
            [alerts]
            notify_command = "cat >> \(calls); echo >> \(calls)"
            desktop = false
            """)
        defer { t.shutdown() }
        try t.startThebot(["--symbols", "BTCUSDT,ETHUSDT"] + endpoints)
        try t.waitFor("the monitor's first frame with prices", timeout: 30) { s in
            s.row(0).hasPrefix(" thebot") && s.watchlistLast("BTCUSDT") != nil
        }
        sim.apply(.refuseConnections(seconds: 120))
        sim.apply(.dropAllNow)
        guard ReliabilityHarness.waitUntil("the feed-down notification", timeout: 110, {
            feedCalls(calls).contains { $0["state"] as? String == "down" }
        }) else { return await sim.stop() }
        try t.waitFor("the feed-down toast", timeout: 10) { $0.contains("Feed down") }
        guard ReliabilityHarness.waitUntil("the feed-recovered notification", timeout: 200, {
            feedCalls(calls).contains { $0["state"] as? String == "recovered" }
        }) else { return await sim.stop() }
        // A few more seconds of live feed: nothing else may come.
        try await Task.sleep(nanoseconds: 5_000_000_000)
        let states = feedCalls(calls).compactMap { $0["state"] as? String }
        XCTAssertEqual(states, ["down", "recovered"], "exactly one notification each way")
        XCTAssertEqual((feedCalls(calls).first?["message"] as? String)?.hasPrefix("Feed down: no data for "), true)
        XCTAssertGreaterThan(sim.stats().upgradesRefused, 3, "the monitor kept retrying meanwhile")
        try t.press("q")
        XCTAssertEqual(try t.waitForExit(timeout: 10), 0)
        await sim.stop()
    }

    func testStreamPrintsOneFeedLineWhenItFailsAndOneWhenItRecovers() async throws {
        let (sim, endpoints) = try await ReliabilityHarness.simulator(speed: 1)
        let harness = try ReliabilityHarness(test: self)
        try harness.writeConfig("""
            [alerts]
            feed_stale_after = 6
            feed_down_after = 8
            """)
        let (process, sink) = try harness.start(["stream", "--json", "--symbols", "BTCUSDT,ETHUSDT", "--interval", "1m",
                                                 "--no-signals"] + endpoints)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func feedLines() -> [[String: Any]] {
            sink.lines.filter { $0.hasPrefix("{\"type\":\"feed\"") }.compactMap(ReliabilityHarness.json)
        }
        guard ReliabilityHarness.waitUntil("live candles", timeout: 30, {
            sink.lines.contains { $0.hasPrefix("{\"type\":\"candle\"") && $0.contains("\"backfilled\":false") }
        }) else { return await sim.stop() }
        sim.apply(.refuseConnections(seconds: 15))
        sim.apply(.dropAllNow)
        guard ReliabilityHarness.waitUntil("the feed-down line", timeout: 40, { !feedLines().isEmpty }) else { return await sim.stop() }
        guard ReliabilityHarness.waitUntil("the feed-recovered line", timeout: 90, { feedLines().count >= 2 }) else {
            return await sim.stop()
        }
        try await Task.sleep(nanoseconds: 3_000_000_000)
        kill(process.processIdentifier, SIGTERM)
        try ReliabilityHarness.waitForExit(process, timeout: 10, what: "stream after SIGTERM")
        let lines = feedLines()
        XCTAssertEqual(lines.compactMap { $0["state"] as? String }, ["down", "recovered"])
        XCTAssertEqual(Set(lines.first?["symbols"] as? [String] ?? []), ["BTCUSDT", "ETHUSDT"])
        XCTAssertNotNil(lines.first?["time"] as? Int)
        await sim.stop()
    }
}
